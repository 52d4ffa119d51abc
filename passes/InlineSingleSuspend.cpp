//===- InlineSingleSuspend.cpp - Inline awaited single-suspend coroutines -===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// coroslim-inline-single-suspend. An await (docs/design.md, "The await idiom")
//
//     %h = call ptr @callee(args)                          ; ramp
//     loop:    resume(%h); br done(%h), %ready, %pending
//     pending: <caller code>; caller suspend; resume -> loop
//              destroy -> destroy(%h), caller cleanup
//     ready:   reads of the promise; destroy(%h)
//
// of a callee with one internal suspend point S becomes
//
//     <clone of the callee's ramp>          ; up to its initial suspend
//     <caller code between the ramp and the resume>
//     <clone of the callee's body>          ; from the initial suspend on
//        at S:          br %pending         ; the caller suspends for it
//        at completion: br %ready
//     pending: <caller code>; caller suspend; resume -> S's continuation
//              destroy -> <clone of the callee's cleanup at S, without
//                          the frame free>, caller cleanup
//     ready:   reads of the promise, now a local (an alloca) of the caller;
//              <clone of the callee's cleanup at completion>
//
// The executor sees the same suspends in the same order: each time the
// callee would suspend at S, the caller suspends; each time it is resumed,
// the callee continues where it left off. Which arm the caller's done test
// takes after S and after the completion point is proven from the stores to
// the promise (AwaitRewrite.h), not assumed. With
// -coroslim-inline-max-suspends=N > 1 a callee may have N internal suspend
// points; a small state variable then says which one the caller's suspend
// stands for.
//
// This file decides (limits, cost) and remarks; what the callee and the
// await must be is checked in InlineSingleSuspendPlan.cpp, the cloning is
// InlineSingleSuspendRewrite.cpp.
//
// The cloning follows LLVM's InlineFunction (CloneBasicBlock + a value map,
// inlined-at debug locations); the callee's CFG is kept as it is, so its SSA
// form carries over. Every suspend of the callee is replaced, and the parts
// of the caller's await loop that only fed the callee (the resume, the done
// test, the destroys) are deleted.
//
//===----------------------------------------------------------------------===//

#include "coroslim/InlineSingleSuspend.h"
#include "coroslim/AwaitRewrite.h"
#include "coroslim/CoroShape.h"
#include "coroslim/CoroShapeAnalysis.h"
#include "coroslim/CostModel.h"
#include "coroslim/InlineSingleSuspendPlan.h"
#include "coroslim/InlineSingleSuspendRewrite.h"
#include "coroslim/PassParams.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;
using namespace coroslim;
using namespace coroslim::inlinesuspend;

#define DEBUG_TYPE "coroslim-inline-single-suspend"

ALWAYS_ENABLED_STATISTIC(NumInlined, "Awaits inlined");
ALWAYS_ENABLED_STATISTIC(NumCalleesDeleted,
                         "Callees deleted after every await of them "
                         "was inlined");
ALWAYS_ENABLED_STATISTIC(NumRefusedRecursion, "Awaits not inlined: recursion");
ALWAYS_ENABLED_STATISTIC(NumRefusedCallee, "Awaits not inlined: the callee");
ALWAYS_ENABLED_STATISTIC(NumRefusedSite, "Awaits not inlined: the await site");
ALWAYS_ENABLED_STATISTIC(NumRefusedSize, "Awaits not inlined: the size limit");
ALWAYS_ENABLED_STATISTIC(NumRefusedCost,
                         "Awaits not inlined: the cost model predicts growth");
ALWAYS_ENABLED_STATISTIC(NumRefusedNotAwait,
                         "Ramp calls not in the await idiom");
ALWAYS_ENABLED_STATISTIC(NumRefusedSplit,
                         "Awaits not inlined: the callee is already split");
ALWAYS_ENABLED_STATISTIC(
    NumRefusedUnknownCallee,
    "Resumed handles of coroutines not defined here or called "
    "indirectly");

// Both limits are at least 1, in both spellings: 0 would inline nothing,
// which -coroslim-disable says explicitly.
static cl::opt<unsigned, false, UnsignedFlagParser<1>> MaxSuspendsOpt(
    "coroslim-inline-max-suspends", cl::init(1), cl::value_desc("N"),
    cl::desc("coroslim-inline-single-suspend: inline awaited coroutines "
             "with at most this many internal suspend points (default 1)"));

