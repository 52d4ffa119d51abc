//===- CoroShape.cpp - Shared coroutine shape analysis --------------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// Recognises pre-split switch-ABI coroutines, their suspend points and await
// sites, and lowered state machines. See coroslim/CoroShape.h.
//
//===----------------------------------------------------------------------===//

#include "coroslim/CoroShape.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/Analysis/MemoryBuiltins.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/ConstantRange.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;
using namespace coroslim;

bool coroslim::isPreSplit(const CoroIdInst &Id) {
  return isa<ConstantPointerNull>(Id.getArgOperand(3));
}

CoroIdInst *coroslim::findPreSplitCoroId(Function &F) {
  for (Instruction &I : instructions(F))
    if (auto *Id = dyn_cast<CoroIdInst>(&I); Id && isPreSplit(*Id))
      return Id;
  return nullptr;
}

StringRef coroslim::toString(SuspendKind K) {
  switch (K) {
  case SuspendKind::Initial:
    return "initial";
  case SuspendKind::Internal:
    return "internal";
  case SuspendKind::Final:
    return "final";
  case SuspendKind::CheckedCompletion:
    return "checked-completion";
  }
  llvm_unreachable("bad SuspendKind");
}

StringRef coroslim::toString(AwaitSite::HandleForm F) {
  switch (F) {
  case AwaitSite::HandleForm::RampCall:
    return "ramp call";
  case AwaitSite::HandleForm::SplitRampCall:
    return "split ramp call";
  case AwaitSite::HandleForm::InlinedRamp:
    return "inlined ramp";
  case AwaitSite::HandleForm::ElidedFrame:
    return "elided frame";
  }
  llvm_unreachable("bad HandleForm");
}

//===----------------------------------------------------------------------===//
// Post-completion traps
//===----------------------------------------------------------------------===//

namespace {

bool isTrapCall(const CallBase &CB) {
  if (const auto *II = dyn_cast<IntrinsicInst>(&CB))
    return II->getIntrinsicID() == Intrinsic::trap ||
           II->getIntrinsicID() == Intrinsic::ubsantrap;
  return CB.doesNotReturn();
}

/// Instructions that may sit on a trap path without making it "do"
/// anything: no side effects, or lifetime markers.
bool isInertOnTrapPath(const Instruction &I) {
  if (I.isLifetimeStartOrEnd() || isa<PseudoProbeInst>(I))
    return true;
  return !I.mayHaveSideEffects();
}

/// Follows unconditional branches from \p BB through blocks that do nothing
/// but fall through. Stops at the first block that does something.
BasicBlock *skipEmptyBlocks(BasicBlock *BB) {
  SmallPtrSet<BasicBlock *, 8> Seen;
  while (BB && Seen.insert(BB).second) {
    auto *Br = dyn_cast<BranchInst>(BB->getFirstNonPHIOrDbg());
    if (!Br || Br->isConditional() || !BB->phis().empty())
      return BB;
    BB = Br->getSuccessor(0);
  }
  return BB;
}

} // namespace

std::optional<TrapInfo> coroslim::findPostCompletionTrap(BasicBlock *BB) {
  SmallPtrSet<BasicBlock *, 8> Seen;
  for (BasicBlock *Cur = BB; Cur && Seen.insert(Cur).second;) {
    for (Instruction &I : *Cur) {
      if (auto *CB = dyn_cast<CallBase>(&I); CB && isTrapCall(*CB)) {
        // A call must be followed by `unreachable`; an invoke (rustc at
        // some levels invokes the panic) must continue into `unreachable`.
        const Instruction *Next =
            isa<InvokeInst>(CB)
                ? &*cast<InvokeInst>(CB)->getNormalDest()->getFirstNonPHIOrDbg()
                : CB->getNextNode();
        if (!Next || !isa<UnreachableInst>(Next))
          return std::nullopt;
        return TrapInfo{CB, BB};
      }
      if (I.isTerminator())
        break;
      if (!isInertOnTrapPath(I))
        return std::nullopt;
    }
    auto *Br = dyn_cast<BranchInst>(Cur->getTerminator());
    if (!Br || Br->isConditional())
      return std::nullopt;
    Cur = Br->getSuccessor(0);
  }
  return std::nullopt;
}

bool coroslim::leadsToRustResumedPanic(BasicBlock *BB) {
  std::optional<TrapInfo> T = findPostCompletionTrap(BB);
  const Function *Callee = T ? T->TrapCall->getCalledFunction() : nullptr;
  return Callee && isRustResumedPanic(*Callee);
}

bool coroslim::isResultSlot(const Argument &A) {
  if (!A.getType()->isPointerTy())
    return false;
  // A function with an sret argument returns void; so does the one
  // ArgumentPromotion makes of it, and a `return`-mode done case there
  // stores the result and returns nothing (emitPendingReturn).
  return A.hasStructRetAttr() ||
         (A.getParent()->getReturnType()->isVoidTy() && A.hasNoAliasAttr() &&
          A.hasAttribute(Attribute::Writable) &&
          A.hasAttribute(Attribute::DeadOnUnwind));
}

bool coroslim::isRustPoll(const LoweredShape &L) {
  return any_of(L.Cases, [](const LoweredShape::Case &C) {
    return C.Trap && leadsToRustResumedPanic(C.Dest);
  });
}

static std::optional<int64_t>
offsetFromBase(const Value *Ptr, const Value *Base, const DataLayout &DL,
               SmallPtrSetImpl<const Value *> &Visited) {
  APInt Off(DL.getIndexTypeSizeInBits(Ptr->getType()), 0);
  const Value *Stripped = Ptr->stripAndAccumulateConstantOffsets(
      DL, Off, /*AllowNonInbounds=*/true);
  if (Stripped == Base)
    return Off.getSExtValue();
  const auto *Phi = dyn_cast<PHINode>(Stripped);
  if (!Phi || !Visited.insert(Phi).second)
    return std::nullopt;
  std::optional<int64_t> Common;
  for (const Value *In : Phi->incoming_values()) {
    if (In == Phi)
      continue;
    std::optional<int64_t> O = offsetFromBase(In, Base, DL, Visited);
    if (!O || (Common && *Common != *O))
      return std::nullopt;
    Common = O;
  }
  if (!Common)
    return std::nullopt;
  return *Common + Off.getSExtValue();
}

std::optional<int64_t> coroslim::offsetFromBase(const Value *Ptr,
                                                const Value *Base,
                                                const DataLayout &DL) {
  SmallPtrSet<const Value *, 8> Visited;
  return ::offsetFromBase(Ptr, Base, DL, Visited);
}

bool coroslim::storesState(const StoreInst &SI, const LoweredShape &L) {
  if (!SI.isSimple() || !SI.getValueOperand()->getType()->isIntegerTy(L.Bits))
    return false;
  const DataLayout &DL = SI.getDataLayout();
  APInt Off(DL.getIndexTypeSizeInBits(SI.getPointerOperandType()), 0);
  const Value *Ptr = SI.getPointerOperand()->stripAndAccumulateConstantOffsets(
      DL, Off, /*AllowNonInbounds=*/true);
  return Ptr == L.Base && Off.getSExtValue() == L.Offset;
}

StoreInst *coroslim::lastStateStore(BasicBlock &BB, const LoweredShape &L,
                                    const Instruction *Before) {
  StoreInst *Last = nullptr;
  for (Instruction &I : BB) {
    if (&I == Before)
      break;
    if (auto *SI = dyn_cast<StoreInst>(&I); SI && storesState(*SI, L))
      Last = SI;
  }
  return Last;
}

