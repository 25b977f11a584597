"""The command line run in the test's own process: exit code, stdout and stderr."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

from tests.support.paths import SAMPLE
from timing_console.cli import main


def cli(capsys: Any, *args: str) -> tuple[int, str, str]:
    """`timing-console ARGS`, its output taken from pytest's `capsys`."""
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_cli(*args: str) -> tuple[int, str, str]:
    """`timing-console ARGS` without a fixture (a Hypothesis example, a simulated day):
    the output redirected, argparse's exit taken as the exit code."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def load_sample(folder: Path, capsys: Any) -> str:
    """`timing-console load` of the sample day into `folder/day.json`; that database's path."""
    db = str(folder / "day.json")
    code, _, err = cli(capsys, "load", str(SAMPLE), "--db", db)
    assert code == 0, err
    return db
