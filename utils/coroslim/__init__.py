"""coroslim's Python: what scripts/ and the test harnesses share.

  toolchain     where LLVM 22, the build tree, the plugin and the driver are
                (the one place that locates LLVM; `python3 -m
                coroslim.toolchain` for shell scripts)
  report        the reader of print<coroslim-states<json>>
  plugin        the passes and options a plugin has
  measure       code bytes, callgrind, program output, -ftime-report
  bench         scripts/bench (docs/benchmarks.md)
  figures/      scripts/{fold,inline,trap}-figures
  fuzz/         scripts/fuzz: generator, emitter, runner, reducer, cli
  plugin_equiv  scripts/plugin-equiv
  rust          the Rust builds (plugin configurations, both routes)
  rust_matrix   scripts/rust-matrix (test/rust/matrix.test)
  rust_figures  scripts/rust-figures (docs/rust.md)
  rust_crates   scripts/rust-crates: futures' tests and a tokio program
                (test/rust/crates.test, docs/rust.md)
  litsummary    the "N passed, N failed" line of scripts/test

Entry points put utils/ on sys.path (scripts/*) or get it from lit
(PYTHONPATH, test/lit.cfg.py). Python 3 standard library only (matplotlib,
for bench's plots, is optional).
"""
