//===- TransferAwait.cpp - Recognise C++ awaits by symmetric transfer -----===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// Part of the shared analysis (coroslim/CoroShape.h): the C++ form of an
// await. A C++20 `co_await task` whose awaiter's await_suspend returns the
// task's handle reaches LLVM as
//
//     store %h, %awaiter + Y                  ; the handle the task holds
//     %save = llvm.coro.save(null)
//     llvm.coro.await.suspend.handle(%awaiter, %frame, @wrapper)
//     %s = llvm.coro.suspend(%save, false)
//
// @wrapper is clang's wrapper of await_suspend: it stores the caller's
// %frame into the task's promise (the continuation) and returns the
// task's handle; CoroSplit turns the intrinsic into that call and a
// musttail call of the returned handle's resume function. The callee runs,
// and at its final suspend its final awaiter transfers to the
// continuation. Nothing here depends on names or library types: the facts
// are read from the intrinsic, the wrapper's body, the memory the awaiter
// holds and the callee's resume function, as CoroSplit made it.
//
// The callee side is proven once per await (whyNotRunsToCompletion): when
// resumed, whatever its state, the callee's resume function reaches the
// final suspend (CoroSplit's `store ptr null` to the resume slot) before
// every return, never unwinds, and reads its continuation only to transfer
// to it. The await passes (coroslim-fold-transfer) read these facts; none
// re-derives them.
//
//===----------------------------------------------------------------------===//

#include "coroslim/TransferAwaitImpl.h"

#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/MemoryBuiltins.h"
#include "llvm/Analysis/MemoryLocation.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;
using namespace coroslim;
using namespace coroslim::transferawait;

std::pair<const Value *, int64_t>
coroslim::transferawait::baseAndOffset(const Value *P, const DataLayout &DL) {
  APInt Off(DL.getIndexTypeSizeInBits(P->getType()), 0);
  const Value *Base =
      P->stripAndAccumulateConstantOffsets(DL, Off, /*AllowNonInbounds=*/true);
  return {Base, Off.getSExtValue()};
}

bool coroslim::transferawait::overlaps(int64_t A, int64_t ASize, int64_t B,
                                       int64_t BSize) {
  return A < B + BSize && B < A + ASize;
}

bool coroslim::transferawait::isMarkerOrDebug(const Instruction &I) {
  if (isa<DbgInfoIntrinsic>(I))
    return true;
  if (auto *II = dyn_cast<IntrinsicInst>(&I))
    return II->isLifetimeStartOrEnd() ||
           II->getIntrinsicID() == Intrinsic::assume;
  return false;
}

