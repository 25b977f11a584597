"""Set several state classes on a widget in one style pass."""

from __future__ import annotations

from collections.abc import Mapping

from textual.dom import DOMNode


def set_classes_once(node: DOMNode, wanted: Mapping[str, bool]) -> None:
    """Add or remove each class; restyle once, and only if something changed.

    `set_class` restyles the node for each class that changes, and a count box
    that opens as the current one changes two (`-closed`, `-current`): a style
    pass too many.
    """
    if all(node.has_class(name) is on for name, on in wanted.items()):
        return
    node.remove_class(*(name for name, on in wanted.items() if not on), update=False)
    node.add_class(*(name for name, on in wanted.items() if on), update=False)
    node.update_node_styles()
