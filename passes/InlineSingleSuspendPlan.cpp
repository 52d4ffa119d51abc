//===- InlineSingleSuspendPlan.cpp - What an inlinable await must be -----===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// The recognising half of coroslim-inline-single-suspend
// (passes/InlineSingleSuspend.cpp): planCallee checks an awaited
// coroutine and records what the rewrite needs of it, planAwait does the
// same for one await of it. Every refusal says why; nothing here changes
// the IR. The pass decides (limits, cost) and the rewrite
// (passes/InlineSingleSuspendRewrite.cpp) inlines.
//
//===----------------------------------------------------------------------===//

#include "coroslim/InlineSingleSuspendPlan.h"
#include "coroslim/AwaitRewrite.h"
#include "coroslim/CoroShape.h"
#include "coroslim/CoroShapeAnalysis.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;
using namespace coroslim;
using namespace coroslim::inlinesuspend;

namespace {

//===----------------------------------------------------------------------===//
// Small CFG helpers
//===----------------------------------------------------------------------===//

/// Follows blocks that hold nothing but an unconditional branch.
BasicBlock *skipEmpty(BasicBlock *BB, SmallVectorImpl<BasicBlock *> *Path) {
  SmallPtrSet<BasicBlock *, 8> Seen;
  while (BB && Seen.insert(BB).second) {
    auto *Br = dyn_cast<BranchInst>(BB->getFirstNonPHIOrDbg());
    if (!Br || Br->isConditional() || !BB->phis().empty())
      return BB;
    if (Path)
      Path->push_back(BB);
    BB = Br->getSuccessor(0);
  }
  return BB;
}

/// True when nothing happens on the way from \p BB (entered from \p Pred)
/// to the coroutine's return: blocks with only phis and a branch they
/// decide, then a block that starts with llvm.coro.end.
bool returnsAtOnce(BasicBlock *Pred, BasicBlock *BB) {
  SmallPtrSet<BasicBlock *, 8> Seen;
  while (BB && Seen.insert(BB).second) {
    Instruction *First = &*BB->getFirstNonPHIOrDbg();
    if (isa<CoroEndInst>(First))
      return isa<ReturnInst>(First->getNextNode());
    for (Instruction &I : *BB)
      if (!isa<PHINode>(I) && !I.isTerminator() && !I.isLifetimeStartOrEnd() &&
          (I.mayHaveSideEffects() || any_of(I.users(), [BB](User *U) {
             return cast<Instruction>(U)->getParent() != BB;
           })))
        return false;
    BasicBlock *Next = takenSuccessor(BB, Pred);
    Pred = BB;
    BB = Next;
  }
  return false;
}

//===----------------------------------------------------------------------===//
// The callee
//===----------------------------------------------------------------------===//

/// Checks one suspend point's consumer: it ends the suspend's block, the
/// suspend has no other use, and the resume edge is a separate edge.
bool readEdges(const SuspendPoint &SP, bool NeedsResume, std::string &Why) {
  if (!SP.OnlyBranchedOn) {
    Why = "the result of one of its suspends is used other than to branch";
    return false;
  }
  BasicBlock *Destroy = SP.target(1);
  BasicBlock *Return = SP.target(-1);
  if (!Destroy || !Return) {
    Why = "one of its suspend points has no destroy or suspend-return edge";
    return false;
  }
  if (!returnsAtOnce(SP.Suspend->getParent(), Return)) {
    Why = "it runs code on the way out when it suspends";
    return false;
  }
  if (!NeedsResume)
    return true;
  BasicBlock *Resume = SP.target(0);
  unsigned Edges =
      Resume ? count(successors(SP.Suspend->getParent()), Resume) : 0;
  if (Edges != 1 || Resume == Destroy || Resume == Return) {
    Why = "the resume edge of one of its suspends is not a separate edge";
    return false;
  }
  return true;
}

} // namespace

