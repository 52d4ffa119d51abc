//===- MergeStates.cpp - Merge identical suspend states -------------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// Two suspend points of a pre-split coroutine are the same state when
// everything from the suspend on is the same. CoroSplit gives every
// llvm.coro.suspend its own index and its own cases in .resume, .destroy and
// .cleanup, so `cmd == A ? await send(1) : await send(2)` costs two states
// although the arms differ only in an argument.
//
// The pass works on *regions*: a region starts at one instruction (a
// coro.save / coro.suspend for level 1, the ramp call of an await for level
// 2, possibly moved up over identical code that precedes it) and contains
// every block reached from there until the walk arrives at a block that the
// other region reaches too (the common join). Two regions match when a
// lockstep walk from their starts pairs every block and instruction:
//
//  * the same operation (Instruction::isSameOperationAs), the same callee
//    (or two callees with identical bodies, see FunctionComparator: clang
//    emits one await_suspend wrapper per co_await; not when the linker may
//    replace either), the same volatility and atomicity, the same debug
//    records;
//  * operands that are either paired region values, or the same value, or
//    two values from outside the regions: those are known before the region
//    runs and become phi nodes at its start;
//  * successors that are paired blocks or the very same block outside (an
//    exit edge). Phis in exit blocks are checked like operands.
//
// This file recognises, decides and remarks; passes/MergeStatesMatch.cpp
// walks two regions in lockstep (the Merger, coroslim/MergeStatesMatch.h);
// passes/MergeStatesLowered.cpp is the lowered form (rustc poll
// functions); passes/MergeStatesRewrite.cpp
// merges a matched group by keeping the first region, sending the entry
// edges of the others to it through one small block each (so that the new
// phis can tell the arms apart) and deleting the other copies. Values of the
// deleted copies used outside the regions are rewritten to the kept copy
// with SSAUpdater, after checkGroup proved here that the kept copy's value
// is the one that such a use would have seen.
//
// Everything is checked before the first change, so a refused merge leaves
// the function untouched, and a merged function has no two matching regions
// left, so running the pass again changes nothing.
//
//===----------------------------------------------------------------------===//

#include "coroslim/MergeStates.h"
#include "coroslim/CoroShape.h"
#include "coroslim/CoroShapeAnalysis.h"
#include "coroslim/CostModel.h"
#include "coroslim/MergeStatesMatch.h"
#include "coroslim/MergeStatesRewrite.h"
#include "coroslim/PassParams.h"
#include "coroslim/SourceTerms.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/FunctionComparator.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;
using namespace coroslim;
using namespace coroslim::mergestates;

#define DEBUG_TYPE "coroslim-merge-states"

ALWAYS_ENABLED_STATISTIC(NumMerged, "Groups of regions merged into one");
ALWAYS_ENABLED_STATISTIC(NumStatesRemoved, "Suspend points removed by merging");
ALWAYS_ENABLED_STATISTIC(NumNotRecognised,
                         "Coroutines not recognised (NotRecognised)");
ALWAYS_ENABLED_STATISTIC(NumNotMergedCallees,
                         "Regions not merged: different callees (NotMerged)");
ALWAYS_ENABLED_STATISTIC(NumNotMergedCost,
                         "Groups not merged: the cost model predicts growth "
                         "(NotMerged)");
ALWAYS_ENABLED_STATISTIC(NumNotMergedShape,
                         "Regions not merged: their code differs or cannot "
                         "be joined (NotMerged)");

// Both flags take exactly the values of their parameters (level=,
// max-blocks=): the parser rejects anything else when the command line is
// parsed, so the default pipeline always gets a pass it can build.
static cl::opt<unsigned, false, UnsignedFlagParser<1, 2>> MergeLevel(
    "coroslim-merge-level", cl::init(2), cl::value_desc("1|2"),
    cl::desc("coroslim-merge-states: 1 merges suspend points only, 2 also "
             "merges await regions (default 2)"));

static cl::opt<unsigned, false, UnsignedFlagParser<1>> MergeMaxBlocks(
    "coroslim-merge-max-blocks", cl::init(64), cl::value_desc("N"),
    cl::desc("coroslim-merge-states: largest region (in blocks) it compares, "
             "at least 1 (default 64)"));

