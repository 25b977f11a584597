"""The key reader: a process of its own that reads the terminal and stamps every read.

A key's stamp is the time a finish is timed from. Read in the console's own
process, the stamp waits for Python's GIL, which the event loop and Textual's
writer thread hold for a few milliseconds after every key: exactly when the next
finish comes. This process has nothing else to do, so it stamps a read as soon
as `select` returns, as a bare reader would, and hands the bytes on with the
stamp (`time.monotonic()` is the same clock in every process of one machine).

Run as a script (`python -I -S keyreader.py CONTROL_FD`), it imports only the
standard library, and its stdin is the terminal, its stdout a pipe to the
console. It ends when the console closes the control pipe (or dies, which
closes it too), so it never reads a key meant for the shell afterwards.
Imported, it gives the console the frame format. POSIX only (`select` on a
terminal): Windows keeps Textual's own reader (`ui/terminal/choice.py`).
"""

from __future__ import annotations

import os
import select
import struct
import sys
import time

HEADER = struct.Struct("<dI")
"""A frame's head: the read's monotonic stamp (seconds) and its byte count."""

READ_SIZE = 4096
"""The most bytes one read takes (a paste arrives in several frames)."""


def encode(stamp: float, data: bytes) -> bytes:
    """One read as a frame: its stamp, its length, its bytes."""
    return HEADER.pack(stamp, len(data)) + data


def decode(buffer: bytearray) -> list[tuple[float, bytes]]:
    """Take every whole frame off the front of `buffer`, leaving a part-frame for later."""
    frames: list[tuple[float, bytes]] = []
    while len(buffer) >= HEADER.size:
        stamp, size = HEADER.unpack_from(buffer)
        end = HEADER.size + size
        if len(buffer) < end:
            break
        frames.append((stamp, bytes(buffer[HEADER.size : end])))
        del buffer[:end]
    return frames


def run(source: int, sink: int, control: int) -> None:
    """Forward every read of `source` to `sink`, stamped, until `control` is readable or closed."""
    while True:
        ready, _, _ = select.select([source, control], [], [])
        stamp = time.monotonic()
        if control in ready:
            return
        data = os.read(source, READ_SIZE)
        if not data:
            return
        frame = memoryview(encode(stamp, data))
        try:
            while frame:
                frame = frame[os.write(sink, frame) :]
        except BrokenPipeError:
            return


if __name__ == "__main__":
    run(0, 1, int(sys.argv[1]))
