//===- EmbedFrame.cpp - Keep a suspending C++ task's frame in its caller's ===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// inline-single-suspend's C++ form. A C task that suspends is cloned into
// its caller, which then suspends where the task would. A C++ task that
// suspends hands its own handle to what it waits on (an event, a queue, a
// task it awaits), which later resumes or destroys it through that handle;
// nothing in the module says what else that code does with it, so the
// task keeps its handle, its code and its resume function. What can go is
// its heap frame: when every path from the task's inlined ramp that
// leaves the caller, other than by suspending, destroys the task first,
// the task never outlives its caller's frame, and its frame can live
// there (TransferAwait::WhyNotEmbeddable). This is LLVM's CoroElide rewrite
// with a proof that looks through the caller's own suspends, which
// CoroElide cannot do once the caller is split:
//
//     llvm.coro.alloc(%task.id)   -> false     ; no operator new
//     llvm.coro.begin(%task.id)   -> %task.frame = alloca [N x i8]
//     llvm.coro.free(%task.id)    -> null      ; no operator delete
//
// The ramp then stores the cleanup function, not destroy, in the frame's
// destroy slot (CoroSplit's select on llvm.coro.alloc), so whoever
// destroys the task frees nothing. The caller is still pre-split: CoroSplit
// keeps the alloca, used across the await's suspend, in the caller's
// frame, so one allocation holds both. A task the coroutine makes and never
// awaits (dropped unawaited, or resumed through its handle) is embedded on
// the same proof and rules (PreSplitShape::UnawaitedTasks).
//
//===----------------------------------------------------------------------===//

#include "coroslim/EmbedFrame.h"
#include "coroslim/CoroShape.h"
#include "coroslim/CoroShapeAnalysis.h"
#include "coroslim/FrameEmbedding.h"
#include "coroslim/LLVMCompat.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/Debug.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;
using namespace coroslim;

#define DEBUG_TYPE "coroslim-embed-frame"

ALWAYS_ENABLED_STATISTIC(NumEmbedded,
                         "C++ task frames moved into their caller's frame");
ALWAYS_ENABLED_STATISTIC(NumNotEmbedded, "C++ task frames left on the heap");

namespace {

/// Where the program makes the task whose handle is \p Handle: its own
/// location, or, for a ramp LLVM's inliner copied in, the call site in the
/// caller (the end of the inlined-at chain), not a line of the task's
/// body.
DebugLoc madeAt(const Instruction &Handle) {
  const DILocation *L = Handle.getDebugLoc().get();
  return L ? DebugLoc(compat::inlinedAtLocation(*L)) : DebugLoc();
}

} // namespace

