//===- coroslim/TransferAwaitImpl.h - Transfer await parts ------*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// What passes/TransferAwait.cpp (recognising the await, the task's run to
// completion) and passes/TransferAwaitFrame.cpp (whether the task's frame
// can live in the caller's) share. Not a public interface: only those two
// files include it; the passes read the facts from CoroShape.h.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_TRANSFERAWAITIMPL_H
#define COROSLIM_TRANSFERAWAITIMPL_H

#include "coroslim/CoroShape.h"

#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Instructions.h"

#include <string>
#include <utility>

namespace coroslim {
namespace transferawait {

/// The base and constant offset of \p P (through constant GEPs and casts).
std::pair<const llvm::Value *, int64_t>
baseAndOffset(const llvm::Value *P, const llvm::DataLayout &DL);

/// True when the byte ranges [A, A + ASize) and [B, B + BSize) meet.
bool overlaps(int64_t A, int64_t ASize, int64_t B, int64_t BSize);

/// Lifetime markers, debug records and llvm.assume: no memory effect that
/// matters here.
bool isMarkerOrDebug(const llvm::Instruction &I);

/// An await seen from the caller's side while it waits there: the awaiter
/// is a local of the caller that only the caller's own code reads and
/// writes, and the await itself (await_suspend's wrapper only reads it)
/// and the suspend leave it as it is. Awaiter is null when that is not
/// proven.
struct AwaitWindow {
  const llvm::Value *Awaiter = nullptr;
  const llvm::Instruction *AwaitSuspend = nullptr;
  const llvm::Instruction *Suspend = nullptr;
};

/// The value the awaiter holds at \p Offset when \p At runs: the last
/// store to exactly that field on every path back from \p At (the same
/// value on each), with nothing in between that may write it. A field
/// loaded from another object (an awaiter that copies the task's handle)
/// is followed there; a call of a split ramp that writes its handle into
/// the field (a task returned through sret, its ramp not inlined) is the
/// answer itself. Inside \p Window the await and its suspend do not write
/// the awaiter.
llvm::Value *heldValue(llvm::Instruction *At, const llvm::Value *Awaiter,
                       int64_t Offset, llvm::AAResults &AA,
                       const llvm::DataLayout &DL, unsigned Depth = 0,
                       const AwaitWindow *Window = nullptr);

/// The window of the await \p AS before \p Suspend whose await_suspend
/// wrapper is \p W (TransferAwaitFrame.cpp).
AwaitWindow awaitWindow(const llvm::CallBase &AS,
                        const llvm::CoroSuspendInst &Suspend,
                        const llvm::Function &W, const llvm::DataLayout &DL);

/// Makes \p T the instance of the split coroutine \p SC whose handle is
/// \p Handle, of form \p Form: its ramp, resume and cleanup functions.
void setTaskInstance(TaskInstance &T, AwaitSite::HandleForm Form,
                     llvm::Instruction *Handle, const SplitCoroutine &SC);

/// Why the frame of the task \p T (awaited, or not: \p Win is then empty)
/// cannot become part of the caller's frame (TaskInstance::WhyNotEmbeddable,
/// and DestroyCalls, NullSides); empty when it can
/// (TransferAwaitFrame.cpp).
std::string whyNotEmbeddable(const PreSplitShape &S, TaskInstance &T,
                             const SplitCoroutine &SC, const AwaitWindow &Win,
                             llvm::AAResults &AA, const llvm::DataLayout &DL);

} // namespace transferawait
} // namespace coroslim

#endif // COROSLIM_TRANSFERAWAITIMPL_H
