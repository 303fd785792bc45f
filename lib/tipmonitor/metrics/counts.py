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
Everything is vectorised over records (one histogram per date pair, see _Grid), no per-row loops,
and records are counted in chunks of CHUNK_ROWS whose counts add up: the engine's memory stays that
of a few chunks whatever the table's size, and the chunks are counted on every core at once
(THREADS; numpy leaves the interpreter lock while it counts). Each column of a chunk is converted
once (dates straight to the grid's bins, see _raw_days) and shared by the measures that read it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from tipmonitor.model import periods
from tipmonitor.model.measures import (BREAKDOWNS, BY_ID, COURT_OUTCOMES, INVESTIGATION_OUTCOMES, MEASURES, PROCURACY_OUTCOMES,
                       REPORT_OUTCOMES, breakdown_id, parse_measure)
from tipmonitor.model.periods import Window
from tipmonitor.model.dataset import Dataset
from tipmonitor.model.schema import TABLES
from tipmonitor.model.stage_units import CARRIED_TABLES, register_owned_stages

_UNITS_PER_DAY = {"s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}
NEVER = np.iinfo(np.int64).max // 2  # the day number of an event that has not happened
STATUTORY_DAYS = 20  # CPC 2015 art. 147(1): a decision within 20 days of receipt
EXTENDED_MONTHS = 2  # art. 147(2): up to 2 months for a complex report
PROCURACY_EXTRA_MONTHS = 2  # art. 147(2): one Procuracy extension of up to 2 more months
CHUNK_ROWS = 1 << 19  # records counted at a time (bench at 10^6, two threads: 2^18 0.53 s, 2^19 0.46 s, 2^20 0.45 s with twice the memory)
INT32_CELLS = np.iinfo(np.int32).max  # histograms with more cells are indexed in 64 bits
THREADS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass(frozen=True)
class StageSpec:
    stage: str
    table: str
    entry: str
    exit: str
    outcome: str
    outcomes: tuple[str, ...]
    unit: str = "unit"  # the column naming the unit a stage's counts belong to (empty: the record's unit)


PIPELINE_STAGES = (
    StageSpec("reports", "crime_reports", "received_date", "decision_date", "decision", tuple(REPORT_OUTCOMES)),
    StageSpec("investigation", "cases", "initiated_date", "investigation_end_date", "investigation_outcome", tuple(INVESTIGATION_OUTCOMES)),
    StageSpec("procuracy", "cases", "procuracy_accepted_date", "procuracy_decision_date", "procuracy_decision", tuple(PROCURACY_OUTCOMES),
              "procuracy_unit"),
    StageSpec("court", "cases", "court_accepted_date", "court_decision_date", "court_outcome", tuple(COURT_OUTCOMES), "court_unit"),
)


# The procuracies' and courts' own registers (model/schema.py REGISTER_STAGES): one row per acceptance, each row
# counted into its stage's measures for the register's unit (issue #27, docs/decisions.md).
REGISTER_STAGES = (
    StageSpec("procuracy", "procuracy_register", "accepted_date", "procuracy_decision_date", "procuracy_decision",
              tuple(PROCURACY_OUTCOMES)),
    StageSpec("court", "court_register", "accepted_date", "court_decision_date", "court_outcome", tuple(COURT_OUTCOMES)),
)
_CASE_STAGES = {spec.stage: spec for spec in PIPELINE_STAGES[2:]}


def _register(dataset, spec: StageSpec) -> pd.DataFrame | None:
    """A register's rows, or None when the data has no such table or it is empty."""
    frame = getattr(dataset, spec.table, None)
    return frame if frame is not None and len(frame) else None


def cases_without_register_stages(dataset, cases: pd.DataFrame | None = None) -> pd.DataFrame:
    """The cases table (``cases``: as counted, else the dataset's) with the stages a register covers
    (register_owned_stages) left empty, so each stage of a case is counted once, from the body that owns it; the
    table itself when no register covers any."""
    cases = dataset.cases if cases is None else cases
    owned = register_owned_stages(dataset)
    if not owned:
        return cases
    cases = cases.copy(deep=False)
    for stage, covered in owned.items():
        spec = _CASE_STAGES[stage]
        for column in (spec.entry, spec.exit, spec.outcome):
            cases[column] = cases[column].mask(covered)
    return cases


def carried_over_entries(dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The crime reports and cases tables as counted when a successor sends work it took over at a hand-over, with
    the original dates: either a unit that began by taking the work over (``dataset.carried_over``,
    model/stage_units.py; accepted at intake when still open that day) sends records dated before it began, or a
    successor's record names the predecessor's (``dataset.carried_links``; the city police of 1-3-2025 existed
    before). A report enters the successor's stage on the hand-over day (a transfer in); a case's investigation
    stage is not the successor's (initiated by the predecessor, whose record counts it in T3's denominator once).
    A predecessor's record that a successor's names and that was still open at the hand-over leaves its stage that
    day as transferred (the day before: its last), so the predecessor's figures run up to the hand-over and the
    successor's after it (counted_twice_in_city makes the city count the case once). The tables themselves when no
    record is such."""
    starts_of = getattr(dataset, "carried_over", {}) or {}
    links_of = getattr(dataset, "carried_links", {}) or {}
    out = []
    for name, frame, drop in (("crime_reports", dataset.crime_reports, ()),
                              ("cases", dataset.cases,
                               ("initiated_date", "solved_date", "investigation_end_date", "investigation_outcome"))):
        family, entry, exit_, outcome, key = CARRIED_TABLES[name]
        starts = starts_of.get(family)
        links = links_of.get(name)
        linked = links is not None and len(links) > 0
        if (not starts and not linked) or not len(frame):
            out.append(frame)
            continue
        nat = np.datetime64("NaT", "s")
        first = np.full(len(frame), nat, dtype="datetime64[s]")
        if starts:
            codes, uniques = _factorize(frame["unit"])  # one look-up per unit, not per record (10^6 rows at scale)
            by_unit = np.array([np.datetime64(starts[u], "s") if u in starts else nat for u in uniques] + [nat],
                               dtype="datetime64[s]")
            first = by_unit[codes]  # missing unit (-1): the last, NaT
        closed = np.zeros(len(frame), dtype=bool)
        if linked:
            mine = pd.MultiIndex.from_arrays([frame[key].astype(str), frame["unit"].astype(str)])
            received = _link_days(links, "receiver", mine)
            first = np.where(np.isnat(received), first, received)
            handed = _link_days(links, "sender", mine)
            # open at the hand-over = no exit now: intake refuses a predecessor's exit on or after its hand-over
            # (intake/loading.py _check_hand_overs); a record decided before it keeps its own exit
            closed = ~np.isnat(handed) & frame[exit_].isna().to_numpy() & (frame[entry].to_numpy(dtype="datetime64[s]") < handed)
        carried = frame[entry].to_numpy(dtype="datetime64[s]") < first  # NaT on either side: False
        if not carried.any() and not closed.any():
            out.append(frame)
            continue
        frame = frame.copy(deep=False)
        for column in drop:
            frame[column] = frame[column].mask(carried)
        if not drop:
            frame[entry] = frame[entry].mask(carried, pd.Series(first, index=frame.index))
        if closed.any():
            last_day = pd.Series(handed - np.timedelta64(1, "D"), index=frame.index)
            frame[exit_] = frame[exit_].mask(closed, last_day)
            frame[outcome] = frame[outcome].astype("string").mask(closed, "transferred")
        out.append(frame)
    return out[0], out[1]


def _link_days(links: pd.DataFrame, side: str, records: pd.MultiIndex) -> np.ndarray:
    """For each record (``records``: its id and unit), the hand-over day of the carried-over link it is the
    ``side`` ("sender" or "receiver") of, NaT where it is none."""
    days = pd.Series(links["day"].to_numpy(dtype="datetime64[s]"),
                     index=pd.MultiIndex.from_frame(links[[f"{side}_id", f"{side}_unit"]])).groupby(level=[0, 1]).min()
    where = days.index.get_indexer(records)
    return np.where(where >= 0, days.to_numpy(dtype="datetime64[s]")[np.maximum(where, 0)], np.datetime64("NaT", "s"))


def _register_counter(spec: StageSpec):
    def count(chunk: "_Chunk", out: dict[str, np.ndarray]) -> None:
        _pipeline(chunk.by(spec.unit), spec, out)
    return count


@dataclass(frozen=True)
class LabelledWindow:
    label: str
    start: date
    end: date

    @classmethod
    def of(cls, period: "str | periods.Period", rule: str = "official") -> "LabelledWindow":
        """A period's date window under the cut-off rule, labelled with the period."""
        period = periods.parse(period)
        window = period.window(rule)
        return cls(period.label, window.start, window.end)


def windows_for(period_labels: list, rule: str = "official") -> list[LabelledWindow]:
    return [LabelledWindow.of(label, rule) for label in period_labels]


def _days(series: pd.Series | np.ndarray) -> np.ndarray:
    """Dates as day numbers (int64); missing dates become NEVER."""
    values = np.asarray(series)
    if values.dtype != "datetime64[s]":
        values = values.astype("datetime64[s]")
    seconds = values.view(np.int64)
    days = seconds // 86400
    days[seconds == np.iinfo(np.int64).min] = NEVER  # NaT
    return days


def _raw_days(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Days since 1970 of a datetime64 array in one division, reading its integers as unsigned, and
    the day number NaT comes out as (the smallest int64 reads as 2^63). Dates before 1970 come out
    above it, except those of the first day the unit can hold (1677-09-21 in nanoseconds, 290,000
    years ago in microseconds), which come out as NaT's day. Four times faster than _days."""
    unit, count = np.datetime_data(values.dtype) if values.dtype.kind == "M" else ("", 0)
    if unit not in _UNITS_PER_DAY or count != 1:
        values = values.astype("datetime64[s]")
        unit = "s"
    per_day = _UNITS_PER_DAY[unit]
    return (values.view(np.uint64) // np.uint64(per_day)).view(np.int64), np.iinfo(np.int64).max // per_day


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
        self.units = unit_codes.astype(np.int32)
        self.n_units = n_units
        self.all = self.size - 1
        # bin(d) by table look-up, indexed by days since 1970 (or since the first boundary, if earlier):
        # faster than a binary search per record. Days before the table fall in bin 0, days after it
        # (and NEVER) in the last bin.
        self.base = min(0, int(self.points[0])) if len(self.points) else 0
        last_day = int(self.points[-1]) if len(self.points) else -1
        self.table = np.searchsorted(self.points, np.arange(self.base, last_day + 2), side="left").astype(np.int32)

    def over(self, unit_codes: np.ndarray) -> "_Grid":
        """The same boundaries over other records (their unit codes)."""
        other = object.__new__(_Grid)
        other.__dict__.update(self.__dict__)
        other.units = unit_codes.astype(np.int32, copy=False)
        return other

    def restricted(self, keep: np.ndarray) -> "_Grid":
        """The same boundaries over a subset of the records."""
        return self.over(self.units[keep])

    def bins(self, days: np.ndarray) -> np.ndarray:
        """The bin of each day number (_days: missing is NEVER)."""
        return self.table.take(days - self.base if self.base else days, mode="clip")

    def raw_bins(self, days: np.ndarray, nat_day: int, before_1970: bool) -> np.ndarray:
        """The bin of each day number from _raw_days, for a grid with no boundary before 1970: NaT's day
        falls past the end of the table and so in the last bin; days before 1970 (above it, if
        ``before_1970`` says there are any) go to bin 0."""
        bins = self.table.take(days, mode="clip")
        if before_1970:
            bins[days > nat_day] = 0
        return bins

    def within(self, hist: np.ndarray, axis: int = 2) -> np.ndarray:
        """#{s <= date <= t} for each window [s, t], of the date on one axis of a cumulative histogram
        (2: the first date, 3: the second): shape (windows, units, categories)."""
        if axis == 2:
            return self.le(hist, self.end, self.all) - self.le(hist, self.before, self.all)
        return self.le(hist, self.all, self.end) - self.le(hist, self.all, self.before)

    def hist(self, first: np.ndarray, second: np.ndarray | None = None, category: np.ndarray | None = None,
             n_categories: int = 1, weights: np.ndarray | None = None) -> np.ndarray:
        """Cumulative counts F[unit, category, i, j] = #{bin(first) <= i, bin(second) <= j}."""
        s = self.size
        cells = self.n_units * n_categories * s * (s if second is not None else 1)
        # the cell index, built in place (one array, not one per step), in 32 bits where it fits
        index = (self.units if cells <= INT32_CELLS else self.units.astype(np.int64)) * n_categories
        if category is not None:
            index += category
        index *= s
        index += first
        if second is None:  # one date: a single axis of bins (read with j = all)
            flat = np.bincount(index, weights=weights, minlength=self.n_units * n_categories * s)
            return flat.reshape(self.n_units, n_categories, s, 1).cumsum(axis=2)
        index *= s
        index += second
        flat = np.bincount(index, weights=weights, minlength=self.n_units * n_categories * s * s)
        cube = flat.reshape(self.n_units, n_categories, s, s)
        return cube.cumsum(axis=2).cumsum(axis=3)

    def le(self, hist: np.ndarray, i: np.ndarray | int, j: np.ndarray | int) -> np.ndarray:
        """#{first <= P[i], second <= P[j]} for each window: shape (windows, units, categories)."""
        if hist.shape[3] == 1:
            return np.moveaxis(hist[:, :, i, 0], 2, 0)
        return np.moveaxis(hist[:, :, i, j], 2, 0)


def _factorize(series: pd.Series) -> tuple[np.ndarray, list]:
    """Codes (missing -> -1; as small an integer type as the categorical has) and distinct values;
    free for a categorical column."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy(), list(series.cat.categories)
    codes, uniques = pd.factorize(series)
    return codes, list(uniques)


def _codes(series: pd.Series, values: tuple[str, ...] | list[str]) -> np.ndarray:
    """Category codes; anything not in values (including missing) gets len(values)."""
    return _coded(*_factorize(series), values)


def _coded(found: np.ndarray, uniques: list, values: tuple[str, ...] | list[str], blank: int | None = None) -> np.ndarray:
    """Codes (missing -1) and distinct values to indexes in ``values``: anything else gets len(values),
    missing and "" get ``blank`` if given (else len(values) too)."""
    lookup = {v: i for i, v in enumerate(values)}
    other = len(values)
    empty = other if blank is None else blank
    mapping = np.array([empty if u == "" else lookup.get(u, other) for u in uniques] + [empty], dtype=np.int32)
    return mapping[found]  # missing (-1) picks the last entry


def _pipeline(records: "_Records", spec: StageSpec, out: dict[str, np.ndarray]) -> np.ndarray:
    grid = records.grid
    outcomes = spec.outcomes + ("transferred", "other")  # "other": left the stage, not resolved (procuracy, court)
    category = records.codes(spec.outcome, outcomes)
    entry_bins = records.bins(spec.entry)
    exit_bins = records.bins(spec.exit, entered=spec.entry)  # an exit is only counted for a record that entered the stage
    hist = grid.hist(entry_bins, exit_bins, category, len(outcomes) + 1)
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
    if f"{spec.stage}.ended_other" in BY_ID:
        out[f"{spec.stage}.ended_other"] = flows[:, :, len(spec.outcomes) + 1]
    return entry_bins


def _cohort(grid: _Grid, entry_bins: np.ndarray, done_bins: np.ndarray) -> np.ndarray:
    """Of those entering in each window, how many were done by its end: #{s <= entry <= t, done <= t}."""
    hist = grid.hist(entry_bins, done_bins)
    return (grid.le(hist, grid.end, grid.end) - grid.le(hist, grid.before, grid.end))[:, :, 0]


def _in_window(grid: _Grid, bins: np.ndarray, category: np.ndarray | None = None, n_categories: int = 1,
               weights: np.ndarray | None = None) -> np.ndarray:
    """#{s <= day <= t} per window, unit (and category), from the days' bins."""
    counts = grid.within(grid.hist(bins, None, category, n_categories, weights))
    return counts if category is not None else counts[:, :, 0]


def _in_windows(grid: _Grid, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """_in_window of two dates of the same records, from one histogram of both (its margins)."""
    hist = grid.hist(first, second)
    return grid.within(hist)[:, :, 0], grid.within(hist, axis=3)[:, :, 0]


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
    def of(cls, frame: pd.DataFrame) -> "StatutoryClock":
        return cls.from_days(*(_days(frame[c]) for c in ("received_date", "decision_date", "extension_date",
                                                         "procuracy_extension_date")))

    @classmethod
    def from_days(cls, received: np.ndarray, decided: np.ndarray, extended: np.ndarray,
                  procuracy_extended: np.ndarray) -> "StatutoryClock":
        return cls(received, decided, extended, procuracy_extended, received + STATUTORY_DAYS,
                   _add_months(received, EXTENDED_MONTHS), _add_months(received, EXTENDED_MONTHS + PROCURACY_EXTRA_MONTHS))

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


def _report_extras(records: "_Records", entry_bins: np.ndarray, out: dict[str, np.ndarray]) -> None:
    grid = records.grid
    out["reports.intake_classified"] = _cohort(grid, entry_bins, records.bins("classified_date"))
    # Overdue at a window's end t (StatutoryClock.overdue_on for every t at once): "limit < t" is
    # "limit + 1 <= t"; conditions that must all hold by t combine by max, those that must all
    # still be open after t by min. Three exclusive cases by which extension is in force.
    # Only a report still open more than 20 days after receipt can ever be overdue: the rest are
    # left out before counting (most reports, at scale).
    slow, received, decided = records.open_longer_than(STATUTORY_DAYS, "received_date", "decision_date")
    c = StatutoryClock.from_days(received, decided, records.days("extension_date", slow),
                                 records.days("procuracy_extension_date", slow))
    sub = grid.restricted(slow)
    no_extension_yet = _pending_past(sub, c.limit_20 + 1, np.minimum(c.extended, c.decided))
    extended_only = _pending_past(sub, np.maximum(c.extended, c.limit_2m + 1), np.minimum(c.procuracy_extended, c.decided))
    procuracy_too = _pending_past(sub, np.maximum(c.procuracy_extended, c.limit_4m + 1), c.decided)
    out["reports.overdue"] = no_extension_yet + extended_only + procuracy_too
    _split(records, entry_bins, "reports.intake", out)  # by channel (#29)


def _case_extras(records: "_Records", entry_bins: np.ndarray, out: dict[str, np.ndarray]) -> None:
    grid = records.grid
    out["investigation.intake_solved"] = _cohort(grid, entry_bins, records.bins("solved_date"))
    initiated = records.bins("initiated_date")
    for name in ("suspects", "victims"):
        out[f"investigation.{name}"] = np.rint(_in_window(grid, initiated, weights=records.weights(name))).astype(np.int64)
    _split(records, initiated, "investigation.intake", out)


def _split(records: "_Records", bins: np.ndarray, base: str, out: dict[str, np.ndarray]) -> np.ndarray:
    """A count's breakdowns (BREAKDOWNS[base]), two dimensions to a histogram: a pair's margins are
    their splits, so half the passes over the records. The histogram is taken over the columns' own
    codes (missing in slot 0, "unknown"); the values seen in the chunk, sorted, are read off its
    totals. Returns the count itself, the sum of a split (every record has one value of each dimension)."""
    dims = BREAKDOWNS[base]
    grid = records.grid
    if not dims:
        return _in_window(grid, bins)
    total = np.zeros(0)
    for pair in (dims[i:i + 2] for i in range(0, len(dims), 2)):
        factorized = [records.factorized(dim) for dim in pair]
        sizes = [len(uniques) + 1 for _, uniques in factorized]
        joint = factorized[0][0].astype(np.int32) + 1
        if len(pair) == 2:
            joint *= sizes[1]
            joint += factorized[1][0]
            joint += 1
        hist = grid.hist(bins, None, joint, int(np.prod(sizes)))
        counts = grid.within(hist)
        split = counts.reshape(counts.shape[:2] + tuple(sizes))
        seen_all = hist[:, :, grid.all, 0].reshape((grid.n_units, *sizes)) > 0  # every record of the chunk
        for k, ((_, uniques), dim) in enumerate(zip(factorized, pair)):
            others = tuple(j for j in range(len(pair)) if j != k)
            margin = split.sum(axis=tuple(2 + j for j in others))
            seen: list[bool] = np.asarray(seen_all.any(axis=(0,) + tuple(1 + j for j in others))).tolist()
            labels = ["unknown"] + [str(u) for u in uniques]  # a value named "unknown" joins the missing ones
            for value in sorted({label for label, present in zip(labels, seen) if present}):
                slots = [i for i, label in enumerate(labels) if label == value]
                out[breakdown_id(base, dim, value)] = margin[:, :, slots].sum(axis=2)
        if not total.size:
            total = counts.sum(axis=2)
    return total


def _victims(records: "_Records", out: dict[str, np.ndarray]) -> None:
    grid = records.grid
    for first, second in (("received", "verified"), ("rescued", "protected")):
        out[f"victims.{first}"], out[f"victims.{second}"] = _in_windows(grid, records.bins(f"{first}_date"),
                                                                        records.bins(f"{second}_date"))
    identified = records.bins("identified_date")
    out["victims.identified"] = _split(records, identified, "victims.identified", out)
    out["victims.identified_supported"] = _cohort(grid, identified, records.bins("supported_date"))
    # Support kinds: one count per combination of kinds given, then each kind sums its combinations.
    cells, combinations = records.factorized("support_kinds")
    cells = cells.astype(np.int32)
    combinations = [c if isinstance(c, str) else "" for c in combinations] + [""]
    by_combination = _in_window(grid, records.bins("supported_date"), cells % len(combinations), len(combinations))
    out["victims.supported"] = by_combination.sum(axis=2)  # every victim has one combination, none included
    sets = [set(c.split(";")) for c in combinations]
    for kind in sorted({k for s in sets for k in s if k}):
        members = [i for i, s in enumerate(sets) if kind in s]
        out[breakdown_id("victims.supported", "support_kind", kind)] = by_combination[:, :, members].sum(axis=2)


class _Records:
    """One chunk's records counted for the units one column names: their grid, and their columns'
    values, for those records only; date bins, raw day numbers and codes are made once and shared."""

    def __init__(self, frame: pd.DataFrame, keep: np.ndarray | None, grid: _Grid):
        self.frame, self.keep, self.grid = frame, keep, grid
        self._bins: dict[tuple[str, str | None], np.ndarray] = {}
        self._raw_days: dict[str, tuple[np.ndarray, int, bool]] = {}
        self._factorized: dict[str, tuple[np.ndarray, list]] = {}

    def _values(self, column: str) -> np.ndarray:
        values = self.frame[column].to_numpy()
        return values if self.keep is None else values[self.keep]

    def _raw(self, column: str) -> tuple[np.ndarray, int, bool]:
        """_raw_days of a column, and whether any of its dates is before 1970."""
        if column not in self._raw_days:
            days, nat_day = _raw_days(self._values(column))
            self._raw_days[column] = days, nat_day, bool((days > nat_day).any())
        return self._raw_days[column]

    def bins(self, column: str, entered: str | None = None) -> np.ndarray:
        """The grid's bin of each date (missing: the last bin); with ``entered``, the last bin too where
        that date is missing (an exit counts only for a record that entered)."""
        key = (column, entered)
        if key not in self._bins:
            if self.grid.base < 0:  # a window before 1970: day numbers the exact way
                bins = self.grid.bins(self.days(column))
            else:
                bins = self.grid.raw_bins(*self._raw(column))
            if entered is not None:
                np.putmask(bins, np.isnat(self._values(entered)), self.grid.all)
            self._bins[key] = bins
        return self._bins[key]

    def open_longer_than(self, days: int, entry: str, exit_: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The records that entered and did not exit within ``days`` days (or have not exited), and
        their entry and exit day numbers (missing: NEVER)."""
        entered, entry_nat, entry_early = self._raw(entry)
        left, exit_nat, exit_early = self._raw(exit_)
        if entry_nat != exit_nat or entry_early or exit_early:
            entered, left = self.days(entry), self.days(exit_)  # dates before 1970, or two datetime units
            left[entered == NEVER] = NEVER
            slow = left - entered > days
            return slow, entered[slow], left[slow]
        slow = left - entered > days  # NaT reads as a far day: a missing exit is still open, a missing entry never slow
        decided = left[slow]
        decided[np.isnat(self._values(exit_)[slow])] = NEVER
        return slow, entered[slow], decided

    def days(self, column: str, subset: np.ndarray | None = None) -> np.ndarray:
        """Day numbers (missing: NEVER), of every record or of a subset."""
        values = self._values(column)
        return _days(values if subset is None else values[subset])

    def codes(self, column: str, values: tuple[str, ...] | list[str]) -> np.ndarray:
        """Category codes; anything not in values (including missing) gets len(values)."""
        return _coded(*self.factorized(column), values)

    def factorized(self, column: str) -> tuple[np.ndarray, list]:
        if column not in self._factorized:
            found, uniques = _factorize(self.frame[column])
            self._factorized[column] = (found if self.keep is None else found[self.keep]), uniques
        return self._factorized[column]

    def weights(self, column: str) -> np.ndarray:
        weights = self.frame[column].fillna(0).to_numpy(dtype=np.float64)
        return weights if self.keep is None else weights[self.keep]


class _Chunk:
    """A slice of one table's records, with their records for each column that names units (StageSpec.unit)."""

    def __init__(self, frame: pd.DataFrame, grid: _Grid, units: list[str]):
        self.frame, self.grid, self.units = frame, grid, units
        self.by_column: dict[str, _Records] = {}
        self._own: np.ndarray | None = None

    def by(self, column: str = "unit") -> _Records:
        """The records with a known unit in that column (empty or absent: the record's own unit)."""
        if column not in self.by_column:
            if self._own is None:
                self._own = _codes(self.frame["unit"], self.units)
            codes = self._own
            if column != "unit" and column in self.frame:
                blank = len(self.units) + 1  # missing or empty: the record's own unit
                named = _coded(*_factorize(self.frame[column]), self.units, blank=blank)
                codes = np.where(named == blank, codes, named)
            known = codes < len(self.units)
            keep = None if known.all() else known
            self.by_column[column] = _Records(self.frame, keep, self.grid.over(codes if keep is None else codes[keep]))
        return self.by_column[column]


def _count_reports(chunk: _Chunk, out: dict[str, np.ndarray]) -> None:
    records = chunk.by(PIPELINE_STAGES[0].unit)
    entry_bins = _pipeline(records, PIPELINE_STAGES[0], out)
    _report_extras(records, entry_bins, out)


def _count_cases(chunk: _Chunk, out: dict[str, np.ndarray]) -> None:
    for spec in PIPELINE_STAGES[1:]:
        records = chunk.by(spec.unit)
        entry_bins = _pipeline(records, spec, out)
        if spec.stage == "investigation":
            _case_extras(records, entry_bins, out)


def _law_2024_persons(records: "_Records", out: dict[str, np.ndarray]) -> None:
    """The 2024 Law's counts of the persons received (victims and persons being identified; #29): the status at each
    window's end of those received in it, the persons still being identified then, those found not to be victims,
    and support given while being identified. A person is being identified from receipt until identified or found
    not to be a victim, whichever comes first."""
    grid = records.grid
    received = records.bins("received_date")
    identified_days = records.days("identified_date")
    decided_days = np.minimum(identified_days, records.days("not_victim_date"))
    identified = _cohort(grid, received, records.bins("identified_date"))
    decided = _cohort(grid, received, grid.bins(decided_days))
    out[breakdown_id("victims.received", "status", "identified")] = identified
    out[breakdown_id("victims.received", "status", "not_victim")] = decided - identified
    out[breakdown_id("victims.received", "status", "being_identified")] = _in_window(grid, received) - decided
    out["victims.being_identified"] = _pending_past(grid, records.days("received_date"), decided_days)
    out["victims.not_victim"] = _in_window(grid, records.bins("not_victim_date"))
    supported_days = records.days("supported_date")
    while_open = np.where(supported_days < decided_days, supported_days, NEVER)
    out["victims.being_identified_supported"] = _in_window(grid, grid.bins(while_open))


def _accompanying(records: "_Records", out: dict[str, np.ndarray]) -> None:
    """Persons under 18 accompanying a victim (Law 53/2024/QH15 art. 37): received and supported, nothing else."""
    grid = records.grid
    out["victims.accompanying_received"], out["victims.accompanying_supported"] = _in_windows(
        grid, records.bins("received_date"), records.bins("supported_date"))


def _count_victims(chunk: _Chunk, out: dict[str, np.ndarray]) -> None:
    role = chunk.frame["role"] if "role" in chunk.frame else None
    children = (role == "accompanying_child").fillna(False).to_numpy(dtype=bool) if role is not None else None
    if children is None or not children.any():  # every record before #29, and most after: no copy
        persons, others = chunk, _Chunk(chunk.frame.iloc[0:0], chunk.grid, chunk.units)
    else:
        persons = _Chunk(chunk.frame[~children], chunk.grid, chunk.units)
        others = _Chunk(chunk.frame[children], chunk.grid, chunk.units)
    _victims(persons.by(), out)
    _law_2024_persons(persons.by(), out)
    _accompanying(others.by(), out)


def _each(function, tasks: list) -> Iterator:
    """``function`` of each task, in the tasks' order. numpy leaves the interpreter lock while it bins
    and counts, so with THREADS > 1 the tasks run on that many threads at once."""
    if THREADS < 2 or len(tasks) < 2:
        yield from map(function, tasks)
        return
    with ThreadPoolExecutor(max_workers=min(THREADS, len(tasks))) as pool:
        yield from pool.map(function, tasks)


def record_cube(dataset: Dataset, windows: list[LabelledWindow], units: list[str]) -> pd.DataFrame:
    """The cube from case-level records: rows (window, unit), one column per measure.

    Each table is counted CHUNK_ROWS records at a time and the counts added up (every measure is
    a count of records, so the sum over chunks is the count over the table; a breakdown value
    seen in any chunk gets its column)."""
    grid = _Grid(windows, np.zeros(0, dtype=np.int64), len(units))
    reports, cases = carried_over_entries(dataset)
    sources = [(reports, _count_reports), (cases_without_register_stages(dataset, cases), _count_cases),
               (dataset.victims, _count_victims)]
    sources += [(frame, _register_counter(spec)) for spec in REGISTER_STAGES
                if (frame := _register(dataset, spec)) is not None]
    tasks = [(frame, start, count) for frame, count in sources
             for start in range(0, max(len(frame), 1), CHUNK_ROWS)]  # an empty table still gives its zeros

    def counted(task: tuple) -> dict[str, np.ndarray]:
        frame, start, count = task
        result: dict[str, np.ndarray] = {}
        count(_Chunk(frame.iloc[start:start + CHUNK_ROWS], grid, units), result)
        return result

    out: dict[str, np.ndarray] = {}
    for result in _each(counted, tasks):
        for key, values in result.items():
            out[key] = out[key] + values if key in out else values
    index = pd.MultiIndex.from_product([[w.label for w in windows], units], names=["window", "unit"])
    ordered = [m.id for m in MEASURES] + sorted(k for k in out if k not in BY_ID)
    return pd.DataFrame({k: np.asarray(out[k]).reshape(-1).astype(np.float64) for k in ordered}, index=index)


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
        inside = sorted((label for label in labels
                         if kinds[label] == kind and window.start <= spans[label].start and spans[label].end <= window.end),
                        key=lambda label: spans[label].start)
        if not inside or spans[inside[0]].start != window.start or spans[inside[-1]].end != window.end:
            continue
        contiguous = all((spans[b].start - spans[a].end).days == 1 for a, b in zip(inside, inside[1:]))
        if contiguous:
            return inside
    return None


def build_cube(dataset: Dataset, windows: list[LabelledWindow], units: list[str], rule: str = "official") -> pd.DataFrame:
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


# --- a report or case moved between units of the city: counted once in the city -------------

# table: (the field saying "transferred", the date of that decision)
TRANSFERRED_TABLES = {"crime_reports": ("decision", "decision_date"), "cases": ("investigation_outcome", "investigation_end_date")}


def transfer_links(dataset) -> dict[str, pd.DataFrame]:
    """Per table: the receipts that name a sender of another unit of the city (``transferred_from``), as rows of
    sender id, sender unit, receiver id, receiver unit. Ids compare as core.text.id_key does."""
    from tipmonitor.core.text import id_key

    out = {}
    for name in TRANSFERRED_TABLES:
        frame = getattr(dataset, name)
        key = "report_id" if name == "crime_reports" else "case_id"
        receipts = frame[frame["transferred_from"].notna()] if "transferred_from" in frame else frame.iloc[:0]
        if not len(receipts):  # the usual case: no id of the table is looked at
            out[name] = pd.DataFrame(columns=["sender_key", "receiver_id", "receiver_unit", "sender_id", "sender_unit"])
            continue
        senders = pd.DataFrame({"sender_key": frame[key].astype(str).map(id_key), "sender_id": frame[key],
                                "sender_unit": frame["unit"]})
        linked = pd.DataFrame({"sender_key": receipts["transferred_from"].map(id_key), "receiver_id": receipts[key],
                               "receiver_unit": receipts["unit"]}).merge(senders, on="sender_key")
        out[name] = linked[linked["sender_unit"] != linked["receiver_unit"]].reset_index(drop=True)
    return out


def counted_twice_in_city(dataset, windows: list[LabelledWindow], units: list[str]) -> pd.DataFrame:
    """The counts that the sum of the units takes twice, per (window, unit): a report or case one unit sent on
    to another unit of the city, whose receipt names it. The sender's record is that second count: the city
    is the units' sum less this (the report counted once, from its receipt by the unit that dealt with it;
    the sender's own figures keep it). The one place that makes the city count a moved report once."""
    import copy

    links = transfer_links(dataset)
    if not any(len(linked) for linked in links.values()):
        return pd.DataFrame()  # nothing moved inside the city: nothing counted twice
    carried = getattr(dataset, "carried_links", {}) or {}
    twice = copy.copy(dataset)  # the same dataset (stage units filled) with only the senders' records
    for name, linked in links.items():
        frame = getattr(dataset, name)
        key = "report_id" if name == "crime_reports" else "case_id"
        pairs = pd.MultiIndex.from_frame(linked[["sender_id", "sender_unit"]].astype(str))
        shared = carried.get(name)
        if shared is not None and len(shared) and not shared["city"].all():
            # a predecessor's record several successors re-sent: the city counts one of them (carried_over_links'
            # ``city``); the others are counted twice, in full, as their units count them
            others = shared.loc[~shared["city"].astype(bool), ["receiver_id", "receiver_unit"]].astype(str)
            pairs = pairs.append(pd.MultiIndex.from_frame(others, names=pairs.names))
        mine = pd.MultiIndex.from_arrays([frame[key].astype(str), frame["unit"].astype(str)])
        setattr(twice, name, frame[mine.isin(pairs)])
    for name in TABLES:  # nothing else is counted twice: victims, the procuracy's and court's registers...
        if name not in links:
            setattr(twice, name, dataset.table(name).iloc[:0])
    cube = record_cube(twice, windows, units)
    if any(len(linked) for linked in carried.values()):
        cube = cube.add(_carried_over_correction(dataset, twice, carried, windows), fill_value=0)
    return cube


def _carried_over_correction(dataset, empty, carried: dict[str, pd.DataFrame], windows: list[LabelledWindow]
                             ) -> pd.DataFrame:
    """Work taken over at a hand-over (carried_over_entries): the successor's record counts from the hand-over for
    its unit, the city counts it with the dates it was sent with (its predecessor's record is taken off as a
    transfer's sender). The difference, per window, put on the predecessor's unit (counted whenever the dates as
    sent are: it existed then, or ended in the year counted). ``empty``: the dataset with no record of its own."""
    import copy

    parts = []
    for sender in sorted(set().union(*(set(linked["sender_unit"]) for linked in carried.values()))):
        from_handover = copy.copy(empty)
        for name, linked in carried.items():
            frame = getattr(dataset, name)
            key = "report_id" if name == "crime_reports" else "case_id"
            mine = linked[(linked["sender_unit"] == sender) & linked["city"].astype(bool)]  # the one the city counts
            pairs = pd.MultiIndex.from_frame(mine[["receiver_id", "receiver_unit"]].astype(str))
            setattr(from_handover, name, frame[pd.MultiIndex.from_arrays([frame[key].astype(str),
                                                                           frame["unit"].astype(str)]).isin(pairs)])
        as_sent = copy.copy(from_handover)
        as_sent.carried_over, as_sent.carried_links = {}, {}
        receivers = sorted({str(u) for name in carried for u in getattr(from_handover, name)["unit"].dropna().unique()})
        difference = record_cube(from_handover, windows, receivers).sub(record_cube(as_sent, windows, receivers),
                                                                        fill_value=0)
        summed = difference.groupby(level="window", sort=False).sum()
        summed.index = pd.MultiIndex.from_arrays([summed.index, [sender] * len(summed)], names=["window", "unit"])
        parts.append(summed)
    return pd.concat(parts).groupby(level=["window", "unit"], sort=False).sum()


def unlinked_transfers(dataset) -> pd.DataFrame:
    """Reports and cases a unit recorded as transferred that no receipt in the city names: table, id, unit, date
    of the transfer (the data-quality page lists them: sent outside the city, or the receiver has not named them)."""
    links = transfer_links(dataset)
    rows = []
    for name, (field, day) in TRANSFERRED_TABLES.items():
        frame = getattr(dataset, name)
        key = "report_id" if name == "crime_reports" else "case_id"
        sent = frame[(frame[field] == "transferred") & ~frame[key].isin(links[name]["sender_id"])]
        rows.append(pd.DataFrame({"table": name, "id": sent[key].astype(str), "unit": sent["unit"], "date": sent[day]}))
    # The store returns rows in no set order: sorted, the page is the same at every run of the same data.
    return pd.concat(rows, ignore_index=True).sort_values(["table", "unit", "date", "id"], kind="stable",
                                                          ignore_index=True)

