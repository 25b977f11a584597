"""Days with results for the book and certificate tests, and a reader of what they print.

Results go in through the store exactly as a paper card does (`HeatMachine.enter`),
and heats close as the referee closes them, so the book sees a real day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from tests.support.clock import stamp
from timing_console.model import Day, EventKind, EventSpec
from timing_console.rules.heat.results import parse_result
from timing_console.stations.view import DayView

RACE = "paddle-ball-run"


def enter(repo: DayView, event: str, heat: int, lane: int, text: str, reason: str = "") -> None:
    """Key in one result as `timing-console record` does."""
    spec = repo.require_day().event(event)
    board = repo.board(event, heat)
    repo.apply(board.enter(lane, parse_result(spec, text), stamp(), reason=reason))


def close(repo: DayView, event: str, heat: int) -> None:
    """Close a heat as final."""
    repo.apply(repo.board(event, heat).close(stamp()))


def result_for(spec: EventSpec, heat: int, lane: int) -> str:
    """A distinct, believable result per lane, so places are known in advance."""
    n = heat * 10 + lane
    if spec.kind is EventKind.RACE:
        return f"{(spec.min_time_ms or 3000) / 1000 + 5 + n * 0.37:.2f}"
    if spec.kind is EventKind.SHOTS:
        made = n % 11
        return "1" * made + "0" * (10 - made)
    return str(20 + n)


def fill(repo: DayView, *, skip: Iterable[tuple[str, int]] = (), closed: bool = True) -> None:
    """Every lane of every heat gets a result (but heats in `skip`); heats are then closed."""
    day = repo.require_day()
    left_out = set(skip)
    for spec in day.events():
        for heat in day.heat_numbers(spec.id):
            if (spec.id, heat) in left_out:
                continue
            for entry in day.lineup(spec.id, heat):
                enter(repo, spec.id, heat, entry.lane, result_for(spec, heat, entry.lane))
            if closed:
                close(repo, spec.id, heat)


def renamed(day: Day, bib: str, name: str) -> Day:
    """The day with one athlete's name changed (to test what a name may hold)."""
    athletes = tuple(
        a.model_copy(update={"name": name}) if a.bib == bib else a for a in day.athletes
    )
    return day.model_copy(update={"athletes": athletes})


@dataclass
class Section:
    """A `<section>` of printed HTML: its id, headings and table rows as cell texts."""

    id: str
    headings: list[str] = field(default_factory=list)
    rows: list[tuple[str, list[str]]] = field(default_factory=list)
    """(class of the row, texts of its cells) for every body row."""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sections: list[Section] = []
        self.cells: list[str] | None = None
        self.row_class = ""
        self.text: list[str] | None = None
        self.heading: list[str] | None = None
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section":
            self.sections.append(Section(found.get("id") or ""))
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and not self.in_head:
            self.cells, self.row_class = [], found.get("class") or ""
        elif tag in ("td", "th") and self.cells is not None:
            self.text = []
        elif tag == "h2":
            self.heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self.in_head = False
        elif tag in ("td", "th") and self.cells is not None and self.text is not None:
            self.cells.append(" ".join("".join(self.text).split()))
            self.text = None
        elif tag == "tr" and self.cells is not None:
            self.sections[-1].rows.append((self.row_class, self.cells))
            self.cells = None
        elif tag == "h2" and self.heading is not None:
            self.sections[-1].headings.append(" ".join("".join(self.heading).split()))
            self.heading = None

    def handle_data(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)
        if self.heading is not None:
            self.heading.append(data)


def sections(html: str) -> list[Section]:
    """The printed sections in order, as a reader of the page sees them."""
    reader = _Reader()
    reader.feed(html)
    return reader.sections
