//===- PendingReturn.cpp - What a suspending return gives -----------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// The proof of include/coroslim/PendingReturn.h. Each `ret` is paired with
// the state stored on its way, per incoming edge where the returning block
// merges several paths (SimplifyCFG's common return block, whose phis pick
// the result and the state together).
//
//===----------------------------------------------------------------------===//

#include "coroslim/PendingReturn.h"
#include "coroslim/CoroShape.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;
using namespace coroslim;

namespace {

using Parts = SmallVector<std::pair<int64_t, Constant *>, 2>;

/// A block that returns, or branches straight to a block that returns.
bool isReturnTail(const BasicBlock &BB) {
  const Instruction *Term = BB.getTerminator();
  if (isa<ReturnInst>(Term))
    return true;
  const auto *Br = dyn_cast<BranchInst>(Term);
  return Br && Br->isUnconditional() &&
         isa<ReturnInst>(Br->getSuccessor(0)->getTerminator());
}

/// Why \p Sret's memory may be written other than in return tails, by
/// simple stores at constant offsets or by calls it is passed to (which do
/// not capture it: they write it before they return). Empty when it may
/// not.
std::string whyNotStoredAtReturns(Argument &Sret) {
  const DataLayout &DL = Sret.getParent()->getDataLayout();
  SmallVector<const Value *, 8> Work{&Sret};
  SmallPtrSet<const Value *, 8> Seen{&Sret};
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    for (const Use &U : V->uses()) {
      const auto *I = cast<Instruction>(U.getUser());
      if (isa<GetElementPtrInst>(I) || isa<PHINode>(I)) {
        if (!offsetFromBase(I, &Sret, DL))
          return "its sret pointer is offset by a variable";
        if (Seen.insert(I).second)
          Work.push_back(I);
        continue;
      }
      if (isa<LoadInst>(I))
        continue;
      const auto *SI = dyn_cast<StoreInst>(I);
      const auto *CB = dyn_cast<CallBase>(I);
      if (SI &&
          (U.getOperandNo() != SI->getPointerOperandIndex() || !SI->isSimple()))
        return "its sret pointer is stored, or stored to atomically";
      if (CB && (!CB->isArgOperand(&U) ||
                 !CB->doesNotCapture(CB->getArgOperandNo(&U))))
        return "its sret pointer escapes into a call";
      if (!SI && !CB)
        return "its sret pointer is used other than to store its result";
      if (!isReturnTail(*I->getParent()))
        return "its sret result is written before the block that returns";
    }
  }
  return "";
}

/// Adds the stores through \p Sret in \p BB (up to its end) to \p Out, a
/// later one replacing an earlier one at the same offset and width; a phi
/// of \p BB stored (SimplifyCFG sinks the stores of the return paths into
/// their common block) takes its value for the edge from \p Pred. False
/// (and \p Out cleared) when what the path stores is not constants at
/// separate offsets: a stored value that is not a constant, a call writing
/// the result, stores that overlap.
bool addSretStores(BasicBlock &BB, BasicBlock *Pred, Argument &Sret,
                   Parts &Out) {
  const DataLayout &DL = BB.getDataLayout();
  DenseMap<int64_t, uint64_t> Width; // offset -> bytes of Out's entries
  for (auto &[Off, C] : Out)
    Width[Off] = DL.getTypeStoreSize(C->getType());
  bool AllConstant = true;
  for (Instruction &I : BB) {
    if (auto *CB = dyn_cast<CallBase>(&I)) {
      // A call that writes the result (a callee's sret, a memcpy) writes
      // what the IR does not say.
      AllConstant &= none_of(CB->args(), [&](Value *Arg) {
        return Arg->getType()->isPointerTy() &&
               offsetFromBase(Arg, &Sret, DL).has_value();
      });
      continue;
    }
    auto *SI = dyn_cast<StoreInst>(&I);
    if (!SI)
      continue;
    std::optional<int64_t> Off =
        offsetFromBase(SI->getPointerOperand(), &Sret, DL);
    if (!Off)
      continue;
    uint64_t Bytes = DL.getTypeStoreSize(SI->getValueOperand()->getType());
    bool Overlaps = any_of(Width, [&](const auto &OW) {
      auto [O, W] = OW;
      return O == *Off ? W != Bytes
                       : O < *Off + int64_t(Bytes) && *Off < O + int64_t(W);
    });
    if (Overlaps) {
      Out.clear();
      return false;
    }
    Value *V = SI->getValueOperand();
    if (auto *Phi = dyn_cast<PHINode>(V); Phi && Phi->getParent() == &BB)
      V = Pred ? Phi->getIncomingValueForBlock(Pred) : nullptr;
    auto *C = dyn_cast_or_null<Constant>(V);
    AllConstant &= C != nullptr;
    Width[*Off] = Bytes;
    auto It = find_if(Out, [&](auto &P) { return P.first == *Off; });
    if (It != Out.end())
      It->second = C;
    else
      Out.push_back({*Off, C});
  }
  if (!AllConstant) {
    Out.clear();
    return false;
  }
  llvm::sort(Out, [](auto &A, auto &B) { return A.first < B.first; });
  return true;
}

