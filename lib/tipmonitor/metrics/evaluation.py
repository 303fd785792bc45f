"""Indicators against targets: value, status, cases still needed, change against the baseline, rank.

For a period (and its year to date), for every unit and for the whole city:

- value = numerator / denominator, from the counts cube; city figures are sums of
  the units' counts, never averages of their rates;
- status, decided on the exact fraction (never on the rounded percentage):
  ``met``, ``missed``, ``at_risk`` (year to date below target while the items still
  pending could bring it up before the year ends), ``no_data`` (denominator 0) or
  ``no_target`` (the plan year has no targets file, or the indicator no target);
- cases_needed: the fewest additional items that must reach the outcome to meet the target;
- change against the baseline year: the same period and the full year, in
  percentage points and in counts;
- rank among units (1 = best), units without data unranked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

import numpy as np
import pandas as pd

from tipmonitor.model import periods
from tipmonitor.metrics.counts import LabelledWindow, aggregate_cube, build_cube, counted_twice_in_city
from tipmonitor.core.formatting import basis_points
from tipmonitor.core.memo import PerOwner
from tipmonitor.model.periods import Period
from tipmonitor.model.units import CITY
from tipmonitor.core.settings import SettingProblem, SettingsError
from tipmonitor.metrics.inputs import Inputs
from tipmonitor.metrics.registry import Indicator, Registry, Target, Targets
from tipmonitor.metrics.reform import Basis, basis, family, family_members, through_predecessors, valid_during
from tipmonitor.model.successions import Successions
from tipmonitor.model.dataset import Dataset

STATUSES = ("met", "at_risk", "missed", "no_data", "no_target", "withheld")


def _signed_sum(cube: pd.DataFrame, expression) -> pd.Series:
    total = pd.Series(0.0, index=cube.index)
    for sign, measure in expression.terms:
        column = cube[measure] if measure in cube.columns else pd.Series(0.0, index=cube.index)
        total = total + sign * column
    return total


def with_city(cube: pd.DataFrame) -> pd.DataFrame:
    """The cube plus one CITY row per window: the sum of the units' counts."""
    city = cube.groupby(level="window", sort=False).sum(min_count=1)
    city.index = pd.MultiIndex.from_arrays([city.index, [CITY] * len(city)], names=["window", "unit"])
    return pd.concat([cube, city])


def _missing_measures(cube: pd.DataFrame, indicator: Indicator) -> pd.Series:
    """Per row, the measures of the indicator's numerator and denominator the unit did not send ("" if none)."""
    measures = list(dict.fromkeys(indicator.numerator.measures + indicator.denominator.measures))
    missing = np.full(len(cube), "", dtype=object)
    for measure in measures:
        if measure not in cube.columns:
            continue
        unknown = cube[measure].isna().to_numpy()
        missing = np.where(unknown, np.where(missing != "", missing + f", {measure}", measure), missing)
    return pd.Series(missing, index=cube.index, dtype=object)


def _city_over_reporting_units(frame: pd.DataFrame, twice: pd.DataFrame | None = None) -> pd.DataFrame:
    """The CITY rows recomputed over the units that sent both counts, with how many did.

    A unit with an unknown numerator or denominator is left out (never counted as 0);
    the city is "no data" when no unit sent both.
    """
    units = frame[frame["unit"] != CITY]
    known = units["numerator"].notna() & units["denominator"].notna()
    counted = units[known].groupby(["window", "indicator"], sort=False)
    sums = counted[["numerator", "denominator", "pending"]].sum(min_count=1)
    if twice is not None and len(twice):  # a report moved between units: once in the city (counts.counted_twice_in_city)
        less = twice[twice["unit"].isin(units.loc[known, "unit"])].groupby(["window", "indicator"], sort=False)
        sums = sums.sub(less[["numerator", "denominator", "pending"]].sum().reindex(sums.index, fill_value=0),
                        fill_value=0).where(sums.notna())
    n_counted = counted.size()
    n_total = units.groupby(["window", "indicator"], sort=False).size()
    left = units[~known].groupby(["window", "indicator"], sort=False)["unit"].agg(lambda u: ", ".join(sorted(u)))
    city = frame["unit"] == CITY
    keys = pd.MultiIndex.from_arrays([frame.loc[city, "window"], frame.loc[city, "indicator"]])

    def at_keys(values: pd.Series, fill) -> np.ndarray:
        """Each CITY row's (window, indicator) value of a grouped series, ``fill`` where it has none."""
        if not len(values):
            return np.full(len(keys), fill, dtype=object if isinstance(fill, str) else float)
        return values.reindex(keys, fill_value=fill).to_numpy()

    for column in ("numerator", "denominator", "pending"):
        frame.loc[city, column] = at_keys(sums[column], np.nan)
    frame.loc[city, "units_counted"] = at_keys(n_counted, 0)
    frame.loc[city, "units_total"] = at_keys(n_total, 0)
    frame.loc[city, "units_left_out"] = at_keys(left, "")
    return frame


