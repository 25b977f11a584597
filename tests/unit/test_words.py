"""The catalogue of words: every key in both languages, said the same way in each."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from timing_console.words import ALL_WORDS, Named, Said, Words, say
from timing_console.words.catalogue import merged

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def fields(text: str) -> set[str]:
    """The `{placeholders}` a text fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(ALL_WORDS))
def test_every_word_is_in_both_languages(key: str) -> None:
    en, zh = ALL_WORDS[key]
    assert en.strip() and zh.strip(), key
    assert en != zh, key
    assert CJK.search(zh), f"{key}: the Chinese has no Chinese in it: {zh!r}"
    assert fields(en) == fields(zh), key


def test_english_comes_first_in_every_entry() -> None:
    """One order: an entry whose English side is mostly Chinese was written backwards."""
    backwards = [k for k, (en, _) in ALL_WORDS.items() if len(CJK.findall(en)) * 2 > len(en)]
    assert backwards == []


def test_a_key_defined_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="'place' is defined in both a and b"):
        merged({"a": {"place": ("Place", "名次")}, "b": {"place": ("Rank", "名次")}})


def test_a_sentence_is_said_in_the_readers_language_with_its_parameters() -> None:
    message = Said("heat_n", {"n": 3})
    assert Words("zh").said(message) == "第3组" and str(message) == "heat 3"
    nested = Said("digit_ignored", {"digit": "4", "why": Said("heat_closed")})
    assert say(nested, "zh") == "4 未记录：本组已结束"
    assert Words("en")("which_lane", what=Named("Finish", "到达")) == "Finish: which lane?"


def test_a_pair_is_in_the_readers_order() -> None:
    assert (Words("zh").pair("place").first, Words("en").pair("place").first) == ("名次", "Place")


PACKAGE = Path(__file__).resolve().parents[2] / "src" / "timing_console"


def keys_asked_for(source: str) -> list[tuple[int, str]]:
    """Every `words("key", ...)` / `self.words("key", ...)` with a literal key in `source`."""
    asked = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func, first = node.func, node.args[0]
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name == "words" and isinstance(first, ast.Constant) and isinstance(first.value, str):
            asked.append((node.lineno, first.value))
    return asked


def test_the_scan_finds_a_key_asked_for() -> None:
    source = 'def f(self, words):\n    words("saved")\n    self.words("gone", n=1)\n'
    assert keys_asked_for(source) == [(2, "saved"), (3, "gone")]


def test_every_key_a_screen_or_command_asks_for_is_in_the_catalogue() -> None:
    """A missing key is shown as itself ("no_results_line" once headed the standings)."""
    missing = [
        f"{path.relative_to(PACKAGE).as_posix()}:{line}: {key}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, key in keys_asked_for(path.read_text(encoding="utf-8"))
        if key not in ALL_WORDS
    ]
    assert missing == []
