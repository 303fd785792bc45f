"""The audit of a plan year's public editions: can any protected count be worked out from what they publish?

A hostile reader holds every number the year's public editions publish (their evaluations, from which
every page, chart, workbook, CSV, .docx and manifest is written) and knows how the counts hang
together: the units add up to the city, the categories of a breakdown to their measure, the quarters
to the longer windows, the decisions of a stage to its resolved count, a stage's stock to its flows
(closing = opening + intake - resolved - transferred) and each quarter's opening to the last one's
closing. Each such relation is taken where the year's counts satisfy it exactly (a relation that only
happens to hold is taken too: the audit errs on the reader's side). The reader also always knows two orders
(issue #26, session 9): a rate's numerator is part of its denominator (ordered), and a cohort's longer window
(a window's intake done by its end) holds at least its quarters' counts (cohort_rows: an inequality for every
unit, not the equality where it happens to hold, since which units have items done after their quarter is
not published).

For every protected count (the primary rule, model/sensitivity.py: a unit's count 1..T-1, a count
1..T-1 in a breakdown of persons, and a unit's complement of a rate, denominator - numerator, 1..T-1)
linear programming (HiGHS, through highspy) gives the interval [low, high] the count could take, all unpublished
counts being unknown and non-negative. The primary rule protects the fact that a count lies in 1..T-1,
so a count passes when its interval is not inside [1, T-1]: it could be 0 (low < 1: the reader cannot
rule out that nobody is counted) or it could be T or more (high >= T). The year passes when every
protected count does (docs/security.md, section 5: the criterion, its sources and what it leaves out).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from math import isnan
from typing import Any

import numpy as np
import pandas as pd

from tipmonitor.core import words
from tipmonitor.core.messages import ToldError
from tipmonitor.metrics.evaluation import CITY
from tipmonitor.metrics.plan_year import COHORTS, NOT_PARTITIONS, STOCKS, span_of
from tipmonitor.model.periods import Period

STAGES = ("reports", "investigation", "procuracy", "court")
TOLERANCE = 1e-6


@dataclass
class YearSystem:
    """One plan year's counts: spans (first quarter, last quarter) x units (CITY last) x columns."""

    year: int
    spans: list[tuple[int, int]]
    units: list[str]
    columns: list[str]
    values: np.ndarray  # the internal counts; NaN where a unit has none
    published: np.ndarray  # bool, same shape: counts some public edition shows
    expressions: list[tuple[dict[int, float], float]] = field(default_factory=list)  # published sums of counts
    # what published statuses say (metrics/unit_status.inequalities): sum(coefficient x count) >= bound
    inequalities: list[tuple[dict[int, float], float]] = field(default_factory=list)
    reader: tuple | None = field(default=None, repr=False, compare=False)  # reader_rows()'s, with what they were made of

    def flat(self, s: int, u: int, c: int) -> int:
        """The position of (span, unit, column) in ``values.ravel()`` (C order; asked ~800,000 times a year: plain
        arithmetic, not np.ravel_multi_index)."""
        _, units, columns = self.values.shape
        return (int(s) * units + int(u)) * columns + int(c)


def relations(system: YearSystem, registry) -> list[dict[int, float]]:
    """Every linear relation sum(coefficient x count) = 0 a reader knows, where the year's counts satisfy it."""
    values, spans, columns = system.values, system.spans, system.columns
    S, U, C = values.shape
    col = {c: i for i, c in enumerate(columns)}
    out: list[dict[int, float]] = []
    flat = system.flat
    numbers = values.ravel().tolist()  # Python floats, read term by term (about 2 million reads a year)

    def keep(terms: dict[int, float]) -> None:
        if len(terms) < 2:
            return
        total = 0.0
        for index, coefficient in terms.items():
            value = numbers[index]
            if isnan(value):  # a count nobody has
                return
            total += coefficient * value
        if abs(total) < 0.5:
            out.append(terms)

    for s in range(S):  # units to the city
        for c in range(C):
            terms = {k: 1.0 for k in (flat(s, u, c) for u in range(U - 1)) if not isnan(numbers[k])}
            terms[flat(s, U - 1, c)] = -1.0
            keep(terms)
    quarter_of = _quarter_positions(spans)
    flows = [c for c in range(C) if _kind(columns[c]) == "flow"]
    for s, quarters in _longer_windows(spans):  # quarters to longer windows, for counts of flows (cohorts: cohort_rows)
        for u in range(U):
            for c in flows:
                terms = {flat(s, u, c): -1.0}
                for q in quarters:
                    terms[flat(q, u, c)] = 1.0
                keep(terms)
    families: dict[str, list[int]] = {}
    for i, name in enumerate(columns):
        if "[" in name:
            families.setdefault(name.split("=")[0], []).append(i)
    for key, members in families.items():  # categories to their measure
        total = col.get(key.split("[")[0])
        if total is None or key.split("[")[1] in NOT_PARTITIONS:
            continue
        for s in range(S):
            for u in range(U):
                terms = {flat(s, u, m): 1.0 for m in members}
                terms[flat(s, u, total)] = -1.0
                keep(terms)
    for stage in STAGES:
        parts = [i for c, i in col.items() if c.startswith(f"{stage}.resolved_") and "[" not in c]
        stage_flows = {name: col.get(f"{stage}.{name}") for name in ("opening", "intake", "resolved", "transferred", "closing")}
        for s in range(S):
            for u in range(U):
                resolved = stage_flows["resolved"]
                if resolved is not None and parts:  # the decisions add up to the resolved count
                    terms = {flat(s, u, p): 1.0 for p in parts}
                    terms[flat(s, u, resolved)] = -1.0
                    keep(terms)
                stock = [i for i in (stage_flows[name] for name in ("closing", "opening", "intake", "resolved", "transferred"))
                         if i is not None]
                if len(stock) == 5:  # closing = opening + intake - resolved - transferred
                    keep({flat(s, u, i): sign for i, sign in zip(stock, (1.0, -1.0, -1.0, 1.0, 1.0))})
        opening, closing = stage_flows["opening"], stage_flows["closing"]
        if opening is None or closing is None:
            continue
        for s, (a, b) in enumerate(spans):  # stocks: a window opens with its first quarter, closes with its last
            for u in range(U):
                if a in quarter_of and a != b:
                    keep({flat(s, u, opening): 1.0, flat(quarter_of[a], u, opening): -1.0})
                if b in quarter_of and a != b:
                    keep({flat(s, u, closing): 1.0, flat(quarter_of[b], u, closing): -1.0})
                if a == b and a + 1 in quarter_of:
                    keep({flat(s, u, closing): 1.0, flat(quarter_of[a + 1], u, opening): -1.0})
    return out


