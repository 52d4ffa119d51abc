//===- CoroShapeAnalysis.cpp - Cached coroutine facts ---------------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// The function and module analyses of coroslim/CoroShapeAnalysis.h: the
// shapes of CoroShape.h and the callee facts of AwaitRewrite.h, worked out
// once per function and cached.
//
//===----------------------------------------------------------------------===//

#include "coroslim/CoroShapeAnalysis.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"

using namespace llvm;
using namespace coroslim;

#define DEBUG_TYPE "coroslim-shape"

// Counts computations, not functions: a result is computed again after a
// pass changes its function. Compared with the number of questions the
// passes ask, it shows the cache at work.
ALWAYS_ENABLED_STATISTIC(NumAnalysed, "Coroutine shapes computed (not cached)");

AnalysisKey CoroShapeAnalysis::Key;
AnalysisKey CoroutineGraphAnalysis::Key;

//===----------------------------------------------------------------------===//
// The intrinsic table
//===----------------------------------------------------------------------===//

namespace {

/// One row per coroutine intrinsic an awaited coroutine may use, with the
/// await passes that accept it. Where the columns differ, the comment says
/// why.
struct CoroIntrinsicRule {
  Intrinsic::ID ID;
  bool Fold;
  bool Inline;
};

const CoroIntrinsicRule CoroIntrinsicRules[] = {
    // The coroutine's own frame: both passes drop the frame and map these
    // to the caller (fold: the twin; inline: the promise alloca).
    {Intrinsic::coro_id, true, true},
    {Intrinsic::coro_alloc, true, true},
    {Intrinsic::coro_begin, true, true},
    {Intrinsic::coro_free, true, true},
    {Intrinsic::coro_size, true, true},
    // Fold's twin is an ordinary function, where nothing would lower a
    // coro.align left in it; inline's copy stays in a coroutine, whose
    // CoroSplit lowers it.
    {Intrinsic::coro_align, false, true},
    {Intrinsic::coro_promise, true, true},
    {Intrinsic::coro_save, true, true},
    {Intrinsic::coro_suspend, true, true},
    // coro.end: both accept only a plain one; the passes check its form
    // (CalleeSummary::EndsOnUnwind, EndsArePlainReturns).
    {Intrinsic::coro_end, true, true},
    // Awaits of other coroutines inside the callee.
    {Intrinsic::coro_subfn_addr, true, true},
    {Intrinsic::coro_resume, true, true},
    {Intrinsic::coro_destroy, true, true},
    {Intrinsic::coro_done, true, true},
    // The no-op coroutine's handle. Inline has never met it (no front end
    // here awaits through it in a single-suspend callee) and refuses what
    // no test covers.
    {Intrinsic::coro_noop, true, false},
};

} // namespace

bool coroslim::allowsCoroIntrinsic(AwaitPass P, Intrinsic::ID ID) {
  for (const CoroIntrinsicRule &R : CoroIntrinsicRules)
    if (R.ID == ID)
      return P == AwaitPass::Fold ? R.Fold : R.Inline;
  return false;
}

