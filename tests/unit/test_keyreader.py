"""The key reader: keys are stamped in a process of their own, and the console's events
carry those stamps; where the reader cannot run, the keys are read as Textual reads them."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from textual import events
from textual.message import Message

from timing_console import oscompat
from timing_console.ui.terminal import choice, keyreader
from timing_console.ui.terminal.driver import READER_SCRIPT, KeyReader, StampingDriver


def test_frames_come_back_whole_and_in_order_however_the_pipe_cuts_them() -> None:
    stream = (
        keyreader.encode(1.25, b"3")
        + keyreader.encode(2.5, b"\x1b[B")
        + keyreader.encode(3.75, "好".encode())
    )
    buffer = bytearray()
    got: list[tuple[float, bytes]] = []
    for cut in range(len(stream)):  # one byte at a time: every part-frame stays for later
        buffer += stream[cut : cut + 1]
        got += keyreader.decode(buffer)
    assert got == [(1.25, b"3"), (2.5, b"\x1b[B"), (3.75, "好".encode())]
    assert buffer == bytearray()


@pytest.fixture
def reader() -> Iterator[tuple[subprocess.Popen[bytes], int, int, int]]:
    """The reader script as the driver runs it, its terminal a pipe the test writes keys to
    (and can read, as the shell would after the console)."""
    keys_out, keys_in = os.pipe()
    control, stop = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-I", "-S", str(READER_SCRIPT), str(control)],
        stdin=keys_out,
        stdout=subprocess.PIPE,
        pass_fds=(control,),
    )
    os.close(control)
    try:
        yield process, keys_in, stop, keys_out
    finally:
        for fd in (keys_in, stop, keys_out):
            with contextlib.suppress(OSError):
                os.close(fd)
        if process.poll() is None:
            process.kill()
        process.wait()
        assert process.stdout is not None
        process.stdout.close()


def frames_of(process: subprocess.Popen[bytes], wanted: int) -> list[tuple[float, bytes]]:
    """Read frames from the reader until `wanted` have come."""
    assert process.stdout is not None
    buffer = bytearray()
    got: list[tuple[float, bytes]] = []
    while len(got) < wanted:
        chunk = os.read(process.stdout.fileno(), 4096)
        assert chunk, "the reader ended early"
        buffer += chunk
        got += keyreader.decode(buffer)
    return got


@pytest.mark.skipif(oscompat.WINDOWS, reason="the reader is POSIX only")
def test_the_reader_stamps_each_read_when_it_arrives_on_the_shared_clock(reader) -> None:
    process, keys_in, _stop, _shell = reader
    sent: list[float] = []
    for key in (b"1", b"2", b" "):
        time.sleep(0.05)
        sent.append(time.monotonic())
        os.write(keys_in, key)
        ((stamp, data),) = frames_of(process, 1)
        assert data == key
        assert sent[-1] <= stamp < sent[-1] + 0.04  # this process's clock: the same one
    assert process.poll() is None


@pytest.mark.skipif(oscompat.WINDOWS, reason="the reader is POSIX only")
def test_the_reader_ends_when_the_console_closes_the_control_pipe_and_reads_no_more(
    reader,
) -> None:
    process, keys_in, stop, shell = reader
    os.close(stop)
    assert process.wait(5) == 0
    os.write(keys_in, b"y")  # a key for the shell after the console: the shell gets it
    assert os.read(shell, 16) == b"y"
    assert process.stdout is not None
    assert process.stdout.read() == b""


class Collecting(StampingDriver):
    """The driver, keeping what it would post to the app."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.posted: list[Message] = []

    def process_message(self, message: Message) -> None:
        self.posted.append(message)


@pytest.fixture
def driver() -> Iterator[Collecting]:
    """A stamping driver for an app that is never run (Textual's driver sets two handlers)."""
    saved = {number: signal.getsignal(number) for number in (signal.SIGTSTP, signal.SIGCONT)}

    async def make() -> Collecting:
        return Collecting(app=object())

    try:
        yield asyncio.run(make())
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def test_each_event_carries_the_stamp_of_the_read_its_bytes_came_in(driver) -> None:
    frames, writer = os.pipe()
    os.write(writer, keyreader.encode(10.5, b"3") + keyreader.encode(11.0, b"\x1b[B"))
    os.write(writer, keyreader.encode(12.25, b"1 "))
    os.close(writer)
    try:
        assert driver.forward(frames) is True  # the reader's end: it ended before the app
    finally:
        os.close(frames)
    keys = [(m.key, m.time) for m in driver.posted if isinstance(m, events.Key)]
    assert keys == [("3", 10.5), ("down", 11.0), ("1", 12.25), ("space", 12.25)]


