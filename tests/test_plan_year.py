"""The plan year's decision (metrics/plan_year.py): the city's total of a measure against a city rate over the
units that sent both its counts (issue #26, session 7), worked by hand on three units."""

import numpy as np
import pandas as pd
import pytest

from tipmonitor.metrics.evaluation import CITY
from tipmonitor.metrics.plan_year import decide, pinned_zeros
from tipmonitor.metrics.registry import load_registry

T = 10
INTAKE, CLASSIFIED = "reports.intake", "reports.intake_classified"
CASES, DOMESTIC, ABROAD = ("investigation.intake", "investigation.intake[scope=domestic]",
                           "investigation.intake[scope=transnational]")


def _cube(columns: list[str], quarters: dict[str, dict[str, tuple]]) -> pd.DataFrame:
    """Q1, Q2 and H1 = Q1 + Q2 of 2024 for units A, B, C and the city (the units' sum, as span_cube gives it);
    ``quarters[unit][column]`` is (Q1, Q2), None where the unit did not send the count."""
    rows, index = [], []
    for label, pick in (("2024:1-1", lambda v: v[0]), ("2024:2-2", lambda v: v[1]),
                        ("2024:1-2", lambda v: None if None in v else v[0] + v[1])):
        for unit in ("A", "B", "C"):
            index.append((label, unit))
            rows.append([pick(quarters[unit][c]) for c in columns])
    cube = pd.DataFrame(rows, index=pd.MultiIndex.from_tuples(index, names=["window", "unit"]), columns=columns,
                        dtype=float)
    city = cube.groupby(level="window", sort=False).sum(min_count=1)
    city.index = pd.MultiIndex.from_arrays([city.index, [CITY] * len(city)], names=["window", "unit"])
    return pd.concat([cube, city])


def _city(cells, span, column=None, indicator=None) -> bool:
    s = cells.spans.index(span)
    if column is not None:
        return bool(cells.windows()[s, -1, cells.columns.index(column)])
    return bool(cells.rows[s, -1, cells.indicators.index(indicator)])


# T1 (classified / intake, a plan target). A and B send both counts; C sends its intake without the classified
# count, so the city's T1 is over A and B only (evaluation._city_over_reporting_units):
#            Q1 intake, classified    Q2 intake, classified
#   A        20, 20                   15, 15
#   B        15, 15                   20, 20
#   C        c1, -                    0, -
#   city     35 + c1 (total), T1 35/35    35 (total), T1 35/35
# The city's total intake less T1's denominator is C's intake: c1 in Q1, 0 in Q2, c1 in H1.
@pytest.mark.parametrize("c1, withheld", [(4, True), (0, False), (12, False)])
def test_the_citys_total_is_withheld_where_it_less_a_rates_denominator_is_a_small_count(c1, withheld):
    cube = _cube([INTAKE, CLASSIFIED], {"A": {INTAKE: (20, 15), CLASSIFIED: (20, 15)},
                                        "B": {INTAKE: (15, 20), CLASSIFIED: (15, 20)},
                                        "C": {INTAKE: (c1, 0), CLASSIFIED: (None, None)}})
    cells = decide(cube, 2024, load_registry(), T)
    # c1 = 4: 35 + 4 - 35 = 4 is 1..9, so the city's total intake of Q1 is withheld, and with it H1's (every
    # window holding that quarter: an edition of H1 shows Q1's total less nothing). c1 = 0: the difference is 0
    # (describes nobody); c1 = 12: it is 12 (not small, and C's own 12 is published): both keep it.
    assert _city(cells, (1, 1), INTAKE) is withheld and _city(cells, (1, 2), INTAKE) is withheld
    # Q2's difference is 0: its total (35) stays published; T1 and its counts stay published in every window.
    assert not _city(cells, (2, 2), INTAKE)
    for span in ((1, 1), (2, 2), (1, 2)):
        assert not _city(cells, span, indicator="T1_classification")
        assert not _city(cells, span, CLASSIFIED)


