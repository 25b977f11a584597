"""Reading entries and heats straight from the union offices' Excel workbooks (.xlsx).

Union offices keep their entries in a workbook, not a CSV: this reads its first
sheet (or the one the day file names) into numbered rows for `table`, which
reads a workbook and a CSV the same way, so the same checks give the same
messages, here naming the sheet, the row and the column. What Excel and WPS
put in a sheet is turned back into what the organiser typed: a bib typed as a
number (101, stored as 101.0) reads "101", one shown as 007 by a "000" format
reads "007"; a cell merged down several rows (a unit over its two athletes)
gives its value to each row; empty cells and trailing empty rows are nothing.
A file that is not a workbook, or is damaged, is one message and no rows.

openpyxl is imported only when a workbook is read: every other command starts
without it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from timing_console.dayio.table import Row, Table, clean
from timing_console.dayio.table import read_entries as entries_table
from timing_console.dayio.table import read_heats as heats_table
from timing_console.model.day import Athlete, LaneEntry
from timing_console.rules.entries import Problem
from timing_console.words import Said

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

SUFFIXES = (".xlsx", ".xlsm", ".xls")
"""File names read as workbooks (an old .xls is refused with a message saying so)."""
ZIP_MAGIC = b"PK\x03\x04"
"""How an .xlsx starts: it is a zip archive."""
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""How an Excel 97-2003 .xls, or a password-protected workbook, starts."""

_ZEROS = re.compile(r"0+")
"""A number format of zeros only ("000"): Excel pads the number with zeros to show it."""


def is_workbook(name: str, data: bytes) -> bool:
    """Whether a file is a workbook, by its name or by how it starts (a renamed one too)."""
    return name.lower().endswith(SUFFIXES) or data.startswith((ZIP_MAGIC, OLE_MAGIC))


def cell_text(value: object, number_format: str = "General") -> str:
    """A cell's value as the organiser typed it: 101.0 is "101", 12.5 is "12.5", none is ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
        return digits.zfill(len(number_format)) if _ZEROS.fullmatch(number_format) else digits
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _open(data: bytes, file: str) -> Workbook | Problem:
    """The workbook, or the one problem that says why it cannot be opened."""
    from openpyxl import load_workbook  # noqa: PLC0415 - only a workbook loads openpyxl

    if data.startswith(OLE_MAGIC):
        return Problem(file, None, Said("xlsx.old_or_locked"))
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it skips (WPS's extensions, data validation):
            # nothing the entries need, and nothing the organiser can act on.
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
    except Exception:  # a damaged archive fails in many ways inside openpyxl: all one message
        return Problem(file, None, Said("xlsx.damaged"))


def _sheet(book: Workbook, wanted: str | None, file: str) -> Worksheet | Problem:
    """The sheet the day file names (as typed, or trimmed and case-folded), else the first."""
    sheets = book.worksheets
    titles = ", ".join(s.title for s in sheets)
    if not sheets:
        return Problem(file, None, Said("xlsx.no_sheets"))
    if wanted is None:
        shown = [s for s in sheets if s.sheet_state == "visible"]
        return (shown or sheets)[0]
    for match in (lambda s: s.title == wanted, lambda s: _same(s.title, wanted)):
        found = [s for s in sheets if match(s)]
        if found:
            return found[0]
    return Problem(file, None, Said("xlsx.no_sheet", {"sheet": wanted, "sheets": titles}))


def _same(title: str, wanted: str) -> bool:
    return clean(title).casefold() == clean(wanted).casefold()


def _merged_down(sheet: Worksheet) -> dict[tuple[int, int], str]:
    """Cells under a merge that spans rows, each with the merge's value.

    Only the merge's first column is filled: a cell merged across columns counts once,
    or an events cell spread over three columns would list each event three times.
    """
    filled: dict[tuple[int, int], str] = {}
    for merged in sheet.merged_cells.ranges:
        if merged.max_row == merged.min_row:
            continue
        anchor = sheet.cell(merged.min_row, merged.min_col)
        value = cell_text(anchor.value, anchor.number_format)
        for row in range(merged.min_row + 1, merged.max_row + 1):
            filled[(row, merged.min_col)] = value
    return filled


def _rows(sheet: Worksheet) -> Iterator[Row]:
    """The sheet's non-blank rows, numbered as Excel numbers them, trailing empty cells cut."""
    filled = _merged_down(sheet)
    for number, cells in enumerate(sheet.iter_rows(min_row=1, min_col=1), start=1):
        texts = [
            filled.get((number, column), "")
            if cell.value is None
            else cell_text(cell.value, cell.number_format)
            for column, cell in enumerate(cells, start=1)
        ]
        while texts and not texts[-1].strip():
            texts.pop()
        if texts:
            yield number, texts


def sheet_rows(data: bytes, file: str, wanted: str | None) -> tuple[str, Iterator[Row]] | Problem:
    """The chosen sheet's title and rows, or the one problem that keeps them from being read."""
    book = _open(data, file)
    if isinstance(book, Problem):
        return book
    sheet = _sheet(book, wanted, file)
    if isinstance(sheet, Problem):
        return sheet
    return sheet.title, _rows(sheet)


def read_entries(data: bytes, file: str, sheet: str | None = None) -> Table[Athlete]:
    """Athletes with their rows from a workbook's sheet, as `table.read_entries` reads them."""
    found = sheet_rows(data, file, sheet)
    if isinstance(found, Problem):
        return Table([], [found])
    title, rows = found
    return replace(entries_table(rows, file, wide="xlsx.too_many_cells"), sheet=title)


def read_heats(data: bytes, file: str, sheet: str | None = None) -> Table[LaneEntry]:
    """Heat line-ups with their rows from a workbook's sheet, unvalidated like a CSV's."""
    found = sheet_rows(data, file, sheet)
    if isinstance(found, Problem):
        return Table([], [found])
    title, rows = found
    return replace(heats_table(rows, file), sheet=title)
