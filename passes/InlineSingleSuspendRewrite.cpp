//===- InlineSingleSuspendRewrite.cpp - Inline one planned await ----------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// The rewrite of coroslim-inline-single-suspend: given an await and a
// callee that InlineSingleSuspend.cpp planned and checked (every check
// happens there, before the first change), clone the callee's ramp, body
// and cleanup regions into the caller in place of the ramp call, the await
// loop and the destroys (see the pass file's banner for the shape), the
// way LLVM's InlineFunction clones (CloneBasicBlock, a value map,
// inlined-at debug locations).
//
//===----------------------------------------------------------------------===//

#include "coroslim/InlineSingleSuspendRewrite.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/SSAUpdater.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

using namespace llvm;
using namespace coroslim;
using namespace coroslim::inlinesuspend;

CoroEndInst *coroslim::inlinesuspend::findCoroEnd(BasicBlock &BB) {
  for (Instruction &I : BB)
    if (auto *E = dyn_cast<CoroEndInst>(&I))
      return E;
  return nullptr;
}

std::optional<int64_t>
coroslim::inlinesuspend::handleOffset(const Value *Ptr, const Value *H,
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

namespace {

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
  return compat::withInlinedAt(DL, IA);
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
      I.moveBefore(CallerEntry, CallerEntry.getFirstInsertionPt());

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

} // namespace

void coroslim::inlinesuspend::inlineAwait(Function &Caller, const AwaitSite &A,
                                          const AwaitPlan &AP,
                                          const CalleePlan &P) {
  AwaitInliner(Caller, A, AP, P).run();
}
