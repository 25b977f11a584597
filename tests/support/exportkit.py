"""The exports' tests share a day with results worth exporting, and read the CSVs back.

The sample day with a few results: a free-throw tie on baskets broken by the first
basket, a disqualification, a time, a count; and `exported`, which runs the command
and reads every sheet as Excel would (UTF-8 after the BOM).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from tests.support.commands import cli
from tests.support.paths import SAMPLE

BOM = b"\xef\xbb\xbf"

RESULTS = (
    ("record", "free-throw", "1", "1", "0110000111"),  # 201: 5, first basket shot 2
    ("record", "free-throw", "1", "2", "1001100011"),  # 1001: 5, first basket shot 1
    ("record", "free-throw", "1", "3", "0000000000"),  # 1201: 0
    ("record", "knee-ball-walk", "2", "1", "15.20"),  # 201 again
    ("record", "knee-ball-walk", "2", "3", "14.00"),  # 1001 again
    ("record", "paddle-ball-run", "1", "1", "12.34"),  # 901
    ("record", "paddle-ball-run", "1", "2", "DQ"),  # 602
    ("record", "rope-skipping", "1", "2", "98"),  # 202
)


def results_day(folder: Path, capsys: Any) -> str:
    """The sample day loaded into `folder/day.json` with `RESULTS` recorded; its path."""
    db = str(folder / "day.json")
    for args in (("load", str(SAMPLE)), *RESULTS):
        assert cli(capsys, *args, "--db", db)[0] == 0, args
    return db


def exported(capsys: Any, db: str, out: Path, *args: str) -> dict[str, list[list[str]]]:
    """Run `export` and read every sheet back as Excel would: UTF-8 after the BOM."""
    code, stdout, err = cli(capsys, "export", str(out), *args, "--db", db)
    assert code == 0 and err == ""
    assert sorted(Path(line).name for line in stdout.splitlines()) == sorted(
        p.name for p in out.iterdir()
    )
    sheets = {}
    for path in out.iterdir():
        data = path.read_bytes()
        assert data.startswith(BOM) and not data[3:].startswith(BOM), path.name
        sheets[path.name] = list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))
    return sheets
