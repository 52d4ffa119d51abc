//===- coroslim/LLVMCompat.h - What differs between LLVM 19 and 22 -*- C++ -*-//
//
// Part of coroslim, an out-of-tree LLVM pass plugin.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The one place that knows which LLVM coroslim is built against. coroslim
/// builds against LLVM 22 and LLVM 19 (docs/install.md, "LLVM versions");
/// every difference between them that the sources meet is resolved here, so
/// that the passes are written once, against LLVM 22's names:
///
///  - clang 19 parses -mllvm options before it loads -fpass-plugin plugins,
///    so the plugin's own options need it loaded with -Xclang -load as well
///    (COROSLIM_CLANG_NEEDS_LOAD, for coroslim-cc);
///  - the C API: LLVMParseIRInContext2 (LLVM 21+) keeps its buffer, the old
///    LLVMParseIRInContext takes it (coroslimParseIR, for coroslim-stat);
///  - capture tracking and attributes: LLVM 21 replaced the nocapture
///    attribute with captures(...) and dropped PointerMayBeCaptured's
///    StoreCaptures (a store always captures);
///  - the promise's lifetime markers: LLVM 22's SROA deletes those of a C
///    coroutine's promise alloca, LLVM 19's keeps them, so a return path
///    reads `coro.end; lifetime.end(promise); ret` instead of `coro.end;
///    ret` (compat::dropPromiseLifetimeMarkers);
///  - debug locations: LLVM 21 added Key Instructions' atom group and rank
///    to DILocation (compat::withInlinedAt keeps them);
///  - PassBuilder's PipelineEarlySimplification and OptimizerLast callbacks
///    take a ThinOrFullLTOPhase from LLVM 20 on (compat::register...);
///  - the pass plugin header: llvm/Plugins/PassPlugin.h (LLVM 22) was
///    llvm/Passes/PassPlugin.h;
///  - the coroutine intrinsic classes (CoroBeginInst, CoroSuspendInst, ...):
///    LLVM 20 installed llvm/Transforms/Coroutines/CoroInstr.h; LLVM 19 keeps
///    it private to lib/Transforms/Coroutines, so for 19 this header declares
///    the classes and accessors coroslim uses, from LLVM 19's Intrinsics.td;
///  - intrinsics LLVM 19 does not have: llvm.coro.is_in_ramp (LLVM 22) and
///    llvm.coro.begin.custom.abi (LLVM 20), see compat::CoroIsInRampID;
///  - coro.end returns i1 on LLVM 19 (true in the resume and destroy
///    clones) and nothing from LLVM 21 on, where clang tests
///    llvm.coro.is_in_ramp instead; compat::coroEndResultIsUsed says when a
///    pass would have to give that result a value and must refuse instead;
///
/// The top part is C, for the C tools; the rest is C++ for the passes.
///
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_LLVMCOMPAT_H
#define COROSLIM_LLVMCOMPAT_H

#include "llvm/Config/llvm-config.h"

#if LLVM_VERSION_MAJOR != 19 && LLVM_VERSION_MAJOR != 22
#error "coroslim supports LLVM 19 and LLVM 22 (see docs/install.md)"
#endif

/* Clang 22 loads -fpass-plugin plugins before it parses -mllvm options;
 * clang 19 parses them first, and knows -mllvm -coroslim-* only if the
 * plugin is also loaded with -Xclang -load. */
#define COROSLIM_CLANG_NEEDS_LOAD (LLVM_VERSION_MAJOR < 22)

#ifndef __cplusplus

#include "llvm-c/Core.h"
#include "llvm-c/IRReader.h"

/// Parses \p MemBuf (text or bitcode) into a module of \p Ctx and disposes of
/// the buffer, on either LLVM. Returns 0 on success, like the C API.
static inline LLVMBool coroslimParseIR(LLVMContextRef Ctx,
                                       LLVMMemoryBufferRef MemBuf,
                                       LLVMModuleRef *OutM, char **OutMessage) {
#if LLVM_VERSION_MAJOR >= 21
  LLVMBool Bad = LLVMParseIRInContext2(Ctx, MemBuf, OutM, OutMessage);
  LLVMDisposeMemoryBuffer(MemBuf);
  return Bad;
#else
  /* Takes MemBuf, whatever the outcome. */
  return LLVMParseIRInContext(Ctx, MemBuf, OutM, OutMessage);
#endif
}