namespace {

/// What clang's await_suspend wrapper does, read from its body.
struct WrapperFacts {
  int64_t HandleOffset = 0;       ///< where the awaiter holds the handle
  int64_t ContinuationOffset = 0; ///< where the caller's frame goes
};

/// Reads the wrapper: it may only load from the awaiter, and store into the
/// frame of the handle it loads from the awaiter at one offset; exactly one
/// store writes the caller's frame (its second argument), and it returns
/// that handle. Anything else (a call, a branch, a write to the awaiter, a
/// use of the caller's frame other than that store) is refused: the
/// caller's frame is what a rewrite replaces.
std::optional<WrapperFacts> readWrapper(Function &W, std::string &Why) {
  if (W.isDeclaration() || W.arg_size() != 2 ||
      !W.getReturnType()->isPointerTy()) {
    Why = "its await_suspend wrapper '" + W.getName().str() +
          "' is not a defined function (awaiter, frame) -> handle";
    return std::nullopt;
  }
  if (W.size() != 1) {
    Why = "its await_suspend ('" + W.getName().str() +
          "') branches (it may not always transfer to the task)";
    return std::nullopt;
  }
  const DataLayout &DL = W.getDataLayout();
  Argument *Awaiter = W.getArg(0), *Frame = W.getArg(1);
  std::optional<int64_t> HandleOffset, ContOffset;
  SmallVector<LoadInst *, 2> HandleLoads;
  auto IsHandleLoad = [&](const Value *V) {
    return is_contained(HandleLoads, V);
  };
  for (Instruction &I : W.getEntryBlock()) {
    if (isMarkerOrDebug(I) || isa<GetElementPtrInst>(I) || isa<CastInst>(I))
      continue;
    if (auto *LI = dyn_cast<LoadInst>(&I)) {
      auto [Base, Off] = baseAndOffset(LI->getPointerOperand(), DL);
      if (!LI->isSimple()) {
        Why = "its await_suspend reads memory atomically or volatile";
        return std::nullopt;
      }
      if (Base == Awaiter && LI->getType()->isPointerTy()) {
        if (HandleOffset && *HandleOffset != Off) {
          // Another pointer field of the awaiter: only the handle's own
          // field may be dereferenced below.
          continue;
        }
        HandleOffset = Off;
        HandleLoads.push_back(LI);
      }
      continue;
    }
    if (auto *SI = dyn_cast<StoreInst>(&I)) {
      auto [Base, Off] = baseAndOffset(SI->getPointerOperand(), DL);
      if (!SI->isSimple() || !IsHandleLoad(Base)) {
        Why = "its await_suspend writes memory other than the awaited "
              "task's frame";
        return std::nullopt;
      }
      if (SI->getValueOperand()->stripPointerCasts() == Frame) {
        if (ContOffset) {
          Why = "its await_suspend stores the caller's handle twice";
          return std::nullopt;
        }
        ContOffset = Off;
      }
      continue;
    }
    if (auto *RI = dyn_cast<ReturnInst>(&I)) {
      Value *R = RI->getReturnValue();
      if (!R || !IsHandleLoad(R->stripPointerCasts())) {
        Why = "its await_suspend does not return the handle the awaiter "
              "holds";
        return std::nullopt;
      }
      continue;
    }
    Why = "its await_suspend does more than store the continuation (" +
          std::string(isa<CallBase>(I) ? "a call" : I.getOpcodeName()) + ")";
    return std::nullopt;
  }
  // The caller's frame may be stored, once, as the continuation, and read
  // (folly copies the awaiting promise's executor into the task's); never
  // written through or passed on. A run in place gives await_suspend the
  // real frame and then puts the noop coroutine in the continuation.
  SmallVector<const Value *, 4> Work{Frame};
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    for (const Use &U : V->uses()) {
      const User *Usr = U.getUser();
      if (V == Frame && isa<StoreInst>(Usr) && U.getOperandNo() == 0)
        continue;
      if (isa<GetElementPtrInst>(Usr) &&
          baseAndOffset(Usr, DL).first == Frame) {
        Work.push_back(Usr);
        continue;
      }
      if (const auto *LI = dyn_cast<LoadInst>(Usr);
          LI && LI->isSimple() && LI->getPointerOperand() == V)
        continue;
      Why = "its await_suspend uses the caller's handle other than to store "
            "it as the continuation and read its promise";
      return std::nullopt;
    }
  }
  if (!ContOffset || !HandleOffset) {
    Why = "its await_suspend does not store the caller's handle in the "
          "awaited task";
    return std::nullopt;
  }
  // Stores in the task's frame must not overlap the continuation unless
  // they are that store.
  for (Instruction &I : W.getEntryBlock())
    if (auto *SI = dyn_cast<StoreInst>(&I)) {
      int64_t Off = baseAndOffset(SI->getPointerOperand(), DL).second;
      uint64_t Size = DL.getTypeStoreSize(SI->getValueOperand()->getType());
      if (SI->getValueOperand()->stripPointerCasts() != Frame &&
          overlaps(Off, Size, *ContOffset, DL.getPointerSize())) {
        Why = "its await_suspend writes over the continuation it stores";
        return std::nullopt;
      }
    }
  return WrapperFacts{*HandleOffset, *ContOffset};
}

/// A handle of a coroutine LLVM has split, as the awaiter holds it: the
/// inlined ramp's coro.begin, CoroElide's frame, or the ramp's result.
struct SplitHandle {
  AwaitSite::HandleForm Form;
  Instruction *Handle;
  SplitCoroutine Coroutine;
};