# S4 (transnational cases / cases, no plan target): C sends its cases without the scope, so the city's S4 is
# over A and B. Q1: A 12 cases (7 domestic, 5 abroad), B 14 (8, 6), C 3 (no scope): the city's total 29 less
# S4's denominator 26 is C's 3. S4's denominator is T3's too (C is in T3), so withholding the city's total
# would not hide it: the city's S4 is withheld in Q1 and H1 (3 + 0). The same 3 is the city's total less its
# scope categories (15 domestic + 11 abroad): one more category of the city is withheld with it, the smallest
# that brings the withheld sum to 10 (3 + 11 abroad; domestic is 15), in Q1 and so in H1. The city's total of
# cases and T3 stay published. (H1's group, decided in the same round as Q1's, also takes a category in its last
# quarter, Q2: more than needed, docs/decisions.md; not asserted.)
def test_a_rate_without_a_target_is_withheld_for_the_city_where_it_leaves_out_a_small_count():
    cube = _cube([CASES, DOMESTIC, ABROAD], {"A": {CASES: (12, 12), DOMESTIC: (7, 7), ABROAD: (5, 5)},
                                             "B": {CASES: (14, 14), DOMESTIC: (8, 8), ABROAD: (6, 6)},
                                             "C": {CASES: (3, 0), DOMESTIC: (None, None), ABROAD: (None, None)}})
    cells = decide(cube, 2024, load_registry(), T)
    assert _city(cells, (1, 1), indicator="S4_transnational_cases") and _city(cells, (1, 2), indicator="S4_transnational_cases")
    assert _city(cells, (1, 1), ABROAD) and not _city(cells, (1, 1), DOMESTIC) and _city(cells, (1, 2), ABROAD)
    assert not any(_city(cells, span, CASES) for span in ((1, 1), (2, 2), (1, 2)))
    assert not np.any(cells.rows[:, -1, cells.indicators.index("T3_discovery")])


# The city's total against its own categories: A and B send their intake by channel, C its intake without one
# (every unit sends the classified count, so T1 is over all three and the city's total is T1's denominator).
#            Q1 intake (phone, written)    Q2 intake (phone, written)
#   A        20 (12, 8)                    15 (7, 8)
#   B        15 (10, 5)                    20 (10, 10)
#   C        c1 (-, -)                     0 (-, -)
#   city     35 + c1 (22, 13)              35 (17, 18)
# The city's total less its channels is C's c1: with c1 = 4 it is a withheld part of the city's intake, so one
# more channel of the city goes with it, the smallest that brings the withheld sum to 10: written (13; phone is
# 22), in Q1 and so in H1. With c1 = 0 (nobody) or 12 (not small) every channel of the city stays published.
PHONE, WRITTEN = "reports.intake[channel=phone]", "reports.intake[channel=written]"


@pytest.mark.parametrize("c1, withheld", [(4, True), (0, False), (12, False)])
def test_a_city_category_is_withheld_where_the_citys_total_less_its_categories_is_a_small_count(c1, withheld):
    cube = _cube([INTAKE, CLASSIFIED, PHONE, WRITTEN],
                 {"A": {INTAKE: (20, 15), CLASSIFIED: (20, 15), PHONE: (12, 7), WRITTEN: (8, 8)},
                  "B": {INTAKE: (15, 20), CLASSIFIED: (15, 20), PHONE: (10, 10), WRITTEN: (5, 10)},
                  "C": {INTAKE: (c1, 0), CLASSIFIED: (c1, 0), PHONE: (None, None), WRITTEN: (None, None)}})
    cells = decide(cube, 2024, load_registry(), T)
    for span in ((1, 1), (1, 2)):
        assert _city(cells, span, WRITTEN) is withheld and not _city(cells, span, PHONE)
    assert not _city(cells, (2, 2), WRITTEN)
    for span in ((1, 1), (2, 2), (1, 2)):
        assert not _city(cells, span, INTAKE) and not _city(cells, span, indicator="T1_classification")


# The city's window against its quarters: C sends Q2 but not Q1, so its H1 is unknown and out of the city's H1.
#            Q1    Q2    H1
#   A        12    14    26
#   B        15    11    26
#   C        -     c2    -
#   city     27    25+c2 52
# Q1 + Q2 - H1 of the city is C's c2: with c2 = 3 the city's H1 is withheld, from its last quarter (Q2, so Q2's
# total too: an edition of Q2 cannot know yet and withholds the same); Q1's stays. With 0 or 12 all stay.
SUPPORTED = "victims.supported"


