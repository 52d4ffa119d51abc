//===- MergeStatesMatch.cpp - Match two suspend regions -------------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// merge-states' region matcher, split out of MergeStates.cpp: two regions
// (from a suspend point, or the start of an await) are walked in lockstep,
// block by block and instruction by instruction, on every path (body,
// resume, destroy, suspend-return); values that differ become phis where
// they may (RegionMatch), locals that can be one are unified, and the first
// difference that cannot be bridged is the reason the pass reports. Callees
// are the same when they are one function, or two definitions with
// identical bodies (FunctionComparator) that the linker cannot replace.
//
//===----------------------------------------------------------------------===//

#include "coroslim/MergeStatesMatch.h"
#include "coroslim/SourceTerms.h"

#include "llvm/IR/CFG.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;
using namespace coroslim;
using namespace coroslim::mergestates;

#define DEBUG_TYPE "coroslim-merge-states"

namespace {

StringRef pathName(PathKind K) {
  switch (K) {
  case PathKind::Body:
    return "";
  case PathKind::Resume:
    return "resume continuations differ: ";
  case PathKind::Destroy:
    return "destroy behaviour differs: ";
  case PathKind::Return:
    return "suspend-return edges differ: ";
  }
  llvm_unreachable("bad PathKind");
}

/// Path kind of successor \p Idx of \p Term, reached on a \p Cur path.
/// \p SP: the suspend point whose consumer \p Term is, if it is one (the
/// shape read the consumers; see Merger::suspendOf).
PathKind successorKind(const SuspendPoint *SP, const Instruction *Term,
                       unsigned Idx, PathKind Cur) {
  if (!SP)
    return Cur;
  BasicBlock *Succ = Term->getSuccessor(Idx);
  if (Succ == SP->target(-1))
    return PathKind::Return;
  if (Succ == SP->target(0))
    return PathKind::Resume;
  if (Succ == SP->target(1))
    return PathKind::Destroy;
  return Cur;
}

/// Intrinsics that may not sit inside a merged region: the coroutine's own
/// lifetime (one of each per coroutine, or position-sensitive for CoroSplit).
bool isForbiddenIntrinsic(const Instruction &I) {
  const auto *II = dyn_cast<IntrinsicInst>(&I);
  if (!II)
    return false;
  switch (II->getIntrinsicID()) {
  case Intrinsic::coro_id:
  case Intrinsic::coro_begin:
  case Intrinsic::coro_alloc:
  case Intrinsic::coro_free: {
    // The coro.id of an inlined, already split ramp, and the begin, alloc
    // and free on it, only serve CoroElide: a merged region keeps one whole
    // inlined ramp, which CoroElide and CoroCleanup lower as any other.
    auto *Id = dyn_cast<CoroIdInst>(
        II->getIntrinsicID() == Intrinsic::coro_id ? II : II->getArgOperand(0));
    return !Id || isPreSplit(*Id);
  }
  case Intrinsic::coro_end:
  case Intrinsic::coro_size:
  case compat::CoroIsInRampID:
  case Intrinsic::coro_end_async:
  case Intrinsic::coro_id_async:
  case Intrinsic::coro_id_retcon:
  case Intrinsic::coro_id_retcon_once:
  case Intrinsic::coro_suspend_retcon:
  case Intrinsic::coro_suspend_async:
    return true;
  default:
    return false;
  }
}

/// The coroutine whose inlined, already split ramp \p I starts: its
/// llvm.coro.id names the coroutine (operand 2); null for anything else.
const Function *splitRampOf(const Instruction &I) {
  const auto *Id = dyn_cast<CoroIdInst>(&I);
  if (!Id || isPreSplit(*Id))
    return nullptr;
  return dyn_cast<Function>(Id->getArgOperand(2)->stripPointerCasts());
}

bool isVolatileOrAtomic(const Instruction &I) {
  return I.isVolatile() || I.isAtomic();
}

/// The local variable \p V names: a static alloca of the entry block, or a
/// no-op cast of one there (CoroElide's handle of an elided frame).
AllocaInst *localVariable(Value *V) {
  const BasicBlock &Entry = *cast<Instruction>(V)->getFunction()->begin();
  if (auto *BC = dyn_cast<BitCastInst>(V);
      BC && BC->getParent() == &Entry && BC->getSrcTy() == BC->getDestTy())
    V = BC->getOperand(0);
  auto *A = dyn_cast<AllocaInst>(V);
  return A && A->isStaticAlloca() && A->getParent() == &Entry ? A : nullptr;
}

} // namespace

