"""Loading a day file: TOML settings, the two CSVs as Excel saves them, every error located."""

# Full-width digits, commas and brackets are the input under test here.

from __future__ import annotations

import csv
import io
import itertools
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.paths import SAMPLE
from timing_console.dayio.dayfile import DayFileError, bundled_day_path, read_day
from timing_console.model import CATALOGUE, EventOverride, PlacesRule, Rules
from timing_console.rules.entries import Problem

MINIMAL = """\
title = "2026年区直单位工会职工趣味运动会"
date = "2026-09-20"
venue = "双兴小学田径场"
entries = "entries.csv"
"""

ENTRIES = """\
bib,name,unit,role,phone,events
1,王建国,区教育局,工会主席,13808231045,托球跑;定点投篮
2,李晓燕,区教育局,工会干部,15928476310,双腿夹球走
3,张志强,区财政局,工会主席,13982014527,摸石过河、一分钟跳绳
4,刘丽娟,区财政局,工会干部,18683125904,"托球跑,踢毽子,金豆搬家"
"""

ENTRIES_ZH = ENTRIES.replace("bib,name,unit,role,phone,events", "编号,姓名,单位,职务,电话,项目")

HEATS = """\
event,heat,lane,bib
paddle-ball-run,1,1,1
paddle-ball-run,1,2,4
knee-ball-walk,1,1,2
stepping-stones,1,1,3
free-throw,1,1,1
rope-skipping,1,1,3
shuttlecock,1,1,4
bean-moving,1,1,4
"""


def write_day_file(
    folder: Path,
    entries: str | bytes = ENTRIES,
    heats: str | bytes | None = None,
    extra: str = "",
    encoding: str = "utf-8-sig",
) -> Path:
    """Write a day file and its CSVs into `folder`; return the TOML's path."""
    toml = MINIMAL + ('heats = "heats.csv"\n' if heats is not None else "") + extra
    (folder / "sports-day.toml").write_text(toml, encoding="utf-8")
    data = entries if isinstance(entries, bytes) else entries.encode(encoding)
    (folder / "entries.csv").write_bytes(data)
    if heats is not None:
        raw = heats if isinstance(heats, bytes) else heats.encode("utf-8")
        (folder / "heats.csv").write_bytes(raw)
    return folder / "sports-day.toml"


def errors(path: Path) -> list[Problem]:
    with pytest.raises(DayFileError) as caught:
        read_day(path)
    return caught.value.problems


def one_error(path: Path):
    problems = errors(path)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def where(problem) -> tuple[str, int | None]:
    return Path(problem.file).name, problem.line


# --- the TOML -----------------------------------------------------------------


def test_minimal_day_uses_every_default(tmp_path):
    day, warnings = read_day(write_day_file(tmp_path))
    assert warnings == []
    assert (day.title, day.date, day.venue) == (
        "2026年区直单位工会职工趣味运动会",
        "2026-09-20",
        "双兴小学田径场",
    )
    assert day.rules == Rules()
    assert day.overrides == {}
    assert day.seed == 2026
    assert day.practice is False
    assert [a.bib for a in day.athletes] == ["1", "2", "3", "4"]
    assert day.athletes[3].events == ("paddle-ball-run", "shuttlecock", "bean-moving")
    assert {e.event for e in day.lanes} == set(CATALOGUE)  # drawn: every event has entrants


def test_every_setting_can_be_given(tmp_path):
    extra = """\
seed = 7

[rules]
max_events = 4
required_events = ["托球跑", "摸石过河", "knee-ball-walk"]
min_required = 1
athletes_per_unit = 3
team_points = [9, 7, 5]

[rules.places]
top = 3
small_field_minus_one = false

[events.free-throw]
lanes = 2

[events."金豆搬家"]
duration_s = 90
"""
    day, _ = read_day(write_day_file(tmp_path, extra=extra))
    assert day.seed == 7
    assert day.rules == Rules(
        max_events=4,
        required_events=("paddle-ball-run", "stepping-stones", "knee-ball-walk"),
        athletes_per_unit=3,
        team_points=(9, 7, 5),
        places=PlacesRule(top=3, small_field_minus_one=False),
    )
    assert day.overrides == {
        "free-throw": EventOverride(lanes=2),
        "bean-moving": EventOverride(duration_s=90),
    }
    assert day.event("bean-moving").duration_s == 90


