//===- coroslim/AwaitRewrite.h - Helpers for await rewrites ----*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// What coroslim-fold-suspend-free and coroslim-inline-single-suspend both
// need to know about the coroutine an await site awaits, on top of the
// shape analysis in CoroShape.h:
//
//  * the callee's completion point and where destroying it there goes
//    (findCompletion);
//  * the callee's promise: where it sits in the frame and every load and
//    store of it, refusing a frame or promise address that escapes
//    (analyzePromise), and the value a promise field certainly holds at a
//    point of the callee (promiseValueAt);
//  * what an await's done test says right after a suspend of the callee
//    (doneTestAt), and whether it sees "done" once the callee has reached
//    its completion point (awaitSeesDone);
//  * the order in which to visit coroutines so that callees are rewritten
//    before their callers and chains collapse bottom-up (CoroutineOrder).
//
// Like CoroShape, nothing here changes IR, except deleteUnreachableBlocks
// and cleanUpAfterRewrite, the clean-up both rewrites end with.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_AWAITREWRITE_H
#define COROSLIM_AWAITREWRITE_H

#include "coroslim/CoroShape.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/Constant.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/ValueHandle.h"

#include <optional>
#include <string>
#include <vector>

namespace coroslim {

/// The completion point of a coroutine: its one final suspend or checked
/// completion suspend, and where destroying the coroutine there starts.
struct Completion {
  const SuspendPoint *SP = nullptr;
  llvm::BasicBlock *Cleanup = nullptr; ///< SP->target(1)
};

/// Finds the completion point of \p S; fails (with \p Why) when there is
/// not exactly one or its destroy edge cannot be read.
std::optional<Completion> findCompletion(const PreSplitShape &S,
                                         std::string &Why);

/// Frame offset of the promise that llvm.coro.promise(%h, Align, false)
/// addresses in the switch ABI: after the resume and destroy pointers,
/// aligned (this is how CoroEarly lowers the intrinsic).
int64_t promiseFrameOffset(const llvm::DataLayout &DL, llvm::Align A);

/// A coroutine's promise and how its own code reaches it.
struct PromiseLayout {
  /// One load or store of the promise, at a promise-relative offset (a
  /// memset/memcpy counts as a store through its destination and a load
  /// through its source). An access through a variable index into the
  /// promise alloca (an inbounds GEP) is somewhere in the promise: it is
  /// recorded as covering the whole promise, not Exact.
  struct Access {
    llvm::Instruction *I = nullptr;
    int64_t Offset = 0;
    uint64_t Size = 0;
    bool IsStore = false;
    bool Exact = true; ///< false: somewhere in [Offset, Offset + Size)

    /// Whether this store writes the field [Off, Off + Size): false when it
    /// leaves the field alone. When it does, \p Value is the constant the
    /// field then certainly holds, or null (a partial, wholesale
    /// memset/memcpy, or non-constant write).
    bool writesField(int64_t Off, uint64_t Size, llvm::Constant *&Value) const;
  };
  llvm::AllocaInst *Promise = nullptr; ///< null: the coroutine has none
  int64_t FrameOffset = 0;             ///< where the promise is in the frame
  uint64_t Size = 0;                   ///< alloc size of the promise
  llvm::SmallVector<Access, 8> Accesses;
  /// Address computations (GEPs, llvm.coro.promise) and their frame offset.
  llvm::SmallVector<std::pair<llvm::Instruction *, int64_t>, 8> Addresses;