/// Two locals of different regions that can be one, so that no phi has to
/// select between them (a phi of two locals live across the suspend would
/// keep both in the frame and cost a pointer besides): the same size, and
/// either lifetimes that never meet (CoroFrame's own test for sharing a
/// frame slot, AllocaLifetimes), or the frames LLVM elided for two of the
/// awaits being merged, each used only in its own region (checkGroup):
/// such a frame is created anew each time its await starts, as the heap
/// frame it replaced was, so no region reads what another wrote.
std::optional<AllocaUnify> Merger::unifiable(Value *V1, Value *Vk) const {
  if (!isa<Instruction>(V1) || !isa<Instruction>(Vk))
    return std::nullopt;
  AllocaInst *A1 = localVariable(V1), *Ak = localVariable(Vk);
  if (!A1 || !Ak)
    return std::nullopt;
  if (A1 == Ak)
    return AllocaUnify{A1, Ak, false};
  const DataLayout &DL = F.getParent()->getDataLayout();
  std::optional<TypeSize> S1 = A1->getAllocationSize(DL);
  std::optional<TypeSize> Sk = Ak->getAllocationSize(DL);
  if (!S1 || !Sk || *S1 != *Sk || S1->isScalable() ||
      A1->getAddressSpace() != Ak->getAddressSpace())
    return std::nullopt;
  if (S.Lifetimes.neverAliveTogether(A1, Ak))
    return AllocaUnify{A1, Ak, false};
  if (ElidedFrames.count(A1) && ElidedFrames.count(Ak))
    return AllocaUnify{A1, Ak, true};
  return std::nullopt;
}

bool Merger::sameCallee(Value *C1, Value *Ck, std::string *Note) {
  if (C1 == Ck)
    return true;
  auto *F1 = dyn_cast<Function>(C1), *Fk = dyn_cast<Function>(Ck);
  if (!F1 || !Fk || F1->isDeclaration() || Fk->isDeclaration() ||
      F1->getFunctionType() != Fk->getFunctionType())
    return false;
  // Identical bodies here say nothing about the definitions that run when
  // the linker may pick another one for either (weak, linkonce, ...); the
  // merged region would call only the kept one.
  for (Function *Fn : {F1, Fk})
    if (Fn->isInterposable()) {
      if (Note)
        *Note = "; the linker may replace " + funcName(*Fn);
      return false;
    }
  auto [It, New] = SameBody.try_emplace({F1, Fk}, false);
  if (New)
    It->second = FunctionComparator(F1, Fk, &GN).compare() == 0;
  return It->second;
}

/// Compares two instructions at paired positions, operands aside.
std::string Merger::compareInst(Instruction *I1, Instruction *Ik,
                                PathKind Via) {
  auto Why = [&](const Twine &T) { return (pathName(Via) + T).str(); };
  if (isVolatileOrAtomic(*I1) != isVolatileOrAtomic(*Ik) ||
      (isVolatileOrAtomic(*I1) && !I1->isSameOperationAs(Ik)))
    return Why("volatile or atomic access differs (" + describe(I1) + " vs " +
               describe(Ik) + ")");
  auto *C1 = dyn_cast<CallBase>(I1), *Ck = dyn_cast<CallBase>(Ik);
  std::string Note;
  if (C1 && Ck &&
      !sameCallee(C1->getCalledOperand(), Ck->getCalledOperand(), &Note) &&
      (isa<Constant>(C1->getCalledOperand()) ||
       isa<Constant>(Ck->getCalledOperand())))
    return Why("different callees (" + describe(C1->getCalledOperand()) +
               " vs " + describe(Ck->getCalledOperand()) + Note + ")");
  if (!I1->isSameOperationAs(Ik))
    return Why("different operations (" + describe(I1) + " vs " + describe(Ik) +
               ")");
  if (isa<AllocaInst>(I1) || (I1->isEHPad() && !isa<LandingPadInst>(I1)) ||
      isa<CallBrInst>(I1) || isa<IndirectBrInst>(I1) ||
      isForbiddenIntrinsic(*I1) || Pinned.count(I1) || Pinned.count(Ik))
    return Why("the region contains " + std::string(I1->getOpcodeName()) + " " +
               describe(I1) + ", which is not merged");
  if (C1 && (C1->isMustTailCall() || C1->isConvergent() ||
             C1->hasFnAttr(Attribute::ReturnsTwice)))
    return Why("the region contains a musttail, convergent or returns_twice "
               "call");
  if (I1->getType()->isTokenTy() && isa<PHINode>(I1))
    return Why("token phi in the region");
  return "";
}

