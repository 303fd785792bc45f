"""Indicators, statuses, cases still needed and the baseline, worked out by hand from tests/fixtures.py."""

import sys
from fractions import Fraction

import pandas as pd
import pytest

from conftest import inputs_of, make_dataset
from fixtures import CASES, REPORTS, VICTIMS
from tipmonitor.metrics.evaluation import CITY, cases_needed, evaluate, judge, meets, trend
from tipmonitor.metrics.registry import Target, load_targets
from tipmonitor.model import periods

UNITS = ["002", "006"]


@pytest.fixture(scope="module")
def q2():
    return evaluate(inputs_of(make_dataset(REPORTS, CASES, VICTIMS), baseline_table=None), periods.parse("2023-Q2"), units=UNITS)


def pick(evaluation, indicator, unit="002", scope="period"):
    t = evaluation.table
    return t[(t["indicator"] == indicator) & (t["unit"] == unit) & (t["scope"] == scope)].iloc[0]


def test_resolution_rate_counts_carry_over_and_excludes_transfers(q2):
    # 3 carried over, 5 new, 1 transferred, 6 resolved -> 6 / (3 + 5 - 1) = 6/7 = 85.71% -> missed ("trên 90%").
    r = pick(q2, "T2_report_resolution")
    assert (r["numerator"], r["denominator"]) == (6, 7)
    assert r["value"] == pytest.approx(6 / 7)
    assert r["status"] == "missed"
    # (6 + k)/7 > 0.9 needs 6 + k > 6.3: k = 1.
    assert r["cases_needed"] == 1


def test_classification_is_a_cohort_of_new_reports(q2):
    # New in Q2: R4..R8; classified by 14/06: R4, R5, R6 -> 3/5 = 60% against 100%: 2 more needed.
    r = pick(q2, "T1_classification")
    assert (r["numerator"], r["denominator"], r["status"], r["cases_needed"]) == (3, 5, "missed", 2)


def test_discovery_of_initiated_cases(q2):
    # Initiated in Q2: VA1, VA2; solved by 14/06: VA1 -> 1/2 = 50%; (1 + k)/2 > 0.9 needs k = 1.
    r = pick(q2, "T3_discovery")
    assert (r["numerator"], r["denominator"], r["status"], r["cases_needed"]) == (1, 2, "missed", 1)


def test_prosecution_and_trial(q2):
    # Procuracy: 2 carried over + 1 new, 2 resolved -> 2/3 = 66.67% < 95%: ceil(0.95*3 - 2) = 1.
    t4 = pick(q2, "T4_prosecution")
    assert (t4["numerator"], t4["denominator"], t4["status"], t4["cases_needed"]) == (2, 3, "missed", 1)
    # Court: 2 new, 1 tried -> 1/2 = 50% < 90%: ceil(0.9*2 - 1) = 1.
    t5 = pick(q2, "T5_trial")
    assert (t5["numerator"], t5["denominator"], t5["status"], t5["cases_needed"]) == (1, 2, "missed", 1)
    # Indicted share: both resolutions were indictments -> 2/3.
    s2 = pick(q2, "S2_indicted_share")
    assert (s2["numerator"], s2["denominator"], s2["status"]) == (2, 3, "no_target")


def test_victim_support(q2):
    # Identified in Q2: NN1, NN2; supported by 14/06: NN1 -> 1/2; NN3 is still being identified.
    r = pick(q2, "T6_victim_support")
    assert (r["numerator"], r["denominator"], r["status"], r["cases_needed"]) == (1, 2, "missed", 1)


def test_zero_denominator_is_no_data_not_zero_or_hundred_percent(q2):
    r = pick(q2, "T3_discovery", unit="006")
    assert (r["denominator"], r["status"]) == (0, "no_data")
    assert pd.isna(r["value"]) and pd.isna(r["cases_needed"])
    assert pd.isna(r["rank"])


def test_city_is_the_sum_of_unit_counts_not_the_mean_of_rates(q2):
    # T2: 002 has 6/7, 006 has 1/2 -> city 7/9 = 77.78% (the mean of rates would be 67.86%).
    r = pick(q2, "T2_report_resolution", unit=CITY)
    assert (r["numerator"], r["denominator"]) == (7, 9)
    assert r["value"] == pytest.approx(7 / 9)
    # T1: 3/5 and 2/2 -> 5/7.
    r = pick(q2, "T1_classification", unit=CITY)
    assert (r["numerator"], r["denominator"]) == (5, 7)


