"""Standings, one event at a time: shared places, voids below, who wins a prize.

The referee checks these between rounds while results keep landing, so the
screen recomputes when it comes back to the front and on a light timer that
only compares the store's sequence number. Only the shown event is ranked
(`rank_event`), in a thread worker, so no key waits on it with thousands of
attempts in the day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import DataTable, Static, Tab, Tabs
from textual.worker import get_current_worker

from timing_console.model import Attempt, Day, EventKind, EventSpec
from timing_console.rules.ranking import Conflicts, EventStandings, StandingRow, rank_event
from timing_console.session import Session
from timing_console.ui.dialogs.correct import ask_correction
from timing_console.ui.keys import CONSOLE_KEYS, bind
from timing_console.ui.messages import DaySaved, OpenAthlete
from timing_console.ui.screens.session_screen import SessionScreen
from timing_console.ui.widgets.cursor import bib_at_cursor
from timing_console.ui.widgets.footer import ConsoleFooter
from timing_console.ui.widgets.marks import (
    CONFLICT_LEGEND,
    CONFLICT_MARK,
    CORRECTED_LEGEND,
    PRIZE_MARK,
    corrected_results,
    marked,
)
from timing_console.words import Words

R = TypeVar("R")


def seat_text(heat: int | None, lane: int | None) -> str:
    """'2/3' for heat 2 lane 3; empty when the athlete has no seat yet."""
    if heat is None or lane is None:
        return ""
    return f"{heat}/{lane}"


def result_cell(words: Words, spec: EventSpec, row: StandingRow) -> str:
    """A row's result: a time, a count, baskets with their tie-break, a code, pending, or
    the values stations recorded for it without seeing each other."""
    if row.conflict:
        return f"{CONFLICT_MARK} {row.conflict}"
    if row.status is None:
        return words("pending")
    if row.place is not None and spec.kind is EventKind.SHOTS and row.first_basket is not None:
        return f"{row.result} ({words('first_at', n=row.first_basket)})"
    return row.result


class LiveScreen(SessionScreen, Generic[R]):
    """A screen of results that follows the store while it is open.

    With 10,000 attempts even one event's ranking is several milliseconds of
    pure Python, so the handler only takes a snapshot (`prepare`), a thread
    worker computes from it, and `present` paints the outcome on the screen's
    thread. A newer snapshot cancels an older computation. Each save the day
    announces (`DaySaved`) recomputes what is shown.
    """

    def __init__(self, session: Session) -> None:
        """Nothing shown yet."""
        super().__init__(session)
        self.seen: int | None = None
        """The day's `generation` last shown (every save, here or merged, counts)."""

    def on_mount(self) -> None:
        """Build and fill."""
        self.setup()
        self.reload()

    def on_screen_resume(self) -> None:
        """Results may have landed while another screen covered this one."""
        self.follow()

    def on_day_saved(self, message: DaySaved) -> None:
        """A save anywhere (this console, a dialog, a merged station): show it."""
        self.follow()

    def follow(self) -> None:
        """Recompute only when something was saved since the last look, and shown.

        Covered by a heat screen, it waits for `on_screen_resume`: ranking the
        whole day in a thread at every finish would compete with the input
        thread for the GIL while a clock runs.
        """
        if self.in_front and self.session.view.generation != self.seen:
            self.reload()

    def reload(self) -> None:
        """Remember what was seen, snapshot it, and compute off the screen's thread."""
        self.seen = self.session.view.generation
        day = self.session.view.day()
        if day is None:
            self.no_day()
            return
        self.crunch(self.prepare(day))

    @work(thread=True, exclusive=True, group="live", description="results")
    def crunch(self, job: Callable[[], R]) -> None:
        """Run a prepared computation and hand its result back, unless superseded.

        The fixed `description` matters: without it Textual builds one from the
        `repr` of the arguments, which for 10,000 attempts takes ~100 ms.
        """
        result = job()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._present, result)

    def _present(self, result: R) -> None:
        if self.is_attached:
            self.present(result)

    def setup(self) -> None:
        """Columns and other one-off layout (subclasses)."""

    def no_day(self) -> None:
        """Say that no day is loaded (subclasses)."""

    def prepare(self, day: Day) -> Callable[[], R]:
        """Snapshot what the computation needs; it runs in a thread (subclasses)."""
        raise NotImplementedError

    def present(self, result: R) -> None:
        """Paint a computed result (subclasses)."""
        raise NotImplementedError


