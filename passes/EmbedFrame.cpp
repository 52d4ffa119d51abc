//===- EmbedFrame.cpp - Keep a suspending C++ task's frame in its caller's ===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// inline-single-suspend's C++ form. A C task that suspends is cloned into
// its caller, which then suspends where the task would. A C++ task that
// suspends hands its own handle to what it waits on (an event, a queue, a
// task it awaits), which later resumes or destroys it through that handle;
// nothing in the module says what else that code does with it, so the
// task keeps its handle, its code and its resume function. What can go is
// its heap frame: when every path from the task's inlined ramp that
// leaves the caller, other than by suspending, destroys the task first,
// the task never outlives its caller's frame, and its frame can live
// there (TransferAwait::WhyNotEmbeddable). This is LLVM's CoroElide rewrite
// with a proof that looks through the caller's own suspends, which
// CoroElide cannot do once the caller is split:
//
//     llvm.coro.alloc(%task.id)   -> false     ; no operator new
//     llvm.coro.begin(%task.id)   -> %task.frame = alloca [N x i8]
//     llvm.coro.free(%task.id)    -> null      ; no operator delete
//
// The ramp then stores the cleanup function, not destroy, in the frame's
// destroy slot (CoroSplit's select on llvm.coro.alloc), so whoever
// destroys the task frees nothing. The caller is still pre-split: CoroSplit
// keeps the alloca, used across the await's suspend, in the caller's
// frame, so one allocation holds both.
//
//===----------------------------------------------------------------------===//

#include "coroslim/EmbedFrame.h"
#include "coroslim/CoroShape.h"
#include "coroslim/CoroShapeAnalysis.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/Debug.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;
using namespace coroslim;

#define DEBUG_TYPE "coroslim-embed-frame"

ALWAYS_ENABLED_STATISTIC(NumEmbedded,
                         "C++ task frames moved into their caller's frame");
ALWAYS_ENABLED_STATISTIC(NumNotEmbedded, "C++ task frames left on the heap");

