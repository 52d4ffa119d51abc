//===- coroslim/FoldSuspendFreeRewrite.h - fold rewriting -------*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// What coroslim-fold-suspend-free (passes/FoldSuspendFree.cpp) hands over
// once it has checked a callee and an await, and the two rewrites
// (passes/FoldSuspendFreeRewrite.cpp): building a callee's direct-return
// twin and replacing an await by a call of it. The pass recognises and
// checks; nothing here decides whether folding is sound.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_FOLDSUSPENDFREEREWRITE_H
#define COROSLIM_FOLDSUSPENDFREEREWRITE_H

#include "coroslim/AwaitRewrite.h"
#include "coroslim/CoroShape.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Instructions.h"

#include <string>
#include <utility>

namespace coroslim {
namespace foldsuspend {

/// (The parts of the callee's cached CalleeSummary that the twin uses.)
struct FoldableCallee {
  const PreSplitShape *Shape = nullptr;
  const SuspendPoint *Initial = nullptr;
  Completion Done;
  const PromiseLayout *Promise = nullptr;
};

/// What rewriting one await needs beyond its AwaitSite.
struct FoldPlan {
  llvm::Instruction *ReadyDestroy = nullptr;
  /// Promise reads in the await's ready segment, with their frame offsets.
  llvm::SmallVector<std::pair<llvm::LoadInst *, int64_t>, 4> Reads;
};

/// Builds the direct-return twin of \p C (see FoldSuspendFree.cpp). Returns
/// null, with \p Why, when the result is not a plain function.
llvm::Function *buildTwin(const FoldableCallee &C, std::string &Why);

/// Rewrites await \p A into a call of \p Twin. The checks guarantee that
/// every use of the handle goes away.
llvm::CallInst *foldAwait(const AwaitSite &A, const FoldPlan &Plan,
                          const FoldableCallee &C, llvm::Function *Twin);

} // namespace foldsuspend
} // namespace coroslim

#endif // COROSLIM_FOLDSUSPENDFREEREWRITE_H
