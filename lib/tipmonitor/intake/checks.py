"""Checks across records and files: repeated ids, dangling case links, inconsistent counts.

Within-sheet checks live in loading.py; these need the whole dataset. Each returns
Problems located at the row that should be fixed.
"""

from __future__ import annotations

import pandas as pd

from tipmonitor.model import periods
from tipmonitor.model.measures import BY_ID, STAGES
from tipmonitor.core.problems import Problem
from tipmonitor.model.schema import TABLES
from tipmonitor.model.dataset import Dataset


def dataset_problems(dataset: Dataset, rule: str = "official", links: bool = True) -> list[Problem]:
    """Every problem across records; ``links=False`` leaves out links to cases not (yet) present."""
    problems: list[Problem] = []
    problems += _ids_across_files(dataset)
    if links:
        problems += case_link_problems(dataset)
    problems += _aggregate_consistency(dataset)
    problems += _mixed_sources(dataset, rule)
    problems += _activity_duplicates(dataset)
    return problems


def _problem(row: pd.Series, column: str, key: str, **values) -> Problem:
    file, sheet = str(row["_file"]), None
    if file.endswith("]") and "[" in file:
        file, sheet = file[:-1].split("[", 1)
    return Problem(file, int(row["_row"]), column, key, values, sheet)


def _ids_across_files(dataset: Dataset) -> list[Problem]:
    out = []
    for name, table in TABLES.items():
        if not table.id_field:
            continue
        frame = dataset.table(name)
        repeats = frame[table.id_field].duplicated(keep="first")
        if not repeats.any():
            continue
        first = frame.drop_duplicates(table.id_field, keep="first").set_index(table.id_field)
        repeated = frame[repeats]
        for _, row in repeated.iterrows():
            original = first.loc[row[table.id_field]]
            if original["_file"] != row["_file"]:
                header = dataset.header(row["_file"], table.id_field, table.field(table.id_field).vi)
                out.append(_problem(row, header, "duplicate_id", value=row[table.id_field],
                                    other=f"{original['_row']} ({original['_file']})"))
    return out


def ids_of_other_units(frame: pd.DataFrame, name: str, owners: dict[str, tuple[str, int]],
                       headers: dict[str, dict[str, str]]) -> list[Problem]:
    """Rows of one table whose id ``owners`` gives to another unit (its code and submission number)."""
    key = TABLES[name].id_field
    assert key is not None, f"{name} has no id field"
    out = []
    for _, row in frame[frame[key].isin(list(owners))].iterrows():
        owner, submission = owners[row[key]]
        header = headers.get(row["_file"], {}).get(key, TABLES[name].field(key).vi)
        out.append(_problem(row, header, "id_of_other_unit", value=row[key], owner=owner, submission=submission))
    return out


def stage_units_inferred(dataset: Dataset) -> list[Problem]:
    """A note at each empty procuracy or court unit filled when the dataset was built (model/stage_units.py)."""
    return [_problem(row, dataset.header(row["_file"], row["column"], TABLES["cases"].field(row["column"]).vi),
                     "stage_unit_inferred", unit=row["unit"], inferred=row["inferred"])
            for _, row in dataset.stage_units_inferred.iterrows()]


def case_link_problems(dataset: Dataset) -> list[Problem]:
    """Victims and reports that name a case the cases table does not have (checked when it has any)."""
    if not len(dataset.cases):
        return []
    return dangling_links(dataset, set(dataset.cases["case_id"].dropna()))


def dangling_links(dataset: Dataset, known: set[str]) -> list[Problem]:
    out = []
    for name in ("victims", "crime_reports"):
        frame = dataset.table(name)
        dangling = frame[frame["case_id"].notna() & ~frame["case_id"].isin(known)]
        label = TABLES[name].field("case_id").vi
        out += [_problem(row, dataset.header(row["_file"], "case_id", label), "unknown_case", value=row["case_id"])
                for _, row in dangling.iterrows()]
    return out


# (part, whole): the part can never exceed the whole.
_PART_OF = (
    [(f"{stage}.resolved_{o}", f"{stage}.resolved") for stage in STAGES for o in
     [m.name[len("resolved_"):] for m in BY_ID.values() if m.stage == stage and m.name.startswith("resolved_")]]
    + [("reports.intake_classified", "reports.intake"), ("reports.overdue", "reports.closing"),
       ("investigation.intake_solved", "investigation.intake"), ("victims.identified_supported", "victims.identified")]
)


