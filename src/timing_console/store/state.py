"""The day held in memory: table -> key -> value, as the day's codec decodes them.

Every value in memory is immutable, so `get` and `rows` hand out the stored
objects themselves (no copy per read) without any caller being able to change
the day behind the journal's back. The day's own records are frozen pydantic
models (see `codec`); a plain document is a frozen dict (see `frozen`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from timing_console.store.codec import Codec

META_TABLE = "_meta"
"""Table name the snapshot keeps for its own bookkeeping; never a day table."""


class DayState:
    """The day in memory: table -> key -> value, each value as its codec decoded it.

    Values are immutable (frozen models or frozen dicts), so readers and the
    snapshot writer share them without copies. Dicts keep first-insert order,
    which is the order the snapshot numbers documents in.
    """

    def __init__(self, codec: Codec) -> None:
        """An empty day at sequence 0."""
        self.codec = codec
        self.tables: dict[str, dict[str, Any]] = {}
        self.seq = 0

    def upsert(self, table: str, key: str, value: Any) -> None:
        """Store a decoded value under `key`, keeping the key's first-insert position."""
        rows = self.tables.get(table)
        if rows is None:
            rows = self.tables[table] = {}
        rows[key] = value

    def put(self, table: str, key: str, doc: dict[str, Any]) -> None:
        """Decode a stored document and store what it holds."""
        for entry in self.codec.decode(table, key, doc):
            self.upsert(*entry)

    def apply(self, seq: int, puts: Iterable[tuple[str, str, dict[str, Any]]]) -> None:
        """Apply one journal record (already durable) and advance the sequence."""
        for table, key, doc in puts:
            self.put(table, key, doc)
        self.seq = seq

    def get(self, table: str, key: str) -> Any:
        """The value stored under `key`, or None."""
        return self.tables.get(table, {}).get(key)

    def puts(self) -> list[tuple[str, str, Mapping[str, Any]]]:
        """Every record as (table, key, document), in first-insert order."""
        encode = self.codec.encode
        return [
            (table, key, encode(table, value))
            for table, rows in self.tables.items()
            for key, value in rows.items()
        ]
