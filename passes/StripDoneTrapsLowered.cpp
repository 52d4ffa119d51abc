//===- StripDoneTrapsLowered.cpp - strip-done-traps, lowered form ---------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// coroslim-strip-done-traps on lowered state machines (a LoweredShape):
// rustc's async poll functions and LLVM's .resume clones. A dispatch case
// that leads straight to a post-completion trap goes to a block that gives
// what a pending return gives (`return` mode, PendingReturn.h) or leaves the
// dispatch (`unreachable` mode); the .resume clone of a coroutine whose
// completion point the pre-split form made re-suspend returns at once from
// that case. The driver and the pre-split form are in StripDoneTraps.cpp.
//
//===----------------------------------------------------------------------===//

#include "coroslim/PendingReturn.h"
#include "coroslim/SourceTerms.h"
#include "coroslim/StripDoneTrapsImpl.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/BranchProbabilityInfo.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;
using namespace coroslim;
using namespace coroslim::stripdonetraps;

#define DEBUG_TYPE "coroslim-strip-done-traps"

namespace {

/// A block that only returns \p Value (`ret void` when null): the done
/// case of a lowered state machine can share it instead of a new one.
BasicBlock *findPlainReturn(Function &F, Value *Value) {
  for (BasicBlock &BB : F) {
    auto *Ret = dyn_cast<ReturnInst>(&BB.front());
    if (Ret && Ret->getReturnValue() == Value)
      return &BB;
  }
  return nullptr;
}

/// True when \p V is the dispatched state of \p L, or the constant
/// \p State: storing it back leaves the state as it was.
bool isSameState(Value *V, const LoweredShape &L, uint64_t State) {
  if (auto *C = dyn_cast<ConstantInt>(V))
    return C->getValue().getLimitedValue() == State;
  while (auto *Cast = dyn_cast<CastInst>(V))
    V = Cast->getOperand(0);
  return V == L.StateLoad;
}

/// True when dispatch case \p C does nothing: from the dispatcher it
/// reaches a `ret` through unconditional branches, and the only effect on
/// the way is storing the state it was dispatched on back into the state
/// field. That is what a completion point that re-suspends (`return` mode,
/// pre-split form) becomes after CoroSplit: the case joins the
/// suspend-return path.
bool isNoOpCase(const LoweredShape::Case &C, const LoweredShape &L,
                BasicBlock *Dispatcher) {
  BasicBlock *Pred = Dispatcher;
  SmallPtrSet<BasicBlock *, 8> Seen;
  for (BasicBlock *BB = C.Dest; BB && Seen.insert(BB).second;) {
    for (Instruction &I : *BB) {
      if (isa<PHINode>(I) || I.isLifetimeStartOrEnd() ||
          isa<PseudoProbeInst>(I))
        continue;
      if (auto *SI = dyn_cast<StoreInst>(&I)) {
        Value *V = SI->getValueOperand();
        if (auto *Phi = dyn_cast<PHINode>(V); Phi && Phi->getParent() == BB)
          V = Phi->getIncomingValueForBlock(Pred);
        if (!storesState(*SI, L) || !isSameState(V, L, C.State))
          return false;
        continue;
      }
      if (isa<ReturnInst>(I))
        return true;
      if (auto *Br = dyn_cast<BranchInst>(&I); Br && Br->isUnconditional()) {
        Pred = BB;
        BB = Br->getSuccessor(0);
        break;
      }
      if (I.isTerminator() || I.mayHaveSideEffects() ||
          I.mayReadOrWriteMemory())
        return false;
    }
  }
  return false;
}

/// Gives the successors \p Unlikely of \p Term (a dispatch switch or
/// branch) the weight BranchProbabilityInfo gives a path that ends in a
/// noreturn call, and every other successor the probability it has now.
/// The trap made its case that cold; a case that returns instead would be
/// as likely as a real resume, and the code generator's frequency-guided
/// choices (which addresses MachineCSE hoists into the dispatch block,
/// block placement, spill placement) change with it: on thumbv7em that
/// costs more bytes than the trap did. A switch with profile data keeps it.
bool markUnlikely(Instruction *Term, ArrayRef<unsigned> Unlikely,
                  const BranchProbabilityInfo &BPI) {
  if (Term->getMetadata(LLVMContext::MD_prof))
    return false;
  BasicBlock *BB = Term->getParent();
  SmallVector<uint32_t, 8> Weights;
  for (unsigned I = 0, E = Term->getNumSuccessors(); I != E; ++I)
    Weights.push_back(is_contained(Unlikely, I)
                          ? 1
                          : BPI.getEdgeProbability(BB, I).getNumerator());
  Term->setMetadata(LLVMContext::MD_prof,
                    MDBuilder(Term->getContext()).createBranchWeights(Weights));
  return true;
}

} // namespace

