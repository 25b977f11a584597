"""The speaker a console plays its timing tracks through: a sink, or none, and a mute.

A `Sink` starts a whole track and returns at once: timing never waits for
audio. It reports, from whatever thread it likes, the monotonic time the
track's first sample is heard (`started`), or why it could not play
(`failed`). The console stamps a countdown's start as that time plus the
track's lead, so the start is the beep the field heard, not a key press.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

SOUND_OFF = "声音已关闭（--sound off）· sound off (--sound off)"
"""Why a console started with `--sound off` is silent."""

Started = Callable[[float], None]
"""Told the monotonic time at which the track's first sample is heard."""
Failed = Callable[[str], None]
"""Told why the track could not be played, in words for the referee."""


class Sink(Protocol):
    """Something that plays 16-bit mono PCM now, without blocking its caller."""

    name: str
    """Shown to the referee: `sounddevice (Speakers (Realtek))`, `aplay`, …"""

    def play(self, pcm: bytes, rate: int, started: Started, failed: Failed) -> None:
        """Start playing `pcm` (replacing whatever plays) and return at once.

        `failed` may follow `started` (a player that began, then found no device).
        """

    def stop(self) -> None:
        """Silence now; what was playing is not heard any more."""

    def close(self) -> None:
        """Release the device (the console is closing)."""


@dataclass
class Speaker:
    """The console's speaker: its sink (None: no sound, and why), and a mute the referee keys."""

    sink: Sink | None
    why_silent: str = ""
    """Why there is no sink (`--sound off`, no audio device, …): said once on the programme."""
    muted: bool = False
    playing_for: str | None = None
    """The heat whose track is playing, so only its screen stops it."""

    @property
    def ready(self) -> bool:
        """Whether a track played now would be heard."""
        return self.sink is not None and not self.muted

    def sounding(self, heat: str) -> bool:
        """Whether `heat`'s track is being heard (its alerts need no bell)."""
        return self.ready and self.playing_for == heat

    def play(self, heat: str, pcm: bytes, rate: int, started: Started, failed: Failed) -> None:
        """Play a heat's track (only when `ready`)."""
        if self.sink is None:
            failed(self.why_silent)
            return
        self.playing_for = heat
        self.sink.play(pcm, rate, started, failed)

    def stop(self, heat: str | None = None) -> None:
        """Stop the track playing (for `heat` only, if given)."""
        if self.sink is None or self.playing_for is None:
            return
        if heat is None or heat == self.playing_for:
            self.sink.stop()
            self.playing_for = None

    def toggle_mute(self) -> bool:
        """Mute or unmute; a track playing stops when muted. Returns the new state."""
        self.muted = not self.muted
        if self.muted:
            self.stop()
        return self.muted

    def give_up(self, why: str) -> None:
        """The sink failed: release it and stay silent, saying why, for the rest of the day."""
        sink, self.sink, self.why_silent = self.sink, None, why
        self.playing_for = None
        if sink is not None:
            sink.close()

    def close(self) -> None:
        """Stop and release the device."""
        if self.sink is not None:
            self.stop()
            self.sink.close()

    @classmethod
    def silent(cls, why: str = "") -> Speaker:
        """No sound: the console falls back to the terminal bell and a flash."""
        return cls(None, why)
