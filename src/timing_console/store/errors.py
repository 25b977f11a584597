"""Errors the store raises: each message is one sentence that names the file."""

from __future__ import annotations


class StoreError(Exception):
    """The day's files cannot be opened, read or written as asked."""


class StoreLocked(StoreError):
    """Another process has this day open for writing."""
