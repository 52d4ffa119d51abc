//===- StateValues.cpp - Values a future's fields hold --------------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// The solver of include/coroslim/StateValues.h. A path-sensitive forward
// dataflow over tuples of field values: one abstract state per block and
// predecessor (so that a phi stored in a common return block is resolved on
// each incoming edge, as SimplifyCFG's sunk stores require), a worklist of
// (block, predecessor, tuple), and the function's exits feeding its entry.
//
//===----------------------------------------------------------------------===//

#include "coroslim/StateValues.h"
#include "coroslim/CoroShape.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/Analysis/MemoryLocation.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Support/Debug.h"

#include <deque>
#include <map>
#include <set>

using namespace llvm;
using namespace coroslim;

#define DEBUG_TYPE "coroslim-state-values"

namespace {

/// More fields than this and the tuples grow too fast: the extra readers
/// are not tracked (their branches keep every edge).
constexpr unsigned MaxFields = 8;
/// Distinct tuples arriving at one block from one predecessor.
constexpr size_t MaxTuplesPerEdge = 64;
/// Instruction visits over the whole solve.
constexpr size_t MaxVisits = 1u << 20;

constexpr uint64_t Unknown = ~0ULL;
using Tuple = SmallVector<uint64_t, MaxFields>;

struct Field {
  int64_t Offset;
  uint64_t Bytes;
  Value *Ptr; ///< a pointer to it, for alias queries
};

/// A branch whose condition is a pure function of one field, loaded in the
/// branch's block with nothing that may write the field in between.
struct Reader {
  unsigned Field;
  LoadInst *Load;
  SmallVector<Instruction *, 4> Chain; ///< load's users up to the condition
};

/// \p I evaluated on the constants \p Ops (a comparison needs its own
/// folder); null when it does not fold.
Constant *foldWith(Instruction &I, ArrayRef<Constant *> Ops,
                   const DataLayout &DL) {
  if (auto *Cmp = dyn_cast<CmpInst>(&I))
    return ConstantFoldCompareInstOperands(Cmp->getPredicate(), Ops[0], Ops[1],
                                           DL);
  return ConstantFoldInstOperands(&I, Ops, DL);
}

class Solver {
public:
  Solver(const LoweredShape &L, AAResults &AA)
      : L(L), F(*L.F), AA(AA), DL(F.getDataLayout()) {}
  StateValueFacts solve();

private:
  std::optional<int64_t> offsetFromFuture(const Value *Ptr) const {
    return offsetFromBase(Ptr, L.Base, DL);
  }
  std::optional<unsigned> fieldOf(Value *Ptr, uint64_t Bytes) const;
  unsigned addField(int64_t Offset, uint64_t Bytes, Value *Ptr);
  void findReaders();
  void transfer(BasicBlock *BB, BasicBlock *Pred, Tuple T);
  void branch(Instruction *Term, BasicBlock *Pred, const Tuple &T);
  void exitWith(const Tuple &T);
  void push(BasicBlock *BB, BasicBlock *Pred, const Tuple &T);
  ConstantInt *condition(const Reader &R, uint64_t V) const;

