//===- coroslim/CoroShapeAnalysis.h - Cached coroutine facts ----*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// The analyses through which every coroslim pass and print<coroslim-states>
// read coroutines, so that each fact is worked out once and cached by the
// analysis managers until the IR it describes changes:
//
//  * CoroShapeAnalysis (function): the function's shape (CoroShape.h) as a
//    pre-split coroutine or as a lowered state machine, and, for a
//    pre-split coroutine, its CalleeSummary: what the two await passes
//    need to know about it as an awaited callee (its suspend points,
//    completion point, promise layout, allocation, frame free, size and
//    intrinsics, and the reason it cannot be awaited-and-rewritten at all).
//  * CoroutineGraphAnalysis (module): the pre-split coroutines of the
//    module and which one calls which one's ramp (CoroutineOrder), for the
//    bottom-up walk of the module passes and their recursion test.
//
// Facts are stated here; the decisions (what each pass accepts) stay in the
// passes, which read the facts in the order their remarks need. The one
// exception is the table of coroutine intrinsics (coroIntrinsicRule): both
// await passes read it, so that how they differ is written in one place.
//
// A module pass that changes a function must invalidate that function's
// results (FunctionAnalysisManager::invalidate) before asking again, and
// clear them (FunctionAnalysisManager::clear) before deleting it.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_COROSHAPEANALYSIS_H
#define COROSLIM_COROSHAPEANALYSIS_H

#include "coroslim/AwaitRewrite.h"
#include "coroslim/CoroShape.h"

#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/PassManager.h"

#include <memory>
#include <optional>
#include <string>

namespace coroslim {

/// The two passes that rewrite an await of a coroutine.
enum class AwaitPass { Fold, Inline };

/// Whether an awaited coroutine may use coroutine intrinsic \p ID for the
/// rewrite of \p P: the one allow-list of both await passes. Any
/// `llvm.coro.*` intrinsic not listed (the C++ await.suspend helpers, the
/// async and retcon ABIs' intrinsics, coro.end.results, ...) is refused by
/// both. See the table in docs/design.md, "Callee summary".
bool allowsCoroIntrinsic(AwaitPass P, llvm::Intrinsic::ID ID);

/// What the await passes need to know about a pre-split coroutine as the
/// callee of an await, independent of any await of it.
struct CalleeSummary {
  /// Why no await of this coroutine can be rewritten, whatever the pass
  /// and however it is awaited: it is variadic, optnone, or may be
  /// replaced at link time. Empty when none of these applies.
  std::string Refusal;

  /// Its initial suspend (null: it does not start lazily) and internal
  /// suspend points.
  const SuspendPoint *Initial = nullptr;
  llvm::SmallVector<const SuspendPoint *, 2> Internal;
  /// Its one completion point; std::nullopt with CompletionRefusal when
  /// there is none or it cannot be read (findCompletion).
  std::optional<Completion> Done;
  std::string CompletionRefusal;

  /// Empty when the frame allocation goes with the frame
  /// (allocationGoesWithFrame); otherwise why not.
  std::string AllocationRefusal;
  /// The promise and every access to it; std::nullopt with PromiseRefusal
  /// when a frame or promise address escapes (analyzePromise).
  std::optional<PromiseLayout> Promise;
  std::string PromiseRefusal;

  /// Empty when every free of its frame either tests llvm.coro.free for
  /// null first or passes it to a deallocator that does nothing with null
  /// (deallocationNullTolerance); otherwise why not, naming the
  /// deallocator. Once the frame is gone llvm.coro.free returns null, so
  /// only then may the callee's cleanup still run.
  std::string FreeRefusal;

