//===- coroslim/InlineSingleSuspendPlan.h - inlinable awaits ----*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// What coroslim-inline-single-suspend requires of an awaited coroutine and
// of one await of it (passes/InlineSingleSuspendPlan.cpp), read from the
// shared analysis. The pass (passes/InlineSingleSuspend.cpp) decides; the
// rewrite (InlineSingleSuspendRewrite.h) inlines what these planned.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_INLINESINGLESUSPENDPLAN_H
#define COROSLIM_INLINESINGLESUSPENDPLAN_H

#include "coroslim/InlineSingleSuspendRewrite.h"

#include "llvm/IR/PassManager.h"

#include <optional>
#include <string>

namespace llvm {
class DominatorTree;
class Function;
} // namespace llvm

namespace coroslim {

struct AwaitSite;
struct PreSplitShape;

namespace inlinesuspend {

/// Fills \p P for an inlinable \p Callee (at most \p MaxSuspends internal
/// suspend points), reading the facts of its CalleeSummary in the order the
/// remarks want them; false with \p Why otherwise.
bool planCallee(llvm::Function &Callee, llvm::FunctionAnalysisManager &FAM,
                unsigned MaxSuspends, CalleePlan &P, std::string &Why);

/// What inlining the await \p A of \p S's function needs, its callee
/// planned as \p P; std::nullopt with \p Why when the await cannot be
/// inlined.
std::optional<AwaitPlan> planAwait(const PreSplitShape &S, const AwaitSite &A,
                                   const CalleePlan &P, llvm::DominatorTree &DT,
                                   std::string &Why);

} // namespace inlinesuspend
} // namespace coroslim

#endif // COROSLIM_INLINESINGLESUSPENDPLAN_H