#else // __cplusplus

#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/IR/Attributes.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DebugLoc.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/InstructionCost.h"

#if LLVM_VERSION_MAJOR >= 22
#include "llvm/Plugins/PassPlugin.h"
#else
#include "llvm/Passes/PassPlugin.h"
#endif

#if LLVM_VERSION_MAJOR >= 20
#include "llvm/Transforms/Coroutines/CoroInstr.h"
#else
namespace llvm {

// LLVM 19's coroutine intrinsics, under the class names LLVM 20 installs.
// Only what coroslim uses; the operand layouts are those of LLVM 19's
// Intrinsics.td, which match LLVM 22's for every intrinsic below.

/// llvm.coro.subfn.addr(ptr frame, i8 index)
class CoroSubFnInst : public IntrinsicInst {
  enum { FrameArg, IndexArg };

public:
  enum ResumeKind {
    RestartTrigger = -1,
    ResumeIndex,
    DestroyIndex,
    CleanupIndex,
    IndexLast,
    IndexFirst = RestartTrigger
  };

  Value *getFrame() const { return getArgOperand(FrameArg); }
  ConstantInt *getRawIndex() const {
    return cast<ConstantInt>(getArgOperand(IndexArg));
  }
  ResumeKind getIndex() const {
    int64_t Index = getRawIndex()->getSExtValue();
    assert(Index >= IndexFirst && Index < IndexLast &&
           "unexpected llvm.coro.subfn.addr index");
    return static_cast<ResumeKind>(Index);
  }

  static bool classof(const IntrinsicInst *I) {
    return I->getIntrinsicID() == Intrinsic::coro_subfn_addr;
  }
  static bool classof(const Value *V) {
    return isa<IntrinsicInst>(V) && classof(cast<IntrinsicInst>(V));
  }
};

/// llvm.coro.alloc(token id)
class CoroAllocInst : public IntrinsicInst {
public:
  static bool classof(const IntrinsicInst *I) {
    return I->getIntrinsicID() == Intrinsic::coro_alloc;
  }
  static bool classof(const Value *V) {
    return isa<IntrinsicInst>(V) && classof(cast<IntrinsicInst>(V));
  }
};

/// Any of the llvm.coro.id* intrinsics.
class AnyCoroIdInst : public IntrinsicInst {
public:
  CoroAllocInst *getCoroAlloc() {
    for (User *U : users())
      if (auto *CA = dyn_cast<CoroAllocInst>(U))
        return CA;
    return nullptr;
  }

  static bool classof(const IntrinsicInst *I) {
    Intrinsic::ID ID = I->getIntrinsicID();
    return ID == Intrinsic::coro_id || ID == Intrinsic::coro_id_retcon ||
           ID == Intrinsic::coro_id_retcon_once ||
           ID == Intrinsic::coro_id_async;
  }
  static bool classof(const Value *V) {
    return isa<IntrinsicInst>(V) && classof(cast<IntrinsicInst>(V));
  }
};

/// llvm.coro.id(i32 align, ptr promise, ptr coroutine, ptr info)
class CoroIdInst : public AnyCoroIdInst {
  enum { AlignArg, PromiseArg, CoroutineArg, InfoArg };

public:
  /// The promise alloca, or null when the coroutine declares none.
  AllocaInst *getPromise() const {
    Value *Arg = getArgOperand(PromiseArg);
    return isa<ConstantPointerNull>(Arg)
               ? nullptr
               : cast<AllocaInst>(Arg->stripPointerCasts());
  }

  static bool classof(const IntrinsicInst *I) {
    return I->getIntrinsicID() == Intrinsic::coro_id;
  }
  static bool classof(const Value *V) {
    return isa<IntrinsicInst>(V) && classof(cast<IntrinsicInst>(V));
  }
};

/// llvm.coro.free(token id, ptr frame)
class CoroFreeInst : public IntrinsicInst {
  enum { IdArg, FrameArg };

public:
  Value *getFrame() const { return getArgOperand(FrameArg); }

  static bool classof(const IntrinsicInst *I) {
    return I->getIntrinsicID() == Intrinsic::coro_free;
  }
  static bool classof(const Value *V) {
    return isa<IntrinsicInst>(V) && classof(cast<IntrinsicInst>(V));
  }
};

/// llvm.coro.begin(token id, ptr mem). LLVM 19 has no coro.begin.custom.abi.
class CoroBeginInst : public IntrinsicInst {
  enum { IdArg, MemArg };

public:
  AnyCoroIdInst *getId() const {
    return cast<AnyCoroIdInst>(getArgOperand(IdArg));
  }
  Value *getMem() const { return getArgOperand(MemArg); }

