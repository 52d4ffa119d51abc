//===- TransferAwaitFrame.cpp - Can a C++ task's frame move? --------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// Part of the shared analysis (coroslim/CoroShape.h), beside
// TransferAwait.cpp: for a task the caller makes, awaited or not
// (PreSplitShape::UnawaitedTasks), whether its frame can live inside the
// caller's frame instead of the heap (TaskInstance::WhyNotEmbeddable;
// coroslim-embed-frame and coroslim-fold-transfer act on it). Two
// facts: the task never frees its own frame (by the coroutine contract
// nothing but its own deallocation code does), and every path from its
// ramp that leaves the caller other than by suspending destroys it first
// (the caller's frame, where the task's would live, outlives it).
//
//===----------------------------------------------------------------------===//

#include "coroslim/TransferAwaitImpl.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"

#include <functional>

using namespace llvm;
using namespace coroslim;
using namespace coroslim::transferawait;

/// The await's window (AwaitWindow) when its awaiter is an alloca of the
/// caller that nothing but loads and stores of its fields, lifetime
/// markers and the await itself use, and the wrapper \p W only reads it:
/// then nothing outside the caller's own code can reach the awaiter.
AwaitWindow coroslim::transferawait::awaitWindow(const CallBase &AS,
                                                 const CoroSuspendInst &Suspend,
                                                 const Function &W,
                                                 const DataLayout &DL) {
  AwaitWindow Win{nullptr, &AS, &Suspend};
  const Value *Base = baseAndOffset(AS.getArgOperand(0), DL).first;
  if (!isa<AllocaInst>(Base))
    return Win;
  // Pointers derived from \p Root may be loaded from and stored to, and
  // the await may take \p Root's derivatives as its awaiter.
  auto OnlyAccessed = [&](const Value *Root, bool InCaller) {
    SmallVector<const Value *, 8> Work{Root};
    SmallPtrSet<const Value *, 8> Seen{Root};
    while (!Work.empty()) {
      const Value *V = Work.pop_back_val();
      for (const Use &U : V->uses()) {
        const User *Usr = U.getUser();
        if (isa<GetElementPtrInst>(Usr) || isa<BitCastInst>(Usr)) {
          if (Seen.insert(Usr).second)
            Work.push_back(Usr);
          continue;
        }
        if (const auto *LI = dyn_cast<LoadInst>(Usr); LI && LI->isSimple())
          continue;
        if (const auto *SI = dyn_cast<StoreInst>(Usr);
            SI && SI->isSimple() && U.getOperandNo() == 1)
          continue;
        if (const auto *I = dyn_cast<Instruction>(Usr);
            I && isMarkerOrDebug(*I))
          continue;
        if (InCaller && Usr == &AS && U.getOperandNo() == 0)
          continue;
        // A call that may write the awaiter but keeps no pointer to it
        // (a split ramp returning the task through sret): heldValue asks
        // alias analysis about it like any other write.
        if (const auto *CB = dyn_cast<CallBase>(Usr);
            InCaller && CB && CB != &AS && CB->isArgOperand(&U) &&
            CB->doesNotCapture(CB->getArgOperandNo(&U)))
          continue;
        return false;
      }
    }
    return true;
  };
  if (OnlyAccessed(Base, /*InCaller=*/true) &&
      OnlyAccessed(W.getArg(0), /*InCaller=*/false))
    Win.Awaiter = Base;
  return Win;
}
namespace {

/// The calls that \p G (a split resume, destroy or cleanup function) makes
/// with the address of its frame's start (or an address derived from it at
/// an offset not known, which may be the start). An address at a known
/// offset past the start (a field, such as the frame of a task it embeds)
/// is not one.
SmallVector<const CallBase *, 4> callsWithOwnFrame(const Function &G) {
  SmallVector<const CallBase *, 4> Calls;
  if (G.arg_empty())
    return Calls;
  const DataLayout &DL = G.getDataLayout();
  // Values derived from the frame, with their offset (nullopt: unknown).
  SmallVector<std::pair<const Value *, std::optional<int64_t>>, 8> Work{
      {G.getArg(0), 0}};
  DenseMap<const Value *, std::optional<int64_t>> Seen{{G.getArg(0), 0}};
  auto Push = [&](const Value *V, std::optional<int64_t> Off) {
    auto [It, New] = Seen.try_emplace(V, Off);
    if (New) {
      Work.push_back({V, Off});
    } else if (It->second && It->second != Off) {
      It->second = std::nullopt; // reached at two offsets
      Work.push_back({V, std::nullopt});
    }
  };
  while (!Work.empty()) {
    auto [V, Off] = Work.pop_back_val();
    for (const Use &U : V->uses()) {
      const User *Usr = U.getUser();
      if (const auto *GEP = dyn_cast<GEPOperator>(Usr)) {
        APInt Delta(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
        bool Known = Off && GEP->accumulateConstantOffset(DL, Delta);
        Push(Usr, Known ? std::optional<int64_t>(*Off + Delta.getSExtValue())
                        : std::nullopt);
      } else if (isa<CastInst>(Usr)) {
        Push(Usr, Off);
      } else if (isa<PHINode>(Usr) || isa<SelectInst>(Usr)) {
        Push(Usr, std::nullopt);
      } else if (const auto *CB = dyn_cast<CallBase>(Usr);
                 CB && CB->isArgOperand(&U) && (!Off || *Off == 0) &&
                 !is_contained(Calls, CB)) {
        Calls.push_back(CB);
      }
    }
  }
  return Calls;
}

/// Why the split coroutine \p SC's resume function may free its own frame;
/// empty when it cannot. A coroutine's frame is freed only by its own
/// deallocation code (what llvm.coro.free guards): in its destroy function
/// and, for a coroutine that completes without a final suspend point, in
/// its resume function. Whoever else holds the handle destroys it through
/// the destroy slot, which holds the cleanup function once the allocation
/// is switched off. So the resume function may not call what the destroy
/// function calls with the frame's address and the cleanup function does
/// not (the deallocation), nor the destroy function, nor its own destroy
/// slot.
std::string whyMayFreeOwnFrame(const SplitCoroutine &SC, const DataLayout &DL) {
  auto *Resume = cast<Function>(SC.Resumers->getOperand(0));
  auto *Destroy = cast<Function>(SC.Resumers->getOperand(1));
  auto *Cleanup = cast<Function>(SC.Resumers->getOperand(2));
  SmallPtrSet<const Value *, 4> Dealloc;
  for (const CallBase *CB : callsWithOwnFrame(*Destroy))
    Dealloc.insert(CB->getCalledOperand()->stripPointerCasts());
  for (const CallBase *CB : callsWithOwnFrame(*Cleanup))
    Dealloc.erase(CB->getCalledOperand()->stripPointerCasts());
  Dealloc.insert(Destroy);
  for (const CallBase *CB : callsWithOwnFrame(*Resume)) {
    const Value *Callee = CB->getCalledOperand()->stripPointerCasts();
    bool OwnDestroySlot = false;
    if (const auto *LI = dyn_cast<LoadInst>(Callee)) {
      auto [Base, Off] = baseAndOffset(LI->getPointerOperand(), DL);
      OwnDestroySlot =
          Base == Resume->getArg(0) && Off == int64_t(DL.getPointerSize());
    }
    if (auto *Sub = dyn_cast<CoroSubFnInst>(Callee))
      OwnDestroySlot =
          Sub->getIndex() == CoroSubFnInst::DestroyIndex &&
          baseAndOffset(Sub->getFrame(), DL).first == Resume->getArg(0);
    if (OwnDestroySlot || Dealloc.count(Callee))
      return "its resume function frees its own frame (it completes "
             "without a final suspend point, or destroys itself)";
  }
  return "";
}

/// Why a path from the task's ramp (\p T's coro.begin) may leave the
/// caller, or start the task again, without destroying it first; empty
/// when none can. Leaving through a suspend point is not leaving: the
/// caller's frame, where the task's frame would live, stays. A destroy is
/// a call of the task's destroy slot (llvm.coro.subfn.addr) or of its
/// destroy or cleanup function on the task's handle, the handle read back
/// from the local that holds it (\p Win: not changed by the await).
std::string whyNotDestroyedBeforeExit(const PreSplitShape &S, TaskInstance &T,
                                      const SplitCoroutine &SC,
                                      const AwaitWindow &Win, AAResults &AA,
                                      const DataLayout &DL) {
  // The handle, a load of a local that holds it, or a phi or select of
  // such values (paths that each read it back join before the destroy).
  DenseMap<const Value *, bool> Known;
  std::function<bool(Value *)> IsTask = [&](Value *P) {
    P = P->stripPointerCasts();
    if (P == T.Handle)
      return true;
    auto [It, New] = Known.try_emplace(P, false); // not on a cycle
    if (!New)
      return It->second;
    bool Is = false;
    if (auto *LI = dyn_cast<LoadInst>(P);
        LI && LI->isSimple() && LI->getType()->isPointerTy()) {
      Value *H = heldValue(LI, LI->getPointerOperand(), 0, AA, DL, 0, &Win);
      Is = H && H->stripPointerCasts() == T.Handle;
    } else if (auto *Phi = dyn_cast<PHINode>(P)) {
      Is =
          all_of(Phi->incoming_values(), [&](Value *In) { return IsTask(In); });
    } else if (auto *Sel = dyn_cast<SelectInst>(P)) {
      Is = IsTask(Sel->getTrueValue()) && IsTask(Sel->getFalseValue());
    }
    Known[P] = Is;
    return Is;
  };
  auto IsDestroy = [&](Instruction &I) {
    auto *CB = dyn_cast<CallBase>(&I);
    if (!CB || CB->arg_size() < 1)
      return false;
    if (auto *Sub = dyn_cast<CoroSubFnInst>(CB->getCalledOperand())) {
      return Sub->getIndex() == CoroSubFnInst::DestroyIndex &&
             IsTask(Sub->getFrame());
    }
    Function *G = CB->getCalledFunction();
    if (!G || !IsTask(CB->getArgOperand(0)))
      return false;
    return G == SC.Resumers->getOperand(1) || G == SC.Resumers->getOperand(2);
  };
  // The successors that keep the caller running: a suspend's resume and
  // destroy edges, and a null test of the task's handle (a coro.begin is
  // never null) only on its non-null side.
  auto Successors = [&](BasicBlock *BB) {
    SmallVector<BasicBlock *, 4> Out;
    for (const SuspendPoint &SP : S.Suspends)
      if (SP.Suspend->getParent() == BB) {
        if (!SP.OnlyBranchedOn)
          break;
        for (int R : {0, 1})
          if (BasicBlock *Succ = SP.target(R))
            Out.push_back(Succ);
        return Out;
      }
    auto *Br = dyn_cast<BranchInst>(BB->getTerminator());
    Value *Cond = Br && Br->isConditional() ? Br->getCondition() : nullptr;
    // A landing pad carries the test it was reached after through a phi
    // of one value.
    while (auto *Phi = dyn_cast_or_null<PHINode>(Cond))
      Cond =
          Phi->getNumIncomingValues() == 1 ? Phi->getIncomingValue(0) : nullptr;
    auto *Cmp = dyn_cast_or_null<ICmpInst>(Cond);
    if (Cmp && Cmp->isEquality() &&
        isa<ConstantPointerNull>(Cmp->getOperand(1)) &&
        IsTask(Cmp->getOperand(0))) {
      bool IsNull = Cmp->getPredicate() == ICmpInst::ICMP_EQ;
      Out.push_back(Br->getSuccessor(IsNull ? 1 : 0));
      if (none_of(T.NullSides, [&](const auto &E) { return E.first == Br; }))
        T.NullSides.push_back({WeakVH(Br), IsNull ? 0u : 1u});
      return Out;
    }
    append_range(Out, successors(BB));
    return Out;
  };
  // The caller's own line: the end of the inlined-at chain, not a line of
  // a function LLVM inlined into it. clang puts a coroutine's return and
  // unwinding code on its first line, which names no place on the path:
  // no line then.
  auto Where = [](const Instruction &I) {
    const DILocation *L = I.getDebugLoc().get();
    if (!L)
      return std::string();
    L = compat::inlinedAtLocation(*L);
    const DISubprogram *SP = L->getScope()->getSubprogram();
    if (!L->getLine() || (SP && L->getLine() == SP->getLine()))
      return std::string();
    return " (line " + std::to_string(L->getLine()) + ")";
  };
  BasicBlock *Start = T.Handle->getParent();
  SmallVector<std::pair<BasicBlock *, BasicBlock::iterator>, 16> Work;
  // A ramp called by invoke made the task only if it returned: the paths
  // start at its normal destination (its unwind edge has no task).
  if (auto *Inv = dyn_cast<InvokeInst>(T.Handle))
    Work.push_back({Inv->getNormalDest(), Inv->getNormalDest()->begin()});
  else
    Work.push_back({Start, std::next(T.Handle->getIterator())});
  SmallPtrSet<BasicBlock *, 16> Seen;
  unsigned Budget = 8192;
  while (!Work.empty()) {
    auto [BB, It] = Work.pop_back_val();
    bool Destroyed = false;
    for (; It != BB->end(); ++It) {
      if (!--Budget)
        return "the caller is too large to follow every path from the "
               "task's ramp";
      if (IsDestroy(*It)) {
        Instruction *Call = &*It;
        if (!is_contained(T.DestroyCalls, Call))
          T.DestroyCalls.push_back(WeakVH(Call));
        Destroyed = true;
        break;
      }
    }
    if (Destroyed)
      continue;
    Instruction *Term = BB->getTerminator();
    if (isa<ReturnInst>(Term) || isa<ResumeInst>(Term) ||
        (succ_empty(BB) && !isa<UnreachableInst>(Term)))
      return "a path from its ramp leaves the caller without destroying it" +
             Where(*Term);
    for (BasicBlock *Succ : Successors(BB)) {
      if (Succ == Start)
        return "a path from its ramp starts it again without destroying "
               "it" +
               Where(*Term);
      if (Seen.insert(Succ).second)
        Work.push_back({Succ, Succ->begin()});
    }
  }
  return "";
}

} // namespace

/// Why the frame of the task \p T cannot become part of the caller's frame
/// (TaskInstance::WhyNotEmbeddable); empty when it can.
std::string coroslim::transferawait::whyNotEmbeddable(
    const PreSplitShape &S, TaskInstance &T, const SplitCoroutine &SC,
    const AwaitWindow &Win, AAResults &AA, const DataLayout &DL) {
  // The llvm.coro.id whose llvm.coro.alloc the rewrite switches off: in
  // the caller (an inlined ramp), or in the ramp it inlines first.
  const AnyCoroIdInst *Id = nullptr;
  switch (T.Form) {
  case AwaitSite::HandleForm::ElidedFrame:
    return "its frame is already on the caller's stack";
  case AwaitSite::HandleForm::InlinedRamp:
    if (auto *Begin = dyn_cast<CoroBeginInst>(T.Handle))
      Id = Begin->getId();
    break;
  case AwaitSite::HandleForm::SplitRampCall: {
    auto *Call = cast<CallBase>(T.Handle);
    if (Call->isNoInline() || T.Callee->hasFnAttribute(Attribute::NoInline))
      return "its ramp is marked noinline (the frame is allocated inside "
             "it)";
    for (Instruction &I : instructions(*T.Callee))
      if (auto *RampId = dyn_cast<CoroIdInst>(&I))
        if (auto RampSC = splitCoroutine(*RampId);
            RampSC && RampSC->Ramp == T.Callee)
          Id = RampId;
    break;
  }
  default:
    break;
  }
  if (!Id)
    return "its frame is not allocated by a ramp the caller can see";
  if (none_of(Id->users(), [](const User *U) { return isa<CoroAllocInst>(U); }))
    return "its frame allocation cannot be switched off (its ramp has no "
           "llvm.coro.alloc)";
  if (!T.Resume->getParamDereferenceableBytes(0))
    return "the size of its frame is not known (its resume function's "
           "frame argument has no dereferenceable size)";
  if (std::string Why = whyMayFreeOwnFrame(SC, DL); !Why.empty())
    return Why;
  return whyNotDestroyedBeforeExit(S, T, SC, Win, AA, DL);
}

void coroslim::transferawait::setTaskInstance(TaskInstance &T,
                                              AwaitSite::HandleForm Form,
                                              Instruction *Handle,
                                              const SplitCoroutine &SC) {
  T.Form = Form;
  T.Handle = Handle;
  T.Callee = SC.Ramp;
  T.Resume = cast<Function>(SC.Resumers->getOperand(0));
  T.Cleanup = cast<Function>(SC.Resumers->getOperand(2));
}

/// The split tasks \p S's caller makes but does not await
/// (PreSplitShape::UnawaitedTasks): every call of a split ramp and every
/// coro.begin of a split ramp inlined here that no transfer await holds,
/// with the same lifetime proof as an awaited task's (no await window: no
/// await writes the local holding its handle).
void coroslim::findUnawaitedTasks(PreSplitShape &S,
                                  function_ref<AAResults &()> GetAA) {
  const DataLayout &DL = S.F->getDataLayout();
  // Awaited by transfer, or by the C await idiom (a split callee the await
  // passes could not inline): left to their own passes.
  SmallPtrSet<const Instruction *, 4> Awaited;
  for (const TransferAwait &T : S.TransferAwaits)
    Awaited.insert(T.Handle);
  for (const AwaitSite &A : S.SplitAwaits)
    Awaited.insert(A.Handle);
  // The split ramps of the module, by their split llvm.coro.id (a walk of
  // the intrinsic's uses, not of every callee's body).
  DenseMap<const Function *, SplitCoroutine> RampOf;
  if (Function *IdDecl = S.F->getParent()->getFunction("llvm.coro.id"))
    for (User *U : IdDecl->users())
      if (auto *Id = dyn_cast<CoroIdInst>(U))
        if (auto SC = splitCoroutine(*Id); SC && SC->Ramp == Id->getFunction())
          RampOf.try_emplace(SC->Ramp, *SC);
  for (Instruction &I : instructions(*S.F)) {
    std::optional<SplitCoroutine> SC;
    AwaitSite::HandleForm Form;
    if (auto *B = dyn_cast<CoroBeginInst>(&I); B && B != S.Begin) {
      if (auto *Id = dyn_cast<CoroIdInst>(B->getId()))
        SC = splitCoroutine(*Id);
      Form = AwaitSite::HandleForm::InlinedRamp;
    } else if (auto *CB = dyn_cast<CallBase>(&I)) {
      auto It = RampOf.find(CB->getCalledFunction());
      if (It == RampOf.end())
        continue;
      SC = It->second;
      Form = AwaitSite::HandleForm::SplitRampCall;
    }
    if (!SC || Awaited.count(&I))
      continue;
    TaskInstance T;
    setTaskInstance(T, Form, &I, *SC);
    T.WhyNotEmbeddable =
        whyNotEmbeddable(S, T, *SC, AwaitWindow(), GetAA(), DL);
    S.UnawaitedTasks.push_back(std::move(T));
  }
}
