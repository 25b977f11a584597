"""The append-only journal: one checksummed line per commit, the day's source of truth.

A line is `<crc32 of the json, 8 lower-case hex digits> <compact json>\\n` and
holds one commit, `{"seq": n, "puts": [[table, key, doc], ...]}`. A commit is
acknowledged only once its whole line is written and fsynced, so a line that
is cut off or fails its checksum at the end of the file was never
acknowledged, while one that fails in the middle is damage to keep aside.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timing_console.oscompat import O_BINARY, fsync_dir
from timing_console.store.codec import dumps
from timing_console.store.errors import StoreError
from timing_console.store.files import write_all
from timing_console.store.state import META_TABLE

PutTuple = tuple[str, str, Mapping[str, Any]]
"""One upsert to write: (table, key, document)."""

CRC_DIGITS = 8
"""A line starts with its CRC-32 in this many lower-case hex digits, then a space."""
PAYLOAD_AT = CRC_DIGITS + 1
"""Where a line's JSON starts."""


def encode_payload(seq: int, puts: Sequence[PutTuple]) -> bytes:
    """The compact JSON of one commit (small: never the whole day)."""
    record = {"seq": seq, "puts": [[table, key, doc] for table, key, doc in puts]}
    return dumps(record).encode("utf-8")


def encode_line(payload: bytes) -> bytes:
    """Frame a payload as a journal line with its checksum."""
    return b"%08x %b\n" % (zlib.crc32(payload), payload)


@dataclass(frozen=True)
class Record:
    """One intact journal line, decoded, with where it sits in the file."""

    seq: int
    puts: list[tuple[str, str, dict[str, Any]]]
    start: int
    end: int
    crc: str


def _decode_puts(raw: Any) -> list[tuple[str, str, dict[str, Any]]] | None:
    if not isinstance(raw, list):
        return None
    puts: list[tuple[str, str, dict[str, Any]]] = []
    for put in raw:
        if not (isinstance(put, list) and len(put) == 3):
            return None
        table, key, doc = put
        if not (isinstance(table, str) and table and table != META_TABLE):
            return None
        if not (isinstance(key, str) and isinstance(doc, dict)):
            return None
        puts.append((table, key, doc))
    return puts


def decode_line(
    line: bytes, start: int, loads: Callable[[bytes], Any] = json.loads
) -> Record | None:
    """The record a line (without its newline) holds, or None if it is damaged."""
    head, space, payload = line[:CRC_DIGITS], line[CRC_DIGITS:PAYLOAD_AT], line[PAYLOAD_AT:]
    if space != b" " or len(head) != CRC_DIGITS:
        return None
    crc = head.decode("ascii", "replace")
    if crc != f"{zlib.crc32(payload):08x}":
        return None
    try:
        record = loads(payload)
    except (ValueError, RecursionError):
        return None
    if not isinstance(record, dict):
        return None
    seq = record.get("seq")
    puts = _decode_puts(record.get("puts"))
    if type(seq) is not int or seq < 1 or puts is None:
        return None
    return Record(seq=seq, puts=puts, start=start, end=start + len(line) + 1, crc=crc)


@dataclass
class Scan:
    """What reading a stretch of the journal found."""

    base: int
    """File offset the stretch starts at."""
    end: int
    """File offset the stretch ends at (the file's size)."""
    records: list[Record] = field(default_factory=list)
    bad_middle: int = 0
    """Damaged lines followed by intact ones: real damage, never a torn write."""
    bad_tail: int = 0
    """Complete but damaged lines after the last intact one."""
    torn: bool = False
    """The stretch ends in a line with no newline: a write cut off."""


