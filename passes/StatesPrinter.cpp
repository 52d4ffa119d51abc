//===- StatesPrinter.cpp - print<coroslim-states> -------------------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// One record per function the analysis recognises, in module order. Text
// (`print<coroslim-states>`):
//
//   coroutine @f: pre-split initial=1 internal=2 final=1 checked=0 awaits=1
//     suspend %s initial: resume=%a destroy=%b return=%c
//     await @g at %h: done=promise-flag@20 ready=%r pending=%p ...
//     refused await @k at %h2: <why>
//     transfer await @t at %h3 (inlined ramp): suspend=%s continuation@24
//       runs to completion            (a C++ co_await by symmetric transfer)
//       its frame can live in the caller's frame
//     refused transfer await at %s2: <why>
//     could: <pass> (<why>)
//   lowered @f: frame=48 states=3 traps=1
//   state machine @f.resume: dispatch=i8@16 cases=3 default=unreachable
//     case 2 -> %t: post-completion trap (@panic)
//   not a coroutine @f: <why>      (coroutine intrinsics it cannot read)
//
// JSON (`print<coroslim-states<json>>`): the same records as one document,
// {"version":1,"functions":[...]}, one record per line; the schema is in
// docs/architecture.md. Both forms come from the same Record values, so they
// cannot disagree.
//
//===----------------------------------------------------------------------===//

#include "coroslim/StatesPrinter.h"
#include "coroslim/CoroShape.h"
#include "coroslim/CoroShapeAnalysis.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/IR/IRPrintingPasses.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/JSON.h"

using namespace llvm;
using namespace coroslim;

#define DEBUG_TYPE "coroslim-states"

ALWAYS_ENABLED_STATISTIC(NumRecords,
                         "Functions the states report has a record for");
ALWAYS_ENABLED_STATISTIC(NumHalfLowered,
                         "Functions reported as half-lowered IR");