bool coroslim::isRustResumedPanic(const Function &F) {
  StringRef Name = F.getName();
  // Legacy mangling ends in `17h<16 hex digits>E`.
  if (Name.starts_with("_ZN") && Name.ends_with("E") && Name.size() > 20 &&
      Name.drop_back().take_back(19).starts_with("17h"))
    Name = Name.drop_back(20);
  return Name.ends_with("panic_const_async_fn_resumed") ||
         Name.ends_with("_resumed_panic");
}

//===----------------------------------------------------------------------===//
// Deallocators
//===----------------------------------------------------------------------===//

namespace {

/// True when \p F, called with null for argument \p ArgNo, returns without
/// side effects: from the entry, through instructions that have none and
/// use the argument only to test it for null, and through branches on such
/// a test (taking the null edge) or unconditional ones, to a `ret`.
bool returnsAtOnceOnNull(const Function &F, unsigned ArgNo) {
  // The definition seen here must be the one that runs.
  if (F.isDeclaration() || !F.hasExactDefinition() || ArgNo >= F.arg_size())
    return false;
  const Argument *Arg = F.getArg(ArgNo);
  auto IsNullTest = [Arg](const Value *V) {
    const auto *Cmp = dyn_cast<ICmpInst>(V);
    return Cmp && Cmp->isEquality() && Cmp->getOperand(0) == Arg &&
           isa<ConstantPointerNull>(Cmp->getOperand(1));
  };
  SmallPtrSet<const BasicBlock *, 8> Seen;
  for (const BasicBlock *BB = &F.getEntryBlock();
       BB && Seen.insert(BB).second;) {
    for (const Instruction &I : *BB) {
      if (I.isTerminator())
        break;
      if (I.mayHaveSideEffects() && !I.isLifetimeStartOrEnd())
        return false;
      if (is_contained(I.operands(), Arg) && !IsNullTest(&I))
        return false;
    }
    const Instruction *T = BB->getTerminator();
    if (isa<ReturnInst>(T))
      return !is_contained(T->operands(), Arg);
    const auto *Br = dyn_cast<BranchInst>(T);
    if (!Br)
      return false;
    if (Br->isUnconditional()) {
      BB = Br->getSuccessor(0);
      continue;
    }
    if (!IsNullTest(Br->getCondition()))
      return false;
    bool Eq =
        cast<ICmpInst>(Br->getCondition())->getPredicate() == ICmpInst::ICMP_EQ;
    BB = Br->getSuccessor(Eq ? 0 : 1);
  }
  return false;
}

} // namespace

NullTolerance
coroslim::deallocationNullTolerance(const CallBase &CB, unsigned ArgNo,
                                    const TargetLibraryInfo &TLI) {
  if (ArgNo >= CB.arg_size())
    return NullTolerance::Unknown;
  const Function *Callee = CB.getCalledFunction();
  LibFunc LF;
  if (Callee && !CB.isNoBuiltin() && TLI.getLibFunc(*Callee, LF) &&
      TLI.has(LF) && LF == LibFunc_free && ArgNo == 0)
    return NullTolerance::Tolerant;
  if (getFreedOperand(&CB, &TLI) == CB.getArgOperand(ArgNo) &&
      count(CB.args(), CB.getArgOperand(ArgNo)) == 1)
    return NullTolerance::Tolerant;
  if (Callee && returnsAtOnceOnNull(*Callee, ArgNo) &&
      CB.getFunctionType() == Callee->getFunctionType())
    return NullTolerance::Tolerant;
  return NullTolerance::Unknown;
}

//===----------------------------------------------------------------------===//
// Suspend points
//===----------------------------------------------------------------------===//

namespace {

/// The block control goes to when \p SP's suspend returns \p Result:
/// evaluates the single-use chain from the result to the terminator that
/// consumes it (a switch, or a conditional branch on a compare), the
/// result fixed; an unused result with one unconditional branch goes there
/// for every result. Null when none of these applies.
BasicBlock *evaluateConsumer(const SuspendPoint &SP, int Result) {
  Instruction *S = SP.Suspend;
  BasicBlock *BB = S->getParent();
  if (S->use_empty()) {
    // All three outcomes go the same way; SimplifyCFG dropped the switch.
    auto *Br = dyn_cast<BranchInst>(BB->getTerminator());
    return Br && Br->isUnconditional() ? Br->getSuccessor(0) : nullptr;
  }
  const DataLayout &DL = BB->getDataLayout();
  // Evaluate the single-use chain from the suspend result to the terminator
  // that consumes it with the result fixed to Result.
  Value *V = S;
  Constant *C = ConstantInt::getSigned(S->getType(), Result);
  for (unsigned Steps = 0; Steps < 4; ++Steps) {
    if (!V->hasOneUse())
      return nullptr;
    auto *U = cast<Instruction>(V->user_back());
    if (U->getParent() != BB)
      return nullptr;
    if (auto *SI = dyn_cast<SwitchInst>(U)) {
      auto *CI = dyn_cast<ConstantInt>(C);
      if (!CI || SI->getCondition() != V)
        return nullptr;
      return SI->findCaseValue(CI)->getCaseSuccessor();
    }
    if (auto *Br = dyn_cast<BranchInst>(U)) {
      auto *CI = dyn_cast<ConstantInt>(C);
      if (!CI || !Br->isConditional())
        return nullptr;
      return Br->getSuccessor(CI->isZero() ? 1 : 0);
    }
    if (!isa<CastInst>(U) && !isa<CmpInst>(U))
      return nullptr;
    SmallVector<Constant *, 2> Ops;
    for (Value *Op : U->operands()) {
      if (Op == V)
        Ops.push_back(C);
      else if (auto *K = dyn_cast<Constant>(Op))
        Ops.push_back(K);
      else
        return nullptr;
    }
    C = ConstantFoldInstOperands(U, Ops, DL);
    if (!C)
      return nullptr;
    V = U;
  }
  return nullptr;
}

/// Reads how \p SP's result is consumed, once for every pass: the switch
/// and its successors, the target of each result in any consumer form, and
/// whether the result serves only that branch.
void readSuspendConsumer(SuspendPoint &SP) {
  for (int R : {0, 1, -1})
    SP.Targets[R == -1 ? 2 : R] = evaluateConsumer(SP, R);

  Value *Used = SP.Suspend;
  for (unsigned Chain = 0; Used->hasOneUse() &&
                           isa<CastInst, ICmpInst>(Used->user_back()) &&
                           ++Chain < 3;)
    Used = Used->user_back();
  Instruction *Term = SP.Suspend->getParent()->getTerminator();
  SP.OnlyBranchedOn =
      Used->use_empty() || (Used->hasOneUse() && Used->user_back() == Term);

  Value *V = SP.Suspend;
  if (V->hasOneUse())
    if (auto *Cast = dyn_cast<CastInst>(V->user_back());
        Cast && (isa<SExtInst>(Cast) || isa<ZExtInst>(Cast)))
      V = Cast;
  if (!V->hasOneUse())
    return;
  auto *SI = dyn_cast<SwitchInst>(V->user_back());
  if (!SI || SI->getCondition() != V)
    return;
  for (auto &Case : SI->cases()) {
    int64_t C = Case.getCaseValue()->getSExtValue();
    if (C == 0)
      SP.Resume = Case.getCaseSuccessor();
    else if (C == 1)
      SP.Destroy = Case.getCaseSuccessor();
    else
      return; // not a suspend switch we understand
  }
  SP.Switch = SI;
  SP.SuspendReturn = SI->getDefaultDest();
}

/// Blocks reachable from the resume edge of any suspend point.
SmallPtrSet<BasicBlock *, 32>
blocksAfterResume(ArrayRef<SuspendPoint> Suspends) {
  SmallPtrSet<BasicBlock *, 32> Seen;
  SmallVector<BasicBlock *, 16> Work;
  for (const SuspendPoint &SP : Suspends)
    if (SP.Resume)
      Work.push_back(SP.Resume);
  while (!Work.empty()) {
    BasicBlock *BB = Work.pop_back_val();
    if (!Seen.insert(BB).second)
      continue;
    append_range(Work, successors(BB));
  }
  return Seen;
}

/// True when \p To is reached from \p From by a straight line of blocks
/// (unconditional branches, or the normal edge of an invoke).
bool straightLine(BasicBlock *From, BasicBlock *To) {
  SmallPtrSet<BasicBlock *, 8> Seen;
  for (BasicBlock *BB = From; BB && Seen.insert(BB).second;) {
    if (BB == To)
      return true;
    BB = straightLineSuccessor(BB);
    if (!BB)
      return false;
  }
  return false;
}

void classifySuspends(PreSplitShape &S) {
  for (SuspendPoint &SP : S.Suspends) {
    if (SP.Suspend->isFinal())
      SP.Kind = SuspendKind::Final;
    else if (SP.Resume && (SP.Trap = findPostCompletionTrap(SP.Resume)))
      SP.Kind = SuspendKind::CheckedCompletion;
  }
  // The initial suspend is the one non-final suspend that no resume edge
  // reaches and that follows coro.begin in a straight line.
  auto AfterResume = blocksAfterResume(S.Suspends);
  SuspendPoint *Candidate = nullptr;
  unsigned Candidates = 0;
  for (SuspendPoint &SP : S.Suspends)
    if (SP.Kind == SuspendKind::Internal &&
        !AfterResume.count(SP.Suspend->getParent())) {
      Candidate = &SP;
      ++Candidates;
    }
  if (Candidates == 1 &&
      straightLine(S.Begin->getParent(), Candidate->Suspend->getParent()))
    Candidate->Kind = SuspendKind::Initial;
}

} // namespace

