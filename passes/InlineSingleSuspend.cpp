//===- InlineSingleSuspend.cpp - Inline awaited single-suspend coroutines -===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// coroslim-inline-single-suspend. An await (docs/design.md, "The await idiom")
//
//     %h = call ptr @callee(args)                          ; ramp
//     loop:    resume(%h); br done(%h), %ready, %pending
//     pending: <caller code>; caller suspend; resume -> loop
//              destroy -> destroy(%h), caller cleanup
//     ready:   reads of the promise; destroy(%h)
//
// of a callee with one internal suspend point S becomes
//
//     <clone of the callee's ramp>          ; up to its initial suspend
//     <caller code between the ramp and the resume>
//     <clone of the callee's body>          ; from the initial suspend on
//        at S:          br %pending         ; the caller suspends for it
//        at completion: br %ready
//     pending: <caller code>; caller suspend; resume -> S's continuation
//              destroy -> <clone of the callee's cleanup at S, without
//                          the frame free>, caller cleanup
//     ready:   reads of the promise, now a local (an alloca) of the caller;
//              <clone of the callee's cleanup at completion>
//
// The executor sees the same suspends in the same order: each time the
// callee would suspend at S, the caller suspends; each time it is resumed,
// the callee continues where it left off. Which arm the caller's done test
// takes after S and after the completion point is proven from the stores to
// the promise (AwaitRewrite.h), not assumed. With
// -coroslim-inline-max-suspends=N > 1 a callee may have N internal suspend
// points; a small state variable then says which one the caller's suspend
// stands for.
//
// The cloning follows LLVM's InlineFunction (CloneBasicBlock + a value map,
// inlined-at debug locations); the callee's CFG is kept as it is, so its SSA
// form carries over. Every suspend of the callee is replaced, and the parts
// of the caller's await loop that only fed the callee (the resume, the done
// test, the destroys) are deleted.
//
//===----------------------------------------------------------------------===//

#include "coroslim/InlineSingleSuspend.h"
#include "coroslim/AwaitRewrite.h"
#include "coroslim/CoroShape.h"
#include "coroslim/CoroShapeAnalysis.h"
#include "coroslim/PassParams.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/SSAUpdater.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

using namespace llvm;
using namespace coroslim;

#define DEBUG_TYPE "coroslim-inline-single-suspend"

ALWAYS_ENABLED_STATISTIC(NumInlined, "Awaits inlined");
ALWAYS_ENABLED_STATISTIC(NumCalleesDeleted,
                         "Callees deleted after every await of them "
                         "was inlined");
ALWAYS_ENABLED_STATISTIC(NumRefusedRecursion, "Awaits not inlined: recursion");
ALWAYS_ENABLED_STATISTIC(NumRefusedCallee, "Awaits not inlined: the callee");
ALWAYS_ENABLED_STATISTIC(NumRefusedSite, "Awaits not inlined: the await site");
ALWAYS_ENABLED_STATISTIC(NumRefusedSize, "Awaits not inlined: the size limit");
ALWAYS_ENABLED_STATISTIC(NumRefusedNotAwait,
                         "Ramp calls not in the await idiom");
ALWAYS_ENABLED_STATISTIC(
    NumRefusedUnknownCallee,
    "Resumed handles of coroutines not defined here or called "
    "indirectly");

// Both limits are at least 1, in both spellings: 0 would inline nothing,
// which -coroslim-disable says explicitly.
static cl::opt<unsigned, false, UnsignedFlagParser<1>> MaxSuspendsOpt(
    "coroslim-inline-max-suspends", cl::init(1), cl::value_desc("N"),
    cl::desc("coroslim-inline-single-suspend: inline awaited coroutines "
             "with at most this many internal suspend points (default 1)"));

// Counted like this, a C runtime coroutine that waits once and returns a
// value is 60-110 instructions (its ramp, allocation and cleanup included,
// which mostly fold away); one that awaits two such callees is ~260. The
// limit keeps one await from duplicating a large coroutine (the cleanup is
// cloned once more per destroy site). The defaults, 1 suspend and 250
// instructions, are measured (`scripts/inline-figures --grid`,
// docs/passes/inline-single-suspend.md): no bench, example or e2e program
// grows by more than 2 % of .text against inlining off at -O2 or -Os (at
// 300, protocol_parser grew 8 %), and chains still collapse (raw-chain.c).
static cl::opt<unsigned, false, UnsignedFlagParser<1>> MaxSizeOpt(
    "coroslim-inline-max-size", cl::init(250), cl::value_desc("N"),
    cl::desc("coroslim-inline-single-suspend: most instructions cloned into "
             "the caller for one await (default 250)"));

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

