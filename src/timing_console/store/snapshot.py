"""The TinyDB snapshot: the whole day in one TinyDB database, for a fast open.

It is written and read through TinyDB's own API (tables, and `Document`s under
our doc ids) on `SnapshotStorage`, our TinyDB storage, which replaces the file
atomically (temp file, fsync, rename, folder fsync) and encodes it a batch of
documents at a time. TinyDB's `CachingMiddleware` in front of it makes a
snapshot one write of the file and an open one read; commits never touch it
(they go to the journal, which is replayed after the snapshot on open).

Layout (stock TinyDB's): `{"_meta": {"1": meta}, "<table>": {"<doc_id>": doc, ...}, ...}`.
`meta` records the sequence number the snapshot holds, the journal offset it
covers (and the checksum of the journal line that ends there, to recognise
that journal), and each table's key -> doc id index. Doc ids number each
table's records in first-insert order, afresh per snapshot.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from tinydb import Storage, TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.table import Document, Table

from timing_console.store.codec import Codec, dumps
from timing_console.store.errors import StoreError
from timing_console.store.files import atomic_write
from timing_console.store.state import META_TABLE, DayState

FORMAT = 1
"""Version of the `_meta` layout; bump it when the layout changes."""

_BATCH = 128
"""Documents per `json.dumps` call: about 0.5 ms of holding the GIL for 128 attempts."""


class SnapshotDamaged(Exception):
    """The snapshot file exists but cannot be trusted; `str()` says why, briefly."""


@dataclass(frozen=True)
class Cover:
    """Which part of the journal a snapshot already holds."""

    seq: int
    offset: int
    """End of the last journal line the snapshot holds."""
    last_start: int
    """Start of that line."""
    last_crc: str
    """That line's checksum ('' when the snapshot holds no line)."""


@dataclass(frozen=True)
class Image:
    """A consistent copy of the day to write, taken in O(tables + records) dict copies."""

    tables: dict[str, dict[str, Any]]
    codec: Codec
    cover: Cover

    @classmethod
    def of(cls, state: DayState, cover: Cover) -> Image:
        """Copy the dicts, not the records: stored records never change."""
        tables = {name: dict(rows) for name, rows in state.tables.items()}
        return cls(tables=tables, codec=state.codec, cover=cover)


class SnapshotStorage(Storage):
    """TinyDB storage of a snapshot file: atomic, fsynced writes and checked reads.

    Use as `TinyDB(path, storage=SnapshotStorage, loads=...)`, or behind a
    `CachingMiddleware` (see `open_db`): without a cache TinyDB reads the whole
    file for every table it touches and writes it for every insert. Unlike
    stock `JSONStorage` it never creates the file on open, so reading a day
    writes nothing.
    """

    def __init__(self, path: str | Path, *, loads: Callable[[bytes], Any] = json.loads) -> None:
        """A storage of the file at `path`, parsed with `loads` (the day's codec parser)."""
        super().__init__()
        self.path = Path(path)
        self._loads = loads

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole database (None if there is no file), or raise SnapshotDamaged.

        An empty file is damage, not an empty database: every write replaces
        the file whole, so only a broken copy or disk leaves one.
        """
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            raise SnapshotDamaged("it is empty" if not raw else "it holds only blank space")
        try:
            data = self._loads(raw)
        except (ValueError, RecursionError):
            raise SnapshotDamaged("it is not valid JSON (cut off or garbled)") from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise SnapshotDamaged("it is JSON but not a TinyDB database (tables of documents)")
        for name, docs in data.items():
            if not all(isinstance(doc, dict) for doc in docs.values()):
                raise SnapshotDamaged(f"its table {name!r} is not a table of documents")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file with `data` so a crash leaves the old or the new one, whole."""
        atomic_write(self.path, encode(data))


def encode(data: dict[str, dict[str, Any]]) -> Iterator[bytes]:
    """A TinyDB database's compact JSON, in chunks of `_BATCH` documents.

    One `json.dumps` of the whole day would hold the GIL for tens of
    milliseconds at 10,000 documents; a call per batch lets other threads (the
    console's input) run between them. Same encoder as the journal's lines.
    """
    yield b"{"
    for number, (name, docs) in enumerate(data.items()):
        yield b"%b%b:{" % (b"," if number else b"", dumps(name).encode())
        items = iter(docs.items())
        separator = b""
        while batch := dict(islice(items, _BATCH)):
            yield separator + dumps(batch).encode()[1:-1]
            separator = b","
        yield b"}"
    yield b"}"


class _Cache(CachingMiddleware):
    """TinyDB's cache, written out by `close()` only: one atomic write per snapshot."""

    WRITE_CACHE_SIZE = sys.maxsize


def open_db(path: Path, codec: Codec) -> TinyDB:
    """The snapshot at `path` as a TinyDB database, read at most once and written on close."""
    cache = _Cache(SnapshotStorage)  # type: ignore[no-untyped-call]  # TinyDB's is unannotated
    return TinyDB(path, storage=cache, loads=codec.loads)


