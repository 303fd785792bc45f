"""The LP audit of public editions (metrics/audit.py): it finds what subtraction gives back, and passes what it cannot."""

import numpy as np
import pandas as pd
import pytest

from tipmonitor.metrics.audit import YearSystem, intervals
from tipmonitor.metrics.evaluation import CITY
from tipmonitor.metrics.registry import load_registry

T = 10


def _system(spans, units, columns, values, withheld):
    """A year of counts with the cells in ``withheld`` ((span, unit, column) triples) unpublished."""
    array = np.array(values, dtype=float).reshape(len(spans), len(units), len(columns))
    published = np.ones(array.shape, dtype=bool)
    for span, unit, column in withheld:
        published[spans.index(span), units.index(unit), columns.index(column)] = False
    return YearSystem(2024, spans, units, columns, array, published)


def _row(table, unit, window="2024:1-1"):
    return table[(table["unit"] == unit) & (table["window"] == window)].iloc[0]


UNITS = ["A", "B", "C", "D", CITY]
# One quarter, victims identified: A 3 (protected: a unit's count 1..9), B 12, C 20, D 0; the city 35.
QUARTER = [3, 12, 20, 0, 35]


def test_a_single_withheld_unit_is_given_back_by_the_city_total():
    system = _system([(1, 1)], UNITS, ["victims.identified"], QUARTER, [((1, 1), "A", "victims.identified")])
    a = _row(intervals(system, load_registry(), T), "A")
    assert (a["low"], a["high"], a["ok"]) == (3, 3, False)  # 35 - 12 - 20 - 0


def test_a_partner_hides_it_and_a_zero_partner_does_not():
    # With B (12) withheld too, A + B = 15 (35 - 20 - 0): A could be 0 or 15.
    system = _system([(1, 1)], UNITS, ["victims.identified"], QUARTER,
                     [((1, 1), "A", "victims.identified"), ((1, 1), "B", "victims.identified")])
    a = _row(intervals(system, load_registry(), T), "A")
    assert a["low"] <= 0 and a["high"] == 15 and a["ok"]
    # With D (0) instead: A + D = 3 (35 - 12 - 20), so A is 0..3. The criterion (session 7): the reader
    # cannot tell A from 0, so cannot conclude A is in 1..9: it passes (session 6 failed it, asking that A
    # could also reach 10; docs/security.md section 3 item 4 says why that asked more than the rule protects).
    system = _system([(1, 1)], UNITS, ["victims.identified"], QUARTER,
                     [((1, 1), "A", "victims.identified"), ((1, 1), "D", "victims.identified")])
    a = _row(intervals(system, load_registry(), T), "A")
    assert (a["low"], a["high"]) == (0, 3) and a["ok"]


def test_a_quarter_comes_back_as_the_half_year_minus_the_other_quarter():
    # Unit A: Q1 12, Q2 3, H1 15; B: 20, 20, 40; the city: 32, 23, 55. Q2 of A withheld with B's Q2 as
    # its partner, but A's H1 (15) and Q1 (12) published give it back: 15 - 12 = 3.
    spans = [(1, 1), (2, 2), (1, 2)]
    units = ["A", "B", CITY]
    values = [12, 20, 32, 3, 20, 23, 15, 40, 55]
    withheld = [((2, 2), "A", "victims.identified"), ((2, 2), "B", "victims.identified")]
    table = intervals(_system(spans, units, ["victims.identified"], values, withheld), load_registry(), T)
    a = _row(table, "A", "2024:2-2")
    assert (a["low"], a["high"], a["ok"]) == (3, 3, False)
    # Withholding A's H1 as well (and B's, its partner under the city's 55) leaves A's Q2 free: 0..23.
    withheld += [((1, 2), "A", "victims.identified"), ((1, 2), "B", "victims.identified")]
    a = _row(intervals(_system(spans, units, ["victims.identified"], values, withheld), load_registry(), T), "A", "2024:2-2")
    assert a["low"] <= 0 and a["high"] >= 10 and a["ok"]


