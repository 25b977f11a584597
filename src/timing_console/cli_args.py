"""The command line's arguments, and `--help` in the reader's language.

Kept apart from `cli` so the commands' code reads without a page of argparse
first; `cli.build_parser` is this one. Every summary is a catalogue key, and
argparse's own headings ("usage:", "options", ...) are said by a formatter in
the same language, so a Chinese laptop's `--help` is Chinese throughout.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from timing_console.words import Words

FORMATS = ("table", "csv", "json")


def formatter(words: Words) -> type[argparse.HelpFormatter]:
    """argparse's help formatter, its headings said in `words`' language.

    argparse writes "usage:", "positional arguments" and "options" itself
    (through gettext, which carries no Chinese here): the formatter is where
    each passes by on its way out.
    """
    headings = {
        "positional arguments": words("help.cli.positionals"),
        "options": words("help.cli.options"),
    }

    class Formatter(argparse.HelpFormatter):
        def add_usage(
            self,
            usage: str | None,
            actions: Iterable[argparse.Action],
            groups: Iterable[Any],
            prefix: str | None = None,
        ) -> None:
            super().add_usage(
                usage, actions, groups, words("help.cli.usage") if prefix is None else prefix
            )

        def start_section(self, heading: str | None) -> None:
            super().start_section(headings.get(heading or "", heading))

    return Formatter


def command(
    sub: Any, name: str, words: Words, key: str, common: argparse.ArgumentParser
) -> argparse.ArgumentParser:
    """A subcommand whose summary (in the list and atop its own `--help`) is `key`'s."""
    summary = words(key)
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        parents=[common],
        help=summary,
        description=summary,
        formatter_class=formatter(words),
        add_help=False,
    )
    _add_help(parser, words)
    return parser


def _add_help(parser: argparse.ArgumentParser, words: Words) -> None:
    """`-h/--help`, its own line in the reader's language (argparse's is English)."""
    parser.add_argument("-h", "--help", action="help", help=words("help.cli.help"))


def build_parser(words: Words | None = None) -> argparse.ArgumentParser:
    """The argument parser, its help in `words`' language; `--db` goes before or after the
    command."""
    words = words or Words("en")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=words("help.cli.db"))
    parser = argparse.ArgumentParser(
        prog="timing-console",
        description=words("help.cli.description"),
        parents=[common],
        formatter_class=formatter(words),
        add_help=False,
    )
    _add_help(parser, words)
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help=words("help.cli.lang"))
    parser.add_argument("--push", metavar="URL", default=None, help=words("help.cli.push"))
    parser.add_argument("--code", default=None, help=words("help.cli.code"))
    parser.add_argument(
        "--sound", choices=("on", "off"), default="on", help=words("help.cli.sound")
    )
    parser.add_argument("--read-only", action="store_true", help=words("help.cli.read_only"))
    sub = parser.add_subparsers(dest="command")
    check = command(sub, "check", words, "help.cli.check", common)
    check.add_argument("dayfile", type=Path, help=words("help.cli.dayfile"))
    load = command(sub, "load", words, "help.cli.load", common)
    load.add_argument("dayfile", type=Path, help=words("help.cli.dayfile"))
    load.add_argument("--archive", action="store_true", help=words("help.cli.archive"))
    load.add_argument("--station", default=None, help=words("help.cli.station"))
    load.add_argument(
        "--replaces", metavar="STATION", default=None, help=words("help.cli.replaces")
    )
    _add_result_parsers(sub, common, words)
    _add_reading_parsers(sub, common, words)
    board = command(sub, "board", words, "help.cli.board", common)
    board.add_argument("--port", type=int, default=8765, help=words("help.cli.port"))
    board.add_argument("--lan", action="store_true", help=words("help.cli.lan"))
    board.add_argument("--accept-push", action="store_true", help=words("help.cli.accept_push"))
    board.add_argument("--new-code", action="store_true", help=words("help.cli.new_code"))
    book = command(sub, "book", words, "help.cli.book", common)
    book.add_argument("out", type=Path, help=words("help.cli.book_out"))
    book.add_argument(
        "--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help=words("help.cli.book_lang")
    )
    cert = command(sub, "certificates", words, "help.cli.certificates", common)
    cert.add_argument("out", type=Path, help=words("help.cli.certificates_out"))
    cert.add_argument("--participation", action="store_true", help=words("help.cli.participation"))
    cert.add_argument(
        "--blank-background", action="store_true", help=words("help.cli.blank_background")
    )
    track = command(sub, "track", words, "help.cli.track", common)
    track.add_argument("event", help=words("help.cli.event"))
    track.add_argument("out", type=Path, help=words("help.cli.track_out"))
    track.add_argument("--no-cadence", action="store_true", help=words("help.cli.no_cadence"))
    _add_station_parsers(sub, common, words)
    _add_paper_parsers(sub, common, words)
    return parser


