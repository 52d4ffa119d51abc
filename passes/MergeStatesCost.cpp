//===- MergeStatesCost.cpp - What a merge of states costs -----------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// The cost model of coroslim-merge-states (docs/passes/merge-states.md,
// "Never worse"): what merging a matched group would add to or remove from
// the code and the coroutine frame, read from the match before the first
// change.
//
//  * Code: the other regions' copies go (their TTI code size), and so do
//    CoroSplit's parts of each suspend point removed: its index store and
//    its case in the dispatch of .resume, .destroy and .cleanup (4 units);
//    a branch per arm block and a move per phi input come.
//  * Frame: CoroFrame gives every value live across a suspend a field,
//    and lets two locals share one slot only when their lifetimes never
//    meet. A phi whose use runs after the merged suspend is such a value
//    (+ its size); an arm's own value that only that use kept alive was
//    one before (- its size). Locals behind a phi are reached through it,
//    so CoroFrame keeps them all, alive together (+ their sizes, less what
//    they took before: the largest when they shared a slot). A
//    dropped lifetime.end lengthens a lifetime and can cost a slot it
//    shared (+ its size when it shares with anything). Two locals made one
//    (AllocaUnify) that could not share a slot before save one (- its
//    size).
//  * Resume path: one reload per phi field, one fewer per field saved.
//
// The figures are upper bounds where CoroFrame's choice is not known here;
// a merge whose frame cannot grow says 0.
//
//===----------------------------------------------------------------------===//

#include "coroslim/MergeStatesRewrite.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

#include <algorithm>

using namespace llvm;
using namespace coroslim;
using namespace coroslim::mergestates;

namespace {

int64_t localBytes(const AllocaInst &A) {
  std::optional<TypeSize> Size =
      A.getAllocationSize(A.getModule()->getDataLayout());
  return Size && !Size->isScalable() ? int64_t(Size->getFixedValue()) : 0;
}

/// Instructions of the leader region that run after one of its suspends.
class AfterSuspend {
  SmallPtrSet<const BasicBlock *, 16> Blocks;
  const RegionMatch &L;

public:
  explicit AfterSuspend(const RegionMatch &L) : L(L) {
    SmallPtrSet<const BasicBlock *, 16> InRegion(L.Blocks1.begin(),
                                                 L.Blocks1.end());
    SmallVector<const BasicBlock *, 16> Work;
    for (const CoroSuspendInst *CS : L.Suspends1)
      append_range(Work, successors(CS->getParent()));
    while (!Work.empty()) {
      const BasicBlock *B = Work.pop_back_val();
      if (InRegion.count(B) && Blocks.insert(B).second)
        append_range(Work, successors(B));
    }
  }
  bool contains(const Instruction *I) const {
    if (Blocks.count(I->getParent()))
      return true;
    return any_of(L.Suspends1, [&](const CoroSuspendInst *CS) {
      return CS->getParent() == I->getParent() && CS->comesBefore(I);
    });
  }
};

} // namespace

