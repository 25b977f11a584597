"""Issue 22: `export DIR --format xlsx` writes the lists as one workbook, set up to print.

One sheet per event, then the prizes, the participation list and the team
table: the same content as the CSVs, headers and sheet names in `--lang`; A4,
the header row repeated on every page and frozen, columns as wide as their
content (a Chinese character counts two), numbers as numbers, no formula ever.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.support.commands import cli, run_cli
from tests.support.exportkit import exported, results_day
from timing_console.dayio import export
from timing_console.dayio.xlsxwrite import sheet_title, workbook_bytes
from timing_console.rules.awards import ParticipationRow
from timing_console.rules.report import display_width, participation_sheet


@pytest.fixture
def day_db(tmp_path, capsys) -> str:
    return results_day(tmp_path, capsys)


def workbook_of(capsys, db: str, out: Path, lang: str) -> tuple[Path, list[Worksheet]]:
    """Run `export --format xlsx`; the one file it printed and wrote, and its sheets."""
    code, stdout, err = cli(capsys, "export", str(out), "--format", "xlsx", "--lang", lang,
                            "--db", db)  # fmt: skip
    assert code == 0 and err == ""
    assert [Path(line) for line in stdout.splitlines()] == list(out.iterdir())
    (path,) = out.iterdir()
    book = load_workbook(path)
    return path, [ws for ws in book.worksheets if isinstance(ws, Worksheet)]


def as_csv(ws: Worksheet) -> list[list[str]]:
    """A sheet's rows as the CSV writes them: numbers in digits, an empty cell as ''."""
    return [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]


@pytest.mark.parametrize(("lang", "name"), [("zh", "成绩汇总.xlsx"), ("en", "results.xlsx")])
def test_one_workbook_holds_every_csv_as_a_sheet_with_the_same_cells(
    tmp_path, capsys, day_db, lang, name
):
    csvs = exported(capsys, day_db, tmp_path / "csv", "--lang", lang)
    path, sheets = workbook_of(capsys, day_db, tmp_path / "xlsx", lang)
    assert path.name == name
    assert [int(ws.title.split("-")[0]) for ws in sheets[:7]] == list(range(1, 8))
    assert sorted(f"{ws.title}.csv" for ws in sheets) == sorted(csvs)
    for ws in sheets:
        assert as_csv(ws) == csvs[f"{ws.title}.csv"], ws.title


def test_headers_and_sheet_names_follow_the_language(tmp_path, capsys, day_db):
    _, zh = workbook_of(capsys, day_db, tmp_path / "zh", "zh")
    _, en = workbook_of(capsys, day_db, tmp_path / "en", "en")
    assert [ws.title for ws in zh][-3:] == ["获奖名单", "纪念奖名单", "团体积分"]
    assert [ws.title for ws in en][-3:] == ["awards", "participation", "team"]
    assert (zh[0].title, en[0].title) == ("1-托球跑", "1-paddle-ball-run")
    assert [c.value for c in zh[0][1]][:4] == ["名次", "编号", "姓名", "单位"]
    assert [c.value for c in en[0][1]][:4] == ["place", "bib", "name", "unit"]
    assert all(c.font.b for ws in zh for c in ws[1])


def test_places_and_counts_are_numbers_and_bibs_text(tmp_path, capsys, day_db):
    _, sheets = workbook_of(capsys, day_db, tmp_path / "out", "en")
    free_throw = next(ws for ws in sheets if ws.title == "4-free-throw")
    place, bib, baskets = free_throw["A2"], free_throw["B2"], free_throw["M2"]
    assert (place.value, bib.value, baskets.value) == (1, "1001", 5)
    assert (place.data_type, bib.data_type, baskets.data_type) == ("n", "s", "n")
    assert free_throw["K2"].value is None  # not corrected: an empty cell, not an empty text


