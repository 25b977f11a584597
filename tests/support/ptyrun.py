"""Run a terminal program in a pseudo-terminal, as a referee's terminal would.

The benchmarks drive the real console through its real input thread: keys are
written to the pty master with the monotonic time they were sent, so the
console's stamps can be compared with the truth on the same system-wide clock.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Sequence

from tests.support.paths import ROOT


class PtyProcess:
    """A child process on a pty whose screen output is drained continuously."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        cols: int = 100,
        rows: int = 30,
        env: dict[str, str] | None = None,
    ) -> None:
        """Start `argv` on a new pty of the given size, in the repository's root (so a
        `python -m tests...` or `python -m bench...` child imports its package)."""
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLUMNS": str(cols),
            "LINES": str(rows),
        }
        full_env.update(env or {})
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            start_new_session=True,
            close_fds=True,
            cwd=ROOT,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self.first_output_at: float | None = None
        self._lock = threading.Lock()
        self._stop = False
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while not self._stop:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                if self.first_output_at is None:
                    self.first_output_at = time.monotonic()
                self.output += chunk

    def send(self, data: str | bytes) -> float:
        """Write keys; returns the monotonic time just before the write."""
        raw = data.encode() if isinstance(data, str) else data
        sent = time.monotonic()
        os.write(self.master, raw)
        return sent

    def mark(self) -> int:
        """How much output there is now, to wait for what comes after it."""
        with self._lock:
            return len(self.output)

    def wait_for(self, needle: str, timeout: float = 20.0, *, since: int = 0) -> float:
        """Wait until the output after `since` contains `needle`; returns when it did."""
        target = needle.encode()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self.output.find(target, since) >= 0:
                    return time.monotonic()
            time.sleep(0.005)
        raise TimeoutError(f"{needle!r} did not appear within {timeout} s")

    def cpu_seconds(self) -> float:
        """User + system CPU the child has used so far (Linux /proc)."""
        with open(f"/proc/{self.proc.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def close(self) -> None:
        """End the child and the reader."""
        self._stop = True
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        self._reader.join(timeout=2)
        os.close(self.master)
