/*===- coroslim-cc.c - clang-22 wrapper for C coroutines -----------------===*
 *
 * Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.
 *
 *===----------------------------------------------------------------------===*
 *
 * Runs clang 22 with what a C program on coroslim/coro.h needs:
 *
 *   clang -Xclang -fcoroutines -fpass-plugin=<CoroSlim.so> -I<include> ARGS
 *
 * and passes every other argument through unchanged. Options of its own
 * (they must come before the first clang argument or anywhere; they are
 * removed from what clang sees):
 *
 *   --no-opt          only coroslim-c-presplit runs (it is required to
 *                     compile C coroutines at all): adds
 *                     -Xclang -mllvm -Xclang -coroslim-disable=all before
 *                     the other arguments. The baseline of A/B runs.
 *   --coroslim-verbose  print the clang command line to stderr first.
 *   --coroslim-help   print this help.
 *
 * Where things come from (docs/install.md), relative to this executable
 * so that a moved install prefix keeps working:
 *   plugin   $COROSLIM_PLUGIN, else <exe>/../lib/coroslim/CoroSlim.so (an
 *            install), else <exe>/../passes/CoroSlim.so (the build tree);
 *   include  <exe>/../include (an install), else the source tree's
 *            include/ (the build tree; fixed at build time);
 *   clang    $COROSLIM_CLANG, else clang in LLVM 22's bin directory, fixed
 *            at build time (COROSLIM_LLVM_BIN_DIR, the system's LLVM).
 *
 * Missing pieces are reported before clang runs: no plugin, no clang, or a
 * clang that is not the LLVM the plugin was built against (22, or 19; the
 * plugin only loads into that one).
 *
 *===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "coroslim-paths.h"
#include "coroslim/LLVMCompat.h" /* COROSLIM_CLANG_NEEDS_LOAD */

#define DEFAULT_CLANG COROSLIM_LLVM_BIN_DIR "/clang"
#define REQUIRED_MAJOR COROSLIM_LLVM_MAJOR

static const char *Prog = "coroslim-cc";

static void usage(FILE *Out) {
  fprintf(Out,
          "usage: %s [--no-opt] [--coroslim-verbose] <clang arguments>\n"
          "Compiles C coroutines written with coroslim/coro.h: runs clang %d\n"
          "with -Xclang -fcoroutines, the coroslim plugin and the runtime's\n"
          "include directory; every other argument goes to clang.\n"
          "  --no-opt            run only coroslim-c-presplit (baseline)\n"
          "  --coroslim-verbose  print the clang command first\n"
          "environment: COROSLIM_PLUGIN (plugin path), COROSLIM_CLANG "
          "(clang path)\n",
          Prog, REQUIRED_MAJOR);
}

static char *concat(const char *A, const char *B) {
  size_t LA = strlen(A), LB = strlen(B);
  char *R = malloc(LA + LB + 1);
  if (!R) {
    fprintf(stderr, "%s: out of memory\n", Prog);
    exit(1);
  }
  memcpy(R, A, LA);
  memcpy(R + LA, B, LB + 1);
  return R;
}

/* $COROSLIM_PLUGIN, else the plugin of the install or build tree this
 * executable belongs to. */
static const char *findPlugin(const char *Argv0) {
  const char *Env = getenv("COROSLIM_PLUGIN");
  char *Dir;
  char *Path;
  if (Env && *Env) {
    if (access(Env, R_OK) != 0) {
      fprintf(stderr,
              "%s: error: COROSLIM_PLUGIN='%s' is not a readable file (%s)\n",
              Prog, Env, strerror(errno));
      exit(1);
    }
    return Env;
  }
  Dir = coroslimSelfDir(Argv0);
  if (!Dir) {
    fprintf(stderr,
            "%s: error: cannot locate this executable, and with it the "
            "coroslim plugin (set COROSLIM_PLUGIN)\n",
            Prog);
    exit(1);
  }
  Path = coroslimPluginIn(Dir);
  if (!Path) {
    fprintf(stderr,
            "%s: error: the coroslim plugin is missing: neither "
            "%s/" COROSLIM_INSTALL_PLUGIN_REL "/CoroSlim.so (an install) "
            "nor %s/" COROSLIM_BUILD_PLUGIN_REL "/CoroSlim.so (the build "
            "tree) exists (build the CoroSlim target, or set "
            "COROSLIM_PLUGIN)\n",
            Prog, Dir, Dir);
    exit(1);
  }
  free(Dir);
  return Path;
}

/* The directory holding coroslim/coro.h: the install tree's include/ next
 * to this executable, else the source tree this build came from. */