@pytest.mark.parametrize("c2, withheld", [(3, True), (0, False), (12, False)])
def test_the_citys_window_is_withheld_where_its_quarters_less_it_are_a_small_count(c2, withheld):
    cube = _cube([SUPPORTED], {"A": {SUPPORTED: (12, 14)}, "B": {SUPPORTED: (15, 11)}, "C": {SUPPORTED: (None, c2)}})
    cells = decide(cube, 2024, load_registry(), T)
    assert _city(cells, (1, 2), SUPPORTED) is withheld and _city(cells, (2, 2), SUPPORTED) is withheld
    assert not _city(cells, (1, 1), SUPPORTED)


STOCK = ["reports.opening", INTAKE, "reports.resolved", "reports.transferred", "reports.closing", CLASSIFIED]


def test_a_withheld_city_total_in_a_stock_group_takes_a_count_that_is_no_target_rates_term():
    # The reports' stock of each unit and quarter: closing = opening + intake - resolved - transferred.
    #          opening  intake  resolved  transferred  closing  classified
    #   A  Q1  10       20      18        0            12       20
    #      Q2  12       15      14        0            13       15
    #   B  Q1  15       15      14        0            16       15
    #      Q2  16       20      18        0            18       20
    #   C  Q1  0        4       2         0            2        -  (C did not send the classified count)
    #      Q2  2        0       1         0            1        -
    # The city's Q1: opening 25, intake 39, resolved 34, transferred 0, closing 30. T1 is over A and B (35/35), so
    # the city's total intake (39) less T1's denominator (35) is C's 4: the city's total intake of Q1 is withheld
    # (test above). In the city's stock group it is then the only withheld count, and the other four give it back
    # (30 - 25 + 34 + 0 = 39): one more is withheld. The least loss by size is the transferred 0, a term of T2's
    # denominator, which would withhold the city's T2; the closing (30) is no target rate's term (S1's only).
    cube = _cube(STOCK, {"A": dict(zip(STOCK, [(10, 12), (20, 15), (18, 14), (0, 0), (12, 13), (20, 15)])),
                         "B": dict(zip(STOCK, [(15, 16), (15, 20), (14, 18), (0, 0), (16, 18), (15, 20)])),
                         "C": dict(zip(STOCK, [(0, 2), (4, 0), (2, 1), (0, 0), (2, 1), (None, None)]))})
    cells = decide(cube, 2024, load_registry(), T)
    assert _city(cells, (1, 1), INTAKE) and _city(cells, (1, 1), "reports.closing")
    assert not _city(cells, (1, 1), "reports.transferred")
    for span in ((1, 1), (2, 2), (1, 2)):  # every city T-rate stays published, with its counts
        for indicator in ("T1_classification", "T2_report_resolution"):
            assert not _city(cells, span, indicator=indicator), (span, indicator)


def test_among_zero_partners_the_unit_with_counts_elsewhere_in_the_year_is_taken():
    # Victims identified (a unit's 1..9 is protected):   Q1   Q2   H1
    #   A                                                0    1    1
    #   B (nothing all year)                             0    0    0
    #   C                                                3    0    3
    #   city (published)                                 3    1    4
    # Q2: A's 1 is withheld alone under the city's 1, so one more unit is: B and C both hold 0. B's 0 is B's every
    # count of the year, which its other published zeros pin (a reader gets B's Q2 as H1 - Q1 = 0 - 0); C's 0 sits
    # beside C's withheld 3, so A + C = 1 leaves A at 0 or 1. C is taken, B stays published. Q1 takes A beside C's 3:
    # by Q1's end neither A nor B has a count, so the first (Q1's choice looks only at the windows ending by Q1,
    # as the Q1 edition, which sees no Q2, decides: session 8, 2026's 01-PC02).
    column = "victims.identified"
    cube = _cube([column], {"A": {column: (0, 1)}, "B": {column: (0, 0)}, "C": {column: (3, 0)}})
    cells = decide(cube, 2024, load_registry(), T)
    withheld = cells.windows()[:, :, 0]
    unit = {u: i for i, u in enumerate(cells.units)}
    q1, q2 = cells.spans.index((1, 1)), cells.spans.index((2, 2))
    assert withheld[q2, unit["A"]] and withheld[q2, unit["C"]] and not withheld[q2, unit["B"]]
    assert withheld[q1, unit["C"]] and withheld[q1, unit["A"]] and not withheld[q1, unit["B"]]


