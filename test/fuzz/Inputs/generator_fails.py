"""Runs scripts/fuzz with its generator made to raise for one seed (argv[1])
and the remaining arguments as the command line: the failure of a generator
must be reported and the run must go on with the next seed."""

import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                    "..")
sys.path.insert(0, os.path.join(ROOT, "utils"))
from coroslim.fuzz import cli, generator  # noqa: E402

bad_seed = int(sys.argv[1])
real_init = generator.Gen.__init__
real_program = generator.Gen.program


def init(gen, seed):
    real_init(gen, seed)
    gen.planted_failure = seed == bad_seed


def program(gen):
    if gen.planted_failure:
        raise IndexError("planted generator failure")
    return real_program(gen)


generator.Gen.__init__ = init
generator.Gen.program = program
sys.argv = [os.path.join(ROOT, "scripts", "fuzz")] + sys.argv[2:]
sys.exit(cli.main())
