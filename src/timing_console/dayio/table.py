"""Reading the organisers' entry and heat tables, whatever file they come in.

A CSV reader and a workbook reader each turn their file into rows: the row's
number as the organiser sees it (a CSV's physical line, a sheet's row) and its
cells as text. From there one reader serves both: find the header (English or
Chinese, a title row may sit above it), read each row into an athlete or a
heat's lane, and say what cannot be read. The rules themselves are judged in
`rules.entries`; a `Table` then points each problem at its place in the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from timing_console.model.day import Athlete, LaneEntry
from timing_console.model.events import find_event
from timing_console.rules.entries import Problem
from timing_console.words import Said

T = TypeVar("T")

Row = tuple[int, list[str]]
"""A non-blank row: its number as the organiser sees it, and its cells as text."""

ENTRY_COLUMNS: dict[str, tuple[str, ...]] = {
    "bib": ("bib", "编号", "号码", "参赛号"),
    "name": ("name", "姓名"),
    "unit": ("unit", "单位"),
    "role": ("role", "职务"),
    "phone": ("phone", "电话", "手机", "联系电话", "手机号"),
    "events": ("events", "项目", "event", "报名项目", "参赛项目"),
}
"""Accepted header names per field; the second is the Chinese one errors quote."""
ENTRY_REQUIRED = ("bib", "name", "unit", "events")
HEAT_COLUMNS: dict[str, tuple[str, ...]] = {
    "event": ("event", "项目"),
    "heat": ("heat", "组", "组别", "组次"),
    "lane": ("lane", "道", "道次", "赛道"),
    "bib": ("bib", "编号", "号码", "参赛号"),
}
HEAT_REQUIRED = ("event", "heat", "lane", "bib")
HEADER_SEARCH = 5
"""Non-blank rows searched for the header (a merged title row may come first)."""

_SEPARATORS = re.compile(r"[;,、/\r\n]+")
_MARKERS = "*★☆※ \t"
_NOTE = re.compile(r"\(.*?\)")
_WHOLE = re.compile(r"第?\s*([+-]?\d+)(?:\.0+)?\s*[组道]?")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff·]+")


class Unreadable(Exception):
    """A file's reader gave up part-way through its rows; carries the located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class Header:
    """A found header: each field's column indexes, the header's cells, and its width."""

    found: dict[str, list[int]]
    cells: list[str]
    width: int


@dataclass(frozen=True)
class Table(Generic[T]):
    """What a file held, each record with its row, and the problems of reading it."""

    records: list[tuple[int, T]]
    problems: list[Problem]
    header: Header | None = None
    sheet: str | None = None
    """The workbook's sheet read; None for a CSV, whose line numbers say enough."""

    def located(self, problems: Iterable[Problem]) -> list[Problem]:
        """`problems` of this file pointed at their place: in a sheet, its name and, for a
        problem about one field, the column that field is in and its heading."""
        if self.sheet is None:
            return list(problems)
        return [self._in_sheet(p) for p in problems]

    def _in_sheet(self, problem: Problem) -> Problem:
        found = self.header.found if self.header else {}
        index = found[problem.field][0] if problem.field in found else None
        if index is None or self.header is None:
            return replace(problem, sheet=self.sheet)
        heading = clean(self.header.cells[index])
        return replace(problem, sheet=self.sheet, column=column_letter(index), heading=heading)


def column_letter(index: int) -> str:
    """A 0-based column index as a spreadsheet labels it: 0 is A, 26 is AA."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def clean(text: str) -> str:
    """NFKC-normalise (full-width digits, letters, commas) and trim a cell."""
    return unicodedata.normalize("NFKC", text).strip()


def clean_name(text: str) -> str:
    """A person's name without the spaces Chinese forms pad two-character names with."""
    name = " ".join(clean(text).split())
    if " " in name and all(_CJK.fullmatch(part) for part in name.split(" ")):
        return name.replace(" ", "")
    return name


def _label(cell: str) -> str:
    """A header cell reduced for matching: trimmed, case-folded, notes removed."""
    return _NOTE.sub("", clean(cell)).strip().casefold()


def _match_header(
    row: list[str], columns: Mapping[str, tuple[str, ...]]
) -> tuple[dict[str, list[int]], list[str]]:
    """Which column each known field is in, and fields named twice."""
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(row):
        label = _label(cell)
        for key, names in columns.items():
            numbered = key == "events" and label.rstrip("0123456789") in names
            if label in names or numbered:
                found.setdefault(key, []).append(index)
    twice = [k for k, idx in found.items() if len(idx) > 1 and k != "events"]
    return found, twice


def _header(
    rows: Iterator[Row],
    columns: Mapping[str, tuple[str, ...]],
    required: tuple[str, ...],
    file: str,
) -> Header | Problem:
    """Find the header row among the first few: fields to columns, and its width."""
    first: int | None = None
    for count, (line, row) in enumerate(rows):
        first = line if first is None else first
        found, twice = _match_header(row, columns)
        if len(found) < 2:
            if count + 1 >= HEADER_SEARCH:
                break
            continue
        if twice:
            return Problem(file, line, Said("csv.column_twice", {"column": twice[0]}))
        missing = [k for k in required if k not in found]
        if missing:
            named = ", ".join(f"'{k}' ({columns[k][1]})" for k in missing)
            key = "csv.no_columns" if len(missing) > 1 else "csv.no_column"
            return Problem(file, line, Said(key, {"named": named}))
        width = max(i for i, cell in enumerate(row) if cell.strip()) + 1
        return Header(found, row, width)
    if first is None:
        return Problem(file, None, Said("csv.empty"))
    english = ",".join(columns)
    chinese = ",".join(names[1] for names in columns.values())
    return Problem(file, first, Said("csv.no_header", {"english": english, "chinese": chinese}))


