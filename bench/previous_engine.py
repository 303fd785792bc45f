"""The KPI engine before issue #18 (main at 79705e4), kept as it was: the reference the new engine is
compared with, cube for cube (tests/test_engine_equivalence.py), and the "previous" column of
``make bench``. Only ``record_cube`` and what it calls; aggregates and windows are shared with
tipmonitor.metrics.counts. Frozen on purpose: do not edit or reuse it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from tipmonitor.model.measures import (BREAKDOWNS, BY_ID, COURT_OUTCOMES, INVESTIGATION_OUTCOMES, MEASURES, PROCURACY_OUTCOMES,
                       REPORT_OUTCOMES, breakdown_id)
from tipmonitor.metrics.counts import LabelledWindow

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


def _days(series: pd.Series) -> np.ndarray:
    """Dates as day numbers (int64); missing dates become NEVER."""
    values = series.to_numpy()
    if values.dtype != "datetime64[s]":
        values = values.astype("datetime64[s]")
    seconds = values.view(np.int64)
    days = seconds // 86400
    days[np.isnat(values)] = NEVER
    return days


def _day(d: date) -> int:
    return int(np.datetime64(d, "D").astype("int64"))


def _add_months(days: np.ndarray, months: int) -> np.ndarray:
    """Day numbers plus whole calendar months, clipped to the month's end (31/01 + 1 month =
    28/02) as pandas' DateOffset does; computed once per distinct day and looked up."""
    known = days != NEVER
    if not known.any():
        return days.copy()
    lo, hi = int(days[known].min()), int(days[known].max())
    span = pd.to_datetime(np.arange(lo, hi + 1), unit="D") + pd.DateOffset(months=months)
    table = _days(pd.Series(span))
    out = table.take(days - lo, mode="clip")
    out[~known] = NEVER
    return out


class _Grid:
    """Counting at window boundaries.

    Every measure is a count of records whose dates fall on either side of a
    window's boundaries (the day before its start, and its end). With the sorted
    boundary days P, a date d is binned to the first k with d <= P[k]; a
    histogram of (unit, category, bin1, bin2) accumulated along both bin axes then
    answers "how many have d1 <= P[i] and d2 <= P[j]" for every window at once.
    One pass over the records per histogram, whatever the number of windows.
    """

    def __init__(self, windows: list[LabelledWindow], unit_codes: np.ndarray, n_units: int):
        self.points = np.array(sorted({_day(w.start) - 1 for w in windows} | {_day(w.end) for w in windows}), dtype=np.int64)
        self.size = len(self.points) + 1  # the last bin holds dates after every boundary, and NEVER
        self.before = np.searchsorted(self.points, [_day(w.start) - 1 for w in windows])
        self.end = np.searchsorted(self.points, [_day(w.end) for w in windows])
        self.units = unit_codes.astype(np.int64)
        self.n_units = n_units
        self.all = self.size - 1
        # bin(d) by table look-up: faster than a binary search per record. Days before the first
        # boundary fall in bin 0, days after the last (and NEVER) in the last bin.
        self.first = int(self.points[0]) if len(self.points) else 0
        span = (int(self.points[-1]) - self.first + 1) if len(self.points) else 0
        self.table = np.searchsorted(self.points, np.arange(self.first, self.first + span + 1), side="left").astype(np.int32)

    def restricted(self, keep: np.ndarray) -> "_Grid":
        """The same boundaries over a subset of the records."""
        other = object.__new__(_Grid)
        other.__dict__.update(self.__dict__)
        other.units = self.units[keep]
        return other

    def bins(self, days: np.ndarray) -> np.ndarray:
        return self.table.take(days - self.first, mode="clip")

    def hist(self, first: np.ndarray, second: np.ndarray | None = None, category: np.ndarray | None = None,
             n_categories: int = 1, weights: np.ndarray | None = None) -> np.ndarray:
        """Cumulative counts F[unit, category, i, j] = #{bin(first) <= i, bin(second) <= j}."""
        s = self.size
        index = self.units * n_categories
        if category is not None:
            index = index + category
        index = index * s + first
        if second is None:  # one date: a single axis of bins (read with j = all)
            flat = np.bincount(index, weights=weights, minlength=self.n_units * n_categories * s)
            return flat.reshape(self.n_units, n_categories, s, 1).cumsum(axis=2)
        index = index * s + second
        flat = np.bincount(index, weights=weights, minlength=self.n_units * n_categories * s * s)
        cube = flat.reshape(self.n_units, n_categories, s, s)
        return cube.cumsum(axis=2).cumsum(axis=3)

    def le(self, hist: np.ndarray, i: np.ndarray | int, j: np.ndarray | int) -> np.ndarray:
        """#{first <= P[i], second <= P[j]} for each window: shape (windows, units, categories)."""
        if hist.shape[3] == 1:
            return np.moveaxis(hist[:, :, i, 0], 2, 0)
        return np.moveaxis(hist[:, :, i, j], 2, 0)


