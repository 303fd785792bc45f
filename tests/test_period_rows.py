"""A file's rows belong to its period: rows labelled with another period never replace or change one in silence."""

from datetime import date

import pytest

from tipmonitor.core.problems import InputError
from tipmonitor.intake.checks import rows_outside_period
from tipmonitor.store.database import Store

TODAY = date(2025, 2, 1)


def activities(path, period, sessions=3, unit="002"):
    path.write_text("unit,period,activity,value\n"
                    f"{unit},{period},communication.sessions,{sessions}\n"
                    f"{unit},{period},direction.documents,1\n", encoding="utf-8")
    return path


def sessions(store, period):
    table = store.current().activities
    row = table[(table["period"] == period) & (table["activity"] == "communication.sessions")]
    return list(row["value"])


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_a_file_named_for_a_quarter_whose_rows_say_the_one_before_is_refused_and_changes_nothing(tmp_path):
    # 002 has sent 2024-Q3 (5 sessions) and 2024-Q4 (7 sessions). act_002_2024-Q4.csv with rows of 2024-Q3
    # (9 sessions) would replace Q4's rows with Q3's and change the closed Q3: refused, both stay 5 and 7.
    store = Store(tmp_path / "s.duckdb")
    store.ingest(activities(tmp_path / "a_002_2024-Q3.csv", "2024-Q3", 5), unit="002", period="2024-Q3", today=TODAY)
    store.ingest(activities(tmp_path / "a_002_2024-Q4.csv", "2024-Q4", 7), unit="002", period="2024-Q4", today=TODAY)
    wrong = activities(tmp_path / "act_002_2024-Q4.csv", "2024-Q3", 9)
    with pytest.raises(InputError) as caught:
        store.ingest(wrong, unit="002", period="2024-Q4", today=TODAY, lang="en")
    text = caught.value.render("en")
    assert "act_002_2024-Q4.csv:2:" in text and "no row of the" in text and "2024-Q3" in text
    assert sessions(store, "2024-Q3") == [5] and sessions(store, "2024-Q4") == [7]


def test_late_rows_of_an_earlier_period_fill_it_and_a_later_file_cannot_change_it(tmp_path):
    # A Q4 file carrying Q3's late report (the unit sent nothing for Q3): taken. Sent again with other Q3 figures
    # in a Q1 file, it would change a reported period: refused; a correction of Q3 is a file for Q3.
    store = Store(tmp_path / "s.duckdb")
    both = tmp_path / "b_002_2024-Q4.csv"
    both.write_text("unit,period,activity,value\n002,2024-Q4,communication.sessions,7\n"
                    "002,2024-Q3,communication.sessions,4\n", encoding="utf-8")
    store.ingest(both, unit="002", period="2024-Q4", today=TODAY)
    assert sessions(store, "2024-Q3") == [4]
    again = tmp_path / "c_002_2025-Q1.csv"
    again.write_text("unit,period,activity,value\n002,2025-Q1,communication.sessions,2\n"
                     "002,2024-Q3,communication.sessions,6\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        store.ingest(again, unit="002", period="2025-Q1", today=date(2025, 5, 1), lang="en")
    assert "c_002_2025-Q1.csv:3:" in caught.value.render("en") and "send 2024-Q3's file again" in caught.value.render("en")
    assert sessions(store, "2024-Q3") == [4]


def test_rows_of_a_later_period_are_refused_and_texts_are_checked_like_activities():
    import pandas as pd

    texts = pd.DataFrame({"unit": ["002"], "period": ["2025-Q1"], "task_group": [1], "section": ["results"],
                          "text": ["Họp Ban Chỉ đạo."], "_file": ["t.csv"], "_row": [2]})
    mixed = pd.concat([texts.assign(period="2024-Q4"), texts.assign(_row=3)], ignore_index=True)
    [problem] = rows_outside_period({"unit_texts": mixed}, "2024-Q4", set())
    assert (problem.file, problem.row, problem.key) == ("t.csv", 3, "row_after_period")
    # A file for 2024-Q4 whose only row says 2025-Q1: a later period's row, refused as such; where the unit already
    # has 2024-Q4 texts the file would replace, the table is refused whole (none of its rows is of 2024-Q4).
    [problem] = rows_outside_period({"unit_texts": texts}, "2024-Q4", set())
    assert problem.key == "row_after_period"
    [problem] = rows_outside_period({"unit_texts": texts}, "2024-Q4", set(), replacing={"unit_texts"})
    assert problem.key == "rows_not_of_period"
    # An earlier quarter's texts alone, sent with the next quarter's file by a unit that has none for either: a late
    # report of that quarter, taken (the sample's units that skipped a quarter send it so).
    assert rows_outside_period({"unit_texts": texts.assign(period="2024-Q3")}, "2024-Q4", set()) == []


def test_a_record_dated_after_its_period_is_a_located_note(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    path = tmp_path / "002_2024-Q4.csv"
    path.write_text("case_id,unit,initiated_date\nVA1,002,2024-12-20\n", encoding="utf-8")  # Q4 ends 14/12/2024
    result = store.ingest(path, unit="002", period="2024-Q4", today=TODAY, lang="en")
    assert any(n.startswith("002_2024-Q4.csv:2:") and "20/12/2024" in n for n in result.notes)
