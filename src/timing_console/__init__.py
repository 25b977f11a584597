"""timing-console: a pitchside timing console for a staff sports day."""

from __future__ import annotations

__version__ = "0.1.0"
