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
//    -coroslim-disable.
//
//===----------------------------------------------------------------------===//

#include "coroslim/CPreSplit.h"
#include "coroslim/CoroShapeAnalysis.h"
#include "coroslim/CostModel.h"
#include "coroslim/FoldSuspendFree.h"
#include "coroslim/InlineSingleSuspend.h"
#include "coroslim/LLVMCompat.h"
#include "coroslim/MergeStates.h"
#include "coroslim/StatesPrinter.h"
#include "coroslim/StripDoneTraps.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ManagedStatic.h"
#include "llvm/Support/raw_ostream.h"

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

using ModuleAdder = Error (*)(StringRef Params, ModulePassManager &);
using FunctionAdder = Error (*)(StringRef Params, FunctionPassManager &);

/// Builds PassT from its `<params>` text (empty: command-line defaults).
template <typename PassT, typename PassManagerT>
Error addPass(StringRef Params, PassManagerT &PM) {
  Expected<PassT> P = PassT::create(Params);
  if (!P)
    return P.takeError();
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
};

const PassEntry Passes[] = {
    {"coroslim-c-presplit", CPreSplitPass::name(), Slot::PipelineStart, true,
     addPass<CPreSplitPass, ModulePassManager>, nullptr},
    // merge-states first at EarlySimplification too: an awaited coroutine
    // whose arms await the same callee becomes single-suspend there, so the
    // await passes that follow inline it in the same run (a callee made by
    // merging collapses like any other; test/closure/merged-callee.test).
    {"coroslim-merge-states", MergeStatesPass::name(),
     Slot::EarlySimplification, false, nullptr,
     addPass<MergeStatesPass, FunctionPassManager>, "", true},
    {"coroslim-fold-suspend-free", FoldSuspendFreePass::name(),
     Slot::EarlySimplification, false,
     addPass<FoldSuspendFreePass, ModulePassManager>, nullptr, "", true},
    {"coroslim-inline-single-suspend", InlineSingleSuspendPass::name(),
     Slot::EarlySimplification, false,
     addPass<InlineSingleSuspendPass, ModulePassManager>, nullptr, "", true},
    {"coroslim-strip-done-traps", StripDoneTrapsPass::name(),
     Slot::ScalarOptimizerLate, false, nullptr,
     addPass<StripDoneTrapsPass, FunctionPassManager>, "form=pre-split"},
    {"coroslim-merge-states", MergeStatesPass::name(),
     Slot::ScalarOptimizerLate, false, nullptr,
     addPass<MergeStatesPass, FunctionPassManager>, "", true},
    {"coroslim-strip-done-traps", StripDoneTrapsPass::name(),
     Slot::OptimizerLast, false, nullptr,
     addPass<StripDoneTrapsPass, FunctionPassManager>, "form=lowered"},
};

/// Accepts the registered pass names and `all`; rejects anything else when
/// the command line is parsed, so a typo never silently disables nothing.
class DisableParser : public cl::parser<std::string> {
public:
  using cl::parser<std::string>::parser;
  bool parse(cl::Option &O, StringRef ArgName, StringRef Arg,
             std::string &Value) {
    bool Known = Arg == "all";
    for (const PassEntry &E : Passes) {
      if (E.Name != Arg)
        continue;
      if (E.AlwaysOn)
        return O.error("'" + Arg +
                       "' cannot be disabled: C coroutines do not compile "
                       "without it");
      Known = true;
    }
    if (!Known)
      return O.error("unknown coroslim pass '" + Arg +
                     "' (expected a coroslim pass name or 'all')");
    Value = Arg.str();
    return false;
  }
};

cl::list<std::string, bool, DisableParser> DisabledPasses(
    "coroslim-disable", cl::CommaSeparated, cl::value_desc("pass,..|all"),
    cl::desc("Keep these coroslim passes out of the default pipeline "
             "('all': everything but coroslim-c-presplit)"));

bool isEnabled(const PassEntry &E) {
  if (E.AlwaysOn)
    return true;
  for (const std::string &D : DisabledPasses)
    if (D == "all" || D == E.Name)
      return false;
  return true;
}

/// At -O0 only the passes that make the module compile at all run.
bool runsAt(const PassEntry &E, Slot At, OptimizationLevel Level) {
  return E.At == At && isEnabled(E) &&
         (E.AlwaysOn || Level != OptimizationLevel::O0);
}

/// Adds the pass of \p E with its slot parameters. The flags that feed an
/// empty parameter text are checked when the command line is parsed (their
/// cl::parser applies the parameter's rule), so this cannot fail; were it to,
/// stopping beats running a pipeline silently built without the pass.
template <typename PassManagerT, typename AdderT>
void addSlotPass(const PassEntry &E, OptimizationLevel Level, AdderT Add,
                 PassManagerT &PM) {
  // A pass with a cost model gets the policy of the level (-coroslim-cost).
  std::string Params = E.SlotParams.str();
  if (E.HasCost)
    Params += (Params.empty() ? "cost=" : ";cost=") +
              pipelineCostParam(Level.getSizeLevel()).str();
  if (Error Err = Add(Params, PM))
    report_fatal_error(Twine("coroslim: ") + E.Name + ": " +
                           toString(std::move(Err)),
                       /*gen_crash_diag=*/false);
}

/// Adds every pass registered for \p At that runs at \p Level to \p MPM,
/// in table order: consecutive function passes share one
/// module-to-function adaptor, which ends before the next module pass.
void addSlotPasses(Slot At, OptimizationLevel Level, ModulePassManager &MPM) {
  FunctionPassManager FPM;
  auto FlushFunctionPasses = [&] {
    if (!FPM.isEmpty())
      MPM.addPass(createModuleToFunctionPassAdaptor(std::move(FPM)));
    FPM = FunctionPassManager();
  };
  for (const PassEntry &E : Passes) {
    if (!runsAt(E, At, Level))
      continue;
    if (E.AddModule) {
      FlushFunctionPasses();
      addSlotPass(E, Level, E.AddModule, MPM);
    } else {
      addSlotPass(E, Level, E.AddFunction, FPM);
    }
  }
  FlushFunctionPasses();
}

void addSlotPasses(Slot At, OptimizationLevel Level, FunctionPassManager &FPM) {
  for (const PassEntry &E : Passes)
    if (runsAt(E, At, Level) && E.AddFunction)
      addSlotPass(E, Level, E.AddFunction, FPM);
}

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
  if (Error Err = Add(Params, PM)) {
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

  // No coroslim pass carries an inner pipeline: `name(...)` is left to
  // PassBuilder's "invalid use of ... as module pipeline".
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement> Inner) {
        if (!Inner.empty())
          return false;
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
        if (const PassEntry *E = findEntry(Name))
          return wrongLevel(Name, E->Name, E->AddModule != nullptr, "loop");
        return false;
      });

  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel Level) {
        addSlotPasses(Slot::PipelineStart, Level, MPM);
      });
  compat::registerPipelineEarlySimplificationEPCallback(
      PB, [](ModulePassManager &MPM, OptimizationLevel Level) {
        addSlotPasses(Slot::EarlySimplification, Level, MPM);
      });
  PB.registerScalarOptimizerLateEPCallback(
      [](FunctionPassManager &FPM, OptimizationLevel Level) {
        addSlotPasses(Slot::ScalarOptimizerLate, Level, FPM);
      });
  compat::registerOptimizerLastEPCallback(
      PB, [](ModulePassManager &MPM, OptimizationLevel Level) {
        addSlotPasses(Slot::OptimizerLast, Level, MPM);
      });
}

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "CoroSlim", COROSLIM_VERSION,
          registerCallbacks};
}
