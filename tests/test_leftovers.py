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


# --- a run's lock files (run/runner.py, core/locks.py) ------------------------------------------------------

def test_a_runs_period_lock_file_goes_when_the_run_ends_and_refuses_a_second_while_held(tmp_path, monkeypatch):
    from tipmonitor.run.runner import PeriodLock, RunError

    monkeypatch.setenv("TIPMONITOR_LANG", "en")
    area, out = tmp_path / "area", tmp_path / "out"
    for where in (area, None):  # in the store's working area; in the output folder (no area given)
        lock = PeriodLock(out, "2024-Q4", where)
        with lock:
            assert lock.path.is_file()
            with pytest.raises(RunError, match="another run of this period is in progress"):
                PeriodLock(out, "2024-Q4", where).__enter__()
            with PeriodLock(out, "2024-Q3", where):  # another period runs beside it
                pass
        assert not lock.path.exists()
    assert list(area.iterdir()) == [] and list(out.iterdir()) == []  # a hundred runs leave nothing either
    with PeriodLock(out, "2024-Q4", area):  # and the period can be run again
        pass


def test_a_run_folders_lock_file_goes_with_the_folder(tmp_path):
    from tipmonitor.run.runner import run_folder

    with run_folder(tmp_path, "2024-Q4") as work:
        assert work.with_name(work.name + ".lock").is_file()
    assert list(tmp_path.iterdir()) == []


def test_check_removes_the_lock_files_killed_runs_left_and_no_held_one(tmp_path):
    from filelock import FileLock

    from tipmonitor.run.runner import clean_work

    # A run killed with -9 leaves its period lock (and its run folder's lock) with nobody holding them.
    left = [tmp_path / "lock-2024-Q3-0123456789ab.lock", tmp_path / "run-2024-Q3-dead.lock"]
    for path in left:
        path.write_text("")
    held = FileLock(tmp_path / "lock-2024-Q4-0123456789ab.lock", timeout=0)  # a run going on
    held.acquire()
    try:
        assert clean_work(tmp_path) == []  # no run folder was left
        assert sorted(p.name for p in tmp_path.iterdir()) == ["lock-2024-Q4-0123456789ab.lock"]
    finally:
        held.release()


def test_a_lock_file_removed_by_its_holder_cannot_be_taken_through_the_old_file(tmp_path):
    """filelock#574: a process that opened the lock file before its holder removed it must not lock that file
    when the holder lets go, while a third locks the new file under the same name."""
    import os

    from tipmonitor.core import locks
    from tipmonitor.core.locks import RemovingLock

    path = tmp_path / "lock-2024-Q4.lock"
    first = RemovingLock(path)
    assert first.acquire()
    old = os.open(path, os.O_RDWR)  # the waiter's descriptor on the holder's file
    try:
        first.release()  # removes the name, then unlocks
        third = RemovingLock(path)
        assert third.acquire() and path.is_file()  # a new file under the name
        waiter = RemovingLock(path)
        with pytest.raises(locks._Stale):  # the old file has no name: the waiter's check refuses it
            waiter._still_named(old)
        assert not waiter.acquire()  # through the name it meets the third's lock
        third.release()
        assert not path.exists()
    finally:
        os.close(old)


def test_where_the_file_system_has_no_flock_the_lock_still_excludes(tmp_path, monkeypatch):
    import errno

    import filelock

    from tipmonitor.core import locks

    class NoFlock(filelock.FileLock):  # what filelock raises when its hook rules out the soft fallback
        def acquire(self, *args, **kwargs):
            if self.on_acquired is not None:
                raise OSError(errno.ENOSYS, "flock not supported")
            return super().acquire(*args, **kwargs)

    monkeypatch.setattr(locks, "FileLock", NoFlock)
    path = tmp_path / "lock-2024-Q4.lock"
    lock = locks.RemovingLock(path)
    assert lock.acquire() and lock._soft and path.is_file()  # the soft lock: its marker is the file itself
    assert not locks.RemovingLock(path, patience=0.1).acquire()  # a second run is refused while the marker stands
    assert not locks.remove_if_free(path) and path.is_file()  # a sweep cannot tell it from a held one: it stays
    lock.release()
    assert not path.exists()  # the marker goes at release
    again = locks.RemovingLock(path)
    assert again.acquire() and again._soft
    again.release()
    assert not path.exists()