def _quarter_positions(spans: list[tuple[int, int]]) -> dict[int, int]:
    """Quarter number -> its position among ``spans``, for the quarters that are there."""
    return {a: spans.index((a, a)) for a in range(1, 5) if (a, a) in spans}


def _longer_windows(spans: list[tuple[int, int]]) -> list[tuple[int, list[int]]]:
    """Each window longer than a quarter whose quarters are all among ``spans``: (its position, its quarters')."""
    quarter_of = _quarter_positions(spans)
    return [(s, [quarter_of[q] for q in range(a, b + 1)]) for s, (a, b) in enumerate(spans)
            if a != b and all(q in quarter_of for q in range(a, b + 1))]


def _kind(column: str) -> str:
    """A measure's kind as a reader knows it: "stock" (at a date), "cohort" (a window's intake done by its end) or "flow"."""
    name = column.split("[")[0].split(".")[-1]
    return "stock" if name in STOCKS else "cohort" if name in COHORTS else "flow"


def cohort_rows(system: YearSystem) -> list[tuple[dict[int, float], float]]:
    """A cohort's longer window holds at least its quarters' counts: window - sum of quarters >= 0, for every unit and
    the city where the counts satisfy it (they always do: an item of Q3 done by Q3's end is done by H2's end too).

    Not an equality: what a longer window adds (the quarter's items done after its quarter ended) is the units' own,
    and a reader does not know which units have some. The equality where it happens to hold (session 8's audit) gave
    the reader that, and with a numerator within its denominator pinned 12 of 2024's counts (docs/decisions.md, #26
    session 9). The equality where the reader can know it follows: the city's window less its quarters is the sum of
    the units' (each >= 0), so a city's 0 makes every unit's 0."""
    values, columns = system.values, system.columns
    out: list[tuple[dict[int, float], float]] = []
    for s, quarters in _longer_windows(system.spans):
        for u in range(len(system.units)):
            for c in (c for c, name in enumerate(columns) if _kind(name) == "cohort"):
                terms = {system.flat(s, u, c): 1.0}
                for q in quarters:
                    terms[system.flat(q, u, c)] = -1.0
                counts = [values.flat[k] * v for k, v in terms.items()]
                if not np.isnan(counts).any() and sum(counts) > -0.5:
                    out.append((terms, 0.0))
    return out


def complements(system: YearSystem, registry, with_city: bool = False):
    """Every (indicator, span, unit, terms, value) of a rate's complement, denominator - numerator, as a sum of counts
    (the units; the city too with ``with_city``); value NaN where a count is unknown."""
    values = system.values
    col = {c: i for i, c in enumerate(system.columns)}
    for indicator in registry.indicators.values():
        terms = [(-sign, m) for sign, m in indicator.numerator.terms] + list(indicator.denominator.terms)
        if any(m not in col for _, m in terms):
            continue
        for s in range(len(system.spans)):
            for u in range(len(system.units) - (0 if with_city else 1)):
                combined: dict[int, float] = {}
                for sign, m in terms:
                    index = system.flat(s, u, col[m])
                    combined[index] = combined.get(index, 0.0) + sign
                combined = {k: v for k, v in combined.items() if v}
                yield indicator, s, u, combined, sum(v * values.flat[k] for k, v in combined.items())


