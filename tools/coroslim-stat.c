/*===- coroslim-stat.c - Per-coroutine report for a source or IR file -----===*\
|*                                                                            *|
|* Part of coroslim, an out-of-tree LLVM pass plugin. See README.md.          *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* coroslim-stat [-O<level>] [--no-opt] [--json] [--plugin=PATH]             *|
|*               [--target=TRIPLE] [-I dir] [-D name[=val]] [-mllvm arg]     *|
|*               [-v] file                                                    *|
|*                                                                            *|
|* Prints one row per coroutine of a C (.c), C++ (.cpp/.cc/.cxx), IR (.ll,   *|
|* .bc) or saved report (.json) file: its suspend points by kind, the states *|
|* of its lowered dispatch, its frame bytes, the code bytes of ramp +        *|
|* .resume + .destroy + .cleanup, and which coroslim passes could act on it. *|
|* See docs/coroslim-stat.md.                                                *|
|*                                                                            *|
|* How: the numbers come from the plugin's own analysis, never from a second *|
|* matcher in this file.                                                     *|
|*  1. pre-split IR: clang (clang++ -std=c++20) -disable-llvm-passes for a   *|
|*     source; for .ll/.bc the module is parsed and verified here through    *|
|*     the LLVM-C API, so a bad input ends in one line of error instead of   *|
|*     an opt backtrace;                                                     *|
|*  2. opt with the plugin: a light normalisation, then                      *|
|*     print<coroslim-states<json>> gives the suspend points, awaits and     *|
|*     `could` hints, and says when the IR is half lowered;                  *|
|*  3. opt with the plugin: default<On> (coroslim on, or off for --no-opt),   *|
|*     then print<coroslim-states<json>> gives frame bytes and states;       *|
|*  4. the optimised module is compiled in-process (LLVM-C TargetMachine) and *|
|*     the symbol sizes of the object give the code bytes.                   *|
|* The report is JSON (schema: docs/architecture.md), read by the small     *|
|* recursive-descent reader below. Subprocesses are started with posix_spawn *|
|* (no shell, so any file name is safe); temporary files come from mkstemp   *|
|* and are removed on every exit, including fatal LLVM errors and            *|
|* SIGINT/SIGTERM/SIGHUP.                                                    *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/BitWriter.h>
#include <llvm-c/Core.h>
#include <llvm-c/ErrorHandling.h>
#include <llvm-c/IRReader.h>
#include <llvm-c/Object.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

extern char **environ;

#include "coroslim-paths.h"
#include "coroslim/LLVMCompat.h" /* coroslimParseIR */

#define PROG "coroslim-stat"

/*===----------------------------------------------------------------------===*/
/* Temporary files and exits                                                  */
/*===----------------------------------------------------------------------===*/

/* Registered temporary files. The signal handler reads this table, so it is
 * a fixed array written before the count is bumped. */
enum { MaxTemps = 8 };
static char TempPaths[MaxTemps][PATH_MAX];
static volatile sig_atomic_t NumTemps;

/* The input as the user named it: every error line starts with it. */
static const char *InputName = "";

/* The running subprocess, if any: a signal handler stops it first, so that
 * it cannot recreate an output file after the file was removed. */
static volatile pid_t ChildPid;

static void stopChild(void) {
  pid_t Pid = ChildPid;
  if (Pid > 0) {
    kill(Pid, SIGTERM);
    waitpid(Pid, NULL, 0);
  }
}

static void removeTemps(void) {
  for (sig_atomic_t I = 0; I < NumTemps; ++I)
    unlink(TempPaths[I]);
  NumTemps = 0;
}

static void onSignal(int Sig) {
  stopChild();
  removeTemps();
  signal(Sig, SIG_DFL);
  raise(Sig);
}

/* A crash inside libLLVM (whose readers are not hardened against every
 * input) still ends in one line and no temporaries. Async-signal-safe calls
 * only. */
static void onCrash(int Sig) {
  static const char Head[] = PROG ": ";
  static const char Tail[] = ": internal error (crashed in LLVM); please "
                             "report with this input\n";
  stopChild();
  removeTemps();
  if (write(2, Head, sizeof Head - 1) < 0 ||
      write(2, InputName, strlen(InputName)) < 0 ||
      write(2, Tail, sizeof Tail - 1) < 0) {
    /* Nothing left to do. */
  }
  signal(Sig, SIG_DFL);
  raise(Sig);
}

/* Prints "coroslim-stat: <msg>" as exactly one line (anything after the
 * first newline of a message is dropped) and exits with \p Code. */
static void vdie(int Code, const char *Fmt, va_list Ap) {
  char Buf[1024];
  vsnprintf(Buf, sizeof Buf, Fmt, Ap);
  Buf[strcspn(Buf, "\r\n")] = '\0';
  fflush(stdout);
  fprintf(stderr, PROG ": %s\n", Buf);
  removeTemps();
  exit(Code);
}

static void die(const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  vdie(1, Fmt, Ap);
  va_end(Ap);
}

static void usageError(const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  char Buf[512];
  vsnprintf(Buf, sizeof Buf, Fmt, Ap);
  va_end(Ap);
  fprintf(stderr, PROG ": %s (try --help)\n", Buf);
  exit(2);
}

/* LLVM calls this for report_fatal_error; the default would print a
 * multi-line message and leave our temporaries behind. */
static void onFatalLLVMError(const char *Reason) {
  die("%s: LLVM error: %s", InputName, Reason);
}

static void *xmalloc(size_t N) {
  void *P = malloc(N ? N : 1);
  if (!P)
    die("out of memory");
  return P;
}

static char *xstrndup(const char *S, size_t N) {
  char *P = xmalloc(N + 1);
  memcpy(P, S, N);
  P[N] = '\0';
  return P;
}

static char *xstrdup(const char *S) { return xstrndup(S, strlen(S)); }

/* Creates an empty temporary file in $TMPDIR (or /tmp) and registers it for
 * removal. */
static const char *makeTemp(void) {
  if (NumTemps == MaxTemps)
    die("internal error: too many temporary files");
  const char *Dir = getenv("TMPDIR");
  if (!Dir || !*Dir)
    Dir = "/tmp";
  char *Slot = TempPaths[NumTemps];
  if (snprintf(Slot, PATH_MAX, "%s/" PROG ".XXXXXX", Dir) >= PATH_MAX)
    die("TMPDIR is too long");
  /* Block signals while the file exists but is not yet registered. */
  sigset_t All, Old;
  sigfillset(&All);
  sigprocmask(SIG_BLOCK, &All, &Old);
  int FD = mkstemp(Slot);
  if (FD >= 0)
    NumTemps = NumTemps + 1;
  sigprocmask(SIG_SETMASK, &Old, NULL);
  if (FD < 0)
    die("cannot create a temporary file in %s: %s", Dir, strerror(errno));
  close(FD);
  return Slot;
}

/* Reads a whole (text) file; NUL-terminated. */
static char *readFile(const char *Path, size_t *Len) {
  FILE *F = fopen(Path, "rb");
  if (!F)
    die("%s: %s", Path, strerror(errno));
  size_t Cap = 4096, N = 0;
  char *Buf = xmalloc(Cap);
  for (;;) {
    if (N + 1 >= Cap) {
      Cap *= 2;
      char *New = realloc(Buf, Cap);
      if (!New)
        die("out of memory");
      Buf = New;
    }
    size_t Got = fread(Buf + N, 1, Cap - N - 1, F);
    N += Got;
    if (Got == 0)
      break;
  }
  fclose(F);
  Buf[N] = '\0';
  if (Len)
    *Len = N;
  return Buf;
}

/*===----------------------------------------------------------------------===*/
/* Subprocesses                                                               */
/*===----------------------------------------------------------------------===*/

static int Verbose;

struct Result {
  int Exited;   /* normal exit: status in Code */
  int Code;     /* exit status, or the signal number */
  char *Err;    /* captured stderr */
};

/* Runs Argv[0] (an absolute path) with stdin from /dev/null, stdout into
 * \p OutPath (or /dev/null) and stderr captured. */
