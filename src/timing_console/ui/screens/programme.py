"""Home: every event with its heats, their state, what is next, progress per event.

The header also names the day's database file: a referee who moves laptops or
hands over the results needs to know which file holds them. After a crash the
heat the dead console left running is "next", so Enter goes straight back to
it; a countdown that reached 0 while the referee was away reads "time up".
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Static

from timing_console.model import HeatPhase
from timing_console.store.beacon import shareable
from timing_console.ui.dialogs.board_qr import BoardQRScreen
from timing_console.ui.dialogs.reason import ReasonScreen
from timing_console.ui.heat.countdown import time_up
from timing_console.ui.keys import CONSOLE_KEYS, bind, localised
from timing_console.ui.messages import DaySaved, OpenHeat, OpenLineup
from timing_console.ui.screens.session_screen import SessionScreen
from timing_console.ui.widgets.board_line import BoardLine
from timing_console.ui.widgets.footer import ConsoleFooter
from timing_console.ui.widgets.marks import CORRECTED_LEGEND, marked
from timing_console.ui.widgets.station_line import StationLine

PATH_WIDTH = 40
"""Longer database paths lose their middle: both the folder it starts from and the file show."""


def short_path(path: Path, home: Path | None = None, width: int = PATH_WIDTH) -> str:
    """`path` with the home folder as `~`; past `width`, its middle becomes `…`.

    The start (where to look) and the file name survive the cut.
    """
    home = Path.home() if home is None else home
    path = path.absolute()
    shown = str(path)
    if home != Path(home.anchor) and path.is_relative_to(home):
        shown = str(Path("~", path.relative_to(home)))
    if len(shown) <= width:
        return shown
    name = os.sep + path.name
    tail = name if len(name) <= width // 2 else shown[-(width // 2) :]
    return shown[: width - 1 - len(tail)] + "…" + tail


class ProgrammeScreen(SessionScreen):
    """The day's programme; arrow keys and Enter open a heat."""

    CSS_PATH = "programme.tcss"

    HELP_TITLE = "Programme · 赛程"
    TIMING_KEYS: ClassVar[list[tuple[str, str]]] = [
        ("↑ ↓", "choose_heat"),
        ("enter", "enter_heat"),
        ("ctrl+p", "find"),
    ]
    WRITES: ClassVar[frozenset[str]] = frozenset({"reopen_heat"})
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("enter", "open_heat", "open_heat", show=True),
        bind("o", "reopen_heat", "reopen_heat"),
        bind("l", "lineup", "programme_lineup"),
        bind("b", "board_qr", "board_qr"),
        *CONSOLE_KEYS,
    ]

    def compose(self) -> ComposeResult:
        """Title (marked when this console only watches), database file, progress per event,
        the heats."""
        yield Static(id="day-title")
        watching = Static(self.words("watching_mark"), id="watching", markup=False)
        watching.display = self.session.read_only
        yield watching
        yield Static(self.words("practice_day"), id="practice", markup=False)
        where = short_path(self.session.view.path)
        yield Static(f"{self.words('saved_in')}: {where}", id="db-path", markup=False)
        yield StationLine(self.session, self.words)
        yield Static(id="progress")
        yield BoardLine(self.session.view.path, self.words)
        table: DataTable[str] = DataTable(id="heats", cursor_type="row", zebra_stripes=True)
        yield table
        yield ConsoleFooter()

    def on_mount(self) -> None:
        """Columns once; rows on every return to this screen."""
        words = self.words
        table = self.query_one("#heats", DataTable)
        table.add_column(words("programme"), key="event")
        table.add_column(words("heat_col"), key="heat")
        table.add_column(words("athletes"), key="athletes")
        table.add_column(words("state"), key="state")
        self.refresh_rows()

    def on_screen_resume(self) -> None:
        """Results may have changed on a heat screen: the cursor goes to the next heat."""
        self.refresh_rows()

    def on_day_saved(self, message: DaySaved) -> None:
        """A save while the programme is in front (a merged station, a re-open): the rows
        follow and the cursor stays where the referee left it. Covered, it waits for
        `on_screen_resume`."""
        if not self.in_front:
            return
        table = self.query_one("#heats", DataTable)
        at = table.cursor_row
        self.refresh_rows()
        if 0 <= at < table.row_count:
            table.move_cursor(row=at)

    def heat_phase(self, event: str, heat: int) -> str:
        """The state word of a heat, with interrupted and timed-out ones called out."""
        state = self.session.view.heat_state(event, heat)
        if state.key in self.session.interrupted:
            return "interrupted"
        if time_up(self.session, state):
            return "time_up_state"
        if state.reopened and state.phase is HeatPhase.READY:
            return "reopened_state"
        return state.phase.value

    def heat_corrected(self, event: str, heat: int) -> bool:
        """A heat re-opened for a correction and closed again."""
        state = self.session.view.heat_state(event, heat)
        return state.reopened > 0 and state.phase is HeatPhase.DONE

    def state_text(self, event: str, heat: int) -> str:
        """A heat's state word; a corrected heat (re-opened, closed again) carries the mark."""
        return marked(self.words(self.heat_phase(event, heat)), self.heat_corrected(event, heat))

    def refresh_states(self) -> None:
        """Repaint only the state words (a countdown reached 0): the cursor stays put."""
        table = self.query_one("#heats", DataTable)
        for row in table.ordered_rows:
            key = row.key.value or ""
            event, _, heat = key.partition("#")
            old = str(table.get_cell(key, "state"))
            marker = old[old.find(" ◀") :] if " ◀" in old else ""
            new = self.state_text(event, int(heat)) + marker
            if new != old:
                table.update_cell(key, "state", new)

    def refresh_rows(self) -> None:
        """Rebuild the table; the cursor goes to the next heat to run."""
        day = self.session.view.day()
        words = self.words
        table = self.query_one("#heats", DataTable)
        table.clear()
        if day is None:
            self.query_one("#day-title", Static).update(words("no_day"))
            return
        self.query_one("#day-title", Static).update(f"[b]{day.title}[/b]  {day.date} · {day.venue}")
        self.query_one("#practice", Static).display = day.practice
        progress = []
        interrupted = [
            (spec.id, n)
            for spec in day.events()
            for n in day.heat_numbers(spec.id)
            if self.heat_phase(spec.id, n) == "interrupted"
        ]
        next_row: int | None = None
        row = 0
        corrected = False
        for spec in day.events():
            heats = day.heat_numbers(spec.id)
            done = 0
            for n in heats:
                phase = self.heat_phase(spec.id, n)
                mark = self.heat_corrected(spec.id, n)
                corrected = corrected or mark
                done += phase == HeatPhase.DONE.value
                marker = ""
                due = phase != HeatPhase.DONE.value
                if interrupted:
                    due = (spec.id, n) == interrupted[0]
                if next_row is None and due:
                    next_row, marker = row, f" ◀ {words('next')}"
                table.add_row(
                    f"{spec.order}. {spec.zh} {spec.en}",
                    words.heat(n),
                    str(len(day.lineup(spec.id, n))),
                    marked(words(phase), mark) + marker,
                    key=f"{spec.id}#{n}",
                )
                row += 1
            progress.append(f"{spec.zh} {done}/{len(heats)}")
        legend = f"  {CORRECTED_LEGEND}" if corrected else ""
        self.query_one("#progress", Static).update(
            f"{words('progress')}: " + "  ".join(progress) + legend
        )
        if next_row is not None:
            table.move_cursor(row=next_row)

    def chosen(self) -> tuple[str, int] | None:
        """The heat under the cursor, if there is one."""
        table = self.query_one("#heats", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        event, _, heat = key.partition("#")
        return event, int(heat)

    def action_open_heat(self) -> None:
        """Open the heat under the cursor."""
        chosen = self.chosen()
        if chosen is not None:
            self.post_message(OpenHeat(*chosen))

    def action_lineup(self) -> None:
        """Changes on the day for the heat under the cursor (late, absent, swapped)."""
        chosen = self.chosen()
        if chosen is not None:
            self.post_message(OpenLineup(*chosen))

    def action_board_qr(self) -> None:
        """The running board's address as a QR code, for a phone to scan."""
        url = self.query_one(BoardLine).url
        if url is None:
            self.notify(self.words("no_board"), severity="warning")
            return
        if not shareable(url):  # a code of 127.0.0.1 would open nothing on a phone
            self.notify(self.words("board_share_hint"), severity="warning")
            return
        self.app.push_screen(BoardQRScreen(url, self.words))

    def action_reopen_heat(self) -> None:
        """Re-open the closed heat under the cursor, with a reason typed here."""
        chosen = self.chosen()
        if chosen is None:
            return
        event, heat = chosen
        view = self.session.view
        if view.heat_state(event, heat).phase is not HeatPhase.DONE:
            self.notify(self.words("reopen_not_closed"), severity="warning")
            return

        def submit(_values: Mapping[str, str], reason: str, _override: bool) -> None:
            board = view.board(event, heat)
            view.apply(board.reopen(self.session.now_stamp(), reason))

        def done(reason: str | None) -> None:
            if reason is not None:
                self.refresh_rows()
                table = self.query_one("#heats", DataTable)
                table.move_cursor(row=table.get_row_index(f"{event}#{heat}"))  # Enter opens it
                self.notify(self.words("reopened"))

        spec = view.require_day().event(event)
        question = self.words("reopen_question", heat=f"{spec.zh} {self.words.heat(heat)}")
        dialog = localised(ReasonScreen, self.session.lang)
        self.app.push_screen(dialog(question, self.words, submit=submit), done)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row (the table consumes Enter itself)."""
        event.stop()
        self.action_open_heat()