std::optional<SplitHandle> splitHandle(Value *V, const PreSplitShape &S) {
  V = V->stripPointerCasts();
  if (auto *B = dyn_cast<CoroBeginInst>(V); B && B != S.Begin)
    if (auto *Id = dyn_cast<CoroIdInst>(B->getArgOperand(0)))
      if (auto SC = splitCoroutine(*Id))
        return SplitHandle{AwaitSite::HandleForm::InlinedRamp, B, *SC};
  if (auto *A = dyn_cast<AllocaInst>(V)) {
    // CoroElide's frame: the alloca, or the no-op bitcast of it CoroElide
    // leaves until InstCombine runs, holds the resume function at 0.
    SmallVector<Value *, 2> Frames{A};
    for (User *U : A->users())
      if (isa<BitCastInst>(U))
        Frames.push_back(U);
    for (Value *Fr : Frames)
      for (User *U : Fr->users()) {
        auto *SI = dyn_cast<StoreInst>(U);
        auto *R =
            SI && SI->getPointerOperand() == Fr
                ? dyn_cast<Function>(SI->getValueOperand()->stripPointerCasts())
                : nullptr;
        if (!R)
          continue;
        if (auto SC = splitCoroutineOfResume(*R))
          return SplitHandle{AwaitSite::HandleForm::ElidedFrame, A, *SC};
      }
  }
  if (auto *CI = dyn_cast<CallBase>(V))
    if (Function *G = CI->getCalledFunction())
      if (auto SC = splitCoroutineOfRamp(*G))
        return SplitHandle{AwaitSite::HandleForm::SplitRampCall, CI, *SC};
  return std::nullopt;
}

/// The values derived from a load of the continuation may be compared with
/// null, chosen between (with a constant such as the noop coroutine), and
/// in the end transferred to: llvm.coro.subfn.addr(v, 0) called with v, or
/// the resume pointer loaded from v called with v. The calls found are
/// added to \p Transfers.
bool onlyTransfersTo(Value *Cont, SmallPtrSetImpl<const Value *> &Transfers,
                     std::string &Use) {
  SmallVector<Value *, 8> Work{Cont};
  SmallPtrSet<Value *, 8> Derived{Cont};
  auto CalledWithDerived = [&](Value *Fn) {
    for (User *FU : Fn->users()) {
      auto *Call = dyn_cast<CallInst>(FU);
      if (!Call || Call->getCalledOperand() != Fn || Call->arg_size() != 1 ||
          !Derived.count(Call->getArgOperand(0)->stripPointerCasts()))
        return false;
      Transfers.insert(Call);
    }
    return true;
  };
  while (!Work.empty()) {
    Value *V = Work.pop_back_val();
    for (User *U : V->users()) {
      auto *I = cast<Instruction>(U);
      if (isa<CastInst>(I) || isa<PHINode>(I) ||
          (isa<SelectInst>(I) && I->getOperand(0) != V)) {
        if (auto *Sel = dyn_cast<SelectInst>(I);
            Sel &&
            !isa<Constant>(Sel->getTrueValue() == V ? Sel->getFalseValue()
                                                    : Sel->getTrueValue()) &&
            !Derived.count(Sel->getTrueValue() == V ? Sel->getFalseValue()
                                                    : Sel->getTrueValue())) {
          Use = "a choice with another value";
          return false;
        }
        if (Derived.insert(I).second)
          Work.push_back(I);
        continue;
      }
      if (auto *Cmp = dyn_cast<ICmpInst>(I)) {
        // eq/ne with null: the noop coroutine and the caller's frame are
        // both non-null, so the answer is the same.
        Value *Other =
            Cmp->getOperand(0) == V ? Cmp->getOperand(1) : Cmp->getOperand(0);
        if (Cmp->isEquality() && isa<Constant>(Other) &&
            cast<Constant>(Other)->isNullValue())
          continue;
        Use = "a comparison";
        return false;
      }
      if (auto *Call = dyn_cast<CallInst>(I);
          Call && Call->getCalledOperand() != V && Call->arg_size() == 1) {
        // The transfer itself: its callee is checked below, from the
        // llvm.coro.subfn.addr or load that computes it.
        Value *Callee = Call->getCalledOperand();
        auto *Sub = dyn_cast<CoroSubFnInst>(Callee);
        auto *LI = dyn_cast<LoadInst>(Callee);
        if ((Sub && Derived.count(Sub->getFrame())) ||
            (LI && Derived.count(LI->getPointerOperand())))
          continue;
      }
      if (auto *Sub = dyn_cast<CoroSubFnInst>(I);
          Sub && Sub->getIndex() == CoroSubFnInst::ResumeIndex &&
          CalledWithDerived(Sub))
        continue;
      if (auto *LI = dyn_cast<LoadInst>(I);
          LI && LI->getPointerOperand() == V && CalledWithDerived(LI))
        continue;
      Use = isa<CallBase>(I) ? "a call" : I->getOpcodeName();
      return false;
    }
  }
  return true;
}

