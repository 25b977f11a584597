"""Issue 9's command line: a correction needs a reason, a non-change writes nothing,
every change is in `history`, and loading another day never mixes it with this one."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.commands import cli, load_sample
from tests.support.files import fingerprint
from tests.support.paths import SAMPLE
from timing_console.stations.view import open_view

ROPE = ("rope-skipping", "1", "2")


def journal(db: str) -> bytes:
    return Path(db + ".journal").read_bytes()


def test_changing_a_result_without_a_reason_exits_2_and_writes_nothing(tmp_path, capsys):
    """Finding 5: `record rope-skipping 1 2 89` over a 98 was accepted without --reason."""
    db = load_sample(tmp_path, capsys)
    assert cli(capsys, "record", *ROPE, "98", "--db", db)[0] == 0
    before, files = journal(db), fingerprint(tmp_path)
    code, out, err = cli(capsys, "record", *ROPE, "89", "--db", db)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "98" in err and "reason" in err
    assert journal(db) == before and fingerprint(tmp_path) == files
    code, out, _ = cli(capsys, "record", *ROPE, "89", "--reason", "recount", "--db", db)
    assert code == 0 and "89 (was 98)" in out


def test_recording_the_value_the_lane_holds_says_so_and_writes_nothing(tmp_path, capsys):
    """Finding 5: recording the same value logged "89 (was 89)"."""
    db = load_sample(tmp_path, capsys)
    assert cli(capsys, "record", *ROPE, "89", "--db", db)[0] == 0
    before, files = journal(db), fingerprint(tmp_path)
    for reason in ([], ["--reason", "again"]):
        code, out, err = cli(capsys, "record", *ROPE, "89", *reason, "--db", db)
        assert code == 0 and err == ""
        assert out.startswith("nothing changed") and "(was" not in out
        assert journal(db) == before and fingerprint(tmp_path) == files


def test_history_lists_every_change_with_old_and_new_as_the_standings_show_them(tmp_path, capsys):
    db = load_sample(tmp_path, capsys)
    cli(capsys, "record", *ROPE, "98", "--db", db)
    cli(capsys, "record", *ROPE, "89", "--reason", "recount on video", "--db", db)
    cli(capsys, "record", "paddle-ball-run", "1", "1", "12.341", "--db", db)
    cli(capsys, "record", "paddle-ball-run", "1", "1", "DNF", "--reason", "fell", "--db", db)
    code, out, _ = cli(capsys, "history", "--format", "json", "--db", db)
    assert code == 0
    rows = json.loads(out)
    keys = {"at", "event", "heat", "lane", "bib", "kind", "old", "new", "reason", "source"}
    assert all(keys <= set(r) for r in rows)
    assert [(r["event"], r["lane"], r["kind"], r["old"], r["new"]) for r in rows] == [
        ("rope-skipping", 2, "entry", "", "98"),
        ("rope-skipping", 2, "correction", "98", "89"),
        ("paddle-ball-run", 1, "entry", "", "12.35"),
        ("paddle-ball-run", 1, "correction", "12.35", "DNF"),
    ]
    assert rows[1]["reason"] == "recount on video" and rows[1]["source"] == "cli"
    bib = next(r["bib"] for r in rows if r["event"] == "rope-skipping")
    repo = open_view(db, readonly=True)
    try:
        lane2 = repo.board("rope-skipping", 1).lanes[2]
        assert lane2.bib == bib and lane2.corrected and lane2.count == 89
    finally:
        repo.close(snapshot=False)
    code, out, _ = cli(capsys, "history", "一分钟跳绳", "1", "--format", "csv", "--db", db)
    assert code == 0 and len(out.splitlines()) == 3 and "recount on video" in out
    code, out, _ = cli(capsys, "history", "托球跑", "2", "--db", db)
    assert code == 0 and "12.35" not in out


def other_day(tmp_path: Path) -> Path:
    """The sample day under another title: a different sports day."""
    folder = tmp_path / "real"
    folder.mkdir()
    for name in ("entries.csv", "heats.csv"):
        (folder / name).write_bytes((SAMPLE.parent / name).read_bytes())
    text = SAMPLE.read_text(encoding="utf-8").replace("2026-09-20", "2026-10-18")
    text = text.replace("\npractice = true", "\n# a real day:")
    (folder / "sports-day.toml").write_text(text, encoding="utf-8")
    return folder / "sports-day.toml"


def test_loading_another_day_over_practice_results_is_refused(tmp_path, capsys):
    """Finding 6: `load real.toml` kept every practice result under the real day's title."""
    db = load_sample(tmp_path, capsys)
    cli(capsys, "record", *ROPE, "98", "--db", db)
    real = other_day(tmp_path)
    before = fingerprint(tmp_path)
    code, out, err = cli(capsys, "load", str(real), "--db", db)
    assert code == 2 and out == ""
    assert "1 result" in err and "--archive" in err and "2026-09-20" in err
    assert fingerprint(tmp_path) == before


def test_load_archive_moves_the_old_day_aside_and_starts_the_new_one_empty(tmp_path, capsys):
    db = load_sample(tmp_path, capsys)
    cli(capsys, "record", *ROPE, "98", "--db", db)
    code, out, _ = cli(capsys, "load", str(other_day(tmp_path)), "--archive", "--db", db)
    assert code == 0 and "moved aside" in out
    [aside] = tmp_path.glob("day-2026-09-20-*-archived-*.json")
    assert Path(f"{aside}.journal").exists()
    new = open_view(db, readonly=True)
    try:
        assert new.require_day().date == "2026-10-18" and new.attempts() == []
        assert not new.require_day().practice
    finally:
        new.close(snapshot=False)
    old = open_view(aside, readonly=True)
    try:
        assert old.require_day().date == "2026-09-20"
        assert [a.count for a in old.attempts()] == [98]
    finally:
        old.close(snapshot=False)


def test_loading_the_same_day_again_keeps_its_results(tmp_path, capsys):
    db = load_sample(tmp_path, capsys)
    cli(capsys, "record", *ROPE, "98", "--db", db)
    assert cli(capsys, "load", str(SAMPLE), "--db", db)[0] == 0
    code, out, _ = cli(capsys, "standings", "rope-skipping", "--format", "json", "--db", db)
    assert code == 0 and [r["result"] for r in json.loads(out) if r["status"]] == ["98"]


def test_a_corrected_result_is_marked_in_standings_and_the_export(tmp_path, capsys):
    """Finding 4: corrected results are marked wherever they are shown, the CLI too."""
    db = load_sample(tmp_path, capsys)
    cli(capsys, "record", *ROPE, "98", "--db", db)
    cli(capsys, "record", "rope-skipping", "1", "3", "77", "--db", db)
    cli(capsys, "record", *ROPE, "89", "--reason", "recount", "--db", db)
    code, out, _ = cli(capsys, "standings", "rope-skipping", "--format", "json", "--db", db)
    rows = {r["result"]: r for r in json.loads(out) if r["status"] == "OK"}
    assert code == 0 and rows["89"]["corrected"] is True and rows["77"]["corrected"] is False
    for lang, column, yes in (("en", "corrected", "yes"), ("zh", "更正", "是")):
        folder = tmp_path / lang
        assert cli(capsys, "export", str(folder), "--lang", lang, "--db", db)[0] == 0
        sheet = next(folder.glob("5-*.csv")).read_text(encoding="utf-8-sig")
        header, *lines = sheet.splitlines()
        at = header.split(",").index(column)
        assert {line.split(",")[5]: line.split(",")[at] for line in lines} == {"89": yes, "77": ""}
