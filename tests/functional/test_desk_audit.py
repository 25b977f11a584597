"""What a desk decides stays decided and on record: the same late athlete added at two
stations is one conflict that puts them in one lane, and `history` is the audit (every
station's change, every decision with its reason, nothing acknowledged ever gone)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from tests.support.clock import stamp
from tests.support.commands import cli
from tests.support.stationkit import carry, race, record_heat, results_of, station
from timing_console.app import TimingConsoleApp
from timing_console.model import Athlete, Day
from timing_console.rules import lineup
from timing_console.stations.view import open_view
from timing_console.ui.screens.athlete import AthleteScreen
from timing_console.ui.screens.lineup import LineupScreen

RACE = "paddle-ball-run"
WALK = "knee-ball-walk"


def add_late(db: Path, bib: str, event: str, heat: int, lane: int) -> None:
    """The lineup screen's late athlete, as its dialog saves it."""
    repo = open_view(db)
    try:
        late = repo.require_day().athlete(bib) or Athlete(bib=bib, name="迟到", unit="工会")
        change = lineup.add_late(
            repo.lineup(), late, event, heat, lane, reason="came late", stamp=stamp(5)
        )
        repo.apply_lineup(change)
    finally:
        repo.close()


def seats(db: Path, event: str, bib: str) -> list[tuple[int, int]]:
    repo = open_view(db, readonly=True)
    try:
        return sorted(
            (e.heat, e.lane) for e in repo.require_day().lanes if e.event == event and e.bib == bib
        )
    finally:
        repo.close()


def exchange(capsys, tmp_path: Path, source: Path, target: Path) -> None:
    code, _, err = carry(capsys, tmp_path / f"{source.parent.name}.bundle", source, target)
    assert code == 0, err


def seated_twice(tmp_path: Path, day: Day, capsys) -> tuple[Path, Path, Path]:
    """The track and the yard each add late athlete 999 to knee-ball-walk heat 1, in lanes
    5 and 6, without seeing each other; the desk merges both: (track, yard, desk)."""
    track, yard, desk = (station(tmp_path, n, day) for n in ("track", "yard", "desk"))
    add_late(track, "999", WALK, 1, 5)
    add_late(yard, "999", WALK, 1, 6)
    exchange(capsys, tmp_path, track, desk)
    exchange(capsys, tmp_path, yard, desk)
    return track, yard, desk