def test_a_rates_complement_is_a_protected_count():
    # T6 for unit A: 16 of 17 victims supported (1 not supported: protected), both counts published
    # (16 and 17 are not small), so the complement is known exactly: the audit fails it.
    columns = ["victims.identified", "victims.identified_supported"]
    values = [17, 16, 30, 30, 47, 46]
    system = _system([(1, 1)], ["A", "B", CITY], columns, values, [])
    table = intervals(system, load_registry(), T)
    complement = table[(table["kind"] == "complement") & (table["unit"] == "A")
                       & (table["what"] == "T6_victim_support")].iloc[0]
    assert (complement["value"], complement["low"], complement["high"], complement["ok"]) == (1, 1, 1, False)
    # The city's complement (1 of 47) is published: the city's totals are (params/disclosure.yaml).
    assert not len(table[table["unit"] == CITY])


def _with_statuses(system, statuses, target):
    """The system with T6 statuses published for units (unit -> status) in its one span (metrics/unit_status.py),
    read by a reader who knows that victims supported are among those identified (audit.ordered)."""
    from tipmonitor.metrics.unit_status import inequalities

    for unit, status in statuses.items():
        u = system.units.index(unit)
        numerator = {system.flat(0, u, system.columns.index("victims.identified_supported")): 1.0}
        denominator = {system.flat(0, u, system.columns.index("victims.identified")): 1.0}
        pending = {**denominator, **{k: -v for k, v in numerator.items()}}
        system.inequalities += inequalities(status, numerator, denominator, pending, target)
    return system


def _complement(table, unit):
    return table[(table["kind"] == "complement") & (table["unit"] == unit) & (table["what"] == "T6_victim_support")].iloc[0]


def test_a_missed_status_under_a_small_city_complement_gives_the_units_away():
    # T6 (100%): A 9 of 12 victims supported (3 not), B 14 of 15 (1 not), C 20 of 20; the city 43 of 47 (4 not,
    # published). A's and B's counts are withheld; C's and the city's published. Without statuses A's complement
    # could be 0..4 (B could hold all 4): it passes. With A's "missed" published, it is at least 1: 1..4, inside
    # 1..9, fails. "met" for B says 14 = 15 (B's complement 0), and A's is then exactly 4.
    from fractions import Fraction

    from tipmonitor.metrics.registry import Target

    target = Target("T6", ">=", Fraction(1), "100%")
    columns = ["victims.identified", "victims.identified_supported"]
    values = [12, 9, 15, 14, 20, 20, 47, 43]
    withheld = [((1, 1), u, c) for u in ("A", "B") for c in columns]
    system = _with_statuses(_system([(1, 1)], ["A", "B", "C", CITY], columns, values, withheld), {}, target)
    a = _complement(intervals(system, load_registry(), T), "A")
    assert (a["low"], a["high"], a["ok"]) == (0, 4, True)
    a = _complement(intervals(_with_statuses(system, {"A": "missed"}, target), load_registry(), T), "A")
    assert (a["low"], a["high"], a["ok"]) == (1, 4, False)
    system = _system([(1, 1)], ["A", "B", "C", CITY], columns, values, withheld)
    a = _complement(intervals(_with_statuses(system, {"B": "met"}, target), load_registry(), T), "A")
    assert (a["low"], a["high"], a["ok"]) == (4, 4, False)


def test_missed_statuses_under_a_city_complement_of_twelve_with_a_withheld_partner_pass():
    # T6: A 15 of 20 (5 not), B 18 of 25 (7 not), C 30 of 30; the city 63 of 75 (12 not). A's and B's counts are
    # withheld. A's "missed" alone: A's complement 1..12 (B's could be 0), reaching
    # T: passes. Both "missed": each at least 1, so at most 12 - 1 = 11: passes (unit_status: c - (n - 1) >= T).
    from fractions import Fraction

    from tipmonitor.metrics.registry import Target

    target = Target("T6", ">=", Fraction(1), "100%")
    columns = ["victims.identified", "victims.identified_supported"]
    withheld = [((1, 1), u, c) for u in ("A", "B") for c in columns]
    values = [20, 15, 25, 18, 30, 30, 75, 63]
    system = _with_statuses(_system([(1, 1)], ["A", "B", "C", CITY], columns, values, withheld), {"A": "missed"}, target)
    a = _complement(intervals(system, load_registry(), T), "A")
    assert (a["low"], a["high"], a["ok"]) == (1, 12, True)
    system = _with_statuses(_system([(1, 1)], ["A", "B", "C", CITY], columns, values, withheld),
                            {"A": "missed", "B": "missed"}, target)
    table = intervals(system, load_registry(), T)
    assert [(r["low"], r["high"], r["ok"]) for r in map(lambda u: _complement(table, u), "AB")] == [(1, 11, True)] * 2
    # With one victim fewer left unsupported in B (the city's 64 of 75: 11 not), both "missed" leave 1..10 each;
    # with two fewer (10 not), 1..9 each: fails. The rule publishes neither (10 - 1 < T).
    for unsupported, ok in ((11, True), (10, False)):
        values = [20, 15, 25, 25 - (unsupported - 5), 30, 30, 75, 75 - unsupported]
        system = _with_statuses(_system([(1, 1)], ["A", "B", "C", CITY], columns, values, withheld),
                                {"A": "missed", "B": "missed"}, target)
        a = _complement(intervals(system, load_registry(), T), "A")
        assert (a["low"], a["high"], a["ok"]) == (1, unsupported - 1, ok)


