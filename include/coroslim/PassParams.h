//===- coroslim/PassParams.h - Pass parameters and their flags --*- C++ -*-===//
//
// Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
//
//===----------------------------------------------------------------------===//
//
// One rule per setting for both of its spellings: the `-coroslim-*` flag
// (checked by a cl::parser when the command line is parsed, so that a bad
// value never reaches the default pipeline) and the `name<key=value>` pass
// parameter (checked by the pass's create()). docs/options.md lists every
// setting and its valid values.
//
//===----------------------------------------------------------------------===//

#ifndef COROSLIM_PASSPARAMS_H
#define COROSLIM_PASSPARAMS_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"

#include <climits>
#include <optional>

namespace coroslim {

/// Reads \p Text as a decimal number in [\p Min, \p Max]. The error says
/// what is allowed ("must be 1 or 2, got '3'"), prefixed by \p What (a
/// parameter name) if it is not empty.
llvm::Expected<unsigned> parseUnsigned(llvm::StringRef Text, unsigned Min,
                                       unsigned Max, llvm::StringRef What = "");

/// The parser of an unsigned `-coroslim-*` flag: parseUnsigned's rule, so
/// that the flag and its pass parameter take the same values.
template <unsigned Min, unsigned Max = UINT_MAX>
class UnsignedFlagParser : public llvm::cl::parser<unsigned> {
public:
  using llvm::cl::parser<unsigned>::parser;
  bool parse(llvm::cl::Option &O, llvm::StringRef ArgName, llvm::StringRef Arg,
             unsigned &Value) {
    llvm::Expected<unsigned> N = parseUnsigned(Arg, Min, Max);
    if (!N)
      return O.error(llvm::toString(N.takeError()));
    Value = *N;
    return false;
  }
};

/// One `;`-separated entry of a pass's `<params>`: `release` or
/// `level=2`. Value is empty when there is no `=`.
struct PassParam {
  llvm::StringRef Text;
  llvm::StringRef Key;
  llvm::StringRef Value;
};

/// Splits the `<params>` text of a pass into its entries (none for empty
/// text: the flag defaults). An empty entry is an error, and so are two
/// entries that set the same thing, meaning the same key or keys that
/// \p SettingOf maps to one name (release and no-release): a pass never
/// silently picks one of `level=1;level=2`. A key that \p SettingOf maps to
/// the empty name is a list, and may repeat (`disable=a;disable=b`).
llvm::Expected<llvm::SmallVector<PassParam, 4>> splitPassParams(
    llvm::StringRef Params,
    llvm::function_ref<llvm::StringRef(llvm::StringRef Key)> SettingOf =
        nullptr);

/// Which form of coroutine one instance of a pass takes (`form=`): the
/// default pipeline's slots each take their own (docs/design.md,
/// "Pipeline"); a pass named in a pipeline takes both (`any`).
enum class CoroForm { Any, PreSplit, Lowered };

/// Reads the value of `form=`: `any`, `pre-split` or `lowered`.
llvm::Expected<CoroForm> parseCoroForm(llvm::StringRef Value);
/// The `form=` spelling of \p F.
llvm::StringRef toString(CoroForm F);

} // namespace coroslim

#endif // COROSLIM_PASSPARAMS_H