def conflicts(capsys, db: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(
        cli(capsys, "conflicts", "--format", "json", "--db", str(db))[1]
    )
    return found


def test_the_same_late_athlete_added_at_two_stations_is_one_conflict_deciding_one_lane(
    tmp_path, sample_day: Day, capsys
):
    track, _, desk = seated_twice(tmp_path, sample_day, capsys)
    [found] = conflicts(capsys, desk)
    assert (found["id"], found["kind"], found["event"], found["bib"]) == (
        f"day:athlete:999@{WALK}",
        "athlete",
        WALK,
        "999",
    )
    assert found["stations"] == ["track", "yard"]
    assert found["values"] == {
        "track": [{"event": WALK, "heat": 1, "lane": 5}],
        "yard": [{"event": WALK, "heat": 1, "lane": 6}],
    }
    code, _, err = cli(
        capsys,
        "resolve",
        found["id"],
        "yard",
        "--reason",
        "the call room sent him to 6",
        "--db",
        str(desk),
    )
    assert code == 0, err
    assert conflicts(capsys, desk) == []
    assert seats(desk, WALK, "999") == [(1, 6)]
    exchange(capsys, tmp_path, desk, track)  # the decision travels: the station agrees
    assert seats(track, WALK, "999") == [(1, 6)]
    assert conflicts(capsys, track) == []


def test_an_athlete_added_by_one_station_only_is_no_conflict(tmp_path, sample_day, capsys):
    track, desk = station(tmp_path, "track", sample_day), station(tmp_path, "desk", sample_day)
    add_late(track, "999", WALK, 1, 5)
    exchange(capsys, tmp_path, track, desk)
    assert conflicts(capsys, desk) == []
    assert seats(desk, WALK, "999") == [(1, 5)]


def history(capsys, db: Path) -> list[dict[str, Any]]:
    code, out, err = cli(capsys, "history", "--format", "json", "--db", str(db))
    assert code == 0, err
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


def test_history_is_the_audit_station_by_station_with_every_decision_and_its_reason(
    tmp_path, sample_day: Day, capsys
):
    track, desk = station(tmp_path, "track", sample_day), station(tmp_path, "desk", sample_day)
    lanes = [e.lane for e in sample_day.lineup(RACE, 1)]
    race(track, RACE, 1, {lane: 11.0 + lane / 10 for lane in lanes}, at=100)
    exchange(capsys, tmp_path, track, desk)
    lane = lanes[0]
    for db, shown, why in ((desk, "9.99", "the card"), (track, "10.50", "the watch")):
        code, _, err = cli(
            capsys, "record", RACE, "1", str(lane), shown, "--reason", why, "--db", str(db)
        )
        assert code == 0, err
    exchange(capsys, tmp_path, track, desk)
    before = history(capsys, desk)
    assert {(r["station"], r["reason"]) for r in before if r["kind"] == "correction"} >= {
        ("desk", "the card"),
        ("track", "the watch"),
    }
    [found] = conflicts(capsys, desk)
    code, _, err = cli(
        capsys, "resolve", found["id"], "track", "--reason", "the watch is right", "--db", str(desk)
    )
    assert code == 0, err
    after = history(capsys, desk)
    assert all(row in after for row in before)  # nothing acknowledged disappears
    decided = [r for r in after if r["kind"] == "resolve"]
    assert decided and {(r["station"], r["reason"], r["lane"]) for r in decided} == {
        ("desk", "the watch is right", lane)
    }
    assert next(r[5] for r in results_of(desk)["results"] if r[:3] == (RACE, 1, lane)) == 10500


def test_a_decision_on_the_day_is_in_the_history_with_its_reason(tmp_path, sample_day, capsys):
    _, _, desk = seated_twice(tmp_path, sample_day, capsys)
    [found] = conflicts(capsys, desk)
    cli(capsys, "resolve", found["id"], "track", "--reason", "lane 5 it is", "--db", str(desk))
    rows = history(capsys, desk)
    assert {(r["station"], r["kind"]) for r in rows if r["bib"] == "999"} >= {
        ("track", "lineup"),
        ("yard", "lineup"),
        ("desk", "resolve"),
    }
    [choice] = [r for r in rows if r["kind"] == "resolve"]
    assert (choice["event"], choice["bib"], choice["new"], choice["reason"]) == (
        WALK,
        "999",
        "track",
        "lane 5 it is",
    )
    code, out, _ = cli(capsys, "history", "--db", str(desk))
    assert code == 0 and "station" in out.splitlines()[0] and "lane 5 it is" in out


def standing_of(capsys, db: Path, event: str, bib: str) -> dict[str, Any]:
    code, out, err = cli(capsys, "standings", event, "--format", "json", "--db", str(db))
    assert code == 0, err
    rows: list[dict[str, Any]] = json.loads(out)
    return next(r for r in rows if r["bib"] == bib)


def test_an_athlete_timed_in_two_lanes_ranks_only_once_decided_and_by_the_lane_chosen(
    tmp_path, sample_day: Day, capsys
):
    east, west, desk = (station(tmp_path, n, sample_day) for n in ("east", "west", "desk"))
    cards = {e.lane: f"{21 + e.lane}.00" for e in sample_day.lineup(WALK, 2)}
    for db, lane, time in ((east, 5, "25.00"), (west, 6, "26.50")):
        add_late(db, "999", WALK, 2, lane)
        record_heat(db, WALK, 2, {**cards, lane: time})
    exchange(capsys, tmp_path, east, desk)
    exchange(capsys, tmp_path, west, desk)
    before = standing_of(capsys, desk, WALK, "999")
    assert before["place"] is None and not before["prize"] and before["conflict"]
    [found] = conflicts(capsys, desk)  # the two stations agree on lanes 1-4
    assert (found["kind"], found["bib"]) == ("athlete", "999")
    code, _, err = cli(
        capsys, "resolve", found["id"], "east", "--reason", "east's cards", "--db", str(desk)
    )
    assert code == 0, err
    assert conflicts(capsys, desk) == []
    after = standing_of(capsys, desk, WALK, "999")
    assert (after["result"], after["conflict"]) == ("25.00", None)
    assert after["place"] is not None
    exchange(capsys, tmp_path, desk, west)  # the station that seated him in lane 6 agrees
    assert standing_of(capsys, west, WALK, "999")["result"] == "25.00"


async def test_a_desk_shows_the_line_up_changes_two_stations_made_to_one_heat(
    tmp_path, sample_day: Day, capsys
):
    east, west, desk = (station(tmp_path, n, sample_day) for n in ("east", "west", "desk"))
    add_late(east, "998", WALK, 1, 5)
    add_late(west, "999", WALK, 1, 6)  # each station's first note of the heat: one key
    exchange(capsys, tmp_path, east, desk)
    exchange(capsys, tmp_path, west, desk)
    for db, bib in ((desk, "998"), (desk, "999"), (east, "998")):
        app = TimingConsoleApp(db, lang="en")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = LineupScreen(app.session, WALK, 1)
            app.push_screen(screen)
            await pilot.pause()
            notes = screen.query_one("#changes", DataTable)
            assert notes.row_count == (2 if db == desk else 1)
            app.push_screen(AthleteScreen(app.session, bib))
            await pilot.pause()
            assert app.is_running


@pytest.mark.parametrize("chosen, shown", [("desk", 9990), ("track", 10500)])
def test_a_lane_conflict_decided_for_either_side_is_settled_everywhere(
    tmp_path, sample_day: Day, capsys, chosen, shown
):
    track, desk = station(tmp_path, "track", sample_day), station(tmp_path, "desk", sample_day)
    lanes = [e.lane for e in sample_day.lineup(RACE, 1)]
    race(track, RACE, 1, {lane: 11.0 + lane / 10 for lane in lanes}, at=100)
    exchange(capsys, tmp_path, track, desk)
    for db, value in ((desk, "9.99"), (track, "10.50")):
        code, _, err = cli(
            capsys, "record", RACE, "1", str(lanes[0]), value, "--reason", "card", "--db", str(db)
        )
        assert code == 0, err
    exchange(capsys, tmp_path, track, desk)
    [found] = conflicts(capsys, desk)
    code, _, err = cli(
        capsys, "resolve", found["id"], chosen, "--reason", "the referee", "--db", str(desk)
    )
    assert code == 0, err
    exchange(capsys, tmp_path, desk, track)
    for db in (desk, track):
        assert conflicts(capsys, db) == []
        row = next(r for r in results_of(db)["results"] if r[:3] == (RACE, 1, lanes[0]))
        assert row[5] == shown