namespace {

// Remarks speak in source terms (SourceTerms.h): functions by name,
// instructions by what they do and, with -g, by their line; never IR value
// or block names such as %25, which mean nothing in the source.

/// "\p What at line L" with -g, else "Nth \p What" (\p N counts the
/// candidates of that kind in program order).
std::string where(const Instruction *I, const std::string &What, unsigned N) {
  std::string L = atLine(*I);
  return L.empty() ? ordinal(N) + " " + What : What + L;
}

/// One region that may be merged: where it starts and how to call it.
struct Candidate {
  Instruction *Start = nullptr;
  unsigned Level = 1;
  SuspendKind Kind = SuspendKind::Internal;
  Function *Callee = nullptr; ///< level 2
  std::string What;           ///< for remarks
};

/// The block in which \p U reads its value (a phi reads at the end of the
/// incoming block).
BasicBlock *useBlock(const Use &U) {
  auto *UI = cast<Instruction>(U.getUser());
  if (auto *PN = dyn_cast<PHINode>(UI))
    return PN->getIncomingBlock(U);
  return UI->getParent();
}

} // namespace

/// Checks the group as a whole: regions pairwise disjoint, no region using
/// another one's values, and every value used outside its region repairable.
std::string Merger::checkGroup(ArrayRef<const RegionMatch *> Group) {
  const RegionMatch &L = *Group.front();
  // Which region (0 = leader, k = Group[k-1]'s other) each block belongs to.
  DenseMap<const BasicBlock *, unsigned> Owner;
  for (BasicBlock *B : L.Blocks1)
    Owner[B] = 0;
  for (unsigned K = 0; K < Group.size(); ++K)
    for (const BasicBlock *B : Group[K]->BlocksK)
      if (!Owner.try_emplace(B, K + 1).second)
        return "the regions overlap (" + describe(B) + ")";
  auto RegionOf = [&](const Value *V) -> int {
    const auto *I = dyn_cast<Instruction>(V);
    if (!I)
      return -1;
    if (L.InstMap.count(I))
      return 0;
    for (unsigned K = 0; K < Group.size(); ++K)
      if (Group[K]->RevInstMap.count(I))
        return K + 1;
    return -1;
  };
  SmallVector<Instruction *, 4> Starts{L.Start1};
  for (const RegionMatch *M : Group)
    Starts.push_back(M->StartK);
  // Each region may use only its own values and values from outside.
  auto Check = [&](const Instruction *I, unsigned R) -> std::string {
    for (const Value *Op : I->operand_values()) {
      int O = RegionOf(Op);
      if (O >= 0 && unsigned(O) != R)
        return "a region uses " + describe(Op) + ", defined in another one";
    }
    return "";
  };
  for (auto &[I1, Ik] : L.Pairs) {
    std::string Why = Check(I1, 0);
    if (!Why.empty())
      return Why;
  }
  for (unsigned K = 0; K < Group.size(); ++K)
    for (auto &[I1, Ik] : Group[K]->Pairs) {
      std::string Why = Check(Ik, K + 1);
      if (!Why.empty())
        return Why;
    }
  // Live-out values. After the merge the kept copy of a value stands for
  // the value of every region; a use outside read the value of one region
  // (the one defining it dominates the use). The kept copy gives it the
  // same value when no region start reaches the use without passing the
  // definition again: then the last region run before the use is the one
  // that defined it. Exit phis along exit edges were matched by the walk.
  auto IsExitEdge = [&](const Use &U, unsigned R) {
    auto *PN = dyn_cast<PHINode>(U.getUser());
    if (!PN)
      return false;
    BasicBlock *In = PN->getIncomingBlock(U);
    auto OwnerIt = Owner.find(In);
    return OwnerIt != Owner.end() && OwnerIt->second == R;
  };
  auto Reaches = [&](const BasicBlock *Def, const BasicBlock *UseBB) {
    SmallPtrSet<const BasicBlock *, 32> Seen;
    SmallVector<const BasicBlock *, 32> Work;
    for (Instruction *S : Starts)
      if (S->getParent() != Def)
        append_range(Work, successors(S->getParent()));
    while (!Work.empty()) {
      const BasicBlock *B = Work.pop_back_val();
      if (B == UseBB)
        return true;
      if (B == Def || !Seen.insert(B).second)
        continue;
      append_range(Work, successors(B));
    }
    return false;
  };
  auto CheckUses = [&](Instruction *I, unsigned R) -> std::string {
    for (const Use &U : I->uses()) {
      auto *UI = cast<Instruction>(U.getUser());
      auto OwnerIt = Owner.find(UI->getParent());
      bool Inside = OwnerIt != Owner.end() && OwnerIt->second == R &&
                    RegionOf(UI) == int(R);
      if (Inside || IsExitEdge(U, R))
        continue;
      if (Reaches(I->getParent(), useBlock(U)))
        return "unrepairable live-out value: " + describe(I) + " is used in " +
               describe(useBlock(U)) + ", which another region's run can reach";
    }
    return "";
  };
  for (auto &[I1, Ik] : L.Pairs) {
    std::string Why = CheckUses(I1, 0);
    if (!Why.empty())
      return Why;
  }
  for (unsigned K = 0; K < Group.size(); ++K)
    for (auto &[I1, Ik] : Group[K]->Pairs) {
      std::string Why = CheckUses(Ik, K + 1);
      if (!Why.empty())
        return Why;
    }
  return checkUnifiedLocals(Group, RegionOf);
}

