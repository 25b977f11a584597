"""Which language a reader gets: `--lang`, else the locale, else English.

The console, the command line and the exports ask here, so a Chinese laptop
gets Chinese everywhere; on Windows the locale comes from `locale`, as the
environment variables are usually unset there.
"""

from __future__ import annotations

import locale
import os

LANGS = ("zh", "en")
"""The languages every word is written in."""


def detect_lang(explicit: str | None = None) -> str:
    """`zh` or `en`: the flag wins, then the locale, then English."""
    if explicit in LANGS:
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        current = locale.getlocale()[0] or ""
    except ValueError:
        current = ""
    return "zh" if current.lower().startswith(("zh", "chinese")) else "en"
