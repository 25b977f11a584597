"""Screenshot a running board in headless Chromium, as a phone and as a TV see it.

    .venv/bin/python -m tests.support.board_shot http://127.0.0.1:8765/ /tmp/board/shot.png

writes `shot.png` (desktop, 1280 wide), `shot-phone.png` (390 wide, full page),
`shot-tv.png` and `shot-tv720.png` (the kiosk at 1920x1080 and 1280x720) and
`shot-callroom.png` (the call room at 1920x1080) once the page is live.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import ViewportSize, sync_playwright

from tests.support.browserkit import FLAGS, chromium

SIZES: dict[str, tuple[str, ViewportSize, bool]] = {
    "": ("", {"width": 1280, "height": 900}, False),
    "-phone": ("", {"width": 390, "height": 844}, True),
    "-tv": ("kiosk", {"width": 1920, "height": 1080}, False),
    "-tv720": ("kiosk", {"width": 1280, "height": 720}, False),
    "-callroom": ("callroom", {"width": 1920, "height": 1080}, False),
}


def shoot(url: str, out: Path) -> list[Path]:
    """Every size of the board at `url`, waiting for its stream to be live."""
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium(), args=[f for f in FLAGS if f != "--headless"]
        )
        try:
            for suffix, (path, viewport, full) in SIZES.items():
                page = browser.new_page(viewport=viewport)
                page.goto(url.rstrip("/") + "/" + path)
                page.wait_for_selector("#live[data-state=live]", timeout=10_000)
                target = out.with_name(out.stem + suffix + out.suffix)
                page.screenshot(path=str(target), full_page=full)
                written.append(target)
                page.close()
        finally:
            browser.close()
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    for path in shoot(args.url, args.out):
        print(path)
