"""A day's files as the tests hold them: fingerprints, copies set aside, one-sentence notices."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path


def fingerprint(folder: Path, *, skip: tuple[str, ...] = ("lock",)) -> dict[str, str]:
    """Every file under `folder` by its SHA-256, keyed by its path below `folder`.

    Files whose names end with one of `skip` are left out: by default the lock,
    which whoever opens the day writes again; `skip=()` holds every byte.
    """
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(skip)
    }


def kept_aside(path: Path) -> list[Path]:
    """The damaged copies of `path` that opening it set aside next to it."""
    return sorted(path.parent.glob(path.name + ".damaged-*"))


def named_copy(notice: str, path: Path) -> Path:
    """The kept copy a notice names (it must name one)."""
    found = re.search(r"kept as (\S+?\.damaged-[\w-]+)", notice)
    assert found, notice
    return path.parent / found.group(1)


def one_sentence(text: str, path: Path) -> None:
    """Names the file, ends with a full stop, and has no second sentence."""
    assert str(path) in text, text
    assert text.endswith("."), text
    assert "\n" not in text, text
    assert ". " not in text.replace(str(path), "PATH"), text
