"""The procuracy and court of a case whose stage unit is left empty, where the case's own unit cannot be it.

An empty ``procuracy_unit`` or ``court_unit`` means the case's own unit (metrics/counts.py ``StageSpec.unit``).
That is right for a district before 1-7-2025, whose body did the procuracy's and the court's work
(params/bodies.yaml), and wrong for a city-level unit whose body does not do that work, such as the city police
(``01-PC02``): its cases go to the city's procuracy or court, the city-level unit of that body valid on the
stage's acceptance day that took over no other unit's work (``01-VKS``, ``01-TAND``; not the regional units
of 1-7-2025, which succeed districts). Intake refuses a district stage accepted after its hand-over, so no
other empty stage unit is filled.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from tipmonitor.model.schema import CASES, REGISTER_STAGES
from tipmonitor.model.successions import Successions
from tipmonitor.model.units import UnitRegistry, body_families

INFERRED_COLUMNS = ("_file", "_row", "column", "unit", "inferred")


def city_stage_units(registry: UnitRegistry, successions: Successions, family: str) -> list[str]:
    """The city-level units whose body does ``family``'s work and that took over no other unit's work."""
    table = registry.table
    bodies = [body for body, families in body_families().items() if families == (family,)]
    found = table[(table["level"] == "city") & table["body"].isin(bodies)]
    return [code for code in found.index if not successions.predecessors(code)]


def fill_stage_units(cases: pd.DataFrame, registry: UnitRegistry, successions: Successions
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``cases`` with the empty stage units of city-level cases filled (see the module's docstring), and the
    cells filled: file, row, column, the case's unit and the unit put in. Only the columns filled are
    replaced in ``cases`` (no copy of the whole table: it may have millions of rows)."""
    filled: list[pd.DataFrame] = []
    table = registry.table
    own = cases["unit"].astype("string") if len(cases) else None  # the case's unit, for every stage column
    for column, accepted, family in CASES.unit_dates:
        if column not in cases or own is None:
            continue
        others = [code for code, level, body in zip(table.index, table["level"], table["body"])
                  if level == "city" and family not in body_families().get(body, ())]
        empty = cases[column].isna() & cases[accepted].notna() & own.isin(others).fillna(False)
        if not empty.any():
            continue
        days = pd.to_datetime(cases[accepted]).to_numpy(dtype="datetime64[D]")
        chosen = np.full(len(cases), None, dtype=object)
        count = np.zeros(len(cases), dtype=int)
        for code in city_stage_units(registry, successions, family):
            row = table.loc[code]
            valid = np.ones(len(cases), dtype=bool)
            if row["valid_from"]:
                valid &= days >= np.datetime64(row["valid_from"])
            if row["valid_to"]:
                valid &= days <= np.datetime64(row["valid_to"])
            chosen[valid] = code
            count += valid
        rows = empty.to_numpy(dtype=bool) & (count == 1)  # none or several city units: left as it was
        if not rows.any():
            continue
        values = cases[column].astype("string")  # a categorical column becomes one again in Dataset.categorize
        values[rows] = chosen[rows]
        cases[column] = values
        filled.append(pd.DataFrame({"_file": cases["_file"][rows].astype("string").to_numpy(),
                                    "_row": cases["_row"][rows].to_numpy(), "column": column,
                                    "unit": own[rows].to_numpy(), "inferred": chosen[rows]}))
    inferred = pd.concat(filled, ignore_index=True) if filled else pd.DataFrame(columns=list(INFERRED_COLUMNS))
    return cases, inferred


def register_owned_stages(dataset) -> dict[str, np.ndarray]:
    """Per stage (procuracy, court), which cases' stage a body's own register covers, so that it is counted from the
    register and not from the police record (issue #27): a register row links to the case (its ``case_id``), or the
    unit the stage belongs to (the stage unit; empty = the case's unit) sends that register and the stage was
    accepted on or after the register's first acceptance (before it, the police record is all there is). Only stages
    the case entered; a stage no register covers is absent."""
    cases = dataset.cases
    owned: dict[str, np.ndarray] = {}
    if not len(cases):
        return owned
    stage_columns = {family: (column, accepted) for column, accepted, family in CASES.unit_dates}
    for table, stage in REGISTER_STAGES.items():
        register = getattr(dataset, table, None)
        if register is None or not len(register):
            continue
        column, accepted = stage_columns[stage]
        linked = cases["case_id"].isin(register["case_id"].dropna().astype(str).unique()).to_numpy(dtype=bool)
        # the register's first acceptance, per unit: from then on that unit's register is the stage's source
        since = register.groupby(register["unit"].astype(str))["accepted_date"].min()
        first = _per_unit(cases[column], since)
        first = np.where(np.isnat(first) & cases[column].isna().to_numpy(), _per_unit(cases["unit"], since), first)
        days = cases[accepted].to_numpy(dtype="datetime64[s]")
        covered = (linked | (days >= first)) & ~np.isnat(days)  # NaT on either side compares False
        if covered.any():
            owned[stage] = covered
    return owned


