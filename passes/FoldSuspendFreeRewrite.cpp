//===- FoldSuspendFreeRewrite.cpp - Twins and folded awaits ---------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// The rewrites of coroslim-fold-suspend-free, given a callee and an await
// that FoldSuspendFree.cpp checked (every check on the original IR happens
// there, before the first change): the callee's direct-return twin, a
// clone in which the frame folds away (see the pass file's banner), and
// the await replaced by a call of the twin with a promise-shaped local.
//
//===----------------------------------------------------------------------===//

#include "coroslim/FoldSuspendFreeRewrite.h"

#include "llvm/Analysis/ConstantFolding.h"
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

namespace {

//===----------------------------------------------------------------------===//
// The twin
//===----------------------------------------------------------------------===//

/// Folds constant conditions, single-valued phis and the blocks they make
/// unreachable, until nothing changes.
void foldConstantControlFlow(Function &F) {
  const DataLayout &DL = F.getDataLayout();
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (Instruction &I : make_early_inc_range(instructions(F))) {
      Value *V = nullptr;
      if (auto *PN = dyn_cast<PHINode>(&I))
        V = dyn_cast_or_null<Constant>(PN->hasConstantValue());
      else if (!I.use_empty())
        V = ConstantFoldInstruction(&I, DL);
      if (!V || V == &I)
        continue;
      I.replaceAllUsesWith(V);
      if (isa<PHINode>(I) || isInstructionTriviallyDead(&I))
        I.eraseFromParent();
      Changed = true;
    }
    for (BasicBlock &BB : F)
      Changed |= ConstantFoldTerminator(&BB, /*DeleteDeadConditions=*/true);
    Changed |= removeUnreachableBlocks(F);
  }
}

/// Makes the llvm.coro.suspend \p S return \p Result for good.
void fixSuspend(CoroSuspendInst *S, int Result) {
  Value *Token = S->getArgOperand(0);
  S->replaceAllUsesWith(ConstantInt::getSigned(S->getType(), Result));
  S->eraseFromParent();
  if (auto *Save = dyn_cast<CoroSaveInst>(Token); Save && Save->use_empty())
    Save->eraseFromParent();
}

/// The address \p FrameOff bytes into the callee's frame, in the twin.
Value *promiseAddress(IRBuilder<> &B, Argument *PromiseArg,
                      const PromiseLayout &L, int64_t FrameOff) {
  if (!PromiseArg)
    return PoisonValue::get(B.getPtrTy());
  int64_t Off = FrameOff - L.FrameOffset;
  if (Off == 0)
    return PromiseArg;
  return B.CreateGEP(B.getInt8Ty(), PromiseArg, B.getInt64(Off));
}

/// Copies the function attributes of \p Old (on a ramp, or a call of one)
/// into \p FnAttrs and its first \p NumParams parameter attributes into
/// \p ParamAttrs, without those that describe what one call does. Of a
/// pre-split coroutine they describe the ramp, which stops at the initial
/// suspend; the twin runs the whole body, which may well loop, recurse,
/// free, synchronise, unwind, call back into the module, or write and
/// capture what the ramp only stored into its frame. The function-attribute
/// inference later puts back those that hold for the twin.
void dropRampEffects(LLVMContext &Ctx, const AttributeList &Old,
                     unsigned NumParams, AttrBuilder &FnAttrs,
                     SmallVectorImpl<AttributeSet> &ParamAttrs) {
  FnAttrs.merge(AttrBuilder(Ctx, Old.getFnAttrs()));
  for (Attribute::AttrKind K :
       {Attribute::Memory, Attribute::WillReturn, Attribute::NoFree,
        Attribute::NoSync, Attribute::NoRecurse, Attribute::NoUnwind,
        Attribute::MustProgress, Attribute::NoCallback, Attribute::NoReturn,
        Attribute::Speculatable})
    FnAttrs.removeAttribute(K);
  for (unsigned I = 0; I != NumParams; ++I) {
    AttrBuilder PB(Ctx, Old.getParamAttrs(I));
    for (Attribute::AttrKind K :
         {Attribute::ReadNone, Attribute::ReadOnly, Attribute::WriteOnly,
          Attribute::NoFree, compat::CapturesAttr, Attribute::NoAlias,
          Attribute::Initializes})
      PB.removeAttribute(K);
    ParamAttrs.push_back(AttributeSet::get(Ctx, PB));
  }
}

