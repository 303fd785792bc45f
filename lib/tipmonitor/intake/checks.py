"""Checks across records and files: repeated ids, dangling case links, inconsistent counts.

Within-sheet checks live in loading.py; these need the whole dataset. Each returns
Problems located at the row that should be fixed.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import numpy as np
import pandas as pd

from tipmonitor.core import words
from tipmonitor.model import periods
from tipmonitor.model.measures import BY_ID, STAGES
from tipmonitor.core.problems import Problem, field_column
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


record_problem = _problem  # a problem located at a record's file, sheet and row (for the store's checks)


def _ids_across_files(dataset: Dataset) -> list[Problem]:
    out = []
    for name, table in TABLES.items():
        if table.key:
            out += _keys_across_files(dataset, name)
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
                header = dataset.header(row["_file"], table.id_field, field_column(table.field(table.id_field)))
                out.append(_problem(row, header, "duplicate_id", value=row[table.id_field],
                                    other=f"{original['_row']} ({original['_file']})"))
    return out


def _keys_across_files(dataset: Dataset, name: str) -> list[Problem]:
    """A register's acceptance (unit, number, acceptance date) sent twice by different files."""
    table = TABLES[name]
    frame = dataset.table(name)
    key = list(table.key)
    repeats = frame.duplicated(key, keep="first")
    if not repeats.any():
        return []
    first = frame.drop_duplicates(key, keep="first").set_index(key)
    out = []
    for _, row in frame[repeats].iterrows():
        original = first.loc[tuple(row[k] for k in key)]
        if original["_file"] != row["_file"]:
            header = dataset.header(row["_file"], "register_number", field_column(table.field("register_number")))
            out.append(_problem(row, header, "duplicate_acceptance", value=row["register_number"],
                                date=row["accepted_date"].strftime("%d/%m/%Y"), other=f"{original['_row']} ({original['_file']})"))
    return out


def ids_of_other_units(frame: pd.DataFrame, name: str, owners: dict[str, tuple[str, int]],
                       headers: dict[str, dict[str, str]]) -> list[Problem]:
    """Rows of one table whose id ``owners`` gives to another unit (its code and submission number); ids compare
    as core.text.id_key does (case, spaces and dashes aside), and so must ``owners``' keys."""
    from tipmonitor.core.text import id_key

    key = TABLES[name].id_field
    assert key is not None, f"{name} has no id field"
    out = []
    keys = frame[key].map(lambda v: id_key(v) if isinstance(v, str) else v)
    for _, row in frame[keys.isin(list(owners))].iterrows():
        owner, submission = owners[id_key(row[key])]
        header = headers.get(row["_file"], {}).get(key, TABLES[name].field(key).vi)
        out.append(_problem(row, header, "id_of_other_unit", value=row[key], owner=owner, submission=submission))
    return out


def stage_units_inferred(dataset: Dataset) -> list[Problem]:
    """A note at each empty procuracy or court unit filled when the dataset was built (model/stage_units.py)."""
    return [_problem(row, dataset.header(row["_file"], row["column"], TABLES["cases"].field(row["column"]).vi),
                     "stage_unit_inferred", unit=row["unit"], inferred=row["inferred"])
            for _, row in dataset.stage_units_inferred.iterrows()]


