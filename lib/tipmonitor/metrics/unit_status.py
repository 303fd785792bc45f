"""Which units' results (met / missed a target) a plan year's public editions publish without their counts.

A unit's rate is withheld wherever its numerator, denominator or complement is a count 1..T-1 (nearly every
unit: a few reports a quarter). Its result against the target is what the public is owed, and a status
says less than a rate, but not nothing (docs/security.md, section 3, item 5; issue #26):

- any status (met, missed, at risk) says the denominator is at least 1 (a unit without data has none), and
  "met" that the numerator reaches the target's share of it;
- "missed" says the complement (denominator - numerator: reports not resolved, victims not supported) is at
  least 1. Where the units whose rates are withheld have complements summing to a small count c, the city's
  complement less the published units' gives c, so a missed unit's complement lies in 1..c: the protected
  fact 1..T-1 made known.

The rule, one decision per plan year (span, indicator), all or nothing over the units the span's editions
show whose rate is withheld and who sent its counts (``hidden``, n of them): their statuses (met, missed, at
risk, or no data where the denominator is 0) are published when

    the complements of every unit whose rate is withheld (also of units no edition of the span shows: ended
    ones) sum to 0 (all met, which the reader knows already), or to c with c - (n - 1) >= T (even if every
    one of the n missed, each complement could still be T or more), and
    their denominators sum to D with D - (n - 1) >= T (even if every one has data, each could be T or more);
    and, for a longer window, the same holds in each of its quarters (a window's result bounds its quarters'
    counts through the quarters-to-window relations: the year's audit of 2025 failed without this).

Every quantity in the rule is one the reader has (c and D are the city's counts less the published units';
which rates are withheld and which units sent no counts the pages say), so withholding a span's statuses tells nothing about any unit: withholding exactly the unsafe
"missed" statuses would tell the rule-aware reader that a withheld status is a miss. A span's statuses depend
only on that span's counts and on the year's decision of withheld rates (plan_year.decide, where a span's rows
depend only on the windows ending by it), so an earlier edition published the same statuses as a later one.
The proof is the year's LP audit (metrics/audit.py), which reads each published status as linear
inequalities (``inequalities``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tipmonitor.metrics.plan_year import YearCells, span_of
from tipmonitor.metrics.registry import Registry, Target

SHOWN = ("met", "missed", "at_risk", "no_data")  # a unit's status shown without its counts (no_data: its denominator 0)


@dataclass(frozen=True)
class SpanCounts:
    """One plan year's counts for the rule: spans x units (the city last) x columns, the year's withheld rates."""

    values: np.ndarray
    columns: list[str]
    rows: np.ndarray  # spans x units x indicators: rates the year's decision withholds
    indicators: list[str]
    shown: np.ndarray | None = None  # spans x units: the units the span's editions show (default all)
    spans: list[tuple[int, int]] | None = None  # (first quarter, last quarter) of each span


def signed_sum(values: np.ndarray, columns: list[str], terms) -> np.ndarray:
    """sum(sign x column) over the last axis; NaN where a term is unknown (a unit that did not send it)."""
    out = np.zeros(values.shape[:-1])
    for sign, measure in terms:
        out = out + sign * (values[..., columns.index(measure)] if measure in columns else 0.0)
    return out


def published_statuses(counts: SpanCounts, registry: Registry, targets, threshold: int) -> np.ndarray:
    """Spans x units x indicators: whether a unit's status is published where its rate is withheld (module rule).

    ``targets`` is the plan year's targets (registry.Targets or None: then no status is published)."""
    out = np.zeros(counts.rows.shape, dtype=bool)
    if targets is None:
        return out
    values = counts.values[:, :-1, :]  # the units, not the city
    for k, name in enumerate(counts.indicators):
        indicator = registry.indicators[name]
        target = targets.by_key.get(indicator.target) if indicator.target else None
        if target is None or indicator.better != "higher" or target.lower_is_better:
            continue
        numerator = signed_sum(values, counts.columns, indicator.numerator.terms)
        denominator = signed_sum(values, counts.columns, indicator.denominator.terms)
        known = ~np.isnan(numerator) & ~np.isnan(denominator)
        withheld = counts.rows[:, :-1, k] & known  # every unit's, also of units no edition of the span shows
        hidden = withheld & (counts.shown[:, :-1] if counts.shown is not None else True)
        n = hidden.sum(axis=1)
        gaps = np.where(withheld, np.nan_to_num(denominator - numerator), 0).sum(axis=1)
        sizes = np.where(withheld, np.nan_to_num(denominator), 0).sum(axis=1)
        safe = (n > 0) & ((gaps == 0) | (gaps - (n - 1) >= threshold)) & (sizes - (n - 1) >= threshold)
        if counts.spans is not None:  # a window's result bounds its quarters' counts: each quarter must pass too
            quarter = {a: i for i, (a, b) in enumerate(counts.spans) if a == b}
            safe = np.array([ok and all(q in quarter and safe[quarter[q]] for q in range(a, b + 1))
                             for ok, (a, b) in zip(safe, counts.spans)], dtype=bool)
        out[:, :-1, k] = hidden & safe[:, None]
    return out


