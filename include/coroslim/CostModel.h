//===- coroslim/CostModel.h - Never worse than LLVM alone -------*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// What a coroslim pass predicts, before its first change, about the code
// and frame it would produce, and the policy that turns the prediction
// into a go or a refusal (docs/design.md, "Never worse"). A pass fills a
// CostEstimate with what it adds and removes; refusal() says whether the
// policy forbids it and why, in a sentence that gives every number.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_COSTMODEL_H
#define COROSLIM_COSTMODEL_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>

namespace llvm {
class DataLayout;
class Function;
class Instruction;
class TargetTransformInfo;
class Type;
} // namespace llvm

namespace coroslim {

struct AwaitSite;

/// What a pass may trade. `cost=P` on each pass that has a cost model;
/// -coroslim-cost=auto|size|speed|off for the default pipeline, where auto
/// picks size at -Os/-Oz and speed at -O1..-O3.
enum class CostPolicy {
  Size,  ///< refuse when the predicted code or frame grows
  Speed, ///< refuse when the frame or the resume path grows
  Off,   ///< no cost model: every sound change is made
};

llvm::StringRef toString(CostPolicy P);
llvm::Expected<CostPolicy> parseCostPolicy(llvm::StringRef Text);
/// Reads the `cost=` entry of a pass's parameters into \p Cost: true when
/// \p Key is `cost`, false when it is another key, an error for a value
/// that is not a policy. One rule for every pass with a cost model.
llvm::Expected<bool> takeCostParam(llvm::StringRef Key, llvm::StringRef Value,
                                   CostPolicy &Cost);
/// The policy a pass built without `cost=` uses: the -coroslim-cost flag,
/// with auto read as speed (a pass run by name has no optimisation level).
CostPolicy defaultCostPolicy();
/// The `cost=` text the default pipeline gives a pass at \p SizeLevel
/// (OptimizationLevel::getSizeLevel(): 1 for -Os, 2 for -Oz).
llvm::StringRef pipelineCostParam(unsigned SizeLevel);

/// A prediction. Code is in TTI code-size units (TCK_CodeSize, roughly
/// instructions), frame in bytes, resume path in TTI units on the path a
/// resume runs. Each delta is after minus before; unknown parts are left
/// out by the pass and said in Note.
struct CostEstimate {
  int64_t FrameBytes = 0;
  int64_t CodeAdded = 0, CodeRemoved = 0;
  int64_t ResumePath = 0;
  std::string Note; ///< what the frame figure is made of, for the remark

  int64_t codeDelta() const { return CodeAdded - CodeRemoved; }
  /// Why \p P forbids this change, or nothing.
  std::optional<std::string> refusal(CostPolicy P) const;
};

/// Code an await of another coroutine costs its caller, in instructions:
/// the ramp call, the await loop, the await suspend and the destroys,
/// twice (CoroSplit puts what follows the suspend in the resume and in the
/// destroy/cleanup clones), plus the handle's spill and reload (6). What
/// an await pass saves per await it removes.
int64_t awaitCodeSaved(const AwaitSite &A);
/// Code CoroSplit makes of a coroutine of \p BodySize instructions: its
/// ramp (frame allocation and initialisation) and its resume, destroy and
/// cleanup clones, counted as twice the body plus 30. What an await pass
/// saves when a local callee goes away.
int64_t splitCoroutineCode(unsigned BodySize);
/// Calls of \p Callee from pre-split coroutines: the awaits an await pass
/// may rewrite. \p OnlyThese: nothing else uses \p Callee outside its own
/// body (so a local callee goes once they are all rewritten).
unsigned callsFromCoroutines(const llvm::Function &Callee, bool &OnlyThese);
/// Code of one more state of a coroutine: its index store and its case in
/// the .resume, .destroy and .cleanup dispatch.
constexpr int64_t SplitStateCode = 4;

/// TTI's code-size cost of \p I (1 when TTI does not know).
int64_t codeSize(const llvm::TargetTransformInfo &TTI,
                 const llvm::Instruction &I);
/// Bytes a value of \p Ty takes when CoroFrame spills it.
int64_t frameFieldBytes(const llvm::DataLayout &DL, llvm::Type *Ty);

} // namespace coroslim

#endif // COROSLIM_COSTMODEL_H