def register_link_notes(dataset: Dataset) -> list[Problem]:
    """Notes for the data-quality page on the registers (issue #27): each register row that cannot be matched with a
    police case (no case id, or one not in the data), and each police record whose procuracy or court stage is
    counted from a register instead (metrics/counts.py register_owned_stages)."""
    from tipmonitor.core import words
    from tipmonitor.model.schema import REGISTER_STAGES
    from tipmonitor.model.stage_units import register_owned_stages

    def stage_word(stage: str) -> dict[str, str]:
        return words.each(lambda lang: words.say(f"register.stage.{stage}", lang))

    out: list[Problem] = []
    known = set(dataset.cases["case_id"].dropna().astype(str))
    registers = {}
    for table, stage in REGISTER_STAGES.items():
        register = getattr(dataset, table, None)
        if register is None or not len(register):
            continue
        registers[stage] = register
        header = TABLES[table].field("case_id").vi
        for _, row in register[register["case_id"].isna()].iterrows():
            out.append(_problem(row, dataset.header(row["_file"], "case_id", header), "register_no_case_id",
                                stage=stage_word(stage), unit=row["unit"]))
        unknown = (register["case_id"].notna() & ~register["case_id"].astype("string").isin(known)).fillna(False)
        for _, row in register[unknown.to_numpy(dtype=bool)].iterrows():
            out.append(_problem(row, dataset.header(row["_file"], "case_id", header), "register_unknown_case",
                                value=row["case_id"], stage=stage_word(stage), unit=row["unit"]))
    cases = dataset.cases
    for stage, covered in register_owned_stages(dataset).items():
        linked = registers[stage].dropna(subset=["case_id"]).drop_duplicates("case_id")
        owners = dict(zip(linked["case_id"].astype(str), linked["unit"].astype(str)))
        column = f"{stage}_accepted_date"
        label = TABLES["cases"].field(column).vi
        for _, row in cases[covered].iterrows():
            own = row[f"{stage}_unit"] if pd.notna(row[f"{stage}_unit"]) else row["unit"]
            out.append(_problem(row, dataset.header(row["_file"], column, label), "police_stage_superseded",
                                value=row["case_id"], stage=stage_word(stage), owner=owners.get(str(row["case_id"]), own)))
    return out


def carried_over_notes(dataset: Dataset) -> list[Problem]:
    """Notes for the data-quality page on work carried over a hand-over that cannot be linked (issue #27 item 4;
    model/stage_units.py unlinked_carried_over): the city may count each of them twice."""
    from tipmonitor.model.stage_units import shared_carried_over, unlinked_carried_over
    from tipmonitor.model.units import load_registry

    registry = load_registry()

    def unit(code: str) -> dict[str, str]:
        return words.each(lambda lang: registry.named(str(code), lang))

    def records(pairs) -> dict[str, str]:
        return words.each(lambda lang: ", ".join(f"«{rid}» – {registry.named(str(u), lang)}" for rid, u in pairs))

    out = []
    for _, row in unlinked_carried_over(dataset).iterrows():
        key = "report_id" if row["table"] == "crime_reports" else "case_id"
        header = dataset.header(row["_file"], key, TABLES[row["table"]].field(key).vi)
        out.append(_problem(row, header, f"carried_{row['reason']}", value=row["id"], unit=unit(row["unit"]),
                            date=row["date"].strftime("%d/%m/%Y")))
    for _, row in shared_carried_over(dataset).iterrows():  # one piece of work re-sent by several successors
        key = "report_id" if row["table"] == "crime_reports" else "case_id"
        header = dataset.header(row["_file"], key, TABLES[row["table"]].field(key).vi)
        out.append(_problem(row, header, "carried_named_several", value=row["id"], unit=unit(row["unit"]),
                            count=row["count"], receivers=records(row["receivers"]), kept=records(row["receivers"][:1])))
    return out


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
                expected = v["opening"] + v["intake"] - v["resolved"] - v["transferred"] - (value(f"{stage}.ended_other") or 0)
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


# --- a file's rows and its period --------------------------------------------------------

PERIOD_TABLES = ("aggregates", "activities", "unit_texts")  # the tables that carry their own period column


def _label(table: str) -> dict[str, str]:
    return words.pair(TABLES[table].vi, TABLES[table].en)


