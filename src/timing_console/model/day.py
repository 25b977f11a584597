"""The event day: its settings, athletes and heat line-ups.

Every setting carries the default the sports-day notice implies, so a day file
naming only its title, date, venue and two CSV files is complete.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from timing_console.model.events import CATALOGUE, EventSpec

RACE_IDS: tuple[str, ...] = ("paddle-ball-run", "knee-ball-walk", "stepping-stones")
"""The notice's marked events (1-3): every athlete must enter at least one."""


def bib_key(bib: str) -> tuple[int, int, str]:
    """Sort key for bibs: numeric bibs by value, others after them by text."""
    if bib.isascii() and bib.isdigit():
        return (0, int(bib), bib)
    return (1, 0, bib)


class PlacesRule(BaseModel):
    """How many places an event awards, from its number of entrants.

    Default is the common sports-meet rule: the top 6, and with 6 or fewer
    entrants one fewer than the number of entrants (at least 1). Never more
    places than athletes with a valid result.
    """

    model_config = ConfigDict(frozen=True)

    top: int = Field(default=6, ge=1)
    """Places awarded in a full field."""
    small_field_minus_one: bool = True
    """With `top` or fewer entrants, award one fewer than the entrants."""

    def places(self, entrants: int, valid: int) -> int:
        """Places awarded for an event with `entrants` athletes, `valid` of them ranked."""
        awarded = self.top
        if self.small_field_minus_one and entrants <= self.top:
            awarded = max(1, entrants - 1)
        return max(0, min(awarded, valid))


class Rules(BaseModel):
    """The day's entry and prize rules; every field defaults to the notice's."""

    model_config = ConfigDict(frozen=True)

    max_events: int = Field(default=3, ge=1)
    """Events one athlete may enter."""
    required_events: tuple[str, ...] = RACE_IDS
    """The marked events."""
    min_required: int = Field(default=1, ge=0)
    """How many marked events each athlete must enter."""
    athletes_per_unit: int = Field(default=2, ge=1)
    """Athletes one unit may send (the chair and one officer)."""
    places: PlacesRule = PlacesRule()
    team_points: tuple[int, ...] = (7, 5, 4, 3, 2, 1)
    """Team points for places 1, 2, 3, ...; places beyond score nothing."""

    @model_validator(mode="after")
    def _known_required(self) -> Rules:
        unknown = [e for e in self.required_events if e not in CATALOGUE]
        if unknown:
            raise ValueError(f"unknown required event(s): {', '.join(unknown)}")
        return self


class EventOverride(BaseModel):
    """Per-event settings a day file may change."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lanes: int | None = Field(default=None, ge=1, le=8, strict=True)
    """Strict: `4.0` or `true` in a day file is refused like any other non-integer."""
    duration_s: int | None = Field(default=None, ge=10, le=600, strict=True)


class Athlete(BaseModel):
    """One entrant, as the unit sent them in."""

    model_config = ConfigDict(frozen=True)

    bib: str
    name: str
    unit: str
    role: str = ""
    phone: str = ""
    events: tuple[str, ...] = ()
    """Event ids entered, in the order the unit listed them."""


class LaneEntry(BaseModel):
    """One athlete's lane in one heat of one event."""

    model_config = ConfigDict(frozen=True)

    event: str
    heat: int = Field(ge=1)
    lane: int = Field(ge=1, le=8)
    bib: str


DEFAULT_ORGANISER = "区直单位工会"
"""The notice's organising body, who issues the certificates unless the day file names
another (`organiser = "…"`)."""


class Day(BaseModel):
    """Everything a loaded day defines: settings, athletes and the heats."""

    model_config = ConfigDict(frozen=True)

    title: str
    date: str
    venue: str
    rules: Rules = Rules()
    overrides: dict[str, EventOverride] = {}
    athletes: tuple[Athlete, ...] = ()
    lanes: tuple[LaneEntry, ...] = ()
    """Every heat's line-up, drawn or read from heats.csv."""
    seed: int = 2026
    """Seed for drawing heats, so a redraw is reproducible."""
    practice: bool = False
    """A day for trying the console (the bundled sample): its header says PRACTICE."""
    organiser: str = DEFAULT_ORGANISER
    """Who issues the certificates (their issuer line): the day file's `organiser`."""

    def event(self, event_id: str) -> EventSpec:
        """The catalogue event with this day's overrides applied."""
        spec = CATALOGUE[event_id]
        override = self.overrides.get(event_id)
        if override is None:
            return spec
        changes = override.model_dump(exclude_none=True)
        return spec.model_copy(update=changes) if changes else spec

    def events(self) -> list[EventSpec]:
        """The programme, in order, with overrides applied."""
        return [self.event(e) for e in CATALOGUE]

    def athlete(self, bib: str) -> Athlete | None:
        """Look up an athlete by bib."""
        for athlete in self.athletes:
            if athlete.bib == bib:
                return athlete
        return None

    def heat_numbers(self, event_id: str) -> list[int]:
        """The heats of an event, in order."""
        return sorted({entry.heat for entry in self.lanes if entry.event == event_id})

    def lineup(self, event_id: str, heat: int) -> list[LaneEntry]:
        """A heat's lanes, in lane order."""
        return sorted(
            (e for e in self.lanes if e.event == event_id and e.heat == heat),
            key=lambda e: e.lane,
        )
