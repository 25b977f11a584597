"""The domain and the store never load the UI: they must run headless in the CLI and tests.

And nothing below the app knows the app: screens get a `Session` and post
messages, so no module imports `timing_console.app` (not even for type hints).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

DOMAIN = [
    "timing_console.model",
    "timing_console.rules.ranking",
    "timing_console.rules.awards",
    "timing_console.rules.results",
    "timing_console.rules.entries",
    "timing_console.rules.draw",
    "timing_console.rules.heat",
    "timing_console.rules.stamp",
    "timing_console.rules.clock",
    "timing_console.rules.report",
    "timing_console.store.db",
    "timing_console.store.repo",
    "timing_console.store.dayfile",
    "timing_console.store.export",
    "timing_console.cli",
    "timing_console.session",
    "timing_console.heap",
]


def test_domain_and_store_do_not_import_textual():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in DOMAIN)
        + "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


PACKAGE = Path(__file__).resolve().parents[2] / "src" / "timing_console"
IMPORTS_APP = re.compile(
    r"^\s*(from\s+(timing_console\.|\.+)app\b"
    r"|from\s+(timing_console|\.+)\s+import\s+.*\bapp\b"
    r"|import\s+timing_console\.app\b)",
    re.MULTILINE,
)


def test_nothing_below_the_app_imports_it():
    below = [
        p
        for p in sorted(PACKAGE.rglob("*.py"))
        if p.relative_to(PACKAGE).as_posix() not in ("app.py", "cli.py")
    ]
    assert len(below) > 20
    offenders = [str(p.relative_to(PACKAGE)) for p in below if IMPORTS_APP.search(p.read_text())]
    assert offenders == []


def test_the_app_import_pattern_catches_each_spelling():
    for line in (
        "from timing_console.app import TimingConsoleApp",
        "    from timing_console.app import TimingConsoleApp",
        "import timing_console.app",
        "from timing_console import app",
        "from timing_console import heap, app",
        "from ..app import TimingConsoleApp",
        "from .. import app",
    ):
        assert IMPORTS_APP.search(line), line
    assert not IMPORTS_APP.search("from timing_console.apply import x")
    assert not IMPORTS_APP.search("from timing_console import heap")
