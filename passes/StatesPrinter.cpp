//===- StatesPrinter.cpp - print<coroslim-states> -------------------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// Output, one block per function the analysis recognises:
//
//   coroutine @f: pre-split initial=1 internal=2 final=1 checked=0 awaits=1
//     suspend %s initial: resume=%a destroy=%b return=%c
//     await @g at %h: done=promise-flag@20 ready=%r pending=%p ...
//     refused await @k at %h2: <why>
//     could: <pass> (<why>)
//   lowered @f: frame=48 states=3 traps=1
//   state machine @f.resume: dispatch=i8@16 cases=3 default=unreachable
//     case 2 -> %t: post-completion trap (@panic)
//   not a coroutine @f: <why>      (coroutine intrinsics it cannot read)
//
//===----------------------------------------------------------------------===//

#include "coroslim/StatesPrinter.h"
#include "coroslim/CoroShape.h"

#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;
using namespace coroslim;

namespace {

void printRef(raw_ostream &OS, const Value *V) {
  if (!V) {
    OS << "none";
    return;
  }
  V->printAsOperand(OS, /*PrintType=*/false);
}

StringRef doneKindName(DoneTestKind K) {
  switch (K) {
  case DoneTestKind::CoroDone:
    return "coro.done";
  case DoneTestKind::ResumeFnNull:
    return "resume-fn-null";
  case DoneTestKind::PromiseFlag:
    return "promise-flag";
  }
  llvm_unreachable("bad DoneTestKind");
}

void printPreSplit(raw_ostream &OS, const PreSplitShape &S) {
  OS << "coroutine @" << S.F->getName() << ": pre-split"
     << " initial=" << S.count(SuspendKind::Initial)
     << " internal=" << S.count(SuspendKind::Internal)
     << " final=" << S.count(SuspendKind::Final)
     << " checked=" << S.count(SuspendKind::CheckedCompletion)
     << " awaits=" << S.Awaits.size() << "\n";
  for (const SuspendPoint &SP : S.Suspends) {
    OS << "  suspend ";
    printRef(OS, SP.Suspend);
    OS << " " << toString(SP.Kind) << ":";
    if (!SP.Switch) {
      OS << " result not consumed by a suspend switch\n";
      continue;
    }
    OS << " resume=";
    printRef(OS, SP.Resume);
    OS << " destroy=";
    printRef(OS, SP.Destroy);
    OS << " return=";
    printRef(OS, SP.SuspendReturn);
    OS << "\n";
  }
  for (const AwaitSite &A : S.Awaits) {
    OS << "  await @" << A.Callee->getName() << " at ";
    printRef(OS, A.Ramp);
    OS << ": done=" << doneKindName(A.DoneKind);
    if (A.DoneKind == DoneTestKind::PromiseFlag)
      OS << "@" << A.FlagOffset;
    OS << " ready=";
    printRef(OS, A.Ready);
    OS << " pending=";
    printRef(OS, A.Pending);
    OS << " suspend=";
    printRef(OS, A.LoopSuspend);
    OS << " destroys=" << A.Destroys.size()
       << " reads=" << A.PromiseReads.size() << "\n";
  }
  for (const auto &[Call, Why] : S.RefusedAwaits) {
    OS << "  refused await @" << Call->getCalledFunction()->getName() << " at ";
    printRef(OS, Call);
    OS << ": " << Why << "\n";
  }
  if (unsigned Traps = S.count(SuspendKind::CheckedCompletion))
    OS << "  could: coroslim-strip-done-traps (" << Traps
       << " post-completion trap(s); with -coroslim-release)\n";
  // The await rewrites, by the docs/design.md criteria on the awaited callee (a
  // lazily started coroutine with no / one internal suspend point, at the
  // default -coroslim-inline-max-suspends=1); the passes may still refuse.
  unsigned Fold = 0, Inline = 0;
  for (const AwaitSite &A : S.Awaits)
    if (auto Callee = analyzePreSplit(*A.Callee)) {
      if (!Callee->startsLazily())
        continue;
      unsigned Internal = Callee->count(SuspendKind::Internal);
      Fold += Internal == 0;
      Inline += Internal == 1;
    }
  if (Fold)
    OS << "  could: coroslim-fold-suspend-free (" << Fold
       << " await(s) of a coroutine without internal suspend points)\n";
  if (Inline)
    OS << "  could: coroslim-inline-single-suspend (" << Inline
       << " await(s) of a coroutine with one internal suspend point)\n";
}

/// Frame bytes of a split coroutine: the ramp stores its .resume function
/// into the first word of the frame, which is an allocation of a constant
/// size (or an alloca, once the allocation was elided).
std::optional<uint64_t> frameBytes(const Function &Ramp,
                                   const Function &Resume) {
  const DataLayout &DL = Ramp.getDataLayout();
  for (const User *U : Resume.users()) {
    const auto *SI = dyn_cast<StoreInst>(U);
    if (!SI || SI->getValueOperand() != &Resume || SI->getFunction() != &Ramp)
      continue;
    const Value *Frame = SI->getPointerOperand()->stripPointerCasts();
    if (const auto *AI = dyn_cast<AllocaInst>(Frame))
      if (auto Size = AI->getAllocationSize(DL))
        return Size->getFixedValue();
    if (const auto *CB = dyn_cast<CallBase>(Frame))
      for (const Value *Arg : CB->args())
        if (const auto *C = dyn_cast<ConstantInt>(Arg))
          return C->getZExtValue();
  }
  // Where the frame is not visible at the store (at -O0 it flows through a
  // phi of the allocation and null), CoroSplit's dereferenceable(FrameSize)
  // on the frame parameter of .resume still says it.
  if (Resume.arg_size() > 0)
    if (uint64_t Bytes = Resume.getParamDereferenceableBytes(0))
      return Bytes;
  return std::nullopt;
}

void printLoweredGroup(raw_ostream &OS, const Function &Ramp,
                       const Function &Resume) {
  OS << "lowered @" << Ramp.getName() << ":";
  if (auto Bytes = frameBytes(Ramp, Resume))
    OS << " frame=" << *Bytes;
  else
    OS << " frame=?";
  std::string Why;
  if (auto L = analyzeLowered(const_cast<Function &>(Resume), &Why)) {
    unsigned Traps = count_if(L->Cases, [](const LoweredShape::Case &C) {
      return C.Trap.has_value();
    });
    // A reachable default stands for at least one more state.
    OS << " states=" << L->Cases.size() + (L->DefaultUnreachable ? 0 : 1)
       << " traps=" << Traps;
  } else {
    // One state: the .resume function needs no dispatch at all.
    OS << " states=1 traps=0";
  }
  OS << "\n";
}

void printLowered(raw_ostream &OS, const LoweredShape &L) {
  OS << "state machine @" << L.F->getName()
     << ": dispatch=" << (L.BranchDispatch ? "br " : "") << "i" << L.Bits << "@"
     << L.Offset << " cases=" << L.Cases.size()
     << " default=" << (L.DefaultUnreachable ? "unreachable" : "reachable")
     << "\n";
  for (const LoweredShape::Case &C : L.Cases) {
    OS << "  case " << C.State << " -> ";
    printRef(OS, C.Dest);
    if (C.Trap) {
      OS << ": post-completion trap (";
      if (const Function *Callee = C.Trap->TrapCall->getCalledFunction())
        OS << "@" << Callee->getName();
      OS << ")";
    }
    OS << "\n";
  }
}

bool mentionsCoroutines(const Function &F) {
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB)
      if (isa<AnyCoroIdInst>(I) || isa<CoroBeginInst>(I))
        return true;
  return false;
}

} // namespace

PreservedAnalyses StatesPrinterPass::run(Module &M, ModuleAnalysisManager &) {
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    std::string Why;
    if (auto S = analyzePreSplit(F, &Why)) {
      printPreSplit(OS, *S);
      continue;
    }
    if (mentionsCoroutines(F) && !StringRef(Why).starts_with("already split")) {
      OS << "not a coroutine @" << F.getName() << ": " << Why << "\n";
      continue;
    }
    if (const Function *Resume = M.getFunction((F.getName() + ".resume").str()))
      printLoweredGroup(OS, F, *Resume);
    if (auto L = analyzeLowered(F))
      printLowered(OS, *L);
  }
  return PreservedAnalyses::all();
}