def test_year_to_date_below_target_with_items_pending_is_at_risk(q2):
    # YTD at Q2 = 15/12/2022-14/06/2023. T1: new R9, R1, R2, R3, R4..R8 = 9; classified by 14/06: 7.
    # 7/9 < 100%, 2 needed, 2 still unclassified and the year runs on -> at risk.
    t1 = pick(q2, "T1_classification", scope="ytd")
    assert (t1["numerator"], t1["denominator"], t1["cases_needed"], t1["status"]) == (7, 9, 2, "at_risk")
    # T4: VA4, VA5 carried over, VA3, VA6 new, 3 resolved -> 3/4; ceil(0.95*4 - 3) = 1 <= 1 pending (VA6).
    t4 = pick(q2, "T4_prosecution", scope="ytd")
    assert (t4["numerator"], t4["denominator"], t4["cases_needed"], t4["pending"], t4["status"]) == (3, 4, 1, 1, "at_risk")
    # The closed quarter itself is missed, never at risk.
    assert pick(q2, "T4_prosecution")["status"] == "missed"


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_the_full_year_is_final_so_never_at_risk():
    year = evaluate(inputs_of(make_dataset(REPORTS, CASES, VICTIMS), baseline_table=None), periods.parse("2023"), units=UNITS)
    # 2023 (15/12/2022-14/12/2023): new reports R9, R1..R8 (002) and D1, D2 (006) = 11;
    # classified by 14/12: all but R7 (R8's 20/06 now counts) = 10 -> 10/11 < 100%, final: missed.
    t1 = pick(year, "T1_classification", unit=CITY, scope="ytd")
    assert (t1["numerator"], t1["denominator"]) == (8 + 2, 9 + 2)
    assert t1["status"] == "missed"
    # T3 for the year: VA3, VA6, VA1, VA2 all solved by 14/12 -> 4/4 met.
    assert pick(year, "T3_discovery")[["numerator", "denominator", "status"]].tolist() == [4, 4, "met"]


def test_change_against_the_same_period_of_2022_and_the_full_year(q2):
    r = pick(q2, "T2_report_resolution")
    # 2022-Q2: B1 resolved, B2 pending on 14/06/2022 -> 1/2 = 50%; +35.71 points, +5 resolved.
    assert (r["baseline_numerator"], r["baseline_denominator"]) == (1, 2)
    assert r["change_points"] == pytest.approx((6 / 7 - 0.5) * 100)
    assert r["change_count"] == 5
    # Full year 2022 (15/12/2021-14/12/2022): B1 and B2 both resolved -> 2/2.
    assert (r["baseline_year_numerator"], r["baseline_year_denominator"]) == (2, 2)
    assert r["baseline_source"] == "records"


def test_rank_among_units(q2):
    # T2: 002 85.71% beats 006 50%.
    assert pick(q2, "T2_report_resolution", "002")["rank"] == 1
    assert pick(q2, "T2_report_resolution", "006")["rank"] == 2
    assert pick(q2, "T2_report_resolution", CITY)["rank"] is pd.NA


T90_ABOVE = Target("T2", ">", Fraction(9, 10), "trên 90%")
T90_AT_LEAST = Target("T5", ">=", Fraction(9, 10), "90%")


def test_exactly_90_percent_misses_above_90_but_meets_at_least_90():
    assert not meets(9, 10, T90_ABOVE)
    assert meets(9, 10, T90_AT_LEAST)
    # 9/10 against "trên 90%": one more resolved gives 10/10.
    verdict = judge(9, 10, pending=1, target=T90_ABOVE, can_still_move=False)
    assert (verdict.status, verdict.cases_needed) == ("missed", 1)
    assert judge(9, 10, pending=1, target=T90_AT_LEAST, can_still_move=False).status == "met"
    # 90/100 against "trên 90%": 91/100 is enough.
    assert cases_needed(90, 100, T90_ABOVE) == 1
    assert cases_needed(0, 7, T90_AT_LEAST) == 7  # ceil(6.3)


def test_status_follows_the_exact_fraction_and_says_so_when_the_rounded_figure_disagrees():
    # 89,996/100,000 prints as 90.00% but is below 90%.
    verdict = judge(89_996, 100_000, pending=0, target=T90_AT_LEAST, can_still_move=False)
    assert (verdict.status, verdict.cases_needed, verdict.rounding_note) == ("missed", 4, "exact_differs")
    # 90,004/100,000 prints as 90.00% (which is not "above 90%") but is above 90%.
    verdict = judge(90_004, 100_000, pending=0, target=T90_ABOVE, can_still_move=False)
    assert (verdict.status, verdict.rounding_note) == ("met", "exact_differs")
    # No note where both agree.
    assert judge(86, 100, 0, T90_ABOVE, False).rounding_note is None


def test_unattainable_target_is_flagged():
    # 0/1 against 100% needs 1 more, which still fits in the denominator: attainable.
    # 1/1 against "above 100%" can never be met.
    assert judge(0, 1, 1, Target("T1", ">=", Fraction(1), ""), False).attainable
    assert not judge(1, 1, 0, Target("X", ">", Fraction(1), ""), False).attainable


def test_year_without_targets_file_is_reported_not_borrowed():
    assert load_targets(2022) is None
    assert load_targets(2031) is None
    evaluation = evaluate(inputs_of(make_dataset(REPORTS, CASES, VICTIMS), baseline_table=None), periods.parse("2022-Q2"), units=UNITS)
    assert evaluation.targets is None
    t2 = pick(evaluation, "T2_report_resolution")
    assert (t2["numerator"], t2["denominator"], t2["status"]) == (1, 2, "no_target")


