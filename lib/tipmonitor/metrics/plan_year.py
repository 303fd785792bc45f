"""Which counts a plan year's public editions withhold, decided once, quarter by quarter.

The public editions of one year (its quarters, 6 months, 9 months and the year, each with
its year to date, and the baseline year's same windows) publish counts of windows made of
whole quarters. Withholding each window on its own leaks by subtraction: Q3 = 9M - H1.
So the rule is decided on quarters (issue #16 items 1 and 2):

- ``withheld``: a set of (quarter, unit, measure) cells. It starts with the quarter counts
  under T (zero included). A window's count is published only when none of its quarters is
  withheld for that unit and measure (and it is not under T itself), so the difference of two
  published windows is a sum of published quarters, never a withheld one.
- In every window the year's editions publish up to this period, the cell set grows until:
  the units adding up to the city, and the categories adding up to a measure (victims by
  sex...), have no withheld part, or at least two whose sum is at least T (total minus the
  shown parts gives neither one part nor a small sum); a withheld total has a withheld part
  (or it would be the sum of the shown ones); and an indicator withheld in a window (its
  numerator or denominator under T, a term withheld, or the caller's own rules) has every
  term of its numerator and denominator withheld (one page never withholds a rate and shows
  its counts). An indicator whose complement (denominator - numerator) is a count under T,
  0 excepted, is withheld (disclosure.py, rule 1); and where the units withheld for an
  indicator have complements summing to a small count above 0 under a shown city, the shown
  unit with the smallest complement above 0 is withheld too (the city's minus the shown
  units' would give the sum). Complements then follow the quarters like every count: a
  withheld indicator withholds its terms, and so every window holding that quarter.
- The city's rates are over the units that sent all their counts; the city's total of a measure is over
  every unit. Where the two differ, in a window, by a count 1..T-1 (the left-out units' count: left_out_leaks),
  a plan target's rate (T1-T6) keeps its counts and the city's total of that measure is withheld (from the
  window's last quarter, unless a quarter inside is already); a rate without a target is withheld for the city
  in that window instead (its denominator may be a target's too: S4's cases are T3's), never its terms.
- A unit's partner under the city's total is never a 0 a reader proves from the window's other shown numbers
  (pinned_zeros: the city's zeros; partners_proven: the units' own too, beside a protected count): it hides nothing.
- A window needing one more withheld cell takes the cell's last quarter in the window: a
  later edition's window then differs from an earlier one by that withheld quarter. Windows
  ending after this period's last quarter are not looked at, so an earlier edition of the
  year, with the same data, withheld the same quarters.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd

from tipmonitor.metrics.counts import LabelledWindow, build_cube
from tipmonitor.metrics.evaluation import CITY, apply_baseline_table, indicator_values, with_city
from tipmonitor.model import periods
from tipmonitor.model.sensitivity import sensitivity
from tipmonitor.model.periods import Period
from tipmonitor.model.dataset import Dataset

# The windows public editions publish, as (first quarter, last quarter): the quarters, the
# years to date (H1, 9M, the year) and the second half.
SPANS = ((1, 1), (2, 2), (3, 3), (4, 4), (1, 2), (1, 3), (1, 4), (3, 4))
# Breakdowns whose categories are not a partition (one victim may get several kinds of support).
NOT_PARTITIONS = ("support_kind",)
# Counts at a date, not over a window: a longer window's is not the sum of its quarters'.
STOCKS = ("opening", "closing", "overdue")
# Counts of a window's intake done by its end (model/measures.py): a longer window's is at least the sum of its
# quarters' (an item of Q3 done in Q4 is in H2's count and in neither quarter's), not their sum.
COHORTS = ("intake_classified", "intake_solved", "identified_supported")


@lru_cache(maxsize=4096)  # a label's span never changes; a public edition asks for the same few labels ~100,000 times
def span_of(label: str) -> tuple[int, int, int] | None:
    """(year, first quarter, last quarter) of a window made of whole quarters; None for a month."""
    period = periods.parse(label)
    quarters = period.quarters() if period.kind != "quarter" else [period]
    if not quarters:
        return None
    return period.year, quarters[0].index, quarters[-1].index


@dataclass
class YearCells:
    """The decision for one year: counts per (span, unit) x measure and which are withheld."""

    year: int
    spans: list[tuple[int, int]]
    units: list[str]  # CITY last
    columns: list[str]
    values: np.ndarray  # spans x units x columns
    quarters: np.ndarray  # 4 x units x columns: the withheld quarter cells
    indicators: list[str]
    rows: np.ndarray  # spans x units x indicators: withheld indicator values
    statuses: np.ndarray | None = None  # spans x units x indicators: a withheld value's status published (unit_status)

    def windows(self) -> np.ndarray:
        """Spans x units x columns: withheld counts (a quarter inside withheld, or under T by itself)."""
        return np.stack([self.quarters[a - 1:b].any(axis=0) for a, b in self.spans])

    def _place(self, label: str, unit: str) -> tuple[int, int] | None:
        """(span, unit) positions of a window label and a unit; None if the decision does not cover them."""
        span = span_of(label)
        if span is None or span[0] != self.year:
            return None
        s, u = self._index[0].get(span[1:]), self._index[1].get(unit)
        return None if s is None or u is None else (s, u)

    @cached_property
    def _index(self) -> tuple[dict, dict, dict]:
        """Positions of spans, units and indicators (set when the decision is made, never changed), the first of equals."""
        def first(keys: list) -> dict:
            return {key: i for i, key in reversed(list(enumerate(keys)))}

        return first(self.spans), first(self.units), first(self.indicators)

    def row(self, label: str, unit: str, indicator: str) -> bool:
        """Whether the indicator's value of this window and unit is withheld (False if not covered)."""
        place = self._place(label, unit)
        if place is None:
            return False
        return bool(self.rows[place[0], place[1], self._index[2][indicator]])

    def counts_withheld(self, label: str, unit: str) -> np.ndarray | None:
        """For a window label and a unit: per column, whether its count is withheld (a quarter inside withheld);
        None if not covered. An array, not a Series: asked for every row of an edition's cubes."""
        place = self._place(label, unit)
        if place is None:
            return None
        s, u = place
        a, b = self.spans[s]
        return np.asarray(self.quarters[a - 1:b, u].any(axis=0))


