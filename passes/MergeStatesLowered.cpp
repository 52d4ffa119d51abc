//===- MergeStatesLowered.cpp - States of rustc poll functions ------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// The lowered form of coroslim-merge-states: rustc poll functions, which
// rustc lowers itself (no llvm.coro.*). It runs where each poll function is
// still separate, in the CGSCC walk before the inliner copies it into its
// parent's poll (the ScalarOptimizerLate slot, `form=lowered`), and removes
// the branch edges that no poll can take: cases of states nothing can enter,
// and the branches of child futures inlined into it on states that are a
// function of the parent's (the shared analysis, coroslim/StateValues.h,
// proves which). An inlined child's "resumed after completion" arm is the
// common case: the parent never polls a child it saw complete, so the arm
// goes even without the release flag, and with it the panic call.
//
// Recognise (a rustc poll function: CoroShape's lowered form with rustc's
// post-completion arms) -> decide (StateValues) -> rewrite (drop the edges)
// -> remark.
//
//===----------------------------------------------------------------------===//

#include "coroslim/CoroShapeAnalysis.h"
#include "coroslim/MergeStatesRewrite.h"
#include "coroslim/SourceTerms.h"
#include "coroslim/StateValues.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/Debug.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;
using namespace coroslim;

#define DEBUG_TYPE "coroslim-merge-states"

ALWAYS_ENABLED_STATISTIC(NumDeadEdges,
                         "Branch edges of rustc poll functions no poll takes");
ALWAYS_ENABLED_STATISTIC(NumPollsPruned,
                         "rustc poll functions whose dead edges were removed");
ALWAYS_ENABLED_STATISTIC(NumArmsMerged,
                         "States of rustc poll functions merged into another");
ALWAYS_ENABLED_STATISTIC(
    NumArmsNotMerged, "States of rustc poll functions not merged (NotMerged)");
ALWAYS_ENABLED_STATISTIC(NumNotSolved,
                         "rustc poll functions not analysed (NotSolved)");

namespace {

/// What one dead edge is, for the remark.
std::string describeEdge(const StateValueFacts::DeadEdge &E,
                         const LoweredShape &L) {
  std::string Field = E.FieldOffset == L.Offset
                          ? std::string("the state")
                          : "the field at +" + std::to_string(E.FieldOffset);
  if (auto *SI = dyn_cast<SwitchInst>(E.Branch)) {
    if (E.Successor == 0)
      return Field + " outside its cases";
    return Field + " = " +
           std::to_string((SI->case_begin() + (E.Successor - 1))
                              ->getCaseValue()
                              ->getZExtValue());
  }
  return (E.Successor == 0 ? "the true side of a branch on "
                           : "the false side of a branch on ") +
         Field;
}

/// Removes \p Dead (successor indexes of \p Term) from the CFG: switch cases
/// go (a dead default becomes unreachable), a conditional branch becomes
/// unconditional. Phis of a block that loses an edge lose its entry.
void removeEdges(Instruction *Term, SmallVectorImpl<unsigned> &Dead) {
  BasicBlock *BB = Term->getParent();
  llvm::sort(Dead, std::greater<unsigned>());
  if (auto *SI = dyn_cast<SwitchInst>(Term)) {
    // Keeps the branch weights one per successor (strip-done-traps gives
    // the done cases of a dispatch unlikely weights).
    SwitchInstProfUpdateWrapper Weighted(*SI);
    for (unsigned S : Dead) {
      BasicBlock *Dest = SI->getSuccessor(S);
      if (S == 0) {
        BasicBlock *Unreachable = BasicBlock::Create(
            BB->getContext(), "coroslim.no.state", BB->getParent());
        new UnreachableInst(BB->getContext(), Unreachable);
        SI->setDefaultDest(Unreachable);
      } else {
        // Cases at and after S may be reordered: S descends.
        Weighted.removeCase(SI->case_begin() + (S - 1));
      }
      Dest->removePredecessor(BB);
    }
    return;
  }
  auto *BI = cast<BranchInst>(Term);
  assert(Dead.size() == 1 && "a reached branch keeps one edge");
  BasicBlock *DeadDest = BI->getSuccessor(Dead.front());
  BasicBlock *Live = BI->getSuccessor(1 - Dead.front());
  Value *Cond = BI->getCondition();
  BranchInst::Create(Live, BI->getIterator());
  BI->eraseFromParent();
  DeadDest->removePredecessor(BB);
  RecursivelyDeleteTriviallyDeadInstructions(Cond);
}

/// A dispatch case that resumes at an await: its region is every block
/// reached from the case and from no other such case (so the join where
/// the arms meet, and everything after it, is outside).
struct Arm {
  uint64_t State;
  BasicBlock *Dest;
  SmallSetVector<BasicBlock *, 16> Region;
};

/// Pairs the region of \p B with the region of \p A in a lockstep walk
/// from their dispatch cases: every block and instruction the same but for
/// stores of the state that differ exactly as the two states do (A stores
/// A.State where B stores B.State). Values from outside the regions must
/// be the very same, but for phi inputs from blocks outside the region (an
/// inlined child's first poll enters the await there), which the merge
/// moves over. Fills \p Map (B's values and blocks to A's) or says why not.
class ArmMatcher {
public:
  ArmMatcher(const LoweredShape &L, const Arm &A, const Arm &B)
      : L(L), A(A), B(B), DL(L.F->getDataLayout()) {}

