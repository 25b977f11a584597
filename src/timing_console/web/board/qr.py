"""The board's address as a QR code, inline SVG, so a phone can open it from the screen."""

from __future__ import annotations

import re

import segno

_URL = re.compile(r"https?://[A-Za-z0-9.\-\[\]:]+/[A-Za-z0-9/._\-]*")
"""Our own address only: a URL of any other shape is refused, never drawn into the page."""


def qr_svg(url: str) -> str:
    """Inline SVG (no size: it fills its box) of `url`, dark on white for any screen."""
    if not _URL.fullmatch(url):
        raise ValueError(f"not a board address: {url!r}")
    code = segno.make(url, error="m", micro=False)
    return str(code.svg_inline(scale=1, border=2, omitsize=True, dark="#000", light="#fff"))