def indicator_values(cube: pd.DataFrame, registry: Registry, city_from_units: bool = True,
                     twice: pd.DataFrame | None = None) -> pd.DataFrame:
    """Long table: window, unit, indicator, numerator, denominator, pending, value (NaN where no data).

    A count a unit did not send stays unknown (NaN), and ``missing`` names its measures.
    With ``city_from_units``, the CITY rows are the sums over the units that sent both
    counts (``units_counted`` of ``units_total``; ``units_left_out`` names the others);
    otherwise (a hand-entered city total) the cube's CITY row is taken as it is. ``twice`` is the cube of the
    counts the units' sum takes twice (counts.counted_twice_in_city), taken off the CITY rows.
    """
    parts = []
    for indicator in registry.indicators.values():
        numerator = _signed_sum(cube, indicator.numerator)
        denominator = _signed_sum(cube, indicator.denominator)
        if indicator.pending is not None:
            pending = _signed_sum(cube, indicator.pending)
        else:
            pending = denominator - numerator
        frame = pd.DataFrame({"numerator": numerator, "denominator": denominator, "pending": pending,
                              "missing": _missing_measures(cube, indicator)})
        frame["indicator"] = indicator.id
        parts.append(frame)
    out = pd.concat(parts).reset_index()
    out["units_counted"] = np.nan
    out["units_total"] = np.nan
    out["units_left_out"] = ""
    if city_from_units and (out["unit"] == CITY).any():
        doubled = indicator_values(twice, registry, city_from_units=False) if twice is not None and len(twice) else None
        out = _city_over_reporting_units(out, doubled)
    out["value"] = np.where(out["denominator"] > 0, out["numerator"] / out["denominator"].where(out["denominator"] > 0), np.nan)
    return out[["window", "unit", "indicator", "numerator", "denominator", "pending", "value", "missing",
                "units_counted", "units_total", "units_left_out"]]


# --- judging one figure against its target -------------------------------------------

def meets(numerator: int, denominator: int, target: Target) -> bool:
    """Exact comparison of numerator/denominator with the target (>, >=, <, <=), in integers."""
    left = numerator * target.value.denominator
    right = target.value.numerator * denominator
    return {">": left > right, ">=": left >= right, "<": left < right, "<=": left <= right}[target.op]


def cases_needed(numerator: int, denominator: int, target: Target) -> int:
    """The fewest items (same denominator) to meet the target: more reaching the outcome for > and >=,
    fewer (overdue reports, say) for < and <=."""
    gap = target.value * denominator - numerator  # exact Fraction
    if target.lower_is_better:
        gap = -gap
    strict = target.op in (">", "<")
    needed = math.floor(gap) + 1 if strict else math.ceil(gap)
    return max(0, needed)


@dataclass(frozen=True)
class Judgement:
    status: str
    cases_needed: int | None
    attainable: bool
    rounding_note: str | None


class TargetDirectionError(SettingsError):
    """A target whose comparison points the other way from its indicator (">= 5%" on overdue reports)."""