def _factorize(series: pd.Series) -> tuple[np.ndarray, list]:
    """Codes (missing -> -1) and distinct values; free for a categorical column."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy(dtype=np.int64), list(series.cat.categories)
    codes, uniques = pd.factorize(series)
    return codes, list(uniques)


def _codes(series: pd.Series, values: tuple[str, ...] | list[str]) -> np.ndarray:
    """Category codes; anything not in values (including missing) gets len(values)."""
    lookup = {v: i for i, v in enumerate(values)}
    found, uniques = _factorize(series)  # missing -> -1, which picks the last entry below
    mapping = np.array([lookup.get(u, len(values)) for u in uniques] + [len(values)], dtype=np.int64)
    return mapping[found]


def _pipeline(frame: pd.DataFrame, spec: StageSpec, grid: _Grid, out: dict[str, np.ndarray]) -> tuple:
    entry = _days(frame[spec.entry])
    exit_ = _days(frame[spec.exit])
    exit_[entry == NEVER] = NEVER  # an exit is only counted for a record that entered the stage
    outcomes = spec.outcomes + ("transferred",)
    category = _codes(frame[spec.outcome], outcomes)
    entry_bins = grid.bins(entry)
    hist = grid.hist(entry_bins, grid.bins(exit_), category, len(outcomes) + 1)
    b, e, last = grid.before, grid.end, grid.all
    entered = lambda i: grid.le(hist, i, last).sum(axis=2)  # noqa: E731
    left = lambda j: grid.le(hist, last, j)  # noqa: E731  (exits have entries on or before them)
    left_b, left_e = left(b), left(e)
    out_all = lambda x: x[:, :, : len(outcomes)].sum(axis=2)  # noqa: E731  (an exit without outcome is invalid input)
    out[f"{spec.stage}.opening"] = entered(b) - out_all(left_b)
    out[f"{spec.stage}.intake"] = entered(e) - entered(b)
    out[f"{spec.stage}.closing"] = entered(e) - out_all(left_e)
    flows = left_e - left_b
    for k, outcome in enumerate(spec.outcomes):
        out[f"{spec.stage}.resolved_{outcome}"] = flows[:, :, k]
    out[f"{spec.stage}.resolved"] = flows[:, :, : len(spec.outcomes)].sum(axis=2)
    out[f"{spec.stage}.transferred"] = flows[:, :, len(spec.outcomes)]
    return entry, exit_, entry_bins


def _cohort(grid: _Grid, entry_bins: np.ndarray, done: np.ndarray) -> np.ndarray:
    """Of those entering in each window, how many were done by its end: #{s <= entry <= t, done <= t}."""
    hist = grid.hist(entry_bins, grid.bins(done))
    return (grid.le(hist, grid.end, grid.end) - grid.le(hist, grid.before, grid.end))[:, :, 0]


def _in_window(grid: _Grid, days: np.ndarray, category: np.ndarray | None = None, n_categories: int = 1,
               weights: np.ndarray | None = None) -> np.ndarray:
    """#{s <= day <= t} per window, unit (and category)."""
    hist = grid.hist(grid.bins(days), None, category, n_categories, weights)
    counts = grid.le(hist, grid.end, grid.all) - grid.le(hist, grid.before, grid.all)
    return counts if category is not None else counts[:, :, 0]