/// Erases what is left of the uses of handle \p H once nothing consumes
/// them: address computations, done tests and loads. llvm.coro.promise and
/// llvm.coro.done are not trivially dead (they are not `willreturn`).
void eraseDeadHandleUses(Instruction *H) {
  SmallVector<Instruction *, 8> Users;
  for (User *U : H->users())
    Users.push_back(cast<Instruction>(U));
  for (Instruction *I : Users) {
    eraseDeadHandleUses(I);
    auto *II = dyn_cast<IntrinsicInst>(I);
    bool Erasable = isa<GetElementPtrInst>(I) || isa<CoroPromiseInst>(I) ||
                    isa<CoroSubFnInst>(I) ||
                    (isa<LoadInst>(I) && cast<LoadInst>(I)->isSimple()) ||
                    (II && II->getIntrinsicID() == Intrinsic::coro_done);
    if (Erasable && I->use_empty())
      I->eraseFromParent();
  }
}

} // namespace

/// Builds the direct-return twin of \p C (see the file comment). Returns
/// null, with \p Why, when the result is not a plain function.
Function *coroslim::foldsuspend::buildTwin(const FoldableCallee &C,
                                           std::string &Why) {
  Function &F = *C.Shape->F;
  Module &M = *F.getParent();
  LLVMContext &Ctx = M.getContext();
  AllocaInst *PromiseAlloca = C.Promise->Promise;

  SmallVector<Type *, 8> Params(F.getFunctionType()->params());
  if (PromiseAlloca)
    Params.push_back(PromiseAlloca->getType());
  auto *FTy = FunctionType::get(Type::getVoidTy(Ctx), Params, false);
  Function *T = Function::Create(FTy, GlobalValue::InternalLinkage,
                                 F.getAddressSpace(), F.getName() + ".twin");
  M.getFunctionList().insert(std::next(F.getIterator()), T);

  ValueToValueMapTy VMap;
  for (Argument &A : F.args()) {
    VMap[&A] = T->getArg(A.getArgNo());
    T->getArg(A.getArgNo())->setName(A.getName());
  }
  SmallVector<ReturnInst *, 4> Returns;
  // Cloning within the module gives the twin its own DISubprogram.
  CloneFunctionInto(T, &F, VMap, CloneFunctionChangeType::LocalChangesOnly,
                    Returns);
  T->setLinkage(GlobalValue::InternalLinkage);
  T->setVisibility(GlobalValue::DefaultVisibility);
  T->setDLLStorageClass(GlobalValue::DefaultStorageClass);
  T->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  T->setComdat(nullptr);

  // Attributes: the coroutine's, minus the coroutine marker and what only
  // holds for the ramp (see dropRampEffects); no return attributes (it
  // returns void); the promise pointer is a fresh local of the caller that
  // the callee never lets escape.
  AttributeList Old = T->getAttributes();
  AttrBuilder FnAttrs(Ctx);
  SmallVector<AttributeSet, 8> ParamAttrs;
  dropRampEffects(Ctx, Old, F.arg_size(), FnAttrs, ParamAttrs);
  FnAttrs.removeAttribute(Attribute::PresplitCoroutine);
  Argument *PromiseArg = nullptr;
  if (PromiseAlloca) {
    PromiseArg = T->getArg(F.arg_size());
    AttrBuilder PB(Ctx);
    PB.addAttribute(Attribute::NoAlias);
    PB.addAttribute(Attribute::NonNull);
    compat::addNoCaptureAttr(PB);
    PB.addAlignmentAttr(PromiseAlloca->getAlign());
    PB.addDereferenceableAttr(C.Promise->Size);
    ParamAttrs.push_back(AttributeSet::get(Ctx, PB));
  }
  T->setAttributes(AttributeList::get(Ctx, AttributeSet::get(Ctx, FnAttrs),
                                      AttributeSet(), ParamAttrs));

  auto Fail = [&](const Twine &Reason) -> Function * {
    Why = ("internal: the twin " + Reason).str();
    T->eraseFromParent();
    return nullptr;
  };

  // Run straight from the ramp code into the body, and from the completion
  // point into the cleanup; without a frame, nothing is allocated or freed.
  fixSuspend(cast<CoroSuspendInst>(VMap[C.Initial->Suspend]), 0);
  fixSuspend(cast<CoroSuspendInst>(VMap[C.Done.SP->Suspend]), 1);
  auto *Begin = cast<CoroBeginInst>(VMap[C.Shape->Begin]);
  auto *Id = cast<CoroIdInst>(VMap[C.Shape->Id]);
  for (Instruction &I : make_early_inc_range(instructions(*T))) {
    if (isa<CoroAllocInst>(I)) {
      I.replaceAllUsesWith(ConstantInt::getFalse(Ctx));
      I.eraseFromParent();
    } else if (isa<CoroFreeInst>(I)) {
      I.replaceAllUsesWith(
          ConstantPointerNull::get(cast<PointerType>(I.getType())));
      I.eraseFromParent();
    }
  }
  foldConstantControlFlow(*T);
  if (!isa<ConstantPointerNull>(Begin->getMem()))
    return Fail("still allocates a frame");

  // The frame is now only the promise: point its users at the argument.
  for (User *U : make_early_inc_range(Begin->users())) {
    auto *I = cast<Instruction>(U);
    IRBuilder<> B(I);
    if (auto *GEP = dyn_cast<GetElementPtrInst>(I)) {
      APInt Off(M.getDataLayout().getIndexTypeSizeInBits(GEP->getType()), 0);
      if (!GEP->accumulateConstantOffset(M.getDataLayout(), Off))
        return Fail("addresses its frame at a non-constant offset");
      Value *New =
          promiseAddress(B, PromiseArg, *C.Promise, Off.getSExtValue());
      if (isa<Instruction>(New))
        New->takeName(GEP);
      GEP->replaceAllUsesWith(New);
      GEP->eraseFromParent();
    } else if (auto *P = dyn_cast<CoroPromiseInst>(I)) {
      P->replaceAllUsesWith(promiseAddress(
          B, PromiseArg, *C.Promise,
          promiseFrameOffset(M.getDataLayout(), P->getAlignment())));
      P->eraseFromParent();
    } else if (isa<CoroEndInst>(I)) {
      I->eraseFromParent();
    }
  }
  for (Instruction &I : make_early_inc_range(instructions(*T)))
    if (isa<CoroEndInst>(I))
      I.eraseFromParent();
  for (BasicBlock &BB : *T)
    if (auto *RI = dyn_cast<ReturnInst>(BB.getTerminator())) {
      ReturnInst::Create(Ctx, nullptr, RI->getIterator())
          ->setDebugLoc(RI->getDebugLoc());
      RI->eraseFromParent();
    }
  Begin->replaceAllUsesWith(PoisonValue::get(Begin->getType()));
  Begin->eraseFromParent();
  if (!Id->use_empty())
    return Fail("still uses llvm.coro.id");
  Id->eraseFromParent();
  if (PromiseAlloca) {
    auto *P = cast<AllocaInst>(VMap[PromiseAlloca]);
    for (User *U : make_early_inc_range(P->users()))
      if (cast<Instruction>(U)->isLifetimeStartOrEnd())
        cast<Instruction>(U)->eraseFromParent();
    P->replaceAllUsesWith(PromiseArg);
    P->eraseFromParent();
  }
  if (PromiseArg)
    PromiseArg->setName("promise");
  for (Instruction &I : instructions(*T))
    if (isa<AnyCoroIdInst>(I) || isa<CoroBeginInst>(I) ||
        isa<AnyCoroSuspendInst>(I) || isa<CoroSaveInst>(I) ||
        isa<CoroSizeInst>(I) || isa<CoroAllocInst>(I) || isa<CoroFreeInst>(I) ||
        isa<AnyCoroEndInst>(I))
      return Fail(Twine("still uses ") +
                  cast<CallBase>(I).getCalledFunction()->getName());
  std::string Errors;
  raw_string_ostream OS(Errors);
  if (verifyFunction(*T, &OS))
    return Fail("does not verify: " + OS.str());
  return T;
}

