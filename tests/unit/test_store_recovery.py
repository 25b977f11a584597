"""Opening a day after a crash or with damaged files: nothing confirmed is lost,
nothing damaged is thrown away, and each repair is said in one sentence."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.files import fingerprint, kept_aside, named_copy, one_sentence
from timing_console.store.db import DayStore, Put, StoreError


def doc(n: int, **changes) -> dict[str, object]:
    value = {"id": f"a{n}", "bib": f"{100 + n}", "status": "OK", "time_ms": 12_000 + n}
    value.update(changes)
    return value


def put(n: int, **changes) -> Put:
    return Put("attempts", f"a{n}", doc(n, **changes))


def journal_of(day: Path) -> Path:
    return day.with_name(day.name + ".journal")


def ids(store: DayStore) -> list[str]:
    return [d["id"] for d in store.all("attempts")]


@pytest.fixture
def day(tmp_path: Path) -> Path:
    return tmp_path / "day.json"


def day_with(day: Path, count: int, *, snapshot: bool = True) -> None:
    """A day of `count` single-put commits; with or without its snapshot."""
    with DayStore.open(day) as store:
        for n in range(1, count + 1):
            store.commit(put(n))
    if not snapshot:
        day.unlink()


# --- the journal's tail: writes that were never confirmed ---------------------------


@pytest.mark.parametrize("snapshot", [True, False])
def test_a_torn_last_line_is_dropped_and_the_journal_cut_back(day, snapshot):
    day_with(day, 3, snapshot=snapshot)
    journal = journal_of(day)
    good = journal.read_bytes()
    with journal.open("ab") as handle:  # a kill in the middle of os.write
        handle.write(b'1a2b3c4d {"seq":4,"puts":[["attempts","a4",{"id":"a')
    with DayStore.open(day) as store:
        assert ids(store) == ["a1", "a2", "a3"]
        assert store.seq == 3
        assert len(store.notices) == 1
        one_sentence(store.notices[0], journal)
        assert "cut off" in store.notices[0]
        assert journal.read_bytes() == good
        store.commit(put(4))
    day.unlink()
    with DayStore.open(day) as store:
        assert store.notices == []
        assert ids(store) == ["a1", "a2", "a3", "a4"]


def test_a_garbled_complete_last_line_is_dropped_and_kept_aside(day):
    day_with(day, 3)
    journal = journal_of(day)
    lines = journal.read_bytes().splitlines(keepends=True)
    garbled = lines[-1].replace(b'"OK"', b'"QK"')  # checksum no longer matches
    journal.write_bytes(b"".join(lines[:-1]) + garbled)
    day.unlink()
    with DayStore.open(day) as store:
        assert ids(store) == ["a1", "a2"]
        assert len(store.notices) == 1
        one_sentence(store.notices[0], journal)
    assert journal.read_bytes() == b"".join(lines[:-1])
    [aside] = kept_aside(journal)
    assert aside.read_bytes().endswith(garbled)


def test_damage_in_the_middle_keeps_a_copy_and_every_intact_line(day):
    day_with(day, 5, snapshot=False)
    journal = journal_of(day)
    lines = journal.read_bytes().splitlines(keepends=True)
    damaged = b"".join(lines[:2]) + lines[2].replace(b"a3", b"b3") + b"".join(lines[3:])
    journal.write_bytes(damaged)
    with DayStore.open(day) as store:
        assert ids(store) == ["a1", "a2", "a4", "a5"]
        assert store.seq == 5
        assert len(store.notices) == 1
        one_sentence(store.notices[0], journal)
        assert "damaged" in store.notices[0]
        store.commit(put(6))
    [aside] = kept_aside(journal)
    assert aside.read_bytes() == damaged
    assert lines[2] not in journal.read_bytes()
    day.unlink()
    with DayStore.open(day) as store:  # repaired for good: no notice the second time
        assert store.notices == []
        assert ids(store) == ["a1", "a2", "a4", "a5", "a6"]


def test_damage_in_the_tail_after_the_snapshot_is_recovered_too(day):
    with DayStore.open(day) as store:
        store.commit(put(1))
        store.snapshot()
        at_one = day.read_bytes()
        for n in (2, 3, 4):
            store.commit(put(n))
    day.write_bytes(at_one)
    journal = journal_of(day)
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(b"".join(lines[:2]) + b"xx" + lines[2] + lines[3])
    with DayStore.open(day) as store:
        assert ids(store) == ["a1", "a2", "a4"]
        assert len(store.notices) == 1
    assert len(kept_aside(journal)) == 1


def test_readonly_recovers_in_memory_and_leaves_the_files_alone(day):
    day_with(day, 3, snapshot=False)
    journal = journal_of(day)
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(lines[0] + b"junk\n" + lines[1] + lines[2] + b"0badc0de {")
    before = fingerprint(day.parent, skip=())
    with DayStore.open(day, readonly=True) as store:
        assert ids(store) == ["a1", "a2", "a3"]
        assert len(store.notices) == 1
        assert "read-only" in store.notices[0]
    assert fingerprint(day.parent, skip=()) == before


# --- the copy kept aside is the journal as found, and the covered part is checked ------

JOURNAL_DAMAGE = {
    "torn tail behind the snapshot": lambda raw: raw[:-10],
    "garbled last line behind the snapshot": lambda raw: raw[:-20] + b"X" * 10 + raw[-10:],
    "torn tail, no snapshot ahead": lambda raw: raw + b'0badc0de {"seq":4,"puts":[["att',
    "first line garbled, the snapshot holds it": lambda raw: b"X" * 8 + raw[8:],
    "a newline lost, the snapshot holds both lines": lambda raw: raw.replace(b"\n", b" ", 1),
}


@pytest.mark.parametrize("damage", JOURNAL_DAMAGE)
def test_the_one_copy_named_is_the_damaged_journal_as_found(day, damage):
    day_with(day, 3)
    journal = journal_of(day)
    broken = JOURNAL_DAMAGE[damage](journal.read_bytes())
    journal.write_bytes(broken)
    with DayStore.open(day) as store:
        assert ids(store) == ["a1", "a2", "a3"]
        [notice] = store.notices
    one_sentence(notice, journal)
    assert kept_aside(journal) == [named_copy(notice, journal)]
    assert named_copy(notice, journal).read_bytes() == broken
    day.unlink()  # the snapshot lost as well: the repaired journal alone holds the day
    with DayStore.open(day) as store:
        assert store.notices == []
        assert ids(store) == ["a1", "a2", "a3"]


@pytest.mark.parametrize("hit", [b"a1", b"a2"], ids=["a covered line", "the last covered line"])
def test_damage_the_snapshot_covers_is_repaired_with_the_tail_after_it(day, hit):
    with DayStore.open(day) as store:
        for n in (1, 2):
            store.commit(put(n))
        store.snapshot()
        at_two = day.read_bytes()
        for n in (3, 4):
            store.commit(put(n, status="DQ"))
    day.write_bytes(at_two)
    journal = journal_of(day)
    broken = journal.read_bytes().replace(hit, b"b" + hit[1:], 1)
    journal.write_bytes(broken)
    with DayStore.open(day) as store:
        [notice] = store.notices
        assert "1 entry damaged" in notice
        store.commit(put(5))
    assert named_copy(notice, journal).read_bytes() == broken
    day.unlink()
    with DayStore.open(day) as store:
        assert ids(store) == ["a1", "a2", "a3", "a4", "a5"]
        assert store.get("attempts", "a4")["status"] == "DQ"


def test_readonly_reports_damage_the_snapshot_covers_and_changes_nothing(day):
    day_with(day, 3)
    journal = journal_of(day)
    journal.write_bytes(b"X" * 8 + journal.read_bytes()[8:])
    before = fingerprint(day.parent, skip=())
    with DayStore.open(day, readonly=True) as store:
        assert ids(store) == ["a1", "a2", "a3"]
        [notice] = store.notices
        one_sentence(notice, journal)
        assert "read-only" in notice
    assert fingerprint(day.parent, skip=()) == before


def test_the_covered_check_finds_every_flipped_byte_and_a_cut_off_line(day):
    from timing_console.store.journal import failing_checksum

    day_with(day, 3)
    raw = journal_of(day).read_bytes()
    assert failing_checksum(raw, len(raw)) == 0
    assert failing_checksum(raw[:-1], len(raw) - 1) == 1
    for at in range(len(raw)):
        flipped = raw[:at] + bytes([raw[at] ^ 1]) + raw[at + 1 :]
        assert failing_checksum(flipped, len(raw)) >= 1, at


@pytest.mark.parametrize(("count", "words"), [(1, "1 entry failing"), (2, "2 entries failing")])
def test_a_notice_counts_in_the_singular_or_plural(day, count, words):
    day_with(day, 2, snapshot=False)
    journal = journal_of(day)
    with journal.open("ab") as handle:
        handle.write(b"0badc0de {}\n" * count)
    with DayStore.open(day) as store:
        [notice] = store.notices
    assert words in notice
    assert ("it was dropped" if count == 1 else "they were dropped") in notice


# --- a damaged snapshot: never an empty day ------------------------------------------


def _wrong_meta(raw: bytes) -> bytes:
    data = json.loads(raw)
    data["_meta"]["1"]["seq"] = "three"
    return json.dumps(data).encode()


def _wrong_keys(raw: bytes) -> bytes:
    data = json.loads(raw)
    data["_meta"]["1"]["keys"]["attempts"] = {"a1": 1}
    return json.dumps(data).encode()


def _edited(edit: Callable[[dict[str, Any]], None]) -> Callable[[bytes], bytes]:
    def damage(raw: bytes) -> bytes:
        data = json.loads(raw)
        edit(data)
        return json.dumps(data).encode()

    return damage


DAMAGE = {
    "zero bytes": lambda raw: b"",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "invalid json": lambda raw: b"\x00\x00\x00" + raw[3:],
    "a list": lambda raw: b"[]",
    "stock empty tinydb": lambda raw: b'{"_default": {}}',
    "wrong meta": _wrong_meta,
    "keys not matching docs": _wrong_keys,
    "a table that is a list": _edited(lambda data: data.update(attempts=[])),
    "a document that is a number": _edited(lambda data: data["attempts"].update({"2": 5})),
    "a doc id that is no number": _edited(
        lambda data: data["attempts"].update(x=data["attempts"].pop("3"))
    ),
    "the _meta table indexed": _edited(
        lambda data: data["_meta"]["1"]["keys"].update(_meta={"m": 1})
    ),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_snapshot_is_kept_aside_and_rebuilt_from_the_journal(day, damage):
    day_with(day, 3)
    broken = DAMAGE[damage](day.read_bytes())
    day.write_bytes(broken)
    with DayStore.open(day) as store:
        assert ids(store) == ["a1", "a2", "a3"]
        assert store.seq == 3
        assert len(store.notices) == 1
        one_sentence(store.notices[0], day)
        assert "damaged" in store.notices[0]
    [aside] = kept_aside(day)
    assert aside.read_bytes() == broken
    assert aside.name in store.notices[0]
    assert json.loads(day.read_bytes())["_meta"]["1"]["seq"] == 3  # a good one again
    with DayStore.open(day) as store:
        assert store.notices == []


@pytest.mark.parametrize("damage", ["zero bytes", "invalid json", "a list"])
def test_a_damaged_snapshot_without_a_journal_is_an_error_not_an_empty_day(day, damage):
    day_with(day, 3)
    journal_of(day).unlink()
    broken = DAMAGE[damage](day.read_bytes())
    day.write_bytes(broken)
    with pytest.raises(StoreError) as refused:
        DayStore.open(day)
    one_sentence(str(refused.value), day)
    [aside] = kept_aside(day)
    assert aside.read_bytes() == broken
    assert not day.exists()


def test_a_damaged_snapshot_with_an_empty_journal_is_an_error(day):
    day_with(day, 2)
    journal_of(day).write_bytes(b"")
    day.write_bytes(b"")
    with pytest.raises(StoreError, match="no saved entry"):
        DayStore.open(day)
    assert len(kept_aside(day)) == 1


def test_readonly_reports_a_damaged_snapshot_without_moving_it(day):
    day_with(day, 2)
    day.write_bytes(b"{")
    before = fingerprint(day.parent, skip=())
    with DayStore.open(day, readonly=True) as store:
        assert ids(store) == ["a1", "a2"]
        assert "read-only" in store.notices[0]
    assert fingerprint(day.parent, skip=()) == before


# --- missing files ---------------------------------------------------------------------


def test_a_missing_journal_is_rebuilt_from_the_snapshot(day):
    day_with(day, 3)
    journal = journal_of(day)
    journal.unlink()
    with DayStore.open(day) as store:
        assert ids(store) == ["a1", "a2", "a3"]
        assert len(store.notices) == 1
        one_sentence(store.notices[0], journal)
        store.commit(put(2, status="DQ"))
    day.unlink()  # now the rebuilt journal alone must hold the whole day
    with DayStore.open(day) as store:
        assert store.notices == []
        assert ids(store) == ["a1", "a2", "a3"]
        assert store.get("attempts", "a2")["status"] == "DQ"


def test_a_journal_behind_its_snapshot_is_kept_aside_and_the_snapshot_wins(day):
    day_with(day, 1)
    old_journal = journal_of(day).read_bytes()
    day_with(day, 3)
    journal_of(day).write_bytes(old_journal)
    with DayStore.open(day) as store:
        assert ids(store) == ["a1", "a2", "a3"]
        assert len(store.notices) == 1
    assert kept_aside(journal_of(day))[0].read_bytes() == old_journal


def test_no_files_is_a_new_empty_day(day):
    with DayStore.open(day) as store:
        assert store.notices == []
        assert store.seq == 0
        assert store.all("attempts") == []
    assert journal_of(day).exists()


def test_temporary_files_left_by_a_crashed_snapshot_are_removed(day):
    day_with(day, 1)
    stale = day.parent / f".{day.name}.abc123.tmp"
    stale.write_bytes(b'{"half": ')
    with DayStore.open(day) as store:
        assert ids(store) == ["a1"]
    assert not stale.exists()


# --- real processes, really killed ---------------------------------------------------

WRITER = textwrap.dedent(
    """
    import os, sys
    from timing_console.store.db import DayStore, Put
    store = DayStore.open(sys.argv[1])
    start = store.seq
    if sys.argv[2] == "forever":
        n = 0
        while True:
            n += 1
            seq = store.commit(Put("attempts", f"k{start + n}", {"n": start + n}))
            print(seq, flush=True)
    # "torn": the next os.write stops the process halfway through the line.
    store.commit(Put("attempts", "k1", {"n": 1}))
    store.commit(Put("attempts", "k2", {"n": 2}))
    real = os.write
    def half_then_die(fd, data):
        real(fd, bytes(data)[: len(data) // 2])
        os._exit(9)
    os.write = half_then_die
    store.commit(Put("attempts", "k3", {"n": 3}))
    """
)


def test_a_kill_mid_commit_loses_only_the_unconfirmed_commit(day):
    done = subprocess.run([sys.executable, "-c", WRITER, str(day), "torn"], check=False, timeout=30)
    assert done.returncode == 9
    assert not day.exists()  # it died before any close
    with DayStore.open(day) as store:
        assert [d["n"] for d in store.all("attempts")] == [1, 2]
        assert len(store.notices) == 1
        assert "cut off" in store.notices[0]


def test_sigkill_at_random_moments_never_loses_a_confirmed_commit(day):
    confirmed = 0
    for round_ in range(10):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(day), "forever"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        seen = 0
        deadline = time.monotonic() + 0.05 + 0.03 * round_
        while seen < confirmed + 20 or time.monotonic() < deadline:
            line = proc.stdout.readline()
            assert line, "writer died before it was killed"
            seen = int(line)
        proc.send_signal(signal.SIGKILL)
        rest = proc.stdout.read()
        proc.wait(timeout=10)
        confirmed = max([seen, *(int(x) for x in rest.split())])
        with DayStore.open(day) as store:
            assert store.seq >= confirmed
            docs = store.all("attempts")
            assert [d["n"] for d in docs[:confirmed]] == list(range(1, confirmed + 1))
        confirmed = len(docs)
