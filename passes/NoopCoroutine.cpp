//===- NoopCoroutine.cpp - The noop coroutine of coroslim-fold-transfer ---===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// coroslim-fold-transfer runs a C++ task from its awaiter and gives it the
// noop coroutine as its continuation, so that the task's final transfer
// returns to the awaiter. llvm.coro.noop cannot serve: CoroEarly lowers it
// and nothing after does. This pass brackets the CGSCC walk: `make` defines
// the frame and keeps it alive through GlobalOpt, `release` lets GlobalDCE
// take it when no rewrite used it.
//
//===----------------------------------------------------------------------===//

#include "coroslim/NoopCoroutine.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;
using namespace coroslim;

namespace {
constexpr StringLiteral FrameName = "coroslim.noop.frame";
} // namespace

GlobalVariable *coroslim::noopCoroutine(Module &M, bool Create) {
  if (GlobalVariable *GV = M.getNamedGlobal(FrameName))
    return GV;
  if (!Create)
    return nullptr;
  LLVMContext &C = M.getContext();
  auto *Ptr = PointerType::getUnqual(C);
  Function *Fn = Function::Create(
      FunctionType::get(Type::getVoidTy(C), {Ptr}, /*isVarArg=*/false),
      GlobalValue::InternalLinkage, "coroslim.noop.fn", M);
  // The convention of every resume function: the task's final transfer
  // calls it as one.
  Fn->setCallingConv(CallingConv::Fast);
  Fn->setDoesNotThrow();
  Fn->setDoesNotAccessMemory();
  Fn->addFnAttr(Attribute::WillReturn);
  ReturnInst::Create(C, BasicBlock::Create(C, "entry", Fn));
  Constant *Init = ConstantStruct::getAnon({Fn, Fn});
  auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                GlobalValue::InternalLinkage, Init, FrameName);
  GV->setAlignment(M.getDataLayout().getPointerABIAlignment(0));
  return GV;
}

PreservedAnalyses NoopCoroutinePass::run(Module &M, ModuleAnalysisManager &) {
  GlobalVariable *Frame = noopCoroutine(M, /*Create=*/false);
  if (!Make) {
    if (!Frame)
      return PreservedAnalyses::all();
    removeFromUsedLists(
        M, [&](Constant *C) { return C->stripPointerCasts() == Frame; });
    return PreservedAnalyses::none();
  }
  Function *AwaitSuspend = M.getFunction("llvm.coro.await.suspend.handle");
  if (Frame || !AwaitSuspend || AwaitSuspend->use_empty())
    return PreservedAnalyses::all();
  appendToCompilerUsed(M, {noopCoroutine(M, /*Create=*/true)});
  return PreservedAnalyses::none();
}

Expected<NoopCoroutinePass> NoopCoroutinePass::create(StringRef Params) {
  if (Params == "make" || Params == "release")
    return NoopCoroutinePass(Params == "make");
  return createStringError("unknown parameter '" + Params +
                           "' (expected make or release)");
}

void NoopCoroutinePass::printPipeline(
    raw_ostream &OS, function_ref<StringRef(StringRef)> MapClassName2PassName) {
  PassInfoMixin<NoopCoroutinePass>::printPipeline(OS, MapClassName2PassName);
  OS << (Make ? "<make>" : "<release>");
}
