"""The verdict line of scripts/test: "N passed, N failed[, N skipped]",
summed over lit logs (lit -s/-v summaries).

    python3 -m coroslim.litsummary LOG...

exits 1 when a test failed or none passed."""

import re
import sys


def count(text, *names):
    return sum(int(m) for n in names
               for m in re.findall(r"^\s*%s\s*:\s*(\d+)" % n, text, re.M))


def summary(texts):
    text = "\n".join(texts)
    passed = count(text, "Passed", "Expectedly Failed")
    failed = count(text, "Failed", "Unexpectedly Passed", "Timed Out")
    skipped = count(text, "Unsupported", "Skipped", "Excluded")
    return passed, failed, skipped


def main(argv=None):
    texts = []
    for path in (sys.argv[1:] if argv is None else argv):
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                texts.append(f.read())
        except OSError:
            pass  # lit did not run (a failed build): nothing passed.
    passed, failed, skipped = summary(texts)
    line = "%d passed, %d failed" % (passed, failed)
    if skipped:
        line += ", %d skipped" % skipped
    print(line)
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
