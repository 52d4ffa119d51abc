//===- Plugin.cpp - Register the coroslim passes --------------------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// Registration only. One table lists every pass with its pipeline slot (see
// docs/design.md, "Pipeline"); from it the plugin
//  * parses `opt -passes=name<params>` at any level, as PassBuilder does for
//    LLVM's own passes: a function pass at module level gets a
//    module-to-function adaptor, in cgscc(...) a CGSCC-to-function one, and
//    a pass at a level it cannot run at is a clear error,
//  * maps class names back to pass names so that -print-pipeline-passes
//    output parses again,
//  * inserts the passes into clang's default pipeline, honouring
//    -coroslim-disable,
//  * parses `coroslim-options<...>`, which sets the options of the passes in
//    those slots for one pipeline: the spelling of -coroslim-release,
//    -coroslim-done-resume and -coroslim-disable for front ends that cannot
//    give a plugin command-line options (rustc parses -C llvm-args before it
//    loads -Z llvm-plugins; docs/rust.md).
//
//===----------------------------------------------------------------------===//

#include "coroslim/CPreSplit.h"
#include "coroslim/CoroShapeAnalysis.h"
#include "coroslim/CostModel.h"
#include "coroslim/EmbedFrame.h"
#include "coroslim/FoldSuspendFree.h"
#include "coroslim/FoldTransfer.h"
#include "coroslim/InlineSingleSuspend.h"
#include "coroslim/LLVMCompat.h"
#include "coroslim/MergeStates.h"
#include "coroslim/NoopCoroutine.h"
#include "coroslim/PassParams.h"
#include "coroslim/StatesPrinter.h"
#include "coroslim/StripDoneTraps.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ManagedStatic.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <optional>

using namespace llvm;
using namespace coroslim;

namespace {

/// The default-pipeline extension points coroslim uses.
enum class Slot {
  PipelineStart,       // all levels, -O0 included
  EarlySimplification, // -O1 and up, before the CGSCC walk splits coroutines
  ScalarOptimizerLate, // -O1 and up, function pipeline (pre-split coroutines)
  OptimizerLast,       // -O1 and up, after CoroSplit (lowered state machines)
};

/// What `coroslim-options<...>` set for the slots of one pipeline (one
/// PassBuilder). The default pipeline is built before rustc parses its
/// `-C passes` text, so the slot passes read these when they run, not when
/// they are built.
struct PipelineOptions {
  std::optional<bool> Release;
  std::string DoneResume; ///< `return` or `unreachable`; empty: the flag's
  SmallVector<std::string, 2> Disabled; ///< pass names, or `all`
};

struct PassEntry;

/// Set for a pass placed in a slot of the default pipeline; null for a pass
/// named in a pipeline text, which takes its own `<params>`.
struct SlotContext {
  const PassEntry *Entry;
  std::shared_ptr<const PipelineOptions> Options;
};
using SharedOptions = std::shared_ptr<const PipelineOptions>;

using ModuleAdder = Error (*)(StringRef Params, ModulePassManager &,
                              const SlotContext *);
using FunctionAdder = Error (*)(StringRef Params, FunctionPassManager &,
                                const SlotContext *);

bool isDisabled(const PassEntry &E, ArrayRef<std::string> Disabled);
bool isModulePass(const PassEntry &E);
std::string slotParams(const PassEntry &E, StringRef Params,
                       const PipelineOptions &O);

/// A pass in a slot of the default pipeline, under the pipeline's
/// PipelineOptions: skipped when they disable it, rebuilt from its slot
/// parameters plus theirs when they set any. It keeps its pass's name, so
/// remarks, -print-pipeline-passes and pass instrumentation see the pass.
template <typename PassT>
class SlotPass : public PassInfoMixin<SlotPass<PassT>> {
public:
  SlotPass(PassT P, StringRef Params, const SlotContext &Slot)
      : Pass(std::move(P)), Params(Params.str()), BuiltFrom(this->Params),
        Slot(Slot) {}
  static StringRef name() { return PassT::name(); }

