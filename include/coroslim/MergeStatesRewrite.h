//===- coroslim/MergeStatesRewrite.h - merge-states rewriting ---*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// What coroslim-merge-states (passes/MergeStates.cpp) hands over once it has
// matched a group of regions: its cost estimate
// (passes/MergeStatesCost.cpp) and the rewrite that merges them
// (passes/MergeStatesRewrite.cpp). The pass recognises and checks; nothing
// here decides whether a merge is sound, as CoroCloner only clones what
// CoroSplit decided.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_MERGESTATESREWRITE_H
#define COROSLIM_MERGESTATESREWRITE_H

#include "coroslim/CoroShape.h"
#include "coroslim/CostModel.h"
#include "coroslim/LLVMCompat.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/PassManager.h"

#include <tuple>
#include <utility>

namespace llvm {
class TargetTransformInfo;
} // namespace llvm

namespace coroslim {
namespace mergestates {

/// One differing operand: leader instruction, operand index, other value.
struct OperandDiff {
  llvm::Instruction *I1;
  unsigned Idx;
  llvm::Value *Vk;
};

/// A phi in an exit block whose value along the leader's edge from B1
/// differs from the other region's (both known before the regions).
struct ExitDiff {
  llvm::PHINode *P;
  llvm::BasicBlock *B1;
  llvm::Value *Vk;
};

/// A local variable of the other region that becomes the leader's: one
/// storage serves both, so no phi selects between them and CoroFrame keeps
/// one frame field (or shares one slot) where it kept two.
struct AllocaUnify {
  llvm::AllocaInst *A1; ///< the leader's local
  llvm::AllocaInst *Ak; ///< the other region's (may be A1 itself)
  /// The two are frames LLVM elided for the awaits being merged (no
  /// lifetime markers: checkGroup proves each used only in its region).
  bool ElidedFrames;
};

/// The leader region paired with one other region.
struct RegionMatch {
  llvm::Instruction *Start1 = nullptr, *StartK = nullptr;
  llvm::SmallVector<llvm::BasicBlock *, 16>
      Blocks1; ///< leader blocks, walk order
  llvm::DenseMap<const llvm::BasicBlock *, llvm::BasicBlock *>
      BlockMap; ///< leader -> other
  llvm::DenseSet<const llvm::BasicBlock *> BlocksK;
  llvm::DenseMap<const llvm::Instruction *, llvm::Instruction *>
      InstMap; ///< leader -> other
  llvm::DenseMap<const llvm::Instruction *, llvm::Instruction *>
      RevInstMap; ///< other -> leader
  llvm::SmallVector<std::pair<llvm::Instruction *, llvm::Instruction *>, 64>
      Pairs;
  /// (leader block, other block, common exit block)
  llvm::SmallVector<
      std::tuple<llvm::BasicBlock *, llvm::BasicBlock *, llvm::BasicBlock *>, 8>
      Exits;
  llvm::SmallVector<OperandDiff, 8> OpDiffs;
  llvm::SmallVector<ExitDiff, 4> ExitDiffs;
  llvm::SmallVector<llvm::Instruction *, 2> DropLifetimeEnds; ///< in the leader
  llvm::SmallVector<AllocaUnify, 2> Unify;
  llvm::SmallVector<llvm::CoroSuspendInst *, 2> Suspends1;

  bool inLeader(const llvm::Value *V) const {
    const auto *I = llvm::dyn_cast<llvm::Instruction>(V);
    return I && (InstMap.count(I));
  }
  bool inOther(const llvm::Value *V) const {
    const auto *I = llvm::dyn_cast<llvm::Instruction>(V);
    return I && RevInstMap.count(I);
  }
};

/// Merges a group that the pass matched and checked: the first region
/// (the leader, Group[k]->Start1) is kept, the entry edge of every other
/// region goes to it through the head of its start block (the arm block,
/// which keeps any code before the start), the differing operands become
/// phis at the kept start, the other copies are deleted and their values
/// used outside the regions are rewritten to the kept copy with SSAUpdater.
/// Before anything else, each AllocaUnify's other local is replaced by the
/// leader's.
void mergeRegions(llvm::ArrayRef<const RegionMatch *> Group);

/// What merging \p Group would do to the code (TTI code size) and to the
/// frame (fields CoroFrame would add or drop), predicted before the merge
/// (passes/MergeStatesCost.cpp, docs/passes/merge-states.md).
CostEstimate estimateMerge(llvm::ArrayRef<const RegionMatch *> Group,
                           const PreSplitShape &S,
                           const llvm::TargetTransformInfo &TTI);

/// The lowered form (passes/MergeStatesLowered.cpp) on \p F when it is a
/// rustc poll function: dropDeadStates, mergeIdenticalArms, and
/// dropDeadStates again for the states a merge leaves unwritten; true if it
/// changed \p F.
bool runLoweredForm(llvm::Function &F, llvm::FunctionAnalysisManager &FAM);

/// The lowered form's first step: removes the branch
/// edges of rustc poll function \p F that no poll takes, as the shared
/// analysis (coroslim/StateValues.h) proves them; true if it changed \p F.
bool dropDeadStates(llvm::Function &F, const LoweredShape &L,
                    llvm::FunctionAnalysisManager &FAM);
/// The lowered form, second step: merges the states of rustc poll function
/// \p F whose resume arms are the same but for the state number they store
/// (the match arms of `match x { A => f().await, B => f().await }`) into
/// one, when nothing in the module tells them apart; true if it changed
/// \p F.
bool mergeIdenticalArms(llvm::Function &F, const LoweredShape &L,
                        llvm::FunctionAnalysisManager &FAM);

} // namespace mergestates
} // namespace coroslim

#endif // COROSLIM_MERGESTATESREWRITE_H
