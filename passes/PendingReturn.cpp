//===- PendingReturn.cpp - What a suspending return gives -----------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// The proof of include/coroslim/PendingReturn.h. Each `ret` is paired with
// the state stored on its way, per incoming edge where the returning block
// merges several paths (SimplifyCFG's common return block, whose phis pick
// the result and the state together).
//
//===----------------------------------------------------------------------===//

#include "coroslim/PendingReturn.h"
#include "coroslim/CoroShape.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;
using namespace coroslim;

namespace {

using Parts = SmallVector<std::pair<int64_t, Constant *>, 2>;

/// A block that returns, or branches straight to a block that returns.
bool isReturnTail(const BasicBlock &BB) {
  const Instruction *Term = BB.getTerminator();
  if (isa<ReturnInst>(Term))
    return true;
  const auto *Br = dyn_cast<BranchInst>(Term);
  return Br && Br->isUnconditional() &&
         isa<ReturnInst>(Br->getSuccessor(0)->getTerminator());
}

/// Why \p Sret's memory may be written other than in return tails, by
/// simple stores at constant offsets or by calls it is passed to (which do
/// not capture it: they write it before they return). Empty when it may
/// not.
std::string whyNotStoredAtReturns(Argument &Sret) {
  const DataLayout &DL = Sret.getParent()->getDataLayout();
  SmallVector<const Value *, 8> Work{&Sret};
  SmallPtrSet<const Value *, 8> Seen{&Sret};
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    for (const Use &U : V->uses()) {
      const auto *I = cast<Instruction>(U.getUser());
      if (isa<GetElementPtrInst>(I) || isa<PHINode>(I)) {
        if (!offsetFromBase(I, &Sret, DL))
          return "its sret pointer is offset by a variable";
        if (Seen.insert(I).second)
          Work.push_back(I);
        continue;
      }
      if (isa<LoadInst>(I))
        continue;
      const auto *SI = dyn_cast<StoreInst>(I);
      const auto *CB = dyn_cast<CallBase>(I);
      if (SI &&
          (U.getOperandNo() != SI->getPointerOperandIndex() || !SI->isSimple()))
        return "its sret pointer is stored, or stored to atomically";
      if (CB && (!CB->isArgOperand(&U) ||
                 !CB->doesNotCapture(CB->getArgOperandNo(&U))))
        return "its sret pointer escapes into a call";
      if (!SI && !CB)
        return "its sret pointer is used other than to store its result";
      if (!isReturnTail(*I->getParent()))
        return "its sret result is written before the block that returns";
    }
  }
  return "";
}

/// Adds the stores through \p Sret in \p BB (up to its end) to \p Out, a
/// later one replacing an earlier one at the same offset and width; a phi
/// of \p BB stored (SimplifyCFG sinks the stores of the return paths into
/// their common block) takes its value for the edge from \p Pred. False
/// (and \p Out cleared) when what the path stores is not constants at
/// separate offsets: a stored value that is not a constant, a call writing
/// the result, stores that overlap.
bool addSretStores(BasicBlock &BB, BasicBlock *Pred, Argument &Sret,
                   Parts &Out) {
  const DataLayout &DL = BB.getDataLayout();
  DenseMap<int64_t, uint64_t> Width; // offset -> bytes of Out's entries
  for (auto &[Off, C] : Out)
    Width[Off] = DL.getTypeStoreSize(C->getType());
  bool AllConstant = true;
  for (Instruction &I : BB) {
    if (auto *CB = dyn_cast<CallBase>(&I)) {
      // A call that writes the result (a callee's sret, a memcpy) writes
      // what the IR does not say.
      AllConstant &= none_of(CB->args(), [&](Value *Arg) {
        return Arg->getType()->isPointerTy() &&
               offsetFromBase(Arg, &Sret, DL).has_value();
      });
      continue;
    }
    auto *SI = dyn_cast<StoreInst>(&I);
    if (!SI)
      continue;
    std::optional<int64_t> Off =
        offsetFromBase(SI->getPointerOperand(), &Sret, DL);
    if (!Off)
      continue;
    uint64_t Bytes = DL.getTypeStoreSize(SI->getValueOperand()->getType());
    bool Overlaps = any_of(Width, [&](const auto &OW) {
      auto [O, W] = OW;
      return O == *Off ? W != Bytes
                       : O < *Off + int64_t(Bytes) && *Off < O + int64_t(W);
    });
    if (Overlaps) {
      Out.clear();
      return false;
    }
    Value *V = SI->getValueOperand();
    if (auto *Phi = dyn_cast<PHINode>(V); Phi && Phi->getParent() == &BB)
      V = Pred ? Phi->getIncomingValueForBlock(Pred) : nullptr;
    auto *C = dyn_cast_or_null<Constant>(V);
    AllConstant &= C != nullptr;
    Width[*Off] = Bytes;
    auto It = find_if(Out, [&](auto &P) { return P.first == *Off; });
    if (It != Out.end())
      It->second = C;
    else
      Out.push_back({*Off, C});
  }
  if (!AllConstant) {
    Out.clear();
    return false;
  }
  llvm::sort(Out, [](auto &A, auto &B) { return A.first < B.first; });
  return true;
}

} // namespace