/// True when \p SI writes into a local alloca that does not escape and
/// that no instruction reads at the bytes it writes.
bool isUnreadLocalField(const StoreInst &SI, const DataLayout &DL) {
  auto [Base, Off] = baseAndOffset(SI.getPointerOperand(), DL);
  const auto *A = dyn_cast<AllocaInst>(Base);
  if (!A || compat::pointerMayBeCaptured(A, /*ReturnCaptures=*/true))
    return false;
  int64_t Size = DL.getTypeStoreSize(SI.getValueOperand()->getType());
  SmallVector<const Value *, 8> Work{A};
  SmallPtrSet<const Value *, 8> Seen{A};
  while (!Work.empty()) {
    const Value *P = Work.pop_back_val();
    for (const User *U : P->users()) {
      if (isa<GetElementPtrInst>(U) || isa<BitCastInst>(U)) {
        if (Seen.insert(U).second)
          Work.push_back(U);
        continue;
      }
      if (isa<StoreInst>(U) || isMarkerOrDebug(*cast<Instruction>(U)))
        continue;
      const auto *LI = dyn_cast<LoadInst>(U);
      if (!LI)
        return false;
      auto [LBase, LOff] = baseAndOffset(LI->getPointerOperand(), DL);
      int64_t LSize = DL.getTypeStoreSize(LI->getType());
      if (LBase != A || overlaps(LOff, LSize, Off, Size))
        return false;
    }
  }
  return true;
}

/// True when \p Call transfers to a constant coroutine frame (the noop
/// coroutine a run in place gave a child task, once that child's resume
/// function was inlined) whose resume and destroy functions cannot throw.
bool transfersToConstantFrame(const CallInst &Call) {
  auto *Sub = dyn_cast<CoroSubFnInst>(Call.getCalledOperand());
  auto *GV =
      Sub ? dyn_cast<GlobalVariable>(Sub->getFrame()->stripPointerCasts())
          : nullptr;
  if (!GV || !GV->isConstant() || !GV->hasDefinitiveInitializer())
    return false;
  auto *Init = dyn_cast<ConstantStruct>(GV->getInitializer());
  return Init && all_of(Init->operands(), [](const Use &U) {
           auto *Fn = dyn_cast<Function>(U.get());
           return Fn && Fn->doesNotThrow();
         });
}