def test_a_toml_date_is_accepted(tmp_path):
    path = write_day_file(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace('"2026-09-20"', "2026-09-20"), encoding="utf-8"
    )
    assert read_day(path)[0].date == "2026-09-20"


@pytest.mark.parametrize(
    "written", ["next saturday", "2026-13-45", "2026-02-30", "20260920", "26-09-20"]
)
def test_a_date_that_is_no_calendar_day_is_one_problem_on_its_line(tmp_path, written):
    path = write_day_file(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("2026-09-20", written), encoding="utf-8"
    )
    problem = one_error(path)
    assert where(problem) == ("sports-day.toml", 2)
    assert repr(written) in problem.said_in("en") and "YYYY-MM-DD" in problem.said_in("en")
    assert "sports-day.toml 第2行" in problem.said_in("zh") and "年-月-日" in problem.said_in("zh")


def test_overrides_apply_to_the_draw(tmp_path):
    entries = ENTRIES.replace("13808231045,托球跑;定点投篮", "13808231045,托球跑;定点投篮;踢毽子")
    day, _ = read_day(write_day_file(tmp_path, entries, extra="[events.shuttlecock]\nlanes = 1\n"))
    assert day.heat_numbers("shuttlecock") == [1, 2]
    assert day.heat_numbers("free-throw") == [1]


def test_overrides_apply_to_the_heats_check(tmp_path):
    heats = HEATS + "paddle-ball-run,1,3,2\n"
    entries = ENTRIES.replace("15928476310,双腿夹球走", "15928476310,双腿夹球走;托球跑")
    extra = "[events.paddle-ball-run]\nlanes = 2\n"
    p = one_error(write_day_file(tmp_path, entries, heats, extra))
    assert where(p) == ("heats.csv", 10)
    assert "lane 3 is beyond 托球跑's 2 lanes" in p.message


@pytest.mark.parametrize(
    ("extra", "key", "line"),
    [
        ("titel = 'x'\n", "titel", 5),
        ("[rules]\nmax_event = 2\n", "max_event", 6),
        ("[rules.places]\ntop = 3\nminus_one = true\n", "minus_one", 7),
        ("[events.free-throw]\nlanes = 2\nshots = 5\n", "shots", 7),
        ("[sports]\nx = 1\n", "sports", 5),
    ],
)
def test_unknown_keys_are_named_with_their_line(tmp_path, extra, key, line):
    p = one_error(write_day_file(tmp_path, extra=extra))
    assert where(p) == ("sports-day.toml", line)
    assert f"unknown key '{key}'" in p.message


def test_unknown_key_suggests_the_near_one(tmp_path):
    p = one_error(write_day_file(tmp_path, extra="[rules]\nmax_event = 2\n"))
    assert "did you mean 'max_events'" in p.message


def test_broken_toml_is_one_error_with_its_line(tmp_path):
    path = write_day_file(tmp_path, extra="seed = 7\n[rules\nmax_events = 2\n")
    p = one_error(path)
    assert where(p) == ("sports-day.toml", 6)
    assert "not valid TOML" in p.message


@pytest.mark.parametrize(
    ("extra", "needle", "line"),
    [
        ("seed = 'abc'\n", "seed must be a whole number", 5),
        ("[rules]\nmax_events = 0\n", "rules.max_events", 6),
        ("[rules]\nmax_events = '3'\n", "rules.max_events must be a whole number", 6),
        ("[rules]\nrequired_events = ['跳远']\n", "unknown event '跳远'", 6),
        ("[rules]\nrequired_events = '托球跑'\n", "must be a list", 6),
        ("[rules]\nmin_required = 4\n", "only 3 required events", 6),
        ("[rules]\nteam_points = [7, -1]\n", "team_points", 6),
        ("[rules.places]\nsmall_field_minus_one = 1\n", "true or false", 6),
        ("[events.long-jump]\nlanes = 2\n", "names no event", 5),
        ("[events.free-throw]\nlanes = 9\n", "events.free-throw.lanes", 6),
        ("[events.paddle-ball-run]\nduration_s = 60\n", "has no countdown", 6),
    ],
)
def test_bad_settings_are_located(tmp_path, extra, needle, line):
    p = one_error(write_day_file(tmp_path, extra=extra))
    assert where(p) == ("sports-day.toml", line)
    assert needle in p.message


