"""Hear a WAV by analysis, not by ear: read it back and find where its beeps sit.

The track tests check the samples the organisers will play, so the truth is
found in the file itself with the standard library (`wave`, `array`): a beep
begins at the first loud sample after a stretch of silence and ends at the
last loud one before the next, and its pitch is counted from zero crossings.
"""

from __future__ import annotations

import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

THRESHOLD = 0.02
"""Loud: above 2 % of full scale. A tone's 5 ms fade passes this in well under a millisecond."""
QUIET_S = 0.05
"""Silence this long separates two beeps: shorter than any gap of a track (the warning's
two pips are 150 ms apart), far longer than a sine spends near a zero crossing."""


@dataclass(frozen=True)
class Wav:
    """A WAV file's format and its samples (16-bit, as ints)."""

    channels: int
    sample_width: int
    rate: int
    samples: array[int]

    @property
    def seconds(self) -> float:
        """Its length in seconds."""
        return len(self.samples) / self.rate


@dataclass(frozen=True)
class Burst:
    """One beep found in the samples: first and last loud sample, and its pitch."""

    first: int
    last: int
    freq_hz: float
    rate: int

    @property
    def onset_s(self) -> float:
        """When it starts, in seconds from the file's first sample."""
        return self.first / self.rate

    @property
    def length_s(self) -> float:
        """How long it is loud."""
        return (self.last + 1 - self.first) / self.rate


def read_wav(path: Path) -> Wav:
    """Read a 16-bit WAV (any channel count) as its format and samples."""
    with wave.open(str(path), "rb") as wav:
        channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
        frames = wav.readframes(wav.getnframes())
    samples = array("h")
    if width == 2:
        samples.frombytes(frames)
        if sys.byteorder == "big":
            samples.byteswap()
    return Wav(channels, width, rate, samples)


def loud_runs(
    samples: array[int], rate: int, *, threshold: float = THRESHOLD, quiet_s: float = QUIET_S
) -> list[tuple[int, int]]:
    """(first, last) loud sample of each beep: loud samples with less than `quiet_s` between.

    The file's start counts as silence, so a track that opens on a beep has an
    onset at its first loud sample.
    """
    level = threshold * 32767
    gap = max(1, round(quiet_s * rate))
    runs: list[tuple[int, int]] = []
    first = last = -1
    for i, value in enumerate(samples):
        if abs(value) <= level:
            continue
        if first < 0 or i - last > gap:
            if first >= 0:
                runs.append((first, last))
            first = i
        last = i
    if first >= 0:
        runs.append((first, last))
    return runs


def frequency_hz(samples: array[int], rate: int, first: int, last: int) -> float:
    """A beep's pitch from its rising zero crossings: cycles over the time they span."""
    rises = [i for i in range(first + 1, last + 1) if samples[i - 1] < 0 <= samples[i]]
    if len(rises) < 2:
        return 0.0
    return (len(rises) - 1) * rate / (rises[-1] - rises[0])


def bursts(wav: Wav, **kwargs: float) -> list[Burst]:
    """Every beep of a mono track, in time order, with its pitch."""
    return [
        Burst(first, last, frequency_hz(wav.samples, wav.rate, first, last), wav.rate)
        for first, last in loud_runs(wav.samples, wav.rate, **kwargs)
    ]
