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

#include "coroslim/MergeStatesRewrite.h"
#include "coroslim/SourceTerms.h"
#include "coroslim/StateValues.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/Constants.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;
using namespace coroslim;

#define DEBUG_TYPE "coroslim-merge-states"

ALWAYS_ENABLED_STATISTIC(NumDeadEdges,
                         "Branch edges of rustc poll functions no poll takes");
ALWAYS_ENABLED_STATISTIC(NumPollsPruned,
                         "rustc poll functions whose dead edges were removed");
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
    for (unsigned S : Dead) {
      BasicBlock *Dest = SI->getSuccessor(S);
      if (S == 0) {
        BasicBlock *Unreachable = BasicBlock::Create(
            BB->getContext(), "coroslim.no.state", BB->getParent());
        new UnreachableInst(BB->getContext(), Unreachable);
        SI->setDefaultDest(Unreachable);
      } else {
        // Cases at and after S may be reordered: S descends.
        SI->removeCase(SI->case_begin() + (S - 1));
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