def ordered(system: YearSystem, registry) -> list[tuple[dict[int, float], float]]:
    """A rate's numerator is part of its denominator (victims supported of those identified, reports resolved of
    those to resolve): denominator - numerator >= 0 for every unit, the city and span, where the counts satisfy it."""
    return [(terms, 0.0) for _, _, _, terms, gap in complements(system, registry, with_city=True)
            if len(terms) > 1 and not np.isnan(gap) and gap >= 0]


@dataclass(frozen=True)
class Protected:
    """A protected count: a cell, or a unit's complement of a rate (denominator - numerator)."""

    kind: str  # "count" or "complement"
    span: tuple[int, int]
    unit: str
    what: str  # the column, or the indicator
    terms: dict[int, float]
    value: float
    need: float  # T: the interval passes when it reaches 0 or this


def protected(system: YearSystem, registry, threshold: int) -> list[Protected]:
    """Every count the primary rule protects (model/sensitivity.py), with T, the reach that hides it."""
    from tipmonitor.model.sensitivity import sensitivity

    rule = sensitivity()
    values = system.values
    is_city = np.array([u == CITY for u in system.units])[:, None]
    mask = rule.mask(values, is_city, system.columns, threshold)
    out = []

    for s, u, c in zip(*np.nonzero(mask)):
        out.append(Protected("count", system.spans[s], system.units[u], system.columns[c],
                             {system.flat(s, u, c): 1.0}, float(values[s, u, c]), float(threshold)))
    for indicator, s, u, combined, gap in complements(system, registry):
        if np.isnan(gap) or not 1 <= abs(gap) < threshold:
            continue
        out.append(Protected("complement", system.spans[s], system.units[u], indicator.id, combined,
                             float(abs(gap)), float(threshold)))
    return out


def reader_rows(system: YearSystem, registry) -> tuple[list[dict[int, float]], list[tuple[dict[int, float], float]]]:
    """What a reader knows of the year's counts whatever is published: the relations (sum = 0) and the orders (a
    numerator within its denominator, a cohort's window holding its quarters': sum >= 0). They depend on the counts and
    the registry alone, so they are made once per system and asked again by a later intervals() of the same counts
    with other cells published (a leak check): kept on the system with the counts' digest and the registry they were
    made from, and made again when either differs. Callers do not change them."""
    key = (system.values.shape, hashlib.blake2b(system.values.tobytes(), digest_size=16).digest())
    held = system.reader
    if held is None or held[0] != key or held[1] is not registry:
        system.reader = held = (key, registry, relations(system, registry), ordered(system, registry) + cohort_rows(system))
    return held[2], held[3]


def intervals(system: YearSystem, registry, threshold: int, keep=None) -> pd.DataFrame:
    """Per protected count: its value, the interval [low, high] a reader can narrow it to (both ends exact: the
    least and the greatest value the relations allow), what it must reach, and ok. ``keep(item)``: only the
    protected counts it accepts (a test's one count), others left out of the table."""
    known = system.published.ravel() & ~np.isnan(system.values.ravel())
    values = np.nan_to_num(system.values.ravel())
    shown, numbers = known.tolist(), values.tolist()  # read term by term below: Python lists, not numpy scalars
    always, orders = reader_rows(system, registry)
    constraints: list[tuple[dict[int, float], float]] = [(terms, 0.0) for terms in always]
    constraints += system.expressions
    unknown_rows: list[tuple[dict[int, float], float]] = []  # over unknown counts only, with their right side
    for terms, right in constraints:
        free = {k: v for k, v in terms.items() if not shown[k]}
        if free:
            unknown_rows.append((free, right - sum(v * numbers[k] for k, v in terms.items() if shown[k])))
    equalities = len(unknown_rows)  # the rows after these are inequalities, written as sum <= right
    # what a reader always knows as inequalities (a numerator within its denominator, a cohort's window holding its
    # quarters'), and what published statuses say: sum >= b  ->  -sum <= -b
    for terms, bound in orders + system.inequalities:
        free = {k: -v for k, v in terms.items() if not shown[k]}
        if free:
            unknown_rows.append((free, sum(v * numbers[k] for k, v in terms.items() if shown[k]) - bound))
    pinned, same, unknown_rows, equalities = reduce(unknown_rows, equalities)
    for k, value in pinned.items():  # a count the relations pin is as good as published
        known[k], values[k] = True, value
    parent: dict[int, int] = {}

    def find(a: int) -> int:
        return _root(parent, a)

    for free, _ in unknown_rows:
        first = next(iter(free))
        for k in free:
            parent[find(k)] = find(first)
    by_component: dict[int, list[int]] = {}
    for r, (free, _) in enumerate(unknown_rows):
        by_component.setdefault(find(next(iter(free))), []).append(r)
    parts: dict[int, Part] = {}

    def component(root: int) -> Part:
        if root not in parts:
            rows = by_component.get(root, [])
            parts[root] = Part.of([unknown_rows[r] for r in rows], [r >= equalities for r in rows])
        return parts[root]

    items = [item for item in protected(system, registry, threshold) if keep is None or keep(item)]
    low = np.full(len(items), np.nan)
    high = np.full(len(items), np.nan)
    single: dict[int, tuple[float, float]] = {}  # an unknown count's own extent, for items across components
    groups: dict[int, list[tuple[int, dict[int, float]]]] = {}  # per component: (item, its free terms)
    for i, item in enumerate(items):  # each item as a positive count: its published part and its free terms
        sign = 1.0 if sum(v * values[k] for k, v in item.terms.items()) >= 0 else -1.0
        terms = {k: sign * v for k, v in item.terms.items()}
        fixed = sum(v * values[k] for k, v in terms.items() if known[k])
        free = {}
        for k, v in terms.items():  # each unknown count as the count the relations say it equals
            if not known[k]:
                free[same.get(k, k)] = free.get(same.get(k, k), 0.0) + v
        free = {k: v for k, v in free.items() if v}
        low[i] = high[i] = fixed
        if free and all(k in parent for k in free) and len({find(k) for k in free}) == 1:
            groups.setdefault(find(next(iter(free))), []).append((i, free))
            continue
        for k, v in free.items():  # terms in different components (or in none) each move on their own
            if k not in single:
                single[k] = component(find(k)).extent({k: 1.0}) if k in parent else (0.0, np.inf)
            low[i] += min(v * single[k][0], v * single[k][1])
            high[i] += max(v * single[k][0], v * single[k][1])
    for root, members in groups.items():
        part = component(root)
        for i, free in members:
            lo_, hi_ = part.extent(free)
            low[i] += lo_
            high[i] += hi_
    records = []
    for i, item in enumerate(items):
        ok = passes(low[i], high[i], item.need)
        records.append({"kind": item.kind, "window": f"{system.year}:{item.span[0]}-{item.span[1]}", "unit": item.unit,
                        "what": item.what, "value": item.value, "low": low[i], "high": high[i], "need": item.need,
                        "ok": ok})
    return pd.DataFrame(records, columns=["kind", "window", "unit", "what", "value", "low", "high", "need", "ok"])


