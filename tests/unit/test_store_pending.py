"""A commit in two halves: written, then acknowledged once its fsync returns.

The console waits for a save's fsync in a worker thread so the clock goes on
drawing; these are the promises that must still hold: the day in memory never
shows a record before it is durable, records are acknowledged in the order
they were written, a failed fsync leaves nothing behind, and a snapshot or a
close in between keeps every acknowledged record.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from timing_console.store.db import DayStore, Put, StoreError


def note(n: int) -> Put:
    return Put("notes", f"k{n}", {"n": n})


@pytest.fixture
def store(tmp_path: Path):
    with DayStore.open(tmp_path / "day.json") as opened:
        yield opened


def journal_size(store: DayStore) -> int:
    return os.path.getsize(store.path.with_suffix(store.path.suffix + ".journal"))


def test_a_begun_commit_is_on_disk_but_not_in_memory_until_finished(store: DayStore) -> None:
    told: list[int] = []
    store.listeners.append(lambda seq, entries: told.append(seq))
    size = journal_size(store)
    pending = store.begin(note(1))
    assert journal_size(store) > size  # written
    assert store.get("notes", "k1") is None and store.seq == 0 and told == []
    pending.flush()
    assert store.get("notes", "k1") is None  # durable, not yet acknowledged
    assert pending.finish() == 1
    assert store.get("notes", "k1") == {"n": 1} and store.seq == 1 and told == [1]
    assert pending.finish() == 1 and told == [1]  # finishing again tells nobody twice


def test_the_fsync_may_wait_in_another_thread(store: DayStore) -> None:
    pending = store.begin(note(1))
    worker = threading.Thread(target=pending.flush)
    worker.start()
    worker.join()
    assert pending.finish() == 1 and store.get("notes", "k1") == {"n": 1}


def test_a_second_writer_finishes_the_first_commit_before_its_own(store: DayStore) -> None:
    order: list[int] = []
    store.listeners.append(lambda seq, entries: order.append(seq))
    first = store.begin(note(1))
    assert store.commit(note(2)) == 2
    assert order == [1, 2] and store.get("notes", "k1") == {"n": 1}
    assert first.finish() == 1 and order == [1, 2]


def test_a_failed_fsync_saves_nothing_and_the_next_commit_is_whole(
    store: DayStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.commit(note(1))
    size = journal_size(store)
    real = os.fsync

    def failing(fd: int) -> None:
        raise OSError("EIO")

    monkeypatch.setattr(os, "fsync", failing)
    pending = store.begin(note(2))
    pending.flush()
    monkeypatch.setattr(os, "fsync", real)
    with pytest.raises(StoreError):
        pending.finish()
    with pytest.raises(StoreError):
        pending.result()
    assert store.get("notes", "k2") is None and store.seq == 1
    assert journal_size(store) == size  # the unacknowledged line was cut off
    assert store.commit(note(3)) == 2
    path = store.path
    store.close()
    with DayStore.open(path) as again:
        assert again.get("notes", "k2") is None and again.get("notes", "k3") == {"n": 3}


def test_a_snapshot_between_the_halves_keeps_the_record_for_the_replay(store: DayStore) -> None:
    store.commit(note(1))
    pending = store.begin(note(2))
    store.snapshot()  # holds seq 1 only; the journal line after it is replayed on open
    pending.flush()
    pending.finish()
    path = store.path
    store.close(snapshot=False)
    with DayStore.open(path) as again:
        assert again.get("notes", "k2") == {"n": 2} and again.seq == 2


def test_closing_acknowledges_a_begun_commit(store: DayStore) -> None:
    store.begin(note(1))
    path = store.path
    store.close()
    with DayStore.open(path) as again:
        assert again.get("notes", "k1") == {"n": 1}
