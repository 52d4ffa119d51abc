//===- FoldSuspendFree.cpp - Fold awaits of suspend-free coroutines -------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// A lazily started coroutine without internal suspend points runs its whole
// body on the first resume and completes, so an await of it never suspends
// the awaiting coroutine. Yet LLVM keeps the callee's heap frame, its
// resume/destroy functions and the caller's await state. This pass gives
// such a callee a direct-return twin: an ordinary function that takes the
// ramp's arguments and a pointer to a promise-shaped local of the caller,
// runs the callee's ramp code and body, writes the promise through the
// pointer, and then runs the callee's destroy-after-completion cleanup with
// llvm.coro.free returning null (there is no frame to free, as when
// CoroElide or CoroSplit drop a frame allocation). Each await of the callee
// in the docs/design.md await idiom becomes a twin call; its promise reads
// read the local, its done test is known to pass, and the caller's suspend
// for the await becomes unreachable and is deleted. The inliner later
// decides whether to inline the twin.
//
// Effects keep their order because the pass only folds an await when the
// caller does nothing observable between the ramp call and the first
// resume, and nothing but read the promise between the done test and the
// destroy; the twin then runs ramp code, body and cleanup at the same point
// in the caller's observable history. Callees are visited before callers,
// so a caller whose only internal suspends were folded awaits is itself
// suspend-free when its own awaiters are visited.
//
//===----------------------------------------------------------------------===//

#include "coroslim/FoldSuspendFree.h"
#include "coroslim/AwaitRewrite.h"
#include "coroslim/CoroShape.h"
#include "coroslim/CoroShapeAnalysis.h"
#include "coroslim/CostModel.h"
#include "coroslim/FoldSuspendFreePlan.h"
#include "coroslim/FoldSuspendFreeRewrite.h"
#include "coroslim/PassParams.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace coroslim;
using namespace coroslim::foldsuspend;

#define DEBUG_TYPE "coroslim-fold-suspend-free"

ALWAYS_ENABLED_STATISTIC(NumFolded, "Awaits folded into a call of a twin");
ALWAYS_ENABLED_STATISTIC(NumTwins, "Direct-return twins created");
ALWAYS_ENABLED_STATISTIC(NumRampsDeleted,
                         "Ramps deleted after every await of them folded");
ALWAYS_ENABLED_STATISTIC(NumRefusedRecursion, "Awaits not folded: recursion");
ALWAYS_ENABLED_STATISTIC(NumRefusedCallee,
                         "Awaits not folded: the callee (NotFolded, "
                         "callee facts)");
ALWAYS_ENABLED_STATISTIC(NumRefusedSite, "Awaits not folded: the await site");
ALWAYS_ENABLED_STATISTIC(NumRefusedTwin,
                         "Awaits not folded: the twin failed to build");
ALWAYS_ENABLED_STATISTIC(NumRefusedCost,
                         "Awaits not folded: the cost model predicts growth");
ALWAYS_ENABLED_STATISTIC(NumRefusedNotAwait,
                         "Ramp calls not in the await idiom");
ALWAYS_ENABLED_STATISTIC(NumRefusedSplit,
                         "Awaits not folded: the callee is already split");
ALWAYS_ENABLED_STATISTIC(
    NumRefusedUnknownCallee,
    "Resumed handles of coroutines not defined here or called "
    "indirectly");

namespace {

//===----------------------------------------------------------------------===//
// The module walk
//===----------------------------------------------------------------------===//

class Folder {
public:
  Folder(Module &M, ModuleAnalysisManager &MAM, CostPolicy Policy)
      : FAM(MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager()),
        Order(MAM.getResult<CoroutineGraphAnalysis>(M)), Policy(Policy) {}
  bool run();

private:
  FunctionAnalysisManager &FAM;
  const CoroutineOrder &Order;
  CostPolicy Policy;
  MapVector<Function *, Function *> Twins;
  DenseMap<Function *, std::string> TwinFailures;
  /// Callees whose twin the cost model refused (their TwinFailures entry
  /// says why).
  SmallPtrSet<Function *, 4> CostRefused;
  /// The cost model's code figure for each callee it let through.
  DenseMap<Function *, int64_t> PredictedCode;

