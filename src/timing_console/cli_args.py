"""The command line's arguments: every command, its options and their help.

Apart from `cli.py` so the commands' code reads without a page of argparse
first; `cli.build_parser` is this one.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from timing_console.cli_stations import add_parsers as add_station_parsers


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; `--db` is accepted before or after the command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", type=Path, default=argparse.SUPPRESS, help="the day's database file"
    )
    parser = argparse.ArgumentParser(
        prog="timing-console",
        description="Pitchside timing console for the staff sports day.",
        parents=[common],
    )
    parser.add_argument(
        "--lang", choices=("zh", "en"), default=None, help="language of the console"
    )
    parser.add_argument("--push", metavar="URL", default=None, help="push every save to this desk")
    parser.add_argument("--code", default=None, help="the desk's pairing code (with --push)")
    parser.add_argument(
        "--sound",
        choices=("on", "off"),
        default="on",
        help="countdowns start, warn and end with tones through the speakers (default on)",
    )
    sub = parser.add_subparsers(dest="command")
    check = sub.add_parser("check", parents=[common], help="validate a day file; change nothing")
    check.add_argument("dayfile", type=Path)
    load = sub.add_parser("load", parents=[common], help="validate and import a day file")
    load.add_argument("dayfile", type=Path)
    load.add_argument(
        "--archive",
        action="store_true",
        help="if the database holds another day, move its files aside first",
    )
    load.add_argument(
        "--station",
        default=None,
        help="this laptop's station name, shown in the header and on every record it "
        "shares (default: the computer's name)",
    )
    load.add_argument(
        "--replaces",
        metavar="STATION",
        default=None,
        help="a spare laptop taking over for a dead one: the station it replaces (the desk "
        "keeps both; without this it refuses two laptops under one name)",
    )
    _add_result_parsers(sub, common)
    history = sub.add_parser("history", parents=[common], help="every change of the day, in order")
    history.add_argument("event", nargs="?", help="event id or Chinese name (default: all)")
    history.add_argument("heat", nargs="?", type=int, help="heat number (default: all)")
    history.add_argument("--format", choices=("table", "csv", "json"), default="table")
    for name, helptext in (
        ("standings", "results of one event or all"),
        ("awards", "the prize list"),
    ):
        p = sub.add_parser(name, parents=[common], help=helptext)
        if name == "standings":
            p.add_argument("event", nargs="?", help="event id or Chinese name (default: all)")
        p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    export = sub.add_parser("export", parents=[common], help="write every list as CSV for Excel")
    export.add_argument("dir", type=Path)
    export.add_argument(
        "--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="sheets' language"
    )
    board = sub.add_parser("board", parents=[common], help="serve the live results board")
    board.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    board.add_argument("--lan", action="store_true", help="serve the whole network, not this PC")
    board.add_argument(
        "--accept-push",
        action="store_true",
        help="the results desk: take other stations' records pushed with the printed code",
    )
    board.add_argument(
        "--new-code",
        action="store_true",
        help="with --accept-push: replace the day's pairing code (every station needs the new one)",
    )
    book = sub.add_parser("book", parents=[common], help="write the printable results book")
    book.add_argument("out", type=Path)
    book.add_argument(
        "--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="the book's language"
    )
    cert = sub.add_parser("certificates", parents=[common], help="write award certificates")
    cert.add_argument("out", type=Path)
    cert.add_argument("--participation", action="store_true", help="one more page per athlete")
    cert.add_argument(
        "--blank-background", action="store_true", help="text only, for pre-printed paper"
    )
    track = sub.add_parser(
        "track", parents=[common], help="write an event's timing track as a WAV file"
    )
    track.add_argument("event", help="event id or Chinese name")
    track.add_argument("out", type=Path)
    track.add_argument(
        "--no-cadence", action="store_true", help="start with the start beep, no cadence before it"
    )
    add_station_parsers(sub, common)
    return parser


def _add_result_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """`record` and `close`: the paper side of a heat, keyed in through the heat's rules."""
    record = sub.add_parser("record", parents=[common], help="key in a result from a paper card")
    record.add_argument("event", help="event id or Chinese name")
    record.add_argument("heat", type=int)
    record.add_argument("lane", type=int)
    record.add_argument("result", help="12.34 | 87 | 1101100110 | DNS | DNF | DQ | FOUL")
    record.add_argument(
        "--reason", default="", help="why (required to change a result the lane already has)"
    )
    record.add_argument(
        "--override",
        action="store_true",
        help="keep a time over the event's plausible ceiling (with --reason: why it is true)",
    )
    close = sub.add_parser(
        "close", parents=[common], help="close a heat as final (e.g. one keyed in from cards)"
    )
    close.add_argument("event", help="event id or Chinese name")
    close.add_argument("heat", type=int)
    close.add_argument(
        "--reason", default="", help="why (required when lanes have no result: they become DNF)"
    )
