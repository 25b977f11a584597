"""The benchmarks and the long harness, each a module run from the repository's root.

`python -m bench.run_all` runs them all; `python -m bench.NAME` runs one. What a
benchmark shares with the tests (the crash harness, the SIGKILL loops, the pty
runner, the instrumented console, the fuzz kits) is in `tests.support`.
"""
