"""`board --accept-push`: the desk takes other stations' records over the network.

Two routes, added only under the flag, both behind the pairing code the desk
prints (`Authorization: Bearer CODE`; without it, 401 and nothing stored):

- `GET /push/{station}?sid=ID&replaces=NAME` answers how far the desk holds
  that station's records (`{"acked": seq}`), so a station resumes where the
  desk's acknowledgement ended;
- `POST /push` takes `{"station", "sid", "replaces", "day", "after",
  "records"}`, the records as framed lines exactly as a bundle carries them.

A station is its id (`sid`), not its name: a laptop under a name the desk
already holds for another id is refused (409, naming both laptops and what to
do), unless it was set up to replace that station (`replaces`); the desk then
keeps both, the old station's records too. They are accepted only in
  order: `after` must be the last record the desk holds of that station
  (otherwise 409 with the desk's `acked`, and the station resends from
  there); each line's checksum must hold and each record must belong to the
  station, in increasing sequence. Records the desk already holds must be the
  same (a replay changes nothing); new ones are appended to the station's
  file beside the day and fsynced before the answer says `acked`.

The records land in `<day>.stations/` under that folder's own lock, never in
the day's journal: a push never waits for the desk's console, and the
desk's console never waits for a push.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from timing_console.model import Day
from timing_console.stations.exchange import day_label
from timing_console.stations.files import (
    StationFiles,
    StationRecord,
    implausible,
    namesake,
    namesake_refusal,
    unframe,
)
from timing_console.store.errors import StoreError
from timing_console.store.files import atomic_write
from timing_console.store.identity import Identity, legacy_sid

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O or 1/I: a code read aloud across a field is typed right."""
MAX_BODY = 16 * 1024 * 1024
"""A push is a few hundred records; a body past this is refused unread."""
SLOW_AFTER = 5
"""Wrong codes allowed before each further try waits a second (guessing is slow)."""


def pairing_code() -> str:
    """A fresh code such as `K7QX-29MD`: 40 bits."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def pairing_path(db: Path) -> Path:
    """Where the day's code is kept: beside its database (moved aside with it by `--archive`)."""
    return db.with_name(db.name + ".pairing")


def day_code(db: Path, *, new: bool = False) -> str:
    """The day's pairing code: the one kept beside `db`, or (none yet, or `new`) a fresh one,
    kept there durably before it is shown. A restart of the board keeps every station
    paired; `board --new-code` is the one way to change it.

    Raises StoreError naming the file if what is kept there is not a code.
    """
    path = pairing_path(db)
    if not new:
        try:
            kept = path.read_bytes().decode("ascii", "replace").strip()
        except FileNotFoundError:
            kept = None
        except OSError as exc:
            raise StoreError("err.cannot_read_code", path=path, why=exc) from exc
        if kept is not None:
            if len(kept) != 9 or kept[4] != "-" or set(kept) - set(ALPHABET) - {"-"}:
                raise StoreError("err.no_code_kept", path=path)
            return kept
    code = pairing_code()
    atomic_write(path, f"{code}\n".encode("ascii"))
    return code


def same_code(given: str, code: str) -> bool:
    """Whether a typed code is the desk's, ignoring case, spaces and the dash."""
    clean = given.upper().replace("-", "").replace(" ", "")
    return secrets.compare_digest(clean.encode(), code.replace("-", "").encode())