  bool match(std::string &Why) {
    if (A.Region.size() != B.Region.size()) {
      Why = "their resume arms differ in size";
      return false;
    }
    SmallVector<std::pair<BasicBlock *, BasicBlock *>, 16> Work;
    Work.push_back({A.Dest, B.Dest});
    BlockMap[B.Dest] = A.Dest;
    while (!Work.empty()) {
      auto [BA, BB] = Work.pop_back_val();
      if (!matchBlock(BA, BB, Work, Why))
        return false;
    }
    if (BlockMap.size() != B.Region.size()) {
      Why = "their resume arms differ in shape";
      return false;
    }
    // Second pass, now that every block is paired: operands, and the phis
    // of the blocks where the arms leave (each arm's edge brings the value
    // its own copy computed).
    for (auto &[BB, BA] : BlockMap) {
      for (auto [IA, IB] : zip(*BA, *BB))
        if (!matchOperands(IA, IB, Why))
          return false;
      for (BasicBlock *Out : successors(BB)) {
        if (B.Region.contains(Out))
          continue;
        for (PHINode &Phi : Out->phis())
          if (!sameValue(Phi.getIncomingValueForBlock(BA),
                         Phi.getIncomingValueForBlock(BB))) {
            Why = "their resume arms leave with different values" + atLine(Phi);
            return false;
          }
      }
    }
    return true;
  }

  DenseMap<BasicBlock *, BasicBlock *> BlockMap; ///< B's block -> A's
  DenseMap<Value *, Value *> ValueMap;           ///< B's value -> A's

private:
  bool matchBlock(BasicBlock *BA, BasicBlock *BB,
                  SmallVectorImpl<std::pair<BasicBlock *, BasicBlock *>> &Work,
                  std::string &Why) {
    if (BA->size() != BB->size()) {
      Why = "their resume arms differ in " + describeCode(*BA);
      return false;
    }
    for (auto [IA, IB] : zip(*BA, *BB)) {
      if (!IA.isSameOperationAs(&IB) ||
          IA.getNumOperands() != IB.getNumOperands()) {
        Why = "their resume arms differ: " + kindOf(&IA) + " against " +
              kindOf(&IB) + atLine(IA);
        return false;
      }
      ValueMap[&IB] = &IA;
    }
    Instruction *TA = BA->getTerminator(), *TB = BB->getTerminator();
    for (unsigned S = 0; S < TA->getNumSuccessors(); ++S) {
      BasicBlock *SA = TA->getSuccessor(S), *SB = TB->getSuccessor(S);
      bool InA = A.Region.contains(SA), InB = B.Region.contains(SB);
      if (InA != InB || (!InA && SA != SB)) {
        Why = "their resume arms leave for different code" + atLine(*TA);
        return false;
      }
      if (!InA)
        continue; // the join, checked with the operands of its phis
      auto [It, New] = BlockMap.try_emplace(SB, SA);
      if (!New && It->second != SA) {
        Why = "their resume arms differ in shape" + atLine(*TA);
        return false;
      }
      if (New)
        Work.push_back({SA, SB});
    }
    return true;
  }

  bool sameValue(Value *VA, Value *VB) {
    if (VA == VB)
      return !B.Region.contains(
          isa<Instruction>(VB) ? cast<Instruction>(VB)->getParent() : nullptr);
    if (auto It = ValueMap.find(VB); It != ValueMap.end())
      return It->second == VA;
    if (auto *BBB = dyn_cast<BasicBlock>(VB))
      return BlockMap.lookup(BBB) == VA;
    return false;
  }

