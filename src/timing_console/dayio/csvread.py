"""Reading the organisers' CSV files the way Excel and WPS actually save them.

Entries arrive as UTF-8 with or without a BOM, as GBK/GB18030 from a Chinese
Windows, sometimes as UTF-16 "Unicode text" with tabs; blank rows between
units. This module turns that into numbered rows for `table`, which finds the
header and reads the records the same way for a CSV and a workbook; it decides
nothing about the rules itself. Line numbers are the file's physical lines,
header included, as an editor shows them.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator

from timing_console.dayio.table import Row, Table, Unreadable
from timing_console.dayio.table import read_entries as entries_table
from timing_console.dayio.table import read_heats as heats_table
from timing_console.model.day import Athlete, LaneEntry
from timing_console.rules.entries import Problem
from timing_console.words import Said


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


def _rows(text: str, file: str) -> Iterator[Row]:
    """Non-blank CSV records with the physical line each starts on.

    Raises:
        Unreadable: when the CSV module cannot parse a record.
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
            raise Unreadable(problem) from error
        start, last = last + 1, reader.line_num
        if any(cell.strip() for cell in row):
            yield start, row


def read_entries(data: bytes, file: str) -> Table[Athlete]:
    """Athletes with their lines, and the problems of reading them (not of the rules)."""
    text = decode(data, file)
    if isinstance(text, Problem):
        return Table([], [text])
    return entries_table(_rows(text, file), file)


def read_heats(data: bytes, file: str) -> Table[LaneEntry]:
    """Heat line-ups with their lines, unvalidated so `check_lanes` can judge them."""
    text = decode(data, file)
    if isinstance(text, Problem):
        return Table([], [text])
    return heats_table(_rows(text, file), file)
