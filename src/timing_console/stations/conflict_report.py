"""Conflicts and clashes as records and short text: what `conflicts` prints and screens show.

A conflict's values are kept as plain data (each station's results in the
lane or heat, or the day item it changed); this turns them into the one line
a referee reads to decide, with results written as every list writes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from timing_console.model import Status
from timing_console.rules.heat.results import ParsedResult, result_text
from timing_console.stations.merge import Clash, Conflict

CONFLICT_COLUMNS = ("id", "event", "heat", "lane", "bib", "stations", "values")
CLASH_COLUMNS = ("bib", "first", "second")


def _result(fields: Mapping[str, Any]) -> str:
    """`L3 12.35` for one station's attempt in a lane (`void` marks one that no longer counts)."""
    status = fields.get("status")
    if status is None and "heat" in fields:  # a seat the athlete was given
        return f"H{fields['heat']} L{fields.get('lane')}"
    shown = "…"
    if status in {s.value for s in Status}:
        parsed = ParsedResult(
            Status(status), fields.get("time_ms"), fields.get("count"), fields.get("shots")
        )
        shown = result_text(parsed)
    void = f" ({fields['void']})" if fields.get("void") else ""
    return f"L{fields.get('lane')} {shown}{void}"


def value_text(value: Any) -> str:
    """One station's side of a conflict, as one short line."""
    if isinstance(value, list) and all(isinstance(v, Mapping) and "lane" in v for v in value):
        return ", ".join(_result(v) for v in value) or "—"
    if value is None:
        return "—"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def conflict_records(
    conflicts: Iterable[Conflict], named: Mapping[str, str]
) -> list[dict[str, Any]]:
    """One record per open conflict (JSON keeps each station's values as data), each station
    by the name `named` gives its id (no value stands until a referee chooses one)."""
    return [
        {
            "id": c.id,
            "kind": c.kind,
            "event": c.event,
            "heat": c.heat,
            "lane": c.lane,
            "bib": c.bib,
            "stations": sorted(named.get(s, s) for s in c.stations),
            "values": dict(sorted((named.get(s, s), v) for s, v in c.values.items())),
        }
        for c in conflicts
    ]


def conflict_rows(conflicts: Iterable[Conflict], named: Mapping[str, str]) -> list[dict[str, Any]]:
    """The same, flattened for a table or CSV: stations joined, values as text."""
    return [
        record
        | {
            "stations": " ".join(record["stations"]),
            "values": "; ".join(f"{s}: {value_text(v)}" for s, v in record["values"].items()),
        }
        for record in conflict_records(conflicts, named)
    ]


def conflict_values(conflict: Conflict, named: Mapping[str, str], bib: str | None = None) -> str:
    """A conflict's values on one line, each station's by its name (what a result shows);
    with `bib`, only that athlete's results."""
    shown = []
    for sid, value in sorted(conflict.values.items(), key=lambda i: named.get(i[0], i[0])):
        if bib is not None and isinstance(value, list):
            value = [v for v in value if isinstance(v, Mapping) and v.get("bib") == bib]  # noqa: PLW2901
        shown.append(f"{named.get(sid, sid)}: {value_text(value)}")
    return " | ".join(shown)


def clash_rows(clashes: Iterable[Clash], named: Mapping[str, str]) -> list[dict[str, Any]]:
    """One row per athlete timed in two heats at once at different stations."""

    def where(heat: tuple[str, int, str]) -> str:
        event, number, sid = heat
        return f"{event} heat {number} @ {named.get(sid, sid)}"

    return [
        {"bib": c.bib, "first": where(c.heats[0]), "second": where(c.heats[1])} for c in clashes
    ]
