"""A store made before the data model gained a field still opens and takes submissions (issue #19, item 7)."""

from datetime import date

import duckdb
import pytest

from tipmonitor.store import database, migrations
from tipmonitor.store.database import Store, StoreError
from test_store import csv as submission  # the store tests write the same crime-reports CSV

TODAY = date(2026, 1, 1)


def columns(path, table):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [r[0] for r in con.execute(f"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}' "
                                          "ORDER BY ordinal_position").fetchall()]
    finally:
        con.close()


@pytest.fixture
def old_store(tmp_path):
    """A store with one submission, whose crime_reports table lacks extension_date (the old layout)."""
    store = Store(tmp_path / "store.duckdb")
    store.ingest(submission(tmp_path, "002_2023-Q1.csv", ["TB1,002,report,2023-01-01,2023-01-01,,"]), today=TODAY)
    con = duckdb.connect(str(store.path))
    con.execute("DROP VIEW current_crime_reports")
    con.execute("ALTER TABLE crime_reports DROP COLUMN extension_date")
    con.execute("CREATE VIEW current_crime_reports AS SELECT * FROM crime_reports")
    con.close()
    assert "extension_date" not in columns(store.path, "crime_reports")
    return store


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_ingest_into_a_store_of_the_old_layout_adds_the_column_after_a_backup(old_store, tmp_path):
    result = old_store.ingest(submission(tmp_path, "002_2023-Q2.csv", ["TB2,002,report,2023-04-01,2023-04-01,,"]),
                              today=TODAY)
    assert result.status == "ingested"
    assert "extension_date" in columns(old_store.path, "crime_reports")
    backups = list(tmp_path.glob("store.duckdb.before-migration-*"))
    assert len(backups) == 1 and "extension_date" not in columns(backups[0], "crime_reports")
    # The old row keeps its values and reads the new column as empty; the views are made again.
    current = old_store.current().crime_reports.set_index("report_id")
    assert sorted(current.index) == ["TB1", "TB2"]
    assert current.loc["TB1", "received_date"].isoformat().startswith("2023-01-01")
    assert current["extension_date"].isna().all()


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_reading_an_old_store_migrates_it_too(old_store):
    assert list(old_store.current().crime_reports["report_id"]) == ["TB1"]
    assert "extension_date" in columns(old_store.path, "crime_reports")


def test_a_store_from_a_newer_version_is_refused_by_name(old_store, monkeypatch):
    monkeypatch.setenv("TIPMONITOR_LANG", "en")  # the assertion reads the English message
    current = migrations.SCHEMA_VERSION
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 0)
    with pytest.raises(StoreError, match=f"schema version {current}, written by a newer tipmonitor"):
        old_store.current()


def test_a_database_error_during_ingest_names_its_cause(tmp_path, monkeypatch):
    monkeypatch.setenv("TIPMONITOR_LANG", "en")  # the assertion reads the English message
    store = Store(tmp_path / "store.duckdb")

    def refuse(con, name, frame, submission_id):
        con.execute("INSERT INTO crime_reports (submission_id, report_id) VALUES (1, 'x', 'y')")

    monkeypatch.setattr(database, "_insert", refuse)
    with pytest.raises(StoreError) as caught:
        store.ingest(submission(tmp_path, "002_2023-Q2.csv", ["TB2,002,report,2023-04-01,2023-04-01,,"]), today=TODAY)
    message = str(caught.value)
    assert "BinderException" in message and "nothing was stored" in message and "TransactionException" not in message
    monkeypatch.undo()
    assert len(store.submissions()) == 0


# The views of schema version 1 (main before issue #14), verbatim: a submission replaced the whole
# of its unit and period.
_V1_VIEWS = [
    """CREATE OR REPLACE VIEW current_submissions AS
        SELECT * FROM submissions s WHERE submission_id =
            (SELECT max(t.submission_id) FROM submissions t WHERE t.unit = s.unit AND t.period = s.period)""",
    *[f"""CREATE OR REPLACE VIEW current_{name} AS
            SELECT * EXCLUDE (rank_) FROM (
                SELECT r.*, row_number() OVER (PARTITION BY r.{key}
                    ORDER BY c.period_end DESC, c.submission_id DESC) AS rank_
                FROM {name} r JOIN current_submissions c USING (submission_id)) WHERE rank_ = 1"""
      for name, key in (("crime_reports", "report_id"), ("cases", "case_id"), ("victims", "victim_id"))],
    """CREATE OR REPLACE VIEW current_aggregates AS
        SELECT * EXCLUDE (rank_) FROM (
            SELECT a.*, row_number() OVER (PARTITION BY a.unit, a.period, a.measure ORDER BY a.submission_id DESC) AS rank_
            FROM aggregates a JOIN current_submissions c USING (submission_id)) WHERE rank_ = 1""",
]


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_a_version_1_store_keeps_its_current_data_and_then_takes_files_per_table(tmp_path):
    store = Store(tmp_path / "store.duckdb")
    store.ingest(submission(tmp_path, "002_2023-Q2.csv", ["TB1,002,report,2023-04-01,2023-04-01,,"]), today=TODAY)
    cases = tmp_path / "002_2023-Q2_va.csv"
    cases.write_text("case_id,unit,initiated_date\nVA1,002,2023-04-20\n", encoding="utf-8")
    store.ingest(cases, today=TODAY)
    con = duckdb.connect(str(store.path))  # made into the store main wrote: no submission_tables, v1 views
    con.execute("DROP VIEW current_parts")
    for statement in _V1_VIEWS:
        con.execute(statement)
    con.execute("DROP TABLE submission_tables")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    # Under version 1 the cases file replaced everything of 002 2023-Q2: TB1 is not current.
    current = store.current()  # opening migrates (after a backup)
    assert list(current.crime_reports["report_id"]) == [] and list(current.cases["case_id"]) == ["VA1"]
    assert len(list(tmp_path.glob("store.duckdb.before-migration-*"))) == 1
    con = duckdb.connect(str(store.path), read_only=True)
    assert migrations.stored_version(con) == migrations.SCHEMA_VERSION
    con.close()
    # Each old submission carries every table, so nothing moved; a new reports file replaces the reports only.
    parts = store.parts()
    assert len(parts) == 8 and sorted(parts[parts["current"]]["submission_id"].unique()) == [2]
    store.ingest(submission(tmp_path, "002_2023-Q2_b.csv", ["TB2,002,report,2023-04-02,2023-04-02,,"]), today=TODAY)
    current = store.current()
    assert list(current.crime_reports["report_id"]) == ["TB2"] and list(current.cases["case_id"]) == ["VA1"]
