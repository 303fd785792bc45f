"""What the product leaves behind on disk (issue #26's hand-over surfaces, session 10): the explore notebook's SQL
handle leaves no copy of the records in the temporary folder; a run's lock files do not pile up."""

from __future__ import annotations

import gc
import tempfile

import pandas as pd
import pytest

from conftest import TODAY, frame
from fixtures import CASES, REPORTS, VICTIMS
from tipmonitor.intake.loading import load_tables_from_text
from tipmonitor.present.explore import Explorer, read_only_database


@pytest.fixture
def own_tmp(tmp_path, monkeypatch):
    """tempfile's folder for this test alone, so what the code leaves there is this test's and no other's."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.glob("tipmonitor-sql-*"))


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_the_sql_handle_leaves_no_copy_of_the_records_on_disk(own_tmp):
    import duckdb

    tables = {"crime_reports": REPORTS, "cases": CASES, "victims": VICTIMS}
    explorer = Explorer(load_tables_from_text({n: frame(n, r) for n, r in tables.items()}, today=TODAY), "2023-Q2")
    db = explorer.sql()
    # Nothing on disk while the handle is open, and it still reads every table (fixtures.py's REPORTS).
    assert leftovers(own_tmp) == []
    assert db.execute("SELECT count(*) FROM crime_reports").fetchone()[0] == len(REPORTS)
    with pytest.raises(duckdb.Error, match="read-only"):
        db.execute("DELETE FROM cases")
    with pytest.raises(duckdb.Error, match="read-only"):
        db.execute("CREATE TABLE x AS SELECT 1")
    # A recipe opens a handle of its own: none left either.
    assert explorer.recipe("unresolved_reports", unit="002")["report_id"].tolist() == ["R8"]
    db.close()
    del explorer, db
    gc.collect()
    assert leftovers(own_tmp) == []


def test_a_failure_while_copying_leaves_nothing(own_tmp):
    import duckdb

    with pytest.raises(duckdb.Error):
        read_only_database({'bad"name': pd.DataFrame({"a": [1]})})
    assert leftovers(own_tmp) == []


def test_where_the_folder_cannot_go_while_open_it_goes_with_the_handle(own_tmp, monkeypatch):
    """Windows cannot remove an open file: the folder then goes when the connection is collected."""
    import shutil

    real = shutil.rmtree
    calls = []

    def refuse_first(path, ignore_errors=False):
        calls.append(path)
        if len(calls) > 1:
            real(path, ignore_errors=ignore_errors)

    monkeypatch.setattr(shutil, "rmtree", refuse_first)
    db = read_only_database({"t": pd.DataFrame({"a": [1, 2]})})
    assert len(leftovers(own_tmp)) == 1 and db.execute("SELECT sum(a) FROM t").fetchone()[0] == 3
    db.close()
    del db
    gc.collect()
    assert leftovers(own_tmp) == [] and len(calls) == 2