def scan(
    data: bytes, base: int, after_seq: int, loads: Callable[[bytes], Any] = json.loads
) -> Scan:
    """Decode every line of `data` (read from offset `base`).

    A line counts as intact only if its checksum, shape and sequence (greater
    than the one before, and than `after_seq`) all hold.
    """
    found = Scan(base=base, end=base + len(data))
    last_seq = after_seq
    bad_since_good = 0
    pos = 0
    while pos < len(data):
        newline = data.find(b"\n", pos)
        if newline < 0:
            found.torn = True
            break
        record = decode_line(data[pos:newline], base + pos, loads)
        if record is not None and record.seq > last_seq:
            found.records.append(record)
            found.bad_middle += bad_since_good
            bad_since_good = 0
            last_seq = record.seq
        else:
            bad_since_good += 1
        pos = newline + 1
    found.bad_tail = bad_since_good
    return found


def failing_checksum(data: bytes, end: int) -> int:
    """How many lines of `data[:end]` fail their checksum (a cut-off last one counts).

    Checks the framing and CRC only, without decoding any JSON, so the part
    of the journal a snapshot already holds can be verified on every open
    (about 6 ms for 10,000 lines).
    """
    lines = data[:end].split(b"\n")
    cut_off = int(lines.pop() != b"")
    crc32 = zlib.crc32
    at = PAYLOAD_AT
    return cut_off + sum(line[:at] != b"%08x " % crc32(line[at:]) for line in lines)


def read_from(path: Path, offset: int) -> bytes:
    """The journal's bytes from `offset` to its end."""
    with path.open("rb") as handle:
        handle.seek(offset)
        return handle.read()


class JournalWriter:
    """The journal opened for appending, with where its last intact line is.

    Appends use one `O_APPEND` descriptor kept open for the store's life. A line
    is acknowledged once it is written (`write`), fsynced (`flush`, which may
    run in another thread while the console draws) and `acknowledge`d. If a
    write or fsync fails, the file is cut back to the last acknowledged line so
    a half-written line can never end up in the middle of the journal.
    """

    def __init__(self, path: Path, end: int, last_start: int, last_crc: str) -> None:
        """Open (creating it durably if missing) the journal at `path` for appends."""
        self.path = path
        self.end = end
        """Where the last acknowledged line ends (a written, unsynced one lies after it)."""
        self.last_start = last_start
        self.last_crc = last_crc
        self.broken: str | None = None
        self._unsynced: bytes | None = None
        created = not path.exists()
        # Binary on Windows too: text mode would write each "\n" as "\r\n" and break the CRC.
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | O_BINARY
        try:
            self._fd = os.open(path, flags, 0o600)
            if created:
                fsync_dir(path.parent)
        except OSError as exc:
            raise StoreError("err.cannot_open_journal", path=path, why=exc) from exc

    def write(self, line: bytes) -> None:
        """Write one line, not yet acknowledged (one at a time: `flush`, then `acknowledge`)."""
        if self.broken is not None:
            raise StoreError("err.journal_broken", path=self.path, why=self.broken)
        if self._unsynced is not None:
            raise StoreError(f"Cannot save to {self.path}: the line before is not acknowledged.")
        try:
            write_all(self._fd, line)
        except OSError as exc:
            self._roll_back()
            raise StoreError("err.cannot_save_journal", path=self.path, why=exc) from exc
        self._unsynced = line

    def flush(self) -> None:
        """fsync the file (any thread: the line written waits for `acknowledge`)."""
        os.fsync(self._fd)

    def acknowledge(self) -> None:
        """The written line is durable (a `flush` returned after it was written)."""
        line = self._unsynced
        if line is None:
            return
        self._unsynced = None
        self.last_start = self.end
        self.end += len(line)
        self.last_crc = line[:CRC_DIGITS].decode("ascii")

    def abandon(self, why: OSError) -> StoreError:
        """A `flush` failed: cut the written line off; the error to raise."""
        self._roll_back()
        return StoreError("err.cannot_save_journal", path=self.path, why=why)

    def _roll_back(self) -> None:
        self._unsynced = None
        try:
            os.ftruncate(self._fd, self.end)
            os.fsync(self._fd)
        except OSError as exc:
            self.broken = str(exc)

    def close(self) -> None:
        """Close the descriptor (every acknowledged line is already durable)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
