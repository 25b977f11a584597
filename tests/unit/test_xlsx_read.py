"""Issue 22: a day's entries and heats straight from Excel workbooks, checked as the CSVs are.

The same checks give the same messages as for a CSV, but say the sheet, the
row and the column; what Excel does to what was typed (numbers, merged cells,
empty rows) reads back as typed; a file that is no workbook, or a sheet that is
not there, is one message and nothing loaded.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.support.paths import SAMPLE
from tests.support.workbooks import (
    csv_rows,
    sample_day_in_workbooks,
    sample_rows,
    save,
    workbook,
    xlsx_bytes,
)
from timing_console.dayio import csvread, xlsxread
from timing_console.dayio.dayfile import DayFileError, read_day
from timing_console.rules.entries import Problem

ENTRIES = "报名.xlsx"
HEATS = "分组.xlsx"


def errors(path: Path, of: str = "") -> list[Problem]:
    """The day's errors, only those of the file named `of` if given."""
    with pytest.raises(DayFileError) as caught:
        read_day(path)
    return [p for p in caught.value.problems if p.file.endswith(of)]


def edited(folder: Path, name: str, edit: Callable[[Worksheet], Any], sheet: str = "") -> Path:
    """The sample day in workbooks, with one sheet of `name` changed by `edit`."""
    day = sample_day_in_workbooks(folder)
    book = load_workbook(folder / name)
    ws = book[sheet] if sheet else book.worksheets[0]
    assert isinstance(ws, Worksheet)
    edit(ws)
    book.save(folder / name)
    return day


def short(problem: Problem, lang: str = "en") -> str:
    """The problem with its file's folder left off."""
    return problem.said_in(lang).replace(str(Path(problem.file).parent) + "/", "")


# --- the sample day, read from workbooks ------------------------------------------


def test_the_sample_day_from_workbooks_is_the_day_from_its_csvs(tmp_path):
    from_csv, csv_warnings = read_day(SAMPLE)
    from_xlsx, xlsx_warnings = read_day(sample_day_in_workbooks(tmp_path))
    assert from_xlsx == from_csv
    assert len(from_xlsx.athletes) == 24 and from_xlsx.lanes
    assert [p.message for p in xlsx_warnings] == [p.message for p in csv_warnings]


def test_the_first_sheet_is_read_when_the_day_file_names_none(tmp_path):
    path = sample_day_in_workbooks(tmp_path, after=("说明",))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('{ file = "报名.xlsx", sheet = "报名表" }', '"报名.xlsx"'))
    assert read_day(path)[0] == read_day(SAMPLE)[0]


def test_a_hidden_first_sheet_is_passed_over_for_the_first_one_shown(tmp_path):
    path = sample_day_in_workbooks(tmp_path, before=("模板",))
    book = load_workbook(tmp_path / ENTRIES)
    book["模板"].sheet_state = "hidden"
    book.save(tmp_path / ENTRIES)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('{ file = "报名.xlsx", sheet = "报名表" }', '"报名.xlsx"'))
    assert read_day(path)[0] == read_day(SAMPLE)[0]


def test_a_sheet_is_found_by_its_name_among_others(tmp_path):
    path = sample_day_in_workbooks(tmp_path, before=("说明", "Sheet1"), after=("统计",))
    assert read_day(path)[0] == read_day(SAMPLE)[0]


def test_entries_and_heats_may_be_two_sheets_of_one_workbook(tmp_path):
    book = workbook(sample_rows("entries.csv"), title="报名表")
    heats = book.create_sheet("分组表")
    for row in sample_rows("heats.csv"):
        heats.append(row)
    save(book, tmp_path / "运动会.xlsx")
    toml = SAMPLE.read_text(encoding="utf-8")
    toml = toml.replace('"entries.csv"', '{ file = "运动会.xlsx", sheet = "报名表" }')
    toml = toml.replace('"heats.csv"', '{ file = "运动会.xlsx", sheet = "分组表" }')
    (tmp_path / "day.toml").write_text(toml, encoding="utf-8")
    assert read_day(tmp_path / "day.toml")[0] == read_day(SAMPLE)[0]