/// Whether no other rustc poll function calls \p F directly: \p F is an
/// outermost future's poll, called by an executor, a hand-written combinator
/// or through a vtable. Inlined into those, its done case in `return` mode
/// joins the caller's handling of `Pending`, which the caller has anyway;
/// inlined into a parent poll it would become a live path into the parent's
/// own pending return (see run()). A caller is a poll when it calls rustc's
/// resumed panic: its own post-completion arm, not yet stripped in the
/// bottom-up walk.
bool coroslim::stripdonetraps::isOutermostPoll(const Function &F) {
  SmallPtrSet<const Function *, 4> Callers;
  for (const Use &U : F.uses()) {
    const auto *CB = dyn_cast<CallBase>(U.getUser());
    if (!CB || !CB->isCallee(&U))
      continue; // address taken: called indirectly, not inlined
    const Function *Caller = CB->getFunction();
    if (Caller == &F)
      return false;
    if (!Callers.insert(Caller).second)
      continue; // looked at already
    for (const Instruction &I : instructions(*Caller))
      if (const auto *Call = dyn_cast<CallBase>(&I))
        if (const Function *Callee = Call->getCalledFunction();
            Callee && isRustResumedPanic(*Callee))
          return false;
  }
  return true;
}

bool Stripper::isPostCompletionArm(const CallBase &Trap, bool RustPoll) const {
  const Function *Callee = Trap.getCalledFunction();
  if (RustPoll)
    return Callee && isRustResumedPanic(*Callee);
  return isDoneReporter(Trap);
}

void Stripper::reportRefusedArms(const LoweredShape &L, bool RustPoll) {
  for (const LoweredShape::Case &C : L.Cases) {
    if (C.Trap) {
      if (!isPostCompletionArm(*C.Trap->TrapCall, RustPoll))
        refusedTrap(*C.Trap->TrapCall, "state " + Twine(C.State),
                    RustPoll ? "rustc's post-completion arms call "
                               "…panic_const_async_fn_resumed(_panic), not this"
                             : "in a .resume clone only a known reporter "
                               "(…resumed_after_completion, rustc's panics) "
                               "marks a post-completion state");
      continue;
    }
    std::string Why;
    if (const CallBase *T = explainRefusal(C.Dest, L.Base, L.Offset, Why))
      refusedTrap(*T, "state " + Twine(C.State), Why);
  }
  if (L.Dispatch && !L.DefaultUnreachable)
    if (auto Trap = findPostCompletionTrap(L.Default))
      refusedTrap(*Trap->TrapCall, "the default case",
                  "the default case traps on an unknown state, which "
                  "is not a resume after completion");
}

