//===- coroslim/SourceTerms.h - IR positions in source terms ----*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// Remarks are read by people who wrote C, C++ or Rust, not IR: they name
// functions and, where the IR has debug locations (-g), source lines, and
// never IR values such as `%55` or block labels. These helpers say where a
// suspend point or a piece of code is in those terms.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_SOURCETERMS_H
#define COROSLIM_SOURCETERMS_H

#include "coroslim/CoroShape.h"

#include "llvm/IR/BasicBlock.h"
#include "llvm/IR/Instruction.h"

#include <string>

namespace coroslim {

/// " at line L" (" at line L of file.c" when \p I was inlined from another
/// file), or "" when \p I has no debug location.
std::string atLine(const llvm::Instruction &I);

/// "the final suspend", "the initial suspend", "suspend point 2 of 4"
/// (counted in program order among the coroutine's suspends), followed by
/// atLine of its llvm.coro.suspend.
std::string describeSuspend(const PreSplitShape &S, const SuspendPoint &SP);

/// atLine of the first instruction of \p BB that has a debug location.
std::string atLine(const llvm::BasicBlock &BB);

/// "line L" for the first instruction of \p BB with a debug location
/// (atLine without " at "); "a line not known (compile with -g)"
/// otherwise.
std::string describeCode(const llvm::BasicBlock &BB);

/// A function as the user wrote it: @send for a C name, the demangled name
/// (send(int)) for a mangled one.
std::string funcName(const llvm::Function &Fn);

/// What \p I does: "a call of @send", "a load", "a comparison", ...
std::string kindOf(const llvm::Instruction *I);

/// A block: "the code at line L", else "the code starting with <kindOf>".
std::string describeBlock(const llvm::BasicBlock *BB);

/// \p V in source terms: a function, constant, parameter, block or
/// instruction (kindOf + atLine), never its IR name.
std::string describe(const llvm::Value *V);

/// "first", "second", ... "10th", for things without a source line.
std::string ordinal(unsigned N);

} // namespace coroslim

#endif // COROSLIM_SOURCETERMS_H
