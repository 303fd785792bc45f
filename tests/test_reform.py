"""Comparisons with 2022 across the 2025 reform, worked out by hand from a small fixture.

Official periods (15th-14th): 2022-Q1 = 15/12/2021-14/03/2022, 2022-Q3 = 15/06/2022-14/09/2022,
2022-9M (year to date at Q3) = 15/12/2021-14/09/2022, the year 2022 = 15/12/2021-14/12/2022.
Units 006 (Đống Đa) and 009 (Thanh Xuân) are districts of 2022 (registry: valid until 30/06/2025).

    report  unit  received    classified  decided     window
    A1      006   01/07/2022  01/07/2022  20/07/2022  Q3
    A2      006   01/08/2022  02/08/2022  01/10/2022  Q3 (decided in Q4)
    A3      006   01/02/2022  01/02/2022  01/03/2022  Q1
    C1      009   10/08/2022  -           01/09/2022  Q3, never classified
    C2      009   01/11/2022  01/11/2022  -           Q4, pending

T1 (classified, cohort of reports received in the window):
    2022-Q3: A1, A2, C1 received; A1, A2 classified          -> 2/3
    2022-9M: A3, A1, A2, C1 received; A3, A1, A2 classified  -> 3/4
    2022:    + C2 received and classified                    -> 4/5
T2 (resolved, pipeline: resolved / (carried over + new - transferred)):
    2022-Q3: nothing carried over into 15/06; 3 new; A1, C1 resolved   -> 2/3
"""

from datetime import date

import pandas as pd
import pytest

from conftest import make_dataset
from tipmonitor.metrics.evaluation import CITY, evaluate
from tipmonitor.metrics.registry import load_registry
from tipmonitor.metrics.reform import Basis, basis
from tipmonitor.model.successions import Succession, Successions
from conftest import inputs_of
from tipmonitor.model import periods

REPORTS = [
    dict(report_id="A1", unit="006", kind="report", received_date="2022-07-01", classified_date="2022-07-01",
         decision_date="2022-07-20", decision="not_initiate"),
    dict(report_id="A2", unit="006", kind="report", received_date="2022-08-01", classified_date="2022-08-02",
         decision_date="2022-10-01", decision="administrative"),
    dict(report_id="A3", unit="006", kind="report", received_date="2022-02-01", classified_date="2022-02-01",
         decision_date="2022-03-01", decision="not_initiate"),
    dict(report_id="C1", unit="009", kind="report", received_date="2022-08-10",
         decision_date="2022-09-01", decision="administrative"),
    dict(report_id="C2", unit="009", kind="report", received_date="2022-11-01", classified_date="2022-11-01"),
]

EFFECTIVE = date(2025, 7, 1)
SOURCE = "Nghị quyết 81/2025/UBTVQH15"


def hand_over(predecessor, successor, scope="reports", weight=1.0):
    return Succession(predecessor, successor, EFFECTIVE, scope, weight, SOURCE)


# KV2 (a unit created by the reform) takes over the reports of 006 and 009 whole; P1 and P2 each take half
# of 006's; 009 is absorbed by the unit TP, which existed in 2022 (it sent nothing then); NEW has no
# predecessor; HCM has one from another province (BD9, not in the registry).
SUCCESSIONS = Successions((
    hand_over("006", "KV2"), hand_over("009", "KV2"),
    hand_over("006", "P1", "all", 0.5), hand_over("006", "P2", "all", 0.5),
    hand_over("009", "TP", "all"),
    hand_over("BD9", "HCM", "all"),
))
BASELINE_UNITS = ["006", "009", "TP"]


@pytest.fixture(scope="module")
def dataset():
    return make_dataset(REPORTS)


def row(evaluation, unit, indicator, scope="period"):
    t = evaluation.table
    return t[(t["unit"] == unit) & (t["indicator"] == indicator) & (t["scope"] == scope)].iloc[0]


