"""One athlete: their events, seat, result and place, and every attempt's history.

When an athlete or their unit queries a result, the referee needs the whole
story on one screen: voided runs with the reason, each change with what kind
it was, what it was, what it became and why, and the changes of their lane.
Nothing here is ever hidden, only marked; `c` corrects the selected result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import DataTable, Static

from timing_console.model import (
    CATALOGUE,
    Athlete,
    Attempt,
    Change,
    Day,
    EventSpec,
    Status,
    format_time,
)
from timing_console.rules.heat.results import result_text
from timing_console.rules.ranking import StandingRow, rank_event
from timing_console.session import Session
from timing_console.ui.dialogs.correct import ask_correction
from timing_console.ui.keys import CONSOLE_KEYS, bind
from timing_console.ui.screens.standings import (
    LiveScreen,
    result_cell,
    seat_text,
)
from timing_console.ui.widgets.footer import ConsoleFooter
from timing_console.ui.widgets.marks import CORRECTED_LEGEND, PRIZE_MARK, corrected_results, marked
from timing_console.words import ALL_WORDS, Words


def clock_label(iso: str) -> str:
    """A stored ISO wall-clock label as local hh:mm:ss (the text itself if unreadable)."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return iso


def fields_text(words: Words, fields: dict[str, Any]) -> str:
    """A history entry's result fields as the lists show a result."""
    if not fields:
        return "—"
    if "heat" in fields and "lane" in fields:
        return seat_text(fields["heat"], fields["lane"])
    status = fields.get("status")
    if status is None:
        return words("in_progress")
    if status != Status.OK.value:
        return str(status)
    shots = fields.get("shots")
    if shots is not None:
        return f"{shots.count('1')} [{shots}]"
    if fields.get("time_ms") is not None:
        return format_time(fields["time_ms"])
    if fields.get("count") is not None:
        return str(fields["count"])
    return "—"


def change_text(words: Words, change: Change) -> str:
    """One history entry: its kind, then a void or old → new, the reason and any source
    other than this console (a card keyed in with `record`)."""
    key = f"kind.{change.kind}"
    kind = words(key) if key in ALL_WORDS else change.kind
    if change.new.get("void") and not change.old.get("void"):
        text = f"{kind}: {words('void')} · {change.reason}"
    else:
        blank = change.kind == "entry" and change.old.get("status") is None
        old = "—" if blank else fields_text(words, change.old)
        text = f"{kind}: {old} → {fields_text(words, change.new)} · {change.reason}"
    return text if change.source == "console" else f"{text} · {change.source}"


def attempt_text(words: Words, attempt: Attempt, first: Change | None = None) -> str:
    """An attempt as it was recorded (before its first change, which the rows under it
    show with every later one), its run, and why it no longer counts."""
    if first is not None:
        now = fields_text(words, first.old)
    else:
        now = result_text(attempt) or words("in_progress")
        if attempt.shots is not None and attempt.status is not None:
            now += f" [{attempt.shots}]"
    text = f"{words('recorded')}: {now}"
    if attempt.run > 1:
        text += f" · {words('run_n', n=attempt.run)}"
    if attempt.void is not None:
        text += f" · {words('void')} ({attempt.void})"
    return text


@dataclass(frozen=True)
class AthleteView:
    """What the screen shows of one bib, computed off the screen's thread."""

    athlete: Athlete | None
    results: tuple[tuple[EventSpec, StandingRow | None], ...]
    """Each of their events with their standings row (None if they have none)."""
    history: tuple[tuple[str, tuple[Text, ...]], ...]
    """History rows (key, cells): each attempt, voided ones included, then its changes."""
    corrected: frozenset[str]
    """Events whose counting result a referee corrected."""


