//===- PassParams.cpp - Pass parameters and their flags -------------------===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// The rules shared by every pass's `<params>` parser and its -coroslim-*
// flags (see coroslim/PassParams.h).
//
//===----------------------------------------------------------------------===//

#include "coroslim/PassParams.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/ErrorHandling.h"

using namespace llvm;

Expected<unsigned> coroslim::parseUnsigned(StringRef Text, unsigned Min,
                                           unsigned Max, StringRef What) {
  unsigned N;
  // Radix 10, unlike cl::opt<unsigned>'s radix 0: `010` is ten, and `0x10`
  // is an error, in both spellings.
  if (!Text.getAsInteger(10, N) && N >= Min && N <= Max)
    return N;
  std::string Range;
  if (Max == Min + 1)
    Range = (Twine(Min) + " or " + Twine(Max)).str();
  else if (Max == UINT_MAX)
    Range = ("a whole number of at least " + Twine(Min)).str();
  else
    Range = ("a whole number from " + Twine(Min) + " to " + Twine(Max)).str();
  return createStringError((What.empty() ? Twine() : What + " ") + "must be " +
                           Range + ", got '" + Text + "'");
}

Expected<SmallVector<coroslim::PassParam, 4>>
coroslim::splitPassParams(StringRef Params,
                          function_ref<StringRef(StringRef)> SettingOf) {
  SmallVector<PassParam, 4> Result;
  if (Params.empty())
    return Result;
  SmallVector<StringRef, 4> Entries;
  Params.split(Entries, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/true);
  for (StringRef Text : Entries) {
    if (Text.empty())
      return createStringError(
          "empty parameter (a ';' with nothing before or after it)");
    auto [Key, Value] = Text.split('=');
    StringRef Setting = SettingOf ? SettingOf(Key) : Key;
    for (const PassParam &Earlier : Result)
      if (!Setting.empty() &&
          (SettingOf ? SettingOf(Earlier.Key) : Earlier.Key) == Setting)
        return createStringError("'" + Earlier.Text + "' and '" + Text +
                                 "' both set " + Setting + ": give it once");
    Result.push_back({Text, Key, Value});
  }
  return Result;
}

Expected<coroslim::CoroForm> coroslim::parseCoroForm(StringRef Value) {
  for (CoroForm F : {CoroForm::Any, CoroForm::PreSplit, CoroForm::Lowered})
    if (Value == toString(F))
      return F;
  return createStringError("form must be any, pre-split or lowered, got '" +
                           Value + "'");
}

StringRef coroslim::toString(CoroForm F) {
  switch (F) {
  case CoroForm::Any:
    return "any";
  case CoroForm::PreSplit:
    return "pre-split";
  case CoroForm::Lowered:
    return "lowered";
  }
  llvm_unreachable("unknown CoroForm");
}
