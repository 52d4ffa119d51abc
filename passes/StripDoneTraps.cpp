//===- StripDoneTraps.cpp - Remove post-completion traps ------------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// Safe front ends check "resumed after completion" in every coroutine: the C
// runtime in checked mode ends each coroutine with a non-final completion
// suspend whose resume edge calls a noreturn reporter; rustc gives every
// async poll function dispatch arms that panic. In a release build that
// check is dead weight. With -coroslim-release this pass removes it:
//
//  * pre-split form: a non-final llvm.coro.suspend whose resume edge leads
//    straight to a trap (SuspendKind::CheckedCompletion of the shared
//    analysis). `return` mode makes the resume edge re-suspend at the same
//    point; `unreachable` mode makes the suspend final so that CoroSplit
//    drops it from .resume.
//  * lowered form: a dispatch on the state field whose cases lead straight
//    to a trap, in LLVM's .resume clones and in rustc poll functions.
//    `return` mode makes the case return what the function's pending paths
//    return (proven from the IR, PendingReturn.h; else the traps stay);
//    `unreachable` mode removes the case.
//
// `return` mode must never make the code bigger than the trap (issue 21):
// before its first change it weighs the lowering against the trap paths by
// TTI's code-size cost and keeps the traps, with a remark giving both, when
// the lowering is not predicted smaller; and it keeps the done case as
// unlikely as the trap made it (branch weights), since the code generator's
// frequency-guided choices otherwise grow the code (measured:
// docs/passes/strip-done-traps.md, "Code-size policy of return mode").
//
// This file holds the driver, the pre-split form and the remarks;
// StripDoneTrapsLowered.cpp the lowered form (StripDoneTrapsImpl.h).
//
// Without the flag nothing changes and a missed remark names each trap
// kept. Everything that merely looks like such a trap (a trap in the body,
// after a store, behind another condition, in the default case) is refused
// with a missed remark saying why.
//
//===----------------------------------------------------------------------===//

#include "coroslim/StripDoneTraps.h"
#include "coroslim/CoroShape.h"
#include "coroslim/CoroShapeAnalysis.h"
#include "coroslim/PassParams.h"
#include "coroslim/PendingReturn.h"
#include "coroslim/SourceTerms.h"
#include "coroslim/StripDoneTrapsImpl.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/BranchProbabilityInfo.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;
using namespace coroslim;
using namespace coroslim::stripdonetraps;
using Form = StripDoneTrapsPass::Form;

#define DEBUG_TYPE "coroslim-strip-done-traps"

ALWAYS_ENABLED_STATISTIC(NumStripped,
                         "Functions whose post-completion traps were stripped");
ALWAYS_ENABLED_STATISTIC(NumRemoved, "Post-completion traps removed");
ALWAYS_ENABLED_STATISTIC(NumKept, "Post-completion traps kept (TrapKept)");
ALWAYS_ENABLED_STATISTIC(
    NumNotPostCompletion,
    "Traps kept as not post-completion (NotPostCompletion)");
ALWAYS_ENABLED_STATISTIC(
    NumKeptReturnMode,
    "Traps kept: return mode cannot re-suspend (KeptReturnMode)");
ALWAYS_ENABLED_STATISTIC(
    NumDoneReturns,
    "Re-suspending completion points whose .resume case now returns at once");
ALWAYS_ENABLED_STATISTIC(
    NumNoPendingValue,
    "Lowered traps kept: no pending state value (NoPendingValue)");

static cl::opt<bool> Release(
    "coroslim-release", cl::init(false),
    cl::desc("Release build: remove the post-completion (\"resumed after "
             "completion\") traps of coroutines"));

/// The one spelling of a DoneResume, for the flag and for done-resume=.
static std::optional<DoneResume> parseDoneResume(StringRef S) {
  if (S == "return")
    return DoneResume::Return;
  if (S == "unreachable")
    return DoneResume::Unreachable;
  return std::nullopt;
}

static std::string badDoneResume(StringRef S) {
  return ("must be return or unreachable, got '" + S + "'").str();
}