bool coroslim::inlinesuspend::planCallee(Function &Callee,
                                         FunctionAnalysisManager &FAM,
                                         unsigned MaxSuspends, CalleePlan &P,
                                         std::string &Why) {
  if (Callee.isDeclaration()) {
    Why = "it is not defined in this module";
    return false;
  }
  const CoroShapeInfo &Info = getCoroShape(Callee, FAM);
  const CalleeSummary *Sum = Info.asCallee();
  if (!Sum) {
    Why =
        "it is not a pre-split coroutine (" + Info.whyNotPreSplit().str() + ")";
    return false;
  }
  if (!Sum->Refusal.empty()) {
    Why = Sum->Refusal;
    return false;
  }
  // Before the checks of the return paths, which such a use also fails.
  if (Sum->UsesCoroEndResult) {
    Why = compat::CoroEndResultRefusal;
    return false;
  }
  if (Callee.hasFnAttribute(Attribute::NoInline)) {
    Why = "it is marked noinline";
    return false;
  }
  for (Argument &A : Callee.args())
    if (A.hasByValAttr() || A.hasInAllocaAttr() || A.hasPreallocatedAttr() ||
        A.hasStructRetAttr()) {
      Why = "it takes an argument in memory (byval, sret, ...)";
      return false;
    }
  P.Shape = Info.preSplit();
  const PreSplitShape &Sh = *P.Shape;
  if (!Sum->Initial) {
    Why = "it does not start lazily (no initial suspend)";
    return false;
  }
  unsigned N = Sum->internalSuspends();
  if (N == 0) {
    Why = "it has no internal suspend point (coroslim-fold-suspend-free's "
          "case)";
    return false;
  }
  if (N > MaxSuspends) {
    Why = "it has " + std::to_string(N) + " internal suspend points (at most " +
          std::to_string(MaxSuspends) +
          " allowed by -coroslim-inline-max-suspends)";
    return false;
  }
  if (!Sum->Done) {
    Why = Sum->CompletionRefusal;
    return false;
  }
  P.Done = *Sum->Done;
  if (Sh.Suspends.size() != N + 2) {
    Why = "it has more than one completion point";
    return false;
  }
  P.Initial = Sum->Initial;
  P.Internal.assign(Sum->Internal.begin(), Sum->Internal.end());
  for (const SuspendPoint &SP : Sh.Suspends)
    if (!readEdges(SP,
                   SP.Kind != SuspendKind::Final &&
                       SP.Kind != SuspendKind::CheckedCompletion,
                   Why))
      return false;
  // Only an allocation behind llvm.coro.alloc goes away with the frame;
  // any other would be left behind, once per await, never freed.
  if (!Sum->AllocationRefusal.empty()) {
    Why = Sum->AllocationRefusal;
    return false;
  }
  if (!Sum->Promise) {
    Why = Sum->PromiseRefusal;
    return false;
  }
  P.Promise = &*Sum->Promise;
  P.BodySize = Sum->Size;
  P.MachinerySize = Sum->MachinerySize;

  // Instructions: no exception handling, static allocas only, no coroutine
  // intrinsic it cannot rewrite, coro.end only as a plain return, and a
  // frame free that does nothing once the frame is gone.
  if (Sum->HasEHOrIndirectBranch) {
    Why = "it uses exception handling or indirect branches";
    return false;
  }
  if (Sum->HasDynamicAlloca) {
    Why = "it has a dynamic alloca";
    return false;
  }
  if (Sum->HasMustTailCall) {
    Why = "it has a musttail call";
    return false;
  }
  if (IntrinsicInst *II = Sum->firstDisallowedIntrinsic(AwaitPass::Inline)) {
    Why = "it uses " + II->getCalledFunction()->getName().str();
    return false;
  }
  if (!Sum->EndsArePlainReturns) {
    Why = "its llvm.coro.end is not a plain return";
    return false;
  }
  if (Sum->GoesFromPromiseToFrame) {
    Why = "it uses llvm.coro.promise to go from promise to frame";
    return false;
  }
  // Once inlined, the callee has no frame and its coro.free is null, as
  // after CoroElide.
  if (!Sum->FreeRefusal.empty()) {
    Why = Sum->FreeRefusal;
    return false;
  }
  for (BasicBlock &BB : Callee)
    if (isa<ReturnInst>(BB.getTerminator()) && !findCoroEnd(BB)) {
      Why = "it returns without llvm.coro.end";
      return false;
    }
  // Its own frame addresses (llvm.coro.promise on its handle, a GEP of it)
  // become addresses in the promise's copy; without a promise they have
  // nothing to map to.
  if (!P.Promise->Promise && !P.Promise->Addresses.empty()) {
    Why = "it computes addresses in its frame but has no promise";
    return false;
  }
  for (User *U : Sh.Id->users())
    if (!isa<CoroAllocInst, CoroBeginInst, CoroFreeInst>(U)) {
      Why = "its llvm.coro.id is used by " +
            std::string(cast<Instruction>(U)->getOpcodeName());
      return false;
    }
  // The handle of the callee must be used only by what the rewrite removes.
  SmallPtrSet<const Instruction *, 8> Addr;
  for (auto &[I, Off] : P.Promise->Addresses)
    Addr.insert(I);
  for (User *U : Sh.Begin->users()) {
    auto *I = cast<Instruction>(U);
    if (!Addr.count(I) &&
        !isa<CoroFreeInst, CoroEndInst, CoroSaveInst, ReturnInst>(I) &&
        !(isa<CoroPromiseInst>(I) && I->use_empty())) {
      Why = "its own handle escapes (" + std::string(I->getOpcodeName()) + ")";
      return false;
    }
  }

  // From its start, the callee reaches its return only through a suspend.
  BasicBlock &Entry = Callee.getEntryBlock();
  auto IsSuspendBlock = [&](BasicBlock *BB) -> const SuspendPoint * {
    for (const SuspendPoint &SP : Sh.Suspends)
      if (SP.Suspend->getParent() == BB)
        return &SP;
    return nullptr;
  };
  // (Edges are followed as takenSuccessor allows, so that a cleanup-
  // destination switch does not count as a way out.)
  DenseSet<std::pair<BasicBlock *, BasicBlock *>> Seen;
  SmallVector<std::pair<BasicBlock *, BasicBlock *>, 16> Work{
      {nullptr, &Entry}};
  while (!Work.empty()) {
    auto [Pred, BB] = Work.pop_back_val();
    if (!Seen.insert({Pred, BB}).second)
      continue;
    if (findCoroEnd(*BB) || isa<ReturnInst>(BB->getTerminator())) {
      Why = "it can finish without reaching its completion point";
      return false;
    }
    for (Instruction &I : *BB)
      if (isa<CoroFreeInst>(&I)) {
        Why = "it can free its frame without being destroyed";
        return false;
      }
    if (const SuspendPoint *SP = IsSuspendBlock(BB)) {
      if (SP != P.Done.SP)
        Work.push_back({BB, SP->target(0)});
      continue;
    }
    if (BasicBlock *Next = takenSuccessor(BB, Pred))
      Work.push_back({BB, Next});
    else
      for (BasicBlock *Next : successors(BB))
        Work.push_back({BB, Next});
  }

  // The cleanup run when destroyed at each suspend point.
  SmallVector<const SuspendPoint *, 4> Destroyable(P.Internal.begin(),
                                                   P.Internal.end());
  Destroyable.push_back(P.Done.SP);
  for (const SuspendPoint *SP : Destroyable) {
    CalleePlan::CleanupRegion &R = P.Region[SP->Suspend];
    SmallPtrSet<BasicBlock *, 16> In;
    DenseSet<std::pair<BasicBlock *, BasicBlock *>> SeenEdge;
    SmallVector<std::pair<BasicBlock *, BasicBlock *>, 8> W{
        {SP->Suspend->getParent(), SP->target(1)}};
    while (!W.empty()) {
      auto [Pred, BB] = W.pop_back_val();
      if (!SeenEdge.insert({Pred, BB}).second)
        continue;
      if (In.insert(BB).second) {
        if (IsSuspendBlock(BB) || BB == &Entry) {
          Why = "its cleanup suspends";
          return false;
        }
        R.Blocks.push_back(BB);
        R.Taken[BB];
      }
      SmallPtrSet<BasicBlock *, 2> &T = R.Taken[BB];
      if (BasicBlock *Next = takenSuccessor(BB, Pred)) {
        T.insert(Next);
        W.push_back({BB, Next});
      } else {
        for (BasicBlock *Next : successors(BB)) {
          T.insert(Next);
          W.push_back({BB, Next});
        }
      }
    }
  }
  return true;
}

