"""The audit of a plan year's public editions: can any protected count be worked out from what they publish?

A hostile reader holds every number the year's public editions publish (their evaluations, from which
every page, chart, workbook, CSV, .docx and manifest is written) and knows how the counts hang
together: the units add up to the city, the categories of a breakdown to their measure, the quarters
to the longer windows, the decisions of a stage to its resolved count, a stage's stock to its flows
(closing = opening + intake - resolved - transferred) and each quarter's opening to the last one's
closing. Each such relation is taken where the year's counts satisfy it exactly (a relation that only
happens to hold is taken too: the audit errs on the reader's side).

For every protected count (the primary rule, model/sensitivity.py: a unit's count 1..T-1, a count
1..T-1 in a breakdown of persons, and a unit's complement of a rate, denominator - numerator, 1..T-1)
linear programming (scipy's HiGHS) gives the interval [low, high] the count could take, all unpublished
counts being unknown and non-negative. The primary rule protects the fact that a count lies in 1..T-1,
so a count passes when its interval is not inside [1, T-1]: it could be 0 (low < 1: the reader cannot
rule out that nobody is counted) or it could be T or more (high >= T). The year passes when every
protected count does (docs/security.md, section 5: the criterion, its sources and what it leaves out).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tipmonitor.core import words
from tipmonitor.metrics.evaluation import CITY
from tipmonitor.metrics.plan_year import NOT_PARTITIONS, STOCKS
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
    # The reader knows a rate's numerator is part of its denominator (ordered). Off for the year's audit for now: with
    # it, 2024 fails 27 counts (6 without) and 2026 one (docs/decisions.md, #26 session 8); the decision must close them.
    knows_order: bool = False

    def flat(self, s: int, u: int, c: int) -> int:
        return int(np.ravel_multi_index((s, u, c), self.values.shape))


def relations(system: YearSystem, registry) -> list[dict[int, float]]:
    """Every linear relation sum(coefficient x count) = 0 a reader knows, where the year's counts satisfy it."""
    values, spans, columns = system.values, system.spans, system.columns
    S, U, C = values.shape
    col = {c: i for i, c in enumerate(columns)}
    out: list[dict[int, float]] = []
    flat = system.flat

    def keep(terms: dict[int, float]) -> None:
        if len(terms) < 2:
            return
        total = 0.0
        for index, coefficient in terms.items():
            value = values.flat[index]
            if np.isnan(value):
                return
            total += coefficient * value
        if abs(total) < 0.5:
            out.append(terms)

    for s in range(S):  # units to the city
        for c in range(C):
            terms = {flat(s, u, c): 1.0 for u in range(U - 1) if not np.isnan(values[s, u, c])}
            terms[flat(s, U - 1, c)] = -1.0
            keep(terms)
    quarter_of = {a: spans.index((a, a)) for a in range(1, 5) if (a, a) in spans}
    flows = [c for c in range(C) if columns[c].split("[")[0].split(".")[-1] not in STOCKS]
    for s, (a, b) in enumerate(spans):  # quarters to longer windows, for counts of flows
        if a == b or any(q not in quarter_of for q in range(a, b + 1)):
            continue
        for u in range(U):
            for c in flows:
                terms = {flat(s, u, c): -1.0}
                for q in range(a, b + 1):
                    terms[flat(quarter_of[q], u, c)] = 1.0
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


