//===- SourceTerms.cpp - IR positions in source terms ---------------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// See coroslim/SourceTerms.h.
//
//===----------------------------------------------------------------------===//

#include "coroslim/SourceTerms.h"

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"

#include <cstring>

using namespace llvm;
using namespace coroslim;

std::string coroslim::atLine(const Instruction &I) {
  const DebugLoc &DL = I.getDebugLoc();
  if (!DL || DL.getLine() == 0)
    return "";
  std::string S = " at line " + std::to_string(DL.getLine());
  // An instruction inlined from another file names that file.
  const DISubprogram *Here = I.getFunction()->getSubprogram();
  if (const DIScope *Scope = DL->getScope();
      Scope && Here && Scope->getFilename() != Here->getFilename())
    S += " of " + Scope->getFilename().str();
  return S;
}

std::string coroslim::describeSuspend(const PreSplitShape &S,
                                      const SuspendPoint &SP) {
  std::string Name;
  switch (SP.Kind) {
  case SuspendKind::Final:
    Name = "the final suspend";
    break;
  case SuspendKind::Initial:
    Name = "the initial suspend";
    break;
  default:
    for (unsigned I = 0, E = S.Suspends.size(); I != E; ++I)
      if (S.Suspends[I].Suspend == SP.Suspend)
        Name = "suspend point " + std::to_string(I + 1) + " of " +
               std::to_string(E);
  }
  return Name + atLine(*SP.Suspend);
}

std::string coroslim::atLine(const BasicBlock &BB) {
  for (const Instruction &I : BB)
    if (std::string Line = atLine(I); !Line.empty())
      return Line;
  return "";
}

std::string coroslim::describeCode(const BasicBlock &BB) {
  if (std::string Line = atLine(BB); !Line.empty())
    return Line.substr(strlen(" at "));
  return "a line not known (compile with -g)";
}