def _pending_past(grid: _Grid, due: np.ndarray, still_open: np.ndarray) -> np.ndarray:
    """#{due <= t < still_open} at each window's end t."""
    hist = grid.hist(grid.bins(due), grid.bins(still_open))
    return (grid.le(hist, grid.end, grid.all) - grid.le(hist, grid.end, grid.end))[:, :, 0]


@dataclass(frozen=True)
class StatutoryClock:
    """Day numbers of a report's receipt, decision, extensions and the three possible limits."""

    received: np.ndarray
    decided: np.ndarray
    extended: np.ndarray
    procuracy_extended: np.ndarray
    limit_20: np.ndarray
    limit_2m: np.ndarray
    limit_4m: np.ndarray

    @classmethod
    def of(cls, frame: pd.DataFrame, received: np.ndarray | None = None, decided: np.ndarray | None = None) -> "StatutoryClock":
        received = _days(frame["received_date"]) if received is None else received
        decided = _days(frame["decision_date"]) if decided is None else decided
        return cls(received, decided, _days(frame["extension_date"]), _days(frame["procuracy_extension_date"]),
                   received + STATUTORY_DAYS, _add_months(received, EXTENDED_MONTHS),
                   _add_months(received, EXTENDED_MONTHS + PROCURACY_EXTRA_MONTHS))

    def limit_on(self, day: int) -> np.ndarray:
        """The limit in force on a day: an extension counts once it is dated on or before it."""
        return np.where(self.procuracy_extended <= day, self.limit_4m,
                        np.where(self.extended <= day, self.limit_2m, self.limit_20))

    def overdue_on(self, day: int) -> np.ndarray:
        """Pending on that day (received, not decided) and past the limit in force."""
        return (self.received <= day) & (self.decided > day) & (self.limit_on(day) < day)


def overdue_reports(frame: pd.DataFrame, day: date) -> pd.DataFrame:
    """The reports overdue on a day: id, unit and days past the limit (no other detail)."""
    clock = StatutoryClock.of(frame)
    d = _day(day)
    overdue = clock.overdue_on(d)
    out = pd.DataFrame({"report_id": frame["report_id"].to_numpy()[overdue], "unit": frame["unit"].to_numpy()[overdue],
                        "days_overdue": (d - clock.limit_on(d))[overdue]})
    return out.sort_values(["days_overdue", "report_id"], ascending=[False, True]).reset_index(drop=True)


def _report_extras(frame: pd.DataFrame, entry: np.ndarray, exit_: np.ndarray, entry_bins: np.ndarray, grid: _Grid,
                   out: dict[str, np.ndarray]) -> None:
    out["reports.intake_classified"] = _cohort(grid, entry_bins, _days(frame["classified_date"]))
    # Overdue at a window's end t (StatutoryClock.overdue_on for every t at once): "limit < t" is
    # "limit + 1 <= t"; conditions that must all hold by t combine by max, those that must all
    # still be open after t by min. Three exclusive cases by which extension is in force.
    # Only a report still open more than 20 days after receipt can ever be overdue: the rest are
    # left out before counting (most reports, at scale).
    slow = exit_ - entry > STATUTORY_DAYS
    c = StatutoryClock.of(frame[slow], entry[slow], exit_[slow])
    sub = grid.restricted(slow)
    no_extension_yet = _pending_past(sub, c.limit_20 + 1, np.minimum(c.extended, c.decided))
    extended_only = _pending_past(sub, np.maximum(c.extended, c.limit_2m + 1), np.minimum(c.procuracy_extended, c.decided))
    procuracy_too = _pending_past(sub, np.maximum(c.procuracy_extended, c.limit_4m + 1), c.decided)
    out["reports.overdue"] = no_extension_yet + extended_only + procuracy_too


