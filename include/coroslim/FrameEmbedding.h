//===- coroslim/FrameEmbedding.h - A task's frame in its caller's -*- C++
//-*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// What coroslim-embed-frame and coroslim-fold-transfer share to put the
// frame of a C++ task (awaited by symmetric transfer, or made and never
// awaited) inside its caller's (passes/FrameEmbedding.cpp): LLVM's
// CoroElide rewrite, done on the shared analysis' lifetime proof
// (TaskInstance::WhyNotEmbeddable), and the rules that keep it from
// growing the code.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_FRAMEEMBEDDING_H
#define COROSLIM_FRAMEEMBEDDING_H

#include "coroslim/CoroShape.h"

#include "llvm/ADT/SmallPtrSet.h"

#include <string>

namespace llvm {
class AAResults;
class AllocaInst;
} // namespace llvm

namespace coroslim {

/// The size of \p T's frame: its resume function's dereferenceable frame
/// argument, as CoroElide reads it.
uint64_t taskFrameBytes(const TaskInstance &T);

/// Switches off the allocation of the task \p T whose inlined ramp made
/// \p Begin and gives it a local of the caller's, of its resume function's
/// dereferenceable size, as CoroElide does: llvm.coro.alloc -> false,
/// llvm.coro.begin -> the alloca, llvm.coro.free -> null, and its destroy
/// function, where the caller calls it directly (T.DestroyCalls), -> its
/// cleanup function (which frees nothing), and lifetime markers on the
/// local where CoroFrame can use them. A task not \p Awaited by the caller
/// and kept across one of its suspends is destroyed through its frame's
/// destroy slot instead. Calls marked `tail` that may see the local lose
/// the marker. Returns the local.
llvm::AllocaInst *embedTaskFrame(llvm::CoroBeginInst &Begin,
                                 const TaskInstance &T, bool Awaited,
                                 llvm::AAResults &AA);

/// Inlines the split ramp \p Ramp of \p Callee (the inliner left it out of
/// line) and returns the llvm.coro.begin it brings into the caller; null
/// when it cannot be inlined.
llvm::CoroBeginInst *inlineSplitRamp(llvm::CallBase &Ramp,
                                     llvm::Function &Callee);

/// The cost rules of moving task frames into one caller's frame, in
/// program order (docs/design.md, coroslim-embed-frame):
/// - two teardowns: other instances of the task stay on the heap and
///   nothing keeps its cleanup function yet (every level);
/// - under minsize, the caller's own fields pushed past short
///   displacements by the frames before them.
class FrameEmbeddingCost {
public:
  FrameEmbeddingCost(const llvm::Function &F, const PreSplitShape &S);
  /// Why moving the frame of \p T into the caller's would grow the code;
  /// empty when it would not, and then its bytes count for the next ones.
  std::string whyCostly(const TaskInstance &T);

private:
  const llvm::Function &F;
  /// The handles that may leave the heap in this caller.
  llvm::SmallPtrSet<const llvm::Instruction *, 4> Embeddable;
  /// Where the caller's own fields start (see ownFieldsOffset).
  uint64_t OwnFieldsAt;
};

} // namespace coroslim

#endif // COROSLIM_FRAMEEMBEDDING_H
