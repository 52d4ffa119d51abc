//===- FoldSuspendFreePlan.cpp - What a foldable await must be ------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// The recognising half of coroslim-fold-suspend-free
// (passes/FoldSuspendFree.cpp): checkCallee checks that an awaited
// coroutine can have a direct-return twin, checkSite that one await of it
// can call the twin. Every refusal says why; nothing here changes the IR.
// The pass decides (cost) and walks the module; the twin and the fold are
// passes/FoldSuspendFreeRewrite.cpp.
//
//===----------------------------------------------------------------------===//

#include "coroslim/FoldSuspendFreePlan.h"
#include "coroslim/AwaitRewrite.h"
#include "coroslim/CoroShape.h"
#include "coroslim/CoroShapeAnalysis.h"

#include "llvm/ADT/SmallSet.h"
#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace coroslim;
using namespace coroslim::foldsuspend;

namespace {

//===----------------------------------------------------------------------===//
// The callee
//===----------------------------------------------------------------------===//

/// True when the coroutine that \p Ramp creates may access the alloca that
/// lifetime marker \p Marker starts or ends: it is (an underlying object
/// of) a pointer argument of the ramp, or its address escapes, so the
/// callee may find it through memory.
bool calleeMayReach(const IntrinsicInst &Marker, const CallInst &Ramp) {
  // LLVM 22's lifetime markers take the alloca (or poison) only.
  const Value *Obj = getUnderlyingObject(Marker.getArgOperand(0));
  if (isa<PoisonValue>(Obj))
    return false;
  if (!isa<AllocaInst>(Obj))
    return true;
  return operandsMayPointInto(Ramp, *cast<AllocaInst>(Obj)) ||
         compat::pointerMayBeCaptured(Obj, /*ReturnCaptures=*/true);
}

/// Instructions that neither touch memory nor have any other effect that
/// the callee's code, moved to the ramp call \p Ramp, could be ordered
/// against.
bool isInert(const Instruction &I, const CallInst &Ramp) {
  // Address computations from a handle (coro.subfn.addr, coro.promise)
  // read nothing that the callee could have changed.
  if (isa<DbgInfoIntrinsic>(I) || isa<CoroSubFnInst>(I) ||
      isa<CoroPromiseInst>(I) || isa<PHINode>(I))
    return true;
  // A lifetime marker orders nothing but accesses to its alloca; the
  // callee's, which the fold moves to the ramp call, could end up before a
  // lifetime.start (or, for its cleanup, before one on the ready path).
  if (I.isLifetimeStartOrEnd())
    return !calleeMayReach(cast<IntrinsicInst>(I), Ramp);
  return !I.mayReadOrWriteMemory() && !I.mayHaveSideEffects() &&
         isGuaranteedToTransferExecutionToSuccessor(&I);
}

std::string describe(const Instruction &I) {
  if (I.isLifetimeStartOrEnd()) {
    const Value *Obj =
        getUnderlyingObject(cast<IntrinsicInst>(I).getArgOperand(0));
    return std::string("a lifetime marker of ") +
           (Obj->hasName() ? "'" + Obj->getName().str() + "'" : "an alloca") +
           ", which the awaited coroutine can reach,";
  }
  if (const auto *CB = dyn_cast<CallBase>(&I))
    if (const Function *F = CB->getCalledFunction())
      return "a call of '" + F->getName().str() + "'";
  return std::string("'") + I.getOpcodeName() + "'";
}

/// True when the path from \p BB to the coroutine's return does nothing but
/// llvm.coro.end: the code a suspend's suspend-return edge runs in the ramp
/// and in .resume, which the twin skips.
bool returnsQuietly(BasicBlock *BB) {
  SmallPtrSet<BasicBlock *, 8> Seen;
  while (BB && Seen.insert(BB).second) {
    for (Instruction &I : *BB) {
      if (isa<ReturnInst>(I) || isa<UnreachableInst>(I))
        return true;
      if (auto *Br = dyn_cast<BranchInst>(&I)) {
        if (Br->isConditional())
          return false;
        BB = Br->getSuccessor(0);
        break;
      }
      if (isa<CoroEndInst>(I))
        continue;
      if (I.isTerminator() || I.mayHaveSideEffects())
        return false;
    }
  }
  return false;
}

/// True when every path from the resume edge of the initial suspend of \p C
/// reaches the completion point or ends in `unreachable`. A path that
/// returns instead (llvm.coro.end in .resume) leaves the coroutine not
/// done, and its awaiter suspends; the twin's caller, which goes straight
/// on to the ready path, cannot do that.
bool bodyReachesCompletion(const FoldableCallee &C, std::string &Why) {
  BasicBlock *DoneBB = C.Done.SP->Suspend->getParent();
  // (block, predecessor it was entered from)
  using Edge = std::pair<BasicBlock *, BasicBlock *>;
  SmallSet<Edge, 16> Seen;
  SmallVector<Edge, 8> Work{{C.Initial->target(0), nullptr}};
  while (!Work.empty()) {
    auto [BB, From] = Work.pop_back_val();
    if (BB == DoneBB || !Seen.insert({BB, From}).second)
      continue;
    if (BB == C.Initial->Suspend->getParent()) {
      Why = "its body can reach its initial suspend again";
      return false;
    }
    Instruction *T = BB->getTerminator();
    if (isa<ReturnInst>(T) || isa<ResumeInst>(T)) {
      Why = "a path of its body returns without reaching its completion "
            "point";
      return false;
    }
    if (BasicBlock *Next = takenSuccessor(BB, From)) {
      Work.push_back({Next, BB});
      continue;
    }
    for (BasicBlock *Succ : successors(BB))
      Work.push_back({Succ, BB});
  }
  return true;
}

} // namespace

