//===- coroslim/MergeStates.h - coroslim-merge-states -----------*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// coroslim-merge-states (passes/MergeStates.cpp): merges suspend points of a
// pre-split coroutine that are the same state, so that CoroSplit gives them
// one index in .resume, .destroy and .cleanup; in the lowered form
// (passes/MergeStatesLowered.cpp) removes the states of a rustc poll
// function that no poll can enter. See docs/passes/merge-states.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_MERGESTATES_H
#define COROSLIM_MERGESTATES_H

#include "coroslim/CostModel.h"
#include "coroslim/PassParams.h"

#include "llvm/IR/PassManager.h"
#include "llvm/Support/Error.h"

namespace coroslim {

/// Level 1: suspend points whose suspend-side sequence and continuations
/// are the same up to operands known before the suspend become one.
/// Level 2: also isomorphic await regions that meet at a common join (the
/// same callee awaited with different arguments) become one await.
class MergeStatesPass : public llvm::PassInfoMixin<MergeStatesPass> {
  unsigned Level;
  unsigned MaxBlocks;
  CostPolicy Cost;
  CoroForm Takes;

public:
  MergeStatesPass(unsigned Level, unsigned MaxBlocks, CostPolicy Cost,
                  CoroForm Takes = CoroForm::Any)
      : Level(Level), MaxBlocks(MaxBlocks), Cost(Cost), Takes(Takes) {}
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &);
  /// Builds the pass from `coroslim-merge-states<Params>`: `level=1|2`,
  /// `max-blocks=N` (N >= 1), `cost=size|speed|off`,
  /// `form=any|pre-split|lowered`, separated by ';', each at most once. Empty:
  /// the -coroslim-merge-* and -coroslim-cost flags, which take the same
  /// values.
  static llvm::Expected<MergeStatesPass> create(llvm::StringRef Params);
  /// `coroslim-merge-states<level=L;max-blocks=N;cost=P>` (and `;form=F`
  /// unless it takes both forms), so that
  /// -print-pipeline-passes shows what runs and parses again.
  void printPipeline(llvm::raw_ostream &OS,
                     llvm::function_ref<llvm::StringRef(llvm::StringRef)>
                         MapClassName2PassName);
};

} // namespace coroslim

#endif // COROSLIM_MERGESTATES_H