/// A return value, part by part: the top-level elements of a struct or
/// array result (rustc returns a `Poll` of a scalar pair as `{ A, B }`), one
/// part otherwise; null where the path does not prove it a constant.
using Lanes = SmallVector<Constant *, 2>;

/// What one path proves constant. The path enters \p BB from \p Pred after
/// the straight chain of blocks leading to \p Pred, each entered from its
/// only predecessor (up to MaxChain blocks): phis of those blocks take their
/// value for the path's edge, and a branch of the chain taken on `X == C`
/// (the true edge of `icmp eq X, C`, the false edge of `icmp ne`, a switch
/// case no other case or the default shares) makes X the constant C there;
/// when X is a part of an aggregate (`extractvalue %agg, i`), that part of
/// the aggregate too. So an inlined child's `Poll` returned on the path
/// where its discriminant was tested equal to Pending's is known in that
/// part. No memory is read: an SSA value on a chain of single predecessors
/// is the one the branch tested.
class PathValues {
public:
  PathValues(BasicBlock &BB, BasicBlock *Pred) : DL(BB.getDataLayout()) {
    BasicBlock *Cur = &BB;
    for (unsigned N = 0; Pred && N < MaxChain; ++N) {
      if (!PredOnPath.try_emplace(Cur, Pred).second)
        break; // a cycle of single predecessors: unreachable code
      addEdgeFacts(*Pred, *Cur);
      Cur = Pred;
      Pred = Cur->getSinglePredecessor();
    }
  }

  /// \p V on the path, or null.
  Constant *get(Value *V, unsigned Depth = 0) {
    if (auto *C = dyn_cast<Constant>(V))
      return C;
    if (Constant *C = Known.lookup({V, -1}))
      return C;
    auto *I = dyn_cast<Instruction>(V);
    if (!I || Depth > MaxDepth)
      return nullptr;
    if (auto *Phi = dyn_cast<PHINode>(I)) {
      BasicBlock *P = PredOnPath.lookup(Phi->getParent());
      return P ? get(Phi->getIncomingValueForBlock(P), Depth + 1) : nullptr;
    }
    if (auto *Sel = dyn_cast<SelectInst>(I)) {
      auto *C =
          dyn_cast_or_null<ConstantInt>(get(Sel->getCondition(), Depth + 1));
      return C ? get(C->isOne() ? Sel->getTrueValue() : Sel->getFalseValue(),
                     Depth + 1)
               : nullptr;
    }
    if (auto *EV = dyn_cast<ExtractValueInst>(I)) {
      Constant *C =
          getLane(EV->getAggregateOperand(), EV->getIndices()[0], Depth + 1);
      for (unsigned Idx : EV->getIndices().drop_front())
        C = C ? C->getAggregateElement(Idx) : nullptr;
      return C;
    }
    if (I->getType()->isStructTy() || I->getType()->isArrayTy()) {
      Lanes L = getLanes(I, Depth + 1);
      if (is_contained(L, nullptr))
        return nullptr;
      if (auto *ST = dyn_cast<StructType>(I->getType()))
        return ConstantStruct::get(ST, L);
      return ConstantArray::get(cast<ArrayType>(I->getType()), L);
    }
    if (!isa<CastInst>(I) && !isa<CmpInst>(I) && !isa<BinaryOperator>(I))
      return nullptr;
    SmallVector<Constant *, 2> Ops;
    for (Value *Op : I->operands()) {
      Constant *C = get(Op, Depth + 1);
      if (!C)
        return nullptr;
      Ops.push_back(C);
    }
    return ConstantFoldInstOperands(I, Ops, DL);
  }

