"""Entry checks: athletes and heat line-ups against the day's rules.

Pure functions over already-parsed rows, so the loader, the CLI and tests share
one set of rules. Every finding is a `Problem` that names the file and line the
organiser has to fix; a warning is worth knowing but does not stop the day.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from timing_console.model.day import Athlete, LaneEntry, Rules
from timing_console.model.events import CATALOGUE, EventSpec, zh_name
from timing_console.words import Said, say

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}")
_EXCEL_NUMBER = re.compile(r"\d(\.\d+)?E\+?\d+", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One finding in an input file, located so the organiser can fix it."""

    file: str
    """File name as the user gave it."""
    line: int | None
    """1-based physical line (the header is line 1); None if not line-bound."""
    said: str | Said
    """One clear sentence: by key where the rules have one, else as written."""
    warning: bool = False
    """A warning is reported but does not stop the day from loading."""
    field: str | None = None
    """The row's field the problem is about ('bib', 'events', ...), when it is one cell's."""
    sheet: str | None = None
    """The workbook's sheet it is on; None in a CSV or TOML file, where a line says enough."""
    column: str | None = None
    """In a sheet: the cell's column as the sheet labels it ('C'), when it is one cell's."""
    heading: str | None = None
    """In a sheet: that column's heading as typed in the header row ('号码')."""

    @property
    def message(self) -> str:
        """The sentence in English."""
        return str(self.said)

    def said_in(self, lang: str) -> str:
        """The problem in `lang`, with the file and the line it is on said in it too."""
        text = say(self.said, lang) if isinstance(self.said, Said) else self.said
        if self.warning:
            text = say(Said("problem.warning", {"text": text}), lang)
        if self.sheet is not None:
            return say(self._in_sheet(text), lang)
        if self.line is None:
            return say(Said("problem.in_file", {"file": self.file, "text": text}), lang)
        return say(
            Said("problem.at_line", {"file": self.file, "line": self.line, "text": text}), lang
        )

    def _in_sheet(self, text: str) -> Said:
        """Where in a workbook: the sheet, its row, and the cell's column when known."""
        where: dict[str, object] = {"file": self.file, "sheet": self.sheet, "text": text}
        if self.line is None:
            return Said("problem.in_sheet", where)
        where["line"] = self.line
        if self.column is None:
            return Said("problem.at_row", where)
        return Said("problem.at_cell", {**where, "column": self.column, "heading": self.heading})

    def __str__(self) -> str:
        """In English: what logs and tests read."""
        return self.said_in("en")


def valid_phone(phone: str) -> bool:
    """Whether a phone is a mainland mobile or a landline with area code.

    Spaces and dashes inside a mobile number and a +86 prefix are accepted,
    since that is how people write numbers by hand.
    """
    text = phone.strip()
    if text.startswith("+86"):
        text = text[3:].strip(" -")
    if _LANDLINE.fullmatch(text):
        return True
    return _MOBILE.fullmatch(re.sub(r"[\s-]", "", text)) is not None


def _phone_problem(athlete: Athlete) -> str | None:
    """Why an athlete's phone would not reach them, or None if it looks right."""
    if not athlete.phone:
        return f"bib {athlete.bib} has no phone number"
    if valid_phone(athlete.phone):
        return None
    if _EXCEL_NUMBER.fullmatch(athlete.phone):
        return (
            f"bib {athlete.bib}'s phone '{athlete.phone}' was turned into a number by Excel; "
            "format the column as text and type it again"
        )
    return (
        f"bib {athlete.bib}'s phone '{athlete.phone}' is neither an 11-digit mobile "
        "nor a landline like 028-12345678"
    )