def _refuse_unmet(right: float, equality: bool) -> None:
    """A row left with no unknown count says 0 = right (an equality) or 0 <= right: one the counts do not meet is
    told as the LP would find it, infeasible."""
    if right < -TOLERANCE or (equality and right > TOLERANCE):
        raise RuntimeError(words.say("report.audit_lp_failed", message="Infeasible"))


def pin(rows: list[tuple[dict[int, float], float]], equalities: int
        ) -> tuple[dict[int, float], list[tuple[dict[int, float], float]], int]:
    """The counts the relations pin to one value without an LP, and the relations over the others.

    ``rows``: (terms, right) over unknown counts (x >= 0), the first ``equalities`` saying sum = right, the others
    sum <= right. A count is pinned by an equality of one count (a x = b: x = b / a), by an equality whose counts all
    have one sign and whose right side is 0 (each is 0: they are not negative), and by an inequality whose counts all
    have a positive coefficient and whose right side is 0 (sum <= 0: each is 0). Pinned counts are put in the other
    rows' right sides, which may pin more, until none does. Exact: every solution of the rows gives a pinned count its
    value, so its least and greatest values are that value, and the other counts' intervals are those of the rows
    with it put in (docs/decisions.md, #24 session 10). Returns (pinned count -> value, the rows left that still have
    an unknown count, how many of them are equalities), in the rows' order."""
    terms = [{k: v for k, v in free.items() if v} for free, _ in rows]  # a sum's terms may cancel (0 x)
    right = [float(b) for _, b in rows]
    rows_of: dict[int, list[int]] = {}
    for r, free in enumerate(terms):
        for k in free:
            rows_of.setdefault(k, []).append(r)
    # per row, how many of its counts have a negative coefficient and how many a positive one: a row of one sign is
    # told by a count (a row of the units and the city, about 200 counts, is looked at again at each count pinned)
    negative = [sum(1 for v in free.values() if v < 0) for free in terms]
    positive = [len(free) - negative[r] for r, free in enumerate(terms)]
    pinned: dict[int, float] = {}
    queue = list(range(len(rows)))
    while queue:
        r = queue.pop()
        free = terms[r]
        for k in [k for k in free if k in pinned]:  # put in what is pinned since
            v = free.pop(k)
            right[r] -= v * pinned[k]
            if v < 0:
                negative[r] -= 1
            else:
                positive[r] -= 1
        if not free:
            _refuse_unmet(right[r], r < equalities)
            continue
        zero = abs(right[r]) <= 1e-9
        if r < equalities and len(free) == 1:
            (k, v), = free.items()
            news = {k: right[r] / v}
        elif zero and (not negative[r] or (r < equalities and not positive[r])):
            news = dict.fromkeys(free, 0.0)
        else:
            continue
        for k, value in news.items():
            if value < -TOLERANCE:
                raise RuntimeError(words.say("report.audit_lp_failed", message="Infeasible"))
            pinned[k] = value
            queue += rows_of[k]
    kept = [r for r in range(len(rows)) if terms[r]]
    out = []
    for r in kept:
        for k in [k for k in terms[r] if k in pinned]:
            right[r] -= terms[r].pop(k) * pinned[k]
        out.append((terms[r], right[r]))
    return pinned, [row for row in out if row[0]], sum(1 for r in kept if r < equalities and terms[r])