  /// A store of the state: A's number in A, B's in B.
  bool isOwnStateStore(Instruction &IA, Instruction &IB) {
    auto *SA = dyn_cast<StoreInst>(&IA), *SB = dyn_cast<StoreInst>(&IB);
    if (!SA || !SB)
      return false;
    auto *CA = dyn_cast<ConstantInt>(SA->getValueOperand());
    auto *CB = dyn_cast<ConstantInt>(SB->getValueOperand());
    std::optional<int64_t> Off =
        offsetFromBase(SA->getPointerOperand(), L.Base, DL);
    return CA && CB && Off && *Off == L.Offset &&
           sameValue(SA->getPointerOperand(), SB->getPointerOperand()) &&
           CA->getZExtValue() == A.State && CB->getZExtValue() == B.State;
  }

  bool matchOperands(Instruction &IA, Instruction &IB, std::string &Why) {
    if (isOwnStateStore(IA, IB)) {
      OwnStores.push_back(&IA);
      return true;
    }
    if (auto *PA = dyn_cast<PHINode>(&IA)) {
      auto *PB = cast<PHINode>(&IB);
      // Inputs from inside the regions pair up; those from outside stay
      // with their edges, which the merge moves to A's block.
      unsigned Inside = 0;
      for (unsigned I = 0; I < PB->getNumIncomingValues(); ++I) {
        BasicBlock *From = PB->getIncomingBlock(I);
        if (!B.Region.contains(From))
          continue;
        ++Inside;
        BasicBlock *FromA = BlockMap.lookup(From);
        int J = FromA ? PA->getBasicBlockIndex(FromA) : -1;
        if (J < 0 ||
            !sameValue(PA->getIncomingValue(J), PB->getIncomingValue(I))) {
          Why = "their resume arms differ in a phi" + atLine(IA);
          return false;
        }
      }
      unsigned InsideA = count_if(PA->blocks(), [&](BasicBlock *From) {
        return A.Region.contains(From);
      });
      if (Inside != InsideA) {
        Why = "their resume arms differ in a phi" + atLine(IA);
        return false;
      }
      return true;
    }
    // Each inlined copy declares its own alias scopes; the kept arm's
    // declarations describe the kept code.
    if (auto *Decl = dyn_cast<IntrinsicInst>(&IA);
        Decl &&
        Decl->getIntrinsicID() == Intrinsic::experimental_noalias_scope_decl)
      return true;
    for (auto [OA, OB] : zip(IA.operands(), IB.operands()))
      if (!sameValue(OA.get(), OB.get())) {
        Why = "their resume arms differ in an operand of " + kindOf(&IA) +
              atLine(IA);
        return false;
      }
    return true;
  }

  const LoweredShape &L;
  const Arm &A;
  const Arm &B;
  const DataLayout &DL;

public:
  SmallVector<Instruction *, 4> OwnStores; ///< A's stores of its state

  /// Why B's entries cannot be moved to A's blocks, or empty: B's values
  /// must not be used after its arm (but by the phis where it leaves), and
  /// each edge into B's arm from elsewhere (an inlined child's first poll)
  /// must bring a value from outside it; the dispatch may enter it by its
  /// own case only, and A's first block takes no phis.
  std::string whyNotMovable() const {
    if (!A.Dest->phis().empty())
      return "the resume arm starts with a phi" + atLine(*A.Dest->begin());
    for (BasicBlock *BB : B.Region) {
      for (Instruction &I : *BB)
        for (Use &U : I.uses()) {
          auto *UI = cast<Instruction>(U.getUser());
          auto *Phi = dyn_cast<PHINode>(UI);
          BasicBlock *Where = Phi ? Phi->getIncomingBlock(U) : UI->getParent();
          if (!B.Region.contains(Where))
            return "a value of the arm is used after it" + atLine(*UI);
        }
      for (BasicBlock *P : predecessors(BB)) {
        if (B.Region.contains(P))
          continue;
        if (P == L.Dispatch->getParent() && BB != B.Dest)
          return "the dispatch enters the arm past its start";
        if (P == L.Dispatch->getParent())
          continue;
        for (PHINode &Phi : BB->phis())
          if (auto *In = dyn_cast<Instruction>(Phi.getIncomingValueForBlock(P));
              In && B.Region.contains(In->getParent()))
            return "the arm is entered with its own value" + atLine(Phi);
      }
    }
    if (count(successors(L.Dispatch->getParent()), B.Dest) != 1)
      return "the dispatch enters the arm by more than one case";
    return "";
  }

