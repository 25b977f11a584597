"""The paper backup, end to end (issue 22): the sheets come back and the book is final.

Every laptop failed: the sheets are printed (`sheets`), a timekeeper writes
each lane's result on its heat's page, the recorder types the `record`
command printed on the sheet with the lane and the result filled in, and the
`close` command under it; then the book (`book`) no longer says PROVISIONAL,
for the event once its heats are closed and for the day once all are. What the
timekeeper wrote is what the standings say. Restart and drop tallies stay on
the signed sheet: they are marks only, which no result, standings or book
shows, so `record` has nothing to key them into.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.bookkit import result_for, sections
from tests.support.commands import cli, load_sample
from tests.support.paperkit import PrintedSheet, filled_in, read_sheets
from timing_console.model import CATALOGUE, EventKind, format_time
from timing_console.rules.heat.results import parse_result
from timing_console.words import text

STONES = "stepping-stones"
OPEN_HEAT = re.compile(r'<span class="heat">([^<]*)</span>')
"""A heat the book's cover lists as not closed."""


def written(sheet: PrintedSheet, lane: int) -> str:
    """What the timekeeper writes in a lane's boxes: a believable result, a foul and a DNS
    in the first heat of stepping stones, and the shots box by box for free throws."""
    spec = CATALOGUE[sheet.event]
    if sheet.event == STONES and sheet.heat == 1 and lane in (1, 2):
        return "FOUL" if lane == 1 else "DNS"
    return result_for(spec, sheet.heat, lane)


def shown(event: str, result: str) -> str:
    """The result as the standings show what was written."""
    spec = CATALOGUE[event]
    parsed = parse_result(spec, result)
    if parsed.status.value != "OK":
        return parsed.status.value
    if spec.kind is EventKind.RACE:
        return format_time(parsed.time_ms or 0)
    if spec.kind is EventKind.SHOTS:
        return str((parsed.shots or "").count("1"))  # the baskets of the ten boxes
    return str(parsed.count)


def key_in(capsys: pytest.CaptureFixture[str], db: str, sheet: PrintedSheet) -> dict[str, str]:
    """Type every lane of a filled-in sheet, then close its heat; what was written, by bib."""
    by_bib: dict[str, str] = {}
    for lane, bib, *_ in sheet.lanes:
        result = written(sheet, int(lane))
        code, _, err = cli(capsys, *filled_in(sheet.record, int(lane), result), "--db", db)
        assert code == 0, err
        by_bib[bib] = result
    assert sheet.close[0] == "timing-console"
    code, _, err = cli(capsys, *sheet.close[1:], "--db", db)
    assert code == 0 and err == "", err
    return by_bib


def book_of(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> str:
    out = tmp_path / "book.html"
    code, _, err = cli(capsys, "book", str(out), "--lang", "zh", "--db", db)
    assert code == 0, err
    return out.read_text(encoding="utf-8")


def test_sheets_keyed_in_and_closed_make_the_book_final(tmp_path, capsys):
    db = load_sample(tmp_path, capsys)
    sheets_file = tmp_path / "sheets.html"
    code, _, err = cli(capsys, "sheets", str(sheets_file), "--lang", "zh", "--db", db)
    assert code == 0, err
    sheets = read_sheets(sheets_file.read_text(encoding="utf-8"))
    provisional = text("provisional", "zh")
    assert provisional in book_of(capsys, db, tmp_path)

    stones = [s for s in sheets if s.event == STONES]
    wrote: dict[str, dict[str, str]] = {STONES: {}}
    for sheet in stones:
        wrote[STONES] |= key_in(capsys, db, sheet)
    book = book_of(capsys, db, tmp_path)
    still_open = OPEN_HEAT.findall(book.split('id="cover"')[1].split("</section>")[0])
    assert provisional in book and still_open  # other events' heats are still open...
    assert not any(CATALOGUE[STONES].zh in heat for heat in still_open)
    [section] = [s for s in sections(book) if s.id == f"event-{STONES}"]
    heats_line = book.split(f'id="event-{STONES}"')[1].split("</p>")[0]
    assert f"{len(stones)}/{len(stones)}" in heats_line  # ...but not this one's
    assert "FOUL" in [cells[4] for _, cells in section.rows]

    for sheet in sheets:
        if sheet.event != STONES:
            wrote.setdefault(sheet.event, {}).update(key_in(capsys, db, sheet))
    assert provisional not in book_of(capsys, db, tmp_path)

    for event, results in wrote.items():
        code, out, _ = cli(capsys, "standings", event, "--format", "json", "--db", db)
        rows = {r["bib"]: r for r in json.loads(out)}
        assert code == 0 and set(rows) == set(results)
        for bib, result in results.items():
            assert rows[bib]["result"].split(" ")[0] == shown(event, result), (event, bib)