PreservedAnalyses EmbedFramePass::run(Function &F,
                                      FunctionAnalysisManager &FAM) {
  if (!F.isPresplitCoroutine())
    return PreservedAnalyses::all();
  const PreSplitShape *S = getCoroShape(F, FAM).preSplit();
  if (!S || (S->TransferAwaits.empty() && S->UnawaitedTasks.empty()))
    return PreservedAnalyses::all();
  auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
  auto Missed = [&](const TransferAwait &T, const Twine &Why) {
    ++NumNotEmbedded;
    ORE.emit([&] {
      return OptimizationRemarkMissed(DEBUG_TYPE, "NotEmbedded", T.Suspend)
             << "C++ await of '" << ore::NV("Callee", T.Callee->getName())
             << "': its frame stays on the heap: " << Why.str();
    });
  };

  // Decide. An await the analysis did not read as a transfer await has
  // its remark from coroslim-fold-transfer; one whose frame CoroElide
  // already put on the stack needs nothing. The shape's facts stay valid
  // through the rewrite: it only changes the handles it embeds.
  SmallVector<const TransferAwait *, 2> Todo;
  SmallPtrSet<const Instruction *, 2> Seen;
  FrameEmbeddingCost Cost(F, *S);
  // Why a task's frame, awaited or not, cannot move before the cost rules
  // are asked: the analysis' proof, then the minsize rule that a ramp is
  // copied in only where it has this one caller and is called, not
  // invoked (coroslim-fold-transfer's rule, docs/design.md).
  auto WhyNotMovable = [&](const TaskInstance &T) -> std::string {
    if (!T.WhyNotEmbeddable.empty())
      return T.WhyNotEmbeddable;
    if (!rampCopyGrowsUnderMinSize(F, T))
      return "";
    return isa<InvokeInst>(T.Handle)
               ? "under minsize its ramp, invoked, is not copied in with its "
                 "unwind path"
               : "under minsize its ramp, called from several places, is not "
                 "copied into each caller";
  };
  for (const TransferAwait &T : S->TransferAwaits) {
    if (T.Form == AwaitSite::HandleForm::ElidedFrame)
      continue;
    if (std::string Why = WhyNotMovable(T); !Why.empty()) {
      Missed(T, Why);
      continue;
    }
    // One ramp may serve several awaits of the same task object.
    if (Seen.count(T.Handle))
      continue;
    if (std::string Why = Cost.whyCostly(T); !Why.empty()) {
      Missed(T, Why);
      continue;
    }
    Seen.insert(T.Handle);
    Todo.push_back(&T);
  }
  // A task made here and never awaited (created and dropped, or resumed
  // through its handle, as a generator is) on the same proof and rules:
  // while it stays on the heap, embedding the awaited ones of the same
  // coroutine would keep both teardowns (FrameEmbeddingCost counts it
  // among the frames that leave the heap when the proof holds).
  auto MissedUnawaited = [&](const TaskInstance &T, const Twine &Why) {
    ++NumNotEmbedded;
    ORE.emit([&] {
      return OptimizationRemarkMissed(DEBUG_TYPE, "NotEmbedded",
                                      madeAt(*T.Handle), T.Handle->getParent())
             << "C++ task '" << ore::NV("Callee", T.Callee->getName())
             << "' made here and not awaited by a transfer await: its frame "
                "stays on the heap: "
             << Why.str();
    });
  };
  SmallVector<const TaskInstance *, 1> TodoUnawaited;
  for (const TaskInstance &T : S->UnawaitedTasks) {
    std::string Why = WhyNotMovable(T);
    if (Why.empty())
      Why = Cost.whyCostly(T);
    if (!Why.empty())
      MissedUnawaited(T, Why);
    else
      TodoUnawaited.push_back(&T);
  }
  if (Todo.empty() && TodoUnawaited.empty())
    return PreservedAnalyses::all();

  // Rewrite, then remark.
  auto &AA = FAM.getResult<AAManager>(F);
  bool Changed = false;
  // Copies the ramp in if the inliner left it out of line, then moves the
  // frame; false when the ramp could not be inlined.
  auto Embed = [&](const TaskInstance &T, bool Awaited) {
    auto *Begin = dyn_cast<CoroBeginInst>(T.Handle);
    if (!Begin) {
      Begin = inlineSplitRamp(*cast<CallBase>(T.Handle), *T.Callee);
      Changed = true;
      if (!Begin)
        return false;
    }
    embedTaskFrame(*Begin, T, Awaited, AA);
    Changed = true;
    ++NumEmbedded;
    return true;
  };
  for (const TransferAwait *T : Todo) {
    if (!Embed(*T, /*Awaited=*/true)) {
      Missed(*T, "its ramp could not be inlined");
      continue;
    }
    uint64_t Size = taskFrameBytes(*T);
    // The report counts each coroutine's own state: what it now holds of
    // another's is said on the function, for its split clones.
    F.addFnAttr(EmbeddedFrameBytesAttr,
                std::to_string(embeddedFrameBytes(F) + Size));
    ORE.emit([&] {
      return OptimizationRemark(DEBUG_TYPE, "Embedded", T->Suspend)
             << "C++ await of '" << ore::NV("Callee", T->Callee->getName())
             << "': its frame (" << ore::NV("FrameSize", Size)
             << " bytes) is part of the caller's frame, not allocated on "
                "the heap (the task keeps its own code and handle)";
    });
  }
  for (const TaskInstance *T : TodoUnawaited) {
    // The remark's place, before the ramp call is inlined away.
    DebugLoc Loc = madeAt(*T->Handle);
    BasicBlock *At = T->Handle->getParent();
    if (!Embed(*T, /*Awaited=*/false)) {
      MissedUnawaited(*T, "its ramp could not be inlined");
      continue;
    }
    ORE.emit([&] {
      return OptimizationRemark(DEBUG_TYPE, "Embedded", Loc, At)
             << "C++ task '" << ore::NV("Callee", T->Callee->getName())
             << "' made here and not awaited by a transfer await: its frame ("
             << ore::NV("FrameSize", taskFrameBytes(*T))
             << " bytes) is in the caller's, not allocated on the heap";
    });
  }
  LLVM_DEBUG(if (verifyFunction(F, &dbgs())) dbgs()
             << "coroslim-embed-frame: " << F.getName()
             << " does not verify\n");
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

Expected<EmbedFramePass> EmbedFramePass::create(StringRef Params) {
  if (!Params.empty())
    return createStringError("takes no parameters, got '" + Params + "'");
  return EmbedFramePass();
}