def event_problems(athlete: Athlete, rules: Rules) -> list[Said]:
    """What is wrong with one athlete's list of events.

    The marked-event rule is not judged while an event is unknown: the typo may
    well be the marked event, and one error about it is clearer than two.
    """
    found: list[Said] = []
    seen: set[str] = set()
    unknown = False
    for event in athlete.events:
        if event not in CATALOGUE:
            unknown = True
            known = "、".join(spec.zh for spec in CATALOGUE.values())
            found.append(
                Said("unknown_event", {"bib": athlete.bib, "event": event, "known": known})
            )
        elif event in seen:
            found.append(Said("event_twice", {"bib": athlete.bib, "event": zh_name(event)}))
        seen.add(event)
    if not athlete.events:
        found.append(Said("no_events", {"bib": athlete.bib, "limit": rules.max_events}))
        return found
    if len(seen) > rules.max_events:
        found.append(
            Said("too_many_events", {"bib": athlete.bib, "n": len(seen), "limit": rules.max_events})
        )
    required = [e for e in rules.required_events if e in seen]
    if len(required) < rules.min_required and not unknown:
        names = "、".join(zh_name(e) for e in rules.required_events)
        need = rules.min_required
        found.append(
            Said(
                "too_few_marked" if need > 1 else "too_few_marked_one",
                {
                    "bib": athlete.bib,
                    "what": len(required) or Said("none"),
                    "names": names,
                    "need": need,
                },
            )
        )
    return found


def check_athletes(
    athletes: Sequence[tuple[int, Athlete]], rules: Rules, file: str, row: str = "line"
) -> list[Problem]:
    """Check every athlete against the entry rules.

    Args:
        athletes: (line, athlete) pairs in file order; an unknown event stays in
            `events` as the text the organiser typed, so it can be reported here.
        rules: the day's entry rules.
        file: the entries file's name, for the problems.
        row: what the file calls a row, for a message that points at another
            ("line" in a CSV, "row" in a workbook's sheet).

    Returns:
        Errors and warnings in line order.
    """
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    per_unit: dict[str, list[int]] = {}
    for line, athlete in athletes:
        messages: list[tuple[str, str | Said]] = []
        if not athlete.bib:
            messages.append(("bib", "the bib is empty"))
        elif athlete.bib in first_line:
            at = first_line[athlete.bib]
            messages.append(("bib", f"bib {athlete.bib} is already used on {row} {at}"))
        else:
            first_line[athlete.bib] = line
            per_unit.setdefault(athlete.unit, []).append(line)
        label = f"bib {athlete.bib}" if athlete.bib else "this athlete"
        if not athlete.name:
            messages.append(("name", f"{label} has no name"))
        if not athlete.unit:
            messages.append(("unit", f"{label} has no unit"))
        messages += [("events", said) for said in event_problems(athlete, rules)]
        problems += [Problem(file, line, said, field=key) for key, said in messages]
        phone = _phone_problem(athlete)
        if phone is not None and athlete.bib:
            problems.append(Problem(file, line, phone, warning=True, field="phone"))
    for unit, lines in per_unit.items():
        if unit and len(lines) > rules.athletes_per_unit:
            over = lines[rules.athletes_per_unit]
            problems.append(
                Problem(
                    file,
                    over,
                    f"unit {unit} sends {len(lines)} athletes; the limit is "
                    f"{rules.athletes_per_unit} (the first one over is on this {row})",
                    field="unit",
                )
            )
    problems.sort(key=lambda p: p.line or 0)
    return problems


def check_lanes(
    lanes: Sequence[tuple[int, LaneEntry]],
    day_athletes: Mapping[str, Athlete],
    events: Mapping[str, EventSpec],
    file: str,
    row: str = "line",
) -> list[Problem]:
    """Check heat line-ups against the entries and each event's lanes.

    Args:
        lanes: (line, entry) pairs; entries may be unvalidated
            (`LaneEntry.model_construct`) so a bad heat, lane or event is
            reported here with its line rather than lost in a validation error.
        day_athletes: athletes by bib.
        events: the day's events by id, with overrides applied.
        file: the heats file's name, for the problems.
        row: what the file calls a row ("line", or "row" in a workbook's sheet).

    Returns:
        Errors in line order, then a warning for every entered athlete who is in
        none of the event's heats.
    """
    problems: list[Problem] = []
    seating = _Seating(row)
    for line, entry in lanes:
        spec = events.get(entry.event)
        if spec is None:
            known = "、".join(s.zh for s in events.values())
            unknown = f"unknown event '{entry.event}' (events: {known})"
            problems.append(Problem(file, line, unknown, field="event"))
            continue
        messages = _number_problems(entry, spec)
        if entry.heat >= 1 and entry.lane >= 1:
            messages += seating.take(line, entry, spec, day_athletes)
        else:
            seating.seat.setdefault((spec.id, entry.bib), (entry.heat, line))
        problems += [Problem(file, line, message, field=key) for key, message in messages]
    problems.sort(key=lambda p: p.line or 0)
    problems.extend(_missing(seating.seat, day_athletes, events, file))
    return problems