def _categories(series: pd.Series) -> tuple[list[str], np.ndarray]:
    """Sorted distinct values (a missing value counts as "unknown") and each record's index in them."""
    codes, uniques = _factorize(series)
    labels = [str(u) for u in uniques] + ["unknown"]  # code -1 (missing) picks the last
    present = np.bincount(codes + 1, minlength=len(labels)) > 0  # index 0 is "missing"
    used = [labels[-1]] if present[0] else []
    values = sorted(set(used + [label for label, seen in zip(labels[:-1], present[1:]) if seen]))
    position = {v: i for i, v in enumerate(values)}
    mapping = np.array([position.get(label, 0) for label in labels], dtype=np.int64)
    return values, mapping[codes]


def _case_extras(frame: pd.DataFrame, entry_bins: np.ndarray, grid: _Grid, out: dict[str, np.ndarray]) -> None:
    out["investigation.intake_solved"] = _cohort(grid, entry_bins, _days(frame["solved_date"]))
    initiated = _days(frame["initiated_date"])
    for name in ("suspects", "victims"):
        weights = frame[name].fillna(0).to_numpy(dtype=np.float64)
        out[f"investigation.{name}"] = np.rint(_in_window(grid, initiated, weights=weights)).astype(np.int64)
    for dim in BREAKDOWNS["investigation.intake"]:
        values, codes = _categories(frame[dim])
        split = _in_window(grid, initiated, codes, len(values))
        for i, v in enumerate(values):
            out[breakdown_id("investigation.intake", dim, v)] = split[:, :, i]


def _victims(frame: pd.DataFrame, grid: _Grid, out: dict[str, np.ndarray]) -> None:
    dates = {n: _days(frame[f"{n}_date"]) for n in ("received", "verified", "identified", "rescued", "protected", "supported")}
    for n, d in dates.items():
        out[f"victims.{n}"] = _in_window(grid, d)
    out["victims.identified_supported"] = _cohort(grid, grid.bins(dates["identified"]), dates["supported"])
    for dim in BREAKDOWNS["victims.identified"]:
        values, codes = _categories(frame[dim])
        split = _in_window(grid, dates["identified"], codes, len(values))
        for i, v in enumerate(values):
            out[breakdown_id("victims.identified", dim, v)] = split[:, :, i]
    # Support kinds: one count per combination of kinds given, then each kind sums its combinations.
    cells, combinations = _factorize(frame["support_kinds"])
    combinations = [c if isinstance(c, str) else "" for c in combinations] + [""]
    by_combination = _in_window(grid, dates["supported"], cells % len(combinations), len(combinations))
    sets = [set(c.split(";")) for c in combinations]
    for kind in sorted({k for s in sets for k in s if k}):
        members = [i for i, s in enumerate(sets) if kind in s]
        out[breakdown_id("victims.supported", "support_kind", kind)] = by_combination[:, :, members].sum(axis=2)


def record_cube(dataset, windows: list[LabelledWindow], units: list[str]) -> pd.DataFrame:
    """The cube from case-level records: rows (window, unit), one column per measure."""
    out: dict[str, np.ndarray] = {}

    def grid_for(frame: pd.DataFrame) -> tuple[pd.DataFrame, _Grid]:
        codes = _codes(frame["unit"], units)
        known = codes < len(units)
        kept = frame if known.all() else frame[known]
        return kept, _Grid(windows, codes[known].astype(np.int64), len(units))

    reports, grid = grid_for(dataset.crime_reports)
    entry, exit_, entry_bins = _pipeline(reports, PIPELINE_STAGES[0], grid, out)
    _report_extras(reports, entry, exit_, entry_bins, grid, out)
    cases, grid = grid_for(dataset.cases)
    for spec in PIPELINE_STAGES[1:]:
        _, _, entry_bins = _pipeline(cases, spec, grid, out)
        if spec.stage == "investigation":
            _case_extras(cases, entry_bins, grid, out)
    victims, grid = grid_for(dataset.victims)
    _victims(victims, grid, out)
    index = pd.MultiIndex.from_product([[w.label for w in windows], units], names=["window", "unit"])
    # The measures it counted (the 2024 Law's counts of issue #29 came after it: not here).
    ordered = [m.id for m in MEASURES if m.id in out] + sorted(k for k in out if k not in BY_ID)
    return pd.DataFrame({k: np.asarray(out[k]).reshape(-1).astype(np.float64) for k in ordered}, index=index)
