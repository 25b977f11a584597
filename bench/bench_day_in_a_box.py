"""A day in a box (issue 20's proof): whole days of a desk and four stations, faults injected.

    python -m bench.bench_day_in_a_box [--days 20] [--seed 1] [--big-every 4] [--athletes 200]

Each day runs on this machine at accelerated time (`tests/support/daybox.py`
says how): practice then real day, heats run at four stations among pushes
through a flaky localhost proxy to `board --accept-push` (SIGKILLed and
restarted), USB bundles shared and merged in random order, doubled and cut,
referee slips corrected with a reason, late athletes (one added at two
stations and decided with `resolve`), station processes SIGKILLed mid-heat,
a spare laptop replacing one. Every `--big-every`-th day is a generated day
of `--athletes` athletes, the others the sample day. After a final exchange
the desk's standings, prizes and history are checked against a model of what
every referee meant, and every station against the desk. Figures: days,
records, faults injected, falsified, lost, doubled; goal 0 / 0 / 0.
"""

from __future__ import annotations

import argparse
from typing import Any

from tests.support import daybox


def run(days: int = 20, seed: int = 1, big_every: int = 4, athletes: int = 200) -> dict[str, Any]:
    """Simulate the days; the figures as plain values."""
    return daybox.simulate(days, seed, big_every=big_every, athletes=athletes).as_row()


def ok(f: dict[str, Any]) -> bool:
    """Nothing falsified, lost or doubled, every view as the model, faults really injected."""
    clean = not (f["falsified"] or f["lost"] or f["doubled"] or f["mismatched"] or f["problems"])
    return clean and f["faults"] > 0


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit 1 if anything was falsified, lost or doubled."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--big-every", type=int, default=4, help="0: sample-sized days only")
    parser.add_argument("--athletes", type=int, default=200)
    args = parser.parse_args(argv)
    figures = run(args.days, args.seed, args.big_every, args.athletes)
    print(daybox.render(figures))
    return 0 if ok(figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