def city_baselines(evaluation):
    out = {}
    for indicator in ("T1_classification", "T2_report_resolution"):
        for scope in ("period", "ytd"):
            r = row(evaluation, CITY, indicator, scope)
            out[(indicator, scope)] = (r["baseline_numerator"], r["baseline_denominator"],
                                       r["baseline_year_numerator"], r["baseline_year_denominator"])
    return out


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_the_city_baseline_is_the_same_before_and_after_the_reform(dataset):
    # 2024-Q3 is reported by the districts; 2025-Q3 and 2026-Q3 by units that did not exist in 2022.
    # The baseline units are left to the default: every unit of the registry valid at some day of 2022.
    seen = {}
    for period, units in (("2024-Q3", ["006", "009"]), ("2025-Q3", ["KV2"]), ("2026-Q3", ["KV2", "P1"])):
        evaluation = evaluate(inputs_of(dataset, baseline_table=None, successions=SUCCESSIONS), periods.parse(period), units=units)
        seen[period] = city_baselines(evaluation)
        assert {"006", "009"} <= set(evaluation.baseline_units)
    expected = {
        ("T1_classification", "period"): (2, 3, 4, 5),  # 2022-Q3 2/3; the year 2022 4/5
        ("T1_classification", "ytd"): (3, 4, 4, 5),  # 2022-9M 3/4
        ("T2_report_resolution", "period"): (2, 3, None, None),
    }
    for key, (n, d, yn, yd) in expected.items():
        got = seen["2024-Q3"][key]
        assert (got[0], got[1]) == (n, d), key
        if yn is not None:
            assert (got[2], got[3]) == (yn, yd), key
    assert seen["2024-Q3"] == seen["2025-Q3"] == seen["2026-Q3"]


def test_a_unit_created_by_the_reform_compares_through_its_predecessors(dataset):
    evaluation = evaluate(inputs_of(dataset, baseline_table=None, successions=SUCCESSIONS), periods.parse("2025-Q3"), units=["KV2"], baseline_units=BASELINE_UNITS)
    r = row(evaluation, "KV2", "T1_classification")
    # 006 + 009 in 2022-Q3: 2 classified of 3 received; the year: 4/5.
    assert (r["baseline_numerator"], r["baseline_denominator"]) == (2, 3)
    assert (r["baseline_year_numerator"], r["baseline_year_denominator"]) == (4, 5)
    assert r["baseline_basis"] == "predecessors: 006 + 009"
    assert r["baseline_source"] == "records"
    # The victims' indicator has no hand-over into KV2 (scope "reports" only): no comparison, with the reason.
    victims = row(evaluation, "KV2", "T6_victim_support")
    assert victims["baseline_basis"] == "none: no_predecessor"
    assert pd.isna(victims["baseline_denominator"]) and pd.isna(victims["baseline_value"])


def test_a_split_predecessor_gives_an_estimate_with_the_declared_weight(dataset):
    evaluation = evaluate(inputs_of(dataset, baseline_table=None, successions=SUCCESSIONS), periods.parse("2025-Q3"), units=["P1"], baseline_units=BASELINE_UNITS)
    r = row(evaluation, "P1", "T1_classification", "ytd")
    # Half of 006's 2022-9M: A3, A1, A2 received and classified -> 1.5 of 1.5, rounded to whole items: 2/2.
    assert (r["baseline_numerator"], r["baseline_denominator"]) == (2, 2)
    assert r["baseline_basis"] == "estimate: 006×0.5"


def test_a_unit_that_existed_compares_with_itself_plus_what_it_absorbed(dataset):
    evaluation = evaluate(inputs_of(dataset, baseline_table=None, successions=SUCCESSIONS), periods.parse("2025-Q3"), units=["TP"], baseline_units=BASELINE_UNITS)
    r = row(evaluation, "TP", "T1_classification")
    # TP sent nothing in 2022; with 009's 2022-Q3 (C1 received, not classified): 0/1.
    assert (r["baseline_numerator"], r["baseline_denominator"]) == (0, 1)
    assert r["baseline_basis"] == "predecessors: TP + 009"


def test_work_absorbed_later_is_not_in_a_comparison_of_an_earlier_period(dataset):
    # TP takes over 009's work on 1-7-2025: in 2024-Q3 TP is compared with itself alone (it sent nothing in
    # 2022: 0 received, no comparison figure), and 009 keeps its own 2022-Q3 (C1 received, not classified:
    # 0/1) - the report is not counted for both.
    evaluation = evaluate(inputs_of(dataset, baseline_table=None, successions=SUCCESSIONS), periods.parse("2024-Q3"), units=["TP", "009"], baseline_units=BASELINE_UNITS)
    tp = row(evaluation, "TP", "T1_classification")
    assert tp["baseline_basis"] == "self"
    own = row(evaluation, "009", "T1_classification")
    assert (own["baseline_numerator"], own["baseline_denominator"]) == (0, 1)


