//===- FoldTransfer.cpp - Run suspend-free C++ tasks in place -------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// fold-suspend-free's C++ form. A C++20 task awaited by symmetric transfer
// reaches the caller's turn in the CGSCC walk already split (callees
// first), so there is no pre-split body to fold into a twin. What is left
// to remove is the caller's side: its suspend point for the await, the
// transfer into the task and the transfer back at the task's final
// suspend. When the shared analysis proves that resuming the task runs it
// to its final suspend on every path, without unwinding, and that it uses
// its continuation only to transfer to it there (TransferAwait), the
// caller can run the task itself:
//
//     %h = call @await_suspend.wrapper(%awaiter, %frame)
//     store @coroslim.noop.frame, %h + continuation
//     call @task.resume(%h)      ; runs to the final suspend, whose
//                                ; transfer to noop returns here
//     [store %frame, %h + continuation]   ; if anything can read it
//     br %await.resume
//
// Nothing the task does changes or moves: the same code runs in the same
// order, from a call instead of a tail call. The caller never suspends
// there, so its await state goes, and the task's handle no longer escapes
// into the transfer: LLVM's CoroElide can then put the task's frame on the
// caller's stack, where SROA dissolves it once the resume function is
// inlined. Refused awaits get a missed remark with the analysis' reason.
//
//===----------------------------------------------------------------------===//

#include "coroslim/FoldTransfer.h"
#include "coroslim/CoroShape.h"
#include "coroslim/CoroShapeAnalysis.h"
#include "coroslim/FrameEmbedding.h"
#include "coroslim/NoopCoroutine.h"
#include "coroslim/PassParams.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/Debug.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/LoopUtils.h"

using namespace llvm;
using namespace coroslim;

#define DEBUG_TYPE "coroslim-fold-transfer"

ALWAYS_ENABLED_STATISTIC(NumFolded, "C++ awaits run in place");
ALWAYS_ENABLED_STATISTIC(NumRefusedCallee,
                         "C++ awaits not folded: the task may not complete");
ALWAYS_ENABLED_STATISTIC(NumRefusedSize,
                         "C++ awaits not folded: minsize, the ramp stays out "
                         "of line");
ALWAYS_ENABLED_STATISTIC(NumFramesEmbedded,
                         "C++ tasks run in place with their frame moved into "
                         "the caller's");
ALWAYS_ENABLED_STATISTIC(NumLoopsKeptRolled,
                         "Loops around a C++ await run in place kept rolled");
ALWAYS_ENABLED_STATISTIC(NumRefusedSite,
                         "C++ awaits not folded: the await is not read");

