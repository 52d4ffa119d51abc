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

#include "coroslim/PassParams.h"

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
  /// Which form of coroutine one instance takes. The pipeline's two slots
  /// each take their own: ScalarOptimizerLate the pre-split coroutines
  /// (there it also sees the .resume clones that the CGSCC walk revisits),
  /// OptimizerLast the lowered state machines. By name, `opt` takes both.
  using Form = CoroForm;
  struct Options {
    bool Release = false;
    DoneResume Mode = DoneResume::Return;
    Form Takes = Form::Any;
    /// `return` mode lowers a coroutine's traps only when the predicted
    /// code size of the lowering (TTI, TCK_CodeSize) plus this margin is
    /// at most that of the trap paths it removes; else the traps stay.
    unsigned SizeMargin = 0;
    /// Take only rustc polls that never suspend, in `return` mode, whose
    /// Pending their `i1` result's type shows (PendingProof::ReturnsOrType),
    /// and leave every other function alone, silently. For the
    /// EarlySimplification slot: before IPSCCP folds the constant Ready
    /// such a poll returns into its callers, and before the inliner copies
    /// it into them with its trap.
    bool PendingFromType = false;
  };

  explicit StripDoneTrapsPass(Options O) : Opts(O) {}
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &AM);
  /// Builds the pass from `coroslim-strip-done-traps<Params>`: `release`,
  /// `no-release`, `done-resume=return|unreachable`,
  /// `form=any|pre-split|lowered`, `size-margin=N`, `pending-from-type`,
  /// separated by `;`,
  /// each setting at most once (release and no-release are one setting).
  /// Empty: the -coroslim-release / -coroslim-done-resume defaults.
  static llvm::Expected<StripDoneTrapsPass> create(llvm::StringRef Params);
  /// `coroslim-strip-done-traps<...>` with every parameter, so that
  /// -print-pipeline-passes shows what each pipeline slot runs.
  void printPipeline(llvm::raw_ostream &OS,
                     llvm::function_ref<llvm::StringRef(llvm::StringRef)>
                         MapClassName2PassName);

private:
  Options Opts;
};

} // namespace coroslim

#endif // COROSLIM_STRIPDONETRAPS_H
