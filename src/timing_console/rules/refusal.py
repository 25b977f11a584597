"""A refusal the referee reads: one line, in English and in Chinese.

`str()` is the English (the command line's language and the logs'); `said(lang)`
gives the console's language, so a Chinese console never answers a slip in
English. Whatever the referee typed is quoted escaped, so a line break or a
control character typed into a field cannot break the status line.
"""

from __future__ import annotations


def one_line(text: str) -> str:
    """The text with anything unprintable shown escaped."""
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )


class Refusal(ValueError):
    """An action or an entry refused, with what to say in each language."""

    def __init__(self, message: str, zh: str = "") -> None:
        """English first (as `str()`); `zh` may be left out where no referee sees it."""
        super().__init__(one_line(message))
        self.zh = one_line(zh)

    def said(self, lang: str) -> str:
        """The refusal in the console's language (Chinese where it has one)."""
        return self.zh if lang == "zh" and self.zh else str(self)
