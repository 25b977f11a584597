"""The three counted events: rope skipping, shuttlecock (60 s) and bean moving (120 s).

`space` starts the countdown (stamped with the key's own time); during it a
lane digit adds one to that lane's live tally. At 10 s left and at 0 the
terminal bell rings and the clock flashes: these are alerts from the repaint
tick, never recorded times. At 0 one count field per lane opens; Enter saves
that lane's count and moves to the next lane; the screen reads those keys
itself (see `counts`), so typing ahead of the repaint cannot land in a lane
already saved.
"""

from __future__ import annotations

import math
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Digits

from timing_console.model import Attempt, Status
from timing_console.rules.clock import format_clock
from timing_console.rules.heat import Stamp
from timing_console.session import Session
from timing_console.ui.counts import NEXT_KEYS, PREVIOUS_KEYS, CountBox, CountEntry
from timing_console.ui.heat_base import LANE_KEYS, HeatScreen, Row

TEN_LEFT_S = 10.0
"""When the first alert goes: the athletes hear the last ten seconds coming."""
FLASH_S = 1.5
"""How long the clock face stays flashed after an alert."""


class CountdownScreen(HeatScreen):
    """A counted heat against a countdown."""

    CSS_PATH = "countdown.tcss"
    HELP_TITLE = "Countdown · 计时计数"
    PREFIXES: ClassVar[dict[str, str]] = {"n": "DNS", "d": "DNF"}
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

    # ----- keys ----------------------------------------------------------------

    def accepts(self, key: str) -> bool:
        """No DNS/DNF prefix while counts are typed: its lane digit belongs to the count."""
        return not self.entering

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
            self.entry.move(self.open_lanes(), 1 if key in NEXT_KEYS else -1)
        elif key == "space":
            pass  # the countdown is over: a stray gun key does nothing here
        elif not self.entry.edit(key, event.character):
            return False
        self.paint_fields()
        return True

    def timing_key(self, key: str, stamp: Stamp) -> bool:
        """`space` starts; a lane digit tallies while the countdown runs."""
        if key == "space":
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
        """Save the current lane's count; the board refuses it before 0 or if impossible."""
        lane = self.entry.current
        if lane is None:
            return
        words = self.words
        try:
            count = int(self.entry.text(lane))
        except ValueError:
            self.say(f"{words('lane')} {lane}: {words('count')}?", error=True)
            return
        self.step(lambda: self.board.set_count(lane, count, self.now_stamp()))

    # ----- count fields --------------------------------------------------------

    def open_lanes(self) -> list[int]:
        """Lanes still needing a count, in lane order."""
        return [e.lane for e in self.board.lineup if self.lane_open(e.lane)]

    def lane_open(self, lane: int) -> bool:
        """Whether a lane still needs its count in the current run."""
        attempt = self.board.lanes.get(lane)
        return (
            attempt is not None and attempt.status is None and attempt.run == self.board.state.run
        )

    def open_fields(self) -> None:
        """At 0: show the count fields, pre-filled with the tallies, lane 1 first."""
        self.fields_open = True
        self.query_one("#counts").display = True
        tallies = {
            lane: str(attempt.count) for lane, attempt in self.board.lanes.items() if attempt.count
        }
        self.entry.reset(tallies, self.open_lanes())
        self.paint_fields()

    def close_fields(self) -> None:
        """Hide the fields (before the start, after a re-run or once closed)."""
        self.fields_open = False
        self.query_one("#counts").display = False
        self.entry.clear()
        self.paint_fields()

    def sync_fields(self) -> None:
        """After a save, an undo or a DNF: keys go to a lane still open."""
        self.entry.follow(self.open_lanes())
        self.paint_fields()

    def paint_fields(self) -> None:
        """Each box: its saved count, its status, or what is typed (current lane marked)."""
        words = self.words
        for lane, box in self.fields().items():
            attempt = self.board.lanes.get(lane)
            placeholder, text, open_ = words("count"), "", self.lane_open(lane)
            if open_:
                text = self.entry.text(lane)
            elif attempt is not None and attempt.status is Status.OK and attempt.count is not None:
                text = str(attempt.count)
            elif attempt is not None and attempt.status is not None:
                placeholder = attempt.status.value
            box.show(
                text,
                placeholder=placeholder,
                current=open_ and self.fields_open and lane == self.entry.current,
                open_=open_,
            )
        if self.footer_entering is not self.entering:
            self.footer_entering = self.entering
            self.refresh_bindings()

    # ----- board and clock -----------------------------------------------------

    def show_board(self) -> None:
        """Repaint lanes and clock; keep the fields in step with the board."""
        if self.fields_open:
            self.sync_fields()
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
        """Time left, rounded up to the tenth: it reads 0:00.0 only once time is up."""
        if self.counting_over():
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
        """Each alert once per run; at 0 the count fields open."""
        if not self.board.running:
            self.alerts_origin = None
            if self.fields_open:
                self.close_fields()
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
            and self.clock.remaining(self.board.state, self.duration_s) <= TEN_LEFT_S
        ):
            self.alerts.add("ten")
            self.alert(words("ten_left"))

    def alert(self, text: str) -> None:
        """Bell, flash and a word on the status line (silent for alerts already past)."""
        if self.quiet:
            return
        self.app.bell()
        self.say(text)
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