def athlete_view(
    day: Day,
    bib: str,
    attempts: list[Attempt],
    changes: Mapping[str, tuple[Change, ...]],
    words: Words,
    *,
    lineup: Sequence[Change] = (),
) -> AthleteView:
    """Rank each of the athlete's events, pick out their rows, and lay out their history.

    `changes` holds each of the athlete's attempts' changes, by attempt id;
    `lineup` the changes of their lanes (moves, swaps, late entries).
    """
    mine = sorted((a for a in attempts if a.bib == bib), key=lambda a: (a.recorded_at, a.run, a.id))
    results = []
    for event_id in events_of(day, bib, mine):
        standings = rank_event(day, event_id, (a for a in attempts if a.void is None))
        row = next((r for r in standings.rows if r.bib == bib), None)
        results.append((standings.event, row))
    history = history_rows(words, mine, changes, lineup)
    corrected = frozenset(event for event, _ in corrected_results(mine))
    return AthleteView(day.athlete(bib), tuple(results), history, corrected)


Rows = list[tuple[str, tuple[Text, ...]]]


def history_rows(
    words: Words,
    attempts: list[Attempt],
    changes: Mapping[str, tuple[Change, ...]],
    lineup: Sequence[Change] = (),
) -> tuple[tuple[str, tuple[Text, ...]], ...]:
    """Each attempt as it stands, then each change made to it, with each change of
    line-up placed among them by its time (attempts keep the order given)."""
    blocks: list[tuple[str, Rows]] = []
    for n, change in enumerate(lineup):  # numbered: two stations' notes may share a key
        spec = CATALOGUE.get(change.event)
        cells = (
            Text(clock_label(change.at)),
            Text(spec.zh if spec else change.event),
            Text(fields_text(words, change.new)),
            Text(change_text(words, change), style="italic"),
        )
        blocks.append((change.at, [(f"lineup#{n}", cells)]))
    for attempt in attempts:
        rows: Rows = []
        spec = CATALOGUE.get(attempt.event)
        event = spec.zh if spec else attempt.event
        history = changes.get(attempt.id, ())
        what = Text(attempt_text(words, attempt, history[0] if history else None))
        if attempt.void is not None:
            what.stylize("strike dim", 0, len(what.plain.split(" · ")[0]))
        seat = seat_text(attempt.heat, attempt.lane)
        rows.append(
            (attempt.id, (Text(clock_label(attempt.recorded_at)), Text(event), Text(seat), what))
        )
        for n, change in enumerate(history):
            line = Text("  " + change_text(words, change), style="italic")
            blank = Text("")
            rows.append((f"{attempt.id}#{n}", (Text(clock_label(change.at)), blank, blank, line)))
        blocks.append((attempt.recorded_at, rows))
    blocks.sort(key=lambda block: block[0])
    return tuple(row for _, rows in blocks for row in rows)


def events_of(day: Day, bib: str, attempts: list[Attempt]) -> list[str]:
    """Every event the athlete is entered in, seated in or has an attempt in, in programme order."""
    athlete = day.athlete(bib)
    found = set(athlete.events if athlete else ())
    found |= {e.event for e in day.lanes if e.bib == bib}
    found |= {a.event for a in attempts}
    return [spec.id for spec in day.events() if spec.id in found]