namespace {

std::string refName(const Value *V) {
  if (!V)
    return "none";
  std::string S;
  raw_string_ostream OS(S);
  V->printAsOperand(OS, /*PrintType=*/false);
  return S;
}

/// IR names are byte strings; JSON strings must be UTF-8.
json::Value jsonString(StringRef S) {
  if (json::isUTF8(S))
    return S.str();
  return json::fixUTF8(S);
}

StringRef doneKindName(DoneTestKind K) {
  switch (K) {
  case DoneTestKind::CoroDone:
    return "coro.done";
  case DoneTestKind::ResumeFnNull:
    return "resume-fn-null";
  case DoneTestKind::PromiseFlag:
    return "promise-flag";
  }
  llvm_unreachable("bad DoneTestKind");
}

/// A coroslim pass that could act on a coroutine, with how often and why.
struct Could {
  StringRef Pass;
  unsigned Count;
  std::string Why;
};

/// The `could:` hints for a pre-split coroutine. The await rewrites go by
/// the docs/design.md criteria on the awaited callee (a lazily started
/// coroutine with no / one internal suspend point, at the default
/// -coroslim-inline-max-suspends=1); the passes may still refuse.
SmallVector<Could, 3> coulds(const PreSplitShape &S,
                             FunctionAnalysisManager &FAM) {
  SmallVector<Could, 3> Out;
  if (unsigned Traps = S.count(SuspendKind::CheckedCompletion))
    Out.push_back({"coroslim-strip-done-traps", Traps,
                   std::to_string(Traps) +
                       " post-completion trap(s); with -coroslim-release"});
  unsigned Fold = 0, Inline = 0;
  for (const AwaitSite &A : S.Awaits)
    if (const CalleeSummary *Callee = getCoroShape(*A.Callee, FAM).asCallee()) {
      if (!Callee->Initial)
        continue;
      unsigned Internal = Callee->internalSuspends();
      Fold += Internal == 0;
      Inline += Internal == 1;
    }
  if (Fold)
    Out.push_back({"coroslim-fold-suspend-free", Fold,
                   std::to_string(Fold) + " await(s) of a coroutine without "
                                          "internal suspend points"});
  if (Inline)
    Out.push_back({"coroslim-inline-single-suspend", Inline,
                   std::to_string(Inline) + " await(s) of a coroutine with "
                                            "one internal suspend point"});
  return Out;
}

/// Counts of a lowered coroutine (ramp f and its f.resume).
struct LoweredGroup {
  StringRef Ramp;   ///< f, whether or not it is still in the module
  bool RampPresent; ///< false: inlined into its callers and removed
  const Function *Resume;
  std::optional<uint64_t> FrameBytes;
  uint64_t EmbeddedBytes; ///< of FrameBytes, the frames of awaited tasks
  unsigned States;
  unsigned Traps;
};

LoweredGroup lowerGroup(StringRef Ramp, bool RampPresent,
                        const Function &Resume, FunctionAnalysisManager &FAM) {
  LoweredGroup G{Ramp,
                 RampPresent,
                 &Resume,
                 splitFrameBytes(Resume),
                 embeddedFrameBytes(Resume),
                 1,
                 0};
  if (const LoweredShape *L =
          getCoroShape(const_cast<Function &>(Resume), FAM).lowered()) {
    G.Traps = count_if(L->Cases, [](const LoweredShape::Case &C) {
      return C.Trap.has_value();
    });
    // A reachable default stands for at least one more state.
    G.States = L->Cases.size() + (L->DefaultUnreachable ? 0 : 1);
  }
  // Otherwise one state: the .resume function needs no dispatch at all.
  return G;
}

/// Coroutine intrinsics that only a coroutine's own body holds until
/// CoroSplit and CoroCleanup lower it. The handle intrinsics (coro.resume,
/// coro.destroy, coro.done, coro.promise, coro.noop) may sit in any caller
/// and say nothing about the function they are in.
bool isBodyIntrinsic(Intrinsic::ID ID) {
  switch (ID) {
  case Intrinsic::coro_suspend:
  case Intrinsic::coro_suspend_retcon:
  case Intrinsic::coro_suspend_async:
  case Intrinsic::coro_save:
  case Intrinsic::coro_end:
  case Intrinsic::coro_end_async:
  case Intrinsic::coro_size:
  case Intrinsic::coro_align:
  case Intrinsic::coro_frame:
  case Intrinsic::coro_free:
  case Intrinsic::coro_alloc:
  case Intrinsic::coro_alloca_alloc:
  case Intrinsic::coro_alloca_get:
  case Intrinsic::coro_alloca_free:
  case Intrinsic::coro_await_suspend_void:
  case Intrinsic::coro_await_suspend_bool:
  case Intrinsic::coro_await_suspend_handle:
  case compat::CoroIsInRampID:
    return true;
  default:
    return false;
  }
}

/// What in \p F places it among the stages the analysis knows.
struct StageMarks {
  bool HasIdOrBegin = false;
  const IntrinsicInst *BodyIntrinsic = nullptr; ///< the first one
};

StageMarks findStageMarks(const Function &F) {
  StageMarks S;
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB) {
      if (isa<AnyCoroIdInst>(I) || isa<CoroBeginInst>(I))
        S.HasIdOrBegin = true;
      else if (const auto *II = dyn_cast<IntrinsicInst>(&I);
               II && isBodyIntrinsic(II->getIntrinsicID()) &&
               (!S.BodyIntrinsic ||
                (isa<AnyCoroSuspendInst>(II) &&
                 !isa<AnyCoroSuspendInst>(S.BodyIntrinsic))))
        S.BodyIntrinsic = II; // the first suspend, else the first one
    }
  return S;
}

/// Why \p F, which still holds \p Body but neither llvm.coro.id nor
/// llvm.coro.begin, is at no stage a pass can work on, and what to do.
std::string halfLoweredWhy(const IntrinsicInst &Body) {
  return (Body.getCalledFunction()->getName() +
          " remains but llvm.coro.id and llvm.coro.begin are gone: the "
          "coroutine was lowered without being split, as clang does to a C "
          "coroutine built without -fpass-plugin=CoroSlim.so (nothing marks "
          "it presplitcoroutine); emit the IR with -Xclang "
          "-disable-llvm-passes to analyse the coroutine as written")
      .str();
}

/// Writes records in either form. JSON: the document head on the first
/// record, one record per line, the tail in finish().
class Printer {
  raw_ostream &OS;
  bool Json;
  FunctionAnalysisManager &FAM;
  unsigned Records = 0;

  /// Starts a JSON record; \p Body writes its fields after function/kind.
  void record(StringRef Function, StringRef Kind,
              function_ref<void(json::OStream &)> Body) {
    OS << (Records++ ? ",\n" : "\n");
    json::OStream J(OS);
    J.object([&] {
      J.attribute("function", jsonString(Function));
      J.attribute("kind", Kind);
      Body(J);
    });
  }

public:
  Printer(raw_ostream &OS, bool Json, FunctionAnalysisManager &FAM)
      : OS(OS), Json(Json), FAM(FAM) {
    if (Json)
      OS << "{\"version\":1,\"functions\":[";
  }
  void finish() {
    if (Json)
      OS << (Records ? "\n" : "") << "]}\n";
  }