std::optional<PendingReturn> coroslim::provePendingReturn(const LoweredShape &L,
                                                          std::string &Why) {
  Function &F = *L.F;
  PendingReturn Result;
  for (Argument &A : F.args())
    if (A.hasStructRetAttr())
      Result.Sret = &A;
  // `ret void` and no sret result (a .resume clone): every return gives
  // nothing.
  if (!Result.Sret && F.getReturnType()->isVoidTy())
    return Result;
  if (Result.Sret) {
    Why = whyNotStoredAtReturns(*Result.Sret);
    if (!Why.empty())
      return std::nullopt;
  }
  // State -> whether a return storing it suspends. A state whose case
  // resumes the body does; in a rustc poll so does every suspend state
  // (rustc numbers them from 3: 0 unresumed, 1 returned, 2 panicked), even
  // one whose case LLVM sent straight to an inlined child's panic because
  // it proved the child complete there.
  bool RustNumbering = isRustPoll(L);
  DenseMap<uint64_t, bool> Resumable;
  for (const LoweredShape::Case &C : L.Cases)
    Resumable[C.State] = !C.Trap || (RustNumbering && C.State >= 3);
  std::optional<Parts> Pending;
  SmallVector<Parts, 4> Completed;
  // One return path: the state it stores, what it gives (null: not a
  // constant).
  auto Classify = [&](Value *State, const Parts *Gives) {
    auto *S = dyn_cast_or_null<ConstantInt>(State);
    if (!S) {
      Why = "a return does not store a constant state";
      return false;
    }
    auto It = Resumable.find(S->getZExtValue());
    if (It == Resumable.end()) {
      Why = "a return stores state " + std::to_string(S->getZExtValue()) +
            ", which the dispatch does not list";
      return false;
    }
    if (!It->second) {
      // A completing return may compute its result (Ready(value)); only a
      // constant one could collide with the pending value.
      if (Gives)
        Completed.push_back(*Gives);
      return true;
    }
    if (!Gives) {
      Why = Result.Sret ? "a pending return stores a value that is not a "
                          "constant in its sret result"
                        : "a pending return does not return a constant";
      return false;
    }
    if (Pending && *Pending != *Gives) {
      Why = "pending returns return different values";
      return false;
    }
    Pending = *Gives;
    return true;
  };
  // What the path from \p Pred (null: any) through \p BB gives, where \p RV
  // is the value returned on it and \p StoresIn the predecessor whose sret
  // stores are on it (a return tail).
  auto GivesOn = [&](BasicBlock &BB, BasicBlock *Pred, BasicBlock *StoresIn,
                     Value *RV, Parts &Out) -> const Parts * {
    Out.clear();
    if (!Result.Sret) {
      auto *C = dyn_cast_or_null<Constant>(RV);
      if (!C)
        return nullptr;
      Out.push_back({0, C});
      return &Out;
    }
    if (StoresIn && !addSretStores(*StoresIn, nullptr, *Result.Sret, Out))
      return nullptr;
    if (!addSretStores(BB, Pred, *Result.Sret, Out))
      return nullptr;
    return &Out;
  };
  for (BasicBlock &BB : F) {
    auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator());
    if (!Ret)
      continue;
    Value *RV = Ret->getReturnValue();
    StoreInst *St = lastStateStore(BB, L, Ret);
    Value *SV = St ? St->getValueOperand() : nullptr;
    auto *RPhi = dyn_cast_or_null<PHINode>(RV);
    auto *SPhi = dyn_cast_or_null<PHINode>(SV);
    // A returning block whose predecessors store (the state, or the sret
    // result) is classified per incoming edge.
    bool PerEdge = (RPhi && RPhi->getParent() == &BB) ||
                   (SPhi && SPhi->getParent() == &BB) || !St ||
                   (Result.Sret && !pred_empty(&BB));
    Parts Gives;
    if (!PerEdge) {
      if (!Classify(SV, GivesOn(BB, nullptr, nullptr, RV, Gives)))
        return std::nullopt;
      continue;
    }
    if (pred_empty(&BB)) {
      Why = "a return stores no state";
      return std::nullopt;
    }
    for (BasicBlock *P : predecessors(&BB)) {
      Value *R = RPhi && RPhi->getParent() == &BB
                     ? RPhi->getIncomingValueForBlock(P)
                     : RV;
      Value *S = SV;
      if (SPhi && SPhi->getParent() == &BB)
        S = SPhi->getIncomingValueForBlock(P);
      else if (!St) {
        StoreInst *PS = lastStateStore(*P, L);
        S = PS ? PS->getValueOperand() : nullptr;
      }
      // Stores in P are on this path only when P goes straight here.
      BasicBlock *StoresIn = isReturnTail(*P) ? P : nullptr;
      if (!Classify(S, GivesOn(BB, P, StoresIn, R, Gives)))
        return std::nullopt;
    }
  }
  if (!Pending) {
    Why = "no return path stores a resumable state";
    return std::nullopt;
  }
  if (Result.Sret && Pending->empty()) {
    Why = "a pending return stores nothing in its sret result";
    return std::nullopt;
  }
  if (is_contained(Completed, *Pending)) {
    Why = "a completing return returns the same value as a pending one";
    return std::nullopt;
  }
  Result.Parts = std::move(*Pending);
  return Result;
}

BasicBlock *coroslim::emitPendingReturn(const PendingReturn &P,
                                        const LoweredShape &L) {
  Function &F = *L.F;
  LLVMContext &Ctx = F.getContext();
  BasicBlock *BB = BasicBlock::Create(Ctx, "coroslim.done.resume", &F);
  IRBuilder<> B(BB);
  if (!P.Sret) {
    if (P.Parts.empty())
      B.CreateRetVoid();
    else
      B.CreateRet(P.Parts.front().second);
    return BB;
  }
  for (auto &[Off, C] : P.Parts)
    B.CreateStore(C,
                  Off ? B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), P.Sret, Off)
                      : static_cast<Value *>(P.Sret));
  B.CreateRetVoid();
  return BB;
}