  /// Sends every edge into B's arm to the block of A's arm it is paired
  /// with: the dispatch case, and the edges from elsewhere, whose phi inputs
  /// move along.
  void redirectEntries(SwitchInst &Dispatch) {
    for (BasicBlock *BB : B.Region) {
      BasicBlock *BA = BlockMap.lookup(BB);
      SmallSetVector<BasicBlock *, 4> Outside;
      for (BasicBlock *P : predecessors(BB))
        if (!B.Region.contains(P) && P != Dispatch.getParent())
          Outside.insert(P);
      for (BasicBlock *P : Outside) {
        unsigned Edges = count(successors(P), BB);
        for (auto [PA, PB] : zip(BA->phis(), BB->phis()))
          for (unsigned E = 0; E < Edges; ++E)
            PA.addIncoming(PB.getIncomingValueForBlock(P), P);
        P->getTerminator()->replaceSuccessorWith(BB, BA);
        for (unsigned E = 0; E < Edges; ++E)
          BB->removePredecessor(P);
      }
    }
    for (auto Case : Dispatch.cases())
      if (Case.getCaseSuccessor() == B.Dest) {
        Case.setSuccessor(A.Dest);
        B.Dest->removePredecessor(Dispatch.getParent());
      }
  }
};

/// Every resumable arm of \p L's dispatch, with its region.
SmallVector<Arm, 8> findArms(const LoweredShape &L) {
  SmallVector<Arm, 8> Arms;
  if (!L.Dispatch)
    return Arms;
  // rustc: 0 unresumed, 1 returned, 2 panicked, 3.. awaits. Cases that
  // share a destination are one arm already (merged before).
  SmallPtrSet<BasicBlock *, 8> Dests;
  for (const LoweredShape::Case &C : L.Cases)
    if (C.State >= 3 && !C.Trap && Dests.insert(C.Dest).second)
      Arms.push_back({C.State, C.Dest, {}});
  DenseMap<BasicBlock *, unsigned> ReachedBy; // block -> arms reaching it
  for (Arm &A : Arms) {
    SmallVector<BasicBlock *, 16> Stack{A.Dest};
    SmallPtrSet<BasicBlock *, 32> Seen{A.Dest};
    while (!Stack.empty()) {
      BasicBlock *BB = Stack.pop_back_val();
      ++ReachedBy[BB];
      A.Region.insert(BB);
      for (BasicBlock *S : successors(BB))
        if (Seen.insert(S).second)
          Stack.push_back(S);
    }
  }
  for (Arm &A : Arms)
    A.Region.remove_if([&](BasicBlock *BB) { return ReachedBy[BB] > 1; });
  return Arms;
}

/// True when \p A and \p B do the same: the very same block, or two blocks
/// with the same instructions over the same values (their own values
/// paired) and the same successors. rustc's drop glue has one such block
/// per state, each dropping the same field of the same type.
bool sameBlockWork(BasicBlock &A, BasicBlock &B) {
  if (&A == &B)
    return true;
  if (A.size() != B.size() || !A.phis().empty() || !B.phis().empty())
    return false;
  DenseMap<const Value *, const Value *> Paired;
  for (auto [IA, IB] : zip(A, B)) {
    if (!IA.isSameOperationAs(&IB))
      return false;
    for (auto [OA, OB] : zip(IA.operands(), IB.operands()))
      if (OA.get() != OB.get() && Paired.lookup(OB.get()) != OA.get())
        return false;
    Paired[&IB] = &IA;
  }
  return true;
}

/// True when everything \p Param's function (and what it passes the pointer
/// to, a few calls deep) does with the pointer is a load or store at a
/// constant offset of at least 0 from it: a child future's poll, handed a
/// pointer into its parent past the parent's state, then never touches that
/// state.
bool accessesOnlyAbove(const Argument &Param, unsigned Depth,
                       SmallPtrSetImpl<const Argument *> &Visited) {
  const Function &G = *Param.getParent();
  if (G.isDeclaration() || G.isInterposable() || Depth > 4)
    return false;
  if (!Visited.insert(&Param).second)
    return true;
  const DataLayout &DL = G.getDataLayout();
  SmallVector<const Value *, 8> Work{&Param};
  SmallPtrSet<const Value *, 8> Seen;
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    for (const Use &U : V->uses()) {
      const auto *I = cast<Instruction>(U.getUser());
      if (const auto *GEP = dyn_cast<GetElementPtrInst>(I)) {
        APInt Off(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
        if (U.getOperandNo() != 0 || !GEP->accumulateConstantOffset(DL, Off) ||
            Off.isNegative())
          return false;
        Work.push_back(GEP);
        continue;
      }
      if (isa<LoadInst>(I) || isa<ICmpInst>(I))
        continue;
      // A phi or select of such pointers (GVN leaves phis of equal GEPs)
      // adds no offset below the argument.
      if (isa<PHINode>(I) || isa<SelectInst>(I)) {
        if (Seen.insert(I).second)
          Work.push_back(I);
        continue;
      }
      if (const auto *SI = dyn_cast<StoreInst>(I)) {
        if (U.getOperandNo() != SI->getPointerOperandIndex())
          return false; // the pointer itself escapes
        continue;
      }
      if (const auto *CB = dyn_cast<CallBase>(I)) {
        if (isa<MemIntrinsic>(CB) || CB->isLifetimeStartOrEnd() ||
            isa<NoAliasScopeDeclInst>(CB))
          continue;
        const Function *Callee = CB->getCalledFunction();
        if (!Callee || !CB->isArgOperand(&U) ||
            CB->getArgOperandNo(&U) >= Callee->arg_size() ||
            !accessesOnlyAbove(*Callee->getArg(CB->getArgOperandNo(&U)),
                               Depth + 1, Visited))
          return false;
        continue;
      }
      return false;
    }
  }
  return true;
}

/// Why the state field of \p L may be read by code that would tell \p Merged
/// apart from \p Kept, or empty: another load of it in the poll function,
/// the future passed to a call, or, in any other function of the module, a
/// branch on a load at the state's offset from an argument that separates
/// the states (the drop glue, which drops what each state holds, is one).
std::string whyNotMergeable(const LoweredShape &L, uint64_t Kept,
                            ArrayRef<uint64_t> Merged) {
  const DataLayout &DL = L.F->getDataLayout();
  for (Instruction &I : instructions(*L.F)) {
    if (auto *LI = dyn_cast<LoadInst>(&I); LI && LI != L.StateLoad) {
      std::optional<int64_t> Off =
          offsetFromBase(LI->getPointerOperand(), L.Base, DL);
      if (Off && *Off <= L.Offset &&
          *Off + int64_t(DL.getTypeStoreSize(LI->getType())) > L.Offset)
        return "the poll function reads the state again" + atLine(I);
    }
    // A child future's poll gets a pointer into the parent past the
    // state; it reads the state only if it reaches below its argument.
    if (auto *CB = dyn_cast<CallBase>(&I); CB && !isa<IntrinsicInst>(CB))
      for (unsigned ArgNo = 0; ArgNo < CB->arg_size(); ++ArgNo) {
        Value *Arg = CB->getArgOperand(ArgNo);
        if (!Arg->getType()->isPointerTy() ||
            getUnderlyingObject(Arg) != L.Base)
          continue;
        std::optional<int64_t> Off = offsetFromBase(Arg, L.Base, DL);
        Function *Callee = CB->getCalledFunction();
        SmallPtrSet<const Argument *, 8> Visited;
        if (!Off || *Off <= L.Offset || !Callee ||
            ArgNo >= Callee->arg_size() ||
            !accessesOnlyAbove(*Callee->getArg(ArgNo), 0, Visited))
          return "the future is passed to " + kindOf(&I) + atLine(I) +
                 ", which may read its state";
      }
  }
  auto Separates = [&](SwitchInst &SI) {
    auto Dest = [&](uint64_t State) {
      return SI
          .findCaseValue(ConstantInt::get(
              cast<IntegerType>(SI.getCondition()->getType()), State))
          ->getCaseSuccessor();
    };
    BasicBlock *KeptDest = Dest(Kept);
    return any_of(Merged, [&](uint64_t M) {
      return !sameBlockWork(*KeptDest, *Dest(M));
    });
  };
  for (Function &G : *L.F->getParent()) {
    if (&G == L.F || G.isDeclaration())
      continue;
    for (Instruction &I : instructions(G)) {
      auto *LI = dyn_cast<LoadInst>(&I);
      if (!LI || LI->getType() != L.StateLoad->getType())
        continue;
      APInt Off(DL.getIndexTypeSizeInBits(LI->getPointerOperandType()), 0);
      const Value *Base =
          LI->getPointerOperand()->stripAndAccumulateConstantOffsets(
              DL, Off, /*AllowNonInbounds=*/true);
      if (!isa<Argument>(Base) || Off.getSExtValue() != L.Offset)
        continue;
      // The value, or its extension, may only feed switches that send the
      // states to one place, or compare it with a state not merged.
      SmallVector<std::pair<Value *, User *>, 4> Uses;
      for (User *U : LI->users()) {
        if (isa<ZExtInst>(U) || isa<SExtInst>(U)) {
          for (User *UU : U->users())
            Uses.push_back({U, UU});
          continue;
        }
        Uses.push_back({LI, U});
      }
      // Another future's poll dispatching on its own state (a case of the
      // switch panics as rustc's post-completion arms do) reads another
      // type; a copy of this poll would have failed whyNotSolePoll.
      auto IsOwnDispatch = [](User *U) {
        auto *SI = dyn_cast<SwitchInst>(U);
        return SI && any_of(SI->cases(), [](auto Case) {
                 return leadsToRustResumedPanic(Case.getCaseSuccessor());
               });
      };
      if (any_of(Uses, [&](auto &Use) { return IsOwnDispatch(Use.second); }))
        continue;
      for (auto [Cond, U] : Uses) {
        if (auto *SI = dyn_cast<SwitchInst>(U);
            SI && SI->getCondition() == Cond && !Separates(*SI))
          continue;
        if (auto *Cmp = dyn_cast<ICmpInst>(U))
          if (auto *C = dyn_cast<ConstantInt>(Cmp->getOperand(1));
              C && Cmp->isEquality() && C->getZExtValue() != Kept &&
              !is_contained(Merged, C->getZExtValue()))
            continue;
        return (G.getName() +
                " reads the state at its offset and may tell "
                "the states apart" +
                atLine(*cast<Instruction>(U)))
            .str();
      }
    }
  }
  return "";
}

} // namespace