def rows_outside_period(tables: dict[str, pd.DataFrame], period: str, existing: set[tuple[str, str]],
                        replacing: Collection[str] = ()) -> list[Problem]:
    """Rows of the tables that carry a period column and name another period than the submission's.

    A row of a later period is refused. A row of an earlier period is a late report of that period, taken
    when the unit has no current data of that table for it (``existing``: (table, period) pairs it has);
    where it has, the file would change a period already reported (a closed period): refused (a correction
    of that period is a file for that period). A table none of whose rows names the submission's period is refused
    whole where the unit has current data of that table for the period (``replacing``: a file named for 2024-Q4 whose
    rows all say 2024-Q3 would replace the period's rows with another's); where it has none, its rows are a late
    report like any other (a unit that sent nothing for a quarter sends that quarter's activities with the next).
    """
    own = periods.parse(period)
    problems: list[Problem] = []
    for name in PERIOD_TABLES:
        frame = tables.get(name)
        if frame is None or not len(frame) or "period" not in frame:
            continue
        labels = frame["period"].astype("string")
        header = TABLES[name].field("period").vi
        if not (labels == own.label).any() and name in replacing:
            first = frame.iloc[0]
            problems.append(_problem(first, header, "rows_not_of_period", period=own.label,
                                     found=", ".join(sorted(set(labels.dropna()))), table=_label(name)))
            continue
        for label in sorted(set(labels.dropna()) - {own.label}):
            other = periods.parse(label)
            row = frame[labels == label].iloc[0]
            if other.window().start > own.window().end:
                problems.append(_problem(row, header, "row_after_period", value=label, period=own.label))
            elif (name, label) in existing:
                problems.append(_problem(row, header, "row_changes_closed_period", value=label, period=own.label,
                                         count=int((labels == label).sum()), table=_label(name)))
    return problems


def records_after_period(tables: dict[str, pd.DataFrame], end, lang: str | None = None) -> list[str]:
    """Notes for records whose entry date comes after the submission's period ends: counted in the period
    that date falls in (as of each window's end), never in this one; told so the unit can check the date."""
    notes = []
    for name, frame in tables.items():
        after = entered_after(frame, name, end)
        if after is None:
            continue
        entry = TABLES[name].entry_date or ""  # there is one (entered_after)
        late = frame[after]
        for _, row in late.head(5).iterrows():
            notes.append(_problem(row, TABLES[name].field(entry).vi, "record_after_period",
                                  day=f"{pd.Timestamp(row[entry]):%d/%m/%Y}", end=f"{end:%d/%m/%Y}").render(lang))
        if len(late) > 5:
            notes.append(words.say("message.more_records_after_period", lang, count=len(late) - 5))
    return notes


