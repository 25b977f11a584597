"""The console's push to the desk, in a process of its own.

A push is Python work (reading the journal's new lines, framing them, httpx
building a request and parsing the answer): in a thread of the console it
would take the interpreter's lock from the input thread that stamps a key
(measured: +1.5 ms on the console's time-error p99). So the console starts
`timing-console push URL --follow` beside itself (the code in its environment), at the board's
lower priority; the child follows the day's journal and pushes, and writes
its state to `<day>.push` for the console to show. The console holds the
child's stdin: when the console ends, even killed, the pipe closes and the
child ends too. No httpx here: the console imports this module.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from timing_console import oscompat
from timing_console.stations.link import LinkState
from timing_console.store.identity import Identity

CODE_ENV = "TIMING_CONSOLE_PAIRING_CODE"
"""The console hands its child the pairing code here, not on a command line others can list."""
STOP_WAIT_S = 3.0
RESTART_AFTER_S = 5.0
"""A push process that ended (killed, or failed) is started again this long after it began."""


def status_path(db: Path) -> Path:
    """Where the push process says how its link stands: beside the day."""
    return db.with_name(db.name + ".push")


def write_status(path: Path, state: LinkState) -> None:
    """Replace the status file whole (a reader never sees half of it)."""
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps(state.__dict__), encoding="utf-8")
    os.replace(temp, path)


def log_path(db: Path) -> Path:
    """Where the push process's errors go (beside the day), so an end has a reason to read."""
    return db.with_name(db.name + ".push.log")


def read_status(path: Path) -> LinkState | None:
    """The state the push process last wrote, or None if it wrote none (yet)."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        return LinkState(**data)
    except (OSError, ValueError, TypeError):
        return None


def follow(db: Path, url: str, code: str, station: Identity, identity: str) -> int:
    """The child: push until stdin closes (the console ended), writing the state as it goes."""
    from timing_console.oscompat import yield_cpu  # noqa: PLC0415
    from timing_console.stations.push_client import PushLink  # noqa: PLC0415 - httpx, in the child only

    yield_cpu()  # a finish key on the console comes before a push
    link = PushLink(db, url=url, code=code, station=station, identity=identity)
    status = status_path(db)
    link.on_state = lambda state: write_status(status, state)

    def watch_console() -> None:
        with contextlib.suppress(OSError, ValueError):
            sys.stdin.buffer.read()
        link.halt()

    threading.Thread(target=watch_console, daemon=True).start()
    link.run()
    link.client.close()
    return 0


class PushProcess:
    """The console's side: starts the child, shows its state, stops it."""

    def __init__(self, db: Path, *, url: str, code: str) -> None:
        """A push of the day at `db` to the desk at `url`."""
        self.db = db
        self.url = url
        self.code = code
        self.status_file = status_path(db)
        self.proc: subprocess.Popen[bytes] | None = None
        self._last = LinkState("connecting", 0, None, 0)
        self._started = 0.0

    def argv(self) -> list[str]:
        """`timing-console push URL --follow --db DB`, by this interpreter (the code in its
        environment)."""
        return [
            sys.executable,
            "-m",
            "timing_console",
            "push",
            self.url,
            "--follow",
            "--db",
            str(self.db),
        ]

    def start(self) -> None:
        """Start the child (its stdin is this console's lifeline to it)."""
        with contextlib.suppress(FileNotFoundError):
            self.status_file.unlink()
        with open(log_path(self.db), "ab") as log:
            self.proc = subprocess.Popen(
                self.argv(),
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=log,
                env={**os.environ, CODE_ENV: self.code},
            )
        oscompat.free_child(self.proc.pid)
        self._started = time.monotonic()

    def status(self) -> LinkState:
        """The child's last word; `down` if it has ended (and then it is started again,
        `RESTART_AFTER_S` after it last began: it resumes where the desk's acknowledgement
        ended)."""
        read = read_status(self.status_file)
        if read is not None:
            self._last = read
        if self.proc is not None and self.proc.poll() is not None:
            ended = self.proc.returncode
            if time.monotonic() - self._started >= RESTART_AFTER_S:
                self.proc = None
                self.start()
            return LinkState(
                "down",
                self._last.acked,
                self._last.acked_at,
                self._last.pending,
                f"push process ended ({ended}), starting it again",
            )
        return self._last

    def take_code(self, code: str) -> None:
        """Start the child again with the desk's new pairing code (it resumes where the
        desk's acknowledgement ended)."""
        self.stop()
        self.code = code
        self._last = LinkState("connecting", self._last.acked, self._last.acked_at, 0)
        self.start()

    def stop(self) -> None:
        """Close the child's stdin (it stops after its current try); kill it if it lingers."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        with contextlib.suppress(OSError):
            if proc.stdin is not None:
                proc.stdin.close()
        try:
            proc.wait(timeout=STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