def test_a_zero_is_proven_through_the_city_s_zeros_quarters_and_categories():
    # Cases (investigation.intake) and their scope, for A, B and the city:
    #                 Q1 total  domestic  transnational   Q2 (all)   H1 = Q1 + Q2
    #   A             3         0         3               0          3  0  3
    #   B             0         0         0               0          0  0  0
    #   city          3         0         3               0          3  0  3
    # Shown: the city's counts alone. Every part of a 0 is 0: the city's Q1 domestic 0 proves A's and B's; its Q2 0s
    # prove every Q2 count of A and B; its H1 domestic 0 the units' H1 domestic. B's Q1 total is not proven: its
    # transnational part sits under the city's 3 (B could hold any of it), and B's H1 is not shown.
    spans, columns = [(1, 1), (2, 2), (1, 2)], [CASES, DOMESTIC, ABROAD]
    values = np.array([[[3, 0, 3], [0, 0, 0], [3, 0, 3]],
                       [[0, 0, 0], [0, 0, 0], [0, 0, 0]],
                       [[3, 0, 3], [0, 0, 0], [3, 0, 3]]], dtype=float)
    known = np.zeros(values.shape, dtype=bool)
    known[:, -1, :] = True
    proven = pinned_zeros(known, values, spans, columns, [(0, [1, 2])], [])
    A, B = 0, 1
    assert proven[0, A, 1] and proven[0, B, 1] and proven[1, :2].all() and proven[2, A, 1] and proven[2, B, 1]
    assert not proven[0, B, 0] and not proven[0, B, 2] and not proven[2, B, 0]
    assert not proven[0, A, 0] and not proven[0, A, 2]  # 3s are never "proven 0"
    # B's H1 total shown (0): its Q1 = H1 - Q2 = 0, and then its Q1 transnational, a part of that 0.
    known[2, B, 0] = True
    proven = pinned_zeros(known, values, spans, columns, [(0, [1, 2])], [])
    assert proven[0, B, 0] and proven[0, B, 2] and proven[2, B, 2]


RESOLVED, PROSECUTE, SUSPEND, TERMINATE = ("investigation.resolved", "investigation.resolved_recommend_prosecution",
                                           "investigation.resolved_suspended", "investigation.resolved_terminated")


def test_a_partner_whose_own_shown_counts_prove_it_0_is_not_taken():
    # Cases resolved by the investigation and their decisions (session 10, the sample's 2023: unit 276's one
    # terminated investigation of Q4, its partner unit 001 whose Q4 resolved count 0 was published):
    #            Q1 (all)   Q2 resolved  prosecute  suspend  terminate
    #   A        0          0            0          0        0
    #   B        0          1            0          0        1
    #   C        0          3            3          0        0
    #   city     0          4            3          0        1   (published: the city's counts of events)
    # Q2: B's terminated 1 (and its resolved 1, C's 3s) are 1..9, withheld. Under the city's 1 it needs a partner;
    # A and C both hold 0 and neither has a terminated case all year. A's 0 is proven by A's own published resolved 0
    # (its decisions add up to it): with A as partner a reader gets B's 1 = 1 - 0 - 0. C's resolved (3) is withheld,
    # so C's 0 is not proven: C is taken, and B's terminated lies in 0..1 (the audit, below).
    cube = _cube([RESOLVED, PROSECUTE, SUSPEND, TERMINATE],
                 {"A": dict(zip([RESOLVED, PROSECUTE, SUSPEND, TERMINATE], [(0, 0)] * 4)),
                  "B": {RESOLVED: (0, 1), PROSECUTE: (0, 0), SUSPEND: (0, 0), TERMINATE: (0, 1)},
                  "C": {RESOLVED: (0, 3), PROSECUTE: (0, 3), SUSPEND: (0, 0), TERMINATE: (0, 0)}})
    registry = load_registry()
    cells = decide(cube, 2024, registry, T)
    withheld = cells.windows()
    unit, q2 = {u: i for i, u in enumerate(cells.units)}, cells.spans.index((2, 2))
    t = cells.columns.index(TERMINATE)
    assert withheld[q2, unit["B"], t] and withheld[q2, unit["C"], t] and not withheld[q2, unit["A"], t]
    assert not withheld[q2, unit["A"], cells.columns.index(RESOLVED)]  # A's 0 stays published
    # The audit of what the decision publishes: B's terminated of Q2 and H1 can be 0 (C could hold the city's 1).
    from tipmonitor.metrics.audit import YearSystem, intervals

    system = YearSystem(2024, cells.spans, cells.units, cells.columns, cells.values, ~withheld & ~np.isnan(cells.values))
    table = intervals(system, registry, T)
    b = table[(table["unit"] == "B") & (table["what"] == TERMINATE)]
    assert len(b) == 2 and (b["low"] <= 0).all() and b["ok"].all(), b


