"""What every heat screen shares: key stamping, durable steps, undo, re-run, close.

Timing keys are read in `on_key` because only the key event carries its own
monotonic stamp (`event.time`, set when the input thread parsed the key);
binding actions run later and never see it. Every step is written to the store
(fsynced) *before* the board on screen changes, so what the referee sees is
always what is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Digits, Footer, Static

from timing_console import heap
from timing_console.model import HeatPhase, Status
from timing_console.rules.clock import HeatClock, format_clock
from timing_console.rules.heat import HeatError, Stamp, Step
from timing_console.rules.results import ResultError
from timing_console.session import Session
from timing_console.store.db import StoreError
from timing_console.ui.confirm import ConfirmScreen
from timing_console.ui.keys import CONSOLE_KEYS, bind, localised
from timing_console.ui.lanes import LaneTable
from timing_console.ui.marks import marked
from timing_console.ui.messages import SnapshotDue
from timing_console.ui.session_screen import SessionScreen
from timing_console.ui.starter import Starter

LANE_KEYS = "12345678"
DIGITS = "0123456789"
PREFIX_KEYS: dict[str, str] = {"r": "restart", "p": "drop", "f": "foul", "d": "DNF", "n": "DNS"}
"""Every prefix letter of the console, and what it marks. Each heat screen reads all
five: a letter that does not apply there still takes the digit after it, so a
stray `p` then `4` can never become lane 4's finish, tally or shot."""
RERUN = "re-run"
"""The pending question of `v`: `y` re-runs the heat, a lane digit one lane."""
UNDO_START = "undo-start"
"""The pending question of `backspace` when it would take back the gun."""

Row = tuple[str, ...]


@dataclass(frozen=True)
class Pending:
    """A key waiting for the next one: a prefix for its lane digit, or a question.

    Whatever the next key is, it answers this and nothing else: a digit goes to
    the prefix (or is dropped when the prefix was refused), a prefix letter
    replaces it, `y` answers a question, and any other key cancels it.
    """

    what: str
    """A prefix name (`PREFIX_KEYS`), `RERUN` or `UNDO_START`."""
    stamp: Stamp
    """The prefix key's own stamp: a mark is timed when its letter was pressed."""
    refused: str | None = None
    """Why the prefix does not apply now (its digit is dropped), or None."""


