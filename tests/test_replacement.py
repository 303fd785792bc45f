"""A submission that replaces a table says what goes and comes, and never takes records out unasked."""

import pytest

from tipmonitor.cli import main
from tipmonitor.core.problems import InputError
from tipmonitor.store.database import Store
from tipmonitor.store.replacement import TableChange, changes, refused

COMMON = ["--today", "2023-07-01", "--unit", "002", "--period", "2023-Q2", "--lang", "en"]
HEADER = "case_id,unit,initiated_date\n"


def cases_file(path, ids):
    path.write_text(HEADER + "".join(f"{i},002,2023-04-2{n}\n" for n, i in enumerate(ids)), encoding="utf-8")
    return path


def test_changes_are_worked_per_table_by_key():
    # Now: VA1..VA3; the file: VA3, VA4  ->  VA1, VA2 go; VA4 comes; VA3 stays.
    found = changes({"cases": {"VA1", "VA2", "VA3"}}, {"cases": {"VA3", "VA4"}, "victims": {"V1"}})
    assert found["cases"] == TableChange("cases", ("VA1", "VA2"), ("VA4",), 1)
    assert found["victims"] == TableChange("victims", (), ("V1",), 0)
    assert [c.table for c in refused(found, False)] == ["cases"]
    assert refused(found, ["cases"]) == [] and refused(found, True) == []
    assert [c.table for c in refused(found, ["victims"])] == ["cases"]


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_a_partial_resend_is_refused_naming_what_would_go_and_the_store_keeps_every_record(tmp_path, capsys):
    # The unit's current 2023-Q2 cases are VA1..VA9; a re-send carries VA1 alone: 8 would go, none come.
    store = tmp_path / "s.duckdb"
    nine = cases_file(tmp_path / "002_2023-Q2.csv", [f"VA{i}" for i in range(1, 10)])
    one = cases_file(tmp_path / "carried_002_2023-Q2.csv", ["VA1"])
    assert main(["ingest", str(nine), "--store", str(store), *COMMON]) == 0
    capsys.readouterr()
    assert main(["ingest", str(one), "--store", str(store), *COMMON]) == 1
    err = capsys.readouterr().err
    assert "Cases: 8 go, 0 come, 1 stay" in err and "--replace-tables cases" in err
    assert len(Store(store).current().cases) == 9
    # Named, it is stored, and the history says what it did.
    assert main(["ingest", str(one), "--store", str(store), *COMMON, "--replace-tables", "cases"]) == 0
    assert "Cases: 8 go, 0 come, 1 stay" in capsys.readouterr().out
    assert len(Store(store).current().cases) == 1
    assert main(["submissions", "--store", str(store), "--lang", "en"]) == 0
    assert "Cases: 8 go, 0 come, 1 stay" in capsys.readouterr().out


def test_a_resend_that_only_adds_replaces_and_says_so_with_the_ids_when_few(tmp_path, capsys):
    # VA1, VA2 now; the file: VA1, VA2, VA3  ->  nothing goes, VA3 comes, 2 stay.
    store = Store(tmp_path / "s.duckdb")
    store.ingest(cases_file(tmp_path / "a_002_2023-Q2.csv", ["VA1", "VA2"]), unit="002", period="2023-Q2",
                 today=__import__("datetime").date(2023, 7, 1))
    result = store.ingest(cases_file(tmp_path / "b_002_2023-Q2.csv", ["VA1", "VA2", "VA3"]), unit="002",
                          period="2023-Q2", today=__import__("datetime").date(2023, 7, 1), lang="en")
    assert result.status == "ingested" and "Cases: 0 go, 1 come (VA3), 2 stay" in result.notes
    assert len(store.current().cases) == 3


def test_an_unknown_table_for_replace_tables_is_told_in_words(tmp_path, capsys):
    one = cases_file(tmp_path / "002_2023-Q2.csv", ["VA1"])
    code = main(["ingest", str(one), "--store", str(tmp_path / "s.duckdb"), *COMMON, "--replace-tables", "casse"])
    assert code == 2 and "no table casse" in capsys.readouterr().err


def test_the_sample_partial_resend_keeps_t3_of_the_city(sample_store, tmp_path):
    # The issue's case: 01-PC02's 2025-Q3 cases re-sent with one case. Refused, so the city's 2025-Q3 T3 stays as it was.
    import shutil
    from datetime import date

    from conftest import inputs_of

    from tipmonitor.metrics.evaluation import evaluate
    from tipmonitor.model import periods

    copy = tmp_path / "s.duckdb"
    shutil.copy2(sample_store, copy)
    store = Store(copy)
    before = store.current()
    cases = before.cases[(before.cases["unit"] == "01-PC02")]
    ours = store.parts(unit="01-PC02", period="2025-Q3")
    assert "cases" in set(ours["table"])  # the unit sent cases for 2025-Q3
    one = cases.iloc[:1].drop(columns=["_file", "_row"])
    path = tmp_path / "carried_01-PC02_2025-Q3.csv"
    one.to_csv(path, index=False)
    with pytest.raises(InputError, match="--replace-tables cases"):
        store.ingest(path, unit="01-PC02", period="2025-Q3", today=date(2026, 12, 1), allow_period_outside=True)
    def city_t3(dataset):
        table = evaluate(inputs_of(dataset), periods.parse("2025-Q3")).table
        row = table[(table["scope"] == "period") & (table["unit"] == "CITY") & (table["indicator"] == "T3_discovery")]
        return tuple(row[["numerator", "denominator"]].iloc[0])

    # 9/9 before (the figure for the sample), and still 9/9: not "No data".
    assert city_t3(before) == (9, 9) and city_t3(store.current()) == (9, 9)


def test_an_empty_written_report_is_asked_for_a_new_one_replaces_the_old_whole():
    # A template whose «Báo cáo bằng lời» sheet was left blank carries no texts: it would erase the two the unit
    # sent, so it is refused unless --replace-tables names unit_texts; a new report (other sections) replaces the
    # old one whole without asking (a document, not records).
    from tipmonitor.store.replacement import changes, refused

    now = {"unit_texts": {"1/results", "2/results"}}
    empty = changes(now, {"unit_texts": set()})
    assert [c.table for c in refused(empty, False)] == ["unit_texts"]
    assert refused(empty, ["unit_texts"]) == []
    assert refused(changes(now, {"unit_texts": {"3/results"}}), False) == []
