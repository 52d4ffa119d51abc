//===- AwaitRewrite.cpp - Shared helpers for await rewrites ---------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// Callee-side facts that the await-rewriting passes share. See
// coroslim/AwaitRewrite.h.
//
//===----------------------------------------------------------------------===//

#include "coroslim/AwaitRewrite.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;
using namespace coroslim;

//===----------------------------------------------------------------------===//
// Suspend targets and the completion point
//===----------------------------------------------------------------------===//

std::optional<Completion> coroslim::findCompletion(const PreSplitShape &S,
                                                   std::string &Why) {
  Completion C;
  unsigned N = 0;
  for (const SuspendPoint &SP : S.Suspends)
    if (SP.Kind == SuspendKind::Final ||
        SP.Kind == SuspendKind::CheckedCompletion) {
      C.SP = &SP;
      ++N;
    }
  if (N != 1) {
    Why = N == 0 ? "it has no completion point (final suspend)"
                 : "it has " + std::to_string(N) + " completion points";
    return std::nullopt;
  }
  C.Cleanup = C.SP->target(1);
  if (!C.Cleanup) {
    Why = "cannot tell what destroying it at its completion point runs";
    return std::nullopt;
  }
  return C;
}

//===----------------------------------------------------------------------===//
// The promise
//===----------------------------------------------------------------------===//

int64_t coroslim::promiseFrameOffset(const DataLayout &DL, Align A) {
  return alignTo(2 * DL.getPointerSize(), A);
}