class HeatScreen(SessionScreen):
    """Base of the race, countdown and free-throw screens."""

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape", "back", "back"),
        bind("backspace", "undo", "undo"),
        bind("v", "rerun", "rerun"),
        bind("ctrl+s", "close_heat", "close_heat"),
        *CONSOLE_KEYS,
    ]
    TIMING_KEYS: ClassVar[list[tuple[str, str]]] = []
    """Keys read in `on_key` and their help ids (ui/keys.py), for the help screen."""
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    WIDTHS: ClassVar[dict[str, int]] = {"lane": 4, "athlete": 14, "unit": 14, "state": 10}
    """Fixed column widths; the others grow to fit their cells."""
    REPAINT_S: ClassVar[float] = 0.1
    """The interval only repaints the clock face; it never records anything."""

    def __init__(self, session: Session, event: str, heat: int) -> None:
        """Open one heat of one event."""
        super().__init__(session)
        self.event_id = event
        self.heat = heat
        self.pending: Pending | None = None
        """A prefix waiting for its lane digit, or a question waiting for its answer."""
        self.starter = Starter(self)
        """The start signal, when the heat is started by its beep."""

    # ----- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Title, clock face, one row per lane, a status line and the footer."""
        spec = self.session.repo.require_day().event(self.event_id)
        words = self.words
        with Horizontal(id="heat-head"):
            yield Static(f"[b]{spec.zh}[/b] {spec.en} · {words.heat(self.heat)}", id="title")
            yield Static("", id="phase")
        yield Digits("0:00.0", id="clock")
        yield from self.compose_body()
        yield Static("", id="status", markup=False)
        yield Footer()

    def compose_body(self) -> ComposeResult:
        """The lanes table; screens may add more."""
        yield LaneTable(id="lanes")

    def on_mount(self) -> None:
        """Load the heat, resume it if a previous console left it running, start repainting."""
        session = self.session
        self.clock = HeatClock(session.now)
        self.board = session.repo.board(self.event_id, self.heat)
        heat_key = self.board.state.key
        if heat_key in session.interrupted:
            self.board = session.repo.apply(self.board.resume(self.now_stamp(), session.boot))
            session.interrupted.discard(heat_key)
            self.say(self.words("resumed"))
        table = self.query_one("#lanes", LaneTable)
        words = self.words
        for column in self.COLUMNS:
            table.add_column(words(column), key=column, width=self.WIDTHS.get(column))
        self.shown: dict[int, Row] = {}
        self.show_board()
        self.set_interval(self.REPAINT_S, self.tick)
        self.starter.prepare()
        self.opened()

    def opened(self) -> None:
        """The heat is on screen (screens add a word for the referee)."""

    # ----- keys ----------------------------------------------------------------

    def now_stamp(self) -> Stamp:
        """A stamp for work that no key started (resume, closing after a question)."""
        return self.session.now_stamp()

    def on_key(self, event: events.Key) -> None:
        """Read timing keys with the key's own stamp; leave the rest to bindings."""
        stamp = self.session.stamp(event.time)
        key = event.key
        self.starter.catch_up(stamp.mono)
        if self.starter.active:
            self.consume(event)  # until the beep, a key is only ever `escape`: stop the signal
            if key == "escape":
                self.starter.abort()
            else:
                self.say(self.words("signal_wait"), error=True)
        elif self.pending is not None:
            self.consume(event)
            pending, self.pending = self.pending, None
            self.answer(pending, key, stamp)
        elif key in PREFIX_KEYS:
            self.consume(event)
            self.ask_lane(key, stamp)
        elif key == "v":
            self.consume(event)
            self.action_rerun()
        elif self.timing_key(key, stamp):
            self.consume(event)

    def ask_lane(self, key: str, stamp: Stamp) -> None:
        """A prefix letter: ask for the lane, or say why it does not apply and drop its digit."""
        what = PREFIX_KEYS[key]
        refused = self.prefix_refusal(what)
        self.pending = Pending(what, stamp, refused)
        if refused is None:
            self.say(self.words("which_lane", what=self.mark_name(what)))
        else:
            self.say(self.words("prefix_refused", why=refused), error=True)

    def answer(self, pending: Pending, key: str, stamp: Stamp) -> None:
        """The key after a prefix or a question: it answers that, and is nothing else."""
        self.say("")
        words = self.words
        if pending.what == UNDO_START:
            if key == "y":
                self.step(lambda: self.board.undo(self.now_stamp()))
            else:
                self.not_taken(words("kept_running"), key, stamp)
        elif len(key) == 1 and key in DIGITS:
            if pending.what == RERUN:
                self.rerun(int(key))
            elif pending.refused is not None:
                self.say(words("digit_ignored", digit=key, why=pending.refused))
            else:
                self.prefixed(pending.what, int(key), pending.stamp)
        elif pending.what == RERUN and key in ("y", "v", "enter"):
            self.rerun(None)
        elif pending.what != RERUN and key in PREFIX_KEYS:
            self.ask_lane(key, stamp)
        elif key != "escape":
            name = words("rerun_word") if pending.what == RERUN else self.mark_name(pending.what)
            self.not_taken(words("cancelled", what=name), key, stamp)

    def not_taken(self, said: str, key: str, stamp: Stamp) -> None:
        """A key that only answered a question; a prefix letter still takes its digit.

        `backspace r 3` or `v n 3`: the letter kept the heat running (or cancelled
        the re-run), so it is no mark, and the 3 after it must not become a finish.
        """
        if key not in PREFIX_KEYS:
            self.say(said)
            return
        what = self.mark_name(PREFIX_KEYS[key])
        why = self.words("was_an_answer", what=what)
        self.pending = Pending(PREFIX_KEYS[key], stamp, why)
        self.say(f"{said} {self.words('prefix_refused', why=why)}")

    def mark_name(self, what: str) -> str:
        """A prefix's name in the console's language (`foul` / 犯规)."""
        return self.words(f"mark_{what}")

    def prefix_refusal(self, what: str) -> str | None:
        """Why a prefix does not apply to this heat now, in words; None if it does."""
        if self.board.state.phase is HeatPhase.DONE:
            return self.words("heat_closed")
        return None

    def no_mark(self, what: str) -> str:
        """The refusal of a prefix this event never has."""
        spec = self.board.spec
        event = spec.zh if self.session.lang == "zh" else spec.en
        return self.words("no_mark", event=event, what=self.mark_name(what))

    @staticmethod
    def consume(event: events.Key) -> None:
        """Keep a handled key from reaching bindings or other widgets."""
        event.stop()
        event.prevent_default()

    def timing_key(self, key: str, stamp: Stamp) -> bool:
        """Handle a non-prefix timing key; True if it was one."""
        return False

    def prefixed(self, what: str, lane: int, stamp: Stamp) -> None:
        """Handle a prefix key and its lane digit."""

    # ----- steps ---------------------------------------------------------------

    def step(self, make: Callable[[], Step]) -> bool:
        """Run one action: refuse it with a message, or save it and then show it."""
        try:
            step = make()
            self.board = self.session.repo.apply(step)
        except (HeatError, ResultError) as exc:
            self.say(self.words.refusal(exc), error=True)
            return False
        except StoreError as exc:
            self.say(self.words("not_saved", why=exc), error=True)
            return False
        self.say("")
        self.show_board()
        return True

    def say(self, text: str, *, error: bool = False) -> None:
        """One status line under the lanes; errors also ring the bell."""
        status = self.query_one("#status", Static)
        if str(status.content) != text:
            status.update(text, layout=False)
        status.set_class(error, "error")
        if error:
            self.app.bell()

    def show_board(self) -> None:
        """Repaint the lanes and the heading from the board (changed cells only)."""
        table = self.query_one("#lanes", LaneTable)
        for lane, row in self.marked_rows():
            old = self.shown.get(lane)
            if old is None:
                table.add_row(*row, key=str(lane))
            else:
                for column, before, after in zip(self.COLUMNS, old, row, strict=True):
                    if before != after:
                        table.update_cell(str(lane), column, after)
            self.shown[lane] = row
            table.set_row_class(str(lane), self.row_state(lane))
        phase = self.board.state.phase
        label = marked(self.words(phase.value), self.board.state.reopened > 0)
        if self.board.state.run > 1:
            label += f" · {self.words('run_n', n=self.board.state.run)}"
        head = self.query_one("#phase", Static)
        if str(head.content) != label:
            head.update(label)
        for p in HeatPhase:
            head.set_class(p is phase, f"phase-{p.value}")
        heap.clock_running(self.board.running)
        self.tick()

    def on_unmount(self) -> None:
        """Leaving the heat: collect as usual again."""
        heap.clock_running(False)

    def row_state(self, lane: int) -> str:
        """`live`, `done`, `void` or '' for a lane, shown as its row's CSS class."""
        attempt = self.board.lanes.get(lane)
        if attempt is None:
            return ""
        if attempt.status is None:
            return "live" if attempt.run == self.board.state.run and self.board.running else ""
        return "done" if attempt.status is Status.OK else "void"

    def lane_rows(self) -> list[tuple[int, Row]]:
        """One row per lane, in lane order."""
        raise NotImplementedError

    def marked_rows(self) -> list[tuple[int, Row]]:
        """The lanes, a result a referee corrected marked after its state, as the
        standings mark it."""
        at = self.COLUMNS.index("state")
        rows: list[tuple[int, Row]] = []
        for lane, cells in self.lane_rows():
            attempt = self.board.lanes.get(lane)
            if attempt is not None and attempt.corrected and attempt.status is not None:
                cells = (*cells[:at], marked(cells[at], True), *cells[at + 1 :])  # noqa: PLW2901
            rows.append((lane, cells))
        return rows

    def tick(self) -> None:
        """Start on a beep that has sounded; stop a track whose heat stopped; repaint the clock."""
        self.starter.catch_up()
        if not self.starter.active and not self.board.running:
            self.session.speaker.stop(self.board.state.key)
        self.query_one("#clock", Digits).update(self.clock_text())

    def clock_text(self) -> str:
        """What the big clock shows now: a closed heat's clock has stopped."""
        if self.board.state.phase is HeatPhase.DONE:
            return format_clock(0.0, decimals=1)
        return format_clock(self.clock.elapsed(self.board.state), decimals=1)

    def athlete_cells(self, lane: int) -> tuple[str, str]:
        """'bib name' and unit of a lane's athlete."""
        day = self.session.repo.require_day()
        bib = self.board.entry(lane).bib
        athlete = day.athlete(bib)
        return (f"{bib} {athlete.name}" if athlete else bib, athlete.unit if athlete else "")

    # ----- actions common to every heat ----------------------------------------

    def action_back(self) -> None:
        """Back to the programme; a running heat keeps running."""
        self.dismiss(None)

    def action_undo(self) -> None:
        """Take back the last action of this heat (kept in history); ask before the gun.

        Undoing the start of a running heat would put it back to "to run" with the
        athletes still on the track, so that one undo waits for `y`.
        """
        last = next((a for a in reversed(self.board.actions) if not a.undone), None)
        if last is not None and last.kind == "start" and self.board.running:
            self.pending = Pending(UNDO_START, self.now_stamp())
            self.say(self.words("undo_start_ask"))
            return
        self.step(lambda: self.board.undo(self.now_stamp()))

    def action_rerun(self) -> None:
        """Ask on the status line: `y` re-runs the heat, a lane digit one lane.

        A prompt, not a modal: a modal re-renders the whole screen under it,
        which held the event loop for 100-270 ms in the console benchmark.
        """
        self.pending = Pending(RERUN, self.now_stamp())
        self.say(self.words("rerun_ask"))

    def rerun(self, lane: int | None) -> None:
        """Void the run (false start) or one lane's attempt, kept in history."""
        self.step(lambda: self.board.rerun(self.now_stamp(), lane))

    def open_lanes_question(self) -> str | None:
        """The question to ask before closing, or None if nothing is open."""
        return self.words("close_running") if self.board.live_lanes() else None

    def action_close_heat(self) -> None:
        """Close the heat as final, asking first if lanes are still open."""
        question = self.open_lanes_question()

        def close(ok: bool | None = True) -> None:
            if ok and self.step(lambda: self.board.close(self.now_stamp())):
                self.post_message(SnapshotDue())
                self.say(self.words("closed"))

        if question is None:
            close()
        else:
            confirm = localised(ConfirmScreen, self.session.lang)
            self.app.push_screen(confirm(question, self.words), close)
