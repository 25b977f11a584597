"""The call room's data: each station's heat on now and the next two, absentees, live clocks.

The board's data is built from the day exactly as the board builds it after
a save (`build_view` over a read-only view); heats are started, marked DNS
and closed through the store as the referee's keys do.
"""

from __future__ import annotations

import pytest

from tests.support.boardkit import (
    close_heat,
    generated_day,
    lane_of,
    mark_dns,
    record,
    start_heat,
)
from tests.support.clock import stamp
from timing_console.model import Day, EventKind
from timing_console.rules.heat.clock import format_clock
from timing_console.stations.view import open_view
from timing_console.web.board.callroom import CALLED, calls, face
from timing_console.web.board.view import build_view

RACE = "paddle-ball-run"
COUNT = "bean-moving"


def board_of(db):
    repo = open_view(db, readonly=True)
    try:
        return build_view(repo).data
    finally:
        repo.close()


def station(data, event):
    return next(s for s in data["stations"] if s["id"] == event)


def heats(group):
    return [h["heat"] for h in group]


@pytest.fixture
def big(tmp_path) -> tuple[Day, object]:
    """A day of 200 athletes: every event has many more heats than the call room shows."""
    db = tmp_path / "day.json"
    return generated_day(tmp_path / "files", db), db


def test_before_the_gun_each_station_calls_its_first_heats(big):
    day, db = big
    data = board_of(db)
    assert [s["id"] for s in data["stations"]] == [e.id for e in day.events()]
    for spec in day.events():
        s = station(data, spec.id)
        assert s["now"] == []
        assert heats(s["next"]) == day.heat_numbers(spec.id)[:CALLED]
        assert s["left"] == len(day.heat_numbers(spec.id))


def test_the_running_heat_is_on_now_and_the_next_two_are_called(big):
    day, db = big
    numbers = day.heat_numbers(RACE)
    assert len(numbers) > CALLED + 2
    start_heat(db, RACE, numbers[0])
    s = station(board_of(db), RACE)
    assert heats(s["now"]) == [numbers[0]] and s["now"][0]["phase"] == "running"
    assert heats(s["next"]) == numbers[1 : 1 + CALLED]
    close_heat(db, RACE, numbers[0])
    close_heat(db, RACE, numbers[2])  # a heat run out of order: done, never called again
    s = station(board_of(db), RACE)
    assert s["now"] == [] and heats(s["next"]) == [numbers[1], numbers[3]]
    assert s["left"] == len(numbers) - 2
    other = station(board_of(db), COUNT)  # another station is not moved by this one
    assert other["now"] == [] and heats(other["next"]) == day.heat_numbers(COUNT)[:CALLED]


def test_a_station_with_every_heat_closed_calls_no_one(big):
    day, db = big
    for n in day.heat_numbers("free-throw"):
        close_heat(db, "free-throw", n)
    s = station(board_of(db), "free-throw")
    assert s["now"] == [] and s["next"] == [] and s["left"] == 0


def test_lanes_name_each_athlete_and_cross_out_those_marked_dns(day, sample_day):
    lineup = sample_day.lineup(RACE, 2)
    absent = lineup[1]
    mark_dns(day, RACE, 2, absent.lane)
    called = station(board_of(day), RACE)["next"]
    heat = next(h for h in called if h["heat"] == 2)
    assert [(lane["lane"], lane["bib"]) for lane in heat["lanes"]] == [
        (e.lane, e.bib) for e in lineup
    ]
    for lane in heat["lanes"]:
        athlete = sample_day.athlete(lane["bib"])
        assert athlete is not None
        assert (lane["name"], lane["unit"]) == (athlete.name, athlete.unit)
        assert lane["dns"] is (lane["bib"] == absent.bib)
    start_heat(day, RACE, 2)  # still crossed out once the heat runs without them
    now = station(board_of(day), RACE)["now"][0]
    assert [lane["dns"] for lane in now["lanes"]] == [e.bib == absent.bib for e in lineup]


def test_a_dns_taken_back_is_no_longer_crossed_out(day, sample_day):
    lane = sample_day.lineup(RACE, 1)[0].lane
    mark_dns(day, RACE, 1, lane)
    mark_dns(day, RACE, 1, lane)  # the DNS key again: taken back
    heat = station(board_of(day), RACE)["next"][0]
    assert not any(lane["dns"] for lane in heat["lanes"])


def test_a_running_race_sends_its_start_on_the_wall_clock(day, sample_day):
    assert station(board_of(day), RACE)["next"][0]["clock"] is None  # not started: no clock
    gun = stamp(30.0)
    start_heat(day, RACE, 1, at=gun)
    clock = station(board_of(day), RACE)["now"][0]["clock"]
    assert clock == {"start": round(gun.wall * 1000)}
    # every lane in: the race clock stops at the last finish, not counting on until closed
    times = {e.bib: f"{12 + e.lane / 10:.2f}" for e in sample_day.lineup(RACE, 1)}
    for bib, text in times.items():
        record(day, RACE, 1, lane_of(sample_day, RACE, 1, bib), text)
    clock = station(board_of(day), RACE)["now"][0]["clock"]
    last = max(times.values(), key=float)
    assert clock["start"] == round(gun.wall * 1000)
    assert clock["stop"] == round(float(last) * 1000)


def test_a_countdown_sends_its_length_and_free_throws_no_clock(day, sample_day):
    gun = stamp(5.0)
    start_heat(day, COUNT, 1, at=gun)
    spec = sample_day.event(COUNT)
    assert spec.kind is EventKind.COUNT and spec.duration_s is not None
    clock = station(board_of(day), COUNT)["now"][0]["clock"]
    assert clock == {"start": round(gun.wall * 1000), "down": spec.duration_s * 1000}
    lane = sample_day.lineup("free-throw", 1)[0].lane
    record(day, "free-throw", 1, lane, "1" * 10)
    assert station(board_of(day), "free-throw")["next"][0]["clock"] is None


def test_the_first_face_of_a_clock_is_what_the_page_would_draw():
    start = 1_790_000_000_000
    assert face({"start": start}, start + 12_345) == format_clock(12.345, decimals=1)
    assert face({"start": start}, start - 5_000) == format_clock(0, decimals=1)  # before the gun
    assert face({"start": start, "stop": 13_070}, start + 99_000) == format_clock(13.07, decimals=1)
    down = {"start": start, "down": 60_000}
    assert face(down, start + 12_345) == format_clock(48, decimals=0)  # 47.655 s left: 0:48
    assert face(down, start + 60_000) == format_clock(0, decimals=0)
    assert face(down, start + 75_000) == format_clock(0, decimals=0)


def test_the_announcer_calls_each_stations_next_heat_the_one_just_read_first(day, sample_day):
    record(day, COUNT, 1, sample_day.lineup(COUNT, 1)[0].lane, "30")
    close_heat(day, COUNT, 1)
    data = board_of(day)
    called = calls(data)
    assert called[0]["id"] == COUNT == data["announcer"]["event"]
    assert called[0]["next"][0]["heat"] == 2
    waiting = [s["id"] for s in data["stations"] if s["next"]]
    assert sorted(s["id"] for s in called) == sorted(waiting)
