"""The snapshot is a TinyDB database, written and read through TinyDB on our storage.

Stock TinyDB reads what we write and we read what it writes; our storage
replaces the file atomically, fsyncing it before the rename; one snapshot is
one write of the file and one open one read, and commits touch neither.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from tinydb import TinyDB
from tinydb.table import Document, Table

from timing_console import oscompat
from timing_console.store.db import DayStore, Put, StoreError
from timing_console.store.snapshot import SnapshotStorage


def attempt(n: int, **changes: Any) -> dict[str, Any]:
    doc = {
        "id": f"a{n}",
        "name": f"李{n}",
        "bib": f"{100 + n}",
        "time_ms": 12_000 + n,
        "marks": [{"kind": "restart", "elapsed_ms": 3_000}],
    }
    doc.update(changes)
    return doc


def heat(n: int) -> dict[str, Any]:
    return {"event": "paddle-ball-run", "heat": n, "status": "closed"}


@pytest.fixture
def day(tmp_path: Path) -> Path:
    return tmp_path / "day.json"


def fill(day: Path) -> dict[str, dict[str, Any]]:
    """A day of two tables, one record written twice; what it holds, table -> key -> doc."""
    with DayStore.open(day) as store:
        store.commit(*(Put("attempts", f"a{n}", attempt(n)) for n in range(1, 4)))
        store.commit(Put("heats", "h1", heat(1)), Put("attempts", "a2", attempt(2, bib="DQ")))
        store.commit(Put("heats", "h2", heat(2)))
        return {name: dict(store.rows(name)) for name in store.tables()}


def stock(path: Path) -> TinyDB:
    """Stock TinyDB on stock JSONStorage, read-only (UTF-8: Windows' default would garble 李)."""
    return TinyDB(path, access_mode="r", encoding="utf-8")


def test_stock_tinydb_reads_every_table_and_document_under_the_indexed_doc_ids(day):
    held = fill(day)
    with stock(day) as db:
        assert db.tables() == {"_meta", "attempts", "heats"}
        meta = db.table("_meta").get(doc_id=1)
        assert meta is not None and meta["seq"] == 3
        for name, rows in held.items():
            table = db.table(name)
            assert [d.doc_id for d in table] == list(range(1, len(rows) + 1))
            indexed = {key: table.get(doc_id=n) for key, n in meta["keys"][name].items()}
            assert indexed == rows


def test_a_snapshot_stock_tinydb_wrote_opens_as_the_same_day(day, tmp_path):
    held = fill(day)
    copy = tmp_path / "copy" / "day.json"
    copy.parent.mkdir()
    with stock(day) as ours, TinyDB(copy, encoding="utf-8") as theirs:
        for name in sorted(ours.tables()):
            theirs.table(name).insert_multiple(ours.table(name).all())
    assert copy.read_bytes() != day.read_bytes()  # stock's own spacing and \u escapes
    with DayStore.open(copy, readonly=True) as store:
        assert store.seq == 3
        assert {name: dict(store.rows(name)) for name in store.tables()} == held
        assert list(store.rows("attempts")) == ["a1", "a2", "a3"]


def test_documents_stored_out_of_doc_id_order_open_in_first_insert_order(day):
    held = fill(day)
    data = json.loads(day.read_text(encoding="utf-8"))
    data["attempts"] = dict(reversed(list(data["attempts"].items())))
    day.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with DayStore.open(day, readonly=True) as store:
        assert store.notices == [] and store.seq == 3
        assert list(store.rows("attempts")) == ["a1", "a2", "a3"]
        assert {name: dict(store.rows(name)) for name in store.tables()} == held


def test_our_storage_is_a_tinydb_storage_that_stock_tinydb_agrees_with(tmp_path):
    path = tmp_path / "plain.json"
    with TinyDB(path, storage=SnapshotStorage) as db:
        assert db.tables() == set()
        assert not path.exists()  # reading never creates the file
        db.table("people").insert_multiple([{"名": "李"}, Document({"名": "王"}, doc_id=7)])
    with stock(path) as db:
        assert [(d.doc_id, d["名"]) for d in db.table("people")] == [(1, "李"), (7, "王")]
    with TinyDB(path, storage=SnapshotStorage) as db:
        assert db.table("people").get(doc_id=7) == {"名": "王"}


class Spy:
    """Counts what goes through our storage and TinyDB's table API, calling the real ones."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reads = 0
        self.writes = 0
        self.inserted: list[tuple[str, list[int]]] = []
        self.got: list[tuple[str, int]] = []
        read, write = SnapshotStorage.read, SnapshotStorage.write
        insert_multiple, get, iterate = Table.insert_multiple, Table.get, Table.__iter__

        def spy_read(storage: SnapshotStorage) -> Any:
            self.reads += 1
            return read(storage)

        def spy_write(storage: SnapshotStorage, data: dict[str, dict[str, Any]]) -> None:
            self.writes += 1
            write(storage, data)

        def spy_insert(table: Table, documents: Iterable[Mapping[str, Any]]) -> list[int]:
            docs = list(documents)
            self.inserted.append((table.name, [getattr(d, "doc_id", 0) for d in docs]))
            return insert_multiple(table, docs)

        def spy_get(table: Table, *args: Any, **kwargs: Any) -> Any:
            self.got.append((table.name, kwargs.get("doc_id", 0)))
            return get(table, *args, **kwargs)

        def spy_iter(table: Table) -> Iterator[Document]:
            for doc in iterate(table):
                self.got.append((table.name, doc.doc_id))
                yield doc

        monkeypatch.setattr(SnapshotStorage, "read", spy_read)
        monkeypatch.setattr(SnapshotStorage, "write", spy_write)
        monkeypatch.setattr(Table, "insert_multiple", spy_insert)
        monkeypatch.setattr(Table, "get", spy_get)
        monkeypatch.setattr(Table, "__iter__", spy_iter)


def test_a_snapshot_is_one_write_through_tinydb_and_commits_touch_neither(day, monkeypatch):
    spy = Spy(monkeypatch)
    store = DayStore.open(day)
    assert (spy.reads, spy.writes) == (1, 0)  # one look for a snapshot: there is none
    for n in range(1, 6):
        store.commit(Put("attempts", f"a{n}", attempt(n)))
    store.commit(Put("heats", "h1", heat(1)))
    assert (spy.reads, spy.writes, spy.inserted) == (1, 0, [])
    store.snapshot()
    assert (spy.reads, spy.writes) == (1, 1)  # the old file is never read back
    assert spy.inserted == [("attempts", [1, 2, 3, 4, 5]), ("heats", [1])]
    store.close()
    assert spy.writes == 1  # nothing changed since the snapshot


def test_opening_reads_the_file_once_and_every_document_through_tinydb(day, monkeypatch):
    held = fill(day)
    spy = Spy(monkeypatch)
    with DayStore.open(day, readonly=True) as store:
        assert store.seq == 3
    assert (spy.reads, spy.writes) == (1, 0)
    expected = [(name, n) for name, rows in held.items() for n in range(1, len(rows) + 1)]
    assert spy.got == [("_meta", 1), *expected]


def test_documents_read_through_tinydb_are_read_only_to_the_last_level(day):
    fill(day)
    with DayStore.open(day, readonly=True) as store:
        doc = store.get("attempts", "a1")
    with pytest.raises(TypeError):
        doc["bib"] = "999"
    with pytest.raises(TypeError):
        doc["marks"].append({})
    with pytest.raises(TypeError):
        doc["marks"][0]["kind"] = "drop"


def snapshot_after_more_commits(day: Path) -> tuple[DayStore, bytes]:
    """A day with a snapshot on disk, and an open store that has saved more since."""
    fill(day)
    store = DayStore.open(day)
    store.commit(Put("attempts", "a4", attempt(4)))
    return store, day.read_bytes()


def temp_files(day: Path) -> list[Path]:
    return sorted(day.parent.glob(f".{day.name}.*"))


def reopened(day: Path) -> list[str]:
    with DayStore.open(day) as store:
        assert store.notices == []
        return list(store.rows("attempts"))


def test_a_write_failing_halfway_leaves_the_old_snapshot_whole(day, monkeypatch):
    store, before = snapshot_after_more_commits(day)
    real_write, calls = os.write, []

    def write_then_fail(fd: int, data: Any) -> int:
        calls.append(len(data))
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write_then_fail)
    with pytest.raises(StoreError, match="journal still holds every save"):
        store.snapshot()
    monkeypatch.undo()
    assert len(calls) == 3  # two chunks of the new snapshot had been written
    assert day.read_bytes() == before
    assert temp_files(day) == []
    store.close(snapshot=False)
    assert reopened(day) == ["a1", "a2", "a3", "a4"]


def test_a_refused_rename_leaves_the_old_snapshot_whole(day, monkeypatch):
    store, before = snapshot_after_more_commits(day)

    def refuse(src: Any, dst: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(oscompat, "SHARING_WAITS", ())
    with pytest.raises(StoreError):
        store.snapshot()
    monkeypatch.undo()
    assert day.read_bytes() == before
    assert temp_files(day) == []
    store.close(snapshot=False)
    assert reopened(day) == ["a1", "a2", "a3", "a4"]


def test_the_new_snapshot_is_fsynced_before_it_replaces_the_old_one(day, monkeypatch):
    store, before = snapshot_after_more_commits(day)
    real_fsync, real_replace = os.fsync, os.replace
    events: list[tuple[str, int]] = []

    def fsync(fd: int) -> None:
        events.append(("fsync", os.fstat(fd).st_ino))
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        assert Path(dst) == day
        events.append(("replace", os.stat(src).st_ino))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    store.snapshot()
    monkeypatch.undo()
    store.close()
    [(_, new)] = [e for e in events if e[0] == "replace"]
    assert day.stat().st_ino == new and day.read_bytes() != before
    at = events.index(("replace", new))
    assert ("fsync", new) in events[:at]  # the new file's bytes are on disk before the rename
    if not oscompat.WINDOWS:  # and the rename itself, by fsyncing the folder after it
        assert ("fsync", day.parent.stat().st_ino) in events[at:]


def test_a_snapshot_is_our_layout_with_the_journal_cover_in_meta(day):
    fill(day)
    data = json.loads(day.read_bytes())
    meta = data["_meta"]["1"]
    journal = day.with_name(day.name + ".journal")
    assert list(data) == ["_meta", "attempts", "heats"]
    assert (meta["format"], meta["seq"], meta["journal_offset"]) == (1, 3, journal.stat().st_size)
    assert meta["keys"] == {"attempts": {"a1": 1, "a2": 2, "a3": 3}, "heats": {"h1": 1, "h2": 2}}