# --- the editions of a plan year ending with the same quarter draw one trend (issue #24, session 11) ---


def test_editions_ending_with_the_same_quarter_draw_one_trend_each_its_own_copy(monkeypatch):
    from conftest import inputs_of, make_dataset
    from fixtures import CASES, REPORTS, VICTIMS

    from tipmonitor.metrics import evaluation
    from tipmonitor.model import periods

    inputs = inputs_of(make_dataset(REPORTS, CASES, VICTIMS), baseline_table=None)
    made = []
    quarterly = evaluation.quarterly
    monkeypatch.setattr(evaluation, "quarterly", lambda data, until, **kw: made.append(until.label) or quarterly(data, until, **kw))
    q4, h2, year, h1 = (evaluation.trend(inputs, periods.parse(label)) for label in ("2023-Q4", "2023-H2", "2023", "2023-H1"))
    # H2 and the year end with Q4 (its last quarter, the same end date): the trend of the baseline year's quarters up
    # to 2023-Q4 is drawn once, for Q4; H1 ends with Q2, another trend.
    assert made == ["2023-Q4", "2023-H1"]
    assert len(q4) and q4.equals(h2) and q4.equals(year) and not q4.equals(h1)
    # the shared one is what the year's own would be (nothing in a trend depends on the period but its last quarter)
    assert year.equals(quarterly(inputs, periods.parse("2023")))
    # each caller's copy is its own: a change to one is not in the next
    kept = year.copy()
    q4["numerator"] = -1.0
    assert evaluation.trend(inputs, periods.parse("2023")).equals(kept) and not q4.equals(kept)
    # other inputs (the same data read again) and other units draw their own
    evaluation.trend(inputs_of(make_dataset(REPORTS, CASES, VICTIMS), baseline_table=None), periods.parse("2023"))
    evaluation.trend(inputs, periods.parse("2023"), units=["002"])
    assert made == ["2023-Q4", "2023-H1", "2023", "2023"]


def test_a_windows_activity_values_are_made_once_per_frame_and_window_each_its_own_copy(monkeypatch):
    from tipmonitor.metrics import taskgroups
    from tipmonitor.model import periods

    # Unit 001 reports 3 and 4 meetings in 2024-Q1 and Q2; 002 reports 10 for the half year itself and 2 for Q1.
    activities = pd.DataFrame({"unit": ["001", "001", "002", "002"], "period": ["2024-Q1", "2024-Q2", "2024-H1", "2024-Q1"],
                               "activity": ["direction.meetings"] * 4, "value": [3, 4, 10, 2]})
    made = []
    window_values = taskgroups.window_values
    monkeypatch.setattr(taskgroups, "window_values", lambda *a: made.append(a[1].label) or window_values(*a))
    h1 = taskgroups.unit_values(activities, periods.parse("2024-H1"))
    # 001: 3 + 4 (its quarters, summed: meetings combine by sum); 002: its own half-year report, 10 (not 10 + 2)
    assert h1[["unit", "value"]].values.tolist() == [["001", 7], ["002", 10]]
    again = taskgroups.unit_values(activities, periods.parse("2024-H1"))
    assert again.equals(h1) and again is not h1 and made == ["2024-H1"]
    h1.loc[0, "value"] = 0  # a caller's change stays its own
    assert taskgroups.unit_values(activities, periods.parse("2024-H1"))["value"].tolist() == [7, 10]
    # another window, and another frame with the same rows, are made again
    assert taskgroups.unit_values(activities, periods.parse("2024-Q1"))["value"].tolist() == [3, 2]
    taskgroups.unit_values(activities.copy(), periods.parse("2024-H1"))
    assert made == ["2024-H1", "2024-Q1", "2024-H1"]
