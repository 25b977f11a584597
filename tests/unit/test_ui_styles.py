"""Styles live where a newcomer looks for them: a screen's in the `.tcss` beside it, a
widget's in its own `DEFAULT_CSS` (Textual's convention for reusable widgets)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path, PurePath

from textual.screen import Screen
from textual.widget import Widget

import timing_console.ui


def ui_classes() -> list[type]:
    """Every class defined in ui/ and its folders."""
    found = []
    for info in pkgutil.walk_packages(timing_console.ui.__path__, "timing_console.ui."):
        module = importlib.import_module(info.name)
        found += [
            value
            for value in vars(module).values()
            if inspect.isclass(value) and value.__module__ == module.__name__
        ]
    return found


SCREENS = [c for c in ui_classes() if issubclass(c, Screen)]


def test_no_screen_styles_itself_in_python():
    assert len(SCREENS) > 10
    offenders = [s.__name__ for s in SCREENS if vars(s).get("DEFAULT_CSS", "").strip()]
    assert offenders == []


def test_every_screen_s_style_sheet_is_beside_it():
    for screen in SCREENS:
        paths = screen.CSS_PATH or []
        for path in [paths] if isinstance(paths, str | PurePath) else paths:
            beside = Path(inspect.getfile(screen)).parent / path
            assert beside.is_file(), f"{screen.__name__}: {beside}"


def test_widgets_keep_their_own_css():
    widgets = [c for c in ui_classes() if issubclass(c, Widget) and not issubclass(c, Screen)]
    styled = [w.__name__ for w in widgets if vars(w).get("DEFAULT_CSS", "").strip()]
    assert "LaneTable" in styled or "BoardLine" in styled
    assert not [w.__name__ for w in widgets if vars(w).get("CSS_PATH")]
