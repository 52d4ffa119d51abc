//===- FoldSuspendFree.cpp - Fold awaits of suspend-free coroutines -------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// A lazily started coroutine without internal suspend points runs its whole
// body on the first resume and completes, so an await of it never suspends
// the awaiting coroutine. Yet LLVM keeps the callee's heap frame, its
// resume/destroy functions and the caller's await state. This pass gives
// such a callee a direct-return twin: an ordinary function that takes the
// ramp's arguments and a pointer to a promise-shaped local of the caller,
// runs the callee's ramp code and body, writes the promise through the
// pointer, and then runs the callee's destroy-after-completion cleanup with
// llvm.coro.free returning null (there is no frame to free, as when
// CoroElide or CoroSplit drop a frame allocation). Each await of the callee
// in the docs/design.md await idiom becomes a twin call; its promise reads
// read the local, its done test is known to pass, and the caller's suspend
// for the await becomes unreachable and is deleted. The inliner later
// decides whether to inline the twin.
//
// Effects keep their order because the pass only folds an await when the
// caller does nothing observable between the ramp call and the first
// resume, and nothing but read the promise between the done test and the
// destroy; the twin then runs ramp code, body and cleanup at the same point
// in the caller's observable history. Callees are visited before callers,
// so a caller whose only internal suspends were folded awaits is itself
// suspend-free when its own awaiters are visited.
//
//===----------------------------------------------------------------------===//

#include "coroslim/FoldSuspendFree.h"
#include "coroslim/AwaitRewrite.h"
#include "coroslim/CoroShape.h"
#include "coroslim/CoroShapeAnalysis.h"
#include "coroslim/CostModel.h"
#include "coroslim/FoldSuspendFreeRewrite.h"
#include "coroslim/PassParams.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;
using namespace coroslim;
using namespace coroslim::foldsuspend;

#define DEBUG_TYPE "coroslim-fold-suspend-free"

ALWAYS_ENABLED_STATISTIC(NumFolded, "Awaits folded into a call of a twin");
ALWAYS_ENABLED_STATISTIC(NumTwins, "Direct-return twins created");
ALWAYS_ENABLED_STATISTIC(NumRampsDeleted,
                         "Ramps deleted after every await of them folded");
ALWAYS_ENABLED_STATISTIC(NumRefusedRecursion, "Awaits not folded: recursion");
ALWAYS_ENABLED_STATISTIC(NumRefusedCallee,
                         "Awaits not folded: the callee (NotFolded, "
                         "callee facts)");
ALWAYS_ENABLED_STATISTIC(NumRefusedSite, "Awaits not folded: the await site");
ALWAYS_ENABLED_STATISTIC(NumRefusedTwin,
                         "Awaits not folded: the twin failed to build");
ALWAYS_ENABLED_STATISTIC(NumRefusedCost,
                         "Awaits not folded: the cost model predicts growth");
ALWAYS_ENABLED_STATISTIC(NumRefusedNotAwait,
                         "Ramp calls not in the await idiom");
ALWAYS_ENABLED_STATISTIC(NumRefusedSplit,
                         "Awaits not folded: the callee is already split");
ALWAYS_ENABLED_STATISTIC(
    NumRefusedUnknownCallee,
    "Resumed handles of coroutines not defined here or called "
    "indirectly");