  static bool classof(const IntrinsicInst *I) {
    return I->getIntrinsicID() == Intrinsic::coro_begin;
  }
  static bool classof(const Value *V) {
    return isa<IntrinsicInst>(V) && classof(cast<IntrinsicInst>(V));
  }
};

/// llvm.coro.save(ptr handle)
class CoroSaveInst : public IntrinsicInst {
public:
  static bool classof(const IntrinsicInst *I) {
    return I->getIntrinsicID() == Intrinsic::coro_save;
  }
  static bool classof(const Value *V) {
    return isa<IntrinsicInst>(V) && classof(cast<IntrinsicInst>(V));
  }
};

/// llvm.coro.promise(ptr ptr, i32 align, i1 from)
class CoroPromiseInst : public IntrinsicInst {
  enum { FrameArg, AlignArg, FromArg };

public:
  /// From the promise to the frame (true), or the other way (false)?
  bool isFromPromise() const {
    return cast<Constant>(getArgOperand(FromArg))->isOneValue();
  }
  /// The promise's alignment, which must be the promise alloca's.
  Align getAlignment() const {
    return cast<ConstantInt>(getArgOperand(AlignArg))->getAlignValue();
  }

  static bool classof(const IntrinsicInst *I) {
    return I->getIntrinsicID() == Intrinsic::coro_promise;
  }
  static bool classof(const Value *V) {
    return isa<IntrinsicInst>(V) && classof(cast<IntrinsicInst>(V));
  }
};

/// Any of llvm.coro.suspend, llvm.coro.suspend.async, .retcon.
class AnyCoroSuspendInst : public IntrinsicInst {
public:
  static bool classof(const IntrinsicInst *I) {
    Intrinsic::ID ID = I->getIntrinsicID();
    return ID == Intrinsic::coro_suspend ||
           ID == Intrinsic::coro_suspend_async ||
           ID == Intrinsic::coro_suspend_retcon;
  }
  static bool classof(const Value *V) {
    return isa<IntrinsicInst>(V) && classof(cast<IntrinsicInst>(V));
  }
};

/// llvm.coro.suspend(token save, i1 final)
class CoroSuspendInst : public AnyCoroSuspendInst {
  enum { SaveArg, FinalArg };

public:
  /// The explicit llvm.coro.save, or null for `token none`.
  CoroSaveInst *getCoroSave() const {
    Value *Arg = getArgOperand(SaveArg);
    if (auto *SI = dyn_cast<CoroSaveInst>(Arg))
      return SI;
    assert(isa<ConstantTokenNone>(Arg) && "coro.suspend of an unknown token");
    return nullptr;
  }
  bool isFinal() const {
    return cast<Constant>(getArgOperand(FinalArg))->isOneValue();
  }

  static bool classof(const IntrinsicInst *I) {
    return I->getIntrinsicID() == Intrinsic::coro_suspend;
  }
  static bool classof(const Value *V) {
    return isa<IntrinsicInst>(V) && classof(cast<IntrinsicInst>(V));
  }
};

/// llvm.coro.size
class CoroSizeInst : public IntrinsicInst {
public:
  static bool classof(const IntrinsicInst *I) {
    return I->getIntrinsicID() == Intrinsic::coro_size;
  }
  static bool classof(const Value *V) {
    return isa<IntrinsicInst>(V) && classof(cast<IntrinsicInst>(V));
  }
};

/// llvm.coro.end(ptr handle, i1 unwind, token results) -> i1 on LLVM 19, and
/// llvm.coro.end.async.
class AnyCoroEndInst : public IntrinsicInst {
  enum { FrameArg, UnwindArg, TokenArg };

public:
  bool isFallthrough() const { return !isUnwind(); }
  bool isUnwind() const {
    return cast<Constant>(getArgOperand(UnwindArg))->isOneValue();
  }
  /// Does it return values through llvm.coro.end.results (retcon)?
  bool hasResults() const {
    return !isa<ConstantTokenNone>(getArgOperand(TokenArg));
  }

