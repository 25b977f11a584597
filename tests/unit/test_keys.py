"""Every key the console describes has its words in both languages, found by id."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import timing_console.ui
from timing_console.app import TimingConsoleApp
from timing_console.ui.keys import bindings_of, localised
from timing_console.words.keys import BINDING_TEXT, HELP_TEXT


def console_classes() -> list[type[DOMNode]]:
    """The app and every screen and widget class defined in ui/ and its folders."""
    found: dict[str, type[DOMNode]] = {"app": TimingConsoleApp}
    for info in pkgutil.walk_packages(timing_console.ui.__path__, "timing_console.ui."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, DOMNode)
                and value.__module__ == module.__name__
            ):
                found[f"{module.__name__}.{name}"] = value
    return list(found.values())


CLASSES = console_classes()
OWN_BINDINGS = [
    (cls, binding)
    for cls in CLASSES
    for binding in Binding.make_bindings(vars(cls).get("BINDINGS", ()))
]


def test_the_screens_are_all_found():
    names = {cls.__name__ for cls in CLASSES}
    assert {"RaceScreen", "ProgrammeScreen", "HelpScreen", "ConfirmScreen"} <= names
    assert len(OWN_BINDINGS) > 20


@pytest.mark.parametrize(("cls", "binding"), OWN_BINDINGS, ids=lambda x: getattr(x, "key", ""))
def test_every_binding_has_an_id_with_english_and_chinese_text(cls, binding):
    assert binding.id in BINDING_TEXT, f"{cls.__name__} {binding.key}"
    english, chinese = BINDING_TEXT[binding.id]
    assert english and chinese and english != chinese
    assert binding.description == english, "declared in English, translated by `localised`"


def test_every_timing_key_has_english_and_chinese_help():
    keyed = [cls for cls in CLASSES if getattr(cls, "TIMING_KEYS", [])]
    assert {"RaceScreen", "CountdownScreen", "FreeThrowScreen"} <= {c.__name__ for c in keyed}
    for cls in keyed:
        for key, help_id in cls.TIMING_KEYS:  # type: ignore[attr-defined]
            assert help_id in HELP_TEXT, f"{cls.__name__} {key}"
            english, chinese = HELP_TEXT[help_id]
            assert english and chinese and english != chinese


@pytest.mark.parametrize("cls", [c for c in CLASSES if bindings_of(c)], ids=lambda c: c.__name__)
def test_localised_screens_describe_every_key_in_chinese_and_keep_the_order(cls):
    chinese = localised(cls, "zh")
    assert chinese is not cls and issubclass(chinese, cls)
    assert chinese.__name__ == cls.__name__
    assert localised(cls, "zh") is chinese
    assert localised(cls, "en") is cls
    before, after = bindings_of(cls), bindings_of(chinese)
    assert [(b.key, b.id) for b in after] == [(b.key, b.id) for b in before]
    assert [b.description for b in after] == [BINDING_TEXT[b.id or ""][1] for b in before]
