"""SIGKILL during `timing-console merge`: the day always opens and a rerun completes it.

The harness is `bench/bench_merge.py --kills N` (the long run kills 100+
times); this is the short run, on small stations so each merge is quick.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from bench_merge import build_station, kill_rounds  # noqa: E402
from timing_console.stations.exchange import share  # noqa: E402
from timing_console.stations.view import open_view  # noqa: E402


def test_killing_a_merge_loses_nothing_doubles_nothing_and_the_day_opens(tmp_path):
    bundles = []
    for n in range(3):
        db = build_station(tmp_path, f"s{n}", n, 400)
        repo = open_view(db, readonly=True)
        bundles.append(tmp_path / f"s{n}.bundle")
        share(db, repo.me, repo.require_day(), bundles[-1])
        repo.close()
    desk = build_station(tmp_path, "desk", 3, 0)
    figures = kill_rounds(desk, bundles, kills=4, seed=5)
    assert figures["failed_open"] == 0
    assert figures["lost"] == 0 and figures["twice"] == 0
    assert figures["rounds"] == 4