def inequalities(status: str, numerator: dict[int, float], denominator: dict[int, float], pending: dict[int, float],
                 target: Target) -> list[tuple[dict[int, float], float]]:
    """What a published status says of a unit's counts, as rows sum(coefficient x count) >= bound.

    ``numerator``, ``denominator`` and ``pending`` are sums of counts by index (audit.YearSystem.flat). A status
    exists only with data: denominator >= 1. "met": numerator - t x denominator >= 0 (">" read as ">=": the LP is a
    relaxation). "missed" and "at risk": t x denominator - numerator >= 0 and, counts being whole, at least one
    item short: denominator - numerator >= 1. "at risk" also: the items still pending could close the gap,
    pending - (t x denominator - numerator) >= 0. "no data": denominator <= 0."""
    t = float(target.value)

    def combine(*parts: tuple[float, dict[int, float]]) -> dict[int, float]:
        out: dict[int, float] = {}
        for factor, terms in parts:
            for k, v in terms.items():
                out[k] = out.get(k, 0.0) + factor * v
        return {k: v for k, v in out.items() if abs(v) > 1e-12}

    if status == "no_data":  # a denominator of 0 (counts are not negative)
        return [(combine((-1.0, denominator)), 0.0)]
    rows = [(combine((1.0, denominator)), 1.0)]
    if status == "met":
        return rows + [(combine((1.0, numerator), (-t, denominator)), 0.0)]
    short = combine((t, denominator), (-1.0, numerator))
    rows += [(short, 0.0), (combine((1.0, denominator), (-1.0, numerator)), 1.0)]
    if status == "at_risk":
        rows.append((combine((1.0, pending), (-t, denominator), (1.0, numerator)), 0.0))
    return rows


def decide_statuses(cells: YearCells, registry: Registry, targets, threshold: int, shown=None) -> np.ndarray:
    """The year's published statuses (published_statuses) from its decision; ``shown(span)`` the units the span's
    editions show (plan_year.shown_in; default all)."""
    visible = None
    if shown is not None:
        sets = [shown(span) for span in cells.spans]
        visible = np.array([[u == cells.units[-1] or u in units for u in cells.units] for units in sets])
    counts = SpanCounts(cells.values, cells.columns, cells.rows, cells.indicators, visible, cells.spans)
    return published_statuses(counts, registry, targets, threshold)


def status_published(cells: YearCells, label: str, unit: str, indicator: str) -> bool:
    """Whether the year's decision publishes this window's, unit's and indicator's status without its counts."""
    span = span_of(label)
    if (cells.statuses is None or span is None or span[0] != cells.year or span[1:] not in cells.spans
            or unit not in cells.units or indicator not in cells.indicators):
        return False
    return bool(cells.statuses[cells.spans.index(span[1:]), cells.units.index(unit), cells.indicators.index(indicator)])