  OptimizationRemarkEmitter &ore(Function &F) {
    return FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
  }
  /// Whether \p A can be folded; \p Count: count a refusal in the
  /// statistics (once, where its remark is emitted).
  bool decide(const AwaitSite &A, FoldableCallee &C, FoldPlan &Plan,
              std::string &Why, bool Count = false);
  Function *getTwin(const FoldableCallee &C, std::string &Why);
  bool refusedByCost(const AwaitSite &A);
  bool processCaller(Function &F);
  void explainRefusals(Function &F);
  bool deleteUnusedRamps();
};

bool Folder::decide(const AwaitSite &A, FoldableCallee &C, FoldPlan &Plan,
                    std::string &Why, bool Count) {
  Function &Caller = *A.Ramp->getFunction();
  if (A.Callee == &Caller || Order.reaches(A.Callee, &Caller)) {
    Why = "recursion: '" + A.Callee->getName().str() + "' leads back to '" +
          Caller.getName().str() + "'";
    if (Count)
      ++NumRefusedRecursion;
    return false;
  }
  if (!checkCallee(*A.Callee, FAM, C, Why)) {
    if (Count)
      ++NumRefusedCallee;
    return false;
  }
  if (!checkSite(A, C, Plan, Why)) {
    if (Count)
      ++NumRefusedSite;
    return false;
  }
  return true;
}

Function *Folder::getTwin(const FoldableCallee &C, std::string &Why) {
  Function *Callee = C.Shape->F;
  if (Function *T = Twins.lookup(Callee))
    return T;
  if (auto It = TwinFailures.find(Callee); It != TwinFailures.end()) {
    Why = It->second;
    return nullptr;
  }
  Function *T = buildTwin(C, Why);
  if (!T) {
    TwinFailures[Callee] = Why;
    return nullptr;
  }
  ++NumTwins;
  Twins[Callee] = T;
  ore(*T).emit([&] {
    return OptimizationRemark(DEBUG_TYPE, "Twin", T)
           << "created direct-return twin " << ore::NV("Twin", T->getName())
           << " of suspend-free coroutine "
           << ore::NV("Coroutine", Callee->getName()) << " (predicted code "
           << ore::NV("CodeSize", PredictedCode.lookup(Callee)) << ")";
  });
  return T;
}

/// What folding every await of A's callee would do, predicted before its
/// twin exists (docs/passes/fold-suspend-free.md, "Never worse"). Code:
/// one twin, the callee's body less its coroutine machinery, against each
/// await's machinery (awaitCodeSaved, the await of \p A standing for all) and,
/// for a local callee whose every use is a call, its split functions
/// (splitCoroutineCode). Frame: per await, the callee's frame header (2
/// pointers) and the caller's spill of the handle. Resume path: per await,
/// one suspend and resume of the caller fewer.
CostEstimate estimateFold(const AwaitSite &A, unsigned BodySize,
                          unsigned MachinerySize) {
  Function &Callee = *A.Callee;
  const DataLayout &DL = Callee.getParent()->getDataLayout();
  bool OnlyCalls;
  unsigned Sites = callsFromCoroutines(Callee, OnlyCalls);
  CostEstimate E;
  E.CodeAdded = int64_t(BodySize) - MachinerySize;
  // The callee goes only when nothing but awaits uses it.
  bool Goes = Callee.hasLocalLinkage() && OnlyCalls;
  E.CodeRemoved = int64_t(Sites) * awaitCodeSaved(A) +
                  (Goes ? splitCoroutineCode(BodySize) : 0);
  E.FrameBytes = -int64_t(Sites) * 3 * DL.getPointerSize();
  E.ResumePath = -2 * int64_t(Sites);
  return E;
}

/// Whether the policy forbids the twin of A's callee; decided once per
/// callee, before the twin is built, and then remembered as a twin
/// failure whose reason explainRefusals gives.
bool Folder::refusedByCost(const AwaitSite &A) {
  Function *Callee = A.Callee;
  if (Twins.count(Callee))
    return false;
  if (TwinFailures.count(Callee))
    return CostRefused.count(Callee);
  const CalleeSummary *Sum = getCoroShape(*Callee, FAM).asCallee();
  if (!Sum)
    return false; // decide() has accepted it: it is a pre-split callee
  CostEstimate Cost = estimateFold(A, Sum->Size, Sum->MachinerySize);
  std::optional<std::string> Why = Cost.refusal(Policy);
  if (!Why) {
    PredictedCode[Callee] = Cost.codeDelta();
    return false;
  }
  TwinFailures[Callee] = "folding its awaits: " + *Why;
  CostRefused.insert(Callee);
  return true;
}

bool Folder::processCaller(Function &F) {
  unsigned Folded = 0;
  // Each fold deletes blocks, so read the coroutine again after each one.
  for (bool Progress = true; Progress;) {
    Progress = false;
    const PreSplitShape *S = getCoroShape(F, FAM).preSplit();
    if (!S)
      break;
    for (const AwaitSite &A : S->Awaits) {
      FoldableCallee C;
      FoldPlan Plan;
      std::string Why;
      if (!decide(A, C, Plan, Why) || refusedByCost(A))
        continue;
      Function *Twin = getTwin(C, Why);
      if (!Twin)
        continue;
      Function *Callee = A.Callee;
      CallInst *Call = foldAwait(A, Plan, C, Twin);
      ++NumFolded;
      FAM.invalidate(F, PreservedAnalyses::none());
      ore(F).emit([&] {
        return OptimizationRemark(DEBUG_TYPE, "Folded", Call)
               << "folded await of suspend-free coroutine "
               << ore::NV("Callee", Callee->getName()) << " in "
               << ore::NV("Coroutine", F.getName()) << " into a call of "
               << ore::NV("Twin", Twin->getName());
      });
      ++Folded;
      Progress = true;
      break;
    }
  }
  if (Folded) {
    const PreSplitShape *S = getCoroShape(F, FAM).preSplit();
    unsigned Left = S ? S->count(SuspendKind::Internal) : 0;
    ore(F).emit([&] {
      return OptimizationRemark(DEBUG_TYPE, "Summary", &F)
             << "coroutine " << ore::NV("Coroutine", F.getName()) << ": "
             << ore::NV("FoldedAwaits", Folded) << " await(s) folded, "
             << ore::NV("InternalSuspends", Left)
             << " internal suspend point(s) left";
    });
  }
  explainRefusals(F);
  return Folded != 0;
}

/// One missed remark for each await (or await-like use of a handle) of
/// \p F that is left.
void Folder::explainRefusals(Function &F) {
  const PreSplitShape *S = getCoroShape(F, FAM).preSplit();
  if (!S)
    return;
  OptimizationRemarkEmitter &ORE = ore(F);
  auto Missed = [&](Instruction *At, StringRef Callee, const Twine &Why) {
    ORE.emit([&] {
      return OptimizationRemarkMissed(DEBUG_TYPE, "NotFolded", At)
             << "cannot fold the await of " << ore::NV("Callee", Callee)
             << " in " << ore::NV("Coroutine", F.getName()) << ": "
             << Why.str();
    });
  };
  for (const AwaitSite &A : S->Awaits) {
    FoldableCallee C;
    FoldPlan Plan;
    std::string Why;
    if (!decide(A, C, Plan, Why, /*Count=*/true) && !Why.empty()) {
      Missed(A.Ramp, A.Callee->getName(), Why);
    } else if (auto It = TwinFailures.find(A.Callee);
               It != TwinFailures.end()) {
      ++(CostRefused.count(A.Callee) ? NumRefusedCost : NumRefusedTwin);
      Missed(A.Ramp, A.Callee->getName(), It->second);
    }
  }
  for (const AwaitSite &A : S->SplitAwaits) {
    ++NumRefusedSplit;
    Missed(A.Start, A.Callee->getName(), alreadySplitRefusal(A, "folded"));
  }
  for (const auto &[Call, Why] : S->RefusedAwaits) {
    ++NumRefusedNotAwait;
    Missed(Call, Call->getCalledFunction()->getName(),
           "not an await in the await idiom: " + Why);
  }
  // Handles of coroutines the analysis does not know: resumed, but created
  // by something other than a ramp defined here.
  for (Instruction &I : instructions(F)) {
    auto *CI = dyn_cast<CallInst>(&I);
    if (!CI || !CI->getType()->isPointerTy() || isa<IntrinsicInst>(CI))
      continue;
    Function *G = CI->getCalledFunction();
    if (G && !G->isDeclaration() && findPreSplitCoroId(*G))
      continue;
    bool Resumed = any_of(CI->users(), [&](User *U) {
      if (auto *SF = dyn_cast<CoroSubFnInst>(U))
        return SF->getIndex() == CoroSubFnInst::ResumeIndex;
      auto *II = dyn_cast<IntrinsicInst>(U);
      return II && II->getIntrinsicID() == Intrinsic::coro_resume;
    });
    if (!Resumed)
      continue;
    ++NumRefusedUnknownCallee;
    if (!G)
      Missed(CI, "<indirect>", "the awaited coroutine is called indirectly");
    else if (G->isDeclaration())
      Missed(CI, G->getName(),
             "the awaited coroutine is not defined in this module");
    else
      Missed(CI, G->getName(), "it is not a pre-split coroutine");
  }
}

/// Deletes each ramp that got a twin and is now unused and internal.
bool Folder::deleteUnusedRamps() {
  bool Changed = false;
  for (auto &Entry : Twins) {
    Function *Callee = Entry.first, *Twin = Entry.second;
    // The ramp's own llvm.coro.id names it; that use does not count.
    bool Used = any_of(Callee->users(), [&](User *U) {
      auto *I = dyn_cast<Instruction>(U);
      return !I || I->getFunction() != Callee;
    });
    if (Used || !Callee->hasLocalLinkage())
      continue;
    ore(*Twin).emit([&] {
      return OptimizationRemark(DEBUG_TYPE, "RampDeleted", Twin)
             << "deleted the ramp of "
             << ore::NV("Coroutine", Callee->getName())
             << ": every await of it was folded into "
             << ore::NV("Twin", Twin->getName());
    });
    ++NumRampsDeleted;
    FAM.clear(*Callee, Callee->getName());
    Callee->replaceAllUsesWith(PoisonValue::get(Callee->getType()));
    Callee->eraseFromParent();
    Changed = true;
  }
  return Changed;
}

bool Folder::run() {
  bool Changed = false;
  for (Function *F : Order.bottomUp())
    if (!F->hasOptNone())
      Changed |= processCaller(*F);
  Changed |= deleteUnusedRamps();
  return Changed;
}

} // namespace

PreservedAnalyses FoldSuspendFreePass::run(Module &M,
                                           ModuleAnalysisManager &MAM) {
  return Folder(M, MAM, Cost).run() ? PreservedAnalyses::none()
                                    : PreservedAnalyses::all();
}

Expected<FoldSuspendFreePass> FoldSuspendFreePass::create(StringRef Params) {
  CostPolicy Cost = defaultCostPolicy();
  Expected<SmallVector<PassParam, 4>> Entries = splitPassParams(Params);
  if (!Entries)
    return Entries.takeError();
  for (const PassParam &P : *Entries) {
    Expected<bool> TookCost = takeCostParam(P.Key, P.Value, Cost);
    if (!TookCost)
      return TookCost.takeError();
    if (!*TookCost)
      return createStringError("unknown parameter '" + P.Text +
                               "' (expected cost=size|speed|off)");
  }
  return FoldSuspendFreePass(Cost);
}

void FoldSuspendFreePass::printPipeline(
    raw_ostream &OS, function_ref<StringRef(StringRef)> MapClassName2PassName) {
  PassInfoMixin<FoldSuspendFreePass>::printPipeline(OS, MapClassName2PassName);
  OS << "<cost=" << toString(Cost) << '>';
}
