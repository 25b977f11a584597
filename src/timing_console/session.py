"""What the console's screens work with: the open day, the language and the clocks.

The app builds one `Session` and hands it to every screen it opens, so a screen
never needs the app itself: a test can build a screen on any day and clock, and
nothing here loads Textual. Time sources are injectable so tests run on a fake
clock: `now` drives only what the clock face shows, while every recorded time
comes from a key event's own monotonic stamp (`event.time`) through `stamp`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from timing_console.model import HeatPhase, HeatState
from timing_console.rules.heat.clock import anchored
from timing_console.rules.heat.machine import Stamp
from timing_console.sound.speaker import Speaker
from timing_console.stations.link import Link
from timing_console.stations.view import DayView


@dataclass
class Session:
    """One console's day, language and time sources."""

    view: DayView
    """The open day."""
    lang: str = "en"
    """`zh` or `en`: the language of everything but event names."""
    now: Callable[[], float] = time.monotonic
    """Monotonic seconds, for the clock face and for steps no key started."""
    wall: Callable[[], float] = time.time
    """Epoch seconds, only to label records and to resume a heat after a reboot."""
    boot: str | None = None
    """This machine's boot id: a stored monotonic start means something only within it."""
    interrupted: set[str] = field(default_factory=set)
    """Keys of heats a previous console left running; a heat leaves the set once reopened."""
    speaker: Speaker = field(default_factory=Speaker.silent)
    """Where start cadences, warnings and end signals are played (silent: bell and flash)."""
    link: Link | None = None
    """The push to the desk, when the console was started with `--push`."""
    saves_aside: bool = True
    """A heat screen's keys wait for their fsync in a worker thread (`HeatDesk.press_soon`)."""

    @classmethod
    def open(
        cls,
        view: DayView,
        lang: str,
        *,
        now: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        boot: str | None = None,
        speaker: Speaker | None = None,
    ) -> Session:
        """A session on `view`: every heat it finds running was left so by another console
        (on a day only watched, the console that holds it is running them)."""
        interrupted = set() if view.readonly else {h.key for h in view.interrupted()}
        return cls(view, lang, now, wall, boot, interrupted, speaker or Speaker.silent())

    @property
    def read_only(self) -> bool:
        """Whether this console only watches a day another console holds (`--read-only`):
        it saves nothing, and draws a running heat's clock from the start stored there."""
        return self.view.readonly

    def as_drawn(self, state: HeatState) -> HeatState:
        """A heat's state as this console draws its clock: on a day only watched, a run the
        other console started on another machine is counted from its wall-clock start."""
        if not self.read_only:
            return state
        now = self.now()
        return anchored(state, now, now + self.wall_offset, self.boot)

    @cached_property
    def wall_offset(self) -> float:
        """Epoch seconds at monotonic 0, as this console first read both clocks: a run
        counted from its wall-clock start has then one origin at every read (a screen
        that reads its heat again does not take it for a new run)."""
        return self.wall() - self.now()

    def stamp(self, mono: float) -> Stamp:
        """A stamp for a key pressed at monotonic time `mono` (its `event.time`)."""
        return Stamp(mono=mono, wall=self.wall() - (self.now() - mono))

    def now_stamp(self) -> Stamp:
        """A stamp for work no key started (resuming, closing after a question)."""
        return self.stamp(self.now())

    def unsent(self) -> int:
        """Records saved here that the desk has not acknowledged (0 without `--push`): what
        the link last said it holds, or, past what the desk acknowledged, this station's
        later saves (a link that stopped reporting still leaves them counted)."""
        if self.link is None:
            return 0
        state = self.link.status()
        return max(state.pending, self.view.seq - state.acked, 0)

    def heat_running(self) -> bool:
        """Whether a heat's clock is running in this console (interrupted ones are not, nor
        those of the console a read-only one watches)."""
        return not self.read_only and any(
            h.phase is HeatPhase.RUNNING and h.key not in self.interrupted
            for h in self.view.heat_states().values()
        )
