"""The browser the board's tests drive: Debian's Chromium through playwright, one per module.

Every page a test opens fails the test on a script error, a dialog or a
refusal by the content security policy, whatever the test itself checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.support.browserkit import FLAGS, chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium()
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=executable, args=[flag for flag in FLAGS if flag != "--headless"]
        )
        yield launched
        launched.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """`new_page(width, height)`: a page of that viewport, in a context of its own."""
    contexts = []
    problems: list[str] = []

    def make(width: int = 1280, height: int = 900) -> Page:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        opened = context.new_page()
        opened.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        opened.on("dialog", lambda dialog: problems.append(f"dialog: {dialog.message}"))
        opened.on(
            "console",
            lambda message: (
                problems.append(f"policy: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return opened

    yield make
    for context in contexts:
        context.close()
    assert problems == []


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()