namespace {

//===----------------------------------------------------------------------===//
// The await
//===----------------------------------------------------------------------===//

/// True for a constant GEP of the handle \p H or llvm.coro.promise(\p H).
bool isHandleAddress(const Instruction &I, const Value *H) {
  if (auto *GEP = dyn_cast<GetElementPtrInst>(&I))
    return GEP->getPointerOperand() == H && GEP->hasAllConstantIndices();
  if (auto *P = dyn_cast<CoroPromiseInst>(&I))
    return P->getArgOperand(0) == H && !P->isFromPromise();
  return false;
}

} // namespace

std::optional<AwaitPlan>
coroslim::inlinesuspend::planAwait(const PreSplitShape &S, const AwaitSite &A,
                                   const CalleePlan &P, DominatorTree &DT,
                                   std::string &Why) {
  const DataLayout &DL = S.F->getDataLayout();
  AwaitPlan AP;
  AP.LoopSP = S.find(A.LoopSuspend);
  CallInst *Ramp = A.Ramp;
  if (!AP.LoopSP || Ramp->isMustTailCall() ||
      Ramp->arg_size() != A.Callee->arg_size() ||
      Ramp->getFunctionType() != A.Callee->getFunctionType()) {
    Why = "the call of the coroutine does not match its definition";
    return std::nullopt;
  }
  if (!A.Callee->hasFnAttribute(Attribute::NoUnwind) ||
      S.F->getFnAttribute("target-features") !=
          A.Callee->getFnAttribute("target-features") ||
      S.F->getFnAttribute("target-cpu") !=
          A.Callee->getFnAttribute("target-cpu")) {
    Why = "the callee may unwind or has other target attributes";
    return std::nullopt;
  }
  // What LLVM's inliner requires of caller and callee (sanitizers, null
  // pointer semantics, ...), and a noinline on the call itself.
  if (!AttributeFuncs::areInlineCompatible(*S.F, *A.Callee)) {
    Why = "caller and callee have attributes that forbid inlining one into "
          "the other";
    return std::nullopt;
  }
  if (Ramp->isNoInline()) {
    Why = "the call of the coroutine is marked noinline";
    return std::nullopt;
  }
  // Every use of the handle is one the rewrite removes or redirects.
  for (User *U : Ramp->users()) {
    auto *I = cast<Instruction>(U);
    if (auto *LI = dyn_cast<LoadInst>(I); LI && LI != A.DoneLoad) {
      Why = "the handle's resume pointer is read outside the done test";
      return std::nullopt;
    }
    if (auto *II = dyn_cast<IntrinsicInst>(I);
        II && II->getIntrinsicID() == Intrinsic::coro_done &&
        II != A.DoneBranch->getCondition()) {
      Why = "the handle is tested with llvm.coro.done outside the await";
      return std::nullopt;
    }
  }
  auto CheckRead = [&](LoadInst *LI) {
    std::optional<int64_t> Off =
        handleOffset(LI->getPointerOperand(), Ramp, DL);
    return Off && P.Promise->contains(
                      *Off, DL.getTypeStoreSize(LI->getType()).getFixedValue());
  };
  for (LoadInst *LI : A.PromiseReads)
    if (!CheckRead(LI)) {
      Why = "the caller reads the callee's frame outside its promise";
      return std::nullopt;
    }
  if (A.DoneKind == DoneTestKind::PromiseFlag && !CheckRead(A.DoneLoad)) {
    Why = "the done flag is not in the callee's promise";
    return std::nullopt;
  }

  // The loop block: nothing with an effect before the resume (it runs once
  // now), only the done test after it.
  BasicBlock *LoopBB = A.Loop;
  if (Ramp->getParent() == LoopBB || !LoopBB->phis().empty()) {
    Why = "the await loop is not the plain resume / done test";
    return std::nullopt;
  }
  bool After = false;
  for (Instruction &I : *LoopBB) {
    if (&I == A.Resume) {
      After = true;
      continue;
    }
    if (I.isTerminator())
      break;
    // llvm.coro.done (the done test before CoroEarly) is modelled as
    // writing memory, but it only reads the handle's resume pointer.
    bool IsCoroDone = A.DoneKind == DoneTestKind::CoroDone &&
                      &I == A.DoneBranch->getCondition();
    if (I.mayHaveSideEffects() && !isa<CoroSubFnInst>(I) && !IsCoroDone) {
      Why = "the await loop does more than resume and test the callee";
      return std::nullopt;
    }
    // Before the resume, a read would now happen once instead of on every
    // round of the loop.
    if (!After && I.mayReadFromMemory() && !isa<CoroSubFnInst>(I)) {
      Why = "the await loop reads memory before resuming the callee";
      return std::nullopt;
    }
    if (After && any_of(I.users(), [&](User *U) {
          return cast<Instruction>(U)->getParent() != LoopBB;
        })) {
      // The address of a promise field, reused after the await, moves up
      // to the ramp; anything else cannot outlive the done test.
      if (isHandleAddress(I, Ramp))
        AP.Hoist.push_back(&I);
      else {
        Why = "a value of the done test is used after the await";
        return std::nullopt;
      }
    }
  }
  // Loop is entered once after the ramp, and again only from the caller's
  // await suspend.
  SmallVector<BasicBlock *, 4> ResumePath;
  const SuspendPoint &LSP = *AP.LoopSP;
  if (skipEmpty(LSP.Resume, &ResumePath) != LoopBB) {
    Why = "resuming the caller does not go straight back to the resume";
    return std::nullopt;
  }
  BasicBlock *BackPred =
      ResumePath.empty() ? LSP.Suspend->getParent() : ResumePath.back();
  auto Entered = [&]() -> std::optional<AwaitPlan> {
    Why = "the await loop is entered from elsewhere";
    return std::nullopt;
  };
  for (BasicBlock *BB : ResumePath)
    if (!BB->getSinglePredecessor())
      return Entered();
  unsigned Preds = 0;
  for (BasicBlock *Pred : predecessors(LoopBB)) {
    ++Preds;
    if (Pred != BackPred && !DT.dominates(Ramp, Pred->getTerminator()))
      return Entered();
  }
  if (Preds != 2)
    return Entered();
  if (LSP.Resume == LSP.Destroy || LSP.Resume == LSP.SuspendReturn) {
    Why = "the caller's await suspend has a shared resume edge";
    return std::nullopt;
  }
  // The pending path: single-entry blocks without phis up to the suspend.
  SmallVector<BasicBlock *, 4> PendingPath;
  BasicBlock *SuspendBB = skipEmpty(A.Pending, &PendingPath);
  PendingPath.push_back(SuspendBB);
  if (SuspendBB != LSP.Suspend->getParent())
    return Entered();
  for (BasicBlock *BB : PendingPath)
    if (!BB->getSinglePredecessor() || !BB->phis().empty())
      return Entered();

  // Destroys: one on the caller's destroy edge (the callee is at an
  // internal suspend), the others after the ready edge (at completion).
  BasicBlockEdge DestroyEdge(LSP.Suspend->getParent(), LSP.Destroy);
  BasicBlockEdge ReadyEdge(LoopBB, A.Ready);
  for (Instruction *D : A.Destroys) {
    if (!isa<CallInst>(D)) {
      Why = "the callee is destroyed by an invoke";
      return std::nullopt;
    }
    if (LSP.Destroy && DT.dominates(DestroyEdge, D->getParent()) &&
        !AP.PendingDestroy) {
      AP.PendingDestroy = D;
    } else if (DT.dominates(ReadyEdge, D->getParent())) {
      AP.ReadyDestroys.push_back(D);
    } else {
      Why = "the callee is destroyed where it may not have completed";
      return std::nullopt;
    }
  }
  if (!AP.PendingDestroy) {
    Why = "destroying the caller while it awaits does not destroy the callee";
    return std::nullopt;
  }

  // What the done test sees at each suspend point of the callee.
  if (!awaitSeesDone(A, P.Done, *P.Promise, Why))
    return std::nullopt;
  for (const SuspendPoint *SP : P.Internal) {
    std::optional<bool> Done = doneTestAt(A, *SP, *P.Promise, Why);
    if (!Done)
      return std::nullopt;
    if (*Done) {
      Why = "the await's done test says done at the callee's internal "
            "suspend";
      return std::nullopt;
    }
  }

  AP.Size = P.BodySize;
  for (const SuspendPoint *SP : P.Internal)
    AP.Size += P.regionSize(*SP);
  AP.Size += P.regionSize(*P.Done.SP) * AP.ReadyDestroys.size();
  return AP;
}