/// The locals that become one (AllocaUnify) must stay apart in time after
/// the merge too: each region names one local where the leader names
/// another, locals with lifetimes never alive together, and an elided
/// frame used nowhere but in its own region.
std::string
Merger::checkUnifiedLocals(ArrayRef<const RegionMatch *> Group,
                           function_ref<int(const Value *)> RegionOf) const {
  DenseMap<const AllocaInst *, SmallVector<const AllocaInst *, 4>> Sharing;
  for (unsigned K = 0; K < Group.size(); ++K) {
    DenseMap<const AllocaInst *, const AllocaInst *> Fwd, Back;
    for (const AllocaUnify &U : Group[K]->Unify) {
      if (!Fwd.try_emplace(U.A1, U.Ak).second ||
          !Back.try_emplace(U.Ak, U.A1).second)
        return "the regions use their local variables differently (" +
               describe(U.A1) + " vs " + describe(U.Ak) + ")";
      if (U.A1 == U.Ak)
        continue;
      auto &Others = Sharing[U.A1];
      for (const AllocaInst *O : Others)
        if (!U.ElidedFrames && O != U.Ak &&
            !S.Lifetimes.neverAliveTogether(O, U.Ak))
          return "the local variables " + describe(O) + " and " +
                 describe(U.Ak) + " of two regions are alive together";
      Others.push_back(U.Ak);
      if (!U.ElidedFrames)
        continue;
      for (auto [A, R] :
           {std::pair<const AllocaInst *, unsigned>{U.A1, 0}, {U.Ak, K + 1}}) {
        SmallVector<const Value *, 4> Work{A};
        while (!Work.empty())
          for (const User *Usr : Work.pop_back_val()->users()) {
            if (auto *BC = dyn_cast<BitCastInst>(Usr);
                BC && BC->getSrcTy() == BC->getDestTy()) {
              Work.push_back(BC);
              continue;
            }
            if (RegionOf(Usr) != int(R))
              return "the frame " + describe(A) +
                     " that LLVM elided for an await is used outside the "
                     "await, at " +
                     describe(Usr);
          }
      }
    }
  }
  return "";
}