/// Why resuming the split coroutine whose resume function is \p Resume
/// might not run it to its final suspend and back, with its continuation
/// (at \p ContOffset of its frame) replaced; empty when it always does.
std::string whyNotRunsToCompletion(Function &Resume, int64_t ContOffset) {
  if (Resume.isDeclaration() || Resume.arg_empty())
    return "its resume function is not defined here";
  const DataLayout &DL = Resume.getDataLayout();
  Argument *Frame = Resume.getArg(0);
  int64_t PtrSize = DL.getPointerSize();
  SmallPtrSet<const Value *, 2> Transfers;
  SmallPtrSet<const BasicBlock *, 8> MarksDone;
  // Every use of the frame: loads and stores at constant offsets. The
  // continuation is only read, and only to transfer to it.
  SmallVector<Value *, 16> Work{Frame};
  SmallPtrSet<Value *, 16> Seen{Frame};
  while (!Work.empty()) {
    Value *P = Work.pop_back_val();
    for (User *U : P->users()) {
      auto *I = cast<Instruction>(U);
      if (isa<GetElementPtrInst>(I) || isa<BitCastInst>(I)) {
        if (baseAndOffset(I, DL).first != Frame)
          return "its resume function addresses its frame at a non-constant "
                 "offset";
        if (Seen.insert(I).second)
          Work.push_back(I);
        continue;
      }
      if (isMarkerOrDebug(*I))
        continue;
      int64_t Off = baseAndOffset(P, DL).second;
      if (auto *LI = dyn_cast<LoadInst>(I)) {
        uint64_t Size = DL.getTypeStoreSize(LI->getType());
        if (!overlaps(Off, Size, ContOffset, PtrSize))
          continue;
        std::string Use;
        if (Off != ContOffset || !LI->isSimple() ||
            !onlyTransfersTo(LI, Transfers, Use))
          return "it uses its continuation other than to transfer to it at "
                 "its final suspend (" +
                 (Use.empty() ? std::string("a partial read") : Use) + ")";
        continue;
      }
      if (auto *SI = dyn_cast<StoreInst>(I)) {
        if (SI->getPointerOperand() != P) {
          // Its handle kept where nobody reads it back: a field of a local
          // nothing else sees (a child task's frame that CoroElide put on
          // its stack, whose continuation a run in place restored).
          if (isUnreadLocalField(*SI, DL))
            continue;
          return "its resume function stores its own handle";
        }
        uint64_t Size = DL.getTypeStoreSize(SI->getValueOperand()->getType());
        if (overlaps(Off, Size, ContOffset, PtrSize))
          return "it writes its continuation";
        if (Off == 0 && isa<ConstantPointerNull>(SI->getValueOperand()))
          MarksDone.insert(SI->getParent());
        continue;
      }
      if (auto *MI = dyn_cast<MemIntrinsic>(I)) {
        auto *Len = dyn_cast<ConstantInt>(MI->getLength());
        if (Len && !MI->isVolatile() &&
            !overlaps(Off, Len->getZExtValue(), ContOffset, PtrSize))
          continue;
        return "it copies or sets memory over its continuation";
      }
      if (auto *CB = dyn_cast<CallBase>(I)) {
        Function *G = CB->getCalledFunction();
        return "its resume function passes its frame to " +
               (G ? "'" + G->getName().str() + "'"
                  : std::string("an indirect call")) +
               ", which may read its continuation";
      }
      return std::string("its frame is used by ") + I->getOpcodeName();
    }
  }
  // No unwinding out of it: an exception leaving the callee would leave
  // the caller, too, where it did not suspend.
  for (Instruction &I : instructions(Resume)) {
    if (isa<ResumeInst>(I) ||
        (isa<CleanupReturnInst>(I) &&
         cast<CleanupReturnInst>(I).unwindsToCaller()) ||
        (isa<CatchSwitchInst>(I) && cast<CatchSwitchInst>(I).unwindsToCaller()))
      return "an exception can leave it (its unhandled_exception or the end "
             "of its catch handler may throw)";
    if (auto *Call = dyn_cast<CallInst>(&I); Call && !Call->doesNotThrow() &&
                                             !Transfers.count(Call) &&
                                             !transfersToConstantFrame(*Call)) {
      Function *G = Call->getCalledFunction();
      return "an exception can leave it (it calls " +
             (G ? "'" + G->getName().str() + "'"
                : std::string("an indirect function")) +
             " outside a handler)";
    }
  }
  // Every return after the final suspend's `store ptr null` to the resume
  // slot (CoroSplit's mark of completion): forward must-analysis.
  DenseMap<const BasicBlock *, bool> DoneOut;
  bool Changed = true;
  ReversePostOrderTraversal<Function *> RPOT(&Resume);
  for (BasicBlock *BB : RPOT)
    DoneOut[BB] = true;
  while (Changed) {
    Changed = false;
    for (BasicBlock *BB : RPOT) {
      bool In = BB != &Resume.getEntryBlock();
      for (BasicBlock *P : predecessors(BB))
        In &= DoneOut.lookup(P);
      bool Out = In || MarksDone.count(BB);
      if (Out != DoneOut[BB]) {
        DoneOut[BB] = Out;
        Changed = true;
      }
    }
  }
  for (BasicBlock *BB : RPOT)
    if (isa<ReturnInst>(BB->getTerminator()) && !DoneOut[BB])
      return "resuming it can return before it completes (it has an "
             "internal suspend point, or its final suspend does not keep "
             "its frame)";
  return "";
}

