"""Standings, prizes and team points as records, CSV, JSON or a plain table.

Pure text building shared by the CLI and the exports, so a column order fixed
by the issue (`place,bib,name,unit,event,result,status`) lives in one place.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from timing_console.model import CATALOGUE, Change, Status
from timing_console.rules.awards import ParticipationRow, PrizeRow, TeamRow
from timing_console.rules.ranking import EventStandings
from timing_console.rules.results import ParsedResult, result_text

Record = dict[str, Any]

STANDINGS_COLUMNS = (
    "place",
    "bib",
    "name",
    "unit",
    "event",
    "result",
    "status",
    "prize",
    "heat",
    "lane",
    "corrected",
    "event_zh",
)
AWARDS_COLUMNS = ("bib", "name", "unit", "event", "place", "event_zh")
PARTICIPATION_COLUMNS = ("bib", "name", "unit", "events")
TEAM_COLUMNS = ("place", "unit", "points", "firsts")


def _picked(row: Any, columns: Sequence[str]) -> Record:
    """A row's fields named by `columns` (but the last, `event_zh`), then the event's Chinese."""
    record: Record = {c: getattr(row, c) for c in columns[:-1]}
    record["event_zh"] = CATALOGUE[row.event].zh
    return record


def standings_records(standings: Iterable[EventStandings]) -> list[Record]:
    """One record per athlete with a result (pending athletes have no status yet)."""
    return [
        _picked(row, STANDINGS_COLUMNS) | {"status": row.status.value}
        for s in standings
        for row in s.rows
        if row.status is not None
    ]


def awards_records(rows: Iterable[PrizeRow]) -> list[Record]:
    """The prize list: each athlete once, for their best place."""
    return [_picked(r, AWARDS_COLUMNS) for r in rows]


HISTORY_COLUMNS = ("at", "event", "heat", "lane", "bib", "kind", "old", "new", "reason", "source")


def history_records(changes: Iterable[Change]) -> list[Record]:
    """Every change in the order it was saved; old and new as the standings show results."""
    return [
        {
            "at": c.at,
            "event": c.event,
            "heat": c.heat,
            "lane": c.lane,
            "bib": c.bib,
            "kind": c.kind,
            "old": shown_fields(c.old),
            "new": shown_fields(c.new),
            "reason": c.reason,
            "source": c.source,
        }
        for c in changes
    ]


def shown_fields(fields: Mapping[str, Any]) -> str:
    """A change's old or new side as a list shows it: a result, `void`, or a heat's phase."""
    if fields.get("void"):
        return "void"
    if "phase" in fields:
        return str(fields["phase"])
    if "heat" in fields and "lane" in fields:
        return f"heat {fields['heat']} lane {fields['lane']}"
    status = fields.get("status")
    if status is None:
        return ""
    result = ParsedResult(
        Status(status),
        time_ms=fields.get("time_ms"),
        count=fields.get("count"),
        shots=fields.get("shots"),
    )
    return result_text(result)


def participation_records(rows: Iterable[ParticipationRow]) -> list[Record]:
    """Everyone who started at least one attempt."""
    return [
        {"bib": r.bib, "name": r.name, "unit": r.unit, "events": ";".join(r.events)} for r in rows
    ]


def team_records(rows: Iterable[TeamRow]) -> list[Record]:
    """Points per unit."""
    return [{"place": r.place, "unit": r.unit, "points": r.points, "firsts": r.golds} for r in rows]


def to_csv(records: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """CSV text; empty cells for None, `1`/`0` never `True`/`False` surprises in Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(record.get(c)) for c in columns])
    return out.getvalue()


def to_json(records: Sequence[Mapping[str, Any]]) -> str:
    """JSON text, Chinese kept readable."""
    return json.dumps(list(records), ensure_ascii=False, indent=2)


def to_table(records: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """A plain-text table aligned for terminals where a Chinese character is two columns wide."""
    cells = [list(columns)] + [[_cell(r.get(c)) for c in columns] for r in records]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(columns))]
    lines = [
        "  ".join(pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def display_width(text: str) -> int:
    """Terminal columns a string takes (wide and full-width characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """Left-align to a display width."""
    return text + " " * max(0, width - display_width(text))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)