def test_every_sheet_is_set_up_to_print_on_a4_with_its_header_on_each_page(
    tmp_path, capsys, day_db
):
    _, sheets = workbook_of(capsys, day_db, tmp_path / "out", "zh")
    for ws in sheets:
        assert ws.page_setup.paperSize == 9, ws.title  # Excel's code for A4
        assert ws.print_title_rows == "$1:$1", ws.title
        assert ws.freeze_panes == "A2", ws.title
        fit = ws.sheet_properties.pageSetUpPr
        assert fit is not None and fit.fitToPage, ws.title  # to the page's width, pages down
        wide = ws.page_setup.fitToWidth or 1  # left out when 1, the format's default
        assert (wide, ws.page_setup.fitToHeight) == (1, 0), ws.title
    by_title = {ws.title: ws for ws in sheets}
    assert by_title["获奖名单"].page_setup.orientation == "portrait"  # five narrow columns
    assert by_title["4-定点投篮"].page_setup.orientation == "landscape"  # fourteen


def test_each_column_is_as_wide_as_its_longest_cell_a_chinese_character_two(
    tmp_path, capsys, day_db
):
    _, sheets = workbook_of(capsys, day_db, tmp_path / "out", "zh")
    for ws in sheets:
        widths = column_widths(ws)
        for index, column in enumerate(ws.iter_cols(), start=1):
            longest = max(display_width("" if c.value is None else str(c.value)) for c in column)
            assert longest < widths[index] <= max(longest + 4, 6 + 1), (ws.title, index)
    team = next(ws for ws in sheets if ws.title == "团体积分")
    assert column_widths(team)[2] >= 12 + 1  # 区交通运输局: six characters, twelve wide


def column_widths(ws: Worksheet) -> dict[int, float]:
    """Each column's width by its number (a run of equal widths is stored once)."""
    return {
        index: dim.width
        for dim in ws.column_dimensions.values()
        for index in range(dim.min or 0, (dim.max or 0) + 1)
    }


def test_a_name_excel_would_run_as_a_formula_is_kept_as_text(tmp_path):
    rows = [
        ParticipationRow(bib="7", name='=HYPERLINK("http://x","点我")', unit="@工会", events=()),
        ParticipationRow(bib="8", name="=1+1", unit="+财政局", events=()),
    ]
    path = tmp_path / "x.xlsx"
    path.write_bytes(workbook_bytes([("名单", participation_sheet(rows, "zh"))]))
    ws = load_workbook(path).worksheets[0]
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if c.value]
    assert {c.data_type for c in cells} == {"s"}
    assert {c.value for c in cells} >= {'=HYPERLINK("http://x","点我")', "=1+1", "@工会"}


def test_without_format_the_export_stays_csv(tmp_path, capsys, day_db):
    sheets = exported(capsys, day_db, tmp_path / "out", "--lang", "zh")
    assert len(sheets) == 10 and all(name.endswith(".csv") for name in sheets)


def test_an_unknown_format_writes_nothing(tmp_path):
    with pytest.raises(ValueError, match="ods"):
        export.export_day(tmp_path / "out", [], [], [], [], fmt="ods")
    assert not (tmp_path / "out").exists()
    code, _, err = run_cli("export", str(tmp_path / "out"), "--format", "ods")
    assert code == 2 and "xlsx" in err and not (tmp_path / "out").exists()


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_the_workbook_is_readable_by_the_laptops_other_users(tmp_path):
    old = os.umask(0o077)
    try:
        (path,) = export.export_day(tmp_path / "new", [], [], [], [], lang="zh", fmt="xlsx")
    finally:
        os.umask(old)
    assert path.name == "成绩汇总.xlsx" and stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [ws.title for ws in load_workbook(path).worksheets] == [
        "获奖名单",
        "纪念奖名单",
        "团体积分",
    ]


@pytest.mark.parametrize(
    ("name", "taken", "title"),
    [
        ("4-定点投篮", set(), "4-定点投篮"),
        ("a/b:c?[d]*e\\f", set(), "a-b-c--d--e-f"),
        ("x" * 40, set(), "x" * 31),
        ("awards", {"awards"}, "awards (2)"),
        ("Awards", {"awards", "awards (2)"}, "Awards (3)"),
    ],
)
def test_a_sheet_name_is_one_excel_accepts(name, taken, title):
    assert sheet_title(name, taken) == title