namespace {

/// Switches the allocation of the task whose inlined ramp made \p Begin
/// off and gives it \p Size bytes of the caller's, as CoroElide does; its
/// destroy function, called directly in \p DirectDestroys, becomes
/// \p Cleanup (which frees nothing).
AllocaInst *embedFrame(CoroBeginInst &Begin, uint64_t Size, Align A,
                       ArrayRef<CallBase *> DirectDestroys, Function &Cleanup,
                       AAResults &AA) {
  Function &F = *Begin.getFunction();
  LLVMContext &C = F.getContext();
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
  BasicBlock &Entry = F.getEntryBlock();
  auto *Frame = new AllocaInst(
      ArrayType::get(Type::getInt8Ty(C), Size),
      F.getDataLayout().getAllocaAddrSpace(), nullptr, A,
      Begin.getName().empty() ? "task.frame" : Begin.getName() + ".frame",
      Entry.getFirstNonPHIOrDbgOrAlloca());
  Begin.replaceAllUsesWith(Frame);
  Begin.eraseFromParent();
  for (CallBase *CB : DirectDestroys)
    CB->setCalledFunction(&Cleanup);
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

/// True when embedding the frame of \p T would keep the task's cleanup
/// function only for this frame: other instances of the task (not among
/// \p Embedded, the handles this run embeds) stay on the heap, so its
/// destroy function stays too, and nothing calls or stores its cleanup
/// function yet (the resumer arrays and the ramps' choice between the two
/// on llvm.coro.alloc do not count). Two near-copies of the task's
/// teardown grew the programs measured where that happened
/// (test/cxx/e2e/deep_chain.cpp: +278 bytes at -O2), more than the
/// allocation code removed saves; under optsize it is refused.
bool addsCleanupFunction(const TransferAwait &T,
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
  // same resumers.
  if (auto SC = splitCoroutineOfRamp(const_cast<Function &>(Ramp)))
    for (const User *U : SC->Resumers->users())
      for (const User *UU : U->users()) // through the global holding them
        if (auto *Other = dyn_cast<CoroIdInst>(UU);
            Other && Other->getFunction() != &Ramp &&
            none_of(Other->users(), [&](const User *B) {
              return Embedded.count(cast<Instruction>(B));
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
/// embed is refused under optsize. CoroFrame (performOptimizedStructLayout)
/// puts the resume and destroy pointers and the promise first, then the
/// other fields by decreasing alignment, then size: an embedded frame,
/// larger than the spills and locals beside it, comes before all of the
/// caller's own fields, which move by its size. Past 127 bytes those take
/// long displacements (x86's disp8 ends there; Thumb's and RISC-V's
/// compressed loads reach less), 3 bytes more per access on x86: two task
/// frames (88 bytes) ahead of run()'s fields grew
/// test/cxx/e2e/mixed_styles.cpp by 72 bytes at -Oz.
constexpr uint64_t ShortDisplacementBytes = 128;

/// The bytes of \p F's frame an embedded frame would push its own fields
/// past: the header, the promise and the frames embedded so far; under
/// minsize also the caller's other locals (awaiters, task objects), which
/// CoroFrame keeps in the frame when they live across a suspend, as a C++
/// await's do. Spills are not known before CoroSplit and not counted.
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
  if (!F.hasMinSize())
    return Offset + embeddedFrameBytes(F);
  // The frames embedded so far are among the locals.
  for (const Instruction &I : F.getEntryBlock())
    if (auto *A = dyn_cast<AllocaInst>(&I); A && A != Promise)
      Offset = alignTo(Offset, A->getAlign()) + SizeOf(*A);
  return Offset;
}

/// Inlines the split ramp \p Ramp (the inliner left it out of line) and
/// returns the llvm.coro.begin it brings into the caller; null when it
/// cannot be inlined.
CoroBeginInst *inlineRamp(CallBase &Ramp, Function &Callee) {
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

} // namespace

PreservedAnalyses EmbedFramePass::run(Function &F,
                                      FunctionAnalysisManager &FAM) {
  if (!F.isPresplitCoroutine())
    return PreservedAnalyses::all();
  const PreSplitShape *S = getCoroShape(F, FAM).preSplit();
  if (!S || S->TransferAwaits.empty())
    return PreservedAnalyses::all();
  auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
  auto Missed = [&](const TransferAwait &T, const Twine &Why) {
    ++NumNotEmbedded;
    ORE.emit([&] {
      return OptimizationRemarkMissed(DEBUG_TYPE, "NotEmbedded", T.Suspend)
             << "C++ await of '" << ore::NV("Callee", T.Callee->getName())
             << "': its frame stays on the heap: " << Why.str();
    });
  };

  // Decide. An await the analysis did not read as a transfer await has
  // its remark from coroslim-fold-transfer; one whose frame CoroElide
  // already put on the stack needs nothing.
  struct Candidate {
    Instruction *Handle; ///< coro.begin, or the split ramp's call
    Function *Resume;
    Function *Callee;
    CoroSuspendInst *Suspend;
    SmallVector<CallBase *, 2> DirectDestroys;
    Function *Cleanup;
  };
  SmallVector<Candidate, 2> Todo;
  SmallPtrSet<const Instruction *, 2> Seen;
  // The handles this run may embed: instances that leave the heap with
  // this one.
  SmallPtrSet<const Instruction *, 4> Embeddable;
  for (const TransferAwait &T : S->TransferAwaits)
    if (T.WhyNotEmbeddable.empty())
      Embeddable.insert(T.Handle);
  uint64_t OwnFieldsAt = ownFieldsOffset(F, *S->Begin);
  for (const TransferAwait &T : S->TransferAwaits) {
    if (T.Form == AwaitSite::HandleForm::ElidedFrame)
      continue;
    if (!T.WhyNotEmbeddable.empty()) {
      Missed(T, T.WhyNotEmbeddable);
      continue;
    }
    // Under minsize a ramp is copied in only where it has this one caller
    // and is called, not invoked (coroslim-fold-transfer's rule,
    // docs/design.md).
    if (rampCopyGrowsUnderMinSize(F, T)) {
      Missed(T, isa<InvokeInst>(T.Handle)
                    ? "under minsize its ramp, invoked, is not copied in "
                      "with its unwind path"
                    : "under minsize its ramp, called from several places, "
                      "is not copied into each caller");
      continue;
    }
    if (addsCleanupFunction(T, Embeddable)) {
      Missed(T, "other instances of it stay on the heap, so embedding this "
                "one would keep a second copy of its teardown (its cleanup "
                "function beside its destroy function)");
      continue;
    }
    // One ramp may serve several awaits of the same task object.
    if (Seen.count(T.Handle))
      continue;
    uint64_t Size = T.Resume->getParamDereferenceableBytes(0);
    if (F.hasOptSize() && OwnFieldsAt + Size > ShortDisplacementBytes) {
      Missed(T, "under optsize its frame (" + Twine(Size) +
                    " bytes) would move the caller's own state past "
                    "short displacements (to byte " +
                    Twine(OwnFieldsAt + Size) + " of the caller's frame)");
      continue;
    }
    OwnFieldsAt += Size;
    Seen.insert(T.Handle);
    Todo.push_back(
        {T.Handle, T.Resume, T.Callee, T.Suspend, T.DirectDestroys, T.Cleanup});
  }
  if (Todo.empty())
    return PreservedAnalyses::all();

  // Rewrite, then remark.
  auto &AA = FAM.getResult<AAManager>(F);
  bool Changed = false;
  for (const Candidate &C : Todo) {
    auto *Begin = dyn_cast<CoroBeginInst>(C.Handle);
    if (!Begin) {
      Begin = inlineRamp(*cast<CallBase>(C.Handle), *C.Callee);
      Changed = true;
      if (!Begin) {
        ++NumNotEmbedded;
        ORE.emit([&] {
          return OptimizationRemarkMissed(DEBUG_TYPE, "NotEmbedded", C.Suspend)
                 << "C++ await of '" << ore::NV("Callee", C.Callee->getName())
                 << "': its frame stays on the heap: its ramp could not be "
                    "inlined";
        });
        continue;
      }
    }
    uint64_t Size = C.Resume->getParamDereferenceableBytes(0);
    Align A = C.Resume->getParamAlign(0).valueOrOne();
    embedFrame(*Begin, Size, A, C.DirectDestroys, *C.Cleanup, AA);
    // The report counts each coroutine's own state: what it now holds of
    // another's is said on the function, for its split clones.
    F.addFnAttr(EmbeddedFrameBytesAttr,
                std::to_string(embeddedFrameBytes(F) + Size));
    Changed = true;
    ++NumEmbedded;
    ORE.emit([&] {
      return OptimizationRemark(DEBUG_TYPE, "Embedded", C.Suspend)
             << "C++ await of '" << ore::NV("Callee", C.Callee->getName())
             << "': its frame (" << ore::NV("FrameSize", Size)
             << " bytes) is part of the caller's frame, not allocated on "
                "the heap (the task keeps its own code and handle)";
    });
  }
  LLVM_DEBUG(if (verifyFunction(F, &dbgs())) dbgs()
             << "coroslim-embed-frame: " << F.getName()
             << " does not verify\n");
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

Expected<EmbedFramePass> EmbedFramePass::create(StringRef Params) {
  if (!Params.empty())
    return createStringError("takes no parameters, got '" + Params + "'");
  return EmbedFramePass();
}
