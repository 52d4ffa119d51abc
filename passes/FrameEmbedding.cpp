//===- FrameEmbedding.cpp - Move a C++ task's frame into its caller's -----===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// The rewrite and the cost rules that coroslim-embed-frame (a task that
// suspends, or one never awaited) and coroslim-fold-transfer (a task run
// in place) share to put a task's frame in its caller's. See
// coroslim/FrameEmbedding.h.
//
//===----------------------------------------------------------------------===//

#include "coroslim/FrameEmbedding.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;
using namespace coroslim;

namespace {

/// True when embedding the frame of \p T would keep the task's cleanup
/// function only for this frame: other instances of the task (not among
/// \p Embedded, the handles that may leave the heap in this caller,
/// awaited or not) stay on the heap, so its
/// destroy function stays too, and nothing calls or stores its cleanup
/// function yet (the resumer arrays and the ramps' choice between the two
/// on llvm.coro.alloc do not count). Two near-copies of the task's
/// teardown grew the programs measured where that happened
/// (test/cxx/e2e/deep_chain.cpp: +278 bytes at -O2, 54 more than without
/// the plugin), more than the allocation code removed saves; it is
/// refused at every level.
bool addsCleanupFunction(const TaskInstance &T,
                         const SmallPtrSetImpl<const Instruction *> &Embedded) {
  const Function &Ramp = *T.Callee;
  // Instances in this module only: another module's keep its own copies
  // of the clones either way.
  bool OtherHeapInstances = false;
  for (const User *U : Ramp.users())
    if (auto *CB = dyn_cast<CallBase>(U);
        CB && CB->getCalledOperand() == &Ramp && !Embedded.count(CB))
      OtherHeapInstances = true;
  // Ramps already inlined elsewhere: their split llvm.coro.id names the
  // same resumers. One whose llvm.coro.begin is gone is off the heap
  // (embedded, or elided by CoroElide).
  if (auto SC = splitCoroutineOfRamp(const_cast<Function &>(Ramp)))
    for (const User *U : SC->Resumers->users())
      for (const User *UU : U->users()) // through the global holding them
        if (auto *Other = dyn_cast<CoroIdInst>(UU);
            Other && Other->getFunction() != &Ramp &&
            any_of(Other->users(), [&](const User *B) {
              return isa<CoroBeginInst>(B) &&
                     !Embedded.count(cast<Instruction>(B));
            }))
          OtherHeapInstances = true;
  if (!OtherHeapInstances)
    return false;
  for (const User *U : T.Cleanup->users())
    if (!isa<Constant>(U) && !isa<PHINode>(U) && !isa<SelectInst>(U))
      return false; // already called or stored: already kept
  return true;
}

/// Where \p F's own fields would end up in its frame, past which an
/// embed is refused under minsize. CoroFrame (performOptimizedStructLayout)
/// puts the resume and destroy pointers and the promise first, then the
/// other fields by decreasing alignment, then size: an embedded frame,
/// larger than the spills and locals beside it, comes before all of the
/// caller's own fields, which move by its size. Past 127 bytes those take
/// long displacements (x86's disp8 ends there; Thumb's and RISC-V's
/// compressed loads reach less), 3 bytes more per access on x86: two task
/// frames (88 bytes) ahead of run()'s fields grew
/// test/cxx/e2e/mixed_styles.cpp by 72 bytes at -Oz. At -Os the same rule
/// refused more than it saved (test/cxx/e2e/switch_arms.cpp: 1784 bytes
/// and 8 frames with it, 1714 and 2 without), so it is minsize's only.
constexpr uint64_t ShortDisplacementBytes = 128;

/// The bytes of \p F's frame an embedded frame would push its own fields
/// past: the header, the promise and the caller's other locals (awaiters,
/// task objects, the frames embedded so far), which CoroFrame keeps in the
/// frame when they live across a suspend, as a C++ await's do. Spills are
/// not known before CoroSplit and not counted.
uint64_t ownFieldsOffset(const Function &F, const CoroBeginInst &Begin) {
  const DataLayout &DL = F.getDataLayout();
  uint64_t Offset = 2 * DL.getPointerSize();
  AllocaInst *Promise = nullptr;
  if (auto *Id = dyn_cast<CoroIdInst>(Begin.getId()))
    Promise = Id->getPromise();
  auto SizeOf = [&](const AllocaInst &A) -> uint64_t {
    std::optional<TypeSize> Size = A.getAllocationSize(DL);
    return Size && !Size->isScalable() ? Size->getFixedValue() : 0;
  };
  if (Promise)
    Offset = alignTo(Offset, Promise->getAlign()) + SizeOf(*Promise);
  for (const Instruction &I : F.getEntryBlock())
    if (auto *A = dyn_cast<AllocaInst>(&I); A && A != Promise)
      Offset = alignTo(Offset, A->getAlign()) + SizeOf(*A);
  return Offset;
}

/// Where the lifetime of an embedded frame ends (lifetimeEnds): before an
/// instruction, or on a CFG edge (terminator, successor index).
struct LifetimeEnds {
  SmallVector<Instruction *, 4> Before;
  SmallVector<std::pair<Instruction *, unsigned>, 2> Edges;
};

/// Where the frame of the task \p T, made by \p Begin, is dead: after each
/// call that destroys the task, where the ramp's unwinding code frees the
/// frame (its llvm.coro.free), and on each null side of a test of its
/// handle (a path no execution takes). A destroy deleted by an earlier
/// rewrite, or one that unwinds to a shared landing pad, gives no end on
/// that path.
LifetimeEnds lifetimeEnds(const CoroBeginInst &Begin, const TaskInstance &T) {
  LifetimeEnds E;
  auto OnEdge = [&](Instruction &From, unsigned I) {
    BasicBlock *To = From.getSuccessor(I);
    if (To->getSinglePredecessor())
      E.Before.push_back(&*To->getFirstInsertionPt());
    else if (!To->isEHPad()) // a shared landing pad takes no block before it
      E.Edges.push_back({&From, I});
  };
  for (const User *U : Begin.getId()->users())
    if (auto *Free = dyn_cast<CoroFreeInst>(U))
      E.Before.push_back(const_cast<CoroFreeInst *>(Free));
  for (const WeakVH &V : T.DestroyCalls) {
    if (auto *Call = dyn_cast_or_null<CallInst>(V))
      E.Before.push_back(Call->getNextNode());
    else if (auto *Inv = dyn_cast_or_null<InvokeInst>(V))
      for (unsigned I : {0u, 1u})
        OnEdge(*Inv, I);
  }
  for (const auto &[V, NullSide] : T.NullSides)
    if (auto *Br = dyn_cast_or_null<BranchInst>(V);
        Br && Br->isConditional() && Br->getSuccessor(0) != Br->getSuccessor(1))
      OnEdge(*Br, NullSide);
  return E;
}

/// How many blocks CoroFrame's test of a marked local explores before it
/// gives up: the budget of LLVM's reachability walk
/// (isPotentiallyReachable, -dom-tree-reachability-max-bbs-to-explore).
constexpr unsigned ReachabilityBudget = 32;

/// What the paths from a frame's start to its ends cross (frameLifetime).
enum class FrameLifetime {
  /// A suspend of the caller: the frame is in the caller's frame whatever
  /// is done.
  AcrossSuspend,
  /// No suspend, but more blocks than CoroFrame's walk explores: with
  /// markers it would assume a suspend.
  Long,
  /// No suspend, and CoroFrame's walk can show it.
  Local,
};

/// What CoroFrame would find on the paths from \p Start to the ends \p E
/// of a local with lifetime markers (SpillUtils.cpp,
/// computeShouldLiveOnFrame): whether a suspend of the caller is reachable
/// without passing an end, and otherwise whether its walk, which stops at
/// blocks holding an end, explores more than its budget of blocks and then
/// assumes so.
FrameLifetime frameLifetime(Instruction &Start, const LifetimeEnds &E) {
  SmallPtrSet<const BasicBlock *, 8> EndBlocks;
  for (const Instruction *I : E.Before)
    EndBlocks.insert(I->getParent());
  SmallVector<BasicBlock *, 16> Work{Start.getParent()};
  SmallPtrSet<const BasicBlock *, 32> Seen;
  unsigned Explored = 0;
  while (!Work.empty()) {
    BasicBlock *BB = Work.pop_back_val();
    if (!Seen.insert(BB).second || EndBlocks.count(BB))
      continue;
    if (any_of(*BB,
               [](const Instruction &I) { return isa<AnyCoroSuspendInst>(I); }))
      return FrameLifetime::AcrossSuspend;
    ++Explored;
    Instruction *Term = BB->getTerminator();
    for (unsigned I = 0, N = Term->getNumSuccessors(); I != N; ++I)
      if (!is_contained(E.Edges, std::make_pair(Term, I)))
        Work.push_back(Term->getSuccessor(I));
  }
  return Explored >= ReachabilityBudget ? FrameLifetime::Long
                                        : FrameLifetime::Local;
}

/// Gives \p Frame, the local that now holds the frame of a task whose ramp
/// made \p Begin, lifetime markers: a start at \p Begin and an end
/// wherever the frame is dead (\p E). Without them CoroFrame keeps every
/// local whose address escapes, as a frame's does where the task's resume
/// function is not inlined, in the caller's coroutine frame: six frames
/// there grew run.resume of test/cxx/e2e/await_edges.cpp at -Os
/// -fexceptions past x86's short displacements. With them it keeps only
/// frames that live across a suspend of the caller; the others stay on its
/// resume function's stack, where stack colouring lets them share slots.
/// Given only to a FrameLifetime::Local frame: with markers a Long one (a
/// task made on the caller's first lines and destroyed on its last) would
/// move into the caller's frame, where without them CoroFrame looks at its
/// uses and keeps it on the stack unless its address escapes
/// (test/cxx/e2e/await_edges.cpp: 1801 bytes at -Os -fno-exceptions
/// without markers there, 1966 with). An end is placed only where the
/// frame is dead; one left out keeps the frame where it was without
/// markers.
void markFrameLifetime(AllocaInst &Frame, CoroBeginInst &Begin,
                       const LifetimeEnds &E) {
  IRBuilder<> B(&Begin);
  B.CreateLifetimeStart(&Frame);
  for (Instruction *I : E.Before) {
    B.SetInsertPoint(I);
    B.CreateLifetimeEnd(&Frame);
  }
  for (auto [From, I] : E.Edges) {
    BasicBlock *Mid = SplitCriticalEdge(From, I);
    if (!Mid)
      continue; // no end on this path: CoroFrame keeps the frame
    B.SetInsertPoint(Mid, Mid->getFirstInsertionPt());
    B.CreateLifetimeEnd(&Frame);
  }
}

} // namespace