def test_a_lock_a_sweep_holds_for_an_instant_is_waited_for_not_called_in_progress(tmp_path):
    # clean_work takes every free lock file for an instant to remove it; a run asking for its lock in that instant
    # must not be told another run of its period is going on (the cold review of session 10 saw 715 of 2,000 such
    # refusals with a sweep in a loop). The sweep here holds the lock for 0.3 s, longer than any real sweep.
    import threading
    import time

    from tipmonitor.core.locks import RemovingLock

    path = tmp_path / "lock-2026-Q3-0123456789ab.lock"
    sweep = RemovingLock(path, patience=0)
    assert sweep.acquire()
    threading.Timer(0.3, sweep.release).start()
    start = time.monotonic()
    run = RemovingLock(path)
    assert run.acquire()  # waited for the sweep (up to locks.PATIENCE), then took a new file under the name
    assert 0.25 <= time.monotonic() - start < 1.0 and path.is_file()
    run.release()
    assert not path.exists()
    # a lock really held is still refused, after the patience
    holder = RemovingLock(path)
    assert holder.acquire()
    start = time.monotonic()
    assert not RemovingLock(path).acquire()
    assert time.monotonic() - start >= 0.9
    holder.release()


# --- the kernels' input history (tools/jupyter_env.py) --------------------------------------------------------

def test_the_kernel_spec_is_given_no_history_once(tmp_path):
    import json

    from tipmonitor.run.warm import KERNEL_ARGUMENTS
    from tipmonitor.tools import jupyter_env

    spec = tmp_path / "share" / "jupyter" / "kernels" / "tipmonitor" / "kernel.json"
    spec.parent.mkdir(parents=True)
    argv = ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec.write_text(json.dumps({"argv": argv, "display_name": "tipmonitor", "language": "python"}), encoding="utf-8")
    for _ in range(2):  # make setup may run it again: the argument is there once
        assert spec in jupyter_env.write(tmp_path)
    assert json.loads(spec.read_text(encoding="utf-8"))["argv"] == argv + list(KERNEL_ARGUMENTS)
    assert KERNEL_ARGUMENTS == ("--HistoryManager.enabled=False",)


@pytest.mark.slow  # a notebook kernel: make test runs it, make check leaves it out
def test_a_kernel_of_the_project_writes_no_input_history(tmp_path, monkeypatch):
    # JupyterLab, papermill and `tipmonitor notebook` start the installed kernel spec (make setup): a cell it runs
    # (which may hold case details) must not land in IPython's shared history.sqlite.
    from jupyter_client.manager import start_new_kernel

    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    manager, client = start_new_kernel(kernel_name="tipmonitor")
    try:
        reply = client.execute_interactive("case = 'VA-secret'; print(case)", timeout=60)
        assert reply["content"]["status"] == "ok"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)
    assert not list((tmp_path / "ipython").rglob("history.sqlite"))


# --- reading a store that is not there (the hostile user of session 10) ---------------------------------------------

def test_reading_a_store_that_is_not_there_leaves_no_lock_file_or_folder(tmp_path):
    # `evaluate --data nonexist.duckdb`, a notebook with a TIPMONITOR_STORE that names no store: told "no store yet",
    # and nothing made (the lock file and its folder were made before the store was found missing).
    from tipmonitor.store.database import Store, StoreError

    for path in (tmp_path / "nonexist.duckdb", tmp_path / "not" / "here" / "store.duckdb"):
        with pytest.raises(StoreError) as told:
            Store(path).current()
        assert told.value.text.key == "store.none_yet"
        assert sorted(p.name for p in tmp_path.rglob("*")) == [], list(tmp_path.rglob("*"))