def _per_unit(units: pd.Series, values: pd.Series) -> np.ndarray:
    """``values`` (dates by unit code) for each record's unit, NaT where it has none: one look-up per unit, not
    per record (a categorical's codes are read as they are)."""
    codes, uniques = pd.factorize(units)
    nat = np.datetime64("NaT", "s")
    table = np.array([np.datetime64(values[u], "s") if u in values.index else nat for u in map(str, uniques)] + [nat],
                     dtype="datetime64[s]")
    return table[codes]


def carried_over_starts(frames: dict[str, pd.DataFrame], registry: UnitRegistry) -> dict[str, dict[str, date]]:
    """Per measure family (``frames``: family -> its table), the units in the table that began by taking that work
    over (model/successions.py ``carried_over_from``) and the day they began; families with none are absent."""
    from tipmonitor.model.successions import carried_over_from

    table = registry.table
    begun = set(table.index[table["valid_from"].astype(str) != ""])
    out: dict[str, dict[str, date]] = {}
    for family, frame in frames.items():
        if not len(frame):
            continue
        starts = {code: carried_over_from(registry, code, family)
                  for code in set(frame["unit"].dropna().astype(str).unique()) & begun}
        found = {code: day for code, day in starts.items() if day is not None}
        if found:
            out[family] = found
    return out


# A successor's record of work it took over at a hand-over names the predecessor's record in ``transferred_from``
# (issue #27 item 4): table -> (family handed over, entry date, exit date, outcome, id column).
CARRIED_TABLES = {"crime_reports": ("reports", "received_date", "decision_date", "decision", "report_id"),
                  "cases": ("investigation", "initiated_date", "investigation_end_date", "investigation_outcome", "case_id")}
LINK_COLUMNS = ("sender_id", "sender_unit", "receiver_id", "receiver_unit", "day", "city")


def carried_over_links(frames: dict[str, pd.DataFrame], registry: UnitRegistry, successions: Successions
                       ) -> dict[str, pd.DataFrame]:
    """Per table of CARRIED_TABLES (``frames``: table -> its rows), the successor's records that are work it took
    over: the row names (``transferred_from``, ids compared as core.text.id_key) a record of a unit that handed this
    family's work to the row's unit (``successions``), and the row is dated before that hand-over. One row per link:
    the predecessor's id and unit, the successor's, the hand-over day, and ``city``: whether the city counts the
    successor's record (metrics/counts.py counted_twice_in_city). A predecessor's record named by several successors'
    records is one piece of work: the city counts the one received (or initiated) first as sent, earliest unit and id
    on a tie (shared_carried_over lists the others). Whether the successor existed before (the city police on
    1-3-2025) or began that day (a ward on 1-7-2025) makes no difference. Tables with none: empty."""
    from tipmonitor.core.text import id_key

    out: dict[str, pd.DataFrame] = {}
    for name, (family, entry, _, _, key) in CARRIED_TABLES.items():
        frame = frames.get(name)
        empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in LINK_COLUMNS})
        if frame is None or "transferred_from" not in frame or not frame["transferred_from"].notna().any():
            out[name] = empty  # the usual case: no id is looked at
            continue
        receipts = frame[frame["transferred_from"].notna()]
        handed = {(s.predecessor, s.successor): s.effective
                  for unit in receipts["unit"].dropna().astype(str).unique() if unit in registry.table.index
                  for s in successions.predecessors(unit, family)}
        if not handed:
            out[name] = empty
            continue
        senders = pd.DataFrame({"sender_key": frame[key].astype(str).map(id_key), "sender_id": frame[key].astype(str),
                                "sender_unit": frame["unit"].astype(str)})
        linked = pd.DataFrame({"sender_key": receipts["transferred_from"].astype(str).map(id_key),
                               "receiver_id": receipts[key].astype(str), "receiver_unit": receipts["unit"].astype(str),
                               "entry": pd.to_datetime(receipts[entry])}).merge(senders, on="sender_key")
        days = [handed.get((s, r)) for s, r in zip(linked["sender_unit"], linked["receiver_unit"])]
        linked["day"] = pd.to_datetime(pd.Series(days, index=linked.index, dtype=object))
        linked = linked[linked["day"].notna() & (linked["entry"] < linked["day"])].sort_values(
            ["sender_unit", "sender_id", "entry", "receiver_unit", "receiver_id"], kind="stable")
        linked["city"] = ~linked.duplicated(["sender_id", "sender_unit"], keep="first")
        out[name] = linked[list(LINK_COLUMNS)].reset_index(drop=True)
    return out


