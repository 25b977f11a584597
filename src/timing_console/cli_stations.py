"""Commands of a day run at several stations: share, merge, push, conflicts, resolve.

`share` and `merge` never take the day's write lock: a station shares while
its console runs, and a desk merges while its own console times a heat (the
records merged land in the station files beside the day; see
`store.stations`). `resolve` is a referee's choice, saved like a result, so
it takes the lock as `record` does.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path
from time import sleep

from timing_console.cli_open import open_day
from timing_console.model import Day
from timing_console.rules.report import to_csv, to_json, to_table
from timing_console.stations import exchange
from timing_console.stations.conflict_report import (
    CLASH_COLUMNS,
    CONFLICT_COLUMNS,
    clash_rows,
    conflict_records,
    conflict_rows,
)
from timing_console.stations.push_process import CODE_ENV, follow
from timing_console.stations.view import DayView


def _own_day(view: DayView) -> Day:
    """This station's own day (no need to read every other station's records first)."""
    day = view.own_day()
    if day is None:
        return view.require_day()  # raises, saying no day is loaded
    return day


def share(db: Path, args: argparse.Namespace) -> int:
    """Write this database's records (and those it merged) to one bundle file."""
    with open_day(db, write=False) as view:
        me, day = view.me, _own_day(view)
        station = view.labels()[me.sid]
    shared = exchange.share(db, me, day, args.out)
    own = shared.records.get(station, 0)
    others = {s: n for s, n in shared.records.items() if s != station}
    carried = "".join(f", {n} of station {s}" for s, n in others.items())
    print(f"{args.out}: {own} record{'s' if own != 1 else ''} of station {station}{carried}")
    return 0


def merge(db: Path, args: argparse.Namespace) -> int:
    """Bring other stations' records in; say what was added, and any conflict found."""
    with open_day(db, write=False) as view:
        me, day = view.me, _own_day(view)
    merged = exchange.merge(db, me, day, args.bundles)
    if not merged.added:
        print("nothing new: every record in these bundles was already here")
        return 0
    for name, added in sorted(merged.added.items()):
        results = merged.results.get(name, 0)
        print(
            f"station {name}: {added} record{'s' if added != 1 else ''} added "
            f"({results} result{'s' if results != 1 else ''})"
        )
    with open_day(db, write=False) as view:
        conflicts, clashes = view.conflicts(), view.clashes()
    if conflicts:
        print(
            f"{len(conflicts)} conflict{'s' if len(conflicts) != 1 else ''} to decide: "
            "timing-console conflicts",
            file=sys.stderr,
        )
    if clashes:
        print(
            f"warning: {len(clashes)} athlete{'s' if len(clashes) != 1 else ''} in two heats "
            "at once at different stations: timing-console conflicts",
            file=sys.stderr,
        )
    return 0


def conflicts(db: Path, args: argparse.Namespace) -> int:
    """List what stations recorded differently (and athletes timed twice at once)."""
    with open_day(db, write=False) as view:
        found, clashes, named = view.conflicts(), view.clashes(), view.labels()
    if args.format == "json":
        print(to_json(conflict_records(found, named)))
        return 0
    rows = conflict_rows(found, named)
    if args.format == "csv":
        print(to_csv(rows, CONFLICT_COLUMNS).rstrip("\r\n"))
        return 0
    print(to_table(rows, CONFLICT_COLUMNS) if rows else "no conflicts")
    if clashes:
        print("\nin two heats at once at different stations:")
        print(to_table(clash_rows(clashes, named), CLASH_COLUMNS))
    return 0


def resolve(db: Path, args: argparse.Namespace) -> int:
    """Choose one station's value for a conflict, with a reason."""
    with open_day(db, write=True) as view:
        at = datetime.now().astimezone().isoformat(timespec="milliseconds")
        conflict = view.resolve(args.conflict, args.station, args.reason, at, source="cli")
    print(f"saved: {conflict.id} decided for station {args.station} ({args.reason.strip()})")
    return 0


def push(db: Path, args: argparse.Namespace) -> int:
    """Send the desk every record it does not hold yet, once (a few tries if it is down)."""
    import httpx  # noqa: PLC0415 - only this command loads the HTTP client

    from timing_console.stations.push_client import BACKOFF_S, PushLink, Refused  # noqa: PLC0415

    code = args.code if args.code is not None else os.environ.get(CODE_ENV)
    if code is None:
        print("error: give the desk's pairing code: --code CODE", file=sys.stderr)
        return 2
    with open_day(db, write=False) as view:
        me, identity = view.me, view.identity()
    station = me.name
    if args.follow:
        return follow(db, args.url, code, me, identity)
    link = PushLink(db, url=args.url, code=code, station=me, identity=identity)
    try:
        for pause in (*BACKOFF_S[:3], None):
            try:
                sent = link.push_once()
                break
            except httpx.HTTPError as exc:
                if pause is None:
                    print(
                        f"error: the desk at {args.url} cannot be reached ({exc}); "
                        "nothing was lost: push again later",
                        file=sys.stderr,
                    )
                    return 1
                sleep(pause)
                link.acked = None
    except Refused as exc:
        print(f"error: the desk at {args.url} refused: {exc}", file=sys.stderr)
        return 1
    finally:
        link.client.close()
    print(
        f"station {station}: {sent} record{'s' if sent != 1 else ''} pushed; the desk "
        f"holds this station's records up to {link.acked}"
    )
    return 0


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """The commands' arguments."""
    p = sub.add_parser("share", parents=[common], help="write this station's records to a file")
    p.add_argument("out", type=Path)
    p = sub.add_parser("merge", parents=[common], help="bring in other stations' bundle files")
    p.add_argument("bundles", type=Path, nargs="+")
    p = sub.add_parser("push", parents=[common], help="send this station's records to a desk")
    p.add_argument("url", help="the desk's address, as `board --accept-push` printed it")
    p.add_argument("--code", help="the pairing code the desk printed")
    p.add_argument("--follow", action="store_true", help=argparse.SUPPRESS)  # the console's child
    p = sub.add_parser("conflicts", parents=[common], help="what stations recorded differently")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p = sub.add_parser("resolve", parents=[common], help="choose a station's value for a conflict")
    p.add_argument("conflict", help="the conflict's id, as `conflicts` lists it")
    p.add_argument("station", help="the station whose value stands")
    p.add_argument("--reason", required=True, help="why (kept with the choice)")


HANDLERS = {
    "share": share,
    "merge": merge,
    "push": push,
    "conflicts": conflicts,
    "resolve": resolve,
}