/// Compares operand \p Idx of leader instruction \p I1 (value \p V1) with
/// the other region's value \p Vk and records a difference to phi.
std::string Merger::compareValue(RegionMatch &M, Instruction *I1, unsigned Idx,
                                 Value *V1, Value *Vk, bool IsPhi) {
  if (M.inLeader(V1)) {
    if (M.InstMap.lookup(cast<Instruction>(V1)) == Vk)
      return "";
    return "operand " + describe(V1) + " of " + describe(I1) +
           " is not matched by the other region's " + describe(Vk);
  }
  if (M.inOther(Vk))
    return "operand " + describe(Vk) +
           " in the other region has no counterpart";
  if (V1 == Vk)
    return "";
  if (std::optional<AllocaUnify> U = unifiable(V1, Vk)) {
    if (none_of(M.Unify, [&](const AllocaUnify &Seen) {
          return Seen.A1 == U->A1 && Seen.Ak == U->Ak;
        }))
      M.Unify.push_back(*U);
    return "";
  }
  // Two different values from outside: they become a phi at the start.
  if (V1->getType()->isTokenTy() || V1->getType()->isMetadataTy() ||
      V1->getType()->isLabelTy())
    return "operands differ in a way no phi can select (" + describe(V1) +
           " vs " + describe(Vk) + ")";
  if (isVolatileOrAtomic(*I1))
    return "volatile or atomic access with different operands (" +
           describe(V1) + " vs " + describe(Vk) + ")";
  if (!IsPhi) {
    if (I1->isLifetimeStartOrEnd()) {
      if (cast<IntrinsicInst>(I1)->getIntrinsicID() ==
          Intrinsic::lifetime_end) {
        // Ending a lifetime is optional: the kept region just drops it.
        if (!is_contained(M.DropLifetimeEnds, I1))
          M.DropLifetimeEnds.push_back(I1);
        return "";
      }
      return "lifetime.start of different local variables (" + describe(V1) +
             " vs " + describe(Vk) + ")";
    }
    auto *CB = dyn_cast<CallBase>(I1);
    if (Function *Intr = CB ? CB->getCalledFunction() : nullptr;
        Intr && Intr->isIntrinsic()) {
      // The awaiter of an await_suspend may be selected; nothing else of a
      // coroutine intrinsic may (CoroSplit reads them as constants). An
      // intrinsic may also be invoked, so this looks at any CallBase.
      auto *II = CB;
      Intrinsic::ID ID = Intr->getIntrinsicID();
      bool AwaitSuspend = ID == Intrinsic::coro_await_suspend_void ||
                          ID == Intrinsic::coro_await_suspend_bool ||
                          ID == Intrinsic::coro_await_suspend_handle;
      bool Awaiter = AwaitSuspend && Idx == 0;
      // Clang emits one await_suspend wrapper per co_await; two with the
      // same body are interchangeable (the kept one stays).
      if (AwaitSuspend && Idx == 2 && sameCallee(V1, Vk))
        return "";
      if (!Awaiter &&
          (II->getCalledFunction()->getName().starts_with("llvm.coro.") ||
           !canReplaceOperandWithVariable(I1, Idx)))
        return "operand " + Twine(Idx).str() + " of " +
               II->getCalledFunction()->getName().str() +
               " differs and must stay constant";
    } else if (!canReplaceOperandWithVariable(I1, Idx)) {
      return "operand " + Twine(Idx).str() + " of " + describe(I1) +
             " differs and must stay constant";
    }
  }
  M.OpDiffs.push_back({I1, Idx, Vk});
  return "";
}