  void preSplit(const PreSplitShape &S);
  void notACoroutine(const Function &F, StringRef Stage, StringRef Why);
  void lowered(const LoweredGroup &G);
  void stateMachine(const LoweredShape &L);
};

/// Where a transfer await's handle comes from: the value, or for a ramp
/// that writes it through sret (a void call), `call @ramp`.
std::string transferHandleName(const TransferAwait &T) {
  if (!T.Handle->getType()->isVoidTy())
    return refName(T.Handle);
  return "call " + refName(T.Callee);
}

void Printer::preSplit(const PreSplitShape &S) {
  ++NumRecords;
  SmallVector<Could, 3> Hints = coulds(S, FAM);
  if (Json) {
    record(S.F->getName(), "pre-split", [&](json::OStream &J) {
      J.attributeObject("suspends", [&] {
        J.attribute("initial", S.count(SuspendKind::Initial));
        J.attribute("internal", S.count(SuspendKind::Internal));
        J.attribute("final", S.count(SuspendKind::Final));
        J.attribute("checked", S.count(SuspendKind::CheckedCompletion));
      });
      J.attributeArray("awaits", [&] {
        for (const AwaitSite &A : S.allAwaits())
          J.object([&] {
            J.attribute("callee", jsonString(A.Callee->getName()));
            J.attribute("at", jsonString(refName(A.Handle)));
            J.attribute("done", doneKindName(A.DoneKind));
            if (A.DoneKind == DoneTestKind::PromiseFlag)
              J.attribute("flag_offset", A.FlagOffset);
            else
              J.attribute("flag_offset", nullptr);
            J.attribute("destroys", static_cast<int64_t>(A.Destroys.size()));
            J.attribute("reads", static_cast<int64_t>(A.PromiseReads.size()));
            J.attribute("form", toString(A.Form));
          });
      });
      J.attributeArray("refused_awaits", [&] {
        for (const auto &Refused : S.RefusedAwaits)
          J.object([&] {
            const CallInst *Call = Refused.first;
            J.attribute("callee",
                        jsonString(Call->getCalledFunction()->getName()));
            J.attribute("at", jsonString(refName(Call)));
            J.attribute("why", jsonString(Refused.second));
          });
        for (const auto &Refused : S.RefusedSplitAwaits)
          J.object([&] {
            J.attribute("callee", nullptr);
            J.attribute("at", jsonString(refName(Refused.first)));
            J.attribute("why", jsonString(Refused.second));
          });
      });
      // Only where clang put C++ awaits (docs/architecture.md).
      if (!S.TransferAwaits.empty() || !S.RefusedTransferAwaits.empty()) {
        J.attributeArray("transfer_awaits", [&] {
          for (const TransferAwait &T : S.TransferAwaits)
            J.object([&] {
              J.attribute("callee", jsonString(T.Callee->getName()));
              J.attribute("at", jsonString(transferHandleName(T)));
              J.attribute("suspend", jsonString(refName(T.Suspend)));
              J.attribute("form", toString(T.Form));
              J.attribute("continuation_offset", T.ContinuationOffset);
              J.attribute("runs_to_completion",
                          T.WhyNotRunsToCompletion.empty());
              J.attribute("why", jsonString(T.WhyNotRunsToCompletion));
              J.attribute("frame_embeddable", T.WhyNotEmbeddable.empty());
              J.attribute("frame_why", jsonString(T.WhyNotEmbeddable));
            });
        });
        J.attributeArray("refused_transfer_awaits", [&] {
          for (const auto &Refused : S.RefusedTransferAwaits)
            J.object([&] {
              J.attribute("suspend", jsonString(refName(Refused.first)));
              J.attribute("why", jsonString(Refused.second));
            });
        });
      }
      J.attributeArray("could", [&] {
        for (const Could &C : Hints)
          J.object([&] {
            J.attribute("pass", C.Pass);
            J.attribute("count", C.Count);
            J.attribute("why", C.Why);
          });
      });
    });
    return;
  }

  OS << "coroutine " << refName(S.F) << ": pre-split"
     << " initial=" << S.count(SuspendKind::Initial)
     << " internal=" << S.count(SuspendKind::Internal)
     << " final=" << S.count(SuspendKind::Final)
     << " checked=" << S.count(SuspendKind::CheckedCompletion)
     << " awaits=" << S.Awaits.size() + S.SplitAwaits.size() << "\n";
  for (const SuspendPoint &SP : S.Suspends) {
    OS << "  suspend " << refName(SP.Suspend) << " " << toString(SP.Kind)
       << ":";
    if (!SP.Switch) {
      OS << " result not consumed by a suspend switch\n";
      continue;
    }
    OS << " resume=" << refName(SP.Resume) << " destroy=" << refName(SP.Destroy)
       << " return=" << refName(SP.SuspendReturn) << "\n";
  }
  for (const AwaitSite &A : S.allAwaits()) {
    OS << "  await " << refName(A.Callee) << " at " << refName(A.Handle);
    if (A.Form != AwaitSite::HandleForm::RampCall)
      OS << " (" << toString(A.Form) << ")";
    OS << ": done=" << doneKindName(A.DoneKind);
    if (A.DoneKind == DoneTestKind::PromiseFlag)
      OS << "@" << A.FlagOffset;
    OS << " ready=" << refName(A.Ready) << " pending=" << refName(A.Pending)
       << " suspend=" << refName(A.LoopSuspend)
       << " destroys=" << A.Destroys.size()
       << " reads=" << A.PromiseReads.size() << "\n";
  }
  for (const auto &[Call, Why] : S.RefusedAwaits)
    OS << "  refused await " << refName(Call->getCalledFunction()) << " at "
       << refName(Call) << ": " << Why << "\n";
  for (const auto &[Handle, Why] : S.RefusedSplitAwaits)
    OS << "  refused await of an already split coroutine at " << refName(Handle)
       << ": " << Why << "\n";
  for (const TransferAwait &T : S.TransferAwaits) {
    OS << "  transfer await " << refName(T.Callee) << " at "
       << transferHandleName(T) << " (" << toString(T.Form)
       << "): suspend=" << refName(T.Suspend) << " continuation@"
       << T.ContinuationOffset;
    if (T.WhyNotRunsToCompletion.empty())
      OS << " runs to completion\n";
    else
      OS << " may not complete: " << T.WhyNotRunsToCompletion << "\n";
    if (T.WhyNotEmbeddable.empty())
      OS << "    its frame can live in the caller's frame\n";
    else
      OS << "    its frame stays where it is: " << T.WhyNotEmbeddable << "\n";
  }
  for (const auto &[Suspend, Why] : S.RefusedTransferAwaits)
    OS << "  refused transfer await at " << refName(Suspend) << ": " << Why
       << "\n";
  for (const Could &C : Hints)
    OS << "  could: " << C.Pass << " (" << C.Why << ")\n";
}

