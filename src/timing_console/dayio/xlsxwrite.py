"""The exported lists as one Excel workbook, set up to print.

The same sheets as the CSVs (`rules.report`'s, in the chosen language), one
worksheet each, so the organisers mail one file and print from it: A4, each
sheet upright or across the page as its width needs and fitted to the page's
width, the header row repeated atop every page and frozen on screen, columns
as wide as their longest cell (a Chinese character counts two), a filter on
the header. Numbers stay numbers; every text is written as text, so a name
typed like `=HYPERLINK(...)` can never run as a formula.

openpyxl is imported here only: the CSV export and every other command start without it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from timing_console.rules.report import Sheet, display_width

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

TITLE_LIMIT = 31
"""Excel refuses a sheet name longer than this."""
_NOT_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
"""Characters Excel refuses in a sheet name."""

PORTRAIT_WIDTH = 90
"""Column-width units an A4 page holds upright (at the default font, default margins);
a wider sheet is printed across the page."""
MIN_WIDTH = 6
MAX_WIDTH = 60
"""A column never narrower than a short heading, never wider than half a page."""
PADDING = 2
"""Room beside the longest cell, so it does not touch the grid line."""


def workbook_bytes(sheets: Sequence[tuple[str, Sheet]]) -> bytes:
    """The workbook of `sheets` (each with its name), ready to write in one go."""
    book = Workbook()
    book.remove(book.worksheets[0])  # the empty sheet a new workbook starts with
    taken: set[str] = set()
    for name, sheet in sheets:
        title = sheet_title(name, taken)
        taken.add(title.casefold())
        _fill(book.create_sheet(title), sheet)
    out = io.BytesIO()
    book.save(out)
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
    """A record's value as the cell holds it: None empty, a flag as the CSV writes it."""
    if isinstance(value, bool):
        return "yes" if value else None
    return value


def _fill(ws: Worksheet, sheet: Sheet) -> None:
    """The sheet's header and rows, then its widths and print setup."""
    ws.append(list(sheet.header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center")
    for row, record in enumerate(sheet.records, start=2):
        for column, key in enumerate(sheet.columns, start=1):
            value = _value(record.get(key))
            if value is None:
                continue
            cell = ws.cell(row, column, value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula (openpyxl takes `=...` for one)
    widths = column_widths(sheet)
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
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
    repeated atop each page and frozen on screen, with a filter; the sheet's name atop each
    page and its page number below."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = (
        ws.ORIENTATION_PORTRAIT if width <= PORTRAIT_WIDTH else ws.ORIENTATION_LANDSCAPE
    )
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.print_title_rows = "1:1"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    ws.print_options.horizontalCentered = True
    for item, code in ((ws.oddHeader, "&A"), (ws.oddFooter, "&P / &N")):
        if item is not None:
            item.center.text = code  # the sheet's name atop; page of pages below