@pytest.fixture(scope="module")
def sample_inputs(sample_store):
    from tipmonitor.metrics.inputs import load_inputs
    from tipmonitor.store.database import Store

    return load_inputs(Store(sample_store).current())


# 2024 failed the audit until session 8 (6 of 4,228 protected counts: unit 021's investigation decisions of Q2, H1,
# 9M and the year). Traced by the LP's dual: the city's Q2 suspended count is 1 (021's); 021's partner under it was
# unit 001, the first unit with 0, whose 0 was pinned by its own published zeros (its Q1 resolved 0 and H1 opening 0,
# the city's H1 child_sale 0 giving its H1 intake 0, so its H1 stock closes at 0 and its Q2 decisions are 0). The
# decision now takes, among parts of one size, the unit with counts elsewhere in the year (plan_year._needed_parts).
# 2026 failed after that rule (15 of 2,052, the city police's, 01-PC02: its partner 00004's 0 was proven by the city's
# published 0 of child_sale, and its victims.protected of Q1 and Q2 came back as 00004's 9M 0 published beside them: the
# year's activity had picked 00004 for the Q1 edition and another unit for the 9M one). Since: a part the city's shown
# zeros prove 0 is a partner only when no other can be (plan_year.pinned_zeros), and a span's choice looks only at the
# windows ending by its end, so every edition of the year decides the same.
@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_each_sample_year_passes_the_audit_and_a_leak_by_subtraction_fails_it(sample_inputs, sample_results, year):
    # Every public edition of the plan year (2024 and 2025: Q1-Q4, H1, 9M, H2, the year; 2026: Q1-Q3, H1, 9M)
    # through the evaluations every page, chart, workbook, CSV and .docx is written from: metrics.results.compute of
    # each edition, computed once per test session (conftest.sample_results; test_disclosure and
    # test_public_editions read some of the same editions), handed to the audit as a run hands it its own edition.
    from tipmonitor.metrics.audit import year_system
    from tipmonitor.model.city import city_config

    from conftest import SessionEditions

    rule = city_config().cutoff_rule
    editions = SessionEditions(sample_results, rule, T)  # any edition the audit asks for, from the session's results
    system, labels, problems = year_system(sample_inputs, year, T, rule, editions)
    assert len(labels) == (5 if year == 2026 else 8) and problems == []
    table = intervals(system, sample_inputs.registry, T)
    print(f"{year}: {len(labels)} editions, {len(table)} protected counts, {int((~table['ok']).sum())} failing")
    assert len(table) > 100 and table["ok"].all(), table[~table["ok"]].head(10).to_string()
    # A deliberately leaky publication: one protected unit count stays withheld, but every other unit's count
    # of that measure and window is published beside the city's total, so the city minus the others gives it.
    counts = table[(table["kind"] == "count") & (table["unit"] != CITY)]
    victim = None
    for row in counts.itertuples():
        s = system.spans.index(tuple(int(q) for q in row.window.split(":")[1].split("-")))
        c, u = system.columns.index(row.what), system.units.index(row.unit)
        if system.published[s, -1, c]:
            victim = (s, u, c, row.value)
            break
    assert victim is not None
    s, u, c, value = victim
    assert 1 <= value < T and not system.published[s, u, c]
    others = ~np.isnan(system.values[s, :-1, c])
    others[u] = False
    system.published[s, :-1, c] |= others
    # Only that count's interval is asked for (the others were audited above): two LPs, not the year's again.
    window, unit, what = system.spans[s], system.units[u], system.columns[c]
    leaked = intervals(system, sample_inputs.registry, T,
                       keep=lambda item: (item.kind, item.span, item.unit, item.what) == ("count", window, unit, what))
    row = leaked[(leaked["window"] == f"{year}:{system.spans[s][0]}-{system.spans[s][1]}")
                 & (leaked["unit"] == system.units[u]) & (leaked["what"] == system.columns[c])
                 & (leaked["kind"] == "count")].iloc[0]
    assert row["low"] == pytest.approx(value) and row["high"] == pytest.approx(value) and not row["ok"]


