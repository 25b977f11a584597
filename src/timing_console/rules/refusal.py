"""A refusal the referee reads: one line, by key, said in the reader's language.

The rules raise a catalogue key and its parameters (`words.refusals`), never a
sentence: `str()` is the English (the logs' and tests'), `said(lang)` the
console's or the command line's language, so a Chinese console never answers
a slip in English. Whatever the referee typed is quoted escaped, so a line
break or a control character typed into a field cannot break the status line.
"""

from __future__ import annotations

from typing import Any

from timing_console.model import EventSpec
from timing_console.words import Named, Said, say


def one_line(text: str) -> str:
    """The text with anything unprintable shown escaped."""
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )


def event_named(spec: EventSpec) -> Named:
    """An event as a refusal names it: both names in English, the Chinese one in Chinese."""
    return Named(spec.label, spec.zh)


class Refusal(ValueError):
    """An action or an entry refused, as a catalogue key and its parameters."""

    def __init__(self, key: str, **params: Any) -> None:
        """The sentence by key; `str()` is its English."""
        self.message = Said(key, params)
        super().__init__(self.said("en"))

    def said(self, lang: str) -> str:
        """The refusal in `lang` (`zh` or `en`), on one line."""
        return one_line(say(self.message, lang))
