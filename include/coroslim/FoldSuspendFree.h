//===- coroslim/FoldSuspendFree.h - coroslim-fold-suspend-free --*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// coroslim-fold-suspend-free (passes/FoldSuspendFree.cpp), documented in
// docs/passes/fold-suspend-free.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_FOLDSUSPENDFREE_H
#define COROSLIM_FOLDSUSPENDFREE_H

#include "coroslim/CostModel.h"

#include "llvm/IR/PassManager.h"
#include "llvm/Support/Error.h"

namespace coroslim {

/// Turns every await (in the await idiom, docs/design.md) of a lazily started
/// coroutine without internal suspend points into a call of a direct-return
/// twin of that coroutine: an ordinary function that runs its body and its
/// destroy-after-completion cleanup and writes its promise into a local of
/// the caller. The caller's suspend for that await disappears; callees are
/// handled before callers, so chains of such awaits collapse. A ramp left
/// without uses is deleted when it is internal.
class FoldSuspendFreePass : public llvm::PassInfoMixin<FoldSuspendFreePass> {
  CostPolicy Cost;

public:
  explicit FoldSuspendFreePass(CostPolicy Cost) : Cost(Cost) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  /// Builds the pass from `coroslim-fold-suspend-free<Params>`:
  /// `cost=size|speed|off` (empty: the -coroslim-cost flag).
  static llvm::Expected<FoldSuspendFreePass> create(llvm::StringRef Params);
  /// `coroslim-fold-suspend-free<cost=P>`.
  void printPipeline(llvm::raw_ostream &OS,
                     llvm::function_ref<llvm::StringRef(llvm::StringRef)>
                         MapClassName2PassName);
};

} // namespace coroslim

#endif // COROSLIM_FOLDSUSPENDFREE_H
