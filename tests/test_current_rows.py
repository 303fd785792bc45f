"""A unit's current rows read set-based (store.database.unit_current: the window over the unit's partitions only,
issue #24) are the rows of the views (the window over the whole table) for that unit, table by table."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from tipmonitor.model.schema import TABLES
from tipmonitor.store.database import Store, current_select, id_key_sql, unit_current
from test_store import csv

TODAY = date(2026, 1, 1)


def _rows(con, sql: str, parameters: list) -> list[tuple]:
    return con.execute(f"SELECT * FROM ({sql}) ORDER BY ALL", parameters).fetchall()


@pytest.mark.slow  # the sample store (session fixture)
def test_every_units_current_rows_are_the_views_rows_on_the_sample(sample_store):
    con = duckdb.connect(str(sample_store), read_only=True)
    try:
        units = [u for (u,) in con.execute("SELECT DISTINCT unit FROM submissions ORDER BY unit").fetchall()]
        compared = 0
        for name in TABLES:
            # The view's rows of every unit, read once per table and split by unit here: the rows of
            # `current_{name} WHERE unit = ?`, in the same order (a sorted list's rows of one unit stay sorted).
            cursor = con.execute(f"SELECT * FROM current_{name} ORDER BY ALL")
            view = cursor.fetchall()
            at = [column[0] for column in cursor.description].index("unit")
            of_unit: dict[str, list[tuple]] = {}
            for row in view:
                of_unit.setdefault(row[at], []).append(row)
            for unit in units:
                expected = of_unit.get(unit, [])
                assert _rows(con, unit_current(name), [unit, unit]) == expected, (name, unit)
                compared += len(expected)
        assert compared > 7000  # the sample's 7,639 rows, less the versions replaced since
    finally:
        con.close()


def test_a_record_another_unit_holds_a_later_version_of_is_not_the_first_units(tmp_path):
    # 001 sends TB-1 for 2023-Q1; 002 sends the same id for 2023-Q2, rebuilt as first ingested (no ownership check):
    # the view gives TB-1 to 002 (the later period's version), and the set-based read of 001 must not keep it.
    store = Store(tmp_path / "store.duckdb")
    store.ingest(csv(tmp_path, "001_2023-Q1.csv", ["TB-1,001,report,2023-01-19,,,", "TB-2,001,report,2023-01-20,,,"]),
                 today=TODAY)
    with store.connect(write=True) as con:  # 002's version of TB-1 for 2023-Q2, as a rebuild would have stored it
        con.execute("INSERT INTO submissions SELECT * REPLACE (2 AS submission_id, '002' AS unit, '2023-Q2' AS period, "
                    "DATE '2023-03-15' AS period_start, DATE '2023-06-14' AS period_end) FROM submissions")
        con.execute("INSERT INTO submission_tables VALUES (2, 'crime_reports')")
        con.execute("INSERT INTO crime_reports SELECT * REPLACE (2 AS submission_id, '002' AS unit) FROM crime_reports "
                    "WHERE report_id = 'TB-1'")
    con = duckdb.connect(str(store.path), read_only=True)
    try:
        for unit in ("001", "002"):
            expected = _rows(con, "SELECT report_id, unit FROM current_crime_reports WHERE unit = ?", [unit])
            assert _rows(con, f"SELECT report_id, unit FROM ({unit_current('crime_reports')})", [unit, unit]) == expected
        assert _rows(con, f"SELECT report_id FROM ({unit_current('crime_reports')})", ["001", "001"]) == [("TB-2",)]
        # ids named by a file: the current version of each, read over its own versions only
        named = current_select("crime_reports", f" AND {id_key_sql('r.report_id')} = 'TB-1'")
        assert _rows(con, f"SELECT report_id, unit FROM ({named})", []) == [("TB-1", "002")]
    finally:
        con.close()
