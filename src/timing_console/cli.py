"""Command line: check, load, record, standings, awards, export, or open the console.

Every write goes through the same durable store as the console, and says it is
saved only after the store has fsynced it. Bad input exits 1 with one clear
message per problem and leaves the day exactly as it was.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from platformdirs import user_data_dir

from timing_console import cli_paper, cli_stations, oscompat
from timing_console.cli_args import build_parser
from timing_console.cli_open import follow_day
from timing_console.cli_open import open_day as _open_day
from timing_console.dayio.archive import archive_day
from timing_console.dayio.dayfile import DayFileError, bundled_day_path, read_day
from timing_console.dayio.export import export_day
from timing_console.model import CATALOGUE, Day, EventSpec, HeatPhase, find_event
from timing_console.rules.awards import participation_list, prize_list, team_table
from timing_console.rules.entries import Problem
from timing_console.rules.heat.machine import HeatError, NoChange, ReasonNeeded, Stamp
from timing_console.rules.heat.results import BeyondCeiling, ResultError, result_text
from timing_console.rules.ranking import rank_all
from timing_console.rules.report import (
    AWARDS_COLUMNS,
    HISTORY_COLUMNS,
    STANDINGS_COLUMNS,
    awards_records,
    history_records,
    standings_records,
    to_csv,
    to_json,
    to_table,
)
from timing_console.store.db import StoreError
from timing_console.store.identity import check_station
from timing_console.ui.heat.desk import correct
from timing_console.words import LANGS, Said, Words, counted, detect_lang


def default_db() -> Path:
    """`TIMING_CONSOLE_DB`, else one file in the user's data folder."""
    env = os.environ.get("TIMING_CONSOLE_DB")
    if env:
        return Path(env)
    return Path(user_data_dir("timing-console", appauthor=False)) / "day.json"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code; a reader that hangs up ends it quietly.

    `timing-console awards | head` closes the pipe early: the rest of the output
    has nowhere to go, which is not an error worth a traceback.
    """
    try:
        code = _main(argv)
        sys.stdout.flush()
    except OSError as exc:
        if not reader_gone(exc):
            raise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return code


def reader_gone(exc: OSError) -> bool:
    """Whether a write failed because the reader of stdout hung up.

    A closed pipe is `BrokenPipeError` (EPIPE) where there are signals; on
    Windows the same write often fails with EINVAL instead.
    """
    if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
        return True
    return oscompat.WINDOWS and exc.errno == errno.EINVAL


def cli_lang(argv: Sequence[str]) -> str:
    """The reader's language, known before parsing (`--help` is said in it): `--lang`, else
    the locale's."""
    given: str | None = None
    for at, arg in enumerate(argv):
        if arg == "--lang" and at + 1 < len(argv):
            given = argv[at + 1]
        elif arg.startswith("--lang="):
            given = arg.removeprefix("--lang=")
    return detect_lang(given if given in LANGS else None)