bool Stripper::runLowered(LoweredShape &L, bool RustPoll) {
  // Refusals: cases and the default that trap but not post-completion
  // (said once, by the later slots, not by the early type-proof slot).
  if (!Opts.PendingFromType)
    reportRefusedArms(L, RustPoll);

  auto IsStrippable = [&](const LoweredShape::Case &C) {
    return C.Trap && isPostCompletionArm(*C.Trap->TrapCall, RustPoll);
  };
  if (!any_of(L.Cases, IsStrippable))
    return false;
  if (!Opts.Release) {
    for (const LoweredShape::Case &C : L.Cases)
      if (IsStrippable(C))
        keptTrap(*C.Trap->TrapCall, "state " + Twine(C.State));
    return false;
  }

  // `return` mode: what does a pending resume give? Not proven, the traps
  // stay: `return` mode never makes a resume after completion undefined
  // (only `unreachable` mode does).
  DoneResume Mode = Opts.Mode;
  std::optional<PendingReturn> Pending;
  if (Mode == DoneResume::Return) {
    std::string Why;
    Pending =
        provePendingReturn(L, Why,
                           Opts.PendingFromType ? PendingProof::ReturnsOrType
                                                : PendingProof::Returns);
    // The early slot takes only what the type proves; a poll that suspends
    // (or one it cannot prove) is the later slots', remarks included.
    if (Opts.PendingFromType && (!Pending || !Pending->FromType))
      return false;
    if (!Pending) {
      countNoPendingValue(count_if(L.Cases, IsStrippable));
      for (const LoweredShape::Case &C : L.Cases)
        if (IsStrippable(C))
          Explained.insert(C.Trap->TrapCall);
      missed("NoPendingValue", L.StateLoad,
             "cannot prove what a pending resume returns (" + Why +
                 "): its post-completion traps are kept (`return` mode "
                 "never makes a resume after completion undefined; "
                 "done-resume=unreachable removes them)");
      return false;
    }
  }

  Instruction *Term = L.Dispatch ? static_cast<Instruction *>(L.Dispatch)
                                 : static_cast<Instruction *>(L.BranchDispatch);
  BasicBlock *Dispatcher = Term->getParent();
  LLVMContext &Ctx = F.getContext();
  BasicBlock *ReturnBB = nullptr, *UnreachableBB = nullptr;

  // `return` mode, before the first change: the lowering (a block that
  // returns the pending value; none when one exists already) against the
  // trap paths it removes, by TTI's code-size cost. Kept traps stay, and
  // say so: `return` mode never falls back to `unreachable` for size.
  std::string Costs;
  if (Mode == DoneResume::Return) {
    // A result stored through sret needs its own stores: no sharing.
    if (!Pending->Sret)
      ReturnBB = findPlainReturn(
          F, Pending->Parts.empty() ? nullptr : Pending->Parts.front().second);
    SmallVector<BasicBlock *, 4> Entries;
    SmallVector<unsigned, 4> Succs; // successor indices of the done cases
    for (const LoweredShape::Case &C : L.Cases) {
      if (!IsStrippable(C))
        continue;
      Entries.push_back(C.Dest);
      caseSuccessors(L, C, Succs);
    }
    SmallPtrSet<BasicBlock *, 1> Sources;
    Sources.insert(Dispatcher);
    auto &TTI = AM.getResult<TargetIRAnalysis>(F);
    InstructionCost Trap = trapPathCost(Entries, Sources, TTI);
    InstructionCost Lower =
        ReturnBB ? InstructionCost(0)
                 : TTI.getCFInstrCost(Instruction::Ret,
                                      TargetTransformInfo::TCK_CodeSize);
    if (Pending->Sret)
      for (auto &[Off, C] : Pending->Parts)
        Lower += TTI.getMemoryOpCost(Instruction::Store, C->getType(), Align(1),
                                     /*AddressSpace=*/0,
                                     TargetTransformInfo::TCK_CodeSize);
    Costs =
        std::string(ReturnBB        ? "sharing a return block "
                    : Pending->Sret ? "a return with its sret stores "
                                    : "a return ") +
        costText(Lower) + " against the trap paths' " + costText(Trap) +
        " (TTI code size" +
        (Opts.SizeMargin ? ", size-margin " + std::to_string(Opts.SizeMargin)
                         : std::string()) +
        ")";
    if (Lower + static_cast<int64_t>(Opts.SizeMargin) > Trap) {
      for (const LoweredShape::Case &C : L.Cases)
        if (IsStrippable(C))
          keptTrap(*C.Trap->TrapCall, "state " + Twine(C.State),
                   "`return` mode predicts a bigger function: " + Costs);
      return false;
    }
    // The done cases stay as unlikely as their traps made them.
    markUnlikely(Term, Succs, AM.getResult<BranchProbabilityAnalysis>(F));
  }
  auto Target = [&]() {
    if (Mode == DoneResume::Return) {
      if (!ReturnBB)
        ReturnBB = emitPendingReturn(*Pending, L);
      return ReturnBB;
    }
    if (!UnreachableBB) {
      UnreachableBB = BasicBlock::Create(Ctx, "coroslim.done.unreachable", &F);
      new UnreachableInst(Ctx, UnreachableBB);
    }
    return UnreachableBB;
  };
  std::string Effect =
      Mode == DoneResume::Unreachable
          ? "the state left the dispatch (`unreachable` mode)"
      : Pending->FromType
          ? "a resume after completion returns Pending, the value of its "
            "two-valued i1 result that no return gives (`return` mode, "
            "a poll that never suspends)"
          : "a resume after completion returns like a pending one "
            "(`return` mode)";

  SmallVector<BasicBlock *, 4> OldDests;
  for (const LoweredShape::Case &C : L.Cases) {
    if (!IsStrippable(C))
      continue;
    if (L.Dispatch) {
      auto It = stateCase(*L.Dispatch, C.State);
      if (It == L.Dispatch->case_default())
        continue;
      if (Mode == DoneResume::Unreachable && L.DefaultUnreachable)
        // An unknown state is undefined already; the weights stay one per
        // successor.
        SwitchInstProfUpdateWrapper(*L.Dispatch).removeCase(It);
      else
        It->setSuccessor(Target());
    } else {
      BranchInst *Br = L.BranchDispatch;
      for (unsigned I = 0; I < 2; ++I)
        if (Br->getSuccessor(I) == C.Dest)
          Br->setSuccessor(I, Target());
      if (Mode == DoneResume::Unreachable) {
        // Only the other side is defined now.
        BasicBlock *Other = Br->getSuccessor(0) == UnreachableBB
                                ? Br->getSuccessor(1)
                                : Br->getSuccessor(0);
        if (Other != UnreachableBB) {
          Value *Cond = Br->getCondition();
          BranchInst::Create(Other, Br->getIterator());
          Br->eraseFromParent();
          L.BranchDispatch = nullptr;
          RecursivelyDeleteTriviallyDeadInstructions(Cond);
        }
      }
    }
    OldDests.push_back(C.Dest);
    removedTrap(*C.Trap->TrapCall, "state " + Twine(C.State), Effect);
    if (!L.Dispatch && !L.BranchDispatch)
      break; // the branch dispatch is gone; no other case remains
  }
  for (BasicBlock *Old : OldDests)
    dropStalePhiEntries(Dispatcher, Old);
  EliminateUnreachableBlocks(F);
  ORE.emit([&] {
    OptimizationRemark R(DEBUG_TYPE, "Stripped", &F.getEntryBlock().front());
    R << "stripped " << ore::NV("Traps", Removed)
      << " post-completion trap(s) from state machine "
      << ore::NV("Coroutine", F.getName()) << " ("
      << ore::NV("Mode", modeName(Mode)) << " mode)";
    if (!Costs.empty())
      R << ": predicted code size " << Costs;
    return R;
  });
  return true;
}

