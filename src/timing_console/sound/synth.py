"""Timing tracks as sound: 16-bit mono PCM rendered from a signal schedule, and WAV files.

Pure Python (the standard library's `array` and `wave`): a tone is a sine
with 5 ms fades, so it starts without a click yet rises within the 5 ms the
track's tests allow; silence is zero bytes, so a two-minute track costs a few
milliseconds to build, most of it the tones themselves (cached per tone).
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import wave
from array import array
from functools import lru_cache
from pathlib import Path

from timing_console.oscompat import replace, set_path_mode
from timing_console.rules.heat.signals import Tone, lead_s, track_length_s

RATE = 22_050
"""Samples per second: plenty for tones under 2 kHz, and half the bytes of CD rate."""
LEVEL = 0.7
"""Peak level of a tone, of full scale: loud, without clipping the PA."""
FADE_S = 0.005
"""Fade in and out, so a tone starts and stops without a click."""
TAIL_S = 0.25
"""Silence after the last tone, so no player cuts its end short."""


@lru_cache(maxsize=32)
def _tone(length_s: float, freq_hz: float, rate: int) -> bytes:
    n = round(length_s * rate)
    fade = max(1, round(FADE_S * rate))
    peak = LEVEL * 32767
    samples = array("h", bytes(2 * n))
    step = 2 * math.pi * freq_hz / rate
    for i in range(n):
        edge = min(i, n - 1 - i)
        gain = 1.0 if edge >= fade else 0.5 - 0.5 * math.cos(math.pi * edge / fade)
        samples[i] = round(peak * gain * math.sin(step * i))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tobytes()


def render(tones: tuple[Tone, ...], rate: int = RATE) -> bytes:
    """The whole track as little-endian 16-bit mono PCM; sample 0 is `lead_s` before the beep."""
    lead = lead_s(tones)
    total = round((track_length_s(tones) + TAIL_S) * rate)
    pcm = bytearray(2 * total)
    for tone in sorted(tones, key=lambda t: t.at_s):
        at = 2 * round((tone.at_s + lead) * rate)
        sound = _tone(tone.length_s, tone.freq_hz, rate)
        pcm[at : at + len(sound)] = sound
    return bytes(pcm)


def write_wav(path: Path, pcm: bytes, rate: int = RATE) -> None:
    """Write a mono 16-bit WAV atomically (a temporary file renamed over `path`), mode 644."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw, wave.open(raw, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(pcm)
        set_path_mode(Path(tmp), 0o644)
        replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