std::string Merger::compareDebugRecords(const RegionMatch &M, Instruction *I1,
                                        Instruction *Ik) {
  auto R1 = I1->getDbgRecordRange(), Rk = Ik->getDbgRecordRange();
  auto It1 = R1.begin(), ItK = Rk.begin();
  auto Fail = [&](const Twine &What) {
    return ("debug info present: debug records before " + describe(I1) +
            " and " + describe(Ik) + " differ (" + What +
            "); merging would describe one arm's variables in the other")
        .str();
  };
  for (; It1 != R1.end() && ItK != Rk.end(); ++It1, ++ItK) {
    if (It1->getRecordKind() != ItK->getRecordKind() ||
        It1->getDebugLoc() != ItK->getDebugLoc())
      return Fail("kind or location");
    auto *D1 = dyn_cast<DbgVariableRecord>(&*It1);
    auto *Dk = dyn_cast<DbgVariableRecord>(&*ItK);
    if (!D1) {
      if (cast<DbgLabelRecord>(*It1).getLabel() !=
          cast<DbgLabelRecord>(*ItK).getLabel())
        return Fail("labels");
      continue;
    }
    if (D1->getType() != Dk->getType() ||
        D1->getVariable() != Dk->getVariable() ||
        D1->getExpression() != Dk->getExpression() ||
        D1->getNumVariableLocationOps() != Dk->getNumVariableLocationOps())
      return Fail("variable or expression");
    for (unsigned Op = 0; Op < D1->getNumVariableLocationOps(); ++Op) {
      Value *V1 = D1->getVariableLocationOp(Op);
      Value *Vk = Dk->getVariableLocationOp(Op);
      if (V1 == Vk)
        continue;
      auto *In1 = dyn_cast_or_null<Instruction>(V1);
      if (In1 && M.InstMap.lookup(In1) == Vk)
        continue;
      return Fail("values " + (V1 ? describe(V1) : "none") + " and " +
                  (Vk ? describe(Vk) : "none"));
    }
    if (D1->isDbgAssign())
      return Fail("dbg_assign records");
  }
  if (It1 != R1.end() || ItK != Rk.end())
    return Fail("number of records");
  return "";
}

std::string Merger::compareOperands(RegionMatch &M, Instruction *I1,
                                    Instruction *Ik) {
  if (auto *P1 = dyn_cast<PHINode>(I1)) {
    auto *Pk = cast<PHINode>(Ik);
    if (P1->getNumIncomingValues() != Pk->getNumIncomingValues())
      return describe(P1) + " and " + describe(Pk) +
             " merge different numbers of paths";
    for (unsigned In = 0; In < P1->getNumIncomingValues(); ++In) {
      BasicBlock *B1 = P1->getIncomingBlock(In);
      BasicBlock *Bk = M.BlockMap.lookup(B1);
      int KIdx = Bk ? Pk->getBasicBlockIndex(Bk) : -1;
      if (KIdx < 0)
        return describe(P1) + " merges paths that do not pair up";
      std::string Why = compareValue(M, P1, In, P1->getIncomingValue(In),
                                     Pk->getIncomingValue(KIdx), true);
      if (!Why.empty())
        return Why;
    }
    return "";
  }
  auto *C1 = dyn_cast<CallBase>(I1);
  for (unsigned Idx = 0; Idx < I1->getNumOperands(); ++Idx) {
    Value *V1 = I1->getOperand(Idx), *Vk = Ik->getOperand(Idx);
    if (isa<BasicBlock>(V1))
      continue; // successors were paired by the walk
    if (C1 && &C1->getCalledOperandUse() == &I1->getOperandUse(Idx) &&
        isa<Constant>(V1))
      continue; // compared by sameCallee
    std::string Why = compareValue(M, I1, Idx, V1, Vk, false);
    if (!Why.empty())
      return Why;
  }
  return compareDebugRecords(M, I1, Ik);
}

