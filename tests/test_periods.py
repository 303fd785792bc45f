from datetime import date

import pytest

from tipmonitor.model import periods
from tipmonitor.model.periods import Period, PeriodError


@pytest.mark.parametrize("label, start, end", [
    # The official examples of the 15th-14th rule (domain brief).
    ("2021-09", date(2021, 8, 15), date(2021, 9, 14)),
    ("2023-Q1", date(2022, 12, 15), date(2023, 3, 14)),
    ("2023", date(2022, 12, 15), date(2023, 12, 14)),
    ("2023-H1", date(2022, 12, 15), date(2023, 6, 14)),
    ("2023-9M", date(2022, 12, 15), date(2023, 9, 14)),
    ("2023-Q2", date(2023, 3, 15), date(2023, 6, 14)),
    ("2023-H2", date(2023, 6, 15), date(2023, 12, 14)),
    ("2023-01", date(2022, 12, 15), date(2023, 1, 14)),
    ("2023-YTD05", date(2022, 12, 15), date(2023, 5, 14)),
])
def test_official_windows(label, start, end):
    w = periods.parse(label).window("official")
    assert (w.start, w.end) == (start, end)


@pytest.mark.parametrize("label, start, end", [
    ("2023-Q1", date(2023, 1, 1), date(2023, 3, 31)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2023", date(2023, 1, 1), date(2023, 12, 31)),
    ("2023-H2", date(2023, 7, 1), date(2023, 12, 31)),
])
def test_calendar_windows(label, start, end):
    w = periods.parse(label).window("calendar")
    assert (w.start, w.end) == (start, end)


def test_labels_round_trip_and_case_insensitive():
    for label in ["2023-05", "2023-Q2", "2023-H1", "2023-9M", "2023", "2023-YTD06"]:
        assert periods.parse(label).label == label
    assert periods.parse("2023-q3").label == "2023-Q3"
    assert periods.parse("2023-YTD-6").label == "2023-YTD06"


@pytest.mark.parametrize("bad", ["2023-Q5", "2023-13", "2023-H3", "23-Q1", "Q1-2023", "", "2023-Q"])
def test_malformed_periods_are_refused_with_the_accepted_forms(bad, monkeypatch):
    monkeypatch.setenv("TIPMONITOR_LANG", "en")  # the messages asserted below, in English
    with pytest.raises(PeriodError) as error:
        periods.parse(bad)
    assert "2023-Q2" in str(error.value) or "out of range" in str(error.value)


def test_unknown_rule_is_refused(monkeypatch):
    monkeypatch.setenv("TIPMONITOR_LANG", "en")  # the messages asserted below, in English
    with pytest.raises(PeriodError, match="cut-off rule"):
        periods.parse("2023-Q1").window("weekly")


def test_previous_period_wraps_the_year():
    assert periods.parse("2023-Q1").previous().label == "2022-Q4"
    assert periods.parse("2023-Q3").previous().label == "2023-Q2"
    assert periods.parse("2023-01").previous().label == "2022-12"
    assert periods.parse("2023-H1").previous().label == "2022-H2"
    assert periods.parse("2023").previous().label == "2022"


def test_same_period_of_the_baseline_year_and_year_to_date():
    q2 = periods.parse("2023-Q2")
    assert q2.in_year(2022).label == "2022-Q2"
    assert q2.year_to_date().label == "2023-YTD06"
    assert q2.year_to_date().window() == periods.parse("2023-H1").window()
    assert periods.parse("2023-H1").quarters() == [Period(2023, "quarter", 1), Period(2023, "quarter", 2)]


def test_due_date_is_two_working_days_after_the_cut_off():
    # 14/3/2023 is a Tuesday: due Thursday 16/3.
    assert periods.due_date(periods.parse("2023-Q1")) == date(2023, 3, 16)
    # 14/12/2024 is a Saturday: Monday 16 and Tuesday 17 are the two working days.
    assert periods.due_date(periods.parse("2024")) == date(2024, 12, 17)
    # 14/6/2024 is a Friday: Monday 17 and Tuesday 18.
    assert periods.due_date(periods.parse("2024-Q2")) == date(2024, 6, 18)


def test_latest_complete_period_waits_for_the_deadline_day_to_pass():
    # Q1 2023 is due 16/3/2023; on that day it is not yet complete, the next day it is.
    assert periods.latest_complete(date(2023, 3, 16)).label == "2022-Q4"
    assert periods.latest_complete(date(2023, 3, 17)).label == "2023-Q1"
    # The year 2024 is due Tuesday 17/12/2024 (cut-off on a Saturday).
    assert periods.latest_complete(date(2024, 12, 18), "year").label == "2024"
    assert periods.latest_complete(date(2024, 12, 17), "year").label == "2023"
    assert periods.latest_complete(date(2024, 12, 18), "half").label == "2024-H2"


def test_describe_in_both_languages():
    q2 = periods.parse("2023-Q2")
    assert q2.describe("vi") == "Quý II/2023"
    assert q2.describe("en") == "Q2 2023"
    assert periods.parse("2023-H1").describe("vi") == "6 tháng đầu năm 2023"
    assert periods.parse("2023-9M").describe("vi") == "9 tháng năm 2023"


@pytest.mark.parametrize("label, vi, en", [
    ("2023-05", "Tháng 5/2023", "May 2023"),
    ("2023-12", "Tháng 12/2023", "December 2023"),
    ("2023-YTD12", "Từ đầu năm 2023 đến 14/12/2023", "2023 year to 14/12/2023"),
    ("2023-YTD06", "Từ đầu năm 2023 đến 14/06/2023", "2023 year to 14/06/2023"),
    ("2023", "Năm 2023", "Year 2023"),
])
def test_every_kind_of_period_is_described(label, vi, en):
    period = periods.parse(label)
    assert (period.describe("vi"), period.describe("en")) == (vi, en)
