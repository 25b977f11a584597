"""How every command opens the day: recovered, locked when it writes, always closed; and
how a read-only console opens a day to follow it."""

from __future__ import annotations

import sys
from pathlib import Path

from timing_console.stations.follow import Follower
from timing_console.stations.view import DayView, open_view
from timing_console.store.db import StoreError, StoreLocked
from timing_console.words import Words


class open_day:
    """Open the day for one command and always close it (snapshot, unlock).

    Reading commands open for writing when they can, so a damaged file is set
    aside and recovered just as the console would; while the console holds the
    day they read it as it is, without a lock.
    """

    def __init__(self, db: Path, *, write: bool, words: Words) -> None:
        """`words`: the reader's language, for the notes said on opening."""
        self.db = db
        self.write = write
        self.words = words

    def __enter__(self) -> DayView:
        if not self.write and not self.db.exists() and not Path(f"{self.db}.journal").exists():
            raise StoreError("err.no_day_at", db=self.db)
        try:
            self.view = open_view(self.db)
        except StoreLocked:
            if self.write:
                raise
            self.view = open_view(self.db, readonly=True)
        for notice in self.view.notices:
            print(self.words("cli.note", text=notice), file=sys.stderr)
        self.seq_at_open = self.view.seq
        return self.view

    def __exit__(self, *exc: object) -> None:
        """Snapshot only if this command saved something: a refusal changes no byte."""
        self.view.close(snapshot=self.view.seq != self.seq_at_open)


def follow_day(db: Path) -> Follower:
    """The day at `db` to watch (`--read-only`), without a lock and without writing a byte:
    StoreError if there is none, or none is loaded in it yet."""
    if not db.exists() and not Path(f"{db}.journal").exists():
        raise StoreError("err.no_day_at", db=db)
    follower = Follower(db)
    if follower.view.day() is None:
        raise StoreError("err.no_day_loaded", db=db)
    return follower