# --- what Excel does to what was typed ---------------------------------------------


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (101, "General", "101"),
        (101.0, "General", "101"),
        (7, "000", "007"),
        (13808231045.0, "General", "13808231045"),
        (12.5, "General", "12.5"),
        (None, "General", ""),
        ("  第2组 ", "@", "  第2组 "),
        (dt.datetime(2026, 9, 20), "yyyy-mm-dd", "2026-09-20"),
        (dt.datetime(2026, 9, 20, 8, 30), "General", "2026-09-20T08:30:00"),
    ],
)
def test_a_cell_reads_as_it_was_typed(value, number_format, text):
    assert xlsxread.cell_text(value, number_format) == text


def test_a_bib_typed_as_a_number_and_a_phone_turned_into_one_read_as_digits(tmp_path):
    def numbers(ws: Worksheet) -> None:
        ws["A3"] = 101.0  # the first athlete, bib 101
        ws["E3"] = 13808231045.0

    day, warnings = read_day(edited(tmp_path, ENTRIES, numbers))
    assert (day.athletes[0].bib, day.athletes[0].phone) == ("101", "13808231045")
    assert not [w for w in warnings if "phone" in w.message]


def test_a_bib_shown_with_leading_zeros_reads_as_shown():
    book = workbook(sample_rows("entries.csv"))
    book.worksheets[0]["A2"].number_format = "0000"  # 101 shown as 0101, as a CSV would save it
    table = xlsxread.read_entries(xlsx_bytes(book), "e.xlsx")
    assert [bib for _, a in table.records[:2] for bib in [a.bib]] == ["0101", "102"]


def test_a_unit_merged_down_its_athletes_rows_belongs_to_each(tmp_path):
    def merge(ws: Worksheet) -> None:
        ws["C4"] = None
        ws.merge_cells("C3:C4")  # 区教育局 over its chair and its officer
        ws.merge_cells("F5:G5")  # an events cell spread across: counted once

    day, _ = read_day(edited(tmp_path, ENTRIES, merge))
    assert day == read_day(SAMPLE)[0]


def test_empty_rows_and_trailing_formatted_cells_are_nothing(tmp_path):
    def pad(ws: Worksheet) -> None:
        ws.insert_rows(5, 2)  # blank rows between units
        ws.cell(400, 2).number_format = "@"  # a column formatted as text far down
        ws.cell(401, 3, "   ")
        ws.cell(3, 9).number_format = "@"  # and a formatted cell right of the header

    day, _ = read_day(edited(tmp_path, ENTRIES, pad))
    assert day == read_day(SAMPLE)[0]


def test_rows_are_numbered_as_excel_numbers_them_after_blank_top_rows(tmp_path):
    def lower(ws: Worksheet) -> None:
        ws.insert_rows(1, 3)
        ws["A8"] = None  # was row 5: the third athlete

    problems = errors(edited(tmp_path, ENTRIES, lower), ENTRIES)
    assert [(p.sheet, p.line, p.column) for p in problems] == [("报名表", 8, "A")]


# --- the same checks, the same messages, with sheet, row and column -------------------


