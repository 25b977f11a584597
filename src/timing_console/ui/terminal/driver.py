"""Textual's Linux/macOS driver, with each key stamped by the key reader process.

Everything but the reading is Textual's: raw mode, the screen, resizes, the
writer thread, Ctrl+Z. The input thread reads the reader's frames instead of
the terminal, parses their bytes as Textual does, and gives every event the
stamp of the read its bytes came in, so a key's `event.time` is when it
arrived, however busy this process was then. Imported only where there is a
POSIX terminal (`choice.console_driver`).
"""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
from codecs import getincrementaldecoder
from pathlib import Path

from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from timing_console import oscompat
from timing_console.ui.terminal import keyreader

READER_SCRIPT = Path(keyreader.__file__)
"""The reader runs from its own file, with only the standard library (`-I -S`)."""

STOP_WAIT_S = 1.0
"""How long the reader is given to end once told to; then it is killed."""


class KeyReader:
    """The running reader process: its frames' pipe, and the pipe whose closing ends it."""

    def __init__(self, terminal: int) -> None:
        """Start the reader on the `terminal` file descriptor (OSError if it cannot start),
        on the CPU the console's threads keep off."""
        control, self.control = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-S", str(READER_SCRIPT), str(control)],
                stdin=terminal,
                stdout=subprocess.PIPE,
                pass_fds=(control,),
            )
        except BaseException:
            os.close(self.control)
            raise
        finally:
            os.close(control)
        oscompat.free_child(self.process.pid, only_free=True)
        assert self.process.stdout is not None
        self.frames = self.process.stdout.fileno()

    def stop(self) -> None:
        """End the reader before the terminal goes back to the shell (it must read no more)."""
        os.close(self.control)
        try:
            self.process.wait(STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


class StampingDriver(LinuxDriver):
    """Textual's driver, reading keys through the key reader so their stamps wait for nothing.

    The reader must also find a CPU free when a key comes. On a two-core laptop the
    console's own threads (the loop, Textual's writer, a save's fsync, a worker)
    can hold both cores just after a key, exactly when the next finish comes, and
    the reader would wait up to a scheduler slice (1–2 ms, measured). So while the
    console runs, its threads keep off one CPU, where the reader runs (the rest of
    the computer may use it too); the console's Python runs one thread at a time anyway.
    Where the system cannot say which CPUs (macOS), or has one, nothing changes.
    """

    cpus: frozenset[int] | None = None
    """Every CPU this process could use when the console started (None: not known)."""

    def start_application_mode(self) -> None:
        """Keep the console's threads off one CPU, then start as Textual does."""
        self.cpus = oscompat.process_cpus()
        if self.cpus is not None and len(self.cpus) > 1:
            oscompat.confine_process(self.cpus - {max(self.cpus)})
        super().start_application_mode()  # type: ignore[no-untyped-call]  # Textual left it untyped

    def stop_application_mode(self) -> None:
        """Stop as Textual does, then give the process every CPU again."""
        super().stop_application_mode()
        if self.cpus is not None:
            oscompat.confine_process(self.cpus)

    def run_input_thread(self) -> None:
        """Read the reader's frames until the app stops; read the terminal here if it cannot run.

        If the reader cannot start, or ends while the app runs, the keys are read
        as Textual reads them (stamped in this thread): later, never lost.
        """
        try:
            reader = KeyReader(self.fileno)
        except OSError:
            super().run_input_thread()
            return
        try:
            ended = self.forward(reader.frames)
        finally:
            reader.stop()
        if ended:
            super().run_input_thread()

    def forward(self, frames: int) -> bool:
        """Parse the frames into events, stamped; True if the reader ended before the app."""
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        selector = selectors.SelectSelector()
        selector.register(frames, selectors.EVENT_READ)
        buffer = bytearray()
        try:
            while not self.exit_event.is_set():
                if selector.select(0.1):
                    chunk = os.read(frames, 65536)
                    if not chunk:
                        return True
                    buffer += chunk
                    for stamp, data in keyreader.decode(buffer):
                        for event in parser.feed(decode(data)):
                            event.time = stamp
                            self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
            return False
        finally:
            selector.close()
