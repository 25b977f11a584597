"""How stored documents become the values the day holds in memory, and back.

The store itself is generic: a journal of (table, key, document) upserts and
a TinyDB snapshot. A `Codec` decides what a document is once loaded. The day's
own codec (`RECORDS`) turns each table's documents into its frozen pydantic
model, so the parsed models are the only in-memory copy of the day; `RAW`
keeps plain read-only dicts, for the store's own tests and benchmarks.

Decoding is also where old shapes are upgraded: the first release wrote a
heat's whole action log into its heat document and an attempt's whole history
into the attempt, so each save rewrote everything before it. Those documents
are split on the way in into one record per action and per change, exactly
as the current release writes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from timing_console.model import (
    Action,
    Attempt,
    Change,
    Day,
    HeatState,
    action_key,
    change_key,
)
from timing_console.store.errors import StoreError
from timing_console.store.frozen import freeze, loads_frozen

Entry = tuple[str, str, Any]
"""One decoded record: (table, key, value)."""

ATTEMPTS = "attempts"
HEATS = "heats"
ACTIONS = "actions"
CHANGES = "changes"
META = "meta"
"""Table of the day's definition (key `day`)."""

MODELS: dict[str, type[BaseModel]] = {
    ATTEMPTS: Attempt,
    HEATS: HeatState,
    ACTIONS: Action,
    CHANGES: Change,
    META: Day,
}
"""The model each table of a day holds."""


class Codec(Protocol):
    """Turns stored JSON documents into in-memory values and back."""

    append_only: frozenset[str]
    """Tables whose keys are written once: a commit putting an existing key is refused."""

    def loads(self, data: bytes) -> Any:
        """Parse stored JSON (a journal line's payload, or the snapshot)."""
        ...

    def decode(self, table: str, key: str, doc: dict[str, Any]) -> Iterator[Entry]:
        """The value(s) a stored document holds (an old shape may yield several)."""
        ...

    def encode(self, table: str, value: Any) -> Mapping[str, Any]:
        """The JSON document to store for a value."""
        ...


def dumps(value: Any) -> str:
    """Compact JSON, refusing NaN and infinities (they are not JSON)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class RawCodec:
    """Documents stay plain read-only dicts: the store's generic form."""

    append_only: frozenset[str] = frozenset()

    def loads(self, data: bytes) -> Any:
        """Parse straight into frozen documents (no second walk to freeze them)."""
        return loads_frozen(data)

    def decode(self, table: str, key: str, doc: dict[str, Any]) -> Iterator[Entry]:
        """The document itself, frozen."""
        yield table, key, freeze(doc)

    def encode(self, table: str, value: Any) -> Mapping[str, Any]:
        """The document as it is."""
        return value  # type: ignore[no-any-return]


class RecordCodec:
    """Each table's documents as its frozen pydantic model (see `MODELS`).

    A field at its model's default is left out of what is stored, which keeps
    each journal line to what it says (a tally writes its count, not a dozen
    empty fields). So a model's default is part of the file format: changing
    one would change what old records mean, and a test pins them.

    Change records are the day's audit: each is written once under its own key
    and never again, so no later save can replace what history listed.
    """

    append_only: frozenset[str] = frozenset({CHANGES})

    def loads(self, data: bytes) -> Any:
        """Plain parsing: the documents only live until their models are built."""
        return json.loads(data)

    def decode(self, table: str, key: str, doc: dict[str, Any]) -> Iterator[Entry]:
        """The model of a document, upgrading the first release's shapes on the way."""
        model = MODELS.get(table)
        if model is None:
            yield table, key, freeze(doc)
            return
        try:
            if table == HEATS and "actions" in doc:
                yield from _split_heat(key, doc)
            elif table == ATTEMPTS and "history" in doc:
                yield from _split_attempt(doc)
            else:
                yield table, key, model.model_validate(doc)
        except (ValidationError, TypeError, KeyError) as exc:
            raise StoreError(
                "err.bad_saved_record", table=table, key=repr(key), model=model.__name__, why=exc
            ) from exc

    def encode(self, table: str, value: Any) -> Mapping[str, Any]:
        """The model's JSON document."""
        if isinstance(value, BaseModel):
            return value.model_dump(mode="json", exclude_defaults=True)
        return value  # type: ignore[no-any-return]


def _split_heat(key: str, doc: dict[str, Any]) -> Iterator[Entry]:
    """A first-release heat: its action log becomes one record per action."""
    actions = doc["actions"]
    state = {k: v for k, v in doc.items() if k != "actions"}
    yield HEATS, key, HeatState.model_validate({**state, "logged": len(actions), "undo_from": 0})
    for n, action in enumerate(actions):
        before = action.get("before")
        if isinstance(before, dict):
            before = {k: v for k, v in before.items() if k != "history"}
        record = {**action, "before": before, "event": doc["event"], "heat": doc["heat"], "n": n}
        yield ACTIONS, action_key(doc["event"], doc["heat"], n), Action.model_validate(record)


def _split_attempt(doc: dict[str, Any]) -> Iterator[Entry]:
    """A first-release attempt: its history becomes one change record per entry."""
    history = doc["history"]
    kinds = [_kind(change) for change in history]
    attempt = {k: v for k, v in doc.items() if k != "history"}
    attempt |= {"changes": len(history), "corrected": "correction" in kinds}
    yield ATTEMPTS, doc["id"], Attempt.model_validate(attempt)
    where = {k: doc[k] for k in ("event", "heat", "lane", "bib")}
    for n, (change, kind) in enumerate(zip(history, kinds, strict=True)):
        record = {**change, **where, "attempt_id": doc["id"], "n": n, "kind": kind}
        yield CHANGES, change_key(doc["id"], n), Change.model_validate(record)


def _kind(change: dict[str, Any]) -> str:
    """What a first-release history entry was, read from its reason and values."""
    reason = str(change.get("reason", ""))
    if reason == "undo":
        return "undo"
    if reason == "DNS taken back":
        return "dns"
    if reason == "closed while still open":
        return "close"
    if "re-run" in reason:
        return "rerun"
    return "entry" if not change.get("old") else "correction"


RAW = RawCodec()
RECORDS = RecordCodec()
