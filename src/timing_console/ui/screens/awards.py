"""Who takes what home: the prize list, the participation list and the team table.

These need every event ranked (`rank_all`), which takes tens of milliseconds
with thousands of attempts: the ranking runs in a thread worker on a snapshot
of the attempts (see `LiveScreen`) and hands its tables back to the screen, so
no key waits on it. A prize won on a corrected result carries the corrected
mark beside its place, so a unit querying it knows it was changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from timing_console.model import CATALOGUE, Attempt, Day, zh_name
from timing_console.rules.awards import (
    ParticipationRow,
    PrizeRow,
    TeamRow,
    participation_list,
    prize_list,
    team_table,
)
from timing_console.rules.ranking import Conflicts, rank_all
from timing_console.ui.keys import CONSOLE_KEYS, bind
from timing_console.ui.messages import OpenAthlete
from timing_console.ui.screens.standings import LiveScreen
from timing_console.ui.widgets.cursor import bib_at_cursor
from timing_console.ui.widgets.footer import ConsoleFooter
from timing_console.ui.widgets.marks import CORRECTED_LEGEND, corrected_results, marked

PANES: tuple[str, ...] = ("prizes", "participation", "team")


@dataclass(frozen=True)
class Tables:
    """Everything the three panes show, computed together off the screen's thread."""

    prizes: list[PrizeRow]
    participation: list[ParticipationRow]
    team: list[TeamRow]
    points: tuple[int, ...]
    """The day's team points for places 1, 2, 3, ..."""
    corrected: frozenset[tuple[str, str]] = frozenset()
    """(event, bib) of each counting result a referee corrected."""


def build_tables(
    day: Day,
    attempts: list[Attempt],
    withheld: frozenset[tuple[str, str]] = frozenset(),
    conflicts: Conflicts | None = None,
) -> Tables:
    """Rank every event once and derive the three lists from the same standings.

    `withheld`: results in an open conflict between stations, kept off the prizes;
    `conflicts`: their values, listed unranked.
    """
    standings = rank_all(day, attempts, conflicts)
    return Tables(
        prizes=prize_list(standings, withheld),
        participation=participation_list(day, attempts),
        team=team_table(day, standings),
        points=day.rules.team_points,
        corrected=corrected_results(attempts),
    )


