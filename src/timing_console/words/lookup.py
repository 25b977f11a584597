"""Looking words up: one language (`Words`), both in the reader's order (`Pair`), a message.

A `Said` is a sentence not yet in any language: a catalogue key and its
parameters. The rules raise them (a refusal, a problem in a day file) and
each screen or command says them in its reader's language. A parameter may
itself be a `Said` or a `Named` (an event's names), said in the same language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from timing_console.words.catalogue import ALL_WORDS
from timing_console.words.lang import LANGS


@dataclass(frozen=True)
class Named:
    """A name the day gives in both languages (an event's), said in the reader's."""

    en: str
    zh: str


@dataclass(frozen=True)
class Said:
    """A sentence by key, with its `{placeholders}` filled in when it is said."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        """In English: what logs and tests read."""
        return say(self, "en")


def counted(n: int, one: str, many: str) -> Said:
    """`n` things, by the key for one or for many (English says them apart)."""
    return Said(one if n == 1 else many, {"n": n})


def text(key: str, lang: str) -> str:
    """The catalogue's text for `key` in `lang`; an unknown key shows as itself."""
    en, zh = ALL_WORDS.get(key, (key, key))
    return zh if lang == "zh" else en


def _param(value: object, lang: str) -> object:
    if isinstance(value, Said):
        return say(value, lang)
    if isinstance(value, Named):
        return value.zh if lang == "zh" else value.en
    return value


def say(message: Said, lang: str) -> str:
    """`message` in `lang`, its parameters said in the same language."""
    return fill(text(message.key, lang), lang, message.params)


def fill(template: str, lang: str, params: Mapping[str, Any]) -> str:
    """`template` with its placeholders filled, each parameter said in `lang`."""
    if not params:
        return template
    return template.format(**{k: _param(v, lang) for k, v in params.items()})


@dataclass(frozen=True)
class Pair:
    """A text in two languages, in the reader's order: `first` large, `second` beside it."""

    first: str
    second: str
    first_lang: str
    second_lang: str

    def __str__(self) -> str:
        """Both on one line, for plain-text places such as a running header."""
        return f"{self.first} {self.second}" if self.second else self.first


def pair(zh: str, en: str, lang: str) -> Pair:
    """`zh` then `en` for a Chinese reader, `en` then `zh` for an English one."""
    if lang == "en":
        return Pair(en, zh, "en", "zh-CN")
    return Pair(zh, en, "zh-CN", "en")


def both(key: str, *, sep: str = " ", **params: Any) -> str:
    """Chinese, then English: for the few marks every reader sees in both languages."""
    return f"{fill(text(key, 'zh'), 'zh', params)}{sep}{fill(text(key, 'en'), 'en', params)}"


class Words:
    """The catalogue in one reader's language: `words("saved")`, `words.pair("place")`."""

    def __init__(self, lang: str) -> None:
        """Refuse a language the catalogue is not written in, rather than show half of it."""
        if lang not in LANGS:
            raise ValueError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
        self.lang = lang

    def __call__(self, key: str, **params: Any) -> str:
        """The word for `key`, formatted; an unknown key shows as itself."""
        return fill(text(key, self.lang), self.lang, params)

    def said(self, message: Said) -> str:
        """A rule's sentence in this language."""
        return say(message, self.lang)

    def refusal(self, exc: Exception) -> str:
        """A refusal (or any error) in this language where it can say itself in one."""
        said = getattr(exc, "said", None)
        return str(said(self.lang)) if callable(said) else str(exc)

    def heat(self, n: int) -> str:
        """'heat 2' / '第2组'."""
        return self("heat_n", n=n)

    def pair(self, key: str, **params: Any) -> Pair:
        """The label `key` in both languages, in this reader's order (the book, the board)."""
        return pair(
            fill(text(key, "zh"), "zh", params), fill(text(key, "en"), "en", params), self.lang
        )

    def of(self, zh: str, en: str) -> Pair:
        """Any two texts (an event's names) in this reader's order."""
        return pair(zh, en, self.lang)
