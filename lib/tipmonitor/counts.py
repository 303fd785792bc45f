"""Events to counts: the cube of (window, unit) x measure that every indicator reads.

For each stage of the pipeline (crime reports, investigation, Procuracy, court)
and each date window [start, end]:

- opening: entered before the window and not yet resolved or transferred at its start;
- intake: entered within the window;
- resolved (and resolved_<outcome>), transferred: left the stage within the window;
- closing: entered by the window's end and still pending then;
- cohort measures: of the intake, how many reached an outcome by the window's end.

As of the window's end: an event dated after it does not exist for that window,
so re-running a past period after new data arrives gives the same figures.
Aggregate submissions give the same measures directly (``aggregate_cube``); where a
unit sent counts for a window, they stand in for its records in that window.
Everything is vectorised over records (numpy masks and bincount), no per-row loops.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from . import periods
from .measures import (BREAKDOWNS, BY_ID, COURT_OUTCOMES, INVESTIGATION_OUTCOMES, MEASURES, PROCURACY_OUTCOMES,
                       REPORT_OUTCOMES, breakdown_id, parse_measure)
from .periods import Window

NEVER = np.iinfo(np.int64).max // 2  # the day number of an event that has not happened
STATUTORY_DAYS = 20  # CPC 2015 art. 147(1): a decision within 20 days of receipt
EXTENDED_MONTHS = 2  # art. 147(2): up to 2 months for a complex report
PROCURACY_EXTRA_MONTHS = 2  # art. 147(2): one Procuracy extension of up to 2 more months


@dataclass(frozen=True)
class StageSpec:
    stage: str
    table: str
    entry: str
    exit: str
    outcome: str
    outcomes: tuple[str, ...]


PIPELINE_STAGES = (
    StageSpec("reports", "crime_reports", "received_date", "decision_date", "decision", tuple(REPORT_OUTCOMES)),
    StageSpec("investigation", "cases", "initiated_date", "investigation_end_date", "investigation_outcome", tuple(INVESTIGATION_OUTCOMES)),
    StageSpec("procuracy", "cases", "procuracy_accepted_date", "procuracy_decision_date", "procuracy_decision", tuple(PROCURACY_OUTCOMES)),
    StageSpec("court", "cases", "court_accepted_date", "court_decision_date", "court_outcome", tuple(COURT_OUTCOMES)),
)


@dataclass(frozen=True)
class LabelledWindow:
    label: str
    start: date
    end: date


def windows_for(period_labels: list, rule: str = "official") -> list[LabelledWindow]:
    out = []
    for label in period_labels:
        period = periods.parse(label)
        window = period.window(rule)
        out.append(LabelledWindow(period.label, window.start, window.end))
    return out


def _days(series: pd.Series) -> np.ndarray:
    """Dates as day numbers (int64); missing dates become NEVER."""
    values = series.to_numpy(dtype="datetime64[D]")
    days = values.astype("int64")
    days[np.isnat(values)] = NEVER
    return days


def _day(d: date) -> int:
    return int(np.datetime64(d, "D").astype("int64"))


def _add_months(series: pd.Series, months: int) -> np.ndarray:
    shifted = series + pd.DateOffset(months=months)
    return _days(shifted)


class _Counter:
    """Counts of masked rows per unit, into arrays of shape (windows, units)."""

    def __init__(self, unit_codes: np.ndarray, n_units: int, n_windows: int):
        self.unit_codes = unit_codes
        self.n_units = n_units
        self.n_windows = n_windows

    def new(self) -> np.ndarray:
        return np.zeros((self.n_windows, self.n_units), dtype=np.int64)

    def count(self, mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        units = self.unit_codes[mask]
        w = None if weights is None else weights[mask]
        return np.bincount(units, weights=w, minlength=self.n_units).astype(np.int64)


def _pipeline(frame: pd.DataFrame, spec: StageSpec, windows: list[LabelledWindow], counter: _Counter,
              out: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    entry = _days(frame[spec.entry])
    exit_ = _days(frame[spec.exit])
    present = entry != NEVER
    outcome = frame[spec.outcome].fillna("").to_numpy(dtype=object)
    transferred = outcome == "transferred"
    by_outcome = {o: outcome == o for o in spec.outcomes}
    names = ["opening", "intake", "resolved", "transferred", "closing"] + [f"resolved_{o}" for o in spec.outcomes]
    arrays = {n: counter.new() for n in names}
    for w, window in enumerate(windows):
        s, e = _day(window.start), _day(window.end)
        left_in_window = present & (exit_ >= s) & (exit_ <= e)
        arrays["opening"][w] = counter.count(present & (entry < s) & (exit_ >= s))
        arrays["intake"][w] = counter.count((entry >= s) & (entry <= e))
        arrays["resolved"][w] = counter.count(left_in_window & ~transferred)
        arrays["transferred"][w] = counter.count(left_in_window & transferred)
        arrays["closing"][w] = counter.count(present & (entry <= e) & (exit_ > e))
        for o, is_o in by_outcome.items():
            arrays[f"resolved_{o}"][w] = counter.count(left_in_window & is_o)
    for n, a in arrays.items():
        out[f"{spec.stage}.{n}"] = a
    return entry, exit_


def _report_extras(frame: pd.DataFrame, entry: np.ndarray, exit_: np.ndarray, windows: list[LabelledWindow],
                   counter: _Counter, out: dict[str, np.ndarray]) -> None:
    classified = _days(frame["classified_date"])
    extended = _days(frame["extension_date"])
    procuracy_extended = _days(frame["procuracy_extension_date"])
    limit_20 = entry + STATUTORY_DAYS
    limit_2m = _add_months(frame["received_date"], EXTENDED_MONTHS)
    limit_4m = _add_months(frame["received_date"], EXTENDED_MONTHS + PROCURACY_EXTRA_MONTHS)
    classified_n, overdue_n = counter.new(), counter.new()
    for w, window in enumerate(windows):
        s, e = _day(window.start), _day(window.end)
        intake = (entry >= s) & (entry <= e)
        classified_n[w] = counter.count(intake & (classified <= e))
        # The limit in force at the window's end: extensions dated later do not count yet.
        limit = np.where(procuracy_extended <= e, limit_4m, np.where(extended <= e, limit_2m, limit_20))
        overdue_n[w] = counter.count((entry <= e) & (exit_ > e) & (limit < e))
    out["reports.intake_classified"] = classified_n
    out["reports.overdue"] = overdue_n


def _case_extras(frame: pd.DataFrame, entry: np.ndarray, windows: list[LabelledWindow], counter: _Counter,
                 out: dict[str, np.ndarray]) -> None:
    solved = _days(frame["solved_date"])
    suspects = frame["suspects"].fillna(0).to_numpy(dtype=np.int64)
    victims = frame["victims"].fillna(0).to_numpy(dtype=np.int64)
    names = ("intake_solved", "suspects", "victims")
    arrays = {n: counter.new() for n in names}
    breakdowns = {dim: _categories(frame[dim]) for dim in BREAKDOWNS["investigation.intake"]}
    split = {(dim, v): counter.new() for dim, (values, _) in breakdowns.items() for v in values}
    for w, window in enumerate(windows):
        s, e = _day(window.start), _day(window.end)
        intake = (entry >= s) & (entry <= e)
        arrays["intake_solved"][w] = counter.count(intake & (solved <= e))
        arrays["suspects"][w] = counter.count(intake, suspects)
        arrays["victims"][w] = counter.count(intake, victims)
        for dim, (values, codes) in breakdowns.items():
            for i, v in enumerate(values):
                split[(dim, v)][w] = counter.count(intake & (codes == i))
    for n, a in arrays.items():
        out[f"investigation.{n}"] = a
    for (dim, v), a in split.items():
        out[breakdown_id("investigation.intake", dim, v)] = a


def _categories(series: pd.Series) -> tuple[list[str], np.ndarray]:
    filled = series.fillna("unknown").astype(str)
    codes, values = pd.factorize(filled, sort=True)
    return list(values), codes


def _victims(frame: pd.DataFrame, windows: list[LabelledWindow], counter: _Counter, out: dict[str, np.ndarray]) -> None:
    dates = {n: _days(frame[f"{n}_date"]) for n in ("received", "verified", "identified", "rescued", "protected", "supported")}
    arrays = {n: counter.new() for n in dates}
    arrays["identified_supported"] = counter.new()
    breakdowns = {dim: _categories(frame[dim]) for dim in BREAKDOWNS["victims.identified"]}
    split = {(dim, v): counter.new() for dim, (values, _) in breakdowns.items() for v in values}
    kinds = frame["support_kinds"].fillna("").astype(str)
    kind_values = sorted({k for cell in kinds.unique() for k in cell.split(";") if k})
    kind_masks = {k: kinds.str.contains(rf"(?:^|;){k}(?:;|$)", regex=True).to_numpy() for k in kind_values}
    kind_split = {k: counter.new() for k in kind_values}
    identified = dates["identified"]
    for w, window in enumerate(windows):
        s, e = _day(window.start), _day(window.end)
        for n, d in dates.items():
            arrays[n][w] = counter.count((d >= s) & (d <= e))
        in_window = (identified >= s) & (identified <= e)
        arrays["identified_supported"][w] = counter.count(in_window & (dates["supported"] <= e))
        for dim, (values, codes) in breakdowns.items():
            for i, v in enumerate(values):
                split[(dim, v)][w] = counter.count(in_window & (codes == i))
        supported = (dates["supported"] >= s) & (dates["supported"] <= e)
        for k, mask in kind_masks.items():
            kind_split[k][w] = counter.count(supported & mask)
    for n, a in arrays.items():
        out[f"victims.{n}"] = a
    for (dim, v), a in split.items():
        out[breakdown_id("victims.identified", dim, v)] = a
    for k, a in kind_split.items():
        out[breakdown_id("victims.supported", "support_kind", k)] = a


def record_cube(dataset, windows: list[LabelledWindow], units: list[str]) -> pd.DataFrame:
    """The cube from case-level records: rows (window, unit), one column per measure."""
    n_units = len(units)
    unit_index = {u: i for i, u in enumerate(units)}
    out: dict[str, np.ndarray] = {}

    def counter_for(frame: pd.DataFrame) -> tuple[pd.DataFrame, _Counter]:
        codes = frame["unit"].map(unit_index)
        kept = frame[codes.notna()]
        return kept, _Counter(codes.dropna().to_numpy(dtype=np.int64), n_units, len(windows))

    reports, counter = counter_for(dataset.crime_reports)
    entry, exit_ = _pipeline(reports, PIPELINE_STAGES[0], windows, counter, out)
    _report_extras(reports, entry, exit_, windows, counter, out)
    cases, counter = counter_for(dataset.cases)
    for spec in PIPELINE_STAGES[1:]:
        entry, _ = _pipeline(cases, spec, windows, counter, out)
        if spec.stage == "investigation":
            _case_extras(cases, entry, windows, counter, out)
    victims, counter = counter_for(dataset.victims)
    _victims(victims, windows, counter, out)
    index = pd.MultiIndex.from_product([[w.label for w in windows], units], names=["window", "unit"])
    ordered = [m.id for m in MEASURES] + sorted(k for k in out if k not in BY_ID)
    return pd.DataFrame({k: out[k].reshape(-1).astype(np.float64) for k in ordered}, index=index)


def aggregate_cube(aggregates: pd.DataFrame, windows: list[LabelledWindow], rule: str = "official") -> pd.DataFrame:
    """The cube from aggregate submissions, for the windows their periods cover.

    A window is covered by a period whose window equals it, or by consecutive
    periods of one kind that tile it exactly (quarters for a half-year or a
    year-to-date window); measures then combine by their rule (sum, first, last).
    Cohort measures add up per sub-period (of each quarter's intake, the share done
    by that quarter's end): documented in docs/indicators.md.
    """
    if not len(aggregates):
        return pd.DataFrame(index=pd.MultiIndex.from_arrays([[], []], names=["window", "unit"]))
    values = aggregates.assign(value=aggregates["value"].astype("float64"))
    wide = values.pivot_table(index=["unit", "period"], columns="measure", values="value", aggfunc="first")
    spans = {label: periods.parse(label).window(rule) for label in wide.index.get_level_values("period").unique()}
    kinds = {label: periods.parse(label).kind for label in spans}
    combine = {m: parse_measure(m)[0].combine for m in wide.columns}
    rows, keys = [], []
    for unit, table in wide.groupby(level="unit"):
        table = table.droplevel("unit")
        for window in windows:
            parts = _tiling(list(table.index), spans, kinds, window)
            if parts is None:
                continue
            block = table.loc[parts]
            row = {}
            for m in table.columns:
                column = block[m]
                if combine[m] == "first":
                    row[m] = column.iloc[0]
                elif combine[m] == "last":
                    row[m] = column.iloc[-1]
                else:
                    row[m] = column.sum(min_count=len(column))
            rows.append(row)
            keys.append((window.label, unit))
    index = pd.MultiIndex.from_tuples(keys, names=["window", "unit"])
    return pd.DataFrame(rows, index=index, dtype=np.float64)


def _tiling(labels: list[str], spans: dict[str, Window], kinds: dict[str, str], window: LabelledWindow) -> list[str] | None:
    exact = [label for label in labels if spans[label].start == window.start and spans[label].end == window.end]
    if exact:
        return exact[:1]
    for kind in ("quarter", "month", "half"):
        inside = sorted((l for l in labels if kinds[l] == kind and window.start <= spans[l].start and spans[l].end <= window.end),
                        key=lambda l: spans[l].start)
        if not inside or spans[inside[0]].start != window.start or spans[inside[-1]].end != window.end:
            continue
        contiguous = all((spans[b].start - spans[a].end).days == 1 for a, b in zip(inside, inside[1:]))
        if contiguous:
            return inside
    return None


def build_cube(dataset, windows: list[LabelledWindow], units: list[str], rule: str = "official") -> pd.DataFrame:
    """Records and aggregates together; a unit's aggregates replace its records for the windows they cover."""
    windows = list({w.label: w for w in windows}.values())
    cube = record_cube(dataset, windows, units)
    aggregated = aggregate_cube(dataset.aggregates, windows, rule)
    if len(aggregated):
        aggregated = aggregated[aggregated.index.get_level_values("unit").isin(units)]
        for column in aggregated.columns:
            if column not in cube.columns:
                cube[column] = 0.0
        replaced = cube.index.isin(aggregated.index)
        cube.loc[replaced, :] = np.nan
        cube.loc[aggregated.index, aggregated.columns] = aggregated
    return cube