  /// Part \p Lane of the aggregate \p V on the path, or null.
  Constant *getLane(Value *V, unsigned Lane, unsigned Depth = 0) {
    if (auto *C = dyn_cast<Constant>(V))
      return C->getAggregateElement(Lane);
    if (Constant *C = Known.lookup({V, int(Lane)}))
      return C;
    if (Constant *C = Known.lookup({V, -1}))
      return C->getAggregateElement(Lane);
    auto *I = dyn_cast<Instruction>(V);
    if (!I || Depth > MaxDepth)
      return nullptr;
    if (auto *IV = dyn_cast<InsertValueInst>(I)) {
      if (IV->getIndices()[0] != Lane)
        return getLane(IV->getAggregateOperand(), Lane, Depth + 1);
      // A part written whole; one written in part is not followed.
      return IV->getNumIndices() == 1
                 ? get(IV->getInsertedValueOperand(), Depth + 1)
                 : nullptr;
    }
    if (auto *Phi = dyn_cast<PHINode>(I)) {
      BasicBlock *P = PredOnPath.lookup(Phi->getParent());
      return P ? getLane(Phi->getIncomingValueForBlock(P), Lane, Depth + 1)
               : nullptr;
    }
    if (auto *Sel = dyn_cast<SelectInst>(I)) {
      auto *C =
          dyn_cast_or_null<ConstantInt>(get(Sel->getCondition(), Depth + 1));
      return C ? getLane(C->isOne() ? Sel->getTrueValue()
                                    : Sel->getFalseValue(),
                         Lane, Depth + 1)
               : nullptr;
    }
    return nullptr;
  }

  /// Every part of \p V on the path (one part when \p V is no aggregate).
  Lanes getLanes(Value *V, unsigned Depth = 0) {
    Type *T = V->getType();
    unsigned N = 0;
    if (auto *ST = dyn_cast<StructType>(T))
      N = ST->getNumElements();
    else if (auto *AT = dyn_cast<ArrayType>(T))
      N = AT->getNumElements();
    Lanes L;
    if (!N) {
      L.push_back(get(V, Depth));
      return L;
    }
    for (unsigned I = 0; I < N; ++I)
      L.push_back(getLane(V, I, Depth));
    return L;
  }

  /// Whether \p V on the path is proven an integer other than \p C: a
  /// constant one, or a value a branch of the path tested unequal to it.
  bool isNot(Value *V, ConstantInt *C, unsigned Depth = 0) {
    if (knownNot(V, -1, C))
      return true;
    auto *I = dyn_cast<Instruction>(V);
    if (I && Depth <= MaxDepth) {
      if (auto *Phi = dyn_cast<PHINode>(I)) {
        if (BasicBlock *P = PredOnPath.lookup(Phi->getParent()))
          return isNot(Phi->getIncomingValueForBlock(P), C, Depth + 1);
      } else if (auto *EV = dyn_cast<ExtractValueInst>(I);
                 EV && EV->getNumIndices() == 1) {
        return laneIsNot(EV->getAggregateOperand(), EV->getIndices()[0], C,
                         Depth + 1);
      }
    }
    auto *K = dyn_cast_or_null<ConstantInt>(get(V, Depth));
    return K && K != C;
  }

  /// Whether part \p Lane of the aggregate \p V on the path is proven an
  /// integer other than \p C.
  bool laneIsNot(Value *V, unsigned Lane, ConstantInt *C, unsigned Depth = 0) {
    if (knownNot(V, Lane, C))
      return true;
    auto *I = dyn_cast<Instruction>(V);
    if (I && Depth <= MaxDepth) {
      if (auto *IV = dyn_cast<InsertValueInst>(I)) {
        if (IV->getIndices()[0] != Lane)
          return laneIsNot(IV->getAggregateOperand(), Lane, C, Depth + 1);
        if (IV->getNumIndices() == 1)
          return isNot(IV->getInsertedValueOperand(), C, Depth + 1);
      } else if (auto *Phi = dyn_cast<PHINode>(I)) {
        if (BasicBlock *P = PredOnPath.lookup(Phi->getParent()))
          return laneIsNot(Phi->getIncomingValueForBlock(P), Lane, C,
                           Depth + 1);
      }
    }
    auto *K = dyn_cast_or_null<ConstantInt>(getLane(V, Lane, Depth));
    return K && K != C;
  }

private:
  static constexpr unsigned MaxChain = 16, MaxDepth = 12;