Flaws = list[tuple[str | None, str | Said]]
"""Why a row cannot be read: each message with the field it is about (None: the whole row)."""


def _read_table(
    rows: Iterator[Row],
    file: str,
    columns: Mapping[str, tuple[str, ...]],
    required: tuple[str, ...],
    read_row: Callable[[list[str], Header], T | Flaws],
) -> Table[T]:
    """Find the header among `rows` and read every row after it, keeping each row's number.

    A reader that gives up part-way (`Unreadable`) keeps the rows read before it.
    """
    read: list[tuple[int, T]] = []
    problems: list[Problem] = []
    header: Header | None = None
    try:
        found = _header(rows, columns, required, file)
        if isinstance(found, Problem):
            return Table([], [found])
        header = found
        for line, row in rows:
            parsed = read_row(row, header)
            if isinstance(parsed, list):
                problems += [Problem(file, line, said, field=key) for key, said in parsed]
            else:
                read.append((line, parsed))
    except Unreadable as error:
        problems.append(error.problem)
    return Table(read, problems, header)


def read_entries(
    rows: Iterator[Row], file: str, wide: str = "csv.too_many_cells"
) -> Table[Athlete]:
    """Athletes with their rows, and the problems of reading them (not of the rules).

    `wide` says what to do about cells beyond the header, in the file's own terms.
    """

    def athlete(row: list[str], header: Header) -> Athlete | Flaws:
        return _athlete_row(row, header, wide)

    return _read_table(rows, file, ENTRY_COLUMNS, ENTRY_REQUIRED, athlete)


def _athlete_row(row: list[str], header: Header, wide: str) -> Athlete | Flaws:
    """One entries row as an athlete, or why it cannot be read."""
    found, width = header.found, header.width
    events_at = found["events"]
    cell = {k: row[v[0]] if v[0] < len(row) else "" for k, v in found.items()}
    cells = [row[i] for i in events_at if i < len(row)]
    extra = [c for c in row[width:] if c.strip()]
    if extra and width - 1 in events_at:
        cells.extend(extra)
    elif extra:
        beyond = next(i for i in range(width, len(row)) if row[i].strip())
        params = {"cells": len(row), "width": width, "column": column_letter(beyond)}
        return [(None, Said(wide, params))]
    return Athlete(
        bib="".join(clean(cell.get("bib", "")).split()),
        name=clean_name(cell.get("name", "")),
        unit=" ".join(clean(cell.get("unit", "")).split()),
        role=clean(cell.get("role", "")),
        phone=clean(cell.get("phone", "")),
        events=tuple(e for c in cells for e in split_events(c)),
    )


def read_heats(rows: Iterator[Row], file: str) -> Table[LaneEntry]:
    """Heat line-ups with their rows, unvalidated so `check_lanes` can judge them."""
    return _read_table(rows, file, HEAT_COLUMNS, HEAT_REQUIRED, _heats_row)


def _heats_row(row: list[str], header: Header) -> LaneEntry | Flaws:
    columns = {k: v[0] for k, v in header.found.items()}
    return _lane_row({k: clean(row[i]) if i < len(row) else "" for k, i in columns.items()})


def _lane_row(cells: Mapping[str, str]) -> LaneEntry | Flaws:
    """One heats row as an unvalidated entry, or why it cannot be read."""
    found: Flaws = []
    numbers: dict[str, int] = {}
    for key in ("event", "heat", "lane", "bib"):
        column = Said(f"csv.col.{key}")
        if not cells[key]:
            found.append((key, Said("csv.cell_empty", {"column": column})))
        elif key in ("heat", "lane"):
            number = whole(cells[key])
            if number is None:
                said = Said("csv.not_whole", {"column": column, "cell": cells[key]})
                found.append((key, said))
            else:
                numbers[key] = number
    if found:
        return found
    event = find_event(cells["event"])
    return LaneEntry.model_construct(
        event=event.id if event else cells["event"],
        heat=numbers["heat"],
        lane=numbers["lane"],
        bib="".join(cells["bib"].split()),
    )


def split_events(cell: str) -> list[str]:
    """Event ids from an events cell; text that names no event is kept as typed."""
    events: list[str] = []
    for raw in _SEPARATORS.split(clean(cell)):
        token = raw.strip(_MARKERS)
        if not token:
            continue
        spec = find_event(token)
        if spec is not None:
            events.append(spec.id)
            continue
        parts = [find_event(p) for p in token.split()]
        if len(parts) > 1 and all(parts):
            events.extend(p.id for p in parts if p is not None)
        else:
            events.append(token)
    return events


def whole(text: str) -> int | None:
    """A heat or lane number as organisers write it ('2', a full-width 2, '第2组'), or None."""
    match = _WHOLE.fullmatch(clean(text))
    return int(match.group(1)) if match else None
