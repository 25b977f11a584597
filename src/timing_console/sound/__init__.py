"""The console's sound: timing tracks rendered from `rules.signals`, and their speaker.

Sits beside `store/` (an output device, below `ui/`): it never imports
Textual or the web stack, and `ui/` reaches it only through `Session.speaker`.
"""

from __future__ import annotations

from timing_console.sound.speaker import Sink, Speaker
from timing_console.sound.synth import RATE, render, write_wav

__all__ = ["RATE", "Sink", "Speaker", "render", "write_wav"]