namespace {

std::string describeUser(const User *U) {
  if (const auto *CB = dyn_cast<CallBase>(U)) {
    if (const Function *Callee = CB->getCalledFunction())
      return "passed to '" + Callee->getName().str() + "'";
    return "passed to an indirect call";
  }
  if (const auto *I = dyn_cast<Instruction>(U))
    return std::string("used by ") + I->getOpcodeName();
  return "used by a constant";
}

enum class Root { None, Frame, Promise };

/// Collects the loads and stores reached from \p Addr, an address
/// \p FrameOff bytes into the frame. \p R says whether \p Addr is
/// llvm.coro.begin or the promise alloca, whose coroutine-intrinsic and
/// lifetime users are expected. \p FromPromise: \p Addr is derived from
/// the promise alloca; \p Unknown: at an offset into it that is not a
/// constant (\p FrameOff is then meaningless).
bool visitAddress(Value *Addr, int64_t FrameOff, Root R, PromiseLayout &L,
                  std::string &Why, bool FromPromise = false,
                  bool Unknown = false) {
  const DataLayout &DL = L.Promise ? L.Promise->getDataLayout()
                                   : cast<Instruction>(Addr)->getDataLayout();
  for (User *U : Addr->users()) {
    if (isa<DbgInfoIntrinsic>(U))
      continue;
    if (R == Root::Frame && (isa<CoroFreeInst>(U) || isa<CoroEndInst>(U) ||
                             isa<CoroSaveInst>(U) || isa<ReturnInst>(U)))
      continue;
    if (R == Root::Promise &&
        (isa<CoroIdInst>(U) || cast<Instruction>(U)->isLifetimeStartOrEnd()))
      continue;
    if (auto *GEP = dyn_cast<GetElementPtrInst>(U)) {
      APInt Off(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
      bool Based = GEP->getPointerOperand() == Addr;
      if (Based && !Unknown && GEP->accumulateConstantOffset(DL, Off)) {
        int64_t Sub = FrameOff + Off.getSExtValue();
        L.Addresses.push_back({GEP, Sub});
        if (!visitAddress(GEP, Sub, Root::None, L, Why, FromPromise))
          return false;
        continue;
      }
      // A variable index into the promise (a result array filled in a
      // loop). An inbounds GEP of a pointer derived from the promise
      // alloca stays inside that alloca (or is poison), so its accesses
      // are somewhere in the promise: recorded as covering all of it,
      // with no value known. Off the frame (llvm.coro.begin,
      // llvm.coro.promise) inbounds only bounds it by the frame, so that
      // stays refused. Such a GEP is no frame address to redirect: it
      // follows its base wherever a rewrite puts the promise.
      if (Based && FromPromise && GEP->isInBounds()) {
        if (!visitAddress(GEP, 0, Root::None, L, Why, FromPromise,
                          /*Unknown=*/true))
          return false;
        continue;
      }
      Why = "its frame is addressed at a non-constant offset";
      return false;
    }
    if (auto *P = dyn_cast<CoroPromiseInst>(U); P && R == Root::Frame) {
      if (P->isFromPromise()) {
        Why = "llvm.coro.promise is used to go from promise to frame";
        return false;
      }
      int64_t Sub = promiseFrameOffset(DL, P->getAlignment());
      L.Addresses.push_back({P, Sub});
      if (!visitAddress(P, Sub, Root::None, L, Why))
        return false;
      continue;
    }
    PromiseLayout::Access A;
    A.I = cast<Instruction>(U);
    auto *MI = dyn_cast<MemIntrinsic>(U);
    auto *Len = MI ? dyn_cast<ConstantInt>(MI->getLength()) : nullptr;
    if (MI && Len && !MI->isVolatile() &&
        (MI->getRawDest() == Addr ||
         (isa<MemTransferInst>(MI) &&
          cast<MemTransferInst>(MI)->getRawSource() == Addr))) {
      // memset/memcpy of (part of) the promise: a store through the
      // destination, a load through the source (both when it copies within
      // the promise, in which case this user is visited twice).
      A.Size = Len->getZExtValue();
      A.IsStore = MI->getRawDest() == Addr;
      if (A.IsStore && isa<MemTransferInst>(MI) &&
          cast<MemTransferInst>(MI)->getRawSource() == Addr) {
        Why = "it copies its promise onto itself";
        return false;
      }
    } else if (auto *LI = dyn_cast<LoadInst>(U); LI && LI->isSimple()) {
      A.Size = DL.getTypeStoreSize(LI->getType());
    } else if (auto *SI = dyn_cast<StoreInst>(U);
               SI && SI->isSimple() && SI->getPointerOperand() == Addr &&
               SI->getValueOperand() != Addr) {
      A.Size = DL.getTypeStoreSize(SI->getValueOperand()->getType());
      A.IsStore = true;
    } else {
      Why = "its frame or promise address escapes (" + describeUser(U) + ")";
      return false;
    }
    if (Unknown) {
      A.Offset = 0;
      A.Size = L.Size;
      A.Exact = false;
      L.Accesses.push_back(A);
      continue;
    }
    if (!L.contains(FrameOff, A.Size)) {
      Why = "it accesses its frame outside its promise (offset " +
            std::to_string(FrameOff) + ")";
      return false;
    }
    A.Offset = FrameOff - L.FrameOffset;
    L.Accesses.push_back(A);
  }
  return true;
}

} // namespace

std::optional<PromiseLayout> coroslim::analyzePromise(const PreSplitShape &S,
                                                      std::string &Why) {
  PromiseLayout L;
  const DataLayout &DL = S.F->getDataLayout();
  L.Promise = S.Id->getPromise();
  if (L.Promise) {
    std::optional<TypeSize> Size = L.Promise->getAllocationSize(DL);
    if (!Size || Size->isScalable()) {
      Why = "its promise has no fixed size";
      return std::nullopt;
    }
    L.Size = Size->getFixedValue();
    L.FrameOffset = promiseFrameOffset(DL, L.Promise->getAlign());
  }
  if (!visitAddress(S.Begin, 0, Root::Frame, L, Why))
    return std::nullopt;
  if (L.Promise && !visitAddress(L.Promise, L.FrameOffset, Root::Promise, L,
                                 Why, /*FromPromise=*/true))
    return std::nullopt;
  return L;
}

namespace {

/// Evaluates \p V, computed in \p BB from \p Load, with the load replaced
/// by \p C.
Constant *evaluateWith(Value *V, LoadInst *Load, Constant *C, BasicBlock *BB,
                       unsigned Depth = 0) {
  if (V == Load)
    return C;
  if (auto *K = dyn_cast<Constant>(V))
    return K;
  auto *I = dyn_cast<Instruction>(V);
  if (!I || I->getParent() != BB || Depth > 8 || I->mayReadOrWriteMemory() ||
      isa<PHINode>(I))
    return nullptr;
  SmallVector<Constant *, 4> Ops;
  for (Value *Op : I->operands()) {
    Constant *K = evaluateWith(Op, Load, C, BB, Depth + 1);
    if (!K)
      return nullptr;
    Ops.push_back(K);
  }
  return ConstantFoldInstOperands(I, Ops, I->getDataLayout());
}

} // namespace

Constant *coroslim::promiseValueAt(const PromiseLayout &L, Instruction *At,
                                   int64_t Off, uint64_t Size) {
  // A forward data flow over the whole coroutine: per block, the field's
  // value on leaving it. Unlike a walk back it also proves a value around a
  // loop that does not store to the field (an internal suspend in a wait
  // loop).
  DenseMap<const Instruction *, const PromiseLayout::Access *> Stores;
  for (const PromiseLayout::Access &A : L.Accesses)
    if (A.IsStore)
      Stores[A.I] = &A;
  struct State {
    bool Reached = false;
    Constant *C = nullptr; ///< null once reached: not one known constant
    bool operator==(const State &O) const {
      return Reached == O.Reached && C == O.C;
    }
  };
  auto Meet = [](State A, State B) {
    if (!A.Reached)
      return B;
    if (!B.Reached)
      return A;
    return State{true, A.C == B.C ? A.C : nullptr};
  };
  auto Transfer = [&](State S, BasicBlock &BB, const Instruction *Stop) {
    for (Instruction &I : BB) {
      if (&I == Stop)
        break;
      auto It = Stores.find(&I);
      if (It == Stores.end())
        continue;
      Constant *Value;
      if (It->second->writesField(Off, Size, Value))
        S.C = Value;
    }
    return S;
  };
  Function &F = *At->getFunction();
  DenseMap<BasicBlock *, State> Out;
  auto In = [&](BasicBlock *BB) {
    State S;
    if (BB == &F.getEntryBlock())
      S.Reached = true; // uninitialised: no constant
    for (BasicBlock *Pred : predecessors(BB))
      S = Meet(S, Out.lookup(Pred));
    return S;
  };
  SetVector<BasicBlock *> Work;
  Work.insert(&F.getEntryBlock());
  while (!Work.empty()) {
    BasicBlock *BB = Work.pop_back_val();
    State New = Transfer(In(BB), *BB, nullptr);
    if (!New.Reached || Out.lookup(BB) == New)
      continue;
    Out[BB] = New;
    for (BasicBlock *Succ : successors(BB))
      Work.insert(Succ);
  }
  State S = Transfer(In(At->getParent()), *At->getParent(), At);
  return S.Reached ? S.C : nullptr;
}

std::optional<bool> coroslim::doneTestAt(const AwaitSite &A,
                                         const SuspendPoint &SP,
                                         const PromiseLayout &L,
                                         std::string &Why) {
  // llvm.coro.done and its CoroEarly form are true at a final suspend
  // only; a checked completion is an ordinary suspend to them.
  if (A.DoneKind != DoneTestKind::PromiseFlag)
    return SP.Suspend->isFinal();
  const DataLayout &DL = A.DoneLoad->getDataLayout();
  uint64_t Bytes = DL.getTypeStoreSize(A.DoneLoad->getType());
  if (!L.contains(A.FlagOffset, Bytes)) {
    Why = "the await's done flag is not in its promise";
    return std::nullopt;
  }
  Constant *V =
      promiseValueAt(L, SP.Suspend, A.FlagOffset - L.FrameOffset, Bytes);
  if (!V || V->getType() != A.DoneLoad->getType()) {
    bool AtCompletion = SP.Kind == SuspendKind::Final ||
                        SP.Kind == SuspendKind::CheckedCompletion;
    Why = std::string("cannot prove the value of the await's done flag at "
                      "its ") +
          (AtCompletion ? "completion point" : "internal suspend point");
    return std::nullopt;
  }
  auto *Cond = dyn_cast_or_null<ConstantInt>(evaluateWith(
      A.DoneBranch->getCondition(), A.DoneLoad, V, A.DoneBranch->getParent()));
  if (!Cond) {
    Why = "cannot evaluate the await's done test";
    return std::nullopt;
  }
  return A.DoneBranch->getSuccessor(Cond->isZero() ? 1 : 0) == A.Ready;
}

namespace {

/// Deletes the blocks of \p F no path from the entry reaches; drops them
/// from \p Blocks and appends to it the live blocks that lose a
/// predecessor. True when it deleted any.
bool deleteDead(Function &F, SmallVectorImpl<BasicBlock *> &Blocks) {
  SmallPtrSet<BasicBlock *, 32> Reach;
  SmallVector<BasicBlock *, 16> Work{&F.getEntryBlock()};
  while (!Work.empty()) {
    BasicBlock *BB = Work.pop_back_val();
    if (Reach.insert(BB).second)
      append_range(Work, successors(BB));
  }
  SmallVector<BasicBlock *, 8> Dead;
  SmallPtrSet<BasicBlock *, 8> SeenLost;
  for (BasicBlock &BB : F) {
    if (Reach.count(&BB))
      continue;
    Dead.push_back(&BB);
    for (BasicBlock *Succ : successors(&BB))
      if (Reach.count(Succ) && SeenLost.insert(Succ).second)
        Blocks.push_back(Succ);
  }
  if (Dead.empty())
    return false;
  erase_if(Blocks, [&](BasicBlock *BB) { return !Reach.count(BB); });
  DeleteDeadBlocks(Dead);
  return true;
}

} // namespace

SmallVector<BasicBlock *, 8> coroslim::deleteUnreachableBlocks(Function &F) {
  SmallVector<BasicBlock *, 8> Lost;
  deleteDead(F, Lost);
  return Lost;
}

bool coroslim::cleanUpAfterRewrite(Function &F, ArrayRef<WeakVH> Touched) {
  const DataLayout &DL = F.getDataLayout();
  SmallVector<BasicBlock *, 16> Seeds;
  for (const WeakVH &VH : Touched)
    if (auto *BB = dyn_cast_or_null<BasicBlock>(VH))
      Seeds.push_back(BB);
  bool Changed = false;
  // Rounds: delete what nothing reaches (so that every block left is
  // reachable, and replacing a phi by its one value cannot make an
  // instruction use itself), fold values, then terminators. Each round
  // works on the blocks the rewrite or the previous round changed.
  for (;;) {
    Changed |= deleteDead(F, Seeds);
    SetVector<BasicBlock *> Work(Seeds.begin(), Seeds.end());
    Seeds.clear();
    if (Work.empty())
      break;
    // Values: no edge changes here, so every block stays reachable.
    SetVector<BasicBlock *> Terms(Work.begin(), Work.end());
    while (!Work.empty()) {
      BasicBlock *BB = Work.pop_back_val();
      auto Replace = [&](Instruction &I, Value *V) {
        for (User *U : I.users())
          if (auto *UI = dyn_cast<Instruction>(U)) {
            Work.insert(UI->getParent());
            Terms.insert(UI->getParent());
          }
        I.replaceAllUsesWith(V);
        Changed = true;
      };
      for (PHINode &PN : make_early_inc_range(BB->phis()))
        if (Value *V = PN.hasConstantValue(); V && V != &PN) {
          Replace(PN, V);
          PN.eraseFromParent();
        }
      for (Instruction &I : make_early_inc_range(*BB)) {
        if (isa<PHINode>(I) || I.isTerminator() || I.use_empty())
          continue;
        if (Constant *C = ConstantFoldInstruction(&I, DL)) {
          Replace(I, C);
          if (isInstructionTriviallyDead(&I))
            I.eraseFromParent();
        }
      }
    }
    // Terminators: a constant condition keeps one edge; the blocks behind
    // the others lose a predecessor (and maybe their last one).
    for (BasicBlock *BB : Terms) {
      SmallVector<BasicBlock *, 4> Succs(successors(BB));
      if (ConstantFoldTerminator(BB, /*DeleteDeadConditions=*/true)) {
        Changed = true;
        append_range(Seeds, Succs);
      }
    }
  }
  return Changed;
}

bool coroslim::awaitSeesDone(const AwaitSite &A, const Completion &C,
                             const PromiseLayout &L, std::string &Why) {
  std::optional<bool> Done = doneTestAt(A, *C.SP, L, Why);
  if (Done && !*Done)
    Why = A.DoneKind != DoneTestKind::PromiseFlag
              ? "its completion point is not a final suspend, so the await's "
                "done test would not see it as done"
              : "it completes with the await's done flag clear";
  return Done.value_or(false);
}

//===----------------------------------------------------------------------===//
// Bottom-up order
//===----------------------------------------------------------------------===//

CoroutineOrder::CoroutineOrder(Module &M) {
  SmallPtrSet<Function *, 16> Coros;
  std::vector<Function *> InModuleOrder;
  for (Function &F : M)
    if (!F.isDeclaration() && findPreSplitCoroId(F)) {
      Coros.insert(&F);
      InModuleOrder.push_back(&F);
    }
  for (Function *F : InModuleOrder) {
    auto &Out = Callees[F];
    for (Instruction &I : instructions(*F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (Function *G = CB->getCalledFunction();
            G && Coros.count(G) && !is_contained(Out, G))
          Out.push_back(G);
  }
  // Iterative depth-first post-order.
  SmallPtrSet<Function *, 16> Seen;
  for (Function *Start : InModuleOrder) {
    if (!Seen.insert(Start).second)
      continue;
    SmallVector<std::pair<Function *, unsigned>, 8> Stack{{Start, 0}};
    while (!Stack.empty()) {
      auto &[F, Next] = Stack.back();
      const auto &Out = Callees[F];
      if (Next < Out.size()) {
        Function *G = Out[Next++];
        if (Seen.insert(G).second)
          Stack.push_back({G, 0});
        continue;
      }
      PostOrder.push_back(F);
      Stack.pop_back();
    }
  }
}

bool CoroutineOrder::reaches(const Function *From, const Function *To) const {
  SmallPtrSet<const Function *, 16> Seen;
  SmallVector<const Function *, 8> Work{From};
  while (!Work.empty()) {
    auto It = Callees.find(Work.pop_back_val());
    if (It == Callees.end())
      continue;
    for (const Function *G : It->second) {
      if (G == To)
        return true;
      if (Seen.insert(G).second)
        Work.push_back(G);
    }
  }
  return false;
}

BasicBlock *coroslim::takenSuccessor(BasicBlock *BB, BasicBlock *Pred) {
  Instruction *Term = BB->getTerminator();
  if (Term->getNumSuccessors() == 1)
    return Term->getSuccessor(0);
  Value *Cond = nullptr;
  if (auto *SI = dyn_cast<SwitchInst>(Term))
    Cond = SI->getCondition();
  else if (auto *Br = dyn_cast<BranchInst>(Term); Br && Br->isConditional())
    Cond = Br->getCondition();
  auto Eval = [&](Value *V) -> Constant * {
    auto *Phi = dyn_cast<PHINode>(V);
    if (!Phi || Phi->getParent() != BB || !Pred ||
        Phi->getBasicBlockIndex(Pred) < 0)
      return nullptr;
    return dyn_cast<ConstantInt>(Phi->getIncomingValueForBlock(Pred));
  };
  const DataLayout &DL = BB->getDataLayout();
  // A constant condition: a cleanup-destination switch on a constant
  // (`switch i32 0`). The await rewrites fold the ones they leave
  // (cleanUpAfterRewrite); hand-written IR may still have one.
  Constant *C = dyn_cast_or_null<ConstantInt>(Cond);
  if (Cond && !C)
    C = Eval(Cond);
  if (auto *Cmp = dyn_cast_or_null<ICmpInst>(Cond); Cmp && !C)
    if (Constant *L = Eval(Cmp->getOperand(0)))
      if (auto *R = dyn_cast<Constant>(Cmp->getOperand(1)))
        C = ConstantFoldCompareInstOperands(Cmp->getPredicate(), L, R, DL);
  if (auto *Cast = dyn_cast_or_null<CastInst>(Cond); Cast && !C)
    if (Constant *L = Eval(Cast->getOperand(0)))
      C = ConstantFoldCastOperand(Cast->getOpcode(), L, Cast->getType(), DL);
  auto *CI = dyn_cast_or_null<ConstantInt>(C);
  if (!CI)
    return nullptr;
  if (auto *SI = dyn_cast<SwitchInst>(Term))
    return SI->findCaseValue(CI)->getCaseSuccessor();
  return Term->getSuccessor(CI->isOne() ? 0 : 1);
}

std::string coroslim::alreadySplitRefusal(const AwaitSite &A, StringRef Verb) {
  return ("LLVM has already split it (" + toString(A.Form) +
          " in the caller), and only a pre-split coroutine can be " + Verb +
          "; in the default pipeline this pass runs before CoroSplit")
      .str();
}

bool coroslim::mayBeReplacedAtLinkTime(const Function &F, std::string &Why) {
  if (!F.isInterposable())
    return false;
  const char *How = F.hasWeakLinkage()       ? "weak linkage"
                    : F.hasLinkOnceLinkage() ? "linkonce linkage"
                    : F.hasCommonLinkage()   ? "common linkage"
                                             : "semantic interposition";
  Why = std::string("the linker may replace it with another definition (") +
        How + ")";
  return true;
}

bool coroslim::allocationGoesWithFrame(const PreSplitShape &S,
                                       const DominatorTree &DT,
                                       std::string &Why) {
  CoroAllocInst *Alloc = S.Id->getCoroAlloc();
  if (!Alloc) {
    Why = "it allocates its frame without llvm.coro.alloc, so the "
          "allocation cannot be left out";
    return false;
  }
  Value *Mem = S.Begin->getMem()->stripPointerCasts();
  if (isa<ConstantPointerNull>(Mem))
    return true;
  if (auto *Sel = dyn_cast<SelectInst>(Mem);
      Sel && Sel->getCondition() == Alloc &&
      isa<ConstantPointerNull>(Sel->getFalseValue()))
    return true;
  if (auto *Phi = dyn_cast<PHINode>(Mem)) {
    auto OnlyWithFrame = [&](BasicBlock *BB) {
      return any_of(Alloc->users(), [&](User *U) {
        auto *Br = dyn_cast<BranchInst>(U);
        return Br && Br->isConditional() &&
               DT.dominates(
                   BasicBlockEdge(Br->getParent(), Br->getSuccessor(0)), BB);
      });
    };
    bool AllGo = true;
    for (unsigned I = 0, E = Phi->getNumIncomingValues(); I != E; ++I)
      AllGo &= isa<ConstantPointerNull>(Phi->getIncomingValue(I)) ||
               OnlyWithFrame(Phi->getIncomingBlock(I));
    if (AllGo)
      return true;
  }
  Why = "it allocates its frame whatever llvm.coro.alloc says, so the "
        "allocation cannot be left out";
  return false;
}

bool PromiseLayout::Access::writesField(int64_t Off, uint64_t FieldSize,
                                        Constant *&Value) const {
  if (Offset + int64_t(Size) <= Off || Off + int64_t(FieldSize) <= Offset)
    return false; // another field
  auto *SI = dyn_cast<StoreInst>(I);
  Value = SI && Exact && Offset == Off && Size == FieldSize
              ? dyn_cast<Constant>(SI->getValueOperand())
              : nullptr;
  return true;
}
