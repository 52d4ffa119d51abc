//===- TransferAwaitHeld.cpp - What a local holds when a call runs --------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// Part of the shared analysis (coroslim/CoroShape.h), beside
// TransferAwait.cpp and TransferAwaitFrame.cpp: heldValue, the value a
// field of a local object (an awaiter, a task object) holds when an
// instruction runs, by a dataflow solve over the blocks it is reached
// from. The transfer await reads the awaited handle with it; the lifetime
// proof reads the handle back at each destroy.
//
//===----------------------------------------------------------------------===//

#include "coroslim/TransferAwaitImpl.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/MemoryLocation.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;
using namespace coroslim;
using namespace coroslim::transferawait;

namespace {

/// Where the split ramp \p Ramp stores its own handle into the memory its
/// argument \p ArgNo points to (the task object, returned through sret):
/// the offset, or std::nullopt when it stores none there, or more than one.
std::optional<int64_t> rampHandleOffset(Function &Ramp, unsigned ArgNo) {
  if (Ramp.isDeclaration() || ArgNo >= Ramp.arg_size())
    return std::nullopt;
  const DataLayout &DL = Ramp.getDataLayout();
  Argument *Out = Ramp.getArg(ArgNo);
  std::optional<int64_t> Found;
  for (Instruction &I : instructions(Ramp)) {
    auto *SI = dyn_cast<StoreInst>(&I);
    if (!SI)
      continue;
    auto [Base, Off] = baseAndOffset(SI->getPointerOperand(), DL);
    if (Base != Out)
      continue;
    auto [VBase, VOff] = baseAndOffset(SI->getValueOperand(), DL);
    auto *B = dyn_cast<CoroBeginInst>(VBase);
    auto *Id = B ? dyn_cast<CoroIdInst>(B->getArgOperand(0)) : nullptr;
    auto SC = Id ? splitCoroutine(*Id) : std::nullopt;
    if (!SC || SC->Ramp != &Ramp || VOff != 0)
      continue;
    if (Found)
      return std::nullopt;
    Found = Off;
  }
  return Found;
}

} // namespace