// Counted like this, a C runtime coroutine that waits once and returns a
// value is 60-110 instructions (its ramp, allocation and cleanup included,
// which mostly fold away); one that awaits two such callees is ~260. The
// limit keeps one await from duplicating a large coroutine (the cleanup is
// cloned once more per destroy site). The defaults, 1 suspend and 250
// instructions, are measured (`scripts/inline-figures --grid`,
// docs/passes/inline-single-suspend.md): no bench, example or e2e program
// grows by more than 2 % of .text against inlining off at -O2 or -Os (at
// 300, protocol_parser grew 8 %), and chains still collapse (raw-chain.c).
static cl::opt<unsigned, false, UnsignedFlagParser<1>> MaxSizeOpt(
    "coroslim-inline-max-size", cl::init(250), cl::value_desc("N"),
    cl::desc("coroslim-inline-single-suspend: most instructions cloned into "
             "the caller for one await (default 250)"));

namespace {

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// What inlining every await of A's callee (\p Sites of them; \p
/// CalleeGoes: nothing else uses it and it is local) would do, predicted before
/// the first change (docs/passes/ inline-single-suspend.md, "Never worse").
/// Code, in instructions: each site gets a copy of the callee (AP.Size, less
/// the coroutine machinery the copy does not keep: MachinerySize) and loses its
/// await machinery (awaitCodeSaved); each extra internal suspend point of the
/// callee is a state of the caller; a callee that goes away with its last await
/// takes with it what CoroSplit would have made of it (splitCoroutineCode).
/// Frame: the callee's separate frame goes, its fields join the caller's; what
/// no longer exists is its header (resume and destroy pointers: 2 pointers per
/// site). Resume path: a resume no longer goes through the callee's dispatch
/// (one indirect call and a switch fewer).
CostEstimate estimateInline(const AwaitSite &A, const AwaitPlan &AP,
                            const CalleePlan &P, unsigned Sites,
                            bool CalleeGoes) {
  const DataLayout &DL = A.Callee->getParent()->getDataLayout();
  CostEstimate E;
  E.CodeAdded =
      int64_t(Sites) * (int64_t(AP.Size) - P.MachinerySize +
                        SplitStateCode * (int64_t(P.Internal.size()) - 1));
  E.CodeRemoved = int64_t(Sites) * awaitCodeSaved(A) +
                  (CalleeGoes ? splitCoroutineCode(P.BodySize) : 0);
  E.FrameBytes = -int64_t(Sites) * 2 * DL.getPointerSize();
  E.ResumePath = -2;
  return E;
}

/// True when \p V, the result of a call of something that is not a
/// coroutine defined here, is driven like an awaited coroutine.
bool isResumed(Value *V) {
  for (User *U : V->users()) {
    if (auto *SF = dyn_cast<CoroSubFnInst>(U);
        SF && SF->getRawIndex()->isZero())
      return true;
    if (auto *II = dyn_cast<IntrinsicInst>(U);
        II && II->getIntrinsicID() == Intrinsic::coro_resume)
      return true;
  }
  return false;
}

class Driver {
public:
  Driver(Module &M, ModuleAnalysisManager &MAM,
         InlineSingleSuspendPass::Options Opts)
      : Opts(Opts),
        FAM(MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager()),
        Order(MAM.getResult<CoroutineGraphAnalysis>(M)) {}
  bool run();

private:
  InlineSingleSuspendPass::Options Opts;
  FunctionAnalysisManager &FAM;
  const CoroutineOrder &Order;
  DenseMap<Function *, std::unique_ptr<CalleePlan>> Plans;
  DenseMap<Function *, std::string> PlanWhy;
  /// Calls already looked at (weak: a deleted call's address may be reused
  /// by a clone).
  DenseMap<const Instruction *, WeakVH> Tried;
  bool firstLook(Instruction *I) {
    auto [It, New] = Tried.try_emplace(I, I);
    if (New || It->second)
      return New;
    It->second = I;
    return true;
  }
  SmallSetVector<Function *, 8> Inlined;

