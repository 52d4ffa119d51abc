//===- CostModel.cpp - Never worse than LLVM alone ------------------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// The cost policy and its flag, shared by every pass with a cost model
// (coroslim/CostModel.h).
//
//===----------------------------------------------------------------------===//

#include "coroslim/CostModel.h"
#include "coroslim/CoroShape.h"
#include "coroslim/LLVMCompat.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instruction.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;
using namespace coroslim;

namespace {

/// auto, or a policy; checked when the command line is parsed.
class CostFlagParser : public cl::parser<std::string> {
public:
  using cl::parser<std::string>::parser;
  bool parse(cl::Option &O, StringRef ArgName, StringRef Arg,
             std::string &Value) {
    if (Arg != "auto") {
      Expected<CostPolicy> P = parseCostPolicy(Arg);
      if (!P)
        return O.error(toString(P.takeError()));
    }
    Value = Arg.str();
    return false;
  }
};

cl::opt<std::string, false, CostFlagParser> CostFlag(
    "coroslim-cost", cl::init("auto"), cl::value_desc("auto|size|speed|off"),
    cl::desc("coroslim passes refuse a change their cost model predicts to "
             "grow the code or frame (size), the frame or the resume path "
             "(speed), or never (off); auto: size at -Os/-Oz, else speed"));

} // namespace

StringRef coroslim::toString(CostPolicy P) {
  switch (P) {
  case CostPolicy::Size:
    return "size";
  case CostPolicy::Speed:
    return "speed";
  case CostPolicy::Off:
    return "off";
  }
  llvm_unreachable("unknown cost policy");
}

Expected<CostPolicy> coroslim::parseCostPolicy(StringRef Text) {
  for (CostPolicy P : {CostPolicy::Size, CostPolicy::Speed, CostPolicy::Off})
    if (Text == toString(P))
      return P;
  return createStringError("cost must be size, speed or off, got '" + Text +
                           "'");
}

Expected<bool> coroslim::takeCostParam(StringRef Key, StringRef Value,
                                       CostPolicy &Cost) {
  if (Key != "cost")
    return false;
  Expected<CostPolicy> P = parseCostPolicy(Value);
  if (!P)
    return P.takeError();
  Cost = *P;
  return true;
}

CostPolicy coroslim::defaultCostPolicy() {
  if (CostFlag == "auto")
    return CostPolicy::Speed;
  return cantFail(parseCostPolicy(CostFlag));
}

StringRef coroslim::pipelineCostParam(unsigned SizeLevel) {
  if (CostFlag != "auto")
    return StringRef(CostFlag);
  return toString(SizeLevel > 0 ? CostPolicy::Size : CostPolicy::Speed);
}

std::optional<std::string> CostEstimate::refusal(CostPolicy P) const {
  if (P == CostPolicy::Off)
    return std::nullopt;
  bool FrameGrows = FrameBytes > 0;
  bool CodeGrows = P == CostPolicy::Size && codeDelta() > 0;
  bool ResumeGrows = P == CostPolicy::Speed && ResumePath > 0;
  if (!FrameGrows && !CodeGrows && !ResumeGrows)
    return std::nullopt;
  auto Signed = [](int64_t N) {
    return (N > 0 ? "+" : "") + std::to_string(N);
  };
  std::string S = "the cost model (cost=" + toString(P).str() +
                  ") predicts a frame " + Signed(FrameBytes) + " bytes";
  if (!Note.empty())
    S += " (" + Note + ")";
  S += " and code " + Signed(codeDelta()) + " (+" + std::to_string(CodeAdded) +
       " -" + std::to_string(CodeRemoved) + ")";
  if (ResumePath != 0)
    S += ", resume path " + Signed(ResumePath);
  return S;
}

int64_t coroslim::codeSize(const TargetTransformInfo &TTI,
                           const Instruction &I) {
  InstructionCost C =
      TTI.getInstructionCost(&I, TargetTransformInfo::TCK_CodeSize);
  if (!C.isValid())
    return 1;
  return compat::costValue(C);
}

int64_t coroslim::frameFieldBytes(const DataLayout &DL, Type *Ty) {
  return static_cast<int64_t>(DL.getTypeAllocSize(Ty).getKnownMinValue());
}

int64_t coroslim::awaitCodeSaved(const AwaitSite &A) {
  constexpr int64_t HandleSpillCode = 6;
  SmallPtrSet<const BasicBlock *, 8> Blocks{A.Loop, A.LoopSuspend->getParent()};
  for (const Instruction *D : A.Destroys)
    Blocks.insert(D->getParent());
  int64_t Machinery = 1 + int64_t(A.PromiseReads.size());
  for (const BasicBlock *B : Blocks)
    Machinery += B->sizeWithoutDebug();
  return 2 * Machinery + HandleSpillCode;
}

int64_t coroslim::splitCoroutineCode(unsigned BodySize) {
  return 2 * int64_t(BodySize) + 30;
}

unsigned coroslim::callsFromCoroutines(const Function &Callee,
                                       bool &OnlyThese) {
  unsigned Sites = 0;
  OnlyThese = true;
  for (const User *U : Callee.users()) {
    const auto *I = dyn_cast<Instruction>(U);
    if (I && I->getFunction() == &Callee)
      continue; // its own llvm.coro.id
    const auto *CB = dyn_cast<CallBase>(U);
    if (CB && CB->getCalledOperand() == &Callee &&
        CB->getFunction()->isPresplitCoroutine())
      ++Sites;
    else
      OnlyThese = false;
  }
  return Sites;
}
