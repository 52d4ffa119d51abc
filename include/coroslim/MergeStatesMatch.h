//===- coroslim/MergeStatesMatch.h - Region matcher -------------*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// merge-states' region matcher (passes/MergeStatesMatch.cpp): whether two
// regions of a pre-split coroutine do the same, walked in lockstep, and
// what must become a phi; and the checks of a group of matched regions
// (passes/MergeStates.cpp, which decides and remarks). Not a public
// interface: only merge-states' files include it.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_MERGESTATESMATCH_H
#define COROSLIM_MERGESTATESMATCH_H

#include "coroslim/CoroShape.h"
#include "coroslim/MergeStatesRewrite.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Transforms/Utils/FunctionComparator.h"

#include <optional>
#include <string>

namespace coroslim {
namespace mergestates {

/// How the walk reached a block: used to say which part of two regions
/// differs ("different destroy behaviour" is a refusal of its own).
enum class PathKind { Body, Resume, Destroy, Return };

/// Matches and checks the regions of one coroutine.
class Merger {
  llvm::Function &F;
  const PreSplitShape &S;
  unsigned MaxBlocks;
  /// The frames LLVM elided for the awaits of the coroutine.
  llvm::SmallPtrSet<const llvm::AllocaInst *, 4> ElidedFrames;
  llvm::GlobalNumberState GN;
  llvm::DenseMap<std::pair<llvm::Function *, llvm::Function *>, bool> SameBody;
  /// Suspends no region may contain (initial and final ones).
  llvm::SmallPtrSet<const llvm::Instruction *, 4> Pinned;
  /// The suspend point whose result each terminator consumes.
  llvm::DenseMap<const llvm::Instruction *, const SuspendPoint *> Consumers;

public:
  Merger(llvm::Function &F, const PreSplitShape &S, unsigned MaxBlocks)
      : F(F), S(S), MaxBlocks(MaxBlocks) {
    for (const SuspendPoint &SP : S.Suspends)
      Consumers[SP.Suspend->getParent()->getTerminator()] = &SP;
    for (const AwaitSite &A : S.SplitAwaits)
      if (A.Form == AwaitSite::HandleForm::ElidedFrame)
        if (auto *Frame =
                llvm::dyn_cast<llvm::AllocaInst>(A.Handle->stripPointerCasts()))
          ElidedFrames.insert(Frame);
  }

  void pin(const llvm::Instruction *I) { Pinned.insert(I); }
  /// Whether calls of \p C1 and \p Ck do the same: one callee, or two
  /// definitions with identical bodies (FunctionComparator) that neither
  /// can be replaced at link time. \p Note, if given, gets why two
  /// interposable definitions are not the same.
  bool sameCallee(llvm::Value *C1, llvm::Value *Ck,
                  std::string *Note = nullptr);
  unsigned moveStartsUp(llvm::Instruction *&S1, llvm::Instruction *&Sk,
                        unsigned Max);
  llvm::SmallVector<std::pair<llvm::Instruction *, llvm::Instruction *>, 4>
  startsPastDifferingCode(
      llvm::Instruction *A1, llvm::Instruction *Ak,
      const llvm::Instruction *Cand1, const llvm::Instruction *CandK,
      unsigned Max, bool &DiffersAtHead,
      std::pair<llvm::Instruction *, llvm::Instruction *> *HeadDiff = nullptr);
  std::string match(llvm::Instruction *S1, llvm::Instruction *Sk,
                    RegionMatch &M);
  std::string checkGroup(llvm::ArrayRef<const RegionMatch *> Group);

private:
  std::string compareInst(llvm::Instruction *I1, llvm::Instruction *Ik,
                          PathKind Via);
  std::string compareOperands(RegionMatch &M, llvm::Instruction *I1,
                              llvm::Instruction *Ik);
  std::string compareValue(RegionMatch &M, llvm::Instruction *I1, unsigned Idx,
                           llvm::Value *V1, llvm::Value *Vk, bool IsPhi);
  std::string compareDebugRecords(const RegionMatch &M, llvm::Instruction *I1,
                                  llvm::Instruction *Ik);
  std::optional<AllocaUnify> unifiable(llvm::Value *V1, llvm::Value *Vk) const;
  std::string checkUnifiedLocals(
      llvm::ArrayRef<const RegionMatch *> Group,
      llvm::function_ref<int(const llvm::Value *)> RegionOf) const;
};

} // namespace mergestates
} // namespace coroslim

#endif // COROSLIM_MERGESTATESMATCH_H