  const CalleePlan *plan(Function &Callee, std::string &Why);
  bool inlineOne(Function &Caller);
};

const CalleePlan *Driver::plan(Function &Callee, std::string &Why) {
  auto [It, New] = Plans.try_emplace(&Callee);
  if (New) {
    auto P = std::make_unique<CalleePlan>();
    if (planCallee(Callee, FAM, Opts.MaxSuspends, *P, PlanWhy[&Callee]))
      It->second = std::move(P);
  }
  Why = PlanWhy[&Callee];
  return It->second.get();
}

/// Inlines the first await of \p Caller not tried yet; false when none is
/// left.
bool Driver::inlineOne(Function &Caller) {
  const PreSplitShape *S = getCoroShape(Caller, FAM).preSplit();
  if (!S)
    return false;
  OptimizationRemarkEmitter &ORE =
      FAM.getResult<OptimizationRemarkEmitterAnalysis>(Caller);
  auto Missed = [&](Instruction *At, const Twine &Callee, StringRef Why) {
    ORE.emit([&] {
      return OptimizationRemarkMissed(DEBUG_TYPE, "NotInlined", At)
             << "not inlining " << Callee.str() << " into "
             << ore::NV("Coroutine", Caller.getName()) << ": " << Why.str();
    });
  };
  for (const AwaitSite &A : S->SplitAwaits)
    if (firstLook(A.Start)) {
      ++NumRefusedSplit;
      Missed(A.Start, "'" + A.Callee->getName() + "'",
             alreadySplitRefusal(A, "inlined"));
    }
  for (auto &[Call, Why] : S->RefusedAwaits)
    if (firstLook(Call)) {
      ++NumRefusedNotAwait;
      Missed(Call, "'" + Call->getCalledFunction()->getName() + "'",
             "not an await (" + Why + ")");
    }
  // Handles of coroutines defined elsewhere, or called indirectly.
  for (Instruction &I : instructions(Caller)) {
    auto *CI = dyn_cast<CallInst>(&I);
    if (!CI || !CI->getType()->isPointerTy() || isa<IntrinsicInst>(CI))
      continue;
    Function *F = CI->getCalledFunction();
    if ((F && !F->isDeclaration()) || !isResumed(CI) || !firstLook(CI))
      continue;
    ++NumRefusedUnknownCallee;
    if (!F)
      Missed(CI, "an indirectly called coroutine", "the callee is not known");
    else if (F->isDeclaration())
      Missed(CI, "'" + F->getName() + "'", "it is not defined in this module");
  }

  for (const AwaitSite &A : S->Awaits) {
    if (!firstLook(A.Ramp))
      continue;
    Function &Callee = *A.Callee;
    std::string Why;
    auto Refuse = [&] {
      Missed(A.Ramp, "'" + Callee.getName() + "'", Why);
      return false;
    };
    // A callee on a cycle would be inlined again with every copy of its
    // own await: refuse it too, not only one that reaches its caller.
    if (&Callee == &Caller || Order.reaches(&Callee, &Caller) ||
        Order.reaches(&Callee, &Callee)) {
      Why = "recursion: the callee awaits or calls its caller or itself";
      ++NumRefusedRecursion;
      Refuse();
      continue;
    }
    const CalleePlan *P = plan(Callee, Why);
    if (!P) {
      ++NumRefusedCallee;
      Refuse();
      continue;
    }
    auto &DT = FAM.getResult<DominatorTreeAnalysis>(Caller);
    std::optional<AwaitPlan> AP = planAwait(*S, A, *P, DT, Why);
    if (!AP) {
      ++NumRefusedSite;
      Refuse();
      continue;
    }
    if (AP->Size > Opts.MaxSize) {
      Why = "it would clone " + std::to_string(AP->Size) +
            " instructions (at most " + std::to_string(Opts.MaxSize) +
            " allowed by -coroslim-inline-max-size)";
      ++NumRefusedSize;
      Refuse();
      continue;
    }
    // Every await of the callee gets its own copy; the callee's own body
    // goes away only when it is local. Bound the net growth too, so that a
    // callee awaited in many places stays one coroutine.
    // Only calls of the callee count: its own llvm.coro.id names it too.
    unsigned Sites = count_if(Callee.users(), [&](User *U) {
      auto *CB = dyn_cast<CallBase>(U);
      return CB && CB->getCalledOperand() == &Callee;
    });
    int64_t Net = int64_t(AP->Size) * Sites -
                  (Callee.hasLocalLinkage() ? int64_t(P->BodySize) : 0);
    bool OnlyCalls;
    unsigned Awaits = callsFromCoroutines(Callee, OnlyCalls);
    CostEstimate Cost = estimateInline(A, *AP, *P, Awaits,
                                       Callee.hasLocalLinkage() && OnlyCalls);
    if (std::optional<std::string> CostWhy = Cost.refusal(Opts.Cost)) {
      Why = "inlining its " + std::to_string(Awaits) + " await(s): " + *CostWhy;
      ++NumRefusedCost;
      Refuse();
      continue;
    }
    if (Net > int64_t(Opts.MaxSize)) {
      Why = "inlining its " + std::to_string(Sites) + " awaits would add " +
            std::to_string(Net) + " instructions (at most " +
            std::to_string(Opts.MaxSize) +
            " allowed by -coroslim-inline-max-size)";
      ++NumRefusedSize;
      Refuse();
      continue;
    }
    ++NumInlined;
    ORE.emit([&] {
      return OptimizationRemark(DEBUG_TYPE, "Inlined", A.Ramp)
             << "inlined coroutine " << ore::NV("Callee", Callee.getName())
             << " into " << ore::NV("Coroutine", Caller.getName()) << ": "
             << ore::NV("Suspends", unsigned(P->Internal.size()))
             << " internal suspend point(s), "
             << ore::NV("Instructions", AP->Size)
             << " instructions cloned, its frame allocation and handle "
                "removed; predicted code "
             << ore::NV("CodeSize", Cost.codeDelta()) << " for its "
             << ore::NV("Sites", Awaits) << " await(s)";
    });
    // What LLVM's inliner carries over too (stack protectors, ...).
    AttributeFuncs::mergeAttributesForInlining(Caller, Callee);
    inlineAwait(Caller, A, *AP, *P);
    // The caller's cached facts, and its plan as a callee if it has one,
    // describe the IR before the rewrite.
    FAM.invalidate(Caller, PreservedAnalyses::none());
    Plans.erase(&Caller);
    PlanWhy.erase(&Caller);
    Inlined.insert(&Callee);
    return true;
  }
  return false;
}

bool Driver::run() {
  bool Changed = false;
  for (Function *F : Order.bottomUp()) {
    if (F->isDeclaration() || F->hasOptNone())
      continue;
    bool FChanged = false;
    while (inlineOne(*F))
      FChanged = true;
    if (FChanged) {
      // The callee plans of coroutines that awaited F are stale now.
      Plans.erase(F);
      PlanWhy.erase(F);
      Changed = true;
    }
  }
  // A callee whose every await was inlined is dead: remove it, with its
  // future resume/destroy functions.
  for (Function *F : Inlined) {
    if (!F->hasLocalLinkage())
      continue;
    if (all_of(F->users(), [F](User *U) {
          auto *I = dyn_cast<Instruction>(U);
          return I && I->getFunction() == F;
        })) {
      ++NumCalleesDeleted;
      FAM.clear(*F, F->getName());
      F->dropAllReferences();
      F->eraseFromParent();
    }
  }
  return Changed;
}

} // namespace