namespace {

//===----------------------------------------------------------------------===//
// The callee
//===----------------------------------------------------------------------===//

/// A callee that has passed every check: what buildTwin needs.
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

/// Checks everything about \p Callee that makes a twin possible, reading
/// the facts of its CalleeSummary in the order the remarks want them;
/// fills \p C.
bool checkCallee(Function &Callee, FunctionAnalysisManager &FAM,
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

/// Checks the caller's side of await \p A of \p C; fills \p Plan.
bool checkSite(const AwaitSite &A, const FoldableCallee &C, FoldPlan &Plan,
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

//===----------------------------------------------------------------------===//
// The module walk
//===----------------------------------------------------------------------===//

class Folder {
public:
  Folder(Module &M, ModuleAnalysisManager &MAM, CostPolicy Policy)
      : FAM(MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager()),
        Order(MAM.getResult<CoroutineGraphAnalysis>(M)), Policy(Policy) {}
  bool run();

private:
  FunctionAnalysisManager &FAM;
  const CoroutineOrder &Order;
  CostPolicy Policy;
  MapVector<Function *, Function *> Twins;
  DenseMap<Function *, std::string> TwinFailures;
  /// Callees whose twin the cost model refused (their TwinFailures entry
  /// says why).
  SmallPtrSet<Function *, 4> CostRefused;
  /// The cost model's code figure for each callee it let through.
  DenseMap<Function *, int64_t> PredictedCode;

  OptimizationRemarkEmitter &ore(Function &F) {
    return FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
  }
  /// Whether \p A can be folded; \p Count: count a refusal in the
  /// statistics (once, where its remark is emitted).
  bool decide(const AwaitSite &A, FoldableCallee &C, FoldPlan &Plan,
              std::string &Why, bool Count = false);
  Function *getTwin(const FoldableCallee &C, std::string &Why);
  bool refusedByCost(const AwaitSite &A);
  bool processCaller(Function &F);
  void explainRefusals(Function &F);
  bool deleteUnusedRamps();
};

bool Folder::decide(const AwaitSite &A, FoldableCallee &C, FoldPlan &Plan,
                    std::string &Why, bool Count) {
  Function &Caller = *A.Ramp->getFunction();
  if (A.Callee == &Caller || Order.reaches(A.Callee, &Caller)) {
    Why = "recursion: '" + A.Callee->getName().str() + "' leads back to '" +
          Caller.getName().str() + "'";
    if (Count)
      ++NumRefusedRecursion;
    return false;
  }
  if (!checkCallee(*A.Callee, FAM, C, Why)) {
    if (Count)
      ++NumRefusedCallee;
    return false;
  }
  if (!checkSite(A, C, Plan, Why)) {
    if (Count)
      ++NumRefusedSite;
    return false;
  }
  return true;
}

Function *Folder::getTwin(const FoldableCallee &C, std::string &Why) {
  Function *Callee = C.Shape->F;
  if (Function *T = Twins.lookup(Callee))
    return T;
  if (auto It = TwinFailures.find(Callee); It != TwinFailures.end()) {
    Why = It->second;
    return nullptr;
  }
  Function *T = buildTwin(C, Why);
  if (!T) {
    TwinFailures[Callee] = Why;
    return nullptr;
  }
  ++NumTwins;
  Twins[Callee] = T;
  ore(*T).emit([&] {
    return OptimizationRemark(DEBUG_TYPE, "Twin", T)
           << "created direct-return twin " << ore::NV("Twin", T->getName())
           << " of suspend-free coroutine "
           << ore::NV("Coroutine", Callee->getName()) << " (predicted code "
           << ore::NV("CodeSize", PredictedCode.lookup(Callee)) << ")";
  });
  return T;
}

/// What folding every await of A's callee would do, predicted before its
/// twin exists (docs/passes/fold-suspend-free.md, "Never worse"). Code:
/// one twin, the callee's body less its coroutine machinery, against each
/// await's machinery (awaitCodeSaved, the await of \p A standing for all) and,
/// for a local callee whose every use is a call, its split functions
/// (splitCoroutineCode). Frame: per await, the callee's frame header (2
/// pointers) and the caller's spill of the handle. Resume path: per await,
/// one suspend and resume of the caller fewer.
CostEstimate estimateFold(const AwaitSite &A, unsigned BodySize,
                          unsigned MachinerySize) {
  Function &Callee = *A.Callee;
  const DataLayout &DL = Callee.getParent()->getDataLayout();
  bool OnlyCalls;
  unsigned Sites = callsFromCoroutines(Callee, OnlyCalls);
  CostEstimate E;
  E.CodeAdded = int64_t(BodySize) - MachinerySize;
  // The callee goes only when nothing but awaits uses it.
  bool Goes = Callee.hasLocalLinkage() && OnlyCalls;
  E.CodeRemoved = int64_t(Sites) * awaitCodeSaved(A) +
                  (Goes ? splitCoroutineCode(BodySize) : 0);
  E.FrameBytes = -int64_t(Sites) * 3 * DL.getPointerSize();
  E.ResumePath = -2 * int64_t(Sites);
  return E;
}

/// Whether the policy forbids the twin of A's callee; decided once per
/// callee, before the twin is built, and then remembered as a twin
/// failure whose reason explainRefusals gives.
bool Folder::refusedByCost(const AwaitSite &A) {
  Function *Callee = A.Callee;
  if (Twins.count(Callee))
    return false;
  if (TwinFailures.count(Callee))
    return CostRefused.count(Callee);
  const CalleeSummary *Sum = getCoroShape(*Callee, FAM).asCallee();
  if (!Sum)
    return false; // decide() has accepted it: it is a pre-split callee
  CostEstimate Cost = estimateFold(A, Sum->Size, Sum->MachinerySize);
  std::optional<std::string> Why = Cost.refusal(Policy);
  if (!Why) {
    PredictedCode[Callee] = Cost.codeDelta();
    return false;
  }
  TwinFailures[Callee] = "folding its awaits: " + *Why;
  CostRefused.insert(Callee);
  return true;
}

bool Folder::processCaller(Function &F) {
  unsigned Folded = 0;
  // Each fold deletes blocks, so read the coroutine again after each one.
  for (bool Progress = true; Progress;) {
    Progress = false;
    const PreSplitShape *S = getCoroShape(F, FAM).preSplit();
    if (!S)
      break;
    for (const AwaitSite &A : S->Awaits) {
      FoldableCallee C;
      FoldPlan Plan;
      std::string Why;
      if (!decide(A, C, Plan, Why) || refusedByCost(A))
        continue;
      Function *Twin = getTwin(C, Why);
      if (!Twin)
        continue;
      Function *Callee = A.Callee;
      CallInst *Call = foldAwait(A, Plan, C, Twin);
      ++NumFolded;
      FAM.invalidate(F, PreservedAnalyses::none());
      ore(F).emit([&] {
        return OptimizationRemark(DEBUG_TYPE, "Folded", Call)
               << "folded await of suspend-free coroutine "
               << ore::NV("Callee", Callee->getName()) << " in "
               << ore::NV("Coroutine", F.getName()) << " into a call of "
               << ore::NV("Twin", Twin->getName());
      });
      ++Folded;
      Progress = true;
      break;
    }
  }
  if (Folded) {
    const PreSplitShape *S = getCoroShape(F, FAM).preSplit();
    unsigned Left = S ? S->count(SuspendKind::Internal) : 0;
    ore(F).emit([&] {
      return OptimizationRemark(DEBUG_TYPE, "Summary", &F)
             << "coroutine " << ore::NV("Coroutine", F.getName()) << ": "
             << ore::NV("FoldedAwaits", Folded) << " await(s) folded, "
             << ore::NV("InternalSuspends", Left)
             << " internal suspend point(s) left";
    });
  }
  explainRefusals(F);
  return Folded != 0;
}

/// One missed remark for each await (or await-like use of a handle) of
/// \p F that is left.
void Folder::explainRefusals(Function &F) {
  const PreSplitShape *S = getCoroShape(F, FAM).preSplit();
  if (!S)
    return;
  OptimizationRemarkEmitter &ORE = ore(F);
  auto Missed = [&](Instruction *At, StringRef Callee, const Twine &Why) {
    ORE.emit([&] {
      return OptimizationRemarkMissed(DEBUG_TYPE, "NotFolded", At)
             << "cannot fold the await of " << ore::NV("Callee", Callee)
             << " in " << ore::NV("Coroutine", F.getName()) << ": "
             << Why.str();
    });
  };
  for (const AwaitSite &A : S->Awaits) {
    FoldableCallee C;
    FoldPlan Plan;
    std::string Why;
    if (!decide(A, C, Plan, Why, /*Count=*/true) && !Why.empty()) {
      Missed(A.Ramp, A.Callee->getName(), Why);
    } else if (auto It = TwinFailures.find(A.Callee);
               It != TwinFailures.end()) {
      ++(CostRefused.count(A.Callee) ? NumRefusedCost : NumRefusedTwin);
      Missed(A.Ramp, A.Callee->getName(), It->second);
    }
  }
  for (const AwaitSite &A : S->SplitAwaits) {
    ++NumRefusedSplit;
    Missed(A.Start, A.Callee->getName(), alreadySplitRefusal(A, "folded"));
  }
  for (const auto &[Call, Why] : S->RefusedAwaits) {
    ++NumRefusedNotAwait;
    Missed(Call, Call->getCalledFunction()->getName(),
           "not an await in the await idiom: " + Why);
  }
  // Handles of coroutines the analysis does not know: resumed, but created
  // by something other than a ramp defined here.
  for (Instruction &I : instructions(F)) {
    auto *CI = dyn_cast<CallInst>(&I);
    if (!CI || !CI->getType()->isPointerTy() || isa<IntrinsicInst>(CI))
      continue;
    Function *G = CI->getCalledFunction();
    if (G && !G->isDeclaration() && findPreSplitCoroId(*G))
      continue;
    bool Resumed = any_of(CI->users(), [&](User *U) {
      if (auto *SF = dyn_cast<CoroSubFnInst>(U))
        return SF->getIndex() == CoroSubFnInst::ResumeIndex;
      auto *II = dyn_cast<IntrinsicInst>(U);
      return II && II->getIntrinsicID() == Intrinsic::coro_resume;
    });
    if (!Resumed)
      continue;
    ++NumRefusedUnknownCallee;
    if (!G)
      Missed(CI, "<indirect>", "the awaited coroutine is called indirectly");
    else if (G->isDeclaration())
      Missed(CI, G->getName(),
             "the awaited coroutine is not defined in this module");
    else
      Missed(CI, G->getName(), "it is not a pre-split coroutine");
  }
}

/// Deletes each ramp that got a twin and is now unused and internal.
bool Folder::deleteUnusedRamps() {
  bool Changed = false;
  for (auto &Entry : Twins) {
    Function *Callee = Entry.first, *Twin = Entry.second;
    // The ramp's own llvm.coro.id names it; that use does not count.
    bool Used = any_of(Callee->users(), [&](User *U) {
      auto *I = dyn_cast<Instruction>(U);
      return !I || I->getFunction() != Callee;
    });
    if (Used || !Callee->hasLocalLinkage())
      continue;
    ore(*Twin).emit([&] {
      return OptimizationRemark(DEBUG_TYPE, "RampDeleted", Twin)
             << "deleted the ramp of "
             << ore::NV("Coroutine", Callee->getName())
             << ": every await of it was folded into "
             << ore::NV("Twin", Twin->getName());
    });
    ++NumRampsDeleted;
    FAM.clear(*Callee, Callee->getName());
    Callee->replaceAllUsesWith(PoisonValue::get(Callee->getType()));
    Callee->eraseFromParent();
    Changed = true;
  }
  return Changed;
}

bool Folder::run() {
  bool Changed = false;
  for (Function *F : Order.bottomUp())
    if (!F->hasOptNone())
      Changed |= processCaller(*F);
  Changed |= deleteUnusedRamps();
  return Changed;
}

} // namespace

PreservedAnalyses FoldSuspendFreePass::run(Module &M,
                                           ModuleAnalysisManager &MAM) {
  return Folder(M, MAM, Cost).run() ? PreservedAnalyses::none()
                                    : PreservedAnalyses::all();
}

Expected<FoldSuspendFreePass> FoldSuspendFreePass::create(StringRef Params) {
  CostPolicy Cost = defaultCostPolicy();
  Expected<SmallVector<PassParam, 4>> Entries = splitPassParams(Params);
  if (!Entries)
    return Entries.takeError();
  for (const PassParam &P : *Entries) {
    Expected<bool> TookCost = takeCostParam(P.Key, P.Value, Cost);
    if (!TookCost)
      return TookCost.takeError();
    if (!*TookCost)
      return createStringError("unknown parameter '" + P.Text +
                               "' (expected cost=size|speed|off)");
  }
  return FoldSuspendFreePass(Cost);
}

void FoldSuspendFreePass::printPipeline(
    raw_ostream &OS, function_ref<StringRef(StringRef)> MapClassName2PassName) {
  PassInfoMixin<FoldSuspendFreePass>::printPipeline(OS, MapClassName2PassName);
  OS << "<cost=" << toString(Cost) << '>';
}
