"""Property-based tests of the counts and indicators (hypothesis): invariants on random valid data."""

from datetime import date, timedelta

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tipmonitor.metrics.counts import aggregate_cube, build_cube, record_cube, windows_for
from tipmonitor.metrics.evaluation import CITY, indicator_values, with_city
from tipmonitor.model.dataset import Dataset, empty_table
from tipmonitor.metrics.registry import load_registry
from tipmonitor.model.schema import TABLES
import pytest

pytestmark = pytest.mark.slow  # `make check` leaves it out; `make test` runs it

UNITS = ["001", "002", "003"]
ORIGIN = date(2022, 10, 1)
WINDOWS = windows_for(["2023-Q1", "2023-Q2", "2023-H1", "2023-05", "2023-YTD09", "2023"])
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

days = st.integers(0, 500)
maybe_gap = st.one_of(st.none(), st.integers(0, 200))


@st.composite
def reports(draw):
    rows = []
    for i in range(draw(st.integers(0, 25))):
        received = draw(days)
        decided = draw(maybe_gap)
        classified = draw(maybe_gap)
        extension = draw(st.one_of(st.none(), st.integers(0, 30)))
        rows.append(dict(
            report_id=f"R{i}", unit=draw(st.sampled_from(UNITS)), kind="report",
            received_date=ORIGIN + timedelta(received),
            classified_date=None if classified is None else ORIGIN + timedelta(received + classified),
            extension_date=None if extension is None else ORIGIN + timedelta(received + extension),
            decision_date=None if decided is None else ORIGIN + timedelta(received + decided),
            decision=None if decided is None else draw(st.sampled_from(
                ["initiate", "not_initiate", "suspend", "administrative", "transferred"])),
        ))
    return rows


@st.composite
def cases(draw):
    rows = []
    for i in range(draw(st.integers(0, 15))):
        t = draw(days)
        solved, inv, acc, dec, court_acc, court_dec = (draw(maybe_gap) for _ in range(6))
        row = dict(case_id=f"C{i}", unit=draw(st.sampled_from(UNITS)), initiated_date=ORIGIN + timedelta(t),
                   solved_date=None if solved is None else ORIGIN + timedelta(t + solved),
                   suspects=draw(st.integers(0, 5)), victims=draw(st.integers(0, 5)))
        stages = [("investigation_end_date", "investigation_outcome", inv, ["recommend_prosecution", "suspended", "transferred"]),
                  ("procuracy_accepted_date", None, acc, None),
                  ("procuracy_decision_date", "procuracy_decision", dec, ["indicted", "returned", "terminated", "transferred"]),
                  ("court_accepted_date", None, court_acc, None),
                  ("court_decision_date", "court_outcome", court_dec, ["tried", "returned", "transferred"])]
        for date_field, outcome_field, gap, outcomes in stages:
            if gap is None:
                break
            t += gap
            row[date_field] = ORIGIN + timedelta(t)
            if outcome_field:
                row[outcome_field] = draw(st.sampled_from(outcomes))
        rows.append(row)
    return rows


def typed(table: str, rows: list[dict]) -> pd.DataFrame:
    frame = empty_table(TABLES[table])
    if not rows:
        return frame
    data = pd.DataFrame(rows)
    out = {}
    for f in TABLES[table].fields:
        column = data[f.name] if f.name in data else pd.Series([None] * len(data))
        if f.kind == "date":
            out[f.name] = pd.to_datetime(column).astype("datetime64[s]")
        elif f.kind == "int":
            out[f.name] = column.astype("Int64")
        else:
            out[f.name] = column.astype("string")
    result = pd.DataFrame(out)
    result["_file"] = "generated"
    result["_row"] = np.arange(len(result)) + 2
    return result


def dataset(report_rows, case_rows) -> Dataset:
    d = Dataset.empty()
    d.crime_reports = typed("crime_reports", report_rows)
    d.cases = typed("cases", case_rows)
    return d


@SETTINGS
@given(reports(), cases())
def test_rates_are_fractions_and_numerators_never_exceed_denominators(report_rows, case_rows):
    cube = with_city(build_cube(dataset(report_rows, case_rows), WINDOWS, UNITS))
    values = indicator_values(cube, load_registry())
    assert (values["denominator"] >= 0).all()
    assert (values["numerator"] >= 0).all()
    assert (values["numerator"] <= values["denominator"]).all()
    known = values["value"].dropna()
    assert ((known >= 0) & (known <= 1)).all()
    assert values.loc[values["denominator"] == 0, "value"].isna().all()


@SETTINGS
@given(reports(), cases())
def test_city_counts_equal_the_sum_of_the_units(report_rows, case_rows):
    # Independent of with_city's arithmetic: the same records all filed under one unit give the city's counts.
    cube = with_city(build_cube(dataset(report_rows, case_rows), WINDOWS, UNITS))
    one_unit = build_cube(dataset([dict(r, unit=UNITS[0]) for r in report_rows],
                                  [dict(c, unit=UNITS[0]) for c in case_rows]), WINDOWS, [UNITS[0]])
    city = cube.xs(CITY, level="unit")
    pd.testing.assert_frame_equal(one_unit.xs(UNITS[0], level="unit")[city.columns], city, check_names=False)