def _aggregate_consistency(dataset: Dataset) -> list[Problem]:
    aggregates = dataset.aggregates
    if not len(aggregates):
        return []
    out = []
    default = TABLES["aggregates"].field("measure").vi

    def label(row: pd.Series) -> str:
        return dataset.header(row["_file"], "measure", default)

    keys = ["unit", "period", "measure"]
    out += _repeated(aggregates, "measure", label, "duplicate_measure")
    wide = aggregates.drop_duplicates(keys).pivot(index=["unit", "period"], columns="measure", values="value")
    rows = aggregates.drop_duplicates(keys).set_index(keys)
    for (unit, period), counts in wide.iterrows():
        def value(measure: str, counts=counts):
            v = counts.get(measure)
            return None if v is None or pd.isna(v) else int(v)

        def where(measure: str, unit=unit, period=period) -> pd.Series:
            return rows.loc[(unit, period, measure)]

        for part, whole in _PART_OF + [(m, m.split("[")[0]) for m in counts.index if "[" in m]:
            p, w = value(part), value(whole)
            if p is not None and w is not None and p > w:
                out.append(_problem(where(part), label(where(part)), "numerator_above_denominator", part=part, part_value=p,
                                    whole=whole, whole_value=w, unit=unit, period=period))
        for stage in STAGES:
            names = ["opening", "intake", "resolved", "transferred", "closing"]
            v = {n: value(f"{stage}.{n}") for n in names}
            if all(x is not None for x in v.values()):
                expected = v["opening"] + v["intake"] - v["resolved"] - v["transferred"]
                if expected != v["closing"]:
                    out.append(_problem(where(f"{stage}.closing"), label(where(f"{stage}.closing")), "stock_mismatch", expected=expected,
                                        closing=v["closing"], stage=stage, unit=unit, period=period))
            outcomes = [m for m in BY_ID if m.startswith(f"{stage}.resolved_")]
            given = [value(m) for m in outcomes]
            total = value(f"{stage}.resolved")
            if total is not None and all(g is not None for g in given) and sum(given) != total:
                out.append(_problem(where(f"{stage}.resolved"), label(where(f"{stage}.resolved")), "outcome_sum_mismatch", parts=sum(given),
                                    total=total, stage=stage, unit=unit, period=period))
    return out


def _repeated(frame: pd.DataFrame, item: str, label, key: str) -> list[Problem]:
    """Rows giving a unit's ``item`` (a measure, an activity) for a period a second time: the earlier row is named."""
    keys = ["unit", "period", item]
    first = frame.drop_duplicates(keys).set_index(keys)["_row"]
    return [_problem(row, label(row), key, measure=row[item], unit=row["unit"], period=row["period"],
                     other=int(first.loc[(row["unit"], row["period"], row[item])]))
            for _, row in frame[frame.duplicated(keys, keep="first")].iterrows()]


def _activity_duplicates(dataset: Dataset) -> list[Problem]:
    activities = dataset.activities
    default = TABLES["activities"].field("activity").vi
    return _repeated(activities, "activity", lambda row: dataset.header(row["_file"], "activity", default),
                     "duplicate_activity") if len(activities) else []


def _mixed_sources(dataset: Dataset, rule: str) -> list[Problem]:
    """A unit must not send both records and counts for the same period: they would be counted twice."""
    aggregates = dataset.aggregates
    if not len(aggregates):
        return []
    out = []
    entries = []
    for name in ("crime_reports", "cases", "victims"):
        table = TABLES[name]
        frame = dataset.table(name)
        entries.append(frame[["unit", table.entry_date]].rename(columns={table.entry_date: "day"}))
    dated = pd.concat(entries, ignore_index=True)
    first_rows = aggregates.drop_duplicates(["unit", "period"])
    for _, row in first_rows.iterrows():
        window = periods.parse(row["period"]).window(rule)
        mine = dated[(dated["unit"] == row["unit"])]
        inside = mine["day"].between(pd.Timestamp(window.start), pd.Timestamp(window.end))
        if inside.any():
            header = dataset.header(row["_file"], "unit", TABLES["aggregates"].field("unit").vi)
            out.append(_problem(row, header, "mixed_sources", unit=row["unit"], period=row["period"]))
    return out
