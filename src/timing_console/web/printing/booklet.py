"""The programme booklet (秩序册): what every unit reads before the day.

A cover (the day, its date, venue and organiser; PRACTICE on a practice day),
the rules in brief as the day applies them (its settings, the events as the
catalogue and the day file define them), every unit with its athletes and
the events each is in (with heat and lane), then every event's heats with
their lanes. It is read from the day as loaded, line-up changes included, so
a booklet printed after a late entry shows the late athlete in their lane.
(The console's own "programme" screen is the day's schedule; this is paper.)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timing_console.model import Athlete, Day, EventKind, EventSpec, bib_key
from timing_console.stations.view import DayView
from timing_console.web.printing.shared import Seat, environment, page_frame, seats, write_html
from timing_console.words import Named, Pair, Words

TEMPLATE = "booklet.html.j2"

SCORED_BY: dict[EventKind, str] = {
    EventKind.RACE: "paper.best_time",
    EventKind.SHOTS: "paper.most_baskets",
    EventKind.COUNT: "paper.most_count",
}
"""How each kind of event ranks, in a word."""


@dataclass(frozen=True)
class EventRule:
    """One row of the events table: what the event is and how it is scored."""

    spec: EventSpec
    name: Pair
    scored_by: Pair
    per_heat: Pair
    length: Pair
    """20 m, 60 s or 10 shots."""
    marks: list[Pair]


@dataclass(frozen=True)
class Entry:
    """One event an athlete is in: its name, and their heat/lane once drawn ("" if not)."""

    event: Pair
    seat: str


@dataclass(frozen=True)
class UnitEntries:
    """One unit's athletes, by bib, each with their events in programme order."""

    unit: str
    athletes: list[tuple[Athlete, list[Entry]]]


@dataclass(frozen=True)
class EventHeats:
    """One event's heats, each with its lanes."""

    spec: EventSpec
    name: Pair
    heats: list[tuple[int, list[Seat]]]

    @property
    def athletes(self) -> int:
        """Lanes taken in all its heats."""
        return sum(len(lanes) for _, lanes in self.heats)


def _length(spec: EventSpec, words: Words) -> Pair:
    if spec.kind is EventKind.RACE:
        return words.pair("paper.metres", n=spec.distance_m)
    if spec.kind is EventKind.SHOTS:
        return words.pair("paper.shots_n", n=spec.shots)
    return words.pair("paper.seconds", n=spec.duration_s)


def event_rules(day: Day, words: Words) -> list[EventRule]:
    """The events table: every event with the day's settings applied (lanes, duration)."""
    return [
        EventRule(
            spec=spec,
            name=words.of(spec.zh, spec.en),
            scored_by=words.pair(SCORED_BY[spec.kind]),
            per_heat=words.pair("paper.lanes_n", n=spec.lanes),
            length=_length(spec, words),
            marks=[words.pair(f"paper.mark.{i.value}") for i in spec.incidents],
        )
        for spec in day.events()
    ]


def entry_rules(day: Day, words: Words) -> list[Pair]:
    """The day's entry and prize rules, each a line, as its settings have them."""
    rules = day.rules
    lines = [words.pair("paper.rule_max_events", n=rules.max_events)]
    if rules.min_required and rules.required_events:
        specs = [day.event(e) for e in rules.required_events]
        named = Named(en=", ".join(s.en for s in specs), zh="、".join(s.zh for s in specs))
        lines.append(words.pair("paper.rule_required", n=rules.min_required, events=named))
    lines.append(words.pair("paper.rule_per_unit", n=rules.athletes_per_unit))
    places = (
        "paper.rule_places_small" if rules.places.small_field_minus_one else "paper.rule_places"
    )
    lines += [
        words.pair(places, top=rules.places.top),
        words.pair("paper.rule_ties"),
        words.pair("prize_note"),
        words.pair("paper.rule_participation"),
        words.pair("team_note", points="-".join(str(p) for p in rules.team_points)),
    ]
    return lines


def unit_entries(day: Day, words: Words) -> list[UnitEntries]:
    """Every unit in the order the entries list them, its athletes by bib.

    An athlete's events are those entered and those they were placed in (a late
    entry added to a heat), in programme order, each with its heat/lane.
    """
    placed: dict[str, dict[str, str]] = defaultdict(dict)
    for lane in day.lanes:
        placed[lane.bib][lane.event] = f"{lane.heat}/{lane.lane}"
    order = {spec.id: spec.order for spec in day.events()}
    units: dict[str, list[Athlete]] = defaultdict(list)
    for athlete in day.athletes:
        units[athlete.unit].append(athlete)
    out: list[UnitEntries] = []
    for unit, members in units.items():
        rows: list[tuple[Athlete, list[Entry]]] = []
        for athlete in sorted(members, key=lambda a: bib_key(a.bib)):
            seated = placed.get(athlete.bib, {})
            ids = sorted(
                {e for e in (*athlete.events, *seated) if e in order}, key=lambda e: order[e]
            )
            rows.append(
                (athlete, [Entry(_name(day.event(e), words), seated.get(e, "")) for e in ids])
            )
        out.append(UnitEntries(unit, rows))
    return out


def _name(spec: EventSpec, words: Words) -> Pair:
    return words.of(spec.zh, spec.en)


def event_heats(day: Day, words: Words) -> list[EventHeats]:
    """Every event in programme order with its heats and their lanes."""
    return [
        EventHeats(
            spec,
            _name(spec, words),
            [(heat, seats(day, spec.id, heat)) for heat in day.heat_numbers(spec.id)],
        )
        for spec in day.events()
    ]


def booklet_context(view: DayView, *, lang: str) -> dict[str, Any]:
    """Everything the booklet's template shows, read from the day once."""
    words = Words(lang)
    day = view.require_day()
    marks = [words.pair("practice")] if day.practice else []
    return {
        **page_frame(day, words, "paper.booklet", marks),
        "entry_rules": entry_rules(day, words),
        "event_rules": event_rules(day, words),
        "units": unit_entries(day, words),
        "events": event_heats(day, words),
        "sep": "、" if lang == "zh" else ", ",
    }


def write_booklet(view: DayView, out: Path, *, lang: str) -> None:
    """Write the booklet to `out`, replacing an earlier one only once the new one is whole.

    Raises:
        ValueError: `lang` is neither `zh` nor `en`.
        StoreError: No day is loaded, or the file cannot be written.
    """
    write_html(out, environment().get_template(TEMPLATE).render(booklet_context(view, lang=lang)))
