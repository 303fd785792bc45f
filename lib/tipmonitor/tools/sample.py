"""Synthetic sample data: a seeded generator of realistic, entirely made-up records.

Writes 2022 to 2026-Q3 (with carry-over from late 2021) at case level for every unit
of the configured city: crime reports, the cases initiated from them, their victims,
and a submission log. 2022-2024 are drawn first, exactly as before the reform was
modelled (so figures pinned on them stay put); from 15-12-2024 the records follow the
units over time (model/units.py, data/reference/successions.csv): district police until
28-2-2025, then the city police investigating and, from 1-7-2025, commune and ward
police receiving reports, regional procuracies and courts taking the cases. Work a unit
had open when it handed a family over is closed by its last day (a synthetic
simplification: real stock passes to the successor). Magnitudes follow the domain brief: a city sees a few dozen
trafficking cases a year, several times as many crime reports, one to a few
victims per case. Units differ on purpose: most meet the targets, some miss some
of them (slow decisions, unclassified reports, unsolved cases, victims left
without support), and a few submit late or not at all in some quarter. One unit
sends quarterly aggregate counts instead of records from 2023 on, so the
aggregate path is exercised too. Nothing here describes a real person or case.

The same seed gives identical files. ``scale`` mode writes millions of rows as
Parquet for benchmarks (not committed).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from tipmonitor.model import periods
from tipmonitor.model.schema import TABLES
from tipmonitor.tools.sample_taskgroups import write_task_group_sample

SEED = 17
FIRST_DAY = date(2021, 10, 1)
LEGACY_LAST_DAY = date(2024, 12, 14)  # the official end of 2024: the part drawn as before the reform
LEGACY_AS_OF = date(2025, 1, 10)  # cases of that part are those initiated by this day (as first drawn)
LAST_DAY = date(2026, 9, 14)  # the official end of 2026-Q3
AS_OF = date(2026, 9, 20)  # the day the sample was "extracted": later events have not happened
AGGREGATE_UNIT = "269"  # Thị xã Sơn Tây sends counts, not records, for 2023-2024
AGGREGATE_FROM = 2023
CITY_POLICE = "PC02"  # the city police's investigation agency, as "<province>-PC02" (docs/decisions.md)


@dataclass(frozen=True)
class UnitProfile:
    code: str
    weight: float  # relative caseload
    quality: float  # 0 (poor) .. 1 (excellent)


def _profiles(codes: list[str], rng: np.random.Generator) -> list[UnitProfile]:
    profiles = []
    for code in codes:
        if code.endswith("-PC02"):
            profiles.append(UnitProfile(code, 4.0, 0.95))
        elif code.endswith(("-VKS", "-TAND", "-SLDTBXH")):
            continue  # their work appears in the case rows and victims of the units
        else:
            weight = float(rng.lognormal(0.0, 0.45))
            quality = float(rng.choice([0.95, 0.8, 0.55], p=[0.5, 0.3, 0.2]))
            profiles.append(UnitProfile(code, weight, quality))
    return profiles


def case_units(registry) -> list[str]:
    """The units of 2022-2024 (valid on 30-6-2023) whose kind reports a measure family: the committee's member
    departments, which report activities only (params/bodies.yaml), draw no records and send no case report."""
    from tipmonitor.model.units import body_families

    table = registry.valid_on(date(2023, 6, 30)).table
    families = body_families()
    return [code for code, body in zip(table.index, table["body"]) if families.get(body)]


def _day_number(d: date) -> int:
    return (d - date(1970, 1, 1)).days


def _to_dates(days: np.ndarray) -> pd.Series:
    """Day numbers to dates; NaN, or a day after AS_OF (not happened yet), becomes empty."""
    days = np.where(np.isnan(days) | (days > _day_number(AS_OF)), np.nan, days)
    values = pd.to_datetime(days, unit="D", origin="unix", errors="coerce")
    return pd.Series(values).dt.strftime("%Y-%m-%d").fillna("")


def generate(seed: int = SEED, codes: list[str] | None = None, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """The sample tables as text columns, ready to write."""
    from tipmonitor.model.units import load_registry

    rng = np.random.default_rng(seed)
    if codes is None:
        codes = case_units(load_registry())
    profiles = _profiles(codes, rng)
    start, end = _day_number(FIRST_DAY), _day_number(LEGACY_LAST_DAY)
    reports, cases, victims = [], [], []
    for p in profiles:
        years = (end - start) / 365.25
        n = int(rng.poisson(5.0 * p.weight * years * scale))
        r = _reports(p, rng, n, start, end)
        c, r = _cases(p, rng, r, LEGACY_AS_OF)
        v = _victims_of(p, rng, c)
        reports.append(r)
        cases.append(c)
        victims.append(v)
    report_frame = pd.concat(reports, ignore_index=True)
    case_frame = pd.concat(cases, ignore_index=True)
    victim_frame = pd.concat(victims + [_victims_without_case(rng, codes, start, end, scale)], ignore_index=True)
    victim_frame = victim_frame[victim_frame["received_date"] <= _day_number(AS_OF)].reset_index(drop=True)  # not received yet
    return {
        "crime_reports": _format(report_frame, "crime_reports"),
        "cases": _format(case_frame, "cases"),
        "victims": _format(victim_frame, "victims"),
    }


def _reports(p: UnitProfile, rng: np.random.Generator, n: int, start: int, end: int) -> pd.DataFrame:
    received = np.sort(rng.integers(start, end + 1, n)).astype(float)
    year = pd.to_datetime(received, unit="D").year.to_numpy()
    # Units improve under the plan: 2022 (the baseline) is a little worse.
    quality = np.clip(p.quality - np.where(year <= 2022, 0.12, 0.0), 0.3, 0.99)
    classified = received + rng.choice([0, 1, 2, 3], n, p=[0.6, 0.25, 0.1, 0.05])
    classified[rng.random(n) < np.maximum(0.0, 0.9 - quality) * 0.3] = np.nan  # poor units leave some unclassified
    slow = rng.random(n) > quality
    delay = np.where(slow, rng.integers(15, 140, n), rng.integers(3, 20, n)).astype(float)
    decision_day = received + delay
    extended = np.where((delay > 20) & (rng.random(n) < quality), received + rng.integers(10, 20, n), np.nan)
    procuracy_extended = np.where((delay > 60) & ~np.isnan(extended) & (rng.random(n) < quality),
                                  received + rng.integers(50, 60, n), np.nan)
    decision = rng.choice(["initiate", "not_initiate", "administrative", "suspend", "transferred"], n,
                          p=[0.2, 0.5, 0.15, 0.07, 0.08])
    kind = rng.choice(["denunciation", "report", "recommendation"], n, p=[0.3, 0.6, 0.1])
    return pd.DataFrame({
        "report_id": [f"TB-{p.code}-{i:05d}" for i in range(n)],
        "unit": p.code, "kind": kind, "received_date": received, "classified_date": classified,
        "extension_date": extended, "procuracy_extension_date": procuracy_extended,
        "decision_date": decision_day, "decision": decision, "case_id": "",
    })


def _cases(p: UnitProfile, rng: np.random.Generator, reports: pd.DataFrame,
           as_of: date = AS_OF) -> tuple[pd.DataFrame, pd.DataFrame]:
    initiated_from = reports[(reports["decision"] == "initiate") & (reports["decision_date"] <= _day_number(as_of))]
    n = len(initiated_from)
    ids = [f"VA-{p.code}-{i:04d}" for i in range(n)]
    reports = reports.copy()
    reports.loc[initiated_from.index, "case_id"] = ids
    initiated = initiated_from["decision_date"].to_numpy(dtype=float)
    year = pd.to_datetime(initiated, unit="D").year.to_numpy()
    quality = np.clip(p.quality - np.where(year <= 2022, 0.1, 0.0), 0.3, 0.99)
    solved_ok = rng.random(n) < np.minimum(0.99, quality + 0.05)
    solved = np.where(solved_ok, initiated + np.where(rng.random(n) < 0.7, 0, rng.integers(1, 60, n)), np.nan)
    investigation_end = initiated + rng.integers(60, 200, n)
    outcome = np.where(solved_ok, rng.choice(["recommend_prosecution", "terminated", "transferred"], n, p=[0.9, 0.06, 0.04]),
                       "suspended")
    prosecuted = outcome == "recommend_prosecution"
    procuracy_accepted = np.where(prosecuted, investigation_end + rng.integers(0, 4, n), np.nan)
    slow = rng.random(n) > quality
    procuracy_decided = procuracy_accepted + np.where(slow, rng.integers(45, 200, n), rng.integers(5, 30, n))
    procuracy_decision = np.where(prosecuted, rng.choice(["indicted", "returned", "suspended", "terminated"], n,
                                                         p=[0.88, 0.07, 0.02, 0.03]), "")
    indicted = procuracy_decision == "indicted"
    court_accepted = np.where(indicted, procuracy_decided + rng.integers(1, 10, n), np.nan)
    court_decided = court_accepted + np.where(slow, rng.integers(90, 240, n), rng.integers(15, 60, n))
    court_outcome = np.where(indicted, rng.choice(["tried", "returned", "terminated"], n, p=[0.9, 0.08, 0.02]), "")
    shift = np.clip((year - 2022) * 0.08, 0, 0.2)  # forced labour grows after 2022
    u = rng.random(n)
    exploitation = np.select(
        [u < 0.42 - shift, u < 0.72, u < 0.82, u < 0.93, u < 0.96],
        ["sexual", "forced_labour", "forced_marriage", "child_sale", "organ_removal"], "other")
    transnational = rng.random(n) < 0.55
    destination = np.where(transnational, rng.choice(["CN", "KH", "LA", "MM", "MY", "TH"], n, p=[0.4, 0.38, 0.08, 0.07, 0.04, 0.03]), "VN")
    frame = pd.DataFrame({
        "case_id": ids, "unit": p.code, "initiated_date": initiated, "solved_date": solved,
        "investigation_end_date": investigation_end, "investigation_outcome": outcome,
        "procuracy_accepted_date": procuracy_accepted, "procuracy_decision_date": np.where(prosecuted, procuracy_decided, np.nan),
        "procuracy_decision": procuracy_decision, "court_accepted_date": court_accepted,
        "court_decision_date": np.where(indicted, court_decided, np.nan), "court_outcome": court_outcome,
        "procuracy_unit": "", "court_unit": "",
        "suspects": 1 + rng.poisson(1.2, n), "victims": 1 + rng.poisson(0.9, n),
        "exploitation": exploitation, "scope": np.where(transnational, "transnational", "domestic"),
        "destination_country": destination,
    })
    return frame, reports


def _victims_of(p: UnitProfile, rng: np.random.Generator, cases: pd.DataFrame) -> pd.DataFrame:
    counts = cases["victims"].to_numpy()
    rows = np.repeat(np.arange(len(cases)), counts)
    c = cases.iloc[rows].reset_index(drop=True)
    n = len(c)
    received = c["initiated_date"].to_numpy(dtype=float) + rng.integers(-10, 10, n)
    return _victim_frame(rng, n, received, c["unit"].to_numpy(), c["case_id"].to_numpy(), c["exploitation"].to_numpy(),
                         c["destination_country"].to_numpy(), p.quality, f"NN-{p.code}")


def _victims_without_case(rng: np.random.Generator, codes: list[str], start: int, end: int, scale: float,
                          prefix: str = "NN-RET") -> pd.DataFrame:
    """Victims received without a case in the city: returned from abroad, referred by the Border Guard."""
    n = int(rng.poisson(18 * (end - start) / 365.25 * scale))
    units = [c for c in codes if c.endswith("-PC02")] or codes[:1]
    received = rng.integers(start, end + 1, n).astype(float)
    exploitation = rng.choice(["forced_labour", "sexual", "forced_marriage", "other"], n, p=[0.5, 0.3, 0.15, 0.05])
    destination = rng.choice(["KH", "CN", "MM", "LA"], n, p=[0.5, 0.3, 0.15, 0.05])
    return _victim_frame(rng, n, received, np.full(n, units[0]), np.full(n, ""), exploitation, destination, 0.9, prefix)


def _victim_frame(rng: np.random.Generator, n: int, received: np.ndarray, units: np.ndarray, case_ids: np.ndarray,
                  exploitation: np.ndarray, destination: np.ndarray, quality: float, prefix: str) -> pd.DataFrame:
    received = np.maximum(received, _day_number(FIRST_DAY))
    verified = received + rng.integers(0, 8, n)
    identified_ok = rng.random(n) < 0.93
    identified = np.where(identified_ok, verified + rng.integers(0, 15, n), np.nan)
    supported_ok = identified_ok & (rng.random(n) < min(0.995, quality + 0.1))
    supported = np.where(supported_ok, np.nanmax([identified, received], axis=0) + rng.integers(0, 12, n), np.nan)
    rescued = np.where(destination != "VN", received - rng.integers(0, 6, n), np.nan)
    protected = np.where(rng.random(n) < 0.3, received + rng.integers(0, 5, n), np.nan)
    male_share = np.where(exploitation == "forced_labour", 0.6, np.where(exploitation == "sexual", 0.05, 0.3))
    sex = np.where(rng.random(n) < male_share, "male", "female")
    age = rng.choice(["child", "youth", "adult", "unknown"], n, p=[0.2, 0.08, 0.7, 0.02])
    kinds = ["essentials", "travel", "medical", "psychological", "legal", "education", "allowance"]
    support = [";".join(sorted(rng.choice(kinds, rng.integers(1, 5), replace=False), key=kinds.index)) if ok else ""
               for ok in supported_ok]
    return pd.DataFrame({
        "victim_id": [f"{prefix}-{i:05d}" for i in range(n)], "case_id": case_ids, "unit": units,
        "sex": sex, "age_group": age, "exploitation": exploitation, "destination_country": destination,
        "received_date": received, "verified_date": verified, "identified_date": identified, "rescued_date": rescued,
        "protected_date": protected, "supported_date": supported, "support_kinds": support,
    })


def _format(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Dates as ISO text, days not yet reached blanked, and outcomes blanked where their date is."""
    out = frame.copy()
    spec = TABLES[table]
    for f in spec.fields:  # fields the draws do not make (the 2024 Law's, #29, added by _law_2024): empty
        if f.name not in out:
            out[f.name] = np.nan if f.kind == "date" else ""
    for f in spec.fields:
        if f.kind == "date":
            out[f.name] = _to_dates(out[f.name].to_numpy(dtype=float)).to_numpy()
        elif f.kind == "int":
            out[f.name] = out[f.name].astype(int).astype(str)
    for date_field, outcome_field in spec.outcome_pairs:
        out.loc[out[date_field] == "", outcome_field] = ""
    if table == "crime_reports":
        out.loc[out["decision"] != "initiate", "case_id"] = ""
    if table == "victims":
        out.loc[out["supported_date"] == "", "support_kinds"] = ""
    # A stage not reached yet (its entry after AS_OF) has no later dates.
    if table == "cases":
        out.loc[out["investigation_end_date"] == "", ["procuracy_accepted_date", "procuracy_decision_date", "procuracy_decision",
                                                      "court_accepted_date", "court_decision_date", "court_outcome"]] = ""
        out.loc[out["procuracy_decision_date"] == "", ["court_accepted_date", "court_decision_date", "court_outcome"]] = ""
    return out[[c for c in spec.columns if c in out]]  # optional columns the sample never fills (transferred_from) left out


