//===- coroslim/StripDoneTrapsImpl.h - strip-done-traps' parts --*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// What passes/StripDoneTraps.cpp (the driver, the pre-split form, the remarks)
// and passes/StripDoneTrapsLowered.cpp (the lowered form: rustc poll
// functions and LLVM's .resume clones) share. Not a public interface: only
// those two files include it.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_STRIPDONETRAPSIMPL_H
#define COROSLIM_STRIPDONETRAPSIMPL_H

#include "coroslim/CoroShape.h"
#include "coroslim/CoroShapeAnalysis.h"
#include "coroslim/StripDoneTraps.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Support/InstructionCost.h"

#include <string>

namespace coroslim {
namespace stripdonetraps {

/// The attribute that the pre-split form puts on a coroutine whose
/// completion point now re-suspends: CoroSplit copies it to the .resume
/// clone, where lowerResuspended weights the case that does nothing (and
/// outside optsize makes it return at once).
inline constexpr const char *ResuspendAttr = "coroslim-done-resuspend";

llvm::StringRef modeName(DoneResume M);

/// The name of what \p Trap calls, for remarks.
std::string calleeName(const llvm::CallBase &Trap);

/// A call of a function whose only job is to report a resume after
/// completion (…resumed_after_completion, rustc's panics).
bool isDoneReporter(const llvm::CallBase &CB);

/// Why the trap reached from \p BB is not a post-completion trap (\p Why),
/// and the trap; null when there is none to explain.
const llvm::CallBase *explainRefusal(llvm::BasicBlock *BB,
                                     const llvm::Value *StateBase,
                                     int64_t StateOffset, std::string &Why);

/// Drops \p From from \p Old's phis when \p From no longer branches to it.
void dropStalePhiEntries(llvm::BasicBlock *From, llvm::BasicBlock *Old);

/// The switch case of \p State in the dispatch \p SI, or its default.
llvm::SwitchInst::CaseIt stateCase(llvm::SwitchInst &SI, uint64_t State);

/// Appends the successor indices of \p L's dispatch that lead to case \p C.
bool caseSuccessors(const LoweredShape &L, const LoweredShape::Case &C,
                    llvm::SmallVectorImpl<unsigned> &Succs);

std::string costText(const llvm::InstructionCost &C);

/// TTI's code size of the trap paths entered at \p Entries from \p Sources.
llvm::InstructionCost
trapPathCost(llvm::ArrayRef<llvm::BasicBlock *> Entries,
             const llvm::SmallPtrSetImpl<llvm::BasicBlock *> &Sources,
             const llvm::TargetTransformInfo &TTI);

/// Whether no other rustc poll function calls \p F directly.
bool isOutermostPoll(const llvm::Function &F);

/// One run of the pass over one function.
class Stripper {
public:
  Stripper(llvm::Function &F, StripDoneTrapsPass::Options Opts,
           const CoroShapeInfo &Shape, llvm::OptimizationRemarkEmitter &ORE,
           llvm::FunctionAnalysisManager &AM)
      : F(F), Opts(Opts), Shape(Shape), ORE(ORE), AM(AM) {}

  bool run();

private:
  llvm::Function &F;
  StripDoneTrapsPass::Options Opts;
  const CoroShapeInfo &Shape;
  llvm::OptimizationRemarkEmitter &ORE;
  llvm::FunctionAnalysisManager &AM;
  /// Reporter calls explained by a remark already (handled or refused).
  llvm::SmallPtrSet<const llvm::CallBase *, 8> Explained;
  unsigned Removed = 0;

  bool runPreSplit(PreSplitShape &S);
  // The lowered form (StripDoneTrapsLowered.cpp).
  bool runLowered(LoweredShape &L, bool RustPoll);
  /// Refuses, with a remark each, the dispatch cases and the default of
  /// \p L that trap but are no post-completion arm.
  void reportRefusedArms(const LoweredShape &L, bool RustPoll);
  bool lowerResuspended(const LoweredShape &L);
  /// Whether the trap call of a dispatch case is a post-completion arm:
  /// rustc's panics in a poll, any known reporter in a .resume clone.
  bool isPostCompletionArm(const llvm::CallBase &Trap, bool RustPoll) const;
  void reportBodyTraps();

  // Remarks and the statistics that go with them (StripDoneTraps.cpp).
  void missed(llvm::StringRef Id, const llvm::Instruction *At,
              const llvm::Twine &Msg);
  /// A post-completion trap left in place: the flag is off, or removing
  /// it here would not be right (\p Why).
  void keptTrap(const llvm::CallBase &Trap, const llvm::Twine &Where,
                const llvm::Twine &Why = "-coroslim-release is off");
  void removedTrap(const llvm::CallBase &Trap, const llvm::Twine &Where,
                   const llvm::Twine &Effect);
  void refusedTrap(const llvm::CallBase &Trap, const llvm::Twine &Where,
                   const llvm::Twine &Why);
  /// Counts \p N traps kept for want of a pending value (NoPendingValue).
  void countNoPendingValue(unsigned N);
  /// Counts \p N re-suspending completion points whose .resume case now
  /// returns at once.
  void countDoneReturns(unsigned N);
};

} // namespace stripdonetraps
} // namespace coroslim

#endif // COROSLIM_STRIPDONETRAPSIMPL_H