/// True when \p G (the task's destroy or cleanup function) may read the
/// bytes at \p ContOffset of its frame: a load or copy over them, its
/// frame escaping, or its frame passed to a call that does not free it.
bool mayReadFrameField(Function &G, int64_t ContOffset,
                       const TargetLibraryInfo &TLI) {
  if (G.isDeclaration() || G.arg_empty())
    return true;
  const DataLayout &DL = G.getDataLayout();
  Argument *Frame = G.getArg(0);
  int64_t PtrSize = DL.getPointerSize();
  auto Overlaps = [&](int64_t Off, int64_t Size) {
    return overlaps(Off, Size, ContOffset, PtrSize);
  };
  SmallVector<Value *, 16> Work{Frame};
  SmallPtrSet<Value *, 16> Seen{Frame};
  while (!Work.empty()) {
    Value *P = Work.pop_back_val();
    int64_t Off = baseAndOffset(P, DL).second;
    for (User *U : P->users()) {
      auto *I = cast<Instruction>(U);
      if (isa<GetElementPtrInst>(I) || isa<BitCastInst>(I)) {
        if (baseAndOffset(I, DL).first != Frame)
          return true;
        if (Seen.insert(I).second)
          Work.push_back(I);
        continue;
      }
      if (isMarkerOrDebug(*I))
        continue;
      if (auto *LI = dyn_cast<LoadInst>(I)) {
        if (Overlaps(Off, DL.getTypeStoreSize(LI->getType())))
          return true;
        continue;
      }
      if (auto *SI = dyn_cast<StoreInst>(I)) {
        if (SI->getPointerOperand() != P)
          return true;
        continue;
      }
      if (auto *MI = dyn_cast<MemIntrinsic>(I)) {
        auto *Len = dyn_cast<ConstantInt>(MI->getLength());
        auto *MT = dyn_cast<MemTransferInst>(MI);
        if (MT && MT->getRawSource() == P &&
            (!Len || Overlaps(Off, Len->getSExtValue())))
          return true;
        continue;
      }
      if (auto *CB = dyn_cast<CallBase>(I))
        if (getFreedOperand(CB, &TLI) == P)
          continue;
      return true;
    }
  }
  return false;
}