def check_direction(indicator: Indicator, target: Target, file: str) -> None:
    if indicator.better == "neutral":
        return
    if (indicator.better == "lower") != target.lower_is_better:
        message = "settings_target_lower" if indicator.better == "lower" else "settings_target_higher"
        raise TargetDirectionError(file, [SettingProblem(target.key, message, {"op": repr(target.op),
                                                                               "indicator": indicator.id})])


def judge(numerator: float, denominator: float, pending: float, target: Target | None, can_still_move: bool,
          better: str = "higher") -> Judgement:
    if denominator is None or pd.isna(denominator) or denominator <= 0 or pd.isna(numerator):
        return Judgement("no_data", None, False, None)
    if target is None or better == "neutral":
        return Judgement("no_target", None, True, None)
    n, d = int(numerator), int(denominator)
    if meets(n, d, target):
        status, needed = "met", 0
    else:
        needed = cases_needed(n, d, target)
        # Pending items can only raise a higher-is-better figure before the year ends.
        could = (not target.lower_is_better and pending is not None and not pd.isna(pending) and needed <= pending)
        status = "at_risk" if can_still_move and could else "missed"
    attainable = (needed or 0) <= n if target.lower_is_better else n + (needed or 0) <= d
    shown = Fraction(basis_points(n, d), 10000)  # the rounded rate as printed, as a fraction of 1
    shown_meets = meets(shown.numerator, shown.denominator, target)
    note = None
    if shown_meets != (status == "met"):
        note = "exact_differs"
    return Judgement(status, needed if status != "met" else 0, attainable, note)


# --- the baseline ------------------------------------------------------------------

def _units_with_records(dataset: Dataset, window: LabelledWindow, rule: str) -> set[str]:
    start, end = pd.Timestamp(window.start), pd.Timestamp(window.end)
    found: set[str] = set()
    for name, column in (("crime_reports", "received_date"), ("cases", "initiated_date"), ("victims", "received_date")):
        frame = dataset.table(name)
        found |= set(frame.loc[frame[column].between(start, end), "unit"].dropna())
    aggregates = dataset.aggregates
    for label, unit in aggregates[["period", "unit"]].drop_duplicates().itertuples(index=False):
        w = periods.parse(label).window(rule)
        if window.start <= w.start and w.end <= window.end:
            found.add(unit)
    return found


