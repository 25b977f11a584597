"""The three counted events: rope skipping, shuttlecock (60 s) and bean moving (120 s).

`space` starts the countdown: with sound, the start signal plays and the
clock starts on its beep (see `starter`); without, on the key's own stamp.
A lane digit adds one to its live tally. At 10 s left and at 0 the clock
flashes (and the bell rings if no track sounds them): alerts from the repaint
tick, never recorded times. At 0 one count field per lane opens; Enter saves
that lane's count and moves to the next lane still open; the screen reads
those keys itself (see `counts`), so typing ahead of the repaint cannot land
in a lane already saved. Until the heat is closed any lane's count can be
retyped: the board keeps the old count and the new one as a change.
"""

from __future__ import annotations

import math
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Digits

from timing_console.model import Attempt, HeatPhase, HeatState, Status
from timing_console.rules.clock import format_clock
from timing_console.rules.heat import HeatError, Stamp, Step, elapsed_ms
from timing_console.rules.results import ParsedResult, check_count
from timing_console.rules.signals import WARNING_LEFT_S
from timing_console.session import Session
from timing_console.ui.counts import NEXT_KEYS, PREVIOUS_KEYS, CountBox, CountEntry
from timing_console.ui.heat_base import LANE_KEYS, HeatScreen, Row

FLASH_S = 1.5
"""How long the clock face stays flashed after an alert."""
CORRECTED = "count corrected"
"""The reason kept with a saved count the referee typed again."""


def time_up(session: Session, state: HeatState) -> bool:
    """Whether a heat is a countdown that is running in this console and has reached 0.

    The same arithmetic as `Board.time_up`, on the stored state alone, so the
    programme and the app can tell without building a board. A heat another
    console left running is not counted: its clock is not anchored here yet.
    """
    if state.phase is not HeatPhase.RUNNING or state.started_mono is None:
        return False
    if state.key in session.interrupted:
        return False
    duration = session.repo.require_day().event(state.event).duration_s
    if duration is None:
        return False
    return elapsed_ms(state.started_mono, session.now()) >= duration * 1000