def test_missing_required_key(tmp_path):
    path = write_day_file(tmp_path)
    path.write_text(MINIMAL.replace('venue = "双兴小学田径场"\n', ""), encoding="utf-8")
    p = one_error(path)
    assert "'venue'" in p.message and p.file == str(path)


def test_relative_paths_resolve_against_the_day_files_folder(tmp_path, monkeypatch):
    folder = tmp_path / "day"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "entries.csv").write_text(
        ENTRIES.replace("13808231045", "123"), encoding="utf-8"
    )
    (folder / "sports-day.toml").write_text(
        MINIMAL.replace('"entries.csv"', '"data/entries.csv"'), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    day, warnings = read_day("day/sports-day.toml")
    assert len(day.athletes) == 4
    assert [(w.file, w.line) for w in warnings] == [(str(Path("day/data/entries.csv")), 2)]


def test_missing_entries_file_is_reported_on_its_key(tmp_path):
    path = write_day_file(tmp_path)
    (tmp_path / "entries.csv").unlink()
    p = one_error(path)
    assert where(p) == ("sports-day.toml", 4)
    assert "entries file" in p.message


def test_empty_heats_key_means_draw(tmp_path):
    day, _ = read_day(write_day_file(tmp_path, extra='heats = ""\n'))
    assert day.lanes


# --- entries.csv as Excel saves it ----------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
@pytest.mark.parametrize("text", [ENTRIES, ENTRIES_ZH], ids=["english", "chinese"])
def test_encodings_and_header_languages_load_the_same(tmp_path, encoding, text):
    day, warnings = read_day(write_day_file(tmp_path, text, encoding=encoding))
    reference, _ = read_day(write_day_file(tmp_path, ENTRIES))
    assert warnings == []
    assert day.athletes == reference.athletes


def test_utf16_tab_separated_unicode_text(tmp_path):
    tabbed = "\n".join("\t".join(row) for row in csv.reader(io.StringIO(ENTRIES_ZH)))
    day, _ = read_day(write_day_file(tmp_path, tabbed, encoding="utf-16"))
    assert len(day.athletes) == 4 and day.athletes[3].events[1] == "shuttlecock"


def test_undecodable_bytes_are_one_error_with_the_line(tmp_path):
    data = ENTRIES.encode() + b"5,\xff\xfe\x80,x,y,z,w\n"
    p = one_error(write_day_file(tmp_path, data))
    assert where(p) == ("entries.csv", 6)
    assert "neither UTF-8 nor GBK" in p.message


def test_header_matching_ignores_spaces_case_and_notes(tmp_path):
    text = ENTRIES.replace(
        "bib,name,unit,role,phone,events", " BIB , Name,UNIT ,role, Phone ,Events（限报3项）"
    )
    assert len(read_day(write_day_file(tmp_path, text))[0].athletes) == 4


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("bib,name,role,phone,events", "'unit' (单位)"),
        ("编号,姓名,单位,职务,电话", "'events' (项目)"),
    ],
)
def test_missing_column_is_one_error_naming_it(tmp_path, header, missing):
    rows = "\n".join(["1,王建国,区教育局,工会主席,13808231045"] * 3)
    p = one_error(write_day_file(tmp_path, f"{header}\n{rows}\n"))
    assert where(p) == ("entries.csv", 1)
    assert missing in p.message


