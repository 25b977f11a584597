"""Where a race key's main-thread time goes: cProfile of race rounds through Textual's Pilot.

    python -m bench.profile_heat_keys [--attempts 10000] [--rounds 8] [--out FILE]

Opens the console bench's day (`bench_console.build_day`) in the real app under
Pilot, opens the 8-lane race heat and sends `--rounds` rounds of keys, each
stamped as the input thread stamps them: the gun, eight finishes, `v`, `y`.
Prints, per key, the time spent in `HeatScreen.on_key` and in its children,
and what the frames cost: screen layouts, whole-screen renders and CSS
restyles per key. The counts do not depend on the machine's load (the times
do, and cProfile inflates pure Python about twofold): compare counts first.
A child's own children are summed over all of that child's callers (cProfile
keeps one level of callers).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_console import RACE, build_day
from tests.support.keys import post_key
from timing_console.app import TimingConsoleApp
from timing_console.model import events as catalogue

LANES = "31572846"
COUNTED = {
    "layouts": ("screen.py", "_refresh_layout"),
    "whole-screen renders": ("_compositor.py", "render_full_update"),
    "partial renders": ("_compositor.py", "render_partial_update"),
    "stylesheet matches": ("stylesheet.py", "apply"),
}
"""What a key makes Textual do, by the function that does it."""


async def drive(db: Path, rounds: int, profile: cProfile.Profile) -> int:
    """Race rounds through Pilot, profiled from the first gun; the number of keys sent."""
    app = TimingConsoleApp(db_path=db, lang="en")
    sent = 0
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_heat(RACE, 1)
        await pilot.pause()
        await asyncio.sleep(0.3)

        async def press(key: str) -> None:
            nonlocal sent
            post_key(app, key, time.monotonic())  # as the input thread does
            sent += 1
            await pilot.pause()

        profile.enable()
        for _ in range(rounds):
            await press("space")
            await asyncio.sleep(0.05)
            for lane in LANES:
                await press(lane)
            await press("v")
            await press("y")
        profile.disable()
    return sent


def report(stats: pstats.Stats, keys: int) -> None:
    """on_key and its children per key, then what the frames did per key."""
    raw = stats.stats  # type: ignore[attr-defined]
    by_name = {(Path(f).name, name): (key, row) for key, row in raw.items() for f, _, name in [key]}
    on_key = by_name.get(("heat_base.py", "on_key"))
    if on_key is None:
        sys.exit("HeatScreen.on_key never ran")

    def children(of: tuple[str, int, str], depth: int, indent: str) -> None:
        rows = [(k, r) for k, r in raw.items() if of in r[4]]
        rows.sort(key=lambda kr: -kr[1][4][of][3])
        for key, row in rows:
            cum = row[4][of][3] * 1000 / keys
            if cum < 0.02:
                continue
            print(f"{indent}{Path(key[0]).name}:{key[2]:28} {cum:7.3f} ms/key")
            if depth > 1:
                children(key, depth - 1, indent + "    ")

    key, row = on_key
    print(f"{keys} keys; HeatScreen.on_key {row[3] * 1000 / keys:.3f} ms/key (cumulative):")
    children(key, 2, "    ")
    print("per key:")
    for what, (file, name) in COUNTED.items():
        found = by_name.get((file, name))
        calls = found[1][1] if found else 0
        print(f"    {what:22} {calls / keys:6.2f}")


def main() -> None:
    """Profile, save the profile, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--out", type=Path, default=None, help="also save the profile here")
    args = parser.parse_args()
    spec = catalogue.CATALOGUE[RACE]  # as the console bench's --fast-races
    catalogue.CATALOGUE[RACE] = spec.model_copy(update={"min_time_ms": 20})
    profile = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "day.json"
        build_day(db, args.attempts)
        keys = asyncio.run(drive(db, args.rounds, profile))
    if args.out is not None:
        profile.dump_stats(args.out)
    report(pstats.Stats(profile), keys)


if __name__ == "__main__":
    main()