bool coroslim::foldsuspend::checkCallee(Function &Callee,
                                        FunctionAnalysisManager &FAM,
                                        FoldableCallee &C, std::string &Why) {
  const CoroShapeInfo &Info = getCoroShape(Callee, FAM);
  const CalleeSummary *Sum = Info.asCallee();
  if (!Sum) {
    Why = "it is not a pre-split coroutine: " + Info.whyNotPreSplit().str();
    return false;
  }
  if (!Sum->Refusal.empty()) {
    Why = Sum->Refusal;
    return false;
  }
  C.Shape = Info.preSplit();
  if (unsigned N = Sum->internalSuspends()) {
    Why = "it has " + std::to_string(N) + " internal suspend point" +
          (N == 1 ? "" : "s");
    return false;
  }
  if (!Sum->Initial) {
    Why = "it does not start lazily (no initial suspend right after "
          "llvm.coro.begin)";
    return false;
  }
  C.Initial = Sum->Initial;
  if (!Sum->Done) {
    Why = Sum->CompletionRefusal;
    return false;
  }
  C.Done = *Sum->Done;
  if (IntrinsicInst *II = Sum->firstDisallowedIntrinsic(AwaitPass::Fold)) {
    Why = "it uses " + II->getCalledFunction()->getName().str();
    return false;
  }
  if (Sum->EndsOnUnwind) {
    Why = "it ends on an unwind path (llvm.coro.end unwind=true)";
    return false;
  }
  if (Sum->UsesCoroEndResult) {
    Why = compat::CoroEndResultRefusal;
    return false;
  }
  if (!C.Initial->target(0)) {
    Why = "cannot tell where its initial suspend resumes";
    return false;
  }
  if (!bodyReachesCompletion(C, Why))
    return false;
  BasicBlock *InitRet = C.Initial->target(-1);
  BasicBlock *DoneRet = C.Done.SP->target(-1);
  if (!InitRet || !returnsQuietly(InitRet) || !DoneRet ||
      !returnsQuietly(DoneRet)) {
    Why = "code runs between a suspend and its return from the coroutine";
    return false;
  }
  // Only an allocation behind llvm.coro.alloc goes away with the frame;
  // any other would be left behind, once per await, never freed.
  if (!Sum->AllocationRefusal.empty()) {
    Why = Sum->AllocationRefusal;
    return false;
  }
  // The twin runs the cleanup with llvm.coro.free returning null (there is
  // no frame), so each free must do nothing with null.
  if (!Sum->FreeRefusal.empty()) {
    Why = Sum->FreeRefusal;
    return false;
  }
  if (!Sum->Promise) {
    Why = Sum->PromiseRefusal;
    return false;
  }
  C.Promise = &*Sum->Promise;
  // The twin runs the cleanup before the caller reads the promise; that is
  // only the same if the cleanup leaves the promise alone.
  SmallPtrSet<BasicBlock *, 16> Cleanup;
  SmallVector<BasicBlock *, 8> Work{C.Done.Cleanup};
  while (!Work.empty()) {
    BasicBlock *BB = Work.pop_back_val();
    if (Cleanup.insert(BB).second)
      append_range(Work, successors(BB));
  }
  for (const SuspendPoint &SP : C.Shape->Suspends)
    if (Cleanup.count(SP.Suspend->getParent())) {
      Why = "its cleanup after completion reaches a suspend point";
      return false;
    }
  for (const PromiseLayout::Access &A : C.Promise->Accesses)
    if (A.IsStore && Cleanup.count(A.I->getParent())) {
      Why = "its cleanup after completion writes its promise";
      return false;
    }
  return true;
}