/// The .resume clone of a coroutine whose completion point the pre-split
/// form made re-suspend (ResuspendAttr). After CoroSplit its dispatch case
/// stores the state it was dispatched on back and returns (isNoOpCase).
/// The case gets the weight its trap gave it (markUnlikely). Unless the
/// clone is optimised for size, the case also goes straight to a block
/// that only returns: the store is redundant (nothing on the way writes
/// memory), and at -O1..-O3 the inliner copies the clone into the .resume
/// of every awaiting coroutine, where the store and the join with the
/// awaiter's state cost more than a return (measured: docs/passes/
/// strip-done-traps.md); at -Os/-Oz the clone stays out of line, where
/// joining the suspend-return path that exists anyway is the smaller one.
/// Done where the CGSCC walk first shows the clone (ScalarOptimizerLate),
/// before the inliner copies it. An idle `for (;;) suspend;` loop with
/// nothing in between looks the same; it is as much a no-op, and marking
/// it unlikely only moves code that does nothing.
bool Stripper::lowerResuspended(const LoweredShape &L) {
  Instruction *Term = L.Dispatch ? static_cast<Instruction *>(L.Dispatch)
                                 : static_cast<Instruction *>(L.BranchDispatch);
  if (!Term || Term->getMetadata(LLVMContext::MD_prof) ||
      !F.getReturnType()->isVoidTy())
    return false;
  BasicBlock *Dispatcher = Term->getParent();
  SmallVector<unsigned, 2> Succs;
  SmallVector<uint64_t, 2> States;
  for (const LoweredShape::Case &C : L.Cases) {
    if (C.Trap || !isNoOpCase(C, L, Dispatcher) || !caseSuccessors(L, C, Succs))
      continue;
    States.push_back(C.State);
  }
  if (Succs.empty() ||
      !markUnlikely(Term, Succs, AM.getResult<BranchProbabilityAnalysis>(F)))
    return false;
  auto Remark = [&](StringRef What) {
    ORE.emit([&] {
      OptimizationRemark R(DEBUG_TYPE, "DoneCaseUnlikely", Term);
      R << "state machine " << ore::NV("Coroutine", F.getName())
        << ": the re-suspending completion point (state";
      for (uint64_t S : States)
        R << " " << ore::NV("State", S);
      R << ") " << What << " and is marked as unlikely as its trap was";
      return R;
    });
  };
  if (F.hasOptSize()) {
    Remark("joins the suspend-return path");
    return true;
  }
  BasicBlock *Ret = findPlainReturn(F, nullptr);
  if (!Ret) {
    Ret = BasicBlock::Create(F.getContext(), "coroslim.done.resume", &F);
    ReturnInst::Create(F.getContext(), nullptr, Ret);
  }
  SmallVector<BasicBlock *, 2> OldDests;
  for (unsigned I : Succs) {
    BasicBlock *Old = Term->getSuccessor(I);
    if (Old == Ret)
      continue;
    OldDests.push_back(Old);
    Term->setSuccessor(I, Ret);
  }
  for (BasicBlock *Old : OldDests)
    dropStalePhiEntries(Dispatcher, Old);
  countDoneReturns(States.size());
  Remark("returns at once, without storing its state again,");
  return true;
}