namespace {

/// The regions of \p S that this pass may merge, in program order.
SmallVector<Candidate, 8> collectCandidates(const PreSplitShape &S,
                                            unsigned Level) {
  SmallVector<Candidate, 8> Cands;
  SmallPtrSet<const CoroSuspendInst *, 4> AwaitSuspends;
  unsigned AwaitNo = 0;
  // Awaits of callees LLVM has already split (an inlined ramp, an elided
  // frame) merge like ramp calls: the regions are compared instruction by
  // instruction either way.
  for (const AwaitSite &A : S.allAwaits()) {
    ++AwaitNo;
    AwaitSuspends.insert(A.LoopSuspend);
    if (Level < 2)
      continue;
    Candidate C;
    C.Start = A.Start;
    C.Level = 2;
    C.Callee = A.Callee;
    C.What =
        "the " + where(A.Start, "await of " + funcName(*A.Callee), AwaitNo);
    Cands.push_back(C);
  }
  DenseMap<unsigned, unsigned> SuspendsOfKind;
  for (const SuspendPoint &SP : S.Suspends) {
    unsigned SuspendNo = ++SuspendsOfKind[unsigned(SP.Kind)];
    if (AwaitSuspends.count(SP.Suspend) || !SP.Switch ||
        (SP.Kind != SuspendKind::Internal &&
         SP.Kind != SuspendKind::CheckedCompletion))
      continue;
    Candidate C;
    C.Start = SP.Save && SP.Save->getParent() == SP.Suspend->getParent()
                  ? static_cast<Instruction *>(SP.Save)
                  : SP.Suspend;
    C.Level = 1;
    C.Kind = SP.Kind;
    C.What =
        "the " + where(SP.Suspend, toString(SP.Kind).str() + " suspend point",
                       SuspendNo);
    Cands.push_back(C);
  }
  return Cands;
}

/// The first instructions of the two arms that lead to \p A and \p B: the
/// children, on the way to each, of their nearest common dominator, after
/// a leading landingpad and any leading lifetime.start markers (the arms'
/// own exception handlers and allocas stay theirs). Another EH pad is
/// returned as is: a funclet cannot be shared, and match() refuses it.
std::optional<std::pair<Instruction *, Instruction *>>
armStarts(const DominatorTree &DT, Instruction *A, Instruction *B) {
  BasicBlock *Common =
      DT.findNearestCommonDominator(A->getParent(), B->getParent());
  if (!Common)
    return std::nullopt;
  auto ArmOf = [&](BasicBlock *BB) -> Instruction * {
    DomTreeNode *N = DT.getNode(BB);
    while (N && N->getIDom() && N->getIDom()->getBlock() != Common)
      N = N->getIDom();
    if (!N || !N->getIDom())
      return nullptr;
    Instruction *I = &*N->getBlock()->getFirstNonPHIIt();
    if (isa<LandingPadInst>(I))
      I = I->getNextNode();
    while (I->isLifetimeStartOrEnd() && !I->isTerminator())
      I = I->getNextNode();
    return I;
  };
  Instruction *SA = ArmOf(A->getParent()), *SB = ArmOf(B->getParent());
  if (!SA || !SB || SA->getParent() == SB->getParent() || (SA == A && SB == B))
    return std::nullopt;
  return std::make_pair(SA, SB);
}

/// True when no region that starts in \p E1 can meet one that starts in
/// \p Ek at a common join, whatever their code. match() enters a region
/// only at its start (a block of it entered from outside is refused), so
/// every block of a region is dominated by its start block; and every
/// successor of a region block is in the region or a common exit, which a
/// block of the other region, so one dominated by \p Ek, jumps to as well.
/// A successor that no such block jumps to must be in the region, so
/// dominated by \p E1: when one is not, the walk from \p E1 fails. This is
/// the case when the region would run into the other's code on its way to
/// the join: the C++ initial suspend at PipelineEarlySimplification, behind
/// the initial awaiter's `await_ready()` call (its resume block is also
/// entered from that branch); the suspend of an await whose task may be
/// done at once, before the next await; an await in a retry loop (`while
/// (!try_recv()) co_await readable();`), whose loop header is also entered
/// from before the loop.
bool cannotJoin(const DominatorTree &DT, const BasicBlock *E1,
                const BasicBlock *Ek) {
  SmallPtrSet<const BasicBlock *, 16> InRegion{E1};
  SmallVector<const BasicBlock *, 16> Work{E1};
  while (!Work.empty()) {
    const BasicBlock *B = Work.pop_back_val();
    for (const BasicBlock *X : successors(B)) {
      if (InRegion.count(X) ||
          any_of(predecessors(X),
                 [&](const BasicBlock *P) { return DT.dominates(Ek, P); }))
        continue; // may be a common exit
      if (!DT.dominates(E1, X))
        return true;
      InRegion.insert(X);
      Work.push_back(X);
    }
  }
  return false;
}

/// The remark for two arms that differ at their head in the ramp calls of
/// two different coroutines (PipelineEarlySimplification: the awaits of
/// two tasks, `co_await leaf(v)` / `co_await chain(d - 1, v + 1)`), whose
/// arguments may be computed differently before them too: the awaited
/// tasks, not the first instruction that differs. Empty otherwise.
std::string differentRamps(Merger &Mg,
                           std::pair<Instruction *, Instruction *> Diff) {
  auto *C1 = dyn_cast_or_null<CallBase>(Diff.first);
  auto *Ck = dyn_cast_or_null<CallBase>(Diff.second);
  Function *F1 = C1 ? C1->getCalledFunction() : nullptr;
  Function *Fk = Ck ? Ck->getCalledFunction() : nullptr;
  if (!F1 || !Fk || F1 == Fk || !F1->isPresplitCoroutine() ||
      !Fk->isPresplitCoroutine() || Mg.sameCallee(F1, Fk))
    return "";
  return "different callees (the regions await " + funcName(*F1) + " and " +
         funcName(*Fk) + ", two coroutines)";
}

/// Finds and merges one group. Returns true when it changed \p F.
bool mergeOneGroup(Function &F, const PreSplitShape &S, unsigned Level,
                   unsigned MaxBlocks, CostPolicy Policy, DominatorTree &DT,
                   const TargetTransformInfo &TTI,
                   OptimizationRemarkEmitter &ORE,
                   MapVector<Instruction *, std::string> &Refused) {
  SmallVector<Candidate, 8> Cands = collectCandidates(S, Level);
  if (Cands.size() < 2)
    return false;
  Merger Mg(F, S, MaxBlocks);
  for (const SuspendPoint &SP : S.Suspends)
    if (SP.Kind == SuspendKind::Initial || SP.Kind == SuspendKind::Final)
      Mg.pin(SP.Suspend);
  for (unsigned I = 0; I < Cands.size(); ++I) {
    const Candidate &Lead = Cands[I];
    SmallVector<std::unique_ptr<RegionMatch>, 4> Group;
    SmallVector<const Candidate *, 4> Members;
    for (unsigned J = I + 1; J < Cands.size(); ++J) {
      const Candidate &C = Cands[J];
      if (C.Level != Lead.Level || C.Kind != Lead.Kind)
        continue;
      // Only siblings can meet at a common join; one region running before
      // the other (sequential awaits) is not a candidate, and no remark.
      if (DT.dominates(Lead.Start, C.Start) ||
          DT.dominates(C.Start, Lead.Start))
        continue;
      // Nor when no start tried can meet the other (cannotJoin).
      bool MayJoin = false;
      std::string Why, Note;
      std::unique_ptr<RegionMatch> Best;
      if (Lead.Level == 2 && Lead.Callee != C.Callee &&
          !Mg.sameCallee(Lead.Callee, C.Callee, &Note)) {
        Why = "different callees (" + funcName(*Lead.Callee) + " vs " +
              funcName(*C.Callee) + Note + ")";
      } else {
        // Where the two regions may start, in this order: (1) moved up
        // over common code that precedes them, (2) as they are, (3) at the
        // start of the two arms that lead to them (the inlined ramp and
        // await loop of an already split callee), (4) past code at the
        // head of those arms that differs, such as the arguments of an
        // await computed in different ways. Every region of a group starts
        // at the same place in the leader.
        SmallVector<std::pair<Instruction *, Instruction *>, 8> Tries;
        Instruction *S1 = Lead.Start, *Sk = C.Start;
        if (Mg.moveStartsUp(S1, Sk, 32))
          Tries.push_back({S1, Sk});
        Tries.push_back({Lead.Start, C.Start});
        unsigned FirstPast = ~0u;
        bool DiffersAtHead = false;
        std::pair<Instruction *, Instruction *> HeadDiff{nullptr, nullptr};
        if (auto Arms = armStarts(DT, Lead.Start, C.Start)) {
          Tries.push_back(*Arms);
          FirstPast = Tries.size();
          append_range(
              Tries, Mg.startsPastDifferingCode(Arms->first, Arms->second,
                                                Lead.Start, C.Start, /*Max=*/4,
                                                DiffersAtHead, &HeadDiff));
        }
        for (unsigned T = 0; T < Tries.size(); ++T) {
          auto [S1, Sk] = Tries[T];
          if (!Group.empty() && S1 != Group.front()->Start1)
            continue;
          MayJoin |= !cannotJoin(DT, S1->getParent(), Sk->getParent()) &&
                     !cannotJoin(DT, Sk->getParent(), S1->getParent());
          auto M = std::make_unique<RegionMatch>();
          std::string W = Mg.match(S1, Sk, *M);
          if (W.empty() && !Group.empty() &&
              M->Blocks1 != Group.front()->Blocks1)
            W = "its join differs from the other merged regions'";
          if (W.empty()) {
            SmallVector<const RegionMatch *, 4> Trial;
            for (auto &G : Group)
              Trial.push_back(G.get());
            Trial.push_back(M.get());
            W = Mg.checkGroup(Trial);
          }
          if (W.empty()) {
            Best = std::move(M);
            break;
          }
          // The arm starts (the widest region) say best what differs,
          // unless the arms differ at their head: then the longest region
          // past that code says what differs beyond it.
          if (T < FirstPast || (T == FirstPast && DiffersAtHead))
            Why = W;
        }
        if (!Best && Why.empty())
          Why = "its region cannot start where the other merged ones do";
        else if (!Best && !MayJoin)
          continue;
        else if (std::string Ramps = differentRamps(Mg, HeadDiff);
                 !Best && !Ramps.empty())
          Why = Ramps;
      }
      if (Best) {
        Group.push_back(std::move(Best));
        Members.push_back(&C);
        continue;
      }
      Refused.try_emplace(C.Start, "cannot merge " + C.What + " with " +
                                       Lead.What + ": " + Why);
    }
    if (Group.empty())
      continue;
    SmallVector<const RegionMatch *, 4> Ptrs;
    for (auto &G : Group)
      Ptrs.push_back(G.get());
    unsigned Suspends = Group.front()->Suspends1.size();
    std::string What = Lead.Level == 2
                           ? "awaits of " + funcName(*Lead.Callee)
                           : toString(Lead.Kind).str() + " suspend points";
    // Never worse than LLVM alone: the policy may forbid what the cost
    // model predicts; then the whole group stays apart.
    CostEstimate Cost = estimateMerge(Ptrs, S, TTI);
    if (std::optional<std::string> Why = Cost.refusal(Policy)) {
      ++NumNotMergedCost;
      for (const Candidate *C : Members)
        Refused.try_emplace(C->Start, "cannot merge " + C->What + " with " +
                                          Lead.What + ": " + *Why);
      continue;
    }
    Instruction *At = Lead.Start;
    mergeRegions(Ptrs);
    ++NumMerged;
    NumStatesRemoved += Ptrs.size() * Suspends;
    ORE.emit([&] {
      return OptimizationRemark(DEBUG_TYPE, "Merged", At)
             << "merged " << ore::NV("Regions", unsigned(Ptrs.size() + 1))
             << " " << What << " of coroutine "
             << ore::NV("Coroutine", F.getName()) << " into one ("
             << ore::NV("StatesRemoved", unsigned(Ptrs.size() * Suspends))
             << " suspend points fewer; predicted frame "
             << ore::NV("FrameBytes", Cost.FrameBytes) << " bytes, code "
             << ore::NV("CodeSize", Cost.codeDelta()) << ")";
    });
    return true;
  }
  return false;
}

} // namespace

