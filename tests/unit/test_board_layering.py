"""The board stays in its layer: the web stack never loads the console, the store never the web."""

from __future__ import annotations

import subprocess
import sys


def loaded_after(module: str) -> set[str]:
    code = f"import sys, {module}\nprint('\\n'.join(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def roots(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_the_board_server_loads_neither_textual_nor_the_console_screens():
    loaded = loaded_after("timing_console.web.board.server")
    assert "starlette" in roots(loaded)  # the check itself sees what is loaded
    assert "textual" not in roots(loaded)
    assert not {m for m in loaded if m.startswith(("timing_console.ui", "timing_console.app"))}


def test_the_beacon_loads_no_web_stack():
    loaded = roots(loaded_after("timing_console.store.beacon"))
    assert "timing_console" in loaded
    assert not loaded & {"starlette", "jinja2", "uvicorn", "sse_starlette", "segno", "textual"}