CostEstimate
coroslim::mergestates::estimateMerge(ArrayRef<const RegionMatch *> Group,
                                     const PreSplitShape &S,
                                     const TargetTransformInfo &TTI) {
  const RegionMatch &L = *Group.front();
  const DataLayout &DL = L.Start1->getModule()->getDataLayout();
  CostEstimate E;
  for (const RegionMatch *M : Group)
    for (auto &[I1, Ik] : M->Pairs)
      E.CodeRemoved +=
          isa<CoroSuspendInst>(Ik) ? SplitStateCode : codeSize(TTI, *Ik);
  // One phi per differing operand (the rewrite shares equal lists), and
  // each input with the region it comes from: 0 the leader, k the k-th
  // other.
  using PhiInput = std::pair<Value *, unsigned>;
  MapVector<std::pair<Instruction *, unsigned>, SmallVector<PhiInput, 4>> Phis;
  for (unsigned K = 0; K < Group.size(); ++K)
    for (const OperandDiff &D : Group[K]->OpDiffs) {
      auto &Ins = Phis[{D.I1, D.Idx}];
      if (Ins.empty())
        Ins.push_back({D.I1->getOperand(D.Idx), 0});
      Ins.push_back({D.Vk, K + 1});
    }
  unsigned ExitInputs = 0;
  for (const RegionMatch *M : Group)
    ExitInputs += M->ExitDiffs.size();
  E.CodeAdded = Group.size() + 1 + ExitInputs;

  AfterSuspend After(L);
  int64_t PhiFields = 0, Saved = 0, Behind = 0, Ended = 0, Unified = 0;
  SmallPtrSet<const AllocaInst *, 4> Counted;
  // A use inside region R, or by a phi along an exit edge of R (which the
  // merge feeds from the kept copy).
  SmallPtrSet<const BasicBlock *, 16> LeaderBlocks(L.Blocks1.begin(),
                                                   L.Blocks1.end());
  auto InRegion = [&](const Use &U, unsigned R) {
    if (auto *PN = dyn_cast<PHINode>(U.getUser())) {
      const BasicBlock *In = PN->getIncomingBlock(U);
      if (R == 0 ? LeaderBlocks.count(In) : Group[R - 1]->BlocksK.count(In))
        return true;
    }
    return R == 0 ? L.inLeader(U.getUser())
                  : Group[R - 1]->inOther(U.getUser());
  };
  SmallPtrSet<const Value *, 8> SavedValues;
  for (auto &[Key, Ins] : Phis) {
    E.CodeAdded += Ins.size();
    Instruction *User1 = Key.first;
    // Locals behind the phi: after the merge all of them are reached
    // through it across the suspend, whole and alive together; before, only
    // those alive after a suspend were in the frame, in one shared slot
    // when no two could meet.
    SmallVector<const AllocaInst *, 4> Locals;
    for (const PhiInput &In : Ins)
      if (auto *A = dyn_cast<AllocaInst>(getUnderlyingObject(In.first));
          A && Counted.insert(A).second)
        Locals.push_back(A);
    if (!Locals.empty()) {
      int64_t AfterBytes = 0, BeforeSum = 0, BeforeMax = 0;
      bool Shared = true;
      for (const AllocaInst *A : Locals) {
        AfterBytes += localBytes(*A);
        if (S.Lifetimes.crossesSuspend(A)) {
          BeforeSum += localBytes(*A);
          BeforeMax = std::max(BeforeMax, localBytes(*A));
        }
        for (const AllocaInst *B : Locals)
          Shared &= A == B || S.Lifetimes.disjoint(A, B);
      }
      Behind += AfterBytes - (Shared ? BeforeMax : BeforeSum);
    }
    if (!After.contains(User1))
      continue;
    int64_t Bytes = frameFieldBytes(DL, Ins.front().first->getType());
    PhiFields += Bytes;
    ++E.ResumePath;
    // An input read after its region's suspend was live across it, so it
    // had a field; it has none after the merge when nothing but its own
    // region used it (the phi input is read before the suspend).
    for (const PhiInput &In : Ins) {
      Value *V = In.first;
      unsigned R = In.second;
      bool Spillable =
          (isa<Instruction>(V) && !isa<AllocaInst>(V)) || isa<Argument>(V);
      if (!Spillable || !SavedValues.insert(V).second ||
          !all_of(V->uses(), [&](const Use &U) { return InRegion(U, R); }))
        continue;
      Saved += frameFieldBytes(DL, V->getType());
      --E.ResumePath;
    }
  }
  for (const RegionMatch *M : Group)
    for (Instruction *End : M->DropLifetimeEnds) {
      auto *II = cast<IntrinsicInst>(End);
      auto *A = dyn_cast<AllocaInst>(compat::lifetimeObject(*II));
      if (A && Counted.insert(A).second && S.Lifetimes.sharesWithAnother(A))
        Ended += localBytes(*A);
    }
  for (const RegionMatch *M : Group)
    for (const AllocaUnify &U : M->Unify)
      if (U.A1 != U.Ak && !S.Lifetimes.disjoint(U.A1, U.Ak) &&
          S.Lifetimes.crossesSuspend(U.Ak))
        Unified += localBytes(*U.Ak);
  E.FrameBytes = PhiFields - Saved + Behind + Ended - Unified;
  auto Part = [&](int64_t Bytes, const char *What) {
    if (!Bytes)
      return;
    if (!E.Note.empty())
      E.Note += ", ";
    E.Note += (Bytes > 0 ? "+" : "") + std::to_string(Bytes) + " " + What;
  };
  Part(PhiFields, "for phis live across the suspend");
  Part(-Saved, "for the arms' values they replace");
  Part(Behind, "for locals behind a phi");
  Part(Ended, "for lifetimes no longer ended");
  Part(-Unified, "for locals made one");
  return E;
}
