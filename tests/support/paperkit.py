"""Reading the printed score sheets back as a timekeeper and a recorder would.

A sheet is read for what is printed on it: its heat's lanes (lane, bib, name,
unit, then the boxes to write in) and the two commands the recorder types,
`record` with the lane and the result still to fill in, and `close`.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from html import unescape

from tests.support.bookkit import sections
from timing_console.words import text

SHEET_ID = re.compile(r"sheet-(?P<event>[a-z-]+)-(?P<heat>\d+)$")
CODE = re.compile(r"<code>(.*?)</code>", re.S)
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class PrintedSheet:
    """One heat's page as printed."""

    event: str
    heat: int
    lanes: list[list[str]]
    """Each lane's row, cell by cell: lane, bib, name, unit, then the boxes."""
    commands: list[list[str]]
    """The keying commands printed at the foot, as words on a command line."""

    @property
    def record(self) -> list[str]:
        """`timing-console record EVENT HEAT LANE RESULT`, as printed."""
        return next(c for c in self.commands if c[1] == "record")

    @property
    def close(self) -> list[str]:
        """`timing-console close EVENT HEAT`, as printed."""
        return next(c for c in self.commands if c[1] == "close")


def read_sheets(html: str) -> list[PrintedSheet]:
    """Every sheet of a printed sheets file, in page order."""
    pages = html.split("<section")[1:]
    out: list[PrintedSheet] = []
    for section, page in zip(sections(html), pages, strict=True):
        found = SHEET_ID.match(section.id)
        assert found, section.id
        commands = [shlex.split(unescape(TAG.sub("", c))) for c in CODE.findall(page)]
        out.append(
            PrintedSheet(
                event=found["event"],
                heat=int(found["heat"]),
                lanes=[cells for _, cells in section.rows],
                commands=commands,
            )
        )
    return out


def filled_in(command: list[str], lane: int, result: str) -> list[str]:
    """The printed `record` command with the lane and the result written in its blanks
    (printed in either language); the arguments after `timing-console`."""
    blanks = {
        **{text("paper.key_lane", lang): str(lane) for lang in ("zh", "en")},
        **{text("paper.key_result", lang): result for lang in ("zh", "en")},
    }
    return [blanks.get(word, word) for word in command[1:]]