  template <typename IRUnitT, typename AnalysisManagerT>
  PreservedAnalyses run(IRUnitT &IR, AnalysisManagerT &AM) {
    if (isDisabled(*Slot.Entry, Slot.Options->Disabled))
      return PreservedAnalyses::all();
    return current().run(IR, AM);
  }
  /// Prints the pass as it runs, under the pipeline's options (the printed
  /// pipeline ends with the coroslim-options that set them); a disabled one
  /// as LLVM's no-op pass, so that the printed pipeline parses again to one
  /// that runs the same.
  void printPipeline(raw_ostream &OS,
                     function_ref<StringRef(StringRef)> MapClassName2PassName) {
    if (isDisabled(*Slot.Entry, Slot.Options->Disabled))
      OS << (isModulePass(*Slot.Entry) ? "no-op-module" : "no-op-function");
    else
      current().printPipeline(OS, MapClassName2PassName);
  }

private:
  PassT &current() {
    std::string Want = slotParams(*Slot.Entry, Params, *Slot.Options);
    if (Want != BuiltFrom) {
      // coroslim-options checked these settings when it was parsed.
      Expected<PassT> P = PassT::create(Want);
      if (!P)
        report_fatal_error(Twine("coroslim: ") + toString(P.takeError()),
                           /*gen_crash_diag=*/false);
      Pass.emplace(std::move(*P));
      BuiltFrom = std::move(Want);
    }
    return *Pass;
  }