Value *coroslim::transferawait::heldValue(Instruction *At, const Value *Awaiter,
                                          int64_t Offset, AAResults &AA,
                                          const DataLayout &DL, unsigned Depth,
                                          const AwaitWindow *Window) {
  std::pair<const Value *, int64_t> AwaiterAt = baseAndOffset(Awaiter, DL);
  const Value *AwaiterBase = AwaiterAt.first;
  int64_t Want = AwaiterAt.second + Offset;
  int64_t PtrSize = DL.getPointerSize();
  MemoryLocation Whole(AwaiterBase, LocationSize::afterPointer());
  // A local whose address does not escape: a call reaches it only through
  // its operands.
  const auto *Local = dyn_cast<AllocaInst>(AwaiterBase);
  if (Local && compat::pointerMayBeCaptured(Local, /*ReturnCaptures=*/true))
    Local = nullptr;
  unsigned Budget = 8192;

  // What the field holds at a point: not known yet (only while solving),
  // one value, or unknown. Only stores and calls define it, so the value
  // that reaches a point on every path is the greatest fixpoint of the
  // equations below (loops that do not write the field keep it).
  struct Held {
    enum { Top, Known, Unknown } Kind = Top;
    Value *V = nullptr;
    bool operator==(const Held &O) const { return Kind == O.Kind && V == O.V; }
  };
  const Held Unknown{Held::Unknown, nullptr};
  auto Meet = [&](const Held &A, const Held &B) {
    if (A.Kind == Held::Top)
      return B;
    if (B.Kind == Held::Top || A == B)
      return A;
    return Unknown;
  };
  // What the instructions of \p BB before \p It do to the field, the last
  // first: set it (Known), make it unknown, or nothing (Top).
  auto Effect = [&](BasicBlock *BB, BasicBlock::iterator It) -> Held {
    while (It != BB->begin()) {
      Instruction &I = *--It;
      if (!--Budget)
        return Unknown;
      if (isMarkerOrDebug(I) || isa<CoroSaveInst>(I))
        continue;
      if (Window && AwaiterBase == Window->Awaiter &&
          (&I == Window->AwaitSuspend || &I == Window->Suspend))
        continue;
      if (auto *SI = dyn_cast<StoreInst>(&I)) {
        auto [Base, Off] = baseAndOffset(SI->getPointerOperand(), DL);
        if (Base == AwaiterBase) {
          int64_t Size = DL.getTypeStoreSize(SI->getValueOperand()->getType());
          Value *V = SI->getValueOperand();
          if (Off == Want && Size == PtrSize && SI->isSimple() &&
              V->getType()->isPointerTy()) {
            auto *LI = dyn_cast<LoadInst>(V);
            if (LI && LI->isSimple() && Depth < 3)
              V = heldValue(LI, LI->getPointerOperand(), 0, AA, DL, Depth + 1,
                            Window);
            return V ? Held{Held::Known, V} : Unknown;
          }
          if (!overlaps(Off, Size, Want, PtrSize))
            continue; // another field of the awaiter
          return Unknown;
        }
      }
      if (auto *CI = dyn_cast<CallBase>(&I))
        if (Function *G = CI->getCalledFunction();
            G && splitCoroutineOfRamp(*G))
          for (unsigned ArgNo = 0; ArgNo < CI->arg_size(); ++ArgNo) {
            auto [Base, Off] = baseAndOffset(CI->getArgOperand(ArgNo), DL);
            if (Base == AwaiterBase)
              if (auto RampOff = rampHandleOffset(*G, ArgNo);
                  RampOff && Off + *RampOff == Want)
                return {Held::Known, CI};
          }
      if (auto *CB = dyn_cast<CallBase>(&I);
          CB && Local && !operandsMayPointInto(*CB, *Local))
        continue;
      if (I.mayWriteToMemory() && isModSet(AA.getModRefInfo(&I, Whole)))
        return Unknown;
    }
    return {};
  };

  BasicBlock *AtBB = At->getParent();
  if (Held Here = Effect(AtBB, At->getIterator()); Here.Kind != Held::Top)
    return Here.V;
  // The blocks \p At can be reached from, each with what it does to the
  // field as a whole.
  DenseMap<BasicBlock *, Held> Own;
  SmallVector<BasicBlock *, 16> Blocks;
  SmallVector<BasicBlock *, 16> Work{AtBB};
  SmallPtrSet<BasicBlock *, 16> Seen{AtBB};
  while (!Work.empty()) {
    BasicBlock *BB = Work.pop_back_val();
    Blocks.push_back(BB);
    for (BasicBlock *Pred : predecessors(BB))
      if (Seen.insert(Pred).second)
        Work.push_back(Pred);
  }
  for (BasicBlock *BB : Blocks)
    Own[BB] = Effect(BB, BB->end());
  if (!Budget)
    return nullptr;
  // Solve from "not known yet" everywhere: the value at a block's start is
  // the meet of its predecessors' ends (unknown at the function's entry);
  // at its end, what it sets, or what it lets through.
  DenseMap<BasicBlock *, Held> AtEnd;
  auto StartOf = [&](BasicBlock *BB) {
    if (pred_empty(BB))
      return Unknown;
    Held In;
    for (BasicBlock *Pred : predecessors(BB))
      In = Meet(In, AtEnd.lookup(Pred));
    return In;
  };
  SetVector<BasicBlock *> Dirty(Blocks.rbegin(), Blocks.rend());
  while (!Dirty.empty()) {
    BasicBlock *BB = Dirty.pop_back_val();
    Held End = Own[BB].Kind == Held::Top ? StartOf(BB) : Own[BB];
    if (End == AtEnd.lookup(BB))
      continue;
    AtEnd[BB] = End;
    for (BasicBlock *Succ : successors(BB))
      if (Seen.count(Succ))
        Dirty.insert(Succ);
  }
  Held Start = StartOf(AtBB);
  return Start.Kind == Held::Known ? Start.V : nullptr;
}