void Printer::notACoroutine(const Function &F, StringRef Stage, StringRef Why) {
  ++NumRecords;
  if (Json) {
    record(F.getName(), "not-a-coroutine", [&](json::OStream &J) {
      J.attribute("stage", Stage);
      J.attribute("why", jsonString(Why));
    });
    return;
  }
  OS << "not a coroutine " << refName(&F) << ": ";
  if (Stage != "pre-split")
    OS << Stage << ": ";
  OS << Why << "\n";
}

void Printer::lowered(const LoweredGroup &G) {
  ++NumRecords;
  if (Json) {
    record(G.Ramp, "lowered", [&](json::OStream &J) {
      // Its own state: frames of awaited tasks embedded in it count with
      // their own coroutines (coroslim-embed-frame).
      if (G.FrameBytes)
        J.attribute("frame_bytes",
                    static_cast<int64_t>(*G.FrameBytes - G.EmbeddedBytes));
      else
        J.attribute("frame_bytes", nullptr);
      if (G.EmbeddedBytes)
        J.attribute("embedded_frame_bytes",
                    static_cast<int64_t>(G.EmbeddedBytes));
      J.attribute("states", G.States);
      J.attribute("traps", G.Traps);
      J.attribute("resume", jsonString(G.Resume->getName()));
      J.attribute("ramp_present", G.RampPresent);
    });
    return;
  }
  // The ramp may be gone, so its name is printed the way an operand is.
  OS << "lowered @";
  printLLVMNameWithoutPrefix(OS, G.Ramp);
  OS << ":";
  if (G.FrameBytes)
    OS << " frame=" << *G.FrameBytes - G.EmbeddedBytes;
  else
    OS << " frame=?";
  if (G.EmbeddedBytes)
    OS << " embedded=" << G.EmbeddedBytes;
  OS << " states=" << G.States << " traps=" << G.Traps;
  if (!G.RampPresent)
    OS << " (ramp not in the module: inlined into its callers)";
  OS << "\n";
}

