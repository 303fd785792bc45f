"""Results kept per owner object (a dataset, an ``Inputs``, an activities frame) for as long as the owner lives.

A module-level dict keyed by ``id(owner)`` that also holds the owner (to check the id was not reused) keeps every
dataset it has seen: in a long JupyterLab session, old datasets would never be freed. Here the owner is held only
through a weak reference, and its results go with it. Owners are matched by identity, so unhashable ones (a
DataFrame) can own results too. A result must not refer to its owner, or the owner would never be freed.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class PerOwner:
    """``{key: value}`` per live owner; at most ``limit`` keys per owner (emptied past it)."""

    def __init__(self, limit: int = 64) -> None:
        self.limit = limit
        self._held: dict[int, tuple[weakref.ref, dict[Hashable, Any]]] = {}
        self._lock = threading.Lock()

    def get(self, owner: object, key: Hashable, compute: Callable[[], T]) -> T:
        """The value of ``key`` for ``owner``, computed once (``compute()``) while the owner lives."""
        ident = id(owner)
        with self._lock:
            entry = self._held.get(ident)
            if entry is None or entry[0]() is not owner:
                held = self._held

                def forget(ref: weakref.ref, ident: int = ident) -> None:
                    if ident in held and held[ident][0] is ref:  # not a later owner given the same id
                        del held[ident]

                entry = self._held[ident] = (weakref.ref(owner, forget), {})
            cache = entry[1]
            if key in cache:
                return cache[key]
        value = compute()  # outside the lock: a computation may ask this memo for another key
        with self._lock:
            if len(cache) >= self.limit:
                cache.clear()
            cache[key] = value
        return value

    def __len__(self) -> int:
        """How many owners have results here."""
        return len(self._held)

    def clear(self) -> None:
        with self._lock:
            self._held.clear()