PreservedAnalyses MergeStatesPass::run(Function &F,
                                       FunctionAnalysisManager &FAM) {
  if (F.hasOptNone() || F.isDeclaration())
    return PreservedAnalyses::all();
  if (!F.isPresplitCoroutine()) {
    // The lowered form takes rustc poll functions only: the contract its
    // analysis rests on is rustc's (coroslim/StateValues.h).
    if (Takes == CoroForm::PreSplit || !runLoweredForm(F, FAM))
      return PreservedAnalyses::all();
    return PreservedAnalyses::none();
  }
  if (Takes == CoroForm::Lowered)
    return PreservedAnalyses::all();
  const PreSplitShape *S = getCoroShape(F, FAM).preSplit();
  if (!S) {
    ++NumNotRecognised;
    FAM.getResult<OptimizationRemarkEmitterAnalysis>(F).emit([&] {
      return OptimizationRemarkMissed(DEBUG_TYPE, "NotRecognised", &F)
             << "coroutine " << ore::NV("Coroutine", F.getName())
             << " not recognised: " << getCoroShape(F, FAM).whyNotPreSplit();
    });
    return PreservedAnalyses::all();
  }
  bool Changed = false;
  // Why each candidate stayed alone; rebuilt by every round, so that it
  // never names an instruction a merge deleted.
  MapVector<Instruction *, std::string> Refused;
  // Each merge changes the shape; analyse again until nothing merges. Every
  // round removes at least one suspend point or await, so this ends.
  for (unsigned Round = 0, Rounds = S->Suspends.size(); Round <= Rounds;
       ++Round) {
    Refused.clear();
    if (!mergeOneGroup(F, *S, Level, MaxBlocks, Cost,
                       FAM.getResult<DominatorTreeAnalysis>(F),
                       FAM.getResult<TargetIRAnalysis>(F),
                       FAM.getResult<OptimizationRemarkEmitterAnalysis>(F),
                       Refused))
      break;
    Changed = true;
    FAM.invalidate(F, PreservedAnalyses::none());
    S = getCoroShape(F, FAM).preSplit();
    if (!S) {
      Refused.clear();
      break;
    }
  }
  OptimizationRemarkEmitter &ORE =
      FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
  for (auto &Entry : Refused) {
    StringRef Why(Entry.second);
    if (!Why.contains(": the cost model"))
      ++(Why.contains(": different callees") ? NumNotMergedCallees
                                             : NumNotMergedShape);
    ORE.emit([&] {
      return OptimizationRemarkMissed(DEBUG_TYPE, "NotMerged", Entry.first)
             << "coroutine " << ore::NV("Coroutine", F.getName()) << ": "
             << Entry.second;
    });
  }
  if (!Changed)
    return PreservedAnalyses::all();
  return PreservedAnalyses::none();
}