namespace {

/// Rewrites one await (see the file comment). Returns the wrapper call, for
/// the caller to inline once every await of the function is rewritten.
/// \p RunOut receives the call that runs the task.
CallBase *runInPlace(const TransferAwait &T, const SuspendPoint &SP,
                     CoroBeginInst &CallerFrame, GlobalVariable &Noop,
                     CallInst *&RunOut) {
  CallBase *AS = T.AwaitSuspend;
  IRBuilder<> B(AS);
  // await_suspend gets the caller's frame, as before (it may read the
  // caller's promise); the noop frame replaces it as the continuation.
  Value *Args[] = {T.Awaiter, &CallerFrame};
  CallBase *Handle;
  if (auto *Inv = dyn_cast<InvokeInst>(AS))
    Handle = B.CreateInvoke(T.Wrapper, Inv->getNormalDest(),
                            Inv->getUnwindDest(), Args, "transfer.handle");
  else
    Handle = B.CreateCall(T.Wrapper, Args, "transfer.handle");
  Handle->setCallingConv(T.Wrapper->getCallingConv());
  Handle->setDebugLoc(AS->getDebugLoc());
  AS->eraseFromParent();

  // At the suspend: run the task, put back what await_suspend stored as
  // its continuation, and go on where resuming the caller would.
  CoroSuspendInst *Suspend = SP.Suspend;
  BasicBlock *BB = Suspend->getParent();
  IRBuilder<> R(Suspend);
  R.CreateStore(&Noop, R.CreateConstInBoundsGEP1_64(R.getInt8Ty(), Handle,
                                                    T.ContinuationOffset,
                                                    "transfer.noop"));
  CallInst *Run = R.CreateCall(T.Resume, {Handle});
  Run->setCallingConv(T.Resume->getCallingConv());
  Run->setDebugLoc(Suspend->getDebugLoc());
  if (T.RestoreContinuation)
    R.CreateStore(&CallerFrame, R.CreateConstInBoundsGEP1_64(
                                    R.getInt8Ty(), Handle, T.ContinuationOffset,
                                    "transfer.continuation"));
  BasicBlock *ResumeBB = SP.target(0);
  Instruction *Term = BB->getTerminator();
  bool Kept = false;
  for (BasicBlock *Succ : successors(BB)) {
    if (Succ == ResumeBB && !Kept) {
      Kept = true;
      continue;
    }
    Succ->removePredecessor(BB, /*KeepOneInputPHIs=*/true);
  }
  BranchInst::Create(ResumeBB, Term->getIterator());
  Term->eraseFromParent();
  RunOut = Run;

  // The suspend and what computed the old branch from its result.
  SmallVector<Instruction *, 4> Users;
  for (User *U : Suspend->users())
    Users.push_back(cast<Instruction>(U));
  Suspend->replaceAllUsesWith(PoisonValue::get(Suspend->getType()));
  CoroSaveInst *Save = SP.Save;
  Suspend->eraseFromParent();
  for (Instruction *U : Users)
    RecursivelyDeleteTriviallyDeadInstructions(U);
  if (Save && Save->use_empty())
    Save->eraseFromParent();
  return Handle;
}

/// Marks every loop around \p Runs (the calls that now run a task in
/// place) llvm.loop.unroll.disable, unless the program asks for unrolling
/// itself. With the await's suspend in it, such a loop's body is the whole
/// await machinery and LLVM keeps it rolled; run in place, it is a call,
/// and -O3 unrolled loops of constant trip count in full
/// (test/cxx/e2e/fold_loop.cpp: run.resume 1179 -> 2592 bytes, the
/// program's .text +1013 bytes against no plugin). Kept rolled, every level
/// gets the frame and suspend savings with no growth (1378 bytes).
unsigned keepLoopsRolled(Function &F, ArrayRef<CallInst *> Runs) {
  // The rewrite changed the CFG: a fresh dominator tree and loop nest for
  // this one look (the pass preserves no analysis anyway).
  DominatorTree DT(F);
  LoopInfo LI(DT);
  SmallPtrSet<Loop *, 4> Marked;
  LLVMContext &Ctx = F.getContext();
  MDNode *Disable =
      MDNode::get(Ctx, MDString::get(Ctx, "llvm.loop.unroll.disable"));
  for (CallInst *Run : Runs)
    for (Loop *L = LI.getLoopFor(Run->getParent()); L; L = L->getParentLoop()) {
      if (!Marked.insert(L).second ||
          hasUnrollTransformation(L) != TM_Unspecified)
        continue;
      L->setLoopID(
          makePostTransformationMetadata(Ctx, L->getLoopID(), {}, {Disable}));
    }
  return Marked.size();
}

} // namespace

