//===- coroslim/EmbedFrame.h - coroslim-embed-frame -------------*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// coroslim-embed-frame (passes/EmbedFrame.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_EMBEDFRAME_H
#define COROSLIM_EMBEDFRAME_H

#include "llvm/IR/PassManager.h"
#include "llvm/Support/Error.h"

namespace coroslim {

/// Puts the frame of a C++ task awaited by symmetric transfer (docs/
/// design.md, "The transfer await") inside its caller's frame when the
/// task may suspend, so it cannot be run in place (coroslim-fold-transfer):
/// the allocation of its inlined ramp is switched off and its frame
/// becomes a local of the still pre-split caller, which CoroSplit then
/// keeps in the caller's frame. The task's code, its handle and how it
/// suspends do not change; only where its frame lives.
class EmbedFramePass : public llvm::PassInfoMixin<EmbedFramePass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &FAM);
  /// Builds the pass from `coroslim-embed-frame<Params>`; it takes none.
  static llvm::Expected<EmbedFramePass> create(llvm::StringRef Params);
};

} // namespace coroslim

#endif // COROSLIM_EMBEDFRAME_H