  const LoweredShape &L;
  Function &F;
  AAResults &AA;
  const DataLayout &DL;
  SmallVector<Field, MaxFields> Fields;
  DenseMap<Instruction *, Reader> Readers;
  std::map<std::pair<BasicBlock *, BasicBlock *>, std::set<Tuple>> Seen;
  std::set<Tuple> Exits;
  std::deque<std::tuple<BasicBlock *, BasicBlock *, Tuple>> Work;
  DenseMap<Instruction *, SmallVector<bool, 8>> Taken;
  std::string GaveUp;
  size_t Visits = 0;
};

std::optional<unsigned> Solver::fieldOf(Value *Ptr, uint64_t Bytes) const {
  std::optional<int64_t> Off = offsetFromFuture(Ptr);
  if (!Off)
    return std::nullopt;
  for (unsigned I = 0; I < Fields.size(); ++I)
    if (Fields[I].Offset == *Off && Fields[I].Bytes == Bytes)
      return I;
  return std::nullopt;
}

unsigned Solver::addField(int64_t Offset, uint64_t Bytes, Value *Ptr) {
  for (unsigned I = 0; I < Fields.size(); ++I)
    if (Fields[I].Offset == Offset && Fields[I].Bytes == Bytes)
      return I;
  Fields.push_back({Offset, Bytes, Ptr});
  return Fields.size() - 1;
}

void Solver::findReaders() {
  addField(L.Offset, DL.getTypeStoreSize(L.StateLoad->getType()),
           L.StateLoad->getPointerOperand());
  for (BasicBlock &BB : F) {
    Instruction *Term = BB.getTerminator();
    Value *Cond = nullptr;
    if (auto *SI = dyn_cast<SwitchInst>(Term))
      Cond = SI->getCondition();
    else if (auto *BI = dyn_cast<BranchInst>(Term); BI && BI->isConditional())
      Cond = BI->getCondition();
    if (!Cond)
      continue;
    // Walk back through pure instructions with one non-constant operand.
    Reader R;
    Value *V = Cond;
    while (auto *I = dyn_cast<Instruction>(V)) {
      if (I->getParent() != &BB || isa<LoadInst>(I))
        break;
      if (!isa<CastInst>(I) && !isa<CmpInst>(I) && !isa<BinaryOperator>(I))
        break;
      Value *Var = nullptr;
      bool OneVar = true;
      for (Value *Op : I->operands()) {
        if (isa<Constant>(Op))
          continue;
        OneVar = !Var;
        Var = Op;
      }
      if (!Var || !OneVar)
        break;
      R.Chain.insert(R.Chain.begin(), I);
      V = Var;
    }
    auto *LI = dyn_cast<LoadInst>(V);
    if (!LI || LI->getParent() != &BB || !LI->isSimple() ||
        !LI->getType()->isIntegerTy() ||
        LI->getType()->getIntegerBitWidth() > 32)
      continue;
    std::optional<int64_t> Off = offsetFromFuture(LI->getPointerOperand());
    if (!Off)
      continue;
    uint64_t Bytes = DL.getTypeStoreSize(LI->getType());
    // Nothing between the load and the branch may write the field: the
    // branch then tests what the field holds when the block ends.
    MemoryLocation Loc(LI->getPointerOperand(), LocationSize::precise(Bytes));
    bool Written = false;
    for (Instruction *I = LI->getNextNode(); I != Term; I = I->getNextNode())
      Written |= I->mayWriteToMemory() && isModSet(AA.getModRefInfo(I, Loc));
    if (Written)
      continue;
    if (!fieldOf(LI->getPointerOperand(), Bytes) && Fields.size() == MaxFields)
      continue;
    R.Field = addField(*Off, Bytes, LI->getPointerOperand());
    R.Load = LI;
    Readers[Term] = std::move(R);
  }
}

/// The condition \p R computes when its field holds \p V; null when it does
/// not fold to a constant (poison included: every edge stays).
ConstantInt *Solver::condition(const Reader &R, uint64_t V) const {
  Constant *C = ConstantInt::get(R.Load->getType(), V);
  Value *Prev = R.Load;
  for (Instruction *I : R.Chain) {
    SmallVector<Constant *, 2> Ops;
    for (Value *Op : I->operands())
      Ops.push_back(Op == Prev ? C : cast<Constant>(Op));
    C = foldWith(*I, Ops, DL);
    if (!C || !isa<ConstantInt>(C))
      return nullptr; // poison, or not folded: every edge stays
    Prev = I;
  }
  return cast<ConstantInt>(C);
}

void Solver::push(BasicBlock *BB, BasicBlock *Pred, const Tuple &T) {
  std::set<Tuple> &S = Seen[{BB, Pred}];
  if (S.count(T))
    return;
  if (S.size() == MaxTuplesPerEdge) {
    GaveUp = "more than " + std::to_string(MaxTuplesPerEdge) +
             " combinations of field values reach one block";
    return;
  }
  S.insert(T);
  Work.emplace_back(BB, Pred, T);
}

void Solver::exitWith(const Tuple &T) {
  if (Exits.insert(T).second)
    push(&F.getEntryBlock(), nullptr, T);
}

/// \p V as a constant when the block it is used in, \p BB, was entered
/// from \p Pred: phis of \p BB take their value for that edge, and pure
/// instructions over constants fold. SimplifyCFG merges the return paths
/// of a poll into one block whose phis pick the result and the next state
/// together; this keeps a path's result with its state. It also reads the
/// state an inlined child's result selects (`select` on whether the child
/// answered Pending, stored as the parent's next state).
Constant *evaluateOnEdge(Value *V, BasicBlock *BB, BasicBlock *Pred,
                         const DataLayout &DL, unsigned Depth = 0) {
  if (auto *C = dyn_cast<Constant>(V))
    return C;
  auto *I = dyn_cast<Instruction>(V);
  if (!I || Depth > 8)
    return nullptr;
  if (auto *Phi = dyn_cast<PHINode>(I))
    return Phi->getParent() == BB && Pred
               ? evaluateOnEdge(Phi->getIncomingValueForBlock(Pred), nullptr,
                                nullptr, DL, Depth + 1)
               : nullptr;
  if (auto *EV = dyn_cast<ExtractValueInst>(I)) {
    // The part of an aggregate a path built: `{ Pending, undef }` on one
    // edge, `insertvalue { Ready, poison }, %v, 1` on another.
    Value *Agg = EV->getAggregateOperand();
    if (auto *Phi = dyn_cast<PHINode>(Agg); Phi && Phi->getParent() == BB) {
      if (!Pred)
        return nullptr;
      Agg = Phi->getIncomingValueForBlock(Pred);
      BB = Pred = nullptr;
    }
    if (Value *In = FindInsertedValue(Agg, EV->getIndices()); In && In != EV)
      return evaluateOnEdge(In, BB, Pred, DL, Depth + 1);
  }
  if (!isa<CastInst>(I) && !isa<CmpInst>(I) && !isa<BinaryOperator>(I) &&
      !isa<ExtractValueInst>(I) && !isa<InsertValueInst>(I) &&
      !isa<SelectInst>(I))
    return nullptr;
  SmallVector<Constant *, 2> Ops;
  for (Value *Op : I->operands()) {
    Constant *C = evaluateOnEdge(Op, BB, Pred, DL, Depth + 1);
    if (!C)
      return nullptr;
    Ops.push_back(C);
  }
  return foldWith(*I, Ops, DL);
}

void Solver::transfer(BasicBlock *BB, BasicBlock *Pred, Tuple T) {
  for (Instruction &I : *BB) {
    if (++Visits > MaxVisits) {
      GaveUp = "the solve took too long";
      return;
    }
    if (isa<PHINode>(I))
      continue;
    if (auto *SI = dyn_cast<StoreInst>(&I)) {
      uint64_t Bytes = DL.getTypeStoreSize(SI->getValueOperand()->getType());
      std::optional<unsigned> Exact =
          SI->isSimple() ? fieldOf(SI->getPointerOperand(), Bytes)
                         : std::nullopt;
      for (unsigned FI = 0; FI < Fields.size(); ++FI) {
        if (Exact && FI == *Exact)
          continue;
        if (isModSet(AA.getModRefInfo(
                SI, MemoryLocation(Fields[FI].Ptr,
                                   LocationSize::precise(Fields[FI].Bytes)))))
          T[FI] = Unknown;
      }
      if (Exact) {
        auto *CI = dyn_cast_or_null<ConstantInt>(
            evaluateOnEdge(SI->getValueOperand(), BB, Pred, DL));
        T[*Exact] = CI ? CI->getZExtValue() : Unknown;
      }
    } else if (I.mayWriteToMemory()) {
      for (unsigned FI = 0; FI < Fields.size(); ++FI)
        if (isModSet(AA.getModRefInfo(
                &I, MemoryLocation(Fields[FI].Ptr,
                                   LocationSize::precise(Fields[FI].Bytes)))))
          T[FI] = Unknown;
    }
    // A call that unwinds out of the function leaves the fields as they are
    // for the next poll, as a return does (not in a nounwind function:
    // there unwinding out is undefined; panic=abort makes every poll so).
    if (isa<CallInst>(I) && I.mayThrow() && !F.doesNotThrow())
      exitWith(T);
    if (isa<ReturnInst>(I) || isa<ResumeInst>(I))
      exitWith(T);
  }
  branch(BB->getTerminator(), Pred, T);
}

void Solver::branch(Instruction *Term, BasicBlock *Pred, const Tuple &T) {
  BasicBlock *BB = Term->getParent();
  auto It = Readers.find(Term);
  auto Follow = [&](unsigned Succ, const Tuple &Out) {
    if (It != Readers.end())
      Taken[Term][Succ] = true;
    push(Term->getSuccessor(Succ), BB, Out);
  };
  if (It == Readers.end()) {
    // A condition the incoming edge decides (a phi of this block).
    Value *Cond = nullptr;
    if (auto *BI = dyn_cast<BranchInst>(Term); BI && BI->isConditional())
      Cond = BI->getCondition();
    else if (auto *SI = dyn_cast<SwitchInst>(Term))
      Cond = SI->getCondition();
    auto *Known = dyn_cast_or_null<ConstantInt>(
        Cond ? evaluateOnEdge(Cond, BB, Pred, DL) : nullptr);
    if (Known && isa<BranchInst>(Term)) {
      Follow(Known->isOne() ? 0 : 1, T);
      return;
    }
    if (Known) {
      auto *SI = cast<SwitchInst>(Term);
      auto Case = SI->findCaseValue(Known);
      Follow(Case == SI->case_default() ? 0 : Case->getSuccessorIndex(), T);
      return;
    }
    for (unsigned S = 0; S < Term->getNumSuccessors(); ++S)
      Follow(S, T);
    return;
  }
  const Reader &R = It->second;
  SmallVector<bool, 8> &Flags = Taken[Term];
  if (Flags.empty())
    Flags.assign(Term->getNumSuccessors(), false);
  uint64_t V = T[R.Field];
  auto *SI = dyn_cast<SwitchInst>(Term);
  if (V != Unknown) {
    ConstantInt *Cond = condition(R, V);
    if (Cond && SI) {
      auto Case = SI->findCaseValue(Cond);
      Follow(Case == SI->case_default() ? 0 : Case->getSuccessorIndex(), T);
      return;
    }
    if (Cond) {
      Follow(Cond->isOne() ? 0 : 1, T);
      return;
    }
  }
  // Every edge. A switch on the unknown load itself tells each case edge
  // the value it carries.
  for (unsigned S = 0; S < Term->getNumSuccessors(); ++S) {
    if (!SI || S == 0 || !R.Chain.empty() || V != Unknown) {
      Follow(S, T);
      continue;
    }
    // Successor S of a switch is its case S - 1.
    Tuple Refined = T;
    Refined[R.Field] =
        (SI->case_begin() + (S - 1))->getCaseValue()->getZExtValue();
    Follow(S, Refined);
  }
}

} // namespace