def _root(parent: dict[int, int], a: int) -> int:
    """The root of ``a`` in a union-find forest (``parent``: count -> its parent), halving the path on the way."""
    while parent.setdefault(a, a) != a:
        parent[a] = parent[parent[a]]
        a = parent[a]
    return a


def merge(rows: list[tuple[dict[int, float], float]], equalities: int
          ) -> tuple[dict[int, int], list[tuple[dict[int, float], float]], int]:
    """The counts an equality of two says are equal (a x - a y = 0), each written as one of them in the other rows.

    Returns (count -> the count it is written as, the rows left that still have a count, how many are equalities);
    exact as pin() is: every solution gives the two the same value."""
    parent: dict[int, int] = {}

    def find(a: int) -> int:
        return _root(parent, a)

    for free, right in rows[:equalities]:
        if len(free) == 2 and abs(right) <= 1e-9:
            (a, v), (b, w) = free.items()
            if v == -w:
                parent[find(a)] = find(b)
    same = {k: find(k) for k in parent if find(k) != k}
    if not same:
        return same, rows, equalities
    out, kept_equalities = [], 0
    for r, (free, right) in enumerate(rows):
        terms: dict[int, float] = {}
        for k, v in free.items():
            terms[same.get(k, k)] = terms.get(same.get(k, k), 0.0) + v
        terms = {k: v for k, v in terms.items() if v}
        if not terms:
            _refuse_unmet(right, r < equalities)
            continue
        out.append((terms, right))
        kept_equalities += r < equalities
    return same, out, kept_equalities


def reduce(rows: list[tuple[dict[int, float], float]], equalities: int
           ) -> tuple[dict[int, float], dict[int, int], list[tuple[dict[int, float], float]], int]:
    """The rows over unknown counts made smaller without changing any count's interval: pin() and merge() in turn
    until neither finds anything. Returns (pinned count -> value, count -> the count it equals, the rows left, how
    many of them are equalities); every count merged into a pinned one is pinned too."""
    pinned: dict[int, float] = {}
    same: dict[int, int] = {}
    while True:
        more, rows, equalities = pin(rows, equalities)
        pinned.update(more)
        merged, rows, equalities = merge(rows, equalities)
        if not merged:
            break
        same = {k: merged.get(v, v) for k, v in same.items()} | merged
    for k, v in same.items():
        if v in pinned:
            pinned[k] = pinned[v]
    return pinned, {k: v for k, v in same.items() if k not in pinned}, rows, equalities


def passes(low: float, high: float, threshold: float) -> bool:
    """Whether a protected count's interval [low, high] is not inside [1, T-1]: it could be 0, or T or more.

    Counts are whole numbers, so the LP's bounds are read inward: low < 1 means an integer 0 is in reach
    only if low is 0 (up to rounding), high >= T only if high reaches T."""
    return bool(low <= TOLERANCE or high >= threshold - TOLERANCE)


@dataclass
class Part:
    """One component of the unknown counts: the relations a reader knows over them, b_low <= a_eq x <= b_eq
    (x >= 0): b_low = b_eq for an equality, -inf for an inequality (a published status, a numerator within its
    denominator)."""

    position: dict[int, int]  # flat index of an unknown count -> its column in a_eq
    a_eq: Any  # scipy.sparse.csc_matrix, relations x unknown counts
    b_eq: np.ndarray
    b_low: np.ndarray
    lowest: np.ndarray = field(default_factory=lambda: np.zeros(0))  # per count, the least value a solution gave it
    highest: np.ndarray = field(default_factory=lambda: np.zeros(0))  # per count, the greatest value a solution gave it
    ceiling: np.ndarray = field(default_factory=lambda: np.zeros(0))  # per count, the least bound one row sets it
    solver: Any = None  # the component's HiGHS model (highspy.Highs), built at its first LP (_optimum)
    solved: dict[tuple[tuple[int, float], ...], tuple[float, float]] = field(default_factory=dict)  # extent()'s answers

    @classmethod
    def of(cls, rows: list[tuple[dict[int, float], float]], upper: list[bool] | None = None) -> Part:
        """The component of ``rows`` (terms, right side); ``upper[i]``: row i says sum <= right, not sum = right."""
        from scipy.sparse import csc_matrix

        variables = sorted({k for free, _ in rows for k in free})
        position = {k: i for i, k in enumerate(variables)}
        entries = [(i, position[k], v) for i, (free, _) in enumerate(rows) for k, v in free.items()]
        r, c, v = (np.array(x) for x in zip(*entries)) if entries else (np.zeros(0, int), np.zeros(0, int), np.zeros(0))
        matrix = csc_matrix((v, (r, c)), shape=(len(rows), len(variables)))
        right = np.array([right for _, right in rows], dtype=float)
        low = np.where(np.array(upper if upper is not None else [False] * len(rows), dtype=bool), -np.inf, right)
        return cls(position, matrix, right, low, np.full(len(variables), np.inf), np.zeros(len(variables)),
                   _ceiling(matrix, right, low))

    def extent(self, objective: dict[int, float]) -> tuple[float, float]:
        """The least and the greatest value of a sum of unknown counts under the component's relations.

        A count alone (coefficient 1) is at least 0: once any solution of this component has set it to 0,
        its least value is known to be 0 without an LP of its own."""
        key = tuple(sorted(objective.items()))
        if key in self.solved:  # another protected count with the same unknown terms
            return self.solved[key]
        c = np.zeros(len(self.position))
        for k, v in objective.items():
            c[self.position[k]] = v
        alone = self.position[next(iter(objective))] if len(objective) == 1 and key[0][1] == 1.0 else None
        if alone is not None and self.lowest[alone] <= TOLERANCE:
            least = 0.0
        else:
            least = _optimum(c, self)
        if alone is not None and self.highest[alone] >= self.ceiling[alone] - TOLERANCE:
            greatest = float(self.ceiling[alone])  # no solution exceeds a row's bound, and one reached it
        else:
            greatest = -_optimum(-c, self)
        self.solved[key] = least, greatest
        return self.solved[key]


