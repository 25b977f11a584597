"""Standings, prizes and team points as records, CSV, JSON or a plain table.

Pure text building shared by the CLI and the exports, so a column order fixed
by the issue (`place,bib,name,unit,event,result,status`) lives in one place.

Two audiences, two shapes. The records (`standings_records` and the rest) keep
English keys and event ids: scripts, the `--format json|csv` output and the
board's `/api/standings` read them. The sheets (`standings_sheet` and the rest)
are what an organiser opens in Excel: headers, event names, statuses and yes
marks in the sheet's language, and the free-throw tie-break spelt out.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from timing_console.model import CATALOGUE, Change, EventKind, Status, bib_key
from timing_console.rules.awards import ParticipationRow, PrizeRow, TeamRow
from timing_console.rules.heat.results import ParsedResult, result_text
from timing_console.rules.ranking import EventStandings
from timing_console.words import text

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
    "conflict",
    "first_basket",
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
    """One record per athlete entered, in the standings' order: ranked, then voids, then
    results in conflict between stations (`conflict`: their values, none ranked) and
    athletes with no result yet (no status), last. A free throw's `first_basket` is the
    shot of the first basket, the tie-break that ranks equal baskets apart."""
    return [
        _picked(row, STANDINGS_COLUMNS) | {"status": row.status.value if row.status else None}
        for s in standings
        for row in s.rows
    ]


def awards_records(rows: Iterable[PrizeRow]) -> list[Record]:
    """The prize list: each athlete once, for their best place."""
    return [_picked(r, AWARDS_COLUMNS) for r in rows]


HISTORY_COLUMNS = (
    "at",
    "station",
    "event",
    "heat",
    "lane",
    "bib",
    "kind",
    "old",
    "new",
    "reason",
    "source",
)


def local_label(at: object, zone: tzinfo | None = None) -> object:
    """A stored moment (ISO, with its offset: the records keep UTC) as the reader's clock
    shows it, with the offset (`zone`, by default this machine's); anything else as it is."""
    if not isinstance(at, str):
        return at
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    if moment.tzinfo is None:
        return at
    return moment.astimezone(zone).isoformat(timespec="milliseconds")


def history_records(
    audit: Iterable[tuple[str, Change]],
    named: Mapping[str, str] | None = None,
    choices: Iterable[tuple[str, Mapping[str, Any]]] = (),
    zone: tzinfo | None = None,
) -> list[Record]:
    """The audit: every change by the station that made it (`named` gives each station id
    its name) and every choice a referee made on the day's definition (`choices`: by
    station, each `resolutions` record), in the order they were made, each time in the
    reader's local time (`zone`, by default this machine's) with its offset."""
    return [{**r, "at": local_label(r["at"], zone)} for r in _history(audit, named, choices)]


def _history(
    audit: Iterable[tuple[str, Change]],
    named: Mapping[str, str] | None,
    choices: Iterable[tuple[str, Mapping[str, Any]]],
) -> list[Record]:
    named = named or {}
    rows = [
        {
            "at": c.at,
            "station": named.get(sid, sid),
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
        for sid, c in audit
    ]
    chosen = [_choice_record(named.get(sid, sid), doc, named) for sid, doc in choices]
    if not chosen:
        return rows  # the audit's own order (a station's saves as it made them)
    return sorted(rows + chosen, key=lambda r: str(r["at"] or ""))


def _choice_record(station: str, doc: Mapping[str, Any], named: Mapping[str, str]) -> Record:
    """A choice on the day's definition as a history row: what it settled, whose value."""
    item = str(doc.get("id", "")).removeprefix("day:")
    kind, _, what = item.partition(":")
    event = heat = lane = bib = None
    if kind == "slot":
        event, heat, lane = what.rsplit("#", 2)
    elif kind == "athlete":
        bib, _, event = what.partition("@")
    choice = str(doc.get("choice", ""))
    return {
        "at": doc.get("at"),
        "station": station,
        "event": event or None,
        "heat": int(heat) if heat else None,
        "lane": int(lane) if lane else None,
        "bib": bib,
        "kind": "resolve",
        "old": item,
        "new": named.get(choice, choice),
        "reason": doc.get("reason", ""),
        "source": "resolve",
    }


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


# ----- sheets: the exported lists, in the organisers' language ------------------

LANGS = ("zh", "en")
"""Languages a sheet can be written in."""

STANDINGS_SHEET = tuple(c for c in STANDINGS_COLUMNS if c not in ("first_basket", "event_zh"))
"""The standings' columns; the event's name is in the sheet's language, so no `event_zh`."""
SHOTS_SHEET = (*STANDINGS_SHEET, "baskets", "first_basket")
"""Free throws add the two numbers the result spells out, for sorting and formulas."""
AWARDS_SHEET = ("event", "place", "bib", "name", "unit")
"""Led by what the list is sorted by (event, then place), as prizes are called out."""
PARTICIPATION_SHEET = ("unit", "bib", "name", "events")
"""Led by unit, then bib: the order the list is in, so each unit's people sit together."""
TEAM_SHEET = TEAM_COLUMNS

_LIST_SEPARATOR = {"zh": "、", "en": "; "}


@dataclass(frozen=True)
class Sheet:
    """One exported list: its column keys, the header people read, and its rows."""

    columns: tuple[str, ...]
    header: tuple[str, ...]
    records: tuple[Record, ...]

    def csv(self) -> str:
        """The sheet as CSV text (CRLF lines, as Excel writes them), every text cell inert."""
        inert = [{k: excel_text(v) for k, v in record.items()} for record in self.records]
        return to_csv(inert, self.columns, self.header)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes Excel read a cell as a formula (OWASP's CSV injection list)."""


def excel_text(value: Any) -> Any:
    """A text cell Excel shows as typed: a name like `=HYPERLINK(...)` gets a leading `'`.

    Names and units come from the organisers' entry sheets; a sheet opened in
    Excel must never run one as a formula.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _sheet(columns: tuple[str, ...], records: Iterable[Record], lang: str) -> Sheet:
    if lang not in LANGS:
        raise ValueError(f"no sheets in {lang!r}; languages: {', '.join(LANGS)}")
    header = tuple(text(f"column.{c}", lang) for c in columns)
    return Sheet(columns, header, tuple(records))


def event_name(event_id: str, lang: str) -> str:
    """An event as the sheet's readers call it; an id outside the catalogue as itself."""
    spec = CATALOGUE.get(event_id)
    if spec is None:
        return event_id
    return spec.zh if lang == "zh" else spec.en


def free_throw_text(baskets: int, first: int | None, lang: str) -> str:
    """Baskets and the first basket's shot, so equal baskets show why one ranks ahead."""
    if first is None:
        return str(baskets)
    return text("cell.first_basket", lang).format(baskets=baskets, first=first)


def _status(status: Status | None, lang: str) -> str:
    """A status as the sheet writes it (none for a result in conflict)."""
    if status is None:
        return ""
    return text(f"status.{status.value}", "zh") if lang == "zh" else status.value


def standings_sheet(standings: EventStandings, lang: str) -> Sheet:
    """An event's results as the organisers file them: athletes with a result, ranked first.

    A free throw's result reads `7 (首中第2投)`: Excel users see why two equal
    totals hold different places, and the plain numbers follow in their own
    columns for sorting and formulas.
    """
    spec = standings.event
    shots = spec.kind is EventKind.SHOTS
    yes = text("cell.yes", lang)
    records: list[Record] = []
    for row in standings.rows:
        if row.status is None and not row.conflict:
            continue
        baskets = row.count if shots and row.status is Status.OK else None
        first = row.first_basket if baskets is not None else None
        result = row.result if baskets is None else free_throw_text(baskets, first, lang)
        records.append(
            {
                "place": row.place,
                "bib": row.bib,
                "name": row.name,
                "unit": row.unit,
                "event": spec.zh if lang == "zh" else spec.en,
                "result": result,
                "status": _status(row.status, lang),
                "prize": yes if row.prize else "",
                "heat": row.heat,
                "lane": row.lane,
                "corrected": yes if row.corrected else "",
                "conflict": row.conflict or "",
                "baskets": baskets,
                "first_basket": first,
            }
        )
    return _sheet(SHOTS_SHEET if shots else STANDINGS_SHEET, records, lang)


def awards_sheet(rows: Iterable[PrizeRow], lang: str) -> Sheet:
    """The prize list in the order prizes are handed out (event, then place)."""
    records = (
        {
            "event": event_name(r.event, lang),
            "place": r.place,
            "bib": r.bib,
            "name": r.name,
            "unit": r.unit,
        }
        for r in rows
    )
    return _sheet(AWARDS_SHEET, records, lang)


def participation_sheet(rows: Iterable[ParticipationRow], lang: str) -> Sheet:
    """Who started, by unit then bib ('9' before '10'), with the events they started by name."""
    separator = _LIST_SEPARATOR.get(lang, "; ")
    ordered = sorted(rows, key=lambda r: (r.unit, bib_key(r.bib)))
    records = (
        {
            "unit": r.unit,
            "bib": r.bib,
            "name": r.name,
            "events": separator.join(event_name(e, lang) for e in r.events),
        }
        for r in ordered
    )
    return _sheet(PARTICIPATION_SHEET, records, lang)


def team_sheet(rows: Iterable[TeamRow], lang: str) -> Sheet:
    """The team table; only its header changes with the language."""
    return _sheet(TEAM_SHEET, team_records(rows), lang)


def to_csv(
    records: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    header: Sequence[str] | None = None,
) -> str:
    """CSV text; empty cells for None, `1`/`0` never `True`/`False` surprises in Excel.

    `header` names the columns for people (default: the column keys themselves).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns if header is None else header)
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
