"""The three counted events: rope skipping, shuttlecock (60 s) and bean moving (120 s).

`space` starts the countdown: with sound, the start signal plays and the
clock starts on its beep (see `starter`); without, on the key's own stamp.
A lane digit adds one to its live tally. At 10 s left and at 0 the clock
flashes (and the bell rings if no track sounds them): alerts from the repaint
tick, never recorded times. At 0 one count box per lane opens; what the keys
type into them, and which lane is current, is the key grammar's
(`rules.heatkeys.CountEntry`): `enter` saves a lane's count and moves to the
next lane in lane order; until the heat is closed any lane's count can be
retyped (the old count and the new one are kept as a change). Closing saves
the counts the boxes show, naming each, and leaving with a typed count asks.
"""

from __future__ import annotations

import math
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Digits

from timing_console.model import Attempt, HeatPhase, HeatState, Status
from timing_console.rules.heat.clock import format_clock
from timing_console.rules.heat.keys import lane_open
from timing_console.rules.heat.machine import elapsed_ms
from timing_console.rules.heat.signals import WARNING_LEFT_S
from timing_console.session import Session
from timing_console.ui.heat.base import HeatScreen, Row
from timing_console.ui.heat.counts import CountBox

FLASH_S = 1.5
"""How long the clock face stays flashed after an alert."""


def time_up(session: Session, state: HeatState) -> bool:
    """Whether a heat is a countdown that is running in this console and has reached 0.

    The same arithmetic as `HeatMachine.time_up`, on the stored state alone, so the
    programme and the app can tell without building a board. A heat another
    console left running is not counted: its clock is not anchored here yet.
    """
    state = session.as_drawn(state)
    if state.phase is not HeatPhase.RUNNING or state.started_mono is None:
        return False
    if state.key in session.interrupted:
        return False
    duration = session.view.require_day().event(state.event).duration_s
    if duration is None:
        return False
    return elapsed_ms(state.started_mono, session.now()) >= duration * 1000


