//===- MergeStatesRewrite.cpp - Merge matched suspend regions -------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// The rewrite of coroslim-merge-states: given a group of regions that
// MergeStates.cpp matched and checked (every check happens there, before
// the first change), keep the first region and send the others to it.
//
//  0. Give the leader's local variable to every region that had one of its
//     own in the same place (AllocaUnify): one storage for all.
//  1. Split each region's start block at the start: the head (its phis and
//     any code before the start, e.g. the arguments computed in that arm)
//     becomes an arm block that jumps to the kept region.
//  2. Put one phi per distinct list of differing operands (merge.op) and
//     per differing exit-phi input (merge.out) at the kept start, one input
//     per arm block, so that a switch whose cases all lead to the regions
//     still has distinct predecessors.
//  3. The kept instructions now run for every region: keep only the IR
//     flags and metadata that hold for all, merge debug locations as
//     SimplifyCFG does, drop lifetime.ends of allocas that differ.
//  4. Delete the other copies and rewrite their values used outside the
//     regions to the kept copy with SSAUpdater (MergeStates.cpp proved that
//     the kept copy's value is the one such a use saw).
//
//===----------------------------------------------------------------------===//

#include "coroslim/MergeStatesRewrite.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/CFG.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/SSAUpdater.h"

#include <map>

using namespace llvm;
using namespace coroslim::mergestates;

#define DEBUG_TYPE "coroslim-merge-states"

