"""Changes on the day: move, swap and late entries keep the rules and say why."""

from __future__ import annotations

import pytest

from tests.support.clock import stamp
from timing_console.model import Athlete, Status
from timing_console.rules import lineup
from timing_console.rules.heat.machine import HeatError
from timing_console.rules.heat.results import ParsedResult
from timing_console.rules.heat.stamp import ReasonNeeded
from timing_console.rules.ranking import rank_event

AT = stamp()
EVENT = "paddle-ball-run"


def seat(repo, bib):
    return next(e for e in repo.require_day().lanes if e.event == EVENT and e.bib == bib)


def test_move_an_athlete_to_a_free_lane_of_another_heat(repo):
    day = repo.require_day()
    first = day.lineup(EVENT, 1)[0]
    free = max(e.lane for e in day.lineup(EVENT, 2)) + 1
    change = lineup.move(repo.lineup(), EVENT, first.bib, 2, free, reason="late bus", stamp=AT)
    repo.apply_lineup(change)
    moved = seat(repo, first.bib)
    assert (moved.heat, moved.lane) == (2, free)
    [note] = [c for c in repo.changes() if c.kind == "lineup"]
    assert (note.old, note.new, note.reason, note.bib) == (
        {"heat": 1, "lane": first.lane},
        {"heat": 2, "lane": free},
        "late bus",
        first.bib,
    )
    assert repo.heat_state(EVENT, 2).notes == 1


def test_a_line_up_change_needs_a_reason_and_a_free_lane_and_an_unstarted_heat(repo):
    day = repo.require_day()
    a, b = day.lineup(EVENT, 1)[:2]
    with pytest.raises(ReasonNeeded):
        lineup.move(repo.lineup(), EVENT, a.bib, 1, 8, reason=" ", stamp=AT)
    with pytest.raises(HeatError, match="taken"):
        lineup.move(repo.lineup(), EVENT, a.bib, 1, b.lane, reason="x", stamp=AT)
    with pytest.raises(HeatError, match="does not exist"):
        lineup.move(repo.lineup(), EVENT, a.bib, 1, 9, reason="x", stamp=AT)
    repo.apply(repo.board(EVENT, 2).start(AT, "boot"))
    with pytest.raises(HeatError, match="started"):
        lineup.move(repo.lineup(), EVENT, a.bib, 2, 8, reason="x", stamp=AT)


def test_swap_two_lanes_before_the_gun_and_not_after(repo):
    a, b = repo.require_day().lineup(EVENT, 1)[:2]
    repo.apply_lineup(lineup.swap(repo.lineup(), EVENT, 1, a.lane, b.lane, reason="x", stamp=AT))
    assert (seat(repo, a.bib).lane, seat(repo, b.bib).lane) == (b.lane, a.lane)
    board = repo.apply(repo.board(EVENT, 1).start(AT, "boot"))
    assert board.entry(a.lane).bib == b.bib
    with pytest.raises(HeatError, match="started"):
        lineup.swap(repo.lineup(), EVENT, 1, a.lane, b.lane, reason="x", stamp=AT)


def test_a_late_athlete_keeps_the_entry_rules_unless_overridden(repo):
    late = Athlete(bib="999", name="迟到", unit="区教育局")
    free = max(e.lane for e in repo.require_day().lineup("rope-skipping", 1)) + 1
    with pytest.raises(HeatError, match="marked events"):
        lineup.add_late(repo.lineup(), late, "rope-skipping", 1, free, reason="late", stamp=AT)
    change = lineup.add_late(
        repo.lineup(), late, "rope-skipping", 1, free, reason="chair's say", stamp=AT, override=True
    )
    repo.apply_lineup(change)
    assert repo.require_day().athlete("999").events == ("rope-skipping",)
    board = repo.apply(repo.board("rope-skipping", 1).start(AT, "boot"))
    assert board.entry(free).bib == "999" and free in board.lanes
    [note] = [c for c in repo.changes() if c.kind == "lineup"]
    assert "overridden" in note.reason


def test_a_late_athlete_into_a_closed_heat_is_refused_and_still_ranked_when_accepted(repo):
    """Issue 9: a late athlete in a closed heat was accepted, then missing from the standings."""
    day = repo.require_day()
    known = next(a for a in day.athletes if "rope-skipping" not in a.events and len(a.events) < 3)
    board = repo.board("rope-skipping", 1)
    for entry in board.lineup:
        count = ParsedResult(Status.OK, count=80 + entry.lane)
        board = repo.apply(board.enter(entry.lane, count, AT, reason=""))
    repo.apply(board.close(AT))
    free = max(e.lane for e in day.lineup("rope-skipping", 1)) + 1
    with pytest.raises(HeatError, match="closed"):
        lineup.add_late(repo.lineup(), known, "rope-skipping", 1, free, reason="late", stamp=AT)
    heat2 = max(day.heat_numbers("rope-skipping"))
    free2 = max(e.lane for e in day.lineup("rope-skipping", heat2)) + 1
    repo.apply_lineup(
        lineup.add_late(repo.lineup(), known, "rope-skipping", heat2, free2, reason="x", stamp=AT)
    )
    board = repo.board("rope-skipping", heat2)
    result = ParsedResult(Status.OK, count=150)
    repo.apply(board.enter(free2, result, AT, reason=""))
    standings = rank_event(repo.require_day(), "rope-skipping", repo.attempts())
    assert standings.rows[0].bib == known.bib and standings.rows[0].place == 1