def test_no_header_at_all(tmp_path):
    p = one_error(write_day_file(tmp_path, "1,王建国,区教育局\n2,李晓燕,区教育局\n"))
    assert where(p) == ("entries.csv", 1) and "no header row" in p.message


def test_empty_entries_file(tmp_path):
    p = one_error(write_day_file(tmp_path, b""))
    assert where(p) == ("entries.csv", None) and "empty" in p.message


def test_merged_title_row_above_the_header(tmp_path):
    title = "2026年区直单位工会职工趣味运动会报名表,,,,,\n"
    text = title + ENTRIES_ZH + "5,赵永刚,区人社局,主席,13608195273,跳远\n"
    p = one_error(write_day_file(tmp_path, text))
    assert where(p) == ("entries.csv", 7) and "跳远" in p.message


def test_full_width_separators_digits_and_padded_names(tmp_path):
    text = (
        "编号,姓名,单位,职务,电话,项目\n"
        "１２,王　五,区教育局,工会主席,１３８０８２３１０４５,托球跑，踢毽子；金豆搬家\n"
        "13,李 四,区教育局,工会干部,028-12345678,摸石过河 、 一分钟跳绳\n"
        "14,Anna Li,区财政局,工会主席,159 2847 6310,paddle-ball-run；Free throws\n"
        "15,赵六,区财政局,工会干部,13982014527,托球跑 踢毽子\n"
    )
    day, warnings = read_day(write_day_file(tmp_path, text))
    assert warnings == []
    first, second, third, fourth = day.athletes
    assert (first.bib, first.name, first.phone) == ("12", "王五", "13808231045")
    assert first.events == ("paddle-ball-run", "shuttlecock", "bean-moving")
    assert (second.name, second.events) == ("李四", ("stepping-stones", "rope-skipping"))
    assert (third.name, third.events) == ("Anna Li", ("paddle-ball-run", "free-throw"))
    assert fourth.events == ("paddle-ball-run", "shuttlecock")


def test_blank_lines_keep_line_numbers_right(tmp_path):
    lines = ENTRIES.splitlines()
    text = (
        "\n".join(
            [
                lines[0],
                "",
                lines[1],
                ",,,,,",
                "",
                lines[2],
                "  ",
                lines[3],
                "6,钱七,区卫健局,工会主席,13540872316,跳远",
                lines[4],
            ]
        )
        + "\n"
    )
    p = one_error(write_day_file(tmp_path, text))
    assert where(p) == ("entries.csv", 9)


def test_crlf_and_a_multi_line_quoted_cell_keep_line_numbers_right(tmp_path):
    text = ENTRIES.replace('"托球跑,踢毽子,金豆搬家"', '"托球跑\n踢毽子\n金豆搬家"')
    text = (text + "7,孙八,区卫健局,工会主席,13540872316,跳远\n").replace("\n", "\r\n")
    p = one_error(write_day_file(tmp_path, text))
    assert where(p) == ("entries.csv", 8)
    day, _ = read_day(write_day_file(tmp_path, text.replace("跳远", "托球跑")))
    assert day.athletes[3].events == ("paddle-ball-run", "shuttlecock", "bean-moving")


def test_unquoted_commas_in_the_last_column_still_list_the_events(tmp_path):
    text = ENTRIES.replace('"托球跑,踢毽子,金豆搬家"', "托球跑,踢毽子,金豆搬家")
    day, _ = read_day(write_day_file(tmp_path, text))
    assert day.athletes[3].events == ("paddle-ball-run", "shuttlecock", "bean-moving")


def test_extra_cells_before_other_columns_are_an_error(tmp_path):
    text = "bib,name,unit,events,phone\n1,王建国,区教育局,托球跑,踢毽子,13808231045\n"
    p = one_error(write_day_file(tmp_path, text))
    assert where(p) == ("entries.csv", 2) and "quoted cell" in p.message