static const char *findInclude(const char *Argv0) {
  char *Path = coroslimIncludeDir(Argv0);
  if (Path)
    return Path;
  fprintf(stderr,
          "%s: error: coroslim/coro.h is missing: neither in "
          "<exe>/" COROSLIM_INSTALL_INCLUDE_REL " (an install) nor in the "
          "source tree this was built from\n",
          Prog);
  exit(1);
}

/* Exits with a clear message unless Clang runs and says it is the LLVM the
 * plugin was built against. */
static void checkClang(const char *Clang) {
  char Cmd[PATH_MAX + 32];
  char Line[512];
  FILE *P;
  int Major = -1;
  const char *V;
  if (access(Clang, X_OK) != 0) {
    fprintf(stderr,
            "%s: error: clang %d not found at '%s' (install clang-%d, or set "
            "COROSLIM_CLANG)\n",
            Prog, REQUIRED_MAJOR, Clang, REQUIRED_MAJOR);
    exit(1);
  }
  if (strchr(Clang, '\'')) {
    fprintf(stderr, "%s: error: unsupported clang path '%s'\n", Prog, Clang);
    exit(1);
  }
  snprintf(Cmd, sizeof(Cmd), "'%s' --version 2>/dev/null", Clang);
  P = popen(Cmd, "r");
  if (P) {
    if (fgets(Line, sizeof(Line), P) && (V = strstr(Line, "version ")))
      Major = atoi(V + strlen("version "));
    while (fgets(Line, sizeof(Line), P))
      ;
    pclose(P);
  }
  if (Major != REQUIRED_MAJOR) {
    fprintf(stderr,
            "%s: error: '%s' is not clang %d (version %d); the coroslim "
            "plugin needs LLVM %d (set COROSLIM_CLANG)\n",
            Prog, Clang, REQUIRED_MAJOR, Major, REQUIRED_MAJOR);
    exit(1);
  }
}

int main(int Argc, char **Argv) {
  const char *Clang = getenv("COROSLIM_CLANG");
  const char *Plugin;
  const char *Include;
  char **Args;
  int NoOpt = 0, Verbose = 0, N = 0, I;

  for (I = 1; I < Argc; ++I)
    if (!strcmp(Argv[I], "--coroslim-help")) {
      usage(stdout);
      return 0;
    }
  if (!Clang || !*Clang)
    Clang = DEFAULT_CLANG;
  checkClang(Clang);
  Plugin = findPlugin(Argv[0]);
  Include = findInclude(Argv[0]);

  /* clang, 4 fixed arguments, 4 for -load, 4 for --no-opt, the rest,
   * NULL. */
  Args = calloc((size_t)Argc + 13, sizeof(char *));
  if (!Args) {
    fprintf(stderr, "%s: out of memory\n", Prog);
    return 1;
  }
  for (I = 1; I < Argc; ++I)
    NoOpt |= !strcmp(Argv[I], "--no-opt");
  Args[N++] = (char *)Clang;
  /* Clang 19 knows -mllvm -coroslim-* only with the plugin -load'ed too. */
  if (COROSLIM_CLANG_NEEDS_LOAD) {
    Args[N++] = "-Xclang";
    Args[N++] = "-load";
    Args[N++] = "-Xclang";
    Args[N++] = (char *)Plugin;
  }
  Args[N++] = "-Xclang";
  Args[N++] = "-fcoroutines";
  Args[N++] = concat("-fpass-plugin=", Plugin);
  Args[N++] = concat("-I", Include);
  /* Before the user's arguments (after a `--` they would be file names),
   * and through -Xclang: the driver does not call that unused when it
   * only links, where a plain -mllvm fails -Werror builds. */
  if (NoOpt) {
    Args[N++] = "-Xclang";
    Args[N++] = "-mllvm";
    Args[N++] = "-Xclang";
    Args[N++] = "-coroslim-disable=all";
  }
  for (I = 1; I < Argc; ++I) {
    if (!strcmp(Argv[I], "--no-opt"))
      continue;
    if (!strcmp(Argv[I], "--coroslim-verbose")) {
      Verbose = 1;
      continue;
    }
    Args[N++] = Argv[I];
  }
  Args[N] = NULL;

  if (Verbose) {
    for (I = 0; I < N; ++I)
      fprintf(stderr, "%s%s", I ? " " : "", Args[I]);
    fputc('\n', stderr);
  }
  execv(Clang, Args);
  fprintf(stderr, "%s: error: cannot run '%s': %s\n", Prog, Clang,
          strerror(errno));
  return 1;
}
