"""Debian's Chromium for the board's browser tests and the book's PDF tests.

No browser can be downloaded here, so the tests drive the system's `chromium`
(playwright with `executable_path`, or `chromium --headless --print-to-pdf`).
Where it is missing they skip, except under `.ci/run`, which installs it and
sets `TIMING_CONSOLE_REQUIRE_BROWSER=1` so a missing browser fails the run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Without the networking flags Chromium keeps knocking at this machine's closed network."""


def _need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        message = f"{tool} is missing (Debian: apt install chromium fonts-noto-cjk poppler-utils)"
        if os.environ.get("TIMING_CONSOLE_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def chromium() -> str:
    """Path of the system Chromium, or skip (fail under CI)."""
    return _need("chromium")


def print_pdf(page: Path, pdf: Path, profile: Path, timeout: float = 120) -> Path:
    """Print an HTML file to PDF exactly as an organiser's Chromium would (A4 from print CSS)."""
    subprocess.run(
        [
            chromium(),
            *FLAGS,
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.resolve().as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    return pdf


def pdf_pages(pdf: Path, *, layout: bool = True) -> list[str]:
    """The PDF's text, page by page (pdftotext puts a form feed between pages): laid out as
    printed, or (`layout=False`) in the order it was drawn, which keeps slanted text whole."""
    tool = _need("pdftotext")
    text = subprocess.run(
        [tool, "-layout" if layout else "-raw", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's (width, height) in points, as `pdfinfo` reads them (A4 is 595 x 842)."""
    tool = _need("pdfinfo")
    text = subprocess.run(
        [tool, "-f", "1", "-l", "9999", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    found = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", text, re.M)
    return [(float(w), float(h)) for w, h in found]
