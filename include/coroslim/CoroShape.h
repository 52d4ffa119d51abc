//===- coroslim/CoroShape.h - Shared coroutine shape analysis ---*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// The one place that knows what a coroutine looks like. Every coroslim pass
// asks this analysis instead of matching IR itself:
//
//  * PreSplitShape: a switch-ABI coroutine before CoroSplit: its coro.id and
//    coro.begin, each suspend point classified (initial, internal, final,
//    checked completion) with its resume / destroy / suspend-return
//    successors, and each await site of the await idiom (docs/design.md).
//  * LoweredShape: an already-lowered state machine (LLVM's .resume,
//    .destroy and .cleanup clones, or a foreign one such as a rustc poll
//    function): its dispatch switch, the state field and each case.
//
// The analysis never changes IR. Where a shape is only partly recognised it
// says why (the `Refusal` strings), so that passes can put the reason into
// their missed remarks.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_COROSHAPE_H
#define COROSLIM_COROSHAPE_H

#include "coroslim/LLVMCompat.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/ValueHandle.h"

#include <optional>
#include <string>

namespace coroslim {

/// True when \p Id is still pre-split: its info operand is null (CoroSplit
/// puts the resumers there).
bool isPreSplit(const llvm::CoroIdInst &Id);

/// Returns the switch-ABI llvm.coro.id of \p F if it is still pre-split (its
/// info operand is null), or null.
llvm::CoroIdInst *findPreSplitCoroId(llvm::Function &F);

/// How a call deallocates the pointer it gets as one of its arguments.
enum class NullTolerance {
  Tolerant, ///< passing null does nothing
  Unknown,  ///< it may not accept null (or is not known as a deallocator)
};

/// Whether \p CB, given null as argument \p ArgNo, does nothing, so that an
/// unguarded `dealloc(llvm.coro.free(...))` stays correct where coro.free
/// returns null (an elided frame: CoroElide, or a coroslim rewrite). True
/// for
///  * C's `free` (TargetLibraryInfo's LibFunc_free: free(NULL) does
///    nothing, C11 7.22.3.3);
///  * what LLVM's MemoryBuiltins calls a deallocation function
///    (getFreedOperand: the operator delete family, and functions declared
///    allockind("free") with an allocptr argument), whose calls with null
///    InstCombine deletes;
///  * a function defined here, not replaceable at link time, that with
///    null for that argument returns without side effects (its null test
///    comes first, like `if (!p) return;`).
/// \p TLI is the calling function's (the analysis manager's, so that
/// -fno-builtin and the target are respected).
NullTolerance deallocationNullTolerance(const llvm::CallBase &CB,
                                        unsigned ArgNo,
                                        const llvm::TargetLibraryInfo &TLI);

/// Post-completion trap: code reached only by resuming a completed
/// coroutine, with no side effects before a call to llvm.trap,
/// llvm.ubsantrap or a noreturn function that is followed by `unreachable`.
struct TrapInfo {
  llvm::CallBase *TrapCall = nullptr; ///< the trap / noreturn call
  llvm::BasicBlock *Entry = nullptr;  ///< first block of the trap path
};

/// Follows \p BB through side-effect-free code and unconditional branches;
/// returns the trap it reaches, if that is all the path does.
std::optional<TrapInfo> findPostCompletionTrap(llvm::BasicBlock *BB);

/// True for rustc's "resumed after completion" panics
/// (`…panic_const_async_fn_resumed`, `…_resumed_panic`), matched on the
/// symbol's suffix (v0, or legacy with its `17h<hash>E` tail) because the
/// prefix is toolchain-specific.
bool isRustResumedPanic(const llvm::Function &F);

enum class SuspendKind {
  Initial,           ///< first suspend after coro.begin (lazy start)
  Internal,          ///< every other non-final suspend
  Final,             ///< llvm.coro.suspend with final=true
  CheckedCompletion, ///< non-final suspend whose resume edge traps
};

llvm::StringRef toString(SuspendKind K);

/// One llvm.coro.suspend and the code that consumes its result, read once
/// (readSuspendConsumer in CoroShape.cpp; no pass reads it again).
struct SuspendPoint {
  llvm::CoroSuspendInst *Suspend = nullptr;
  llvm::CoroSaveInst *Save = nullptr; ///< null: implicit save (token none)
  SuspendKind Kind = SuspendKind::Internal;
  /// The switch on the result (directly or through the sext/zext clang
  /// emits for `switch (__builtin_coro_suspend())`) and its successors; a
  /// successor is null when the front end (or SimplifyCFG) left no case
  /// for it, which means that edge is unreachable. All null when the
  /// consumer is no such switch.
  llvm::SwitchInst *Switch = nullptr;
  llvm::BasicBlock *Resume = nullptr;        ///< case 0
  llvm::BasicBlock *Destroy = nullptr;       ///< case 1
  llvm::BasicBlock *SuspendReturn = nullptr; ///< default
  std::optional<TrapInfo> Trap;              ///< set for CheckedCompletion
  /// Where control goes for each result, in any consumer form: the
  /// switch, an `icmp` + `br` (SimplifyCFG's form of two outcomes), a
  /// cast chain to either, or an unused result and one unconditional
  /// branch. Null where that cannot be read.
  llvm::BasicBlock *Targets[3] = {nullptr, nullptr, nullptr};
  /// The result is used only by the branch that ends the suspend's block
  /// (through at most two casts or compares), or not at all.
  bool OnlyBranchedOn = false;