PreservedAnalyses FoldTransferPass::run(Function &F,
                                        FunctionAnalysisManager &FAM) {
  if (!F.isPresplitCoroutine())
    return PreservedAnalyses::all();
  const PreSplitShape *S = getCoroShape(F, FAM).preSplit();
  if (!S || (S->TransferAwaits.empty() && S->RefusedTransferAwaits.empty()))
    return PreservedAnalyses::all();
  auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);

  // Decide: every await the analysis proved, in program order.
  struct Candidate {
    TransferAwait T;
    SuspendPoint SP;
    /// Its frame moves into the caller's here (the first await of a task
    /// object only), rather than being left to CoroElide.
    bool Embed = false;
    /// Otherwise why not, for the remark.
    std::string WhyNotEmbedded;
  };
  SmallVector<Candidate, 2> Todo;
  for (const auto &[Suspend, Why] : S->RefusedTransferAwaits) {
    ++NumRefusedSite;
    ORE.emit([&, Suspend = Suspend, Why = Why] {
      return OptimizationRemarkMissed(DEBUG_TYPE, "NotFolded", Suspend)
             << "C++ await not run in place: " << Why;
    });
  }
  for (const TransferAwait &T : S->TransferAwaits) {
    if (!T.WhyNotRunsToCompletion.empty()) {
      ++NumRefusedCallee;
      ORE.emit([&] {
        return OptimizationRemarkMissed(DEBUG_TYPE, "NotFolded", T.Suspend)
               << "C++ await of '" << ore::NV("Callee", T.Callee->getName())
               << "' not run in place: " << T.WhyNotRunsToCompletion;
      });
      continue;
    }
    // Under minsize (-Oz) a run in place pays for itself only when the
    // task's frame goes too, which needs its ramp in the caller; copying a
    // ramp that has other callers grows the code (bench/sensor at -Oz).
    // A ramp called by invoke brings its unwind path along (-fexceptions):
    // test/cxx/switch_arms_size.cpp grew by a byte at -Oz with it.
    if (rampCopyGrowsUnderMinSize(F, T)) {
      ++NumRefusedSize;
      ORE.emit([&] {
        return OptimizationRemarkMissed(DEBUG_TYPE, "NotFolded", T.Suspend)
               << "C++ await of '" << ore::NV("Callee", T.Callee->getName())
               << "' not run in place: under minsize its frame would stay "
                  "on the heap ("
               << (isa<InvokeInst>(T.Handle)
                       ? "its ramp is invoked, and inlining it with its "
                         "unwind path, so that CoroElide can remove the "
                         "frame, would grow the code)"
                       : "its ramp has several callers, and inlining it "
                         "into each, so that CoroElide can remove the "
                         "frame, would grow the code)");
      });
      continue;
    }
    Todo.push_back({T, *S->find(T.Suspend), /*Embed=*/false, {}});
  }
  if (Todo.empty())
    return PreservedAnalyses::all();
  // A task run in place whose frame the analysis proves dies with the
  // caller (TransferAwait::WhyNotEmbeddable) has it moved into the
  // caller's here, by coroslim-embed-frame's rewrite and cost rules.
  // CoroElide, which would otherwise do it, often cannot prove that under
  // -fexceptions (a destroy in a landing pad behind the destructor's null
  // test); a refusal leaves the frame to it.
  FrameEmbeddingCost Cost(F, *S);
  SmallPtrSet<const Instruction *, 2> Embedding;
  for (Candidate &C : Todo) {
    if (C.T.Form == AwaitSite::HandleForm::ElidedFrame ||
        Embedding.contains(C.T.Handle))
      continue; // on the stack already, or with the task's first await
    C.WhyNotEmbedded = C.T.WhyNotEmbeddable.empty() ? Cost.whyCostly(C.T)
                                                    : C.T.WhyNotEmbeddable;
    C.Embed = C.WhyNotEmbedded.empty();
    if (C.Embed)
      Embedding.insert(C.T.Handle);
  }
  GlobalVariable *Noop = noopCoroutine(*F.getParent(), CreateNoop);
  if (!Noop) {
    for (const Candidate &C : Todo)
      ORE.emit([&] {
        return OptimizationRemarkMissed(DEBUG_TYPE, "NotFolded", C.T.Suspend)
               << "C++ await of '" << ore::NV("Callee", C.T.Callee->getName())
               << "' not run in place: the module has no noop coroutine "
                  "frame (coroslim-noop-coroutine<make> makes it before the "
                  "CGSCC walk; it is disabled)";
      });
    return PreservedAnalyses::all();
  }

  // Rewrite. The shape's facts point into the IR this changes: copy what
  // is needed first (Todo), and the caller's frame.
  CoroBeginInst &CallerFrame = *S->Begin;
  // A task object awaited more than once has one ramp call for several
  // awaits: each call is inlined once.
  SmallVector<CallBase *, 2> Wrappers;
  SmallVector<CallInst *, 2> Runs;
  SmallSetVector<CallBase *, 2> Ramps;
  // Where each await was, for its remark once the rewrite knows where its
  // frame went (the suspend is gone by then).
  SmallVector<std::pair<DebugLoc, BasicBlock *>, 2> Where;
  for (const Candidate &C : Todo) {
    Where.push_back({C.T.Suspend->getDebugLoc(), C.T.Suspend->getParent()});
    Wrappers.push_back(
        runInPlace(C.T, C.SP, CallerFrame, *Noop, Runs.emplace_back()));
    // A ramp the inliner left out of line (-Os, -Oz) allocates the frame
    // where CoroElide cannot see it. Its handle now escapes nowhere, so
    // inlining the split ramp lets CoroElide put the frame on the stack.
    if (C.T.Form == AwaitSite::HandleForm::SplitRampCall)
      Ramps.insert(cast<CallBase>(C.T.Handle));
    ++NumFolded;
  }
  DenseMap<const Instruction *, CoroBeginInst *> InlinedBegin;
  for (CallBase *Ramp : Ramps)
    if (CoroBeginInst *Begin =
            inlineSplitRamp(*Ramp, *Ramp->getCalledFunction()))
      InlinedBegin[Ramp] = Begin;
  // Before the unreachable blocks go: the task's destroys there are among
  // the calls the rewrite redirects.
  auto &AA = FAM.getResult<AAManager>(F);
  SmallPtrSet<const Instruction *, 2> Embedded;
  for (const Candidate &C : Todo) {
    if (!C.Embed)
      continue;
    auto *Begin = C.T.Form == AwaitSite::HandleForm::InlinedRamp
                      ? cast<CoroBeginInst>(C.T.Handle)
                      : InlinedBegin.lookup(C.T.Handle);
    if (!Begin)
      continue;
    embedTaskFrame(*Begin, C.T, /*Awaited=*/true, AA);
    Embedded.insert(C.T.Handle);
    ++NumFramesEmbedded;
  }
  for (auto [C, At] : zip(Todo, Where))
    ORE.emit([&, &C = C, &At = At] {
      return OptimizationRemark(DEBUG_TYPE, "Folded", At.first, At.second)
             << "C++ await of '" << ore::NV("Callee", C.T.Callee->getName())
             << "' runs it in place: no suspend point and no symmetric "
                "transfer ("
             << (C.T.Form == AwaitSite::HandleForm::ElidedFrame
                     ? "its frame is already on the caller's stack"
                 : Embedded.count(C.T.Handle)
                     ? "its frame is part of the caller's"
                     : "its frame is left to CoroElide")
             << (C.WhyNotEmbedded.empty() || Embedded.count(C.T.Handle)
                     ? ""
                     : ": " + C.WhyNotEmbedded)
             << ")";
    });
  // await_suspend is clang's one-use wrapper; inlining it here lets SROA
  // see the awaiter and CoroElide the task's handle in this same pipeline.
  for (CallBase *W : Wrappers) {
    InlineFunctionInfo IFI;
    (void)InlineFunction(*W, IFI);
  }
  removeUnreachableBlocks(F);
  NumLoopsKeptRolled += keepLoopsRolled(F, Runs);
  LLVM_DEBUG(if (verifyFunction(F, &dbgs())) dbgs()
             << "coroslim-fold-transfer: " << F.getName()
             << " does not verify\n");
  return PreservedAnalyses::none();
}

Expected<FoldTransferPass> FoldTransferPass::create(StringRef Params) {
  bool CreateNoop = true;
  Expected<SmallVector<PassParam, 4>> Entries = splitPassParams(Params);
  if (!Entries)
    return Entries.takeError();
  for (const PassParam &P : *Entries) {
    if (P.Key == "noop" && (P.Value == "create" || P.Value == "existing"))
      CreateNoop = P.Value == "create";
    else
      return createStringError("unknown parameter '" + P.Text +
                               "' (expected noop=create|existing)");
  }
  return FoldTransferPass(CreateNoop);
}

void FoldTransferPass::printPipeline(
    raw_ostream &OS, function_ref<StringRef(StringRef)> MapClassName2PassName) {
  PassInfoMixin<FoldTransferPass>::printPipeline(OS, MapClassName2PassName);
  OS << "<noop=" << (CreateNoop ? "create" : "existing") << '>';
}
