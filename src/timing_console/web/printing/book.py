"""The printed results book: one self-contained HTML file the officers print on A4.

Results come from the same standings, prize, participation and team lists the
console and the `standings` command show (`rank_all`, `rules.awards`,
`rules.report`), so a printed result can never differ from the one on screen.
Until every heat is closed each printed page says PROVISIONAL: a book printed
at lunch must not pass for the final one.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timing_console.model import CATALOGUE, VOID_CODES, Day, EventKind, EventSpec
from timing_console.rules.awards import (
    ParticipationRow,
    PrizeRow,
    participation_list,
    prize_list,
    team_table,
)
from timing_console.rules.progress import open_heats
from timing_console.rules.ranking import EventStandings, rank_all
from timing_console.rules.report import Record, standings_records, team_records
from timing_console.stations.view import DayView
from timing_console.web.printing.shared import (
    environment,
    ordinal,
    page_frame,
    place_en,
    place_zh,
    write_html,
)
from timing_console.words import Pair, Words


@dataclass(frozen=True)
class EventSection:
    """One event's page: its results as `standings` shows them, and what they stand on."""

    spec: EventSpec
    name: Pair
    records: list[Record]
    """Ranked rows, then voids (FOUL, DNF, DQ, DNS), then those still to go: `standings_records`
    for this event."""
    first_baskets: dict[str, int | None]
    """Free throws only: the shot of each athlete's first basket, the tie-break."""
    entrants: int
    places_awarded: int
    pending: int
    """Athletes entered with no result yet (listed last, as in `standings`)."""
    heats_closed: int
    heats: int
    codes: list[str]
    """Void codes that appear, for the legend."""
    any_corrected: bool
    any_conflict: bool
    """A result stations recorded without seeing each other: listed with both values."""

    @property
    def shots(self) -> bool:
        """Free throws: a column shows the first basket, so a tie-break can be read."""
        return self.spec.kind is EventKind.SHOTS


@dataclass(frozen=True)
class PrizeLine:
    """A prize-list row with its event and place written out."""

    row: PrizeRow
    event: Pair
    place: Pair
    others: list[Pair]
    """Their other prize places: 踢毽子第二名 / Shuttlecock kicking, 2nd."""


@dataclass(frozen=True)
class UnitGroup:
    """The participants of one unit."""

    unit: str
    rows: list[tuple[ParticipationRow, list[Pair]]]


def _event_section(
    day: Day, standing: EventStandings, words: Words, open_: set[tuple[str, int]]
) -> EventSection:
    spec = standing.event
    records = standings_records([standing])
    heats = day.heat_numbers(spec.id)
    used = {r["status"] for r in records}
    return EventSection(
        spec=spec,
        name=words.of(spec.zh, spec.en),
        records=records,
        first_baskets={r.bib: r.first_basket for r in standing.rows},
        entrants=standing.entrants,
        places_awarded=standing.places_awarded,
        pending=sum(1 for r in standing.rows if r.status is None and not r.conflict),
        heats_closed=sum(1 for h in heats if (spec.id, h) not in open_),
        heats=len(heats),
        codes=[code.value for code in VOID_CODES if code.value in used],
        any_corrected=any(r["corrected"] for r in records),
        any_conflict=any(r["conflict"] for r in records),
    )


def _names(event_id: str) -> tuple[str, str]:
    """An event's (Chinese, English) names; an id outside the catalogue as itself."""
    spec = CATALOGUE.get(event_id)
    return (spec.zh, spec.en) if spec else (event_id, event_id)


def _event_name(event_id: str, words: Words) -> Pair:
    return words.of(*_names(event_id))


def _heat_name(event_id: str, heat: int, words: Words) -> Pair:
    zh, en = _names(event_id)
    return words.of(f"{zh}{Words('zh').heat(heat)}", f"{en}, {Words('en').heat(heat)}")


def _other_place(event_id: str, place: int, words: Words) -> Pair:
    zh, en = _names(event_id)
    return words.of(f"{zh}{place_zh(place)}", f"{en}, {ordinal(place)}")


def _prize_lines(prizes: Sequence[PrizeRow], words: Words) -> list[PrizeLine]:
    return [
        PrizeLine(
            row=p,
            event=_event_name(p.event, words),
            place=words.of(place_zh(p.place), place_en(p.place)),
            others=[_other_place(e, place, words) for e, place in p.other_places],
        )
        for p in prizes
    ]


def _unit_groups(rows: Sequence[ParticipationRow], words: Words) -> list[UnitGroup]:
    """Participants grouped by unit, in the list's own order (unit, then bib)."""
    return [
        UnitGroup(
            unit=unit,
            rows=[(r, [_event_name(e, words) for e in r.events]) for r in members],
        )
        for unit, members in itertools.groupby(rows, key=lambda r: r.unit)
    ]


def book_context(view: DayView, *, lang: str, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything the book template shows, read from the day once."""
    words = Words(lang)
    day = view.require_day()
    attempts = view.attempts()
    standings = rank_all(day, attempts, view.in_conflict())
    still_open = open_heats(day, view.heat_states())
    open_set = set(still_open)
    team = team_table(day, standings)
    depth = max((len(t.places) for t in team), default=0)
    printed = (now or dt.datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M")
    conflicts = view.conflicts()
    provisional = bool(still_open) or bool(conflicts)
    marks = [words.pair("provisional")] if provisional else []
    if day.practice:
        marks.append(words.pair("practice"))
    return {
        **page_frame(day, words, "book", marks),
        "printed": printed,
        "provisional": provisional,
        "team_points": "-".join(str(p) for p in day.rules.team_points),
        "open_heats": [_heat_name(e, heat, words) for e, heat in still_open],
        "sep": "、" if lang == "zh" else ", ",
        "events": [_event_section(day, s, words, open_set) for s in standings],
        "prizes": _prize_lines(prize_list(standings, withheld=view.held_back()), words),
        "units": _unit_groups(participation_list(day, attempts), words),
        "team": [
            (record, row.places) for record, row in zip(team_records(team), team, strict=True)
        ],
        "team_depth": depth,
        "team_places": [words.of(place_zh(n), place_en(n)) for n in range(1, depth + 1)],
    }


def render_book(view: DayView, *, lang: str, now: dt.datetime | None = None) -> str:
    """The book as HTML text."""
    template = environment().get_template("book.html.j2")
    return template.render(book_context(view, lang=lang, now=now))


def write_book(view: DayView, out: Path, *, lang: str, now: dt.datetime | None = None) -> None:
    """Write the book to `out`, replacing an earlier one only once the new one is whole.

    Args:
        view: The open day (read only).
        out: The HTML file to write; its folder is created if needed.
        lang: `zh` (Chinese first, English beside) or `en` (the other way round).
        now: When it was printed, shown on the cover; defaults to the local time.

    Raises:
        ValueError: `lang` is neither `zh` nor `en`.
        StoreError: No day is loaded, or the file cannot be written.
    """
    write_html(out, render_book(view, lang=lang, now=now))
