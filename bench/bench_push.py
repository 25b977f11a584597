"""Pushing to the desk on localhost: each save's trip, and what pushing costs the console.

    python -m bench.bench_push [--results 300] [--attempts 10000] [--rounds 40] [--blocks 3]

The desk is `timing-console board --accept-push` in a process of its own, as
on the day. Figures:

- push-to-desk latency: a station saves results (one every 100 ms, as the
  store does it), its link pushes in the background as the console's does (it
  sees a save at its next look at the journal, every 50 ms), and
  the time from each save's return to the desk's acknowledgement of it (the
  desk has fsynced it) is measured; goal p99 ≤ 200 ms;
- the console's key-stamp time error p99 with `--push` on vs off, in blocks of
  runs off on on off (each side's finishes pooled; see `bench_board_console`);
  goal: no worse by more than 0.5 ms.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bench_board_console import RACE_S, REST_S, abba, console_alone, runs_text
from bench.bench_console import build_day, drive_rounds, errors, pct
from tests.support.clock import stamp_now
from tests.support.paths import SAMPLE
from tests.support.stationkit import station
from timing_console.dayio.dayfile import read_day
from timing_console.rules.heat.results import parse_result
from timing_console.stations.push_client import PushLink
from timing_console.stations.view import open_view

LATENCY_GOAL_MS = 200.0
GOAL_MS = 0.5
PUSH_ENV = "BENCH_PUSH"
"""`URL CODE`: `tests/support/stamp_console.py` then pushes to that desk as `--push` does."""
CODE_LINE = re.compile(r"pairing code: (\S+)")
EVENT = "rope-skipping"


def start_desk(db: Path) -> tuple[subprocess.Popen[str], str, str]:
    """`board --accept-push` on a free port: the process, its address, its pairing code."""
    argv = [
        sys.executable,
        "-m",
        "timing_console",
        "board",
        "--db",
        str(db),
        "--port",
        "0",
        "--accept-push",
    ]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    found = CODE_LINE.search(proc.stdout.readline())
    if not url.startswith("http://") or found is None:
        proc.kill()
        raise RuntimeError(f"the desk printed {url!r}")
    return proc, url, found.group(1)


def latency(results: int = 300, every_s: float = 0.1) -> dict[str, Any]:
    """Save `results` results at the station; time each one's trip to the desk's ack."""
    with tempfile.TemporaryDirectory() as tmp:
        day, _ = read_day(SAMPLE)
        desk_db, station_db = station(Path(tmp), "desk", day), station(Path(tmp), "track", day)
        proc, url, code = start_desk(desk_db)
        repo = open_view(station_db)
        link = PushLink(station_db, url=url, code=code, station=repo.me, identity=repo.identity())
        link.start()
        trips: list[float] = []
        try:
            day = repo.require_day()
            spec = day.event(EVENT)
            slots = [(h, e.lane) for h in day.heat_numbers(EVENT) for e in day.lineup(EVENT, h)]
            for n in range(results):
                heat, lane = slots[n % len(slots)]
                step = repo.board(EVENT, heat).enter(
                    lane,
                    parse_result(spec, str(10 + n % 150)),
                    stamp_now(),
                    reason=f"bench {n}",
                )
                repo.apply(step)
                saved, seq = time.perf_counter(), repo.seq  # no nudge: the console gives none
                deadline = saved + 10
                while (link.acked or 0) < seq and time.perf_counter() < deadline:
                    time.sleep(0.001)
                trips.append((time.perf_counter() - saved) * 1000)
                time.sleep(every_s)
        finally:
            link.stop()
            repo.close()
            proc.terminate()
            proc.wait(timeout=10)
    return {
        "results": results,
        "p50": statistics.median(trips),
        "p99": pct(trips, 99),
        "max": max(trips),
        "state": link.state,
    }


def with_push(db: Path, rounds: int, url: str, code: str) -> list[float]:
    """The key-stamp error of every finish (ms) while the console pushes every save."""
    os.environ[PUSH_ENV] = f"{url} {code}"
    try:
        sent, log = drive_rounds(db, rounds, load=False, race_s=RACE_S, rest_s=REST_S)
    finally:
        del os.environ[PUSH_ENV]
    return errors(sent, log)[0]


def console(attempts: int = 10_000, rounds: int = 40, blocks: int = 3) -> dict[str, Any]:
    """p99 of the key-stamp error with pushing off and on, over `blocks` blocks off on on off."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "day.json"
        build_day(db, attempts)
        desk_db = station(Path(tmp), "desk", read_day(SAMPLE)[0])
        proc, url, code = start_desk(desk_db)
        try:
            f = abba(
                blocks, lambda: console_alone(db, rounds), lambda: with_push(db, rounds, url, code)
            )
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return {
        "attempts": attempts,
        "finishes": f["finishes"],
        "off_p99": f["a_p99"],
        "on_p99": f["b_p99"],
        "off_runs": f["a_runs"],
        "on_runs": f["b_runs"],
    }


def render(lat: dict[str, Any], con: dict[str, Any] | None) -> str:
    """The figures as lines a person reads."""
    lines = [
        f"push to desk on localhost, {lat['results']} saves: p50 {lat['p50']:.1f} ms, "
        f"p99 {lat['p99']:.1f} ms, max {lat['max']:.1f} ms (goal p99 ≤ {LATENCY_GOAL_MS:.0f} ms); "
        f"link {lat['state']}",
    ]
    if con is not None:
        lines += [
            f"console time error p99 at {con['attempts']:,} attempts, {con['finishes']:,} finishes "
            "on each side (blocks off on on off, every run's finishes pooled):",
            f"  pushing off: {con['off_p99']:.3f} ms (runs: {runs_text(con['off_runs'])})",
            f"  pushing on:  {con['on_p99']:.3f} ms (runs: {runs_text(con['on_runs'])})",
            f"  difference: {con['on_p99'] - con['off_p99']:+.3f} ms (goal ≤ +{GOAL_MS} ms)",
        ]
    return "\n".join(lines)


def ok(lat: dict[str, Any], con: dict[str, Any] | None) -> bool:
    """Both goals kept."""
    good = lat["p99"] <= LATENCY_GOAL_MS
    return good and (con is None or con["on_p99"] - con["off_p99"] <= GOAL_MS)


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit 1 if a goal is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=int, default=300)
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--blocks", type=int, default=3, help="0: latency only")
    args = parser.parse_args(argv)
    lat = latency(args.results)
    print(render(lat, None), flush=True)
    con = console(args.attempts, args.rounds, args.blocks) if args.blocks else None
    if con is not None:
        print(render(lat, con).split("\n", 1)[1])
    return 0 if ok(lat, con) else 1


if __name__ == "__main__":
    raise SystemExit(main())