class CountdownScreen(HeatScreen):
    """A counted heat against a countdown."""

    CSS_PATH = "countdown.tcss"
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
        self.fields_open = False
        self.alerts: set[str] = set()
        """Alerts already given for the run started at `alerts_origin`."""
        self.alerts_origin: float | None = None
        self.quiet = True
        """Until the first repaint: alerts already past when the screen opens stay silent."""
        self.flash_timer: Timer | None = None
        self.entry = CountEntry()
        """The counts being typed once time is up."""
        self.footer_entering = False
        """Whether the footer was last drawn for typing counts (backspace edits, not undo)."""

    # ----- layout --------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        """The lanes table, then one count field per lane (hidden until 0)."""
        yield from super().compose_body()
        lineup = self.session.repo.require_day().lineup(self.event_id, self.heat)
        words = self.words
        with Horizontal(id="counts"):
            for entry in lineup:
                yield CountBox(entry.lane, f"{words('lane')} {entry.lane}")

    @property
    def duration_s(self) -> int:
        """The countdown's length, from the event (a day file may override it)."""
        return self.board.spec.duration_s or 0

    def fields(self) -> dict[int, CountBox]:
        """The count boxes by lane, in lane order."""
        return {box.lane: box for box in self.query(CountBox).results(CountBox)}

    @property
    def entering(self) -> bool:
        """Whether count keys go to a lane's box now."""
        return self.fields_open and self.entry.current is not None

    def opened(self) -> None:
        """Before the start, say when there is no sound: the referee starts by key and calls it."""
        speaker = self.session.speaker
        if not (speaker.ready or self.board.running or self.board.state.phase is HeatPhase.DONE):
            self.say(self.words("silent_start", why=speaker.why_silent or self.words("muted")))

    # ----- keys ----------------------------------------------------------------

    def prefix_refusal(self, what: str) -> str | None:
        """DNS before the start, DNF while it runs (at 0 too); no marks in a count."""
        refused = super().prefix_refusal(what)
        if refused is not None:
            return refused
        name = self.mark_name(what)
        if what == "DNS":
            return self.words("only_before_start", what=name) if self.board.running else None
        if what != "DNF":
            return self.no_mark(what)
        return None if self.board.running else self.words("only_running", what=name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While counts are typed, backspace edits the count: no undo in the footer."""
        return not (action == "undo" and self.entering)

    def on_key(self, event: events.Key) -> None:
        """Once time is up, count keys fill the boxes, in the order they were typed."""
        if self.pending is None and self.entering and self.count_key(event):
            self.consume(event)
            return
        super().on_key(event)

    def count_key(self, event: events.Key) -> bool:
        """Typing, Enter and moving between lanes; True if the key was one of them."""
        key = event.key
        if key == "enter":
            self.save_count()  # a saved count repaints through `show_board`
            return True
        if key in NEXT_KEYS or key in PREVIOUS_KEYS:
            self.entry.move(self.count_lanes(), 1 if key in NEXT_KEYS else -1)
        elif key == "space":
            pass  # the countdown is over: a stray gun key does nothing here
        elif not self.entry.edit(key, event.character):
            return False
        self.paint_fields()
        return True

    def timing_key(self, key: str, stamp: Stamp) -> bool:
        """`space` starts; a lane digit tallies while the countdown runs."""
        if key == "space":
            if self.session.speaker.ready and not self.board.running:
                self.starter.begin()  # the start is the beep's, not this key's
            else:
                self.step(lambda: self.board.start(stamp, self.session.boot))
            return True
        if len(key) == 1 and key in LANE_KEYS:
            if self.fields_open:
                return False
            self.step(lambda: self.board.tally(int(key), stamp))
            return True
        return False

    def prefixed(self, what: str, lane: int, stamp: Stamp) -> None:
        """DNS before the start, DNF while counting."""
        if what == "DNF":
            self.step(lambda: self.board.dnf(lane, stamp))
        else:
            self.step(lambda: self.board.dns(lane, stamp))

    def save_count(self) -> None:
        """Save the current lane's count (or its new count), then go on to a lane still open.

        A saved lane that was not typed over, or was typed to the same count, saves
        nothing. The board refuses a count before 0 or one no human makes.
        """
        lane = self.entry.current
        if lane is None:
            return
        words = self.words
        value = self.value(lane)
        text = self.entry.text(lane)
        saved = not self.lane_open(lane) and (lane not in self.entry.edited or text == value)
        if saved and text:
            self.entry.saved(lane, self.open_lanes())
            self.entry.refresh(self.values())
            self.paint_fields()
            return
        try:
            count = int(text)
        except ValueError:
            self.say(f"{words('lane')} {lane}: {words('count')}?", error=True)
            return
        if self.step(lambda: self.count_step(lane, count, self.now_stamp())):
            self.entry.saved(lane, self.open_lanes())
            self.entry.refresh(self.values())  # "007" saved shows as the 7 it is
            self.paint_fields()

    def count_step(self, lane: int, count: int, stamp: Stamp) -> Step:
        """A lane's final count; over a result it already has, a correction kept in history.

        The board's `set_count` takes only a lane still counting ("lane N already
        has a result (OK)" otherwise), so a lane with a result is corrected through
        `enter`, which keeps the old result and the new one as a change.
        """
        try:
            return self.board.set_count(lane, count, stamp)
        except HeatError:
            attempt = self.board.lanes.get(lane)
            if attempt is None or attempt.status is None:
                raise
        check_count(self.board.spec, count)
        result = ParsedResult(Status.OK, count=count)
        return self.board.enter(lane, result, stamp, reason=CORRECTED, source="console")

    # ----- count fields --------------------------------------------------------

    def open_lanes(self) -> list[int]:
        """Lanes still needing a count, in lane order."""
        return [e.lane for e in self.board.lineup if self.lane_open(e.lane)]

    def count_lanes(self) -> list[int]:
        """Every lane of the heat, saved or not: any count can be typed again until closing."""
        return [e.lane for e in self.board.lineup]

    def values(self) -> dict[int, str]:
        """Every lane's value, as its box shows it when nothing is typed over it."""
        return {lane: self.value(lane) for lane in self.count_lanes()}

    def value(self, lane: int) -> str:
        """What a lane's box shows before anything is typed: its count, or its live tally."""
        attempt = self.board.lanes.get(lane)
        if attempt is None or attempt.count is None or attempt.status not in (None, Status.OK):
            return ""
        return str(attempt.count)

    def lane_open(self, lane: int) -> bool:
        """Whether a lane still needs its count in the current run."""
        attempt = self.board.lanes.get(lane)
        return (
            attempt is not None and attempt.status is None and attempt.run == self.board.state.run
        )

    def open_fields(self) -> None:
        """At 0: show the count fields, pre-filled with the tallies, the first open lane first."""
        self.fields_open = True
        self.query_one("#counts").display = True
        self.entry.reset(self.values(), self.open_lanes() or self.count_lanes())
        self.paint_fields()

    def close_fields(self) -> None:
        """Hide the fields (before the start, after a re-run or once closed)."""
        self.fields_open = False
        self.query_one("#counts").display = False
        self.entry.clear()
        self.paint_fields()

    def paint_fields(self) -> None:
        """Each box: its saved count, its status, or what is typed (current lane marked)."""
        words = self.words
        for lane, box in self.fields().items():
            attempt = self.board.lanes.get(lane)
            placeholder = words("count")
            if attempt is not None and attempt.status not in (None, Status.OK):
                placeholder = attempt.status.value
            box.show(
                self.entry.text(lane) if self.fields_open else self.value(lane),
                placeholder=placeholder,
                current=self.fields_open and lane == self.entry.current,
                open_=self.lane_open(lane),
            )
        if self.footer_entering is not self.entering:
            self.footer_entering = self.entering
            self.refresh_bindings()

    # ----- board and clock -----------------------------------------------------

    def show_board(self) -> None:
        """Repaint lanes and clock; keep the fields in step with the board."""
        if self.fields_open:
            self.entry.refresh(self.values())
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

    def correcting(self) -> bool:
        """A heat re-opened to correct its counts: the fields are open to type them again."""
        state = self.board.state
        return (
            state.phase is HeatPhase.READY
            and state.reopened > 0
            and any(a.status is not None for a in self.board.lanes.values())
        )

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
        """Each alert once per run; at 0 the count fields open."""
        if not self.board.running:
            self.alerts_origin = None
            if self.fields_open and not self.correcting():
                self.close_fields()
            elif self.correcting() and not self.fields_open:
                self.open_fields()
            return
        if self.board.state.started_mono != self.alerts_origin:
            self.alerts_origin = self.board.state.started_mono
            self.alerts = set()
        words = self.words
        if self.counting_over():
            if "zero" not in self.alerts:
                self.alerts |= {"ten", "zero"}
                self.alert(words("time_up"))
            if not self.fields_open:
                self.open_fields()
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
        if not self.is_current:
            return
        if not self.session.speaker.sounding(self.board.state.key):
            self.app.bell()  # no track is sounding this alert through the speakers
        clock = self.query_one("#clock", Digits)
        clock.add_class("flash")
        if self.flash_timer is not None:
            self.flash_timer.stop()
        self.flash_timer = self.set_timer(FLASH_S, lambda: clock.remove_class("flash"))

    # ----- closing -------------------------------------------------------------

    def open_lanes_question(self) -> str | None:
        """Ask before closing while any lane has no count."""
        missing = [e.lane for e in self.board.lineup if e.lane not in self.board.lanes]
        if self.board.live_lanes() or missing:
            return self.words("close_missing")
        return None
