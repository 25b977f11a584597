"""Errors the store raises: each message is one sentence that names the file."""

from __future__ import annotations


class StoreError(Exception):
    """The day's files cannot be opened, read or written as asked."""


class StoreLocked(StoreError):
    """Another process has this day open for writing."""


class StaleWrite(StoreError):
    """A write computed from a version of the day older than the store's: nothing was saved.

    The writer did not see the latest save (another screen's correction, a merged
    station's record), so it must read the heat again and decide afresh.
    """