/// True when code of the caller \p S that runs after the await's suspend
/// may read the task's continuation: a load or copy at that offset of a
/// pointer that may be the task's frame, the handle (or an object holding
/// it) passed to a call other than a resume or destroy, or stored where
/// others may find it. Conservative: any doubt says yes.
bool callerMayReadContinuation(const PreSplitShape &S, const TransferAwait &T,
                               const SuspendPoint &SP, const DataLayout &DL) {
  int64_t PtrSize = DL.getPointerSize(), Cont = T.ContinuationOffset;
  auto Overlaps = [&](int64_t Off, int64_t Size) {
    return overlaps(Off, Size, Cont, PtrSize);
  };
  // Locals that may hold a pointer to the task: written a pointer, or
  // handed to a call (which may write one).
  SmallPtrSet<const Value *, 8> Holders;
  for (Instruction &I : instructions(*S.F)) {
    if (auto *SI = dyn_cast<StoreInst>(&I);
        SI && SI->getValueOperand()->getType()->isPointerTy())
      Holders.insert(baseAndOffset(SI->getPointerOperand(), DL).first);
    if (auto *CB = dyn_cast<CallBase>(&I); CB && !isa<IntrinsicInst>(CB))
      for (Value *A : CB->args())
        if (A->getType()->isPointerTy())
          Holders.insert(baseAndOffset(A, DL).first);
  }
  // The caller's own frame, promise and frame free are not the task's.
  auto IsOwnFrame = [&](const Value *Base) {
    if (Base == S.Begin || isa<CoroFreeInst>(Base))
      return true;
    auto *P = dyn_cast<CoroPromiseInst>(Base);
    return P && P->getArgOperand(0) == S.Begin;
  };
  auto MayBeFrame = [&](const Value *Base) {
    if (Base == T.Handle)
      return true;
    return !(IsOwnFrame(Base) || isa<AllocaInst>(Base) || isa<Constant>(Base));
  };
  auto MayReach = [&](const Value *Base) {
    return MayBeFrame(Base) || (isa<AllocaInst>(Base) && Holders.count(Base));
  };
  // Every block reachable from the await's resume edge.
  SmallVector<BasicBlock *, 16> Work{SP.target(0)};
  SmallPtrSet<BasicBlock *, 16> Seen{SP.target(0)};
  while (!Work.empty()) {
    BasicBlock *BB = Work.pop_back_val();
    for (Instruction &I : *BB) {
      if (isMarkerOrDebug(I))
        continue;
      if (auto *LI = dyn_cast<LoadInst>(&I)) {
        auto [Base, Off] = baseAndOffset(LI->getPointerOperand(), DL);
        if (MayBeFrame(Base) &&
            Overlaps(Off, DL.getTypeStoreSize(LI->getType())))
          return true;
        continue;
      }
      if (auto *SI = dyn_cast<StoreInst>(&I)) {
        Value *V = SI->getValueOperand();
        if (V->getType()->isPointerTy() &&
            MayReach(baseAndOffset(V, DL).first) &&
            !isa<AllocaInst>(baseAndOffset(SI->getPointerOperand(), DL).first))
          return true;
        continue;
      }
      if (auto *MT = dyn_cast<MemTransferInst>(&I)) {
        auto [Base, Off] = baseAndOffset(MT->getRawSource(), DL);
        auto *Len = dyn_cast<ConstantInt>(MT->getLength());
        if (MayBeFrame(Base) && (!Len || Overlaps(Off, Len->getSExtValue())))
          return true;
        continue;
      }
      if (auto *CB = dyn_cast<CallBase>(&I)) {
        // A resume or destroy through llvm.coro.subfn.addr: the task's own
        // destroy and cleanup are checked with the callee.
        if (isa<CoroSubFnInst>(CB->getCalledOperand()))
          continue;
        if (auto *II = dyn_cast<IntrinsicInst>(CB);
            II && (isa<CoroSubFnInst>(II) || isa<AnyCoroSuspendInst>(II) ||
                   isa<CoroSaveInst>(II) || isa<CoroFreeInst>(II) ||
                   isa<AnyCoroEndInst>(II)))
          continue;
        for (Value *A : CB->args())
          if (A->getType()->isPointerTy() &&
              MayReach(baseAndOffset(A, DL).first))
            return true;
      }
    }
    for (BasicBlock *Succ : successors(BB))
      if (Seen.insert(Succ).second)
        Work.push_back(Succ);
  }
  return false;
}

/// The llvm.coro.await.suspend.* call right before the suspend \p SP: in
/// its block, or (an invoke under -fexceptions) in the one that branches
/// to it.
CallBase *awaitSuspendOf(const SuspendPoint &SP) {
  Instruction *Prev = SP.Suspend->getPrevNode();
  while (Prev && isMarkerOrDebug(*Prev))
    Prev = Prev->getPrevNode();
  if (!Prev)
    if (BasicBlock *Pred = SP.Suspend->getParent()->getSinglePredecessor())
      Prev = Pred->getTerminator();
  auto *II = dyn_cast_or_null<IntrinsicInst>(Prev);
  auto *Inv = dyn_cast_or_null<InvokeInst>(Prev);
  Function *Called = II    ? II->getCalledFunction()
                     : Inv ? Inv->getCalledFunction()
                           : nullptr;
  if (!Called)
    return nullptr;
  switch (Called->getIntrinsicID()) {
  case Intrinsic::coro_await_suspend_handle:
  case Intrinsic::coro_await_suspend_void:
  case Intrinsic::coro_await_suspend_bool:
    return cast<CallBase>(Prev);
  default:
    return nullptr;
  }
}

} // namespace