std::string coroslim::whyNotSolePoll(const LoweredShape &L) {
  bool Named = false;
  for (const LoweredShape::Case &C : L.Cases) {
    if (!C.Trap || !C.Trap->TrapCall->getCalledFunction() ||
        !isRustResumedPanic(*C.Trap->TrapCall->getCalledFunction()))
      continue;
    for (Value *Arg : C.Trap->TrapCall->args()) {
      auto *Loc = dyn_cast<GlobalVariable>(Arg->stripPointerCasts());
      if (!Loc)
        continue;
      Named = true;
      for (const User *U : Loc->users()) {
        auto *I = dyn_cast<Instruction>(U);
        if (!I || I->getFunction() != L.F)
          return "its post-completion location " + Loc->getName().str() +
                 " is used outside it too: the poll has copies elsewhere";
      }
    }
  }
  return Named ? "" : "its post-completion arm names no location constant";
}

std::string coroslim::whyNotWholePoll(const LoweredShape &L) {
  std::string Why = whyNotSolePoll(L);
  if (Why.empty())
    return "";
  // Other functions name the location. What they do to a future is what a
  // poll of it does: an instantiation of the same generic async fn polls
  // another type, a clone or a copy inlined into a body makes this poll's
  // transitions (LLVM copies a whole function; the rest of rustc's contract
  // keeps everything else from writing the future). So the solve holds if
  // this function is a whole poll itself, not a function that only checks
  // the state: it writes its state, and calls with each location its
  // post-completion arms name are those arms.
  std::string NoWholePoll = Why + ", and this function is no whole poll of "
                                  "its own (a dispatch to that panic, and a "
                                  "store of its state)";
  bool Writes = any_of(instructions(*L.F), [&](Instruction &I) {
    auto *SI = dyn_cast<StoreInst>(&I);
    return SI && storesState(*SI, L);
  });
  if (!Writes)
    return NoWholePoll;
  auto IsArm = [&](const User *U) {
    return any_of(L.Cases, [&](const LoweredShape::Case &C) {
      return C.Trap && C.Trap->TrapCall == U;
    });
  };
  for (const LoweredShape::Case &C : L.Cases) {
    if (!C.Trap)
      continue;
    for (Value *Arg : C.Trap->TrapCall->args())
      if (auto *Loc = dyn_cast<GlobalVariable>(Arg->stripPointerCasts()))
        for (const User *U : Loc->users())
          if (auto *CB = dyn_cast<CallBase>(U);
              CB && CB->getFunction() == L.F && !IsArm(CB))
            return NoWholePoll;
  }
  return "";
}

