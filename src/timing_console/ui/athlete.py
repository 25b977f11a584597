"""One athlete: their events, seat, result and place, and every attempt's history.

When an athlete or their unit queries a result, the referee needs the whole
story on one screen: voided runs with the reason, and each edit with what it
was, what it became and why. Nothing here is ever hidden, only marked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import DataTable, Footer, Static

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
from timing_console.rules.ranking import StandingRow, rank_event
from timing_console.rules.results import result_text
from timing_console.session import Session
from timing_console.ui.i18n import Words
from timing_console.ui.keys import CONSOLE_KEYS, bind
from timing_console.ui.standings import PRIZE_MARK, LiveScreen, result_cell, seat_text, word


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
    status = fields.get("status")
    if status is None:
        return word(words, "in_progress")
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
    """One history entry: a void with its reason, or old → new with the reason."""
    if change.new.get("void") and not change.old.get("void"):
        return f"{word(words, 'void')}: {change.reason}"
    old, new = fields_text(words, change.old), fields_text(words, change.new)
    return f"{word(words, 'edit')}: {old} → {new} · {change.reason}"


def attempt_text(words: Words, attempt: Attempt) -> str:
    """An attempt as it stands now: its result, its run, and why it no longer counts."""
    now = result_text(attempt) or word(words, "in_progress")
    if attempt.shots is not None and attempt.status is not None:
        now += f" [{attempt.shots}]"
    text = f"{word(words, 'recorded')}: {now}"
    if attempt.run > 1:
        text += f" · run {attempt.run}"
    if attempt.void is not None:
        text += f" · {word(words, 'void')} ({attempt.void})"
    return text


@dataclass(frozen=True)
class AthleteView:
    """What the screen shows of one bib, computed off the screen's thread."""

    athlete: Athlete | None
    results: tuple[tuple[EventSpec, StandingRow | None], ...]
    """Each of their events with their standings row (None if they have none)."""
    history: tuple[tuple[str, tuple[Text, ...]], ...]
    """History rows (key, cells): each attempt, voided ones included, then its changes."""


def athlete_view(
    day: Day,
    bib: str,
    attempts: list[Attempt],
    changes: Mapping[str, tuple[Change, ...]],
    words: Words,
) -> AthleteView:
    """Rank each of the athlete's events, pick out their rows, and lay out their history.

    `changes` holds each of the athlete's attempts' changes, by attempt id.
    """
    mine = sorted((a for a in attempts if a.bib == bib), key=lambda a: (a.recorded_at, a.run, a.id))
    results = []
    for event_id in events_of(day, bib, mine):
        standings = rank_event(day, event_id, (a for a in attempts if a.void is None))
        row = next((r for r in standings.rows if r.bib == bib), None)
        results.append((standings.event, row))
    return AthleteView(day.athlete(bib), tuple(results), history_rows(words, mine, changes))


def history_rows(
    words: Words, attempts: list[Attempt], changes: Mapping[str, tuple[Change, ...]]
) -> tuple[tuple[str, tuple[Text, ...]], ...]:
    """Each attempt as it stands, then each change made to it, in the order given."""
    rows: list[tuple[str, tuple[Text, ...]]] = []
    for attempt in attempts:
        spec = CATALOGUE.get(attempt.event)
        event = spec.zh if spec else attempt.event
        what = Text(attempt_text(words, attempt))
        if attempt.void is not None:
            what.stylize("strike dim", 0, len(what.plain.split(" · ")[0]))
        seat = seat_text(attempt.heat, attempt.lane)
        rows.append(
            (attempt.id, (Text(clock_label(attempt.recorded_at)), Text(event), Text(seat), what))
        )
        for n, change in enumerate(changes.get(attempt.id, ())):
            line = Text("  " + change_text(words, change), style="italic")
            blank = Text("")
            rows.append((f"{attempt.id}#{n}", (Text(clock_label(change.at)), blank, blank, line)))
    return tuple(rows)


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
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape", "back", "athlete_back"),
        *CONSOLE_KEYS,
    ]
    DEFAULT_CSS = """
    AthleteScreen #history-title { padding: 0 1; text-style: bold; }
    AthleteScreen #entered { padding: 0 1; color: $text-muted; }
    """

    def __init__(self, session: Session, bib: str) -> None:
        """Show the athlete with this bib."""
        super().__init__(session)
        self.bib = bib

    def compose(self) -> ComposeResult:
        """Who, what they entered, results per event, then the history."""
        yield Static(id="title")
        yield Static(id="entered")
        yield DataTable[Text](id="results", cursor_type="row", zebra_stripes=True)
        yield Static(word(self.words, "history"), id="history-title")
        yield DataTable[Text](id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def setup(self) -> None:
        """Columns once."""
        words = self.words
        results = self.query_one("#results", DataTable)
        for key in ("event", "heat_lane", "result", "place"):
            results.add_column(word(words, key), key=key)
        history = self.query_one("#history", DataTable)
        for key in ("at", "event", "heat_lane", "what"):
            history.add_column(word(words, key), key=key)
        results.focus()

    def no_day(self) -> None:
        """Nobody to show."""
        self.query_one("#title", Static).update(self.words("no_day"))

    def prepare(self, day: Day) -> Callable[[], AthleteView]:
        """Every attempt (their places depend on everyone else's results) and their changes.

        Both are read here, on the screen's thread, so the worker never reads a
        store that a heat may be writing.
        """
        repo = self.session.repo
        attempts = repo.attempts(include_void=True)
        changes = {a.id: repo.history(a.id) for a in attempts if a.bib == self.bib}
        return partial(athlete_view, day, self.bib, attempts, changes, self.words)

    def present(self, result: AthleteView) -> None:
        """Who the athlete is, their results, then their history."""
        words = self.words
        athlete = result.athlete
        title = self.query_one("#title", Static)
        if athlete is None:
            title.update(word(words, "unknown_bib", bib=self.bib))
        else:
            parts: list[str | tuple[str, str]] = [(f"{athlete.bib} {athlete.name}", "bold")]
            parts += [f" · {part}" for part in (athlete.unit, athlete.role) if part]
            title.update(Content.assemble(*parts))
        entered = athlete.events if athlete else ()
        names = " · ".join(CATALOGUE[e].label for e in entered if e in CATALOGUE)
        self.query_one("#entered", Static).update(f"{word(words, 'entered')}: {names or '—'}")
        self.show_results(result.results)
        self.show_history(result.history)

    def show_results(self, results: tuple[tuple[EventSpec, StandingRow | None], ...]) -> None:
        """One row per event: seat, result or status, and place."""
        words = self.words
        table = self.query_one("#results", DataTable)
        table.clear()
        for spec, row in results:
            seat = seat_text(row.heat, row.lane) if row else ""
            result = result_cell(words, spec, row) if row else words("pending")
            place = Text("" if row is None or row.place is None else str(row.place))
            if row is not None and row.prize:
                place.append(f" {PRIZE_MARK}", style="bold")
            table.add_row(Text(spec.label), Text(seat), Text(result), place, key=spec.id)

    def show_history(self, rows: tuple[tuple[str, tuple[Text, ...]], ...]) -> None:
        """Rows laid out by the worker, oldest first."""
        table = self.query_one("#history", DataTable)
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)

    def action_back(self) -> None:
        """Back to where the referee came from."""
        self.dismiss(None)
