"""Read-only JSON documents: what the generic store hands out without a copy per read.

A plain document is frozen here: a `dict` subclass whose lists are `list`
subclasses, which `json`, `==` and pydantic accept as they are, and whose
mutation raises `TypeError`, so no caller can change the day behind the
journal's back.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn


def _refuse(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise TypeError(
        "documents from DayStore are read-only: copy.deepcopy() one (or build a "
        "new dict) and write it with DayStore.commit()"
    )


class FrozenDict(dict[str, Any]):
    """A stored document (or a dict nested in one) that refuses mutation."""

    __slots__ = ()
    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse
    __ior__ = _refuse

    def __copy__(self) -> dict[str, Any]:
        """A shallow, mutable, plain copy: what a caller who copies wants."""
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        """A deep, mutable, plain copy, ready to edit and commit."""
        return {k: thaw(v) for k, v in self.items()}

    def __reduce__(self) -> tuple[type[dict[str, Any]], tuple[dict[str, Any]]]:
        """Pickle as a plain dict (the default would call the refused setters)."""
        return (dict, (self.__deepcopy__({}),))


class FrozenList(list[Any]):
    """A list nested in a stored document that refuses mutation."""

    __slots__ = ()
    __setitem__ = __delitem__ = _refuse
    append = extend = insert = pop = remove = clear = sort = reverse = _refuse
    __iadd__ = __imul__ = _refuse

    def __copy__(self) -> list[Any]:
        """A shallow, mutable, plain copy."""
        return list(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        """A deep, mutable, plain copy."""
        return [thaw(v) for v in self]

    def __reduce__(self) -> tuple[type[list[Any]], tuple[list[Any]]]:
        """Pickle as a plain list."""
        return (list, (self.__deepcopy__({}),))


_SETTLED = frozenset({str, int, float, bool, type(None), FrozenDict, FrozenList})
"""Types `freeze` hands back as they are: frozen containers are only ever built frozen
all the way down. Checked before the call, so a document whose values are all settled
(one read through TinyDB, whose `Document` copies only the top level) costs one copy."""


def freeze(value: Any) -> Any:
    """A frozen deep copy of a JSON value (dicts and lists at any depth)."""
    if type(value) in _SETTLED or isinstance(value, FrozenDict | FrozenList):
        return value
    if isinstance(value, dict):
        return FrozenDict({k: v if type(v) in _SETTLED else freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return FrozenList([v if type(v) in _SETTLED else freeze(v) for v in value])
    return value


def _frozen_list(items: list[Any]) -> FrozenList:
    return FrozenList([_frozen_list(v) if type(v) is list else v for v in items])


def _frozen_object(pairs: list[tuple[str, Any]]) -> FrozenDict:
    return FrozenDict([(k, _frozen_list(v) if type(v) is list else v) for k, v in pairs])


def loads_frozen(data: bytes | str) -> Any:
    """`json.loads` that builds frozen documents as it parses.

    About twice as fast as parsing and then freezing, which matters when
    opening a day of 10,000 plain documents.
    """
    value = json.loads(data, object_pairs_hook=_frozen_object)
    return _frozen_list(value) if type(value) is list else value


def thaw(value: Any) -> Any:
    """A plain, mutable deep copy of a (possibly frozen) JSON value."""
    if isinstance(value, dict):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(v) for v in value]
    return value
