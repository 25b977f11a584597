"""Award certificates: one A4 landscape page per prize, and per participant if asked.

The prize table hands certificates out in prize-list order, so the pages come
in exactly that order (`prize_list`), then the participation certificates in
the participation list's order (unit, then bib). Every field has a fixed place
on the page, the same with or without decoration, so a test print on plain
paper shows where the text will fall on pre-printed certificate paper. Each
page names its issuer (the day's organiser) above the date, and a practice
day's pages say PRACTICE across them, so none is mistaken for a real award.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timing_console.model import CATALOGUE
from timing_console.rules.awards import participation_list, prize_list
from timing_console.rules.ranking import rank_all
from timing_console.stations.view import DayView
from timing_console.web.printing.shared import (
    day_date,
    environment,
    fit_pt,
    place_en,
    place_zh,
    write_html,
)
from timing_console.words import Pair, pair, text

TEMPLATE = "certificate.html.j2"

FIELD_MM = 230.0
"""Width of a text line on the certificate: the landscape page less wide margins."""

NAME_SPACING_EM = 0.15
"""Letter-spacing of the name, which sets it apart; counted when the name is fitted."""


@dataclass(frozen=True)
class Certificate:
    """The text of one page; sizes in pt chosen so each field fits its one line."""

    kind: str
    """'prize' or 'participation'."""
    name: str
    unit: str
    events: list[Pair]
    """The prize's event; for participation, every event the athlete started."""
    award: Pair
    """第一名 / First place, or 纪念奖 / Participation award."""
    name_pt: float
    unit_pt: float
    events_pt: float


def _event(event_id: str) -> Pair:
    spec = CATALOGUE.get(event_id)
    return pair(spec.zh, spec.en, "zh") if spec else pair(event_id, "", "zh")


def _certificate(kind: str, name: str, unit: str, events: list[Pair], award: Pair) -> Certificate:
    line = "、".join(e.first for e in events)
    return Certificate(
        kind=kind,
        name=name,
        unit=unit,
        events=events,
        award=award,
        name_pt=fit_pt(name, FIELD_MM, 40, 14, spacing_em=NAME_SPACING_EM),
        unit_pt=fit_pt(unit, FIELD_MM, 20, 9),
        events_pt=fit_pt(line, FIELD_MM * (0.75 if len(events) == 1 else 1.0), 26, 10),
    )


def certificates(view: DayView, *, participation: bool) -> list[Certificate]:
    """The pages in the order they are handed out: prizes, then participation if asked."""
    day = view.require_day()
    attempts = view.attempts()
    pages = [
        _certificate(
            "prize",
            p.name,
            p.unit,
            [_event(p.event)],
            pair(place_zh(p.place), place_en(p.place), "zh"),
        )
        for p in prize_list(rank_all(day, attempts, view.in_conflict()), view.held_back())
    ]
    if participation:
        award = pair(text("participation_award", "zh"), text("participation_award", "en"), "zh")
        pages += [
            _certificate("participation", r.name, r.unit, [_event(e) for e in r.events], award)
            for r in participation_list(day, attempts)
        ]
    return pages


def certificates_context(
    view: DayView, *, participation: bool, blank_background: bool
) -> dict[str, Any]:
    """What the certificate template shows."""
    day = view.require_day()
    date_zh, date_en = day_date(day)
    return {
        "day": day,
        "title_pt": fit_pt(day.title, FIELD_MM, 20, 9),
        "date": pair(date_zh, date_en, "zh"),
        "practice": pair(text("practice", "zh"), text("practice", "en"), "zh"),
        "pages": certificates(view, participation=participation),
        "blank": blank_background,
        "field_mm": FIELD_MM,
        "name_spacing": NAME_SPACING_EM,
    }


def write_certificates(
    view: DayView, out: Path, *, participation: bool, blank_background: bool
) -> int:
    """Write every certificate to `out` (whole or not at all) and return the pages written.

    Args:
        view: The open day (read only).
        out: The HTML file to write; its folder is created if needed.
        participation: Add a participation certificate for every athlete who started.
        blank_background: Text only (no border, heading or colour), for printing
            onto pre-printed certificate paper.

    Raises:
        StoreError: No day is loaded, or the file cannot be written.
    """
    context = certificates_context(
        view, participation=participation, blank_background=blank_background
    )
    write_html(out, environment().get_template(TEMPLATE).render(context))
    return len(context["pages"])
