"""Issue 19's command line: the console's rules for `record`, and `close` for paper heats."""

from __future__ import annotations

from tests.support.commands import cli, load_sample
from tests.support.days import lanes_of
from tests.support.files import fingerprint
from timing_console.model import HeatPhase, Status
from timing_console.stations.view import open_view

RACE = "paddle-ball-run"


def lanes(db: str, event: str = RACE, heat: int = 1) -> list[int]:
    repo = open_view(db, readonly=True)
    try:
        return lanes_of(repo.require_day(), event, heat)
    finally:
        repo.close(snapshot=False)


def board(db: str, event: str = RACE, heat: int = 1):
    repo = open_view(db, readonly=True)
    try:
        return repo.board(event, heat)
    finally:
        repo.close(snapshot=False)


def test_a_time_without_its_decimal_point_is_refused_with_a_hint(tmp_path, capsys):
    """Finding 5: `record paddle-ball-run 1 2 1210` saved 1210.00 s and won 3rd prize."""
    db = load_sample(tmp_path, capsys)
    files = fingerprint(tmp_path)
    code, out, err = cli(capsys, "record", RACE, "1", "2", "1210", "--db", db)
    assert code == 2 and out == ""
    assert "Did you mean 12.10?" in err and "--override" in err
    assert fingerprint(tmp_path) == files
    code, out, _ = cli(capsys, "record", RACE, "1", "2", "12.10", "--db", db)
    assert code == 0 and "12.10" in out


def test_a_true_time_over_the_ceiling_stands_with_an_override_and_a_reason(tmp_path, capsys):
    db = load_sample(tmp_path, capsys)
    code, _, err = cli(capsys, "record", RACE, "1", "2", "1:15.20", "--override", "--db", db)
    assert code == 2 and "reason" in err
    why = ("--reason", "dropped the ball four times")
    code, out, _ = cli(capsys, "record", RACE, "1", "2", "1:15.20", "--override", *why, "--db", db)
    assert code == 0 and "75.20" in out
    saved = board(db).lanes[2]
    assert saved.time_ms == 75_200 and saved.override == "dropped the ball four times"


def test_foul_is_refused_where_the_console_refuses_f(tmp_path, capsys):
    """Finding 6: `record paddle-ball-run 1 5 FOUL` was accepted; the console refuses `f`."""
    db = load_sample(tmp_path, capsys)
    files = fingerprint(tmp_path)
    code, out, err = cli(capsys, "record", RACE, "1", "5", "FOUL", "--db", db)
    assert code == 1 and out == "" and "no foul" in err
    assert fingerprint(tmp_path) == files
    code, _, _ = cli(capsys, "record", "stepping-stones", "1", "1", "FOUL", "--db", db)
    assert code == 0


def test_paper_heats_close_and_record_says_when_the_last_lane_is_in(tmp_path, capsys):
    """Finding 8: a heat keyed in from cards stayed "to run" for ever."""
    db = load_sample(tmp_path, capsys)
    seats = lanes(db)
    for n, lane in enumerate(seats):
        code, out, _ = cli(capsys, "record", RACE, "1", str(lane), f"1{n}.5", "--db", db)
        assert code == 0
        assert ("timing-console close paddle-ball-run 1" in out) is (lane == seats[-1])
    assert board(db).state.phase is HeatPhase.READY
    code, out, err = cli(capsys, "close", RACE, "1", "--db", db)
    assert code == 0 and err == "" and "is final" in out
    assert board(db).state.phase is HeatPhase.DONE
    code, out, _ = cli(capsys, "close", RACE, "1", "--db", db)
    assert code == 0 and out.startswith("nothing changed")


def test_closing_with_empty_lanes_needs_a_reason_and_makes_them_dnf(tmp_path, capsys):
    db = load_sample(tmp_path, capsys)
    first, *rest = lanes(db)
    assert cli(capsys, "record", RACE, "1", str(first), "12.00", "--db", db)[0] == 0
    files = fingerprint(tmp_path)
    code, out, err = cli(capsys, "close", RACE, "1", "--db", db)
    assert code == 2 and out == "" and "--reason" in err
    assert ", ".join(map(str, rest)) in err
    assert fingerprint(tmp_path) == files
    code, out, _ = cli(capsys, "close", RACE, "1", "--reason", "cards lost", "--db", db)
    assert code == 0 and "recorded DNF" in out
    closed = board(db)
    assert closed.state.phase is HeatPhase.DONE
    assert all(closed.lanes[lane].status is Status.DNF for lane in rest)
    repo = open_view(db, readonly=True)
    reasons = {c.reason for c in repo.changes() if c.kind == "close"}
    repo.close(snapshot=False)
    assert reasons == {"closed with no result: cards lost"}


def test_close_names_an_unknown_heat(tmp_path, capsys):
    db = load_sample(tmp_path, capsys)
    code, out, err = cli(capsys, "close", RACE, "9", "--db", db)
    assert code == 1 and out == "" and "no heat 9" in err