  bool contains(int64_t FrameOff, uint64_t Bytes) const {
    return Promise && FrameOff >= FrameOffset &&
           uint64_t(FrameOff - FrameOffset) + Bytes <= Size;
  }
};

/// The successor that the terminator of \p BB takes when \p BB is entered
/// from \p Pred, where that is known: the only one, or the one a constant
/// condition (or a phi of \p BB, an icmp or a cast of one, constant for the
/// edge from \p Pred) selects, such as clang's cleanup-destination
/// switches. Null otherwise.
llvm::BasicBlock *takenSuccessor(llvm::BasicBlock *BB, llvm::BasicBlock *Pred);

/// True (with \p Why) when the linker may pick another definition of \p F
/// than this one (weak, linkonce, common; Function::isInterposable), so a
/// copy of its body is not what the program would run.
bool mayBeReplacedAtLinkTime(const llvm::Function &F, std::string &Why);

/// Why neither await pass can rewrite \p A, an await of a callee LLVM has
/// already split (PreSplitShape::SplitAwaits); \p Verb is the pass's own
/// ("folded", "inlined").
std::string alreadySplitRefusal(const AwaitSite &A, llvm::StringRef Verb);

/// True when \p S allocates its frame only where llvm.coro.alloc says so:
/// the memory llvm.coro.begin takes is null, a select on coro.alloc with a
/// null false value, or a phi whose other values come from blocks only the
/// coro.alloc-true edge reaches. Then, with coro.alloc false (the frame
/// gone), no allocation is left behind. Otherwise false with \p Why.
bool allocationGoesWithFrame(const PreSplitShape &S,
                             const llvm::DominatorTree &DT, std::string &Why);

/// Reads the promise of \p S and every use of its frame (llvm.coro.begin)
/// and promise alloca. Fails (with \p Why) unless every such use is a
/// simple load or store, or a non-volatile memset/memcpy/memmove of
/// constant length, inside the promise at a constant offset, or one of the
/// coroutine intrinsics that take the frame (coro.free, coro.end,
/// coro.save) — so a frame or promise address that escapes is refused.
std::optional<PromiseLayout> analyzePromise(const PreSplitShape &S,
                                            std::string &Why);

/// The constant that the promise certainly holds at promise offset \p Off
/// (\p Size bytes) right before \p At: the last store of exactly that field
/// on every path from the coroutine's entry (a forward data flow, so loops
/// that do not store to the field keep it); null when it cannot be proven.
llvm::Constant *promiseValueAt(const PromiseLayout &L, llvm::Instruction *At,
                               int64_t Off, uint64_t Size);

/// What the done test of \p A says when run right after the callee
/// suspended at \p SP: true takes the ready edge, false the pending one;
/// std::nullopt (and \p Why) when it cannot be proven.
std::optional<bool> doneTestAt(const AwaitSite &A, const SuspendPoint &SP,
                               const PromiseLayout &L, std::string &Why);

/// True when the done test of \p A, run right after the callee has reached
/// completion point \p C, takes the ready edge: a final suspend for
/// llvm.coro.done and the resume-pointer test, a proven non-zero flag for a
/// done flag in the promise. Otherwise false with \p Why.
bool awaitSeesDone(const AwaitSite &A, const Completion &C,
                   const PromiseLayout &L, std::string &Why);

/// Deletes the blocks of \p F that no path from the entry reaches. Unlike
/// removeUnreachableBlocks it does not fold constant branches first, so it
/// never deletes code of the caller that the rewrite did not make
/// unreachable (such as the ramp call of another await in dead code, which
/// the rewrite may still hold). Returns the blocks that lost a predecessor
/// (live successors of the deleted ones).
llvm::SmallVector<llvm::BasicBlock *, 8>
deleteUnreachableBlocks(llvm::Function &F);

/// The clean-up every await rewrite ends with, so that what it leaves is
/// input every coroslim pass accepts as well as the input it rewrote. In
/// the blocks \p Touched (the clones and the blocks whose edges the rewrite
/// changed; null entries are blocks deleted since) and in every block whose
/// predecessors this clean-up changes, it folds phis that merge one value,
/// instructions that became constant and terminators on a constant (the
/// inlined callee's cleanup-destination `switch i32 0`, a cloned cleanup's
/// branch to `inl.never`), then deletes what no path reaches any more (the
/// dead `ret ptr poison` a cloned return left). Constant branches of the
/// caller that the rewrite did not create stay as they are. Returns true
/// when it changed something.
bool cleanUpAfterRewrite(llvm::Function &F,
                         llvm::ArrayRef<llvm::WeakVH> Touched);

/// The pre-split coroutines of a module and which of them call which one's
/// ramp (await or not), read once when constructed.
class CoroutineOrder {
public:
  explicit CoroutineOrder(llvm::Module &M);
  /// Callees before callers (post-order); members of a cycle in any order.
  llvm::ArrayRef<llvm::Function *> bottomUp() const { return PostOrder; }
  /// True when \p From reaches \p To through one or more ramp calls.
  bool reaches(const llvm::Function *From, const llvm::Function *To) const;

private:
  std::vector<llvm::Function *> PostOrder;
  llvm::DenseMap<const llvm::Function *, llvm::SmallVector<llvm::Function *, 4>>
      Callees;
};

} // namespace coroslim

#endif // COROSLIM_AWAITREWRITE_H
