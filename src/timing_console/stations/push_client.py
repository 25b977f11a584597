"""A station's link to the desk: its new records pushed in the background, over httpx.

The link reads the day's own journal as it grows (only the new bytes), and
sends every record the desk does not hold yet, in order, with the record it
follows (`after`), so the desk can refuse anything out of order. It asks the
desk first how far it holds this station (a station restarted, or the desk's
records came on a USB stick, resumes there). While the network is down it
retries with a growing pause; a wrong code is said once and retried slowly.

It runs in a thread of its own and never holds anything the console waits
for: a key is stamped and saved whether the desk is reachable or not, and the
link catches up when it is. No Starlette here: the console imports this.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from timing_console.stations.files import StationRecord
from timing_console.stations.link import LinkState
from timing_console.store.identity import Identity
from timing_console.store.journal import scan
from timing_console.store.recovery import DayPaths
from timing_console.words import Said, say

BATCH = 400
"""Records per request: a day's worth of a heat, well under the desk's body limit."""
TICK_S = 0.05
"""How often the journal's size is looked at: a `stat`, so a save reaches the desk at once."""
BACKOFF_S = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
"""Pauses between tries while the desk cannot be reached."""
TIMEOUT_S = 5.0


class Tail:
    """The day's own journal, read as it grows: its intact records, in order."""

    def __init__(self, day: Path, station: Identity) -> None:
        """Follow the journal of the day at `day` as `station`'s records."""
        self.path = DayPaths.of(day).journal
        self.station = station
        self.offset = 0
        self.last = 0
        self._ino: int | None = None

    def restart(self) -> None:
        """Read from the beginning again (the journal was replaced, or the desk lost records)."""
        self.offset, self.last, self._ino = 0, 0, None

    def read(self) -> list[StationRecord]:
        """Records saved since the last read (a line still being written waits)."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return []
        if self._ino not in (None, st.st_ino) or st.st_size < self.offset:
            self.restart()
        self._ino = st.st_ino
        if st.st_size == self.offset:
            return []
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            data = handle.read()
        end = data.rfind(b"\n") + 1
        found = scan(data[:end], self.offset, self.last)
        self.offset += end
        if found.records:
            self.last = found.records[-1].seq
        name, sid = self.station.name, self.station.sid
        return [
            StationRecord(name, r.seq, [[t, k, d] for t, k, d in r.puts], sid)
            for r in found.records
        ]


class Refused(Exception):
    """The desk said no for a reason retrying will not mend (code, day, name).

    Its text is the desk's answer as sent, or a sentence of ours by key, said
    in the reader's language (`said`).
    """

    def __init__(self, why: str | Said) -> None:
        """`why`: the desk's own words, or ours by key."""
        self.why = why
        super().__init__(str(why))

    def said(self, lang: str) -> str:
        """Why, in `lang` where it is ours to say."""
        return say(self.why, lang) if isinstance(self.why, Said) else self.why