  /// Where control goes when the suspend returns \p Result (0: resumed,
  /// 1: destroyed, -1: suspended).
  llvm::BasicBlock *target(int Result) const {
    return Targets[Result == 0 ? 0 : Result == 1 ? 1 : 2];
  }
};

/// How an await site tests whether the awaited coroutine completed.
enum class DoneTestKind {
  CoroDone,     ///< llvm.coro.done(%h)
  ResumeFnNull, ///< CoroEarly's lowering of coro.done: load ptr %h == null
  PromiseFlag,  ///< a non-zero integer in the callee's frame at FlagOffset
};

/// One await of another coroutine in the await idiom (docs/design.md):
///
///     %h = call ptr @callee(args)
///     loop:    resume(%h); %d = done-test(%h); br %d, ready, pending
///     pending: caller suspend; resume -> loop; destroy -> destroy(%h) ...
///     ready:   loads through the promise; destroy(%h)
struct AwaitSite {
  /// How the caller holds the awaited coroutine. At -O2 the CGSCC walk
  /// splits a callee before its caller's turn; the inliner then puts the
  /// callee's split ramp into the caller, and CoroElide may turn its frame
  /// into an alloca of the caller (docs/frontends.md).
  enum class HandleForm {
    RampCall,      ///< %h = call @callee(...), a pre-split callee
    SplitRampCall, ///< %h = call @callee(...), an already split callee
    InlinedRamp,   ///< %h = llvm.coro.begin on the callee's split coro.id
    ElidedFrame,   ///< %h = alloca, @callee.resume stored at offset 0
  };
  HandleForm Form = HandleForm::RampCall;
  /// The ramp call; null unless Form is RampCall.
  llvm::CallInst *Ramp = nullptr;
  /// The handle: Ramp, the inlined coro.begin or the elided frame.
  llvm::Instruction *Handle = nullptr;
  /// The await's first instruction: Ramp, the inlined ramp's llvm.coro.id,
  /// or the store of the resume function into the elided frame.
  llvm::Instruction *Start = nullptr;
  /// The awaited coroutine (for the split forms, its ramp as named by the
  /// split llvm.coro.id).
  llvm::Function *Callee = nullptr;
  llvm::Instruction *Resume = nullptr; ///< coro.resume or the indirect call
  llvm::BasicBlock *Loop = nullptr;    ///< block holding Resume
  DoneTestKind DoneKind = DoneTestKind::CoroDone;
  int64_t FlagOffset = 0;             ///< PromiseFlag only
  llvm::LoadInst *DoneLoad = nullptr; ///< ResumeFnNull and PromiseFlag
  llvm::BranchInst *DoneBranch = nullptr;
  llvm::BasicBlock *Ready = nullptr;
  llvm::BasicBlock *Pending = nullptr;
  /// The caller's await suspend (look it up with PreSplitShape::find).
  llvm::CoroSuspendInst *LoopSuspend = nullptr;
  /// coro.destroy calls (or indirect destroy calls) of the handle.
  llvm::SmallVector<llvm::Instruction *, 2> Destroys;
  /// Loads from the callee's frame that are not the done test.
  llvm::SmallVector<llvm::LoadInst *, 4> PromiseReads;
  /// memcpy/memmove out of the callee's promise (a result read whole); the
  /// analysis has checked that each stays inside the promise.
  llvm::SmallVector<llvm::MemTransferInst *, 1> PromiseCopies;
};

/// "ramp call", "split ramp call", "inlined ramp" or "elided frame".
llvm::StringRef toString(AwaitSite::HandleForm F);

/// A C++ task, a coroutine LLVM has already split, made by a pre-split
/// caller: the handle its ramp gives the caller, and whether its frame can
/// live inside the caller's instead of the heap. An awaited one is a
/// TransferAwait; PreSplitShape::UnawaitedTasks holds the others.
struct TaskInstance {
  AwaitSite::HandleForm Form = AwaitSite::HandleForm::InlinedRamp;
  /// The task's handle: its inlined ramp's llvm.coro.begin, CoroElide's
  /// frame, or the call of its split ramp.
  llvm::Instruction *Handle = nullptr;
  llvm::Function *Callee = nullptr;  ///< the ramp the split llvm.coro.id names
  llvm::Function *Resume = nullptr;  ///< its resume function
  llvm::Function *Cleanup = nullptr; ///< its cleanup function (no free)
  /// Empty when the task's frame can live inside the caller's frame
  /// instead of the heap (whyNotEmbeddable): its ramp is inlined here
  /// (Handle is its llvm.coro.begin, with an llvm.coro.alloc to switch the
  /// allocation off), its resume function never frees its frame and has a
  /// known frame size, and every path from the ramp that leaves the caller
  /// other than by suspending destroys the task first. Otherwise why not.
  std::string WhyNotEmbeddable;
  /// Every call the lifetime proof stopped at: a direct call of the task's
  /// destroy function on its handle (CoroElide devirtualizes destroys it
  /// cannot elide), a call through llvm.coro.subfn.addr(handle, destroy),
  /// or a call of its cleanup function. The task's frame is dead after
  /// each, and an embedded frame is destroyed by the cleanup function.
  /// Weak: a rewrite before the embed may delete one (its end is then left
  /// out).
  llvm::SmallVector<llvm::WeakVH, 2> DestroyCalls;
  /// The conditional branches on a null test of the task's handle, by the
  /// index of their null side, which the proof does not follow (an
  /// llvm.coro.begin is never null): an embedded frame's lifetime ends on
  /// those edges too, so that no path from its start reaches a suspend
  /// without an end (CoroFrame keeps it out of the caller's frame then).
  llvm::SmallVector<std::pair<llvm::WeakVH, unsigned>, 2> NullSides;
};

/// One C++ `co_await` of a lazily started task by symmetric transfer, in a
/// pre-split caller whose callee LLVM has already split (docs/design.md,
/// "The transfer await"; findTransferAwaits):
///
///     store %h, %awaiter + HandleOffset     ; the task's handle
///     %save = llvm.coro.save
///     llvm.coro.await.suspend.handle(%awaiter, %frame, @wrapper)
///     %s = llvm.coro.suspend(%save, false)  ; 0 -> the await's resume edge
///
/// where @wrapper (clang's wrapper of `await_suspend`) stores the caller's
/// %frame into the callee's frame at ContinuationOffset and returns %h, and
/// %h is a handle of a coroutine LLVM has split: its inlined ramp's
/// coro.begin, CoroElide's frame, or the result of its ramp.
struct TransferAwait : TaskInstance {
  llvm::CoroSuspendInst *Suspend = nullptr;
  /// llvm.coro.await.suspend.handle (a call, or an invoke under
  /// -fexceptions).
  llvm::CallBase *AwaitSuspend = nullptr;
  llvm::Function *Wrapper = nullptr;
  llvm::Value *Awaiter = nullptr;
  int64_t ContinuationOffset = 0;
  /// After a run in place, write the caller's handle back as the
  /// continuation (as await_suspend left it): set unless neither the
  /// caller after the await nor the task's destroy and cleanup functions
  /// can read that field.
  bool RestoreContinuation = true;
  /// Empty when resuming the callee runs it to its final suspend on every
  /// path, without unwinding, and it uses its continuation only to transfer
  /// to it there (whyNotRunsToCompletion); otherwise why not.
  std::string WhyNotRunsToCompletion;
};

struct PreSplitShape;

/// Where control always goes after \p BB: the target of its unconditional
/// branch, or the normal destination of its invoke; null otherwise.
llvm::BasicBlock *straightLineSuccessor(llvm::BasicBlock *BB);

/// Where each static alloca of a pre-split coroutine may be alive, block by
/// block, as CoroFrame's frame reuse sees it (its StackLifetime run, "may"
/// liveness): from a lifetime.start to a lifetime.end, with the
/// suspend-return edge of every suspend cut, as CoroFrame cuts it (nothing
/// of the frame is used once the ramp or a resume has returned; without
/// the cut every two allocas would meet at llvm.coro.end). An alloca with
/// no lifetime marker, or one whose marker is on a derived pointer, is
/// alive everywhere. Merging states asks it whether two locals of
/// different arms can share storage (docs/passes/merge-states.md).
class AllocaLifetimes {
public:
  AllocaLifetimes() = default;
  explicit AllocaLifetimes(const PreSplitShape &S);
  /// True when \p A has lifetime markers that all name it directly.
  bool hasMarkers(const llvm::AllocaInst *A) const { return Alive.count(A); }
  /// True when no block has both alive: CoroFrame's test (path-blind)
  /// for letting them share one frame slot.
  bool disjoint(const llvm::AllocaInst *A, const llvm::AllocaInst *B) const;
  /// True when no execution has both alive at once: neither may be alive
  /// where the other starts (if both were alive at some point, the one
  /// started last started while the other was alive). Finer than
  /// disjoint(): two arms' locals that the destroy paths carry to one
  /// cleanup block meet there only on paths of which each takes one.
  bool neverAliveTogether(const llvm::AllocaInst *A,
                          const llvm::AllocaInst *B) const;
  /// True when \p A is alive in some block after some suspend: CoroFrame
  /// may keep it in the frame (an alloca without markers: always true).
  bool crossesSuspend(const llvm::AllocaInst *A) const;
  /// True when \p A has markers and is disjoint from another alloca that
  /// has markers: keeping it alive longer may cost CoroFrame a reuse.
  bool sharesWithAnother(const llvm::AllocaInst *A) const;

private:
  llvm::DenseMap<const llvm::BasicBlock *, unsigned> BlockNo;
  llvm::DenseMap<const llvm::AllocaInst *, llvm::BitVector> Alive;
  /// Alive at the start of each block.
  llvm::DenseMap<const llvm::AllocaInst *, llvm::BitVector> AliveIn;
  llvm::DenseMap<const llvm::AllocaInst *,
                 llvm::SmallVector<const llvm::IntrinsicInst *, 4>>
      Markers;
  bool aliveBefore(const llvm::AllocaInst *A,
                   const llvm::Instruction *At) const;
  llvm::BitVector AfterSuspend; ///< the suspends' resume/destroy targets
};

/// A pre-split switch-ABI coroutine.
struct PreSplitShape {
  llvm::Function *F = nullptr;
  llvm::CoroIdInst *Id = nullptr;
  llvm::CoroBeginInst *Begin = nullptr;
  llvm::SmallVector<SuspendPoint, 8> Suspends;
  /// Awaits of pre-split callees (Form RampCall): what fold-suspend-free
  /// and inline-single-suspend can rewrite.
  llvm::SmallVector<AwaitSite, 4> Awaits;
  /// Awaits of callees LLVM has already split (any other Form): no await
  /// pass can rewrite them (the callee's pre-split
  /// body is gone), but merge-states merges them and the printer counts
  /// them. Their Destroys may be empty for an elided frame whose cleanup
  /// LLVM inlined away.
  llvm::SmallVector<AwaitSite, 2> SplitAwaits;
  /// Why a handle-returning call of a module coroutine is not an AwaitSite.
  llvm::SmallVector<std::pair<llvm::CallInst *, std::string>, 2> RefusedAwaits;
  /// Why the handle of an already split callee (an inlined ramp's
  /// coro.begin, or an elided frame) is not an await.
  llvm::SmallVector<std::pair<llvm::Instruction *, std::string>, 1>
      RefusedSplitAwaits;
  /// C++ awaits by symmetric transfer (findTransferAwaits), and why the
  /// other suspends that follow llvm.coro.await.suspend.* are not.
  llvm::SmallVector<TransferAwait, 2> TransferAwaits;
  llvm::SmallVector<std::pair<llvm::CoroSuspendInst *, std::string>, 1>
      RefusedTransferAwaits;
  /// The split tasks this caller makes and does not await by transfer (a
  /// task created and dropped, one resumed through its handle or only
  /// handed on, one fold-transfer ran in place): the calls of split ramps, and
  /// the coro.begins of split ramps inlined here, that no transfer await and no
  /// C await (SplitAwaits) holds. Their frames can move as the awaited ones'
  /// can (coroslim-embed-frame); while one stays on the heap, both teardowns of
  /// its coroutine are kept (FrameEmbeddingCost).
  llvm::SmallVector<TaskInstance, 1> UnawaitedTasks;
  /// Where each local variable may be alive (computed once, last).
  AllocaLifetimes Lifetimes;