  std::optional<PassT> Pass;
  std::string Params;    ///< the slot's own parameters
  std::string BuiltFrom; ///< the parameters Pass was built from
  SlotContext Slot;
};

/// Builds PassT from its `<params>` text (empty: command-line defaults);
/// in a slot, under the pipeline's options.
template <typename PassT, typename PassManagerT>
Error addPass(StringRef Params, PassManagerT &PM, const SlotContext *Slot) {
  Expected<PassT> P = PassT::create(Params);
  if (!P)
    return P.takeError();
  if (Slot)
    PM.addPass(SlotPass<PassT>(std::move(*P), Params, *Slot));
  else
    PM.addPass(std::move(*P));
  return Error::success();
}

struct PassEntry {
  StringRef Name;
  StringRef ClassName;
  Slot At;
  bool AlwaysOn;             // ignores -coroslim-disable (c-presplit only)
  ModuleAdder AddModule;     // set for module passes
  FunctionAdder AddFunction; // set for function passes
  StringRef SlotParams = ""; // the `<params>` of the pass in its slot
  bool HasCost = false;      // takes cost=, set from the level in a slot
  bool TakesRelease = false; // takes release and done-resume= (options)
  bool PreLinkOnly = false;  // left out of a post-link (LTO) pipeline
};

const PassEntry Passes[] = {
    {"coroslim-c-presplit", CPreSplitPass::name(), Slot::PipelineStart, true,
     addPass<CPreSplitPass, ModulePassManager>, nullptr},
    // The noop coroutine coroslim-fold-transfer needs inside the CGSCC walk
    // (made here, released at OptimizerLast; NoopCoroutine.h says why).
    {"coroslim-noop-coroutine", NoopCoroutinePass::name(),
     Slot::EarlySimplification, false,
     addPass<NoopCoroutinePass, ModulePassManager>, nullptr, "make"},
    // merge-states first at EarlySimplification too: an awaited coroutine
    // whose arms await the same callee becomes single-suspend there, so the
    // await passes that follow inline it in the same run (a callee made by
    // merging collapses like any other; test/closure/merged-callee.test).
    {"coroslim-merge-states", MergeStatesPass::name(),
     Slot::EarlySimplification, false, nullptr,
     addPass<MergeStatesPass, FunctionPassManager>, "form=pre-split", true},
    {"coroslim-fold-suspend-free", FoldSuspendFreePass::name(),
     Slot::EarlySimplification, false,
     addPass<FoldSuspendFreePass, ModulePassManager>, nullptr, "", true},
    {"coroslim-inline-single-suspend", InlineSingleSuspendPass::name(),
     Slot::EarlySimplification, false,
     addPass<InlineSingleSuspendPass, ModulePassManager>, nullptr, "", true},
    // A rustc poll that never suspends, in `return` mode: its Pending shows
    // only in its result's type, and only until IPSCCP folds the constant
    // Ready it returns into its callers (StripDoneTrapsPass::Options::
    // PendingFromType). Not after LTO's pre-link pipeline has run it.
    {"coroslim-strip-done-traps", StripDoneTrapsPass::name(),
     Slot::EarlySimplification, false, nullptr,
     addPass<StripDoneTrapsPass, FunctionPassManager>,
     "form=lowered;pending-from-type", false, true, /*PreLinkOnly=*/true},
    // In the CGSCC walk, before the inliner copies a rustc poll function
    // into its parent's: its dead states first (while its own
    // post-completion arm still marks it a poll function), then its traps.
    {"coroslim-merge-states", MergeStatesPass::name(),
     Slot::ScalarOptimizerLate, false, nullptr,
     addPass<MergeStatesPass, FunctionPassManager>, "form=lowered", true},
    // C++ awaits: the caller is still pre-split here, its awaited tasks
    // already split (callees first) and their ramps inlined. Before
    // merge-states, which then sees the suspends that are left.
    {"coroslim-fold-transfer", FoldTransferPass::name(),
     Slot::ScalarOptimizerLate, false, nullptr,
     addPass<FoldTransferPass, FunctionPassManager>, "noop=existing"},
    // A C++ task that may suspend cannot run in place; its frame can still
    // move into the caller's (the caller is still pre-split here).
    {"coroslim-embed-frame", EmbedFramePass::name(), Slot::ScalarOptimizerLate,
     false, nullptr, addPass<EmbedFramePass, FunctionPassManager>},
    {"coroslim-strip-done-traps", StripDoneTrapsPass::name(),
     Slot::ScalarOptimizerLate, false, nullptr,
     addPass<StripDoneTrapsPass, FunctionPassManager>, "form=pre-split", false,
     true},
    {"coroslim-merge-states", MergeStatesPass::name(),
     Slot::ScalarOptimizerLate, false, nullptr,
     addPass<MergeStatesPass, FunctionPassManager>, "form=pre-split", true},
    {"coroslim-strip-done-traps", StripDoneTrapsPass::name(),
     Slot::OptimizerLast, false, nullptr,
     addPass<StripDoneTrapsPass, FunctionPassManager>, "form=lowered", false,
     true},
    {"coroslim-noop-coroutine", NoopCoroutinePass::name(), Slot::OptimizerLast,
     false, addPass<NoopCoroutinePass, ModulePassManager>, nullptr, "release"},
};

/// Why \p Name cannot be disabled; empty if it can: a registered pass
/// name or `all`.
std::string whyNotDisablable(StringRef Name) {
  bool Known = Name == "all";
  for (const PassEntry &E : Passes) {
    if (E.Name != Name)
      continue;
    if (E.AlwaysOn)
      return ("'" + Name +
              "' cannot be disabled: C coroutines do not compile without it")
          .str();
    Known = true;
  }
  if (!Known)
    return ("unknown coroslim pass '" + Name +
            "' (expected a coroslim pass name or 'all')")
        .str();
  return "";
}

/// Rejects anything whyNotDisablable rejects when the command line is
/// parsed, so a typo never silently disables nothing.
class DisableParser : public cl::parser<std::string> {
public:
  using cl::parser<std::string>::parser;
  bool parse(cl::Option &O, StringRef ArgName, StringRef Arg,
             std::string &Value) {
    if (std::string Why = whyNotDisablable(Arg); !Why.empty())
      return O.error(Why);
    Value = Arg.str();
    return false;
  }
};

cl::list<std::string, bool, DisableParser> DisabledPasses(
    "coroslim-disable", cl::CommaSeparated, cl::value_desc("pass,..|all"),
    cl::desc("Keep these coroslim passes out of the default pipeline "
             "('all': everything but coroslim-c-presplit)"));

bool isDisabled(const PassEntry &E, ArrayRef<std::string> Disabled) {
  return !E.AlwaysOn && any_of(Disabled, [&](const std::string &D) {
    return D == "all" || D == E.Name;
  });
}

bool isEnabled(const PassEntry &E) { return !isDisabled(E, DisabledPasses); }

bool isModulePass(const PassEntry &E) { return E.AddModule != nullptr; }

std::string slotParams(const PassEntry &E, StringRef Params,
                       const PipelineOptions &O) {
  std::string Text = Params.str();
  auto Add = [&](StringRef Param) {
    Text += (Text.empty() ? "" : ";") + Param.str();
  };
  if (E.TakesRelease && O.Release)
    Add(*O.Release ? "release" : "no-release");
  if (E.TakesRelease && !O.DoneResume.empty())
    Add("done-resume=" + O.DoneResume);
  return Text;
}

/// Reads `coroslim-options<Params>`: `release`, `no-release`,
/// `done-resume=return|unreachable` and `disable=NAME` (as often as needed),
/// each checked by the rule of its flag.
Expected<PipelineOptions> parsePipelineOptions(StringRef Params) {
  PipelineOptions O;
  Expected<SmallVector<PassParam, 4>> Entries =
      splitPassParams(Params, [](StringRef Key) -> StringRef {
        // Two `disable=` entries are two passes, not one setting twice.
        return Key == "no-release" ? "release" : Key == "disable" ? "" : Key;
      });
  if (!Entries)
    return Entries.takeError();
  for (const PassParam &P : *Entries) {
    if (P.Text == "release" || P.Text == "no-release") {
      O.Release = P.Text == "release";
    } else if (P.Key == "done-resume" && !P.Value.empty()) {
      // strip-done-traps' own rule for the value.
      if (Expected<StripDoneTrapsPass> Check =
              StripDoneTrapsPass::create(P.Text);
          !Check)
        return Check.takeError();
      O.DoneResume = P.Value.str();
    } else if (P.Key == "disable" && !P.Value.empty()) {
      // The rule of -coroslim-disable, and its words.
      if (std::string Why = whyNotDisablable(P.Value); !Why.empty())
        return createStringError("disable: " + Why);
      O.Disabled.push_back(P.Value.str());
    } else {
      return createStringError(
          "unknown parameter '" + P.Text +
          "' (expected release, no-release, done-resume=return, "
          "done-resume=unreachable or disable=PASS)");
    }
  }
  return O;
}

/// At -O0 only the passes that make the module compile at all run.
bool runsAt(const PassEntry &E, Slot At, OptimizationLevel Level,
            bool MayBePostLink = false) {
  return E.At == At && isEnabled(E) &&
         (E.AlwaysOn || Level != OptimizationLevel::O0) &&
         !(E.PreLinkOnly && MayBePostLink);
}

/// Adds the pass of \p E with its slot parameters. The flags that feed an
/// empty parameter text are checked when the command line is parsed (their
/// cl::parser applies the parameter's rule), so this cannot fail; were it to,
/// stopping beats running a pipeline silently built without the pass.
template <typename PassManagerT, typename AdderT>
void addSlotPass(const PassEntry &E, OptimizationLevel Level, AdderT Add,
                 PassManagerT &PM, const SharedOptions &Options) {
  // A pass with a cost model gets the policy of the level (-coroslim-cost).
  std::string Params = E.SlotParams.str();
  if (E.HasCost)
    Params += (Params.empty() ? "cost=" : ";cost=") +
              pipelineCostParam(Level.getSizeLevel()).str();
  SlotContext Slot{&E, Options};
  if (Error Err = Add(Params, PM, &Slot))
    report_fatal_error(Twine("coroslim: ") + E.Name + ": " +
                           toString(std::move(Err)),
                       /*gen_crash_diag=*/false);
}

/// Adds every pass registered for \p At that runs at \p Level to \p MPM,
/// in table order: consecutive function passes share one
/// module-to-function adaptor, which ends before the next module pass.
void addSlotPasses(Slot At, OptimizationLevel Level, ModulePassManager &MPM,
                   const SharedOptions &Options, bool MayBePostLink = false) {
  FunctionPassManager FPM;
  auto FlushFunctionPasses = [&] {
    if (!FPM.isEmpty())
      MPM.addPass(createModuleToFunctionPassAdaptor(std::move(FPM)));
    FPM = FunctionPassManager();
  };
  for (const PassEntry &E : Passes) {
    if (!runsAt(E, At, Level, MayBePostLink))
      continue;
    if (E.AddModule) {
      FlushFunctionPasses();
      addSlotPass(E, Level, E.AddModule, MPM, Options);
    } else {
      addSlotPass(E, Level, E.AddFunction, FPM, Options);
    }
  }
  FlushFunctionPasses();
}

void addSlotPasses(Slot At, OptimizationLevel Level, FunctionPassManager &FPM,
                   const SharedOptions &Options) {
  for (const PassEntry &E : Passes)
    if (runsAt(E, At, Level) && E.AddFunction)
      addSlotPass(E, Level, E.AddFunction, FPM, Options);
}

constexpr StringLiteral OptionsPassName = "coroslim-options";

/// Where `coroslim-options<...>` stands in a pipeline: it acts when it is
/// parsed (on the PipelineOptions of its PassBuilder) and does nothing when
/// it runs; it prints itself back for -print-pipeline-passes.
class PipelineOptionsPass : public PassInfoMixin<PipelineOptionsPass> {
public:
  explicit PipelineOptionsPass(StringRef Params) : Params(Params.str()) {}
  PreservedAnalyses run(Module &, ModuleAnalysisManager &) {
    return PreservedAnalyses::all();
  }
  void printPipeline(raw_ostream &OS, function_ref<StringRef(StringRef)>) {
    OS << OptionsPassName;
    if (!Params.empty())
      OS << '<' << Params << '>';
  }
  static bool isRequired() { return true; }

private:
  std::string Params;
};

/// Prints why pipeline element \p Text cannot be parsed, once. A parsing
/// callback can only answer yes or no, and PassBuilder asks more than once
/// about one element: it probes the first element at every level before
/// parsing it, and asks each callback of a level in turn. Without this the
/// reason would print once per question.
void reportOnce(StringRef Text, const Twine &Why) {
  static std::string LastReported;
  if (Text == LastReported)
    return;
  LastReported = Text.str();
  errs() << "coroslim: " << Why << "\n";
}

/// The entry whose name \p Text is, with or without `<params>`. The first
/// entry of a name stands for all of them (strip-done-traps fills two
/// slots).
const PassEntry *findEntry(StringRef Text) {
  for (const PassEntry &E : Passes)
    if (PassBuilder::checkParametrizedPassName(Text, E.Name))
      return &E;
  return nullptr;
}

/// Builds the pass that \p Text (`name` or `name<params>`) names into
/// \p PM; reports bad parameters and returns false.
template <typename PassManagerT, typename AdderT>
bool buildEntry(StringRef Text, const PassEntry &E, AdderT Add,
                PassManagerT &PM) {
  StringRef Params = Text.drop_front(E.Name.size());
  if (!Params.empty() &&
      (!Params.consume_front("<") || !Params.consume_back(">")))
    return false;
  if (Error Err = Add(Params, PM, /*Slot=*/nullptr)) {
    reportOnce(Text, E.Name + ": " + toString(std::move(Err)));
    return false;
  }
  return true;
}

/// Reports a coroslim pass named where it cannot run (a module pass inside
/// function(...), anything inside loop(...)); PassBuilder then adds its own
/// "unknown <level> pass" line.
bool wrongLevel(StringRef Text, StringRef Name, bool IsModulePass,
                StringRef Level) {
  reportOnce(Text, Name + " is a " + (IsModulePass ? "module" : "function") +
                       " pass: it cannot run inside " + Level + "(...); " +
                       (IsModulePass ? "put it at the top level of the "
                                       "pipeline or in module(...)"
                                     : "put it in function(...) or at the "
                                       "top level of the pipeline"));
  return false;
}

/// The printer's name, with or without parameters; a bad parameter is
/// reported by the module-level parser, which PassBuilder asks first.
bool isPrinterName(StringRef Text) {
  return Text.consume_front("print<") && Text.consume_back(">") &&
         PassBuilder::checkParametrizedPassName(Text, "coroslim-states");
}

#if COROSLIM_PRINT_OWN_STATS
/// Prints the statistics table when llvm_shutdown destroys it. An LLVM built
/// without assertions (Debian's, rustc's) collects the plugin's statistics
/// under -stats (they are ALWAYS_ENABLED_STATISTICs), but prints only
/// "Statistics are disabled". llvm_shutdown destroys managed
/// statics newest first, so this one, created after LLVM's table (the
/// constructor makes sure of that), prints the table while it still
/// exists, just before LLVM's own line.
struct OwnStatisticsPrinter {
  OwnStatisticsPrinter() { PrintStatistics(nulls()); }
  ~OwnStatisticsPrinter() { PrintStatistics(*CreateInfoOutputFile()); }
};
ManagedStatic<OwnStatisticsPrinter> OwnStatistics;
#endif

void registerCallbacks(PassBuilder &PB) {
#if COROSLIM_PRINT_OWN_STATS
  if (AreStatisticsEnabled())
    *OwnStatistics;
#endif
  PB.registerAnalysisRegistrationCallback(
      [](FunctionAnalysisManager &FAM) { registerCoroShapeAnalyses(FAM); });
  PB.registerAnalysisRegistrationCallback(
      [](ModuleAnalysisManager &MAM) { registerCoroShapeAnalyses(MAM); });
  if (PassInstrumentationCallbacks *PIC =
          PB.getPassInstrumentationCallbacks()) {
    for (const PassEntry &E : Passes)
      PIC->addClassToPassName(E.ClassName, E.Name);
    PIC->addClassToPassName(StatesPrinterPass::name(),
                            "print<coroslim-states>");
  }

  // One per pipeline: coroslim-options in this PassBuilder's pipeline text
  // sets it, the slot passes of its default pipeline read it.
  auto Options = std::make_shared<PipelineOptions>();

  // No coroslim pass carries an inner pipeline: `name(...)` is left to
  // PassBuilder's "invalid use of ... as module pipeline".
  PB.registerPipelineParsingCallback(
      [Options](StringRef Name, ModulePassManager &MPM,
                ArrayRef<PassBuilder::PipelineElement> Inner) {
        if (!Inner.empty())
          return false;
        if (PassBuilder::checkParametrizedPassName(Name, OptionsPassName)) {
          StringRef Params = Name.drop_front(OptionsPassName.size());
          if (!Params.empty() &&
              (!Params.consume_front("<") || !Params.consume_back(">")))
            return false;
          Expected<PipelineOptions> O = parsePipelineOptions(Params);
          if (!O) {
            reportOnce(Name, OptionsPassName + ": " + toString(O.takeError()));
            return false;
          }
          *Options = std::move(*O);
          MPM.addPass(PipelineOptionsPass(Params));
          return true;
        }
        // print<coroslim-states> or print<coroslim-states<json>>.
        StringRef Printer = Name;
        if (Printer.consume_front("print<") && Printer.consume_back(">") &&
            PassBuilder::checkParametrizedPassName(Printer,
                                                   "coroslim-states")) {
          StringRef Params = Printer.drop_front(strlen("coroslim-states"));
          if (!Params.empty() &&
              (!Params.consume_front("<") || !Params.consume_back(">")))
            return false;
          Expected<StatesPrinterPass> P =
              StatesPrinterPass::create(outs(), Params);
          if (!P) {
            reportOnce(Name,
                       "print<coroslim-states>: " + toString(P.takeError()));
            return false;
          }
          MPM.addPass(std::move(*P));
          return true;
        }
        const PassEntry *E = findEntry(Name);
        if (!E)
          return false;
        if (E->AddModule)
          return buildEntry(Name, *E, E->AddModule, MPM);
        FunctionPassManager FPM;
        if (!buildEntry(Name, *E, E->AddFunction, FPM))
          return false;
        MPM.addPass(createModuleToFunctionPassAdaptor(std::move(FPM)));
        return true;
      });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, CGSCCPassManager &CGPM,
         ArrayRef<PassBuilder::PipelineElement> Inner) {
        if (!Inner.empty())
          return false;
        if (isPrinterName(Name))
          return wrongLevel(Name, "print<coroslim-states>", true, "cgscc");
        if (PassBuilder::checkParametrizedPassName(Name, OptionsPassName))
          return wrongLevel(Name, OptionsPassName, true, "cgscc");
        const PassEntry *E = findEntry(Name);
        if (!E)
          return false;
        if (E->AddModule)
          return wrongLevel(Name, E->Name, true, "cgscc");
        FunctionPassManager FPM;
        if (!buildEntry(Name, *E, E->AddFunction, FPM))
          return false;
        CGPM.addPass(createCGSCCToFunctionPassAdaptor(std::move(FPM)));
        return true;
      });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, FunctionPassManager &FPM,
         ArrayRef<PassBuilder::PipelineElement> Inner) {
        if (!Inner.empty())
          return false;
        if (isPrinterName(Name))
          return wrongLevel(Name, "print<coroslim-states>", true, "function");
        if (PassBuilder::checkParametrizedPassName(Name, OptionsPassName))
          return wrongLevel(Name, OptionsPassName, true, "function");
        const PassEntry *E = findEntry(Name);
        if (!E)
          return false;
        if (E->AddModule)
          return wrongLevel(Name, E->Name, true, "function");
        return buildEntry(Name, *E, E->AddFunction, FPM);
      });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, LoopPassManager &LPM,
         ArrayRef<PassBuilder::PipelineElement> Inner) {
        if (!Inner.empty())
          return false;
        if (isPrinterName(Name))
          return wrongLevel(Name, "print<coroslim-states>", true, "loop");
        if (PassBuilder::checkParametrizedPassName(Name, OptionsPassName))
          return wrongLevel(Name, OptionsPassName, true, "loop");
        if (const PassEntry *E = findEntry(Name))
          return wrongLevel(Name, E->Name, E->AddModule != nullptr, "loop");
        return false;
      });

  PB.registerPipelineStartEPCallback(
      [Options](ModulePassManager &MPM, OptimizationLevel Level) {
        addSlotPasses(Slot::PipelineStart, Level, MPM, Options);
      });
  compat::registerPipelineEarlySimplificationEPCallback(
      PB, [Options](ModulePassManager &MPM, OptimizationLevel Level,
                    bool MayBePostLink) {
        addSlotPasses(Slot::EarlySimplification, Level, MPM, Options,
                      MayBePostLink);
      });
  PB.registerScalarOptimizerLateEPCallback(
      [Options](FunctionPassManager &FPM, OptimizationLevel Level) {
        addSlotPasses(Slot::ScalarOptimizerLate, Level, FPM, Options);
      });
  compat::registerOptimizerLastEPCallback(
      PB, [Options](ModulePassManager &MPM, OptimizationLevel Level) {
        addSlotPasses(Slot::OptimizerLast, Level, MPM, Options);
      });
}

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "CoroSlim", COROSLIM_VERSION,
          registerCallbacks};
}