Expected<MergeStatesPass> MergeStatesPass::create(StringRef Params) {
  unsigned Level = MergeLevel, MaxBlocks = MergeMaxBlocks;
  CostPolicy Cost = defaultCostPolicy();
  CoroForm Takes = CoroForm::Any;
  Expected<SmallVector<PassParam, 4>> Entries = splitPassParams(Params);
  if (!Entries)
    return Entries.takeError();
  for (const PassParam &P : *Entries) {
    Expected<bool> TookCost = takeCostParam(P.Key, P.Value, Cost);
    if (!TookCost)
      return TookCost.takeError();
    if (*TookCost)
      continue;
    if (P.Key == "form" && !P.Value.empty()) {
      Expected<CoroForm> F = parseCoroForm(P.Value);
      if (!F)
        return F.takeError();
      Takes = *F;
      continue;
    }
    unsigned *Field, Max;
    if (P.Key == "level") {
      Field = &Level;
      Max = 2;
    } else if (P.Key == "max-blocks") {
      Field = &MaxBlocks;
      Max = UINT_MAX;
    } else {
      return createStringError(
          "unknown parameter '" + P.Text +
          "' (expected level=1|2, max-blocks=N, cost=size|speed|off or "
          "form=any|pre-split|lowered)");
    }
    Expected<unsigned> N = parseUnsigned(P.Value, 1, Max, P.Key);
    if (!N)
      return N.takeError();
    *Field = *N;
  }
  return MergeStatesPass(Level, MaxBlocks, Cost, Takes);
}

void MergeStatesPass::printPipeline(
    raw_ostream &OS, function_ref<StringRef(StringRef)> MapClassName2PassName) {
  PassInfoMixin<MergeStatesPass>::printPipeline(OS, MapClassName2PassName);
  OS << "<level=" << Level << ";max-blocks=" << MaxBlocks
     << ";cost=" << toString(Cost);
  // Only when set, so that a pass named without it prints as it always did.
  if (Takes != CoroForm::Any)
    OS << ";form=" << toString(Takes);
  OS << '>';
}
