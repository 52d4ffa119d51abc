"""Checks that docs/options.md matches the built plugin.

Usage: check_options_doc.py HELP PIPELINE DOC
  HELP      `opt -load-pass-plugin=... --help-hidden` output
  PIPELINE  `opt -passes='default<O2>' -print-pipeline-passes` output
  DOC       docs/options.md

The flags table lists exactly the -coroslim-* flags opt knows, with the
default the default pipeline prints for the flag's parameter; the
parameters table names every parameter each pass prints.
"""
import re
import sys


def table_rows(doc, heading):
    """The rows (lists of cells) of the first table under `## heading`."""
    section = doc.split("## " + heading + "\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if line.startswith("|") and not line.startswith("| ---"):
            rows.append([c.strip() for c in line.strip("|").split("|")])
    return rows[1:]  # without the header


def main():
    help_text, pipeline, doc = (open(p).read() for p in sys.argv[1:4])
    errors = []

    known = set(re.findall(r"^\s+--(coroslim-[a-z-]+)", help_text, re.M))
    flag_rows = table_rows(doc, "Flags")
    documented = {re.match(r"`-(coroslim-[a-z-]+)", r[0]).group(1): r
                  for r in flag_rows}
    for f in sorted(known - documented.keys()):
        errors.append(f"flag -{f} is not in the Flags table")
    for f in sorted(documented.keys() - known):
        errors.append(f"the Flags table lists -{f}, which opt does not know")

    # name -> {key: value} as the default pipeline prints it.
    printed = {}
    for name, params in re.findall(r"(coroslim-[a-z-]+)<([^>]*)>", pipeline):
        for entry in params.split(";"):
            key, _, value = entry.partition("=")
            printed.setdefault(name, {})[key] = value
    if not printed:
        errors.append("no coroslim pass with parameters in the pipeline")

    for flag, row in documented.items():
        m = re.match(r"`([a-z-]+)=", row[4])
        if not m:
            continue
        key, default = m.group(1), row[3].strip("`")
        # -coroslim-cost=auto picks the policy from the level: speed at O2.
        if default == "auto":
            default = "speed"
        values = [p[key] for p in printed.values() if key in p]
        if values and any(v != default for v in values):
            errors.append(f"-{flag}: the table says default {default}, "
                          f"the pipeline prints {key}={values[0]}")

    param_rows = {r[0].strip("`"): r[1] for r in table_rows(doc, "Pass parameters")}
    for name, params in printed.items():
        for key in params:
            if key == "no-release":
                key = "release"
            if f"`{key}" not in param_rows.get(name, ""):
                errors.append(f"{name}: parameter {key} is not in the "
                              "Pass parameters table")

    for e in errors:
        print("options.md:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
