//===- SourceTerms.cpp - IR positions in source terms ---------------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// See coroslim/SourceTerms.h.
//
//===----------------------------------------------------------------------===//

#include "coroslim/SourceTerms.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IntrinsicInst.h"

#include <cstring>

using namespace llvm;
using namespace coroslim;

namespace {
std::string withArticle(StringRef W) {
  return (StringRef("aeiou").contains(W.front()) ? "an " : "a ") + W.str();
}
} // namespace

std::string coroslim::atLine(const Instruction &I) {
  const DebugLoc &DL = I.getDebugLoc();
  if (!DL || DL.getLine() == 0)
    return "";
  std::string S = " at line " + std::to_string(DL.getLine());
  // An instruction inlined from another file names that file.
  const DISubprogram *Here = I.getFunction()->getSubprogram();
  if (const DIScope *Scope = DL->getScope();
      Scope && Here && Scope->getFilename() != Here->getFilename())
    S += " of " + Scope->getFilename().str();
  return S;
}

std::string coroslim::describeSuspend(const PreSplitShape &S,
                                      const SuspendPoint &SP) {
  std::string Name;
  switch (SP.Kind) {
  case SuspendKind::Final:
    Name = "the final suspend";
    break;
  case SuspendKind::Initial:
    Name = "the initial suspend";
    break;
  default:
    for (unsigned I = 0, E = S.Suspends.size(); I != E; ++I)
      if (S.Suspends[I].Suspend == SP.Suspend)
        Name = "suspend point " + std::to_string(I + 1) + " of " +
               std::to_string(E);
  }
  return Name + atLine(*SP.Suspend);
}

/// A function as the user wrote it: @send for a C name, the demangled name
/// (send(int)) for a mangled one.
std::string coroslim::funcName(const Function &Fn) {
  std::string D = demangle(Fn.getName());
  return D == Fn.getName() ? "@" + D : D;
}

/// What \p I does: "a call of @send", "a load", "a comparison", ...
std::string coroslim::kindOf(const Instruction *I) {
  if (isa<CoroSuspendInst>(I))
    return "a suspend";
  if (isa<CoroSaveInst>(I))
    return "a coro.save";
  if (const auto *CB = dyn_cast<CallBase>(I)) {
    const Function *Fn = CB->getCalledFunction();
    if (!Fn)
      return "an indirect call";
    return "a call of " +
           (Fn->isIntrinsic() ? Fn->getName().str() : funcName(*Fn));
  }
  if (isa<CmpInst>(I))
    return "a comparison";
  if (isa<PHINode>(I))
    return "a value merged from several paths";
  if (isa<AllocaInst>(I))
    return "a local variable";
  if (isa<BranchInst>(I))
    return "a branch";
  return withArticle(I->getOpcodeName());
}

/// A block: the first source line in it, else what it starts with.
std::string coroslim::describeBlock(const BasicBlock *BB) {
  for (const Instruction &I : *BB)
    if (std::string L = atLine(I); !L.empty())
      return "the code" + L;
  return "the code starting with " + kindOf(&*BB->getFirstNonPHIIt());
}

/// \p V in source terms (see above).
std::string coroslim::describe(const Value *V) {
  if (const auto *Fn = dyn_cast<Function>(V))
    return funcName(*Fn);
  if (const auto *GV = dyn_cast<GlobalValue>(V))
    return "@" + GV->getName().str();
  if (const auto *CI = dyn_cast<ConstantInt>(V))
    return CI->getBitWidth() == 1 ? (CI->isOne() ? "true" : "false")
                                  : toString(CI->getValue(), 10, true);
  if (isa<ConstantPointerNull>(V))
    return "null";
  if (isa<UndefValue>(V))
    return "an undefined value";
  if (isa<Constant>(V))
    return "a constant";
  if (const auto *A = dyn_cast<Argument>(V))
    return "parameter " + std::to_string(A->getArgNo() + 1) + " of " +
           funcName(*A->getParent());
  if (const auto *BB = dyn_cast<BasicBlock>(V))
    return describeBlock(BB);
  if (const auto *I = dyn_cast<Instruction>(V))
    return kindOf(I) + atLine(*I);
  return "a value";
}

/// "first", "second", ... "10th", for candidates without a source line.
std::string coroslim::ordinal(unsigned N) {
  static const char *const Words[] = {"first",   "second", "third",
                                      "fourth",  "fifth",  "sixth",
                                      "seventh", "eighth", "ninth"};
  if (N >= 1 && N <= 9)
    return Words[N - 1];
  return std::to_string(N) + "th";
}

std::string coroslim::atLine(const BasicBlock &BB) {
  for (const Instruction &I : BB)
    if (std::string Line = atLine(I); !Line.empty())
      return Line;
  return "";
}

std::string coroslim::describeCode(const BasicBlock &BB) {
  if (std::string Line = atLine(BB); !Line.empty())
    return Line.substr(strlen(" at "));
  return "a line not known (compile with -g)";
}
