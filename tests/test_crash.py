"""Crashes and interruptions (issue #16, items 10-15): messages tell what was stored, store and archive
never diverge, rebuild recovers all the archive holds and takes the lock, a run records what it read."""

import errno
import hashlib
import json
import os
import shutil
import threading
from contextlib import contextmanager
from datetime import date

import pandas as pd
import pytest

from tipmonitor.cli import main
from tipmonitor.store import archive as archive_module
from tipmonitor.store import database
from tipmonitor.store.archive import archive_dir, entries
from tipmonitor.store.database import Store
from tipmonitor.store.recovery import check, rebuild
from test_store import csv as submission  # the store tests write the same crime-reports CSV

TODAY = date(2026, 1, 1)


@pytest.fixture
def two(tmp_path):
    """A store holding submissions 1 (unit 002) and 2 (unit 006), and a third file, 003's, not yet sent."""
    store = Store(tmp_path / "store.duckdb")
    store.ingest(submission(tmp_path, "002_2023-Q1.csv", ["TB-002-1,002,report,2023-01-20,,,"]), today=TODAY)
    store.ingest(submission(tmp_path, "006_2023-Q1.csv", ["TB-006-1,006,report,2023-01-21,,,"]), today=TODAY)
    third = submission(tmp_path, "003_2023-Q1.csv", ["TB-003-1,003,report,2023-01-22,,,"])
    return store, third


def ingest_cli(store, path, *extra):
    return main(["ingest", str(path), "--store", str(store.path), "--today", "2026-01-01", "--lang", "en", *extra])


def stored_ids(store):
    return list(store.submissions()["submission_id"])


def archived_ids(store):
    return [int(p.name) for p in entries(store.path)]


# --- item 10: an interrupted or failed ingest says what was stored --------------------------

class InterruptedAfterCommit:
    """A DuckDB connection whose COMMIT succeeds and is then interrupted by Ctrl-C."""

    def __init__(self, con):
        self.con = con

    def execute(self, sql, *args):
        result = self.con.execute(sql, *args)
        if sql == "COMMIT":
            raise KeyboardInterrupt
        return result

    def __getattr__(self, name):
        return getattr(self.con, name)


def interrupt_after_commit(monkeypatch):
    """Every write connection of a Store interrupted by Ctrl-C right after its COMMIT (``monkeypatch.undo()`` ends it)."""
    original = Store.connect

    @contextmanager
    def interrupted(self, write):
        with original(self, write) as con:
            yield InterruptedAfterCommit(con) if write else con

    monkeypatch.setattr(Store, "connect", interrupted)


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_ctrl_c_right_after_the_commit_says_it_was_stored_and_the_archive_has_it(two, monkeypatch, capsys):
    store, third = two
    interrupt_after_commit(monkeypatch)
    code = ingest_cli(store, third)
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == 130
    assert "Nothing was changed" not in err
    assert "stored as submission 3" in err
    assert stored_ids(store) == [1, 2, 3] and archived_ids(store) == [1, 2, 3]
    assert check(store) == []


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_ctrl_c_before_the_commit_says_nothing_was_stored(two, monkeypatch, capsys):
    store, third = two

    def stop():
        raise KeyboardInterrupt

    monkeypatch.setattr(database, "_pause_for_tests", stop)  # inside the transaction, just before COMMIT
    assert ingest_cli(store, third) == 130
    err = capsys.readouterr().err
    assert "nothing was stored" in err and "003_2023-Q1.csv" in err
    assert stored_ids(store) == [1, 2] and archived_ids(store) == [1, 2]
    assert check(store) == []


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_a_full_disk_while_writing_the_archive_stores_nothing_and_says_so(two, monkeypatch, capsys):
    store, third = two

    @contextmanager
    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
        yield

    monkeypatch.setattr(archive_module, "publisher", full_disk)
    assert ingest_cli(store, third) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "nothing was stored" in err
    monkeypatch.undo()
    assert stored_ids(store) == [1, 2] and archived_ids(store) == [1, 2]
    assert check(store) == []
    assert ingest_cli(store, third) == 0  # once there is space, the same file goes in
    assert archived_ids(store) == stored_ids(store)


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_an_entry_left_pending_by_a_kill_at_the_commit_is_settled_at_the_next_write(two, tmp_path):
    store, third = two
    # A kill -9 after the archive copy was written and the store committed, before the copy was made final:
    store.ingest(third, today=TODAY)
    (archive_dir(store.path) / ".pending").mkdir()
    (archive_dir(store.path) / "000003").rename(archive_dir(store.path) / ".pending" / "000003")
    # ... and one killed before its commit: written, never stored.
    shutil.copytree(archive_dir(store.path) / ".pending" / "000003", archive_dir(store.path) / ".pending" / "000004")
    assert any("pending" in line for line in check(store, "en"))
    store.ingest(submission(tmp_path, "007_2023-Q1.csv", ["TB-007-1,007,report,2023-01-23,,,"]), today=TODAY)
    # The killed attempt's number was never committed, so it is given again, to the new submission:
    assert archived_ids(store) == stored_ids(store) == [1, 2, 3, 4]
    meta = json.loads((archive_dir(store.path) / "000004" / "meta.json").read_text(encoding="utf-8"))
    assert meta["unit"] == "007"
    assert not (archive_dir(store.path) / ".pending").exists()
    assert check(store) == []


