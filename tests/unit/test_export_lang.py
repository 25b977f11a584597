"""Issue 10: the exported sheets in the organisers' language, readable by everyone on the laptop.

Headers, event names and statuses follow `--lang` (else the locale); free throws
show why equal baskets rank apart; the participation list runs by unit then bib;
the JSON and CSV of `standings`/`awards` keep their English keys.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat

import pytest

from tests.support.commands import cli
from tests.support.exportkit import BOM, exported, results_day
from timing_console import oscompat
from timing_console.dayio import export
from timing_console.model import Athlete, Attempt, Day, LaneEntry, Status, bib_key
from timing_console.rules.awards import ParticipationRow, participation_list
from timing_console.rules.report import STANDINGS_COLUMNS, participation_sheet

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX modes")

ZH = {
    "1-托球跑.csv": "名次,编号,姓名,单位,项目,成绩,状态,获奖,组别,道次,更正,站点冲突",
    "4-定点投篮.csv": (
        "名次,编号,姓名,单位,项目,成绩,状态,获奖,组别,道次,更正,站点冲突,进球数,首中投次"
    ),
    "获奖名单.csv": "项目,名次,编号,姓名,单位",
    "纪念奖名单.csv": "单位,编号,姓名,参赛项目",
    "团体积分.csv": "名次,单位,团体总分,第一名数",
}
EN = {
    "1-paddle-ball-run.csv": (
        "place,bib,name,unit,event,result,status,prize,heat,lane,corrected,conflict"
    ),
    "4-free-throw.csv": (
        "place,bib,name,unit,event,result,status,prize,heat,lane,corrected,conflict,"
        "baskets,first_basket"
    ),
    "awards.csv": "event,place,bib,name,unit",
    "participation.csv": "unit,bib,name,events",
    "team.csv": "place,unit,points,firsts",
}


@pytest.fixture
def day_db(tmp_path, capsys) -> str:
    """The sample day with a few results: a free-throw tie on baskets, a foul, a correction."""
    return results_day(tmp_path, capsys)


def headers(sheets: dict[str, list[list[str]]], named: dict[str, str]) -> dict[str, str]:
    return {name: ",".join(sheets[name][0]) for name in named}


def test_zh_sheets_have_chinese_headers_event_names_and_statuses(tmp_path, capsys, day_db):
    sheets = exported(capsys, day_db, tmp_path / "out", "--lang", "zh")
    assert headers(sheets, ZH) == ZH
    assert ",".join(sheets["5-一分钟跳绳.csv"][0]) == ZH["1-托球跑.csv"]
    race = sheets["1-托球跑.csv"][1:]
    assert race == [
        ["1", "901", "何春燕", "区文旅局", "托球跑", "12.34", "有效", "是", "1", "1", "", ""],
        ["", "602", "孙婷婷", "区交通运输局", "托球跑", "DQ", "取消资格", "", "1", "2", "", ""],
    ]
    assert sheets["获奖名单.csv"][1] == ["托球跑", "1", "901", "何春燕", "区文旅局"]
    assert {row[0] for row in sheets["获奖名单.csv"][1:]} == {
        "托球跑",
        "双腿夹球走",
        "定点投篮",
        "一分钟跳绳",
    }


def test_the_files_are_named_in_the_sheets_language_in_programme_order(tmp_path, capsys, day_db):
    zh = sorted(exported(capsys, day_db, tmp_path / "zh", "--lang", "zh"))
    en = sorted(exported(capsys, day_db, tmp_path / "en", "--lang", "en"))
    assert zh == [
        "1-托球跑.csv", "2-双腿夹球走.csv", "3-摸石过河.csv", "4-定点投篮.csv", "5-一分钟跳绳.csv",
        "6-踢毽子.csv", "7-金豆搬家.csv", "团体积分.csv", "纪念奖名单.csv", "获奖名单.csv",
    ]  # fmt: skip
    assert en == [
        "1-paddle-ball-run.csv", "2-knee-ball-walk.csv", "3-stepping-stones.csv",
        "4-free-throw.csv", "5-rope-skipping.csv", "6-shuttlecock.csv", "7-bean-moving.csv",
        "awards.csv", "participation.csv", "team.csv",
    ]  # fmt: skip


def test_en_sheets_have_english_headers_and_event_names(tmp_path, capsys, day_db):
    sheets = exported(capsys, day_db, tmp_path / "out", "--lang", "en")
    assert headers(sheets, EN) == EN
    assert sheets["1-paddle-ball-run.csv"][1][4:8] == ["Paddle-ball run", "12.34", "OK", "yes"]
    assert sheets["1-paddle-ball-run.csv"][2][5:7] == ["DQ", "DQ"]
    assert {row[0] for row in sheets["awards.csv"][1:]} == {
        "Paddle-ball run",
        "Knee-ball walk",
        "Free throws",
        "One-minute rope skipping",
    }


def test_free_throws_show_the_first_basket_that_breaks_equal_baskets(tmp_path, capsys, day_db):
    """1001 and 201 both made 5: 1001 scored on shot 1, 201 on shot 2, and the sheet says so."""
    zh = exported(capsys, day_db, tmp_path / "zh", "--lang", "zh")["4-定点投篮.csv"]
    en = exported(capsys, day_db, tmp_path / "en", "--lang", "en")["4-free-throw.csv"]
    pick = [0, 1, 5, 12, 13]  # place, bib, result, baskets, first basket
    assert [[row[i] for i in pick] for row in zh[1:]] == [
        ["1", "1001", "5 (首中第1投)", "5", "1"],
        ["2", "201", "5 (首中第2投)", "5", "2"],
        ["3", "1201", "0", "0", ""],
    ]
    assert [[row[i] for i in pick] for row in en[1:]] == [
        ["1", "1001", "5 (1st basket: shot 1)", "5", "1"],
        ["2", "201", "5 (1st basket: shot 2)", "5", "2"],
        ["3", "1201", "0", "0", ""],
    ]


def test_participation_runs_by_unit_then_bib_with_event_names(tmp_path, capsys, day_db):
    zh = exported(capsys, day_db, tmp_path / "zh", "--lang", "zh")["纪念奖名单.csv"]
    assert zh[1:] == [
        ["区交通运输局", "602", "孙婷婷", "托球跑"],
        ["区文旅局", "901", "何春燕", "托球跑"],
        ["区民政局", "1001", "高秀英", "双腿夹球走、定点投篮"],
        ["区统计局", "1201", "谢文斌", "定点投篮"],
        ["区财政局", "201", "张志强", "双腿夹球走、定点投篮"],
        ["区财政局", "202", "刘丽娟", "一分钟跳绳"],
    ]
    en = exported(capsys, day_db, tmp_path / "en", "--lang", "en")["participation.csv"]
    assert en[3] == ["区民政局", "1001", "高秀英", "Knee-ball walk; Free throws"]


def test_participation_orders_bibs_by_number_within_a_unit(tmp_path):
    """'9' before '10' before 'A1', as `bib_key` orders them; units apart, then bibs."""
    bibs = {"10": "B", "9": "B", "A1": "B", "2": "A", "100": "A"}
    day = Day(
        title="t",
        date="2026-09-20",
        venue="v",
        athletes=tuple(
            Athlete(bib=b, name=f"n{b}", unit=u, events=("rope-skipping",)) for b, u in bibs.items()
        ),
        lanes=tuple(
            LaneEntry(event="rope-skipping", heat=1, lane=i, bib=b) for i, b in enumerate(bibs, 1)
        ),
    )
    attempts = [
        Attempt(
            id=f"a{b}",
            event="rope-skipping",
            heat=1,
            lane=i,
            bib=b,
            status=Status.OK,
            count=50,
            recorded_at="2026-09-20T09:00:00",
        )
        for i, b in enumerate(bibs, 1)
    ]
    written = export.export_day(tmp_path, [], [], participation_list(day, attempts), [], lang="en")
    [sheet] = [p for p in written if p.name == "participation.csv"]
    rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    assert [(r[0], r[1]) for r in rows[1:]] == [
        ("A", "2"),
        ("A", "100"),
        ("B", "9"),
        ("B", "10"),
        ("B", "A1"),
    ]
    shuffled = [ParticipationRow(b, "n", u, ("rope-skipping",)) for b, u in bibs.items()]
    again = participation_sheet(shuffled, "zh").records
    assert [(r["unit"], r["bib"]) for r in again] == sorted(
        ((u, b) for b, u in bibs.items()), key=lambda ub: (ub[0], bib_key(ub[1]))
    )


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("zh_CN.UTF-8", ZH), ("zh_TW.UTF-8", ZH), ("en_GB.UTF-8", EN), ("C.UTF-8", EN)],
)
def test_without_lang_the_sheets_follow_the_locale(
    tmp_path, capsys, day_db, monkeypatch, locale, expected
):
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", locale)
    assert headers(exported(capsys, day_db, tmp_path / "out"), expected) == expected


def test_lang_wins_over_the_locale(tmp_path, capsys, day_db, monkeypatch):
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert headers(exported(capsys, day_db, tmp_path / "out", "--lang", "en"), EN) == EN


def test_the_command_outputs_keep_english_keys_and_event_ids(tmp_path, capsys, day_db):
    """Scripts and /api/standings read these: only the exported sheets are localised."""
    code, out, _ = cli(capsys, "standings", "free-throw", "--format", "csv", "--db", day_db)
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and tuple(rows[0]) == STANDINGS_COLUMNS
    assert [(r[4], r[5], r[-1]) for r in rows[1:]][:2] == [
        ("free-throw", "5", "定点投篮"),
        ("free-throw", "5", "定点投篮"),
    ]
    code, out, _ = cli(capsys, "awards", "--format", "json", "--db", day_db)
    assert code == 0
    assert set(json.loads(out)[0]) == {"bib", "name", "unit", "event", "place", "event_zh"}


def test_an_unknown_language_writes_nothing(tmp_path):
    with pytest.raises(ValueError, match="fr"):
        export.export_day(tmp_path / "out", [], [], [], [], lang="fr")
    assert not (tmp_path / "out").exists()


# ----- readable by the laptop's other users -------------------------------------


@posix_only
def test_sheets_are_0644_and_new_folders_0755_even_under_a_strict_umask(tmp_path, capsys, day_db):
    """`mkstemp` makes 0600 files and `mkdir` obeys the umask; the export overrides both."""
    out = tmp_path / "new" / "out"
    old = os.umask(0o077)
    try:
        exported(capsys, day_db, out, "--lang", "zh")
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()}
    assert len(modes) == 10 and set(modes.values()) == {0o644}
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert stat.S_IMODE(out.parent.stat().st_mode) == 0o755


@posix_only
def test_an_existing_folder_keeps_the_mode_its_owner_chose(tmp_path):
    out = tmp_path / "mine"
    out.mkdir(mode=0o700)
    out.chmod(0o700)
    written = export.export_day(out, [], [], [], [])
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in written} == {0o644}


def test_on_windows_the_export_changes_no_mode(tmp_path, monkeypatch):
    """Windows' chmod only toggles read-only: the export leaves access to the folder's ACLs."""
    monkeypatch.setattr(oscompat, "WINDOWS", True)
    monkeypatch.setattr(oscompat, "SHARING_WAITS", (0.0,))

    def refuse(*args, **kwargs):
        raise AssertionError("no chmod on Windows")

    monkeypatch.setattr(os, "chmod", refuse)
    monkeypatch.setattr(os, "fchmod", refuse, raising=False)
    written = export.export_day(tmp_path / "new" / "out", [], [], [], [], lang="zh")
    assert [p.read_bytes()[:3] for p in written] == [BOM] * 3


def test_a_name_excel_would_run_as_a_formula_is_written_as_text():
    """A name or unit from an entry sheet starting with = + - @ must not run in Excel."""
    rows = [
        ParticipationRow(bib="7", name='=HYPERLINK("http://x","点我")', unit="@工会", events=()),
        ParticipationRow(bib="8", name="-李", unit="+财政局", events=()),
        ParticipationRow(bib="9", name="王芳", unit="区教育局", events=()),
    ]
    cells = list(csv.reader(io.StringIO(participation_sheet(rows, "zh").csv())))[1:]
    names_units = {(row[2], row[0]) for row in cells}
    assert names_units == {
        ('\'=HYPERLINK("http://x","点我")', "'@工会"),
        ("'-李", "'+财政局"),
        ("王芳", "区教育局"),
    }


def test_standings_show_the_first_basket_and_list_those_still_to_shoot_last(capsys, day_db):
    code, out, _ = cli(capsys, "standings", "free-throw", "--format", "json", "--db", day_db)
    rows = json.loads(out)
    ranked = [(r["bib"], r["place"], r["result"], r["first_basket"]) for r in rows[:3]]
    assert code == 0 and ranked == [("1001", 1, "5", 1), ("201", 2, "5", 2), ("1201", 3, "0", None)]
    assert rows[3:] and all(r["status"] is None and r["place"] is None for r in rows[3:])
    code, out, _ = cli(capsys, "standings", "free-throw", "--db", day_db)
    header, *lines = out.splitlines()
    assert code == 0 and "first_basket" in header.split()
    assert len([line for line in lines if line.strip() and not set(line) <= {"-", " "}]) == len(
        rows
    )
