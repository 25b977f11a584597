"""Merging stations at the desk: 8 stations of 2,500 attempts each, and SIGKILLs mid-merge.

    python -m bench.bench_merge [--stations 8] [--attempts 2500] [--kills 0]

Each station is a database of the sample day holding `--attempts` attempts in
heats of its own, shared to a bundle. Figures: the desk's merge of every
bundle (`timing-console merge` as the command runs it: every bundle read and
checked, each station's records appended and fsynced, the day opened again
to list conflicts), goal ≤ 2 s; the same merge again, goal ≤ 0.3 s, adding
nothing. `--kills N` then runs the merge as a child process N times, kills
it with SIGKILL at a random moment each time, opens the day (it must open,
holding a whole prefix of each station's records, none twice), and merges
again to completion: the desk must end with every record, once.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.support.mergekill import build_station, held, kill_rounds
from timing_console.stations.exchange import share
from timing_console.stations.view import open_view

MERGE_GOAL_S = 2.0
AGAIN_GOAL_S = 0.3


def timed_merge(desk: Path, bundles: list[Path]) -> tuple[float, str]:
    """Seconds the merge took in this process, as the command runs it, and what it printed."""
    from contextlib import redirect_stderr, redirect_stdout
    from io import StringIO

    from timing_console.cli import main

    out = StringIO()
    started = time.perf_counter()
    with redirect_stdout(out), redirect_stderr(out):
        code = main(["merge", *map(str, bundles), "--db", str(desk)])
    seconds = time.perf_counter() - started
    if code != 0:
        raise RuntimeError(out.getvalue())
    return seconds, out.getvalue()


def run(stations: int = 8, attempts: int = 2500, kills: int = 0) -> dict[str, Any]:
    """Build the stations, share each, time the desk's merges; the kill rounds if asked."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bundles = []
        for n in range(stations):
            db = build_station(folder, f"s{n}", n, attempts)
            bundles.append(folder / f"s{n}.bundle")
            repo = open_view(db, readonly=True)
            share(db, repo.me, repo.require_day(), bundles[-1])
            repo.close()
        desk = build_station(folder, "desk", stations, 0)
        first, printed = timed_merge(desk, bundles)
        again, printed_again = timed_merge(desk, bundles)
        ids = held(desk)
        figures = {
            "stations": stations,
            "attempts": attempts,
            "merge_s": first,
            "again_s": again,
            "again_added_nothing": "nothing new" in printed_again,
            "held": len(ids),
            "distinct": len(set(ids)),
            "bundle_bytes": sum(b.stat().st_size for b in bundles),
            "first_lines": printed.strip().splitlines()[:2],
        }
        if kills:
            figures |= kill_rounds(desk, bundles, kills)
        return figures


def render(f: dict[str, Any]) -> str:
    """The figures as lines a person reads."""
    lines = [
        f"merge of {f['stations']} stations x {f['attempts']:,} attempts "
        f"({f['bundle_bytes'] / 1e6:.1f} MB of bundles): {f['merge_s']:.3f} s "
        f"(goal ≤ {MERGE_GOAL_S} s); the desk holds {f['held']:,} attempts, "
        f"{f['distinct']:,} distinct",
        f"the same merge again: {f['again_s']:.3f} s (goal ≤ {AGAIN_GOAL_S} s), "
        f"added nothing: {f['again_added_nothing']}",
    ]
    if "kills" in f:
        lines.append(
            f"SIGKILL during merge: {f['kills']} kills in {f['rounds']} rounds; lost "
            f"{f['lost']}, twice {f['twice']}, day failed to open {f['failed_open']} times"
        )
    return "\n".join(lines)


def ok(f: dict[str, Any]) -> bool:
    """Both goals kept, nothing lost or doubled."""
    good = f["merge_s"] <= MERGE_GOAL_S and f["again_s"] <= AGAIN_GOAL_S
    good = good and f["again_added_nothing"] and f["held"] == f["distinct"]
    return good and not any(f.get(k) for k in ("lost", "twice", "failed_open"))


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit 1 if a goal is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stations", type=int, default=8)
    parser.add_argument("--attempts", type=int, default=2500)
    parser.add_argument("--kills", type=int, default=0)
    args = parser.parse_args(argv)
    figures = run(args.stations, args.attempts, args.kills)
    print(render(figures))
    return 0 if ok(figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