# --- what a reader always knows (issue #26, session 9): a numerator within its denominator, a cohort's window ---


def test_the_audit_always_reads_a_numerator_within_its_denominator():
    # T6 for two units whose counts are withheld: A 9 of 12 supported (3 not), B 14 of 15 (1 not), C 20 of 20 and the
    # city 43 of 47 published. The units' complements sum to 47 - 43 - 0 = 4. A reader who knows that the supported
    # are among the identified (B's complement >= 0) bounds A's by 4: 0..4. Session 8's year audit left that out
    # (a switch, off), and gave A's complement -11..15 (B's 15 identified could all be unsupported: 4 + 15 - 4 ... ).
    columns = ["victims.identified", "victims.identified_supported"]
    values = [12, 9, 15, 14, 20, 20, 47, 43]
    withheld = [((1, 1), u, c) for u in ("A", "B") for c in columns]
    a = _complement(intervals(_system([(1, 1)], ["A", "B", "C", CITY], columns, values, withheld), load_registry(), T), "A")
    assert (a["low"], a["high"], a["ok"]) == (0, 4, True)


def _cohort_half(a_h2_supported):
    """Q3, Q4 and H2 of victims identified and supported (a cohort: identified in the window, supported by its end).
    A: 1 identified in Q3, not supported by Q3's end (its complement 1, protected), supported in Q4 when
    ``a_h2_supported`` is 1; none in Q4. B: 12 of 12 in Q3, 11 of 11 in Q4, 23 of 23 in H2. A's and B's Q3 and H2
    are withheld (B is A's partner), their Q4 (A's 0 and 0, B's 11) and the city's published."""
    spans, units = [(3, 3), (4, 4), (3, 4)], ["A", "B", CITY]
    columns = ["victims.identified", "victims.identified_supported"]
    a, b = [1, 0, 0, 0, 1, a_h2_supported], [12, 12, 11, 11, 23, 23]
    values = []
    for s in range(3):
        values += a[2 * s:2 * s + 2] + b[2 * s:2 * s + 2] + [a[2 * s] + b[2 * s], a[2 * s + 1] + b[2 * s + 1]]
    withheld = [(span, u, c) for span in ((3, 3), (3, 4)) for u in ("A", "B") for c in columns]
    return _system(spans, units, columns, values, withheld)


def test_a_cohorts_item_done_in_a_later_quarter_is_not_given_to_one_unit():
    # A's victim of Q3 supported in Q4: the city's H2 supported (24) is one more than its Q3 (12) and Q4 (11). That
    # one is a unit's, and a reader does not know whose: B's H2 may hold it as well as A's (H2 >= Q3 + Q4 for each
    # unit, not =). Session 8's audit took B's H2 = Q3 + Q4 because B's counts happen to satisfy it, so A's H2 was
    # 1 + A's Q3 supported, and with "supported <= identified" (A's H2 identified is its Q3's: 1 + 0) A's Q3
    # complement was pinned at 1 (2024's unit 271). Now: A's Q3 could be 1 of 1 (B 11 of 12, B's H2 23 of 23 >= 11 + 11).
    a = _complement(intervals(_cohort_half(1), load_registry(), T), "A")
    assert (a["low"], a["high"], a["ok"]) == (0, 1, True)
    # The inequality still proves what it can. With no late item (A's victim still unsupported at H2's end) and A's
    # H2 published beside it (1 identified, 0 supported: a leaky publication), A's Q3 supported is at most its H2's
    # minus its Q4's, 0, and its Q3 identified is its H2's minus its Q4's, 1: its complement is 1, and the audit fails it.
    system = _cohort_half(0)
    system.published[2, 0, :] = True
    a = _complement(intervals(system, load_registry(), T), "A")
    assert (a["low"], a["high"], a["ok"]) == (1, 1, False)