/// Moves both starts up over preceding instructions that are the same
/// operation with operands known before them (code that computes the
/// arguments of an await, the store of a yielded value), across
/// single-predecessor block boundaries. Returns how many steps it took.
unsigned Merger::moveStartsUp(Instruction *&S1, Instruction *&Sk,
                              unsigned Max) {
  unsigned Steps = 0;
  auto Acceptable = [&](Instruction *P1, Instruction *Pk) {
    // The coro.save and await_suspend call of a suspend may be taken in
    // (they are its suspend-side sequence); another suspend may not.
    // An EH pad must stay first in its block, which becomes an arm block,
    // and be reached by its unwind edges only: the region starts after it.
    if (isa<PHINode>(P1) || isa<PHINode>(Pk) || P1->isEHPad() ||
        Pk->isEHPad() || !compareInst(P1, Pk, PathKind::Body).empty() ||
        isVolatileOrAtomic(*P1) || isa<AnyCoroSuspendInst>(P1) ||
        P1->isLifetimeStartOrEnd())
      return false;
    if (auto *Br = dyn_cast<BranchInst>(P1); Br && Br->isConditional())
      return false;
    if (P1->isTerminator() && !isa<BranchInst>(P1) && !isa<InvokeInst>(P1))
      return false;
    return true;
  };
  while (Steps < Max) {
    Instruction *P1 = S1->getPrevNode(), *Pk = Sk->getPrevNode();
    if (!P1 && !Pk) {
      BasicBlock *B1 = S1->getParent(), *Bk = Sk->getParent();
      BasicBlock *Pred1 = B1->getSinglePredecessor();
      BasicBlock *PredK = Bk->getSinglePredecessor();
      if (!Pred1 || !PredK || Pred1 == PredK || Pred1 == Bk || PredK == B1 ||
          Pred1 == B1 || PredK == Bk ||
          &Pred1->getParent()->getEntryBlock() == Pred1 ||
          &PredK->getParent()->getEntryBlock() == PredK)
        break;
      P1 = Pred1->getTerminator();
      Pk = PredK->getTerminator();
    }
    if (!P1 || !Pk || !Acceptable(P1, Pk))
      break;
    S1 = P1;
    Sk = Pk;
    ++Steps;
  }
  return Steps;
}

/// Start pairs past code at the head of two arms that differs: \p A1 and
/// \p Ak begin the arms' first blocks, which pair up operation by
/// operation only from some point on (each arm computes the arguments of
/// its await in its own way, `send(x + 1)` / `send(y * 2)` / `send(5)`).
/// Returns the points from which the two blocks' ends pair up, longest
/// first, at most \p Max, none before \p A1 / \p Ak and none after the
/// candidates \p Cand1 / \p CandK when those are in these blocks (a region
/// must contain its candidate: an await split from its ramp call would no
/// longer be an await for the passes after this one). \p DiffersAtHead
/// says whether the blocks differ before the first returned start (else
/// they pair up from \p A1 / \p Ak on, and a start further down only
/// leaves common code out of the region); \p HeadDiff, if given, gets the
/// last two instructions that differ (read backwards, the first), or nulls.
///
/// Nothing moves: the code before such a start stays in its arm, before the
/// merged region, in its order, and the values it computes reach the region
/// as operands known before it, which become phis at the kept start. So
/// what that code does (side effects, traps, loads) happens exactly as
/// before, and no operation is hoisted or sunk; an operation that differs
/// after the start is still refused by match().
SmallVector<std::pair<Instruction *, Instruction *>, 4>
Merger::startsPastDifferingCode(
    Instruction *A1, Instruction *Ak, const Instruction *Cand1,
    const Instruction *CandK, unsigned Max, bool &DiffersAtHead,
    std::pair<Instruction *, Instruction *> *HeadDiff) {
  SmallVector<std::pair<Instruction *, Instruction *>, 16> Paired;
  BasicBlock *B1 = A1->getParent(), *Bk = Ak->getParent();
  Instruction *I1 = B1->getTerminator(), *Ik = Bk->getTerminator();
  while (I1 && Ik && !isa<PHINode>(I1) && !isa<PHINode>(Ik) && !I1->isEHPad() &&
         !Ik->isEHPad() && compareInst(I1, Ik, PathKind::Body).empty()) {
    Paired.push_back({I1, Ik});
    if (I1 == A1 || Ik == Ak)
      break;
    I1 = I1->getPrevNode();
    Ik = Ik->getPrevNode();
  }
  DiffersAtHead = Paired.empty() || Paired.back() != std::make_pair(A1, Ak);
  if (HeadDiff)
    *HeadDiff = DiffersAtHead && I1 && Ik &&
                        (Paired.empty() || Paired.back().first != I1)
                    ? std::make_pair(I1, Ik)
                    : std::make_pair(nullptr, nullptr);
  SmallVector<std::pair<Instruction *, Instruction *>, 4> Starts;
  for (auto [S1, Sk] : reverse(Paired)) {
    if (Starts.size() >= Max)
      break;
    // The arm starts themselves are tried already (mergeOneGroup).
    if (S1 == A1 && Sk == Ak)
      continue;
    auto After = [](const Instruction *Cand, const Instruction *S) {
      return Cand->getParent() == S->getParent() && Cand->comesBefore(S);
    };
    if (After(Cand1, S1) || After(CandK, Sk))
      break;
    Starts.push_back({S1, Sk});
  }
  return Starts;
}

