"""Errors the store raises: each one sentence that names the file, by catalogue key.

Like the rules' refusals, an error carries a key and its parameters
(`words.errors`), not a sentence: `str()` is its English (the logs' and the
tests'), `said(lang)` the reader's language, so the command line under a
Chinese locale says a damaged or missing day in Chinese.
"""

from __future__ import annotations

from typing import Any

from timing_console.words import Said, say


class StoreError(Exception):
    """The day's files cannot be opened, read or written as asked.

    `key` is a catalogue key; a text that is no key says itself in every
    language (an error's own text, such as one rebuilt from its English).
    """

    def __init__(self, key: str, /, **params: Any) -> None:
        """The sentence by key; `str()` is its English."""
        self.message = Said(key, params)
        super().__init__(say(self.message, "en"))

    def said(self, lang: str) -> str:
        """The error in `lang` (`zh` or `en`)."""
        return say(self.message, lang)


class StoreLocked(StoreError):
    """Another process has this day open for writing."""


class StaleWrite(StoreError):
    """A write computed from a version of the day older than the store's: nothing was saved.

    The writer did not see the latest save (another screen's correction, a merged
    station's record), so it must read the heat again and decide afresh.
    """