def _add_reading_parsers(sub: Any, common: argparse.ArgumentParser, words: Words) -> None:
    """The commands that read the day out: history, standings, awards, export."""
    history = command(sub, "history", words, "help.cli.history", common)
    history.add_argument("event", nargs="?", help=words("help.cli.event_or_all"))
    history.add_argument("heat", nargs="?", type=int, help=words("help.cli.heat_or_all"))
    history.add_argument(
        "--format", choices=FORMATS, default="table", help=words("help.cli.format")
    )
    standings = command(sub, "standings", words, "help.cli.standings", common)
    standings.add_argument("event", nargs="?", help=words("help.cli.event_or_all"))
    standings.add_argument(
        "--format", choices=FORMATS, default="table", help=words("help.cli.format")
    )
    awards = command(sub, "awards", words, "help.cli.awards", common)
    awards.add_argument("--format", choices=FORMATS, default="table", help=words("help.cli.format"))
    export = command(sub, "export", words, "help.cli.export", common)
    export.add_argument("dir", type=Path, help=words("help.cli.export_dir"))
    export.add_argument(
        "--lang",
        choices=("zh", "en"),
        default=argparse.SUPPRESS,
        help=words("help.cli.sheets_lang"),
    )
    export.add_argument(
        "--format", choices=("csv", "xlsx"), default="csv", help=words("help.cli.export_format")
    )


def _add_result_parsers(sub: Any, common: argparse.ArgumentParser, words: Words) -> None:
    """`record` and `close`: the paper side of a heat, keyed in through the heat's rules."""
    record = command(sub, "record", words, "help.cli.record", common)
    record.add_argument("event", help=words("help.cli.event"))
    record.add_argument("heat", type=int, help=words("help.cli.heat"))
    record.add_argument("lane", type=int, help=words("help.cli.lane"))
    record.add_argument("result", help=words("help.cli.result"))
    record.add_argument("--reason", default="", help=words("help.cli.record_reason"))
    record.add_argument("--override", action="store_true", help=words("help.cli.override"))
    close = command(sub, "close", words, "help.cli.close", common)
    close.add_argument("event", help=words("help.cli.event"))
    close.add_argument("heat", type=int, help=words("help.cli.heat"))
    close.add_argument("--reason", default="", help=words("help.cli.close_reason"))


def _add_station_parsers(
    sub: Any,
    common: argparse.ArgumentParser,
    words: Words,
) -> None:
    """`share`, `merge`, `push`, `conflicts`, `resolve`: the commands of `cli_stations`."""
    p = command(sub, "share", words, "help.cli.share", common)
    p.add_argument("out", type=Path, help=words("help.cli.share_out"))
    p = command(sub, "merge", words, "help.cli.merge", common)
    p.add_argument("bundles", type=Path, nargs="+", help=words("help.cli.bundles"))
    p = command(sub, "push", words, "help.cli.push_cmd", common)
    p.add_argument("url", help=words("help.cli.url"))
    p.add_argument("--code", help=words("help.cli.push_code"))
    p.add_argument("--follow", action="store_true", help=argparse.SUPPRESS)  # the console's child
    p = command(sub, "conflicts", words, "help.cli.conflicts", common)
    p.add_argument("--format", choices=FORMATS, default="table", help=words("help.cli.format"))
    p = command(sub, "resolve", words, "help.cli.resolve", common)
    p.add_argument("conflict", help=words("help.cli.conflict"))
    p.add_argument("station", help=words("help.cli.resolve_station"))
    p.add_argument("--reason", required=True, help=words("help.cli.resolve_reason"))


def _add_paper_parsers(sub: Any, common: argparse.ArgumentParser, words: Words) -> None:
    """`sheets` and `programme`: the paper of `cli_paper`, printed before the day."""
    p = command(sub, "sheets", words, "help.cli.sheets", common)
    p.add_argument("out", type=Path, help=words("help.cli.sheets_out"))
    p.add_argument("event", nargs="?", help=words("help.cli.event_or_all"))
    p.add_argument(
        "--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help=words("help.cli.paper_lang")
    )
    p = command(sub, "programme", words, "help.cli.programme", common)
    p.add_argument("out", type=Path, help=words("help.cli.programme_out"))
    p.add_argument(
        "--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help=words("help.cli.paper_lang")
    )