class CountdownScreen(HeatScreen):
    """A counted heat against a countdown."""

    CSS_PATH = ["heat.tcss", "countdown.tcss"]  # noqa: RUF012 - Textual takes a list; heat.tcss first
    HELP_TITLE = "Countdown · 计时计数"
    TIMING_KEYS: ClassVar[list[tuple[str, str]]] = [
        ("space", "start_countdown"),
        ("1-8", "tally"),
        ("0-9 -", "type_count"),
        ("enter", "save_count"),
        ("tab ↓ →", "next_lane"),
        ("n 1-8", "count_dns"),
        ("d 1-8", "dnf"),
        ("v", "rerun_heat"),
        ("backspace", "count_backspace"),
        ("ctrl+s", "close_final"),
    ]
    COLUMNS: ClassVar[tuple[str, ...]] = ("lane", "athlete", "unit", "state", "count")

    def __init__(self, session: Session, event: str, heat: int) -> None:
        """Open one heat; no alert has gone yet."""
        super().__init__(session, event, heat)
        self.alerts: set[str] = set()
        """Alerts already given for the run started at `alerts_origin`."""
        self.alerts_origin: float | None = None
        self.quiet = True
        """Until the first repaint: alerts already past when the screen opens stay silent."""
        self.flash_timer: Timer | None = None
        self.footer_entering = False
        """Whether the footer was last drawn for typing counts (backspace edits, not undo)."""

    # ----- layout --------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        """The lanes table, then one count field per lane (hidden until 0)."""
        yield from super().compose_body()
        lineup = self.session.view.require_day().lineup(self.event_id, self.heat)
        words = self.words
        with Horizontal(id="counts"):
            for entry in lineup:
                lane = entry.lane
                yield CountBox(
                    lane, words("count_box", lane=lane), words("count_box_short", lane=lane)
                )

    @property
    def duration_s(self) -> int:
        """The countdown's length, from the event (a day file may override it)."""
        return self.board.spec.duration_s or 0

    def fields(self) -> dict[int, CountBox]:
        """The count boxes by lane, in lane order."""
        return {box.lane: box for box in self.query(CountBox).results(CountBox)}

    def opened(self) -> None:
        """Before the start, say when there is no sound: the referee starts by key and calls it."""
        speaker = self.session.speaker
        if not (speaker.ready or self.board.running or self.board.state.phase is HeatPhase.DONE):
            self.say(self.words("silent_start", why=speaker.why_silent or self.words("muted")))

    # ----- count boxes ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While counts are typed, backspace edits the count: no undo in the footer."""
        if action == "undo" and self.desk.keys.entering:
            return False
        return super().check_action(action, parameters)

    def paint_fields(self) -> None:
        """Each box: its saved count, its status, or what is typed (current lane marked)."""
        keys = self.desk.keys
        self.query_one("#counts").display = keys.boxes_open
        words = self.words
        watching = self.session.read_only  # the counts are typed where the day is held
        for lane, box in self.fields().items():
            attempt = self.board.lanes.get(lane)
            placeholder = words("count")
            if attempt is not None and attempt.status not in (None, Status.OK):
                placeholder = attempt.status.value
            box.show(
                keys.entry.text(lane) if keys.boxes_open else "",
                placeholder=placeholder,
                current=keys.boxes_open and lane == keys.entry.current and not watching,
                open_=lane_open(self.board, lane),
            )
        if self.footer_entering is not keys.entering:
            self.footer_entering = keys.entering
            self.refresh_bindings()

    # ----- board and clock -----------------------------------------------------

    def show_board(self) -> None:
        """Repaint lanes, count boxes and clock."""
        self.paint_fields()
        super().show_board()

    def lane_rows(self) -> list[tuple[int, Row]]:
        """Lane, athlete, unit, state and count (live tally or saved)."""
        rows: list[tuple[int, Row]] = []
        for entry in self.board.lineup:
            name, unit = self.athlete_cells(entry.lane)
            state, count = self.lane_state(self.board.lanes.get(entry.lane))
            rows.append((entry.lane, (str(entry.lane), name, unit, state, count)))
        return rows

    def lane_state(self, attempt: Attempt | None) -> tuple[str, str]:
        """Waiting / counting (tally) / count saved / DNS / DNF."""
        words = self.words
        if attempt is None:
            return words("waiting"), ""
        count = "" if attempt.count is None else str(attempt.count)
        if attempt.status is None:
            return words("counting"), count
        if attempt.status is Status.OK:
            return words("saved"), count
        return attempt.status.value, ""

    def clock_text(self) -> str:
        """Time left, rounded up to the tenth: it reads 0:00.0 only once time is up or closed."""
        if self.counting_over() or self.board.state.phase is HeatPhase.DONE:
            return format_clock(0.0, decimals=1)
        remaining = self.clock.remaining(self.board.state, self.duration_s)
        return format_clock(math.ceil(remaining * 10 - 1e-6) / 10, decimals=1)

    def counting_over(self) -> bool:
        """Whether the running countdown has reached 0 (the board's own rule)."""
        return self.board.running and self.board.time_up(self.now_stamp())

    def tick(self) -> None:
        """Repaint, then give the 10 s and 0 alerts and open the fields at 0."""
        super().tick()
        try:
            self.check_alerts()
        finally:
            self.quiet = False

    def check_alerts(self) -> None:
        """Each alert once per run (the count boxes open at 0 with the desk's tick)."""
        if not self.board.running:
            self.alerts_origin = None
            return
        if self.board.state.started_mono != self.alerts_origin:
            self.alerts_origin = self.board.state.started_mono
            self.alerts = set()
        words = self.words
        if self.counting_over():
            if "zero" not in self.alerts:
                self.alerts |= {"ten", "zero"}
                self.alert(words("watch_time_up" if self.session.read_only else "time_up"))
        elif (
            "ten" not in self.alerts
            and self.clock.remaining(self.board.state, self.duration_s) <= WARNING_LEFT_S
        ):
            self.alerts.add("ten")
            self.alert(words("ten_left"))

    def alert(self, text: str) -> None:
        """Bell, flash and a word on the status line (silent for alerts already past).

        Only while this screen is in front: a referee on another screen is told at 0
        by the app (`TimingConsoleApp.check_countdowns`), once.
        """
        if self.quiet:
            return
        self.say(text)
        if not self.in_front:
            return
        if not self.session.speaker.sounding(self.board.state.key):
            self.app.bell()  # no track is sounding this alert through the speakers
        clock = self.query_one("#clock", Digits)
        clock.add_class("flash")
        if self.flash_timer is not None:
            self.flash_timer.stop()
        self.flash_timer = self.set_timer(FLASH_S, lambda: clock.remove_class("flash"))