def test_targets_of_2023_and_2024_follow_the_plans_wording():
    for year in (2023, 2024):
        targets = load_targets(year).by_key
        assert (targets["T2"].op, targets["T2"].value) == (">", Fraction(9, 10))  # "trên 90%"
        assert (targets["T3"].op, targets["T3"].value) == (">", Fraction(9, 10))
        assert (targets["T4"].op, targets["T4"].value) == (">=", Fraction(95, 100))
        assert (targets["T5"].op, targets["T5"].value) == (">=", Fraction(9, 10))
        assert (targets["T1"].op, targets["T1"].value) == (">=", Fraction(1))


def test_baseline_from_the_hand_entered_table_where_2022_has_no_records():
    only_2023 = [r for r in REPORTS if r["report_id"] not in ("B1", "B2")]
    cases_2023 = [c for c in CASES if not c["initiated_date"].startswith("2022")]
    table = pd.DataFrame([
        dict(unit=CITY, period="2022-Q2", measure="reports.opening", value=4.0),
        dict(unit=CITY, period="2022-Q2", measure="reports.intake", value=16.0),
        dict(unit=CITY, period="2022-Q2", measure="reports.transferred", value=0.0),
        dict(unit=CITY, period="2022-Q2", measure="reports.resolved", value=15.0),
        dict(unit=CITY, period="2022-Q2", measure="reports.closing", value=5.0),
    ])
    dataset = make_dataset(only_2023, [c for c in cases_2023], [v for v in VICTIMS if v.get("case_id") != "VA4"])
    evaluation = evaluate(inputs_of(dataset, baseline_table=table), periods.parse("2023-Q2"), units=UNITS)
    city = pick(evaluation, "T2_report_resolution", unit=CITY)
    # City baseline 2022-Q2 from the table: 15 / (4 + 16 - 0) = 75%.
    assert (city["baseline_numerator"], city["baseline_denominator"], city["baseline_source"]) == (15, 20, "table")
    unit = pick(evaluation, "T2_report_resolution", unit="002")
    assert unit["baseline_source"] == "none" and unit["baseline_denominator"] == 0


def test_supporting_indicators(q2):
    # S1 overdue share: R8 is the only report pending on 14/06 and it is past its limit -> 1/1.
    s1 = pick(q2, "S1_reports_overdue")
    assert (s1["numerator"], s1["denominator"], s1["status"]) == (1, 1, "no_target")
    # S3 tried share: VA3 tried of VA3 and VA5 before the court -> 1/2.
    s3 = pick(q2, "S3_tried_share")
    assert (s3["numerator"], s3["denominator"]) == (1, 2)
    # S4 transnational: VA1 and VA2 were initiated in Q2 with no scope given -> 0/2.
    s4 = pick(q2, "S4_transnational_cases")
    assert (s4["numerator"], s4["denominator"]) == (0, 2)


def test_national_scale_totals_go_through_the_same_path():
    # A province's yearly totals sent as counts: 2,437 resolved of 2,829 to resolve -> 86.14% < 90%.
    counts = [("reports.opening", 129), ("reports.intake", 2800), ("reports.transferred", 100),
              ("reports.resolved", 2437), ("reports.closing", 392)]
    dataset = make_dataset(aggregates=[dict(unit="002", period="2023", measure=m, value=v) for m, v in counts])
    evaluation = evaluate(inputs_of(dataset, baseline_table=None), periods.parse("2023"), units=["002"])
    r = pick(evaluation, "T2_report_resolution")
    assert (r["numerator"], r["denominator"], r["status"]) == (2437, 2829, "missed")
    # (2437 + k) / 2829 > 0.9 needs k > 109.1: 110 more.
    assert r["cases_needed"] == 110
    from tipmonitor.core.formatting import format_rate

    assert format_rate(r["numerator"], r["denominator"], "vi") == "86,14%"


_OPENED: dict = {"watching": False, "files": []}


def _record_opens(event: str, args: tuple) -> None:
    if _OPENED["watching"] and event == "open":
        _OPENED["files"].append(args[0])


sys.addaudithook(_record_opens)  # audit hooks stay for the process: this one records only while a test watches


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_evaluate_and_trend_open_no_file_their_inputs_hold():
    # The engine is a function of its inputs (metrics/inputs.py): with every loader's cache emptied, evaluating
    # a period and its trend opens no file at all (params, reference files, the store).
    import importlib

    inputs = inputs_of(make_dataset(REPORTS, CASES, VICTIMS))
    period = periods.parse("2023-Q2")
    evaluate(inputs, period)  # the first call imports what it needs (module files are opened then)
    trend(inputs, period)
    for name in [m for m in sys.modules if m.startswith("tipmonitor.")]:
        for value in vars(importlib.import_module(name)).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
    _OPENED["watching"], _OPENED["files"] = True, []
    try:
        evaluation = evaluate(inputs, period)
        lines = trend(inputs, period)
    finally:
        _OPENED["watching"] = False
    assert _OPENED["files"] == []
    assert len(evaluation.table) and len(lines)
