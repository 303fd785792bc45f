"""The counts cube, checked against counts worked out by hand from tests/fixtures.py."""

from datetime import date

import pytest

from fixtures import CASES, REPORTS, VICTIMS
from conftest import make_dataset
from tipmonitor.metrics.counts import build_cube, windows_for

UNITS = ["002", "006"]


@pytest.fixture(scope="module")
def cube():
    dataset = make_dataset(REPORTS, CASES, VICTIMS)
    return build_cube(dataset, windows_for(["2023-Q2", "2023-H1", "2023-Q1", "2022-Q2", "2023-04"]), UNITS)


def row(cube, window, unit="002"):
    return cube.loc[(window, unit)]


def test_crime_report_pipeline_in_q2_counts_carry_over_transfers_and_suspensions(cube):
    r = row(cube, "2023-Q2")
    # Carried over: R1, R2, R3 (received in Q1, undecided on 14/03). New: R4..R8.
    assert (r["reports.opening"], r["reports.intake"]) == (3, 5)
    # Resolved: R1 not initiated, R2 suspended (suspension counts as resolved), R3 administrative,
    # R4 initiated, R6 not initiated, R7 administrative = 6. R5 was transferred.
    assert r["reports.resolved"] == 6
    assert r["reports.resolved_not_initiate"] == 2 and r["reports.resolved_suspend"] == 1
    assert r["reports.resolved_administrative"] == 2 and r["reports.resolved_initiate"] == 1
    assert r["reports.transferred"] == 1
    # Pending on 14/06: R8 only; 3 + 5 - 6 - 1 = 1.
    assert r["reports.closing"] == 1
    # R8: received 20/05, no extension, limit 09/06 < 14/06: overdue.
    assert r["reports.overdue"] == 1
    # Of the 5 new: R4, R5, R6 classified by 14/06; R7 never; R8 only on 20/06 (after the window).
    assert r["reports.intake_classified"] == 3


def test_overdue_respects_extensions_dated_within_the_window():
    extended = [dict(report_id="X1", unit="002", kind="report", received_date="2023-01-02",
                     extension_date="2023-03-20", procuracy_extension_date="2023-04-01")]
    cube = build_cube(make_dataset(extended), windows_for(["2023-Q1", "2023-03", "2023-04"]), ["002"])
    # Q1 ends 14/03: no extension yet, 20-day limit 22/01 passed -> overdue.
    assert cube.loc[("2023-Q1", "002"), "reports.overdue"] == 1
    # Month 4 ends 14/04: both extensions in force, limit 02/05 (4 months) -> not overdue.
    assert cube.loc[("2023-04", "002"), "reports.overdue"] == 0
    # Month 3 ends 14/03, same as Q1.
    assert cube.loc[("2023-03", "002"), "reports.overdue"] == 1


def test_investigation_cohort_is_as_of_the_window_end(cube):
    q2 = row(cube, "2023-Q2")
    # New in Q2: VA1 (solved same day), VA2 (solved 20/06, after the window) -> 1 of 2.
    assert (q2["investigation.intake"], q2["investigation.intake_solved"]) == (2, 1)
    h1 = row(cube, "2023-H1")
    # New in H1: VA3, VA6, VA1, VA2; solved by 14/06: VA3, VA6, VA1.
    assert (h1["investigation.intake"], h1["investigation.intake_solved"]) == (4, 3)


def test_procuracy_and_court_stages(cube):
    q2 = row(cube, "2023-Q2")
    # Procuracy: VA3 and VA5 carried over, VA6 new (01/06); VA3, VA5 indicted in Q2.
    assert (q2["procuracy.opening"], q2["procuracy.intake"], q2["procuracy.resolved"], q2["procuracy.closing"]) == (2, 1, 2, 1)
    assert q2["procuracy.resolved_indicted"] == 2
    # Court: VA3 and VA5 accepted in Q2, VA3 tried 10/06, VA5 only on 01/07.
    assert (q2["court.opening"], q2["court.intake"], q2["court.resolved"], q2["court.closing"]) == (0, 2, 1, 1)
    h1 = row(cube, "2023-H1")
    # From 15/12/2022: VA4 (accepted 2022, returned 10/01/2023) and VA5 carried over; VA3, VA6 new.
    assert (h1["procuracy.opening"], h1["procuracy.intake"], h1["procuracy.resolved"], h1["procuracy.closing"]) == (2, 2, 3, 1)
    assert h1["procuracy.resolved_returned"] == 1


