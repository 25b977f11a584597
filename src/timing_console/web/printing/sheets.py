"""Score sheets (记录表): one A4 page per heat, so a heat can be timed on paper.

When a laptop fails, the timekeeper times the heat on a stopwatch and writes
each lane's result on its sheet; the recorder keys the sheet in with
`timing-console record` and closes the heat with `close`, after which the
book stops calling the day provisional. So a sheet asks for exactly what
`record` takes: per lane a time (races), a count (countdowns) or one box per
shot (free throws, as many as the event's rule has), or a code (DNS, DNF, DQ,
FOUL where the event has a foul), and it prints the two commands with the
event's id and the heat filled in. Restarts and drops are tallied on the sheet
as the console's marks are on screen: a record only, never a result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timing_console.model import Day, EventKind, EventSpec, Incident, format_time
from timing_console.stations.view import DayView
from timing_console.web.printing.shared import Seat, environment, page_frame, seats, write_html
from timing_console.words import Words

TEMPLATE = "sheets.html.j2"

TALLIES: dict[Incident, str] = {Incident.RESTART: "paper.restarts", Incident.DROP: "paper.drops"}
"""The marks a sheet tallies per lane, by the word heading their column (a foul is a box to
tick instead: it voids the result)."""


@dataclass(frozen=True)
class Sheet:
    """What one heat's page asks the timekeeper to write."""

    spec: EventSpec
    """The event with the day's settings (lanes, duration) applied."""
    heat: int
    seats: list[Seat]
    """The heat's lanes in lane order."""

    @property
    def shots(self) -> int:
        """Shot boxes per lane: the event's rule (10 for free throws); 0 elsewhere."""
        return (self.spec.shots or 0) if self.spec.kind is EventKind.SHOTS else 0

    @property
    def tallies(self) -> list[str]:
        """The columns of marks tallied per lane (restarts, drops), as the event's rules have
        them: each column's heading word."""
        return [TALLIES[i] for i in self.spec.incidents if i in TALLIES]

    @property
    def ceiling(self) -> str | None:
        """The event's plausible ceiling as the results show a time (60.00); a time over it
        is keyed in only with a reason, which the sheet has a place for. None: no ceiling."""
        limit = self.spec.max_time_ms
        return format_time(limit) if limit is not None else None

    @property
    def foul(self) -> bool:
        """Whether the event has a foul (a box to tick; the result is then FOUL)."""
        return Incident.FOUL in self.spec.incidents


def score_sheets(day: Day, event_id: str | None = None) -> list[Sheet]:
    """Every heat's sheet in programme order (or one event's), heats in order."""
    return [
        Sheet(spec, heat, seats(day, spec.id, heat))
        for spec in day.events()
        if event_id is None or spec.id == event_id
        for heat in day.heat_numbers(spec.id)
    ]


def sheets_context(view: DayView, *, lang: str, event_id: str | None = None) -> dict[str, Any]:
    """Everything the sheets' template shows, read from the day once."""
    words = Words(lang)
    day = view.require_day()
    marks = [words.pair("practice")] if day.practice else []
    return {
        **page_frame(day, words, "paper.sheet", marks),
        "sheets": score_sheets(day, event_id),
    }


def write_sheets(view: DayView, out: Path, *, lang: str, event_id: str | None = None) -> int:
    """Write the sheets to `out` (whole or not at all) and return how many pages it holds.

    Args:
        view: The open day (read only).
        out: The HTML file to write; its folder is created if needed.
        lang: `zh` (Chinese first, English beside) or `en` (the other way round).
        event_id: One event's heats only; None for every event's.

    Raises:
        ValueError: `lang` is neither `zh` nor `en`.
        StoreError: No day is loaded, or the file cannot be written.
    """
    context = sheets_context(view, lang=lang, event_id=event_id)
    write_html(out, environment().get_template(TEMPLATE).render(context))
    return len(context["sheets"])
