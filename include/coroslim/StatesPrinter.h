//===- coroslim/StatesPrinter.h - print<coroslim-states> --------*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// Prints what the shared analysis (CoroShape.h) sees in a module: for each
// coroutine its suspend points, await sites, lowered dispatch states, frame
// size and which coroslim pass could act on it. coroslim-stat parses the
// `coroutine` and `lowered` summary lines, so keep their key=value form.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_STATESPRINTER_H
#define COROSLIM_STATESPRINTER_H

#include "llvm/IR/PassManager.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace coroslim {

class StatesPrinterPass : public llvm::PassInfoMixin<StatesPrinterPass> {
  llvm::raw_ostream &OS;

public:
  explicit StatesPrinterPass(llvm::raw_ostream &OS) : OS(OS) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace coroslim

#endif // COROSLIM_STATESPRINTER_H
