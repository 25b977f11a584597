"""Where the repository and its sample day are, and how to start one of its modules.

A child process that imports `tests.support` (a recorder killed mid-commit, the
instrumented console in a pseudo-terminal) runs as `python -m PACKAGE.MODULE`
from the repository's root, the way pytest and `python -m bench.run_all` import
it, so no program edits the import path.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The repository: a child started with `cwd=ROOT` imports `tests` and `bench`."""
SAMPLE_DIR = ROOT / "sample_heats"
SAMPLE = SAMPLE_DIR / "sports-day.toml"
"""The sample day (the same files the package bundles)."""


def module_argv(module: str, *args: str) -> list[str]:
    """`python -m MODULE ARGS` with this interpreter; start it with `cwd=ROOT`."""
    return [sys.executable, "-m", module, *args]