def span_windows(year: int, last_quarter: int, rule: str) -> list[LabelledWindow]:
    """The published spans of the year ending by ``last_quarter``, labelled "YYYY:a-b"."""
    return [LabelledWindow(f"{year}:{a}-{b}", Period(year, "quarter", a).window(rule).start,
                           Period(year, "quarter", b).window(rule).end) for a, b in SPANS if b <= last_quarter]


def span_cube(dataset: Dataset, year: int, last_quarter: int, units: list[str], rule: str,
              baseline: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts of every published span of the year ending by ``last_quarter``, units and CITY."""
    windows = span_windows(year, last_quarter, rule)
    cube = build_cube(dataset, windows, units, rule)
    if baseline is None:
        return with_city(cube)
    return apply_baseline_table(cube, dataset, baseline, year, windows, rule)[0]


def _needed_parts(withheld: np.ndarray, values: np.ndarray, total_withheld: np.ndarray, total_values: np.ndarray,
                  threshold: int, prefer: np.ndarray | None = None, locked: np.ndarray | None = None) -> np.ndarray:
    """Along the last axis (the parts of one total): the one more part each group must withhold.

    A group is fine with no part withheld under a shown total, or with at least two withheld
    parts summing to T or more (or to the whole total, when the published total is itself under
    T: the reader then learns only what the total says); under a withheld total, with at least
    one withheld part. The part added is the one that loses least: the smallest that brings the
    withheld sum to what is needed, else the largest (fewest parts); a second part only, the smallest.
    Among parts of the same size (mostly zeros), the one with the largest ``prefer`` (broadcast against
    ``values``: the part's largest count in any window of the year ending by this one's end) is taken: a zero of a part that has
    counts in other windows is hidden by them, where the zero of a part that is 0 all year is pinned by its
    other zeros (a published 0 of every window and category around it: session 8, 2024's unit 021).
    A ``locked`` part (broadcast against ``values``: the city's terms of a plan target's rate, a 0 the city's shown
    zeros prove: pinned_zeros) is taken only when no other part can be.
    """
    known = ~np.isnan(values)
    count = (withheld & known).sum(axis=-1)
    total = np.where(withheld & known, values, 0).sum(axis=-1)
    shown_total = ~total_withheld & ~np.isnan(total_values)
    enough = np.minimum(threshold, np.nan_to_num(total_values, nan=threshold))
    short = total < enough
    bad = (shown_total & (count >= 1) & ((count == 1) | short)) | (total_withheld & (count == 0))
    open_ = ~withheld & known
    reaching = open_ & (values >= (enough - total)[..., None])
    smallest_reaching = np.where(reaching, values, np.inf)
    largest = np.where(open_, -values, np.inf)
    smallest = np.where(open_, values, np.inf)
    has_reaching = np.isfinite(smallest_reaching).any(axis=-1)
    key = np.where((short & has_reaching)[..., None], smallest_reaching,
                   np.where(short[..., None], largest, smallest))
    if locked is not None:  # after every other part: a finite key moved past any unlocked one
        key = np.where(np.broadcast_to(locked, key.shape) & np.isfinite(key), key + 1e12, key)
    if prefer is not None:  # among the least keys, the most preferred (else the first: argmin's order)
        least = key == key.min(axis=-1, keepdims=True)
        pick = np.where(least, np.broadcast_to(prefer, key.shape), -np.inf).argmax(axis=-1)
    else:
        pick = key.argmin(axis=-1)
    bad &= np.take_along_axis(key, pick[..., None], axis=-1)[..., 0] < np.inf
    need = np.zeros_like(withheld)
    index = np.nonzero(bad)
    need[(*index, pick[index])] = True
    return need


def pinned_zeros(known: np.ndarray, values: np.ndarray, spans: list[tuple[int, int]], columns: list[str],
                 sums: list[tuple[int, list[int]]], stocks: list[list[int]]) -> np.ndarray:
    """Spans x units x columns (the city last): the counts of 0 a reader can prove 0 from the ``known`` (shown) ones.

    Every relation a reader knows of the year's counts (metrics/audit.py) is a sum of counts (x >= 0) equal to
    another: where one side is known to be 0, every count on the other side is 0. From the shown zeros, over
    the units adding up to the city, ``sums`` (a total's column and its parts': categories, decisions), the
    quarters adding up to a longer window (flows), a stage's stock (``stocks``: closing, opening, intake,
    resolved, transferred: closing + resolved + transferred = opening + intake) and a window's opening and
    closing being its quarters', until nothing changes. Only counts whose value is 0 are marked (a relation
    the data do not satisfy then marks nothing wrong). A withheld 0 so proven hides nothing: it is no partner."""
    zero = values == 0
    pinned = known & zero
    quarter = {a: spans.index((a, a)) for a, b in spans if a == b}
    flows = np.array([name.split("[")[0].split(".")[-1] not in STOCKS for name in columns])
    longer = [(s, [quarter[q] for q in range(a, b + 1)]) for s, (a, b) in enumerate(spans)
              if a != b and all(q in quarter for q in range(a, b + 1))]
    while True:
        before = pinned.copy()
        units = pinned[:, :-1, :]  # units to the city
        present = ~np.isnan(values[:, :-1, :])
        city = pinned[:, -1, :] | (np.where(present, units, True).all(axis=1) & present.any(axis=1) & zero[:, -1, :])
        pinned[:, -1, :] = city
        pinned[:, :-1, :] |= city[:, None, :] & zero[:, :-1, :]
        for total, parts in sums:  # categories and decisions to their total, per span and unit
            present = ~np.isnan(values[:, :, parts])
            whole = pinned[:, :, total] | (np.where(present, pinned[:, :, parts], True).all(axis=-1) & present.any(axis=-1))
            pinned[:, :, total] |= whole & zero[:, :, total]
            pinned[:, :, parts] |= whole[..., None] & zero[:, :, parts]
        for s, qs in longer:  # quarters to a longer window, for flows
            whole = pinned[s] | pinned[qs].all(axis=0)
            pinned[s] |= whole & zero[s] & flows
            pinned[qs] |= (whole & flows)[None] & zero[qs]
        for closing, opening, intake, resolved, transferred in stocks:
            out = pinned[:, :, [closing, resolved, transferred]].all(axis=-1)
            in_ = pinned[:, :, [opening, intake]].all(axis=-1)
            pinned[:, :, [closing, resolved, transferred]] |= in_[..., None] & zero[:, :, [closing, resolved, transferred]]
            pinned[:, :, [opening, intake]] |= out[..., None] & zero[:, :, [opening, intake]]
            for s, (a, b) in enumerate(spans):  # a window opens with its first quarter, closes with its last
                links: list[tuple[int, int, int, int]] = []  # (span, column) = (span, column)
                if a != b and a in quarter:
                    links.append((s, quarter[a], opening, opening))
                if a != b and b in quarter:
                    links.append((s, quarter[b], closing, closing))
                if a == b and a + 1 in quarter:  # a quarter closes with what the next one opens with
                    links.append((s, quarter[a + 1], closing, opening))
                for one, other, c1, c2 in links:
                    either = (pinned[one, :, c1] | pinned[other, :, c2]) & zero[one, :, c1] & zero[other, :, c2]
                    pinned[one, :, c1] |= either
                    pinned[other, :, c2] |= either
        if (pinned == before).all():
            return pinned


def partners_proven(picked: np.ndarray, hiding: np.ndarray, known: np.ndarray, values: np.ndarray,
                    spans: list[tuple[int, int]], columns: list[str], sums: list[tuple[int, list[int]]],
                    stocks: list[list[int]]) -> np.ndarray:
    """Spans x units x columns: in each (span, column) where a unit was ``picked`` as a partner under the city's total
    beside a withheld count the primary rule protects (``hiding``: a unit's count 1..T-1), the units' zeros a reader
    proves from every other ``known`` (shown) count of the windows ending by the span's end, the units' own included
    (pinned_zeros), the cells of those (span, column)s left out of the proof: such a partner is one the reader knows
    to be 0 without it being shown, so it hides nothing. A count of T or more withheld with its rate is not asked
    for here: its rate's complement is protected by the complements' rule (_short_gaps)."""
    out = np.zeros_like(picked)
    slices: np.ndarray = np.any(picked[:, :-1, :], axis=1) & np.any(hiding[:, :-1, :], axis=1)  # spans x columns
    needing: np.ndarray = np.any(slices, axis=1)  # spans
    for end in sorted({spans[s][1] for s in np.nonzero(needing)[0]}):
        by_end = np.array([b <= end for _, b in spans])
        at_end = np.array([b == end for _, b in spans]) & needing
        hidden = np.zeros_like(known)
        hidden[at_end] = slices[at_end][:, None, :]
        proof = pinned_zeros(known & by_end[:, None, None] & ~hidden, values, spans, columns, sums, stocks)
        out[at_end] = (proof & hidden)[at_end]
    out[:, -1, :] = False
    return out


def _short_gaps(rows: np.ndarray, gaps: np.ndarray, threshold: int) -> np.ndarray:
    """Spans x units x indicators: the one more unit each (span, indicator) must withhold because the
    withheld units' complements sum to more than 0 and less than T under a shown city (the last unit)."""
    parts, part_gaps = rows[:, :-1, :], np.nan_to_num(gaps[:, :-1, :])
    hidden = np.where(parts, part_gaps, 0).sum(axis=1)
    bad = ~rows[:, -1, :] & (hidden > 0) & (hidden < threshold)
    candidates = np.where(~parts & (part_gaps > 0), part_gaps, np.inf)
    pick = candidates.argmin(axis=1)
    bad &= np.take_along_axis(candidates, pick[:, None, :], axis=1)[:, 0, :] < np.inf
    need = np.zeros_like(rows)
    span_i, indicator_i = np.nonzero(bad)
    need[span_i, pick[span_i, indicator_i], indicator_i] = True
    return need


def left_out_leaks(values: np.ndarray, terms: list[list[int]], threshold: int) -> list[tuple[int, int, int]]:
    """(span, indicator, column) where the city's total of a term of the indicator and the city's rate's
    sum of that term differ by a count 1..T-1.

    The city's rate is over the units that sent all its counts (evaluation._city_over_reporting_units);
    the city's total of a measure is over every unit. The difference of the two published numbers is the
    left-out units' count of that measure: protected like a unit's count. ``values`` is spans x units x
    columns with the city last; ``terms`` the columns of each indicator's numerator and denominator."""
    leaks = []
    units = values[:, :-1, :]
    for k, t in enumerate(terms):
        if not t:
            continue
        counted = ~np.isnan(units[:, :, t]).any(axis=-1)  # spans x units: sent every count of the rate
        for c in t:
            left = np.where(~counted, np.nan_to_num(units[:, :, c]), 0).sum(axis=1)
            shown = counted.any(axis=1) & ~np.isnan(values[:, -1, c])
            for s in np.nonzero(shown & (left >= 1) & (left < threshold))[0]:
                leaks.append((int(s), k, c))
    return leaks


def time_remainders(values: np.ndarray, spans: list[tuple[int, int]], columns: list[str], threshold: int
                    ) -> list[tuple[int, int]]:
    """(span, column) of the longer windows whose city count differs from the sum of its quarters' city
    counts by a count 1..T-1: a unit that sent a quarter but not the whole window (its window unknown, so out
    of the city's) is given back by Q1 + Q2 - H1. Stocks (opening, closing, overdue) are not sums of quarters."""
    out = []
    quarter = {a: spans.index((a, a)) for a, b in spans if a == b}
    flows = [c for c, name in enumerate(columns) if name.split("[")[0].split(".")[-1] not in STOCKS]
    for s, (a, b) in enumerate(spans):
        if a == b or any(q not in quarter for q in range(a, b + 1)):
            continue
        left = sum(values[quarter[q], -1, flows] for q in range(a, b + 1)) - values[s, -1, flows]
        out += [(s, flows[i]) for i in np.nonzero(_small(left, threshold))[0]]
    return out


def city_remainders(values: np.ndarray, members: list[int], total: int, threshold: int) -> np.ndarray:
    """Spans x units: on the city's row (last), its total less the sum of its categories where that is a
    count 1..T-1, else NaN (and NaN on the units' rows). It is what the units that sent the total without
    (all) its categories hold, and a reader gets it by subtracting two published numbers of the city."""
    units = values[:, :-1, :]
    partial = np.isnan(units[:, :, members]).any(axis=-1) & ~np.isnan(units[:, :, total])
    left = np.where(partial, units[:, :, total] - np.nansum(units[:, :, members], axis=-1), 0).sum(axis=1)
    out = np.full(values.shape[:2], np.nan)
    out[:, -1] = np.where(_small(left, threshold), left, np.nan)
    return out


def _small(values: np.ndarray, threshold: int) -> np.ndarray:
    """Counts 1..T-1 (a missing value is not a count; 0 describes nobody)."""
    return ~np.isnan(values) & (values >= 1) & (values < threshold)


def _span(window: str) -> tuple[int, int]:
    """(first quarter, last quarter) of a span-cube window label "YYYY:a-b"."""
    first, last = window.split(":")[1].split("-")
    return int(first), int(last)


def shown_in(year: int, rule: str):
    """For a span (first quarter, last quarter) of the year: the units its editions show (those valid at its end)."""
    from tipmonitor.model.units import load_registry

    registry = load_registry()

    def shown(span: tuple[int, int]) -> set[str]:
        return set(registry.valid_on(Period(year, "quarter", span[1]).window(rule).end).codes)
    return shown


def decide(cube: pd.DataFrame, year: int, registry, threshold: int, seeds: frozenset[tuple[int, int, str, str]] | set[tuple[int, int, str, str]] = frozenset(),
           shown=None) -> YearCells:
    """The withheld cells of one year from its span cube (span_cube); ``seeds`` are indicator values
    (first quarter, last quarter, unit, indicator) the caller withholds by its own rules; ``shown(span)``
    the units the span's editions show (shown_in; default all): the others' counts are never published,
    and count as withheld parts of the city's total."""
    spans: list[tuple[int, int]] = sorted(
        {_span(w) for w in cube.index.get_level_values("window")}, key=lambda s: (s[1], s[0]))
    units = [u for u in dict.fromkeys(cube.index.get_level_values("unit")) if u != CITY] + [CITY]
    columns = list(cube.columns)
    full = cube.reindex(pd.MultiIndex.from_product([[f"{year}:{a}-{b}" for a, b in spans], units]))
    values = full.to_numpy(dtype=float).reshape(len(spans), len(units), len(columns))
    ind = indicator_values(cube, registry)
    indicators = list(registry.indicators)
    index = pd.MultiIndex.from_product([[f"{year}:{a}-{b}" for a, b in spans], units, indicators])
    ind = ind.set_index(["window", "unit", "indicator"]).reindex(index)
    shape = (len(spans), len(units), len(indicators))
    unit_rows = np.array([u != CITY for u in units])[None, :, None]
    numerators, denominators = (ind[c].to_numpy(dtype=float).reshape(shape) for c in ("numerator", "denominator"))
    gaps = np.abs(denominators - numerators)
    # The primary rule on a unit's rate: its numerator, denominator or complement a count 1..T-1; the
    # city's are published (model/sensitivity.py). disclosure.small on the arrays (that module imports this one).
    small_rows = unit_rows & (_small(numerators, threshold) | _small(denominators, threshold) | _small(gaps, threshold))
    for a, b, unit, indicator in seeds:
        if (a, b) in spans and unit in units and indicator in indicators:
            small_rows[spans.index((a, b)), units.index(unit), indicators.index(indicator)] = True
    terms = [[columns.index(m) for m in dict.fromkeys(registry.indicators[i].numerator.measures
                                                     + registry.indicators[i].denominator.measures) if m in columns]
             for i in indicators]
    families: dict[str, list[int]] = {}
    for c, column in enumerate(columns):
        if "[" in column:
            families.setdefault(column.split("=")[0], []).append(c)
    totals = {key: columns.index(key.split("[")[0]) if key.split("[")[0] in columns else None for key in families}
    # A stage's decisions add up to its resolved count (reports.resolved = resolved_initiate + ...), like categories.
    for stage in ("reports", "investigation", "procuracy", "court"):
        decisions = [c for c, column in enumerate(columns) if column.startswith(f"{stage}.resolved_") and "[" not in column]
        if decisions and f"{stage}.resolved" in columns:
            families[f"{stage}.resolved["] = decisions
            totals[f"{stage}.resolved["] = columns.index(f"{stage}.resolved")
    # A stage's stock: closing = opening + intake - resolved - transferred. Its five counts of a window are a group
    # whose sum is known (0): one withheld alone would be given back by the other four.
    stocks = [[columns.index(f"{stage}.{name}") for name in ("closing", "opening", "intake", "resolved", "transferred")]
              for stage in ("reports", "investigation", "procuracy", "court")
              if all(f"{stage}.{name}" in columns for name in ("closing", "opening", "intake", "resolved", "transferred"))]
    remainders = {}
    for key, members in families.items():
        total = totals[key]
        if total is not None and key.split("[")[-1] not in NOT_PARTITIONS:
            remainders[key] = city_remainders(values, members, total, threshold)
    last = np.array([b - 1 for _, b in spans])
    quarter_span = {q: spans.index((q, q)) for q in range(1, 5) if (q, q) in spans}
    rule = sensitivity()
    is_city = np.array([u == CITY for u in units])[:, None]
    primary = rule.mask(values, is_city, columns, threshold)
    quarters = np.zeros((4, len(units), len(columns)), dtype=bool)
    for q, s in quarter_span.items():
        quarters[q - 1] = primary[s]
    never = np.zeros_like(primary)
    if shown is not None:
        for i, span in enumerate(spans):
            visible = shown(span)
            never[i] = np.array([u != CITY and u not in visible for u in units])[:, None]
    cells = YearCells(year, spans, units, columns, values, quarters, indicators, small_rows.copy())
    # The city's rates are over the units that sent all their counts: where the city's total of a term differs
    # from the rate's by a count 1..T-1 (the left-out units'), a plan target's rate keeps its counts and the
    # city's total of that measure is withheld (from the span's last quarter on, as every cell); another rate
    # is withheld for the city in that span (its counts are the units' sums, not the city's cells).
    city_quarters = np.zeros((4, len(columns)), dtype=bool)
    city_rows = np.zeros((len(spans), len(indicators)), dtype=bool)
    totals_out = time_remainders(values, spans, columns, threshold)
    for s, k, c in left_out_leaks(values, terms, threshold):
        if registry.indicators[indicators[k]].target is not None:
            totals_out.append((s, c))
        else:
            city_rows[s, k] = True
    for s, c in sorted(totals_out):  # spans in the order they end
        first, end = spans[s]
        city_quarters[end - 1, c] |= not city_quarters[first - 1:end, c].any()  # unless a quarter inside is
    city_windows = np.zeros_like(primary)
    city_windows[:, -1, :] = np.stack([city_quarters[a - 1:b].any(axis=0) for a, b in spans])
    # The city's terms of a plan target's rate (T1-T6, published with their counts): a stock group's partner of
    # the city is another of its counts where one can be (cold review, session 8: a withheld city intake took the
    # city's transferred, T2's term, and withheld T2).
    target_terms = np.zeros((1, len(units), len(columns)), dtype=bool)
    for k, t in enumerate(terms):
        if registry.indicators[indicators[k]].target is not None:
            target_terms[0, -1, t] = True
    # Each unit's largest count of a measure in any window of the year (units x columns moved last): among
    # parts of one size, the unit with counts elsewhere in the year is the partner (_needed_parts).
    # Only the windows ending by a span's end are looked at (as every choice: an earlier edition decides the same).
    seen = np.where(np.isnan(values[:, :-1, :]), -1, values[:, :-1, :])
    activity = np.stack([np.moveaxis(seen[[i for i, (_, b) in enumerate(spans) if b <= end]].max(axis=0), 0, -1)
                         for _, end in spans])
    sums = [(total, members) for key, members in families.items()
            if (total := totals[key]) is not None and key.split("[")[-1] not in NOT_PARTITIONS]
    unit_cells = np.zeros(values.shape, dtype=bool)
    unit_cells[:, :-1, :] = True
    proofs: dict[tuple[int, bytes], np.ndarray] = {}  # (end, the shown counts) -> pinned_zeros' cells of spans ending there
    while True:
        rated = cells.windows() | primary | never  # what withholds a rate with its counts
        windows = rated | city_windows
        # The zeros the city's shown counts prove (every part of a 0 is 0, through every relation a reader knows):
        # such a part hides nothing, and is taken as a partner only when no other can be (session 8, 2026's 00004).
        # A span's from the windows ending by its end only (an earlier edition proves and decides the same).
        proven = np.zeros_like(windows)
        for end in sorted({b for _, b in spans}):
            by_end = np.array([b <= end for _, b in spans])[:, None, None]
            at_end = np.array([b == end for _, b in spans])
            known = ~windows & ~np.isnan(values) & ~unit_cells & by_end
            shown_key = (end, known.tobytes())  # the same shown counts prove the same zeros: most rounds change units only
            if shown_key not in proofs:
                proofs[shown_key] = pinned_zeros(known, values, spans, columns, sums, stocks)[at_end]
            proven[at_end] = proofs[shown_key]
        need = np.zeros_like(windows)
        # units adding up to the city, per span and measure (the units' axis moved last)
        parts = np.moveaxis(windows[:, :-1, :], 1, -1)
        need_units = _needed_parts(parts, np.moveaxis(values[:, :-1, :], 1, -1), windows[:, -1, :],
                                   values[:, -1, :], threshold, activity, np.moveaxis(proven[:, :-1, :], 1, -1))
        # A partner whose 0 the window's other shown numbers prove, the units' own included (its resolved count 0
        # beside its withheld decision: 2023's unit 001 under 276's one terminated investigation), hides nothing either:
        # lock it and choose again (partners_proven).
        picked = np.zeros_like(windows)
        picked[:, :-1, :] = np.moveaxis(need_units, -1, 1)
        again = partners_proven(picked, windows & primary, ~windows & ~np.isnan(values), values, spans, columns, sums,
                                stocks)
        if again.any():
            need_units = _needed_parts(parts, np.moveaxis(values[:, :-1, :], 1, -1), windows[:, -1, :], values[:, -1, :],
                                       threshold, activity, np.moveaxis((proven | again)[:, :-1, :], 1, -1))
        need[:, :-1, :] |= np.moveaxis(need_units, -1, 1)
        for key, members in families.items():  # categories adding up to their measure, per span and unit
            total = totals[key]
            total_withheld = windows[:, :, total] if total is not None else np.zeros(windows.shape[:2], dtype=bool)
            total_values = values[:, :, total] if total is not None else np.full(windows.shape[:2], np.nan)
            # The city's categories are over the units that sent them, its total over every unit: what the units
            # without their categories hold is one more part of the city's, withheld (city_remainders).
            left = remainders.get(key, np.full(windows.shape[:2], np.nan))[..., None]  # NaN: not a part
            group = _needed_parts(np.concatenate([windows[:, :, members], ~np.isnan(left)], axis=-1),
                                  np.concatenate([values[:, :, members], left], axis=-1), total_withheld,
                                  total_values, threshold,
                                  locked=np.concatenate([proven[:, :, members], np.zeros_like(left, dtype=bool)], axis=-1))
            need[:, :, members] |= group[..., :-1]
        for stock in stocks:
            holds = np.abs(values[:, :, stock[0]] - values[:, :, stock[1]] - values[:, :, stock[2]]
                           + values[:, :, stock[3]] + values[:, :, stock[4]]) < 0.5  # where the data satisfy it
            group = _needed_parts(windows[:, :, stock], values[:, :, stock], np.zeros(windows.shape[:2], dtype=bool),
                                  np.full(windows.shape[:2], np.inf), threshold, locked=target_terms[:, :, stock] | proven[:, :, stock])
            need[:, :, stock] |= group & holds[..., None]
        rows = small_rows | np.stack([rated[:, :, t].any(axis=-1) if t else np.zeros(windows.shape[:2], dtype=bool)
                                      for t in terms], axis=-1)
        for k, t in enumerate(terms):  # a unit's withheld indicator withholds its counts (the city's are the
            if t:                      # sums over the units that sent them, and its complements are published)
                need[:, :-1, t] |= rows[:, :-1, k][..., None] & ~windows[:, :-1, t]
        rows[:, -1, :] |= city_rows
        # a window cell under T by itself but with no quarter withheld (a stock, a cohort): its last quarter
        need |= rated & ~never & ~cells.windows()
        need &= ~cells.windows() & ~never & ~city_windows
        cells.rows = rows
        short = _short_gaps(rows, gaps, threshold) & ~rows
        if not need.any() and not short.any():
            cells.quarters[:, -1, :] |= city_quarters
            return cells
        small_rows |= short
        span_i, unit_i, column_i = np.nonzero(need)
        # The windows ending first are settled first: a later window's need may be met by what they withhold.
        earliest = last[span_i] == last[span_i].min() if len(span_i) else np.zeros(0, dtype=bool)
        cells.quarters[last[span_i[earliest]], unit_i[earliest], column_i[earliest]] = True