# The sample's 2023 failed its year audit until session 10 (5 of 4,146 protected counts): unit 276's one terminated
# investigation of Q4 (and so of H2 and the year) pinned at 1, its Q4 resolved at 1..8, and the city's Q4 forced-labour
# intake at 1..3. The city's Q4 terminated (1) is a published count of events; 276's partner under it was unit 001,
# the first unit with 0 (no unit had a terminated investigation all year, so the activity preference tied), and 001's
# own published Q4 resolved 0 proves its decisions 0: 276 = 1 - 0 - 0... The decision now proves a chosen partner's 0
# from every other shown number, the units' own included, and chooses again (plan_year.partners_proven). The whole
# year's audit (every edition, 20 s of CPU: not in the suite) is `tipmonitor audit-public 2023`; here the relations of
# those five counts, over the cells the year's decision publishes (a second, not the editions' minute).
def test_the_sample_2023_decision_hides_the_counts_its_audit_failed(sample_inputs):
    from tipmonitor.metrics.audit import YearSystem
    from tipmonitor.metrics.disclosure import year_decision

    cells = year_decision(sample_inputs, 2023, 4, "official", T, sample_inputs.registry)
    shown = ~cells.windows() & ~np.isnan(cells.values)
    system = YearSystem(2023, cells.spans, cells.units, cells.columns, cells.values, shown)
    failed = {("276", "investigation.resolved_terminated", (4, 4)), ("276", "investigation.resolved_terminated", (3, 4)),
              ("276", "investigation.resolved_terminated", (1, 4)), ("276", "investigation.resolved", (4, 4)),
              (CITY, "investigation.intake[exploitation=forced_labour]", (4, 4))}
    table = intervals(system, sample_inputs.registry, T, keep=lambda item: (item.unit, item.what, item.span) in failed)
    assert len(table) == 5 and table["ok"].all(), table.to_string()
    # 276's partner is a unit whose Q4 resolved count is withheld (its decisions unknown), not one showing 0
    q4, terminated = cells.spans.index((4, 4)), cells.columns.index("investigation.resolved_terminated")
    partners = [u for i, u in enumerate(cells.units[:-1]) if u != "276" and not shown[q4, i, terminated]]
    assert partners and all(not shown[q4, cells.units.index(u), cells.columns.index("investigation.resolved")] for u in partners)


# --- the shortcuts before and around the LPs (issue #24, session 10: audit.reduce, Part.solved, Part.ceiling) ---
# Each interval below is worked out by hand from the relations; a shortcut that pins, merges or bounds a count wrongly
# (or takes a row's bound for a greatest value no solution reaches) gives another interval.


def test_a_count_with_no_bound_above_is_unbounded():
    # One quarter, victims identified: A 3, B 12, C 20, the city 35. A's count and the city's are withheld, B's and
    # C's published: A - city = -(12 + 20), so A = city - 32 with the city's count free: A is 0 (city 32) .. anything.
    system = _system([(1, 1)], UNITS[:3] + [CITY], ["victims.identified"], [3, 12, 20, 35],
                     [((1, 1), "A", "victims.identified"), ((1, 1), CITY, "victims.identified")])
    a = _row(intervals(system, load_registry(), T), "A")
    assert (a["low"], a["high"], a["ok"]) == (0, np.inf, True)


def test_a_count_pinned_through_two_relations():
    # Q1, Q2 and H1 of victims identified. A: 2, 3, 5 (all protected); B: 20, 20, 40; the city 22, 23, 45. A's three
    # counts and B's H1 are withheld. The city's Q1 less B's gives A's Q1 = 22 - 20 = 2 and its Q2 = 23 - 20 = 3; then
    # A's H1 is its Q1 + Q2 = 5 (a second relation, over counts the first pinned). All three known: all fail.
    spans = [(1, 1), (2, 2), (1, 2)]
    values = [2, 20, 22, 3, 20, 23, 5, 40, 45]
    withheld = [(span, "A", "victims.identified") for span in spans] + [((1, 2), "B", "victims.identified")]
    table = intervals(_system(spans, ["A", "B", CITY], ["victims.identified"], values, withheld), load_registry(), T)
    assert [tuple(_row(table, "A", f"2024:{a}-{b}")[["low", "high", "ok"]]) for a, b in spans] == \
        [(2, 2, False), (3, 3, False), (5, 5, False)]


