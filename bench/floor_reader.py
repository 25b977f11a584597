"""The machine's own floor for the timing benchmark: a bare Python key reader.

Usage: python -m bench.floor_reader DB LOG [--load]

No Textual and no console: one thread waits on the raw terminal, stamps each
key with `time.monotonic()` as soon as `select` returns, and logs it in the
same `key K STAMP STAMP` form as `tests/support/stamp_console.py`. `--load` runs the same
ranking thread as the console benchmark, with the console's switch interval.
Whatever error this reader shows is the pty, the scheduler and the GIL on this
machine: no Python program reading keys here can do better.
"""

from __future__ import annotations

import os
import select
import sys
import termios
import threading
import time
import tty

from timing_console.app import SWITCH_INTERVAL_S
from timing_console.rules.ranking import rank_all
from timing_console.store.codec import RECORDS
from timing_console.store.db import DayStore
from timing_console.store.repo import Repo


def main() -> None:
    """Read keys until `q`, logging each stamp."""
    db, log = sys.argv[1], sys.argv[2]
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o644)
    saved = termios.tcgetattr(0)
    tty.setraw(0)
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    if "--load" in sys.argv:
        store = DayStore.open(db, readonly=True, codec=RECORDS)
        repo = Repo(store)
        day = repo.require_day()

        def churn() -> None:
            while True:
                rank_all(day, repo.attempts())

        threading.Thread(target=churn, daemon=True).start()
    os.write(1, b"Programme\r\n")
    try:
        while True:
            select.select([0], [], [])
            stamp = time.monotonic()
            data = os.read(0, 64).decode(errors="replace")
            for key in data:
                os.write(
                    fd, f"key {'space' if key == ' ' else key} {stamp:.9f} {stamp:.9f}\n".encode()
                )
            if "q" in data:
                return
    finally:
        termios.tcsetattr(0, termios.TCSADRAIN, saved)
        os.close(fd)


if __name__ == "__main__":
    main()
