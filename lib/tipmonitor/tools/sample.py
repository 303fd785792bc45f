"""Synthetic sample data: a seeded generator of realistic, entirely made-up records.

Writes 2022-2024 (with carry-over from late 2021) at case level for every unit of
the configured city: crime reports, the cases initiated from them, their victims,
and a submission log. Magnitudes follow the domain brief: a city sees a few dozen
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
LAST_DAY = date(2024, 12, 14)  # the official end of 2024
AS_OF = date(2025, 1, 10)  # the day the sample was "extracted": later events have not happened
AGGREGATE_UNIT = "269"  # Thị xã Sơn Tây sends counts, not records, from 2023
AGGREGATE_FROM = 2023


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
        codes = load_registry(on=date(2023, 6, 30)).codes
    profiles = _profiles(codes, rng)
    start, end = _day_number(FIRST_DAY), _day_number(LAST_DAY)
    reports, cases, victims = [], [], []
    for p in profiles:
        years = (end - start) / 365.25
        n = int(rng.poisson(5.0 * p.weight * years * scale))
        r = _reports(p, rng, n, start, end)
        c, r = _cases(p, rng, r)
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


def _cases(p: UnitProfile, rng: np.random.Generator, reports: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    initiated_from = reports[(reports["decision"] == "initiate") & (reports["decision_date"] <= _day_number(AS_OF))]
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


def _victims_without_case(rng: np.random.Generator, codes: list[str], start: int, end: int, scale: float) -> pd.DataFrame:
    """Victims received without a case in the city: returned from abroad, referred by the Border Guard."""
    n = int(rng.poisson(18 * (end - start) / 365.25 * scale))
    units = [c for c in codes if c.endswith("-PC02")] or codes[:1]
    received = rng.integers(start, end + 1, n).astype(float)
    exploitation = rng.choice(["forced_labour", "sexual", "forced_marriage", "other"], n, p=[0.5, 0.3, 0.15, 0.05])
    destination = rng.choice(["KH", "CN", "MM", "LA"], n, p=[0.5, 0.3, 0.15, 0.05])
    return _victim_frame(rng, n, received, np.full(n, units[0]), np.full(n, ""), exploitation, destination, 0.9, "NN-RET")


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
    return out[list(spec.columns)]


def submissions_log(codes: list[str], seed: int = SEED) -> pd.DataFrame:
    """When each unit sent each quarter's report: most on time, some late, a few never."""
    rng = np.random.default_rng(seed + 1)
    rows = []
    for quarter in periods.quarters_between(2022, 2024):
        due = periods.due_date(quarter)
        for code in codes:
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
    quarters = [q for q in periods.quarters_between(from_year, LAST_DAY.year)]
    cube = record_cube(dataset, windows_for(quarters, rule), [unit])
    long = cube.reset_index().melt(id_vars=["window", "unit"], var_name="measure", value_name="value")
    long = long[long["value"].notna()]
    long = long[~((long["measure"].str.contains(r"\[", regex=True)) & (long["value"] == 0))]
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
    from tipmonitor.model.units import load_registry

    folder.mkdir(parents=True, exist_ok=True)
    codes = load_registry(on=date(2023, 6, 30)).codes
    tables = to_aggregates(generate(seed, codes), AGGREGATE_UNIT, AGGREGATE_FROM)
    written = []
    for name, frame in tables.items():
        path = folder / f"{name}.csv"
        frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        written.append(path)
    log = folder / "meta" / "submissions_log.csv"
    log.parent.mkdir(exist_ok=True)
    submissions_log(codes, seed).to_csv(log, index=False, encoding="utf-8", lineterminator="\n")
    written.append(log)
    written += write_task_group_sample(folder, 2022, LAST_DAY)
    (folder / ".generated").write_text(f"seed={seed}\n", encoding="utf-8")
    return written


def write_scale(folder: Path, rows: int, seed: int = SEED) -> list[Path]:
    """Benchmark data: about ``rows`` case rows (with proportional reports and victims) as Parquet."""
    from tipmonitor.model.units import load_registry

    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    codes = load_registry(on=date(2023, 6, 30)).codes
    cases_per_scale_one = 105  # cases the committed sample has at scale 1 (about 35 a year over three years)
    # Above 10^6 rows, in parts of 10^6 (own seed each, ids prefixed by the part): memory stays that of 10^6.
    parts = max(1, -(-rows // SCALE_PART_ROWS))
    writers: dict[str, pq.ParquetWriter] = {}
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
                    writers[name] = pq.ParquetWriter(folder / f"{name}.parquet", table.schema)
                writers[name].write_table(table)
    finally:
        for writer in writers.values():
            writer.close()
    return [folder / f"{name}.parquet" for name in writers]


SCALE_PART_ROWS = 1_000_000


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
    quarters = periods.quarters_between(2022, LAST_DAY.year)
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
            for name, frame in tables.items():
                part = frame[(frame["unit"] == unit) & frame["_quarter"].between(i - carry, i)]
                if len(part):
                    part.drop(columns="_quarter").to_csv(target / f"{name}.csv", index=False, encoding="utf-8")
                    wrote = True
            if not wrote:  # nothing to report is reported too: an empty register
                tables["crime_reports"].iloc[:0].drop(columns="_quarter").to_csv(target / "crime_reports.csv", index=False)
            carry = 0
            out.append((target, unit, quarter.label, received_on))
    return sorted(out, key=lambda s: (s[3], s[2], s[1]))
