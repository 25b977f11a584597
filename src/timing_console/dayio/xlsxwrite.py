"""The exported lists as one Excel workbook, set up to print.

The same sheets as the CSVs (`rules.report`'s, in the chosen language), one
worksheet each, so the organisers mail one file and print from it: A4, each
sheet upright or across the page as its width needs and fitted to the page's
width, the header row repeated atop every page and frozen on screen, columns
as wide as their longest cell (a Chinese character counts two), a filter on
the header. Numbers stay numbers; every text is written as text, so a name
typed like `=HYPERLINK(...)` can never run as a formula.

Written with XlsxWriter, which only writes and writes about three times as fast as
openpyxl (which reads the entries); imported here only, so the CSV export and every
other command start without it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Sequence
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from timing_console.rules.report import Sheet, display_width

TITLE_LIMIT = 31
"""Excel refuses a sheet name longer than this."""
_NOT_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
"""Characters Excel refuses in a sheet name."""

A4 = 9
"""Excel's code for A4 paper."""
PORTRAIT_WIDTH = 90
"""Column-width units an A4 page holds upright (at the default font, default margins);
a wider sheet is printed across the page."""
MIN_WIDTH = 6
MAX_WIDTH = 60
"""A column never narrower than a short heading, never wider than half a page."""
PADDING = 2
"""Room beside the longest cell, so it does not touch the grid line."""

OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
"""Build the file in memory (one atomic write follows); a text is always a text."""


def workbook_bytes(sheets: Sequence[tuple[str, Sheet]]) -> bytes:
    """The workbook of `sheets` (each with its name), ready to write in one go."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, OPTIONS)
    heading = book.add_format({"bold": True, "valign": "vcenter"})
    taken: set[str] = set()
    for name, sheet in sheets:
        title = sheet_title(name, taken)
        taken.add(title.casefold())
        _fill(book.add_worksheet(title), sheet, heading)
    book.close()
    return out.getvalue()


def sheet_title(name: str, taken: Collection[str] = ()) -> str:
    """`name` as Excel accepts a sheet's name: no `[]:*?/\\`, at most 31 characters, and
    not one already `taken` (compared case-folded, as Excel does)."""
    base = _NOT_IN_TITLE.sub("-", name).strip("'")[:TITLE_LIMIT] or "-"
    title, number = base, 2
    while title.casefold() in taken:
        suffix = f" ({number})"
        title = base[: TITLE_LIMIT - len(suffix)] + suffix
        number += 1
    return title


def _value(value: Any) -> Any:
    """A record's value as the cell holds it: a flag as the CSV writes it (None and ""
    leave the cell empty)."""
    if isinstance(value, bool):
        return "yes" if value else None
    return value


def _fill(ws: Worksheet, sheet: Sheet, heading: Any) -> None:
    """The sheet's header and rows, then its widths and print setup."""
    ws.write_row(0, 0, sheet.header, heading)
    for row, record in enumerate(sheet.records, start=1):
        for column, key in enumerate(sheet.columns):
            value = _value(record.get(key))
            if isinstance(value, str) and value:
                ws.write_string(row, column, value)  # text, never a formula
            elif isinstance(value, int | float):
                ws.write_number(row, column, value)
    widths = column_widths(sheet)
    for column, width in enumerate(widths):
        ws.set_column(column, column, width)
    ws.autofilter(0, 0, len(sheet.records), len(sheet.columns) - 1)
    _print_setup(ws, sum(widths))


def column_widths(sheet: Sheet) -> list[int]:
    """Each column's width in Excel's units: its longest cell, header included, where a
    Chinese character takes two."""
    widths = []
    for column, heading in zip(sheet.columns, sheet.header, strict=True):
        cells = [heading, *(_shown(r.get(column)) for r in sheet.records)]
        longest = max(display_width(c) for c in cells)
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, longest + PADDING)))
    return widths


def _shown(value: Any) -> str:
    value = _value(value)
    return "" if value is None else str(value)


def _print_setup(ws: Worksheet, width: int) -> None:
    """A4, upright or across as the width needs, fitted to the page's width, the header
    repeated atop each page and frozen on screen; the sheet's name atop each page and its
    page number below."""
    ws.set_paper(A4)
    if width > PORTRAIT_WIDTH:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)  # one page wide, as many pages down as the rows need
    ws.repeat_rows(0)
    ws.freeze_panes(1, 0)
    ws.center_horizontally()
    ws.set_header("&C&A")  # the sheet's name
    ws.set_footer("&C&P / &N")  # page of pages
