"""Results kept per owner (core/memo.py) and the caches built on it: a trend, a window's activity values and a plan
year's decision are computed once per owner and let go with it, so a long JupyterLab session does not keep every
dataset it has read (issue of session 11's review)."""

import gc
import weakref

import pandas as pd

from tipmonitor.core.memo import PerOwner


class Owner:
    pass


def test_a_value_is_computed_once_per_owner_and_key_and_goes_with_its_owner():
    memo, made = PerOwner(), []
    first, second = Owner(), Owner()
    assert memo.get(first, "k", lambda: made.append(1) or [1]) == [1]
    assert memo.get(first, "k", lambda: made.append(2) or [2]) == [1] and made == [1]
    assert memo.get(second, "k", lambda: made.append(3) or [3]) == [3] and len(memo) == 2
    gone = weakref.ref(first)
    del first
    gc.collect()
    assert gone() is None and len(memo) == 1
    # an unhashable owner (a DataFrame) is matched by identity
    frame = pd.DataFrame({"a": [1]})
    assert memo.get(frame, "k", lambda: 4) == 4 and memo.get(frame, "k", lambda: 5) == 4


def test_past_its_limit_an_owners_values_are_dropped_not_kept():
    memo, owner = PerOwner(limit=2), Owner()
    for key in "abc":
        memo.get(owner, key, lambda key=key: key)
    assert memo.get(owner, "a", lambda: "again") == "again"


def _dataset():
    from conftest import make_dataset
    from fixtures import CASES, REPORTS, VICTIMS

    return make_dataset(REPORTS, CASES, VICTIMS)


def test_a_trend_is_made_once_per_inputs_and_freed_with_them(monkeypatch):
    from conftest import inputs_of

    from tipmonitor.metrics import evaluation
    from tipmonitor.model import periods

    made = []
    quarterly = evaluation.quarterly
    monkeypatch.setattr(evaluation, "quarterly", lambda data, until, **kw: made.append(until.label) or quarterly(data, until, **kw))
    inputs = inputs_of(_dataset(), baseline_table=None)
    first = evaluation.trend(inputs, periods.parse("2023-Q4"))
    again = evaluation.trend(inputs, periods.parse("2023-Q4"))
    assert made == ["2023-Q4"] and len(first) and again.equals(first) and again is not first
    # inputs of another dataset, read and dropped, as a session reading its store again
    for _ in range(3):
        other = inputs_of(_dataset(), baseline_table=None)
        evaluation.trend(other, periods.parse("2023-Q4"))
    gone, data_gone = weakref.ref(other), weakref.ref(other.data)
    del other
    gc.collect()
    assert gone() is None and data_gone() is None
    assert len(made) == 4 and evaluation.trend(inputs, periods.parse("2023-Q4")).equals(first) and len(made) == 4


def test_a_windows_activity_values_are_freed_with_their_frame(monkeypatch):
    from tipmonitor.metrics import taskgroups
    from tipmonitor.model import periods

    made = []
    window_values = taskgroups.window_values
    monkeypatch.setattr(taskgroups, "window_values", lambda *a: made.append(a[1].label) or window_values(*a))
    activities = pd.DataFrame({"unit": ["001", "002"], "period": ["2024-Q1", "2024-Q1"],
                               "activity": ["direction.meetings"] * 2, "value": [3, 2]})
    first = taskgroups.unit_values(activities, periods.parse("2024-Q1"))
    assert taskgroups.unit_values(activities, periods.parse("2024-Q1")).equals(first) and made == ["2024-Q1"]
    gone = weakref.ref(activities)
    del activities
    gc.collect()
    assert gone() is None


def test_a_plan_years_decision_is_made_once_per_dataset_and_freed_with_it(monkeypatch):
    from conftest import inputs_of

    from tipmonitor.metrics import disclosure, plan_year

    made = []
    decide = plan_year.decide
    monkeypatch.setattr(plan_year, "decide", lambda cube, year, *a, **kw: made.append(year) or decide(cube, year, *a, **kw))
    inputs = inputs_of(_dataset(), baseline_table=None)
    cells = disclosure.year_decision(inputs, 2023, 4, "official", 10, inputs.registry)
    assert disclosure.year_decision(inputs, 2023, 4, "official", 10, inputs.registry) is cells and made == [2023]
    gone, data_gone = weakref.ref(inputs), weakref.ref(inputs.data)
    del inputs
    gc.collect()
    assert gone() is None and data_gone() is None
