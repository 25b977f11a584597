"""Every word of the product in one keyed catalogue, from the area tables.

Each area keeps its table in its own module; here they become one mapping,
so a key means one thing everywhere. A key defined in two areas is an error
at import, not a silent winner.
"""

from __future__ import annotations

from collections.abc import Mapping

from timing_console.words.cli import CLI
from timing_console.words.console import CONSOLE
from timing_console.words.errors import ERRORS
from timing_console.words.keys import BINDING_TEXT, HELP_TEXT
from timing_console.words.paper import PAPER
from timing_console.words.printed import PRINTED
from timing_console.words.refusals import REFUSALS
from timing_console.words.results import RESULTS


def merged(areas: Mapping[str, Mapping[str, tuple[str, str]]]) -> dict[str, tuple[str, str]]:
    """The areas' tables as one, refusing a key that two of them define."""
    out: dict[str, tuple[str, str]] = {}
    where: dict[str, str] = {}
    for area, table in areas.items():
        for key, words in table.items():
            if key in out:
                raise ValueError(f"word {key!r} is defined in both {where[key]} and {area}")
            out[key] = words
            where[key] = area
    return out


AREAS: dict[str, Mapping[str, tuple[str, str]]] = {
    "results": RESULTS,
    "console": CONSOLE,
    "keys": {f"key.{k}": v for k, v in BINDING_TEXT.items()},
    "help": {f"help.{k}": v for k, v in HELP_TEXT.items()},
    "printed": PRINTED,
    "paper": PAPER,
    "refusals": REFUSALS,
    "errors": ERRORS,
    "cli": CLI,
}
"""Each area's table as the catalogue keys it."""

ALL_WORDS: dict[str, tuple[str, str]] = merged(AREAS)
"""key: (English, Chinese), for every word the product shows."""
