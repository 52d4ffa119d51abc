# lit configuration for coroslim. See docs/testing.md.
import os
import shutil
import sys

config.name = "coroslim"
config.suffixes = [".ll", ".c", ".cpp", ".test", ".rs"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py.in"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.coroslim_obj_root, "test")

# Two suites (docs/testing.md): `fast` (the `check` target) holds the IR and
# FileCheck tests, well under two minutes on two cores; `e2e` (`check-e2e`)
# the top-level directories below, which build and run programs many times
# over. A new directory is fast unless it is listed here. `--param
# suite=fast|e2e` picks one; `all` (the default, `check-all`) runs both. A
# test named on the command line runs whatever the suite.
E2E_DIRS = {"e2e", "fuzz", "robustness", "bench", "cxx", "rust", "install",
            "closure"}
SUITE = lit_config.params.get("suite", "all")
if SUITE not in ("fast", "e2e", "all"):
    lit_config.fatal(f"unknown suite '{SUITE}' (--param suite=fast|e2e|all)")

# The coroslim package (utils/coroslim) for the format; the tests get it
# through PYTHONPATH (below).
sys.path.insert(0, os.path.join(config.coroslim_src_root, "utils"))
from coroslim.litformat import SuiteShTest  # noqa: E402

config.test_format = SuiteShTest(SUITE, E2E_DIRS, execute_external=False)

tools = config.llvm_tools_dir
if config.sanitized_plugin:
    # The ASan+UBSan plugin loads only into hosts with the ASan runtime
    # preloaded: opt/clang/clang++ run through wrappers (test/CMakeLists.txt)
    # that add it; FileCheck and the rest still come from llvm_tools_dir.
    tools = os.path.join(config.coroslim_obj_root, "sanitize-bin")
    config.environment["COROSLIM_CLANG"] = os.path.join(tools, "clang")
# The scripts and harnesses (utils/coroslim/toolchain.py) use the LLVM the
# build was configured with, not whatever they would find on their own.
config.environment["COROSLIM_LLVM_BIN"] = tools
# The harnesses and the script tests import the coroslim package.
config.environment["PYTHONPATH"] = os.pathsep.join(
    [os.path.join(config.coroslim_src_root, "utils")] +
    ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else []))
config.environment["PATH"] = os.pathsep.join(
    [tools, config.llvm_tools_dir, os.path.join(config.coroslim_src_root, "tools"),
     config.environment.get("PATH", os.environ.get("PATH", ""))])
# Plain -pass-remarks output and diagnostics must not depend on the caller.
config.environment["LC_ALL"] = "C"
config.environment["COROSLIM_PLUGIN"] = config.plugin
config.environment["COROSLIM_BUILD"] = config.coroslim_obj_root
# --param e2e=reduced: the smaller e2e matrix (test/e2e/run_matrix.py) that
# CI runs against LLVM 19 (docs/testing.md, "LLVM versions").
E2E_MATRIX = lit_config.params.get("e2e", "full")
if E2E_MATRIX not in ("full", "reduced"):
    lit_config.fatal(f"unknown e2e matrix '{E2E_MATRIX}' (--param e2e=full|reduced)")
config.environment["COROSLIM_E2E_MATRIX"] = E2E_MATRIX

src = config.coroslim_src_root
# Clang 19 parses -mllvm options before it loads -fpass-plugin plugins, so
# -mllvm -coroslim-* needs the plugin loaded with -Xclang -load as well
# (toolchain.clang_plugin_args, coroslim-cc).
plugin_args = f"-fpass-plugin={config.plugin}"
if config.llvm_version_major < 22:
    plugin_args += f" -Xclang -load -Xclang {config.plugin}"
config.substitutions += [
    ("%opt", f"{tools}/opt -load-pass-plugin={config.plugin}"),
    # The same opt without coroslim: the baseline a "never worse" test
    # compares with.
    ("%plain_opt", f"{tools}/opt"),
    ("%clang_cc", f"{tools}/clang -Xclang -fcoroutines {plugin_args} -I{src}/include"),
    ("%clangxx", f"{tools}/clang++ -std=c++20 {plugin_args}"),
    ("%clang", f"{tools}/clang"),
    # What makes %clang load the plugin and accept -mllvm -coroslim-*.
    ("%load_plugin", plugin_args),
    ("%plugin", config.plugin),
    ("%include", f"{src}/include"),
    ("%coroslim-cc", f"{config.coroslim_obj_root}/tools/coroslim-cc"),
    ("%coroslim-stat", f"{config.coroslim_obj_root}/tools/coroslim-stat"),
    ("%e2e", f"python3 {src}/test/e2e/run_matrix.py"),
    ("%python", "python3"),
    # The LLVM the scripts use (COROSLIM_LLVM_BIN), and the lit running now
    # (test/scripts/suites.test lists the suites).
    ("%llvm_bin", tools),
    ("%llvm_major", str(config.llvm_version_major)),
    ("%lit", f"{sys.executable} {os.path.abspath(sys.argv[0])}"),
    ("%obj_root", config.coroslim_obj_root),
    # test/install: installs the build tree and builds examples/ against it.
    ("%coroslim_obj_root", config.coroslim_obj_root),
    ("%coroslim_src_root", src),
]
# The LLVM the plugin was built against (docs/testing.md, "LLVM versions"):
# `llvm-19` or `llvm-22`. A test that needs one says so with REQUIRES or
# UNSUPPORTED and a comment saying why.
config.available_features.add("llvm-%d" % config.llvm_version_major)
for tool in ("cmake", "pkg-config", "gcc"):
    if shutil.which(tool):
        config.available_features.add(tool)

# Rust tests need rustc and the plugin copy it can load.
if shutil.which("rustc") and os.path.exists(config.rust_plugin):
    config.available_features.add("rustc")
    config.substitutions.append(("%rustc_plugin", config.rust_plugin))
    # -Z llvm-plugins is unstable; RUSTC_BOOTSTRAP lets stable rustc take it.
    config.environment["RUSTC_BOOTSTRAP"] = "1"
    for var in ("HOME", "RUSTUP_HOME", "CARGO_HOME", "RUSTUP_TOOLCHAIN",
                "COROSLIM_CARGO_REGISTRY"):
        if var in os.environ:
            config.environment[var] = os.environ[var]
    # test/rust/crates.test also needs cargo and Debian's crate sources
    # (librust-futures-dev, librust-tokio-dev, ...; utils/coroslim/rust_crates.py).
    from coroslim import rust_crates  # noqa: E402
    if rust_crates.available():
        config.available_features.add("rust-crates")
if config.sanitized_plugin:
    config.available_features.add("sanitized-plugin")