unsigned PreSplitShape::count(SuspendKind K) const {
  return count_if(Suspends,
                  [K](const SuspendPoint &SP) { return SP.Kind == K; });
}

const SuspendPoint *PreSplitShape::find(const CoroSuspendInst *S) const {
  for (const SuspendPoint &SP : Suspends)
    if (SP.Suspend == S)
      return &SP;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Await sites
//===----------------------------------------------------------------------===//

namespace {

/// Everything the caller does with one coroutine handle, sorted by role.
struct HandleUses {
  SmallVector<Instruction *, 2> Resumes;
  SmallVector<Instruction *, 2> Destroys;
  SmallVector<Instruction *, 2> DoneCalls; // llvm.coro.done
  SmallVector<std::pair<LoadInst *, int64_t>, 4> FrameLoads;
  SmallVector<std::pair<MemTransferInst *, int64_t>, 2> FrameCopies;
  SmallVector<LoadInst *, 2> ResumeFnLoads; // load ptr %h (done test)
  /// Stores into the frame of an already split callee: its inlined ramp
  /// (or CoroElide's copy of it) initialising the frame.
  SmallVector<StoreInst *, 8> InitStores;
};

/// \p U as a store into the frame at \p Addr (not of \p Addr itself): the
/// inlined ramp of a split callee initialising its frame.
StoreInst *frameInitStore(User *U, const Value *Addr) {
  auto *SI = dyn_cast<StoreInst>(U);
  return SI && SI->isSimple() && SI->getPointerOperand() == Addr &&
                 SI->getValueOperand() != Addr
             ? SI
             : nullptr;
}

/// Offset of the promise from the frame start in the switch ABI: after the
/// resume and destroy function pointers, aligned (as CoroEarly lowers
/// llvm.coro.promise).
int64_t promiseOffset(const CoroPromiseInst &P) {
  const DataLayout &DL = P.getModule()->getDataLayout();
  uint64_t Ptr = DL.getPointerSize();
  return alignTo(2 * Ptr, P.getAlignment());
}

/// Classifies the users of \p Addr, an address \p Offset bytes into the
/// frame of handle \p H: only loads (through constant GEPs) are allowed,
/// and copies out of the frame (memcpy/memmove with it as source only);
/// stores too when \p SplitCallee (the inlined ramp's initialisation,
/// checked by matchAwait to come before the first resume).
bool collectFrameLoads(Value *Addr, int64_t Offset, HandleUses &Out,
                       std::string &Why, bool SplitCallee) {
  const DataLayout &DL = cast<Instruction>(Addr)->getModule()->getDataLayout();
  for (User *U : Addr->users()) {
    if (auto *LI = dyn_cast<LoadInst>(U)) {
      if (!LI->isSimple()) {
        Why = "volatile or atomic load from the awaited coroutine's frame";
        return false;
      }
      Out.FrameLoads.push_back({LI, Offset});
      continue;
    }
    if (StoreInst *SI = SplitCallee ? frameInitStore(U, Addr) : nullptr) {
      Out.InitStores.push_back(SI);
      continue;
    }
    // A result too large for SROA to split (a struct returned whole) is
    // read with a memcpy from the promise. Like a load it only reads the
    // frame; a copy into the frame, or of the frame onto itself, is not a
    // read and stays refused below.
    if (auto *MT = dyn_cast<MemTransferInst>(U);
        MT && MT->getRawSource() == Addr && MT->getRawDest() != Addr &&
        !MT->isVolatile() && isa<ConstantInt>(MT->getLength())) {
      Out.FrameCopies.push_back({MT, Offset});
      continue;
    }
    if (auto *GEP = dyn_cast<GetElementPtrInst>(U)) {
      APInt Off(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
      if (GEP->getPointerOperand() == Addr &&
          GEP->accumulateConstantOffset(DL, Off) &&
          collectFrameLoads(GEP, Offset + Off.getSExtValue(), Out, Why,
                            SplitCallee))
        continue;
      if (Why.empty())
        Why = "non-constant address into the awaited coroutine's frame";
      return false;
    }
    Why = "the awaited coroutine's frame is accessed other than by loads (" +
          std::string(cast<Instruction>(U)->getOpcodeName()) + ")";
    return false;
  }
  return true;
}

/// Adds to \p Destroys the destroy calls of \p P, a phi of handles of an
/// already split coroutine (whose split \p Resumers are given) that is only
/// destroyed: SimplifyCFG's tail merge of several awaits' destroy edges.
bool onlyDestroyed(PHINode &P, const ConstantArray &Resumers,
                   SmallVectorImpl<Instruction *> &Destroys) {
  SmallVector<Instruction *, 2> Found;
  auto IsDestroyOfP = [&](User *U, const Value *Target) {
    auto *Call = dyn_cast<CallBase>(U);
    return Call && Call->getCalledOperand() == Target &&
           Call->arg_size() == 1 && Call->getArgOperand(0) == &P;
  };
  for (User *U : P.users()) {
    if (auto *Call = dyn_cast<CallBase>(U);
        Call && isa<CoroSubFnInst>(Call->getCalledOperand()))
      continue; // the indirect destroy call, sorted with its address below
    if (auto *SF = dyn_cast<CoroSubFnInst>(U);
        SF && SF->getIndex() == CoroSubFnInst::DestroyIndex) {
      for (User *FU : SF->users()) {
        if (!IsDestroyOfP(FU, SF))
          return false;
        Found.push_back(cast<Instruction>(FU));
      }
      continue;
    }
    if (auto *Call = dyn_cast<CallBase>(U);
        Call &&
        is_contained(drop_begin(Resumers.operands()),
                     Call->getCalledOperand()) &&
        IsDestroyOfP(Call, Call->getCalledOperand())) {
      Found.push_back(Call);
      continue;
    }
    return false;
  }
  append_range(Destroys, Found);
  return true;
}

/// Sorts every use of handle \p H; fails (with \p Why) on any use outside
/// the await idiom, which includes every way the handle can escape. For an
/// already split callee, \p Resumers are its [resume, destroy, cleanup]:
/// direct calls of them with the handle resume and destroy it (CoroElide
/// and the inliner turn coro.resume/coro.destroy into such calls).
bool collectHandleUses(Instruction *H, const ConstantArray *Resumers,
                       HandleUses &Out, std::string &Why) {
  for (User *U : H->users()) {
    if (auto *SF = dyn_cast<CoroSubFnInst>(U)) {
      int64_t Index = SF->getRawIndex()->getSExtValue();
      for (User *FU : SF->users()) {
        auto *Call = dyn_cast<CallBase>(FU);
        if (!Call || Call->getCalledOperand() != SF || Call->arg_size() != 1 ||
            Call->getArgOperand(0) != H || (Index != 0 && Index != 1)) {
          Why = "resume/destroy function of the handle used other than to "
                "call it";
          return false;
        }
        (Index == 0 ? Out.Resumes : Out.Destroys).push_back(Call);
      }
      continue;
    }
    if (auto *Call = dyn_cast<CallBase>(U)) {
      if (isa<CoroSubFnInst>(Call->getCalledOperand()))
        continue; // the indirect resume/destroy call, sorted above
      if (Resumers && Call->arg_size() == 1 && Call->getArgOperand(0) == H) {
        const Value *Target = Call->getCalledOperand();
        if (Target == Resumers->getOperand(0)) {
          Out.Resumes.push_back(Call);
          continue;
        }
        if (is_contained(drop_begin(Resumers->operands()), Target)) {
          Out.Destroys.push_back(Call);
          continue;
        }
      }
      if (auto *II = dyn_cast<IntrinsicInst>(Call)) {
        switch (II->getIntrinsicID()) {
        case Intrinsic::coro_resume:
          Out.Resumes.push_back(II);
          continue;
        case Intrinsic::coro_destroy:
          Out.Destroys.push_back(II);
          continue;
        case Intrinsic::coro_done:
          Out.DoneCalls.push_back(II);
          continue;
        case Intrinsic::coro_promise: {
          auto *P = cast<CoroPromiseInst>(II);
          if (P->isFromPromise()) {
            Why = "llvm.coro.promise used to go from promise to frame";
            return false;
          }
          if (!collectFrameLoads(P, promiseOffset(*P), Out, Why, Resumers))
            return false;
          continue;
        }
        case Intrinsic::lifetime_start:
        case Intrinsic::lifetime_end:
          if (isa<AllocaInst>(H->stripPointerCasts()))
            continue; // the elided frame's own lifetime
          break;
        default:
          break;
        }
      }
      Why = "the handle is passed to " +
            (Call->getCalledFunction()
                 ? "'" + Call->getCalledFunction()->getName().str() + "'"
                 : std::string("an indirect call"));
      return false;
    }
    if (auto *LI = dyn_cast<LoadInst>(U);
        LI && LI->isSimple() && LI->getType()->isPointerTy()) {
      Out.ResumeFnLoads.push_back(LI);
      continue;
    }
    if (auto *P = dyn_cast<PHINode>(U);
        P && Resumers && onlyDestroyed(*P, *Resumers, Out.Destroys))
      continue;
    if (StoreInst *SI = Resumers ? frameInitStore(U, H) : nullptr) {
      Out.InitStores.push_back(SI);
      continue;
    }
    if (auto *GEP = dyn_cast<GetElementPtrInst>(U)) {
      const DataLayout &DL = H->getModule()->getDataLayout();
      APInt Off(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
      if (!GEP->accumulateConstantOffset(DL, Off)) {
        Why = "non-constant address into the awaited coroutine's frame";
        return false;
      }
      if (!collectFrameLoads(GEP, Off.getSExtValue(), Out, Why, Resumers))
        return false;
      continue;
    }
    Why = "the handle escapes (" +
          std::string(cast<Instruction>(U)->getOpcodeName()) + ")";
    return false;
  }
  return true;
}

/// Reads the done test off the loop block's conditional branch. Returns the
/// successor taken when the callee is done, or null.
BasicBlock *matchDoneTest(AwaitSite &A, const HandleUses &Uses,
                          std::string &Why) {
  auto *Br = dyn_cast<BranchInst>(A.Loop->getTerminator());
  if (!Br || !Br->isConditional()) {
    Why = "no done test after resuming the awaited coroutine";
    return nullptr;
  }
  A.DoneBranch = Br;
  Value *Cond = Br->getCondition();
  auto InLoopAfterResume = [&](Instruction *I) {
    return I->getParent() == A.Loop && A.Resume->comesBefore(I);
  };
  // llvm.coro.done(%h): true when done.
  for (Instruction *D : Uses.DoneCalls)
    if (D == Cond && InLoopAfterResume(D)) {
      A.DoneKind = DoneTestKind::CoroDone;
      return Br->getSuccessor(0);
    }
  // icmp eq/ne (load ptr %h), null: null when done.
  // icmp eq/ne (load iN flag), 0, or trunc to i1: non-zero when done.
  Value *Loaded = nullptr;
  bool TrueMeansZero = false;
  if (auto *Cmp = dyn_cast<ICmpInst>(Cond); Cmp && Cmp->isEquality()) {
    auto *Zero = dyn_cast<Constant>(Cmp->getOperand(1));
    if (Zero && Zero->isNullValue()) {
      Loaded = Cmp->getOperand(0);
      TrueMeansZero = Cmp->getPredicate() == ICmpInst::ICMP_EQ;
    }
  } else if (auto *Tr = dyn_cast<TruncInst>(Cond)) {
    Loaded = Tr->getOperand(0);
  } else {
    Loaded = Cond; // an i1 flag loaded as is
  }
  auto *LI = dyn_cast_or_null<LoadInst>(Loaded);
  if (!LI || !InLoopAfterResume(LI)) {
    Why = "the branch after resuming is not a recognised done test";
    return nullptr;
  }
  A.DoneLoad = LI;
  if (is_contained(Uses.ResumeFnLoads, LI)) {
    A.DoneKind = DoneTestKind::ResumeFnNull;
    return Br->getSuccessor(TrueMeansZero ? 0 : 1);
  }
  for (auto &[Load, Offset] : Uses.FrameLoads)
    if (Load == LI) {
      A.DoneKind = DoneTestKind::PromiseFlag;
      A.FlagOffset = Offset;
      return Br->getSuccessor(TrueMeansZero ? 1 : 0);
    }
  Why = "the done test does not read the awaited coroutine's frame";
  return nullptr;
}

/// The first instruction in the straight line from \p BB that is a destroy
/// of the handle, if nothing with side effects comes before it.
Instruction *destroyOnEntry(BasicBlock *BB, ArrayRef<Instruction *> Destroys) {
  SmallPtrSet<BasicBlock *, 8> Seen;
  while (BB && Seen.insert(BB).second) {
    for (Instruction &I : *BB) {
      if (is_contained(Destroys, &I))
        return &I;
      if (isa<CoroSubFnInst>(&I))
        continue; // the address computation of an indirect destroy
      if (I.isTerminator())
        break;
      if (I.mayHaveSideEffects())
        return nullptr;
    }
    auto *Br = dyn_cast<BranchInst>(BB->getTerminator());
    if (!Br || Br->isConditional())
      return nullptr;
    BB = Br->getSuccessor(0);
  }
  return nullptr;
}

/// True when \p To can run after \p From without control passing through
/// the start of \p Barrier. An exact walk: isPotentiallyReachable gives up
/// (answers true) past 32 blocks, and coroutines are bigger than that.
bool reachesAvoiding(const Instruction *From, const Instruction *To,
                     const BasicBlock *Barrier) {
  if (From->getParent() == To->getParent() && From->comesBefore(To))
    return true;
  SmallPtrSet<const BasicBlock *, 32> Seen;
  SmallVector<const BasicBlock *, 32> Work(successors(From->getParent()));
  while (!Work.empty()) {
    const BasicBlock *BB = Work.pop_back_val();
    if (BB == Barrier || !Seen.insert(BB).second)
      continue;
    if (BB == To->getParent())
      return true;
    append_range(Work, successors(BB));
  }
  return false;
}

/// How the caller holds an awaited coroutine, and what the handle's uses are
/// checked against.
struct HandleOrigin {
  AwaitSite::HandleForm Form;
  Instruction *Handle;
  Instruction *Start;
  Function *Callee;
  /// The callee's split resumers; null for a ramp call.
  const ConstantArray *Resumers = nullptr;
};

std::optional<AwaitSite> matchAwait(const HandleOrigin &O,
                                    const PreSplitShape &S, std::string &Why) {
  HandleUses Uses;
  if (!collectHandleUses(O.Handle, O.Resumers, Uses, Why))
    return std::nullopt;
  AwaitSite A;
  A.Form = O.Form;
  A.Handle = O.Handle;
  A.Start = O.Start;
  A.Ramp = O.Form == AwaitSite::HandleForm::RampCall ? cast<CallInst>(O.Handle)
                                                     : nullptr;
  A.Callee = O.Callee;
  if (Uses.Resumes.size() != 1) {
    Why = "the handle is resumed in " + std::to_string(Uses.Resumes.size()) +
          " places (an await resumes it in exactly one)";
    return std::nullopt;
  }
  A.Resume = Uses.Resumes.front();
  A.Loop = A.Resume->getParent();
  // The inlined ramp initialises the split callee's frame; a store that can
  // run once the callee has been resumed, before control comes back to the
  // await's start (a new instance, in a loop), is no part of the idiom.
  for (StoreInst *SI : Uses.InitStores)
    if (reachesAvoiding(A.Resume, SI, O.Start->getParent())) {
      Why = "the awaited coroutine's frame is written after it is first "
            "resumed";
      return std::nullopt;
    }
  BasicBlock *Done = matchDoneTest(A, Uses, Why);
  if (!Done)
    return std::nullopt;
  A.Ready = Done;
  A.Pending = A.DoneBranch->getSuccessor(0) == Done
                  ? A.DoneBranch->getSuccessor(1)
                  : A.DoneBranch->getSuccessor(0);
  if (A.Ready == A.Pending) {
    Why = "the done test branches to the same block either way";
    return std::nullopt;
  }
  // The pending path suspends the caller; its resume edge goes back to the
  // loop, its destroy edge destroys the awaited coroutine first.
  BasicBlock *SuspendBB = skipEmptyBlocks(A.Pending);
  const SuspendPoint *LoopSP = nullptr;
  for (const SuspendPoint &SP : S.Suspends)
    if (SP.Suspend->getParent() == SuspendBB && !SP.Suspend->isFinal())
      LoopSP = &SP;
  if (!LoopSP || !LoopSP->Switch) {
    Why = "the pending path does not suspend the caller";
    return std::nullopt;
  }
  A.LoopSuspend = LoopSP->Suspend;
  if (!LoopSP->Resume || skipEmptyBlocks(LoopSP->Resume) != A.Loop) {
    Why = "resuming the caller does not resume the awaited coroutine again";
    return std::nullopt;
  }
  // An elided frame's cleanup can have been inlined away, and then there is
  // nothing left to destroy; no pass rewrites such an await.
  bool NothingToDestroy =
      O.Form == AwaitSite::HandleForm::ElidedFrame && Uses.Destroys.empty();
  if (!LoopSP->Destroy ||
      (!NothingToDestroy && !destroyOnEntry(LoopSP->Destroy, Uses.Destroys))) {
    Why = "destroying the caller while it awaits does not destroy the "
          "awaited coroutine first";
    return std::nullopt;
  }
  A.Destroys = Uses.Destroys;
  for (auto &[Load, Offset] : Uses.FrameLoads)
    if (Load != A.DoneLoad)
      A.PromiseReads.push_back(Load);
  // The passes check that each load of PromiseReads stays inside the
  // callee's promise; a copy is checked here, against the promise alloca
  // of the callee's llvm.coro.id at the offset CoroEarly and CoroFrame give
  // it (after the resume and destroy pointers, aligned), so that a rewrite
  // that redirects the frame's addresses to the promise cannot make it
  // read outside that alloca.
  if (!Uses.FrameCopies.empty() && O.Resumers) {
    Why = "the caller copies from the frame of an already split coroutine";
    return std::nullopt;
  }
  if (!Uses.FrameCopies.empty()) {
    const DataLayout &DL = O.Handle->getDataLayout();
    CoroIdInst *CalleeId = findPreSplitCoroId(*A.Callee);
    AllocaInst *Promise = CalleeId ? CalleeId->getPromise() : nullptr;
    std::optional<TypeSize> Size =
        Promise ? Promise->getAllocationSize(DL) : std::nullopt;
    if (!Size || Size->isScalable()) {
      Why = "the caller copies from the awaited coroutine's frame, which has "
            "no promise of fixed size";
      return std::nullopt;
    }
    int64_t Begin = alignTo(2 * DL.getPointerSize(), Promise->getAlign());
    int64_t End = Begin + int64_t(Size->getFixedValue());
    for (auto &[Copy, Offset] : Uses.FrameCopies) {
      int64_t Len = cast<ConstantInt>(Copy->getLength())->getSExtValue();
      if (Offset < Begin || Len < 0 || Offset + Len > End) {
        Why = "the caller copies the awaited coroutine's frame outside its "
              "promise";
        return std::nullopt;
      }
      A.PromiseCopies.push_back(Copy);
    }
  }
  return A;
}

/// A direct call of a function defined here that is a pre-split coroutine.
Function *calledCoroutine(CallInst &CI) {
  Function *Callee = CI.getCalledFunction();
  if (!Callee || Callee->isDeclaration() || !CI.getType()->isPointerTy())
    return nullptr;
  return findPreSplitCoroId(*Callee) ? Callee : nullptr;
}

} // namespace

std::optional<SplitCoroutine> coroslim::splitCoroutine(const CoroIdInst &Id) {
  auto *GV = dyn_cast<GlobalVariable>(Id.getArgOperand(3)->stripPointerCasts());
  auto *Ramp = dyn_cast<Function>(Id.getArgOperand(2)->stripPointerCasts());
  if (!Ramp || !GV || !GV->isConstant() || !GV->hasDefinitiveInitializer())
    return std::nullopt;
  auto *Arr = dyn_cast<ConstantArray>(GV->getInitializer());
  if (!Arr || Arr->getNumOperands() < 2 ||
      !all_of(Arr->operands(), [](const Use &U) { return isa<Function>(U); }))
    return std::nullopt;
  return SplitCoroutine{Ramp, Arr};
}

std::optional<SplitCoroutine>
coroslim::splitCoroutineOfResume(const Function &Resume) {
  for (const User *U : Resume.users()) {
    auto *Arr = dyn_cast<ConstantArray>(U);
    if (!Arr || Arr->getOperand(0) != &Resume)
      continue;
    for (const User *AU : Arr->users())
      if (auto *GV = dyn_cast<GlobalVariable>(AU))
        for (const User *GU : GV->users())
          if (auto *Id = dyn_cast<CoroIdInst>(GU))
            if (auto SC = splitCoroutine(*Id); SC && SC->Resumers == Arr)
              return SC;
  }
  return std::nullopt;
}

std::optional<SplitCoroutine> coroslim::splitCoroutineOfRamp(Function &Ramp) {
  if (Ramp.isDeclaration())
    return std::nullopt;
  for (Instruction &I : instructions(Ramp))
    if (auto *Id = dyn_cast<CoroIdInst>(&I))
      if (auto SC = splitCoroutine(*Id); SC && SC->Ramp == &Ramp)
        return SC;
  return std::nullopt;
}

bool coroslim::rampCopyGrowsUnderMinSize(const Function &Caller,
                                         const TaskInstance &T) {
  if (!Caller.hasMinSize() || T.Form != AwaitSite::HandleForm::SplitRampCall)
    return false;
  if (isa<InvokeInst>(T.Handle))
    return true;
  unsigned Calls = 0;
  for (const User *U : T.Callee->users())
    if (auto *CB = dyn_cast<CallBase>(U);
        CB && CB->getCalledOperand() == T.Callee)
      ++Calls;
  return Calls != 1;
}

std::optional<PreSplitShape> coroslim::analyzePreSplit(Function &F,
                                                       std::string *WhyNot) {
  auto Fail = [&](const char *Why) -> std::optional<PreSplitShape> {
    if (WhyNot)
      *WhyNot = Why;
    return std::nullopt;
  };
  if (F.isDeclaration())
    return Fail("declaration");
  PreSplitShape S;
  S.F = &F;
  bool OtherABI = false;
  // A split coroutine's coro.id carries its resumers. In a function that
  // also has a pre-split coro.id, such an id comes from the inlined ramp of
  // an already split callee (it only serves CoroElide) and is no part of
  // this coroutine's shape.
  bool HasPreSplitId = findPreSplitCoroId(F);
  for (Instruction &I : instructions(F)) {
    if (auto *Id = dyn_cast<CoroIdInst>(&I)) {
      if (!isPreSplit(*Id)) {
        if (!HasPreSplitId)
          return Fail("already split (llvm.coro.id carries its resumers)");
        continue;
      }
      if (S.Id)
        return Fail("more than one llvm.coro.id");
      S.Id = Id;
    } else if (isa<AnyCoroIdInst>(&I)) {
      OtherABI = true;
    } else if (auto *B = dyn_cast<CoroBeginInst>(&I)) {
      // At -O2 the inliner puts the ramps of already split callees here,
      // each with its own coro.begin on its split coro.id (CoroElide's
      // input, lowered by CoroCleanup). Such a begin is an ordinary value
      // to this coroutine: only the one on its own coro.id is its begin.
      auto *BId = dyn_cast<CoroIdInst>(B->getArgOperand(0));
      if (HasPreSplitId && BId && !isPreSplit(*BId))
        continue;
      if (S.Begin)
        return Fail("more than one llvm.coro.begin for its llvm.coro.id");
      S.Begin = B;
    } else if (auto *CS = dyn_cast<CoroSuspendInst>(&I)) {
      SuspendPoint SP;
      SP.Suspend = CS;
      SP.Save = CS->getCoroSave();
      S.Suspends.push_back(SP);
    }
  }
  if (OtherABI)
    return Fail("not a switch-ABI coroutine (retcon or async llvm.coro.id)");
  if (!S.Id)
    return Fail("not a coroutine (no llvm.coro.id)");
  if (!S.Begin || S.Begin->getId() != S.Id)
    return Fail("half-formed coroutine: no llvm.coro.begin for its "
                "llvm.coro.id");
  for (SuspendPoint &SP : S.Suspends)
    readSuspendConsumer(SP);
  classifySuspends(S);
  for (Instruction &I : instructions(F)) {
    auto *CI = dyn_cast<CallInst>(&I);
    if (!CI || !calledCoroutine(*CI))
      continue;
    std::string Why;
    HandleOrigin O{AwaitSite::HandleForm::RampCall, CI, CI,
                   CI->getCalledFunction()};
    if (auto A = matchAwait(O, S, Why))
      S.Awaits.push_back(std::move(*A));
    else
      S.RefusedAwaits.push_back({CI, Why});
  }
  // Awaits of callees LLVM has already split: only a coroutine that holds
  // an inlined split ramp (HasPreSplitId and a split id) or an elided frame
  // can have them.
  DenseMap<Function *, std::optional<SplitCoroutine>> SplitRamps;
  auto SplitRampOf = [&](Function &G) {
    auto [It, New] = SplitRamps.try_emplace(&G);
    if (New)
      It->second = splitCoroutineOfRamp(G);
    return It->second;
  };
  for (Instruction &I : instructions(F)) {
    std::optional<HandleOrigin> O;
    if (auto *CI = dyn_cast<CallInst>(&I); CI && !isa<IntrinsicInst>(CI)) {
      // The ramp of a callee CoroSplit has already split (not inlined).
      Function *G = CI->getCalledFunction();
      if (G && CI->getType()->isPointerTy())
        if (auto SC = SplitRampOf(*G))
          O = HandleOrigin{AwaitSite::HandleForm::SplitRampCall, CI, CI,
                           SC->Ramp, SC->Resumers};
    } else if (auto *B = dyn_cast<CoroBeginInst>(&I); B && B != S.Begin) {
      if (auto *BId = dyn_cast<CoroIdInst>(B->getArgOperand(0)))
        if (auto SC = splitCoroutine(*BId))
          O = HandleOrigin{AwaitSite::HandleForm::InlinedRamp, B, BId, SC->Ramp,
                           SC->Resumers};
    } else if (isa<AllocaInst>(I) ||
               (isa<BitCastInst>(I) &&
                isa<AllocaInst>(I.getOperand(0)->stripPointerCasts()))) {
      // CoroElide's frame: an alloca into which the inlined ramp stores a
      // split coroutine's resume function at offset 0. CoroElide replaces
      // the begin with a (no-op) bitcast of the alloca, which InstCombine
      // folds later; either is the handle.
      for (User *U : I.users()) {
        auto *SI = dyn_cast<StoreInst>(U);
        auto *Resume =
            SI && SI->getPointerOperand() == &I
                ? dyn_cast<Function>(SI->getValueOperand()->stripPointerCasts())
                : nullptr;
        if (auto SC = Resume ? splitCoroutineOfResume(*Resume) : std::nullopt) {
          O = HandleOrigin{AwaitSite::HandleForm::ElidedFrame, &I, SI, SC->Ramp,
                           SC->Resumers};
          break;
        }
      }
    }
    if (!O)
      continue;
    std::string Why;
    if (auto A = matchAwait(*O, S, Why))
      S.SplitAwaits.push_back(std::move(*A));
    else
      S.RefusedSplitAwaits.push_back({O->Handle, Why});
  }
  // In program order, as the other lists (an elided frame's handle sits in
  // the entry block, wherever its await is).
  if (S.SplitAwaits.size() > 1) {
    DenseMap<const Instruction *, unsigned> Position;
    for (Instruction &I : instructions(F))
      Position[&I] = Position.size();
    llvm::sort(S.SplitAwaits, [&](const AwaitSite &L, const AwaitSite &R) {
      return Position[L.Start] < Position[R.Start];
    });
  }
  S.Lifetimes = AllocaLifetimes(S);
  return S;
}

BasicBlock *coroslim::straightLineSuccessor(BasicBlock *BB) {
  Instruction *T = BB->getTerminator();
  if (auto *Br = dyn_cast<BranchInst>(T); Br && Br->isUnconditional())
    return Br->getSuccessor(0);
  if (auto *II = dyn_cast<InvokeInst>(T))
    return II->getNormalDest();
  return nullptr;
}

AllocaLifetimes::AllocaLifetimes(const PreSplitShape &S) {
  Function &F = *S.F;
  for (BasicBlock &BB : F)
    BlockNo[&BB] = BlockNo.size();
  unsigned N = BlockNo.size();
  // The suspend-return edges CoroFrame cuts, and the blocks a resume or a
  // destroy enters first.
  SmallDenseSet<std::pair<const BasicBlock *, const BasicBlock *>, 8> Cut;
  AfterSuspend.resize(N);
  for (const SuspendPoint &SP : S.Suspends) {
    for (int R : {0, 1})
      if (BasicBlock *T = SP.target(R))
        AfterSuspend.set(BlockNo[T]);
    if (SP.Switch && SP.SuspendReturn && SP.SuspendReturn != SP.Resume &&
        SP.SuspendReturn != SP.Destroy)
      Cut.insert({SP.Switch->getParent(), SP.SuspendReturn});
  }
  // The markers of every static alloca; one on a derived pointer makes its
  // alloca unknown (alive everywhere).
  SmallPtrSet<const AllocaInst *, 4> Unknown;
  for (Instruction &I : instructions(F)) {
    auto *II = dyn_cast<IntrinsicInst>(&I);
    if (!II || !II->isLifetimeStartOrEnd())
      continue;
    const Value *P = compat::lifetimeObject(*II);
    if (auto *A = dyn_cast<AllocaInst>(P))
      Markers[A].push_back(II);
    else if (auto *A = dyn_cast<AllocaInst>(getUnderlyingObject(P)))
      Unknown.insert(A);
  }
  for (auto &[A, Ms] : Markers) {
    if (Unknown.count(A) || !A->isStaticAlloca())
      continue;
    // Forward "may be alive" flow: alive at a block's end when alive at
    // its start or started in it, and not ended after the last start. Ms is
    // in program order, so a block's last marker is its last entry.
    DenseMap<const BasicBlock *, bool> StartsLast;
    BitVector In(N), Here(N);
    for (const IntrinsicInst *M : Ms) {
      bool Start = M->getIntrinsicID() == Intrinsic::lifetime_start;
      StartsLast[M->getParent()] = Start;
      if (Start)
        Here.set(BlockNo[M->getParent()]);
    }
    SmallVector<const BasicBlock *, 16> Work;
    for (auto &[BB, Start] : StartsLast)
      if (Start)
        Work.push_back(BB);
    while (!Work.empty()) {
      const BasicBlock *BB = Work.pop_back_val();
      auto It = StartsLast.find(BB);
      bool AliveOut =
          It == StartsLast.end() ? In.test(BlockNo[BB]) : It->second;
      if (!AliveOut)
        continue;
      for (const BasicBlock *Succ : successors(BB)) {
        unsigned SN = BlockNo[Succ];
        if (In.test(SN) || Cut.count({BB, Succ}))
          continue;
        In.set(SN);
        Work.push_back(Succ);
      }
    }
    Here |= In;
    Alive[A] = std::move(Here);
    AliveIn[A] = std::move(In);
  }
  for (const AllocaInst *A : Unknown)
    Markers.erase(A);
}

bool AllocaLifetimes::aliveBefore(const AllocaInst *A,
                                  const Instruction *At) const {
  const BasicBlock *BB = At->getParent();
  bool Now = AliveIn.find(A)->second.test(BlockNo.find(BB)->second);
  // The markers are in program order: the last one before At decides.
  for (const IntrinsicInst *M : Markers.find(A)->second)
    if (M->getParent() == BB && M->comesBefore(At))
      Now = M->getIntrinsicID() == Intrinsic::lifetime_start;
  return Now;
}

bool AllocaLifetimes::neverAliveTogether(const AllocaInst *A,
                                         const AllocaInst *B) const {
  if (A == B || !Alive.count(A) || !Alive.count(B))
    return false;
  for (auto [X, Y] : {std::pair{A, B}, std::pair{B, A}})
    for (const IntrinsicInst *M : Markers.find(X)->second)
      if (M->getIntrinsicID() == Intrinsic::lifetime_start && aliveBefore(Y, M))
        return false;
  return true;
}

bool AllocaLifetimes::disjoint(const AllocaInst *A, const AllocaInst *B) const {
  auto IA = Alive.find(A), IB = Alive.find(B);
  return A != B && IA != Alive.end() && IB != Alive.end() &&
         !IA->second.anyCommon(IB->second);
}

bool AllocaLifetimes::crossesSuspend(const AllocaInst *A) const {
  auto It = Alive.find(A);
  return It == Alive.end() || It->second.anyCommon(AfterSuspend);
}

bool AllocaLifetimes::sharesWithAnother(const AllocaInst *A) const {
  for (auto &Entry : Alive)
    if (disjoint(A, Entry.first))
      return true;
  return false;
}

//===----------------------------------------------------------------------===//
// Lowered state machines
//===----------------------------------------------------------------------===//

namespace {

/// The load of the state field, if \p V is one (through integer casts):
/// a simple integer load from a constant offset of \p Base.
LoadInst *stateLoad(Value *V, const Argument *Base, int64_t &Offset) {
  while (auto *Cast = dyn_cast<CastInst>(V)) {
    if (!isa<ZExtInst>(Cast) && !isa<SExtInst>(Cast) && !isa<TruncInst>(Cast))
      break;
    V = Cast->getOperand(0);
  }
  auto *LI = dyn_cast<LoadInst>(V);
  if (!LI || !LI->isSimple() || !LI->getType()->isIntegerTy())
    return nullptr;
  const DataLayout &DL = LI->getDataLayout();
  APInt Off(DL.getIndexTypeSizeInBits(Base->getType()), 0);
  const Value *Ptr = LI->getPointerOperand()->stripAndAccumulateConstantOffsets(
      DL, Off, /*AllowNonInbounds=*/true);
  if (Ptr != Base)
    return nullptr;
  Offset = Off.getSExtValue();
  return LI;
}

void setState(LoweredShape &L, LoadInst *LI, int64_t Offset) {
  L.StateLoad = LI;
  L.Offset = Offset;
  L.Bits = LI->getType()->getIntegerBitWidth();
}

void addCase(LoweredShape &L, uint64_t State, BasicBlock *Dest) {
  L.Cases.push_back({State, Dest, findPostCompletionTrap(Dest)});
}

void setDefault(LoweredShape &L, BasicBlock *Default) {
  L.Default = Default;
  L.DefaultUnreachable = isa<UnreachableInst>(Default->getFirstNonPHIOrDbg());
}

/// The largest value \p LI can load: from its type or its !range metadata
/// (rustc marks its state byte with the range of its states).
uint64_t maxLoadedValue(const LoadInst &LI) {
  unsigned Bits = LI.getType()->getIntegerBitWidth();
  uint64_t Max = Bits >= 64 ? ~0ULL : (1ULL << Bits) - 1;
  if (const MDNode *Range = LI.getMetadata(LLVMContext::MD_range))
    Max = std::min(Max, getConstantRangeFromMetadata(*Range)
                            .getUnsignedMax()
                            .getLimitedValue());
  return Max;
}

/// A two-state dispatch: `br (load i1 state)`, `br (trunc (load state))`
/// when the state is at most 2 (so only state 1 takes the true edge), or
/// `br (icmp eq/ne state, K)`. When the state's range leaves at most two
/// values besides K (a rustc poll that never suspends: 0 unresumed, 1
/// returned, 2 panicked, where LLVM folded the two trap arms into one side
/// of `state == 0`), the other side is a case of each of them, not a
/// default: a post-completion arm is then a case like in a switch.
bool matchBranchDispatch(LoweredShape &L, BranchInst &Br) {
  if (!Br.isConditional())
    return false;
  int64_t Offset = 0;
  Value *Cond = Br.getCondition();
  if (LoadInst *LI = stateLoad(Cond, L.Base, Offset);
      LI && Cond->getType()->isIntegerTy(1) && maxLoadedValue(*LI) <= 2) {
    setState(L, LI, Offset);
    addCase(L, 1, Br.getSuccessor(0));
    if (maxLoadedValue(*LI) <= 1) {
      addCase(L, 0, Br.getSuccessor(1));
      setDefault(L, Br.getSuccessor(1));
      L.DefaultUnreachable = true; // no third value
    } else {
      setDefault(L, Br.getSuccessor(1)); // states 0 and 2
    }
  } else if (auto *Cmp = dyn_cast<ICmpInst>(Cond); Cmp && Cmp->isEquality()) {
    auto *K = dyn_cast<ConstantInt>(Cmp->getOperand(1));
    LoadInst *LI = stateLoad(Cmp->getOperand(0), L.Base, Offset);
    if (!K || !LI)
      return false;
    setState(L, LI, Offset);
    bool Eq = Cmp->getPredicate() == ICmpInst::ICMP_EQ;
    uint64_t State = K->getZExtValue();
    BasicBlock *Other = Br.getSuccessor(Eq ? 1 : 0);
    addCase(L, State, Br.getSuccessor(Eq ? 0 : 1));
    setDefault(L, Other);
    if (uint64_t Max = maxLoadedValue(*LI); Max <= 2 && State <= Max) {
      for (uint64_t V = 0; V <= Max; ++V)
        if (V != State)
          addCase(L, V, Other);
      L.DefaultUnreachable = true; // every value is a case
    }
  } else {
    return false;
  }
  L.BranchDispatch = &Br;
  return true;
}

} // namespace

std::optional<LoweredShape> coroslim::analyzeLowered(Function &F,
                                                     std::string *WhyNot) {
  auto Fail = [&](const char *Why) -> std::optional<LoweredShape> {
    if (WhyNot)
      *WhyNot = Why;
    return std::nullopt;
  };
  // The state's object is the first argument, or the second when the first
  // is the result (rustc returns a large Poll<T> through memory, ahead of
  // self; at -O3 ArgumentPromotion may have turned its sret into noalias).
  unsigned BaseNo = !F.arg_empty() && isResultSlot(*F.getArg(0));
  if (F.isDeclaration() || F.arg_size() <= BaseNo ||
      !F.getArg(BaseNo)->getType()->isPointerTy())
    return Fail("no pointer first argument");
  LoweredShape L;
  L.F = &F;
  L.Base = F.getArg(BaseNo);
  if (BaseNo)
    L.Result = F.getArg(0);
  // The dispatch is the first switch or conditional branch on the way from
  // the entry block.
  SmallPtrSet<BasicBlock *, 8> Seen;
  for (BasicBlock *BB = &F.getEntryBlock(); BB && Seen.insert(BB).second;) {
    Instruction *T = BB->getTerminator();
    if (auto *SI = dyn_cast<SwitchInst>(T)) {
      int64_t Offset = 0;
      LoadInst *LI = stateLoad(SI->getCondition(), L.Base, Offset);
      if (!LI)
        return Fail("the first switch does not dispatch on an integer loaded "
                    "from the first argument");
      setState(L, LI, Offset);
      L.Dispatch = SI;
      setDefault(L, SI->getDefaultDest());
      for (auto &Case : SI->cases())
        addCase(L, Case.getCaseValue()->getZExtValue(),
                Case.getCaseSuccessor());
      return L;
    }
    auto *Br = dyn_cast<BranchInst>(T);
    if (!Br)
      break;
    if (Br->isConditional()) {
      if (matchBranchDispatch(L, *Br))
        return L;
      return Fail("the first branch does not dispatch on a state loaded "
                  "from the first argument");
    }
    BB = Br->getSuccessor(0);
  }
  return Fail("no dispatch switch on the way from the entry block");
}

//===----------------------------------------------------------------------===//
// Frame bytes of a split coroutine
//===----------------------------------------------------------------------===//

uint64_t coroslim::embeddedFrameBytes(const Function &F) {
  uint64_t Bytes = 0;
  if (Attribute A = F.getFnAttribute(EmbeddedFrameBytesAttr); A.isValid())
    if (A.getValueAsString().getAsInteger(10, Bytes))
      return 0;
  return Bytes;
}

std::optional<uint64_t> coroslim::splitFrameBytes(const Function &Resume) {
  // CoroSplit gives every clone's frame parameter dereferenceable(FrameSize)
  // (and CoroElide reads it back to size the alloca that replaces the
  // allocation). The allocation itself is no source: once the ramp is
  // inlined it may be elided into the caller's frame, and a hook such as
  // aligned_alloc(align, size) has other constant arguments.
  auto FromParam = [](const Function *Clone) -> std::optional<uint64_t> {
    if (!Clone || Clone->isDeclaration() || Clone->arg_empty())
      return std::nullopt;
    if (uint64_t Bytes = Clone->getParamDereferenceableBytes(0))
      return Bytes;
    return std::nullopt;
  };
  if (auto Bytes = FromParam(&Resume))
    return Bytes;
  // An optimisation that rewrote .resume's parameter attributes leaves the
  // other clones of the same frame.
  StringRef Name = Resume.getName();
  const Module *M = Resume.getParent();
  if (!M || !Name.consume_back(".resume"))
    return std::nullopt;
  for (const char *Suffix : {".destroy", ".cleanup"})
    if (auto Bytes = FromParam(M->getFunction((Name + Suffix).str())))
      return Bytes;
  return std::nullopt;
}

bool coroslim::operandsMayPointInto(const CallBase &CB,
                                    const AllocaInst &Local) {
  for (const Value *Op : CB.data_ops()) {
    if (!Op->getType()->isPtrOrPtrVectorTy())
      continue;
    SmallVector<const Value *, 4> Objects;
    getUnderlyingObjects(Op, Objects);
    if (is_contained(Objects, &Local))
      return true;
  }
  return false;
}