static struct Result run(char *const Argv[], const char *OutPath,
                         const char *ErrPath) {
  if (Verbose) {
    for (char *const *A = Argv; *A; ++A)
      fprintf(stderr, "%s%s", A == Argv ? "" : " ", *A);
    fprintf(stderr, "\n");
  }
  posix_spawn_file_actions_t FA;
  posix_spawn_file_actions_init(&FA);
  posix_spawn_file_actions_addopen(&FA, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&FA, 1, OutPath ? OutPath : "/dev/null",
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&FA, 2, ErrPath,
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t Pid;
  int Rc = posix_spawn(&Pid, Argv[0], &FA, NULL, Argv, environ);
  posix_spawn_file_actions_destroy(&FA);
  if (Rc != 0)
    die("cannot run %s: %s", Argv[0], strerror(Rc));
  ChildPid = Pid;
  /* Wait without reaping, forget the pid, then reap: the pid a signal
   * handler may kill is never one the system has already reused. */
  siginfo_t Info;
  while (waitid(P_PID, (id_t)Pid, &Info, WEXITED | WNOWAIT) < 0)
    if (errno != EINTR)
      die("waiting for %s: %s", Argv[0], strerror(errno));
  ChildPid = 0;
  int Status;
  while (waitpid(Pid, &Status, 0) < 0)
    if (errno != EINTR)
      die("waiting for %s: %s", Argv[0], strerror(errno));
  struct Result R;
  R.Exited = WIFEXITED(Status);
  R.Code = R.Exited ? WEXITSTATUS(Status) : WTERMSIG(Status);
  R.Err = readFile(ErrPath, NULL);
  return R;
}

/* Appends \p Len bytes to the growing string *\p Buf of \p *N bytes and
 * \p *Cap capacity, keeping room for the terminating NUL. */
static void appendBytes(char **Buf, size_t *N, size_t *Cap, const char *Bytes,
                        size_t Len) {
  if (*N + Len + 1 > *Cap) {
    *Cap = 2 * (*N + Len + 1);
    char *New = realloc(*Buf, *Cap);
    if (!New)
      die("out of memory");
    *Buf = New;
  }
  memcpy(*Buf + *N, Bytes, Len);
  *N += Len;
}

/* Replaces every occurrence of our temporary paths in \p S by the input
 * name, so that messages never mention files the user has not seen. */
static char *hideTemps(const char *S) {
  size_t Cap = strlen(S) + 1;
  char *Out = xmalloc(Cap);
  size_t N = 0;
  while (*S) {
    const char *Match = NULL;
    for (sig_atomic_t I = 0; I < NumTemps && !Match; ++I)
      if (strncmp(S, TempPaths[I], strlen(TempPaths[I])) == 0)
        Match = TempPaths[I];
    const char *Piece = Match ? InputName : S;
    size_t Len = Match ? strlen(InputName) : 1;
    appendBytes(&Out, &N, &Cap, Piece, Len);
    S += Match ? strlen(Match) : 1;
  }
  Out[N] = '\0';
  return Out;
}

/* The line of a tool's stderr that says what went wrong: the first one that
 * mentions an error, else the first non-empty one. */
static char *errorLine(const char *Err) {
  const char *Pick = NULL;
  for (const char *L = Err; *L; L += strcspn(L, "\n"), L += *L == '\n') {
    size_t Len = strcspn(L, "\n");
    const char *E = strstr(L, "error");
    if (E && (size_t)(E - L) < Len) {
      Pick = L;
      break;
    }
    if (!Pick && Len && strspn(L, " \t") < Len)
      Pick = L;
  }
  if (!Pick)
    return xstrdup("");
  char *Line = xstrndup(Pick, strcspn(Pick, "\n"));
  char *Clean = hideTemps(Line);
  free(Line);
  return Clean;
}

/* Turns a failed run of \p Tool into one line of error and exits. */
static void dieFromTool(const char *Tool, struct Result R) {
  char *Line = errorLine(R.Err);
  const char *Msg = Line;
  /* opt/LLVM diagnostics: "error: <unknown>:0:0: in function ...". */
  if (strncmp(Msg, "error: ", 7) == 0)
    Msg += 7;
  if (strncmp(Msg, "<unknown>:0:0: ", 15) == 0)
    Msg += 15;
  if (!R.Exited)
    die("%s: %s crashed (signal %d)%s%s", InputName, Tool, R.Code,
        *Msg ? ": " : "", Msg);
  /* clang's diagnostics already start with "file:line:col:". */
  if (strncmp(Msg, InputName, strlen(InputName)) == 0 &&
      Msg[strlen(InputName)] == ':')
    die("%s", Msg);
  if (*Msg)
    die("%s: %s", InputName, Msg);
  die("%s: %s failed with exit code %d", InputName, Tool, R.Code);
}

/*===----------------------------------------------------------------------===*/
/* Command line                                                               */
/*===----------------------------------------------------------------------===*/

struct Options {
  char OptLevel; /* '0'..'3', 's', 'z' */
  int NoOpt;
  int Json;
  const char *Plugin;
  const char *Target;
  const char **CFlags; /* -I / -D pairs for clang */
  int NumCFlags;
  const char **OptFlags; /* -mllvm arguments for opt */
  int NumOptFlags;
  const char *File;
};

static void printHelp(void) {
  printf(
      "usage: " PROG " [options] file.{c,cpp,cc,cxx,ll,bc,json}\n"
      "\n"
      "One row per coroutine: suspend points by kind (before any coroslim\n"
      "pass), states of the lowered dispatch, frame bytes, code bytes of\n"
      "ramp+resume+destroy+cleanup (after the pipeline), and the coroslim\n"
      "passes that could act on it. A .json file is a saved\n"
      "print<coroslim-states<json>> report (one or more documents): its\n"
      "rows, without code bytes.\n"
      "\n"
      "options:\n"
      "  -O0 -O1 -O2 -O3 -Os -Oz  pipeline level (default -O2)\n"
      "  --no-opt                 run the pipeline without the coroslim\n"
      "                           optimizations (-coroslim-disable=all)\n"
      "  --json                   JSON instead of a table\n"
      "  --plugin=PATH            CoroSlim.so (default: $COROSLIM_PLUGIN,\n"
      "                           else the one of the install or build\n"
      "                           tree this tool is in)\n"
      "  --target=TRIPLE          compile a C or C++ source for TRIPLE\n"
      "  -I dir, -D name[=value]  passed to clang for a C or C++ source\n"
      "  -mllvm ARG               passed to opt (e.g. -coroslim-release)\n"
      "  -v                       print the commands that are run\n"
      "  -h, --help               this text\n"
      "\n"
      "LLVM tools come from $COROSLIM_LLVM_BIN (default " COROSLIM_LLVM_BIN_DIR
      ").\n");
}

static struct Options parseArgs(int Argc, char **Argv) {
  struct Options O = {'2', 0, 0, NULL, NULL, NULL, 0, NULL, 0, NULL};
  O.CFlags = xmalloc(sizeof(char *) * (size_t)(2 * Argc + 2));
  O.OptFlags = xmalloc(sizeof(char *) * (size_t)(Argc + 1));
  int EndOfOptions = 0;
  for (int I = 1; I < Argc; ++I) {
    const char *A = Argv[I];
    if (EndOfOptions || A[0] != '-' || A[1] == '\0') {
      if (O.File)
        usageError("more than one input file ('%s' and '%s')", O.File, A);
      O.File = A;
    } else if (strcmp(A, "--") == 0) {
      EndOfOptions = 1;
    } else if (strcmp(A, "-h") == 0 || strcmp(A, "--help") == 0) {
      printHelp();
      exit(0);
    } else if (A[1] == 'O') {
      if (strlen(A) != 3 || !strchr("0123sz", A[2]))
        usageError("unknown optimization level '%s' (expected -O0, -O1, -O2, "
                   "-O3, -Os or -Oz)",
                   A);
      O.OptLevel = A[2];
    } else if (strcmp(A, "--no-opt") == 0) {
      O.NoOpt = 1;
    } else if (strcmp(A, "--json") == 0) {
      O.Json = 1;
    } else if (strcmp(A, "-v") == 0) {
      Verbose = 1;
    } else if (strncmp(A, "--plugin=", 9) == 0) {
      O.Plugin = A + 9;
    } else if (strncmp(A, "--target=", 9) == 0) {
      O.Target = A + 9;
    } else if (strcmp(A, "-mllvm") == 0) {
      if (I + 1 == Argc)
        usageError("missing argument to '%s'", A);
      O.OptFlags[O.NumOptFlags++] = Argv[++I];
    } else if (A[1] == 'I' || A[1] == 'D') {
      const char *Val = A + 2;
      if (!*Val) {
        if (I + 1 == Argc)
          usageError("missing argument to '%s'", A);
        Val = Argv[++I];
      }
      O.CFlags[O.NumCFlags++] = A[1] == 'I' ? "-I" : "-D";
      O.CFlags[O.NumCFlags++] = Val;
    } else {
      usageError("unknown option '%s'", A);
    }
  }
  if (!O.File)
    usageError("no input file");
  return O;
}

/*===----------------------------------------------------------------------===*/
/* Rows                                                                       */
/*===----------------------------------------------------------------------===*/

struct Could {
  char *Pass; /* registered pass name, e.g. coroslim-strip-done-traps */
  char *Why;
};

enum { Ramp, Resume, Destroy, Cleanup, NumParts };
static const char *const PartSuffix[NumParts] = {"", ".resume", ".destroy",
                                                 ".cleanup"};
static const char *const PartName[NumParts] = {"ramp", "resume", "destroy",
                                               "cleanup"};

struct Coro {
  char *Name;
  int PreSplit;   /* has a pre-split analysis (the usual row) */
  char *NotWhy;   /* set: coroutine intrinsics the analysis cannot read */
  long Initial, Internal, Final, Checked, Awaits, RefusedAwaits;
  long States, Frame, Traps; /* -1: unknown */
  int Lowered;               /* a lowered state machine was found */
  long Code[NumParts];       /* -1: no such function in the object */
  struct Could *Coulds;
  int NumCoulds;
};

static struct Coro *Coros;
static int NumCoros, CapCoros;

static struct Coro *findCoro(const char *Name) {
  for (int I = 0; I < NumCoros; ++I)
    if (strcmp(Coros[I].Name, Name) == 0)
      return &Coros[I];
  return NULL;
}

static struct Coro *addCoro(const char *Name, size_t Len) {
  if (NumCoros == CapCoros) {
    CapCoros = CapCoros ? 2 * CapCoros : 8;
    struct Coro *New = realloc(Coros, sizeof(struct Coro) * (size_t)CapCoros);
    if (!New)
      die("out of memory");
    Coros = New;
  }
  struct Coro *C = &Coros[NumCoros++];
  memset(C, 0, sizeof *C);
  C->Name = xstrndup(Name, Len);
  C->Initial = C->Internal = C->Final = C->Checked = C->Awaits = -1;
  C->States = C->Frame = C->Traps = -1;
  for (int P = 0; P < NumParts; ++P)
    C->Code[P] = -1;
  return C;
}

static void addCould(struct Coro *C, const char *Pass, size_t PassLen,
                     const char *Why, size_t WhyLen) {
  for (int I = 0; I < C->NumCoulds; ++I)
    if (strlen(C->Coulds[I].Pass) == PassLen &&
        strncmp(C->Coulds[I].Pass, Pass, PassLen) == 0)
      return;
  struct Could *New =
      realloc(C->Coulds, sizeof(struct Could) * (size_t)(C->NumCoulds + 1));
  if (!New)
    die("out of memory");
  C->Coulds = New;
  C->Coulds[C->NumCoulds].Pass = xstrndup(Pass, PassLen);
  C->Coulds[C->NumCoulds].Why = xstrndup(Why, WhyLen);
  ++C->NumCoulds;
}

/*===----------------------------------------------------------------------===*/
/* The plugin's JSON report                                                   */
/*===----------------------------------------------------------------------===*/

/* A recursive-descent reader for RFC 8259 JSON, enough for the one document
 * print<coroslim-states<json>> writes (schema: docs/architecture.md, "The
 * states report"). It accepts exactly the JSON grammar: anything else, a
 * document nested deeper than JsonMaxDepth, or trailing bytes are errors, so
 * a plugin and a tool out of step end in one clear line. */

enum JsonKind { JsonNull, JsonBool, JsonNumber, JsonString, JsonArray,
                JsonObject };

struct Json {
  enum JsonKind Kind;
  int Bool;
  int IsInteger;   /* JsonNumber: no fraction or exponent, fits long long */
  long long Integer;
  char *String;    /* JsonString: UTF-8, NUL-terminated (no NUL inside) */
  struct Json *Items;  /* JsonArray / JsonObject values */
  char **Keys;         /* JsonObject keys */
  size_t Count;
};

enum { JsonMaxDepth = 32 };

struct JsonReader {
  const char *Begin, *P, *End;
  const char *Error; /* set on the first error */
  size_t ErrorAt;
};

static int jsonFail(struct JsonReader *R, const char *What) {
  if (!R->Error) {
    R->Error = What;
    R->ErrorAt = (size_t)(R->P - R->Begin);
  }
  return 0;
}

static void jsonSpace(struct JsonReader *R) {
  while (R->P < R->End &&
         (*R->P == ' ' || *R->P == '\t' || *R->P == '\n' || *R->P == '\r'))
    ++R->P;
}

static int jsonLiteral(struct JsonReader *R, const char *Word) {
  size_t N = strlen(Word);
  if ((size_t)(R->End - R->P) < N || strncmp(R->P, Word, N) != 0)
    return jsonFail(R, "invalid literal");
  R->P += N;
  return 1;
}

static int jsonHex4(struct JsonReader *R, unsigned *Out) {
  if (R->End - R->P < 4)
    return jsonFail(R, "truncated \\u escape");
  unsigned V = 0;
  for (int I = 0; I < 4; ++I) {
    char C = *R->P++;
    V <<= 4;
    if (C >= '0' && C <= '9')
      V |= (unsigned)(C - '0');
    else if (C >= 'a' && C <= 'f')
      V |= (unsigned)(C - 'a' + 10);
    else if (C >= 'A' && C <= 'F')
      V |= (unsigned)(C - 'A' + 10);
    else
      return jsonFail(R, "bad hex digit in \\u escape");
  }
  *Out = V;
  return 1;
}

/* Reads a string at R->P (on its opening quote) into a new buffer. */
static int jsonStringValue(struct JsonReader *R, char **Out) {
  ++R->P; /* '"' */
  size_t Cap = 16, N = 0;
  char *Buf = xmalloc(Cap);
  for (;;) {
    if (R->P >= R->End) {
      free(Buf);
      return jsonFail(R, "unterminated string");
    }
    unsigned char C = (unsigned char)*R->P++;
    unsigned Code = 0;
    int Raw = 1;
    if (C == '"')
      break;
    if (C < 0x20) {
      free(Buf);
      --R->P;
      return jsonFail(R, "control character in string");
    }
    if (C == '\\') {
      if (R->P >= R->End) {
        free(Buf);
        return jsonFail(R, "unterminated escape");
      }
      char E = *R->P++;
      Raw = 0;
      switch (E) {
      case '"': Code = '"'; break;
      case '\\': Code = '\\'; break;
      case '/': Code = '/'; break;
      case 'b': Code = '\b'; break;
      case 'f': Code = '\f'; break;
      case 'n': Code = '\n'; break;
      case 'r': Code = '\r'; break;
      case 't': Code = '\t'; break;
      case 'u':
        if (!jsonHex4(R, &Code)) {
          free(Buf);
          return 0;
        }
        if (Code >= 0xD800 && Code <= 0xDBFF) {
          unsigned Low;
          if (R->End - R->P < 2 || R->P[0] != '\\' || R->P[1] != 'u') {
            free(Buf);
            return jsonFail(R, "unpaired surrogate in \\u escape");
          }
          R->P += 2;
          if (!jsonHex4(R, &Low)) {
            free(Buf);
            return 0;
          }
          if (Low < 0xDC00 || Low > 0xDFFF) {
            free(Buf);
            return jsonFail(R, "unpaired surrogate in \\u escape");
          }
          Code = 0x10000 + ((Code - 0xD800) << 10) + (Low - 0xDC00);
        } else if (Code >= 0xDC00 && Code <= 0xDFFF) {
          free(Buf);
          return jsonFail(R, "unpaired surrogate in \\u escape");
        }
        if (Code == 0) {
          free(Buf);
          return jsonFail(R, "\\u0000 in string");
        }
        break;
      default:
        free(Buf);
        return jsonFail(R, "unknown escape in string");
      }
    }
    char Enc[4];
    size_t Len;
    if (Raw) {
      Enc[0] = (char)C;
      Len = 1;
    } else if (Code < 0x80) {
      Enc[0] = (char)Code;
      Len = 1;
    } else if (Code < 0x800) {
      Enc[0] = (char)(0xC0 | (Code >> 6));
      Enc[1] = (char)(0x80 | (Code & 0x3F));
      Len = 2;
    } else if (Code < 0x10000) {
      Enc[0] = (char)(0xE0 | (Code >> 12));
      Enc[1] = (char)(0x80 | ((Code >> 6) & 0x3F));
      Enc[2] = (char)(0x80 | (Code & 0x3F));
      Len = 3;
    } else {
      Enc[0] = (char)(0xF0 | (Code >> 18));
      Enc[1] = (char)(0x80 | ((Code >> 12) & 0x3F));
      Enc[2] = (char)(0x80 | ((Code >> 6) & 0x3F));
      Enc[3] = (char)(0x80 | (Code & 0x3F));
      Len = 4;
    }
    appendBytes(&Buf, &N, &Cap, Enc, Len);
  }
  Buf[N] = '\0';
  *Out = Buf;
  return 1;
}

static int isDigit(char C) { return C >= '0' && C <= '9'; }

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int jsonNumberValue(struct JsonReader *R, struct Json *V) {
  const char *Start = R->P;
  int Integral = 1;
  if (R->P < R->End && *R->P == '-')
    ++R->P;
  if (R->P >= R->End || !isDigit(*R->P))
    return jsonFail(R, "invalid number");
  if (*R->P == '0')
    ++R->P;
  else
    while (R->P < R->End && isDigit(*R->P))
      ++R->P;
  if (R->P < R->End && *R->P == '.') {
    Integral = 0;
    ++R->P;
    if (R->P >= R->End || !isDigit(*R->P))
      return jsonFail(R, "invalid number");
    while (R->P < R->End && isDigit(*R->P))
      ++R->P;
  }
  if (R->P < R->End && (*R->P == 'e' || *R->P == 'E')) {
    Integral = 0;
    ++R->P;
    if (R->P < R->End && (*R->P == '+' || *R->P == '-'))
      ++R->P;
    if (R->P >= R->End || !isDigit(*R->P))
      return jsonFail(R, "invalid number");
    while (R->P < R->End && isDigit(*R->P))
      ++R->P;
  }
  V->Kind = JsonNumber;
  V->IsInteger = 0;
  if (Integral) {
    char *Text = xstrndup(Start, (size_t)(R->P - Start));
    errno = 0;
    char *End;
    long long I = strtoll(Text, &End, 10);
    if (errno == 0 && *End == '\0') {
      V->IsInteger = 1;
      V->Integer = I;
    }
    free(Text);
  }
  return 1;
}

static int jsonValue(struct JsonReader *R, struct Json *V, int Depth);

/* Appends to a growing array of values (and keys, for objects). */
static void jsonPush(struct Json *V, size_t *Cap, char *Key,
                     struct Json **Slot) {
  if (V->Count == *Cap) {
    *Cap = *Cap ? 2 * *Cap : 4;
    struct Json *Items = realloc(V->Items, sizeof(struct Json) * *Cap);
    if (!Items)
      die("out of memory");
    V->Items = Items;
    if (V->Kind == JsonObject) {
      char **Keys = realloc(V->Keys, sizeof(char *) * *Cap);
      if (!Keys)
        die("out of memory");
      V->Keys = Keys;
    }
  }
  if (V->Kind == JsonObject)
    V->Keys[V->Count] = Key;
  *Slot = &V->Items[V->Count++];
  memset(*Slot, 0, sizeof **Slot);
}

static int jsonContainer(struct JsonReader *R, struct Json *V, int Depth) {
  int Object = *R->P == '{';
  char Close = Object ? '}' : ']';
  if (Depth >= JsonMaxDepth)
    return jsonFail(R, "nested too deeply");
  V->Kind = Object ? JsonObject : JsonArray;
  ++R->P;
  size_t Cap = 0;
  jsonSpace(R);
  if (R->P < R->End && *R->P == Close) {
    ++R->P;
    return 1;
  }
  for (;;) {
    char *Key = NULL;
    jsonSpace(R);
    if (Object) {
      if (R->P >= R->End || *R->P != '"')
        return jsonFail(R, "expected a string key");
      if (!jsonStringValue(R, &Key))
        return 0;
      for (size_t I = 0; I < V->Count; ++I)
        if (strcmp(V->Keys[I], Key) == 0) {
          free(Key);
          return jsonFail(R, "duplicate key");
        }
      jsonSpace(R);
      if (R->P >= R->End || *R->P != ':') {
        free(Key);
        return jsonFail(R, "expected ':'");
      }
      ++R->P;
    }
    struct Json *Item;
    jsonPush(V, &Cap, Key, &Item);
    if (!jsonValue(R, Item, Depth + 1))
      return 0;
    jsonSpace(R);
    if (R->P < R->End && *R->P == ',') {
      ++R->P;
      continue;
    }
    if (R->P < R->End && *R->P == Close) {
      ++R->P;
      return 1;
    }
    return jsonFail(R, Object ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}

static int jsonValue(struct JsonReader *R, struct Json *V, int Depth) {
  memset(V, 0, sizeof *V);
  jsonSpace(R);
  if (R->P >= R->End)
    return jsonFail(R, "unexpected end of input");
  switch (*R->P) {
  case '{':
  case '[':
    return jsonContainer(R, V, Depth);
  case '"':
    V->Kind = JsonString;
    return jsonStringValue(R, &V->String);
  case 't':
    V->Kind = JsonBool;
    V->Bool = 1;
    return jsonLiteral(R, "true");
  case 'f':
    V->Kind = JsonBool;
    return jsonLiteral(R, "false");
  case 'n':
    V->Kind = JsonNull;
    return jsonLiteral(R, "null");
  default:
    if (*R->P == '-' || isDigit(*R->P))
      return jsonNumberValue(R, V);
    return jsonFail(R, "unexpected character");
  }
}

static void jsonFree(struct Json *V) {
  free(V->String);
  for (size_t I = 0; I < V->Count; ++I) {
    jsonFree(&V->Items[I]);
    if (V->Keys)
      free(V->Keys[I]);
  }
  free(V->Items);
  free(V->Keys);
}

/* What a reader error names, and the hint it ends with. */
static const char *ReportWhat = "the plugin's report";
static const char *ReportHint = " (plugin and tool out of step?)";

/* Parses the next document of \p R (opt prints one per printer pass in
 * its pipeline, separated by newlines); dies with one line on error. */
static struct Json parseJson(struct JsonReader *R) {
  struct Json V;
  jsonValue(R, &V, 0);
  if (R->Error)
    die("%s: cannot read %s: %s at byte %zu%s", InputName, ReportWhat,
        R->Error, R->ErrorAt, ReportHint);
  return V;
}

/* Schema accessors: each names the record and the field it could not read,
 * and dies, since a report of another shape means plugin and tool are out of
 * step. */

static void schemaError(const char *Record, const char *Field,
                        const char *Want) {
  die("%s: cannot read %s: %s%s%s\"%s\" is not %s%s", InputName, ReportWhat,
      Record ? "@" : "", Record ? Record : "", Record ? ": " : "", Field, Want,
      ReportHint);
}

static const struct Json *jsonField(const struct Json *Obj, const char *Key) {
  if (Obj->Kind != JsonObject)
    return NULL;
  for (size_t I = 0; I < Obj->Count; ++I)
    if (strcmp(Obj->Keys[I], Key) == 0)
      return &Obj->Items[I];
  return NULL;
}

static const struct Json *jsonNeed(const struct Json *Obj, const char *Key,
                                   enum JsonKind Kind, const char *Record) {
  static const char *const Want[] = {"null", "a boolean", "a number",
                                     "a string", "an array", "an object"};
  const struct Json *V = jsonField(Obj, Key);
  if (!V || V->Kind != Kind)
    schemaError(Record, Key, Want[Kind]);
  return V;
}

/* A non-negative integer field; with \p NullIs set, null reads as that. */
static long jsonCount(const struct Json *Obj, const char *Key,
                      const char *Record, int AllowNull, long NullIs) {
  const struct Json *V = jsonField(Obj, Key);
  if (AllowNull && V && V->Kind == JsonNull)
    return NullIs;
  if (!V || V->Kind != JsonNumber || !V->IsInteger || V->Integer < 0 ||
      V->Integer > LONG_MAX)
    schemaError(Record, Key,
                AllowNull ? "a non-negative integer or null"
                          : "a non-negative integer");
  return (long)V->Integer;
}

static const char *jsonText(const struct Json *Obj, const char *Key,
                            const char *Record) {
  return jsonNeed(Obj, Key, JsonString, Record)->String;
}

/* The records of a report: checks the envelope and returns "functions". */
static const struct Json *reportRecords(const struct Json *Doc) {
  if (Doc->Kind != JsonObject)
    schemaError(NULL, "document", "an object");
  long Version = jsonCount(Doc, "version", NULL, 0, 0);
  if (Version != 1)
    die("%s: cannot read %s: version %ld (this tool reads version 1)%s",
        InputName, ReportWhat, Version, ReportHint);
  return jsonNeed(Doc, "functions", JsonArray, NULL);
}

/* The kind of report record \p R, with its function's name in \p Name;
 * dies unless the record is an object with both. */
static const char *recordKind(const struct Json *R, const char **Name) {
  if (R->Kind != JsonObject)
    schemaError(NULL, "functions[]", "an object");
  *Name = jsonText(R, "function", NULL);
  return jsonText(R, "kind", *Name);
}

/* Reads the pre-split report: a row per pre-split coroutine and per
 * function the analysis could not read. Dies on half-lowered IR, which no
 * pipeline can compile. */
static void readPreSplitReport(const struct Json *Doc) {
  const struct Json *Records = reportRecords(Doc);
  for (size_t I = 0; I < Records->Count; ++I) {
    const struct Json *R = &Records->Items[I];
    const char *Name;
    const char *Kind = recordKind(R, &Name);
    /* The first record of a function wins: with several documents (a
     * saved report), that is the one before any coroslim pass. */
    if (findCoro(Name))
      continue;
    if (strcmp(Kind, "pre-split") == 0) {
      struct Coro *C = addCoro(Name, strlen(Name));
      C->PreSplit = 1;
      const struct Json *S = jsonNeed(R, "suspends", JsonObject, Name);
      C->Initial = jsonCount(S, "initial", Name, 0, 0);
      C->Internal = jsonCount(S, "internal", Name, 0, 0);
      C->Final = jsonCount(S, "final", Name, 0, 0);
      C->Checked = jsonCount(S, "checked", Name, 0, 0);
      C->Awaits = (long)jsonNeed(R, "awaits", JsonArray, Name)->Count;
      C->RefusedAwaits =
          (long)jsonNeed(R, "refused_awaits", JsonArray, Name)->Count;
      const struct Json *Could = jsonNeed(R, "could", JsonArray, Name);
      for (size_t K = 0; K < Could->Count; ++K) {
        const struct Json *H = &Could->Items[K];
        const char *Pass = jsonText(H, "pass", Name);
        const char *Why = jsonText(H, "why", Name);
        addCould(C, Pass, strlen(Pass), Why, strlen(Why));
      }
    } else if (strcmp(Kind, "not-a-coroutine") == 0) {
      const char *Stage = jsonText(R, "stage", Name);
      const char *Why = jsonText(R, "why", Name);
      if (strcmp(Stage, "half-lowered") == 0)
        die("%s: @%s is half-lowered IR: %s", InputName, Name, Why);
      struct Coro *C = addCoro(Name, strlen(Name));
      C->NotWhy = xstrdup(Why);
    }
    /* lowered / state-machine records: the input was already split; the
     * lowered report after the pipeline has them. */
  }
}

/* Reads the report on the optimised module (of several documents, the last
 * record of a coroutine wins): `lowered` records give states,
 * traps and frame bytes (also for a ramp that was inlined: the record is
 * then keyed by f.resume's group). A lowered coroutine without a pre-split
 * row (the input was already split) gets a row of its own. */
static void readLoweredReport(const struct Json *Doc) {
  const struct Json *Records = reportRecords(Doc);
  for (size_t I = 0; I < Records->Count; ++I) {
    const struct Json *R = &Records->Items[I];
    const char *Name;
    const char *Kind = recordKind(R, &Name);
    if (strcmp(Kind, "lowered") != 0)
      continue;
    struct Coro *C = findCoro(Name);
    if (!C)
      C = addCoro(Name, strlen(Name));
    C->Lowered = 1;
    C->Frame = jsonCount(R, "frame_bytes", Name, 1, -1);
    C->States = jsonCount(R, "states", Name, 0, 0);
    C->Traps = jsonCount(R, "traps", Name, 0, 0);
  }
  for (int I = 0; I < NumCoros; ++I) {
    struct Coro *C = &Coros[I];
    if (C->PreSplit || !C->Lowered || C->Traps <= 0)
      continue;
    static const char Pass[] = "coroslim-strip-done-traps";
    char Why[96];
    snprintf(Why, sizeof Why,
             "%ld post-completion trap(s) in the lowered form; with "
             "-coroslim-release",
             C->Traps);
    addCould(C, Pass, sizeof Pass - 1, Why, strlen(Why));
  }
}

/* Reads the printer's JSON documents (one or more) from \p Path and hands
 * each to \p Read. */
static void readReport(const char *Path, void (*Read)(const struct Json *)) {
  size_t Len;
  char *Text = readFile(Path, &Len);
  if (strlen(Text) != Len)
    die("%s: cannot read %s: a NUL byte in it%s", InputName, ReportWhat,
        ReportHint);
  struct JsonReader R = {Text, Text, Text + Len, NULL, 0};
  do {
    struct Json Doc = parseJson(&R);
    Read(&Doc);
    jsonFree(&Doc);
    jsonSpace(&R);
  } while (R.P != R.End);
  free(Text);
}

/*===----------------------------------------------------------------------===*/
/* Modules                                                                    */
/*===----------------------------------------------------------------------===*/

/* Parses and verifies \p Path (text or bitcode IR); dies with one line. */
static LLVMModuleRef loadModule(LLVMContextRef Ctx, const char *Path) {
  LLVMMemoryBufferRef Buf;
  char *Msg = NULL;
  if (LLVMCreateMemoryBufferWithContentsOfFile(Path, &Buf, &Msg))
    die("%s: %s", InputName, Msg);
  LLVMModuleRef M;
  LLVMBool Bad = coroslimParseIR(Ctx, Buf, &M, &Msg);
  if (Bad) {
    char *Line = errorLine(Msg ? Msg : "");
    /* Text IR errors read "<file>:line:col: error: ..." already. */
    if (strncmp(Line, InputName, strlen(InputName)) == 0 &&
        Line[strlen(InputName)] == ':')
      die("%s", Line);
    die("%s: %s", InputName, *Line ? Line : "cannot parse the module");
  }
  if (LLVMVerifyModule(M, LLVMReturnStatusAction, &Msg)) {
    char *Line = errorLine(Msg ? Msg : "");
    die("%s: invalid module: %s", InputName, Line);
  }
  if (Msg)
    LLVMDisposeMessage(Msg);
  return M;
}

static void writeModule(LLVMModuleRef M, const char *Path) {
  if (LLVMWriteBitcodeToFile(M, Path))
    die("cannot write %s", Path);
}

/* clang -O0 marks every function optnone (and so noinline), and the
 * normalisation before the pre-split report skips optnone functions and
 * inlines C++ awaiters. Suspend points are a property of the source, not of
 * the -O level, so the report copy drops both attributes where -O0 put
 * them. */
static void dropOptNone(LLVMModuleRef M) {
  unsigned OptNone = LLVMGetEnumAttributeKindForName("optnone", 7);
  unsigned NoInline = LLVMGetEnumAttributeKindForName("noinline", 8);
  for (LLVMValueRef F = LLVMGetFirstFunction(M); F;
       F = LLVMGetNextFunction(F)) {
    if (!LLVMGetEnumAttributeAtIndex(F, LLVMAttributeFunctionIndex, OptNone))
      continue;
    LLVMRemoveEnumAttributeAtIndex(F, LLVMAttributeFunctionIndex, OptNone);
    LLVMRemoveEnumAttributeAtIndex(F, LLVMAttributeFunctionIndex, NoInline);
  }
}

/* True when the front end marked a coroutine presplitcoroutine itself, as
 * clang++ does for C++20 coroutines (C coroutines get the mark from
 * coroslim-c-presplit). Their initial suspend sits behind an out-of-line
 * await_ready call until the inliner runs. */
static int hasMarkedCoroutines(LLVMModuleRef M) {
  unsigned Kind = LLVMGetEnumAttributeKindForName("presplitcoroutine", 17);
  for (LLVMValueRef F = LLVMGetFirstFunction(M); F;
       F = LLVMGetNextFunction(F))
    if (LLVMGetEnumAttributeAtIndex(F, LLVMAttributeFunctionIndex, Kind))
      return 1;
  return 0;
}

/* The first llvm.coro.* intrinsic still called in \p M, or NULL. The
 * pipeline lowers every coroutine it can split; one it could not (IR that
 * is no coroutine at any stage the passes know) keeps intrinsics that the
 * code generator cannot select, and it crashes on them. */
static const char *leftoverCoroIntrinsic(LLVMModuleRef M) {
  for (LLVMValueRef F = LLVMGetFirstFunction(M); F;
       F = LLVMGetNextFunction(F)) {
    size_t Len;
    const char *Name = LLVMGetValueName2(F, &Len);
    if (Len > 10 && strncmp(Name, "llvm.coro.", 10) == 0 &&
        LLVMGetFirstUse(F))
      return Name;
  }
  return NULL;
}

/* Compiles the optimised module to an object in memory and fills in the
 * code bytes of every row from the symbol sizes. Returns 0 and a reason in
 * \p Why when code sizes cannot be had (an unknown target, say). */
static int measureCode(LLVMModuleRef M, char OptLevel, char *Why,
                       size_t WhyLen) {
  const char *ModTriple = LLVMGetTarget(M);
  char *Default = NULL;
  const char *Triple = ModTriple;
  if (!Triple || !*Triple)
    Triple = Default = LLVMGetDefaultTargetTriple();
  LLVMTargetRef T;
  char *Msg = NULL;
  int Ok = 0;
  const char *Leftover = leftoverCoroIntrinsic(M);
  if (Leftover) {
    snprintf(Why, WhyLen,
             "%s is still called after the pipeline, and the code generator "
             "cannot compile it",
             Leftover);
    goto done;
  }
  if (LLVMGetTargetFromTriple(Triple, &T, &Msg)) {
    snprintf(Why, WhyLen, "%s", Msg ? Msg : "unknown target");
    goto done;
  }
  LLVMCodeGenOptLevel Level = OptLevel == '0'   ? LLVMCodeGenLevelNone
                              : OptLevel == '1' ? LLVMCodeGenLevelLess
                              : OptLevel == '3' ? LLVMCodeGenLevelAggressive
                                                : LLVMCodeGenLevelDefault;
  /* PIC, as clang's default (PIE) on Linux. */
  LLVMTargetMachineRef TM = LLVMCreateTargetMachine(
      T, Triple, "", "", Level, LLVMRelocPIC, LLVMCodeModelDefault);
  if (!TM) {
    snprintf(Why, WhyLen, "no target machine for %s", Triple);
    goto done;
  }
  LLVMMemoryBufferRef Obj;
  if (LLVMTargetMachineEmitToMemoryBuffer(TM, M, LLVMObjectFile, &Msg,
                                          &Obj)) {
    snprintf(Why, WhyLen, "%s", Msg ? Msg : "code generation failed");
    LLVMDisposeTargetMachine(TM);
    goto done;
  }
  LLVMDisposeTargetMachine(TM);
  LLVMBinaryRef Bin = LLVMCreateBinary(Obj, NULL, &Msg);
  if (!Bin) {
    snprintf(Why, WhyLen, "%s", Msg ? Msg : "unreadable object");
    LLVMDisposeMemoryBuffer(Obj);
    goto done;
  }
  /* Symbol sizes exist in ELF only (LLVMGetSymbolSize is st_size there);
   * other formats have none to read, and LLVM-C's accessor is not even safe
   * on every one of them (it crashes on wasm). */
  LLVMBinaryType BT = LLVMBinaryGetType(Bin);
  if (BT != LLVMBinaryTypeELF32L && BT != LLVMBinaryTypeELF32B &&
      BT != LLVMBinaryTypeELF64L && BT != LLVMBinaryTypeELF64B) {
    snprintf(Why, WhyLen,
             "%s produces no ELF object, and only ELF has symbol sizes",
             Triple);
    LLVMDisposeBinary(Bin);
    LLVMDisposeMemoryBuffer(Obj);
    goto done;
  }
  LLVMSectionIteratorRef Sect = LLVMObjectFileCopySectionIterator(Bin);
  LLVMSymbolIteratorRef Sym = LLVMObjectFileCopySymbolIterator(Bin);
  for (; !LLVMObjectFileIsSymbolIteratorAtEnd(Bin, Sym);
       LLVMMoveToNextSymbol(Sym)) {
    const char *Name = LLVMGetSymbolName(Sym);
    if (!Name)
      continue;
    /* Only symbols defined in a section: not the undefined references. */
    LLVMMoveToContainingSection(Sect, Sym);
    if (LLVMObjectFileIsSectionIteratorAtEnd(Bin, Sect))
      continue;
    for (int I = 0; I < NumCoros; ++I) {
      struct Coro *C = &Coros[I];
      size_t NL = strlen(C->Name);
      if (strncmp(Name, C->Name, NL) != 0)
        continue;
      for (int P = 0; P < NumParts; ++P)
        if (strcmp(Name + NL, PartSuffix[P]) == 0)
          C->Code[P] = (long)LLVMGetSymbolSize(Sym);
    }
  }
  LLVMDisposeSymbolIterator(Sym);
  LLVMDisposeSectionIterator(Sect);
  LLVMDisposeBinary(Bin);
  LLVMDisposeMemoryBuffer(Obj);
  Ok = 1;
done:
  if (Msg)
    LLVMDisposeMessage(Msg);
  if (Default)
    LLVMDisposeMessage(Default);
  return Ok;
}

/*===----------------------------------------------------------------------===*/
/* Output                                                                     */
/*===----------------------------------------------------------------------===*/

/* Sum of the parts present in the object; -1 when none is. */
static long codeTotal(const struct Coro *C) {
  long Sum = -1;
  for (int P = 0; P < NumParts; ++P)
    if (C->Code[P] >= 0)
      Sum = (Sum < 0 ? 0 : Sum) + C->Code[P];
  return Sum;
}

static void numCell(char *Buf, size_t Len, long V, int Known) {
  if (!Known)
    snprintf(Buf, Len, "-");
  else if (V < 0)
    snprintf(Buf, Len, "?");
  else
    snprintf(Buf, Len, "%ld", V);
}

enum { NumCols = 10 };
static const char *const Header[NumCols] = {
    "coroutine", "initial", "internal", "final", "checked",
    "awaits",    "states",  "frame",    "code",  "passes"};

/* Fills the cells of one row; the caller frees the last cell. */
static void rowCells(const struct Coro *C, char Cells[NumCols - 1][32],
                     char **Passes) {
  int Pre = C->PreSplit;
  numCell(Cells[1], 32, C->Initial, Pre);
  numCell(Cells[2], 32, C->Internal, Pre);
  numCell(Cells[3], 32, C->Final, Pre);
  numCell(Cells[4], 32, C->Checked, Pre);
  numCell(Cells[5], 32, C->Awaits, Pre);
  numCell(Cells[6], 32, C->States, C->Lowered);
  numCell(Cells[7], 32, C->Frame, C->Lowered && C->Frame >= 0);
  long Code = codeTotal(C);
  numCell(Cells[8], 32, Code, Code >= 0);
  if (C->NotWhy) {
    size_t N = strlen(C->NotWhy) + 32;
    *Passes = xmalloc(N);
    snprintf(*Passes, N, "not analysed: %s", C->NotWhy);
    for (int I = 1; I <= 5; ++I)
      snprintf(Cells[I], 32, "?");
    return;
  }
  size_t N = 2;
  for (int I = 0; I < C->NumCoulds; ++I)
    N += strlen(C->Coulds[I].Pass) + 1;
  *Passes = xmalloc(N);
  strcpy(*Passes, C->NumCoulds ? "" : "-");
  for (int I = 0; I < C->NumCoulds; ++I) {
    const char *P = C->Coulds[I].Pass;
    if (strncmp(P, "coroslim-", 9) == 0)
      P += 9;
    if (I)
      strcat(*Passes, ",");
    strcat(*Passes, P);
  }
}

static void printTable(void) {
  size_t Width[NumCols];
  for (int I = 0; I < NumCols; ++I)
    Width[I] = strlen(Header[I]);
  for (int R = 0; R < NumCoros; ++R) {
    char Cells[NumCols - 1][32];
    char *Passes;
    rowCells(&Coros[R], Cells, &Passes);
    size_t NL = strlen(Coros[R].Name) + 1;
    if (NL > Width[0])
      Width[0] = NL;
    for (int I = 1; I < NumCols - 1; ++I)
      if (strlen(Cells[I]) > Width[I])
        Width[I] = strlen(Cells[I]);
    free(Passes);
  }
  /* Name left-aligned, numbers right-aligned, passes last and unpadded. */
  printf("%-*s", (int)Width[0], Header[0]);
  for (int I = 1; I < NumCols - 1; ++I)
    printf(" %*s", (int)Width[I], Header[I]);
  printf(" %s\n", Header[NumCols - 1]);
  for (int R = 0; R < NumCoros; ++R) {
    char Cells[NumCols - 1][32];
    char *Passes;
    rowCells(&Coros[R], Cells, &Passes);
    printf("@%-*s", (int)Width[0] - 1, Coros[R].Name);
    for (int I = 1; I < NumCols - 1; ++I)
      printf(" %*s", (int)Width[I], Cells[I]);
    printf(" %s\n", Passes);
    free(Passes);
  }
}

static void jsonString(const char *S) {
  putchar('"');
  for (const unsigned char *P = (const unsigned char *)S; *P; ++P) {
    if (*P == '"' || *P == '\\')
      printf("\\%c", *P);
    else if (*P < 0x20)
      printf("\\u%04x", *P);
    else
      putchar(*P);
  }
  putchar('"');
}

static void jsonNumber(long V, int Known) {
  if (Known && V >= 0)
    printf("%ld", V);
  else
    printf("null");
}

/* One coroutine object per line, so that line-based tools can grep it. */
static void printJson(const struct Options *O, const char *CodeWhy) {
  printf("{\"file\": ");
  jsonString(O->File);
  printf(", \"opt\": \"-O%c\", \"coroslim\": %s, \"code_sizes\": ",
         O->OptLevel, O->NoOpt ? "false" : "true");
  if (*CodeWhy)
    jsonString(CodeWhy);
  else
    printf("true");
  printf(",\n \"coroutines\": [");
  for (int R = 0; R < NumCoros; ++R) {
    const struct Coro *C = &Coros[R];
    int Pre = C->PreSplit;
    printf("%s\n  {\"name\": ", R ? "," : "");
    jsonString(C->Name);
    printf(", \"analysed\": %s", C->NotWhy ? "false" : "true");
    if (C->NotWhy) {
      printf(", \"why\": ");
      jsonString(C->NotWhy);
    }
    printf(", \"suspends\": ");
    if (Pre)
      printf("{\"initial\": %ld, \"internal\": %ld, \"final\": %ld, "
             "\"checked\": %ld}, \"awaits\": %ld, \"refused_awaits\": %ld",
             C->Initial, C->Internal, C->Final, C->Checked, C->Awaits,
             C->RefusedAwaits);
    else
      printf("null, \"awaits\": null, \"refused_awaits\": null");
    printf(", \"states\": ");
    jsonNumber(C->States, C->Lowered);
    printf(", \"frame\": ");
    jsonNumber(C->Frame, C->Lowered);
    printf(", \"traps\": ");
    jsonNumber(C->Traps, C->Lowered);
    printf(", \"code\": {");
    for (int P = 0; P < NumParts; ++P) {
      printf("\"%s\": ", PartName[P]);
      jsonNumber(C->Code[P], 1);
      printf(", ");
    }
    printf("\"total\": ");
    jsonNumber(codeTotal(C), 1);
    printf("}, \"passes\": [");
    for (int I = 0; I < C->NumCoulds; ++I) {
      printf("%s{\"pass\": ", I ? ", " : "");
      jsonString(C->Coulds[I].Pass);
      printf(", \"why\": ");
      jsonString(C->Coulds[I].Why);
      printf("}");
    }
    printf("]}");
  }
  printf("%s]}\n", NumCoros ? "\n " : "");
}

/*===----------------------------------------------------------------------===*/
/* Driver                                                                     */
/*===----------------------------------------------------------------------===*/

enum InputKind { InputC, InputCxx, InputIR, InputReport };

static int hasSuffix(const char *S, const char *Suffix) {
  size_t SL = strlen(S), XL = strlen(Suffix);
  return SL >= XL && strcmp(S + SL - XL, Suffix) == 0;
}

/* Decides by the extension; a file with another name is accepted when its
 * contents are bitcode. */
static enum InputKind inputKind(const char *Path) {
  if (hasSuffix(Path, ".c") || hasSuffix(Path, ".i"))
    return InputC;
  if (hasSuffix(Path, ".cpp") || hasSuffix(Path, ".cc") ||
      hasSuffix(Path, ".cxx") || hasSuffix(Path, ".ii"))
    return InputCxx;
  if (hasSuffix(Path, ".json"))
    return InputReport;
  if (hasSuffix(Path, ".ll") || hasSuffix(Path, ".bc"))
    return InputIR;
  unsigned char Magic[4] = {0};
  FILE *F = fopen(Path, "rb");
  if (F) {
    size_t Got = fread(Magic, 1, 4, F);
    fclose(F);
    if (Got == 4 && ((Magic[0] == 'B' && Magic[1] == 'C' &&
                      Magic[2] == 0xC0 && Magic[3] == 0xDE) ||
                     (Magic[0] == 0xDE && Magic[1] == 0xC0 &&
                      Magic[2] == 0x17 && Magic[3] == 0x0B)))
      return InputIR;
  }
  die("%s: unknown kind of input (expected a .c, .cpp, .cc, .cxx, .ll, .bc or "
      ".json file)",
      Path);
  return InputC;
}

static const char *toolPath(const char *Tool) {
  const char *Dir = getenv("COROSLIM_LLVM_BIN");
  if (!Dir || !*Dir)
    Dir = COROSLIM_LLVM_BIN_DIR;
  size_t N = strlen(Dir) + strlen(Tool) + 2;
  char *P = xmalloc(N);
  snprintf(P, N, "%s/%s", Dir, Tool);
  if (access(P, X_OK) != 0)
    die("cannot run %s: %s (set COROSLIM_LLVM_BIN to LLVM's bin "
        "directory)",
        P, strerror(errno));
  return P;
}

int main(int Argc, char **Argv) {
  struct Options O = parseArgs(Argc, Argv);
  InputName = O.File;

  struct sigaction SA;
  memset(&SA, 0, sizeof SA);
  SA.sa_handler = onSignal;
  sigemptyset(&SA.sa_mask);
  sigaction(SIGINT, &SA, NULL);
  sigaction(SIGTERM, &SA, NULL);
  sigaction(SIGHUP, &SA, NULL);
  SA.sa_handler = onCrash;
  SA.sa_flags = SA_RESETHAND;
  sigaction(SIGSEGV, &SA, NULL);
  sigaction(SIGBUS, &SA, NULL);
  sigaction(SIGILL, &SA, NULL);
  sigaction(SIGFPE, &SA, NULL);
  sigaction(SIGABRT, &SA, NULL);
  LLVMInstallFatalErrorHandler(onFatalLLVMError);

  /* The input itself: present, a regular file, not empty. */
  struct stat St;
  if (stat(O.File, &St) != 0)
    die("%s: %s", O.File, strerror(errno));
  if (!S_ISREG(St.st_mode))
    die("%s: not a regular file", O.File);
  if (access(O.File, R_OK) != 0)
    die("%s: %s", O.File, strerror(errno));
  if (St.st_size == 0)
    die("%s: file is empty", O.File);
  enum InputKind Kind = inputKind(O.File);
  if ((Kind == InputIR || Kind == InputReport) && O.Target)
    usageError("--target applies to a C or C++ source only (IR carries its "
               "own triple)");
  if ((Kind == InputIR || Kind == InputReport) && O.NumCFlags)
    usageError("-I and -D apply to a C or C++ source only");

  /* A saved print<coroslim-states<json>> report: its pre-split and lowered
   * records, no pipeline and no code sizes. */
  if (Kind == InputReport) {
    ReportWhat = "the report";
    ReportHint = "";
    readReport(O.File, readPreSplitReport);
    readReport(O.File, readLoweredReport);
    if (O.Json)
      printJson(&O, "the input is a report, not code");
    else
      printTable();
    return 0;
  }

  const char *Plugin = O.Plugin;
  if (!Plugin || !*Plugin)
    Plugin = getenv("COROSLIM_PLUGIN");
  if (!Plugin || !*Plugin) {
    char *Dir = coroslimSelfDir(Argv[0]);
    char *Found = Dir ? coroslimPluginIn(Dir) : NULL;
    free(Dir);
    Plugin = Found ? Found : "";
  }
  if (!*Plugin)
    die("cannot find the CoroSlim plugin: neither " COROSLIM_INSTALL_PLUGIN_REL
        "/CoroSlim.so nor " COROSLIM_BUILD_PLUGIN_REL "/CoroSlim.so next to "
        "this tool exists (use --plugin=PATH)");
  if (access(Plugin, R_OK) != 0)
    die("cannot find the CoroSlim plugin at %s (use --plugin=PATH)", Plugin);
  const char *Opt = toolPath("opt");

  char OLevel[4] = {'-', 'O', O.OptLevel, '\0'};
  const char *ErrFile = makeTemp();
  const char *PreBC = makeTemp();

  /* 1. Pre-split IR. */
  if (Kind != InputIR) {
    /* C coroutines are the raw builtins behind -fcoroutines; C++20 has its
     * own, and clang++ marks them presplitcoroutine itself. */
    const char *Clang = toolPath(Kind == InputCxx ? "clang++" : "clang");
    const char **A = xmalloc(sizeof(char *) * (size_t)(O.NumCFlags + 24));
    int N = 0;
    A[N++] = Clang;
    A[N++] = OLevel;
    if (Kind == InputCxx) {
      A[N++] = "-std=c++20";
    } else {
      A[N++] = "-Xclang";
      A[N++] = "-fcoroutines";
    }
    A[N++] = "-Xclang";
    A[N++] = "-disable-llvm-passes";
    A[N++] = "-emit-llvm";
    A[N++] = "-c";
    if (O.Target) {
      size_t TL = strlen(O.Target) + 10;
      char *T = xmalloc(TL);
      snprintf(T, TL, "--target=%s", O.Target);
      A[N++] = T;
    }
    for (int I = 0; I < O.NumCFlags; ++I)
      A[N++] = O.CFlags[I];
    const char *Include = coroslimIncludeDir(Argv[0]);
    if (Include) {
      A[N++] = "-I";
      A[N++] = Include;
    }
    A[N++] = "-o";
    A[N++] = PreBC;
    A[N++] = "--";
    /* clang's driver hands the name on to cc1, which would still take a
     * leading '-' for an option: such a name goes as ./-name. */
    char *File = (char *)O.File;
    if (File[0] == '-') {
      size_t FL = strlen(File) + 3;
      File = xmalloc(FL);
      snprintf(File, FL, "./%s", O.File);
    }
    A[N++] = File;
    A[N] = NULL;
    struct Result R = run((char *const *)A, NULL, ErrFile);
    if (!R.Exited || R.Code != 0)
      dieFromTool(Kind == InputCxx ? "clang++" : "clang", R);
  }
  LLVMContextRef Ctx = LLVMContextCreate();
  LLVMModuleRef Pre = loadModule(Ctx, Kind == InputIR ? O.File : PreBC);
  if (Kind == InputIR)
    writeModule(Pre, PreBC);
  int Marked = hasMarkedCoroutines(Pre);
  dropOptNone(Pre);
  const char *AnaBC = makeTemp();
  writeModule(Pre, AnaBC);
  LLVMDisposeModule(Pre);

  size_t PL = strlen(Plugin) + 20;
  char *LoadPlugin = xmalloc(PL);
  snprintf(LoadPlugin, PL, "-load-pass-plugin=%s", Plugin);

  /* 2. Suspend points, awaits and `could:` lines, before any coroslim pass
   * changed them. The normalisation is the part of the -O1 pipeline that
   * runs before coroslim's own passes would see the coroutine. */
  const char *Report = makeTemp();
  {
    char **A = xmalloc(sizeof(char *) * (size_t)(O.NumOptFlags + 8));
    int N = 0;
    A[N++] = (char *)Opt;
    A[N++] = LoadPlugin;
    for (int I = 0; I < O.NumOptFlags; ++I)
      A[N++] = (char *)O.OptFlags[I];
    A[N++] = "-disable-output";
    A[N++] = Marked ? "-passes=coroslim-c-presplit,coro-early,cgscc(inline),"
                      "function(sroa,early-cse,simplifycfg,instcombine),"
                      "print<coroslim-states<json>>"
                    : "-passes=coroslim-c-presplit,coro-early,function(sroa,"
                      "early-cse,simplifycfg,instcombine),"
                      "print<coroslim-states<json>>";
    A[N++] = "--";
    A[N++] = (char *)AnaBC;
    A[N] = NULL;
    struct Result R = run(A, Report, ErrFile);
    if (!R.Exited || R.Code != 0)
      dieFromTool("opt", R);
    readReport(Report, readPreSplitReport);
  }

  /* 3. The default pipeline, with or without coroslim, and the lowered
   * report on its result. */
  const char *PostBC = makeTemp();
  {
    char Passes[96];
    snprintf(Passes, sizeof Passes,
             "-passes=default<O%c>,print<coroslim-states<json>>", O.OptLevel);
    char **A = xmalloc(sizeof(char *) * (size_t)(O.NumOptFlags + 10));
    int N = 0;
    A[N++] = (char *)Opt;
    A[N++] = LoadPlugin;
    for (int I = 0; I < O.NumOptFlags; ++I)
      A[N++] = (char *)O.OptFlags[I];
    if (O.NoOpt)
      A[N++] = "-coroslim-disable=all";
    A[N++] = Passes;
    A[N++] = "-o";
    A[N++] = (char *)PostBC;
    A[N++] = "--";
    A[N++] = (char *)PreBC;
    A[N] = NULL;
    struct Result R = run(A, Report, ErrFile);
    if (!R.Exited || R.Code != 0)
      dieFromTool("opt", R);
    readReport(Report, readLoweredReport);
  }

  /* 4. Code bytes. */
  LLVMInitializeAllTargetInfos();
  LLVMInitializeAllTargets();
  LLVMInitializeAllTargetMCs();
  LLVMInitializeAllAsmPrinters();
  char CodeWhy[256] = "";
  LLVMModuleRef Post = loadModule(Ctx, PostBC);
  if (!measureCode(Post, O.OptLevel, CodeWhy, sizeof CodeWhy)) {
    if (!*CodeWhy)
      snprintf(CodeWhy, sizeof CodeWhy, "code generation failed");
    if (!O.Json)
      fprintf(stderr, PROG ": warning: %s: no code sizes: %s\n", O.File,
              CodeWhy);
  }
  LLVMDisposeModule(Post);
  LLVMContextDispose(Ctx);
  removeTemps();

  if (O.Json)
    printJson(&O, CodeWhy);
  else
    printTable();
  return 0;
}
