"""Several stations, one desk: share, merge, conflicts and choices, through the commands."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.support.clock import stamp
from tests.support.commands import cli
from tests.support.days import lanes_of
from tests.support.files import fingerprint
from tests.support.paths import SAMPLE
from tests.support.stationkit import (
    an_old_releases_foul,
    carry,
    race,
    record_heat,
    record_heat_in,
    results_of,
    station,
)
from timing_console.model import Athlete, Day
from timing_console.stations.files import StationFiles
from timing_console.stations.view import open_view
from timing_console.store.db import Put

RACE = "paddle-ball-run"
COUNT = "rope-skipping"


def times(day: Day, event: str, heat: int, base: float) -> dict[int, float]:
    """A time per lane of a heat: different lanes, different times."""
    return {lane: base + 0.37 * n for n, lane in enumerate(lanes_of(day, event, heat))}


def counts(day: Day, event: str, heat: int, base: int) -> dict[int, str]:
    return {lane: str(base + 3 * n) for n, lane in enumerate(lanes_of(day, event, heat))}


def share_and_merge(capsys, tmp_path: Path, field: dict[str, Path]) -> tuple[int, str, str]:
    """The track and the yard share bundles; the desk merges both in one command."""
    for name in ("track", "yard"):
        cli(capsys, "share", str(tmp_path / f"{name}.bundle"), "--db", str(field[name]))
    bundles = [str(tmp_path / "track.bundle"), str(tmp_path / "yard.bundle")]
    return cli(capsys, "merge", *bundles, "--db", str(field["desk"]))


@pytest.fixture
def field(tmp_path: Path, sample_day: Day) -> dict[str, Path]:
    """Three stations of one day: the track, the yard, and the desk."""
    return {name: station(tmp_path, name, sample_day) for name in ("track", "yard", "desk")}


def test_desk_shows_every_station_like_one_console_that_recorded_all(
    field, tmp_path, sample_day, capsys
):
    race(field["track"], RACE, 1, times(sample_day, RACE, 1, 11.0), at=100)
    record_heat(field["yard"], COUNT, 1, counts(sample_day, COUNT, 1, 80), at=100)
    alone = station(tmp_path, "alone", sample_day)
    race(alone, RACE, 1, times(sample_day, RACE, 1, 11.0), at=100)
    record_heat(alone, COUNT, 1, counts(sample_day, COUNT, 1, 80), at=100)

    for name in ("track", "yard"):
        code, out, _ = cli(
            capsys, "share", str(tmp_path / f"{name}.bundle"), "--db", str(field[name])
        )
        assert code == 0 and f"of station {name}" in out
    code, out, err = cli(
        capsys,
        "merge",
        str(tmp_path / "track.bundle"),
        str(tmp_path / "yard.bundle"),
        "--db",
        str(field["desk"]),
    )
    assert code == 0, err
    assert "station track:" in out and "station yard:" in out
    desk = results_of(field["desk"])
    assert desk == results_of(alone)
    assert len(desk["results"]) == len(lanes_of(sample_day, RACE, 1)) + len(
        lanes_of(sample_day, COUNT, 1)
    )


def test_merging_again_or_in_another_order_changes_nothing(field, tmp_path, sample_day, capsys):
    race(field["track"], RACE, 1, times(sample_day, RACE, 1, 11.0), at=100)
    record_heat(field["yard"], COUNT, 2, counts(sample_day, COUNT, 2, 60), at=100)
    bundles = []
    for name in ("track", "yard"):
        bundles.append(str(tmp_path / f"{name}.bundle"))
        cli(capsys, "share", bundles[-1], "--db", str(field[name]))
    cli(capsys, "merge", *bundles, "--db", str(field["desk"]))
    once = fingerprint(field["desk"].parent)
    code, out, _ = cli(capsys, "merge", *bundles, "--db", str(field["desk"]))
    assert code == 0 and "nothing new" in out
    assert fingerprint(field["desk"].parent) == once

    other = station(tmp_path, "other-desk", sample_day)
    for b in reversed(bundles):
        cli(capsys, "merge", b, "--db", str(other))
    assert results_of(other) == results_of(field["desk"])


def test_a_bundle_carried_on_from_one_desk_to_another(field, tmp_path, sample_day, capsys):
    race(field["track"], RACE, 1, times(sample_day, RACE, 1, 11.0), at=100)
    carry(capsys, tmp_path / "t.bundle", field["track"], field["yard"])
    _code, out, _ = cli(capsys, "share", str(tmp_path / "y.bundle"), "--db", str(field["yard"]))
    assert "of station track" in out
    cli(capsys, "merge", str(tmp_path / "y.bundle"), "--db", str(field["desk"]))
    assert results_of(field["desk"])["results"] == results_of(field["track"])["results"]


@pytest.mark.parametrize("fault", ["damaged", "cut", "other-day", "not-a-bundle"])
def test_a_bad_bundle_is_refused_naming_it_and_nothing_changes(
    fault, field, tmp_path, sample_day, capsys
):
    race(field["track"], RACE, 1, times(sample_day, RACE, 1, 11.0), at=100)
    path = tmp_path / "t.bundle"
    if fault == "other-day":
        other = station(tmp_path, "elsewhere", sample_day.model_copy(update={"date": "2027-01-01"}))
        cli(capsys, "share", str(path), "--db", str(other))
    else:
        cli(capsys, "share", str(path), "--db", str(field["track"]))
        data = bytearray(path.read_bytes())
        if fault == "damaged":
            data[len(data) // 2] ^= 0x01
        elif fault == "cut":
            del data[len(data) * 2 // 3 :]
        else:
            data[:] = b"name,unit\n1,2\n"
        path.write_bytes(bytes(data))
    before = fingerprint(field["desk"].parent)
    code, _out, err = cli(capsys, "merge", str(path), "--db", str(field["desk"]))
    assert code == 1
    assert str(path) in err and "nothing was changed" in err
    assert len(err.strip().splitlines()) == 1
    assert fingerprint(field["desk"].parent) == before


def test_two_stations_timing_one_heat_is_a_conflict_kept_off_the_prizes_until_chosen(
    field, tmp_path, sample_day, capsys
):
    race(field["track"], RACE, 1, times(sample_day, RACE, 1, 11.0), at=100)
    race(field["yard"], RACE, 1, times(sample_day, RACE, 1, 14.0), at=100)
    code, _, err = share_and_merge(capsys, tmp_path, field)
    assert code == 0 and "1 conflict to decide" in err
    code, out, _ = cli(capsys, "conflicts", "--format", "json", "--db", str(field["desk"]))
    [conflict] = json.loads(out)
    assert (conflict["event"], conflict["heat"], conflict["lane"]) == (RACE, 1, None)
    assert conflict["stations"] == ["track", "yard"]
    assert {r["time_ms"] for r in conflict["values"]["track"]} == {
        round(t * 1000) for t in times(sample_day, RACE, 1, 11.0).values()
    }
    bibs = {e.bib for e in sample_day.lineup(RACE, 1)}
    prizes = results_of(field["desk"])["prizes"]
    assert not any(p["bib"] in bibs and p["event"] == RACE for p in prizes)

    code, _, err = cli(
        capsys, "resolve", conflict["id"], "yard", "--db", str(field["desk"]), "--reason", ""
    )
    assert code == 1 and "reason" in err
    code, out, _ = cli(
        capsys,
        "resolve",
        conflict["id"],
        "yard",
        "--reason",
        "track's watch was not reset",
        "--db",
        str(field["desk"]),
    )
    assert code == 0 and "decided for station yard" in out
    assert (
        cli(capsys, "conflicts", "--format", "json", "--db", str(field["desk"]))[1].strip() == "[]"
    )
    desk = results_of(field["desk"])
    assert desk["results"] == results_of(field["yard"])["results"]

    # The choice is an ordinary record: a second desk that merges it decides alike.
    cli(capsys, "share", str(tmp_path / "desk.bundle"), "--db", str(field["desk"]))
    second = station(tmp_path, "second-desk", sample_day)
    cli(capsys, "merge", str(tmp_path / "desk.bundle"), "--db", str(second))
    assert results_of(second) == desk


def correct(capsys, db: Path, lane: int, shown: str, reason: str) -> None:
    code, _, err = cli(
        capsys, "record", RACE, "1", str(lane), shown, "--reason", reason, "--db", str(db)
    )
    assert code == 0, err


def time_in(db: Path, lane: int) -> int | None:
    found: int | None = next(r[5] for r in results_of(db)["results"] if r[:3] == (RACE, 1, lane))
    return found


def test_a_correction_that_saw_the_result_wins_where_it_was_made_and_everywhere(
    field, tmp_path, sample_day, capsys
):
    race(field["track"], RACE, 1, times(sample_day, RACE, 1, 11.0), at=100)
    carry(capsys, tmp_path / "t.bundle", field["track"], field["desk"])
    lane = lanes_of(sample_day, RACE, 1)[0]
    correct(capsys, field["desk"], lane, "9.99", "card")
    assert (
        json.loads(cli(capsys, "conflicts", "--format", "json", "--db", str(field["desk"]))[1])
        == []
    )
    assert time_in(field["desk"], lane) == 9990
    carry(capsys, tmp_path / "d.bundle", field["desk"], field["track"])
    assert time_in(field["track"], lane) == 9990
    correct(capsys, field["track"], lane, "9.89", "the card again")  # a chain: no conflict
    carry(capsys, tmp_path / "t.bundle", field["track"], field["desk"])
    assert time_in(field["desk"], lane) == time_in(field["track"], lane) == 9890


def test_two_corrections_that_did_not_see_each_other_are_a_lane_conflict(
    field, tmp_path, sample_day, capsys
):
    race(field["track"], RACE, 1, times(sample_day, RACE, 1, 11.0), at=100)
    carry(capsys, tmp_path / "t.bundle", field["track"], field["desk"])
    lane = lanes_of(sample_day, RACE, 1)[0]
    correct(capsys, field["desk"], lane, "9.99", "card")
    correct(capsys, field["track"], lane, "10.50", "watch")
    carry(capsys, tmp_path / "t.bundle", field["track"], field["desk"])
    found = json.loads(cli(capsys, "conflicts", "--format", "json", "--db", str(field["desk"]))[1])
    assert [(c["kind"], c["event"], c["heat"], c["lane"]) for c in found] == [
        ("lane", RACE, 1, lane)
    ]
    assert found[0]["stations"] == ["desk", "track"]
    assert [v["time_ms"] for v in found[0]["values"]["desk"]] == [9990]
    assert [v["time_ms"] for v in found[0]["values"]["track"]] == [10500]


def test_the_same_late_athlete_added_differently_is_a_conflict(tmp_path, sample_day, capsys):
    late = Athlete(bib="999", name="迟到", unit="工会", events=(COUNT,))
    other = late.model_copy(update={"unit": "财务处"})
    a = station(tmp_path, "a", sample_day)
    b = station(tmp_path, "b", sample_day)
    for db, athlete in ((a, late), (b, other)):
        repo = open_view(db)
        day = repo.require_day()
        repo.repo.store.commit(
            Put("meta", "day", day.model_copy(update={"athletes": (*day.athletes, athlete)}))
        )
        repo.close()
    carry(capsys, tmp_path / "b.bundle", b, a)
    found = json.loads(cli(capsys, "conflicts", "--format", "json", "--db", str(a))[1])
    assert [(c["id"], c["bib"], c["stations"]) for c in found] == [
        ("day:athlete:999", "999", ["a", "b"])
    ]


def test_a_station_with_the_desks_own_name_is_refused(field, tmp_path, sample_day, capsys):
    namesake = station(tmp_path / "elsewhere", "desk", sample_day)
    race(namesake, RACE, 1, times(sample_day, RACE, 1, 11.0), at=100)
    cli(capsys, "share", str(tmp_path / "n.bundle"), "--db", str(namesake))
    before = fingerprint(field["desk"].parent)
    code, _, err = cli(capsys, "merge", str(tmp_path / "n.bundle"), "--db", str(field["desk"]))
    assert code == 1 and "named desk" in err and "--station" in err
    assert fingerprint(field["desk"].parent) == before


def test_one_athlete_in_two_heats_at_once_at_two_stations_is_warned(
    field, tmp_path, sample_day, capsys
):
    bib = next(a.bib for a in sample_day.athletes if RACE in a.events and COUNT in a.events)
    race_heat = next(e.heat for e in sample_day.lanes if e.event == RACE and e.bib == bib)
    count_heat = next(e.heat for e in sample_day.lanes if e.event == COUNT and e.bib == bib)
    race(field["track"], RACE, race_heat, times(sample_day, RACE, race_heat, 11.0), at=100)
    repo = open_view(field["yard"])
    repo.apply(repo.board(COUNT, count_heat).start(stamp(110), "boot"))
    repo.close()
    _code, _, err = share_and_merge(capsys, tmp_path, field)
    assert "two heats at once" in err
    out = cli(capsys, "conflicts", "--db", str(field["desk"]))[1]
    assert bib in out and "@ track" in out and "@ yard" in out


def test_a_merge_cut_off_by_a_crash_opens_and_a_rerun_completes_it(
    field, tmp_path, sample_day, capsys
):
    race(field["track"], RACE, 1, times(sample_day, RACE, 1, 11.0), at=100)
    race(field["track"], RACE, 2, times(sample_day, RACE, 2, 12.0), at=200)
    carry(capsys, tmp_path / "t.bundle", field["track"], field["desk"])
    whole = results_of(field["desk"])
    [path] = StationFiles(field["desk"]).files()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 3 // 5])  # what a kill in the middle of the write leaves
    half = results_of(field["desk"])
    assert len(half["results"]) < len(whole["results"])
    code, out, _ = cli(capsys, "merge", str(tmp_path / "t.bundle"), "--db", str(field["desk"]))
    assert code == 0 and "station track:" in out
    assert results_of(field["desk"]) == whole


def test_a_station_keeps_its_name(field, capsys):
    code, out, _ = cli(capsys, "load", str(SAMPLE), "--db", str(field["track"]))
    assert code == 0 and "station track" in out
    code, _, err = cli(
        capsys, "load", str(SAMPLE), "--station", "yard", "--db", str(field["track"])
    )
    assert code == 1 and "keeps its name" in err


def test_share_runs_while_the_console_holds_the_day(field, tmp_path, sample_day, capsys):
    repo = open_view(field["track"])  # the console, holding the day's lock
    try:
        record_heat_in(repo, COUNT, 1, counts(sample_day, COUNT, 1, 70), at=100)
        code, _out, err = cli(
            capsys, "share", str(tmp_path / "t.bundle"), "--db", str(field["track"])
        )
        assert code == 0, err
        cli(capsys, "merge", str(tmp_path / "t.bundle"), "--db", str(field["desk"]))
        assert len(results_of(field["desk"])["results"]) == len(lanes_of(sample_day, COUNT, 1))
    finally:
        repo.close()
    assert os.stat(tmp_path / "t.bundle").st_mode & 0o777 == 0o644 or os.name == "nt"


def test_a_bundle_with_a_result_its_event_cannot_have_is_refused(
    field, tmp_path, sample_day, capsys
):
    """Issue 19: one rule set for the console, `record`, merges and pushes."""
    an_old_releases_foul(field["track"], sample_day)
    path = tmp_path / "t.bundle"
    cli(capsys, "share", str(path), "--db", str(field["track"]))
    before = fingerprint(field["desk"].parent)
    code, _out, err = cli(capsys, "merge", str(path), "--db", str(field["desk"]))
    assert code == 1 and str(path) in err and "no foul" in err and "nothing was changed" in err
    assert f"{RACE} heat 1" in err
    assert fingerprint(field["desk"].parent) == before