def _ceiling(matrix, right: np.ndarray, low: np.ndarray) -> np.ndarray:
    """Per count, the least bound a single row sets on it (inf if none): a row whose coefficients are all positive
    says sum <= right, so each count x_k <= right / a_k (the others are not negative); an equality whose
    coefficients are all negative says sum >= right, the same with signs turned."""
    rows = matrix.tocsr()
    counts = np.diff(rows.indptr)
    row_of = np.repeat(np.arange(rows.shape[0]), counts)
    positive = np.minimum.reduceat(rows.data, rows.indptr[:-1]) > 0 if rows.nnz else np.zeros(0, bool)
    negative = np.maximum.reduceat(rows.data, rows.indptr[:-1]) < 0 if rows.nnz else np.zeros(0, bool)
    bound = np.full(rows.nnz, np.inf)
    up = positive[row_of]
    bound[up] = right[row_of][up] / rows.data[up]
    down = negative[row_of] & np.isfinite(low[row_of])
    bound[down] = low[row_of][down] / rows.data[down]
    ceiling = np.full(rows.shape[1], np.inf)
    np.minimum.at(ceiling, rows.indices, bound)
    return ceiling


def _optimum(objective: np.ndarray, part: Part) -> float:
    """The least value of objective . x over the component's relations, x >= 0 (-inf when unbounded).

    Every LP of the audit is solved here, by HiGHS (highspy): the component's model is passed once, and each
    objective re-solved by primal simplex from the last optimal basis (a change of objective keeps it
    feasible): about 10 ms on 2025's largest component after reduce() (3,724 unknowns), 1-3 ms on 2024's, against
    15-20 ms for a fresh scipy linprog on 2024's. Each solution also records the least and the greatest value each
    count took (Part.lowest, Part.highest)."""
    import highspy

    if part.solver is None:
        matrix = part.a_eq
        model = highspy.HighsLp()
        model.num_col_, model.num_row_ = matrix.shape[1], matrix.shape[0]
        model.col_cost_ = np.zeros(matrix.shape[1])
        model.col_lower_ = np.zeros(matrix.shape[1])
        model.col_upper_ = np.full(matrix.shape[1], highspy.kHighsInf)
        model.row_lower_, model.row_upper_ = part.b_low, part.b_eq
        model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        model.a_matrix_.start_, model.a_matrix_.index_, model.a_matrix_.value_ = matrix.indptr, matrix.indices, matrix.data
        solver = highspy.Highs()
        for option, value in (("output_flag", False), ("presolve", "off"), ("simplex_strategy", 4), ("threads", 1)):
            solver.setOptionValue(option, value)
        solver.passModel(model)
        part.solver = solver
    solver = part.solver
    solver.changeColsCost(len(objective), np.arange(len(objective), dtype=np.int32), objective)
    solver.run()
    status = solver.getModelStatus()
    if status == highspy.HighsModelStatus.kUnbounded:
        return -np.inf
    if status != highspy.HighsModelStatus.kOptimal:  # infeasible cannot happen with true counts; say so rather than pass
        raise RuntimeError(words.say("report.audit_lp_failed", message=solver.modelStatusToString(status)))
    solution = np.asarray(solver.getSolution().col_value)
    np.minimum(part.lowest, solution, out=part.lowest)
    np.maximum(part.highest, solution, out=part.highest)
    return float(solver.getInfo().objective_function_value)


def editions(year: int, last_quarter: int) -> list[Period]:
    """The public editions of a plan year up to its last quarter with data: quarters, halves, nine months, year."""
    out = [Period(year, "quarter", q) for q in range(1, last_quarter + 1)]
    if last_quarter >= 2:
        out.append(Period(year, "half", 1))
    if last_quarter >= 3:
        out.append(Period(year, "nine_months", 1))
    if last_quarter >= 4:
        out += [Period(year, "half", 2), Period(year, "year", 1)]
    return out


