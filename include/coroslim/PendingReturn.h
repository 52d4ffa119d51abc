//===- coroslim/PendingReturn.h - What a suspending return gives -*- C++
//-*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// For a lowered state machine (a LoweredShape): what the function gives its
// caller when it suspends, proven from its own pending returns, and a block
// that gives the same. strip-done-traps' `return` mode makes a resume after
// completion take that block: the caller sees an ordinary pending resume
// (rustc: Poll::Pending).
//
// A pending return is a `ret` paired with a state, stored on the way, whose
// dispatch case resumes the body; a completing return stores a trapping
// state. The function's result is either its return value, or for a
// function returning through an sret pointer (rustc's large Poll<T>), the
// constants stored into that pointer in the block that returns and the block
// that branches to it; there every write of the sret memory must be such a
// store, so that those stores are the whole result a path gives.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_PENDINGRETURN_H
#define COROSLIM_PENDINGRETURN_H

#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace llvm {
class Argument;
class BasicBlock;
class Constant;
} // namespace llvm

namespace coroslim {

struct LoweredShape;

/// What every pending return of a function gives its caller.
struct PendingReturn {
  /// The argument the result is stored through (sret, or LoweredShape's
  /// Result), or null when the function returns its result.
  llvm::Argument *Sret = nullptr;
  /// The returned constant (one entry at offset 0; none for `ret void`),
  /// or the constants stored through Sret, by offset.
  llvm::SmallVector<std::pair<int64_t, llvm::Constant *>, 2> Parts;
  /// Set when no return of the function suspends and Parts is the other
  /// value of its two-valued result (PendingProof::ReturnsOrType).
  bool FromType = false;
};

/// Which proofs provePendingReturn may use.
enum class PendingProof {
  /// Only the function's own pending returns.
  Returns,
  /// Also, for a rustc poll that never suspends (an async block without an
  /// await), its result's type: an `i1` Poll has exactly two values, and
  /// every return gives Ready's. Sound only while every return still gives
  /// that constant: before IPSCCP, which replaces a result no caller reads
  /// with poison after folding the constant into the callers (so a
  /// Pending would then be read as Ready). strip-done-traps uses it in
  /// its EarlySimplification slot only.
  ReturnsOrType,
};

/// Proves what \p L's function gives when it suspends: all pending returns
/// give the same constants, no completing return gives them, every return
/// is classified. With \p Why otherwise. A function returning `void` with
/// no sret result (a .resume clone) gives nothing, with no proof needed.
/// \p Proof ReturnsOrType adds the proof from the result's type.
std::optional<PendingReturn>
provePendingReturn(const LoweredShape &L, std::string &Why,
                   PendingProof Proof = PendingProof::Returns);

/// A new block at the end of the function that gives \p P and returns.
llvm::BasicBlock *emitPendingReturn(const PendingReturn &P,
                                    const LoweredShape &L);

} // namespace coroslim

#endif // COROSLIM_PENDINGRETURN_H