  /// What taking the edge \p From -> \p To proves.
  void addEdgeFacts(BasicBlock &From, BasicBlock &To) {
    Instruction *Term = From.getTerminator();
    if (auto *Br = dyn_cast<BranchInst>(Term)) {
      if (!Br->isConditional() || Br->getSuccessor(0) == Br->getSuccessor(1))
        return;
      bool Taken = Br->getSuccessor(0) == &To;
      Value *Cond = Br->getCondition();
      addFact(Cond, ConstantInt::getBool(Cond->getType(), Taken));
      // `br (trunc X to i1)`: X's lowest bit (rustc tests a tag whose
      // `!range` is 0..2 this way).
      if (auto *Tr = dyn_cast<TruncInst>(Cond))
        addLowBitFact(Tr->getOperand(0), Taken);
      auto *Cmp = dyn_cast<ICmpInst>(Cond);
      if (!Cmp || !Cmp->isEquality())
        return;
      Value *X = Cmp->getOperand(0);
      auto *C = dyn_cast<Constant>(Cmp->getOperand(1));
      if (!C) {
        X = Cmp->getOperand(1);
        C = dyn_cast<Constant>(Cmp->getOperand(0));
      }
      if (!C || isa<Constant>(X))
        return;
      if ((Cmp->getPredicate() == ICmpInst::ICMP_EQ) == Taken)
        addFact(X, C);
      else
        addNotFact(X, C);
      return;
    }
    auto *SI = dyn_cast<SwitchInst>(Term);
    if (!SI)
      return;
    ConstantInt *Only = nullptr;
    bool Several = false;
    for (auto Case : SI->cases()) {
      if (Case.getCaseSuccessor() != &To) {
        addNotFact(SI->getCondition(), Case.getCaseValue());
        continue;
      }
      Several |= Only != nullptr;
      Only = Case.getCaseValue();
    }
    if (Only && !Several && SI->getDefaultDest() != &To)
      addFact(SI->getCondition(), Only);
  }

  void addFact(Value *X, Constant *C) {
    if (isa<UndefValue>(C))
      return;
    Known.try_emplace({X, -1}, C);
    if (auto *EV = dyn_cast<ExtractValueInst>(X);
        EV && EV->getNumIndices() == 1)
      Known.try_emplace({EV->getAggregateOperand(), int(EV->getIndices()[0])},
                        C);
  }

  /// X is not C on the path (the other edge of an equality test, a switch
  /// edge other than C's case; also from addLowBitFact).
  void addNotFact(Value *X, Constant *C) {
    if (isa<UndefValue>(C))
      return;
    KnownNot[{X, -1}].push_back(C);
    if (auto *EV = dyn_cast<ExtractValueInst>(X);
        EV && EV->getNumIndices() == 1)
      KnownNot[{EV->getAggregateOperand(), int(EV->getIndices()[0])}].push_back(
          C);
  }

  /// X's lowest bit is \p Bit on the path.
  void addLowBitFact(Value *X, bool Bit) {
    KnownLowBit.try_emplace({X, -1}, Bit);
    if (auto *EV = dyn_cast<ExtractValueInst>(X);
        EV && EV->getNumIndices() == 1)
      KnownLowBit.try_emplace(
          {EV->getAggregateOperand(), int(EV->getIndices()[0])}, Bit);
  }

  bool knownNot(Value *V, int Lane, ConstantInt *C) const {
    auto It = KnownNot.find({V, Lane});
    if (It != KnownNot.end() && is_contained(It->second, C))
      return true;
    auto Bit = KnownLowBit.find({V, Lane});
    return Bit != KnownLowBit.end() && C->getValue()[0] != Bit->second;
  }

