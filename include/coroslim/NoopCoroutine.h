//===- coroslim/NoopCoroutine.h - coroslim-noop-coroutine -------*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// coroslim-noop-coroutine (passes/NoopCoroutine.cpp): the noop coroutine
// frame coroslim-fold-transfer gives a task as its continuation.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_NOOPCOROUTINE_H
#define COROSLIM_NOOPCOROUTINE_H

#include "llvm/IR/PassManager.h"
#include "llvm/Support/Error.h"

namespace llvm {
class GlobalVariable;
} // namespace llvm

namespace coroslim {

/// The module's noop coroutine frame: a constant {resume, destroy} pair of
/// one internal fastcc function that returns at once, which is what
/// CoroEarly makes of llvm.coro.noop (no pass lowers that intrinsic after
/// CoroEarly). Made when \p Create and missing.
llvm::GlobalVariable *noopCoroutine(llvm::Module &M, bool Create);

/// `make` (before the CGSCC walk): in a module with a C++ await
/// (llvm.coro.await.suspend.handle), makes the noop coroutine frame and
/// keeps it in llvm.compiler.used. coroslim-fold-transfer runs inside the
/// walk, where a function pass may neither add a function nor call one the
/// call graph has not seen, and GlobalOpt would delete an unused frame
/// before the walk. `release` (after the walk): drops it from
/// llvm.compiler.used, so GlobalDCE deletes it unless a rewrite still uses
/// it.
class NoopCoroutinePass : public llvm::PassInfoMixin<NoopCoroutinePass> {
  bool Make;

public:
  explicit NoopCoroutinePass(bool Make) : Make(Make) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  /// Builds the pass from `coroslim-noop-coroutine<make|release>`.
  static llvm::Expected<NoopCoroutinePass> create(llvm::StringRef Params);
  void printPipeline(llvm::raw_ostream &OS,
                     llvm::function_ref<llvm::StringRef(llvm::StringRef)>
                         MapClassName2PassName);
};

} // namespace coroslim

#endif // COROSLIM_NOOPCOROUTINE_H
