"""Allow `python -m timing_console`."""

from __future__ import annotations

from timing_console.cli import main

raise SystemExit(main())