def test_the_trend_and_the_scorecard_give_an_absorbing_unit_the_same_baseline_year(dataset):
    # The city police (01-PC02, in the registry since before 2022; it sent nothing in 2022) absorbs 009's
    # work on 1-7-2025. For 2025-Q3 it is itself plus 009. The year 2022 of 009: C1 received, not
    # classified; C2 received and classified -> T1 = 1/2 = 0.5, on both pages.
    from tipmonitor.metrics.evaluation import trend

    absorbed = Successions((hand_over("009", "01-PC02", "all"),))
    evaluation = evaluate(inputs_of(dataset, baseline_table=None, successions=absorbed), periods.parse("2025-Q3"), units=["01-PC02"], baseline_units=["006", "009", "01-PC02"])
    assert row(evaluation, "01-PC02", "T1_classification")["baseline_year_value"] == 0.5
    lines = trend(inputs_of(dataset, successions=absorbed), periods.parse("2025-Q3"), units=["01-PC02"], span_units=["006", "009", "01-PC02"])
    police = lines[(lines["unit"] == "01-PC02") & (lines["indicator"] == "T1_classification")]
    assert set(police["baseline_year_value"]) == {0.5}


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_the_city_year_to_date_keeps_the_work_of_units_that_ended_during_the_year():
    # District 006 (valid until 30-6-2025) received B1 on 10-1-2025 and classified it; the city police
    # (01-PC02) received B2 on 20-6-2025 and classified it. 2025-9M = 15/12/2024-14/09/2025: both are in the
    # city's year to date although 006 no longer exists at the period's end (14-9-2025): T1 = 2/2.
    reports = [dict(report_id="B1", unit="006", kind="report", received_date="2025-01-10",
                    classified_date="2025-01-10"),
               dict(report_id="B2", unit="01-PC02", kind="report", received_date="2025-06-20",
                    classified_date="2025-06-20")]
    evaluation = evaluate(inputs_of(make_dataset(reports), baseline_table=None), periods.parse("2025-Q3"))
    city = row(evaluation, CITY, "T1_classification", "ytd")
    assert (city["numerator"], city["denominator"]) == (2, 2)
    assert "006" not in set(evaluation.table["unit"])  # counted for the city, not shown as a unit of 2025-Q3


def test_no_predecessor_or_one_from_another_province_is_no_comparison_with_its_reason():
    registry = load_registry()
    indicator = registry.indicators["T2_report_resolution"]
    known = set(BASELINE_UNITS) | {"NEW", "HCM"}
    assert basis("NEW", indicator, SUCCESSIONS, set(BASELINE_UNITS), known) == Basis("none", (), "no_predecessor")
    assert basis("HCM", indicator, SUCCESSIONS, set(BASELINE_UNITS), known) == Basis("none", (), "outside", ("BD9",))


def test_the_city_baseline_says_which_predecessors_from_elsewhere_it_does_not_cover(dataset):
    evaluation = evaluate(inputs_of(dataset, baseline_table=None, successions=SUCCESSIONS), periods.parse("2025-Q3"), units=["HCM"], baseline_units=BASELINE_UNITS)
    assert evaluation.bases[(CITY, "T1_classification")].outside == ("BD9",)
    assert row(evaluation, CITY, "T1_classification")["baseline_basis"] == "self"


def test_the_page_names_the_predecessors_from_the_unit_registry(dataset):
    from tipmonitor.present.comparison import basis_text, page_basis
    from tipmonitor.present.workbook import kpi_table

    evaluation = evaluate(inputs_of(dataset, baseline_table=None, successions=SUCCESSIONS), periods.parse("2025-Q3"), units=["KV2", "P1"], baseline_units=BASELINE_UNITS)
    kv2 = evaluation.bases[("KV2", "T1_classification")]
    assert basis_text(kv2, 2022, "vi") == "so với 2022: Đống Đa + Thanh Xuân"
    assert basis_text(kv2, 2022, "en") == "vs 2022: Dong Da + Thanh Xuan"
    assert basis_text(evaluation.bases[("P1", "T1_classification")], 2022, "vi") == "ước tính so với 2022: 50% Đống Đa"
    none = basis_text(evaluation.bases[("KV2", "T6_victim_support")], 2022, "en")
    assert none == "no comparison with 2022: a new unit with no predecessor declared for these figures"
    # The unit page: one sentence per basis, naming the indicators of each.
    assert "so với 2022: Đống Đa + Thanh Xuân." in page_basis(evaluation, "KV2", "vi")
    # The workbook and the CSV files carry the same words in their own column.
    table = kpi_table(evaluation, "vi", city=False)
    row = table[(table["unit"] == "KV2") & (table["indicator"] == "T1_classification")].iloc[0]
    assert row["baseline_basis"] == "so với 2022: Đống Đa + Thanh Xuân"


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_a_public_baseline_through_predecessors_is_withheld_when_a_predecessor_is(dataset):
    from tipmonitor.metrics.disclosure import protect
    from tipmonitor.metrics.evaluation import trend

    inputs = inputs_of(dataset, baseline_table=None, successions=SUCCESSIONS)
    evaluation = evaluate(inputs, periods.parse("2025-Q3"), units=["KV2"], baseline_units=BASELINE_UNITS)
    series = trend(inputs, periods.parse("2025-Q3"), units=["KV2"], span_units=BASELINE_UNITS)
    # Threshold 2: 009's 2022-Q3 classification is 0/1 (withheld); 006's is 2/2. KV2's baseline 2/3 is not
    # small itself, but showing it beside 006's published 2/2 would give 009's 0/1 away.
    public, public_trend = protect(evaluation, series, 2, inputs)
    kv2 = row(public, "KV2", "T1_classification")
    # Its trend before the reform (the same predecessors' 2/3) is withheld for the same reason.
    drawn = public_trend.set_index(["unit", "quarter", "indicator"])
    assert bool(drawn.loc[("KV2", "2022-Q3", "T1_classification"), "withheld"])
    assert bool(kv2["baseline_withheld"])
    assert pd.isna(kv2["baseline_numerator"]) and pd.isna(kv2["baseline_value"])
    assert row(evaluation, "KV2", "T1_classification")["baseline_numerator"] == 2  # the internal edition shows it