  /// Instructions in the body (debug records are not instructions).
  unsigned Size = 0;
  /// Of Size, those that exist only because the body is a coroutine and
  /// that no copy of it in a caller keeps: llvm.coro.* calls, promise
  /// loads, stores and address computations, and the blocks that allocate
  /// and free the frame. The cost models subtract them from a clone.
  unsigned MachinerySize = 0;
  /// The first call of each coroutine intrinsic the body uses.
  llvm::SmallVector<llvm::IntrinsicInst *, 8> CoroIntrinsics;
  /// llvm.coro.end on an unwind path, or with results.
  bool EndsOnUnwind = false;
  /// Every llvm.coro.end is a plain one (not unwind, no results) right
  /// before a `ret`.
  bool EndsArePlainReturns = true;
  /// The i1 result of an llvm.coro.end is used (LLVM 19 only;
  /// compat::coroEndResultIsUsed).
  bool UsesCoroEndResult = false;
  /// llvm.coro.promise(..., from=true) somewhere in the body.
  bool GoesFromPromiseToFrame = false;
  /// Exception handling, invoke, callbr or indirectbr.
  bool HasEHOrIndirectBranch = false;
  bool HasDynamicAlloca = false;
  bool HasMustTailCall = false;

  unsigned internalSuspends() const { return Internal.size(); }
  /// The first coroutine intrinsic of the body that \p P does not allow,
  /// or null.
  llvm::IntrinsicInst *firstDisallowedIntrinsic(AwaitPass P) const;
};

/// The cached result of CoroShapeAnalysis for one function.
class CoroShapeInfo {
public:
  /// The pre-split switch-ABI coroutine, or null (whyNotPreSplit says why).
  const PreSplitShape *preSplit() const { return PreSplit.get(); }
  llvm::StringRef whyNotPreSplit() const { return WhyNotPreSplit; }
  /// The lowered state machine (only looked for when the function is not a
  /// pre-split coroutine), or null (whyNotLowered says why).
  const LoweredShape *lowered() const { return Lowered ? &*Lowered : nullptr; }
  llvm::StringRef whyNotLowered() const { return WhyNotLowered; }
  /// The function as an awaited callee; null unless it is pre-split.
  const CalleeSummary *asCallee() const { return PreSplit ? &Callee : nullptr; }

private:
  friend class CoroShapeAnalysis;
  // No invalidate(): the default, kept only when a pass says it preserved
  // this analysis or everything, is right (the facts point into the IR).
  // On the heap: the summary points into its suspend points, and the
  // result is moved into the analysis manager.
  std::unique_ptr<PreSplitShape> PreSplit;
  std::string WhyNotPreSplit;
  std::optional<LoweredShape> Lowered;
  std::string WhyNotLowered;
  CalleeSummary Callee;
};

/// Function analysis: the CoroShapeInfo of a function.
class CoroShapeAnalysis : public llvm::AnalysisInfoMixin<CoroShapeAnalysis> {
  friend llvm::AnalysisInfoMixin<CoroShapeAnalysis>;
  static llvm::AnalysisKey Key;

public:
  using Result = CoroShapeInfo;
  Result run(llvm::Function &F, llvm::FunctionAnalysisManager &FAM);
};

/// Module analysis: the module's pre-split coroutines, callees first.
class CoroutineGraphAnalysis
    : public llvm::AnalysisInfoMixin<CoroutineGraphAnalysis> {
  friend llvm::AnalysisInfoMixin<CoroutineGraphAnalysis>;
  static llvm::AnalysisKey Key;

public:
  using Result = CoroutineOrder;
  Result run(llvm::Module &M, llvm::ModuleAnalysisManager &) {
    return CoroutineOrder(M);
  }
};

/// The CoroShapeInfo of \p F, as every coroslim pass asks for it. A cached
/// result is checked for the one fact it takes from other functions: that
/// the callee of each await is still a pre-split coroutine. (The analysis
/// manager drops a function's results when that function changes, not
/// when a callee does: CoroSplit splits callees before their callers.) A
/// stale result is computed again.
const CoroShapeInfo &getCoroShape(llvm::Function &F,
                                  llvm::FunctionAnalysisManager &FAM);

/// Registers both analyses (the plugin's analysis registration callbacks).
void registerCoroShapeAnalyses(llvm::FunctionAnalysisManager &FAM);
void registerCoroShapeAnalyses(llvm::ModuleAnalysisManager &MAM);

} // namespace coroslim

#endif // COROSLIM_COROSHAPEANALYSIS_H