@SETTINGS
@given(reports(), cases(), st.integers(0, 400))
def test_events_after_a_windows_end_change_nothing_in_it(report_rows, case_rows, cut):
    """Dropping every event dated after a window's end leaves that window's counts unchanged."""
    window = WINDOWS[1]  # 2023-Q2
    end = window.end

    def as_of(rows):
        out = []
        for row in rows:
            kept = {}
            for key, value in row.items():
                if isinstance(value, date) and value > end:
                    continue
                kept[key] = value
            # An outcome goes with its date.
            for date_field, outcome_field in (("decision_date", "decision"), ("investigation_end_date", "investigation_outcome"),
                                              ("procuracy_decision_date", "procuracy_decision"),
                                              ("court_decision_date", "court_outcome")):
                if date_field not in kept:
                    kept.pop(outcome_field, None)
            if any(isinstance(v, date) for v in kept.values()) and ("received_date" in kept or "initiated_date" in kept):
                out.append(kept)
        return out

    full = record_cube(dataset(report_rows, case_rows), [window], UNITS)
    truncated = record_cube(dataset(as_of(report_rows), as_of(case_rows)), [window], UNITS)
    pd.testing.assert_frame_equal(full[truncated.columns], truncated)


@SETTINGS
@given(reports(), cases())
def test_the_aggregate_path_equals_the_record_path(report_rows, case_rows):
    windows = windows_for(["2023-Q2", "2023-H1"])
    records = record_cube(dataset(report_rows, case_rows), windows, UNITS)
    long = records.reset_index().melt(id_vars=["window", "unit"], var_name="measure", value_name="value")
    aggregates = long.rename(columns={"window": "period"})
    from_aggregates = aggregate_cube(aggregates, windows)
    pd.testing.assert_frame_equal(from_aggregates.loc[records.index, records.columns], records)


def _naive_cube(report_rows, case_rows, window, unit):
    """The definitions of docs/data-model.md applied record by record, in plain Python."""
    s, t = window.start, window.end
    out = {}

    def pipeline(stage, rows, entry, exit_, outcome, outcomes):
        rows = [r for r in rows if r["unit"] == unit and r.get(entry)]
        exited = lambda r, lo, hi: r.get(exit_) is not None and lo <= r[exit_] <= hi  # noqa: E731
        out[f"{stage}.opening"] = sum(r[entry] < s and (r.get(exit_) is None or r[exit_] >= s) for r in rows)
        out[f"{stage}.intake"] = sum(s <= r[entry] <= t for r in rows)
        out[f"{stage}.closing"] = sum(r[entry] <= t and (r.get(exit_) is None or r[exit_] > t) for r in rows)
        out[f"{stage}.transferred"] = sum(exited(r, s, t) and r[outcome] == "transferred" for r in rows)
        out[f"{stage}.resolved"] = sum(exited(r, s, t) and r[outcome] != "transferred" for r in rows)
        for o in outcomes:
            out[f"{stage}.resolved_{o}"] = sum(exited(r, s, t) and r[outcome] == o for r in rows)

    pipeline("reports", report_rows, "received_date", "decision_date", "decision",
             ["initiate", "not_initiate", "suspend", "administrative"])
    pipeline("investigation", case_rows, "initiated_date", "investigation_end_date", "investigation_outcome",
             ["recommend_prosecution", "suspended", "terminated"])
    pipeline("procuracy", case_rows, "procuracy_accepted_date", "procuracy_decision_date", "procuracy_decision",
             ["indicted", "returned", "suspended", "terminated"])
    pipeline("court", case_rows, "court_accepted_date", "court_decision_date", "court_outcome",
             ["tried", "returned", "suspended", "terminated"])
    mine = [r for r in report_rows if r["unit"] == unit]
    out["reports.intake_classified"] = sum(s <= r["received_date"] <= t and r.get("classified_date") is not None
                                           and r["classified_date"] <= t for r in mine)

    def overdue(r):
        if r["received_date"] > t or (r.get("decision_date") is not None and r["decision_date"] <= t):
            return False
        limit = r["received_date"] + timedelta(days=20)
        if r.get("extension_date") is not None and r["extension_date"] <= t:
            limit = (pd.Timestamp(r["received_date"]) + pd.DateOffset(months=2)).date()
        return limit < t

    out["reports.overdue"] = sum(overdue(r) for r in mine)
    cases_mine = [r for r in case_rows if r["unit"] == unit]
    out["investigation.intake_solved"] = sum(s <= r["initiated_date"] <= t and r.get("solved_date") is not None
                                             and r["solved_date"] <= t for r in cases_mine)
    out["investigation.suspects"] = sum(r["suspects"] for r in cases_mine if s <= r["initiated_date"] <= t)
    return out


@SETTINGS
@given(reports(), cases(), st.sampled_from(WINDOWS), st.sampled_from(UNITS))
def test_the_engine_agrees_with_the_definitions_applied_record_by_record(report_rows, case_rows, window, unit):
    cube = record_cube(dataset(report_rows, case_rows), [window], UNITS)
    expected = _naive_cube(report_rows, case_rows, window, unit)
    got = cube.loc[(window.label, unit)]
    for measure, value in expected.items():
        assert got[measure] == value, measure