uint64_t coroslim::taskFrameBytes(const TaskInstance &T) {
  return T.Resume->getParamDereferenceableBytes(0);
}

AllocaInst *coroslim::embedTaskFrame(CoroBeginInst &Begin,
                                     const TaskInstance &T, bool Awaited,
                                     AAResults &AA) {
  uint64_t Size = taskFrameBytes(T);
  Align A = T.Resume->getParamAlign(0).valueOrOne();
  Function &F = *Begin.getFunction();
  LLVMContext &C = F.getContext();
  BasicBlock &Entry = F.getEntryBlock();
  auto *Frame = new AllocaInst(
      ArrayType::get(Type::getInt8Ty(C), Size),
      F.getDataLayout().getAllocaAddrSpace(), nullptr, A,
      Begin.getName().empty() ? "task.frame" : Begin.getName() + ".frame",
      Entry.getFirstNonPHIOrDbgOrAlloca());
  LifetimeEnds Ends = lifetimeEnds(Begin, T);
  FrameLifetime Lifetime = frameLifetime(Begin, Ends);
  if (Lifetime == FrameLifetime::Local)
    markFrameLifetime(*Frame, Begin, Ends);
  AnyCoroIdInst *Id = Begin.getId();
  for (User *U : make_early_inc_range(Id->users())) {
    if (auto *Alloc = dyn_cast<CoroAllocInst>(U)) {
      Alloc->replaceAllUsesWith(ConstantInt::getFalse(C));
      Alloc->eraseFromParent();
    } else if (auto *Free = dyn_cast<CoroFreeInst>(U)) {
      Free->replaceAllUsesWith(
          ConstantPointerNull::get(cast<PointerType>(Free->getType())));
      Free->eraseFromParent();
    }
  }
  Begin.replaceAllUsesWith(Frame);
  Begin.eraseFromParent();
  // Whoever destroys it now frees nothing: the ramp fills the frame's
  // destroy slot with the cleanup function. The destroys are made direct
  // calls of the cleanup function, as CoroElide does on its coro.begin,
  // whether the proof found them as direct calls of the destroy function
  // (CoroElide devirtualized them) or through llvm.coro.subfn.addr: that
  // lets a frame no suspend separates from its uses stop escaping, so
  // that it stays out of the caller's frame, and where the caller awaited
  // the task, it knows the task's state where it destroys it, and the
  // cleanup function copied there folds. Not for a task the caller did not
  // await and keeps across one of its suspends (handed to a scheduler, as
  // test/cxx/e2e/one_suspend.cpp's workers are): its frame is in the
  // caller's either way and its state unknown there, and its destroys go
  // through the slot, as with LLVM alone: made direct calls of the smaller
  // cleanup function, LLVM 19 copied three of them into run.destroy of
  // one_suspend at -O1 -fexceptions, 180 bytes more than LLVM 19 alone.
  bool Indirect = !Awaited && Lifetime == FrameLifetime::AcrossSuspend;
  SmallSetVector<CoroSubFnInst *, 2> DestroyAddrs;
  for (const WeakVH &V : T.DestroyCalls) {
    auto *CB = dyn_cast_or_null<CallBase>(V);
    if (!CB)
      continue;
    if (auto *Sub = dyn_cast<CoroSubFnInst>(CB->getCalledOperand())) {
      DestroyAddrs.insert(Sub);
      continue;
    }
    if (CB->getCalledFunction() == T.Cleanup)
      continue;
    // A direct call of the destroy function.
    if (!Indirect) {
      CB->setCalledFunction(T.Cleanup);
      continue;
    }
    IRBuilder<> B(CB);
    CB->setCalledOperand(B.CreateIntrinsic(
        Intrinsic::coro_subfn_addr, {},
        {CB->getArgOperand(0), B.getInt8(CoroSubFnInst::DestroyIndex)}));
  }
  if (!Indirect)
    for (CoroSubFnInst *Sub : DestroyAddrs) {
      Sub->replaceAllUsesWith(T.Cleanup);
      Sub->eraseFromParent();
    }
  // A `tail` call may not read the caller's stack; the frame now lives
  // there (until CoroSplit moves it into the caller's frame).
  for (Instruction &I : instructions(F))
    if (auto *Call = dyn_cast<CallInst>(&I);
        Call && Call->isTailCall() && !Call->isMustTailCall() &&
        any_of(Call->args(), [&](const Value *Arg) {
          return Arg->getType()->isPointerTy() && !AA.isNoAlias(Arg, Frame);
        }))
      Call->setTailCall(false);
  return Frame;
}

