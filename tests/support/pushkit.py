"""A network that misbehaves: a proxy on localhost that drops, delays, duplicates and cuts.

Each request a station sends passes through `FlakyProxy`, which reads the
whole HTTP request, then by a seeded draw: forwards it (answer returned),
drops it (connection closed, the desk never sees it), delays it, sends it to
the desk twice (the desk sees a replay; the station gets the second answer),
or forwards it and cuts the answer (the desk stored it, the station never
hears so). One request per connection upstream; the station may keep its
connection open and the proxy serves request after request on it.
"""

from __future__ import annotations

import random
import socket
import threading
from collections import Counter

import httpx

from timing_console.web.push import accept
from timing_console.web.push.accept import Desk

FATES = ("forward", "drop", "delay", "twice", "cut")


def _read_message(sock: socket.socket, buffer: bytearray) -> bytes | None:
    """One HTTP message (headers and a Content-Length body) from `sock`, or None at EOF."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    head_end = buffer.index(b"\r\n\r\n") + 4
    length = 0
    for line in bytes(buffer[:head_end]).split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(buffer) < head_end + length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    message = bytes(buffer[: head_end + length])
    del buffer[: head_end + length]
    return message


class FlakyProxy:
    """`http://127.0.0.1:PORT` in front of `upstream` (host, port), misbehaving at `odds`."""

    def __init__(self, upstream: tuple[str, int], seed: int, odds: float = 0.5) -> None:
        self.upstream = upstream
        self.rng = random.Random(seed)
        self.odds = odds
        self.fates: Counter[str] = Counter()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._wake = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _fate(self) -> str:
        with self._lock:
            fate = "forward" if self.rng.random() >= self.odds else self.rng.choice(FATES[1:])
            self.fates[fate] += 1
            return fate

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _ask(self, request: bytes) -> bytes | None:
        with socket.create_connection(self.upstream, timeout=10) as up:
            up.sendall(request)
            return _read_message(up, bytearray())

    def _serve(self, client: socket.socket) -> None:
        buffer = bytearray()
        with client:
            while (request := _read_message(client, buffer)) is not None:
                fate = self._fate()
                if fate == "drop":
                    return
                if fate == "delay":
                    self._wake.wait(self.rng.uniform(0.01, 0.2))
                answer = self._ask(request)
                if fate == "twice":
                    answer = self._ask(request)
                if fate == "cut" or answer is None:
                    return
                client.sendall(answer)

    def close(self) -> None:
        self._stopped.set()
        self.listener.close()


def desk_transport(desk: Desk) -> httpx.MockTransport:
    """The desk's push routes without a server: the same checks and the same store, in-process.

    For property tests that push thousands of times: `Link` talks httpx to it
    exactly as to `board --accept-push`, and the desk's side is `accept`'s own.
    """

    def handle(request: httpx.Request) -> httpx.Response:
        if request.headers.get("authorization", "") != f"Bearer {desk.code}":
            return httpx.Response(401, json={"error": "wrong or missing pairing code"})
        if request.method == "GET":
            name = request.url.path.rsplit("/", 1)[1]
            query = request.url.params
            status, body = accept.answer_acked(desk, name, query.get("sid"), query.get("replaces"))
        else:
            status, body = accept.answer_push(desk, request.content)
        return httpx.Response(status, json=body)

    return httpx.MockTransport(handle)