  unsigned count(SuspendKind K) const;
  const SuspendPoint *find(const llvm::CoroSuspendInst *S) const;
  /// True when the coroutine starts lazily: its initial suspend exists.
  bool startsLazily() const { return count(SuspendKind::Initial) == 1; }
  /// Every await: of pre-split callees, then of already split ones.
  auto allAwaits() const {
    return llvm::concat<const AwaitSite>(Awaits, SplitAwaits);
  }
};

/// Analyzes \p F as a pre-split switch-ABI coroutine. Returns std::nullopt
/// when \p F is not one (no pre-split llvm.coro.id, another ABI, or no
/// coro.begin); \p WhyNot then says why, if non-null.
std::optional<PreSplitShape> analyzePreSplit(llvm::Function &F,
                                             std::string *WhyNot = nullptr);

/// Fills S.TransferAwaits and S.RefusedTransferAwaits
/// (passes/TransferAwait.cpp; CoroShapeAnalysis calls it after
/// analyzePreSplit). \p AA tells what may overwrite the awaiter between the
/// store of the handle and await_suspend.
void findTransferAwaits(
    PreSplitShape &S, llvm::AAResults &AA,
    llvm::function_ref<const llvm::TargetLibraryInfo &(llvm::Function &)>
        GetTLI);

/// Fills S.UnawaitedTasks, after findTransferAwaits: the split tasks S's
/// caller makes that no transfer await holds (passes/TransferAwaitFrame.cpp;
/// \p GetAA is asked only when there is one).
void findUnawaitedTasks(PreSplitShape &S,
                        llvm::function_ref<llvm::AAResults &()> GetAA);

/// A coroutine CoroSplit has split, as its split llvm.coro.id names it.
struct SplitCoroutine {
  llvm::Function *Ramp;
  /// [resume, destroy, cleanup] in the switch ABI.
  const llvm::ConstantArray *Resumers;
};

/// What the split llvm.coro.id \p Id names, or std::nullopt when it is not
/// split or does not name a function and its resumers.
std::optional<SplitCoroutine> splitCoroutine(const llvm::CoroIdInst &Id);

/// The split coroutine (named by its ramp's llvm.coro.id, or a copy inlined
/// anywhere) whose resume function is \p Resume, if any.
std::optional<SplitCoroutine>
splitCoroutineOfResume(const llvm::Function &Resume);

/// The split coroutine of a ramp CoroSplit has split (the function holding
/// the split llvm.coro.id that names it), if any.
std::optional<SplitCoroutine> splitCoroutineOfRamp(llvm::Function &Ramp);

/// The minsize rule of the passes that inline a split ramp the inliner
/// left out of line (coroslim-fold-transfer, coroslim-embed-frame): true
/// when \p Caller is minsize and \p T's handle is such a ramp's call that
/// is not its only call site (inlining it makes a copy; its own split
/// llvm.coro.id naming the ramp does not count), or is an invoke (the copy
/// brings its unwind path: test/cxx/switch_arms_size.cpp grew at -Oz).
bool rampCopyGrowsUnderMinSize(const llvm::Function &Caller,
                               const TaskInstance &T);

/// A lowered state machine: a dispatch `switch` on an integer loaded from a
/// constant offset of the function's first pointer argument. With two
/// states CoroSplit's output dispatches with a conditional branch instead
/// (on a loaded i1, or on `icmp eq/ne` of the state and a constant); then
/// BranchDispatch is set, Dispatch is null, and Cases/Default describe the
/// branch the same way (i1: case 1 -> true, case 0 -> false).
struct LoweredShape {
  struct Case {
    uint64_t State;
    llvm::BasicBlock *Dest;
    std::optional<TrapInfo> Trap; ///< set when the case leads to a trap
  };
  llvm::Function *F = nullptr;
  llvm::SwitchInst *Dispatch = nullptr;
  llvm::BranchInst *BranchDispatch = nullptr;
  llvm::LoadInst *StateLoad = nullptr;
  /// the first argument (the second after a result slot): frame or self
  llvm::Argument *Base = nullptr;
  /// the argument ahead of Base that the result is returned through, if
  /// any: rustc's `sret` Poll<T>, or the `noalias` argument LLVM's
  /// ArgumentPromotion makes of it at -O3 (isResultSlot)
  llvm::Argument *Result = nullptr;
  int64_t Offset = 0; ///< byte offset of the state field
  unsigned Bits = 0;  ///< width of the state field
  llvm::SmallVector<Case, 8> Cases;
  llvm::BasicBlock *Default = nullptr;
  bool DefaultUnreachable = false;
};

/// True when \p A is a result returned through memory ahead of the
/// state's object: an `sret` argument, or what LLVM's ArgumentPromotion
/// (in the CGSCC walk at -O3 only) makes of one when it rewrites an
/// internal function (which returns void): the `sret` attribute dropped,
/// `noalias` added, and the `writable` and `dead_on_unwind` that rustc
/// puts on its `sret` arguments when it optimises (and on no other
/// argument) left as they were.
bool isResultSlot(const llvm::Argument &A);

/// True when \p BB leads straight to one of rustc's post-completion panics
/// (findPostCompletionTrap, isRustResumedPanic).
bool leadsToRustResumedPanic(llvm::BasicBlock *BB);

/// True when a dispatch case of \p L leads to one of rustc's post-completion
/// panics: \p L is a rustc async poll function.
bool isRustPoll(const LoweredShape &L);

/// The byte offset of \p Ptr from \p Base through constant GEPs, and through
/// phis whose inputs all sit at one offset (GVN leaves phis of equal GEPs
/// where the paths that store to a field meet); std::nullopt otherwise.
std::optional<int64_t> offsetFromBase(const llvm::Value *Ptr,
                                      const llvm::Value *Base,
                                      const llvm::DataLayout &DL);

/// True when \p SI stores to the state field of \p L.
bool storesState(const llvm::StoreInst &SI, const LoweredShape &L);

/// The last store to the state field in \p BB before \p Before (or its end).
llvm::StoreInst *lastStateStore(llvm::BasicBlock &BB, const LoweredShape &L,
                                const llvm::Instruction *Before = nullptr);

/// Analyzes \p F as a lowered state machine; std::nullopt (with \p WhyNot)
/// when it has no recognisable dispatch.
std::optional<LoweredShape> analyzeLowered(llvm::Function &F,
                                           std::string *WhyNot = nullptr);

/// Frame bytes of a coroutine that CoroSplit split into \p Resume (its
/// `.resume` clone) and siblings: CoroSplit's frame size, which it records
/// as `dereferenceable(N)` on each clone's frame parameter. This is the one
/// definition of "frame bytes" in coroslim (print<coroslim-states>,
/// coroslim-stat and the scripts all report it). std::nullopt when no clone
/// carries the attribute any more.
std::optional<uint64_t> splitFrameBytes(const llvm::Function &Resume);

/// The function attribute coroslim-embed-frame puts on a caller whose frame
/// now holds the frames of tasks it awaits, with their total bytes; its
/// split clones inherit it.
constexpr llvm::StringLiteral EmbeddedFrameBytesAttr =
    "coroslim-embedded-frame-bytes";

/// The bytes of task frames embedded in \p F's frame (0 if none).
uint64_t embeddedFrameBytes(const llvm::Function &F);

/// True when a data operand of \p CB may point into the local \p Local:
/// it is among the operand's underlying objects, followed through phis and
/// selects. With \p Local's address not escaping, that is the only way the
/// call can reach it. Alias analysis does not always see this: a phi of a
/// loaded task handle and null, offset to the promise, as a C++ await's
/// await_resume leaves it, may alias anything for BasicAA.
bool operandsMayPointInto(const llvm::CallBase &CB,
                          const llvm::AllocaInst &Local);

} // namespace coroslim

#endif // COROSLIM_COROSHAPE_H