def intervals(system: YearSystem, registry, threshold: int) -> pd.DataFrame:
    """Per protected count: its value, the interval a reader can narrow it to, what it must reach, and ok."""
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix

    known = system.published.ravel() & ~np.isnan(system.values.ravel())
    values = np.nan_to_num(system.values.ravel())
    constraints: list[tuple[dict[int, float], float]] = []
    for terms in relations(system, registry):
        constraints.append((terms, 0.0))
    constraints += system.expressions
    unknown_rows: list[tuple[dict[int, float], float]] = []  # over unknown counts only, with their right side
    for terms, right in constraints:
        free = {k: v for k, v in terms.items() if not known[k]}
        if free:
            unknown_rows.append((free, right - sum(v * values[k] for k, v in terms.items() if known[k])))
    equalities = len(unknown_rows)  # the rows after these are inequalities, written as sum <= right
    for terms, bound in (ordered(system, registry) if system.knows_order else []) + system.inequalities:  # sum >= b  ->  -sum <= -b
        free = {k: -v for k, v in terms.items() if not known[k]}
        if free:
            unknown_rows.append((free, sum(v * values[k] for k, v in terms.items() if known[k]) - bound))
    parent: dict[int, int] = {}

    def find(a: int) -> int:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for free, _ in unknown_rows:
        first = next(iter(free))
        for k in free:
            parent[find(k)] = find(first)
    by_component: dict[int, list[int]] = {}
    for r, (free, _) in enumerate(unknown_rows):
        by_component.setdefault(find(next(iter(free))), []).append(r)
    cache: dict[int, tuple[dict[int, int], object, np.ndarray]] = {}

    def component(root: int):
        if root not in cache:
            rows = by_component.get(root, [])
            variables = sorted({k for r in rows for k in unknown_rows[r][0]})
            position = {k: i for i, k in enumerate(variables)}

            def matrix_of(picked: list[int]):
                data, row_index, col_index = [], [], []
                for i, r in enumerate(picked):
                    for k, v in unknown_rows[r][0].items():
                        data.append(v)
                        row_index.append(i)
                        col_index.append(position[k])
                return (csr_matrix((data, (row_index, col_index)), shape=(len(picked), len(variables))),
                        np.array([unknown_rows[r][1] for r in picked]))
            equal = matrix_of([r for r in rows if r < equalities])
            upper = matrix_of([r for r in rows if r >= equalities])
            cache[root] = (position, *(equal if equal[0].shape[0] else (None, None)),
                           *(upper if upper[0].shape[0] else (None, None)))
        return cache[root]

    items = protected(system, registry, threshold)
    low = np.full(len(items), np.nan)
    high = np.full(len(items), np.nan)
    oriented: list[dict[int, float]] = []
    fixed_part: list[float] = []
    groups: dict[int, list[int]] = {}  # each item as a positive count: its free terms, its published part
    for i, item in enumerate(items):
        sign = 1.0 if sum(v * values[k] for k, v in item.terms.items()) >= 0 else -1.0
        terms = {k: sign * v for k, v in item.terms.items()}
        fixed = sum(v * values[k] for k, v in terms.items() if known[k])
        free = {k: v for k, v in terms.items() if not known[k]}
        oriented.append(free)
        fixed_part.append(fixed)
        if not free:
            low[i] = high[i] = fixed
        elif any(k not in parent for k in free) or len({find(k) for k in free}) > 1:
            # Terms in different components (or in none): each moves on its own; bound each and add.
            low[i], high[i] = fixed, fixed
            for k, v in free.items():
                lo_k, hi_k = _bounds({k: 1.0}, component(find(k)) if k in parent else None, linprog)
                low[i] += min(v * lo_k, v * hi_k)
                high[i] += max(v * lo_k, v * hi_k)
        else:
            groups.setdefault(find(next(iter(free))), []).append(i)
    ceiling = 10 * float(np.nanmax(system.values, initial=0)) + 100  # a bound no count reaches, so no LP is unbounded
    for root, members in groups.items():
        part = component(root)
        position, matrix, right, upper, upper_right = part
        waiting = {"high": set(members), "low": set(members)}
        for _ in range(4):  # one LP proves many: a point where a count reaches 0 (or T) proves it can
            proved = 0
            for side, direction in (("high", -1.0), ("low", 1.0)):
                if not waiting[side]:
                    continue
                c = np.zeros(len(position))
                for i in waiting[side]:
                    for k, v in oriented[i].items():
                        c[position[k]] += direction * v
                result = linprog(c, A_eq=matrix, b_eq=right, A_ub=upper, b_ub=upper_right, bounds=(0, ceiling),
                                 method="highs")
                if result.status != 0:
                    continue
                for i in list(waiting[side]):
                    reached = fixed_part[i] + sum(v * result.x[position[k]] for k, v in oriented[i].items())
                    if (side == "high" and reached >= items[i].need - TOLERANCE) or (side == "low" and reached <= TOLERANCE):
                        (high if side == "high" else low)[i] = reached
                        waiting[side].discard(i)
                        proved += 1
            if not proved:
                break
        for side in ("high", "low"):  # the rest one by one: their exact bound
            for i in waiting[side]:
                lo_, hi_ = _bounds(oriented[i], part, linprog)
                if side == "high":
                    high[i] = fixed_part[i] + hi_
                else:
                    low[i] = fixed_part[i] + lo_
    records = []
    for i, item in enumerate(items):
        ok = passes(low[i], high[i], item.need)
        records.append({"kind": item.kind, "window": f"{system.year}:{item.span[0]}-{item.span[1]}", "unit": item.unit,
                        "what": item.what, "value": item.value, "low": low[i], "high": high[i], "need": item.need,
                        "ok": ok})
    return pd.DataFrame(records, columns=["kind", "window", "unit", "what", "value", "low", "high", "need", "ok"])


