"""SIGKILL during `timing-console merge`: the day always opens and a rerun completes it.

The harness is `tests/support/mergekill.py` (`python -m bench.bench_merge --kills N`
kills 100+ times); this is the short run, on small stations so each merge is quick.
"""

from __future__ import annotations

from tests.support.mergekill import build_station, kill_rounds
from timing_console.stations.exchange import share
from timing_console.stations.view import open_view


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