namespace {
/// cl::values alone would say "Cannot find option named 'x'!".
class DoneResumeParser : public cl::parser<DoneResume> {
public:
  using cl::parser<DoneResume>::parser;
  bool parse(cl::Option &O, StringRef ArgName, StringRef Arg,
             DoneResume &Value) {
    std::optional<DoneResume> M = parseDoneResume(Arg);
    if (!M)
      return O.error(badDoneResume(Arg));
    Value = *M;
    return false;
  }
};
} // namespace

static cl::opt<DoneResume, false, DoneResumeParser> DoneResumeOpt(
    "coroslim-done-resume", cl::init(DoneResume::Return),
    cl::desc("With -coroslim-release, what resuming a completed coroutine "
             "does"),
    cl::values(clEnumValN(DoneResume::Return, "return",
                          "a no-op: it returns like a pending resume"),
               clEnumValN(DoneResume::Unreachable, "unreachable",
                          "undefined: the state leaves the dispatch")));

static cl::opt<unsigned, false, UnsignedFlagParser<0>> SizeMarginOpt(
    "coroslim-done-resume-size-margin", cl::init(0), cl::value_desc("N"),
    cl::desc("With -coroslim-release in `return` mode, lower a coroutine's "
             "post-completion traps only when the predicted code size of the "
             "lowering plus this margin is at most that of the traps"));

