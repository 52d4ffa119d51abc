//===- CPreSplit.cpp - Mark C coroutines as pre-split ---------------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// Clang sets `presplitcoroutine` only on C++ coroutines. A C function written
// with __builtin_coro_id carries a pre-split llvm.coro.id (null info operand)
// but no attribute, so CoroSplit skips it and the backend later fails on the
// unlowered intrinsics. This pass adds the attribute.
//
// It also rejects two C-only mistakes that otherwise compile into wrong code
// silently (clang does not verify between passes). First, a coroutine that
// reads its own promise but declares none in llvm.coro.id: the frame then
// has no promise slot. Second, a promise that is touched before
// llvm.coro.begin: CoroEarly
// rewrites every use of the promise alloca into llvm.coro.promise(coro.begin),
// which makes such a use refer to a value that does not dominate it. Clang
// does not verify between passes, so without this check the program would
// compile silently into wrong code.
//
// On LLVM 19 it also deletes the promise's lifetime markers, as LLVM 22's
// SROA does (coroslim/LLVMCompat.h).
//
//===----------------------------------------------------------------------===//

#include "coroslim/CPreSplit.h"
#include "coroslim/CoroShape.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

#define DEBUG_TYPE "coroslim-c-presplit"

ALWAYS_ENABLED_STATISTIC(NumMarked, "C coroutines marked pre-split");
ALWAYS_ENABLED_STATISTIC(NumRefused,
                         "C coroutines refused with an error (promise use)");

namespace {

/// Returns the first use of \p Promise that llvm.coro.begin \p Begin does not
/// dominate, ignoring the coro.id that names it and lifetime/debug markers.
const Instruction *findUseBeforeBegin(const AllocaInst &Promise,
                                      const Instruction &Begin,
                                      const DominatorTree &DT) {
  for (const User *U : Promise.users()) {
    const auto *I = dyn_cast<Instruction>(U);
    if (!I || isa<CoroIdInst>(I) || I->isLifetimeStartOrEnd() ||
        isa<DbgInfoIntrinsic>(I))
      continue;
    if (!DT.dominates(&Begin, I))
      return I;
  }
  return nullptr;
}

/// True when \p Handle is \p Begin itself or is reloaded from a local that
/// holds only it (the -O0 form: `store %begin, %h.addr` ... `load
/// %h.addr`). A local that is also given another handle (`h = child()`),
/// or whose address goes anywhere else, may hold another: not provably
/// the own handle, so no error.
bool isOwnHandle(const Value *Handle, const CoroBeginInst &Begin) {
  Handle = Handle->stripPointerCasts();
  if (Handle == &Begin)
    return true;
  const auto *LI = dyn_cast<LoadInst>(Handle);
  if (!LI)
    return false;
  const Value *Slot = LI->getPointerOperand()->stripPointerCasts();
  if (!isa<AllocaInst>(Slot))
    return false;
  bool StoresBegin = false;
  for (const User *U : Slot->users()) {
    const auto *I = dyn_cast<Instruction>(U);
    if (!I || isa<LoadInst>(I) || I->isLifetimeStartOrEnd() ||
        isa<DbgInfoIntrinsic>(I))
      continue;
    const auto *SI = dyn_cast<StoreInst>(I);
    if (!SI || SI->getPointerOperand()->stripPointerCasts() != Slot ||
        SI->getValueOperand()->stripPointerCasts() != &Begin)
      return false;
    StoresBegin = true;
  }
  return StoresBegin;
}

/// A coroutine that declares no promise in coro.id has no room for one in
/// its frame: llvm.coro.promise on its own handle would read and write
/// whatever CoroFrame placed after the resume/destroy pointers.
const CoroPromiseInst *findPromiseWithoutSlot(Function &F,
                                              const CoroBeginInst &Begin) {
  for (Instruction &I : instructions(F))
    if (auto *P = dyn_cast<CoroPromiseInst>(&I))
      if (isOwnHandle(P->getArgOperand(0), Begin))
        return P;
  return nullptr;
}

void reportError(Function &F, const Twine &Msg, const Instruction &At) {
  F.getContext().diagnose(DiagnosticInfoUnsupported(F, Msg, At.getDebugLoc()));
}

/// Checks one C coroutine before it is marked. Returns false (after emitting
/// an error) when it cannot be compiled correctly.
bool checkPromiseUses(Function &F, CoroIdInst &Id,
                      FunctionAnalysisManager &FAM) {
  const CoroBeginInst *Begin = nullptr;
  for (User *U : Id.users())
    if (auto *B = dyn_cast<CoroBeginInst>(U))
      Begin = B;
  if (!Begin)
    return true;
  auto *Promise =
      dyn_cast<AllocaInst>(Id.getArgOperand(1)->stripPointerCasts());
  if (!Promise) {
    const CoroPromiseInst *P = findPromiseWithoutSlot(F, *Begin);
    if (!P)
      return true;
    reportError(F,
                "coroutine '" + F.getName() +
                    "' uses __builtin_coro_promise but declares no promise "
                    "in __builtin_coro_id, so its frame has no room for one "
                    "(pass the address of a promise local: "
                    "__builtin_coro_id(align, &promise, 0, 0))",
                *P);
    return false;
  }
  const DominatorTree &DT = FAM.getResult<DominatorTreeAnalysis>(F);
  const Instruction *Bad = findUseBeforeBegin(*Promise, *Begin, DT);
  if (!Bad)
    return true;
  reportError(F,
              "coroutine '" + F.getName() +
                  "' uses its promise before __builtin_coro_begin; LLVM 22 "
                  "cannot lower that (initialise the promise after "
                  "__builtin_coro_begin)",
              *Bad);
  return false;
}

} // namespace

PreservedAnalyses coroslim::CPreSplitPass::run(Module &M,
                                               ModuleAnalysisManager &MAM) {
  FunctionAnalysisManager &FAM =
      MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  bool Changed = false;
  for (Function &F : M) {
    if (F.isDeclaration() || F.isPresplitCoroutine())
      continue;
    CoroIdInst *Id = findPreSplitCoroId(F);
    if (!Id)
      continue;
    if (!checkPromiseUses(F, *Id, FAM)) {
      // The error fails the compilation; drop the body so that nothing
      // downstream trips over the unlowerable intrinsics before it does.
      ++NumRefused;
      FAM.clear(F, F.getName());
      F.deleteBody();
      Changed = true;
      continue;
    }
    F.setPresplitCoroutine();
    compat::dropPromiseLifetimeMarkers(*Id);
    Changed = true;
    ++NumMarked;
    FAM.getResult<OptimizationRemarkEmitterAnalysis>(F).emit([&] {
      return OptimizationRemark(DEBUG_TYPE, "Marked", &F)
             << "marked C coroutine " << ore::NV("Coroutine", F.getName())
             << " as pre-split";
    });
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

Expected<coroslim::CPreSplitPass>
coroslim::CPreSplitPass::create(StringRef Params) {
  if (!Params.empty())
    return createStringError("takes no parameters, got '" + Params + "'");
  return CPreSplitPass();
}