def register_rows_changing_periods(frame: pd.DataFrame, name: str, period: str, rule: str, sent: pd.DataFrame,
                                   stored: pd.DataFrame) -> list[Problem]:
    """A register's file of one period never changes another period's figures unless it says it replaces them
    (is sent for that period): an acceptance already current from an earlier period's file whose outcome or its date
    changes on or before that period's end, or an acceptance dated in an earlier period for which the unit's
    register is already current there and does not list it, is a problem at its row, naming that period.

    ``sent``: the periods (period, first, last day) the unit's register is current for, other than ``period``;
    ``stored``: the unit's current register rows (register_number, accepted_date, day, outcome). Both ingest paths
    (store/database.py, store/bulk.py) ask this with what they hold."""
    start = pd.Timestamp(periods.parse(period).window(rule).start)
    problems: list[Problem] = []
    day, outcome = TABLES[name].outcome_pairs[0]
    sent = sent[pd.to_datetime(sent["last"]) < start]
    if not len(sent):
        return problems
    stored = stored.copy()
    stored["accepted_date"] = pd.to_datetime(stored["accepted_date"]).astype("datetime64[ns]")
    incoming = frame.reset_index(drop=True).assign(accepted_date=frame["accepted_date"].astype("datetime64[ns]").to_numpy())
    merged = incoming.merge(stored, on=["register_number", "accepted_date"], how="left", suffixes=("", "_stored"),
                            indicator=True)
    header = frame.attrs.get("headers", {})
    for _, row in merged.iterrows():
        accepted = pd.Timestamp(row["accepted_date"])
        earlier = sent[(pd.to_datetime(sent["first"]) <= accepted) & (accepted <= pd.to_datetime(sent["last"]))]
        if row["_merge"] == "left_only":
            if accepted < start and len(earlier):
                label = header.get(str(row["_file"]), {}).get("accepted_date", TABLES[name].field("accepted_date").vi)
                problems.append(record_problem(row, label, "register_changes_period", period=earlier["period"].iloc[0],
                                               value=row["register_number"]))
            continue
        new_day, old_day = row[day], pd.to_datetime(row["day"])
        changed = not (pd.isna(new_day) and pd.isna(old_day)) and (
            pd.isna(new_day) != pd.isna(old_day) or new_day != old_day or str(row[outcome]) != str(row["outcome"]))
        touched = min(d for d in (new_day, old_day) if not pd.isna(d)) if changed else None
        if touched is not None and touched < start:
            hit = sent[pd.to_datetime(sent["last"]) >= touched]
            if len(hit):
                label = header.get(str(row["_file"]), {}).get(day, TABLES[name].field(day).vi)
                problems.append(record_problem(row, label, "register_changes_period", period=hit["period"].iloc[0],
                                               value=row["register_number"]))
    return problems


def registers_changing_periods(tables: dict[str, pd.DataFrame], period: str, rule: str, held) -> list[Problem]:
    """``register_rows_changing_periods`` for every register a file carries; ``held(name, day, outcome)`` gives the
    ingest path's (sent, stored) for that register (the store's queries, or the batch's current data)."""
    from tipmonitor.model.schema import REGISTER_STAGES

    problems: list[Problem] = []
    for name in REGISTER_STAGES:
        frame = tables.get(name)
        if frame is None or not len(frame):
            continue
        day, outcome = TABLES[name].outcome_pairs[0]
        sent, stored = held(name, day, outcome)
        problems += register_rows_changing_periods(frame, name, period, rule, sent, stored)
    return problems


# --- a file's records, its period and the day it was received ----------------------------

def _date_columns(name: str, frame: pd.DataFrame) -> list[str]:
    return [f.name for f in TABLES[name].fields if f.kind == "date" and f.name in frame]


# The rows the checks below look at, apart so that a batch of files can be screened with them at once
# (store/bulk.py): a day is one date, or one per row (a NumPy datetime64 array, the day of each row's file).

def entered_after(frame: pd.DataFrame, name: str, day) -> "np.ndarray | None":
    """Which rows' entry date (the day received, initiated, accepted) comes after ``day``; None where the
    table has no entry date or the frame no rows (records_after_period, records_after_received)."""
    entry = TABLES[name].entry_date
    if not entry or entry not in frame or not len(frame):
        return None
    return (pd.to_datetime(frame[entry]) > (pd.Timestamp(day) if isinstance(day, date) else day)).to_numpy(dtype=bool)


def dated_before(frame: pd.DataFrame, name: str, start) -> "tuple[np.ndarray, pd.DataFrame] | None":
    """Which records' dates all come before ``start`` (their latest date is before it), with the dates read; None
    where the table has no id or no date, or the frame no rows (records_before_period)."""
    key, dated = TABLES[name].id_field, _date_columns(name, frame)
    if not key or not dated or not len(frame):
        return None
    days = frame[dated].apply(pd.to_datetime)
    return (days.max(axis=1) < (pd.Timestamp(start) if isinstance(start, date) else start)).to_numpy(dtype=bool), days


def _header(row: pd.Series, frame: pd.DataFrame, name: str, column: str) -> str:
    return frame.attrs.get("headers", {}).get(str(row["_file"]), {}).get(column, TABLES[name].field(column).vi)