REFORM_FIRST_DAY = LEGACY_LAST_DAY + timedelta(days=1)
# The stage dates a family's work moves on, after the date that brings a record to the unit (which stays).
_FAMILY_DATES = {
    ("crime_reports", "reports"): ("classified_date", "extension_date", "procuracy_extension_date", "decision_date"),
    ("cases", "investigation"): ("solved_date", "investigation_end_date"),
    ("victims", "victims"): ("verified_date", "identified_date", "protected_date", "supported_date"),
}
# (family, the case's column naming its unit, the stage's entry and exit dates, the city-level agency of that body)
_STAGES = (("procuracy", "procuracy_unit", "procuracy_accepted_date", "procuracy_decision_date", "VKS"),
           ("court", "court_unit", "court_accepted_date", "court_decision_date", "TAND"))


def _reform_part(seed: int, registry, successions) -> dict[str, pd.DataFrame]:
    """15-12-2024 to the last day: the same areas and caseloads, each record given to the unit doing that work then."""
    legacy = case_units(registry)
    profiles = _profiles(legacy, np.random.default_rng(seed))  # the same caseload and quality per area as 2022-2024
    rng = np.random.default_rng(seed + 2025)
    start, end = _day_number(REFORM_FIRST_DAY), _day_number(LAST_DAY)
    reports, cases, victims = [], [], []
    for p in profiles:
        tagged = UnitProfile(f"{p.code}R", p.weight, p.quality)  # "R": ids apart from the 2022-2024 ones
        n = int(rng.poisson(5.0 * p.weight * (end - start) / 365.25))
        r = _reports(tagged, rng, n, start, end)
        r["unit"] = _successor_on(p.code, "reports", r["received_date"].to_numpy(), successions, rng)
        c, r = _cases(tagged, rng, r)
        c["unit"] = _successor_on(p.code, "investigation", c["initiated_date"].to_numpy(), successions, rng)
        c["_area"] = p.code
        v = _victims_of(tagged, rng, c)
        v["unit"] = _successor_on(p.code, "victims", v["received_date"].to_numpy(dtype=float), successions, rng)
        reports.append(r)
        cases.append(c)
        victims.append(v)
    police = [c for c in legacy if c.endswith("-" + CITY_POLICE)]
    victims.append(_victims_without_case(rng, police, start, end, 1.0, "NN-RET25"))
    case_frame = pd.concat(cases, ignore_index=True)
    victim_frame = pd.concat(victims, ignore_index=True)
    victim_frame = victim_frame[victim_frame["received_date"] <= end].reset_index(drop=True)
    tables = {"crime_reports": _format(pd.concat(reports, ignore_index=True), "crime_reports"),
              "cases": _format(case_frame, "cases"), "victims": _format(victim_frame, "victims")}
    tables["cases"]["_area"] = case_frame["_area"].to_numpy()
    return _law_2024(tables, registry, np.random.default_rng(seed + 29))