def test_stocks_equal_across_windows_share_their_interval():
    # Reports open at the start and at the end of Q1, Q2 and H1. A: opening 4, 6, 4 and closing 6, 2, 2 (Q1, Q2, H1;
    # all protected); B 15 everywhere; the city 19, 21, 19 opening and 21, 17, 17 closing, published; A's and B's
    # withheld. A reader knows H1 opens with Q1 (A's H1 opening = its Q1 opening), Q2 opens with Q1's close and H1
    # closes with Q2: equal counts (audit.merge writes them as one). A's Q1 opening + B's = 19: 0..19; A's Q1 closing
    # (= its Q2 opening) + B's = 21: 0..21; A's Q2 closing (= its H1 closing) + B's = 17: 0..17. All pass.
    spans = [(1, 1), (2, 2), (1, 2)]
    columns = ["reports.opening", "reports.closing"]
    a, b = [4, 6, 6, 2, 4, 2], [15] * 6
    values = []
    for s in range(3):
        values += a[2 * s:2 * s + 2] + b[2 * s:2 * s + 2] + [a[2 * s] + b[2 * s], a[2 * s + 1] + b[2 * s + 1]]
    withheld = [(span, u, c) for span in spans for u in ("A", "B") for c in columns]
    table = intervals(_system(spans, ["A", "B", CITY], columns, values, withheld), load_registry(), T)
    got = {(r.window, r.what): (r.low, r.high, r.ok) for r in table[table["unit"] == "A"].itertuples()}
    assert got == {("2024:1-1", "reports.opening"): (0, 19, True), ("2024:1-1", "reports.closing"): (0, 21, True),
                   ("2024:2-2", "reports.opening"): (0, 21, True), ("2024:2-2", "reports.closing"): (0, 17, True),
                   ("2024:1-2", "reports.opening"): (0, 19, True), ("2024:1-2", "reports.closing"): (0, 17, True)}


def test_a_greatest_value_below_every_rows_bound_and_a_sum_of_counts():
    # T6 in one quarter: A 3 of 3 victims supported, B 12 of 17 (5 not: its complement, protected), C 20 of 20; the
    # city 35 of 40, published. A's two counts and B's identified are withheld, B's
    # supported (12) published. A's supported = 35 - 12 - 20 = 3 (pinned). A's + B's identified = 40 - 20 = 20, and B's
    # identified is at least its supported, 12: A's identified is at most 8, though its one row alone allows 20;
    # at least its supported, 3: 3..8, inside 1..9: fails. B's complement is 20 - A's identified - 12: 0..5, passes.
    columns = ["victims.identified", "victims.identified_supported"]
    values = [3, 3, 17, 12, 20, 20, 40, 35]
    withheld = [((1, 1), "A", c) for c in columns] + [((1, 1), "B", "victims.identified")]
    table = intervals(_system([(1, 1)], ["A", "B", "C", CITY], columns, values, withheld), load_registry(), T)
    counts = table[(table["kind"] == "count") & (table["unit"] == "A")].set_index("what")
    assert tuple(counts.loc["victims.identified", ["low", "high", "ok"]]) == (3, 8, False)
    assert tuple(counts.loc["victims.identified_supported", ["low", "high", "ok"]]) == (3, 3, False)
    assert tuple(_complement(table, "B")[["low", "high", "ok"]]) == (0, 5, True)
    # B's supported withheld too: A's and B's supported add up to 15, A's and B's identified to 20, each unit's
    # supported at most its identified. A's identified: 0 (A's supported 0, B's 20 of 15) .. 20 (B's 0 of 0, A's 15 of
    # 20: its row's bound, reached). A's supported 0..15. B's complement, two unknown counts, is 5 - (A's identified -
    # A's supported), and B's supported <= B's identified says that difference is at most 5: 0..5.
    withheld.append(((1, 1), "B", "victims.identified_supported"))
    table = intervals(_system([(1, 1)], ["A", "B", "C", CITY], columns, values, withheld), load_registry(), T)
    counts = table[(table["kind"] == "count") & (table["unit"] == "A")].set_index("what")
    assert tuple(counts.loc["victims.identified", ["low", "high", "ok"]]) == (0, 20, True)
    assert tuple(counts.loc["victims.identified_supported", ["low", "high", "ok"]]) == (0, 15, True)
    assert tuple(_complement(table, "B")[["low", "high", "ok"]]) == (0, 5, True)