namespace {

//===----------------------------------------------------------------------===//
// The await site
//===----------------------------------------------------------------------===//

/// Frame offset of \p Ptr, an address computed from the handle \p H.
std::optional<int64_t> frameOffsetOf(Value *Ptr, Value *H,
                                     const DataLayout &DL) {
  int64_t Total = 0;
  for (unsigned Steps = 0; Ptr != H; ++Steps) {
    if (Steps > 16)
      return std::nullopt;
    if (auto *GEP = dyn_cast<GEPOperator>(Ptr)) {
      APInt Off(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
      if (!GEP->accumulateConstantOffset(DL, Off))
        return std::nullopt;
      Total += Off.getSExtValue();
      Ptr = GEP->getPointerOperand();
    } else if (auto *P = dyn_cast<CoroPromiseInst>(Ptr);
               P && !P->isFromPromise()) {
      Total += promiseFrameOffset(DL, P->getAlignment());
      Ptr = P->getArgOperand(0);
    } else {
      return std::nullopt;
    }
  }
  return Total;
}

/// Every instruction that uses handle \p H other than to compute an address
/// or a resume/destroy function from it.
void handleLeaves(Value *H, SmallVectorImpl<Instruction *> &Out) {
  for (User *U : H->users()) {
    auto *I = cast<Instruction>(U);
    if (isa<GetElementPtrInst>(I) || isa<CoroPromiseInst>(I) ||
        isa<CoroSubFnInst>(I))
      handleLeaves(I, Out);
    else
      Out.push_back(I);
  }
}

} // namespace

bool coroslim::foldsuspend::checkSite(const AwaitSite &A,
                                      const FoldableCallee &C, FoldPlan &Plan,
                                      std::string &Why) {
  CallInst *Ramp = A.Ramp;
  const DataLayout &DL = Ramp->getDataLayout();
  if (Ramp->arg_size() != A.Callee->arg_size() || Ramp->hasOperandBundles() ||
      Ramp->isMustTailCall()) {
    Why = "the ramp call is not a plain call";
    return false;
  }
  if (!awaitSeesDone(A, C.Done, *C.Promise, Why))
    return false;
  if (A.DoneBranch->getParent() != A.Loop) {
    Why = "the done test is not in the block that resumes";
    return false;
  }
  // The fold deletes the done-test branch and relies on the test, which
  // reads the handle, dying with it; another use of the test (or of the
  // load it compares) would keep the deleted handle in use.
  Value *Cond = A.DoneBranch->getCondition();
  if (!Cond->hasOneUse() ||
      (A.DoneLoad && A.DoneLoad != Cond && !A.DoneLoad->hasOneUse())) {
    Why = "the caller uses the result of the done test other than to branch "
          "on it";
    return false;
  }

  // A promise read, with its offset, or null.
  auto AsRead = [&](Instruction &I) -> LoadInst * {
    auto *LI = dyn_cast<LoadInst>(&I);
    if (!LI || !is_contained(A.PromiseReads, LI))
      return nullptr;
    std::optional<int64_t> Off =
        frameOffsetOf(LI->getPointerOperand(), Ramp, DL);
    if (!Off || !C.Promise->contains(*Off, DL.getTypeStoreSize(LI->getType())))
      return nullptr;
    Plan.Reads.push_back({LI, *Off});
    return LI;
  };
  auto IsDoneTest = [&](Instruction &I) {
    return &I == A.DoneLoad || (A.DoneKind == DoneTestKind::CoroDone &&
                                &I == A.DoneBranch->getCondition());
  };

  // 1. Between the ramp call and the resume the caller does nothing the
  //    callee's ramp code could be ordered against.
  BasicBlock *IntoLoop = nullptr;
  unsigned Blocks = 0;
  for (Instruction *I = Ramp->getNextNode(); I != A.Resume;) {
    if (auto *Br = dyn_cast<BranchInst>(I);
        Br && Br->isUnconditional() && ++Blocks < 16) {
      BasicBlock *Next = Br->getSuccessor(0);
      if (Next != A.Loop && !Next->getSinglePredecessor()) {
        Why = "control flow joins between the ramp call and the resume";
        return false;
      }
      IntoLoop = Br->getParent();
      I = &Next->front();
      continue;
    }
    if (I->isTerminator()) {
      Why = "control flow between the ramp call and the resume";
      return false;
    }
    if (!isInert(*I, *Ramp)) {
      Why = "the caller runs " + describe(*I) +
            " between the ramp call and the resume";
      return false;
    }
    I = I->getNextNode();
  }
  // 2. After the resume, only the done test and promise reads.
  for (Instruction *I = A.Resume->getNextNode(); I != A.DoneBranch;
       I = I->getNextNode())
    if (!IsDoneTest(*I) && !AsRead(*I) && !isInert(*I, *Ramp)) {
      Why = "the caller runs " + describe(*I) + " between resume and done test";
      return false;
    }

  // 3. What stays reachable once the pending edge is cut: the caller's
  //    suspend for this await must not, nor any use of the handle outside
  //    the straight-line await.
  SmallPtrSet<BasicBlock *, 32> Reach;
  SmallVector<BasicBlock *, 16> Work{&Ramp->getFunction()->getEntryBlock()};
  while (!Work.empty()) {
    BasicBlock *BB = Work.pop_back_val();
    if (!Reach.insert(BB).second)
      continue;
    for (BasicBlock *Succ : successors(BB))
      if (!(BB == A.Loop && Succ == A.Pending))
        Work.push_back(Succ);
  }
  if (Reach.count(A.LoopSuspend->getParent())) {
    Why = "the caller's suspend for this await is also reached from "
          "elsewhere";
    return false;
  }
  if (Ramp->getParent() != A.Loop)
    for (BasicBlock *Pred : predecessors(A.Loop))
      if (Reach.count(Pred) && Pred != IntoLoop) {
        Why = "the resume is reached other than from the ramp call";
        return false;
      }
  for (BasicBlock *Pred : predecessors(A.Ready))
    if (Reach.count(Pred) && Pred != A.Loop) {
      Why = "the ready path is reached other than from the done test";
      return false;
    }

  // 4. From the done test to the destroy, only promise reads.
  Blocks = 0;
  for (Instruction *I = &A.Ready->front(); !Plan.ReadyDestroy;) {
    if (is_contained(A.Destroys, I)) {
      Plan.ReadyDestroy = I;
      break;
    }
    if (auto *Br = dyn_cast<BranchInst>(I);
        Br && Br->isUnconditional() && ++Blocks < 16 &&
        Br->getSuccessor(0)->getSinglePredecessor()) {
      I = &Br->getSuccessor(0)->front();
      continue;
    }
    if (I->isTerminator()) {
      Why = "the awaited coroutine is not destroyed right after its result "
            "is read";
      return false;
    }
    if (!AsRead(*I) && !isInert(*I, *Ramp)) {
      Why = "the caller runs " + describe(*I) +
            " between the done test and destroying the awaited coroutine";
      return false;
    }
    I = I->getNextNode();
  }

  SmallVector<Instruction *, 16> Leaves;
  handleLeaves(Ramp, Leaves);
  for (Instruction *I : Leaves) {
    if (!Reach.count(I->getParent()) || I == A.Resume ||
        I == Plan.ReadyDestroy || IsDoneTest(*I))
      continue;
    if (isa<LoadInst>(I) &&
        any_of(Plan.Reads, [&](const auto &R) { return R.first == I; }))
      continue;
    if (isa<LoadInst>(I) && is_contained(A.PromiseReads, I)) {
      auto Off =
          frameOffsetOf(cast<LoadInst>(I)->getPointerOperand(), Ramp, DL);
      Why = Off && !C.Promise->contains(*Off, DL.getTypeStoreSize(I->getType()))
                ? "the caller reads the awaited coroutine's frame outside its "
                  "promise"
                : "the caller reads the awaited coroutine's promise outside "
                  "the await";
      return false;
    }
    Why = "the caller uses the handle outside the await (" + describe(*I) + ")";
    return false;
  }
  return true;
}