void coroslim::mergestates::mergeRegions(ArrayRef<const RegionMatch *> Group) {
  const RegionMatch &L = *Group.front();
  unsigned N = Group.size() + 1;
  // No instruction of a region is an alloca (match() refuses them), so no
  // map below names one that goes here. The leader's local moves up to the
  // other's place if need be, so that it dominates every use it takes over.
  SmallPtrSet<AllocaInst *, 4> Replaced;
  for (const RegionMatch *M : Group)
    for (const AllocaUnify &U : M->Unify) {
      if (U.A1 == U.Ak || !Replaced.insert(U.Ak).second)
        continue;
      if (U.Ak->comesBefore(U.A1))
        U.A1->moveBefore(*U.Ak->getParent(), U.Ak->getIterator());
      U.A1->setAlignment(std::max(U.A1->getAlign(), U.Ak->getAlign()));
      U.Ak->replaceAllUsesWith(U.A1);
      U.Ak->eraseFromParent();
    }
  // Collect what to rewrite while every map still describes the IR.
  MapVector<std::pair<Instruction *, unsigned>, SmallVector<Value *, 4>> Ops;
  MapVector<std::pair<PHINode *, BasicBlock *>, SmallVector<Value *, 4>> Outs;
  for (unsigned K = 0; K < Group.size(); ++K) {
    for (const OperandDiff &D : Group[K]->OpDiffs) {
      auto &Vals = Ops[{D.I1, D.Idx}];
      if (Vals.empty())
        Vals.assign(N, D.I1->getOperand(D.Idx));
      Vals[K + 1] = D.Vk;
    }
    for (const ExitDiff &D : Group[K]->ExitDiffs) {
      auto &Vals = Outs[{D.P, D.B1}];
      if (Vals.empty())
        Vals.assign(N, D.P->getIncomingValueForBlock(D.B1));
      Vals[K + 1] = D.Vk;
    }
  }
  // Uses outside the other regions of their values, and the kept values
  // that replace them.
  SmallVector<std::pair<Use *, Instruction *>, 8> LiveOuts;
  for (const RegionMatch *M : Group)
    for (auto &[I1, Ik] : M->Pairs)
      for (Use &U : Ik->uses()) {
        auto *UI = cast<Instruction>(U.getUser());
        if (M->BlocksK.count(UI->getParent()) && M->inOther(UI))
          continue;
        if (auto *PN = dyn_cast<PHINode>(UI);
            PN && M->BlocksK.count(PN->getIncomingBlock(U)))
          continue; // exit edge: its phi input goes with the block
        LiveOuts.push_back({&U, I1});
      }

  // Split each start block so that its head (with any phis and the code
  // before the start) becomes the arm block that feeds the merged start.
  SmallVector<BasicBlock *, 4> Arms, Tails;
  auto Split = [&](Instruction *S) {
    BasicBlock *Head = S->getParent();
    BasicBlock *Tail =
        Head->splitBasicBlock(S->getIterator(), Head->getName() + ".merged");
    Arms.push_back(Head);
    Tails.push_back(Tail);
  };
  Split(L.Start1);
  for (const RegionMatch *M : Group)
    Split(M->StartK);
  BasicBlock *Head1 = Arms.front(), *Tail1 = Tails.front();

  // Phis for the differing operands, one per distinct list of values.
  std::map<SmallVector<Value *, 4>, PHINode *> PhiFor;
  auto PhiOf = [&](const SmallVector<Value *, 4> &Vals, const Twine &Name) {
    PHINode *&PN = PhiFor[Vals];
    if (!PN) {
      PN = PHINode::Create(Vals.front()->getType(), N, Name);
      PN->insertBefore(Tail1->begin());
      for (unsigned K = 0; K < N; ++K)
        PN->addIncoming(Vals[K], Arms[K]);
    }
    return PN;
  };
  for (auto &[Key, Vals] : Ops)
    Key.first->setOperand(Key.second, PhiOf(Vals, "merge.op"));
  for (auto &[Key, Vals] : Outs) {
    PHINode *PN = PhiOf(Vals, "merge.out");
    BasicBlock *B1 = Key.second == Head1 ? Tail1 : Key.second;
    for (unsigned In = 0; In < Key.first->getNumIncomingValues(); ++In)
      if (Key.first->getIncomingBlock(In) == B1)
        Key.first->setIncomingValue(In, PN);
  }
  // The kept copy now runs for every region: keep only what holds for all.
  for (const RegionMatch *M : Group)
    for (auto &[I1, Ik] : M->Pairs) {
      I1->andIRFlags(Ik);
      SmallVector<std::pair<unsigned, MDNode *>, 4> MDs;
      I1->getAllMetadataOtherThanDebugLoc(MDs);
      for (auto &[Kind, Node] : MDs)
        if (Ik->getMetadata(Kind) != Node)
          I1->setMetadata(Kind, nullptr);
      if (I1->getDebugLoc() != Ik->getDebugLoc())
        I1->applyMergedLocation(I1->getDebugLoc(), Ik->getDebugLoc());
    }
  // Each match lists the leader's lifetime.ends it differs on, so with
  // three or more regions one can be listed twice: erase each once.
  SmallSetVector<Instruction *, 4> DropLifetimeEnds;
  for (const RegionMatch *M : Group)
    DropLifetimeEnds.insert(M->DropLifetimeEnds.begin(),
                            M->DropLifetimeEnds.end());
  for (Instruction *I : DropLifetimeEnds)
    I->eraseFromParent();
  // Send the other arms to the kept region; their copies die.
  for (unsigned K = 1; K < N; ++K)
    Arms[K]->getTerminator()->setSuccessor(0, Tail1);
  SmallVector<BasicBlock *, 32> Dead;
  for (unsigned K = 0; K < Group.size(); ++K)
    for (const BasicBlock *B : Group[K]->BlocksK)
      Dead.push_back(B == Arms[K + 1] ? Tails[K + 1]
                                      : const_cast<BasicBlock *>(B));
  DeleteDeadBlocks(Dead);
  // Repair SSA for the other copies' values used outside their regions.
  for (auto &[U, I1] : LiveOuts) {
    SSAUpdater SSA;
    SSA.Initialize(I1->getType(), I1->getName());
    SSA.AddAvailableValue(I1->getParent(), I1);
    SSA.RewriteUse(*U);
  }
}