void Printer::stateMachine(const LoweredShape &L) {
  ++NumRecords;
  if (Json) {
    record(L.F->getName(), "state-machine", [&](json::OStream &J) {
      J.attributeObject("dispatch", [&] {
        J.attribute("form", L.BranchDispatch ? "br" : "switch");
        J.attribute("bits", L.Bits);
        J.attribute("offset", L.Offset);
      });
      J.attribute("default",
                  L.DefaultUnreachable ? "unreachable" : "reachable");
      J.attributeArray("cases", [&] {
        for (const LoweredShape::Case &C : L.Cases)
          J.object([&] {
            J.attribute("state", static_cast<int64_t>(C.State));
            J.attribute("dest", jsonString(refName(C.Dest)));
            if (!C.Trap)
              J.attribute("trap", nullptr);
            else if (const Function *Callee =
                         C.Trap->TrapCall->getCalledFunction())
              J.attribute("trap", jsonString(Callee->getName()));
            else
              J.attribute("trap", ""); // an indirect noreturn call
          });
      });
    });
    return;
  }
  OS << "state machine " << refName(L.F)
     << ": dispatch=" << (L.BranchDispatch ? "br " : "") << "i" << L.Bits << "@"
     << L.Offset << " cases=" << L.Cases.size()
     << " default=" << (L.DefaultUnreachable ? "unreachable" : "reachable")
     << "\n";
  for (const LoweredShape::Case &C : L.Cases) {
    OS << "  case " << C.State << " -> " << refName(C.Dest);
    if (C.Trap) {
      OS << ": post-completion trap (";
      if (const Function *Callee = C.Trap->TrapCall->getCalledFunction())
        OS << refName(Callee);
      OS << ")";
    }
    OS << "\n";
  }
}

} // namespace

Expected<StatesPrinterPass> StatesPrinterPass::create(raw_ostream &OS,
                                                      StringRef Params) {
  StringRef Given;
  Format Form = Format::Text;
  while (!Params.empty()) {
    StringRef P;
    std::tie(P, Params) = Params.split(';');
    if (P != "json" && P != "text")
      return createStringError("unknown parameter '" + P +
                               "' (expected json or text)");
    if (!Given.empty())
      return createStringError(
          (Given == P ? "'" + P + "' given twice"
                      : "'" + Given + "' and '" + P + "' both given") +
          "; give one of json or text");
    Given = P;
    Form = P == "json" ? Format::Json : Format::Text;
  }
  return StatesPrinterPass(OS, Form);
}

void StatesPrinterPass::printPipeline(
    raw_ostream &OS, function_ref<StringRef(StringRef)> MapClassName2PassName) {
  // The registered name is the whole `print<coroslim-states>`: the
  // parameter goes inside its angle brackets.
  OS << "print<coroslim-states" << (Form == Format::Json ? "<json>" : "")
     << ">";
}

PreservedAnalyses StatesPrinterPass::run(Module &M,
                                         ModuleAnalysisManager &MAM) {
  FunctionAnalysisManager &FAM =
      MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  Printer P(OS, Form == Format::Json, FAM);
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    const CoroShapeInfo &Shape = getCoroShape(F, FAM);
    if (const PreSplitShape *S = Shape.preSplit()) {
      P.preSplit(*S);
      continue;
    }
    StringRef Why = Shape.whyNotPreSplit();
    StageMarks St = findStageMarks(F);
    if (St.HasIdOrBegin && !Why.starts_with("already split")) {
      P.notACoroutine(F, "pre-split", Why);
      continue;
    }
    if (!St.HasIdOrBegin && St.BodyIntrinsic) {
      ++NumHalfLowered;
      P.notACoroutine(F, "half-lowered", halfLoweredWhy(*St.BodyIntrinsic));
      continue;
    }
    if (F.isPresplitCoroutine()) {
      P.notACoroutine(F, "pre-split",
                      ("marked presplitcoroutine, but " + Why).str());
      continue;
    }
    if (const Function *Resume = M.getFunction((F.getName() + ".resume").str());
        Resume && !Resume->isDeclaration())
      P.lowered(lowerGroup(F.getName(), /*RampPresent=*/true, *Resume, FAM));
    // A .resume whose ramp is gone: the ramp was inlined into its callers
    // (a static ramp at -O2), and the coroutine lives on in its clones.
    StringRef Ramp = F.getName();
    if (Ramp.consume_back(".resume")) {
      const Function *RampF = M.getFunction(Ramp);
      if (!RampF || RampF->isDeclaration())
        P.lowered(lowerGroup(Ramp, /*RampPresent=*/false, F, FAM));
    }
    if (const LoweredShape *L = Shape.lowered())
      P.stateMachine(*L);
  }
  P.finish();
  return PreservedAnalyses::all();
}
