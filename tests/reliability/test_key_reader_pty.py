"""The console on a real terminal (a pty): its keys come through the key reader process,
and when it quits the reader is gone, so the shell's next key is the shell's."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.support.ptyrun import PtyProcess
from timing_console.stations.view import open_view

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the reader in /proc")


def children_of(pid: int) -> list[tuple[int, str]]:
    """The processes whose parent is `pid`, with their command lines (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path("/proc", entry, "stat").read_text()
            argv = Path("/proc", entry, "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append((int(entry), argv))
    return found


def test_keys_come_through_the_reader_and_it_ends_with_the_console(tmp_path, sample_day) -> None:
    db = tmp_path / "day.json"
    view = open_view(db)
    view.load_day(sample_day)
    view.close()
    argv = [sys.executable, "-m", "timing_console", "--db", str(db), "--lang", "en"]
    console = PtyProcess([*argv, "--sound", "off"])
    try:
        console.wait_for("Programme")
        readers = [p for p in children_of(console.proc.pid) if "keyreader.py" in p[1]]
        assert len(readers) == 1, children_of(console.proc.pid)
        reader = readers[0][0]
        since = console.mark()
        console.send("\r")  # through the reader: the heat under the cursor opens
        console.wait_for("Lane", since=since)
        since = console.mark()
        console.send("\x1b")  # an escape key alone, parsed after the parser's wait
        console.wait_for("Programme", since=since)
        console.send("q")
        assert console.proc.wait(timeout=20) == 0
        assert not Path("/proc", str(reader)).exists() or "Z" in status_of(reader)
    finally:
        console.close()


def status_of(pid: int) -> str:
    """A process's state letter (Z: ended, waiting to be reaped)."""
    try:
        return Path("/proc", str(pid), "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"
