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