LAW_2024_FROM = "2025-07-01"  # the Law on Prevention and Combat of Human Trafficking 2024 in force (#29)
_CHANNELS = (("in_person", 0.35), ("hotline_111", 0.1), ("phone", 0.15), ("written", 0.2), ("online", 0.05),
             ("referral", 0.15))


def _law_2024_measure(measure: str) -> bool:
    from tipmonitor.model.measures import LAW_2024_BREAKDOWNS, LAW_2024_MEASURES

    return (measure in {m.id for m in LAW_2024_MEASURES}
            or any(measure.startswith(f"{base}[{dim}=") for base, dims in LAW_2024_BREAKDOWNS.items() for dim in dims))


def _law_2024(tables: dict[str, pd.DataFrame], registry, rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """The 2024 Law's fields on records from 1-7-2025 (its own random stream: every other draw stays as it was).

    Crime reports get the channel they came in by (a tenth by the 111 hotline); of the persons never identified,
    half are found not to be victims some weeks after receipt, the rest stay "being identified"; support kinds follow
    art. 37 (interpretation for some returned from abroad, legal information, vocational training apart); some
    victims come with a child under 18; and communes receive part of the victims returned without a case."""
    reports = tables["crime_reports"].copy()
    new = (reports["received_date"] >= LAW_2024_FROM).to_numpy()
    codes, shares = zip(*_CHANNELS)
    reports.loc[new, "channel"] = rng.choice(codes, int(new.sum()), p=np.array(shares) / sum(shares))
    victims = tables["victims"].copy()
    new = (victims["received_date"] >= LAW_2024_FROM).to_numpy()
    victims.loc[new, "role"] = "victim"
    open_ = new & (victims["identified_date"] == "").to_numpy()
    found_not = open_ & (rng.random(len(victims)) < 0.5)
    days = pd.to_datetime(victims.loc[found_not, "received_date"]) + pd.to_timedelta(rng.integers(10, 40, int(found_not.sum())), "D")
    victims.loc[found_not, "not_victim_date"] = [d if d <= AS_OF.isoformat() else "" for d in days.dt.strftime("%Y-%m-%d")]
    order = [c.code for c in TABLES["victims"].field("support_kinds").choices]
    kinds = []
    for given, is_new, abroad in zip(victims["support_kinds"], new, victims["destination_country"] != "VN"):
        chosen = set(given.split(";")) - {""}
        if not (is_new and chosen):  # before the Law, or no support: as drawn
            kinds.append(given)
            continue
        if "education" in chosen and rng.random() < 0.5:
            chosen = chosen - {"education"} | {"vocational"}
        if abroad and rng.random() < 0.15:
            chosen.add("interpretation")
        if rng.random() < 0.3:
            chosen.add("legal_information")
        kinds.append(";".join(sorted(chosen, key=order.index)))
    victims["support_kinds"] = kinds
    communes = registry.valid_on(date.fromisoformat(LAW_2024_FROM)).table
    communes = communes[communes["body"] == "commune"].index.to_numpy()
    returned = new & victims["victim_id"].str.startswith("NN-RET").to_numpy() & (rng.random(len(victims)) < 0.4)
    victims.loc[returned, "unit"] = rng.choice(communes, int(returned.sum()))
    with_child = new & (victims["identified_date"] != "").to_numpy() & (rng.random(len(victims)) < 0.05)
    children = victims[with_child].copy()
    children["victim_id"] = children["victim_id"].str.replace(r"-(\d{5})$", r"-DC-\1", regex=True)  # NN-269R-DC-00005
    children["role"], children["age_group"] = "accompanying_child", "child"
    for column in ("verified_date", "identified_date", "rescued_date", "protected_date", "not_victim_date"):
        children[column] = ""
    children["support_kinds"] = [";".join(k for k in kinds.split(";") if k in ("essentials", "medical", "psychological"))
                                 or "essentials" if kinds else "" for kinds in children["support_kinds"]]
    victims = pd.concat([victims, children], ignore_index=True)
    return {**tables, "crime_reports": reports, "victims": victims}


def _successor_on(area: str, family: str, days: np.ndarray, successions, rng: np.random.Generator) -> np.ndarray:
    """Who does ``family``'s work of ``area`` on each day: the area's unit, or its successors (drawn by weight)."""
    out = np.full(len(days), area, dtype=object)
    handovers = successions.successors(area, family)
    for effective in sorted({h.effective for h in handovers}):
        group = [h for h in handovers if h.effective == effective]
        weights = np.array([h.weight for h in group])
        on = days >= _day_number(effective)
        out[on] = rng.choice([h.successor for h in group], int(on.sum()), p=weights / weights.sum())
    return out


def _follow_reform(tables: dict[str, pd.DataFrame], registry, successions) -> dict[str, pd.DataFrame]:
    """Close a unit's open work by the day before it handed it over; give later procuracy and court stages to the successors."""
    out = {name: frame.copy() for name, frame in tables.items()}
    for (name, family), columns in _FAMILY_DATES.items():
        frame = out[name]
        for unit in frame["unit"].unique():
            handed = registry.handed_over(unit, family)
            if handed:
                last = (handed[0] - timedelta(days=1)).isoformat()
                mine = frame["unit"] == unit
                for column in columns:
                    frame.loc[mine & (frame[column] > last), column] = last
    cases = out["cases"]
    area = cases["_area"].where(cases["_area"].notna() & (cases["_area"] != ""), cases["unit"]) if "_area" in cases else cases["unit"]
    for family, unit_column, accepted, decision, city_agency in _STAGES:
        units = [_stage_unit(registry, successions, own, where, family, day, decided, city_agency)
                 for own, where, day, decided in zip(cases["unit"], area, cases[accepted], cases[decision])]
        cases[unit_column] = [u for u, _ in units]
        cases[decision] = [d for _, d in units]
    out["cases"] = cases.drop(columns="_area", errors="ignore")
    return out


def _stage_unit(registry, successions, own: str, area: str, family: str, day: str, decided: str,
                city_agency: str) -> tuple[str, str]:
    """The unit a case's procuracy or court stage belongs to (empty = the case's unit), and its decision day as kept.

    From 15-12-2024: the case's area (its district) while that still does the work, then the area's successor;
    the city police's own cases (an area with no successor) go to the city's procuracy or court.
    """
    if not day:
        return "", decided
    on = date.fromisoformat(day)
    if on < REFORM_FIRST_DAY:  # 2022-2024 as first drawn: the case's unit
        unit = own
    elif family in registry.families(area, on):
        unit = area
    else:
        moved = [h.successor for h in successions.successors(area, family) if h.effective <= on]
        unit = moved[0] if moved else f"{registry.table.loc[own, 'province_code']}-{city_agency}"
    handed = registry.handed_over(unit, family)
    if handed and decided and decided >= handed[0].isoformat():
        decided = (handed[0] - timedelta(days=1)).isoformat()
    return ("" if unit == own else unit), decided


def submissions_log(codes: list[str], seed: int = SEED, registry=None) -> pd.DataFrame:
    """When each unit sent each quarter's report: most on time, some late, a few never.

    2022-2024: every unit of ``codes``; from 2025 the units expected in each quarter (valid for part of it and
    reporting something then, model/units.py ``expected``) when ``registry`` is given.
    """
    rng = np.random.default_rng(seed + 1)
    rows = []
    for quarter in periods.quarters_between(2022, LAST_DAY.year):
        window = quarter.window()
        if window.end > LAST_DAY:
            break
        due = periods.due_date(quarter)
        expected = codes if registry is None or window.end <= LEGACY_LAST_DAY else list(registry.expected(window.start, window.end))
        for code in expected:
            u = rng.random()
            if u < 0.03:
                submitted = ""
            elif u < 0.13:
                submitted = (due + timedelta(days=int(rng.integers(1, 20)))).isoformat()
            else:
                submitted = (due - timedelta(days=int(rng.integers(0, 2)))).isoformat()
            rows.append({"unit": code, "period": quarter.label, "due_date": due.isoformat(), "submitted_on": submitted})
    return pd.DataFrame(rows)


def to_aggregates(tables: dict[str, pd.DataFrame], unit: str, from_year: int, rule: str = "official") -> dict[str, pd.DataFrame]:
    """Replace one unit's records from ``from_year`` on by its quarterly counts (as that unit would send them)."""
    from tipmonitor.metrics.counts import record_cube, windows_for
    from tipmonitor.intake.loading import load_tables_from_text

    dataset = load_tables_from_text(tables)
    quarters = [q for q in periods.quarters_between(from_year, LEGACY_LAST_DAY.year)]
    cube = record_cube(dataset, windows_for(quarters, rule), [unit])
    long = cube.reset_index().melt(id_vars=["window", "unit"], var_name="measure", value_name="value")
    long = long[long["value"].notna()]
    long = long[~((long["measure"].str.contains(r"\[", regex=True)) & (long["value"] == 0))]
    long = long[~long["measure"].map(_law_2024_measure)]  # a 2023-2024 form has no line for them
    aggregates = pd.DataFrame({"unit": long["unit"], "period": long["window"], "measure": long["measure"],
                               "value": long["value"].astype(int).astype(str)}).reset_index(drop=True)
    start = periods.Period(from_year, "year").window(rule).start.isoformat()
    out = dict(tables)
    for name, entry in (("crime_reports", "received_date"), ("cases", "initiated_date"), ("victims", "received_date")):
        frame = out[name]
        out[name] = frame[~((frame["unit"] == unit) & (frame[entry] >= start))].reset_index(drop=True)
    # Links into removed cases go with them.
    kept = set(out["cases"]["case_id"])
    for name in ("crime_reports", "victims"):
        frame = out[name].copy()
        frame.loc[(frame["case_id"] != "") & ~frame["case_id"].isin(kept), "case_id"] = ""
        out[name] = frame
    out["aggregates"] = aggregates
    return out


# Tables whose rows carry their period (counts, the task groups' activities and texts), not an entry date.
PERIOD_TABLES = ("aggregates", "activities", "unit_texts")


def write_sample(folder: Path, seed: int = SEED) -> list[Path]:
    """Write the committed sample: one CSV per table and the submission log."""
    from tipmonitor.model.successions import load_successions
    from tipmonitor.model.units import load_registry

    folder.mkdir(parents=True, exist_ok=True)
    registry, successions = load_registry(), load_successions()
    codes = case_units(registry)
    # The reform is followed before the counts too: intake refuses a district's decisions after its hand-over.
    legacy = to_aggregates(_follow_reform(generate(seed, codes), registry, successions), AGGREGATE_UNIT, AGGREGATE_FROM)
    reform = _reform_part(seed, registry, successions)
    tables = {name: pd.concat([legacy[name], reform[name]], ignore_index=True) if name in reform else legacy[name]
              for name in legacy}
    tables = _follow_reform(tables, registry, successions)
    written = []
    for name, frame in tables.items():
        path = folder / f"{name}.csv"
        frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        written.append(path)
    log = folder / "meta" / "submissions_log.csv"
    log.parent.mkdir(exist_ok=True)
    submissions_log(codes, seed, registry).to_csv(log, index=False, encoding="utf-8", lineterminator="\n")
    written.append(log)
    written += write_task_group_sample(folder, 2022, LAST_DAY)
    (folder / ".generated").write_text(f"seed={seed}\n", encoding="utf-8")
    return written


def write_scale(folder: Path, rows: int, seed: int = SEED) -> list[Path]:
    """Benchmark data: about ``rows`` case rows (with proportional reports and victims) as Parquet.

    Written in a hidden folder beside ``folder`` and moved in when complete, cases.parquet last: a
    generation stopped half-way (10^7 rows take minutes) leaves no partial table that a later run
    would take for the whole."""
    import os
    import shutil

    from tipmonitor.model.units import load_registry

    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    building = folder.parent / f".{folder.name}.building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    codes = case_units(load_registry())
    cases_per_scale_one = 105  # cases the committed sample has at scale 1 (about 35 a year over three years)
    # Above 10^6 rows, in parts of 10^6 (own seed each, ids prefixed by the part): memory stays that of 10^6.
    parts = max(1, -(-rows // SCALE_PART_ROWS))
    writers: dict[str, pq.ParquetWriter] = {}
    try:
        try:
            for part in range(parts):
                tables = generate(seed + part, codes, scale=rows / parts / cases_per_scale_one)
                for name, frame in tables.items():
                    if parts > 1:
                        for column in ("report_id", "case_id", "victim_id"):
                            if column in frame.columns:
                                frame[column] = frame[column].where(frame[column] == "", f"P{part:02d}-" + frame[column])
                    table = pa.Table.from_pandas(frame, preserve_index=False)
                    if name not in writers:
                        writers[name] = pq.ParquetWriter(building / f"{name}.parquet", table.schema)
                    writers[name].write_table(table)
        finally:
            for writer in writers.values():
                writer.close()
        for name in sorted(writers, key=lambda name: name == "cases"):
            os.replace(building / f"{name}.parquet", folder / f"{name}.parquet")
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return [folder / f"{name}.parquet" for name in writers]


SCALE_PART_ROWS = 1_000_000


def _write_csv(path: Path, columns: list[str], rows: list[list[str]]) -> None:
    """Text cells as ``DataFrame.to_csv(path, index=False)`` writes them (the same bytes: pandas writes through the
    csv module, quoting as needed, lines ended by \\n), without its cost per call (a sample has 2,865 files)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def write_submissions(folder: Path, sample: Path | None = None, rule: str = "official") -> list[tuple[Path, str, str, str]]:
    """Split the sample into what each unit sent each quarter: one folder per (quarter, unit).

    A unit's quarterly submission holds the records that entered in that quarter, as
    they stand now. Where the log says a unit sent nothing for a quarter, those
    records arrive with its next submission (entered late, changing past figures).
    Returns (folder, unit, period, received_on) for each submission, in the order
    they arrived.
    """
    from tipmonitor.core import paths

    sample = sample or paths.sample_dir()
    log = pd.read_csv(sample / "meta" / "submissions_log.csv", dtype=str, keep_default_na=False)
    quarters = [q for q in periods.quarters_between(2022, LAST_DAY.year) if q.window(rule).end <= LAST_DAY]
    ends = [q.window(rule).end.isoformat() for q in quarters]
    entry = {"crime_reports": "received_date", "cases": "initiated_date", "victims": "received_date"}
    tables = {name: pd.read_csv(sample / f"{name}.csv", dtype=str, keep_default_na=False) for name in (*entry, *PERIOD_TABLES)
              if (sample / f"{name}.csv").exists()}
    sent = {(r.unit, r.period): r.submitted_on for r in log.itertuples()}
    out = []
    for name, frame in tables.items():
        if name in PERIOD_TABLES:
            quarter_of = frame["period"].map({q.label: i for i, q in enumerate(quarters)}).to_numpy()
        else:
            quarter_of = np.searchsorted(np.array(ends), frame[entry[name]].to_numpy(dtype=str), side="left")
        frame["_quarter"] = np.minimum(quarter_of, len(quarters) - 1)
    # Each table split by unit once (rows in their order, as lists of cells): a unit's quarters are then cut from
    # its own rows.
    columns = {name: [c for c in frame.columns if c != "_quarter"] for name, frame in tables.items()}
    by_unit = {name: {unit: (part[columns[name]].to_numpy(dtype=object).tolist(), part["_quarter"].to_numpy())
                      for unit, part in frame.groupby("unit", sort=False)} for name, frame in tables.items()}
    units = sorted(set(log["unit"]))
    for unit in units:
        carry = 0  # quarters whose records wait for the next submission
        for i, quarter in enumerate(quarters):
            received_on = sent.get((unit, quarter.label), "")
            if not received_on:
                carry += 1
                continue
            target = folder / quarter.label / unit
            target.mkdir(parents=True, exist_ok=True)
            wrote = False
            for name in tables:
                mine, quarter_of = by_unit[name].get(unit, (None, None))
                if mine is None:
                    continue
                part = np.flatnonzero((quarter_of >= i - carry) & (quarter_of <= i))
                if len(part):
                    _write_csv(target / f"{name}.csv", columns[name], [mine[j] for j in part])
                    wrote = True
            if not wrote:  # nothing to report is reported too: an empty register
                _write_csv(target / "crime_reports.csv", columns["crime_reports"], [])
            carry = 0
            out.append((target, unit, quarter.label, received_on))
    return sorted(out, key=lambda s: (s[3], s[2], s[1]))
