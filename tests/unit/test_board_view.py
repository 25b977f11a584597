"""What the board sends after a save: only what changed, in whole sections.

And the whole board when the day itself changed.
"""

from __future__ import annotations

import json

from tests.support.boardkit import close_heat, lane_of, record
from timing_console.stations.view import open_view
from timing_console.web.board.view import build_view, patch

RACE = "paddle-ball-run"


def view_of(db):
    repo = open_view(db, readonly=True)
    return build_view(repo)


def merged(old, changed):
    """What the page's script does with a patch."""
    board = json.loads(json.dumps(old.data))
    for key in ("seq", "day", "programme", "announcer"):
        if key in changed:
            board[key] = changed[key]
    for key in ("events", "stations"):
        by_id = {e["id"]: e for e in changed[key]}
        board[key] = [by_id.get(e["id"], e) for e in board[key]]
    return board


def test_a_result_patches_its_event_only(day, sample_day):
    before = view_of(day)
    record(day, RACE, 1, lane_of(sample_day, RACE, 1, "901"), "12.34")
    after = view_of(day)
    changed = json.loads(patch(before, after) or "null")
    assert [e["id"] for e in changed["events"]] == [RACE]
    assert "programme" not in changed and "announcer" not in changed
    assert changed["seq"] == after.seq
    assert merged(before, changed) == after.data
    assert len(patch(before, after) or "") < len(after.json) / 3


def test_closing_a_heat_patches_the_programme_and_the_announcer(day, sample_day):
    record(day, RACE, 1, lane_of(sample_day, RACE, 1, "901"), "12.34")
    before = view_of(day)
    close_heat(day, RACE, 1)
    after = view_of(day)
    changed = json.loads(patch(before, after) or "null")
    assert changed["announcer"]["heat"] == 1 and "programme" in changed
    assert merged(before, changed) == after.data
    twice = merged(after, changed)  # a patch applied again changes nothing
    assert twice == after.data


def test_another_day_is_sent_whole(day, sample_day, tmp_path):
    other = tmp_path / "other" / "day.json"
    other.parent.mkdir()
    before = view_of(day)
    empty = build_view(open_view(other, readonly=True))
    assert patch(before, empty) is None and patch(empty, before) is None
