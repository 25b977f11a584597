"""The domain and the store never load the UI: they must run headless in the CLI and tests."""

from __future__ import annotations

import subprocess
import sys

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