# --- item 11: a gap in the archive loses only what it lacks ----------------------------------

@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_rebuild_recovers_everything_around_a_gap_and_names_the_missing_numbers(two, tmp_path, capsys):
    store, third = two
    store.ingest(third, today=TODAY)
    store.ingest(submission(tmp_path, "007_2023-Q1.csv", ["TB-007-1,007,report,2023-01-23,,,"]), today=TODAY)
    shutil.rmtree(archive_dir(store.path) / "000003")  # an entry lost (a store made before this fix, a bad copy)
    before = store.submissions().query("submission_id != 3")[["submission_id", "unit", "period", "content_hash"]]
    store.path.unlink()
    advice = check(store)
    assert len(advice) == 1 and "tipmonitor rebuild" in advice[0] and "3" in advice[0].split("rebuild")[-1]
    assert main(["rebuild", "--store", str(store.path), "--lang", "en"]) == 0
    out = capsys.readouterr()
    assert "submissions 3 are not in the archive" in out.err
    after = store.submissions()[["submission_id", "unit", "period", "content_hash"]]
    pd.testing.assert_frame_equal(after.reset_index(drop=True), before.reset_index(drop=True))
    assert set(store.current().crime_reports["report_id"]) == {"TB-002-1", "TB-006-1", "TB-007-1"}
    # The numbering goes on after the highest number ever given.
    result = store.ingest(submission(tmp_path, "008_2023-Q1.csv", ["TB-008-1,008,report,2023-01-24,,,"]), today=TODAY)
    assert result.submission_id == 5


# --- item 12: rebuild holds the store's write lock -------------------------------------------

@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_an_ingest_during_a_rebuild_waits_and_is_in_the_rebuilt_store(two):
    store, third = two
    started, go_on = threading.Event(), threading.Event()

    def slow(number, total):
        started.set()
        go_on.wait(30)

    results = {}
    rebuilding = threading.Thread(target=lambda: results.setdefault("aside", rebuild(store, progress=slow)))
    rebuilding.start()
    assert started.wait(30)
    ingesting = threading.Thread(target=lambda: results.setdefault("ingest", Store(store.path).ingest(third, today=TODAY)))
    ingesting.start()
    ingesting.join(2)
    waited = ingesting.is_alive()
    go_on.set()
    rebuilding.join(60)
    ingesting.join(60)
    assert waited, "the ingest did not wait for the rebuild"
    assert results["ingest"].submission_id == 3
    assert stored_ids(store) == [1, 2, 3] and archived_ids(store) == [1, 2, 3]


# --- item 13: the sample store has its archive ------------------------------------------------

