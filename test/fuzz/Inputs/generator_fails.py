"""Runs scripts/fuzz with its generator made to raise for one seed (argv[1])
and the remaining arguments as the command line: the failure of a generator
must be reported and the run must go on with the next seed."""

import importlib.machinery
import importlib.util
import os
import sys

FUZZ = os.path.join(os.path.dirname(__file__), "..", "..", "..", "scripts",
                    "fuzz")
loader = importlib.machinery.SourceFileLoader("fuzz", FUZZ)
fuzz = importlib.util.module_from_spec(
    importlib.util.spec_from_loader("fuzz", loader))
loader.exec_module(fuzz)

bad_seed = int(sys.argv[1])
real_init = fuzz.Gen.__init__
real_program = fuzz.Gen.program


def init(gen, seed):
    real_init(gen, seed)
    gen.planted_failure = seed == bad_seed


def program(gen):
    if gen.planted_failure:
        raise IndexError("planted generator failure")
    return real_program(gen)


fuzz.Gen.__init__ = init
fuzz.Gen.program = program
sys.argv = [FUZZ] + sys.argv[2:]
sys.exit(fuzz.main())