def apply_baseline_table(cube: pd.DataFrame, dataset: Dataset, table: pd.DataFrame | None, year: int,
                         windows: list[LabelledWindow], rule: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """Baseline-year rows of the cube, filled from the hand-entered table for units without records.

    Returns the cube with a CITY row per window, and the source of each unit's baseline
    ("records", "table" or "none").
    """
    year_window = LabelledWindow.of(Period(year, "year"), rule)
    units = list(cube.index.get_level_values("unit").unique())
    with_records = _units_with_records(dataset, year_window, rule)
    source = {u: "records" if u in with_records else "none" for u in units}
    result = with_city(cube)
    if table is None or not len(table):
        source[CITY] = "records" if with_records else "none"
        return result, source
    from_table = aggregate_cube(table, windows, rule)
    for (label, unit), row in from_table.iterrows():
        if unit == CITY:
            continue
        if unit in source and source[unit] == "none":
            result.loc[(label, unit), row.index] = row.to_numpy()
            source[unit] = "table"
    city_rows = from_table[from_table.index.get_level_values("unit") == CITY]
    if not with_records and len(city_rows):
        for (label, _unit), row in city_rows.iterrows():
            result.loc[(label, CITY), :] = np.nan
            result.loc[(label, CITY), row.index] = row.to_numpy()
        source[CITY] = "table"
    else:
        summed = with_city(result[result.index.get_level_values("unit") != CITY])
        result = summed
        source[CITY] = "records" if with_records else ("table" if any(v == "table" for v in source.values()) else "none")
    return result, source


# --- the evaluation of a period ------------------------------------------------------

@dataclass
class Evaluation:
    """Everything the reports show about one period, as plain tables."""

    period: Period
    rule: str
    baseline_year: int
    targets: Targets | None
    registry: Registry
    units: list[str]
    table: pd.DataFrame  # one row per (scope, unit, indicator)
    baseline_source: dict[str, str] = field(default_factory=dict)
    cube: pd.DataFrame = field(default_factory=pd.DataFrame)  # counts of the period and its year to date, units and CITY
    base_cube: pd.DataFrame = field(default_factory=pd.DataFrame)  # counts of the baseline windows
    threshold: int | None = None  # set on a public evaluation: counts under it are withheld (disclosure.py)
    baseline_units: list[str] = field(default_factory=list)  # the units the city's baseline is summed over
    bases: dict[tuple[str, str], Basis] = field(default_factory=dict)  # (unit, indicator) -> its baseline's basis
    # A public evaluation's withheld counts (True), shaped as cube and base_cube: a view marks a cell withheld
    # because the decision withholds it, not because it is missing (disclosure.protect); None when internal.
    cube_withheld: pd.DataFrame | None = None
    base_cube_withheld: pd.DataFrame | None = None

    def scorecard(self, unit: str = CITY, scope: str = "period") -> pd.DataFrame:
        rows = self.table[(self.table["unit"] == unit) & (self.table["scope"] == scope)]
        return rows.set_index("indicator")

    def missing(self, scope: str = "period") -> pd.DataFrame:
        """Units (not the city) that missed a targeted indicator, furthest first."""
        rows = self.table[(self.table["scope"] == scope) & (self.table["unit"] != CITY)
                          & self.table["status"].isin(["missed", "at_risk"])]
        return rows.sort_values(["cases_needed", "unit", "indicator"], ascending=[False, True, True])


_NO_BASE = (np.nan, np.nan, np.nan)  # no baseline row for a (window, unit, indicator)


def evaluate(inputs: Inputs, period: Period, *, rule: str = "official", units: list[str] | None = None,
             baseline_units: list[str] | None = None) -> Evaluation:
    """Evaluate every indicator for a period and its year to date, per unit and for the city.

    Everything read comes in ``inputs`` (metrics/inputs.py): no file is opened here. ``units`` are the
    units shown (default: those valid at the period's end); ``baseline_units`` the units whose
    baseline-year counts make the city's baseline (default: every unit valid at some day of the baseline
    year), the same whatever the period. A unit compares with the baseline year through its predecessors
    where it has some (metrics/reform.py).
    """
    dataset, registry, unit_registry, successions = inputs.data, inputs.registry, inputs.units, inputs.successions
    baseline_year = inputs.baseline.year
    every = unit_registry.table
    targets = inputs.targets.of(period.year)
    window = period.window(rule)
    if units is None:
        units = unit_registry.valid_on(window.end).codes
    known = set(units)
    if baseline_units is None:
        known |= set(every.index)
        year_window = Period(baseline_year, "year").window(rule)
        baseline_units = valid_during(every, year_window.start, year_window.end)
    known |= set(baseline_units)
    ytd = period.year_to_date()
    current = [LabelledWindow.of(period, rule), LabelledWindow.of(ytd, rule)]
    base = [LabelledWindow.of(period.in_year(baseline_year), rule), LabelledWindow.of(ytd.in_year(baseline_year), rule),
            LabelledWindow.of(Period(baseline_year, "year"), rule)]
    # The city counts every unit that existed during the year to date, also those that ended before the
    # period's end (district police on 1-3-2025, districts on 1-7-2025); the table shows ``units``.
    still = set(valid_during(every, window.end, window.end))  # those the caller chose among
    ended = [u for u in valid_during(every, ytd.window(rule).start, window.end) if u not in still and u not in units]
    counted = with_city(build_cube(dataset, current, list(units) + ended, rule))
    cube = counted[counted.index.get_level_values("unit").isin([*units, CITY])]
    held, source = apply_baseline_table(build_cube(dataset, base, list(baseline_units), rule), dataset, inputs.baseline.table,
                                        baseline_year, base, rule)
    city_values = indicator_values(held, registry, city_from_units=source.get(CITY) != "table")
    in_baseline = set(baseline_units)
    unit_cube = through_predecessors(held[held.index.get_level_values("unit") != CITY], units, successions,
                                     in_baseline, known, window.end)
    base_cube = pd.concat([unit_cube, held[held.index.get_level_values("unit") == CITY]])
    bases = {(u, i.id): basis(u, i, successions, in_baseline, known, window.end)
             for u in units for i in registry.indicators.values()}
    outside = tuple(sorted({s.predecessor for s in successions.items if s.predecessor not in known}))
    for i in registry.indicators:
        bases[(CITY, i)] = Basis("self", ((CITY, 1.0),), outside=outside)
    for u in units:
        if u not in in_baseline:
            found = {source.get(m, "none") for i in registry.indicators for m, _ in bases[(u, i)].members}
            source[u] = next((s for s in ("table", "records") if s in found), "none")
    values = indicator_values(counted, registry, twice=counted_twice_in_city(dataset, current, list(units) + ended))
    values = values[values["unit"].isin([*units, CITY])]
    base_values = pd.concat([indicator_values(unit_cube, registry, city_from_units=False),
                             city_values[city_values["unit"] == CITY]])
    base_values = base_values.set_index(["window", "unit", "indicator"])
    # (numerator, denominator, value) by (window, unit, indicator): one dict, not a .loc per row and window (3,000
    # rows a quarter, a second of the run's CPU)
    base_rows = dict(zip(base_values.index, zip(base_values["numerator"], base_values["denominator"],
                                                base_values["value"])))

    rows = []
    for scope, current_period, base_window in (("period", period, base[0]), ("ytd", ytd, base[1])):
        block = values[values["window"] == current_period.label]
        # A year-to-date figure can still move while the year runs; a closed period cannot.
        can_move = scope == "ytd" and current_period.months[1] < 12
        for r in block.itertuples(index=False):
            indicator = registry.indicators[r.indicator]
            target = targets.by_key.get(indicator.target) if (targets and indicator.target) else None
            if target is not None and targets is not None:
                check_direction(indicator, target, targets.file)
            verdict = judge(r.numerator, r.denominator, r.pending, target, can_move, indicator.better)
            same = base_rows.get((base_window.label, r.unit, r.indicator), _NO_BASE)
            year = base_rows.get((base[2].label, r.unit, r.indicator), _NO_BASE)
            rows.append({
                "scope": scope, "window": current_period.label, "unit": r.unit, "indicator": r.indicator,
                "numerator": r.numerator, "denominator": r.denominator, "pending": r.pending, "value": r.value,
                "target_op": target.op if target else None,
                "target_value": float(target.value) if target else np.nan,
                "status": verdict.status, "cases_needed": verdict.cases_needed, "attainable": verdict.attainable,
                "rounding_note": verdict.rounding_note,
                "missing": r.missing, "units_counted": r.units_counted, "units_total": r.units_total,
                "units_left_out": r.units_left_out,
                "baseline_window": base_window.label,
                "baseline_numerator": same[0], "baseline_denominator": same[1], "baseline_value": same[2],
                "baseline_year_numerator": year[0], "baseline_year_denominator": year[1], "baseline_year_value": year[2],
                "baseline_source": source.get(r.unit, "none"),
                "baseline_basis": bases[(r.unit, r.indicator)].code,
            })
    table = pd.DataFrame(rows)
    table["change_points"] = (table["value"] - table["baseline_value"]) * 100
    table["change_count"] = table["numerator"] - table["baseline_numerator"]
    table["change_year_points"] = (table["value"] - table["baseline_year_value"]) * 100
    table["cases_needed"] = table["cases_needed"].astype("Int64")
    for column in ("units_counted", "units_total"):
        table[column] = table[column].astype("Int64")
    table["rank"], table["ranked"] = ranks(table, registry)
    return Evaluation(period, rule, baseline_year, targets, registry, units, table, source, cube, base_cube,
                      baseline_units=list(baseline_units), bases=bases)


def ranks(table: pd.DataFrame, registry: Registry) -> tuple[pd.Series, pd.Series]:
    """Rank of each unit per scope and indicator (1 = best, ties share the best rank)."""
    units = table[(table["unit"] != CITY) & table["value"].notna()]
    better = units["indicator"].map(lambda i: registry.indicators[i].better)
    key = np.where(better == "lower", units["value"], -units["value"])
    ranks = pd.Series(key, index=units.index).groupby([units["scope"], units["indicator"]]).rank(method="min")
    counts = units.groupby(["scope", "indicator"])["unit"].transform("size")
    rank = pd.Series(pd.NA, index=table.index, dtype="Int64")
    ranked = pd.Series(pd.NA, index=table.index, dtype="Int64")
    rank.loc[ranks.index] = ranks.astype("int64")
    ranked.loc[counts.index] = counts.astype("int64")
    return rank, ranked


_TRENDS = PerOwner(limit=17)  # inputs -> {(last quarter, end, rule, units, span units): trend}, freed with the inputs


def trend(inputs: Inputs, until: Period, *, rule: str = "official", units: list[str] | None = None,
          span_units: list[str] | None = None) -> pd.DataFrame:
    """Every indicator by quarter from the baseline year to the period's last quarter, per unit and city
    (``quarterly``), computed once per inputs, last quarter, end date, rule and units: the editions of a plan year
    ending with the same quarter (Q4, H2 and the year; Q3 and 9M; Q2 and H1) and a period's internal and public
    editions draw the same trend. Kept while the inputs live (core/memo.py). Each caller gets its own copy."""
    last = Period(until.year, "quarter", (until.months[1] + 2) // 3)
    key = (last.label, until.window(rule).end, rule, None if units is None else tuple(units),
           None if span_units is None else tuple(span_units))
    held = _TRENDS.get(inputs, key, lambda: quarterly(inputs, until, rule=rule, units=units, span_units=span_units))
    return held.copy()


def quarterly(inputs: Inputs, until: Period, *, rule: str = "official", units: list[str] | None = None,
              span_units: list[str] | None = None) -> pd.DataFrame:
    """Every indicator by quarter from the baseline year to the period's last quarter, per unit and city.

    Columns: quarter, unit, indicator, numerator, denominator, value, target (fraction of the
    quarter's plan year, NaN without one), op, baseline_year_value (the unit's full baseline year),
    predecessors (for a quarter before the unit existed: the units whose work it took over, summed
    in that row, as "006 + 009"; "" otherwise). The city is summed over ``span_units`` (default:
    every unit valid at some day of the span), so its line runs through the reform. Everything read
    comes in ``inputs``, as for ``evaluate``.
    """
    dataset, registry, unit_registry, successions = inputs.data, inputs.registry, inputs.units, inputs.successions
    baseline_year = inputs.baseline.year
    every = unit_registry.table
    last = Period(until.year, "quarter", (until.months[1] + 2) // 3)
    quarters = [q for q in periods.quarters_between(baseline_year, until.year) if q <= last]
    if units is None:
        units = unit_registry.valid_on(until.window(rule).end).codes
    by_quarter = [LabelledWindow.of(q, rule) for q in quarters]  # none for a period before the baseline year
    windows = by_quarter + [LabelledWindow.of(Period(baseline_year, "year"), rule)]
    if span_units is None:
        span_units = valid_during(every, by_quarter[0].start, by_quarter[-1].end) if by_quarter else []
    counted = list(dict.fromkeys(list(units) + list(span_units)))
    cube = build_cube(dataset, windows, counted, rule)
    city = indicator_values(with_city(cube), registry, twice=counted_twice_in_city(dataset, windows, counted))
    shown, lineage = _through_predecessors_by_quarter(cube, windows, units, successions, every, until.window(rule).end)
    values = pd.concat([indicator_values(shown, registry, city_from_units=False), city[city["unit"] == CITY]])
    values["predecessors"] = [lineage.get((w, u), "") for w, u in zip(values["window"].tolist(), values["unit"].tolist())]
    year_label = str(baseline_year)
    base = values[values["window"] == year_label].set_index(["unit", "indicator"])["value"]
    out = values[values["window"] != year_label].rename(columns={"window": "quarter"}).copy()
    lookup = base.to_dict() if base.index.is_unique else base  # a dict: a Series.get per row was a tenth of trend()
    out["baseline_year_value"] = [lookup.get((u, i), np.nan) for u, i in zip(out["unit"].tolist(), out["indicator"].tolist())]
    year_of = {q.label: q.year for q in quarters}

    def target_of(quarter: str, indicator: str) -> tuple[float, str | None]:
        t = inputs.targets.of(year_of[quarter])
        key = registry.indicators[indicator].target
        if t is None or key is None or key not in t.by_key:
            return np.nan, None
        return float(t.by_key[key].value), t.by_key[key].op

    pairs = [target_of(q, i) for q, i in zip(out["quarter"].tolist(), out["indicator"].tolist())]
    out["target"] = [p[0] for p in pairs]
    out["op"] = [p[1] for p in pairs]
    return out.reset_index(drop=True)


def _through_predecessors_by_quarter(cube: pd.DataFrame, windows: list[LabelledWindow], units: list[str],
                                     successions: Successions, every: pd.DataFrame, until_end: date | None = None
                                     ) -> tuple[pd.DataFrame, dict[tuple[str, str], str]]:
    """The rows of ``units``; where a unit did not exist yet in a window and has predecessors, their counts
    instead (metrics/reform.py), with, per such (window, unit), the predecessors as "006 + 009". In the
    baseline year (the last window), a unit that existed then and has since absorbed work (by ``until_end``)
    is itself plus what it absorbed, as evaluate() compares it.

    A unit exists from its registry dates; one the registry does not hold, from its first hand-over.
    """
    shown = cube[cube.index.get_level_values("unit").isin(units)].copy()
    with_lineage = {u: successions.predecessors(u)[0].effective for u in units if successions.predecessors(u)}
    if not with_lineage:
        return shown, {}
    held = set(cube.index.get_level_values("unit"))
    known = set(every.index) | held
    lineage: dict[tuple[str, str], str] = {}
    families = {family(c) for c in cube.columns}
    replaced: dict[tuple[str, str], np.ndarray] = {}  # written into ``shown`` at once (a row at a time: most of trend())
    for window in windows:
        valid = set(valid_during(every, window.start, window.end)) | (held - set(every.index))
        before = [u for u, first in with_lineage.items()
                  if (u not in every.index and window.end < first) or (u in every.index and u not in valid)]
        absorbing = [u for u in with_lineage if window is windows[-1] and until_end is not None and u in valid
                     and u not in before and any(s.effective <= until_end for s in successions.predecessors(u))]
        if not before and not absorbing:
            continue
        valid -= set(before)
        before += absorbing
        summed = through_predecessors(cube[cube.index.get_level_values("window") == window.label], before,
                                      successions, valid, known, until_end)
        rows = summed.reindex(columns=shown.columns).to_numpy()  # one window: row i is before[i]
        for i, u in enumerate(before):
            members = {m for fam in families for m, _ in family_members(u, fam, successions, valid, known, until_end)[0]}
            if members:
                replaced[(window.label, u)] = rows[i]
                lineage[(window.label, u)] = " + ".join(sorted(members))
    return _with_rows(shown, replaced), lineage


def _with_rows(frame: pd.DataFrame, rows: dict[tuple[str, str], np.ndarray]) -> pd.DataFrame:
    """``frame`` with these rows (by index key) set to these values, as ``frame.loc[key, :] = values`` one by one
    would set them: rows already there in one assignment, a key not there yet appended after them in order."""
    present = [key for key in rows if key in frame.index]
    if present and frame.index.is_unique:
        positions = frame.index.get_indexer(present)
        frame.iloc[positions, :] = np.vstack([rows[key] for key in present])
    else:
        present = []
    for key in rows:
        if key not in present:
            frame.loc[key, :] = rows[key]
    return frame