class AwardsScreen(LiveScreen[Tables]):
    """Prize list (best placing only), participation list and team table."""

    HELP_TITLE = "Prizes · 获奖名单"
    CSS_PATH = "awards.tcss"
    TIMING_KEYS: ClassVar[list[tuple[str, str]]] = [
        ("← →", "switch_list"),
        ("↑ ↓", "move_list"),
        ("enter", "open_athlete"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape", "back", "awards_back"),
        bind("left", "previous_pane", "previous_pane", key_display="← →", priority=True),
        bind("right", "next_pane", "next_pane", key_display="← →", show=False, priority=True),
        bind("enter", "open_athlete", "awards_athlete", key_display="enter", show=False),
        *CONSOLE_KEYS,
    ]

    def compose(self) -> ComposeResult:
        """Three panes, each a note line over its table."""
        words = self.words
        with TabbedContent(id="lists"):
            with TabPane(words("awards"), id="prizes"):
                yield Static(id="prizes-note", classes="note")
                yield DataTable[Text](id="prizes-table", cursor_type="row", zebra_stripes=True)
            with TabPane(words("participation"), id="participation"):
                yield Static(id="participation-note", classes="note")
                yield DataTable[Text](
                    id="participation-table", cursor_type="row", zebra_stripes=True
                )
            with TabPane(words("team"), id="team"):
                yield Static(id="team-note", classes="note")
                yield DataTable[Text](id="team-table", cursor_type="row", zebra_stripes=True)
        yield ConsoleFooter()

    def setup(self) -> None:
        """Columns once."""
        words = self.words
        columns = {
            "prizes": ("event", "place", "bib", "athlete", "unit", "other_places"),
            "participation": ("bib", "athlete", "unit", "events"),
            "team": ("place", "unit", "points", "firsts"),
        }
        for pane, keys in columns.items():
            table = self.query_one(f"#{pane}-table", DataTable)
            for key in keys:
                table.add_column(words(key), key=key)
        self.query_one("#prizes-table", DataTable).focus()

    def no_day(self) -> None:
        """Nothing to award."""
        self.query_one("#prizes-note", Static).update(self.words("no_day"))

    def prepare(self, day: Day) -> Callable[[], Tables]:
        """Every attempt, voids included: participation needs to see them all."""
        view = self.session.view
        return partial(
            build_tables,
            day,
            view.attempts(include_void=True),
            frozenset(view.held_back()),
            view.in_conflict(),
        )

    def present(self, result: Tables) -> None:
        """Repaint the three panes."""
        self.show_prizes(result.prizes, result.corrected)
        self.show_participation(result.participation)
        self.show_team(result.team, result.points)

    def show_prizes(
        self, rows: list[PrizeRow], corrected: frozenset[tuple[str, str]] = frozenset()
    ) -> None:
        """Each prize-winner once; their other prize places small and dim; a place won on a
        corrected result marked, with the legend in the note."""
        words = self.words
        note = words("prize_count", n=len(rows))
        if any((r.event, r.bib) in corrected for r in rows):
            note += f" · {CORRECTED_LEGEND}"
        self.query_one("#prizes-note", Static).update(note)
        lines = []
        for r in rows:
            spec = CATALOGUE.get(r.event)
            event = Text(spec.zh if spec else r.event, style="bold")
            if spec is not None:
                event.append("\n" + spec.en, style="dim")
            others = Text("\n".join(f"{zh_name(e)} {p}" for e, p in r.other_places), style="dim")
            place = Text(marked(str(r.place), (r.event, r.bib) in corrected), justify="right")
            cells = [event, place, Text(r.bib), Text(r.name)]
            lines.append((r.bib, [*cells, Text(r.unit), others]))
        self.fill("prizes", lines, height=2)

    def show_participation(self, rows: list[ParticipationRow]) -> None:
        """Everyone owed a participation prize."""
        words = self.words
        note = words("started_count", n=len(rows))
        self.query_one("#participation-note", Static).update(note)
        lines = [
            (
                r.bib,
                [Text(r.bib), Text(r.name), Text(r.unit), Text("、".join(map(zh_name, r.events)))],
            )
            for r in rows
        ]
        self.fill("participation", lines)

    def show_team(self, rows: list[TeamRow], table: tuple[int, ...]) -> None:
        """Units by points from prize places."""
        words = self.words
        points = "-".join(map(str, table))
        self.query_one("#team-note", Static).update(words("team_note", points=points))
        lines = [
            (
                r.unit,
                [
                    Text(str(r.place), justify="right"),
                    Text(r.unit),
                    Text(str(r.points), justify="right", style="bold"),
                    Text(str(r.golds), justify="right"),
                ],
            )
            for r in rows
        ]
        self.fill("team", lines)

    def fill(self, pane: str, lines: list[tuple[str, list[Text]]], height: int = 1) -> None:
        """Replace a table's rows, keeping the cursor where it was."""
        table = self.query_one(f"#{pane}-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for key, cells in lines:
            table.add_row(*cells, key=key, height=height)
        if lines:
            table.move_cursor(row=min(cursor, len(lines) - 1))

    def move_pane(self, step: int) -> None:
        """Switch list, wrapping round, and put the keys on its table."""
        lists = self.query_one(TabbedContent)
        index = PANES.index(lists.active) if lists.active in PANES else 0
        pane = PANES[(index + step) % len(PANES)]
        lists.active = pane
        self.query_one(f"#{pane}-table", DataTable).focus()

    def action_previous_pane(self) -> None:
        """The list to the left."""
        self.move_pane(-1)

    def action_next_pane(self) -> None:
        """The list to the right."""
        self.move_pane(+1)

    def action_back(self) -> None:
        """Back to where the referee came from."""
        self.dismiss(None)

    def action_open_athlete(self) -> None:
        """The athlete under the cursor (prize and participation lists)."""
        lists = self.query_one(TabbedContent)
        if lists.active not in ("prizes", "participation"):
            return
        bib = bib_at_cursor(self.query_one(f"#{lists.active}-table", DataTable))
        if bib:
            self.post_message(OpenAthlete(bib))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row (the table consumes Enter itself)."""
        event.stop()
        self.action_open_athlete()
