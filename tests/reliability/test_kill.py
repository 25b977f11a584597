"""SIGKILL at random moments: every acknowledged result survives and the day opens.

The harness lives in `tests/support/killer.py` (the long run kills 200+ times); this is
the short run. A child records race heats through the real store, or drives
the real console under Pilot, printing each commit only after the store has
returned; the parent kills it after a seeded random number of lines.
"""

from __future__ import annotations

from tests.support.killer import kill_rounds

SEED = 20260920


def _explain(rounds) -> str:
    return "\n".join(
        f"round {n}: lost {r.lost}, half-applied {r.partial}, opened {r.opened}, {r.error}"
        for n, r in enumerate(rounds)
        if not r.ok
    )


def test_killing_a_store_writer_at_random_never_loses_an_acknowledged_commit(tmp_path):
    rounds = kill_rounds("store", tmp_path, kills=10, seed=SEED)
    assert all(r.ok for r in rounds), _explain(rounds)
    assert all(r.killed for r in rounds)
    assert sum(r.acked for r in rounds) >= 10  # the kills landed mid-work, not before it


def test_killing_the_console_mid_heat_keeps_every_finish_it_showed(tmp_path):
    rounds = kill_rounds("app", tmp_path, kills=1, seed=SEED)
    assert all(r.ok for r in rounds), _explain(rounds)
    assert rounds[-1].killed
    assert sum(r.acked for r in rounds) >= 1
