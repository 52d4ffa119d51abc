//===- coroslim/FoldSuspendFreePlan.h - foldable awaits ---------*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// What coroslim-fold-suspend-free requires of an awaited coroutine and of
// one await of it (passes/FoldSuspendFreePlan.cpp), read from the shared
// analysis. The pass (passes/FoldSuspendFree.cpp) decides; the rewrite
// (FoldSuspendFreeRewrite.h) builds the twin and folds the await.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_FOLDSUSPENDFREEPLAN_H
#define COROSLIM_FOLDSUSPENDFREEPLAN_H

#include "coroslim/FoldSuspendFreeRewrite.h"

#include "llvm/IR/PassManager.h"

#include <string>

namespace llvm {
class Function;
} // namespace llvm

namespace coroslim {

struct AwaitSite;

namespace foldsuspend {

/// Checks everything about \p Callee that makes a twin possible, reading
/// the facts of its CalleeSummary in the order the remarks want them;
/// fills \p C. False with \p Why otherwise.
bool checkCallee(llvm::Function &Callee, llvm::FunctionAnalysisManager &FAM,
                 FoldableCallee &C, std::string &Why);

/// Checks the caller's side of await \p A of \p C; fills \p Plan. False
/// with \p Why otherwise.
bool checkSite(const AwaitSite &A, const FoldableCallee &C, FoldPlan &Plan,
               std::string &Why);

} // namespace foldsuspend
} // namespace coroslim

#endif // COROSLIM_FOLDSUSPENDFREEPLAN_H
