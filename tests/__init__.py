"""The test suite, a package so that tests and benchmarks import `tests.support` alike.

pytest puts the repository's root on the import path (`pythonpath = ["."]` in
pyproject.toml); a benchmark runs from the root as `python -m bench.NAME`.
"""