def passes(low: float, high: float, threshold: float) -> bool:
    """Whether a protected count's interval [low, high] is not inside [1, T-1]: it could be 0, or T or more.

    Counts are whole numbers, so the LP's bounds are read inward: low < 1 means an integer 0 is in reach
    only if low is 0 (up to rounding), high >= T only if high reaches T."""
    return bool(low <= TOLERANCE or high >= threshold - TOLERANCE)


def _bounds(objective: dict[int, float], part, linprog) -> tuple[float, float]:
    """Min and max of a sum of unknown counts under the component's relations (counts >= 0)."""
    if part is None:  # in no relation: anything from 0 up
        return 0.0, np.inf
    position, matrix, right, upper, upper_right = part
    c = np.zeros(len(position))
    for k, v in objective.items():
        c[position[k]] = v
    out = []
    for direction in (1.0, -1.0):
        result = linprog(direction * c, A_eq=matrix, b_eq=right, A_ub=upper, b_ub=upper_right, bounds=(0, None),
                         method="highs")
        if result.status == 3:  # unbounded
            out.append(direction * -np.inf)
        elif result.status == 0:
            out.append(direction * result.fun)
        else:  # infeasible cannot happen with true counts; say so rather than pass
            raise RuntimeError(words.say("report.audit_lp_failed", message=result.message))
    return float(out[0]), float(out[1])


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
    problems: list[str]  # published numbers that differ from the internal ones, rates shown without their counts

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
                results=None) -> tuple[YearSystem, list[str], list[str]]:
    """A plan year's counts and what its public editions publish of them: (system, edition labels, problems)."""
    from tipmonitor.metrics.disclosure import year_units
    from tipmonitor.metrics.plan_year import span_cube, span_of
    from tipmonitor.metrics.results import compute

    from tipmonitor.metrics.unit_status import SHOWN

    targets = inputs.targets.of(year)
    last = last_quarter(inputs, year, rule)
    if not last:
        raise ValueError(words.say("report.audit_no_quarter", year=year))
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
    problems: list[str] = []
    labels = []

    def reporting(s: int, indicator) -> list[int]:
        """The units whose numerator and denominator are both known: the city's rate is over these alone
        (evaluation._city_over_reporting_units; the page names the others)."""
        measures = [c_of[m] for m in indicator.numerator.measures + indicator.denominator.measures if m in c_of]
        return [k for k in range(len(units) - 1) if not np.isnan(values[s, k, measures]).any()]

    rows_seen: dict[tuple[str, str, str], bool] = {}  # (window, unit, indicator) -> published in some edition
    trend_rates: set[tuple[str, str, str, str]] = set()  # (edition, quarter, unit, indicator) with a rate shown
    for period in editions(year, last):
        result = (results or {}).get(period.label) or compute(inputs, period, rule, threshold)
        labels.append(period.label)
        evaluation = result.evaluation
        shown = evaluation.cube
        for (window, unit), row in shown.iterrows():
            span = span_of(window)
            if span is None or span[0] != year or span[1:] not in s_of or unit not in u_of:
                continue
            s, u = s_of[span[1:]], u_of[unit]
            for column, value in row.items():
                if pd.isna(value) or column not in c_of:
                    continue
                if value != values[s, u, c_of[column]]:
                    problems.append(f"{period.label}: {window} {unit} {column} = {value}, counted {values[s, u, c_of[column]]}")
                system.published[s, u, c_of[column]] = True
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
                counted = sum(v * np.nan_to_num(values.flat[k]) for k, v in terms.items())
                if abs(counted - value) > 0.5:
                    problems.append(f"{period.label}: {r.window} {r.unit} {r.indicator} = {value}, counted {counted}")
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
            problems.append(f"{label}: the trend shows {quarter} {unit} {indicator}, withheld in the {quarter} edition")
    return system, labels, problems


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