@pytest.mark.parametrize(
    ("name", "edit", "expected"),
    [
        (
            ENTRIES,
            lambda ws: ws.__setitem__("A5", None),
            "报名.xlsx, sheet 报名表, row 5, column A (编号): the bib is empty",
        ),
        (
            ENTRIES,
            lambda ws: ws.__setitem__("A6", 101.0),
            "报名.xlsx, sheet 报名表, row 6, column A (编号): bib 101 is already used on row 3",
        ),
        (
            ENTRIES,
            lambda ws: ws.__setitem__("B4", None),
            "报名.xlsx, sheet 报名表, row 4, column B (姓名): bib 102 has no name",
        ),
        (
            ENTRIES,
            lambda ws: ws.__setitem__("F7", "托球跑、跳高"),
            "报名.xlsx, sheet 报名表, row 7, column F (项目): bib 301 enters unknown event '跳高'",
        ),
        (
            ENTRIES,
            lambda ws: ws.__setitem__("C2", "部门"),
            "报名.xlsx, sheet 报名表, row 2: the header has no column 'unit' (单位)",
        ),
        (
            HEATS,
            lambda ws: ws.__setitem__("C2", "一"),
            "分组.xlsx, sheet Sheet1, row 2, column C (lane): lane '一' is not a whole number",
        ),
        (
            HEATS,
            lambda ws: ws.__setitem__("C3", 9),
            "分组.xlsx, sheet Sheet1, row 3, column C (lane): lane 9 is beyond 托球跑's 6 lanes",
        ),
        (
            HEATS,
            lambda ws: ws.__setitem__("D4", 9999),
            "分组.xlsx, sheet Sheet1, row 4, column D (bib): bib 9999 is not in the entries",
        ),
        (
            HEATS,
            lambda ws: ws.__setitem__("B5", None),
            "分组.xlsx, sheet Sheet1, row 5, column B (heat): the heat is empty",
        ),
    ],
    ids=[
        "no bib",
        "bib twice",
        "no name",
        "unknown event",
        "no unit column",
        "lane",
        "lane 9",
        "bib unknown",
        "no heat",
    ],
)
def test_each_bad_cell_is_named_by_sheet_row_and_column(tmp_path, name, edit, expected):
    problems = [p for p in errors(edited(tmp_path, name, edit)) if "in none of" not in p.message]
    assert expected in [short(p)[: len(expected)] for p in problems], [short(p) for p in problems]


def test_a_problem_in_a_sheet_is_said_in_chinese_too(tmp_path):
    (problem,) = errors(edited(tmp_path, ENTRIES, lambda ws: ws.__setitem__("A5", None)), ENTRIES)
    assert short(problem, "zh").startswith("报名.xlsx 工作表“报名表”第5行 A 列（编号）：")


def test_a_cell_beyond_the_header_is_named_by_its_column(tmp_path):
    rows = sample_rows("entries.csv")
    rows = [[*row[:4], row[5], row[4]] for row in rows]  # events before phone: phone is last
    rows[2].extend(["", "托球跑"])
    path = sample_day_in_workbooks(tmp_path)
    save(workbook(rows, title="报名表"), tmp_path / ENTRIES)
    (problem,) = [p for p in errors(path) if not p.message.startswith("bib")]
    assert short(problem) == (
        "报名.xlsx, sheet 报名表, row 3: has a cell in column H, beyond the header's 6 columns; "
        "give that column a heading or clear it"
    )


BAD_CSVS = [
    "编号,姓名,单位,项目\n1,王建国,区教育局,托球跑\n1,李晓燕,区教育局,摸石过河\n",
    "编号,姓名,单位,项目\n1,,区教育局,托球跑\n2,李晓燕,,摸石过河、踢毽子、跳绳、金豆搬家\n",
    "编号,姓名,单位,项目\n1,甲,区教育局,托球跑\n2,乙,区教育局,托球跑\n3,丙,区教育局,托球跑\n",
    "编号,姓名,项目\n1,甲,托球跑\n",
    "姓名\n甲\n",
    "",
    "编号,姓名,单位,项目,项目\n1,甲,区教育局,托球跑,托球跑\n2,乙,区教育局,定点投篮,\n",
]


@pytest.mark.parametrize("text", BAD_CSVS)
def test_a_workbook_gets_the_csvs_checks_and_messages(tmp_path, text):
    """One reader behind both: the same rows typed into a sheet say the same things."""
    rows: list[list[Any]] = csv_rows(text.encode()) or [[]]
    for kind, data in (
        ("csv", text.encode("utf-8-sig")),
        ("xlsx", xlsx_bytes(workbook(rows, title="报名表"))),
    ):
        (tmp_path / f"entries.{kind}").write_bytes(data)
        day = SAMPLE.read_text(encoding="utf-8").replace("entries.csv", f"entries.{kind}")
        day = day.replace('heats = "heats.csv"', "")
        (tmp_path / f"{kind}.toml").write_text(day, encoding="utf-8")
    from_csv, from_xlsx = errors(tmp_path / "csv.toml"), errors(tmp_path / "xlsx.toml")
    in_csv = [(p.line, p.message) for p in from_csv]
    # the same words, but that a sheet has rows where a CSV has lines
    as_lines = [(p.line, re.sub(r"\brow\b(?= \d|\))", "line", p.message)) for p in from_xlsx]
    assert as_lines == in_csv
    assert all(p.sheet == "报名表" for p in from_xlsx)
    assert all(p.sheet is None and p.column is None for p in from_csv)


