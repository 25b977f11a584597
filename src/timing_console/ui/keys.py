"""Every key this product describes, by id; the words are the catalogue's (`words.keys`).

Footer and help texts come from there: a `Binding` by its `id`, and the keys a
screen reads itself (in `on_key`, listed in its `TIMING_KEYS`) by a help id.

Textual reads a screen's `BINDINGS` once, when the class is created, and the
footer shows each binding's `description`. So a screen class declares its
bindings in English, and `localised` gives the same screen as a subclass whose
`BINDINGS` carry the descriptions in the console's language.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar, cast

from textual.binding import Binding
from textual.dom import DOMNode

from timing_console.words import text
from timing_console.words.keys import BINDING_TEXT


def bind(keys: str, action: str, binding_id: str, **options: Any) -> Binding:
    """A binding described by its id's English text."""
    return Binding(keys, action, BINDING_TEXT[binding_id][0], id=binding_id, **options)


CONSOLE_KEYS: list[Binding] = [
    bind("s", "app.standings", "standings"),
    bind("a", "app.awards", "awards"),
    bind("question_mark", "app.help", "help"),
    bind("q", "app.quit_console", "quit"),
    bind("x", "app.toggle_sound", "mute", show=False),
    bind("ctrl+p", "app.command_palette", "palette", show=False, priority=True),
]
"""Keys of every screen that works on the day, listed last in each screen's `BINDINGS`.

The footer shows the palette key apart, at its right end.
"""

WATCHING_KEYS: frozenset[str] = frozenset(
    {"escape", "ctrl+q", *(key for b in CONSOLE_KEYS for key in b.key.split(","))}
)
"""What a heat screen still takes on a day only watched (`--read-only`): back, and the keys
of every screen (standings, prizes, help, quit)."""

N = TypeVar("N", bound=DOMNode)

_LOCALISED: dict[tuple[type[DOMNode], str], type[DOMNode]] = {}


def bindings_of(node_class: type[DOMNode]) -> list[Binding]:
    """The bindings of this product that a class has, its own replacing its bases' key by key."""
    by_key: dict[str, list[Binding]] = {}
    for base in reversed(node_class.__mro__):
        declared: dict[str, list[Binding]] = {}
        for binding in Binding.make_bindings(vars(base).get("BINDINGS", ())):
            declared.setdefault(binding.key, []).append(binding)
        by_key.update(declared)
    return [b for bindings in by_key.values() for b in bindings if b.id in BINDING_TEXT]


def localised(node_class: type[N], lang: str) -> type[N]:
    """The class itself in English; in Chinese, a subclass with its key descriptions in Chinese.

    The subclass keeps the name (so CSS and `isinstance` see the same screen) and
    is made once per class and language.
    """
    if lang != "zh":
        return node_class
    made = _LOCALISED.get((node_class, lang))
    if made is None:
        bindings = [
            replace(b, description=text(f"key.{b.id}", lang)) for b in bindings_of(node_class)
        ]
        namespace = {
            "BINDINGS": bindings,
            "__module__": node_class.__module__,
            "__qualname__": node_class.__qualname__,
            "__doc__": node_class.__doc__,
        }
        made = type(node_class.__name__, (node_class,), namespace)
        _LOCALISED[(node_class, lang)] = made
    return cast(type[N], made)
