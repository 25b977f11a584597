"""`timing-console board`: the live results board, a read-only web server beside the console.

Starlette serves four pages (`/` the whole day, `/kiosk` for a TV,
`/announcer`, `/callroom` for the call to the start), the standings as JSON
exactly as `standings --format json` prints them, and `/events`, a
server-sent event stream (sse-starlette) that sends the whole board on
connect and what changed after every save. The board follows the day's
journal without a lock (see `stations.follow`), so the console never waits for it,
and it never writes a byte of the day.

Contained by construction: only GET and HEAD pass (`ReadOnly`), templates
autoescape, the page's script writes data with `textContent`, a content
security policy allows only our own script and styles, static files come
from `web/static/` alone, and it binds 127.0.0.1 unless `--lan` is given.
Only with `--lan` do the pages carry a QR code, of the address phones on the
network reach; without it they say how to share instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import uvicorn
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from timing_console.model import find_event
from timing_console.oscompat import WINDOWS, yield_cpu
from timing_console.rules.report import standings_records, to_json
from timing_console.stations.follow import Follower
from timing_console.store.beacon import announce
from timing_console.store.errors import StoreError
from timing_console.web.board.callroom import ROLES, calls, face, running
from timing_console.web.board.guard import ReadOnly
from timing_console.web.board.qr import qr_svg
from timing_console.web.board.view import BoardView, build_view, patch
from timing_console.web.push import accept
from timing_console.web.push.accept import Desk
from timing_console.words import Words, both

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"

POLL_S = 0.05
"""How often the journal is looked at: one `stat` each, far under the second a result may take."""
SETTLE_S = 0.25
"""The longest a save waits for the saves after it before the board is rebuilt (see `Settle`)."""
RETRY_MS = 1000
"""How soon a browser reconnects after the stream drops (the SSE `retry` field)."""
QUEUE = 16
"""Updates one browser may fall behind by before it is dropped (it reconnects and catches up)."""

log = logging.getLogger("timing_console.board")


class Hub:
    """The latest board and every browser's queue of updates still to send."""

    def __init__(self, view: BoardView) -> None:
        """Start with the day as first read."""
        self.view = view
        self._queues: set[asyncio.Queue[bytes | None]] = set()

    @property
    def clients(self) -> int:
        """Browsers connected now."""
        return len(self._queues)

    def subscribe(self) -> asyncio.Queue[bytes | None]:
        """A new browser's queue; the caller sends it the whole board first."""
        queue: asyncio.Queue[bytes | None] = asyncio.Queue(QUEUE)
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[bytes | None]) -> None:
        """Forget a browser that left."""
        self._queues.discard(queue)

    def publish(self, view: BoardView) -> None:
        """Send what changed to every browser, encoded once.

        Each browser got the whole board when it connected, then every change
        in order on the same connection, so a patch of changed sections is
        enough. A browser too slow to keep up is told to leave (None): its
        page reconnects and gets the whole board, instead of the server
        holding an ever longer queue for it.
        """
        changed = patch(self.view, view)
        self.view = view
        message = encode(view) if changed is None else encode_patch(view.seq, stamped(changed))
        for queue in list(self._queues):
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:
                self._queues.discard(queue)
                while not queue.empty():
                    queue.get_nowait()
                queue.put_nowait(None)


def now_ms() -> int:
    """The server's wall clock, in epoch milliseconds, as the pages' clocks count."""
    return round(time.time() * 1000)


def stamped(data: str) -> str:
    """A JSON object with the server's time put first (`now`), as it goes out.

    A phone's clock may be minutes off the laptop's; the page takes the
    difference from each message and draws the running clocks from the
    heats' starts on the laptop's clock, never from its own.
    """
    return f'{{"now":{now_ms()},{data[1:]}'


def encode(view: BoardView) -> bytes:
    """One server-sent event: the whole board, its id the store's sequence number."""
    data = stamped(view.json)
    return ServerSentEvent(data=data, id=str(view.seq), event="board", retry=RETRY_MS).encode()


def encode_patch(seq: int, changed: str) -> bytes:
    """One server-sent event: the sections that changed (see `view.patch`)."""
    return ServerSentEvent(data=changed, id=str(seq), event="patch").encode()