def test_numbered_event_columns_are_joined(tmp_path):
    text = (
        "编号,姓名,单位,电话,项目1,项目2,项目3,备注\n"
        "1,王建国,区教育局,13808231045,托球跑,定点投篮,,腿伤\n"
    )
    day, _ = read_day(write_day_file(tmp_path, text))
    assert day.athletes[0].events == ("paddle-ball-run", "free-throw")


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        ("5,赵永刚,区人社局,工会主席,13608195273,托球跑;跳远", "unknown event '跳远'"),
        (
            "5,赵永刚,区人社局,工会主席,13608195273,托球跑;定点投篮;踢毽子;金豆搬家",
            "enters 4 events; the limit is 3",
        ),
        ("5,赵永刚,区人社局,工会主席,13608195273,定点投篮", "marked events"),
        ("5,赵永刚,区人社局,工会主席,13608195273,托球跑;托球跑", "lists 托球跑 twice"),
        ("3,赵永刚,区人社局,工会主席,13608195273,托球跑", "bib 3 is already used on line 4"),
        ("5,,区人社局,工会主席,13608195273,托球跑", "bib 5 has no name"),
        ("5,赵永刚,区教育局,工会主席,13608195273,托球跑", "unit 区教育局 sends 3 athletes"),
    ],
)
def test_each_entry_check_is_located(tmp_path, row, needle):
    p = one_error(write_day_file(tmp_path, ENTRIES + row + "\n"))
    assert where(p) == ("entries.csv", 6)
    assert needle in p.message


def test_bad_phone_is_a_warning_not_an_error(tmp_path):
    day, warnings = read_day(write_day_file(tmp_path, ENTRIES.replace("15928476310", "1592847")))
    assert len(day.athletes) == 4
    assert [(w.line, w.warning) for w in warnings] == [(3, True)]


# --- heats.csv ------------------------------------------------------------------


def test_heats_file_is_used_as_given(tmp_path):
    day, warnings = read_day(write_day_file(tmp_path, heats=HEATS))
    assert warnings == []
    assert [(e.lane, e.bib) for e in day.lineup("paddle-ball-run", 1)] == [(1, "1"), (2, "4")]
    assert len(day.lanes) == 8


def test_heats_in_chinese(tmp_path):
    heats = HEATS.replace("event,heat,lane,bib", "项目,组,道,编号")
    for spec in CATALOGUE.values():
        heats = heats.replace(spec.id + ",1,", spec.zh + ",第1组,")
    heats = heats.replace(",1,1\n", ",１,1\n")
    day, warnings = read_day(write_day_file(tmp_path, heats=heats))
    assert warnings == [] and len(day.lanes) == 8


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        ("long-jump,1,2,1", "unknown event 'long-jump'"),
        ("paddle-ball-run,1,3,99", "bib 99 is not in the entries"),
        ("paddle-ball-run,1,3,2", "bib 2 (李晓燕) is not entered in 托球跑"),
        ("托球跑,1,3,1", "bib 1 is already in this heat (line 2)"),
        ("paddle-ball-run,2,1,1", "bib 1 is already in heat 1 of 托球跑 (line 2)"),
        ("free-throw,1,2,3", "bib 3 (张志强) is not entered in 定点投篮"),
        ("free-throw,0,2,1", "heat must be a positive whole number, not 0"),
        ("free-throw,1,x,1", "lane 'x' is not a whole number"),
        ("free-throw,1.5,2,1", "heat '1.5' is not a whole number"),
        (",1,2,1", "the event is empty"),
    ],
)
def test_each_heat_check_is_located(tmp_path, row, needle):
    p = one_error(write_day_file(tmp_path, heats=HEATS + row + "\n"))
    assert where(p) == ("heats.csv", 10)
    assert needle in p.message


def test_lane_beyond_the_events_lanes(tmp_path):
    heats = HEATS.replace("free-throw,1,1,1", "定点投篮,1,5,1")
    p = one_error(write_day_file(tmp_path, heats=heats))
    assert where(p) == ("heats.csv", 6)
    assert p.message == "lane 5 is beyond 定点投篮's 4 lanes"