def shared_carried_over(dataset) -> pd.DataFrame:
    """Predecessors' records that more than one successor's record names as the work it took over (carried_over_links):
    one piece of work sent twice, which the city counts once. One row per such record: table, its id and unit, how
    many records name it, those records (``receivers``: (id, unit) pairs, the one the city counts first), and the
    predecessor's record's ``_file`` and ``_row``. The data-quality page lists them (intake/checks.py
    carried_over_notes)."""
    columns = ["table", "id", "unit", "count", "receivers", "_file", "_row"]
    rows = []
    for name, links in (getattr(dataset, "carried_links", {}) or {}).items():
        if not len(links):
            continue
        key = CARRIED_TABLES[name][4]
        frame = getattr(dataset, name)
        located = {(str(i), str(u)): (f, r) for i, u, f, r in zip(frame[key], frame["unit"], frame["_file"], frame["_row"])}
        ordered = links.sort_values("city", ascending=False, kind="stable")  # the counted one first
        for (sender, unit), named in ordered.groupby(["sender_id", "sender_unit"], sort=True):
            if len(named) < 2:
                continue
            file, row = located.get((str(sender), str(unit)), ("", 0))
            rows.append({"table": name, "id": sender, "unit": unit, "count": len(named),
                         "receivers": list(zip(named["receiver_id"], named["receiver_unit"])), "_file": file, "_row": row})
    return pd.DataFrame(rows, columns=columns)


def unlinked_carried_over(dataset) -> pd.DataFrame:
    """Reports and cases that crossed a hand-over without a link between the predecessor's record and the
    successor's (metrics/counts.py carried_over_entries), which the city may count twice: table, id, unit, the
    hand-over day, why, and the record's ``_file`` and ``_row``. ``open_not_named``: a predecessor's record still
    open on the day it handed the work over that no successor's record names (``transferred_from``);
    ``sent_without_id``: a record that a unit which began that day sent as work it took over, without the
    predecessor's id. A record is named by its id (as core.text.id_key compares them) and its unit. The data-quality
    page lists them (intake/checks.py carried_over_notes)."""
    from tipmonitor.core.text import id_key
    from tipmonitor.model.successions import load_successions

    successions = load_successions()
    links_of = getattr(dataset, "carried_links", {}) or {}
    starts_of = getattr(dataset, "carried_over", {}) or {}
    rows = []
    for name, (family, entry, exit_, _, key) in CARRIED_TABLES.items():
        frame = getattr(dataset, name)
        if not len(frame):
            continue
        links = links_of.get(name)
        # ids are each unit's own numbers: a link names one unit's record, not another's with the same id
        units = frame["unit"].astype("string")
        named = pd.Series(False, index=frame.index)
        if links is not None and len(links):
            senders = pd.MultiIndex.from_arrays([links["sender_id"].astype(str).map(id_key), links["sender_unit"].astype(str)])
            named[:] = pd.MultiIndex.from_arrays([frame[key].astype(str).map(id_key), units.astype(str)]).isin(senders)
        entries = pd.to_datetime(frame[entry])
        handed = {u: successions.successors(u, family) for u in units.dropna().unique()}
        day = pd.to_datetime(units.map({u: out[0].effective for u, out in handed.items() if out}))
        # open at the hand-over = no exit now: intake refuses a predecessor's exit on or after its hand-over
        # (loading.py _check_hand_overs, "decision_after_hand_over"), so a record decided later cannot be stored
        open_then = ((entries < day) & frame[exit_].isna() & ~named).fillna(False)
        starts = starts_of.get(family, {})
        began = pd.to_datetime(units.map(starts)) if starts else pd.Series(pd.NaT, index=frame.index)
        without = (entries < began).fillna(False)
        if "transferred_from" in frame:
            without &= frame["transferred_from"].isna()
        for mask, when, reason in ((open_then, day, "open_not_named"), (without, began, "sent_without_id")):
            mask = mask.to_numpy(dtype=bool)
            rows.append(pd.DataFrame({"table": name, "id": frame[key][mask].astype(str), "unit": units[mask],
                                      "date": when[mask].dt.date, "reason": reason,
                                      "_file": frame["_file"][mask], "_row": frame["_row"][mask]}))
    if not rows:
        return pd.DataFrame(columns=["table", "id", "unit", "date", "reason", "_file", "_row"])
    return pd.concat(rows, ignore_index=True)