namespace {

StateValueFacts Solver::solve() {
  StateValueFacts Facts;
  Facts.WhyNot = whyNotWholePoll(L);
  if (!Facts.WhyNot.empty())
    return Facts;
  findReaders();
  Facts.FieldsTracked = Fields.size();
  // A new future: unresumed (rustc's discriminant 0), the rest unknown.
  Tuple Initial(Fields.size(), Unknown);
  Initial[0] = 0;
  push(&F.getEntryBlock(), nullptr, Initial);
  while (!Work.empty() && GaveUp.empty()) {
    auto [BB, Pred, T] = Work.front();
    Work.pop_front();
    transfer(BB, Pred, T);
  }
  if (!GaveUp.empty()) {
    Facts.WhyNot = GaveUp;
    return Facts;
  }
  for (auto &[Term, Flags] : Taken) {
    // A branch in a block no poll reaches is left to LLVM's own cleanup, and
    // so is an edge that leads to `unreachable` already.
    if (Flags.empty() || none_of(Flags, [](bool B) { return B; }))
      continue;
    for (unsigned S = 0; S < Flags.size(); ++S)
      if (!Flags[S] &&
          !isa<UnreachableInst>(Term->getSuccessor(S)->getFirstNonPHIOrDbg()))
        Facts.DeadEdges.push_back(
            {Term, S, Fields[Readers.find(Term)->second.Field].Offset});
  }
  // Program order, so that remarks and rewrites do not depend on pointers.
  DenseMap<const Instruction *, unsigned> Order;
  for (BasicBlock &BB : F) {
    unsigned N = Order.size();
    Order[BB.getTerminator()] = N;
  }
  llvm::sort(Facts.DeadEdges, [&](const auto &A, const auto &B) {
    return std::make_pair(Order.lookup(A.Branch), A.Successor) <
           std::make_pair(Order.lookup(B.Branch), B.Successor);
  });
  LLVM_DEBUG(dbgs() << "state values of " << F.getName() << ": "
                    << Fields.size() << " fields, " << Exits.size()
                    << " exit tuples, " << Facts.DeadEdges.size()
                    << " dead edges\n");
  return Facts;
}

} // namespace

StateValueFacts coroslim::analyzeStateValues(const LoweredShape &L,
                                             AAResults &AA) {
  return Solver(L, AA).solve();
}