def test_victims_and_breakdowns(cube):
    q2 = row(cube, "2023-Q2")
    assert q2["victims.received"] == 3  # NN1, NN2, NN3
    assert (q2["victims.identified"], q2["victims.identified_supported"]) == (2, 1)  # NN2 supported after 14/06
    assert q2["victims.identified[sex=female]"] == 1 and q2["victims.identified[sex=male]"] == 1
    assert q2["victims.identified[age_group=child]"] == 1
    assert q2["victims.supported[support_kind=medical]"] == 1  # NN1 on 10/04; NN4 was in Q1


def test_stocks_and_flows_of_every_stage_by_hand(cube):
    # Unit 002, 2023-Q2 (15/03-14/06), as (opening, intake, resolved, transferred, closing):
    # reports: R1-R3 carried over; R4-R8 new; R1, R2, R3, R4, R6, R7 resolved; R5 transferred; R8 pending.
    # investigation: VA6 (initiated 01/02, ended 25/05) carried over; VA1, VA2 new and still open.
    # procuracy: VA3 (accepted 03/03) and VA5 (25/11/2022) carried over and indicted; VA6 accepted 01/06, pending.
    # court: VA3 and VA5 accepted in the quarter; VA3 tried 10/06, VA5 only on 01/07.
    expected = {"reports": (3, 5, 6, 1, 1), "investigation": (1, 2, 1, 0, 2), "procuracy": (2, 1, 2, 0, 1),
                "court": (0, 2, 1, 0, 1)}
    r = row(cube, "2023-Q2")
    for stage, numbers in expected.items():
        got = tuple(r[f"{stage}.{m}"] for m in ("opening", "intake", "resolved", "transferred", "closing"))
        assert got == numbers, stage
        opening, intake, resolved, transferred, closing = numbers
        assert opening + intake - resolved - transferred == closing  # the worked figures are consistent


def test_unit_without_cases_has_zero_counts_not_missing(cube):
    r = row(cube, "2023-Q2", "006")
    assert (r["investigation.intake"], r["court.intake"]) == (0, 0)
    assert (r["reports.intake"], r["reports.resolved"], r["reports.closing"]) == (2, 1, 1)


def test_quarterly_aggregates_combine_into_half_year_by_each_measures_rule():
    rows = []
    for period, opening, intake, resolved, closing in (("2023-Q1", 2, 5, 4, 3), ("2023-Q2", 3, 6, 7, 2)):
        for measure, value in (("opening", opening), ("intake", intake), ("resolved", resolved), ("transferred", 0),
                               ("closing", closing)):
            rows.append(dict(unit="002", period=period, measure=f"reports.{measure}", value=value))
    cube = build_cube(make_dataset(aggregates=rows), windows_for(["2023-H1", "2023-Q3"]), ["002"])
    h1 = cube.loc[("2023-H1", "002")]
    # Opening is Q1's, closing is Q2's, flows add up.
    assert (h1["reports.opening"], h1["reports.intake"], h1["reports.resolved"], h1["reports.closing"]) == (2, 11, 11, 2)
    # Q3 is covered by no submission and no record: all zero, so every rate is "no data".
    assert cube.loc[("2023-Q3", "002"), "reports.intake"] == 0


def test_overdue_listing_agrees_with_the_cube_and_gives_days_past_the_limit():
    from tipmonitor.metrics.counts import overdue_reports

    dataset = make_dataset(REPORTS, CASES, VICTIMS)
    listing = overdue_reports(dataset.crime_reports, date(2023, 6, 14))
    # R8: received 20/05, 20-day limit 09/06, pending on 14/06 -> 5 days overdue.
    assert listing.to_dict("records") == [{"report_id": "R8", "unit": "002", "days_overdue": 5}]
    extended = make_dataset([dict(report_id="X1", unit="002", kind="report", received_date="2023-01-02",
                                  extension_date="2023-03-20")])
    # On 14/04 the extension is in force: limit 02/03 (2 months) -> 43 days overdue.
    assert overdue_reports(extended.crime_reports, date(2023, 4, 14))["days_overdue"].tolist() == [43]