bool coroslim::mergestates::dropDeadStates(Function &F, const LoweredShape &L,
                                           FunctionAnalysisManager &FAM) {
  OptimizationRemarkEmitter &ORE =
      FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
  StateValueFacts Facts = analyzeStateValues(L, FAM.getResult<AAManager>(F));
  if (!Facts.WhyNot.empty()) {
    ++NumNotSolved;
    ORE.emit([&] {
      return OptimizationRemarkMissed(DEBUG_TYPE, "NotSolved", L.StateLoad)
             << "states of poll function " << ore::NV("Function", F.getName())
             << " not analysed: " << Facts.WhyNot;
    });
    return false;
  }
  if (Facts.DeadEdges.empty())
    return false;

  // Decide everything, then rewrite: one remark names every edge.
  std::string What;
  MapVector<Instruction *, SmallVector<unsigned, 4>> ByBranch;
  for (const StateValueFacts::DeadEdge &E : Facts.DeadEdges) {
    What += (What.empty() ? "" : ", ") + describeEdge(E, L);
    ByBranch[E.Branch].push_back(E.Successor);
  }
  ORE.emit([&] {
    return OptimizationRemark(DEBUG_TYPE, "DeadStates", L.StateLoad)
           << "removed " << ore::NV("Edges", Facts.DeadEdges.size())
           << " branch edge(s) of poll function "
           << ore::NV("Function", F.getName())
           << " that no poll takes (no poll leaves the future's fields so): "
           << What;
  });
  for (auto &[Term, Dead] : ByBranch)
    removeEdges(Term, Dead);
  NumDeadEdges += Facts.DeadEdges.size();
  ++NumPollsPruned;
  return true;
}

