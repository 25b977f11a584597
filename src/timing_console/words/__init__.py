"""The product's words, English and Chinese, in one catalogue with one way to look them up.

Pure (no Textual, no domain imports), so the rules, the store, the command
line, the board, the book and the console all say things the same way. The
tables live by area (`console`, `keys`, `results`, `printed`, ...), merged in
`catalogue`; `Words` looks them up in one language, `Words.pair` in both.
"""

from __future__ import annotations

from timing_console.words.catalogue import ALL_WORDS
from timing_console.words.lang import LANGS, detect_lang
from timing_console.words.lookup import (
    Named,
    Pair,
    Said,
    Words,
    both,
    counted,
    pair,
    say,
    text,
)

__all__ = [
    "ALL_WORDS",
    "LANGS",
    "Named",
    "Pair",
    "Said",
    "Words",
    "both",
    "counted",
    "detect_lang",
    "pair",
    "say",
    "text",
]
