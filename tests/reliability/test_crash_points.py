"""Every crash point of a commit, a snapshot and an open: fail it, stop there, or cut the power.

The harness is `tests/support/faults.py` (fault injector and SQLite-style fake
disk) and `tests/support/crash_cases.py` (workloads and judging); `bench/crash_harness.py`
runs the long version against stock TinyDB too. Each case starts from one of
several days on disk (new, with snapshot, journal only, torn journal tail,
damaged snapshot), so recovery on open runs under faults as well.
"""

from __future__ import annotations

import pytest

from tests.support.crash_cases import VARIANTS, Harness, Outcome


@pytest.fixture(scope="module")
def harness(tmp_path_factory) -> Harness:
    """One harness per module, so each starting day is prepared once."""
    return Harness(tmp_path_factory.mktemp("crash"))


def _failures(outcomes: list[Outcome]) -> str:
    return "\n".join(
        f"{o.case}: lost {o.lost}, half-applied {o.partial}, failed-but-saved "
        f"{o.failed_landed}, phantom {o.phantom}, unclear {o.unclear}, {o.error}"
        for o in outcomes
        if not o.ok
    )


def _run(harness: Harness, mode: str, cut_seeds: int = 1) -> list[Outcome]:
    return [harness.run(case) for case in harness.cases("ours", modes=(mode,), cut_seeds=cut_seeds)]


def test_every_starting_day_has_crash_points_in_open_commit_snapshot_and_close(harness):
    for variant in VARIANTS["ours"]:
        # 8 commits of write + fsync alone are 16 points; snapshots and open add more.
        assert harness.points("ours", variant) > 30, variant


def test_a_failing_call_anywhere_raises_store_error_and_saves_nothing_half(harness):
    outcomes = _run(harness, "fail")
    assert len(outcomes) > 200
    assert all(o.ok for o in outcomes), _failures(outcomes)
    assert all(o.fired for o in outcomes)
    assert sum(o.failed for o in outcomes) > 50  # commits really were refused, and said so


def test_dying_anywhere_loses_at_most_the_commit_in_flight(harness):
    outcomes = _run(harness, "stop")
    assert all(o.ok for o in outcomes), _failures(outcomes)
    assert all(o.fired for o in outcomes)
    assert sum(o.unacked_missing for o in outcomes) > 0


def test_a_power_cut_anywhere_keeps_every_commit_that_returned(harness):
    outcomes = _run(harness, "cut")
    assert all(o.ok for o in outcomes), _failures(outcomes)
    stats = [o.stats for o in outcomes if o.stats is not None]
    assert len(stats) == len(outcomes)
    # The cuts really did drop, garble and undo unsynced work:
    assert sum(s.dropped for s in stats) and sum(s.garbled for s in stats)
    assert sum(s.names_undone for s in stats)


def test_the_fake_disk_catches_a_store_whose_fsync_does_nothing(tmp_path):
    """Self-test: if fsync made nothing durable, the same cuts must lose acknowledged data."""
    liar = Harness(tmp_path, honour_fsync=False)
    cases = [c for c in liar.cases("ours", modes=("cut",)) if c.variant == "snapshot"]
    outcomes = [liar.run(case) for case in cases]
    assert sum(o.lost for o in outcomes) > 0


def test_the_same_harness_runs_on_stock_tinydb(harness):
    """Stock TinyDB is only reported on (bench/crash_harness.py), never held to our rules."""
    cases = harness.cases("stock")[::25]
    outcomes = [harness.run(case) for case in cases]
    assert {o.case.mode for o in outcomes} == {"fail", "stop", "cut"}
    assert all(o.fired or o.case.at > harness.points("stock", o.case.variant) for o in outcomes)
