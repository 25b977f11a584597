"""What the console and the push to the desk share: the link's state, and what a link does.

The push runs in a process of its own (`push_process`) or in the console's
(`push_client`); the session holds either through this protocol.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class LinkState:
    """What the console shows of its link to the desk (`--push`)."""

    state: str
    """`connecting`, `up`, `down` or `refused`."""
    acked: int
    """The last of this station's records the desk acknowledged."""
    acked_at: float | None
    """Wall-clock time of the last acknowledgement."""
    pending: int
    """Records saved here that the desk does not hold yet."""
    why: str = ""


class Link(Protocol):
    """A station's link to the desk, as the console sees it: `push_client.PushLink` in this
    process, or `push_process.PushProcess` beside it."""

    url: str

    def status(self) -> LinkState:
        """The link now."""
        ...

    def start(self) -> None:
        """Start pushing, in a thread of its own."""
        ...

    def take_code(self, code: str) -> None:
        """Push with the desk's new pairing code from now on."""
        ...

    def stop(self) -> None:
        """Stop pushing (what is not sent yet stays saved here)."""
        ...
