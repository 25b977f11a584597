"""Entry and heat CSVs as Excel and WPS save them: exact loads, or exactly located refusals.

The generators write each file the way organisers' spreadsheets do (BOM or
none, GBK/GB18030 from a Chinese Windows, UTF-16 "Unicode text" with tabs,
title rows over the header, blank rows, full-width digits and commas, events
split by any separator or spilling unquoted across cells, headers in either
language and any order) and know which rows the notice's rules refuse. So the
properties are exact, beyond tests/unit/test_dayfile.py: with no faulty row the
day loads to exactly the athletes or seats written; otherwise the errors point
at exactly the faulty rows' lines, and nowhere else.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import event as label
from hypothesis import given
from hypothesis import strategies as st

from tests.support.daykit import (
    DAY,
    ENTRIES,
    HEATS,
    NAMES,
    RACES,
    budget,
    error_lines,
    outcome,
    write_day,
)
from timing_console.model import CATALOGUE, Day, LaneEntry

BY_NAME = {name: event for event, names in NAMES.items() for name in names}


# ----- entry CSVs ---------------------------------------------------------------

HEADERS = {
    "bib": ["bib", " Bib ", "编号", "号码", "参赛号"],
    "name": ["name", "NAME", "姓名"],
    "unit": ["unit", "单位", "单位（必填）"],
    "role": ["role", "职务"],
    "phone": ["phone", "电话", "手机", "联系电话"],
    "events": ["events", "项目", "报名项目", "参赛项目"],
}
PEOPLE = {"王建国": "王建国", "李 晓燕": "李晓燕", "欧阳　娜": "欧阳娜", "Tom  Lee": "Tom Lee"}
"""Names as typed, and as the day keeps them."""
UNITS = ["区教育局", "区财政局", "区卫健局", " 区人社局 "]
PHONES = ["13808231045", "１５９２８４７６３１０", "028-12345678", "12345", "1.38E+10", ""]
SEPARATORS = ["、", ";", "；", ",", "，", "/", "\n", " "]
FULL = str.maketrans("0123456789", "０１２３４５６７８９")
JUNK = st.text(
    st.one_of(
        st.characters(codec="gbk", exclude_categories=("Cs", "Cc")), st.sampled_from('\n,"\t')
    ),
    max_size=10,
)
"""A remark in a column the console does not read (any text GBK can hold, quotes, breaks)."""
Entrant = dict[str, Any]


@st.composite
def entrant(draw: st.DrawFn, index: int | None = None) -> Entrant:
    """One athlete as a unit typed them; with `index`, one the rules accept.

    Events come by id, Chinese or English name; an unknown one is 跳远 (long jump).
    """
    if index is None:
        events = draw(st.lists(st.sampled_from([*CATALOGUE, "long-jump"]), max_size=4))
    else:
        others = [e for e in CATALOGUE if e != (race := draw(st.sampled_from(RACES)))]
        events = draw(
            st.permutations(
                [race, *draw(st.lists(st.sampled_from(others), max_size=2, unique=True))]
            )
        )
    return {
        "bib": str(index + 1) if index is not None else str(draw(st.integers(1, 12))),
        "name": draw(st.sampled_from(list(PEOPLE))),
        "unit": UNITS[index // 2] if index is not None else draw(st.sampled_from(UNITS)),
        "role": draw(st.sampled_from(["工会主席", "工会干部", ""])),
        "phone": draw(st.sampled_from(PHONES)),
        "events": [draw(st.sampled_from(NAMES.get(e, ("跳远",)))) for e in events],
    }


def faults(rows: list[Entrant]) -> list[int]:
    """Which rows the rules refuse (indexes), worked out from the notice, not the reader."""
    seen: set[str] = set()
    per_unit: Counter[str] = Counter()
    bad = []
    for index, row in enumerate(rows):
        ids = [BY_NAME.get(e) for e in row["events"]]
        known = [e for e in ids if e is not None]
        wrong = row["bib"] in seen or None in ids or len(set(known)) < len(known)
        wrong |= not 1 <= len(known) <= 3 or (not (set(known) & set(RACES)) and None not in ids)
        if row["bib"] not in seen:
            seen.add(row["bib"])
            per_unit[row["unit"].strip()] += 1
            wrong |= per_unit[row["unit"].strip()] == 3
        if wrong:
            bad.append(index)
    return bad


def render(
    draw: st.DrawFn, header: list[str], rows: list[list[str]], sep: str = ",", spill: bool = False
) -> tuple[str, dict[int, int]]:
    """Rows as a spreadsheet saves them: title rows, blank rows, either line ending.

    Returns the text and the line each record starts on (-1: the header). With
    `spill`, the last column is written unquoted, its commas splitting it.
    """
    end = draw(st.sampled_from(["\r\n", "\n"]))
    titles = draw(st.integers(0, 2))
    records = [["2026年趣味运动会报名表"] + [""] * (len(header) - 1)] * titles + [header, *rows]
    out, lines = io.StringIO(), {}
    for number, record in enumerate(records):
        if draw(st.integers(0, 4)) == 0:
            blank = draw(st.sampled_from(["", sep * (len(header) - 1)]))
            out.write(blank + end)
        lines[number - titles - 1] = len(io.StringIO(out.getvalue(), newline="").readlines()) + 1
        line = io.StringIO()
        spilt = spill and number > titles
        csv.writer(line, delimiter=sep, lineterminator=end).writerow(
            record[:-1] if spilt else record
        )
        out.write(
            line.getvalue().removesuffix(end) + f",{record[-1]}{end}" if spilt else line.getvalue()
        )
    return out.getvalue(), lines


@st.composite
def entry_files(draw: st.DrawFn) -> tuple[bytes, list[Entrant], dict[int, int], list[str]]:
    """An entries CSV as Excel or WPS saves it.

    Returns the bytes, the rows, the line each row starts on (-1: the header),
    and the columns written.
    """
    if draw(st.integers(0, 3)) == 0:
        rows = [draw(entrant(i)) for i in range(draw(st.integers(1, 2 * len(UNITS))))]
    else:
        rows = draw(st.lists(entrant(), min_size=1, max_size=8))
    columns = draw(st.permutations(list(HEADERS)))
    columns = [c for c in columns if c not in ("role", "phone") or draw(st.booleans())]
    if draw(st.integers(0, 9)) == 0:
        columns.remove(draw(st.sampled_from(["bib", "name", "unit", "events"])))
    if draw(st.booleans()):
        columns.insert(draw(st.integers(0, len(columns))), "note")
    tab, full = draw(st.integers(0, 5)) == 0, draw(st.booleans())
    spill = not tab and columns[-1] == "events" and draw(st.booleans())
    records = []
    for row in rows:
        spaced = any(" " in e for e in row["events"])
        joiner = draw(st.sampled_from([","] if spill else SEPARATORS[: -1 if spaced else None]))
        cells = {**row, "events": joiner.join(row["events"]), "note": draw(JUNK)}
        if full:
            cells |= {k: cells[k].translate(FULL) for k in ("bib", "phone")}
        records.append([cells[c] for c in columns])
    header = [draw(st.sampled_from(HEADERS.get(c, ["备注"]))) for c in columns]
    text, lines = render(draw, header, records, "\t" if tab else ",", spill)
    codec = "utf-16" if tab else draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030"]))
    return text.encode(codec), rows, lines, columns


@budget("input")
@given(case=entry_files())
def test_an_entries_file_loads_exactly_or_fails_on_exactly_the_rows_at_fault(case):
    """Loads to exactly the athletes written, or errors on exactly the refused rows."""
    data, rows, lines, columns = case
    with tempfile.TemporaryDirectory() as folder:
        toml = 'title = "t"\ndate = "d"\nvenue = "v"\nentries = "entries.csv"\n'
        files = write_day(Path(folder), toml.encode(), data, HEATS)
        entries = str(Path(folder) / "entries.csv")
        result = outcome(Path(folder) / "sports-day.toml", files)
        if not {"bib", "name", "unit", "events"} <= set(columns):
            assert error_lines(result, entries) == {lines[-1]}
            return
        assert error_lines(result, entries) == {lines[i] for i in faults(rows)}
        label("loads" if isinstance(result, Day) else f"{len(faults(rows))} rows refused")
        if isinstance(result, Day):
            assert [a.bib for a in result.athletes] == [r["bib"] for r in rows]
            assert [a.name for a in result.athletes] == [PEOPLE[r["name"]] for r in rows]
            assert [a.unit for a in result.athletes] == [r["unit"].strip() for r in rows]
            ids = [tuple(BY_NAME[e] for e in r["events"]) for r in rows]
            assert [a.events for a in result.athletes] == ids


# ----- heat CSVs ----------------------------------------------------------------

SEATS = list(DAY.lanes)
HEAT_HEADERS = [["event", "项目"], ["heat", "组", "组别"], ["lane", "道", "道次"], ["bib", "编号"]]
OUTSIDERS = {e: [a.bib for a in DAY.athletes if e not in a.events] for e in CATALOGUE}


@st.composite
def heat_files(draw: st.DrawFn) -> tuple[bytes, dict[int, int], set[int], list[LaneEntry]]:
    """The sample's heats as organisers retype them, some rows spoiled.

    Returns the bytes, the line of each row, the rows spoiled, and the seats kept.
    """
    kept = sorted(draw(st.sets(st.integers(0, len(SEATS) - 1), min_size=1)))
    seats = [SEATS[i] for i in draw(st.permutations(kept))]
    rows: list[list[str]] = []
    spoiled: set[int] = set()
    for seat in seats:
        spec = CATALOGUE[seat.event]
        form = st.sampled_from(["{}", "第{}组", "{}.0", " {} "])
        row = [draw(st.sampled_from(NAMES[seat.event]))]
        row += [draw(form).format(seat.heat), draw(form).format(seat.lane), seat.bib]
        if draw(st.integers(0, 5)) == 0:
            spoilt = {
                0: st.just("跳远"),
                1: st.sampled_from(["0", "-1", "x", ""]),
                2: st.sampled_from(["0", "9", "二", "", str(spec.lanes + 1)]),
                3: st.sampled_from(["999", *OUTSIDERS[seat.event]]),
            }
            column = draw(st.sampled_from(list(spoilt)))
            row[column] = draw(spoilt[column])
            spoiled.add(len(rows))
        rows.append(row)
    if draw(st.integers(0, 4)) == 0:
        spoiled.add(len(rows))
        rows.append(list(draw(st.sampled_from(rows))))
    columns = draw(st.permutations(range(4)))
    header = [draw(st.sampled_from(HEAT_HEADERS[c])) for c in columns]
    text, lines = render(draw, header, [[row[c] for c in columns] for row in rows])
    text = text.translate(FULL) if draw(st.booleans()) else text
    codec = draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030"]))
    return text.encode(codec), lines, spoiled, seats


@budget("input")
@given(case=heat_files())
def test_a_heats_file_loads_exactly_or_fails_on_exactly_the_rows_at_fault(case):
    """Loads to exactly the seats written, or errors on exactly the spoiled rows."""
    data, lines, spoiled, seats = case
    with tempfile.TemporaryDirectory() as folder:
        toml = (
            'title = "t"\ndate = "d"\nvenue = "v"\nentries = "entries.csv"\nheats = "heats.csv"\n'
        )
        files = write_day(Path(folder), toml.encode(), ENTRIES, data)
        result = outcome(Path(folder) / "sports-day.toml", files)
        assert error_lines(result, str(Path(folder) / "heats.csv")) == {lines[i] for i in spoiled}
        label("loads" if isinstance(result, Day) else f"{len(spoiled)} rows refused")
        if isinstance(result, Day):
            assert sorted(result.lanes, key=str) == sorted(seats, key=str)
