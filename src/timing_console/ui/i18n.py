"""The console's words: the catalogue (`timing_console.words`) as the screens look it up.

Event names always show in both languages (officials read either); everything
else follows `--lang`, defaulting to the locale and English otherwise. The
screens import `Words` from here; the words themselves live in the catalogue,
which the command line, the board and the book share.
"""

from __future__ import annotations

from timing_console.words import Words, detect_lang

__all__ = ["Words", "detect_lang"]