def test_load_sample_writes_the_archive_and_the_sample_store_can_be_rebuilt(sample_store, tmp_path):
    # sample_store is made by `tipmonitor load-sample` (conftest.py), as `make report` makes it.
    assert check(Store(sample_store)) == []
    count = len(Store(sample_store).submissions())
    assert archived_ids(Store(sample_store)) == list(range(1, count + 1))
    assert not [p for p in sample_store.parent.iterdir() if "building" in p.name]
    store = Store(tmp_path / "store.duckdb")
    shutil.copytree(archive_dir(sample_store), archive_dir(store.path))  # the store itself lost: only the archive
    assert main(["rebuild", "--store", str(store.path)]) == 0
    before, after = Store(sample_store).current(), store.current()
    for name in ("crime_reports", "cases", "victims", "aggregates"):
        key = list(before.table(name).columns[:3])
        pd.testing.assert_frame_equal(after.table(name).sort_values(key).reset_index(drop=True),
                                      before.table(name).sort_values(key).reset_index(drop=True))


# --- item 14: a run records the data it read ---------------------------------------------------

def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_ingest_during_a_run_is_neither_read_nor_recorded_by_it(sample_store, tmp_path):
    from tipmonitor.run.runner import load_config, run_period

    store = Store(tmp_path / "store.duckdb")
    shutil.copyfile(sample_store, store.path)
    shutil.copytree(archive_dir(sample_store), archive_dir(store.path))
    before_hash = sha256(store.path)
    before_ids = set(store.submissions()["submission_id"])
    late = submission(tmp_path, "002_2024-Q4.csv", ["TB-002-LATE,002,report,2024-11-20,,,"])

    def ingest_meanwhile(job):  # called after the run has started, before its notebooks
        if "ingested" not in job.parameters:
            # a correction of 002's 2024-Q4 reports, told to replace them (issue #28: a re-send that drops records asks)
            Store(store.path).ingest(late, today=TODAY, replace_tables=True)
            job.parameters["ingested"] = True
        return job

    config = load_config(data=str(store.path), notebooks=[{"name": "period_report"}])
    result = run_period("2024-Q4", config, output=tmp_path / "reports", workers=1, progress=False,
                        adjust=ingest_meanwhile)
    assert result.ok
    assert set(store.submissions()["submission_id"]) - before_ids  # the ingest did land in the store
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    inputs = manifest["inputs"]
    assert inputs["store_sha256"] == before_hash
    assert {int(key.rsplit("#", 1)[1]) for key in inputs["current_submissions"]} <= before_ids
    assert manifest["parameters"]["data"] == str(store.path)
    notebook = (result.folder / "notebooks" / "period_report.ipynb").read_text(encoding="utf-8")
    assert "TB-002-LATE" not in notebook
    assert not [p for p in (tmp_path / "reports").iterdir() if p.name.startswith(".snapshot")]


# --- item 15: no empty store left behind; readers need no write access -----------------------

def test_a_refused_first_ingest_leaves_nothing_behind(tmp_path):
    bad = submission(tmp_path, "002_2023-Q1.csv", ["TB-002-1,002,report,not a date,,,"])
    target = tmp_path / "new" / "store.duckdb"
    assert main(["ingest", str(bad), "--store", str(target), "--today", "2026-01-01"]) == 1
    assert not (tmp_path / "new").exists()


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_check_works_on_a_store_folder_the_reader_cannot_write(two, monkeypatch, capsys):
    store, _ = two
    folder = store.path.parent
    store.lock_path.unlink()
    real_access = os.access
    # Tests may run as root, whom permissions do not stop: the folder is made read-only, and the
    # process is told so by os.access as it would be for the analysts' accounts.
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if (mode & os.W_OK and str(path).startswith(str(folder)))
                        else real_access(path, mode, **kw))
    os.chmod(folder, 0o555)
    try:
        assert main(["check", "--store", str(store.path), "--lang", "en"]) == 0
        assert "ok (2 submissions" in capsys.readouterr().out
        assert not store.lock_path.exists()
    finally:
        os.chmod(folder, 0o755)
