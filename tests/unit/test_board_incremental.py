"""The board re-ranks only the events a save touched, and shows exactly what a full ranking does."""

from __future__ import annotations

import pytest

from tests.support.boardkit import load
from tests.support.clock import stamp
from timing_console.rules.heat.results import parse_result
from timing_console.rules.lineup import swap
from timing_console.rules.ranking import rank_event
from timing_console.stations.follow import Follower
from timing_console.stations.view import open_view
from timing_console.web.board import view as view_module
from timing_console.web.board.view import build_view

RACE, ROPE = "paddle-ball-run", "rope-skipping"


@pytest.fixture
def writer(db_path, sample_day):
    """The day held open for writing, as the console holds it."""
    load(db_path, sample_day)
    repo = open_view(db_path)
    yield repo
    repo.close()


def enter(repo, event, lane, text):
    spec = repo.require_day().event(event)
    board = repo.board(event, 1)
    repo.apply(board.enter(lane, parse_result(spec, text), stamp(), reason=""))


def test_a_save_re_ranks_its_own_event_only_and_matches_a_full_ranking(
    writer, db_path, monkeypatch
):
    follower = Follower(db_path)
    before = build_view(follower.view, None, follower.take_touched())
    enter(writer, RACE, 1, "12.34")
    enter(writer, RACE, 2, "11.20")
    assert follower.poll()
    touched = follower.take_touched()
    assert touched == frozenset({RACE})
    ranked: list[str] = []

    def counting(day, event, attempts, conflicts=None):
        ranked.append(event)
        return rank_event(day, event, attempts, conflicts)

    monkeypatch.setattr(view_module, "rank_event", counting)
    quick = build_view(follower.view, before, touched)
    assert ranked == [RACE]
    full = build_view(follower.view)
    assert quick.data == full.data and quick.standings == full.standings
    assert follower.take_touched() == frozenset()  # taken: nothing new since


def test_a_change_of_the_day_itself_ranks_every_event_again(writer, db_path):
    """A line-up change rewrites the day: the board cannot know which events moved."""
    follower = Follower(db_path)
    follower.take_touched()
    enter(writer, ROPE, 1, "98")
    day = writer.require_day()
    first, second = (e.lane for e in day.lineup(RACE, 2)[:2])
    writer.apply_lineup(
        swap(writer.lineup(), RACE, 2, first, second, reason="swapped at the start", stamp=stamp())
    )
    assert follower.poll()
    assert follower.take_touched() is None


def test_untouched_events_keep_their_drawn_sections_unless_what_is_held_back_changed(
    writer, db_path, monkeypatch
):
    """A save redraws its own event's section; the others are the previous board's, except
    when a conflict now holds a result back (or no longer does): then they show it."""
    follower = Follower(db_path)
    enter(writer, ROPE, 1, "98")
    follower.poll()
    follower.take_touched()
    before = build_view(follower.view)
    enter(writer, RACE, 1, "12.34")
    assert follower.poll()
    touched = follower.take_touched()
    quick = build_view(follower.view, before, touched)
    for new, old in zip(quick.data["events"], before.data["events"], strict=True):
        assert (new is old) == (new["id"] != RACE)

    bib = next(a.bib for a in follower.view.attempts(ROPE))
    monkeypatch.setattr(type(follower.view), "held_back", lambda self: {(ROPE, bib)})
    held = build_view(follower.view, quick, frozenset())
    (rope,) = (e for e in held.data["events"] if e["id"] == ROPE)
    assert [r["conflict"] for r in rope["rows"] if r["bib"] == bib] == [True]
    assert held.data == build_view(follower.view).data
