# lit configuration for coroslim. See docs/testing.md.
import os
import shutil

import lit.formats

config.name = "coroslim"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".ll", ".c", ".cpp", ".test", ".rs"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py.in"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.coroslim_obj_root, "test")

tools = config.llvm_tools_dir
if config.sanitized_plugin:
    # The ASan+UBSan plugin loads only into hosts with the ASan runtime
    # preloaded: opt/clang/clang++ run through wrappers (test/CMakeLists.txt)
    # that add it; FileCheck and the rest still come from llvm_tools_dir.
    tools = os.path.join(config.coroslim_obj_root, "sanitize-bin")
    config.environment["COROSLIM_CLANG"] = os.path.join(tools, "clang")
    config.environment["COROSLIM_LLVM_BIN"] = tools
config.environment["PATH"] = os.pathsep.join(
    [tools, config.llvm_tools_dir, os.path.join(config.coroslim_src_root, "tools"),
     config.environment.get("PATH", os.environ.get("PATH", ""))])
# Plain -pass-remarks output and diagnostics must not depend on the caller.
config.environment["LC_ALL"] = "C"
config.environment["COROSLIM_PLUGIN"] = config.plugin
config.environment["COROSLIM_BUILD"] = config.coroslim_obj_root

src = config.coroslim_src_root
config.substitutions += [
    ("%opt", f"{tools}/opt -load-pass-plugin={config.plugin}"),
    ("%clang_cc", f"{tools}/clang -Xclang -fcoroutines -fpass-plugin={config.plugin} -I{src}/include"),
    ("%clangxx", f"{tools}/clang++ -std=c++20 -fpass-plugin={config.plugin}"),
    ("%clang", f"{tools}/clang"),
    ("%plugin", config.plugin),
    ("%include", f"{src}/include"),
    ("%coroslim-cc", f"{config.coroslim_obj_root}/tools/coroslim-cc"),
    ("%coroslim-stat", f"{config.coroslim_obj_root}/tools/coroslim-stat"),
    ("%e2e", f"python3 {src}/test/e2e/run_matrix.py"),
    ("%python", "python3"),
    # test/install: installs the build tree and builds examples/ against it.
    ("%coroslim_obj_root", config.coroslim_obj_root),
    ("%coroslim_src_root", src),
]
for tool in ("cmake", "pkg-config", "gcc"):
    if shutil.which(tool):
        config.available_features.add(tool)

# Rust tests need rustc and the plugin copy it can load.
if shutil.which("rustc") and os.path.exists(config.rust_plugin):
    config.available_features.add("rustc")
    config.substitutions.append(("%rustc_plugin", config.rust_plugin))
    # -Z llvm-plugins is unstable; RUSTC_BOOTSTRAP lets stable rustc take it.
    config.environment["RUSTC_BOOTSTRAP"] = "1"
    for var in ("HOME", "RUSTUP_HOME", "CARGO_HOME", "RUSTUP_TOOLCHAIN"):
        if var in os.environ:
            config.environment[var] = os.environ[var]
if config.sanitized_plugin:
    config.available_features.add("sanitized-plugin")