def test_the_trend_runs_through_the_reform(dataset):
    from tipmonitor.metrics.evaluation import trend

    series = trend(inputs_of(dataset, successions=SUCCESSIONS), periods.parse("2025-Q3"), units=["KV2"], span_units=BASELINE_UNITS)
    t1 = series[series["indicator"] == "T1_classification"].set_index(["unit", "quarter"])
    # The city's 2022-Q3 is its districts' (006 + 009: 2/3), though neither reports in 2025.
    assert (t1.loc[(CITY, "2022-Q3"), "numerator"], t1.loc[(CITY, "2022-Q3"), "denominator"]) == (2, 3)
    # Before 1/7/2025 KV2's line is its predecessors' (the same 2/3), marked as such; from 2025-Q3 its own.
    assert (t1.loc[("KV2", "2022-Q3"), "numerator"], t1.loc[("KV2", "2022-Q3"), "denominator"]) == (2, 3)
    assert t1.loc[("KV2", "2022-Q3"), "predecessors"] == "006 + 009"
    assert t1.loc[("KV2", "2025-Q2"), "predecessors"] == "006 + 009"  # 15/03-14/06/2025: before the change
    assert t1.loc[("KV2", "2025-Q3"), "predecessors"] == ""
    # Its full baseline year too (2022: 4/5), as on its scorecard.
    assert t1.loc[("KV2", "2022-Q3"), "baseline_year_value"] == pytest.approx(4 / 5)


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_the_successor_chart_shows_its_predecessors_line_and_the_change(dataset):
    from tipmonitor.metrics.evaluation import trend
    from tipmonitor.present.charts import figure, trend_chart
    from tipmonitor.present.views import trend_lines

    evaluation = evaluate(inputs_of(dataset, baseline_table=None, successions=SUCCESSIONS), periods.parse("2025-Q3"), units=["KV2"], baseline_units=BASELINE_UNITS)
    series = trend(inputs_of(dataset, successions=SUCCESSIONS), periods.parse("2025-Q3"), units=["KV2"], span_units=BASELINE_UNITS)
    lines = trend_lines(series, evaluation, "vi", ["KV2"], baseline_of="KV2")
    kv2 = lines[lines["unit"] == "KV2"].set_index(["indicator", "quarter"])
    assert kv2.loc[("T1_classification", "2022-Q3"), "series_label"] == "Trước cải cách: Đống Đa + Thanh Xuân"
    assert kv2.loc[("T1_classification", "2025-Q3"), "series_label"] == "KV2"
    assert kv2.loc[("T1_classification", "2025-Q3"), "change_label"] == "KV2 tiếp nhận từ Đống Đa + Thanh Xuân"
    assert kv2["change_label"].notna().sum() == kv2.index.get_level_values("indicator").nunique()  # one per panel
    svg = figure(trend_chart(lines, "vi", 2022, baseline_label="KV2"), "vi").svg()
    assert "Trước cải cách: Đống Đa + Thanh Xuân" in svg and "KV2 tiếp nhận từ Đống Đa + Thanh Xuân" in svg
