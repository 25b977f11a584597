"""Changes on the day for one heat: move an athlete, swap two lanes, add a late one.

Athletes arrive late, swap or go home, and the organiser fixes the line-up
without quitting the console. Each change goes through `rules.lineup` (before
the heat starts, a free lane, the entry rules unless an organiser overrides
them) and is kept with its reason; a refusal is shown in the dialog and changes
nothing. Marking an athlete absent is the heat's own DNS key, not this screen's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Static

from timing_console.model import Athlete, HeatPhase, LaneEntry, heat_key
from timing_console.rules import lineup
from timing_console.rules.heat.results import result_text
from timing_console.rules.heat.stamp import HeatError
from timing_console.session import Session
from timing_console.ui.dialogs.reason import Field, ReasonScreen, Submit
from timing_console.ui.keys import CONSOLE_KEYS, bind, localised
from timing_console.ui.messages import DaySaved
from timing_console.ui.screens.athlete import change_text, clock_label
from timing_console.ui.screens.session_screen import SessionScreen
from timing_console.ui.widgets.footer import ConsoleFooter
from timing_console.words import Words


def number(text: str, what: str, words: Words) -> int:
    """A heat or lane typed in a dialog, or a refusal naming the field."""
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(words("not_a_number", what=what)) from None


class LineupScreen(SessionScreen):
    """One heat's lanes and the changes made to them; `m` move, `w` swap, `n` late entry."""

    HELP_TITLE = "Line-up · 赛前调整"
    TIMING_KEYS: ClassVar[list[tuple[str, str]]] = [("↑ ↓", "move_rows")]
    WRITES: ClassVar[frozenset[str]] = frozenset({"move", "swap", "late"})
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape", "back", "lineup_back"),
        bind("m", "move", "lineup_move"),
        bind("w", "swap", "lineup_swap"),
        bind("n", "late", "lineup_late"),
        *CONSOLE_KEYS,
    ]
    CSS_PATH = "lineup.tcss"
    COLUMNS: ClassVar[tuple[str, ...]] = ("lane", "bib", "athlete", "unit", "result")

    def __init__(self, session: Session, event: str, heat: int) -> None:
        """Show heat `heat` of `event`."""
        super().__init__(session)
        self.event_id = event
        self.heat = heat

    def compose(self) -> ComposeResult:
        """Title, whether the line-up may change, the lanes, then the changes made."""
        yield Static(id="title", markup=False)
        yield Static(id="state", markup=False)
        yield DataTable[Text](id="lineup", cursor_type="row", zebra_stripes=True)
        yield Static(self.words("lineup_changes"), id="changes-title", markup=False)
        yield DataTable[Text](id="changes", cursor_type="row", zebra_stripes=True)
        yield ConsoleFooter()

    def on_mount(self) -> None:
        """Columns once, then the heat as it stands."""
        lanes = self.query_one("#lineup", DataTable)
        for key in self.COLUMNS:
            lanes.add_column(self.words(key), key=key)
        changes = self.query_one("#changes", DataTable)
        for key in ("at", "bib", "what"):
            changes.add_column(self.words(key), key=key)
        lanes.focus()
        self.show_heat()

    def on_screen_resume(self) -> None:
        """The heat may have started or closed on another screen."""
        self.show_heat()

    def on_day_saved(self, message: DaySaved) -> None:
        """A save of this heat (or of the day's line-up) made anywhere: show it."""
        if message.saved.touches(heat_key(self.event_id, self.heat)) and self.in_front:
            self.show_heat()

    def show_heat(self) -> None:
        """Repaint the title, the state, every lane (empty ones too) and the heat's changes."""
        words, view = self.words, self.session.view
        day = view.require_day()
        spec = day.event(self.event_id)
        title = f"{spec.zh} {spec.en} · {words.heat(self.heat)} · {words('lineup_title')}"
        self.query_one("#title", Static).update(title)
        self.query_one("#state", Static).update(words(self.state_word()))
        seats = {e.lane: e for e in day.lineup(self.event_id, self.heat)}
        held = view.board(self.event_id, self.heat).lanes
        table = self.query_one("#lineup", DataTable)
        cursor = table.cursor_row
        table.clear()
        for lane in range(1, spec.lanes + 1):
            seat = seats.get(lane)
            athlete = day.athlete(seat.bib) if seat else None
            attempt = held.get(lane)
            cells = (
                str(lane),
                seat.bib if seat else "",
                athlete.name if athlete else "",
                athlete.unit if athlete else "",
                (result_text(attempt) or words("on_course")) if attempt else "",
            )
            table.add_row(*map(Text, cells), key=str(lane))
        table.move_cursor(row=min(cursor, spec.lanes - 1))
        self.show_changes()

    def state_word(self) -> str:
        """Whether the line-up may still change, as the rules decide it."""
        if self.session.view.heat_state(self.event_id, self.heat).phase is HeatPhase.DONE:
            return "lineup_closed"
        try:
            self.session.view.lineup().open_heat(self.event_id, self.heat)
        except HeatError:
            return "lineup_started"
        return "lineup_open"

    def show_changes(self) -> None:
        """Every change of line-up into or out of this heat, oldest first."""
        table = self.query_one("#changes", DataTable)
        table.clear()
        for sid, change in self.session.view.audit():  # one station's keys: another may share
            if change.kind != "lineup" or change.event != self.event_id:
                continue
            if self.heat not in (change.heat, change.old.get("heat")):
                continue
            cells = (clock_label(change.at), change.bib or "", change_text(self.words, change))
            table.add_row(*map(Text, cells), key=f"{sid}:{change.key}")

    def selected(self) -> tuple[int, LaneEntry | None]:
        """The lane under the cursor and who runs in it."""
        table = self.query_one("#lineup", DataTable)
        lane = int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or 1)
        day = self.session.view.require_day()
        seat = next((e for e in day.lineup(self.event_id, self.heat) if e.lane == lane), None)
        return lane, seat

    def ask(
        self, question: str, fields: tuple[Field, ...], submit: Submit, override: bool = False
    ) -> None:
        """Open the dialog; once a change is saved, show the heat again and say so."""
        label = self.words("override_rules") if override else None
        dialog = localised(ReasonScreen, self.session.lang)(
            question, self.words, fields=fields, submit=submit, override=label
        )

        def done(reason: str | None) -> None:
            if reason is not None:
                self.show_heat()
                self.notify(self.words("lineup_saved"), markup=False)

        self.app.push_screen(dialog, done)

    def say_empty(self, lane: int) -> None:
        """Moving or swapping needs an athlete in the selected lane."""
        self.notify(self.words("empty_lane", lane=lane), severity="warning", markup=False)

    def name_of(self, bib: str) -> str:
        """An athlete's name for a question ('' if not on the day)."""
        athlete = self.session.view.require_day().athlete(bib)
        return athlete.name if athlete else ""

    def action_move(self) -> None:
        """Move the selected athlete to another heat or lane of this event."""
        lane, seat = self.selected()
        if seat is None:
            self.say_empty(lane)
            return
        words = self.words
        question = words("lineup_move_ask", bib=seat.bib, name=self.name_of(seat.bib))
        fields = (
            Field("heat", words("heat_col"), value=str(self.heat)),
            Field("lane", words("lane")),
        )

        def submit(values: Mapping[str, str], reason: str, override: bool) -> None:
            heat = number(values["heat"], words("heat_col"), words)
            to = number(values["lane"], words("lane"), words)
            now, stamp = self.session.view.lineup(), self.session.now_stamp()
            change = lineup.move(now, self.event_id, seat.bib, heat, to, reason=reason, stamp=stamp)
            self.session.view.apply_lineup(change)

        self.ask(question, fields, submit)

    def action_swap(self) -> None:
        """Swap the selected lane's athlete with another lane's."""
        lane, seat = self.selected()
        if seat is None:
            self.say_empty(lane)
            return
        words = self.words
        question = words("lineup_swap_ask", lane=lane, bib=seat.bib, name=self.name_of(seat.bib))

        def submit(values: Mapping[str, str], reason: str, override: bool) -> None:
            other = number(values["lane"], words("other_lane"), words)
            now, stamp = self.session.view.lineup(), self.session.now_stamp()
            change = lineup.swap(
                now, self.event_id, self.heat, lane, other, reason=reason, stamp=stamp
            )
            self.session.view.apply_lineup(change)

        self.ask(question, (Field("lane", words("other_lane")),), submit)

    def action_late(self) -> None:
        """A late athlete (a new bib) or a late entry of a bib on the day, into a lane here."""
        lane, seat = self.selected()
        words = self.words
        fields = (
            Field("bib", words("bib")),
            Field("name", words("late_name")),
            Field("unit", words("late_unit")),
            Field("lane", words("lane"), value="" if seat else str(lane)),
        )

        def submit(values: Mapping[str, str], reason: str, override: bool) -> None:
            bib, name, unit = (values[k].strip() for k in ("bib", "name", "unit"))
            to = number(values["lane"], words("lane"), words)
            if not bib:
                raise ValueError(words("bib_required"))
            day = self.session.view.require_day()
            athlete = day.athlete(bib)
            if athlete is None:
                if not (name and unit):
                    raise ValueError(words("new_needs_name"))
                athlete = Athlete(bib=bib, name=name, unit=unit)
            now, stamp = self.session.view.lineup(), self.session.now_stamp()
            change = lineup.add_late(
                now,
                athlete,
                self.event_id,
                self.heat,
                to,
                reason=reason,
                stamp=stamp,
                override=override,
            )
            self.session.view.apply_lineup(change)

        question = words("lineup_late_ask", heat=words.heat(self.heat))
        self.ask(question, fields, submit, override=True)

    def action_back(self) -> None:
        """Back to the programme."""
        self.dismiss(None)