def test_a_reader_that_cannot_start_leaves_the_keys_to_textuals_own_loop(
    driver, monkeypatch
) -> None:
    read_here: list[bool] = []

    def cannot(_terminal: int) -> None:
        raise OSError("no python to run")

    monkeypatch.setattr("timing_console.ui.terminal.driver.KeyReader", cannot)
    monkeypatch.setattr(
        "textual.drivers.linux_driver.LinuxDriver.run_input_thread",
        lambda self: read_here.append(True),
    )
    driver.run_input_thread()
    assert read_here == [True]


def test_a_reader_that_dies_while_the_app_runs_hands_the_keys_back_and_is_reaped(
    driver, monkeypatch
) -> None:
    read_here: list[bool] = []
    stopped: list[bool] = []

    class Dying:
        def __init__(self, _terminal: int) -> None:
            self.frames, writer = os.pipe()
            os.close(writer)  # ended at once

        def stop(self) -> None:
            os.close(self.frames)
            stopped.append(True)

    monkeypatch.setattr("timing_console.ui.terminal.driver.KeyReader", Dying)
    monkeypatch.setattr(
        "textual.drivers.linux_driver.LinuxDriver.run_input_thread",
        lambda self: read_here.append(True),
    )
    driver.run_input_thread()
    assert stopped == [True] and read_here == [True]


def test_the_app_stopping_ends_the_reading_without_handing_back(driver) -> None:
    frames, writer = os.pipe()
    driver.exit_event.set()
    try:
        assert driver.forward(frames) is False
    finally:
        os.close(frames)
        os.close(writer)


def test_windows_keeps_textuals_driver_and_elsewhere_the_reader_stamps(monkeypatch) -> None:
    monkeypatch.setattr(oscompat, "WINDOWS", True)
    assert choice.console_driver() is None
    monkeypatch.setattr(oscompat, "WINDOWS", False)
    assert choice.console_driver() is StampingDriver


def test_the_console_keeps_off_one_cpu_while_it_runs_and_gives_it_back(driver, monkeypatch) -> None:
    confined: list[frozenset[int]] = []
    monkeypatch.setattr(oscompat, "process_cpus", lambda: frozenset({0, 1, 2, 3}))
    monkeypatch.setattr(oscompat, "confine_process", confined.append)
    monkeypatch.setattr(
        "textual.drivers.linux_driver.LinuxDriver.start_application_mode", lambda self: None
    )
    monkeypatch.setattr(
        "textual.drivers.linux_driver.LinuxDriver.stop_application_mode", lambda self: None
    )
    driver.start_application_mode()
    assert confined == [frozenset({0, 1, 2})]
    driver.stop_application_mode()
    assert confined == [frozenset({0, 1, 2}), frozenset({0, 1, 2, 3})]


@pytest.mark.parametrize("cpus", [frozenset({0}), None], ids=["one cpu", "not known (macOS)"])
def test_with_one_cpu_or_none_known_nothing_is_confined(driver, monkeypatch, cpus) -> None:
    confined: list[frozenset[int]] = []
    monkeypatch.setattr(oscompat, "process_cpus", lambda: cpus)
    monkeypatch.setattr(oscompat, "confine_process", confined.append)
    monkeypatch.setattr(
        "textual.drivers.linux_driver.LinuxDriver.start_application_mode", lambda self: None
    )
    driver.start_application_mode()
    assert confined == []


@pytest.mark.skipif(oscompat.WINDOWS, reason="the reader is POSIX only")
def test_the_reader_runs_on_the_cpu_the_console_keeps_off_and_stops_when_told(
    monkeypatch,
) -> None:
    freed: list[tuple[int, bool]] = []
    monkeypatch.setattr(
        oscompat, "free_child", lambda pid, only_free=False: freed.append((pid, only_free))
    )
    keys_out, keys_in = os.pipe()
    try:
        reader = KeyReader(keys_out)
        assert freed == [(reader.process.pid, True)]
        os.write(keys_in, b"5")
        buffer = bytearray()
        while not (frames := keyreader.decode(buffer)):
            buffer += os.read(reader.frames, 4096)
        assert [data for _, data in frames] == [b"5"]
        reader.stop()
        assert reader.process.returncode == 0
    finally:
        os.close(keys_out)
        os.close(keys_in)
