"""The plan's five task groups: activity totals per window, units that reported nothing, units' texts compiled.

Activities are counts per unit, period and activity (params/activities.yaml). A window's
value for a unit is what the unit reported for that very period, or else its reports for
the quarters (or months) inside the window combined by the activity's rule (sum, or max
for a yes/no). The city's value is the sum over units. Texts are free text and belong to
the internal edition only: ``compiled_texts`` refuses a public audience.

Public editions: every activity is shown for the city only (a unit's count, even of leaflets,
could be differenced out of the city's), and withheld when the window or any quarter in it is
below the threshold (disclosure.below), so no published window can be differenced into a small one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tipmonitor.core.memo import PerOwner
from tipmonitor.metrics.disclosure import below
from tipmonitor.model import periods
from tipmonitor.model.activities import Activities, load_activities, unit_bodies
from tipmonitor.model.dataset import Dataset
from tipmonitor.model.units import CITY, UnitRegistry

KINDS = ("period", "previous", "baseline")


class PublicText(PermissionError):
    """Units' free text was asked for in a public edition (it never carries free text)."""


def windows(period: periods.Period, baseline_year: int) -> dict[str, periods.Period]:
    """The period, the one before it and the same period of the baseline year."""
    return {"period": period, "previous": period.previous(), "baseline": period.in_year(baseline_year)}


def _inside(label: str, target: periods.Period, rule: str) -> bool:
    w, t = periods.parse(label).window(rule), target.window(rule)
    return t.start <= w.start and w.end <= t.end


def _per_label(labels: pd.Series, compute) -> dict:
    """``compute`` of each distinct period label, for ``Series.map`` (thousands of rows, a few dozen labels)."""
    return {label: compute(label) for label in labels.unique()}


_UNIT_VALUES = PerOwner(limit=256)  # activities frame -> {(window, rule, id of the registry): (registry, values)}


def unit_values(activities: pd.DataFrame, target: periods.Period, rule: str = "official",
                registry: Activities | None = None) -> pd.DataFrame:
    """(unit, activity, value) for one window (``window_values``), once per activities frame, window, rule and
    registry: the editions of a plan year ask for the same quarters, baseline and previous windows again (the public
    rule asks for every quarter inside each window). Kept while the frame lives (core/memo.py). Each caller gets its
    own copy."""
    chosen = registry or load_activities()
    key = (target.label, rule, id(chosen))
    # the registry is held with its values, so its id is not given to another registry while they are kept
    held = _UNIT_VALUES.get(activities, key, lambda: (chosen, window_values(activities, target, rule, chosen)))
    return held[1].copy()


def window_values(activities: pd.DataFrame, target: periods.Period, rule: str, registry: Activities) -> pd.DataFrame:
    """(unit, activity, value) for one window: the unit's report for the period itself, else its quarters', else its months'."""
    empty = pd.DataFrame({"unit": pd.Series(dtype=str), "activity": pd.Series(dtype=str), "value": pd.Series(dtype="int64")})
    if not len(activities):
        return empty
    rows = activities[["unit", "period", "activity", "value"]].astype({"unit": str, "period": str, "activity": str})
    rows = rows[rows["period"].map(_per_label(rows["period"], lambda label: _inside(label, target, rule)))]
    if not len(rows):
        return empty
    kind = rows["period"].map(_per_label(rows["period"], lambda label: 0 if label == target.label else
                                         {"quarter": 1, "month": 2}.get(periods.parse(label).kind, 3)))
    rows = rows.assign(kind=kind)
    rows = rows[rows["kind"] < 3]
    best = rows.groupby(["unit", "activity"])["kind"].transform("min")
    rows = rows[rows["kind"] == best]
    combine = rows["activity"].map({k: m.combine for k, m in registry.measures.items()})
    parts = [rows[combine == rule_].groupby(["unit", "activity"])["value"].agg(rule_) for rule_ in ("sum", "max")]
    out = pd.concat([p for p in parts if len(p)]).reset_index()
    out["value"] = out["value"].astype("int64")
    return out.sort_values(["unit", "activity"]).reset_index(drop=True)


@dataclass
class TaskGroups:
    """A period's task-group figures: ``values`` has one row per window kind, unit (or CITY) and activity."""

    period: periods.Period
    baseline_year: int
    values: pd.DataFrame  # kind, window, unit, activity, group, value (NaN: withheld)
    expected: pd.DataFrame  # unit, group, activity: who the registry expects to report, in the period
    threshold: int | None = None
    reported: frozenset = frozenset()  # (unit, group) pairs with a report in the period, known before protection
    withheld: frozenset = frozenset()  # (unit, activity, kind) of the counts a public edition withholds

    def is_withheld(self, unit: str, activity: str, kind: str) -> bool:
        """Whether a public edition withholds this count: a unit's (only the city is published) or one the rule
        withholds; a count nobody reported is not withheld, there is nothing to withhold."""
        return self.threshold is not None and (unit != CITY or (unit, activity, kind) in self.withheld)

    def city(self) -> pd.DataFrame:
        """One row per activity: group, activity, period, previous, baseline (the city's totals)."""
        city = self.values[self.values["unit"] == CITY]
        wide = city.pivot_table(index=["group", "activity"], columns="kind", values="value", aggfunc="first", dropna=False)
        registry = load_activities()
        index = pd.MultiIndex.from_tuples([(m.group, m.id) for m in registry.measures.values()], names=["group", "activity"])
        return wide.reindex(index=index, columns=list(KINDS)).reset_index()

    def unit(self, code: str) -> pd.DataFrame:
        """The same table for one unit (in a public edition its counts are not shown)."""
        mine = self.values[self.values["unit"] == code]
        wide = mine.pivot_table(index=["group", "activity"], columns="kind", values="value", aggfunc="first", dropna=False)
        registry = load_activities()
        expected = set(self.expected.loc[self.expected["unit"] == code, "activity"])
        ids = [m for m in registry.measures.values() if m.id in expected or m.id in set(mine["activity"])]
        index = pd.MultiIndex.from_tuples([(m.group, m.id) for m in ids], names=["group", "activity"])
        return wide.reindex(index=index, columns=list(KINDS)).reset_index()

    @property
    def nothing_reported(self) -> bool:
        """No unit reported any activity in the period: a period before activity reports began (the sample's
        2021) or whose reports have not come in. No unit is then singled out as silent; the reports say that the
        period has no activity data (decisions.md, issue 25)."""
        return not self.reported

    def silent(self) -> pd.DataFrame:
        """Units the registry expects to report a group's activities that reported none of them in the period:
        group, unit, activities (how many they were expected to report). Empty when no unit reported anything
        (``nothing_reported``): then every unit would be "silent", which says nothing about any of them."""
        done = self.reported
        expected = self.expected.groupby(["group", "unit"]).size().rename("activities").reset_index()
        keep = [(u, g) not in done and not self.nothing_reported for u, g in zip(expected["unit"], expected["group"])]
        return expected[keep].reset_index(drop=True)