class PushLink:
    """One station pushing to one desk."""

    def __init__(
        self,
        day: Path,
        *,
        url: str,
        code: str,
        station: Identity,
        identity: str,
        client: httpx.Client | None = None,
        wall: Callable[[], float] = time.time,
    ) -> None:
        """A link for the day at `day`; `client` lets a test route it (default: httpx)."""
        self.url = url.rstrip("/")
        self.station = station
        self.identity = identity
        self.tail = Tail(day, station)
        self.client = client or httpx.Client(timeout=TIMEOUT_S, trust_env=False)
        if code.strip():  # no code: the desk answers 401, as to any stranger
            self.client.headers["authorization"] = f"Bearer {code.strip()}"
        self.wall = wall
        self.acked: int | None = None
        self.acked_at: float | None = None
        self.state, self.why = "connecting", ""
        self.pending: list[StationRecord] = []
        self.on_state: Callable[[LinkState], None] | None = None
        """Told the link's state after every try (the push process writes it for the console)."""
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def status(self) -> LinkState:
        """The link as the console shows it."""
        return LinkState(self.state, self.acked or 0, self.acked_at, len(self.pending), self.why)

    def _ask_acked(self) -> int:
        params = {"sid": self.station.sid}
        if self.station.replaces:
            params["replaces"] = self.station.replaces
        response = self.client.get(f"{self.url}/push/{self.station.name}", params=params)
        self._check(response)
        return int(response.json()["acked"])

    def _check(self, response: httpx.Response) -> None:
        if response.status_code in (401, 400, 413, 422) or (
            response.status_code == 409 and "acked" not in response.json()
        ):
            raise Refused(_error(response))
        if response.status_code not in (200, 409):
            response.raise_for_status()

    def push_once(self) -> int:
        """Send what the desk lacks; how many records it newly acknowledged.

        Raises httpx errors while the desk cannot be reached, Refused when it
        said no for good.
        """
        self.pending += self.tail.read()
        if self.acked is None:
            self.acked = self._ask_acked()
            if self.pending and self.pending[0].seq > self.acked + 1 and self.tail.offset:
                self.tail.restart()
                self.pending = self.tail.read()
        if self.acked > self.tail.last:
            raise Refused(
                Said(
                    "err.desk_knows_more",
                    {"name": self.station.name, "acked": self.acked, "last": self.tail.last},
                )
            )
        start = self.acked
        self.pending = [r for r in self.pending if r.seq > self.acked]
        while self.pending:
            batch = self.pending[:BATCH]
            body = {
                **self.station.doc(),
                "day": self.identity,
                "after": self.acked,
                "records": [r.line().decode("utf-8") for r in batch],
            }
            response = self.client.post(f"{self.url}/push", json=body)
            self._check(response)
            acked = int(response.json()["acked"])
            if response.status_code == 409 and acked < (self.pending[0].seq - 1):
                self.tail.restart()  # the desk holds less than it once said: send it again
                self.pending = [r for r in self.tail.read() if r.seq > acked]
            self.acked = acked
            self.acked_at = self.wall()
            self.pending = [r for r in self.pending if r.seq > acked]
        self.state, self.why = "up", ""
        return (self.acked or 0) - start

    def take_code(self, code: str) -> None:
        """Push with the desk's new pairing code from the next try, which comes now."""
        if code.strip():
            self.client.headers["authorization"] = f"Bearer {code.strip()}"
        else:
            self.client.headers.pop("authorization", None)
        self.state, self.why, self.acked = "connecting", "", None
        self._wake.set()

    def run(self) -> None:
        """Push until stopped: after every save, and again after each failure's pause."""
        failures = 0
        while not self._stop.is_set():
            try:
                self.push_once()
                failures = 0
                pause = TICK_S
            except Refused as exc:
                self.state, self.why = "refused", str(exc)
                pause = BACKOFF_S[-1]
            except (httpx.HTTPError, ValueError, KeyError, OSError) as exc:
                self.state, self.why = "down", type(exc).__name__
                self.acked = None  # ask again after a failure: the desk may have moved on
                pause = BACKOFF_S[min(failures, len(BACKOFF_S) - 1)]
                failures += 1
            if self.on_state is not None:
                self.on_state(self.status())
            self._wake.wait(pause)
            self._wake.clear()

    def halt(self) -> None:
        """Ask `run` to return after its current try."""
        self._stop.set()
        self._wake.set()

    def start(self) -> None:
        """Run in a daemon thread (a test's or a benchmark's; the console uses `pushproc`)."""
        self._thread = threading.Thread(target=self.run, name="push-link", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread and close the client."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=TIMEOUT_S + 1)
        with contextlib.suppress(Exception):
            self.client.close()


def _error(response: httpx.Response) -> str:
    try:
        body: Any = response.json()
        return str(body.get("error", response.status_code))
    except ValueError:
        return f"HTTP {response.status_code}"
