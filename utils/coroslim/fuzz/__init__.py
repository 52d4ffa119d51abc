"""scripts/fuzz, the differential fuzzer (docs/testing.md): generator.py
makes a program model from a seed, emitter.py writes it as C, runner.py
builds and runs it in every configuration, reducer.py shrinks a failing
one, cli.py is the command line."""
