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

from timing_console import cli_stations, oscompat
from timing_console.cli_args import build_parser
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


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    db: Path = getattr(args, "db", None) or default_db()
    try:
        if args.command is None:
            return _console(db, args.lang, args.sound, _link_args(args))
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
        }[args.command]
        return handler(db, args)
    except (StoreError, DayFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        prefix = "warning" if problem.warning else "error"
        print(f"{prefix}: {problem}", file=sys.stderr)


def _check(db: Path, args: argparse.Namespace) -> int:
    day, warnings = read_day(args.dayfile)
    _print_problems(warnings)
    print(
        f"{args.dayfile}: ok — {len(day.athletes)} athletes, "
        f"{len({(e.event, e.heat) for e in day.lanes})} heats"
    )
    return 0


def _load(db: Path, args: argparse.Namespace) -> int:
    day, warnings = read_day(args.dayfile)
    _print_problems(warnings)
    with _open_day(db, write=True) as view:
        held = view.day()
        was = view.station  # the real day after its practice: the same station's name
        if held is None or _same_day(held, day):
            report = view.load_day(day)
            held = None
        else:
            results = sum(1 for a in view.attempts() if a.status is not None)
    if held is not None:
        kind = "the practice day " if held.practice else ""
        what = (
            f"{kind}{held.title} ({held.date}), with {results} result{'s' if results != 1 else ''}"
        )
        if not args.archive:
            print(
                f"error: {db} holds another day, {what}; nothing was loaded. To keep it "
                f"and start {day.title} ({day.date}) empty: "
                f"timing-console load {args.dayfile} --archive --station "
                f"{args.station or was} --db {db}",
                file=sys.stderr,
            )
            return 2
        print(f"{what}: moved aside to {archive_day(db, held.title, held.date)}")
        with _open_day(db, write=True) as view:
            report = view.load_day(day)
    with _open_day(db, write=True) as view:
        replaces = check_station(args.replaces) if args.replaces else None
        named = view.name_station(check_station(args.station or was), replaces)
        station = view.station
    verb = "loaded" if report.changed else "already loaded, nothing changed"
    if named and not report.changed:
        verb = "already loaded"
    print(
        f"{day.title}: {verb} — {report.athletes} athletes, {report.heats} heats, in {db} "
        f"(station {station})"
    )
    return 0


def _event_heat(day: Day, args: argparse.Namespace) -> EventSpec | None:
    """The event and heat a command names, or None after saying what is wrong."""
    spec = find_event(args.event)
    if spec is None:
        print(
            f"error: unknown event {args.event!r}; events: {', '.join(CATALOGUE)}", file=sys.stderr
        )
        return None
    if args.heat not in day.heat_numbers(spec.id):
        print(f"error: {spec.id} has no heat {args.heat}", file=sys.stderr)
        return None
    return day.event(spec.id)


def _same_day(held: Day, day: Day) -> bool:
    """Whether a day file is the day a database holds (a practice day and the real day made
    from the same file are two days: practice results never carry into the real day)."""
    return (held.title, held.date, held.practice) == (day.title, day.date, day.practice)


def _record(db: Path, args: argparse.Namespace) -> int:
    """Key a card in (or correct a lane) through the heat's own rules, as the console does."""
    with _open_day(db, write=True) as view:
        day = view.require_day()
        spec = _event_heat(day, args)
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
            print(exc)
            return 0
        except ReasonNeeded as exc:
            print(f"error: {exc} (--reason TEXT)", file=sys.stderr)
            return 2
        except BeyondCeiling as exc:
            print(f"error: {exc} (--override --reason TEXT)", file=sys.stderr)
            return 2
        except (ResultError, HeatError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        saved, old = entered.after, entered.before
        athlete = day.athlete(saved.bib)
        who = f"{saved.bib} {athlete.name if athlete else '?'}"
        was = f" (was {result_text(old) or 'running'})" if old is not None else ""
        print(
            f"saved: {spec.id} heat {args.heat} lane {args.lane} {who}: {result_text(saved)}{was}"
        )
        if entered.heat_full:
            print(
                f"every lane of {spec.id} heat {args.heat} now has a result; close it as final: "
                f"timing-console close {spec.id} {args.heat}"
            )
    return 0


def _close(db: Path, args: argparse.Namespace) -> int:
    """Close a heat as final; lanes with no result become DNF only with a reason."""
    with _open_day(db, write=True) as view:
        spec = _event_heat(view.require_day(), args)
        if spec is None:
            return 1
        board = view.board(spec.id, args.heat)
        if board.state.phase is HeatPhase.DONE:
            print(f"nothing changed: {spec.id} heat {args.heat} is already closed")
            return 0
        missing = board.unfinished()
        lanes = ", ".join(str(n) for n in missing)
        if missing and not args.reason.strip():
            print(
                f"error: {spec.id} heat {args.heat}: lane(s) {lanes} have no result; closing "
                "records them DNF, so give why (--reason TEXT); nothing was changed",
                file=sys.stderr,
            )
            return 2
        stamp = Stamp(time.monotonic(), time.time())
        try:
            view.apply(board.close(stamp, args.reason, source="cli"))
        except HeatError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    dnf = f"; lane(s) {lanes} recorded DNF" if missing else ""
    print(f"closed: {spec.id} heat {args.heat} is final{dnf}")
    return 0


def _history(db: Path, args: argparse.Namespace) -> int:
    event: str | None = None
    if args.event:
        spec = find_event(args.event)
        if spec is None:
            print(f"error: unknown event {args.event!r}", file=sys.stderr)
            return 1
        event = spec.id
    with _open_day(db, write=False) as view:
        records = history_records(view.audit(), view.labels(), view.resolutions())
    records = [
        r
        for r in records
        if (event is None or r["event"] == event) and (args.heat is None or r["heat"] == args.heat)
    ]
    print(_render(records, HISTORY_COLUMNS, args.format))
    return 0


def _standings(db: Path, args: argparse.Namespace) -> int:
    with _open_day(db, write=False) as view:
        day = view.require_day()
        standings = rank_all(day, view.attempts(), view.in_conflict())
    if args.event:
        spec = find_event(args.event)
        if spec is None:
            print(f"error: unknown event {args.event!r}", file=sys.stderr)
            return 1
        standings = [s for s in standings if s.event.id == spec.id]
    print(_render(standings_records(standings), STANDINGS_COLUMNS, args.format))
    return 0


def _awards(db: Path, args: argparse.Namespace) -> int:
    with _open_day(db, write=False) as view:
        day = view.require_day()
        standings = rank_all(day, view.attempts(), view.in_conflict())
        rows = prize_list(standings, withheld=view.held_back())
    print(_render(awards_records(rows), AWARDS_COLUMNS, args.format))
    return 0


def _export(db: Path, args: argparse.Namespace) -> int:
    """Write the sheets in `--lang`, else the console's language (the locale's)."""
    with _open_day(db, write=False) as view:
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
        lang=args.lang or _lang(),
    )
    for path in written:
        print(path)
    return 0


def _board(db: Path, args: argparse.Namespace) -> int:
    from timing_console.web.board.server import serve_board  # noqa: PLC0415 - only this command loads the web stack

    if args.new_code and not args.accept_push:
        print("error: --new-code is the desk's: give it with --accept-push", file=sys.stderr)
        return 2
    return serve_board(
        db, port=args.port, lan=args.lan, accept_push=args.accept_push, new_code=args.new_code
    )


def _book(db: Path, args: argparse.Namespace) -> int:
    from timing_console.web.printing.book import write_book  # noqa: PLC0415 - only this command loads Jinja2

    with _open_day(db, write=False) as view:
        write_book(view, args.out, lang=args.lang or _lang())
    print(args.out)
    return 0


def _certificates(db: Path, args: argparse.Namespace) -> int:
    from timing_console.rules.progress import open_heats  # noqa: PLC0415
    from timing_console.web.printing.certificates import write_certificates  # noqa: PLC0415

    with _open_day(db, write=False) as view:
        still_open = open_heats(view.require_day(), view.heat_states())
        if still_open:
            print(
                f"note: {len(still_open)} heat{'s are' if len(still_open) != 1 else ' is'} "
                "not closed yet: the prize list may still change before these are handed out",
                file=sys.stderr,
            )
        pages = write_certificates(
            view,
            args.out,
            participation=args.participation,
            blank_background=args.blank_background,
        )
    print(f"{args.out}: {pages} page{'s' if pages != 1 else ''}")
    return 0


def _lang() -> str:
    """The console's language (locale, else English), for outputs given no `--lang`."""
    from timing_console.ui.i18n import detect_lang  # noqa: PLC0415

    return detect_lang()


def _render(records: list[dict[str, object]], columns: Sequence[str], fmt: str) -> str:
    if fmt == "csv":
        return to_csv(records, columns).rstrip("\r\n")
    if fmt == "json":
        return to_json(records)
    return to_table(records, columns)


def _track(db: Path, args: argparse.Namespace) -> int:
    from timing_console.sound.track import write_track  # noqa: PLC0415

    return write_track(db, args.event, args.out, cadence=not args.no_cadence)


def _link_args(args: argparse.Namespace) -> tuple[str, str] | None:
    """`--push URL --code CODE`, both or neither."""
    if (args.push is None) != (args.code is None):
        raise StoreError("--push and --code go together: the desk's address and its pairing code")
    return (args.push, args.code) if args.push else None


def _console(
    db: Path, lang: str | None, sound: str = "on", push: tuple[str, str] | None = None
) -> int:
    """Open the console, loading the bundled sample day on a fresh machine.

    The day is opened once and handed to the app: opening replays the journal
    and parses every attempt, which is most of the start-up time.
    """
    with _open_day(db, write=True) as view:
        if view.day() is None:
            kept = sorted(db.parent.glob(f"{db.name}*.damaged-*"))
            if kept:
                raise StoreError(
                    f"{db} holds no intact day, and damaged copies were kept aside "
                    f"({', '.join(p.name for p in kept)}); load the day file again with "
                    "`timing-console load DAYFILE` instead of opening the sample day over them"
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
