//===- Plugin.cpp - Register the coroslim passes --------------------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// Registration only. One table lists every pass with its pipeline slot (see
// DESIGN.md, "Pipeline"); from it the plugin
//  * parses `opt -passes=name<params>`,
//  * maps class names back to pass names so that -print-pipeline-passes
//    output parses again,
//  * inserts the passes into clang's default pipeline, honouring
//    -coroslim-disable.
//
//===----------------------------------------------------------------------===//

#include "coroslim/CPreSplit.h"
#include "coroslim/FoldSuspendFree.h"
#include "coroslim/InlineSingleSuspend.h"
#include "coroslim/MergeStates.h"
#include "coroslim/StatesPrinter.h"
#include "coroslim/StripDoneTraps.h"

#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"
#include "llvm/Support/CommandLine.h"
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
};

const PassEntry Passes[] = {
    {"coroslim-c-presplit", CPreSplitPass::name(), Slot::PipelineStart, true,
     addPass<CPreSplitPass, ModulePassManager>, nullptr},
    {"coroslim-fold-suspend-free", FoldSuspendFreePass::name(),
     Slot::EarlySimplification, false,
     addPass<FoldSuspendFreePass, ModulePassManager>, nullptr},
    {"coroslim-inline-single-suspend", InlineSingleSuspendPass::name(),
     Slot::EarlySimplification, false,
     addPass<InlineSingleSuspendPass, ModulePassManager>, nullptr},
    {"coroslim-strip-done-traps", StripDoneTrapsPass::name(),
     Slot::ScalarOptimizerLate, false, nullptr,
     addPass<StripDoneTrapsPass, FunctionPassManager>, "form=pre-split"},
    {"coroslim-merge-states", MergeStatesPass::name(),
     Slot::ScalarOptimizerLate, false, nullptr,
     addPass<MergeStatesPass, FunctionPassManager>},
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

/// Adds every pass registered for \p At that runs at \p Level to \p MPM.
void addSlotPasses(Slot At, OptimizationLevel Level, ModulePassManager &MPM) {
  FunctionPassManager FPM;
  for (const PassEntry &E : Passes) {
    if (!runsAt(E, At, Level))
      continue;
    if (E.AddModule)
      cantFail(E.AddModule(E.SlotParams, MPM));
    else
      cantFail(E.AddFunction(E.SlotParams, FPM));
  }
  if (!FPM.isEmpty())
    MPM.addPass(createModuleToFunctionPassAdaptor(std::move(FPM)));
}

void addSlotPasses(Slot At, OptimizationLevel Level, FunctionPassManager &FPM) {
  for (const PassEntry &E : Passes)
    if (runsAt(E, At, Level) && E.AddFunction)
      cantFail(E.AddFunction(E.SlotParams, FPM));
}

/// Parses `name` or `name<params>` for entry \p E; prints the reason and
/// returns false on bad parameters (opt then reports the pipeline error).
template <typename PassManagerT, typename AdderT>
bool parseEntry(StringRef Text, const PassEntry &E, AdderT Add,
                PassManagerT &PM) {
  if (!Add || !PassBuilder::checkParametrizedPassName(Text, E.Name))
    return false;
  StringRef Params = Text.drop_front(E.Name.size());
  if (!Params.empty() &&
      (!Params.consume_front("<") || !Params.consume_back(">")))
    return false;
  if (Error Err = Add(Params, PM)) {
    errs() << "coroslim: " << E.Name << ": " << toString(std::move(Err))
           << "\n";
    return false;
  }
  return true;
}

void registerCallbacks(PassBuilder &PB) {
  if (PassInstrumentationCallbacks *PIC =
          PB.getPassInstrumentationCallbacks()) {
    for (const PassEntry &E : Passes)
      PIC->addClassToPassName(E.ClassName, E.Name);
    PIC->addClassToPassName(StatesPrinterPass::name(),
                            "print<coroslim-states>");
  }

  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "print<coroslim-states>") {
          MPM.addPass(StatesPrinterPass(outs()));
          return true;
        }
        for (const PassEntry &E : Passes)
          if (parseEntry(Name, E, E.AddModule, MPM))
            return true;
        return false;
      });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, FunctionPassManager &FPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        for (const PassEntry &E : Passes)
          if (parseEntry(Name, E, E.AddFunction, FPM))
            return true;
        return false;
      });

  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel Level) {
        addSlotPasses(Slot::PipelineStart, Level, MPM);
      });
  PB.registerPipelineEarlySimplificationEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel Level, ThinOrFullLTOPhase) {
        addSlotPasses(Slot::EarlySimplification, Level, MPM);
      });
  PB.registerScalarOptimizerLateEPCallback(
      [](FunctionPassManager &FPM, OptimizationLevel Level) {
        addSlotPasses(Slot::ScalarOptimizerLate, Level, FPM);
      });
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel Level, ThinOrFullLTOPhase) {
        addSlotPasses(Slot::OptimizerLast, Level, MPM);
      });
}

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "CoroSlim", COROSLIM_VERSION,
          registerCallbacks};
}