def _main(argv: Sequence[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    words = Words(cli_lang(argv))
    args = build_parser(words).parse_args(argv)
    db: Path = getattr(args, "db", None) or default_db()
    try:
        if args.read_only:
            return _watch(db, args)
        if args.command is None:
            return _console(db, args.lang, words, args.sound, _link_args(args))
        handler = {
            "check": _check,
            "load": _load,
            "record": _record,
            "close": _close,
            "history": _history,
            "standings": _standings,
            "awards": _awards,
            "export": _export,
            "board": _board,
            "book": _book,
            "certificates": _certificates,
            "track": _track,
            **cli_stations.HANDLERS,
            **cli_paper.HANDLERS,
        }[args.command]
        return handler(db, args, words)
    except StoreError as exc:
        print(words("cli.error", text=words.refusal(exc)), file=sys.stderr)
        return 1
    except DayFileError as exc:
        said = "\n".join(p.said_in(words.lang) for p in exc.problems)
        print(words("cli.error", text=said), file=sys.stderr)
        return 1


def _print_problems(problems: Sequence[Problem], words: Words) -> None:
    for problem in problems:
        prefix = "cli.warning" if problem.warning else "cli.error"
        print(words(prefix, text=problem.said_in(words.lang)), file=sys.stderr)


def _check(db: Path, args: argparse.Namespace, words: Words) -> int:
    day, warnings = read_day(args.dayfile)
    _print_problems(warnings, words)
    heats = len({(e.event, e.heat) for e in day.lanes})
    print(words("cli.checked", file=args.dayfile, athletes=len(day.athletes), heats=heats))
    return 0


def _load(db: Path, args: argparse.Namespace, words: Words) -> int:
    day, warnings = read_day(args.dayfile)
    _print_problems(warnings, words)
    with _open_day(db, write=True, words=words) as view:
        held = view.day()
        was = view.station  # the real day after its practice: the same station's name
        if held is None or _same_day(held, day):
            report = view.load_day(day)
            held = None
        else:
            results = sum(1 for a in view.attempts() if a.status is not None)
    if held is not None:
        title = Said("cli.practice_day", {"title": held.title}) if held.practice else held.title
        what = Said(
            "cli.held_day",
            {"day": title, "date": held.date, "results": counted(results, "n.result", "n.results")},
        )
        if not args.archive:
            refusal = words(
                "cli.holds_another_day",
                db=db,
                what=what,
                title=day.title,
                date=day.date,
                dayfile=args.dayfile,
                station=args.station or was,
            )
            print(words("cli.error", text=refusal), file=sys.stderr)
            return 2
        print(words("cli.moved_aside", what=what, path=archive_day(db, held.title, held.date)))
        with _open_day(db, write=True, words=words) as view:
            report = view.load_day(day)
    with _open_day(db, write=True, words=words) as view:
        replaces = check_station(args.replaces) if args.replaces else None
        named = view.name_station(check_station(args.station or was), replaces)
        station = view.station
    said = "cli.loaded" if report.changed else "cli.loaded_unchanged"
    if named and not report.changed:
        said = "cli.loaded_named"
    print(
        words(
            said,
            title=day.title,
            athletes=report.athletes,
            heats=report.heats,
            db=db,
            station=station,
        )
    )
    return 0


def _error(words: Words, key: str, **params: object) -> None:
    """One error line on stderr, in the reader's language."""
    print(words("cli.error", text=words(key, **params)), file=sys.stderr)


def _event_heat(day: Day, args: argparse.Namespace, words: Words) -> EventSpec | None:
    """The event and heat a command names, or None after saying what is wrong."""
    spec = find_event(args.event)
    if spec is None:
        _error(words, "cli.unknown_event", event=repr(args.event), events=", ".join(CATALOGUE))
        return None
    if args.heat not in day.heat_numbers(spec.id):
        _error(words, "cli.no_such_heat", event=spec.id, heat=args.heat)
        return None
    return day.event(spec.id)


def _same_day(held: Day, day: Day) -> bool:
    """Whether a day file is the day a database holds (a practice day and the real day made
    from the same file are two days: practice results never carry into the real day)."""
    return (held.title, held.date, held.practice) == (day.title, day.date, day.practice)


def _record(db: Path, args: argparse.Namespace, words: Words) -> int:
    """Key a card in (or correct a lane) through the heat's own rules, as the console does."""
    with _open_day(db, write=True, words=words) as view:
        day = view.require_day()
        spec = _event_heat(day, args, words)
        if spec is None:
            return 1
        stamp = Stamp(time.monotonic(), time.time())
        try:
            entered = correct(
                view,
                spec.id,
                args.heat,
                args.lane,
                args.result,
                stamp=stamp,
                reason=args.reason,
                override=args.override,
                source="cli",
            )
        except NoChange as exc:
            print(words.refusal(exc))
            return 0
        except ReasonNeeded as exc:
            _error(words, "cli.give_reason", text=words.refusal(exc))
            return 2
        except BeyondCeiling as exc:
            _error(words, "cli.give_override", text=words.refusal(exc))
            return 2
        except (ResultError, HeatError) as exc:
            print(words("cli.error", text=words.refusal(exc)), file=sys.stderr)
            return 1
        saved, old = entered.after, entered.before
        athlete = day.athlete(saved.bib)
        who = f"{saved.bib} {athlete.name if athlete else '?'}"
        was = ""
        if old is not None:
            was = words("cli.was", old=result_text(old) or words("cli.running"))
        print(
            words(
                "cli.saved_result",
                event=spec.id,
                heat=args.heat,
                lane=args.lane,
                who=who,
                result=result_text(saved),
                was=was,
            )
        )
        if entered.heat_full:
            print(words("cli.heat_full", event=spec.id, heat=args.heat))
    return 0


def _close(db: Path, args: argparse.Namespace, words: Words) -> int:
    """Close a heat as final; lanes with no result become DNF only with a reason."""
    with _open_day(db, write=True, words=words) as view:
        spec = _event_heat(view.require_day(), args, words)
        if spec is None:
            return 1
        board = view.board(spec.id, args.heat)
        if board.state.phase is HeatPhase.DONE:
            print(words("cli.already_closed", event=spec.id, heat=args.heat))
            return 0
        missing = board.unfinished()
        lanes = ", ".join(str(n) for n in missing)
        if missing and not args.reason.strip():
            _error(words, "cli.close_needs_reason", event=spec.id, heat=args.heat, lanes=lanes)
            return 2
        stamp = Stamp(time.monotonic(), time.time())
        try:
            view.apply(board.close(stamp, args.reason, source="cli"))
        except HeatError as exc:
            print(words("cli.error", text=words.refusal(exc)), file=sys.stderr)
            return 1
    closed = "cli.closed_dnf" if missing else "cli.closed"
    print(words(closed, event=spec.id, heat=args.heat, lanes=lanes))
    return 0


def _history(db: Path, args: argparse.Namespace, words: Words) -> int:
    event: str | None = None
    if args.event:
        spec = find_event(args.event)
        if spec is None:
            _error(words, "cli.unknown_event_short", event=repr(args.event))
            return 1
        event = spec.id
    with _open_day(db, write=False, words=words) as view:
        records = history_records(view.audit(), view.labels(), view.resolutions())
    records = [
        r
        for r in records
        if (event is None or r["event"] == event) and (args.heat is None or r["heat"] == args.heat)
    ]
    print(_render(records, HISTORY_COLUMNS, args.format))
    return 0


def _standings(db: Path, args: argparse.Namespace, words: Words) -> int:
    with _open_day(db, write=False, words=words) as view:
        day = view.require_day()
        standings = rank_all(day, view.attempts(), view.in_conflict())
    if args.event:
        spec = find_event(args.event)
        if spec is None:
            _error(words, "cli.unknown_event_short", event=repr(args.event))
            return 1
        standings = [s for s in standings if s.event.id == spec.id]
    print(_render(standings_records(standings), STANDINGS_COLUMNS, args.format))
    return 0


def _awards(db: Path, args: argparse.Namespace, words: Words) -> int:
    with _open_day(db, write=False, words=words) as view:
        day = view.require_day()
        standings = rank_all(day, view.attempts(), view.in_conflict())
        rows = prize_list(standings, withheld=view.held_back())
    print(_render(awards_records(rows), AWARDS_COLUMNS, args.format))
    return 0


def _export(db: Path, args: argparse.Namespace, words: Words) -> int:
    """Write the sheets in `--lang`, else the console's language (the locale's)."""
    with _open_day(db, write=False, words=words) as view:
        day = view.require_day()
        attempts = view.attempts()
        withheld = view.held_back()
        conflicts = view.in_conflict()
    standings = rank_all(day, attempts, conflicts)
    written = export_day(
        args.dir,
        standings,
        prize_list(standings, withheld=withheld),
        participation_list(day, attempts),
        team_table(day, standings),
        lang=args.lang or words.lang,
        fmt=args.format,
    )
    for path in written:
        print(path)
    return 0


def _board(db: Path, args: argparse.Namespace, words: Words) -> int:
    from timing_console.web.board.server import serve_board  # noqa: PLC0415 - only this command loads the web stack

    if args.new_code and not args.accept_push:
        _error(words, "cli.new_code_needs_desk")
        return 2
    return serve_board(
        db,
        port=args.port,
        lan=args.lan,
        accept_push=args.accept_push,
        new_code=args.new_code,
        words=words,
    )


def _book(db: Path, args: argparse.Namespace, words: Words) -> int:
    from timing_console.web.printing.book import write_book  # noqa: PLC0415 - only this command loads Jinja2

    with _open_day(db, write=False, words=words) as view:
        write_book(view, args.out, lang=args.lang or words.lang)
    print(args.out)
    return 0


def _certificates(db: Path, args: argparse.Namespace, words: Words) -> int:
    from timing_console.rules.progress import open_heats  # noqa: PLC0415
    from timing_console.web.printing.certificates import write_certificates  # noqa: PLC0415

    with _open_day(db, write=False, words=words) as view:
        still_open = open_heats(view.require_day(), view.heat_states())
        if still_open:
            heats = counted(len(still_open), "n.heat_is", "n.heats_are")
            print(words("cli.note", text=words("cli.heats_open", heats=heats)), file=sys.stderr)
        pages = write_certificates(
            view,
            args.out,
            participation=args.participation,
            blank_background=args.blank_background,
        )
    print(words("cli.pages", out=args.out, pages=counted(pages, "n.page", "n.pages")))
    return 0


def _render(records: list[dict[str, object]], columns: Sequence[str], fmt: str) -> str:
    if fmt == "csv":
        return to_csv(records, columns).rstrip("\r\n")
    if fmt == "json":
        return to_json(records)
    return to_table(records, columns)


def _track(db: Path, args: argparse.Namespace, words: Words) -> int:
    from timing_console.sound.track import write_track  # noqa: PLC0415

    return write_track(db, args.event, args.out, cadence=not args.no_cadence, words=words)


def _watch(db: Path, args: argparse.Namespace) -> int:
    """`--read-only`: the console on a day another console holds, following what it saves,
    saving nothing (no lock, no sound: the console holding the day plays the signals)."""
    if args.command is not None or args.push is not None:
        raise StoreError("err.read_only_alone")
    from timing_console.app import TimingConsoleApp  # noqa: PLC0415 - CLI commands never load Textual

    TimingConsoleApp(follower=follow_day(db), lang=args.lang, sound="off").run()
    return 0


def _link_args(args: argparse.Namespace) -> tuple[str, str] | None:
    """`--push URL --code CODE`, both or neither."""
    if (args.push is None) != (args.code is None):
        raise StoreError("err.push_and_code")
    return (args.push, args.code) if args.push else None


def _console(
    db: Path,
    lang: str | None,
    words: Words,
    sound: str = "on",
    push: tuple[str, str] | None = None,
) -> int:
    """Open the console, loading the bundled sample day on a fresh machine.

    The day is opened once and handed to the app: opening replays the journal
    and parses every attempt, which is most of the start-up time.
    """
    with _open_day(db, write=True, words=words) as view:
        if view.day() is None:
            kept = sorted(db.parent.glob(f"{db.name}*.damaged-*"))
            if kept:
                raise StoreError(
                    "err.damaged_copies_kept", db=db, kept=", ".join(p.name for p in kept)
                )
            day, _ = read_day(bundled_day_path())
            view.load_day(day)
        from timing_console.app import TimingConsoleApp  # noqa: PLC0415 - CLI commands never load Textual

        link = None
        if push is not None:
            from timing_console.stations.push_process import PushProcess  # noqa: PLC0415

            url, code = push
            link = PushProcess(db, url=url, code=code)
        TimingConsoleApp(view=view, lang=lang, sound=sound, link=link).run()
    return 0