  static bool classof(const IntrinsicInst *I) {
    Intrinsic::ID ID = I->getIntrinsicID();
    return ID == Intrinsic::coro_end || ID == Intrinsic::coro_end_async;
  }
  static bool classof(const Value *V) {
    return isa<IntrinsicInst>(V) && classof(cast<IntrinsicInst>(V));
  }
};

/// llvm.coro.end
class CoroEndInst : public AnyCoroEndInst {
public:
  static bool classof(const IntrinsicInst *I) {
    return I->getIntrinsicID() == Intrinsic::coro_end;
  }
  static bool classof(const Value *V) {
    return isa<IntrinsicInst>(V) && classof(cast<IntrinsicInst>(V));
  }
};

} // namespace llvm
#endif // LLVM_VERSION_MAJOR >= 20

namespace coroslim {
namespace compat {

/// The LLVM major version the plugin is built against.
constexpr unsigned LLVMMajor = LLVM_VERSION_MAJOR;

/// llvm.coro.is_in_ramp (LLVM 22), as a `case` label or in a comparison. On
/// LLVM 19, which has no such intrinsic, it is num_intrinsics, an ID no
/// intrinsic call has and no other case label names.
#if LLVM_VERSION_MAJOR >= 22
constexpr llvm::Intrinsic::ID CoroIsInRampID = llvm::Intrinsic::coro_is_in_ramp;
#else
constexpr llvm::Intrinsic::ID CoroIsInRampID = llvm::Intrinsic::num_intrinsics;
#endif

/// Does \p E return a value that something uses? Only LLVM 19's coro.end
/// returns one (i1: "in a resume or destroy clone"; C++ unwind paths branch
/// on it). A pass that would delete the coro.end, or move it out of the
/// coroutine CoroSplit lowers it in, would have to choose that value, and
/// refuses instead (LLVM 21+ has llvm.coro.is_in_ramp for it).
inline bool coroEndResultIsUsed(const llvm::AnyCoroEndInst &E) {
  return !E.getType()->isVoidTy() && !E.use_empty();
}

/// The missed remark's reason when coroEndResultIsUsed.
constexpr const char *CoroEndResultRefusal =
    "it uses the i1 result of llvm.coro.end, which LLVM 19 gives a value "
    "only when CoroSplit lowers it (LLVM 21+ has llvm.coro.is_in_ramp "
    "instead)";

/// DILocation::getInlinedAtLocation (LLVM 22): the location of the
/// outermost call site in \p L's inlining chain, i.e. where in the
/// function that holds it the code LLVM inlined there was called.
inline const llvm::DILocation *inlinedAtLocation(const llvm::DILocation &L) {
#if LLVM_VERSION_MAJOR >= 22
  return L.getInlinedAtLocation();
#else
  const llvm::DILocation *Current = &L;
  while (const llvm::DILocation *Next = Current->getInlinedAt())
    Current = Next;
  return Current;
#endif
}

/// PointerMayBeCaptured as LLVM 21+ has it: storing the pointer anywhere
/// counts as capturing it.
inline bool pointerMayBeCaptured(const llvm::Value *V, bool ReturnCaptures) {
#if LLVM_VERSION_MAJOR >= 21
  return llvm::PointerMayBeCaptured(V, ReturnCaptures);
#else
  return llvm::PointerMayBeCaptured(V, ReturnCaptures, /*StoreCaptures=*/true);
#endif
}

/// The parameter attribute that says what a callee captures of a pointer:
/// captures(...) from LLVM 21, nocapture before.
#if LLVM_VERSION_MAJOR >= 21
constexpr llvm::Attribute::AttrKind CapturesAttr = llvm::Attribute::Captures;
#else
constexpr llvm::Attribute::AttrKind CapturesAttr = llvm::Attribute::NoCapture;
#endif

/// Marks a parameter as captured by nothing: captures(none), or nocapture.
inline void addNoCaptureAttr(llvm::AttrBuilder &B) {
#if LLVM_VERSION_MAJOR >= 21
  B.addCapturesAttr(llvm::CaptureInfo::none());
#else
  B.addAttribute(llvm::Attribute::NoCapture);
#endif
}

/// The object a llvm.lifetime.start/end marker names: its only operand on
/// LLVM 22, its second (after the size) on LLVM 19.
inline llvm::Value *lifetimeObject(const llvm::IntrinsicInst &Marker) {
  return Marker.getArgOperand(Marker.arg_size() - 1);
}

/// The value of a valid InstructionCost: LLVM 21+ returns it, LLVM 19 an
/// optional.
inline int64_t costValue(const llvm::InstructionCost &C) {
#if LLVM_VERSION_MAJOR >= 21
  return C.getValue();
#else
  return *C.getValue();
#endif
}

/// Deletes the lifetime markers of the promise alloca of \p Id on LLVM 19,
/// where SROA keeps them (LLVM 22's deletes them), so that both versions'
/// passes see the same return paths. Deleting a lifetime marker only widens
/// the alloca's lifetime; CoroSplit puts the promise in the frame anyway.
/// Returns whether anything changed.
inline bool dropPromiseLifetimeMarkers(llvm::CoroIdInst &Id) {
#if LLVM_VERSION_MAJOR >= 22
  return false;
#else
  llvm::AllocaInst *Promise = Id.getPromise();
  if (!Promise)
    return false;
  llvm::SmallVector<llvm::Instruction *, 4> Markers;
  for (llvm::User *U : Promise->users())
    if (auto *I = llvm::dyn_cast<llvm::Instruction>(U);
        I && I->isLifetimeStartOrEnd())
      Markers.push_back(I);
  for (llvm::Instruction *I : Markers)
    I->eraseFromParent();
  return !Markers.empty();
#endif
}

/// \p DL with its inlined-at chain replaced by \p InlinedAt; everything
/// else of the location (line, column, scope, implicit code, and from
/// LLVM 21 the Key Instructions atom) stays.
inline llvm::DebugLoc withInlinedAt(const llvm::DebugLoc &DL,
                                    llvm::DILocation *InlinedAt) {
  llvm::LLVMContext &Ctx = DL->getContext();
#if LLVM_VERSION_MAJOR >= 21
  return llvm::DILocation::get(Ctx, DL.getLine(), DL.getCol(), DL->getScope(),
                               InlinedAt, DL->isImplicitCode(),
                               DL->getAtomGroup(), DL->getAtomRank());
#else
  return llvm::DILocation::get(Ctx, DL.getLine(), DL.getCol(), DL->getScope(),
                               InlinedAt, DL->isImplicitCode());
#endif
}

/// The callback type both registrations below take: the phase LLVM 20+
/// passes is not one coroslim's slots depend on.
using ModuleEPCallback =
    std::function<void(llvm::ModulePassManager &, llvm::OptimizationLevel)>;

/// The early-simplification callback also learns whether the module may
/// already have been optimised once: the ThinLTO or full LTO post-link
/// pipeline, which re-runs the simplification on code the pre-link
/// pipeline inlined and propagated. LLVM 19 does not say which phase it is
/// building, so there it is always "may be".
using EarlySimplificationEPCallback = std::function<void(
    llvm::ModulePassManager &, llvm::OptimizationLevel, bool MayBePostLink)>;

/// PassBuilder::registerPipelineEarlySimplificationEPCallback.
inline void
registerPipelineEarlySimplificationEPCallback(llvm::PassBuilder &PB,
                                              EarlySimplificationEPCallback C) {
#if LLVM_VERSION_MAJOR >= 20
  PB.registerPipelineEarlySimplificationEPCallback(
      [C](llvm::ModulePassManager &MPM, llvm::OptimizationLevel Level,
          llvm::ThinOrFullLTOPhase Phase) {
        C(MPM, Level,
          Phase == llvm::ThinOrFullLTOPhase::ThinLTOPostLink ||
              Phase == llvm::ThinOrFullLTOPhase::FullLTOPostLink);
      });
#else
  PB.registerPipelineEarlySimplificationEPCallback(
      [C](llvm::ModulePassManager &MPM, llvm::OptimizationLevel Level) {
        C(MPM, Level, /*MayBePostLink=*/true);
      });
#endif
}

/// PassBuilder::registerOptimizerLastEPCallback.
inline void registerOptimizerLastEPCallback(llvm::PassBuilder &PB,
                                            ModuleEPCallback C) {
#if LLVM_VERSION_MAJOR >= 20
  PB.registerOptimizerLastEPCallback(
      [C](llvm::ModulePassManager &MPM, llvm::OptimizationLevel Level,
          llvm::ThinOrFullLTOPhase) { C(MPM, Level); });
#else
  PB.registerOptimizerLastEPCallback(std::move(C));
#endif
}

} // namespace compat
} // namespace coroslim

#endif // __cplusplus

#endif // COROSLIM_LLVMCOMPAT_H