  const DataLayout &DL;
  DenseMap<BasicBlock *, BasicBlock *> PredOnPath;
  DenseMap<std::pair<Value *, int>, Constant *> Known;
  DenseMap<std::pair<Value *, int>, SmallVector<Constant *, 2>> KnownNot;
  DenseMap<std::pair<Value *, int>, bool> KnownLowBit;
};

/// Whether \p C is a constant, not undef or poison.
bool isDefinite(const Constant *C) { return C && !isa<UndefValue>(C); }

/// A return path: it enters \p BB from \p Pred (null: BB's only
/// predecessor, or none) and returns \p RV.
struct PathRet {
  BasicBlock *BB;
  BasicBlock *Pred;
  Value *RV;
  PathValues values() const {
    return PathValues(*BB, Pred ? Pred : BB->getSinglePredecessor());
  }
};

/// The Pending of a rustc poll returning an aggregate (\p RetTy), from what
/// its pending returns give part by part (\p PendingLanes, one entry per
/// path) where some part is not a constant on some path, or differs
/// between paths; \p Completed its completing returns. A
/// `Poll<T>` tells Pending from Ready in one part: the tag of a tagged
/// layout (Poll's discriminant, Ready 0 and Pending 1, at offset 0) or the
/// niche of T's layout; Pending has no payload, so every other part of a
/// Pending is undefined, and LLVM may leave in it whatever the merged
/// return paths compute (`insertvalue { i32 1, i32 poison }, %payload, 1`
/// on every path). rustc writes Pending as a constant, so the part that
/// tells is the same constant on every pending return. Proven when some
/// part is: the same integer constant on every pending return, and on every
/// completing return (one at least) an integer other than it (a constant,
/// or a value the path tested unequal to it: a child's Ready returned where
/// its discriminant was tested not Pending's). The
/// result keeps each part every pending return gives as the same constant,
/// poison in the others. Else null, with \p Why.
std::optional<Constant *> pendingFromParts(Type *RetTy,
                                           ArrayRef<Lanes> PendingLanes,
                                           ArrayRef<PathRet> Completed,
                                           std::string &Why) {
  unsigned N = PendingLanes.front().size();
  Lanes Common(N, nullptr);
  bool Tells = false;
  for (unsigned K = 0; K < N; ++K) {
    Constant *C = PendingLanes.front()[K];
    if (!isDefinite(C) ||
        any_of(PendingLanes, [&](const Lanes &L) { return L[K] != C; }))
      continue;
    Common[K] = C;
    auto *CI = dyn_cast<ConstantInt>(C);
    Tells |= CI && !Completed.empty() && all_of(Completed, [&](auto &R) {
               return R.values().laneIsNot(R.RV, K, CI);
             });
  }
  if (!Tells) {
    Why = "a pending return does not return a constant, and no part of it "
          "that is one tells it from every completing return";
    return std::nullopt;
  }
  for (unsigned K = 0; K < N; ++K)
    if (!Common[K])
      Common[K] = PoisonValue::get(isa<StructType>(RetTy)
                                       ? RetTy->getStructElementType(K)
                                       : RetTy->getArrayElementType());
  if (auto *ST = dyn_cast<StructType>(RetTy))
    return ConstantStruct::get(ST, Common);
  return ConstantArray::get(cast<ArrayType>(RetTy), Common);
}

/// The Pending of a rustc poll that never suspends (no pending return),
/// from its result's type: returned as `i1`, its Poll has two values, and
/// when every return gives the same constant (Ready's: Poll<()>'s false),
/// Pending is the other. rustc passes a Poll<T> as `i1` only when T has no
/// value of its own (Ready's one value and Pending: a bool-like scalar with
/// the valid range 0..=1); any wider Poll is an `i8` or more, or an
/// aggregate, and is refused. std::nullopt when the rule does not apply.
std::optional<Parts> otherTwoValuedResult(const Function &F,
                                          const Argument *Sret,
                                          ArrayRef<Parts> Completed,
                                          bool CompletedComputed) {
  if (Sret || !F.getReturnType()->isIntegerTy(1) || Completed.empty() ||
      CompletedComputed || !all_equal(Completed) ||
      Completed.front().size() != 1)
    return std::nullopt;
  auto *Ready = dyn_cast<ConstantInt>(Completed.front().front().second);
  if (!Ready)
    return std::nullopt;
  return Parts{{0, ConstantInt::getBool(F.getContext(), Ready->isZero())}};
}

} // namespace

