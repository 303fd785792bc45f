"""Baselines across the 2025 reform: which baseline-year units a unit of today is compared with.

A unit that existed in the baseline year compares with itself. A unit created by the reform (a
regional court, a commune) compares through the units whose work it took over
(model/successions.py), measure family by measure family (``court.resolved`` is of the family
``court``), following hand-overs back until it reaches units that existed in the baseline year.
A unit that existed and also absorbed work (the city police taking over district police
investigations) compares with itself plus what it absorbed. Where a predecessor was split, its
counts enter with the declared weight and the comparison is an estimate. Where no baseline-year
unit can be reached, there is no comparison, and the reason says why (never a silent 0/0).

The city's baseline is over every unit valid in the baseline year, whatever the period
(evaluation.py); ``outside`` names predecessors from another province, which it does not cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from tipmonitor.metrics.registry import Indicator
from tipmonitor.model.successions import Successions

BASES = ("self", "predecessors", "estimate", "none")
NO_PREDECESSOR = "no_predecessor"  # created after the baseline year, no hand-over recorded for these measures
OUTSIDE = "outside"  # its predecessors belong to another province, whose baseline-year figures are not held


@dataclass(frozen=True)
class Basis:
    """What one unit's baseline for one indicator is made of."""

    kind: str  # one of BASES
    members: tuple[tuple[str, float], ...] = ()  # (baseline-year unit, weight), summed
    reason: str = ""  # for "none": NO_PREDECESSOR or OUTSIDE
    outside: tuple[str, ...] = ()  # predecessors from another province (named on the page)

    @property
    def code(self) -> str:
        """One cell of the CSV/workbook column: ``self``, ``predecessors: 006 + 009``,
        ``estimate: 001×0.25 + ...`` or ``none: no_predecessor``."""
        if self.kind == "self":
            return "self"
        if self.kind == "none":
            return f"none: {self.reason}"
        return f"{self.kind}: " + " + ".join(c if w >= 1 else f"{c}×{w:g}" for c, w in self.members)


def family(measure: str) -> str:
    """The measure family of a measure or cube column: ``court.resolved`` -> ``court``."""
    return measure.split(".", 1)[0]


def _members(code: str, fam: str, successions: Successions, in_baseline: set[str], seen: frozenset[str],
             outside: list[str], known: set[str], until: date | None) -> list[tuple[str, float]]:
    out = [(code, 1.0)] if code in in_baseline else []
    for hand_over in successions.predecessors(code, fam):
        if until is not None and hand_over.effective > until:
            continue  # work taken over after the period compared: not part of the unit yet
        predecessor = hand_over.predecessor
        if predecessor in seen:
            continue
        if predecessor not in known:
            outside.append(predecessor)
            continue
        for member, weight in _members(predecessor, fam, successions, in_baseline, seen | {code}, outside, known, until):
            out.append((member, weight * hand_over.weight))
    return out


def family_members(code: str, fam: str, successions: Successions, in_baseline: set[str],
                   known: set[str] | None = None, until: date | None = None) -> tuple[list[tuple[str, float]], list[str]]:
    """The baseline-year units (with weights) whose counts of ``fam`` make ``code``'s baseline, and the
    predecessors outside the city's registry (``known``: every code of the city, any date). Only the
    hand-overs in effect by ``until`` (the end of the period compared) count, when given."""
    outside: list[str] = []
    found = _members(code, fam, successions, in_baseline, frozenset(), outside,
                     known if known is not None else in_baseline | {code}, until)
    merged: dict[str, float] = {}
    for member, weight in found:
        merged[member] = merged.get(member, 0.0) + weight
    return list(merged.items()), outside


def basis(code: str, indicator: Indicator, successions: Successions, in_baseline: set[str],
          known: set[str] | None = None, until: date | None = None) -> Basis:
    """The basis of ``code``'s baseline for one indicator (its numerator's and denominator's families)."""
    families = dict.fromkeys(family(m) for m in indicator.numerator.measures + indicator.denominator.measures)
    members: dict[str, float] = {}
    outside: list[str] = []
    for fam in families:
        found, elsewhere = family_members(code, fam, successions, in_baseline, known, until)
        outside += elsewhere
        if not found:
            return Basis("none", (), OUTSIDE if elsewhere else NO_PREDECESSOR, tuple(dict.fromkeys(outside)))
        for member, weight in found:
            members[member] = max(members.get(member, 0.0), weight)
    if list(members.items()) == [(code, 1.0)]:
        return Basis("self", ((code, 1.0),), outside=tuple(dict.fromkeys(outside)))
    kind = "estimate" if any(w < 1 for w in members.values()) else "predecessors"
    return Basis(kind, tuple(members.items()), outside=tuple(dict.fromkeys(outside)))


def through_predecessors(base: pd.DataFrame, units: list[str], successions: Successions, in_baseline: set[str],
                         known: set[str] | None = None, until: date | None = None) -> pd.DataFrame:
    """Baseline-cube rows for ``units``: each column the weighted sum of its family's members' counts.

    ``base`` is the baseline cube over the baseline-year units (rows (window, unit)). A weighted
    (estimated) count is rounded to whole items; a unit with no member for a family has NaN there
    (no data, never 0).
    """
    windows = list(dict.fromkeys(base.index.get_level_values("window")))
    columns = list(base.columns)
    sources = list(dict.fromkeys(base.index.get_level_values("unit")))
    out = np.full((len(windows), len(units), len(columns)), np.nan)
    position = {source: i for i, source in enumerate(sources)}
    # each window's counts by source, read once (not once per family)
    by_window = [base.xs(window, level="window").reindex(sources).to_numpy(dtype=float) for window in windows]
    for fam in dict.fromkeys(family(c) for c in columns):
        weights = np.zeros((len(units), len(sources)))
        for i, code in enumerate(units):
            for member, weight in family_members(code, fam, successions, in_baseline, known, until)[0]:
                if member in position:
                    weights[i, position[member]] = weight
        estimated = np.asarray(((weights > 0) & (weights < 1)).any(axis=1)).reshape(-1, 1)
        cols = [c for c, column in enumerate(columns) if family(column) == fam]
        for w, counts_by_source in enumerate(by_window):
            counts = counts_by_source[:, cols]
            total = weights @ np.nan_to_num(counts)
            seen = (weights > 0).astype(float) @ (~np.isnan(counts)).astype(float) > 0
            total = np.where(estimated, np.floor(total + 0.5), total)
            out[w][:, cols] = np.where(seen, total, np.nan)
    index = pd.MultiIndex.from_product([windows, units], names=["window", "unit"])
    return pd.DataFrame(out.reshape(len(windows) * len(units), len(columns)), index=index, columns=columns)


def valid_during(table: pd.DataFrame, start: date, end: date) -> list[str]:
    """Codes of a unit registry table valid at some day between ``start`` and ``end``."""
    first, last = start.isoformat(), end.isoformat()
    keep = (((table["valid_from"] == "") | (table["valid_from"] <= last))
            & ((table["valid_to"] == "") | (table["valid_to"] >= first)))
    return list(table.index[keep])
