"""The printed results book (issue 10): what each section holds, in what order, how it is saved."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.bookkit import RACE, close, enter, fill, renamed, sections
from tests.support.clock import stamp
from tests.support.paths import ROOT
from timing_console.cli import main
from timing_console.model import CATALOGUE, HeatPhase
from timing_console.rules.awards import participation_list, prize_list, team_table
from timing_console.rules.ranking import rank_all
from timing_console.store.errors import StoreError
from timing_console.web.printing.book import render_book, write_book
from timing_console.words import text


def race_heat_one(repo):
    """Paddle-ball run heat 1: a tie for first, a corrected time, a DQ and a DNS."""
    lanes = [e.lane for e in repo.require_day().lineup(RACE, 1)]
    enter(repo, RACE, 1, lanes[0], "12.341")
    enter(repo, RACE, 1, lanes[1], "12.35")
    enter(repo, RACE, 1, lanes[2], "DNS")
    enter(repo, RACE, 1, lanes[3], "13.5")
    enter(repo, RACE, 1, lanes[3], "13.1", reason="stopwatch re-read")
    enter(repo, RACE, 1, lanes[4], "DQ")
    return lanes


def event_section(html, event_id):
    [found] = [s for s in sections(html) if s.id == f"event-{event_id}"]
    return found


def standings_json(capsys, db, event):
    assert main(["standings", event, "--format", "json", "--db", str(db)]) == 0
    return json.loads(capsys.readouterr().out)


def test_sections_come_in_programme_order_after_the_cover(repo):
    ids = [s.id for s in sections(render_book(repo, lang="zh"))]
    events = [f"event-{e}" for e in sorted(CATALOGUE, key=lambda e: CATALOGUE[e].order)]
    assert ids == ["cover", *events, "prize-list", "participation", "team"]


def test_event_rows_are_the_standings_command_rows_in_its_order(repo, db_path, capsys):
    race_heat_one(repo)
    rows = event_section(render_book(repo, lang="zh"), RACE).rows
    shown = standings_json(capsys, db_path, RACE)
    still = f"{text('still_to_go', 'zh')} {text('still_to_go', 'en')}"
    assert [(cells[0], cells[1], cells[2], cells[4].rstrip("✎ ")) for _, cells in rows] == [
        (str(r["place"] or ""), r["bib"], r["name"], r["result"] or still) for r in shown
    ]
    assert [r["result"] for r in shown] == ["12.35", "12.35", "13.10", "DQ", "DNS", *[""] * 5]
    assert [r["status"] for r in shown[5:]] == [None] * 5  # heat 2, still to run: listed last


def test_a_tie_shares_the_place_and_the_next_place_is_skipped(repo):
    race_heat_one(repo)
    places = [cells[0] for cls, cells in event_section(render_book(repo, lang="en"), RACE).rows]
    assert places == ["1", "1", "3", *[""] * 7]


def test_voids_come_below_the_ranked_with_their_codes_and_no_place(repo):
    race_heat_one(repo)
    section = event_section(render_book(repo, lang="zh"), RACE)
    classes = [cls.split() for cls, _ in section.rows]
    assert ["void" in c for c in classes] == [False, False, False, *[True] * 7]
    assert "first-void" in classes[3] and "first-void" not in classes[4]
    assert [cells[4] for _, cells in section.rows[3:5]] == ["DQ", "DNS"]
    html = render_book(repo, lang="zh")
    assert "取消资格" in html and "未出发" in html


def test_prize_places_and_corrections_are_marked_on_their_rows_only(repo, db_path, capsys):
    race_heat_one(repo)
    rows = event_section(render_book(repo, lang="zh"), RACE).rows
    shown = standings_json(capsys, db_path, RACE)
    assert [cells[-1] == "★" for _, cells in rows] == [r["prize"] for r in shown]
    assert [("prize" in cls.split()) for cls, _ in rows] == [r["prize"] for r in shown]
    assert [cells[4].endswith("✎") for _, cells in rows] == [r["corrected"] for r in shown]
    assert [r["corrected"] for r in shown] == [False, False, True, *[False] * 7]


def test_free_throws_show_the_first_basket_that_breaks_a_tie(repo):
    lanes = [e.lane for e in repo.require_day().lineup("free-throw", 1)]
    enter(repo, "free-throw", 1, lanes[0], "0011100111")
    enter(repo, "free-throw", 1, lanes[1], "1011100110")
    rows = event_section(render_book(repo, lang="en"), "free-throw").rows
    assert [(c[0], c[4], c[5]) for _, c in rows[:2]] == [("1", "6", "1"), ("2", "6", "3")]
    assert [c[0] + c[5] for _, c in rows[2:]] == [""] * 6  # heat 2 and two of heat 1: to come


def test_prize_participation_and_team_lists_follow_the_rules_lists(repo):
    fill(repo)
    html = render_book(repo, lang="zh")
    by_id = {s.id: s for s in sections(html)}
    day = repo.require_day()
    standings = rank_all(day, repo.attempts())
    prizes = prize_list(standings)
    assert [cells[2] for _, cells in by_id["prize-list"].rows] == [p.bib for p in prizes]
    assert len(prizes) > 10
    units = [cells[0] for cls, cells in by_id["participation"].rows if cls == "unit-head"]
    people = [cells[0] for cls, cells in by_id["participation"].rows if cls != "unit-head"]
    listed = participation_list(day, repo.attempts())
    assert people == [r.bib for r in listed]
    assert [u.split(" (")[0] for u in units] == list(dict.fromkeys(r.unit for r in listed))
    team = team_table(day, standings)
    assert [(c[0], c[1], c[2]) for _, c in by_id["team"].rows] == [
        (str(t.place), t.unit, str(t.points)) for t in team
    ]
    assert "总裁判" in html and "记录员" in html


def test_provisional_until_every_heat_is_closed_and_again_after_a_reopen(repo):
    day = repo.require_day().model_copy(update={"practice": False})
    repo.load_day(day)
    last = (day.events()[-1].id, day.heat_numbers(day.events()[-1].id)[-1])
    fill(repo, skip=[last])
    for lane in day.lineup(*last):
        enter(repo, *last, lane.lane, "50")
    html = render_book(repo, lang="zh")
    assert "PROVISIONAL" in html and "成绩待定" in html and 'class="watermark"' in html
    close(repo, *last)
    assert all(s.phase is HeatPhase.DONE for s in repo.heat_states().values())
    html = render_book(repo, lang="zh")
    assert "PROVISIONAL" not in html and "成绩待定" not in html
    assert 'class="watermark"' not in html and "正式成绩" in html
    repo.apply(repo.board(*last).reopen(stamp(1), "recount"))
    assert "PROVISIONAL" in render_book(repo, lang="zh")


def test_a_practice_day_says_so_on_every_page(repo):
    fill(repo)
    html = render_book(repo, lang="en")
    assert repo.require_day().practice
    assert re.search(r"@top-right \{ content: \"[^\"]*PRACTICE", html)
    assert "PROVISIONAL" not in html


def test_names_and_titles_print_as_text_never_markup(db_path, sample_day):
    from timing_console.stations.view import open_view

    bib = sample_day.lineup(RACE, 1)[0].bib
    day = renamed(sample_day, bib, "<script>alert(1)</script>")
    day = day.model_copy(update={"title": 'Day "</style><script>x()</script>', "venue": "<b>v"})
    repo = open_view(db_path)
    try:
        repo.load_day(day)
        enter(repo, RACE, 1, 1, "12.34")
        html = render_book(repo, lang="zh")
    finally:
        repo.close()
    assert "<script" not in html and "<b>" not in html
    assert html.count("</style>") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert event_section(html, RACE).rows[0][1][2] == "<script>alert(1)</script>"


def test_nothing_is_fetched_from_a_network(repo):
    race_heat_one(repo)
    html = render_book(repo, lang="zh")
    for banned in ("http://", "https://", "url(", "@import", "<link", "<script", "src="):
        assert banned not in html
    assert "Noto Sans CJK SC" in html and "Microsoft YaHei" in html and "@page" in html


def test_lang_puts_the_readers_language_first(repo):
    zh = render_book(repo, lang="zh")
    en = render_book(repo, lang="en")
    assert '<html lang="zh-CN">' in zh and '<html lang="en">' in en
    assert zh.index("名次") < zh.index("Place", zh.index("名次"))
    assert re.search(r'lang="zh-CN">名次</span><span class="second stack" lang="en">Place', zh)
    assert re.search(r'lang="en">Place</span><span class="second stack" lang="zh-CN">名次', en)
    with pytest.raises(ValueError, match="language"):
        render_book(repo, lang="fr")


@pytest.mark.parametrize(("locale", "expected"), [("zh_CN.UTF-8", "zh-CN"), ("C.UTF-8", "en")])
def test_the_command_defaults_to_the_consoles_language(
    repo, db_path, tmp_path, capsys, monkeypatch, locale, expected
):
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", locale)
    out = tmp_path / "out" / "book.html"
    assert main(["book", str(out), "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert f'<html lang="{expected}">' in out.read_text(encoding="utf-8")


def test_a_failed_write_leaves_the_old_book_whole(repo, tmp_path, monkeypatch):
    out = tmp_path / "book.html"
    write_book(repo, out, lang="zh")
    before = out.read_bytes()
    race_heat_one(repo)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(StoreError, match=r"book\.html"):
        write_book(repo, out, lang="zh")
    monkeypatch.undo()
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".book")) == []
    write_book(repo, out, lang="zh")
    assert out.read_bytes() != before and "13.10" in out.read_text(encoding="utf-8")


@pytest.mark.skipif(os.name == "nt", reason="Windows has no POSIX modes")
def test_the_book_is_readable_by_the_laptops_other_users(repo, tmp_path):
    out = tmp_path / "book.html"
    write_book(repo, out, lang="en")
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_a_folder_in_the_way_is_one_sentence_not_a_traceback(repo, db_path, tmp_path, capsys):
    blocked = tmp_path / "book.html"
    blocked.mkdir()
    assert main(["book", str(blocked), "--db", str(db_path), "--lang", "zh"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：无法写入") and "Traceback" not in err  # --lang zh: said in Chinese
    assert Path(blocked).is_dir()


def test_the_printed_outputs_load_neither_the_console_nor_its_screens():
    code = (
        "import sys, timing_console.web.printing.book, timing_console.web.printing.certificates\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'"
        " or m.startswith('timing_console.ui'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
    package = ROOT / "src" / "timing_console"
    below = [p for d in ("model", "rules", "store") for p in (package / d).rglob("*.py")]
    assert len(below) > 20
    assert [p.name for p in below if "timing_console.web" in p.read_text(encoding="utf-8")] == []