def _number_problems(entry: LaneEntry, spec: EventSpec) -> list[tuple[str, str]]:
    """What is wrong with a line-up row's heat and lane numbers, by the field it is in."""
    found: list[tuple[str, str]] = []
    if entry.heat < 1:
        found.append(("heat", f"heat must be a positive whole number, not {entry.heat}"))
    if entry.lane < 1:
        found.append(("lane", f"lane must be a positive whole number, not {entry.lane}"))
    elif entry.lane > spec.lanes:
        found.append(("lane", f"lane {entry.lane} is beyond {spec.zh}'s {spec.lanes} lanes"))
    return found


@dataclass
class _Seating:
    """Who sits where so far, to catch an athlete or a lane used twice."""

    row: str = "line"
    """What the file calls a row, to point at the earlier one."""
    seat: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    """(event, bib) -> (heat, line)."""
    taken: dict[tuple[str, int, int], tuple[int, str]] = field(default_factory=dict)
    """(event, heat, lane) -> (line, bib)."""

    def take(
        self, line: int, entry: LaneEntry, spec: EventSpec, day_athletes: Mapping[str, Athlete]
    ) -> list[tuple[str, str]]:
        """Whether this athlete may take this lane, by the field at fault; records it either way."""
        found: list[tuple[str, str]] = []
        athlete = day_athletes.get(entry.bib)
        if athlete is None:
            found.append(("bib", f"bib {entry.bib} is not in the entries"))
        elif spec.id not in athlete.events:
            found.append(("bib", f"bib {entry.bib} ({athlete.name}) is not entered in {spec.zh}"))
        here = (spec.id, entry.bib)
        if here in self.seat:
            heat, at = self.seat[here]
            where = "this heat" if heat == entry.heat else f"heat {heat} of {spec.zh}"
            found.append(("bib", f"bib {entry.bib} is already in {where} ({self.row} {at})"))
        else:
            self.seat[here] = (entry.heat, line)
        lane_key = (spec.id, entry.heat, entry.lane)
        if lane_key in self.taken:
            at, bib = self.taken[lane_key]
            found.append(
                (
                    "lane",
                    f"lane {entry.lane} of {spec.zh} heat {entry.heat} is already "
                    f"taken by bib {bib} ({self.row} {at})",
                )
            )
        else:
            self.taken[lane_key] = (line, entry.bib)
        return found


def _missing(
    seat: Mapping[tuple[str, str], tuple[int, int]],
    day_athletes: Mapping[str, Athlete],
    events: Mapping[str, EventSpec],
    file: str,
) -> list[Problem]:
    """Warnings for entered athletes the line-ups leave out."""
    problems: list[Problem] = []
    placed_events = {event for event, _ in seat}
    for spec in events.values():
        entered = [a for a in day_athletes.values() if spec.id in a.events]
        if not entered:
            continue
        if spec.id not in placed_events:
            problems.append(
                Problem(
                    file,
                    None,
                    f"{spec.zh} has {len(entered)} entrants but no heats",
                    warning=True,
                )
            )
            continue
        for athlete in entered:
            if (spec.id, athlete.bib) not in seat:
                problems.append(
                    Problem(
                        file,
                        None,
                        f"bib {athlete.bib} ({athlete.name}) is entered in {spec.zh} "
                        "but is in none of its heats",
                        warning=True,
                    )
                )
    return problems
