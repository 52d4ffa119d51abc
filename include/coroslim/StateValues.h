//===- coroslim/StateValues.h - Values a future's fields hold ---*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// Part of the shared analysis: for a rustc poll function (a LoweredShape
// with rustc's post-completion arms), which way each branch on the future's
// own fields can go, over every poll of the future's life.
//
// rustc's contract (docs/design.md, "Lowered form"): a future is created in
// its unresumed state (discriminant 0), and between two polls nothing but its
// poll function writes it: it is pinned, its drop glue ends its life, and a
// future inlined into its parent lives in the parent's memory, written by
// the parent's poll only. So what the fields hold when a poll starts is what
// some earlier poll left in them when it returned (or unwound), or the
// unresumed state. The solver finds that fixpoint over tuples of the fields
// the function branches on (the dispatch's discriminant, the discriminants of
// child futures inlined into it, their flags), one tuple per path, with
// stores of constants and of phis resolved per incoming edge, and every
// other write that alias analysis cannot rule out making a field unknown.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_STATEVALUES_H
#define COROSLIM_STATEVALUES_H

#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <string>

namespace llvm {
class AAResults;
class Instruction;
} // namespace llvm

namespace coroslim {

struct LoweredShape;

struct StateValueFacts {
  /// A successor of a branch on one of the future's fields that no poll can
  /// take: successor index 0 of a switch is its default, i its case i - 1;
  /// of a conditional branch 0 is the true side.
  struct DeadEdge {
    llvm::Instruction *Branch;
    unsigned Successor;
    int64_t FieldOffset; ///< the field the branch reads, from the future
  };
  llvm::SmallVector<DeadEdge, 8> DeadEdges;
  unsigned FieldsTracked = 0;
  /// Set when the solver gave up (too many fields or tuples): no facts.
  std::string WhyNot;
};

/// Why \p L's function may not be the only code that polls its future, or
/// empty. Its post-completion arms name the async fn's source location, a
/// constant of its own: another function using it holds a copy of the same
/// poll (inlined into two callers, say), whose returns a solve of this one
/// would not see, and whose reads a merge of its states would not rewrite.
std::string whyNotSolePoll(const LoweredShape &L);

/// Why \p L's function may not be solved alone, or empty: whyNotSolePoll,
/// unless the function is a whole poll of its own (its dispatch sends a
/// state to the panic naming the location, it writes its state): then
/// other functions naming the location (instantiations of one generic async
/// fn, clones, copies inlined into a body) make the same transitions on
/// their futures, and the solve holds. Renumbering states needs the
/// stricter whyNotSolePoll.
std::string whyNotWholePoll(const LoweredShape &L);

/// Solves \p L's function (see the file comment). Only for rustc poll
/// functions: the contract above is rustc's, not every function's.
StateValueFacts analyzeStateValues(const LoweredShape &L, llvm::AAResults &AA);

} // namespace coroslim

#endif // COROSLIM_STATEVALUES_H
