"""The command line as an organiser uses it: load, record, standings, awards, export."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

from tests.support.commands import cli
from tests.support.files import fingerprint
from tests.support.paths import SAMPLE
from timing_console.dayio.dayfile import read_day


def test_load_twice_changes_nothing_the_second_time(tmp_path, capsys):
    db = str(tmp_path / "day.json")
    assert cli(capsys, "load", str(SAMPLE), "--db", db)[0] == 0
    before = fingerprint(tmp_path)
    code, out, _ = cli(capsys, "load", str(SAMPLE), "--db", db)
    assert code == 0 and "nothing changed" in out
    assert fingerprint(tmp_path) == before


def test_record_edit_and_standings_csv_columns(tmp_path, capsys):
    db = str(tmp_path / "day.json")
    cli(capsys, "load", str(SAMPLE), "--db", db)
    day, _ = read_day(SAMPLE)
    lanes = [e.lane for e in day.lineup("paddle-ball-run", 1)]
    assert cli(capsys, "record", "托球跑", "1", str(lanes[0]), "12.341", "--db", db)[0] == 0
    assert (
        cli(capsys, "record", "paddle-ball-run", "1", str(lanes[1]), "12.349", "--db", db)[0] == 0
    )
    assert cli(capsys, "record", "paddle-ball-run", "1", str(lanes[2]), "13", "--db", db)[0] == 0
    code, out, _ = cli(
        capsys,
        "record",
        "paddle-ball-run",
        "1",
        str(lanes[2]),
        "11.5",
        "--db",
        db,
        "--reason",
        "watch",
    )
    assert code == 0 and "(was 13.00)" in out
    code, out, _ = cli(capsys, "standings", "paddle-ball-run", "--format", "csv", "--db", db)
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:7] == ["place", "bib", "name", "unit", "event", "result", "status"]
    assert [(r[0], r[5], r[6]) for r in rows[1:4]] == [
        ("1", "11.50", "OK"),
        ("2", "12.35", "OK"),
        ("2", "12.35", "OK"),
    ]
    assert {(r[0], r[5], r[6]) for r in rows[4:]} == {("", "", "")}  # still to run: listed last
    assert len(rows) - 1 == len(rows[4:]) + 3 == 10  # every athlete entered


def test_a_refused_record_leaves_every_byte_of_the_day(tmp_path, capsys):
    db = str(tmp_path / "day.json")
    cli(capsys, "load", str(SAMPLE), "--db", db)
    # A console killed after a save: the journal is ahead of the snapshot, so a
    # closing snapshot would rewrite day.json although the refused command saved nothing.
    killed = (
        "import os, sys\n"
        "from timing_console.stations.view import open_view\n"
        "from timing_console.rules.heat.results import ParsedResult\n"
        "from timing_console.rules.heat.machine import Stamp\n"
        "from timing_console.model import Status\n"
        "repo = open_view(sys.argv[1])\n"
        "result = ParsedResult(Status.OK, time_ms=12500)\n"
        "board = repo.board('paddle-ball-run', 1)\n"
        "repo.apply(board.enter(1, result, Stamp(1.0, 1.0), reason=''))\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", killed, db], check=True)
    before = fingerprint(tmp_path)
    for bad in (
        ["paddle-ball-run", "1", "1", "-3"],
        ["paddle-ball-run", "9", "1", "12"],
        ["rope-skipping", "1", "1", "999"],
    ):
        code, out, err = cli(capsys, "record", *bad, "--db", db)
        assert code == 1 and out == "" and err.startswith("error: ")
        assert fingerprint(tmp_path) == before


def test_export_writes_excel_friendly_csv(tmp_path, capsys):
    db = str(tmp_path / "day.json")
    cli(capsys, "load", str(SAMPLE), "--db", db)
    code, _out, _ = cli(capsys, "export", str(tmp_path / "out"), "--db", db)
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert code == 0 and {
        "awards.csv",
        "participation.csv",
        "team.csv",
        "1-paddle-ball-run.csv",
    } <= set(names)
    assert len([n for n in names if n[0].isdigit()]) == 7
    assert (tmp_path / "out" / "team.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_day_file_line_numbers_survive_unicode_line_separators_in_comments(tmp_path, capsys):
    """TOML ends lines at \\n only: U+2028 in a comment must not shift the line reported."""
    (tmp_path / "entries.csv").write_bytes((SAMPLE.parent / "entries.csv").read_bytes())
    day = tmp_path / "day.toml"
    day.write_text(
        'title = "t"\ndate = "2026-09-20"\nvenue = "v"\nentries = "entries.csv"\n'
        "# note\u2028with\u2029separators\x85\n"
        "seed = 1.5\n",
        encoding="utf-8",
    )
    code, _, err = cli(capsys, "check", str(day))
    assert code == 1
    assert "day.toml:6:" in err


def test_a_line_break_typed_into_a_result_stays_one_escaped_line(tmp_path, capsys):
    db = str(tmp_path / "day.json")
    cli(capsys, "load", str(SAMPLE), "--db", db)
    code, _, err = cli(capsys, "record", "paddle-ball-run", "1", "1", "1\u20282", "--db", db)
    assert code == 1
    assert err.count("\n") == 1 and "'1\\u20282'" in err


def test_every_bad_setting_of_an_event_is_reported_not_just_the_first(tmp_path, capsys):
    (tmp_path / "entries.csv").write_bytes((SAMPLE.parent / "entries.csv").read_bytes())
    day = tmp_path / "day.toml"
    day.write_text(
        'title = "t"\ndate = "d"\nvenue = "v"\nentries = "entries.csv"\n'
        '[events."paddle-ball-run"]\nduration_s = 60\nlanes = 0\n',
        encoding="utf-8",
    )
    code, _, err = cli(capsys, "check", str(day))
    assert code == 1
    assert "day.toml:6: 托球跑 has no countdown" in err and "day.toml:7:" in err


def test_an_event_set_twice_is_reported_even_when_its_first_table_is_bad(tmp_path, capsys):
    (tmp_path / "entries.csv").write_bytes((SAMPLE.parent / "entries.csv").read_bytes())
    day = tmp_path / "day.toml"
    day.write_text(
        'title = "t"\ndate = "d"\nvenue = "v"\nentries = "entries.csv"\n'
        '[events."paddle-ball-run"]\nlanes = 0\n[events."托球跑"]\nlanes = 4\n',
        encoding="utf-8",
    )
    code, _, err = cli(capsys, "check", str(day))
    assert code == 1
    assert "day.toml:6:" in err
    assert "day.toml:7: [events.托球跑] repeats the settings of 托球跑" in err
