"""A batch's files screened at once for the per-file checks that rarely find anything (store/bulk.py).

Judging a batch one submission after the other asks each file the same questions, each a handful of pandas
calls on a few rows: a record entered after the period or after the day received, a new record dated wholly
before the period, a row labelled with another period (intake/checks.py). For a sample of 1,243 submissions that
was most of the time spent judging, for a few dozen hits. Here each table's rows of the whole batch are asked
once, by the same row selections the checks use (``checks.entered_after``, ``checks.dated_before``), with each
row's own day; a submission none of whose rows is selected certainly gets nothing from that check, which
``_Batch.judge`` then does not ask (nor the current data it would read for it). A submission that may get
something is judged as before, by the check itself: the verdicts and messages are the same.

Also gathered here once per batch: the ids each file names (the ownership check), its activities' keys, and
whether a table of it holds rows of several files or sheets (the checks across the unit's data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tipmonitor.intake.checks import PERIOD_TABLES, dated_before, entered_after
from tipmonitor.model import periods
from tipmonitor.model.schema import TABLES

AFTER_PERIOD, AFTER_RECEIVED, BEFORE_PERIOD, OTHER_PERIOD = "after_period", "after_received", "before_period", "other_period"


@dataclass
class Screen:
    """Per submission (its index in the batch): the checks that may find something in it (``may``); the others
    certainly find nothing. A submission not screened may get anything."""

    screened: set[int] = field(default_factory=set)
    hits: dict[int, set[str]] = field(default_factory=dict)
    ids: dict[tuple[int, str], list[str]] = field(default_factory=dict)  # (submission, table): its ids, as str, once each
    activity_keys: dict[int, list[tuple]] = field(default_factory=dict)  # submission: its (unit, period, activity)
    several: set[int] = field(default_factory=set)  # submissions a table of which holds rows of several files or sheets

    def may(self, index: int, check: str) -> bool:
        return index not in self.screened or check in self.hits.get(index, ())


def screen(judged: list[tuple[int, str, str, Any]], items: list) -> Screen:
    """``judged``: (index, unit, period, read) of the submissions to judge; ``items``: the batch's items (bulk.Item),
    for each one's rule, day received and whether it is rebuilt (``provenance``: the checks a rebuild skips)."""
    out = Screen({index for index, *_ in judged})
    windows: dict[tuple[str, str], periods.Window] = {}
    starts, ends, received = {}, {}, {}
    for index, _, period, _ in judged:
        item = items[index]
        window = windows.get((period, item.rule))
        if window is None:
            window = windows[(period, item.rule)] = periods.parse(period).window(item.rule)
        starts[index], ends[index] = np.datetime64(window.start, "ns"), np.datetime64(window.end, "ns")
        if item.received_on is not None and item.provenance is None:
            received[index] = np.datetime64(item.received_on, "ns")
    labels = {index: period for index, _, period, _ in judged}
    named: dict[tuple[int, str], dict[str, None]] = {}  # in the order first named, once each
    for name in TABLES:
        parts = [(index, read.tables[name]) for index, _, _, read in judged if len(read.tables.get(name, ()))]
        if not parts:
            continue
        owners = np.repeat(np.array([p[0] for p in parts], dtype=np.int64), [len(p[1]) for p in parts])
        rows = pd.concat([p[1] for p in parts], ignore_index=True) if len(parts) > 1 else parts[0][1].reset_index(drop=True)
        rows.attrs = {}

        def hit(check: str, selected, owners=owners) -> None:
            for index in np.unique(owners[selected]) if selected is not None else ():
                out.hits.setdefault(int(index), set()).add(check)

        def each(days: dict[int, Any], owners=owners) -> np.ndarray:
            return np.array([days.get(int(i), np.datetime64("NaT", "ns")) for i in owners], dtype="datetime64[ns]")

        hit(AFTER_PERIOD, entered_after(rows, name, each(ends)))
        if received:
            hit(AFTER_RECEIVED, entered_after(rows, name, each(received)))
        before = dated_before(rows, name, each(starts))
        hit(BEFORE_PERIOD, before[0] if before is not None else None)
        if name in PERIOD_TABLES and "period" in rows:
            hit(OTHER_PERIOD, _other_periods(rows["period"], owners, labels))
        files = pd.Series(rows["_file"].to_numpy(dtype=object)).groupby(owners).nunique()
        out.several |= {int(i) for i in files.index[files.to_numpy() > 1]}
        key = TABLES[name].id_field
        if key:
            for index, record in zip(owners.tolist(), rows[key].to_numpy(dtype=object)):
                if not pd.isna(record):
                    named.setdefault((index, name), {})[str(record)] = None
        if name == "activities":
            for index, found in zip(owners.tolist(), zip(rows["unit"], rows["period"], rows["activity"])):
                out.activity_keys.setdefault(index, []).append(found)
    out.ids = {k: list(v) for k, v in named.items()}
    return out


def _other_periods(labels: pd.Series, owners: np.ndarray, own: dict[int, str]) -> np.ndarray:
    """Rows of submissions that checks.rows_outside_period may find something in: every row of a submission one of
    whose rows names another period than its own, or none of whose rows names its own."""
    text = labels.astype("string").to_numpy(dtype=object, na_value=None)
    mine = np.array([own[int(i)] for i in owners], dtype=object)
    same = np.array([t is not None and t == m for t, m in zip(text, mine)], dtype=bool)
    other = np.array([t is not None for t in text], dtype=bool) & ~same
    flagged = set(owners[other].tolist()) | (set(owners.tolist()) - set(owners[same].tolist()))
    return np.isin(owners, list(flagged))
