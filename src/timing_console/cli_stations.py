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
from timing_console.words import Words, counted


def _own_day(view: DayView) -> Day:
    """This station's own day (no need to read every other station's records first)."""
    day = view.own_day()
    if day is None:
        return view.require_day()  # raises, saying no day is loaded
    return day


def share(db: Path, args: argparse.Namespace, words: Words) -> int:
    """Write this database's records (and those it merged) to one bundle file."""
    with open_day(db, write=False, words=words) as view:
        me, day = view.me, _own_day(view)
        station = view.labels()[me.sid]
    shared = exchange.share(db, me, day, args.out)
    own = shared.records.get(station, 0)
    others = {s: n for s, n in shared.records.items() if s != station}
    carried = "".join(words("cli.shared_also", n=n, station=s) for s, n in others.items())
    records = counted(own, "n.record", "n.records")
    print(words("cli.shared", out=args.out, records=records, station=station, carried=carried))
    return 0


def merge(db: Path, args: argparse.Namespace, words: Words) -> int:
    """Bring other stations' records in; say what was added, and any conflict found."""
    with open_day(db, write=False, words=words) as view:
        me, day = view.me, _own_day(view)
    merged = exchange.merge(db, me, day, args.bundles)
    if not merged.added:
        print(words("cli.nothing_new"))
        return 0
    for name, added in sorted(merged.added.items()):
        records = counted(added, "n.record", "n.records")
        results = counted(merged.results.get(name, 0), "n.result", "n.results")
        print(words("cli.station_added", station=name, records=records, results=results))
    with open_day(db, write=False, words=words) as view:
        conflicts, clashes = view.conflicts(), view.clashes()
    if conflicts:
        found = counted(len(conflicts), "n.conflict", "n.conflicts")
        print(words("cli.conflicts_to_decide", conflicts=found), file=sys.stderr)
    if clashes:
        athletes = counted(len(clashes), "n.athlete", "n.athletes")
        clashing = words("cli.clashes_found", athletes=athletes)
        print(words("cli.warning", text=clashing), file=sys.stderr)
    return 0


def conflicts(db: Path, args: argparse.Namespace, words: Words) -> int:
    """List what stations recorded differently (and athletes timed twice at once)."""
    with open_day(db, write=False, words=words) as view:
        found, clashes, named = view.conflicts(), view.clashes(), view.labels()
    if args.format == "json":
        print(to_json(conflict_records(found, named)))
        return 0
    rows = conflict_rows(found, named)
    if args.format == "csv":
        print(to_csv(rows, CONFLICT_COLUMNS).rstrip("\r\n"))
        return 0
    print(to_table(rows, CONFLICT_COLUMNS) if rows else words("cli.no_conflicts"))
    if clashes:
        print()
        print(words("cli.clashes"))
        print(to_table(clash_rows(clashes, named), CLASH_COLUMNS))
    return 0


def resolve(db: Path, args: argparse.Namespace, words: Words) -> int:
    """Choose one station's value for a conflict, with a reason."""
    with open_day(db, write=True, words=words) as view:
        at = datetime.now().astimezone().isoformat(timespec="milliseconds")
        conflict = view.resolve(args.conflict, args.station, args.reason, at, source="cli")
    decided = words("cli.decided", id=conflict.id, station=args.station, reason=args.reason.strip())
    print(decided)
    return 0


def push(db: Path, args: argparse.Namespace, words: Words) -> int:
    """Send the desk every record it does not hold yet, once (a few tries if it is down)."""
    import httpx  # noqa: PLC0415 - only this command loads the HTTP client

    from timing_console.stations.push_client import BACKOFF_S, PushLink, Refused  # noqa: PLC0415

    code = args.code if args.code is not None else os.environ.get(CODE_ENV)
    if code is None:
        print(words("cli.error", text=words("cli.push_needs_code")), file=sys.stderr)
        return 2
    with open_day(db, write=False, words=words) as view:
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
                    gone = words("cli.desk_unreachable", url=args.url, why=exc)
                    print(words("cli.error", text=gone), file=sys.stderr)
                    return 1
                sleep(pause)
                link.acked = None
    except Refused as exc:
        refused = words("cli.desk_refused", url=args.url, why=words.refusal(exc))
        print(words("cli.error", text=refused), file=sys.stderr)
        return 1
    finally:
        link.client.close()
    records = counted(sent, "n.record", "n.records")
    print(words("cli.pushed", station=station, records=records, acked=link.acked))
    return 0


HANDLERS = {
    "share": share,
    "merge": merge,
    "push": push,
    "conflicts": conflicts,
    "resolve": resolve,
}
