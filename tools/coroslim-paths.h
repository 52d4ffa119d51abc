/* coroslim-paths.h - where a coroslim tool finds the plugin and coro.h.
 *
 * Part of coroslim. Shared by coroslim-cc and coroslim-stat (one file each;
 * this header is their only shared code). Ground rules:
 *  - the plugin and the runtime header are found relative to the running
 *    executable, so a build tree and an install tree work, moved or not,
 *    with no environment (docs/install.md):
 *      plugin: <exe dir>/../lib/coroslim/CoroSlim.so (an install), else
 *              <exe dir>/../passes/CoroSlim.so (the build tree);
 *      header: <exe dir>/../include/coroslim/coro.h (an install), else the
 *              source tree this build came from;
 *  - only LLVM's bin directory (the system's LLVM 22) is absolute;
 *  - the functions return malloc'ed paths or NULL and print nothing: each
 *    tool words its own errors.
 * The macros are set by tools/CMakeLists.txt; the defaults here are its
 * values for the default layout. */

#ifndef COROSLIM_PATHS_H
#define COROSLIM_PATHS_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef COROSLIM_LLVM_BIN_DIR
#define COROSLIM_LLVM_BIN_DIR "/usr/lib/llvm-22/bin"
#endif
/* The LLVM major version the plugin was built against: the only one whose
 * clang loads it. */
#ifndef COROSLIM_LLVM_MAJOR
#define COROSLIM_LLVM_MAJOR 22
#endif
#ifndef COROSLIM_INSTALL_PLUGIN_REL
#define COROSLIM_INSTALL_PLUGIN_REL "../lib/coroslim"
#endif
#ifndef COROSLIM_INSTALL_INCLUDE_REL
#define COROSLIM_INSTALL_INCLUDE_REL "../include"
#endif
#ifndef COROSLIM_BUILD_PLUGIN_REL
#define COROSLIM_BUILD_PLUGIN_REL "../passes"
#endif
#ifndef COROSLIM_SOURCE_INCLUDE_DIR
#define COROSLIM_SOURCE_INCLUDE_DIR ""
#endif

/* The directory of this executable (from /proc/self/exe, else argv[0]),
 * malloc'ed, or NULL. */
static char *coroslimSelfDir(const char *Argv0) {
  char *Path = realpath("/proc/self/exe", NULL);
  char *Slash;
  if (!Path && strchr(Argv0, '/'))
    Path = realpath(Argv0, NULL);
  if (!Path)
    return NULL;
  Slash = strrchr(Path, '/');
  if (!Slash) {
    free(Path);
    return NULL;
  }
  *Slash = '\0';
  return Path;
}

/* Dir/Rel/Leaf, canonical and malloc'ed, if it exists; else NULL. */
static char *coroslimExistingPath(const char *Dir, const char *Rel,
                                  const char *Leaf) {
  size_t N = strlen(Dir) + strlen(Rel) + strlen(Leaf) + 2;
  char *P = malloc(N);
  char *Real;
  if (!P)
    return NULL;
  snprintf(P, N, "%s/%s%s", Dir, Rel, Leaf);
  Real = realpath(P, NULL);
  free(P);
  return Real;
}

/* The plugin of the install or build tree that \p Dir (the executable's
 * directory) belongs to, or NULL. */
static char *coroslimPluginIn(const char *Dir) {
  char *P = coroslimExistingPath(Dir, COROSLIM_INSTALL_PLUGIN_REL,
                                 "/CoroSlim.so");
  if (!P)
    P = coroslimExistingPath(Dir, COROSLIM_BUILD_PLUGIN_REL, "/CoroSlim.so");
  return P;
}

/* The directory holding coroslim/coro.h: the install tree's include/ next
 * to this executable, else the source tree of this build, else NULL. */
static char *coroslimIncludeDir(const char *Argv0) {
  char *Dir = coroslimSelfDir(Argv0);
  char *P = Dir ? coroslimExistingPath(Dir, COROSLIM_INSTALL_INCLUDE_REL,
                                       "/coroslim/coro.h")
                : NULL;
  free(Dir);
  if (P) {
    *strrchr(P, '/') = '\0'; /* .../coroslim */
    *strrchr(P, '/') = '\0'; /* the include directory */
    return P;
  }
  if (*COROSLIM_SOURCE_INCLUDE_DIR &&
      access(COROSLIM_SOURCE_INCLUDE_DIR "/coroslim/coro.h", R_OK) == 0)
    return strdup(COROSLIM_SOURCE_INCLUDE_DIR);
  return NULL;
}

#endif /* COROSLIM_PATHS_H */