def _meta(image: Image) -> dict[str, Any]:
    cover = image.cover
    return {
        "format": FORMAT,
        "seq": cover.seq,
        "journal_offset": cover.offset,
        "journal_last_start": cover.last_start,
        "journal_last_crc": cover.last_crc,
        "keys": {
            name: {key: n for n, key in enumerate(rows, start=1)}
            for name, rows in image.tables.items()
        },
    }


def write(path: Path, image: Image) -> None:
    """Replace the snapshot with the image, through TinyDB: one atomic, fsynced write.

    The database starts empty (the old file is never read); each table's
    documents go in under their doc ids, numbered in first-insert order. If
    anything raises before `close()`, the cache is never flushed and the old
    snapshot stays as it was.
    """
    db = open_db(path, image.codec)
    db.drop_tables()
    db.table(META_TABLE).insert(Document(_meta(image), doc_id=1))
    encode_doc = image.codec.encode
    for name, rows in image.tables.items():
        db.table(name).insert_multiple(
            Document(encode_doc(name, value), doc_id=n)
            for n, value in enumerate(rows.values(), start=1)
        )
    db.close()


def _int(value: Any, minimum: int = 0) -> int | None:
    return value if type(value) is int and value >= minimum else None


def _check_meta(meta: Any) -> tuple[Cover, dict[str, Any]]:
    """The cover and the key index a `_meta` record holds, checked."""
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise SnapshotDamaged("its _meta record is missing or of an unknown format")
    seq, offset = _int(meta.get("seq")), _int(meta.get("journal_offset"))
    last_start, last_crc = _int(meta.get("journal_last_start")), meta.get("journal_last_crc")
    if seq is None or offset is None or last_start is None or not isinstance(last_crc, str):
        raise SnapshotDamaged("its _meta record is incomplete")
    if last_start > offset:
        raise SnapshotDamaged("its _meta record is inconsistent")
    keys = meta.get("keys")
    if not isinstance(keys, dict):
        raise SnapshotDamaged("its key index is missing")
    return Cover(seq=seq, offset=offset, last_start=last_start, last_crc=last_crc), keys


def _mismatch(name: str) -> SnapshotDamaged:
    return SnapshotDamaged(f"the key index of table {name!r} does not match its documents")


def _doc_ids(name: str, keys: Any) -> dict[int, str]:
    """A table's doc id -> key, from its key index in `_meta`, checked."""
    if not isinstance(keys, dict) or not all(
        isinstance(k, str) and _int(n, 1) is not None for k, n in keys.items()
    ):
        raise SnapshotDamaged(f"the key index of table {name!r} is damaged")
    ids = {n: key for key, n in keys.items()}
    if len(ids) != len(keys):
        raise _mismatch(name)
    return ids


def _load_table(table: Table, ids: dict[int, str], state: DayState) -> None:
    """Decode a table's documents into `state`, in doc id order (first-insert order).

    The table is read once, as TinyDB iterates it (a look-up per doc id would
    read it again for each of thousands of documents), and each document goes
    into the day as it comes: ours are written in doc id order, so none waits
    (a file written in another order holds back only those that come early).
    """
    order = iter(sorted(ids))
    wanted = next(order, None)
    early: dict[int, Document] = {}
    for doc in _documents(table):
        if doc.doc_id not in ids:
            raise _mismatch(table.name)
        early[doc.doc_id] = doc
        while wanted is not None and wanted in early:
            _put(table.name, ids[wanted], early.pop(wanted), state)
            wanted = next(order, None)
    if wanted is not None or early:
        raise _mismatch(table.name)


def _documents(table: Table) -> Iterator[Document]:
    """The table's documents as TinyDB reads them, or SnapshotDamaged for a doc id that is
    no number (TinyDB reads each as one)."""
    documents = iter(table)
    while True:
        try:
            doc = next(documents)
        except StopIteration:
            return
        except ValueError:
            raise SnapshotDamaged(f"table {table.name!r} has a doc id that is no number") from None
        yield doc


def _put(name: str, key: str, doc: Document, state: DayState) -> None:
    try:
        state.put(name, key, doc)
    except StoreError as exc:
        raise SnapshotDamaged(str(exc)) from None


def load(db: TinyDB, codec: Codec) -> tuple[Cover, DayState] | None:
    """The day a snapshot database holds (None if there is no file), or raise SnapshotDamaged.

    Tables load in the order of the key index, which is the order they were written in.
    """
    if db.storage.read() is None:
        return None
    names = db.tables()
    if META_TABLE not in names:
        raise SnapshotDamaged(
            "it is a TinyDB database but not a timing-console day (no _meta table)"
        )
    cover, keys = _check_meta(db.table(META_TABLE).get(doc_id=1))
    if META_TABLE in keys:
        raise _mismatch(META_TABLE)
    state = DayState(codec)
    for name in [*keys, *sorted(names - set(keys) - {META_TABLE})]:
        _load_table(db.table(name), _doc_ids(name, keys.get(name, {})), state)
    state.seq = cover.seq
    return cover, state


def read(path: Path, codec: Codec) -> tuple[Cover, DayState] | None:
    """The snapshot at `path` (None if there is none), or raise SnapshotDamaged.

    Read once, through TinyDB (see `open_db`); nothing is ever written.
    """
    db = open_db(path, codec)
    try:
        return load(db, codec)
    finally:
        db.close()
