"""This database's station: who it is (an id given when named, a name people read).

A station's identity is a fact the store holds about itself (one record in a
table that never merges); other stations' identities arrive with their records
(see `stations`).
"""

from __future__ import annotations

import hashlib
import secrets
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from timing_console.store.errors import StoreError

STATION_TABLE = "station"
"""This database's own name: key `self`, doc `{"name": ...}` (never merged)."""
SELF_KEY = "self"
"""Key of that record."""


def legacy_sid(name: str) -> str:
    """The id of a station named by a release before stations had ids: made from its name,
    so its records, bundles and station files keep meaning the same station."""
    return "legacy-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]


def new_sid() -> str:
    """A fresh station id: what a database becomes when it is named as a station."""
    return secrets.token_hex(8)


@dataclass(frozen=True)
class Identity:
    """Who a station is: the id its database was given when named (never reused by another
    laptop), its name (a label people read), and the name of the station it took over when
    it was set up as a spare (`load --station NAME --replaces OLD`)."""

    sid: str
    name: str
    replaces: str | None = None

    @classmethod
    def of(cls, doc: Mapping[str, Any], default_name: str) -> Identity:
        """The identity a station document (or a file's header) holds; a name with no id is
        a station of a release before ids."""
        name = doc.get("name", doc.get("station"))
        name = name if isinstance(name, str) and name else default_name
        sid = doc.get("sid", doc.get("id"))
        replaces = doc.get("replaces")
        return cls(
            sid if isinstance(sid, str) and sid else legacy_sid(name),
            name,
            replaces if isinstance(replaces, str) and replaces else None,
        )

    def doc(self) -> dict[str, Any]:
        """As a header or a station document writes it."""
        found: dict[str, Any] = {"station": self.name, "sid": self.sid}
        if self.replaces:
            found["replaces"] = self.replaces
        return found


MAX_NAME = 40
"""A station's name is shown in the console's header: short."""


def default_station() -> str:
    """The computer's name: what a station is called unless told otherwise."""
    return check_station(socket.gethostname() or "station")


def check_station(name: str) -> str:
    """A usable station name (trimmed), or StoreError saying why not."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(ord(c) < 32 or c == "\x7f" for c in name):
        raise StoreError("err.bad_station_name", most=MAX_NAME, name=repr(name))
    return name


def station_of(tables: Any) -> Identity | None:
    """The station a store holds (`tables.get(table, key)`), if it was named."""
    doc = tables.get(STATION_TABLE, SELF_KEY)
    name = doc.get("name") if hasattr(doc, "get") else None
    return Identity.of(doc, name) if isinstance(name, str) and name else None
