//===- coroslim/InlineSingleSuspend.h - inline-single-suspend ---*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// coroslim-inline-single-suspend (passes/InlineSingleSuspend.cpp): where a
// pre-split coroutine awaits (docs/design.md) a coroutine of the same
// module that has exactly one internal suspend point, the callee's body is
// cloned into the caller, its suspend becomes the caller's suspend for that
// await, its promise becomes a local of the caller, and its frame allocation
// and handle disappear. Runs at PipelineEarlySimplification, callees before
// callers, so that chains collapse bottom-up. See
// docs/passes/inline-single-suspend.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_INLINESINGLESUSPEND_H
#define COROSLIM_INLINESINGLESUSPEND_H

#include "coroslim/CostModel.h"

#include "llvm/IR/PassManager.h"
#include "llvm/Support/Error.h"

namespace coroslim {

class InlineSingleSuspendPass
    : public llvm::PassInfoMixin<InlineSingleSuspendPass> {
public:
  struct Options {
    /// Most internal suspend points an inlined callee may have.
    unsigned MaxSuspends = 1;
    /// Most instructions cloned into the caller for one await.
    unsigned MaxSize = 0;
    /// What the cost model may not let grow (CostModel.h).
    CostPolicy Cost = CostPolicy::Speed;
  };

  explicit InlineSingleSuspendPass(Options O) : Opts(O) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  /// Builds the pass from `coroslim-inline-single-suspend<Params>`:
  /// `max-suspends=N` and `max-size=M` (each at least 1, at most once),
  /// separated by `;`. Empty: the -coroslim-inline-max-suspends /
  /// -coroslim-inline-max-size defaults, which take the same values.
  static llvm::Expected<InlineSingleSuspendPass> create(llvm::StringRef Params);
  /// `coroslim-inline-single-suspend<max-suspends=N;max-size=M>`, so that
  /// -print-pipeline-passes shows what runs and parses again.
  void printPipeline(llvm::raw_ostream &OS,
                     llvm::function_ref<llvm::StringRef(llvm::StringRef)>
                         MapClassName2PassName);

private:
  Options Opts;
};

} // namespace coroslim

#endif // COROSLIM_INLINESINGLESUSPEND_H