std::optional<PendingReturn> coroslim::provePendingReturn(const LoweredShape &L,
                                                          std::string &Why,
                                                          PendingProof Proof) {
  Function &F = *L.F;
  PendingReturn Result;
  // The result in memory: the shape's (an sret first argument, or the
  // noalias one ArgumentPromotion makes of it at -O3, which a pending
  // return writes all the same), else an sret argument elsewhere.
  Result.Sret = L.Result;
  for (Argument &A : F.args())
    if (!Result.Sret && A.hasStructRetAttr())
      Result.Sret = &A;
  // `ret void` and no sret result (a .resume clone): every return gives
  // nothing.
  if (!Result.Sret && F.getReturnType()->isVoidTy())
    return Result;
  if (Result.Sret) {
    Why = whyNotStoredAtReturns(*Result.Sret);
    if (!Why.empty())
      return std::nullopt;
  }
  // State -> whether a return storing it suspends. A state whose case
  // resumes the body does; in a rustc poll so does every suspend state
  // (rustc numbers them from 3: 0 unresumed, 1 returned, 2 panicked), even
  // one whose case LLVM sent straight to an inlined child's panic because
  // it proved the child complete there.
  bool RustNumbering = isRustPoll(L);
  DenseMap<uint64_t, bool> Resumable;
  for (const LoweredShape::Case &C : L.Cases)
    Resumable[C.State] = !C.Trap || (RustNumbering && C.State >= 3);
  std::optional<Parts> Pending;
  SmallVector<Parts, 4> Completed;
  bool CompletedComputed = false; // a completing return gives no constant
  // A rustc poll returning its Poll as an aggregate (a scalar pair `{ A, B
  // }`): what each path gives part by part, so that a pending return that
  // is a constant only in some parts (Pending's discriminant, with the
  // Ready payload's part left a computed value) is still proven
  // (pendingFromParts).
  bool ByParts =
      !Result.Sret && RustNumbering &&
      (F.getReturnType()->isStructTy() || F.getReturnType()->isArrayTy());
  bool Partial = false;
  SmallVector<Lanes, 4> PendingLanes;
  SmallVector<PathRet, 4> CompletedPaths;
  PathRet Path{}; // the path Classify is given
  // One return path: the state it stores, what it gives (null: not a
  // constant), and part by part (null unless ByParts).
  auto Classify = [&](Value *State, const Parts *Gives, const Lanes *Ls) {
    auto *S = dyn_cast_or_null<ConstantInt>(State);
    if (!S) {
      Why = "a return does not store a constant state";
      return false;
    }
    auto It = Resumable.find(S->getZExtValue());
    if (It == Resumable.end()) {
      Why = "a return stores state " + std::to_string(S->getZExtValue()) +
            ", which the dispatch does not list";
      return false;
    }
    if (!It->second) {
      // A completing return may compute its result (Ready(value)); only a
      // constant one could collide with the pending value.
      if (Gives)
        Completed.push_back(*Gives);
      else
        CompletedComputed = true;
      if (Ls)
        CompletedPaths.push_back(Path);
      return true;
    }
    if (Ls)
      PendingLanes.push_back(*Ls);
    if (!Gives || (Pending && *Pending != *Gives)) {
      if (Ls) {
        Partial = true;
        return true;
      }
      Why = Gives         ? "pending returns return different values"
            : Result.Sret ? "a pending return stores a value that is not a "
                            "constant in its sret result"
                          : "a pending return does not return a constant";
      return false;
    }
    Pending = *Gives;
    return true;
  };
  // What the path from \p Pred (null: any) through \p BB gives, where \p RV
  // is the value returned on it and \p StoresIn the predecessor whose sret
  // stores are on it (a return tail); \p OutLanes the same part by part.
  auto GivesOn = [&](BasicBlock &BB, BasicBlock *Pred, BasicBlock *StoresIn,
                     Value *RV, Parts &Out, Lanes &OutLanes) -> const Parts * {
    Out.clear();
    OutLanes.clear();
    if (!Result.Sret) {
      Path = {&BB, Pred, RV};
      PathValues PV = Path.values();
      if (ByParts)
        OutLanes = PV.getLanes(RV);
      Constant *C = PV.get(RV);
      if (!C)
        return nullptr;
      Out.push_back({0, C});
      return &Out;
    }
    if (StoresIn && !addSretStores(*StoresIn, nullptr, *Result.Sret, Out))
      return nullptr;
    if (!addSretStores(BB, Pred, *Result.Sret, Out))
      return nullptr;
    return &Out;
  };
  for (BasicBlock &BB : F) {
    auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator());
    if (!Ret)
      continue;
    Value *RV = Ret->getReturnValue();
    StoreInst *St = lastStateStore(BB, L, Ret);
    Value *SV = St ? St->getValueOperand() : nullptr;
    auto *RPhi = dyn_cast_or_null<PHINode>(RV);
    auto *SPhi = dyn_cast_or_null<PHINode>(SV);
    // A returning block whose predecessors store (the state, or the sret
    // result) is classified per incoming edge.
    bool PerEdge = (RPhi && RPhi->getParent() == &BB) ||
                   (SPhi && SPhi->getParent() == &BB) || !St ||
                   (Result.Sret && !pred_empty(&BB));
    Parts Gives;
    Lanes GivesLanes;
    const Lanes *LanesOrNull = ByParts ? &GivesLanes : nullptr;
    if (!PerEdge) {
      if (!Classify(SV, GivesOn(BB, nullptr, nullptr, RV, Gives, GivesLanes),
                    LanesOrNull))
        return std::nullopt;
      continue;
    }
    if (pred_empty(&BB)) {
      Why = "a return stores no state";
      return std::nullopt;
    }
    for (BasicBlock *P : predecessors(&BB)) {
      Value *R = RPhi && RPhi->getParent() == &BB
                     ? RPhi->getIncomingValueForBlock(P)
                     : RV;
      Value *S = SV;
      if (SPhi && SPhi->getParent() == &BB)
        S = SPhi->getIncomingValueForBlock(P);
      else if (!St) {
        StoreInst *PS = lastStateStore(*P, L);
        S = PS ? PS->getValueOperand() : nullptr;
      }
      // Stores in P are on this path only when P goes straight here.
      BasicBlock *StoresIn = isReturnTail(*P) ? P : nullptr;
      if (!Classify(S, GivesOn(BB, P, StoresIn, R, Gives, GivesLanes),
                    LanesOrNull))
        return std::nullopt;
    }
  }
  if (Partial) {
    std::optional<Constant *> C =
        pendingFromParts(F.getReturnType(), PendingLanes, CompletedPaths, Why);
    if (!C)
      return std::nullopt;
    Result.Parts.push_back({0, *C});
    return Result;
  }
  if (!Pending && Proof == PendingProof::ReturnsOrType && RustNumbering) {
    if (std::optional<Parts> Other =
            otherTwoValuedResult(F, Result.Sret, Completed, CompletedComputed))
      return PendingReturn{nullptr, std::move(*Other), /*FromType=*/true};
  }
  if (!Pending) {
    Why = "no return path stores a resumable state";
    return std::nullopt;
  }
  if (Result.Sret && Pending->empty()) {
    Why = "a pending return stores nothing in its sret result";
    return std::nullopt;
  }
  if (is_contained(Completed, *Pending)) {
    Why = "a completing return returns the same value as a pending one";
    return std::nullopt;
  }
  Result.Parts = std::move(*Pending);
  return Result;
}

BasicBlock *coroslim::emitPendingReturn(const PendingReturn &P,
                                        const LoweredShape &L) {
  Function &F = *L.F;
  LLVMContext &Ctx = F.getContext();
  BasicBlock *BB = BasicBlock::Create(Ctx, "coroslim.done.resume", &F);
  IRBuilder<> B(BB);
  if (!P.Sret) {
    if (P.Parts.empty())
      B.CreateRetVoid();
    else
      B.CreateRet(P.Parts.front().second);
    return BB;
  }
  for (auto &[Off, C] : P.Parts)
    B.CreateStore(C,
                  Off ? B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), P.Sret, Off)
                      : static_cast<Value *>(P.Sret));
  B.CreateRetVoid();
  return BB;
}