bool coroslim::mergestates::mergeIdenticalArms(Function &F,
                                               const LoweredShape &L,
                                               FunctionAnalysisManager &FAM) {
  OptimizationRemarkEmitter &ORE =
      FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
  SmallVector<Arm, 8> Arms = findArms(L);
  // Renumbering the states of one poll is right only where no other
  // function writes them: not beside a copy, nor beside another
  // instantiation (whose dispatches the reader check leaves out). Where
  // dropDeadStates refused already, it said why.
  if (std::string Why = whyNotSolePoll(L); !Why.empty()) {
    if (Arms.size() > 1 && whyNotWholePoll(L).empty()) {
      ++NumArmsNotMerged;
      ORE.emit([&] {
        return OptimizationRemarkMissed(DEBUG_TYPE, "NotMerged", L.StateLoad)
               << "states of poll function " << ore::NV("Function", F.getName())
               << " not merged: " << Why;
      });
    }
    return false;
  }
  // Decide: group each arm with the first earlier arm it matches.
  struct Group {
    Arm *Kept;
    SmallVector<std::pair<Arm *, std::unique_ptr<ArmMatcher>>, 4> Merged;
  };
  SmallVector<Group, 4> Groups;
  // Why an arm the size of another's stayed alone: its first difference.
  MapVector<Arm *, std::pair<uint64_t, std::string>> Alone;
  for (Arm &B : Arms) {
    bool Placed = false;
    for (Group &G : Groups) {
      auto M = std::make_unique<ArmMatcher>(L, *G.Kept, B);
      std::string Why;
      if (!M->match(Why) || !(Why = M->whyNotMovable()).empty()) {
        if (G.Kept->Region.size() == B.Region.size() && !Alone.count(&B))
          Alone[&B] = {G.Kept->State, Why};
        continue;
      }
      G.Merged.push_back({&B, std::move(M)});
      Placed = true;
      Alone.erase(&B);
      break;
    }
    if (!Placed)
      Groups.push_back({&B, {}});
  }
  auto StateList = [](ArrayRef<uint64_t> States) {
    return (States.size() == 1 ? "state " : "states ") +
           join(map_range(States, [](uint64_t S) { return std::to_string(S); }),
                ", ");
  };
  auto Refuse = [&](ArrayRef<uint64_t> States, uint64_t Kept, StringRef Why) {
    ++NumArmsNotMerged;
    ORE.emit([&] {
      return OptimizationRemarkMissed(DEBUG_TYPE, "NotMerged", L.StateLoad)
             << ore::NV("States", StateList(States)) << " of poll function "
             << ore::NV("Function", F.getName()) << " not merged into state "
             << ore::NV("Kept", Kept) << ": " << Why;
    });
  };
  for (auto &[B, Reason] : Alone)
    Refuse({B->State}, Reason.first, Reason.second);
  bool Changed = false;
  for (Group &G : Groups) {
    if (G.Merged.empty())
      continue;
    SmallVector<uint64_t, 4> States;
    for (auto &Entry : G.Merged)
      States.push_back(Entry.first->State);
    if (std::string Why = whyNotMergeable(L, G.Kept->State, States);
        !Why.empty()) {
      Refuse(States, G.Kept->State, Why);
      continue;
    }
    // Rewrite: each merged arm's entries go to the kept arm's blocks, then
    // its now unreachable copy goes.
    unsigned Blocks = G.Kept->Region.size();
    for (auto &[B, M] : G.Merged) {
      M->redirectEntries(*L.Dispatch);
      SmallVector<BasicBlock *, 16> Dead(B->Region.begin(), B->Region.end());
      DeleteDeadBlocks(Dead);
    }
    ORE.emit([&] {
      return OptimizationRemark(DEBUG_TYPE, "MergedStates", L.StateLoad)
             << "merged " << ore::NV("States", StateList(States))
             << " of poll function " << ore::NV("Function", F.getName())
             << " into state " << ore::NV("Kept", G.Kept->State)
             << ": their resume arms (" << ore::NV("Blocks", Blocks)
             << " blocks each) are the same but for the state they store";
    });
    NumArmsMerged += States.size();
    Changed = true;
  }
  return Changed;
}

bool coroslim::mergestates::runLoweredForm(Function &F,
                                           FunctionAnalysisManager &FAM) {
  const LoweredShape *L = nullptr;
  auto Recognise = [&] {
    L = getCoroShape(F, FAM).lowered();
    if (L && !isRustPoll(*L))
      L = nullptr;
    return L != nullptr;
  };
  auto Changed = [&] {
    FAM.invalidate(F, PreservedAnalyses::none());
    return Recognise();
  };
  if (!Recognise())
    return false;
  bool Dropped = dropDeadStates(F, *L, FAM);
  if (Dropped && !Changed())
    return true;
  if (!mergeIdenticalArms(F, *L, FAM))
    return Dropped;
  // The merged states' own stores went with their arms: their cases are
  // dead now, and go too.
  if (Changed())
    dropDeadStates(F, *L, FAM);
  return true;
}
