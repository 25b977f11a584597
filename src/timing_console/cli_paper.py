"""Commands that print the day's paper before it runs: `sheets` and `programme`.

Both only read the day, so they run while the console times a heat. Jinja2 is
loaded by these commands alone, as for `book`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timing_console.cli_open import open_day
from timing_console.model import find_event
from timing_console.words import Words, counted


def sheets(db: Path, args: argparse.Namespace, words: Words) -> int:
    """One score sheet per heat (of one event if named); says how many pages it wrote."""
    from timing_console.web.printing.sheets import write_sheets  # noqa: PLC0415 - only this command loads Jinja2

    event_id: str | None = None
    if args.event:
        spec = find_event(args.event)
        if spec is None:
            unknown = words("cli.unknown_event_short", event=repr(args.event))
            print(words("cli.error", text=unknown), file=sys.stderr)
            return 1
        event_id = spec.id
    with open_day(db, write=False, words=words) as view:
        pages = write_sheets(view, args.out, lang=args.lang or words.lang, event_id=event_id)
    print(words("cli.pages", out=args.out, pages=counted(pages, "n.page", "n.pages")))
    return 0


def programme(db: Path, args: argparse.Namespace, words: Words) -> int:
    """The programme booklet (秩序册): cover, rules in brief, units, every heat's lanes."""
    from timing_console.web.printing.booklet import write_booklet  # noqa: PLC0415 - only this command loads Jinja2

    with open_day(db, write=False, words=words) as view:
        write_booklet(view, args.out, lang=args.lang or words.lang)
    print(args.out)
    return 0


HANDLERS = {"sheets": sheets, "programme": programme}