namespace coroslim {
namespace stripdonetraps {

StringRef modeName(DoneResume M) {
  return M == DoneResume::Return ? "return" : "unreachable";
}

/// The name of what \p Trap calls, for remarks.
std::string calleeName(const CallBase &Trap) {
  if (const Function *Callee = Trap.getCalledFunction())
    return Callee->getName().str();
  return "an indirect noreturn callee";
}

/// A call of a function whose only job is to report a resume after
/// completion. Such calls anywhere but on a resume edge / dispatch case are
/// reported as "kept" so the user sees why they survive.
bool isDoneReporter(const CallBase &CB) {
  const Function *Callee = CB.getCalledFunction();
  return Callee && (isRustResumedPanic(*Callee) ||
                    Callee->getName().contains("resumed_after_completion"));
}

/// For a path that findPostCompletionTrap did not accept: if it still ends
/// in a trap right away, says why it is not a post-completion trap. Two
/// near misses are recognised: stores (and nothing else) before the trap,
/// and a conditional branch, reached with no side effects, with a trap
/// right behind one side. The walk stops at anything else (calls, coroutine
/// intrinsics, loops), so ordinary code that happens to trap later on is
/// not reported. \p StateBase / \p StateOffset name the state field, if
/// any, so that a store to it is called what it is.
const CallBase *explainRefusal(BasicBlock *BB, const Value *StateBase,
                               int64_t StateOffset, std::string &Why) {
  const StoreInst *FirstStore = nullptr;
  SmallPtrSet<BasicBlock *, 8> Seen;
  for (BasicBlock *Cur = BB; Cur && Seen.insert(Cur).second;) {
    for (Instruction &I : *Cur) {
      auto *CB = dyn_cast<CallBase>(&I);
      if (CB && CB->doesNotReturn()) {
        if (!FirstStore)
          return nullptr; // accepted by the analysis, or not a trap at all
        const DataLayout &DL = FirstStore->getDataLayout();
        APInt Off(
            DL.getIndexTypeSizeInBits(FirstStore->getPointerOperandType()), 0);
        const Value *Ptr =
            FirstStore->getPointerOperand()->stripAndAccumulateConstantOffsets(
                DL, Off, /*AllowNonInbounds=*/true);
        if (StateBase && Ptr == StateBase && Off.getSExtValue() == StateOffset)
          Why = "the path stores the state before the trap, and later code "
                "(the next resume, or the unwinder) reads it";
        else
          Why = "the path stores to memory before the trap, and later code "
                "may read it";
        return CB;
      }
      if (I.isTerminator())
        break;
      if (I.isLifetimeStartOrEnd() || isa<PseudoProbeInst>(I) ||
          !I.mayHaveSideEffects())
        continue;
      auto *SI = dyn_cast<StoreInst>(&I);
      if (!SI)
        return nullptr; // a call, a coroutine intrinsic...: body code
      if (!FirstStore)
        FirstStore = SI;
    }
    Instruction *T = Cur->getTerminator();
    if (auto *Br = dyn_cast<BranchInst>(T); Br && Br->isUnconditional()) {
      Cur = Br->getSuccessor(0);
      continue;
    }
    // A conditional branch or switch reached with no side effects: a trap
    // right behind one of its successors is guarded by another condition.
    if (!FirstStore && (isa<BranchInst>(T) || isa<SwitchInst>(T)))
      for (BasicBlock *Succ : successors(T))
        if (auto Trap = findPostCompletionTrap(Succ)) {
          Why = "the trap is guarded by another condition" + atLine(*Cur);
          return Trap->TrapCall;
        }
    return nullptr;
  }
  return nullptr;
}

/// Drops \p Edge's block from \p Old's phis when \p From no longer branches
/// to it.
void dropStalePhiEntries(BasicBlock *From, BasicBlock *Old) {
  if (!is_contained(successors(From), Old))
    Old->removePredecessor(From);
}

/// The switch case of \p State in the dispatch \p SI, or its default when
/// the state has no case.
SwitchInst::CaseIt stateCase(SwitchInst &SI, uint64_t State) {
  return SI.findCaseValue(
      ConstantInt::get(cast<IntegerType>(SI.getCondition()->getType()), State));
}

/// Appends the successor indices of \p L's dispatch that lead to case
/// \p C: the switch case of its state, or the branch edges to its block.
/// False when the dispatch is a switch without a case for the state.
bool caseSuccessors(const LoweredShape &L, const LoweredShape::Case &C,
                    SmallVectorImpl<unsigned> &Succs) {
  if (L.Dispatch) {
    auto It = stateCase(*L.Dispatch, C.State);
    if (It == L.Dispatch->case_default())
      return false;
    Succs.push_back(It->getSuccessorIndex());
    return true;
  }
  for (unsigned I = 0; I < 2; ++I)
    if (L.BranchDispatch->getSuccessor(I) == C.Dest)
      Succs.push_back(I);
  return true;
}

//===----------------------------------------------------------------------===//
// The code-size policy of `return` mode
//===----------------------------------------------------------------------===//

std::string costText(const InstructionCost &C) {
  std::string S;
  raw_string_ostream OS(S);
  C.print(OS);
  return S;
}

/// TTI's code-size cost of the trap paths that die once every edge from
/// \p Sources into \p Entries is redirected. A path is the entry block and
/// its unconditional successors up to the block that ends in `unreachable`
/// (or an invoke of the trap: its normal destination too); a block counts
/// only if every predecessor is a redirected source or a dead block, so a
/// trap block shared with other code costs nothing to keep.
InstructionCost trapPathCost(ArrayRef<BasicBlock *> Entries,
                             const SmallPtrSetImpl<BasicBlock *> &Sources,
                             const TargetTransformInfo &TTI) {
  SmallPtrSet<BasicBlock *, 8> Dead;
  InstructionCost Cost = 0;
  for (BasicBlock *BB : Entries) {
    for (unsigned Steps = 0; BB && Steps < 16 && !Dead.count(BB); ++Steps) {
      if (!all_of(predecessors(BB), [&](BasicBlock *P) {
            return Sources.count(P) || Dead.count(P);
          }))
        break;
      Dead.insert(BB);
      for (Instruction &I : *BB)
        Cost += TTI.getInstructionCost(&I, TargetTransformInfo::TCK_CodeSize);
      BB = straightLineSuccessor(BB);
    }
  }
  return Cost;
}

//===----------------------------------------------------------------------===//
// Remarks
//===----------------------------------------------------------------------===//

void Stripper::missed(StringRef Id, const Instruction *At, const Twine &Msg) {
  ++(Id == "KeptReturnMode" ? NumKeptReturnMode : NumNoPendingValue);
  ORE.emit([&] {
    return OptimizationRemarkMissed(DEBUG_TYPE, Id, At)
           << ore::NV("Coroutine", F.getName()) << ": " << Msg.str();
  });
}

void Stripper::keptTrap(const CallBase &Trap, const Twine &Where,
                        const Twine &Why) {
  Explained.insert(&Trap);
  ++NumKept;
  ORE.emit([&] {
    return OptimizationRemarkMissed(DEBUG_TYPE, "TrapKept", &Trap)
           << "kept post-completion trap ("
           << ore::NV("Callee", calleeName(Trap)) << ") of "
           << ore::NV("Coroutine", F.getName()) << " at " << Where.str() << ": "
           << Why.str();
  });
}

void Stripper::removedTrap(const CallBase &Trap, const Twine &Where,
                           const Twine &Effect) {
  Explained.insert(&Trap);
  ++Removed;
  ++NumRemoved;
  ORE.emit([&] {
    return OptimizationRemark(DEBUG_TYPE, "TrapRemoved", &Trap)
           << "removed post-completion trap ("
           << ore::NV("Callee", calleeName(Trap)) << ") of "
           << ore::NV("Coroutine", F.getName()) << " at " << Where.str() << ": "
           << Effect.str();
  });
}

void Stripper::refusedTrap(const CallBase &Trap, const Twine &Where,
                           const Twine &Why) {
  Explained.insert(&Trap);
  ++NumNotPostCompletion;
  ORE.emit([&] {
    return OptimizationRemarkMissed(DEBUG_TYPE, "NotPostCompletion", &Trap)
           << "kept trap (" << ore::NV("Callee", calleeName(Trap)) << ") of "
           << ore::NV("Coroutine", F.getName()) << " at " << Where.str()
           << ": not a post-completion trap: " << Why.str();
  });
}

void Stripper::countNoPendingValue(unsigned N) { NumNoPendingValue += N; }

void Stripper::countDoneReturns(unsigned N) { NumDoneReturns += N; }

//===----------------------------------------------------------------------===//
// Pre-split form
//===----------------------------------------------------------------------===//

bool Stripper::runPreSplit(PreSplitShape &S) {
  // Refusals first: non-final suspends whose resume edge looks like a
  // completion check but is not one.
  for (const SuspendPoint &SP : S.Suspends) {
    if (SP.Kind == SuspendKind::Final || SP.Trap || !SP.Resume)
      continue;
    std::string Why;
    if (const CallBase *T = explainRefusal(SP.Resume, nullptr, 0, Why))
      refusedTrap(*T, "the resume edge of " + describeSuspend(S, SP), Why);
  }

  unsigned Checked = S.count(SuspendKind::CheckedCompletion);
  if (!Checked)
    return false;
  unsigned Completions = Checked + S.count(SuspendKind::Final);

  // Plan every completion point before the first change: the size policy
  // of `return` mode weighs all of the coroutine's re-suspends together.
  enum class Action { Kept, Shared, Final, Resuspend, Stay };
  struct Step {
    SuspendPoint *SP;
    Action Act;
    std::string Why; // for Stay
  };
  SmallVector<Step, 4> Plan;
  for (SuspendPoint &SP : S.Suspends) {
    if (SP.Kind != SuspendKind::CheckedCompletion)
      continue;
    if (!Opts.Release) {
      Plan.push_back({&SP, Action::Kept, ""});
      continue;
    }
    // The trap must be reached from the resume edge only: a destroy or
    // suspend-return edge into it would lose its meaning.
    if (!SP.Switch || SP.Switch->getDefaultDest() == SP.Resume ||
        SP.Destroy == SP.Resume) {
      Plan.push_back({&SP, Action::Shared, ""});
      continue;
    }
    if (Opts.Mode == DoneResume::Unreachable && Completions == 1) {
      Plan.push_back({&SP, Action::Final, ""});
      continue;
    }
    // Re-suspend at the same point: the save, the suspend and its switch
    // must be one block that the resume edge can loop back to.
    Instruction *Head = SP.Save ? static_cast<Instruction *>(SP.Save)
                                : static_cast<Instruction *>(SP.Suspend);
    if (Head->getParent() != SP.Suspend->getParent() ||
        SP.Switch->getParent() != SP.Suspend->getParent()) {
      Plan.push_back({&SP, Action::Stay,
                      "its coro.save or suspend switch is in another block"});
      continue;
    }
    // The loop runs everything from the save to the suspend again on
    // each resume after completion: only a no-op if that does nothing
    // (C++'s await_suspend call sits there).
    auto Acts = [](Instruction &I) {
      return I.mayHaveSideEffects() && !I.isLifetimeStartOrEnd() &&
             !isa<CoroSaveInst, CoroSuspendInst>(I);
    };
    if (any_of(make_range(Head->getIterator(), SP.Suspend->getIterator()),
               Acts)) {
      Plan.push_back({&SP, Action::Stay,
                      "code runs between its coro.save and its suspend, and "
                      "re-suspending would run it again (`unreachable` mode "
                      "would remove the trap)"});
      continue;
    }
    Plan.push_back({&SP, Action::Resuspend, ""});
  }

  // The size policy (docs/passes/strip-done-traps.md): the re-suspends add
  // one unconditional branch each (the split before the save; the resume
  // edge itself only changes target, and after CoroSplit the case joins
  // the suspend-return path) and remove the trap paths. Lowered only when
  // that is predicted no bigger, by TTI's code-size cost for the target.
  std::string Costs;
  {
    SmallVector<BasicBlock *, 4> Entries;
    SmallPtrSet<BasicBlock *, 4> Sources;
    for (const Step &St : Plan)
      if (St.Act == Action::Resuspend) {
        Entries.push_back(St.SP->Resume);
        Sources.insert(St.SP->Switch->getParent());
      }
    if (!Entries.empty()) {
      auto &TTI = AM.getResult<TargetIRAnalysis>(F);
      InstructionCost Trap = trapPathCost(Entries, Sources, TTI);
      InstructionCost Lower =
          TTI.getCFInstrCost(Instruction::Br,
                             TargetTransformInfo::TCK_CodeSize) *
          static_cast<int64_t>(Entries.size());
      Costs =
          "re-suspending " + costText(Lower) + " against the trap paths' " +
          costText(Trap) + " (TTI code size" +
          (Opts.SizeMargin ? ", size-margin " + std::to_string(Opts.SizeMargin)
                           : std::string()) +
          ")";
      if (Lower + static_cast<int64_t>(Opts.SizeMargin) > Trap)
        for (Step &St : Plan)
          if (St.Act == Action::Resuspend) {
            St.Act = Action::Stay;
            St.Why = "`return` mode predicts a bigger function: " + Costs;
          }
    }
  }

  bool Changed = false;
  for (Step &St : Plan) {
    SuspendPoint &SP = *St.SP;
    CallBase &Trap = *SP.Trap->TrapCall;
    std::string Where = "the resume edge of " + describeSuspend(S, SP);
    switch (St.Act) {
    case Action::Kept:
      keptTrap(Trap, Where);
      continue;
    case Action::Shared:
      refusedTrap(Trap, Where,
                  "the trap is also reached on the destroy or suspend path");
      continue;
    case Action::Final:
    case Action::Resuspend:
    case Action::Stay:
      break;
    }
    if (Opts.Mode == DoneResume::Unreachable && St.Act != Action::Final)
      missed("KeptReturnMode", &Trap,
             "has " + Twine(Completions) +
                 " completion points and LLVM allows one final suspend: "
                 "kept `return` mode for " +
                 Where + " (merge the completion points to get `unreachable`)");
    if (St.Act == Action::Stay) {
      keptTrap(Trap, Where, St.Why);
      continue;
    }
    BasicBlock *SwitchBB = SP.Switch->getParent();
    if (St.Act == Action::Final) {
      // Resuming a final suspend is undefined; CoroSplit leaves it out of
      // the .resume dispatch.
      SP.Suspend->setArgOperand(1, ConstantInt::getTrue(F.getContext()));
      auto *Dead =
          BasicBlock::Create(F.getContext(), "coroslim.done.resume", &F);
      new UnreachableInst(F.getContext(), Dead);
      for (auto &Case : SP.Switch->cases())
        if (Case.getCaseValue()->isZero())
          Case.setSuccessor(Dead);
      dropStalePhiEntries(SwitchBB, SP.Resume);
      removedTrap(Trap, Where,
                  "the suspend is final now (`unreachable` mode); CoroSplit "
                  "drops it from .resume");
    } else {
      Instruction *Head = SP.Save ? static_cast<Instruction *>(SP.Save)
                                  : static_cast<Instruction *>(SP.Suspend);
      BasicBlock *Again =
          SplitBlock(SwitchBB, Head, static_cast<DominatorTree *>(nullptr),
                     nullptr, nullptr, "coroslim.resuspend");
      for (auto &Case : SP.Switch->cases())
        if (Case.getCaseValue()->isZero())
          Case.setSuccessor(Again);
      dropStalePhiEntries(Again, SP.Resume);
      // The .resume clone's case for this point does nothing now; the
      // lowered form marks it as unlikely as the trap was (markUnlikely).
      F.addFnAttr(ResuspendAttr);
      removedTrap(Trap, Where,
                  "a resume after completion re-suspends (`return` mode)");
    }
    Changed = true;
  }
  if (Changed) {
    EliminateUnreachableBlocks(F);
    ORE.emit([&] {
      OptimizationRemark R(DEBUG_TYPE, "Stripped", S.Begin);
      R << "stripped " << ore::NV("Traps", Removed)
        << " post-completion trap(s) from coroutine "
        << ore::NV("Coroutine", F.getName()) << " ("
        << ore::NV("Mode", modeName(Opts.Mode)) << " mode)";
      if (!Costs.empty())
        R << ": predicted code size " << Costs;
      return R;
    });
  }
  return Changed;
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

void Stripper::reportBodyTraps() {
  for (Instruction &I : instructions(F))
    if (auto *CB = dyn_cast<CallBase>(&I);
        CB && isDoneReporter(*CB) && !Explained.count(CB))
      refusedTrap(*CB, describeCode(*I.getParent()),
                  "the trap is in the body, not on a resume edge or a "
                  "dispatch case");
}

bool Stripper::run() {
  const PreSplitShape *Cached = Shape.preSplit();
  if (Cached) {
    if (Opts.Takes == Form::Lowered)
      return false;
    // The rewrite updates the shape as it goes: it works on a copy of the
    // cached one, which it makes stale anyway.
    PreSplitShape S = *Cached;
    bool Changed = runPreSplit(S);
    reportBodyTraps();
    NumStripped += Changed;
    return Changed;
  }
  const LoweredShape *CachedL = Shape.lowered();
  if (!CachedL) {
    if (Opts.Takes != Form::PreSplit)
      reportBodyTraps();
    return false;
  }
  // Only real state machines: functions whose dispatch has rustc's
  // post-completion arms, and LLVM's resume clones. In a clone the
  // "dispatch" may be no dispatch at all: with one resumable state
  // CoroSplit's index switch folds away, and the first branch is the body's
  // own `if (flag) abort();` on a value reloaded from the frame (of any
  // width, an i1 _Bool too). So there only a call of a known reporter marks
  // a post-completion state (isPostCompletionArm), and a clone without one
  // is left alone, silently.
  auto HasReporterArm = [&] {
    return any_of(CachedL->Cases, [&](const LoweredShape::Case &C) {
      return C.Trap && isDoneReporter(*C.Trap->TrapCall);
    });
  };
  bool RustPoll = isRustPoll(*CachedL);
  bool Clone = F.getName().ends_with(".resume");
  bool Resuspends = Opts.Release && Clone && F.hasFnAttribute(ResuspendAttr);
  // Each pipeline slot takes its own form (StripDoneTrapsPass::Form). The
  // pre-split slot, in the CGSCC walk, also takes what must be done before
  // the inliner copies a function into its callers: a rustc poll function,
  // whose panics would otherwise end up in the body of the parent future
  // (where no dispatch case marks them), and the .resume clone of a
  // coroutine it re-suspended (lowerResuspended). Every poll function in
  // `unreachable` mode; in `return` mode only an outermost one
  // (isOutermostPoll): there the done case of a child becomes a live path
  // into its parent's own pending return once inlined, which costs more code
  // than the panic call it replaces (a first firmware.rs, text at -Os, -Oz,
  // -O3: 758, 845, 928 bytes taken here against 774, 788, 826 left to the
  // lowered slot, with merge-states' lowered form removing the children's
  // arms either way); the lowered slot takes what stays separate. Every
  // poll taken here (measured again on the crates, docs/rust.md) strips
  // 91 % of the tokio program's sites against 59 %, none more of futures',
  // and grows chain.rs and nest.rs at -Os past plain rustc.
  // Without the release flag the lowered slot names each trap kept, once.
  if (Opts.PendingFromType) {
    if (!RustPoll || !Opts.Release || Opts.Mode != DoneResume::Return)
      return false;
    std::optional<LoweredShape> L = *CachedL;
    bool Changed = runLowered(*L, RustPoll);
    NumStripped += Changed;
    return Changed;
  }
  bool PollNow = RustPoll && Opts.Release &&
                 (Opts.Mode == DoneResume::Unreachable || isOutermostPoll(F));
  if (Opts.Takes == Form::PreSplit && !PollNow)
    return Resuspends && lowerResuspended(*CachedL);
  bool Changed = false, Resuspended = false;
  if (RustPoll || (Clone && HasReporterArm())) {
    std::optional<LoweredShape> L = *CachedL;
    Changed = runLowered(*L, RustPoll);
  } else if (Resuspends) {
    Resuspended = lowerResuspended(*CachedL);
  }
  reportBodyTraps();
  NumStripped += Changed;
  return Changed || Resuspended;
}

} // namespace stripdonetraps
} // namespace coroslim

PreservedAnalyses StripDoneTrapsPass::run(Function &F,
                                          FunctionAnalysisManager &AM) {
  if (F.isDeclaration() || F.hasOptNone())
    return PreservedAnalyses::all();
  const CoroShapeInfo &Shape = getCoroShape(F, AM);
  auto &ORE = AM.getResult<OptimizationRemarkEmitterAnalysis>(F);
  if (!Stripper(F, Opts, Shape, ORE, AM).run())
    return PreservedAnalyses::all();
  return PreservedAnalyses::none();
}

void StripDoneTrapsPass::printPipeline(
    raw_ostream &OS, function_ref<StringRef(StringRef)> MapClassName2PassName) {
  PassInfoMixin<StripDoneTrapsPass>::printPipeline(OS, MapClassName2PassName);
  OS << '<' << (Opts.Release ? "release" : "no-release") << ";done-resume="
     << (Opts.Mode == DoneResume::Return ? "return" : "unreachable")
     << ";form=" << toString(Opts.Takes);
  // Only when set, so that the default pipeline reads as it always did.
  if (Opts.SizeMargin)
    OS << ";size-margin=" << Opts.SizeMargin;
  if (Opts.PendingFromType)
    OS << ";pending-from-type";
  OS << '>';
}

Expected<StripDoneTrapsPass> StripDoneTrapsPass::create(StringRef Params) {
  Options O;
  O.Release = Release;
  O.Mode = DoneResumeOpt;
  O.SizeMargin = SizeMarginOpt;
  Expected<SmallVector<PassParam, 4>> Entries =
      splitPassParams(Params, [](StringRef Key) -> StringRef {
        return Key == "no-release" ? "release" : Key;
      });
  if (!Entries)
    return Entries.takeError();
  for (const PassParam &P : *Entries) {
    if (P.Text == "release") {
      O.Release = true;
    } else if (P.Text == "no-release") {
      O.Release = false;
    } else if (P.Key == "done-resume" && !P.Value.empty()) {
      std::optional<DoneResume> M = parseDoneResume(P.Value);
      if (!M)
        return createStringError("done-resume " + badDoneResume(P.Value));
      O.Mode = *M;
    } else if (P.Key == "size-margin" && !P.Value.empty()) {
      Expected<unsigned> N = parseUnsigned(P.Value, 0, UINT_MAX, P.Key);
      if (!N)
        return N.takeError();
      O.SizeMargin = *N;
    } else if (P.Text == "pending-from-type") {
      O.PendingFromType = true;
    } else if (P.Key == "form" && !P.Value.empty()) {
      Expected<CoroForm> F = parseCoroForm(P.Value);
      if (!F)
        return F.takeError();
      O.Takes = *F;
    } else {
      return createStringError(
          "unknown parameter '" + P.Text +
          "' (expected release, no-release, done-resume=return, "
          "done-resume=unreachable, form=any|pre-split|lowered, "
          "size-margin=N or pending-from-type)");
    }
  }
  return StripDoneTrapsPass(O);
}