@dataclass
class Desk:
    """The desk's side of pushing: its day, its own station, its code."""

    db: Path
    code: str
    day: str
    """The day's identity: a push of another day is refused."""
    station: Identity
    """The desk's own station: nobody else may push under its name or id."""
    rules: Day | None = None
    """The day's definition, whose events a pushed result must be possible in."""
    wrong: int = 0
    pushes: int = 0
    known: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Station id -> (its file's size, its last record) when last read or appended to."""

    @property
    def files(self) -> StationFiles:
        """The station files beside the day."""
        return StationFiles(self.db)

    def held(self, station: Identity) -> int:
        """The last record the desk holds of `station` (its file read again only if it grew
        by other means, such as a merge from a bundle)."""
        path = self.files.path(station)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            return 0
        known = self.known.get(station.sid)
        if known is not None and known[0] == size:
            return known[1]
        _, records, end = self.files.read_file(path)
        last = records[-1].seq if records else 0
        if end == size:  # whole: a line cut off by a crash would be cut away by append first
            self.known[station.sid] = (size, last)
        return last

    def stranger(self, station: Identity) -> str | None:
        """Why the desk refuses `station` as another laptop under a name it holds; None if
        it takes it (a station it knows, a new one, or a spare set up to replace one)."""
        if station.sid == self.station.sid:
            return f"{station.name} carries the desk's own station id: copied from the desk?"
        known = [self.station, *self.files.identities()]
        clash = namesake(known, station)
        if clash is None:
            return None
        return namesake_refusal(clash, station, self.held(clash))


def _desk(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


async def _authorised(request: Request, desk: Desk) -> JSONResponse | None:
    """None if the request carries the pairing code, else the 401 to send."""
    header = request.headers.get("authorization", "")
    given = header[7:] if header.lower().startswith("bearer ") else ""
    if given and same_code(given, desk.code):
        return None
    desk.wrong += 1
    if desk.wrong > SLOW_AFTER:
        await anyio.sleep(1)
    return JSONResponse({"error": "wrong or missing pairing code"}, status_code=401)


def _identity(name: Any, sid: Any, replaces: Any) -> Identity | None:
    """The station a request says it is (a release before ids sends its name only)."""
    if not isinstance(name, str) or not name:
        return None
    if sid is not None and not (isinstance(sid, str) and sid):
        return None
    if replaces is not None and not isinstance(replaces, str):
        return None
    return Identity(sid or legacy_sid(name), name, replaces or None)


Answer = tuple[int, dict[str, Any]]
"""An HTTP status and its JSON body: what both routes (and a test's transport) answer."""


def answer_acked(desk: Desk, name: str, sid: str | None, replaces: str | None) -> Answer:
    """How far the desk holds one station's records, or why it refuses that station."""
    station = _identity(name, sid, replaces)
    if station is None:
        return 400, {"error": "a station names itself"}
    with desk.files.locked():
        why = desk.stranger(station)
        if why is not None:
            return 409, {"error": why}
        return 200, {"station": station.name, "acked": desk.held(station)}


def answer_push(desk: Desk, raw: bytes) -> Answer:
    """Store a push's records (a body already read within the limit); the answer to send.

    Malformed or absurdly nested JSON is a 400 like any other bad request:
    nothing of it is stored and the desk goes on.
    """
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        return 400, {"error": "not JSON (or nested too deep)"}
    parsed = parse(body, desk)
    if isinstance(parsed, JSONResponse):
        return parsed.status_code, json.loads(bytes(parsed.body))
    station, after, records = parsed
    try:
        stored = store_records(desk, station, after, records)
    except StoreError as exc:
        return 500, {"error": str(exc)}
    if isinstance(stored, tuple):
        why, acked_now = stored
        extra = {} if acked_now is None else {"acked": acked_now}
        return 409, {"error": why, **extra}
    desk.pushes += 1
    return 200, {"station": station.name, "acked": stored}


async def acked(request: Request) -> JSONResponse:
    """How far the desk holds one station's records (or why it refuses that station)."""
    desk = _desk(request)
    refusal = await _authorised(request, desk)
    if refusal is not None:
        return refusal
    query = request.query_params
    name, sid, replaces = request.path_params["station"], query.get("sid"), query.get("replaces")
    status, answer = await anyio.to_thread.run_sync(answer_acked, desk, name, sid, replaces)
    return JSONResponse(answer, status_code=status)


def _refused(why: str, status: int = 400, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": why, **extra}, status_code=status)


def parse(body: Any, desk: Desk) -> tuple[Identity, int, list[StationRecord]] | JSONResponse:
    """The station, `after` and records of a push, or the refusal to send."""
    if not isinstance(body, dict):
        return _refused("a push is a JSON object")
    day, after, lines = (body.get(k) for k in ("day", "after", "records"))
    station = _identity(body.get("station"), body.get("sid"), body.get("replaces"))
    if station is None or type(after) is not int:
        return _refused("a push names its station and the record it follows")
    if day != desk.day:
        named = f" ({day_label(desk.rules)})" if desk.rules is not None else ""
        return _refused(
            f"these records are of another day than the desk's{named}: a practice day's "
            "records never reach a real day's desk, nor the reverse; load the desk's day file "
            "at this station",
            409,
        )
    if station.name == desk.station.name and station.sid != desk.station.sid:
        return _refused(f"{station.name} is the desk's own name: name each laptop differently", 409)
    if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
        return _refused("records must be a list of lines")
    records: list[StationRecord] = []
    for n, line in enumerate(lines):
        doc = unframe(line.encode("utf-8").removesuffix(b"\n"))
        record = StationRecord.of(doc) if doc is not None else None
        if record is None or record.sid != station.sid:
            return _refused(f"record {n + 1} is damaged or not {station.name}'s")
        if records and record.seq <= records[-1].seq:
            return _refused(f"record {n + 1} is out of order")
        records.append(record)
    why = implausible(desk.rules, records) if desk.rules is not None else None
    if why is not None:
        return _refused(f"not taken: {why}", 422)
    return station, after, records


def store_records(
    desk: Desk, station: Identity, after: int, records: list[StationRecord]
) -> int | tuple[str, int | None]:
    """Append under the folder's lock; the new `acked`, or why not (with the desk's `acked`
    when the push was only out of order, None when the station is refused)."""
    files = desk.files
    with files.locked():
        why = desk.stranger(station)
        if why is not None:
            return why, None
        last = desk.held(station)
        if after != last:
            return f"out of order: the desk holds {station.name} up to {last}", last
        if not records:
            return last
        path = files.path(station)
        whole = path.exists() and desk.known.get(station.sid) == (path.stat().st_size, last)
        files.append(station, desk.day, records, after=last if whole else None)
        desk.known[station.sid] = (files.path(station).stat().st_size, records[-1].seq)
        return records[-1].seq


async def bounded_body(request: Request, limit: int = MAX_BODY) -> bytes | None:
    """The request's body, or None once it passes `limit` bytes, however it is framed (a
    chunked body has no length to check first): read no further than the limit."""
    if int(request.headers.get("content-length") or 0) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


async def push(request: Request) -> JSONResponse:
    """Store a station's next records; answer how far the desk now holds them."""
    desk = _desk(request)
    refusal = await _authorised(request, desk)
    if refusal is not None:
        return refusal
    raw = await bounded_body(request)
    if raw is None:
        return _refused("too large", 413)
    status, answer = await anyio.to_thread.run_sync(answer_push, desk, raw)
    return JSONResponse(answer, status_code=status)


ROUTES = [Route("/push", push, methods=["POST"]), Route("/push/{station:str}", acked)]
"""The write routes, mounted only by `board --accept-push`."""