@dataclass
class Settle:
    """When to rebuild the board: once the saves stop coming, or when one has waited `most_s`.

    A race's finishes come a few milliseconds apart, exactly while the
    console stamps them; rebuilding the board for each costs the laptop
    ~5 ms of CPU a time (10,000 attempts). Waiting for one quiet poll
    rebuilds once after the burst instead, and `most_s` keeps a long run of
    saves from holding the board back.
    """

    most_s: float
    since: float | None = None
    """When the oldest save not yet on the board was seen."""

    def due(self, changed: bool, now: float) -> bool:
        """Whether to rebuild now, told whether this poll found new saves."""
        if changed and self.since is None:
            self.since = now
            return self.most_s <= 0
        if self.since is None or (changed and now - self.since < self.most_s):
            return False
        self.since = None
        return True


class ServedDay:
    """One day being served: its follower, its hub, and the address phones reach, if any."""

    def __init__(
        self,
        db: Path,
        *,
        url: str,
        share: str | None = None,
        poll_s: float = POLL_S,
        settle_s: float = SETTLE_S,
    ) -> None:
        """Open the day read-only (StoreError if there is none) and build the first board.

        `url` is where this computer reaches the board; `share` the address on
        the network (`--lan`), the only one a QR code is drawn of.
        """
        self.follower = Follower(db)
        self.hub = Hub(build_view(self.follower.view))
        self.url = url
        self.share = share
        self.qr = qr_svg(share) if share else None
        self.poll_s = poll_s
        self.settle_s = settle_s
        self.failure: str | None = None

    def rebuild(self) -> BoardView:
        """The board as the day stands now (in a worker thread: it ranks what changed)."""
        return build_view(self.follower.view, self.hub.view, self.follower.take_touched())

    def refresh(self) -> BoardView | None:
        """The new board if the day changed since the last call, without waiting to settle."""
        return self.rebuild() if self.follower.poll() else None

    async def follow(self) -> None:
        """Poll the journal for ever, publishing once each burst of saves has settled."""
        settle = Settle(self.settle_s)
        while True:
            await anyio.sleep(self.poll_s)
            try:
                changed = not self.follower.unchanged() and await anyio.to_thread.run_sync(
                    self.follower.poll
                )
                if not settle.due(changed, anyio.current_time()):
                    continue
                view = await anyio.to_thread.run_sync(self.rebuild)
            except StoreError as exc:
                if str(exc) != self.failure:
                    log.warning("the board cannot read the day: %s", exc)
                self.failure = str(exc)
                continue
            self.failure = None
            self.hub.publish(view)


def _board(request: Request) -> ServedDay:
    board: ServedDay = request.app.state.board
    return board


def _page(name: str) -> Any:
    async def page(request: Request) -> Response:
        board = _board(request)
        context = {
            "view": board.hub.view.data,
            "qr": board.qr,
            "share": board.share,
            "now": now_ms(),
            "page": name,
        }
        response: Response = request.app.state.templates.TemplateResponse(
            request, f"{name}.html", context
        )
        return response

    return page


async def events(request: Request) -> EventSourceResponse:
    """The board as a stream: all of it now, then what each save changed."""
    hub = _board(request).hub

    async def stream() -> AsyncIterator[bytes]:
        # Subscribed and the whole board read in one step (no await between), so
        # every patch queued after it applies to what the page was sent. The
        # whole board comes first on every connection: after a dropped one
        # (Last-Event-ID set) the page shows what it missed, whatever it was.
        queue = hub.subscribe()
        try:
            yield encode(hub.view)
            while (message := await queue.get()) is not None:
                yield message
        finally:
            hub.unsubscribe(queue)

    return EventSourceResponse(stream(), ping=10, send_timeout=10)


def _standings_json(board: ServedDay, event_id: str | None) -> str:
    standings = [s for s in board.hub.view.standings if event_id in (None, s.event.id)]
    return to_json(standings_records(standings))


async def standings(request: Request) -> Response:
    """`timing-console standings [EVENT] --format json`, the same records to the byte."""
    key = request.path_params.get("event")
    event_id = None
    if key is not None:
        spec = find_event(key)
        if spec is None:
            return JSONResponse({"error": f"unknown event {key!r}"}, status_code=404)
        event_id = spec.id
    text = _standings_json(_board(request), event_id)
    return Response(text, media_type="application/json; charset=utf-8")


async def state(request: Request) -> Response:
    """The board's data, as the pages draw it."""
    return Response(_board(request).hub.view.json, media_type="application/json; charset=utf-8")


