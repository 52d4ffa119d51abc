//===- coroslim/FoldTransfer.h - coroslim-fold-transfer ---------*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// coroslim-fold-transfer (passes/FoldTransfer.cpp), fold-suspend-free's
// C++ form, documented in docs/passes/fold-suspend-free.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_FOLDTRANSFER_H
#define COROSLIM_FOLDTRANSFER_H

#include "llvm/IR/PassManager.h"
#include "llvm/Support/Error.h"

namespace coroslim {

/// Turns a C++ `co_await` by symmetric transfer (docs/design.md, "The
/// transfer await") of a task that LLVM has already split, and that always
/// runs to its final suspend once resumed, into a direct run of it: the
/// caller calls await_suspend, puts the noop coroutine in the continuation
/// it stored, calls the task's resume function, puts the caller's handle
/// back if anything can read it, and goes on at the await's resume edge. The
/// caller's suspend point for the await and the symmetric transfer disappear;
/// with them the last escape of the task's handle, so CoroElide can put its
/// frame on the caller's stack.
class FoldTransferPass : public llvm::PassInfoMixin<FoldTransferPass> {
  /// Make the noop coroutine frame if the module has none (noop=create,
  /// the default), or only use an existing one (noop=existing: its slot in
  /// the default pipeline, inside the CGSCC walk).
  bool CreateNoop;

public:
  explicit FoldTransferPass(bool CreateNoop) : CreateNoop(CreateNoop) {}
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &FAM);
  /// Builds the pass from `coroslim-fold-transfer<Params>`:
  /// `noop=create|existing`.
  static llvm::Expected<FoldTransferPass> create(llvm::StringRef Params);
  /// `coroslim-fold-transfer<noop=M>`.
  void printPipeline(llvm::raw_ostream &OS,
                     llvm::function_ref<llvm::StringRef(llvm::StringRef)>
                         MapClassName2PassName);
};

} // namespace coroslim

#endif // COROSLIM_FOLDTRANSFER_H
