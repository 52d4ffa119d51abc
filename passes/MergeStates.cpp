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
// This file recognises, decides and remarks; passes/MergeStatesRewrite.cpp
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

/// How the walk reached a block: used to say which part of two regions
/// differs ("different destroy behaviour" is a refusal of its own).
enum class PathKind { Body, Resume, Destroy, Return };

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

// Remarks speak in source terms (SourceTerms.h): functions by name,
// instructions by what they do and, with -g, by their line; never IR value
// or block names such as %25, which mean nothing in the source.

/// "\p What at line L" with -g, else "Nth \p What" (\p N counts the
/// candidates of that kind in program order).
std::string where(const Instruction *I, const std::string &What, unsigned N) {
  std::string L = atLine(*I);
  return L.empty() ? ordinal(N) + " " + What : What + L;
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

bool isVolatileOrAtomic(const Instruction &I) {
  return I.isVolatile() || I.isAtomic();
}

/// One region that may be merged: where it starts and how to call it.
struct Candidate {
  Instruction *Start = nullptr;
  unsigned Level = 1;
  SuspendKind Kind = SuspendKind::Internal;
  Function *Callee = nullptr; ///< level 2
  std::string What;           ///< for remarks
};

class Merger {
  Function &F;
  const PreSplitShape &S;
  unsigned MaxBlocks;
  /// The frames LLVM elided for the awaits of the coroutine.
  SmallPtrSet<const AllocaInst *, 4> ElidedFrames;
  GlobalNumberState GN;
  DenseMap<std::pair<Function *, Function *>, bool> SameBody;
  /// Suspends no region may contain (initial and final ones).
  SmallPtrSet<const Instruction *, 4> Pinned;
  /// The suspend point whose result each terminator consumes.
  DenseMap<const Instruction *, const SuspendPoint *> Consumers;

public:
  Merger(Function &F, const PreSplitShape &S, unsigned MaxBlocks)
      : F(F), S(S), MaxBlocks(MaxBlocks) {
    for (const SuspendPoint &SP : S.Suspends)
      Consumers[SP.Suspend->getParent()->getTerminator()] = &SP;
    for (const AwaitSite &A : S.SplitAwaits)
      if (A.Form == AwaitSite::HandleForm::ElidedFrame)
        if (auto *Frame = dyn_cast<AllocaInst>(A.Handle->stripPointerCasts()))
          ElidedFrames.insert(Frame);
  }

  void pin(const Instruction *I) { Pinned.insert(I); }
  /// Whether calls of \p C1 and \p Ck do the same: one callee, or two
  /// definitions with identical bodies (FunctionComparator) that neither
  /// can be replaced at link time. \p Note, if given, gets why two
  /// interposable definitions are not the same.
  bool sameCallee(Value *C1, Value *Ck, std::string *Note = nullptr);
  unsigned moveStartsUp(Instruction *&S1, Instruction *&Sk, unsigned Max);
  SmallVector<std::pair<Instruction *, Instruction *>, 4>
  startsPastDifferingCode(Instruction *A1, Instruction *Ak,
                          const Instruction *Cand1, const Instruction *CandK,
                          unsigned Max, bool &DiffersAtHead);
  std::string match(Instruction *S1, Instruction *Sk, RegionMatch &M);
  std::string checkGroup(ArrayRef<const RegionMatch *> Group);

private:
  std::string compareInst(Instruction *I1, Instruction *Ik, PathKind Via);
  std::string compareOperands(RegionMatch &M, Instruction *I1, Instruction *Ik);
  std::string compareValue(RegionMatch &M, Instruction *I1, unsigned Idx,
                           Value *V1, Value *Vk, bool IsPhi);
  std::string compareDebugRecords(const RegionMatch &M, Instruction *I1,
                                  Instruction *Ik);
  std::optional<AllocaUnify> unifiable(Value *V1, Value *Vk) const;
  std::string
  checkUnifiedLocals(ArrayRef<const RegionMatch *> Group,
                     function_ref<int(const Value *)> RegionOf) const;
};

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
/// leaves common code out of the region).
///
/// Nothing moves: the code before such a start stays in its arm, before the
/// merged region, in its order, and the values it computes reach the region
/// as operands known before it, which become phis at the kept start. So
/// what that code does (side effects, traps, loads) happens exactly as
/// before, and no operation is hoisted or sunk; an operation that differs
/// after the start is still refused by match().
SmallVector<std::pair<Instruction *, Instruction *>, 4>
Merger::startsPastDifferingCode(Instruction *A1, Instruction *Ak,
                                const Instruction *Cand1,
                                const Instruction *CandK, unsigned Max,
                                bool &DiffersAtHead) {
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

/// The block in which \p U reads its value (a phi reads at the end of the
/// incoming block).
BasicBlock *useBlock(const Use &U) {
  auto *UI = cast<Instruction>(U.getUser());
  if (auto *PN = dyn_cast<PHINode>(UI))
    return PN->getIncomingBlock(U);
  return UI->getParent();
}

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
        if (auto Arms = armStarts(DT, Lead.Start, C.Start)) {
          Tries.push_back(*Arms);
          FirstPast = Tries.size();
          append_range(Tries,
                       Mg.startsPastDifferingCode(Arms->first, Arms->second,
                                                  Lead.Start, C.Start,
                                                  /*Max=*/4, DiffersAtHead));
        }
        for (unsigned T = 0; T < Tries.size(); ++T) {
          auto [S1, Sk] = Tries[T];
          if (!Group.empty() && S1 != Group.front()->Start1)
            continue;
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