/// Walks both regions in lockstep from \p S1 and \p Sk. Returns the reason
/// they do not match, or "" with \p M filled in.
std::string Merger::match(Instruction *S1, Instruction *Sk, RegionMatch &M) {
  M.Start1 = S1;
  M.StartK = Sk;
  BasicBlock *E1 = S1->getParent(), *Ek = Sk->getParent();
  if (E1 == Ek)
    return "both start in the same block";
  // merge() splits each start block at the start and sends the other arms
  // to the kept start: a pad there would be left by its unwind edges and
  // entered by plain branches.
  for (Instruction *S : {S1, Sk})
    if (S->isEHPad())
      return "a region would start at the exception-handling pad " +
             describe(S) + ", which must stay first in its block";
  if (E1 == &F.getEntryBlock() || Ek == &F.getEntryBlock())
    return "a region starts in the entry block";
  struct Item {
    BasicBlock *B1, *Bk;
    PathKind Via;
  };
  SmallVector<Item, 16> Work{{E1, Ek, PathKind::Body}};
  DenseMap<const BasicBlock *, BasicBlock *> Rev;
  M.BlockMap[E1] = Ek;
  Rev[Ek] = E1;
  M.Blocks1.push_back(E1);
  M.BlocksK.insert(Ek);
  DenseMap<const BasicBlock *, PathKind> ViaOf;
  for (size_t W = 0; W < Work.size(); ++W) {
    auto [B1, Bk, Via] = Work[W];
    ViaOf[B1] = Via;
    auto It1 = B1 == E1 ? S1->getIterator() : B1->begin();
    auto ItK = Bk == Ek ? Sk->getIterator() : Bk->begin();
    for (; It1 != B1->end() && ItK != Bk->end(); ++It1, ++ItK) {
      // The inlined ramps of two different coroutines (the awaits of two
      // tasks, or of two instances of one task template): their ids must
      // stay constant, so this is refused anyway; say it in terms of the
      // awaited tasks, not of the first instruction of their ramps that
      // differs (the frame size an operator new is marked with).
      const Function *Co1 = splitRampOf(*It1), *CoK = splitRampOf(*ItK);
      if (Co1 && CoK && Co1 != CoK)
        return (pathName(Via) + "different callees (the regions await " +
                funcName(*Co1) + " and " + funcName(*CoK) + ", two coroutines)")
            .str();
      std::string Why = compareInst(&*It1, &*ItK, Via);
      if (!Why.empty())
        return Why;
      M.InstMap[&*It1] = &*ItK;
      M.RevInstMap[&*ItK] = &*It1;
      M.Pairs.push_back({&*It1, &*ItK});
      if (auto *CS = dyn_cast<CoroSuspendInst>(&*It1))
        M.Suspends1.push_back(CS);
    }
    if (It1 != B1->end() || ItK != Bk->end())
      return (pathName(Via) + describe(B1) + " and " + describe(Bk) +
              " differ in length")
          .str();
    Instruction *T1 = B1->getTerminator(), *Tk = Bk->getTerminator();
    for (unsigned S = 0; S < T1->getNumSuccessors(); ++S) {
      BasicBlock *S1B = T1->getSuccessor(S), *SkB = Tk->getSuccessor(S);
      PathKind SVia = successorKind(Consumers.lookup(T1), T1, S, Via);
      if (S1B == E1 || SkB == Ek)
        return "the region loops back to its own start";
      if (BasicBlock *Mapped = M.BlockMap.lookup(S1B)) {
        if (Mapped != SkB)
          return (pathName(SVia) + "control flow differs (" + describe(S1B) +
                  " vs " + describe(SkB) + ")")
              .str();
        continue;
      }
      if (Rev.count(SkB))
        return (pathName(SVia) + "control flow differs (" + describe(S1B) +
                " vs " + describe(SkB) + ")")
            .str();
      if (S1B == SkB) {
        M.Exits.push_back({B1, Bk, S1B});
        continue;
      }
      if (M.Blocks1.size() >= MaxBlocks)
        return "the regions are larger than " + Twine(MaxBlocks).str() +
               " blocks (-coroslim-merge-max-blocks)";
      M.BlockMap[S1B] = SkB;
      Rev[SkB] = S1B;
      M.Blocks1.push_back(S1B);
      M.BlocksK.insert(SkB);
      Work.push_back({S1B, SkB, SVia});
    }
  }
  // The regions must be disjoint and entered only at their start; a block
  // seen as a common exit must not be part of either region.
  for (BasicBlock *B1 : M.Blocks1)
    if (M.BlocksK.count(B1))
      return "the regions overlap (" + describe(B1) + ")";
  for (auto &[B1, Bk, X] : M.Exits)
    if (M.BlockMap.count(X) || Rev.count(X))
      return "no common join: " + describe(X) +
             " is an exit of one region and inside the other";
  for (BasicBlock *B1 : M.Blocks1) {
    if (B1 == E1)
      continue;
    BasicBlock *Bk = M.BlockMap[B1];
    for (BasicBlock *P : predecessors(B1))
      if (!M.BlockMap.count(P))
        return (pathName(ViaOf[B1]) + "no common join: " + describe(B1) +
                " is also entered from " + describe(P) + ", outside the region")
            .str();
    for (BasicBlock *P : predecessors(Bk))
      if (!M.BlocksK.count(P))
        return (pathName(ViaOf[B1]) + "no common join: " + describe(Bk) +
                " is also entered from " + describe(P) + ", outside the region")
            .str();
  }
  // Operands, now that every region value is known.
  for (auto &[I1, Ik] : M.Pairs) {
    std::string Why = compareOperands(M, I1, Ik);
    if (!Why.empty())
      return (pathName(ViaOf[I1->getParent()]) + Why).str();
  }
  // Phis in the common exits see the regions' values along the exit edges.
  for (auto &[B1, Bk, X] : M.Exits)
    for (PHINode &P : X->phis()) {
      Value *V1 = P.getIncomingValueForBlock(B1);
      Value *Vk = P.getIncomingValueForBlock(Bk);
      if (M.inLeader(V1)) {
        if (M.InstMap.lookup(cast<Instruction>(V1)) != Vk)
          return "unrepairable live-out value: where the regions join, " +
                 describe(X) + " takes " + describe(V1) +
                 " from one region and " + describe(Vk) +
                 ", which does not correspond, from the other";
        continue;
      }
      if (M.inOther(Vk))
        return "unrepairable live-out value: where the regions join, " +
               describe(X) + " takes " + describe(Vk) +
               " from one region and the unrelated " + describe(V1) +
               " from the other";
      if (V1 == Vk)
        continue;
      if (P.getType()->isTokenTy())
        return "live-out tokens differ at " + describe(X);
      BasicBlock *Edge = B1;
      bool Seen = any_of(M.ExitDiffs, [&](const ExitDiff &D) {
        return D.P == &P && D.B1 == Edge;
      });
      if (!Seen)
        M.ExitDiffs.push_back({&P, B1, Vk});
    }
  return "";
}