void coroslim::findTransferAwaits(
    PreSplitShape &S, AAResults &AA,
    function_ref<const TargetLibraryInfo &(Function &)> GetTLI) {
  const DataLayout &DL = S.F->getDataLayout();
  for (const SuspendPoint &SP : S.Suspends) {
    if (SP.Kind == SuspendKind::Final || SP.Kind == SuspendKind::Initial)
      continue;
    CallBase *AS = awaitSuspendOf(SP);
    if (!AS)
      continue;
    auto Refuse = [&](const Twine &Why) {
      S.RefusedTransferAwaits.push_back({SP.Suspend, Why.str()});
    };
    Intrinsic::ID IID = AS->getCalledFunction()->getIntrinsicID();
    if (IID != Intrinsic::coro_await_suspend_handle) {
      Refuse(Twine("its await_suspend returns ") +
             (IID == Intrinsic::coro_await_suspend_void ? "void" : "bool") +
             ", not the handle to transfer to (only an await of a task "
             "by symmetric transfer runs in place)");
      continue;
    }
    if (!SP.target(0) || !SP.OnlyBranchedOn) {
      Refuse("its suspend's resume edge cannot be read");
      continue;
    }
    if (AS->getArgOperand(1) != S.Begin) {
      Refuse("await_suspend is not given the caller's own handle");
      continue;
    }
    auto *W = dyn_cast<Function>(AS->getArgOperand(2)->stripPointerCasts());
    if (!W) {
      Refuse("its await_suspend wrapper is not a function");
      continue;
    }
    std::string Why;
    std::optional<WrapperFacts> WF = readWrapper(*W, Why);
    if (!WF) {
      Refuse(Why);
      continue;
    }
    Value *Awaiter = AS->getArgOperand(0);
    Value *Held = heldValue(AS, Awaiter, WF->HandleOffset, AA, DL);
    if (!Held) {
      Refuse("cannot tell which coroutine the awaiter holds when "
             "await_suspend runs");
      continue;
    }
    std::optional<SplitHandle> H = splitHandle(Held, S);
    if (!H) {
      Refuse("the awaiter's handle is not one of a coroutine LLVM has split "
             "(an inlined ramp, an elided frame or a ramp's result)");
      continue;
    }
    TransferAwait T;
    T.Suspend = SP.Suspend;
    T.AwaitSuspend = AS;
    T.Wrapper = W;
    T.Awaiter = Awaiter;
    setTaskInstance(T, H->Form, H->Handle, H->Coroutine);
    T.ContinuationOffset = WF->ContinuationOffset;
    T.WhyNotRunsToCompletion =
        whyNotRunsToCompletion(*T.Resume, T.ContinuationOffset);
    // What await_suspend stored as the continuation (the caller's handle)
    // is put back after the run unless nothing can read it any more.
    T.RestoreContinuation = callerMayReadContinuation(S, T, SP, DL);
    for (unsigned I = 1; I < H->Coroutine.Resumers->getNumOperands(); ++I) {
      auto *G = cast<Function>(H->Coroutine.Resumers->getOperand(I));
      T.RestoreContinuation |=
          mayReadFrameField(*G, T.ContinuationOffset, GetTLI(*G));
    }
    T.WhyNotEmbeddable = whyNotEmbeddable(
        S, T, H->Coroutine, awaitWindow(*AS, *SP.Suspend, *W, DL), AA, DL);
    S.TransferAwaits.push_back(std::move(T));
  }
}
