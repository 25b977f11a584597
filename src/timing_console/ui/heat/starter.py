"""A heat started by its start signal: the cadence plays, and the heat starts on the beep.

The key that asks for the signal (`space` on a countdown, `g` on a race)
records nothing. The speaker reports when the track's first sample is heard;
the start beep is `lead_s` after that, and that instant is the heat's start
stamp: the minute counted is the one the athletes heard, whatever the
referee's reaction. The start is saved as soon as the beep has sounded (a
timer, the repaint tick, or the next key, whichever comes first), never
before: `escape` until then stops the sound and nothing is recorded.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol

from textual.timer import Timer

from timing_console.rules.heat.keys import Intent
from timing_console.rules.heat.machine import HeatError, HeatMachine, Stamp
from timing_console.rules.heat.signals import lead_s, schedule
from timing_console.session import Session
from timing_console.sound.synth import RATE, render
from timing_console.words import Words

NO_START_S = 2.0
"""How long the speaker may take to report its first sample before the start is given up."""


class StartingScreen(Protocol):
    """What a starter needs of the heat screen it starts (the heat screen is one)."""

    session: Session
    words: Words

    @property
    def board(self) -> HeatMachine:
        """The heat as the store holds it now."""
        ...

    def now_stamp(self) -> Stamp:
        """Now, as a key's stamp."""
        ...

    def perform(self, intent: Intent) -> bool:
        """Do what a key meant; whether it was saved."""
        ...

    def say(self, text: str, *, error: bool = False) -> None:
        """Show one line to the referee."""
        ...

    def run_worker(self, work: Callable[[], bytes], *, thread: bool, exit_on_error: bool) -> Any:
        """Textual's worker: render the track off the event loop."""
        ...

    def set_timer(self, delay: float, callback: Callable[[], None]) -> Timer:
        """Textual's timer: catch up at the beep."""
        ...


class Starter:
    """One heat screen's start signal: idle, waiting for the sound, or counting to the beep."""

    def __init__(self, screen: StartingScreen) -> None:
        """Idle; the track is rendered on first use."""
        self.screen = screen
        self.asked_at: float | None = None
        """When the signal was asked for (None: idle)."""
        self.beep_at: float | None = None
        """Monotonic time of the start beep, once the speaker said when the track began."""
        self.timer: Timer | None = None
        self._track: bytes | None = None

    @property
    def active(self) -> bool:
        """Whether a start signal is playing and the heat has not started on it yet."""
        return self.asked_at is not None

    def track(self) -> bytes:
        """The heat's whole track: cadence, start beep and, for a countdown, warning and end."""
        if self._track is None:
            self._track = render(schedule(self.screen.board.spec))
        return self._track

    def prepare(self) -> None:
        """Render the track off the event loop while the heat is on screen (the first
        render synthesises the tones: tens of ms of pure Python)."""
        if self.screen.session.speaker.ready and schedule(self.screen.board.spec):
            self.screen.run_worker(self.track, thread=True, exit_on_error=False)

    def begin(self) -> bool:
        """Play the track if the heat could start now; False (and why, said) if not."""
        screen = self.screen
        session = screen.session
        try:
            screen.board.start(screen.now_stamp(), session.boot)  # a check only: nothing saved
        except HeatError as exc:
            screen.say(screen.words.refusal(exc), error=True)
            return False
        loop = asyncio.get_running_loop()
        self.asked_at = asked = session.now()
        self.beep_at = None
        screen.say(screen.words("signal_playing"))

        def started(first: float) -> None:  # the speaker's thread, or this one
            loop.call_soon_threadsafe(self.heard, first, asked)

        def failed(why: str) -> None:
            loop.call_soon_threadsafe(self.failed, why, asked)

        session.speaker.play(screen.board.state.key, self.track(), RATE, started, failed)
        return True

    def heard(self, first: float, asked_at: float) -> None:
        """The speaker began the track at `first`: the beep is due `lead_s` later."""
        if asked_at != self.asked_at:
            return  # a signal already stopped
        self.beep_at = first + lead_s(schedule(self.screen.board.spec))
        delay = max(0.0, self.beep_at - self.screen.session.now())
        self.timer = self.screen.set_timer(delay, self.catch_up)

    def failed(self, why: str, asked_at: float) -> None:
        """The speaker could not play: give the start back to the key, and say why."""
        if asked_at != self.asked_at:
            return
        self.reset()
        self.screen.session.speaker.give_up(why)
        self.screen.say(self.screen.words("sound_failed", why=why), error=True)

    def catch_up(self, now: float | None = None) -> None:
        """Start the heat on the beep once it has sounded; give up on a speaker that never began."""
        if self.asked_at is None:
            return
        now = self.screen.session.now() if now is None else now
        if self.beep_at is None:
            if now - self.asked_at > NO_START_S:
                self.screen.session.speaker.stop(self.screen.board.state.key)
                self.failed(self.screen.words("speaker_silent"), self.asked_at)
            return
        if now < self.beep_at:
            return
        screen = self.screen
        stamp = screen.session.stamp(self.beep_at)
        self.reset()
        if screen.perform(Intent("start", stamp)):
            screen.say(screen.words("started_on_beep"))

    def abort(self) -> None:
        """`escape` before the beep: the sound stops and nothing is recorded."""
        if self.asked_at is None:
            return
        self.screen.session.speaker.stop(self.screen.board.state.key)
        self.reset()
        self.screen.say(self.screen.words("signal_stopped"))

    def reset(self) -> None:
        """Back to idle."""
        self.asked_at = self.beep_at = None
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
