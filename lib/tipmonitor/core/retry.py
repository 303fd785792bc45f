"""One retry policy: how many attempts a step gets, and which outcomes are worth another.

A step returns an outcome (it does not raise for a failure it can describe); the
policy's ``transient`` says whether that outcome is a failure another attempt may
cure (a kernel that did not start, a worker process that died). Anything else, a
success or a failure that would repeat (a notebook's own error), ends the tries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Retry:
    attempts: int
    transient: Callable[[Any], bool]

    def run(self, step: Callable[[], T], before_retry: Callable[[], None] | None = None) -> tuple[T, int]:
        """The step's last outcome and how many attempts it took; ``before_retry`` runs between attempts."""
        for attempt in range(1, self.attempts + 1):
            outcome = step()
            if attempt == self.attempts or not self.transient(outcome):
                return outcome, attempt
            if before_retry is not None:
                before_retry()
        raise ValueError(f"a retry policy needs at least one attempt, not {self.attempts}")