/// Rewrites await \p A into a call of \p Twin. The checks guarantee that
/// every use of the handle goes away.
CallInst *coroslim::foldsuspend::foldAwait(const AwaitSite &A,
                                           const FoldPlan &Plan,
                                           const FoldableCallee &C,
                                           Function *Twin) {
  Function &Caller = *A.Ramp->getFunction();
  LLVMContext &Ctx = Caller.getContext();
  AllocaInst *Local = nullptr;
  IRBuilder<> B(A.Ramp);
  if (AllocaInst *P = C.Promise->Promise) {
    IRBuilder<> EB(&Caller.getEntryBlock(),
                   Caller.getEntryBlock().getFirstInsertionPt());
    Local = EB.CreateAlloca(P->getAllocatedType(), P->getAddressSpace(),
                            P->getArraySize() == nullptr
                                ? nullptr
                                : cast<Constant>(P->getArraySize()),
                            A.Callee->getName() + ".promise");
    Local->setAlignment(P->getAlign());
    B.CreateLifetimeStart(Local);
  }
  SmallVector<Value *, 8> Args(A.Ramp->args());
  if (Local)
    Args.push_back(Local);
  CallInst *Call = B.CreateCall(Twin, Args);
  Call->setCallingConv(Twin->getCallingConv());
  Call->setDebugLoc(A.Ramp->getDebugLoc());
  // The ramp call's attributes, as far as they hold for the twin.
  AttrBuilder FnAttrs(Ctx);
  SmallVector<AttributeSet, 8> ParamAttrs;
  dropRampEffects(Ctx, A.Ramp->getAttributes(), A.Ramp->arg_size(), FnAttrs,
                  ParamAttrs);
  Call->setAttributes(AttributeList::get(Ctx, AttributeSet::get(Ctx, FnAttrs),
                                         AttributeSet(), ParamAttrs));

  // The results come from the local now.
  // Weak handles: deleting one dead chain may delete another's members.
  SmallVector<WeakTrackingVH, 8> DeadAddresses;
  for (auto [LI, Off] : Plan.Reads) {
    IRBuilder<> RB(LI);
    DeadAddresses.push_back(LI->getPointerOperand());
    int64_t Rel = Off - C.Promise->FrameOffset;
    LI->setOperand(LI->getPointerOperandIndex(),
                   Rel == 0
                       ? static_cast<Value *>(Local)
                       : RB.CreateGEP(RB.getInt8Ty(), Local, RB.getInt64(Rel)));
  }
  // The callee has completed once the twin returns.
  Value *Cond = A.DoneBranch->getCondition();
  A.Pending->removePredecessor(A.Loop);
  BranchInst::Create(A.Ready, A.DoneBranch->getIterator());
  A.DoneBranch->eraseFromParent();
  DeadAddresses.push_back(Cond);
  if (Local)
    IRBuilder<>(Plan.ReadyDestroy).CreateLifetimeEnd(Local);
  SmallVector<WeakVH, 8> Touched{A.Loop, A.Ready,
                                 Plan.ReadyDestroy->getParent()};
  for (Instruction *I : {A.Resume, Plan.ReadyDestroy}) {
    DeadAddresses.push_back(cast<CallBase>(I)->getCalledOperand());
    I->eraseFromParent();
  }
  // The caller's suspend for this await and the pending paths go.
  for (BasicBlock *BB : deleteUnreachableBlocks(Caller))
    Touched.push_back(BB);
  // A ramp call that claims to have no effects (memory(none) willreturn
  // nounwind at the call site) is trivially dead once its last use goes,
  // and the clean-up below may delete it: track it.
  WeakVH Ramp(A.Ramp);
  for (WeakTrackingVH &V : DeadAddresses)
    if (auto *I = dyn_cast_or_null<Instruction>(V); I && I->use_empty())
      RecursivelyDeleteTriviallyDeadInstructions(I);
  if (auto *R = cast_or_null<Instruction>(Ramp)) {
    eraseDeadHandleUses(R);
    if (!R->use_empty())
      report_fatal_error("coroslim-fold-suspend-free: the handle of a folded "
                         "await is still in use");
    R->eraseFromParent();
  }
  // What that leaves constant (the cleanup-destination phis and switches
  // between the await and the caller's exits) is folded, so that an await
  // of this caller, one level up, sees the shape the analysis reads.
  cleanUpAfterRewrite(Caller, Touched);
  return Call;
}