class AthleteScreen(LiveScreen[AthleteView]):
    """One bib's results and history."""

    HELP_TITLE = "Athlete · 运动员成绩"
    TIMING_KEYS: ClassVar[list[tuple[str, str]]] = [
        ("tab", "results_history"),
        ("↑ ↓", "move_rows"),
    ]
    WRITES: ClassVar[frozenset[str]] = frozenset({"correct_result"})
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape", "back", "athlete_back"),
        bind("c", "correct_result", "correct_result"),
        *CONSOLE_KEYS,
    ]
    CSS_PATH = "athlete.tcss"

    def __init__(self, session: Session, bib: str) -> None:
        """Show the athlete with this bib."""
        super().__init__(session)
        self.bib = bib
        self.view: AthleteView | None = None
        """What the screen shows now (the result a correction is for)."""

    def compose(self) -> ComposeResult:
        """Who, what they entered, results per event, then the history."""
        yield Static(id="title")
        yield Static(id="entered")
        yield DataTable[Text](id="results", cursor_type="row", zebra_stripes=True)
        yield Static(CORRECTED_LEGEND, id="legend", markup=False)
        yield Static(self.words("history"), id="history-title")
        yield DataTable[Text](id="history", cursor_type="row", zebra_stripes=True)
        yield ConsoleFooter()

    def setup(self) -> None:
        """Columns once."""
        words = self.words
        results = self.query_one("#results", DataTable)
        for key in ("event", "heat_lane", "result", "place"):
            results.add_column(words(key), key=key)
        history = self.query_one("#history", DataTable)
        for key in ("at", "event", "heat_lane", "what"):
            history.add_column(words(key), key=key)
        results.focus()

    def no_day(self) -> None:
        """Nobody to show."""
        self.query_one("#title", Static).update(self.words("no_day"))

    def prepare(self, day: Day) -> Callable[[], AthleteView]:
        """Every attempt (their places depend on everyone else's results) and their changes.

        Both are read here, on the screen's thread, so the worker never reads a
        store that a heat may be writing.
        """
        view = self.session.view
        attempts = view.attempts(include_void=True)
        changes = {a.id: view.history(a.id) for a in attempts if a.bib == self.bib}
        lineup = [c for c in view.changes() if c.kind == "lineup" and c.bib == self.bib]
        return partial(athlete_view, day, self.bib, attempts, changes, self.words, lineup=lineup)

    def present(self, result: AthleteView) -> None:
        """Who the athlete is, their results, then their history."""
        words = self.words
        self.view = result
        athlete = result.athlete
        title = self.query_one("#title", Static)
        if athlete is None:
            title.update(words("unknown_bib", bib=self.bib))
        else:
            parts: list[str | tuple[str, str]] = [(f"{athlete.bib} {athlete.name}", "bold")]
            parts += [f" · {part}" for part in (athlete.unit, athlete.role) if part]
            title.update(Content.assemble(*parts))
        entered = athlete.events if athlete else ()
        names = " · ".join(CATALOGUE[e].label for e in entered if e in CATALOGUE)
        self.query_one("#entered", Static).update(f"{words('entered')}: {names or '—'}")
        self.show_results(result.results, result.corrected)
        self.show_history(result.history)

    def show_results(
        self,
        results: tuple[tuple[EventSpec, StandingRow | None], ...],
        corrected: frozenset[str] = frozenset(),
    ) -> None:
        """One row per event: seat, result or status (marked if corrected), and place."""
        words = self.words
        table = self.query_one("#results", DataTable)
        cursor = table.cursor_row
        table.clear()
        self.query_one("#legend", Static).display = bool(corrected)
        for spec, row in results:
            seat = seat_text(row.heat, row.lane) if row else ""
            result = result_cell(words, spec, row) if row else words("pending")
            result = marked(result, spec.id in corrected)
            place = Text("" if row is None or row.place is None else str(row.place))
            if row is not None and row.prize:
                place.append(f" {PRIZE_MARK}", style="bold")
            table.add_row(Text(spec.label), Text(seat), Text(result), place, key=spec.id)
        if results:
            table.move_cursor(row=min(cursor, len(results) - 1))

    def show_history(self, rows: tuple[tuple[str, tuple[Text, ...]], ...]) -> None:
        """Rows laid out by the worker, oldest first."""
        table = self.query_one("#history", DataTable)
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)

    def action_back(self) -> None:
        """Back to where the referee came from."""
        self.dismiss(None)

    def action_correct_result(self) -> None:
        """Correct the result selected in the results table, whichever table has the keys."""
        table = self.query_one("#results", DataTable)
        if table.row_count == 0 or self.view is None:
            return
        event = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        spec, row = next((r for r in self.view.results if r[0].id == event), (None, None))
        if spec is None:
            return
        if row is None:
            self.notify(self.words("no_seat", bib=self.bib), severity="warning", markup=False)
            return
        ask_correction(self, row)