def test_reduce_pins_what_the_rows_decide_and_merges_only_counts_said_equal():
    from tipmonitor.metrics.audit import reduce

    # x3 = 4; x5 + x6 = 0 (so both 0); x7 - x3 <= -4 (so x7 <= 0: 0); then x4 - x5 + x7 = 2 gives x4 = 2,
    # x2 + x3 + x4 = 10 gives x2 = 4, and x1 - x2 = 0 gives x1 = 4: every count pinned, no row left.
    rows = [({1: 1.0, 2: -1.0}, 0.0), ({3: 1.0}, 4.0), ({2: 1.0, 3: 1.0, 4: 1.0}, 10.0), ({5: 1.0, 6: 1.0}, 0.0),
            ({4: 1.0, 5: -1.0, 7: 1.0}, 2.0), ({7: 1.0, 3: -1.0}, -4.0)]
    pinned, same, left, equalities = reduce(rows, 5)
    assert (pinned, same, left, equalities) == ({1: 4, 2: 4, 3: 4, 4: 2, 5: 0, 6: 0, 7: 0}, {}, [], 0)
    # x1 - x2 = 0 says x1 and x2 are equal: one is written as the other. 2 x3 - x4 = 0 says x4 is twice x3, not equal
    # to it; and x1 + x3 + x5 <= 6 (an inequality) pins nothing. Nothing pinned, two equalities left.
    rows = [({1: 1.0, 2: -1.0}, 0.0), ({3: 2.0, 4: -1.0}, 0.0), ({1: 1.0, 3: 1.0, 5: 1.0}, 6.0)]
    pinned, same, left, equalities = reduce(rows, 2)
    one = same.get(1, 1)
    assert pinned == {} and same in ({1: 2}, {2: 1}) and equalities == 1
    assert left == [({3: 2.0, 4: -1.0}, 0.0), ({one: 1.0, 3: 1.0, 5: 1.0}, 6.0)]
    # A sum whose terms cancel leaves a count with coefficient 0: x1 + 0 x2 = 3 pins x1 at 3 and says nothing of x2.
    assert reduce([({1: 1.0, 2: 0.0}, 3.0)], 1) == ({1: 3.0}, {}, [], 0)


# --- the year's system read without per-row pandas work (issue #24, session 11: YearSystem.flat, _shown_counts) ---


def test_a_counts_flat_position_is_its_place_in_the_values_read_in_order():
    # 3 spans x 4 units x 5 columns: (s, u, c) is at (s x 4 + u) x 5 + c of values.ravel(), as np.ravel_multi_index says.
    system = YearSystem(2024, [(1, 1), (2, 2), (1, 2)], ["A", "B", "C", CITY], list("vwxyz"),
                        np.arange(60, dtype=float).reshape(3, 4, 5), np.zeros((3, 4, 5), dtype=bool))
    assert system.flat(2, 1, 3) == (2 * 4 + 1) * 5 + 3 == 48 and system.values.ravel()[48] == system.values[2, 1, 3]
    assert [system.flat(s, u, c) for s in range(3) for u in range(4) for c in range(5)] == list(range(60))