def create_app(board: ServedDay, desk: Desk | None = None) -> ReadOnly:
    """The board's ASGI app, following the day while it runs; taking pushes given a `desk`."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(board.follow)
            yield
            tasks.cancel_scope.cancel()

    routes = [
        Route("/", _page("board")),
        Route("/kiosk", _page("kiosk")),
        Route("/announcer", _page("announcer")),
        Route("/callroom", _page("callroom")),
        Route("/events", events),
        Route("/api/state", state),
        Route("/api/standings", standings),
        Route("/api/standings/{event:str}", standings),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    if desk is not None:
        routes = [*accept.ROUTES, *routes]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.board = board
    app.state.desk = desk
    app.state.templates = Jinja2Templates(directory=TEMPLATES)
    app.state.templates.env.autoescape = True
    app.state.templates.env.globals.update(
        both=both,
        zh=Words("zh"),
        en=Words("en"),
        face=face,
        running_heats=running,
        calls=calls,
        ROLES=ROLES,
    )
    return ReadOnly(app, push_path="/push" if desk is not None else None)


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything is printed (port 0 picks a free one)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if not WINDOWS:  # on Windows this flag would let another program take the port over
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def lan_address() -> str | None:
    """This computer's address on its network, or None when it has none.

    Connecting a UDP socket sends nothing: it only asks the system which
    interface would carry traffic out.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = str(probe.getsockname()[0])
        except OSError:
            address = ""
    if address and not address.startswith("127.") and address != "0.0.0.0":
        return address
    with contextlib.suppress(OSError):
        address = socket.gethostbyname(socket.gethostname())
        if not address.startswith("127."):
            return address
    return None


def addresses(port: int, lan: bool) -> tuple[str, str | None]:
    """Where this computer reaches the board, and where phones do: only with `--lan`, and
    only when the computer is on a network (None otherwise: no QR code is drawn)."""
    found = lan_address() if lan else None
    return f"http://127.0.0.1:{port}/", f"http://{found}:{port}/" if found else None


def server_for(app: ReadOnly) -> uvicorn.Server:
    """A quiet uvicorn server: results go to browsers, not to the terminal."""
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=2,
        lifespan="on",
    )
    return uvicorn.Server(config)


class _Stopped(Exception):
    """SIGTERM, handed on by uvicorn once it has stopped: end as Ctrl+C does."""


def _raise_stopped(signum: int, frame: object) -> None:
    raise _Stopped


@contextlib.contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """Let a `kill` end the board cleanly too (its beacon removed), where signals exist."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_stopped)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def desk_for(board: ServedDay, db: Path, *, new_code: bool = False) -> Desk:
    """The desk's side of `--accept-push`: the day's pairing code, the day's identity."""
    view = board.follower.view
    code = accept.day_code(db, new=new_code)
    return Desk(db, code, view.identity(), view.me, view.require_day())


def serve_board(
    db: Path,
    *,
    port: int,
    lan: bool,
    accept_push: bool = False,
    new_code: bool = False,
    words: Words | None = None,
) -> int:
    """Serve the board until Ctrl+C; print its address first. Exit code as the CLI's.

    What it tells the person at the keyboard is in `words`' language; the
    address and the pairing code on stdout keep one bilingual form, as
    scripts read them.
    """
    words = words or Words("en")
    host = "0.0.0.0" if lan else "127.0.0.1"
    try:
        sock = bind(host, port)
    except OSError as exc:
        refusal = words("cli.cannot_serve", port=port, why=exc)
        print(words("cli.error", text=refusal), file=sys.stderr)
        return 1
    port = sock.getsockname()[1]
    local, shared = addresses(port, lan)
    public = shared or local
    try:
        if not db.exists() and not Path(f"{db}.journal").exists():
            raise StoreError("err.no_day_at", db=db)
        board = ServedDay(db, url=local, share=shared)
        desk = desk_for(board, db, new_code=new_code) if accept_push else None
    except StoreError as exc:
        sock.close()
        print(words("cli.error", text=words.refusal(exc)), file=sys.stderr)
        return 1
    yield_cpu()  # a finish key on the console comes before a page update
    with announce(db, public):  # before the address is printed: once it is, all is ready
        print(local)
        if lan:
            print(f"{public}  {both('board.lan')}" if shared else words("board.no_lan"))
        else:
            print(words("board_share_hint"), file=sys.stderr)
        if desk is not None:
            print(f"{both('board.code')}: {desk.code}")
            print(words("board.at_each_station", url=public, code=desk.code), file=sys.stderr)
        print(words("board.ctrl_c"), file=sys.stderr)
        sys.stdout.flush()
        # uvicorn stops gracefully, then hands the signal on: the usual way out, not an error.
        with contextlib.suppress(_Stopped, KeyboardInterrupt), _stopped_by_sigterm():
            server_for(create_app(board, desk)).run(sockets=[sock])
    print(words("board.stopped"), file=sys.stderr)
    return 0