def test_two_athletes_in_one_lane(tmp_path):
    entries = ENTRIES.replace("15928476310,双腿夹球走", "15928476310,双腿夹球走;定点投篮")
    p = one_error(write_day_file(tmp_path, entries, HEATS + "free-throw,1,1,2\n"))
    assert where(p) == ("heats.csv", 10)
    assert "lane 1 of 定点投篮 heat 1 is already taken by bib 1 (line 6)" in p.message


def test_athlete_left_out_of_the_heats_is_a_warning(tmp_path):
    heats = HEATS.replace("bean-moving,1,1,4\n", "")
    day, warnings = read_day(write_day_file(tmp_path, heats=heats))
    assert [str(w) for w in warnings] == [
        f"{tmp_path / 'heats.csv'}: warning: 金豆搬家 has 1 entrants but no heats"
    ]
    assert day.heat_numbers("bean-moving") == []


def test_every_error_in_every_file_is_reported_at_once(tmp_path):
    entries = ENTRIES + "5,,区人社局,工会主席,13608195273,跳远\n"
    heats = HEATS.replace("shuttlecock,1,1,4", "shuttlecock,1,9,4")
    problems = errors(write_day_file(tmp_path, entries, heats, extra="colour = 'red'\n"))
    assert [where(p) for p in problems] == [
        ("sports-day.toml", 6),
        ("entries.csv", 6),
        ("entries.csv", 6),
        ("heats.csv", 8),
    ]
    with pytest.raises(DayFileError) as caught:
        read_day(tmp_path / "sports-day.toml")
    assert str(caught.value) == "\n".join(str(p) for p in problems)


# --- the bundled sample day -----------------------------------------------------


def test_sample_day_loads_clean():
    day, warnings = read_day(bundled_day_path())
    assert warnings == []
    assert day.venue == "双兴小学田径场"
    units = Counter(a.unit for a in day.athletes)
    assert len(units) == 12 and set(units.values()) == {2}
    assert {a.role for a in day.athletes} == {"工会主席", "工会干部"}
    for spec in day.events():
        entrants = [a for a in day.athletes if spec.id in a.events]
        assert 6 <= len(entrants) <= 12
        placed = [e.bib for e in day.lanes if e.event == spec.id]
        assert sorted(placed) == sorted(a.bib for a in entrants)
    unit_of = {a.bib: a.unit for a in day.athletes}
    programme = []
    for spec in day.events():
        heats = [{e.bib for e in day.lineup(spec.id, h)} for h in day.heat_numbers(spec.id)]
        for heat in heats:
            assert len({unit_of[b] for b in heat}) == len(heat)  # no unit twice in a heat
        programme.append(heats)
    for before, after in itertools.pairwise(programme):
        assert not before[-1] & after[0]  # nobody in back-to-back heats


def test_sample_heats_are_the_seeded_draw():
    path = bundled_day_path()
    drawn, _ = read_day(_without_heats(path))
    day, _ = read_day(path)
    assert sorted(drawn.lanes, key=repr) == sorted(day.lanes, key=repr)


def _without_heats(path: Path) -> Path:
    folder = Path(tempfile.mkdtemp())
    text = path.read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("heats ="))
    (folder / "entries.csv").write_bytes((path.parent / "entries.csv").read_bytes())
    (folder / path.name).write_text(text, encoding="utf-8")
    return folder / path.name


def test_sample_entries_are_saved_as_excel_does():
    data = (bundled_day_path().parent / "entries.csv").read_bytes()
    assert data.startswith("\ufeff编号,姓名,单位,职务,电话,项目\r\n".encode())


def test_bundled_day_prefers_the_packaged_sample(tmp_path, monkeypatch):
    (tmp_path / "sample").mkdir()
    (tmp_path / "sample" / "sports-day.toml").write_text("x", encoding="utf-8")
    monkeypatch.setattr("timing_console.dayio.dayfile.resources.files", lambda _name: tmp_path)
    assert bundled_day_path() == tmp_path / "sample" / "sports-day.toml"


def test_bundled_day_falls_back_to_the_repository(tmp_path, monkeypatch):
    monkeypatch.setattr("timing_console.dayio.dayfile.resources.files", lambda _name: tmp_path)
    assert bundled_day_path() == SAMPLE


