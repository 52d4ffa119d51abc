//===- coroslim/StatesPrinter.h - print<coroslim-states> --------*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// Prints what the shared analysis (CoroShape.h) sees in a module: for each
// coroutine its suspend points, await sites, lowered dispatch states, frame
// size and which coroslim pass could act on it, and for each function that
// uses coroutine intrinsics at no stage the analysis knows, why and what to
// do. Two forms:
//
//  * `print<coroslim-states>`: text for people (and FileCheck);
//  * `print<coroslim-states<json>>`: one JSON document per module, the
//    machine-readable form that coroslim-stat and the scripts read. Its
//    schema is in docs/architecture.md ("The states report"); fields may be
//    added, never renamed.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_STATESPRINTER_H
#define COROSLIM_STATESPRINTER_H

#include "llvm/IR/PassManager.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace coroslim {

class StatesPrinterPass : public llvm::PassInfoMixin<StatesPrinterPass> {
public:
  enum class Format { Text, Json };

  StatesPrinterPass(llvm::raw_ostream &OS, Format F = Format::Text)
      : OS(OS), Form(F) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }

  /// Builds the printer from the `<Params>` of `print<coroslim-states<..>>`:
  /// empty or `text` for text, `json` for JSON; anything else, or more than
  /// one parameter, is an error.
  static llvm::Expected<StatesPrinterPass> create(llvm::raw_ostream &OS,
                                                  llvm::StringRef Params);
  /// `print<coroslim-states>` or `print<coroslim-states<json>>`, so that
  /// -print-pipeline-passes output parses again.
  void printPipeline(llvm::raw_ostream &OS,
                     llvm::function_ref<llvm::StringRef(llvm::StringRef)>
                         MapClassName2PassName);

private:
  llvm::raw_ostream &OS;
  Format Form;
};

} // namespace coroslim

#endif // COROSLIM_STATESPRINTER_H
