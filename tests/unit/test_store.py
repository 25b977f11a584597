"""DayStore: commits, reads, reopening, locking and read-only use."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import textwrap
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from tinydb import TinyDB

from timing_console.model import Attempt
from timing_console.store.db import DayStore, Put, StoreError, StoreLocked


def attempt(n: int, **changes) -> dict[str, Any]:
    doc = {
        "id": f"a{n}",
        "event": "paddle-ball-run",
        "heat": 1 + n // 6,
        "lane": 1 + n % 6,
        "bib": f"{100 + n}",
        "status": "OK",
        "time_ms": 12_000 + n,
        "marks": [{"kind": "restart", "elapsed_ms": 3_000, "at": "2025-09-20T09:00:03"}],
        "recorded_at": "2025-09-20T09:00:12",
        "history": [],
    }
    doc.update(changes)
    return doc


def put(n: int, **changes) -> Put:
    return Put("attempts", f"a{n}", attempt(n, **changes))


def journal_lines(day: Path) -> list[bytes]:
    return day.with_name(day.name + ".journal").read_bytes().splitlines(keepends=True)


@pytest.fixture
def day(tmp_path: Path) -> Path:
    return tmp_path / "day.json"


def test_commit_get_all_and_upsert_keep_first_insert_order(day):
    with DayStore.open(day) as store:
        assert store.seq == 0
        assert store.commit(put(1), put(2)) == 1
        assert store.commit(put(3)) == 2
        assert store.commit(put(1, time_ms=9_999)) == 3
        assert store.seq == 3
        assert store.get("attempts", "a1")["time_ms"] == 9_999
        assert store.get("attempts", "a2") == attempt(2)
        assert store.get("attempts", "nope") is None
        assert store.get("no-table", "a1") is None
        assert [d["id"] for d in store.all("attempts")] == ["a1", "a2", "a3"]
        assert len(store.all("attempts")) == 3
        assert store.all("no-table") == []


def test_each_commit_is_one_checksummed_line(day):
    with DayStore.open(day) as store:
        store.commit(put(1), Put("heats", "paddle-ball-run#1", {"phase": "done"}))
        store.commit(put(2))
    lines = journal_lines(day)
    assert len(lines) == 2
    crc, payload = lines[0].rstrip(b"\n").split(b" ", 1)
    assert crc == f"{zlib.crc32(payload):08x}".encode()
    record = json.loads(payload)
    assert record["seq"] == 1
    assert [p[:2] for p in record["puts"]] == [["attempts", "a1"], ["heats", "paddle-ball-run#1"]]


def test_reopen_replays_the_journal_without_a_snapshot(day):
    with DayStore.open(day) as store:
        store.commit(put(1))
        store.commit(put(2), put(1, status="DNF"))
    day.unlink()  # only the journal is left: everything must come from it
    with DayStore.open(day) as store:
        assert store.notices == []
        assert store.seq == 2
        assert store.get("attempts", "a1")["status"] == "DNF"
        assert [d["id"] for d in store.all("attempts")] == ["a1", "a2"]


def test_snapshot_is_used_and_only_the_tail_is_replayed(day):
    with DayStore.open(day) as store:
        store.commit(put(1))
        store.commit(put(2))
        store.snapshot()
        at_two = day.read_bytes()
        store.commit(put(3))
        store.commit(put(1, time_ms=11_111))
    snap = json.loads(at_two)  # as if the process had died before close()
    assert snap["_meta"]["1"]["seq"] == 2
    # Mark a covered document in the snapshot only: if the open replayed the
    # whole journal instead of the tail, the mark would be overwritten.
    doc_id = str(snap["_meta"]["1"]["keys"]["attempts"]["a2"])
    snap["attempts"][doc_id]["bib"] = "from-snapshot"
    day.write_text(json.dumps(snap))
    with DayStore.open(day) as store:
        assert store.notices == []
        assert store.seq == 4
        assert store.get("attempts", "a2")["bib"] == "from-snapshot"
        assert store.get("attempts", "a1")["time_ms"] == 11_111
        assert store.get("attempts", "a3") == attempt(3)
        assert [d["id"] for d in store.all("attempts")] == ["a1", "a2", "a3"]


def test_close_after_replaying_a_tail_brings_the_snapshot_up_to_date(day):
    with DayStore.open(day) as store:
        store.commit(put(1))
        store.snapshot()
        at_one = day.read_bytes()
        store.commit(put(2))
    day.write_bytes(at_one)  # as if killed after the second commit
    with DayStore.open(day) as store:
        assert store.seq == 2
    assert json.loads(day.read_text())["_meta"]["1"]["seq"] == 2


def test_snapshot_not_matching_the_journal_falls_back_to_full_replay(day):
    with DayStore.open(day) as store:
        store.commit(put(1))
        store.commit(put(2))
    snap = json.loads(day.read_text())
    snap["_meta"]["1"]["journal_last_crc"] = "00000000"
    snap["attempts"]["1"]["bib"] = "stale"
    day.write_text(json.dumps(snap))
    with DayStore.open(day) as store:
        assert store.get("attempts", "a1") == attempt(1)
        assert len(store.notices) == 1
        assert str(day) in store.notices[0]
        assert "did not match" in store.notices[0]


def test_close_writes_a_snapshot_stock_tinydb_can_read(day):
    with DayStore.open(day) as store:
        store.commit(put(1), put(2))
        store.commit(put(1, status="DQ"))
    db = TinyDB(day, access_mode="r")
    try:
        docs = db.table("attempts").all()
        assert [d["id"] for d in docs] == ["a1", "a2"]
        assert docs[0]["status"] == "DQ"
        meta = db.table("_meta").get(doc_id=1)
        assert meta is not None and meta["seq"] == 2
    finally:
        db.close()


def test_close_without_changes_does_not_rewrite_the_snapshot(day):
    with DayStore.open(day) as store:
        store.commit(put(1))
    before = day.stat().st_mtime_ns, day.stat().st_ino
    with DayStore.open(day):
        pass
    assert (day.stat().st_mtime_ns, day.stat().st_ino) == before


def test_rows_is_a_live_read_only_view_of_a_table(day):
    with DayStore.open(day) as store:
        store.commit(put(1, status="DNF"))
        rows = store.rows("attempts")
        store.commit(put(2, status="DNF"), put(1, status="OK"))
        assert [(k, d["status"]) for k, d in rows.items()] == [("a1", "OK"), ("a2", "DNF")]
        with pytest.raises(TypeError):
            rows["a3"] = {"id": "a3"}  # type: ignore[index]
        assert [d["id"] for d in store.all("attempts")] == ["a1", "a2"]
    assert len(journal_lines(day)) == 2


def test_returned_documents_are_read_only_and_copy_to_plain_dicts(day):
    with DayStore.open(day) as store:
        store.commit(put(1))
        doc = store.get("attempts", "a1")
        with pytest.raises(TypeError):
            doc["status"] = "DQ"
        with pytest.raises(TypeError):
            doc["marks"].append({})
        with pytest.raises(TypeError):
            doc["marks"][0]["kind"] = "drop"
        with pytest.raises(TypeError):
            store.all("attempts")[0].update(status="DQ")
        mine = copy.deepcopy(doc)
        mine["status"] = "DQ"
        mine["marks"].append({"kind": "drop", "elapsed_ms": 1, "at": "x"})
        assert type(mine) is dict and type(mine["marks"][0]) is dict
        assert store.get("attempts", "a1") == attempt(1)
        assert Attempt.model_validate(doc).marks[0].kind == "restart"


def test_the_caller_changing_its_dict_after_commit_changes_nothing(day):
    mine = attempt(1)
    with DayStore.open(day) as store:
        store.commit(Put("attempts", "a1", mine))
        mine["status"] = "DQ"
        mine["marks"].clear()
        assert store.get("attempts", "a1") == attempt(1)


def test_commit_is_durable_before_memory_changes(day, monkeypatch):
    seen: list[object] = []
    real_fsync = os.fsync
    with DayStore.open(day) as store:

        def spy(fd: int) -> None:
            seen.append(store.get("attempts", "a1"))
            real_fsync(fd)

        monkeypatch.setattr(os, "fsync", spy)
        store.commit(put(1))
        monkeypatch.setattr(os, "fsync", real_fsync)
        assert seen == [None]
        assert store.get("attempts", "a1") is not None


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_a_failed_write_saves_nothing_and_the_store_goes_on(day, monkeypatch, failing):
    real = getattr(os, failing)
    with DayStore.open(day) as store:
        store.commit(put(1))
        size = len(b"".join(journal_lines(day)))
        calls = []

        def fails_once(fd, *args):
            calls.append(fd)
            if len(calls) > 1:
                return real(fd, *args)
            if failing == "write":
                real(fd, bytes(args[0])[:10])  # part of the line reaches the file
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, failing, fails_once)
        with pytest.raises(StoreError, match=str(day)):
            store.commit(put(2))
        monkeypatch.setattr(os, failing, real)
        assert store.seq == 1
        assert store.get("attempts", "a2") is None
        assert len(b"".join(journal_lines(day))) == size
        assert store.commit(put(3)) == 2
    day.unlink()
    with DayStore.open(day) as store:
        assert store.notices == []
        assert [d["id"] for d in store.all("attempts")] == ["a1", "a3"]


def test_a_disk_that_keeps_failing_fsync_stops_further_commits(day, monkeypatch):
    with DayStore.open(day) as store:
        store.commit(put(1))

        def broken(fd):
            raise OSError(5, "Input/output error")

        monkeypatch.setattr(os, "fsync", broken)
        with pytest.raises(StoreError, match=str(day)):
            store.commit(put(2))
        with pytest.raises(StoreError, match="open it again"):
            store.commit(put(3))
        monkeypatch.undo()
        assert store.get("attempts", "a2") is None
    day.unlink(missing_ok=True)
    with DayStore.open(day) as store:
        assert [d["id"] for d in store.all("attempts")] == ["a1"]


def test_bad_puts_are_refused_and_nothing_is_written(day):
    with DayStore.open(day) as store:
        with pytest.raises(StoreError, match=str(day)):
            store.commit(Put("attempts", "a1", {"time": float("nan")}))
        with pytest.raises(StoreError, match=str(day)):
            store.commit(Put("attempts", "a1", {"when": object()}))
        with pytest.raises(StoreError):
            store.commit(Put("_meta", "1", {}))
        assert store.commit() == 0
        assert store.seq == 0
    assert journal_lines(day) == []


def test_readonly_reads_but_never_writes(day):
    with DayStore.open(day) as store:
        store.commit(put(1))
    before = {p.name: p.read_bytes() for p in day.parent.iterdir()}
    with DayStore.open(day, readonly=True) as store:
        assert store.readonly
        assert store.get("attempts", "a1") == attempt(1)
        with pytest.raises(StoreError, match="read-only"):
            store.commit(put(2))
        with pytest.raises(StoreError, match="read-only"):
            store.snapshot()
    assert {p.name: p.read_bytes() for p in day.parent.iterdir()} == before


def test_readonly_open_of_a_missing_day_creates_nothing(tmp_path):
    day = tmp_path / "nowhere" / "day.json"
    with DayStore.open(day, readonly=True) as store:
        assert store.all("attempts") == []
        assert store.notices == []
    assert not day.parent.exists()


def test_commits_from_several_threads_all_land_once(day):
    with DayStore.open(day) as store:

        def worker(base: int) -> list[int]:
            return [store.commit(put(base + n)) for n in range(50)]

        with ThreadPoolExecutor(4) as pool:
            seqs = [seq for part in pool.map(worker, (0, 100, 200, 300)) for seq in part]
        assert sorted(seqs) == list(range(1, 201))
        assert len(store.all("attempts")) == 200
    day.unlink()
    with DayStore.open(day) as store:
        assert store.seq == 200
        assert len(store.all("attempts")) == 200


def test_commit_after_close_is_refused(day):
    store = DayStore.open(day)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.commit(put(1))


HOLDER = textwrap.dedent(
    """
    import sys
    from timing_console.store.db import DayStore, Put
    store = DayStore.open(sys.argv[1])
    store.commit(Put("attempts", "held", {"by": "holder"}))
    print("ready", flush=True)
    sys.stdin.readline()
    store.close()
    """
)


@pytest.fixture
def holder(day):
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(day)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def test_a_second_writer_process_is_refused(day, holder):
    with pytest.raises(StoreLocked) as refused:
        DayStore.open(day)
    message = str(refused.value)
    assert str(day) in message
    assert f"pid {holder.pid}" in message
    assert message.count(". ") == 0 and message.endswith(".")
    holder.communicate("done\n", timeout=10)
    with DayStore.open(day) as store:  # the lock went with the holder
        assert store.get("attempts", "held") == {"by": "holder"}


def test_the_lock_is_released_when_the_holder_is_killed(day, holder):
    holder.kill()
    holder.wait(timeout=10)
    with DayStore.open(day) as store:
        assert store.get("attempts", "held") == {"by": "holder"}


def test_readonly_open_of_a_locked_day_works_and_writes_nothing(day, holder):
    before = {p.name: p.read_bytes() for p in day.parent.iterdir()}
    with DayStore.open(day, readonly=True) as store:
        assert store.get("attempts", "held") == {"by": "holder"}
    assert {p.name: p.read_bytes() for p in day.parent.iterdir()} == before