def test_the_csv_reader_and_the_workbook_reader_read_the_same_rows():
    csv_table = csvread.read_entries((SAMPLE.parent / "entries.csv").read_bytes(), "e.csv")
    xlsx_table = xlsxread.read_entries(xlsx_bytes(workbook(sample_rows("entries.csv"))), "e.xlsx")
    assert xlsx_table.records == csv_table.records and xlsx_table.problems == []


# --- a file that is no workbook, a sheet that is not there ---------------------------


def test_a_sheet_the_workbook_lacks_is_one_message_listing_its_sheets(tmp_path):
    path = sample_day_in_workbooks(tmp_path, before=("说明",), after=("统计",))
    path.write_text(path.read_text(encoding="utf-8").replace('sheet = "报名表"', 'sheet = "报名"'))
    (problem,) = errors(path)
    assert short(problem) == "报名.xlsx: has no sheet '报名'; its sheets: 说明, 报名表, 统计"


def test_a_sheet_name_typed_with_other_spaces_or_case_is_found(tmp_path):
    path = sample_day_in_workbooks(tmp_path, title="Entries")
    toml = path.read_text(encoding="utf-8").replace('sheet = "报名表"', 'sheet = " entries "')
    path.write_text(toml, encoding="utf-8")
    assert read_day(path)[0] == read_day(SAMPLE)[0]


def _truncated() -> bytes:
    data = xlsx_bytes(workbook(sample_rows("entries.csv")))
    return data[: len(data) // 2]


def _no_workbook_part() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"", "damaged"),
        ((SAMPLE.parent / "entries.csv").read_bytes(), "damaged"),
        (_truncated(), "damaged"),
        (_no_workbook_part(), "damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "97-2003"),
    ],
    ids=["empty", "a csv renamed", "cut short", "another zip", "old xls or a password"],
)
def test_a_file_that_is_no_workbook_is_one_message_and_nothing_loaded(tmp_path, data, what):
    path = sample_day_in_workbooks(tmp_path)
    (tmp_path / ENTRIES).write_bytes(data)
    (problem,) = errors(path)
    assert problem.file == str(tmp_path / ENTRIES) and problem.line is None
    assert short(problem).startswith("报名.xlsx: ") and what in problem.message
    assert ".xlsx" in problem.message


def test_an_empty_sheet_says_so(tmp_path):
    (problem,) = errors(edited(tmp_path, ENTRIES, lambda ws: ws.delete_rows(1, 100)))
    assert short(problem) == "报名.xlsx, sheet 报名表: is empty"


# --- the day file's shape -------------------------------------------------------------


def test_a_sheet_given_for_a_csv_is_refused_on_its_line(tmp_path):
    toml = SAMPLE.read_text(encoding="utf-8")
    toml = toml.replace('"entries.csv"', '{ file = "entries.csv", sheet = "报名表" }')
    for name in ("entries.csv", "heats.csv"):
        (tmp_path / name).write_bytes((SAMPLE.parent / name).read_bytes())
    (tmp_path / "day.toml").write_text(toml, encoding="utf-8")
    (problem,) = errors(tmp_path / "day.toml")
    line = toml.splitlines().index(next(s for s in toml.splitlines() if "entries =" in s)) + 1
    assert (Path(problem.file).name, problem.line) == ("day.toml", line)
    assert "not an Excel workbook" in problem.message


@pytest.mark.parametrize(
    ("given", "needle"),
    [
        ('{ file = "报名.xlsx", sheat = "报名表" }', "unknown key 'sheat' in [entries]"),
        ('{ sheet = "报名表" }', "'entries' needs the table's file"),
        ('{ file = "报名.xlsx", sheet = 1 }', "the sheet of 'entries' must be"),
    ],
)
def test_a_table_with_a_sheet_is_checked_key_by_key(tmp_path, given, needle):
    path = sample_day_in_workbooks(tmp_path)
    toml = path.read_text(encoding="utf-8")
    path.write_text(toml.replace('{ file = "报名.xlsx", sheet = "报名表" }', given))
    assert needle in " | ".join(p.message for p in errors(path))