PreservedAnalyses InlineSingleSuspendPass::run(Module &M,
                                               ModuleAnalysisManager &MAM) {
  return Driver(M, MAM, Opts).run() ? PreservedAnalyses::none()
                                    : PreservedAnalyses::all();
}

Expected<InlineSingleSuspendPass>
InlineSingleSuspendPass::create(StringRef Params) {
  Options O;
  O.MaxSuspends = MaxSuspendsOpt;
  O.MaxSize = MaxSizeOpt;
  O.Cost = defaultCostPolicy();
  Expected<SmallVector<PassParam, 4>> Entries = splitPassParams(Params);
  if (!Entries)
    return Entries.takeError();
  for (const PassParam &P : *Entries) {
    Expected<bool> TookCost = takeCostParam(P.Key, P.Value, O.Cost);
    if (!TookCost)
      return TookCost.takeError();
    if (*TookCost)
      continue;
    unsigned *Field;
    if (P.Key == "max-suspends")
      Field = &O.MaxSuspends;
    else if (P.Key == "max-size")
      Field = &O.MaxSize;
    else
      return createStringError(
          "unknown parameter '" + P.Text +
          "' (expected max-suspends=N, max-size=N or cost=size|speed|off)");
    Expected<unsigned> N = parseUnsigned(P.Value, 1, UINT_MAX, P.Key);
    if (!N)
      return N.takeError();
    *Field = *N;
  }
  return InlineSingleSuspendPass(O);
}

void InlineSingleSuspendPass::printPipeline(
    raw_ostream &OS, function_ref<StringRef(StringRef)> MapClassName2PassName) {
  PassInfoMixin<InlineSingleSuspendPass>::printPipeline(OS,
                                                        MapClassName2PassName);
  OS << "<max-suspends=" << Opts.MaxSuspends << ";max-size=" << Opts.MaxSize
     << ";cost=" << toString(Opts.Cost) << '>';
}