# --- random entries -------------------------------------------------------------

CELLS = {
    "bib": ["1", "2", "3", "１２", " 7 ", "", "A-1"],
    "name": ["王建国", "李 晓燕", "", "Tom Lee", "欧阳　娜"],
    "unit": ["区教育局", "区财政局", " 区教育局 ", ""],
    "role": ["工会主席", "工会干部", ""],
    "phone": ["13808231045", "028-12345678", "１５９２８４７６３１０", "12345", "", "1.38E+10"],
}
TOKENS = [*CATALOGUE, *(s.zh for s in CATALOGUE.values()), "跳远", "", " "]
SEPARATORS = [";", "、", ",", "，", "；", " ; "]


@st.composite
def entries_files(draw) -> bytes:
    chinese = draw(st.booleans())
    header = (
        ["编号", "姓名", "单位", "职务", "电话", "项目"]
        if chinese
        else [" Bib", "NAME", "unit ", "role", "phone", "events"]
    )
    rows: list[list[str]] = []
    for _ in range(draw(st.integers(0, 8))):
        row = [draw(st.sampled_from(CELLS[key])) for key in CELLS]
        tokens = draw(st.lists(st.sampled_from(TOKENS), max_size=5))
        row.append(draw(st.sampled_from(SEPARATORS)).join(tokens))
        rows.append(row)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    if draw(st.booleans()):
        writer.writerow(["报名表", "", "", "", "", ""])
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if draw(st.booleans()):
            buffer.write(draw(st.sampled_from(["\n", ",,,,,\n", "  \n"])))
    data = buffer.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])))
    if draw(st.integers(0, 9)) == 0:
        data += draw(st.binary(max_size=12))
    return data


def physical_lines(data: bytes) -> int:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return len(io.StringIO(data.decode(encoding), newline="").readlines())
        except UnicodeDecodeError:
            continue
    return data.count(b"\n") + 1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=entries_files())
def test_random_entries_load_or_fail_with_located_problems(data):
    with tempfile.TemporaryDirectory() as folder:
        path = write_day_file(Path(folder), data)
        entries = str(Path(folder) / "entries.csv")
        lines = physical_lines(data)
        try:
            day, warnings = read_day(path)
        except DayFileError as error:
            assert error.problems
            for p in error.problems:
                assert p.file == entries and not p.warning
                assert p.line is not None or "empty" in p.message
                assert p.line is None or 1 <= p.line <= lines, (str(p), lines)
            return
        for w in warnings:
            assert w.file == entries and w.warning
            assert w.line is None or 1 <= w.line <= lines
        for athlete in day.athletes:
            assert athlete.bib and athlete.name and athlete.unit
            assert 1 <= len(athlete.events) <= 3
            assert set(athlete.events) <= set(CATALOGUE)
        assert sorted(e.bib for e in day.lanes) == sorted(
            a.bib for a in day.athletes for _ in a.events
        )


def test_a_tab_separated_file_with_a_blank_first_line_still_finds_its_header():
    """The delimiter is guessed from the first non-blank line (found by the property tests)."""
    from timing_console.dayio.csvread import read_entries

    text = "\r\nbib\tname\tunit\tevents\r\n\r\n1\t王建国\t区教育局\tpaddle-ball-run\r\n"
    table = read_entries(text.encode("utf-16"), "entries.csv")
    assert [str(p) for p in table.problems if not p.warning] == []
    assert [r[1].bib for r in table.records] == ["1"]


def test_the_bundled_sample_is_a_practice_day_and_says_so():
    """Finding 6: practice results must never pass for a real day's."""
    day, _ = read_day(bundled_day_path())
    assert day.practice is True


@pytest.mark.parametrize("value", ['"yes"', "1", "[]"])
def test_practice_must_be_true_or_false(tmp_path, value):
    problem = one_error(write_day_file(tmp_path, extra=f"practice = {value}\n"))
    assert "true or false" in problem.message and problem.line == 5
