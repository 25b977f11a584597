"""Excel in and out at 200 athletes: the workbook export, and entries read from a workbook.

    python -m bench.bench_xlsx [--attempts 10000] [--athletes 200] [--rounds 5]

- `timing-console export DIR --format xlsx --lang zh` as an officer runs it: a
  fresh process that opens the day (`--athletes` athletes from a union office's
  workbook, heats drawn, `--attempts` attempts), ranks it and writes the
  workbook; median and worst of the rounds (goal ≤ 2 s), beside the CSV export
  and `standings` (opening and ranking the day, which every reading command pays);
- the workbook's size, its sheets and rows;
- the writing alone, in this process with the day open and ranked: workbook vs CSVs;
- reading the entries: `timing-console check` of the day with its entries in a
  workbook and in a CSV (fresh processes, so openpyxl's import is counted), and
  `read_day` of each in this process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from openpyxl import load_workbook

from bench.bench_console import store_day
from tests.support.workbooks import union_day
from timing_console.dayio.dayfile import read_day
from timing_console.dayio.export import export_day
from timing_console.rules.awards import participation_list, prize_list, team_table
from timing_console.rules.ranking import rank_all
from timing_console.stations.view import open_view

GOAL_S = 2.0


def _command(*argv: str) -> float:
    """Seconds a `timing-console` command takes in a fresh process, as typed at the desk."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "timing_console", *argv],
        check=True,
        capture_output=True,
        env={**os.environ, "LANG": "zh_CN.UTF-8"},
    )
    return time.perf_counter() - started


def _rounds(rounds: int, step: Callable[[], float]) -> tuple[float, float]:
    """Median and worst of `rounds` runs of `step`."""
    times = [step() for _ in range(rounds)]
    return statistics.median(times), max(times)


def _in_process(path: Path) -> float:
    started = time.perf_counter()
    read_day(path)
    return time.perf_counter() - started


def _export_in_process(db: Path, out: Path, fmt: str) -> float:
    """Seconds to write the lists with the day already open and ranked: the writing alone."""
    view = open_view(db, readonly=True)
    try:
        day, attempts = view.require_day(), view.attempts()
        standings = rank_all(day, attempts, view.in_conflict())
        lists = (
            standings,
            prize_list(standings, withheld=view.held_back()),
            participation_list(day, attempts),
            team_table(day, standings),
        )
    finally:
        view.close()
    started = time.perf_counter()
    export_day(out, *lists, lang="zh", fmt=fmt)
    return time.perf_counter() - started


def run(attempts: int = 10_000, athletes: int = 200, rounds: int = 5) -> dict[str, float]:
    """Every figure for a day of `athletes` athletes and `attempts` attempts."""
    out: dict[str, float] = {"attempts": attempts, "athletes": athletes, "rounds": rounds}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        xlsx_day, csv_day = union_day(tmp, athletes, "xlsx"), union_day(tmp, athletes, "csv")
        day, _ = read_day(xlsx_day)
        out["lanes"] = len(day.lanes)
        db = str(tmp / "day.json")
        store_day(Path(db), day, attempts)
        commands = {
            "xlsx": ("export", str(tmp / "xlsx"), "--format", "xlsx", "--lang", "zh"),
            "csv": ("export", str(tmp / "csv"), "--lang", "zh"),
            "standings": ("standings", "--format", "csv"),
        }
        for what, argv in commands.items():
            out[f"{what}_s"], out[f"{what}_max_s"] = _rounds(
                rounds, partial(_command, *argv, "--db", db)
            )
        for fmt in ("xlsx", "csv"):
            write = partial(_export_in_process, Path(db), tmp / f"inproc-{fmt}", fmt)
            out[f"write_{fmt}_ms"] = _rounds(rounds, write)[0] * 1000
        (workbook,) = (tmp / "xlsx").iterdir()
        out["xlsx_kb"] = workbook.stat().st_size / 1024
        sheets = load_workbook(workbook).worksheets
        out["sheets"] = len(sheets)
        out["rows"] = sum(ws.max_row - 1 for ws in sheets)
        for kind, path in (("xlsx", xlsx_day), ("csv", csv_day)):
            out[f"check_{kind}_s"], out[f"check_{kind}_max_s"] = _rounds(
                rounds, partial(_command, "check", str(path))
            )
            out[f"read_{kind}_ms"] = _rounds(rounds, partial(_in_process, path))[0] * 1000
    return out


def ok(figures: dict[str, float]) -> bool:
    """The workbook export within the goal, worst round included."""
    return figures["xlsx_max_s"] <= GOAL_S


def render(figures: dict[str, float]) -> str:
    """The figures as lines a person reads."""
    f = figures
    return "\n".join(
        [
            f"at {f['attempts']:,.0f} attempts, {f['athletes']:.0f} athletes "
            f"({f['lanes']:.0f} lanes drawn), {f['rounds']:.0f} rounds (goal ≤ {GOAL_S:.0f} s):",
            f"  timing-console export --format xlsx (zh): {f['xlsx_s']:.2f} s median, "
            f"{f['xlsx_max_s']:.2f} s worst; {f['xlsx_kb']:.0f} KB, {f['sheets']:.0f} sheets, "
            f"{f['rows']:.0f} rows",
            f"  baseline, export as CSV (zh):            {f['csv_s']:.2f} s median, "
            f"{f['csv_max_s']:.2f} s worst",
            f"  baseline, timing-console standings:      {f['standings_s']:.2f} s median, "
            f"{f['standings_max_s']:.2f} s worst (opening and ranking the day)",
            f"  timing-console check, entries in .xlsx:  {f['check_xlsx_s']:.2f} s median, "
            f"{f['check_xlsx_max_s']:.2f} s worst",
            f"  timing-console check, entries in .csv:   {f['check_csv_s']:.2f} s median, "
            f"{f['check_csv_max_s']:.2f} s worst",
            f"  in process, day open and ranked: writing the workbook {f['write_xlsx_ms']:.0f} ms, "
            f"the CSVs {f['write_csv_ms']:.0f} ms",
            f"  in process, read_day: .xlsx {f['read_xlsx_ms']:.0f} ms, "
            f".csv {f['read_csv_ms']:.0f} ms",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit 1 if the workbook export misses the goal."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--athletes", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    figures = run(args.attempts, args.athletes, args.rounds)
    print(render(figures))
    return 0 if ok(figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
