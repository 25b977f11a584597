"""DayStore: one event day as a durable store of (table, key) records.

Every `commit` is one checksummed journal line, written and fsynced before it
returns and before memory changes, so a result the console has shown can
never be lost by a crash. Memory holds the day once, as the values its codec
decodes (the day's frozen pydantic models, see `codec`); the TinyDB database
is only a snapshot that speeds up the next open, written and read through
TinyDB (see `snapshot`), never by a commit. See `recovery` for what opening
does after a crash or with a damaged file.

Values returned by `get`, `all` and `rows` are the stored objects (no copy per
read) and immutable: a frozen model, or with the raw codec a read-only dict
(`doc | {"status": "DQ"}` or `copy.deepcopy(doc)` gives a plain one to change
and commit).
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any

from timing_console.store import snapshot
from timing_console.store.codec import RAW, Codec
from timing_console.store.errors import StoreError, StoreLocked
from timing_console.store.files import remove_stale_temps
from timing_console.store.journal import JournalWriter, encode_line, encode_payload
from timing_console.store.lock import DayLock
from timing_console.store.recovery import DayPaths, Opened, load
from timing_console.store.snapshot import Cover, Image
from timing_console.store.state import META_TABLE

__all__ = ["DayStore", "Pending", "Put", "StoreError", "StoreLocked"]

RECENT = 64
"""Commits `DayStore.recent` remembers."""


@dataclass(frozen=True)
class Put:
    """One upsert in a commit: `doc` (a model, or plain JSON data) stored under `table`/`key`."""

    table: str
    key: str
    doc: Any


class Pending:
    """A commit written to the journal and not yet acknowledged.

    `flush` (the fsync, the slow part) may run in any thread while the
    console goes on drawing; `finish`, in the committing thread, acknowledges
    the record and only then changes the in-memory day and tells the
    listeners. Until then readers see the day without it, as a crash would.
    """

    def __init__(
        self, store: DayStore, seq: int, entries: list[tuple[str, str, Any]], *, done: bool = False
    ) -> None:
        """A record `store` wrote as `seq` (use `DayStore.begin`)."""
        self.store = store
        self.seq = seq
        self.entries = entries
        self.done = done
        self.flushed = done
        self.error: OSError | None = None
        self.failed: StoreError | None = None

    def flush(self) -> None:
        """Make the written record durable (any thread; safe to call again)."""
        if self.flushed:
            return
        try:
            self.store.flush_journal()
        except OSError as exc:
            self.error = exc
        self.flushed = True

    def finish(self) -> int:
        """Acknowledge and apply the record; its sequence number, or the StoreError that cut
        it off (nothing saved)."""
        return self.store._finish(self)

    def result(self) -> int:
        """The sequence number of a finished commit (raises if it failed)."""
        if self.failed is not None:
            raise self.failed
        return self.seq


class DayStore:
    """The durable store of one event day; open it with `DayStore.open`.

    Thread-safe: commits and snapshots may come from different threads.
    """

    path: Path
    """The TinyDB snapshot file; the journal and lock sit next to it."""
    notices: list[str]
    """One plain sentence per recovery done while opening; empty when all was fine."""
    readonly: bool

    def __init__(
        self,
        paths: DayPaths,
        opened: Opened,
        *,
        lock: DayLock | None,
        writer: JournalWriter | None,
        codec: Codec = RAW,
    ) -> None:
        """Wrap an opened day (use `DayStore.open`, which also recovers and locks)."""
        self.path = paths.day
        self.notices = opened.notices
        self.readonly = writer is None
        self._paths = paths
        self._state = opened.state
        self._lock = lock
        self._writer = writer
        self._closed = False
        self._mutex = threading.RLock()
        self._snapshotting = threading.Lock()
        self._snapshot_seq = opened.snapshot_seq
        self._codec = codec
        self._pending: Pending | None = None
        self.recent: deque[tuple[int, list[tuple[str, str, Any]]]] = deque(maxlen=RECENT)
        """The last commits made here, (seq, their entries): what changed, for readers that
        keep something built from the day and bring it up to date instead of rebuilding."""
        self.listeners: list[Callable[[int, list[tuple[str, str, Any]]], None]] = []
        """Told of each commit once it is durable: (seq, its entries), in the committing
        thread, outside the store's lock."""

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False, codec: Codec = RAW) -> DayStore:
        """Open (or create) the day at `path`, recovering from any crash.

        A writable open locks the day against other processes and raises
        StoreLocked if one already has it; a read-only open takes no lock and
        never writes. Raises StoreError if no intact copy of the day exists.
        `codec` decides what a stored document is in memory (see `codec`).
        """
        paths = DayPaths.of(Path(path).expanduser())
        if readonly:
            opened = cls._load(paths, readonly=True, codec=codec)
            return cls(paths, opened, lock=None, writer=None, codec=codec)
        try:
            paths.day.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError("err.cannot_create_folder", path=paths.day, why=exc) from exc
        lock = DayLock.acquire(paths.lock, paths.day)
        writer: JournalWriter | None = None
        try:
            remove_stale_temps(paths.day)
            remove_stale_temps(paths.journal)
            opened = cls._load(paths, readonly=False, codec=codec)
            cover = opened.cover
            writer = JournalWriter(paths.journal, cover.offset, cover.last_start, cover.last_crc)
            store = cls(paths, opened, lock=lock, writer=writer, codec=codec)
            if opened.snapshot_due:
                store.snapshot()
        except BaseException:
            if writer is not None:
                writer.close()
            lock.release()
            raise
        return store

    @staticmethod
    def _load(paths: DayPaths, *, readonly: bool, codec: Codec) -> Opened:
        try:
            return load(paths, readonly, codec)
        except OSError as exc:
            raise StoreError("err.cannot_open_day", path=paths.day, why=exc) from exc

    @property
    def codec(self) -> Codec:
        """What stored documents are in memory (see `codec`)."""
        return self._codec

    @property
    def seq(self) -> int:
        """Sequence number of the last committed record (0 for a new day)."""
        return self._state.seq

    def flush_journal(self) -> None:
        """fsync the journal (any thread, without the store's lock: see `Pending.flush`)."""
        self._writer_or_raise().flush()

    def _writer_or_raise(self) -> JournalWriter:
        if self._closed:
            raise StoreError("err.day_closed", path=self.path)
        if self._writer is None:
            raise StoreError("err.day_readonly", path=self.path)
        return self._writer

    def _check(self, put: Put) -> None:
        if not isinstance(put.table, str) or not put.table or put.table == META_TABLE:
            raise StoreError(f"Cannot save to {self.path}: {put.table!r} is not a usable table.")
        if not isinstance(put.key, str):
            raise StoreError(f"Cannot save to {self.path}: a put needs a str key.")
        if put.table in self._codec.append_only and self._state.get(put.table, put.key):
            raise StoreError(
                f"Cannot save to {self.path}: {put.table} record {put.key!r} is already "
                "written and is never written again."
            )

    def commit(self, *puts: Put) -> int:
        """Upsert `puts` as one atomic journal record; return its sequence number.

        The record is written and fsynced before this returns and before the
        in-memory day changes: if it raises, nothing was saved and the day is
        as it was. No puts: nothing is written and the current seq returns.
        """
        return self.begin(*puts).finish()

    def begin(self, *puts: Put) -> Pending:
        """Write `puts` as one journal record, not yet acknowledged: see `Pending`.

        A commit begun before and not finished is finished first, so records
        are acknowledged in the order they were written and each writer checks
        against a day that holds every record before its own.
        """
        with self._mutex:
            writer = self._writer_or_raise()
            self.settle()
            if not puts:
                return Pending(self, self._state.seq, [], done=True)
            for put in puts:
                self._check(put)
            once = [(p.table, p.key) for p in puts if p.table in self._codec.append_only]
            if len(set(once)) != len(once):
                raise StoreError(f"Cannot save to {self.path}: one commit puts a record twice.")
            seq = self._state.seq + 1
            try:
                docs = [(p.table, p.key, self._codec.encode(p.table, p.doc)) for p in puts]
                if not all(isinstance(doc, Mapping) for _, _, doc in docs):
                    raise TypeError("a document must be a dict")
                payload = encode_payload(seq, docs)
                # Apply what the journal holds, exactly as a replay will see it.
                record = self._codec.loads(payload)
                decoded = [list(self._codec.decode(*put)) for put in record["puts"]]
            except (TypeError, ValueError) as exc:
                raise StoreError(
                    f"Cannot save to {self.path}: a document is not plain JSON data ({exc})."
                ) from exc
            writer.write(encode_line(payload))
            entries = [(t, k, v) for found in decoded for t, k, v in found]
            self._pending = Pending(self, seq, entries)
            return self._pending

    def settle(self) -> None:
        """Finish the commit begun and not finished yet, if there is one."""
        pending = self._pending
        if pending is not None:
            pending.finish()

    def _finish(self, pending: Pending) -> int:
        """Acknowledge a written record (fsynced here if no other thread did), then apply it."""
        with self._mutex:
            if pending.done:
                return pending.result()
            writer = self._writer_or_raise()
            if not pending.flushed:
                pending.flush()
            pending.done = True
            self._pending = None
            if pending.error is not None:
                pending.failed = writer.abandon(pending.error)
                raise pending.failed
            writer.acknowledge()
            for table, key, value in pending.entries:
                self._state.upsert(table, key, value)
            self._state.seq = pending.seq
            self.recent.append((pending.seq, pending.entries))
        for listener in tuple(self.listeners):
            listener(pending.seq, pending.entries)
        return pending.seq

    def get(self, table: str, key: str) -> Any:
        """The value under `key` (immutable; see the module doc), or None."""
        return self._state.get(table, key)

    def all(self, table: str) -> list[Any]:
        """Every value of `table` (immutable), in first-insert order."""
        return list(self._state.tables.get(table, {}).values())

    def tables(self) -> list[str]:
        """The names of the tables that hold anything."""
        return list(self._state.tables)

    def rows(self, table: str) -> Mapping[str, Any]:
        """A live read-only view of `table`, key -> value, in first-insert order."""
        rows = self._state.tables.get(table)
        if rows is None:
            rows = self._state.tables.setdefault(table, {})
        return MappingProxyType(rows)

    def snapshot(self) -> None:
        """Write the whole day to the TinyDB snapshot, atomically (never called by commit).

        Copies the day's dicts under the lock (documents are immutable, so no
        deep copy), then encodes and writes outside it: commits from other
        threads go on meanwhile. Costs about 170 ms at 10,000 documents
        (`bench/bench_commit.py` prints it), so call it between heats, not while a
        clock runs.
        """
        with self._snapshotting:
            self._write_snapshot(self._image())

    def _image(self) -> Image:
        with self._mutex:
            writer = self._writer_or_raise()
            cover = Cover(self._state.seq, writer.end, writer.last_start, writer.last_crc)
            return Image.of(self._state, cover)

    def _write_snapshot(self, image: Image) -> None:
        try:
            snapshot.write(self.path, image)
        except OSError as exc:
            raise StoreError("err.cannot_write_snapshot", path=self.path, why=exc) from exc
        self._snapshot_seq = image.cover.seq

    def close(self, *, snapshot: bool = True) -> None:
        """Snapshot if anything changed since the last snapshot, then release the lock.

        `snapshot=False` leaves the day's files exactly as they are: for a
        command that was refused and saved nothing (the journal holds every
        save, so skipping a snapshot never loses anything).

        Safe to call twice. If the snapshot fails the lock is still released
        and the error raised; the journal holds every save regardless.
        """
        with contextlib.suppress(StoreError):
            self.settle()  # a commit begun is acknowledged (or cut off) before the day closes
        with self._snapshotting:
            with self._mutex:
                if self._closed:
                    return
                writer = self._writer
                due = writer is not None and writer.broken is None
                due = due and snapshot
                image = self._image() if due and self.seq != self._snapshot_seq else None
            try:
                if image is not None:
                    self._write_snapshot(image)
            finally:
                with self._mutex:
                    self._closed = True
                    if self._writer is not None:
                        self._writer.close()
                    if self._lock is not None:
                        with contextlib.suppress(OSError):
                            self._lock.release()

    def __enter__(self) -> DayStore:
        """Use as `with DayStore.open(path) as store:`."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the day (snapshotting it if it changed)."""
        self.close()
