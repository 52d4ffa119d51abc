//===- coroslim/InlineSingleSuspendRewrite.h - inline rewriting -*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// What coroslim-inline-single-suspend (passes/InlineSingleSuspend.cpp)
// hands over once it has planned a callee and an await, and the rewrite
// that inlines the await (passes/InlineSingleSuspendRewrite.cpp). The pass
// recognises and checks; nothing here decides whether inlining is sound,
// as CoroCloner only clones what CoroSplit decided.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_INLINESINGLESUSPENDREWRITE_H
#define COROSLIM_INLINESINGLESUSPENDREWRITE_H

#include "coroslim/AwaitRewrite.h"
#include "coroslim/CoroShape.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Instructions.h"

#include <optional>

namespace coroslim {
namespace inlinesuspend {

/// What inlining needs to know about an awaited coroutine, independent of
/// the await.
struct CalleePlan {
  /// The callee's shape and promise, as its cached CalleeSummary has them.
  const PreSplitShape *Shape = nullptr;
  const PromiseLayout *Promise = nullptr;
  Completion Done;
  const SuspendPoint *Initial = nullptr;
  llvm::SmallVector<const SuspendPoint *, 2> Internal;
  /// The blocks that run when the callee is destroyed at a suspend point:
  /// the destroy edge's target and everything it reaches, and for each of
  /// them the successors that can be taken on the way (takenSuccessor).
  struct CleanupRegion {
    llvm::SmallVector<llvm::BasicBlock *, 8> Blocks;
    llvm::DenseMap<const llvm::BasicBlock *,
                   llvm::SmallPtrSet<llvm::BasicBlock *, 2>>
        Taken;
  };
  llvm::DenseMap<const llvm::CoroSuspendInst *, CleanupRegion> Region;
  unsigned BodySize = 0;
  /// Of BodySize, the coroutine machinery a clone does not keep
  /// (CalleeSummary::MachinerySize).
  unsigned MachinerySize = 0;

  unsigned regionSize(const SuspendPoint &SP) const {
    unsigned N = 0;
    for (llvm::BasicBlock *BB : Region.find(SP.Suspend)->second.Blocks)
      N += BB->sizeWithoutDebug();
    return N;
  }
};

/// The parts of the caller's await that the rewrite touches.
struct AwaitPlan {
  const SuspendPoint *LoopSP = nullptr;
  llvm::Instruction *PendingDestroy = nullptr;
  llvm::SmallVector<llvm::Instruction *, 2> ReadyDestroys;
  /// Addresses in the callee's frame computed in the await loop and used
  /// after it: they move to right after the ramp.
  llvm::SmallVector<llvm::Instruction *, 2> Hoist;
  unsigned Size = 0; ///< instructions cloned
};

/// The llvm.coro.end in \p BB, or null.
llvm::CoroEndInst *findCoroEnd(llvm::BasicBlock &BB);

/// Frame offset of \p Ptr, an address computed from the awaited handle \p H
/// (constant GEPs, llvm.coro.promise); std::nullopt if it is not one.
std::optional<int64_t> handleOffset(const llvm::Value *Ptr,
                                    const llvm::Value *H,
                                    const llvm::DataLayout &DL);

/// Inlines await \p A of the callee \p P plans into \p Caller, as \p AP
/// plans it: clones of the callee's ramp, body and cleanups replace the
/// ramp call, the await loop and the destroys; then cleanUpAfterRewrite.
void inlineAwait(llvm::Function &Caller, const AwaitSite &A,
                 const AwaitPlan &AP, const CalleePlan &P);

} // namespace inlinesuspend
} // namespace coroslim

#endif // COROSLIM_INLINESINGLESUSPENDREWRITE_H
