"""Follow a day that another process writes: read its journal's new lines as they land.

The board and a read-only console (`timing-console --read-only`) must never
slow the console that writes the day or stand in its way, so a follower takes
no lock and writes nothing: it opens the day read-only once (snapshot plus
journal, as any reading command does), then on each `poll` looks at the
journal's size and identity and decodes only the lines after the last one it
applied, with the store's own codec. A writer only ever appends whole
checksummed lines, so a half-written last line is simply read again on the
next poll. Anything else (the journal rebuilt by a recovery, cut back,
replaced, or moved aside with the day) shows as a new file, a shorter file,
or a last line that is no longer the one applied; then the day is opened
afresh.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timing_console.stations.view import DayView
from timing_console.store import journal
from timing_console.store.codec import ACTIONS, ATTEMPTS, CHANGES, HEATS, RECORDS
from timing_console.store.db import DayStore
from timing_console.store.errors import StoreError
from timing_console.store.recovery import DayPaths, load
from timing_console.store.repo import Repo
from timing_console.store.saved import Saved
from timing_console.store.snapshot import Cover
from timing_console.store.state import DayState


@dataclass(frozen=True)
class _Seen:
    """What the journal looked like at the last poll: any change is worth a read."""

    ino: int
    dev: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> _Seen | None:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None
        return cls(st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns)


class Follower:
    """A read-only `DayView` of the day at `db`, brought up to date by `poll`.

    Not thread-safe: one thread polls and reads `view` (the board's follow
    loop, or a read-only console's event loop), and hands out only what it
    built from it.
    """

    def __init__(self, db: Path) -> None:
        """Open the day read-only; raises StoreError if there is no intact day."""
        self.paths = DayPaths.of(db)
        self.reloads = 0
        """How often the day was opened afresh after the first time (for tests and the bench)."""
        self._touched: set[str] | None = None
        self.view, self._state, self._cover, self._seen = self._open()

    @property
    def seq(self) -> int:
        """Sequence number of the last record applied."""
        return self._state.seq

    def _open(self) -> tuple[DayView, DayState, Cover, _Seen | None]:
        # Identity first: if the journal changes while it is read, the next poll sees it.
        seen = _Seen.of(self.paths.journal)
        try:
            opened = load(self.paths, True, RECORDS)
        except OSError as exc:
            raise StoreError("err.cannot_read_day", path=self.paths.day, why=exc) from exc
        store = DayStore(self.paths, opened, lock=None, writer=None, codec=RECORDS)
        return DayView(Repo(store)), opened.state, opened.cover, seen

    def reload(self) -> None:
        """Open the day afresh (after its journal was replaced or cut back): a new `view`,
        which takes over the old one's listeners and counts on from its versions."""
        old = self.view
        self.view, self._state, self._cover, self._seen = self._open()
        self.view.repo.count_on(old.repo)
        self.reloads += 1
        self._touched = None

    def take_touched(self) -> frozenset[str] | None:
        """Events whose attempts or heats changed since the last call; None: maybe all
        (the day itself changed, or it was opened afresh)."""
        touched, self._touched = self._touched, set()
        return None if touched is None else frozenset(touched)

    def _touch(self, puts: Iterable[tuple[str, str, Any]]) -> None:
        if self._touched is None:
            return
        for table, _key, doc in puts:
            event = doc.get("event") if isinstance(doc, dict) else getattr(doc, "event", None)
            if table in (ATTEMPTS, HEATS) and isinstance(event, str):
                self._touched.add(event)
            elif table not in (ACTIONS, CHANGES):
                self._touched = None  # the day itself: its line-ups, its events
                return

    def unchanged(self) -> bool:
        """Whether `poll` would find nothing new, at the cost of a few `stat`s.

        The board asks this twenty times a second in its event loop and hands
        only real work (`poll`) to a thread: on a laptop each hand-over costs
        more CPU than the look itself, CPU the console's timing keys share.
        """
        return _Seen.of(self.paths.journal) == self._seen and self.view.stations_unchanged()

    def poll(self) -> bool:
        """Apply what was saved since the last poll; True if the day changed.

        What changed is announced through `view`, as a save of the writer's own
        console is: one save that may touch everything, so whoever listens
        (a read-only console's screens) shows it, and every heat's version moves
        on (a heat screen reads its heat again). Costs one `stat` when nothing
        changed. Raises StoreError if the day can no longer be read (the last
        good day stays in `view`).
        """
        others = self.view.reload_stations()  # records merged or pushed from other stations
        if others:
            self._touched = None
        seen = _Seen.of(self.paths.journal)
        if seen == self._seen:
            return others
        before = (self._state.seq, self.reloads)
        old = self._seen
        if (
            seen is None
            or old is None
            or (seen.ino, seen.dev) != (old.ino, old.dev)
            or seen.size < self._cover.offset
            or not self._tail()
        ):
            self.reload()
        else:
            self._seen = seen
        if (self._state.seq, self.reloads) == before:
            return others
        self.view.repo.announce(Saved(self._state.seq, everything=True))
        return True

    def _tail(self) -> bool:
        """Apply the lines after the last one applied; False if that line is gone."""
        cover = self._cover
        try:
            data = journal.read_from(self.paths.journal, cover.last_start)
        except FileNotFoundError:
            return False
        last = data[: cover.offset - cover.last_start]
        if cover.offset and not (
            last.endswith(b"\n")
            and last[: journal.CRC_DIGITS].decode("ascii", "replace") == cover.last_crc
        ):
            return False
        found = journal.scan(data[len(last) :], cover.offset, self._state.seq, RECORDS.loads)
        for record in found.records:
            self._touch(record.puts)
            self._state.apply(record.seq, record.puts)
            self._cover = Cover(record.seq, record.end, record.start, record.crc)
        return True
