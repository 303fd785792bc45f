"""Data quality for a period: who submitted and when, what the checks found, late entries, outliers.

- Submissions: for each unit expected in each quarter of the period, the day it was received
  against the deadline (2 working days after the cut-off); missing ones are listed. Who is
  expected comes from the units' validity and bodies (model/units.py ``expected``): a unit
  valid for part of a quarter (a district police to 28-2-2025) is expected for that part.
- Findings: the notes kept with the period's submissions and a re-check of the current
  data (links to cases that never arrived, inconsistent counts), and the cases whose empty
  procuracy or court unit was inferred (the city police's: the city's procuracy and court); the rows of the
  procuracies' and courts' registers that cannot be matched with a police case, and why, and the police records
  whose procuracy or court stage is counted from a register instead (issue #27).
- Late entries: records that first arrived with a later period's submission than the
  period they belong to; they changed figures already reported.
- Outliers: a unit's new reports or cases in the period far from its own history
  (more than 3 median absolute deviations from its quarterly median, and at least 3 apart).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tipmonitor.model import periods
from tipmonitor.model.dataset import Dataset


def submission_status(history: pd.DataFrame, units: list[str], period: periods.Period, rule: str = "official",
                      lag_working_days: int = 2, registry=None) -> pd.DataFrame:
    """Unit x quarter: received_on, due date, status on_time / late / missing, days late, and the days it was expected for.

    With a unit ``registry``, each quarter lists the units it expects then (``units`` is not used); without one,
    every unit of ``units`` for the whole quarter.
    """
    quarters = period.quarters() or [period]
    current = history[history["current"]] if "current" in history else history
    rows = []
    for q in quarters:
        due = periods.due_date(q, rule, lag_working_days)
        window = q.window(rule)
        expected = registry.expected(window.start, window.end) if registry is not None else \
            {unit: (window.start, window.end) for unit in units}
        sent = current[current["period"] == q.label].groupby("unit")["received_on"].min()
        for unit, (first, last) in expected.items():
            part = {"expected_from": first, "expected_to": last}
            received = sent.get(unit)
            if received is None or pd.isna(received):
                rows.append({"unit": unit, "quarter": q.label, "due": due, "received_on": None, "status": "missing",
                             "days_late": None, **part})
                continue
            received = pd.Timestamp(received).date()
            late = (received - due).days
            rows.append({"unit": unit, "quarter": q.label, "due": due, "received_on": received,
                         "status": "on_time" if late <= 0 else "late", "days_late": max(0, late), **part})
    return pd.DataFrame(rows)


def late_entries(first_seen: pd.DataFrame, period: periods.Period, rule: str = "official") -> pd.DataFrame:
    """Records that first arrived with this period's submissions but belong to an earlier period.

    They changed figures already reported. Counted per unit, table and the quarter they belong to.
    """
    labels = {q.label for q in (period.quarters() or [period])} | {period.label}
    seen = first_seen[first_seen["first_period"].isin(labels)].copy()
    seen["entry_date"] = pd.to_datetime(seen["entry_date"])
    seen = seen[seen["entry_date"] < pd.to_datetime(seen["first_period_start"])]
    ends = {q.label: pd.Timestamp(q.window(rule).end) for q in periods.quarters_between(2000, period.year)}
    order = sorted(ends, key=lambda label: ends[label])
    positions = np.searchsorted(np.array([ends[q] for q in order], dtype="datetime64[ns]"), seen["entry_date"].to_numpy())
    seen["belongs_to"] = [order[p] if p < len(order) else "" for p in positions]
    counted = seen.groupby(["unit", "table_name", "belongs_to", "first_period"]).size().rename("records").reset_index()
    return counted.sort_values(["records", "unit"], ascending=[False, True]).reset_index(drop=True)


def outliers(quarterly: pd.DataFrame, period_label: str, measures: tuple[str, ...] = ("reports.intake", "investigation.intake"),
             threshold: float = 3.0, minimum_gap: int = 3) -> pd.DataFrame:
    """Units whose count in the period is far from their own quarterly history.

    ``quarterly`` is a cube indexed by (window, unit) with quarter windows; the period's own
    quarter is compared with the unit's earlier quarters.
    """
    rows = []
    windows = list(dict.fromkeys(quarterly.index.get_level_values("window")))
    if period_label not in windows:
        return pd.DataFrame(columns=["unit", "measure", "value", "median", "mad"])
    earlier = windows[: windows.index(period_label)]
    if len(earlier) < 4:
        return pd.DataFrame(columns=["unit", "measure", "value", "median", "mad"])
    for measure in measures:
        table = quarterly[measure].unstack("window")
        history = table[earlier]
        median = history.median(axis=1)
        mad = (history.sub(median, axis=0)).abs().median(axis=1)
        value = table[period_label]
        far = ((value - median).abs() > threshold * mad.clip(lower=1)) & ((value - median).abs() >= minimum_gap)
        for unit in table.index[far.fillna(False).to_numpy()]:
            rows.append({"unit": unit, "measure": measure, "value": int(value[unit]), "median": float(median[unit]),
                         "mad": float(mad[unit])})
    return pd.DataFrame(rows, columns=["unit", "measure", "value", "median", "mad"])


def findings(dataset: Dataset, rule: str = "official", lang: str | None = None) -> pd.DataFrame:
    """Problems in the current data as a whole (with links to cases checked), and the cases' procuracy and
    court units inferred (model/stage_units.py), counted by kind and file; each kind's example in ``lang``."""
    from tipmonitor.intake.checks import carried_over_notes, dataset_problems, register_link_notes, stage_units_inferred

    problems = (dataset_problems(dataset, rule, links=True) + stage_units_inferred(dataset) + register_link_notes(dataset)
                + carried_over_notes(dataset))
    if not problems:
        return pd.DataFrame(columns=["key", "file", "count", "example"])
    frame = pd.DataFrame([{"key": p.key, "file": p.file, "example": p.render(lang)} for p in problems])
    return frame.groupby(["key", "file"]).agg(count=("example", "size"), example=("example", "first")).reset_index()