def quarter_of(day, rule: str = "official") -> periods.Period:
    """The quarter whose window (under ``rule``) holds ``day``."""
    day = pd.Timestamp(day).date()
    for shift in (0, 1):
        month = day.month - 1 + shift
        quarter = periods.Period(day.year + month // 12, "quarter", (month % 12) // 3 + 1)
        if day in quarter.window(rule):
            return quarter
    raise ValueError(day)  # pragma: no cover - every day is in one quarter's window


def records_before_period(tables: dict[str, pd.DataFrame], period: str, rule: str, known: dict[str, set[str]],
                          lang: str | None = None) -> list[Problem]:
    """A record new to the store (its id, as core.text.id_key compares ids, not in ``known[table]``) whose dates all
    come before the submission's period begins: it changes the figures of the quarters from its earliest date to its
    latest, which may have been reported already. Located at the row and that date's column; a warning, not a refusal (a unit's records
    of a quarter it did not send come with its next file, as rows_outside_period takes a late report)."""
    from tipmonitor.core.text import id_key

    start = pd.Timestamp(periods.parse(period).window(rule).start)
    problems: list[Problem] = []
    for name, frame in tables.items():
        found = dated_before(frame, name, start)
        if found is None:
            continue
        key, (early, days) = TABLES[name].id_field, found
        latest, earliest = days.max(axis=1), days.min(axis=1)
        held = known.get(name, set())
        new = ~frame[key].map(lambda v, held=held: id_key(str(v)) in held)
        for index in frame.index[early & new.to_numpy()]:
            row = frame.loc[index]
            column = str(days.loc[index].idxmax())
            problems.append(_problem(row, _header(row, frame, name, column), "record_before_period",
                                     value=row[key], day=f"{latest.loc[index]:%d/%m/%Y}",
                                     changed=words.each(lambda lang, a=earliest.loc[index], b=latest.loc[index]:
                                                        _quarters_between(a, b, rule, lang)),
                                     period=words.each(lambda lang: periods.parse(period).describe(lang))))
    return problems


def _quarters_between(first, last, rule: str, lang: str) -> str:
    """The quarters a record's dates fall in, named: "Quý IV/2025", or "Quý I/2025 – Quý II/2025" (every window
    from the first to the last changes: a case initiated in Q1 and solved in Q2 changes both)."""
    a, b = quarter_of(first, rule), quarter_of(last, rule)
    return a.describe(lang) if a == b else f"{a.describe(lang)} – {b.describe(lang)}"


def received_before_period(file: str, received_on, period: str, rule: str) -> list[Problem]:
    """A day received (--received-on) before the period begins: a problem naming the file and the option."""
    window = periods.parse(period).window(rule)
    if received_on >= window.start:
        return []
    return [Problem(file, None, None, "received_before_period", {"value": f"{received_on:%d/%m/%Y}", "period": period,
                                                                "start": f"{window.start:%d/%m/%Y}"})]


def records_after_received(tables: dict[str, pd.DataFrame], received_on) -> list[Problem]:
    """Records whose entry date (the day received, initiated, accepted) comes after the day their file was received
    (--received-on): located at the row and column. A warning, not a refusal: the sample's files of the last quarter,
    cut by entry date from a whole history, carry records entered after they were sent (tools/sample.py), as its files
    carry later decisions, which are not asked here."""
    problems: list[Problem] = []
    limit, day = pd.Timestamp(received_on), f"{received_on:%d/%m/%Y}"
    for name, frame in tables.items():
        after = entered_after(frame, name, limit)
        if after is None:
            continue
        column = TABLES[name].entry_date or ""  # there is one (entered_after)
        later = frame[after]
        problems += [_problem(row, _header(row, frame, name, column), "received_before_record", value=day,
                              day=f"{pd.Timestamp(row[column]):%d/%m/%Y}") for _, row in later.iterrows()]
    return problems
