//===- coroslim/StripDoneTraps.h - coroslim-strip-done-traps ----*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// coroslim-strip-done-traps (passes/StripDoneTraps.cpp): with the release
// flag, removes the post-completion trap blocks that safe front ends put on
// the "resumed after completion" edge of a coroutine, both in the pre-split
// form (a non-final llvm.coro.suspend whose resume edge traps) and in the
// lowered form (a dispatch case that traps: LLVM's .resume clones, rustc's
// async poll functions). See docs/passes/strip-done-traps.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_STRIPDONETRAPS_H
#define COROSLIM_STRIPDONETRAPS_H

#include "llvm/IR/PassManager.h"
#include "llvm/Support/Error.h"

namespace coroslim {

/// What a resume after completion does once its trap is gone.
enum class DoneResume {
  Return,      ///< a no-op: re-suspend / return what a pending resume returns
  Unreachable, ///< undefined: the state disappears from the dispatch
};

class StripDoneTrapsPass : public llvm::PassInfoMixin<StripDoneTrapsPass> {
public:
  struct Options {
    bool Release = false;
    DoneResume Mode = DoneResume::Return;
  };

  explicit StripDoneTrapsPass(Options O) : Opts(O) {}
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &AM);
  /// Builds the pass from `coroslim-strip-done-traps<Params>`: `release`,
  /// `no-release`, `done-resume=return|unreachable`, separated by `;`.
  /// Empty: the -coroslim-release / -coroslim-done-resume defaults.
  static llvm::Expected<StripDoneTrapsPass> create(llvm::StringRef Params);

private:
  Options Opts;
};

} // namespace coroslim

#endif // COROSLIM_STRIPDONETRAPS_H
