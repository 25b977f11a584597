"""Reading the organisers' CSV files the way Excel and WPS actually save them.

Entries arrive as UTF-8 with or without a BOM, as GBK/GB18030 from a Chinese
Windows, sometimes as UTF-16 "Unicode text" with tabs; headers in English or
Chinese, a merged title row above them, blank rows between units, full-width
digits and commas. This module turns that into (line, record) pairs for the
checks in `rules.entries`; it decides nothing about the rules itself.
Line numbers are the file's physical lines, header included, as an editor shows them.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

from timing_console.model.day import Athlete, LaneEntry
from timing_console.model.events import find_event
from timing_console.rules.entries import Problem
from timing_console.words import Said

T = TypeVar("T")

Header = tuple[dict[str, list[int]], int]
"""A found header: each field's column indexes, and the header's width."""

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


class _Malformed(Exception):
    """The CSV module gave up on the file; carries the located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def decode(data: bytes, file: str) -> str | Problem:
    """The file's text, trying UTF-16 (by BOM), UTF-8 (BOM or not), then GB18030."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return Problem(file, None, Said("csv.bad_utf16"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = error.start
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        line = data.count(b"\n", 0, bad) + 1
        return Problem(file, line, Said("csv.bad_encoding"))


def clean(text: str) -> str:
    """NFKC-normalise (full-width digits, letters, commas) and trim a cell."""
    return unicodedata.normalize("NFKC", text).strip()


def clean_name(text: str) -> str:
    """A person's name without the spaces Chinese forms pad two-character names with."""
    name = " ".join(clean(text).split())
    if " " in name and all(_CJK.fullmatch(part) for part in name.split(" ")):
        return name.replace(" ", "")
    return name


def _rows(text: str, file: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank CSV records with the physical line each starts on.

    Raises:
        _Malformed: when the CSV module cannot parse a record.
    """
    first = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    last = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problem = Problem(file, reader.line_num or 1, Said("csv.bad_csv", {"why": error}))
            raise _Malformed(problem) from error
        start, last = last + 1, reader.line_num
        if any(cell.strip() for cell in row):
            yield start, row


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
    rows: Iterator[tuple[int, list[str]]],
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
        return found, width
    if first is None:
        return Problem(file, None, Said("csv.empty"))
    english = ",".join(columns)
    chinese = ",".join(names[1] for names in columns.values())
    return Problem(file, first, Said("csv.no_header", {"english": english, "chinese": chinese}))


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


def read_entries(data: bytes, file: str) -> tuple[list[tuple[int, Athlete]], list[Problem]]:
    """Athletes with their lines, and the problems of reading them (not of the rules)."""
    return _read_table(data, file, ENTRY_COLUMNS, ENTRY_REQUIRED, _athlete_row)


def _athlete_row(row: list[str], header: Header) -> Athlete | list[str | Said]:
    """One entries row as an athlete, or why it cannot be read."""
    found, width = header
    events_at = found["events"]
    cell = {k: row[v[0]] if v[0] < len(row) else "" for k, v in found.items()}
    cells = [row[i] for i in events_at if i < len(row)]
    extra = [c for c in row[width:] if c.strip()]
    if extra and width - 1 in events_at:
        cells.extend(extra)
    elif extra:
        return [Said("csv.too_many_cells", {"cells": len(row), "width": width})]
    return Athlete(
        bib="".join(clean(cell.get("bib", "")).split()),
        name=clean_name(cell.get("name", "")),
        unit=" ".join(clean(cell.get("unit", "")).split()),
        role=clean(cell.get("role", "")),
        phone=clean(cell.get("phone", "")),
        events=tuple(e for c in cells for e in split_events(c)),
    )


def _read_table(
    data: bytes,
    file: str,
    columns: Mapping[str, tuple[str, ...]],
    required: tuple[str, ...],
    read_row: Callable[[list[str], Header], T | list[str | Said]],
) -> tuple[list[tuple[int, T]], list[Problem]]:
    """Decode a CSV file, find its header, and read each row, keeping every row's line."""
    text = decode(data, file)
    if isinstance(text, Problem):
        return [], [text]
    rows = _rows(text, file)
    read: list[tuple[int, T]] = []
    problems: list[Problem] = []
    try:
        header = _header(rows, columns, required, file)
        if isinstance(header, Problem):
            return [], [header]
        for line, row in rows:
            parsed = read_row(row, header)
            if isinstance(parsed, list):
                problems.extend(Problem(file, line, message) for message in parsed)
            else:
                read.append((line, parsed))
    except _Malformed as error:
        problems.append(error.problem)
    return read, problems


def whole(text: str) -> int | None:
    """A heat or lane number as organisers write it ('2', a full-width 2, '第2组'), or None."""
    match = _WHOLE.fullmatch(clean(text))
    return int(match.group(1)) if match else None


def _lane_row(cells: Mapping[str, str]) -> LaneEntry | list[str | Said]:
    """One heats row as an unvalidated entry, or why it cannot be read."""
    found: list[str | Said] = []
    numbers: dict[str, int] = {}
    for key in ("event", "heat", "lane", "bib"):
        column = Said(f"csv.col.{key}")
        if not cells[key]:
            found.append(Said("csv.cell_empty", {"column": column}))
        elif key in ("heat", "lane"):
            number = whole(cells[key])
            if number is None:
                found.append(Said("csv.not_whole", {"column": column, "cell": cells[key]}))
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


def read_heats(data: bytes, file: str) -> tuple[list[tuple[int, LaneEntry]], list[Problem]]:
    """Heat line-ups with their lines, unvalidated so `check_lanes` can judge them."""
    return _read_table(data, file, HEAT_COLUMNS, HEAT_REQUIRED, _heats_row)


def _heats_row(row: list[str], header: Header) -> LaneEntry | list[str | Said]:
    columns = {k: v[0] for k, v in header[0].items()}
    return _lane_row({k: clean(row[i]) if i < len(row) else "" for k, i in columns.items()})
