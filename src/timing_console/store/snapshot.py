"""The TinyDB snapshot: the whole day in one stock TinyDB JSON file, for a fast open.

Layout: `{"_meta": {"1": meta}, "<table>": {"<doc_id>": doc, ...}, ...}`, which
stock TinyDB reads as it is. `meta` records the sequence number the snapshot
holds, the journal offset it covers (and the checksum of the journal line that
ends there, to recognise that journal), and each table's key -> doc id index.
Doc ids number each table's records in first-insert order, afresh per snapshot.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timing_console.store.codec import Codec, dumps
from timing_console.store.errors import StoreError
from timing_console.store.files import atomic_write
from timing_console.store.state import META_TABLE, DayState

FORMAT = 1
"""Version of the `_meta` layout; bump it when the layout changes."""

_BATCH = 512
"""Documents encoded per chunk: each `json.dumps` call holds the GIL only briefly."""


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


def encode(image: Image) -> Iterator[bytes]:
    """The snapshot file's bytes, in chunks of a few hundred documents.

    One `json.dumps` of the whole day would hold the GIL for tens of
    milliseconds at 10,000 documents; per-document calls let other threads
    (the console's input) run between them.
    """
    yield f'{{"{META_TABLE}":{{"1":{dumps(_meta(image))}}}'.encode()
    dump = image.codec.dump
    for name, rows in image.tables.items():
        yield f",{dumps(name)}:{{".encode()
        parts: list[bytes] = []
        separator = b""
        for n, value in enumerate(rows.values(), start=1):
            parts.append(b'"%d":%b' % (n, dump(name, value)))
            if len(parts) == _BATCH:
                yield separator + b",".join(parts)
                parts, separator = [], b","
        if parts:
            yield separator + b",".join(parts)
        yield b"}"
    yield b"}"


def write(path: Path, image: Image) -> None:
    """Replace the snapshot atomically (temp file, fsync, rename, folder fsync)."""
    atomic_write(path, encode(image))


def _int(value: Any, minimum: int = 0) -> int | None:
    return value if type(value) is int and value >= minimum else None


def _check_meta(meta: Any) -> Cover:
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise SnapshotDamaged("its _meta record is missing or of an unknown format")
    seq, offset = _int(meta.get("seq")), _int(meta.get("journal_offset"))
    last_start, last_crc = _int(meta.get("journal_last_start")), meta.get("journal_last_crc")
    if seq is None or offset is None or last_start is None or not isinstance(last_crc, str):
        raise SnapshotDamaged("its _meta record is incomplete")
    if last_start > offset:
        raise SnapshotDamaged("its _meta record is inconsistent")
    return Cover(seq=seq, offset=offset, last_start=last_start, last_crc=last_crc)


def _check_table(name: str, docs: Any, keys: Any) -> None:
    if not isinstance(docs, dict) or not all(isinstance(d, dict) for d in docs.values()):
        raise SnapshotDamaged(f"its table {name!r} is not a table of documents")
    if not isinstance(keys, dict) or not all(
        isinstance(k, str) and _int(n, 1) is not None for k, n in keys.items()
    ):
        raise SnapshotDamaged(f"the key index of table {name!r} is damaged")
    numbers = [str(n) for n in keys.values()]
    if len(set(numbers)) != len(numbers) or set(numbers) != set(docs):
        raise SnapshotDamaged(f"the key index of table {name!r} does not match its documents")


def parse(raw: bytes, codec: Codec) -> tuple[Cover, DayState]:
    """Validate a snapshot's bytes and load them, or raise SnapshotDamaged."""
    if not raw.strip():
        raise SnapshotDamaged("it is empty" if not raw else "it holds only blank space")
    try:
        data = codec.loads(raw)
    except (ValueError, RecursionError):
        raise SnapshotDamaged("it is not valid JSON (cut off or garbled)") from None
    if not isinstance(data, dict) or not isinstance(data.get(META_TABLE), dict):
        raise SnapshotDamaged("it is JSON but not a timing-console day (no _meta table)")
    cover = _check_meta(data[META_TABLE].get("1"))
    keys = data[META_TABLE]["1"].get("keys")
    if not isinstance(keys, dict):
        raise SnapshotDamaged("its key index is missing")
    tables = {name: docs for name, docs in data.items() if name != META_TABLE}
    for name in set(tables) | set(keys):
        _check_table(name, tables.get(name, {}), keys.get(name, {}))
    state = DayState(codec)
    for name, docs in tables.items():
        ids = {str(n): key for key, n in keys.get(name, {}).items()}
        for doc_id in sorted(docs, key=int):
            try:
                # Popped (past a frozen dict's guard): each parsed document is freed once decoded.
                state.put(name, ids[doc_id], dict.pop(docs, doc_id))
            except StoreError as exc:
                raise SnapshotDamaged(str(exc)) from None
    state.seq = cover.seq
    return cover, state


def read(path: Path, codec: Codec) -> tuple[Cover, DayState] | None:
    """The snapshot at `path` (None if there is none), or raise SnapshotDamaged."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    return parse(raw, codec)