class StandingsTable(DataTable[Text]):
    """The standings rows; component classes let the stylesheet colour prizes and voids."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "standings--prize",
        "standings--void",
        "standings--pending",
    }
    DEFAULT_CSS = """
    StandingsTable > .standings--prize { color: $warning; text-style: bold; }
    StandingsTable > .standings--void { color: $error; }
    StandingsTable > .standings--pending { color: $text-disabled; text-style: italic; }
    """


@dataclass(frozen=True)
class EventView:
    """One event's standings and which of its athletes' results were corrected."""

    standings: EventStandings
    corrected: frozenset[str]
    """Bibs whose result in this event a referee corrected."""
    conflicted: frozenset[str] = frozenset()
    """Bibs whose result in this event stations recorded differently (off the prizes)."""


def event_view(
    day: Day, event_id: str, attempts: list[Attempt], conflicts: Conflicts | None = None
) -> EventView:
    """Rank one event (off the screen's thread) and find its corrected results."""
    corrected = frozenset(bib for _, bib in corrected_results(attempts))
    conflicted = frozenset(b for e, b in (conflicts or {}) if e == event_id)
    return EventView(rank_event(day, event_id, attempts, conflicts), corrected, conflicted)


class StandingsScreen(LiveScreen[EventView]):
    """One event's standings; `←`/`→` or the tabs change event."""

    HELP_TITLE = "Standings · 成绩"
    CSS_PATH = "standings.tcss"
    TIMING_KEYS: ClassVar[list[tuple[str, str]]] = [
        ("← →", "switch_event"),
        ("↑ ↓", "move_athletes"),
        ("enter", "open_athlete"),
    ]
    WRITES: ClassVar[frozenset[str]] = frozenset({"correct_result"})
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape", "back", "standings_back"),
        bind("left", "previous_event", "previous_event", key_display="← →", priority=True),
        bind("right", "next_event", "next_event", key_display="← →", show=False, priority=True),
        bind("enter", "open_athlete", "standings_athlete", key_display="enter", show=False),
        bind("c", "correct_result", "correct_result"),
        *CONSOLE_KEYS,
    ]
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "place",
        "prize",
        "bib",
        "athlete",
        "unit",
        "result",
        "heat_lane",
    )

    def __init__(self, session: Session, event: str | None = None) -> None:
        """Open at `event` (default: the first event of the programme)."""
        super().__init__(session)
        self.event_id = event
        self.standings: EventStandings | None = None
        """What the table shows now (the row a correction is for)."""

    def compose(self) -> ComposeResult:
        """Title, one tab per event, the summary line, the table."""
        day = self.session.view.day()
        specs = day.events() if day is not None else []
        if self.event_id is None and specs:
            self.event_id = specs[0].id
        yield Static(self.words("standings"), id="title")
        tabs = [Tab(spec.zh, id=f"ev-{spec.id}") for spec in specs]
        yield Tabs(*tabs, active=f"ev-{self.event_id}" if specs else None, id="event-tabs")
        yield Static(id="summary")
        yield StandingsTable(id="standings", cursor_type="row", zebra_stripes=True)
        yield ConsoleFooter()

    def setup(self) -> None:
        """Columns once; the table takes focus so arrows and Enter work on rows."""
        words = self.words
        table = self.query_one(StandingsTable)
        for column in self.COLUMNS:
            table.add_column(words(column), key=column)
        table.focus()

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        """A tab chosen by key or mouse: show that event."""
        event.stop()
        chosen = (event.tab.id or "").removeprefix("ev-")
        if chosen and chosen != self.event_id:
            self.event_id = chosen
            self.query_one(StandingsTable).move_cursor(row=0)
            self.reload()

    def action_previous_event(self) -> None:
        """The event before (wraps round)."""
        self.query_one(Tabs).action_previous_tab()

    def action_next_event(self) -> None:
        """The event after (wraps round)."""
        self.query_one(Tabs).action_next_tab()

    def action_back(self) -> None:
        """Back to where the referee came from."""
        self.dismiss(None)

    def action_open_athlete(self) -> None:
        """The athlete under the cursor, all their events and history."""
        bib = bib_at_cursor(self.query_one(StandingsTable))
        if bib:
            self.post_message(OpenAthlete(bib))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row (the table consumes Enter itself)."""
        event.stop()
        self.action_open_athlete()

    def action_correct_result(self) -> None:
        """Correct the result of the athlete under the cursor, in the event shown."""
        table = self.query_one(StandingsTable)
        if table.row_count == 0 or self.standings is None:
            return
        bib = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        row = next((r for r in self.standings.rows if r.bib == bib), None)
        if row is not None:
            ask_correction(self, row)

    def no_day(self) -> None:
        """Nothing to rank."""
        self.query_one("#summary", Static).update(self.words("no_day"))

    def prepare(self, day: Day) -> Callable[[], EventView]:
        """Only the shown event's attempts: the others are not ranked at all."""
        if self.event_id is None:
            self.event_id = day.events()[0].id
        view = self.session.view
        conflicts = view.in_conflict()
        return partial(event_view, day, self.event_id, view.attempts(self.event_id), conflicts)

    def present(self, result: EventView) -> None:
        """Show the standings, unless the referee has moved to another event meanwhile."""
        if result.standings.event.id == self.event_id:
            self.show(result.standings, result.corrected, result.conflicted)

    def show(
        self,
        standings: EventStandings,
        corrected: frozenset[str] = frozenset(),
        conflicted: frozenset[str] = frozenset(),
    ) -> None:
        """Repaint the summary and the rows, keeping the cursor where it was."""
        words = self.words
        spec = standings.event
        ranked = sum(row.place is not None for row in standings.rows)
        if ranked:
            line = words("entrants_line", n=standings.entrants, k=standings.places_awarded)
        else:
            line = words("no_results_line", n=standings.entrants)
        if any(row.bib in corrected for row in standings.rows):
            line += f" · {CORRECTED_LEGEND}"
        if conflicted:
            line += f" · {CONFLICT_LEGEND}"
        self.query_one("#summary", Static).update(
            Content.assemble((spec.zh, "bold"), " ", spec.en, " · ", line)
        )
        self.standings = standings
        table = self.query_one(StandingsTable)
        cursor = table.cursor_row
        table.clear()
        for row in standings.rows:
            shown = self.cells(words, spec, row, corrected=row.bib in corrected)
            if row.bib in conflicted:
                shown[1] = Text(CONFLICT_MARK)  # no prize while stations disagree
            cells = dict(zip(self.COLUMNS, shown, strict=True))
            columns, component = self.emphasis(row)
            if component is not None:
                style = table.get_component_rich_style(component)
                for column in columns:
                    cells[column].stylize(style)
            table.add_row(*cells.values(), key=row.bib)
        if standings.rows:
            table.move_cursor(row=min(cursor, len(standings.rows) - 1))

    def emphasis(self, row: StandingRow) -> tuple[tuple[str, ...], str | None]:
        """Which cells a row's state colours, and the table component class that does it."""
        if row.status is None:
            return self.COLUMNS, "standings--pending"
        if row.place is None:
            return ("result",), "standings--void"
        if row.prize:
            return ("place", "prize"), "standings--prize"
        return (), None

    @staticmethod
    def cells(
        words: Words, spec: EventSpec, row: StandingRow, *, corrected: bool = False
    ) -> list[Text]:
        """One row's cells, in `COLUMNS` order; a corrected result carries its mark."""
        return [
            Text("" if row.place is None else str(row.place), justify="right"),
            Text(PRIZE_MARK if row.prize else ""),
            Text(row.bib),
            Text(row.name),
            Text(row.unit),
            Text(marked(result_cell(words, spec, row), corrected), justify="right"),
            Text(seat_text(row.heat, row.lane)),
        ]