def test_an_editions_shown_counts_are_its_years_cells_not_blank_in_the_cubes_order():
    from tipmonitor.metrics.audit import _shown_counts

    # An edition's cube: 2024-Q1 and 2024-H1 of A, B and the city, 2023-Q4 (another year) and a month of A; columns
    # x, y and "other" (not among the year's). The year's spans: Q1 at 0, Q2 at 1, H1 at 2; units A, B, the city.
    index = pd.MultiIndex.from_tuples([("2024-Q1", "A"), ("2024-Q1", "B"), ("2024-Q1", CITY), ("2023-Q4", "A"),
                                       ("2024-01", "A"), ("2024-H1", "Z"), ("2024-H1", "B")], names=["window", "unit"])
    cube = pd.DataFrame({"y": [1, None, 9, 4, 5, 6, 7], "other": [2, 2, 2, 2, 2, 2, 2], "x": [3, 8, None, 4, 5, 6, 0]},
                        index=index, dtype="Float64")
    s_of, u_of, c_of = {(1, 1): 0, (2, 2): 1, (1, 2): 2}, {"A": 0, "B": 1, CITY: 2}, {"x": 0, "y": 1}
    got = [(s, u, c, w, unit, v) for s, u, c, w, unit, v in _shown_counts(cube, 2024, s_of, u_of, c_of)]
    # Row by row, in the cube's column order (y before x), blanks, 2023, the month, unit Z and "other" left out;
    # H1's 0 is a count shown (0 describes nobody, but it is published).
    assert got == [(0, 0, 1, "2024-Q1", "A", 1.0), (0, 0, 0, "2024-Q1", "A", 3.0), (0, 1, 0, "2024-Q1", "B", 8.0),
                   (0, 2, 1, "2024-Q1", CITY, 9.0), (2, 1, 1, "2024-H1", "B", 7.0), (2, 1, 0, "2024-H1", "B", 0.0)]
    assert list(_shown_counts(cube.iloc[0:0], 2024, s_of, u_of, c_of)) == []


def test_what_a_reader_always_knows_is_made_once_per_counts_and_registry(monkeypatch):
    # The leak check asks intervals() again of the same counts with more published: the relations and orders
    # (audit.reader_rows) are not made again; other counts or another registry make them again.
    from dataclasses import replace

    from tipmonitor.metrics import audit

    made = []
    relations = audit.relations
    monkeypatch.setattr(audit, "relations", lambda system, registry: made.append(1) or relations(system, registry))
    registry = load_registry()
    # The first test's quarter: A 3 withheld, B 12, C 20, D 0, the city 35: 35 - 12 - 20 - 0 gives A back.
    system = _system([(1, 1)], UNITS, ["victims.identified"], QUARTER, [((1, 1), "A", "victims.identified")])
    assert tuple(_row(intervals(system, registry, T), "A")[["low", "high", "ok"]]) == (3, 3, False)
    # B withheld too: A + B = 35 - 20 - 0 = 15, A 0..15; the same counts, nothing made again
    system.published[0, 1, 0] = False
    assert tuple(_row(intervals(system, registry, T), "A")[["low", "high"]]) == (0, 15) and len(made) == 1
    # The city's count 40 instead (the units no longer add up to it, so a reader knows no sum): A is 0..anything;
    # with the relation of the old counts kept it would be 0..20 (40 - 20 - 0)
    system.values[0, -1, 0] = 40
    assert tuple(_row(intervals(system, registry, T), "A")[["low", "high"]]) == (0, np.inf) and len(made) == 2
    intervals(system, replace(registry), T)
    assert len(made) == 3


def test_a_row_left_of_one_sign_once_a_count_is_put_in_pins_the_rest():
    from tipmonitor.metrics.audit import pin

    # x3 = 4 (an equality), then x7 - x3 <= -4 (an inequality): with x3 put in, x7 <= 0, so x7 = 0;
    # x8 + x9 - x3 = -4: x8 + x9 = 0, both 0; x3 - x10 - x11 = 4: -x10 - x11 = 0, both 0. A row's sign is told after
    # the counts pinned are taken out of it (session 11: pin() counts each row's negative and positive coefficients
    # instead of scanning the row).
    rows = [({3: 1.0}, 4.0), ({8: 1.0, 9: 1.0, 3: -1.0}, -4.0), ({3: 1.0, 10: -1.0, 11: -1.0}, 4.0),
            ({7: 1.0, 3: -1.0}, -4.0)]
    assert pin(rows, 3) == ({3: 4.0, 7: 0.0, 8: 0.0, 9: 0.0, 10: 0.0, 11: 0.0}, [], 0)
    # x7 - x3 <= -3 leaves x7 <= 1: nothing more pinned, the row kept with 1 on its right
    assert pin([({3: 1.0}, 4.0), ({7: 1.0, 3: -1.0}, -3.0)], 1) == ({3: 4.0}, [({7: 1.0}, 1.0)], 0)