def expected_reporters(registry: UnitRegistry, period: periods.Period, rule: str = "official",
                       activities: Activities | None = None) -> pd.DataFrame:
    """(unit, group, activity) for every unit valid at the period's end whose kind the activity lists."""
    activities = activities or load_activities()
    valid = registry.valid_on(period.window(rule).end).table
    bodies = unit_bodies(valid)
    rows = [(code, m.group, m.id) for code, body in bodies.items() for m in activities.measures.values() if body in m.reporters]
    return pd.DataFrame(rows, columns=["unit", "group", "activity"])


def task_groups(dataset: Dataset, period: periods.Period, registry: UnitRegistry, rule: str = "official",
                baseline_year: int = 2022, threshold: int | None = None) -> TaskGroups:
    """Every window's values per unit and for the city; with ``threshold`` (a public edition), protected."""
    activities = load_activities()
    group_of = {k: m.group for k, m in activities.measures.items()}
    parts = []
    for kind, window in windows(period, baseline_year).items():
        units = unit_values(dataset.activities, window, rule, activities)
        city = units.groupby("activity", as_index=False)["value"].sum().assign(unit=CITY)
        frame = pd.concat([units, city], ignore_index=True).assign(kind=kind, window=window.label)
        parts.append(frame)
    values = pd.concat(parts, ignore_index=True)
    values["group"] = values["activity"].map(group_of)
    values["value"] = values["value"].astype("float64")
    mine = values[(values["kind"] == "period") & (values["unit"] != CITY)]
    result = TaskGroups(period, baseline_year, values[["kind", "window", "unit", "activity", "group", "value"]],
                        expected_reporters(registry, period, rule, activities),
                        reported=frozenset(zip(mine["unit"], mine["group"])))
    if threshold is not None:
        result = protect(result, dataset, rule, threshold)
    return result


def protect(result: TaskGroups, dataset: Dataset, rule: str, threshold: int) -> TaskGroups:
    """The public edition: every activity for the city only, withheld when the window or one of its quarters is
    below ``threshold``."""
    values = result.values[result.values["unit"] == CITY].copy()
    totals: dict[str, pd.Series] = {}  # the city's totals per quarter, computed once for all rows

    def city(activity: str, window: periods.Period) -> float:
        if window.label not in totals:
            totals[window.label] = unit_values(dataset.activities, window, rule).groupby("activity")["value"].sum()
        return float(totals[window.label].get(activity, 0))

    parsed = {label: periods.parse(label) for label in values["window"].unique()}
    flags = []  # a row at a time on plain values (a .loc assignment per row was most of this function)
    for label, activity, value in zip(values["window"].tolist(), values["activity"].tolist(), values["value"].tolist()):
        small = [city(activity, q) for q in parsed[label].quarters() or [parsed[label]]] + [value]
        flags.append(bool(below(pd.Series(small, dtype="float64"), threshold).any()))
    withheld = pd.Series(flags, index=values.index, dtype=bool)
    values.loc[withheld, "value"] = float("nan")
    hidden = values[withheld]
    return TaskGroups(result.period, result.baseline_year, values, result.expected, threshold, result.reported,
                      frozenset(zip(hidden["unit"], hidden["activity"], hidden["kind"])))


def compiled_texts(dataset: Dataset, period: periods.Period | str, rule: str = "official", audience: str = "internal") -> pd.DataFrame:
    """Units' texts for the period (and the quarters inside it): unit, period, task_group (0: general), section, text,
    in the order group, section, unit. Internal edition only."""
    if audience != "internal":
        raise PublicText(audience)
    period = periods.parse(period)
    texts = dataset.unit_texts
    columns = ["unit", "period", "task_group", "section", "text"]
    if not len(texts):
        return pd.DataFrame(columns=columns)
    rows = texts[columns].astype({"unit": str, "period": str, "section": str, "text": str})
    rows = rows[rows["period"].map(_per_label(rows["period"], lambda label: _inside(label, period, rule)))].copy()
    rows["task_group"] = rows["task_group"].fillna(0).astype(int)
    order = {"results": 0, "difficulties": 1, "proposals": 2}
    rows["_order"] = rows["section"].map(order)
    start = rows["period"].map(_per_label(rows["period"], lambda label: periods.parse(label).window(rule).start))
    rows = rows.assign(_start=start).sort_values(["task_group", "_order", "unit", "_start"])
    return rows[columns].reset_index(drop=True)