CoroBeginInst *coroslim::inlineSplitRamp(CallBase &Ramp, Function &Callee) {
  Function &F = *Ramp.getFunction();
  SmallPtrSet<const CoroBeginInst *, 4> Before;
  for (Instruction &I : instructions(F))
    if (auto *B = dyn_cast<CoroBeginInst>(&I))
      Before.insert(B);
  InlineFunctionInfo IFI;
  if (!InlineFunction(Ramp, IFI).isSuccess())
    return nullptr;
  CoroBeginInst *New = nullptr;
  for (Instruction &I : instructions(F))
    if (auto *B = dyn_cast<CoroBeginInst>(&I); B && !Before.count(B)) {
      auto *Id = dyn_cast<CoroIdInst>(B->getId());
      auto SC = Id ? splitCoroutine(*Id) : std::nullopt;
      if (!SC || SC->Ramp != &Callee || New)
        return nullptr;
      New = B;
    }
  return New;
}

FrameEmbeddingCost::FrameEmbeddingCost(const Function &F,
                                       const PreSplitShape &S)
    : F(F), OwnFieldsAt(ownFieldsOffset(F, *S.Begin)) {
  for (const TransferAwait &T : S.TransferAwaits)
    if (T.WhyNotEmbeddable.empty())
      Embeddable.insert(T.Handle);
  // coroslim-embed-frame takes the unawaited ones on the same rules
  // (embedUnawaitedTasks).
  for (const TaskInstance &T : S.UnawaitedTasks)
    if (T.WhyNotEmbeddable.empty() && !rampCopyGrowsUnderMinSize(F, T))
      Embeddable.insert(T.Handle);
}

std::string FrameEmbeddingCost::whyCostly(const TaskInstance &T) {
  if (addsCleanupFunction(T, Embeddable))
    return "other instances of it stay on the heap, so embedding this one "
           "would keep a second copy of its teardown (its cleanup function "
           "beside its destroy function)";
  uint64_t Size = taskFrameBytes(T);
  if (F.hasMinSize() && OwnFieldsAt + Size > ShortDisplacementBytes)
    return ("under minsize its frame (" + Twine(Size) +
            " bytes) would move the caller's own state past short "
            "displacements (to byte " +
            Twine(OwnFieldsAt + Size) + " of the caller's frame)")
        .str();
  OwnFieldsAt += Size;
  return "";
}