def _span_key(window: str) -> tuple[int, int]:
    first, last = window.split(":")[1].split("-")
    return int(first), int(last)


class NothingToAudit(ToldError, ValueError):
    """A plan year with no public edition to audit: the data reach no quarter of it, or begin after it ends."""


def last_quarter(inputs, year: int, rule: str) -> int:
    """The last quarter of ``year`` the data reaches (0 if none)."""
    from tipmonitor.store.sources import data_as_of

    as_of = data_as_of(inputs.data)
    return max([q for q in range(1, 5) if Period(year, "quarter", q).window(rule).end <= as_of], default=0)


@dataclass
class Audit:
    """A plan year's audit: the interval of every protected count, and what the published numbers did not fit."""

    year: int
    editions: list[str]
    table: pd.DataFrame  # intervals()
    published: int  # counts and sums of counts published
    problems: list[tuple[str, dict]]  # (catalogue key, values): published numbers that differ from the internal ones,
    # rates shown without their counts; present/audit_view.problem_line words them

    @property
    def passed(self) -> bool:
        return bool(self.table["ok"].all()) and not self.problems


def audit_year(inputs, year: int, threshold: int, rule: str = "official", results=None) -> Audit:
    """Every public edition of ``year`` (metrics/results.compute), its published numbers, and the intervals.

    ``results`` (period label -> PeriodResults) may be given to audit editions already computed."""
    system, labels, problems = year_system(inputs, year, threshold, rule, results)
    published = int(system.published.sum()) + len(system.expressions)
    return Audit(year, labels, intervals(system, inputs.registry, threshold), published, problems)


def year_system(inputs, year: int, threshold: int, rule: str = "official",
                results=None) -> tuple[YearSystem, list[str], list[tuple[str, dict]]]:
    """A plan year's counts and what its public editions publish of them: (system, edition labels, problems)."""
    from tipmonitor.metrics.disclosure import year_units
    from tipmonitor.metrics.plan_year import span_cube
    from tipmonitor.metrics.results import compute

    from tipmonitor.metrics.unit_status import SHOWN
    from tipmonitor.store.sources import data_begins

    targets = inputs.targets.of(year)
    last = last_quarter(inputs, year, rule)
    if not last:
        raise NothingToAudit("report.audit_no_quarter", year=year)
    since = data_begins(inputs.data)
    if since is None or since > Period(year, "quarter", 4).window(rule).end:  # a year before any data: nothing published
        raise NothingToAudit("report.audit_no_data", year=year, since=since or "-")
    registry = inputs.registry
    cube = span_cube(inputs.data, year, last, year_units(year, rule), rule)
    spans = sorted({_span_key(w) for w in cube.index.get_level_values("window")}, key=lambda s: (s[1], s[0]))
    units = [u for u in dict.fromkeys(cube.index.get_level_values("unit")) if u != CITY] + [CITY]
    columns = list(cube.columns)
    full = cube.reindex(pd.MultiIndex.from_product([[f"{year}:{a}-{b}" for a, b in spans], units]))
    values = full.to_numpy(dtype=float).reshape(len(spans), len(units), len(columns))
    system = YearSystem(year, spans, units, columns, values, np.zeros(values.shape, dtype=bool))
    s_of = {s: i for i, s in enumerate(spans)}
    u_of = {u: i for i, u in enumerate(units)}
    c_of = {c: i for i, c in enumerate(columns)}
    numbers = np.nan_to_num(values).ravel().tolist()  # a missing count as 0 in a published sum, read term by term
    problems: list[tuple[str, dict]] = []
    labels = []

    reporters: dict[tuple[int, str], list[int]] = {}  # every edition's city rows ask the same (span, indicator)

    def reporting(s: int, indicator) -> list[int]:
        """The units whose numerator and denominator are both known: the city's rate is over these alone
        (evaluation._city_over_reporting_units; the page names the others)."""
        if (s, indicator.id) not in reporters:
            measures = [c_of[m] for m in indicator.numerator.measures + indicator.denominator.measures if m in c_of]
            known = ~np.isnan(values[s, :-1][:, measures]).any(axis=1)
            reporters[(s, indicator.id)] = [int(k) for k in np.nonzero(known)[0]]
        return reporters[(s, indicator.id)]

    rows_seen: dict[tuple[str, str, str], bool] = {}  # (window, unit, indicator) -> published in some edition
    trend_rates: set[tuple[str, str, str, str]] = set()  # (edition, quarter, unit, indicator) with a rate shown
    for period in editions(year, last):
        result = (results or {}).get(period.label) or compute(inputs, period, rule, threshold)
        labels.append(period.label)
        evaluation = result.evaluation
        for s, u, c, window, unit, value in _shown_counts(evaluation.cube, year, s_of, u_of, c_of):
            if value != values[s, u, c]:
                problems.append(("audit.published_differs", dict(edition=period.label, window=window, unit=unit,
                                                                 what=columns[c], value=value, counted=values[s, u, c])))
            system.published[s, u, c] = True
        table = evaluation.table
        for r in table[table["numerator"].notna() & table["denominator"].notna()].itertuples():
            span = span_of(r.window)
            if span is None or span[0] != year or span[1:] not in s_of or r.unit not in u_of:
                continue
            s, u = s_of[span[1:]], u_of[r.unit]
            indicator = registry.indicators[r.indicator]
            for expression, value in ((indicator.numerator, r.numerator), (indicator.denominator, r.denominator)):
                if any(m not in c_of for _, m in expression.terms):
                    continue
                terms: dict[int, float] = {}
                for unit in (reporting(s, indicator) if r.unit == CITY else [u]):
                    for sign, m in expression.terms:
                        k = system.flat(s, unit, c_of[m])
                        terms[k] = terms.get(k, 0.0) + sign
                counted = sum(v * numbers[k] for k, v in terms.items())
                if abs(counted - value) > 0.5:
                    problems.append(("audit.published_differs", dict(edition=period.label, window=r.window, unit=r.unit,
                                                                     what=r.indicator, value=value, counted=counted)))
                    continue
                system.expressions.append((terms, float(value)))
        for r in table.itertuples():
            rows_seen[(r.window, r.unit, r.indicator)] = rows_seen.get((r.window, r.unit, r.indicator), False) or \
                bool(pd.notna(r.numerator))
        withheld = table["withheld"] if "withheld" in table.columns else table["numerator"].isna()
        statuses = table[(table["unit"] != CITY) & withheld.astype(bool) & table["status"].isin(SHOWN)]
        for r in statuses.itertuples():  # a unit's status published without its counts (metrics/unit_status.py)
            span = span_of(r.window)
            if span is None or span[0] != year or span[1:] not in s_of or r.unit not in u_of:
                continue
            system.inequalities += status_rows(system, s_of[span[1:]], u_of[r.unit], c_of, registry.indicators[r.indicator],
                                               targets, r.status)
        lines = result.trend
        rated = lines[lines["rate_bp"].notna()] if "rate_bp" in lines.columns else lines.iloc[0:0]
        trend_rates |= {(period.label, r.quarter, r.unit, r.indicator) for r in rated.itertuples()
                        if str(r.quarter).startswith(f"{year}-")}
    for label, quarter, unit, indicator in sorted(trend_rates):
        if rows_seen.get((quarter, unit, indicator)) is False:  # its own edition withheld it
            problems.append(("audit.trend_withheld", dict(edition=label, quarter=quarter, unit=unit, what=indicator)))
    return system, labels, problems


