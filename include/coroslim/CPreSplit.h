//===- coroslim/CPreSplit.h - coroslim-c-presplit ---------------*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// coroslim-c-presplit (passes/CPreSplit.cpp). Every pass has a header like
// this one and one file under passes/; Plugin.cpp only registers them.
// Pass name == DEBUG_TYPE == remark name, as laid down in docs/design.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_CPRESPLIT_H
#define COROSLIM_CPRESPLIT_H

#include "llvm/IR/PassManager.h"
#include "llvm/Support/Error.h"

namespace coroslim {

/// Marks C coroutines (functions holding a pre-split switch-ABI llvm.coro.id
/// but lacking the `presplitcoroutine` attribute that clang only sets for
/// C++) so that CoroSplit lowers them. Rejects a promise used before
/// llvm.coro.begin. Required at every optimization level.
class CPreSplitPass : public llvm::PassInfoMixin<CPreSplitPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
  /// Builds the pass from `coroslim-c-presplit<Params>`; it takes none.
  static llvm::Expected<CPreSplitPass> create(llvm::StringRef Params);
};

} // namespace coroslim

#endif // COROSLIM_CPRESPLIT_H
