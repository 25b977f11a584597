"""The board's front door: reads only, and headers that keep a page to our own files.

Every response, from a page to a 404, passes through here, so no route can
forget to refuse a write or to send the content security policy.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALLOWED = ("GET", "HEAD")

POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""Only our own script and styles run: data a page shows can never become code."""

HEADERS = {
    "content-security-policy": POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class ReadOnly:
    """ASGI middleware: 405 for any method but GET and HEAD, security headers on everything."""

    def __init__(self, app: ASGIApp, *, push_path: str | None = None) -> None:
        """Wrap the board's app; `push_path` lets POST through to it alone (`--accept-push`)."""
        self.app = app
        self.push_path = push_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a write before any route sees it; add the headers to what goes out."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        pushed = scope["method"] == "POST" and scope["path"] == self.push_path
        if scope["method"] not in ALLOWED and not pushed:
            refusal = PlainTextResponse(
                "只读：成绩公告板不接受修改。Read-only: the board changes nothing.\n",
                status_code=405,
                headers={"Allow": ", ".join(ALLOWED)},
            )
            await refusal(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)