def _shown_counts(cube: pd.DataFrame, year: int, s_of: dict, u_of: dict, c_of: dict):
    """(span, unit, column positions, window label, unit code, value) of every count an edition's cube shows (not NaN)
    in the year's spans, units and columns, row by row and in the cube's column order (as iterrows would give them)."""
    if not len(cube):
        return
    places = {}  # window label -> its span's position (None: not one of the year's)
    for window in cube.index.get_level_values(0).unique():
        span = span_of(window)
        places[window] = s_of.get(span[1:]) if span is not None and span[0] == year else None
    windows, units = cube.index.get_level_values(0).tolist(), cube.index.get_level_values(1).tolist()
    rows = [(r, places[w], u_of[u]) for r, (w, u) in enumerate(zip(windows, units)) if places[w] is not None and u in u_of]
    kept = [j for j, column in enumerate(cube.columns) if column in c_of]
    if not rows or not kept:
        return
    block = cube.iloc[[r for r, _, _ in rows], kept].to_numpy(dtype=float, na_value=np.nan)
    positions = [c_of[cube.columns[j]] for j in kept]
    for i, j in zip(*np.nonzero(~np.isnan(block))):
        r, s, u = rows[i]
        yield s, u, positions[j], windows[r], units[r], float(block[i, j])


def status_rows(system: YearSystem, s: int, u: int, c_of: dict[str, int], indicator, targets, status: str
                ) -> list[tuple[dict[int, float], float]]:
    """The inequalities a unit's published status says of its counts in span ``s`` (unit_status.inequalities)."""
    from tipmonitor.metrics.unit_status import inequalities

    target = targets.by_key.get(indicator.target) if (targets is not None and indicator.target) else None
    if target is None:
        return []

    def terms(expression) -> dict[int, float]:
        out: dict[int, float] = {}
        for sign, m in expression.terms:
            if m in c_of:
                k = system.flat(s, u, c_of[m])
                out[k] = out.get(k, 0.0) + sign
        return out
    numerator, denominator = terms(indicator.numerator), terms(indicator.denominator)
    pending = terms(indicator.pending) if indicator.pending is not None else \
        {k: denominator.get(k, 0.0) - numerator.get(k, 0.0) for k in {*numerator, *denominator}}
    return inequalities(status, numerator, denominator, pending, target)