CoroEndInst *findCoroEnd(BasicBlock &BB) {
  for (Instruction &I : BB)
    if (auto *E = dyn_cast<CoroEndInst>(&I))
      return E;
  return nullptr;
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

/// Replaces the terminator of \p BB, which must end in llvm.coro.suspend's
/// consumer (switch or icmp + br), by `br Target` and deletes the suspend.
/// The successor \p Keep gets \p KeepPred as its predecessor in place of
/// \p BB; every other old successor loses \p BB.
void replaceSuspend(CoroSuspendInst *CS, BasicBlock *Target, BasicBlock *Keep,
                    BasicBlock *KeepPred) {
  BasicBlock *BB = CS->getParent();
  Instruction *Term = BB->getTerminator();
  for (BasicBlock *Succ : successors(Term)) {
    if (Succ == Keep)
      Succ->replacePhiUsesWith(BB, KeepPred);
    else
      Succ->removePredecessor(BB, /*KeepOneInputPHIs=*/true);
  }
  Value *Cond = nullptr;
  if (auto *SI = dyn_cast<SwitchInst>(Term))
    Cond = SI->getCondition();
  else if (auto *Br = dyn_cast<BranchInst>(Term); Br && Br->isConditional())
    Cond = Br->getCondition();
  Term->eraseFromParent();
  // The consumer chain: a sext/zext or icmp of the suspend's result.
  while (auto *I = dyn_cast_or_null<Instruction>(Cond)) {
    if (I == CS || !I->use_empty())
      break;
    Cond = I->getOperand(0);
    I->eraseFromParent();
  }
  CoroSaveInst *Save = CS->getCoroSave();
  if (!CS->use_empty())
    CS->replaceAllUsesWith(PoisonValue::get(CS->getType()));
  CS->eraseFromParent();
  if (Save && Save->use_empty())
    Save->eraseFromParent();
  BranchInst::Create(Target, BB);
}

/// Frame offset of \p Ptr, an address computed from the awaited handle \p H
/// (constant GEPs, llvm.coro.promise); std::nullopt if it is not one.
std::optional<int64_t> handleOffset(const Value *Ptr, const Value *H,
                                    const DataLayout &DL) {
  APInt Off(DL.getIndexTypeSizeInBits(Ptr->getType()), 0);
  const Value *Base = Ptr->stripAndAccumulateConstantOffsets(
      DL, Off, /*AllowNonInbounds=*/true);
  if (Base == H)
    return Off.getSExtValue();
  if (auto *P = dyn_cast<CoroPromiseInst>(Base);
      P && P->getArgOperand(0) == H && !P->isFromPromise())
    return promiseFrameOffset(DL, P->getAlignment()) + Off.getSExtValue();
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// The callee
//===----------------------------------------------------------------------===//

/// What inlining needs to know about an awaited coroutine, independent of
/// the await.
struct CalleePlan {
  /// The callee's shape and promise, as its cached CalleeSummary has them.
  const PreSplitShape *Shape = nullptr;
  const PromiseLayout *Promise = nullptr;
  Completion Done;
  const SuspendPoint *Initial = nullptr;
  SmallVector<const SuspendPoint *, 2> Internal;
  /// The blocks that run when the callee is destroyed at a suspend point:
  /// the destroy edge's target and everything it reaches, and for each of
  /// them the successors that can be taken on the way (takenSuccessor).
  struct CleanupRegion {
    SmallVector<BasicBlock *, 8> Blocks;
    DenseMap<const BasicBlock *, SmallPtrSet<BasicBlock *, 2>> Taken;
  };
  DenseMap<const CoroSuspendInst *, CleanupRegion> Region;
  unsigned BodySize = 0;

  unsigned regionSize(const SuspendPoint &SP) const {
    unsigned N = 0;
    for (BasicBlock *BB : Region.find(SP.Suspend)->second.Blocks)
      N += BB->sizeWithoutDebug();
    return N;
  }
};

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

/// Fills \p P for an inlinable \p Callee, reading the facts of its
/// CalleeSummary in the order the remarks want them; false with \p Why
/// otherwise.
bool planCallee(Function &Callee, FunctionAnalysisManager &FAM,
                unsigned MaxSuspends, CalleePlan &P, std::string &Why) {
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

//===----------------------------------------------------------------------===//
// The await
//===----------------------------------------------------------------------===//

/// The parts of the caller's await that the rewrite touches.
struct AwaitPlan {
  const SuspendPoint *LoopSP = nullptr;
  Instruction *PendingDestroy = nullptr;
  SmallVector<Instruction *, 2> ReadyDestroys;
  /// Addresses in the callee's frame computed in the await loop and used
  /// after it: they move to right after the ramp.
  SmallVector<Instruction *, 2> Hoist;
  unsigned Size = 0; ///< instructions cloned
};

/// True for a constant GEP of the handle \p H or llvm.coro.promise(\p H).
bool isHandleAddress(const Instruction &I, const Value *H) {
  if (auto *GEP = dyn_cast<GetElementPtrInst>(&I))
    return GEP->getPointerOperand() == H && GEP->hasAllConstantIndices();
  if (auto *P = dyn_cast<CoroPromiseInst>(&I))
    return P->getArgOperand(0) == H && !P->isFromPromise();
  return false;
}

std::optional<AwaitPlan> planAwait(const PreSplitShape &S, const AwaitSite &A,
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

//===----------------------------------------------------------------------===//
// The rewrite
//===----------------------------------------------------------------------===//

class AwaitInliner {
public:
  AwaitInliner(Function &Caller, const AwaitSite &A, const AwaitPlan &AP,
               const CalleePlan &P)
      : Caller(Caller), Callee(*A.Callee), A(A), AP(AP), P(P),
        Ctx(Caller.getContext()), DL(Caller.getDataLayout()) {}
  void run();

private:
  Function &Caller, &Callee;
  const AwaitSite &A;
  const AwaitPlan &AP;
  const CalleePlan &P;
  LLVMContext &Ctx;
  const DataLayout &DL;

  ValueToValueMapTy VMap; ///< callee -> main clone
  /// Clones that still refer to the callee's frame or coroutine intrinsics.
  /// (WeakVH: deleted clones read as null; a replaced one stays itself.)
  SmallVector<WeakVH, 16> CoroClones;
  SmallVector<std::pair<WeakVH, int64_t>, 16> AddressClones;
  DenseMap<const MDNode *, MDNode *> InlinedAtCache;
  /// Blocks the rewrite made or whose edges it changed: where
  /// cleanUpAfterRewrite folds what the rewrite left constant.
  SmallVector<WeakVH, 64> Touched;
  void touched(ArrayRef<BasicBlock *> Blocks) {
    for (BasicBlock *BB : Blocks)
      Touched.push_back(BB);
  }

  BasicBlock *clone(const BasicBlock *BB, ValueToValueMapTy &M,
                    const Twine &Suffix);
  DebugLoc inlinedLoc(const DebugLoc &DL, DILocation *InlinedAt);
  void finishClones(ArrayRef<BasicBlock *> Blocks, ValueToValueMapTy &M,
                    ArrayRef<const BasicBlock *> From);
  BasicBlock *cloneCleanup(const SuspendPoint &SP, BasicBlock *From,
                           BasicBlock *Cont);
  void replaceDestroy(Instruction *D, ArrayRef<const SuspendPoint *> At,
                      AllocaInst *State);
  Value *promiseAddress(Instruction *At, int64_t FrameOff);
  void rewriteCoroClones();
  void repairSSA();
};

/// \p DL as seen from the caller: the same place, inlined at \p InlinedAt
/// (as InlineFunction does it).
DebugLoc AwaitInliner::inlinedLoc(const DebugLoc &DL, DILocation *InlinedAt) {
  if (!DL)
    return DL;
  DILocation *IA =
      DebugLoc::appendInlinedAt(DL, InlinedAt, Ctx, InlinedAtCache);
  return DILocation::get(Ctx, DL.getLine(), DL.getCol(), DL->getScope(), IA,
                         DL->isImplicitCode(), DL->getAtomGroup(),
                         DL->getAtomRank());
}

BasicBlock *AwaitInliner::clone(const BasicBlock *BB, ValueToValueMapTy &M,
                                const Twine &Suffix) {
  BasicBlock *NB = CloneBasicBlock(BB, M, Suffix, &Caller);
  Touched.push_back(NB);
  if (!BB->hasName()) // say where the block came from
    NB->setName(Callee.getName() + Suffix);
  M[BB] = NB;
  return NB;
}

/// Remaps cloned blocks, gives their instructions inlined-at locations and
/// remembers the clones the intrinsic rewrite must see.
void AwaitInliner::finishClones(ArrayRef<BasicBlock *> Blocks,
                                ValueToValueMapTy &M,
                                ArrayRef<const BasicBlock *> From) {
  DenseMap<const Instruction *, int64_t> Addr;
  for (auto &[I, Off] : P.Promise->Addresses)
    Addr[I] = Off;
  for (const BasicBlock *BB : From)
    for (const Instruction &I : *BB) {
      auto *C = dyn_cast_or_null<Instruction>(M.lookup(&I));
      if (!C)
        continue;
      if (auto It = Addr.find(&I); It != Addr.end())
        AddressClones.push_back({C, It->second});
      else if (auto *II = dyn_cast<IntrinsicInst>(C);
               II &&
               II->getCalledFunction()->getName().starts_with("llvm.coro.") &&
               II->getIntrinsicID() != Intrinsic::coro_suspend &&
               II->getIntrinsicID() != Intrinsic::coro_save &&
               II->getIntrinsicID() != Intrinsic::coro_subfn_addr &&
               II->getIntrinsicID() != Intrinsic::coro_resume &&
               II->getIntrinsicID() != Intrinsic::coro_destroy &&
               II->getIntrinsicID() != Intrinsic::coro_done)
        CoroClones.push_back(C);
    }

  DILocation *InlinedAt = A.Ramp->getDebugLoc().get();
  DISubprogram *SP = Caller.getSubprogram();
  for (BasicBlock *BB : Blocks)
    for (Instruction &I : *BB) {
      RemapInstruction(&I, M, RF_NoModuleLevelChanges | RF_IgnoreMissingLocals);
      RemapDbgRecordRange(Caller.getParent(), I.getDbgRecordRange(), M,
                          RF_NoModuleLevelChanges | RF_IgnoreMissingLocals);
      // Assignment tracking IDs belong to one function; drop them.
      I.setMetadata(LLVMContext::MD_DIAssignID, nullptr);
      for (DbgVariableRecord &DVR :
           make_early_inc_range(filterDbgVars(I.getDbgRecordRange())))
        if (!InlinedAt || DVR.isDbgAssign())
          DVR.eraseFromParent();
        else
          DVR.setDebugLoc(inlinedLoc(DVR.getDebugLoc(), InlinedAt));
      for (DbgRecord &DR : make_early_inc_range(I.getDbgRecordRange()))
        if (!isa<DbgVariableRecord>(DR)) {
          if (InlinedAt)
            DR.setDebugLoc(inlinedLoc(DR.getDebugLoc(), InlinedAt));
          else
            DR.eraseFromParent();
        }
      // Loop metadata holds the loop's source range as DILocations too.
      updateLoopMetadataDebugLocations(I, [&](Metadata *MD) -> Metadata * {
        auto *Loc = dyn_cast_or_null<DILocation>(MD);
        if (!Loc)
          return MD;
        if (InlinedAt)
          return inlinedLoc(Loc, InlinedAt).get();
        return SP ? DILocation::get(Ctx, 0, 0, SP) : nullptr;
      });
      if (DebugLoc DLoc = I.getDebugLoc()) {
        if (InlinedAt)
          I.setDebugLoc(inlinedLoc(DLoc, InlinedAt));
        else if (SP)
          I.setDebugLoc(DILocation::get(Ctx, 0, 0, SP));
        else
          I.setDebugLoc(DebugLoc());
      } else if (InlinedAt && isa<CallBase>(I)) {
        I.setDebugLoc(A.Ramp->getDebugLoc());
      }
    }
}

/// Clones the cleanup the callee runs when destroyed at \p SP; it is
/// entered from \p From (whose terminator the caller sets) and continues at
/// \p Cont where the callee would have returned. Returns its entry.
BasicBlock *AwaitInliner::cloneCleanup(const SuspendPoint &SP, BasicBlock *From,
                                       BasicBlock *Cont) {
  ValueToValueMapTy M;
  for (auto KV : VMap)
    M[KV.first] = KV.second;
  const CalleePlan::CleanupRegion &R = P.Region.find(SP.Suspend)->second;
  ArrayRef<BasicBlock *> Region = R.Blocks;
  SmallPtrSet<const BasicBlock *, 16> In(Region.begin(), Region.end());
  BasicBlock *Never = nullptr;
  BasicBlock *Entry = SP.target(1);
  BasicBlock *SuspendBB = SP.Suspend->getParent();
  SmallVector<BasicBlock *, 8> New;
  SmallVector<const BasicBlock *, 8> Old;
  for (BasicBlock *BB : Region) {
    BasicBlock *NB = clone(BB, M, ".cleanup");
    New.push_back(NB);
    Old.push_back(BB);
    // Edges that cannot be taken here (a cleanup-destination switch whose
    // value is known on the way in) go to an unreachable block instead.
    Instruction *Term = NB->getTerminator();
    const SmallPtrSet<BasicBlock *, 2> &T = R.Taken.find(BB)->second;
    for (unsigned I = 0, E = Term->getNumSuccessors(); I != E; ++I)
      if (!T.count(Term->getSuccessor(I))) {
        if (!Never) {
          Never = BasicBlock::Create(Ctx, "inl.never", &Caller);
          new UnreachableInst(Ctx, Never);
        }
        Term->setSuccessor(I, Never);
      }
    // Only the region's own edges and the destroy edge enter it now.
    // (one entry for the destroy edge, even where several cases of the
    // suspend's switch led here).
    for (PHINode &Phi : NB->phis()) {
      bool FromSuspend = false;
      for (unsigned I = 0; I < Phi.getNumIncomingValues();) {
        BasicBlock *In0 = Phi.getIncomingBlock(I);
        // A region block's edge counts only if it is taken here: the others
        // were sent to inl.never above.
        bool Keep = (In.count(In0) && R.Taken.find(In0)->second.count(BB)) ||
                    (BB == Entry && In0 == SuspendBB && !FromSuspend);
        FromSuspend |= In0 == SuspendBB && Keep;
        if (Keep)
          ++I;
        else
          Phi.removeIncomingValue(I, /*DeletePHIIfEmpty=*/false);
      }
    }
  }
  M[SuspendBB] = From;
  finishClones(New, M, Old);
  for (BasicBlock *NB : New) {
    auto *Ret = dyn_cast<ReturnInst>(NB->getTerminator());
    if (!Ret)
      continue;
    findCoroEnd(*NB)->eraseFromParent();
    Ret->eraseFromParent();
    BranchInst::Create(Cont, NB);
  }
  return cast<BasicBlock>(M[Entry]);
}

/// Replaces destroy(%h) \p D by the callee's cleanup at the suspend point it
/// is at: the only one in \p At, or the one \p State names.
void AwaitInliner::replaceDestroy(Instruction *D,
                                  ArrayRef<const SuspendPoint *> At,
                                  AllocaInst *State) {
  BasicBlock *BB = D->getParent();
  BasicBlock *Cont = BB->splitBasicBlock(D->getNextNode(), "inl.destroyed");
  touched({BB, Cont});
  Value *Fn =
      isa<IntrinsicInst>(D) ? nullptr : cast<CallBase>(D)->getCalledOperand();
  D->eraseFromParent();
  if (auto *SF = dyn_cast_or_null<CoroSubFnInst>(Fn); SF && SF->use_empty())
    SF->eraseFromParent();
  BB->getTerminator()->eraseFromParent();
  if (At.size() == 1) {
    BranchInst::Create(cloneCleanup(*At[0], BB, Cont), BB);
    return;
  }
  IRBuilder<> B(BB);
  Value *K = B.CreateLoad(B.getInt32Ty(), State, "inl.state");
  BasicBlock *Bad = BasicBlock::Create(Ctx, "inl.bad", &Caller);
  new UnreachableInst(Ctx, Bad);
  SwitchInst *SI = B.CreateSwitch(K, Bad, At.size());
  for (auto [I, SP] : enumerate(At))
    SI->addCase(B.getInt32(I), cloneCleanup(*SP, BB, Cont));
}

Value *AwaitInliner::promiseAddress(Instruction *At, int64_t FrameOff) {
  auto *Promise = cast<AllocaInst>(VMap[P.Promise->Promise]);
  int64_t Delta = FrameOff - P.Promise->FrameOffset;
  if (Delta == 0)
    return Promise;
  IRBuilder<> B(At);
  if (Delta > 0 && uint64_t(Delta) <= P.Promise->Size)
    return B.CreateInBoundsPtrAdd(Promise, B.getInt64(Delta), "inl.promise");
  return B.CreatePtrAdd(Promise, B.getInt64(Delta), "inl.promise");
}

/// The clones of the callee's frame addresses become addresses in the
/// promise alloca; its allocation, frame free and end disappear.
void AwaitInliner::rewriteCoroClones() {
  for (auto &[VH, Off] : AddressClones)
    if (auto *I = dyn_cast_or_null<Instruction>(VH)) {
      I->replaceAllUsesWith(promiseAddress(I, Off));
    }
  for (auto &[VH, Off] : AddressClones)
    if (auto *I = dyn_cast_or_null<Instruction>(VH); I && I->use_empty())
      I->eraseFromParent();
  SmallVector<BasicBlock *, 4> Fold;
  // coro.begin, coro.id; deleteUnreachableBlocks below may delete them.
  SmallVector<WeakVH, 4> Last;
  for (WeakVH &VH : CoroClones) {
    auto *II = dyn_cast_or_null<IntrinsicInst>(VH);
    if (!II)
      continue;
    switch (II->getIntrinsicID()) {
    case Intrinsic::coro_alloc:
      for (User *U : II->users())
        Fold.push_back(cast<Instruction>(U)->getParent());
      II->replaceAllUsesWith(ConstantInt::getFalse(Ctx));
      break;
    case Intrinsic::coro_size:
      II->replaceAllUsesWith(ConstantInt::get(II->getType(), 0));
      break;
    case Intrinsic::coro_align:
      II->replaceAllUsesWith(ConstantInt::get(II->getType(), 1));
      break;
    case Intrinsic::coro_free:
      // No frame to free: the null tests fold, the free becomes dead.
      for (User *U : make_early_inc_range(II->users()))
        if (auto *Cmp = dyn_cast<ICmpInst>(U)) {
          for (User *CU : Cmp->users())
            Fold.push_back(cast<Instruction>(CU)->getParent());
          Cmp->replaceAllUsesWith(ConstantInt::getBool(
              Ctx, Cmp->getPredicate() == ICmpInst::ICMP_EQ));
          Cmp->eraseFromParent();
        }
      II->replaceAllUsesWith(
          ConstantPointerNull::get(cast<PointerType>(II->getType())));
      break;
    case Intrinsic::coro_promise:
      // Only the callee's own frame became the promise alloca; the promise
      // of a coroutine the callee awaits stays where it is.
      if (II->getArgOperand(0)->stripPointerCasts() != VMap[P.Shape->Begin])
        continue;
      II->replaceAllUsesWith(promiseAddress(
          II,
          promiseFrameOffset(DL, cast<CoroPromiseInst>(II)->getAlignment())));
      break;
    case Intrinsic::coro_begin:
    case Intrinsic::coro_id:
      Last.push_back(II);
      continue;
    default: // coro.end: on a return path that is gone or was rewritten
      break;
    }
    II->eraseFromParent();
  }
  for (BasicBlock *BB : Fold)
    ConstantFoldTerminator(BB, /*DeleteDeadConditions=*/true);
  touched(Fold);
  touched(deleteUnreachableBlocks(Caller));
  for (WeakVH &VH : reverse(Last)) { // coro.begin before coro.id
    auto *I = cast_or_null<Instruction>(VH);
    if (!I)
      continue;
    if (!I->use_empty())
      I->replaceAllUsesWith(PoisonValue::get(I->getType()));
    I->eraseFromParent();
  }
}

void AwaitInliner::run() {
  unsigned N = P.Internal.size();
  BasicBlock *LoopBB = A.Loop;
  BasicBlock *LoopSPBlock = AP.LoopSP->Suspend->getParent();
  CallInst *Ramp = A.Ramp;

  for (Instruction *I : AP.Hoist)
    I->moveAfter(Ramp);
  // Split the caller where the callee's pieces go: after the ramp call, at
  // the resume (the done test after it goes away).
  BasicBlock *Tail = LoopBB->splitBasicBlock(A.Resume, "inl.tail");
  BasicBlock *RampBB = Ramp->getParent();
  BasicBlock *Post = RampBB->splitBasicBlock(Ramp->getNextNode(), "inl.post");

  // Clone the callee.
  for (auto [Formal, Actual] : zip(Callee.args(), Ramp->args()))
    VMap[&Formal] = Actual;
  SmallVector<BasicBlock *, 32> Main;
  SmallVector<const BasicBlock *, 32> Old;
  for (BasicBlock &BB : Callee) {
    Main.push_back(clone(&BB, VMap, ".inl"));
    Old.push_back(&BB);
  }
  finishClones(Main, VMap, Old);
  auto Cl = [&](Value *V) { return cast<BasicBlock>(VMap[V]); };
  auto ClS = [&](const SuspendPoint *SP) {
    return cast<CoroSuspendInst>(VMap[SP->Suspend]);
  };

  // Allocas go to the caller's entry block (its frame, after CoroSplit).
  BasicBlock &CallerEntry = Caller.getEntryBlock();
  for (Instruction &I : make_early_inc_range(*Cl(&Callee.getEntryBlock())))
    if (isa<AllocaInst>(I))
      I.moveBefore(CallerEntry.getFirstInsertionPt());

  AllocaInst *State = nullptr;
  if (N > 1)
    State = new AllocaInst(Type::getInt32Ty(Ctx), DL.getAllocaAddrSpace(),
                           "inl.state.slot", CallerEntry.getFirstInsertionPt());

  // Ramp: the callee's start, then the caller's code up to the resume.
  RampBB->getTerminator()->eraseFromParent();
  BranchInst::Create(Cl(&Callee.getEntryBlock()), RampBB);
  BasicBlock *InitResume = Cl(P.Initial->target(0));
  replaceSuspend(ClS(P.Initial), Post, InitResume, LoopBB);
  LoopBB->getTerminator()->eraseFromParent();
  BranchInst::Create(InitResume, LoopBB);

  // Internal suspends: the caller's pending path and await suspend.
  auto *LoopSwitch = AP.LoopSP->Switch;
  BasicBlock *OldResume = AP.LoopSP->Resume;
  BasicBlock *ResumeTo = nullptr;
  SwitchInst *Dispatch = nullptr;
  if (N > 1) {
    ResumeTo = BasicBlock::Create(Ctx, "inl.resume", &Caller);
    IRBuilder<> B(ResumeTo);
    BasicBlock *Bad = BasicBlock::Create(Ctx, "inl.bad", &Caller);
    new UnreachableInst(Ctx, Bad);
    Dispatch = B.CreateSwitch(B.CreateLoad(B.getInt32Ty(), State, "inl.state"),
                              Bad, N);
  }
  for (auto [K, SP] : enumerate(P.Internal)) {
    BasicBlock *Resume = Cl(SP->target(0));
    BasicBlock *Pred = LoopSPBlock;
    if (N > 1) {
      Pred = BasicBlock::Create(Ctx, "inl.resume.at", &Caller);
      BranchInst::Create(Resume, Pred);
      Dispatch->addCase(ConstantInt::get(Type::getInt32Ty(Ctx), K), Pred);
    } else {
      ResumeTo = Resume;
    }
    CoroSuspendInst *CS = ClS(SP);
    if (State)
      new StoreInst(ConstantInt::get(Type::getInt32Ty(Ctx), K), State,
                    CS->getIterator());
    replaceSuspend(CS, A.Pending, Resume, Pred);
  }
  for (auto &Case : LoopSwitch->cases())
    if (Case.getCaseValue()->isZero())
      Case.setSuccessor(ResumeTo);
  OldResume->removePredecessor(LoopSPBlock, /*KeepOneInputPHIs=*/true);

  // Completion: the caller's ready path.
  BasicBlock *Done = ClS(P.Done.SP)->getParent();
  A.Ready->replacePhiUsesWith(Tail, Done);
  replaceSuspend(ClS(P.Done.SP), A.Ready, nullptr, nullptr);
  // The done test is gone; the resume and its done test die with Tail.
  Tail->getTerminator()->eraseFromParent();
  new UnreachableInst(Ctx, Tail);

  // Destroys: the callee's cleanup where it is.
  replaceDestroy(AP.PendingDestroy, P.Internal, State);
  for (Instruction *D : AP.ReadyDestroys)
    replaceDestroy(D, P.Done.SP, nullptr);

  // What the rewrite cut off goes (only that: deleteUnreachableBlocks
  // leaves constant branches alone). An await in a block that nothing
  // reaches goes with it, its ramp and every use of the handle included:
  // then nothing is left to rewrite.
  WeakVH RampVH(Ramp);
  touched(
      {RampBB, Post, LoopBB, Tail, LoopSPBlock, A.Ready, A.Pending, OldResume});
  touched(deleteUnreachableBlocks(Caller));
  rewriteCoroClones();
  if (!RampVH) {
    if (N > 1)
      repairSSA();
    cleanUpAfterRewrite(Caller, Touched);
    return;
  }

  // The caller's reads of the callee's frame now read the promise alloca.
  for (User *U : make_early_inc_range(Ramp->users())) {
    auto *I = cast<Instruction>(U);
    if (isa<CoroSubFnInst>(I) && I->use_empty()) {
      I->eraseFromParent();
      continue;
    }
    std::optional<int64_t> Off = handleOffset(I, Ramp, DL);
    I->replaceAllUsesWith(promiseAddress(I, *Off));
    I->eraseFromParent();
  }
  Ramp->eraseFromParent();
  if (N > 1)
    repairSSA();
  // What the callee's clones leave constant (its cleanup-destination
  // switches, now on one value, and the returns behind their other cases)
  // goes, so that the next await of this coroutine, one level up, sees
  // the shape the analysis reads.
  cleanUpAfterRewrite(Caller, Touched);
}

/// With several internal suspend points, the callee's suspends all lead to
/// the caller's one await suspend and its resume dispatch, so a value
/// computed between two of them no longer dominates its uses after the
/// second. Such values get phis (poison on the paths that never use them).
void AwaitInliner::repairSSA() {
  DominatorTree DT(Caller);
  SmallVector<Use *, 8> Bad;
  for (BasicBlock &BB : Caller) {
    if (!DT.isReachableFromEntry(&BB))
      continue;
    for (Instruction &I : BB) {
      Bad.clear();
      for (Use &U : I.uses())
        if (!DT.dominates(&I, U))
          Bad.push_back(&U);
      if (Bad.empty())
        continue;
      SSAUpdater SSA;
      SSA.Initialize(I.getType(), I.getName());
      SSA.AddAvailableValue(&BB, &I);
      for (Use *U : Bad)
        SSA.RewriteUse(*U);
    }
  }
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// True when \p V, the result of a call of something that is not a
/// coroutine defined here, is driven like an awaited coroutine.
bool isResumed(Value *V) {
  for (User *U : V->users()) {
    if (auto *SF = dyn_cast<CoroSubFnInst>(U);
        SF && SF->getRawIndex()->isZero())
      return true;
    if (auto *II = dyn_cast<IntrinsicInst>(U);
        II && II->getIntrinsicID() == Intrinsic::coro_resume)
      return true;
  }
  return false;
}

class Driver {
public:
  Driver(Module &M, ModuleAnalysisManager &MAM,
         InlineSingleSuspendPass::Options Opts)
      : Opts(Opts),
        FAM(MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager()),
        Order(MAM.getResult<CoroutineGraphAnalysis>(M)) {}
  bool run();

private:
  InlineSingleSuspendPass::Options Opts;
  FunctionAnalysisManager &FAM;
  const CoroutineOrder &Order;
  DenseMap<Function *, std::unique_ptr<CalleePlan>> Plans;
  DenseMap<Function *, std::string> PlanWhy;
  /// Calls already looked at (weak: a deleted call's address may be reused
  /// by a clone).
  DenseMap<const Instruction *, WeakVH> Tried;
  bool firstLook(Instruction *I) {
    auto [It, New] = Tried.try_emplace(I, I);
    if (New || It->second)
      return New;
    It->second = I;
    return true;
  }
  SmallSetVector<Function *, 8> Inlined;

  const CalleePlan *plan(Function &Callee, std::string &Why);
  bool inlineOne(Function &Caller);
};

const CalleePlan *Driver::plan(Function &Callee, std::string &Why) {
  auto [It, New] = Plans.try_emplace(&Callee);
  if (New) {
    auto P = std::make_unique<CalleePlan>();
    if (planCallee(Callee, FAM, Opts.MaxSuspends, *P, PlanWhy[&Callee]))
      It->second = std::move(P);
  }
  Why = PlanWhy[&Callee];
  return It->second.get();
}

/// Inlines the first await of \p Caller not tried yet; false when none is
/// left.
bool Driver::inlineOne(Function &Caller) {
  const PreSplitShape *S = getCoroShape(Caller, FAM).preSplit();
  if (!S)
    return false;
  OptimizationRemarkEmitter &ORE =
      FAM.getResult<OptimizationRemarkEmitterAnalysis>(Caller);
  auto Missed = [&](Instruction *At, const Twine &Callee, StringRef Why) {
    ORE.emit([&] {
      return OptimizationRemarkMissed(DEBUG_TYPE, "NotInlined", At)
             << "not inlining " << Callee.str() << " into "
             << ore::NV("Coroutine", Caller.getName()) << ": " << Why.str();
    });
  };
  for (auto &[Call, Why] : S->RefusedAwaits)
    if (firstLook(Call)) {
      ++NumRefusedNotAwait;
      Missed(Call, "'" + Call->getCalledFunction()->getName() + "'",
             "not an await (" + Why + ")");
    }
  // Handles of coroutines defined elsewhere, or called indirectly.
  for (Instruction &I : instructions(Caller)) {
    auto *CI = dyn_cast<CallInst>(&I);
    if (!CI || !CI->getType()->isPointerTy() || isa<IntrinsicInst>(CI))
      continue;
    Function *F = CI->getCalledFunction();
    if ((F && !F->isDeclaration()) || !isResumed(CI) || !firstLook(CI))
      continue;
    ++NumRefusedUnknownCallee;
    if (!F)
      Missed(CI, "an indirectly called coroutine", "the callee is not known");
    else if (F->isDeclaration())
      Missed(CI, "'" + F->getName() + "'", "it is not defined in this module");
  }

  for (const AwaitSite &A : S->Awaits) {
    if (!firstLook(A.Ramp))
      continue;
    Function &Callee = *A.Callee;
    std::string Why;
    auto Refuse = [&] {
      Missed(A.Ramp, "'" + Callee.getName() + "'", Why);
      return false;
    };
    // A callee on a cycle would be inlined again with every copy of its
    // own await: refuse it too, not only one that reaches its caller.
    if (&Callee == &Caller || Order.reaches(&Callee, &Caller) ||
        Order.reaches(&Callee, &Callee)) {
      Why = "recursion: the callee awaits or calls its caller or itself";
      ++NumRefusedRecursion;
      Refuse();
      continue;
    }
    const CalleePlan *P = plan(Callee, Why);
    if (!P) {
      ++NumRefusedCallee;
      Refuse();
      continue;
    }
    auto &DT = FAM.getResult<DominatorTreeAnalysis>(Caller);
    std::optional<AwaitPlan> AP = planAwait(*S, A, *P, DT, Why);
    if (!AP) {
      ++NumRefusedSite;
      Refuse();
      continue;
    }
    if (AP->Size > Opts.MaxSize) {
      Why = "it would clone " + std::to_string(AP->Size) +
            " instructions (at most " + std::to_string(Opts.MaxSize) +
            " allowed by -coroslim-inline-max-size)";
      ++NumRefusedSize;
      Refuse();
      continue;
    }
    // Every await of the callee gets its own copy; the callee's own body
    // goes away only when it is local. Bound the net growth too, so that a
    // callee awaited in many places stays one coroutine.
    // Only calls of the callee count: its own llvm.coro.id names it too.
    unsigned Sites = count_if(Callee.users(), [&](User *U) {
      auto *CB = dyn_cast<CallBase>(U);
      return CB && CB->getCalledOperand() == &Callee;
    });
    int64_t Net = int64_t(AP->Size) * Sites -
                  (Callee.hasLocalLinkage() ? int64_t(P->BodySize) : 0);
    if (Net > int64_t(Opts.MaxSize)) {
      Why = "inlining its " + std::to_string(Sites) + " awaits would add " +
            std::to_string(Net) + " instructions (at most " +
            std::to_string(Opts.MaxSize) +
            " allowed by -coroslim-inline-max-size)";
      ++NumRefusedSize;
      Refuse();
      continue;
    }
    ++NumInlined;
    ORE.emit([&] {
      return OptimizationRemark(DEBUG_TYPE, "Inlined", A.Ramp)
             << "inlined coroutine " << ore::NV("Callee", Callee.getName())
             << " into " << ore::NV("Coroutine", Caller.getName()) << ": "
             << ore::NV("Suspends", unsigned(P->Internal.size()))
             << " internal suspend point(s), "
             << ore::NV("Instructions", AP->Size)
             << " instructions cloned, its frame allocation and handle "
                "removed";
    });
    // What LLVM's inliner carries over too (stack protectors, ...).
    AttributeFuncs::mergeAttributesForInlining(Caller, Callee);
    AwaitInliner(Caller, A, *AP, *P).run();
    // The caller's cached facts, and its plan as a callee if it has one,
    // describe the IR before the rewrite.
    FAM.invalidate(Caller, PreservedAnalyses::none());
    Plans.erase(&Caller);
    PlanWhy.erase(&Caller);
    Inlined.insert(&Callee);
    return true;
  }
  return false;
}

bool Driver::run() {
  bool Changed = false;
  for (Function *F : Order.bottomUp()) {
    if (F->isDeclaration() || F->hasOptNone())
      continue;
    bool FChanged = false;
    while (inlineOne(*F))
      FChanged = true;
    if (FChanged) {
      // The callee plans of coroutines that awaited F are stale now.
      Plans.erase(F);
      PlanWhy.erase(F);
      Changed = true;
    }
  }
  // A callee whose every await was inlined is dead: remove it, with its
  // future resume/destroy functions.
  for (Function *F : Inlined) {
    if (!F->hasLocalLinkage())
      continue;
    if (all_of(F->users(), [F](User *U) {
          auto *I = dyn_cast<Instruction>(U);
          return I && I->getFunction() == F;
        })) {
      ++NumCalleesDeleted;
      FAM.clear(*F, F->getName());
      F->dropAllReferences();
      F->eraseFromParent();
    }
  }
  return Changed;
}

} // namespace

PreservedAnalyses InlineSingleSuspendPass::run(Module &M,
                                               ModuleAnalysisManager &MAM) {
  return Driver(M, MAM, Opts).run() ? PreservedAnalyses::none()
                                    : PreservedAnalyses::all();
}

Expected<InlineSingleSuspendPass>
InlineSingleSuspendPass::create(StringRef Params) {
  Options O;
  O.MaxSuspends = MaxSuspendsOpt;
  O.MaxSize = MaxSizeOpt;
  Expected<SmallVector<PassParam, 4>> Entries = splitPassParams(Params);
  if (!Entries)
    return Entries.takeError();
  for (const PassParam &P : *Entries) {
    unsigned *Field;
    if (P.Key == "max-suspends")
      Field = &O.MaxSuspends;
    else if (P.Key == "max-size")
      Field = &O.MaxSize;
    else
      return createStringError("unknown parameter '" + P.Text +
                               "' (expected max-suspends=N or max-size=N)");
    Expected<unsigned> N = parseUnsigned(P.Value, 1, UINT_MAX, P.Key);
    if (!N)
      return N.takeError();
    *Field = *N;
  }
  return InlineSingleSuspendPass(O);
}

void InlineSingleSuspendPass::printPipeline(
    raw_ostream &OS, function_ref<StringRef(StringRef)> MapClassName2PassName) {
  PassInfoMixin<InlineSingleSuspendPass>::printPipeline(OS,
                                                        MapClassName2PassName);
  OS << "<max-suspends=" << Opts.MaxSuspends << ";max-size=" << Opts.MaxSize
     << '>';
}