IntrinsicInst *CalleeSummary::firstDisallowedIntrinsic(AwaitPass P) const {
  for (IntrinsicInst *II : CoroIntrinsics)
    if (!allowsCoroIntrinsic(P, II->getIntrinsicID()))
      return II;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// The callee summary
//===----------------------------------------------------------------------===//

namespace {

/// The deallocator through which llvm.coro.free \p F may reach a call with
/// null, quoted; empty when there is none: every use is a null test, sits
/// where that test said non-null (the frame free, which goes when the test
/// folds), or passes it to a deallocator that does nothing with null.
std::string unguardedFree(CoroFreeInst &F, const DominatorTree &DT,
                          const TargetLibraryInfo &TLI) {
  auto IsNullTest = [](User *U) {
    auto *Cmp = dyn_cast<ICmpInst>(U);
    return Cmp && Cmp->isEquality() &&
           isa<ConstantPointerNull>(Cmp->getOperand(1));
  };
  SmallVector<BasicBlockEdge, 2> NonNull;
  for (User *U : F.users())
    if (IsNullTest(U))
      for (User *CU : U->users())
        if (auto *Br = dyn_cast<BranchInst>(CU))
          NonNull.emplace_back(
              Br->getParent(),
              Br->getSuccessor(cast<ICmpInst>(U)->getPredicate() ==
                               ICmpInst::ICMP_EQ));
  for (Use &U : F.uses()) {
    if (IsNullTest(U.getUser()) ||
        any_of(NonNull,
               [&](const BasicBlockEdge &E) { return DT.dominates(E, U); }))
      continue;
    auto *CB = dyn_cast<CallBase>(U.getUser());
    if (CB && CB->isArgOperand(&U) &&
        deallocationNullTolerance(*CB, CB->getArgOperandNo(&U), TLI) ==
            NullTolerance::Tolerant)
      continue;
    const Function *Callee = CB ? CB->getCalledFunction() : nullptr;
    return Callee ? "'" + Callee->getName().str() + "'"
                  : std::string(CB ? "an indirect call" : "other code");
  }
  return "";
}

/// Fills \p C, the facts about \p F as an awaited callee that do not depend
/// on the pass. \p S is F's shape as the result holds it (the summary
/// points into it).
void summarize(Function &F, const PreSplitShape &S, CalleeSummary &C,
               FunctionAnalysisManager &FAM) {
  for (const SuspendPoint &SP : S.Suspends)
    if (SP.Kind == SuspendKind::Initial)
      C.Initial = &SP;
    else if (SP.Kind == SuspendKind::Internal)
      C.Internal.push_back(&SP);

  if (F.isVarArg())
    C.Refusal = "it takes variable arguments";
  else if (F.hasOptNone())
    C.Refusal = "it is optnone";
  else
    // A copy of this body is not what the program would run.
    mayBeReplacedAtLinkTime(F, C.Refusal);
  C.Done = findCompletion(S, C.CompletionRefusal);

  const DominatorTree &DT = FAM.getResult<DominatorTreeAnalysis>(F);
  allocationGoesWithFrame(S, DT, C.AllocationRefusal);
  C.Promise = analyzePromise(S, C.PromiseRefusal);

  const TargetLibraryInfo &TLI = FAM.getResult<TargetLibraryAnalysis>(F);
  BasicBlock &Entry = F.getEntryBlock();
  for (Instruction &I : instructions(F)) {
    ++C.Size;
    if (I.isEHPad() ||
        isa<InvokeInst, CallBrInst, IndirectBrInst, ResumeInst>(I))
      C.HasEHOrIndirectBranch = true;
    if (auto *AI = dyn_cast<AllocaInst>(&I);
        AI && (AI->getParent() != &Entry || !AI->isStaticAlloca()))
      C.HasDynamicAlloca = true;
    if (auto *CI = dyn_cast<CallInst>(&I); CI && CI->isMustTailCall())
      C.HasMustTailCall = true;
    auto *II = dyn_cast<IntrinsicInst>(&I);
    if (!II || !II->getCalledFunction()->getName().starts_with("llvm.coro."))
      continue;
    ++C.MachinerySize;
    if (none_of(C.CoroIntrinsics, [&](IntrinsicInst *Seen) {
          return Seen->getIntrinsicID() == II->getIntrinsicID();
        }))
      C.CoroIntrinsics.push_back(II);
    if (auto *E = dyn_cast<AnyCoroEndInst>(II)) {
      bool Plain = !E->isUnwind() && !E->hasResults();
      C.EndsOnUnwind |= !Plain;
      C.UsesCoroEndResult |= compat::coroEndResultIsUsed(*E);
      C.EndsArePlainReturns &= Plain && isa<CoroEndInst>(E) &&
                               isa<ConstantTokenNone>(E->getArgOperand(2)) &&
                               isa<ReturnInst>(E->getNextNode());
    }
    if (auto *P = dyn_cast<CoroPromiseInst>(II); P && P->isFromPromise())
      C.GoesFromPromiseToFrame = true;
    // Only the frees of its own frame: at -O2 an inlined ramp of an
    // already split callee brings its own llvm.coro.id, whose frame is not
    // the one that goes.
    if (auto *Free = dyn_cast<CoroFreeInst>(II);
        Free && Free->getArgOperand(0) == S.Id && C.FreeRefusal.empty())
      if (std::string Dealloc = unguardedFree(*Free, DT, TLI); !Dealloc.empty())
        C.FreeRefusal =
            "it frees its frame without testing llvm.coro.free for null, "
            "through " +
            Dealloc +
            ", which may not accept null (test llvm.coro.free's result for "
            "null, or free with free())";
  }
  // What exists only because the body is a coroutine (see MachinerySize):
  // the promise traffic, and the blocks that allocate and free its frame.
  if (C.Promise)
    C.MachinerySize += C.Promise->Accesses.size() + C.Promise->Addresses.size();
  for (User *U : S.Id->users()) {
    const BasicBlock *FrameBlock = nullptr;
    if (auto *Alloc = dyn_cast<CoroAllocInst>(U)) {
      // The block the true edge of the branch on coro.alloc enters.
      for (User *AU : Alloc->users())
        if (auto *Br = dyn_cast<BranchInst>(AU); Br && Br->isConditional())
          FrameBlock = Br->getSuccessor(0);
    } else if (auto *Free = dyn_cast<CoroFreeInst>(U)) {
      // The block that passes the frame to the deallocator.
      for (User *FU : Free->users())
        if (auto *Call = dyn_cast<CallBase>(FU))
          FrameBlock = Call->getParent();
    }
    if (FrameBlock && FrameBlock->getParent() == &F)
      C.MachinerySize += FrameBlock->sizeWithoutDebug();
  }
  C.MachinerySize = std::min(C.MachinerySize, C.Size);
}

} // namespace

CoroShapeInfo CoroShapeAnalysis::run(Function &F,
                                     FunctionAnalysisManager &FAM) {
  ++NumAnalysed;
  CoroShapeInfo R;
  if (F.isDeclaration()) {
    R.WhyNotPreSplit = R.WhyNotLowered = "declaration";
    return R;
  }
  if (std::optional<PreSplitShape> S = analyzePreSplit(F, &R.WhyNotPreSplit)) {
    R.PreSplit = std::make_unique<PreSplitShape>(std::move(*S));
    // C++ awaits by symmetric transfer exist only where clang put
    // llvm.coro.await.suspend.*; asking for alias analysis costs nothing
    // elsewhere.
    if (any_of(R.PreSplit->Suspends, [](const SuspendPoint &SP) {
          return SP.Kind == SuspendKind::Internal;
        }))
      findTransferAwaits(*R.PreSplit, FAM.getResult<AAManager>(F),
                         [&](Function &G) -> const TargetLibraryInfo & {
                           return FAM.getResult<TargetLibraryAnalysis>(G);
                         });
    findUnawaitedTasks(*R.PreSplit, [&]() -> AAResults & {
      return FAM.getResult<AAManager>(F);
    });
    summarize(F, *R.PreSplit, R.Callee, FAM);
    return R;
  }
  R.Lowered = analyzeLowered(F, &R.WhyNotLowered);
  return R;
}

const CoroShapeInfo &coroslim::getCoroShape(Function &F,
                                            FunctionAnalysisManager &FAM) {
  const CoroShapeInfo &Info = FAM.getResult<CoroShapeAnalysis>(F);
  const PreSplitShape *S = Info.preSplit();
  auto StillPreSplit = [](CallInst *Ramp) {
    Function *Callee = Ramp->getCalledFunction();
    return Callee && findPreSplitCoroId(*Callee);
  };
  if (!S ||
      (all_of(S->Awaits,
              [&](const AwaitSite &A) { return StillPreSplit(A.Ramp); }) &&
       all_of(S->RefusedAwaits,
              [&](const auto &R) { return StillPreSplit(R.first); })))
    return Info;
  PreservedAnalyses PA = PreservedAnalyses::all();
  PA.abandon<CoroShapeAnalysis>();
  FAM.invalidate(F, PA);
  return FAM.getResult<CoroShapeAnalysis>(F);
}

void coroslim::registerCoroShapeAnalyses(FunctionAnalysisManager &FAM) {
  FAM.registerPass([] { return CoroShapeAnalysis(); });
}

void coroslim::registerCoroShapeAnalyses(ModuleAnalysisManager &MAM) {
  MAM.registerPass([] { return CoroutineGraphAnalysis(); });
}
