"""The long crash and power-loss run: ours and stock TinyDB side by side.

    python -m bench.crash_harness [--kills 200] [--cases 1000] [--seed N]

- kills: SIGKILL at random moments of a child recording through the real
  store (race heats via Repo), of the real console under Pilot (one kill in
  ten), and of a child inserting through stock TinyDB JSONStorage
  (tests/support/killer.py);
- crash points: the k-th write / fsync / replace / rename / ftruncate of the
  workload fails (OSError) or the process stops there, for every k, from each
  starting day (tests/support/crash_cases.py);
- power cuts: the process stops at the k-th call and the fake disk drops, keeps
  or garbles each unsynced sector and undoes unsynced renames (tests/support/faults.py),
  for every k and more seeds until `--cases` is reached. The main rows assume
  "powersafe overwrite" as SQLite does by default (a torn write garbles only
  the bytes being written); the last rows show what happens without it.

`run()` returns the rows as dicts for an overall bench runner. The exit status
is 1 if our store lost an acknowledged save, failed to open, half-applied a
commit, saved a commit that reported failure, or raised anything but
StoreError, in any row but the informational no-PSOW one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.support.crash_cases import Harness, Outcome, summary
from tests.support.killer import Round, kill_rounds

COLUMNS = (
    "store",
    "run",
    "cases",
    "acked commits",
    "acked lost",
    "cases losing acked",
    "failed to open",
    "unacked missing",
    "half-applied",
    "failed but saved",
    "unclear errors",
)
VIOLATIONS = COLUMNS[4:7] + COLUMNS[8:]
"""Columns that must be zero for our store (unacked missing is allowed)."""
INFORMATIONAL = "power cut, no PSOW"


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _kill_row(store: str, name: str, rounds: list[Round]) -> dict[str, Any]:
    return {
        "store": store,
        "run": name,
        "cases": sum(r.killed for r in rounds),
        "acked commits": sum(r.acked for r in rounds),
        "acked lost": sum(r.lost for r in rounds),
        "cases losing acked": sum(r.lost > 0 for r in rounds),
        "failed to open": sum(not r.opened for r in rounds),
        "unacked missing": sum(r.unacked_missing for r in rounds),
        "half-applied": sum(r.partial for r in rounds),
        "failed but saved": 0,
        "unclear errors": sum(bool(r.error) and r.opened for r in rounds),
    }


def _case_row(store: str, name: str, outcomes: list[Outcome]) -> dict[str, Any]:
    return {"store": store, "run": name, **summary(outcomes)}


def _crash_rows(work: Path, store: str, cases: int, seed: int) -> list[dict[str, Any]]:
    """Fail and stop at every point, then power cuts (with and without PSOW) up to `cases`."""
    harness = Harness(work / f"cases-{store}")
    harness.work.mkdir()
    rows = []
    done = 0
    for mode, name in (("fail", "crash point: fail"), ("stop", "crash point: stop")):
        outcomes = [harness.run(c) for c in harness.cases(store, modes=(mode,), seed=seed)]
        rows.append(_case_row(store, name, outcomes))
        done += len(outcomes)
    per_seed = len(harness.cases(store, modes=("cut",), seed=seed))
    seeds = max(1, -(-(cases - done) // per_seed))
    cuts = harness.cases(store, modes=("cut",), cut_seeds=seeds, seed=seed)
    rows.append(_case_row(store, "power cut", [harness.run(c) for c in cuts]))
    _say(f"  {store}: {done + len(cuts)} crash-point and power-cut cases")
    torn = Harness(work / f"cases-{store}-nopsow", psow=False)
    torn.work.mkdir()
    rows.append(_case_row(store, INFORMATIONAL, [torn.run(c) for c in cuts]))
    return rows


def run(kills: int = 200, cases: int = 1000, seed: int = 1) -> list[dict[str, Any]]:
    """Every row of the table: kills, crash points and power cuts, ours then stock."""
    rows: list[dict[str, Any]] = []
    app_kills = max(1, kills // 10)
    with tempfile.TemporaryDirectory(prefix="crash-harness-") as folder:
        work = Path(folder)
        started = time.monotonic()
        _say(f"killing {kills - app_kills} store children and {app_kills} consoles ...")
        store_rounds = kill_rounds("store", work / "kill-store", kills - app_kills, seed)
        rows.append(_kill_row("ours", "SIGKILL: store child", store_rounds))
        app_rounds = kill_rounds("app", work / "kill-app", app_kills, seed)
        rows.append(_kill_row("ours", "SIGKILL: console", app_rounds))
        _say(f"killing {kills} stock TinyDB children ...")
        stock_rounds = kill_rounds("stock", work / "kill-stock", kills, seed)
        rows.append(_kill_row("stock", "SIGKILL: insert child", stock_rounds))
        _say("crash points and power cuts ...")
        ours = _crash_rows(work, "ours", cases, seed)
        stock = _crash_rows(work, "stock", cases, seed)
        rows += ours + stock
        _say(f"done in {time.monotonic() - started:.0f} s")
    return rows


def failures(rows: list[dict[str, Any]]) -> list[str]:
    """Our rows that break a rule (the no-PSOW row is informational)."""
    return [
        f"{row['run']}: {column} = {row[column]}"
        for row in rows
        if row["store"] == "ours" and row["run"] != INFORMATIONAL
        for column in VIOLATIONS
        if row[column]
    ]


def render(rows: list[dict[str, Any]]) -> str:
    """A plain text table, one row per store and run."""
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in COLUMNS}

    def line(cells: dict[str, Any]) -> str:
        return "  ".join(
            str(cells[c]).ljust(widths[c]) if i < 2 else str(cells[c]).rjust(widths[c])
            for i, c in enumerate(COLUMNS)
        )

    head = line({c: c for c in COLUMNS})
    lines = [head, "-" * len(head), *(line(row) for row in rows)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run everything and print the table; exit 1 if our store broke a rule."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=200, help="SIGKILLs of our children")
    parser.add_argument("--cases", type=int, default=1000, help="crash cases per store, at least")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rows = run(args.kills, args.cases, args.seed)
    print(render(rows))
    print(
        "\nacked commits: acknowledged commits checked after reopening (for crash cases, "
        "with those the day held when the case began); "
        "acked lost: acknowledged documents missing or changed after reopening "
        "(all of them when the day failed to open); unacked missing: the commit in flight "
        "at the crash is absent (allowed); failed but saved: a commit reported as failed "
        "is there anyway; no PSOW: a torn sector also garbles its already-durable bytes."
    )
    broken = failures(rows)
    for line in broken:
        print(f"FAIL ours {line}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
