"""Units' results published without their counts (metrics/unit_status.py): the rule, worked by hand."""

from fractions import Fraction

import numpy as np

from tipmonitor.metrics.registry import Target, load_registry
from tipmonitor.metrics.unit_status import SpanCounts, inequalities, published_statuses

T = 10
COLUMNS = ["reports.intake", "reports.intake_classified"]
INDICATORS = ["T1_classification"]


class _Targets:
    by_key = {"T1": Target("T1", ">=", Fraction(1), "tiếp nhận, phân loại 100%")}


def _published(pairs, withheld=(True, True, True), shown=None):
    """One quarter, units A, B, C and the city; ``pairs`` (classified, intake) per unit; rates withheld as given."""
    values = np.array([[list(reversed(p)) for p in pairs] + [[sum(p[1] for p in pairs), sum(p[0] for p in pairs)]]],
                      dtype=float)
    rows = np.array([[[w] for w in withheld] + [[False]]])
    counts = SpanCounts(values, COLUMNS, rows, INDICATORS, shown)
    return published_statuses(counts, load_registry(), _Targets(), T)[0, :, 0].tolist()


def test_a_spans_statuses_are_published_all_or_none_on_what_the_reader_knows():
    # T1 (100%): A 5/5, B 4/4, C 3/3. The withheld units' complements sum to 0 (all met: the city's 12/12 says so)
    # and their intakes to D = 12: with n = 3 statuses saying "at least 1 each", one unit's intake could still be
    # 12 - 2 = 10 >= T. Published, the city's row never (its counts are).
    assert _published([(5, 5), (4, 4), (3, 3)]) == [True, True, True, False]
    # C 2/3 missed: the complements sum to 1 (the city's 11/12), so C's "missed" would say its complement is 1..1;
    # A's and B's "met" beside a withheld C would say the same to a reader who knows the rule: none is published.
    assert _published([(5, 5), (4, 4), (2, 3)]) == [False, False, False, False]
    # A 4/4, B 3/3, C 2/2: D = 9, so with three statuses each intake is 1..9 - 2 = 7: none published.
    assert _published([(4, 4), (3, 3), (2, 2)]) == [False, False, False, False]


def test_complements_that_sum_to_t_or_more_beside_every_possible_miss_publish_misses():
    # A 10/15, B 8/14, C 20/20 withheld (the complements 5 and 6 are small): c = 11, n = 3, so even if all three
    # missed, one's complement could be 11 - 2 = 9: not enough. With C's rate published (only A and B withheld):
    # n = 2, 11 - 1 = 10 >= T, and D = 29 - 1 >= T: A's and B's "missed" are published.
    assert _published([(10, 15), (8, 14), (20, 20)]) == [False, False, False, False]
    assert _published([(10, 15), (8, 14), (20, 20)], withheld=(True, True, False)) == [True, True, False, False]


def test_a_unit_no_edition_shows_counts_in_the_sums_but_gets_no_status():
    # C (3/3) ended before the span's end: no edition shows it, so its status is never published; its intake is
    # still unknown to the reader, so it stays in D (5 + 4 + 3 = 12) and n counts the two shown: 12 - 1 >= T.
    shown = np.array([[True, True, False, True]])
    assert _published([(5, 5), (4, 4), (3, 3)], shown=shown) == [True, True, False, False]


def test_a_status_as_inequalities():
    # T2 (> 90%) for one unit: resolved (index 1), opening + intake - transferred (indices 2, 3, 4), pending = closing (5).
    target = Target("T2", ">", Fraction(9, 10), "trên 90%")
    numerator, denominator, pending = {1: 1.0}, {2: 1.0, 3: 1.0, 4: -1.0}, {5: 1.0}
    assert inequalities("met", numerator, denominator, pending, target) == [
        ({2: 1.0, 3: 1.0, 4: -1.0}, 1.0),                       # a denominator of at least 1
        ({1: 1.0, 2: -0.9, 3: -0.9, 4: 0.9}, 0.0)]              # resolved - 0.9 x denominator >= 0
    missed = inequalities("missed", numerator, denominator, pending, target)
    assert missed[1:] == [({2: 0.9, 3: 0.9, 4: -0.9, 1: -1.0}, 0.0),   # 0.9 x denominator - resolved >= 0
                          ({2: 1.0, 3: 1.0, 4: -1.0, 1: -1.0}, 1.0)]   # at least one report not resolved
    at_risk = inequalities("at_risk", numerator, denominator, pending, target)
    assert at_risk[:3] == missed and at_risk[3] == ({5: 1.0, 2: -0.9, 3: -0.9, 4: 0.9, 1: 1.0}, 0.0)  # closing >= gap
    assert inequalities("no_data", numerator, denominator, pending, target) == [({2: -1.0, 3: -1.0, 4: 1.0}, 0.0)]


def test_a_longer_window_publishes_only_where_each_of_its_quarters_does():
    # T1, spans Q1, Q2, H1; A and B withheld, all met. Q1: A 2/2, B 1/1 (D = 3: 3 - 1 < T, not published);
    # Q2: A 9/9, B 9/9 (D = 18: published); H1: A 11/11, B 10/10 (D = 21: passes alone, but Q1 inside does not).
    values = np.array([[[2, 2], [1, 1], [3, 3]], [[9, 9], [9, 9], [18, 18]], [[11, 11], [10, 10], [21, 21]]], dtype=float)
    rows = np.array([[[True], [True], [False]]] * 3)
    counts = SpanCounts(values, COLUMNS, rows, INDICATORS, None, [(1, 1), (2, 2), (1, 2)])
    published = published_statuses(counts, load_registry(), _Targets(), T)[:, :2, 0]
    assert published.tolist() == [[False, False], [True, True], [False, False]]
