"""A damaged or missing store is told at start, rebuilt from its archive, and everything made is private."""

import json
import os
import stat
import subprocess
from datetime import date

import pandas as pd
import pytest

from tipmonitor.core import paths
from tipmonitor.cli import main
from tipmonitor.intake.mapping import load_mapping
from tipmonitor.store.archive import archive_dir, entries
from tipmonitor.store.recovery import check, export_archive, rebuild
from tipmonitor.run.runner import RunError, load_config, run_period
from tipmonitor.store.database import Store, StoreError

pytestmark = pytest.mark.slow  # `make check` leaves it out; `make test` runs it

TODAY = date(2026, 1, 1)
HEADER = "report_id,unit,kind,received_date,classified_date,decision_date,decision\n"


@pytest.fixture
def filled(tmp_path):
    """A store with four submissions: a file, a correction superseding it, a folder, one through a mapping."""
    store = Store(tmp_path / "store.duckdb")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    first = inbox / "002_2023-Q1.csv"
    first.write_text(HEADER + "TB-002-1,002,report,2023-01-20,2023-01-21,,\n", encoding="utf-8")
    store.ingest(first, today=TODAY, received_on=date(2023, 3, 16))
    first.write_text(HEADER + "TB-002-1,002,report,2023-01-20,2023-01-21,2023-02-01,not_initiate\n", encoding="utf-8")
    store.ingest(first, today=TODAY, received_on=date(2023, 3, 20))
    folder = inbox / "006_2023-Q1"
    folder.mkdir()
    (folder / "tin_bao.csv").write_text(HEADER + "TB-006-1,006,denunciation,2023-02-02,,,\n", encoding="utf-8")
    store.ingest(folder, today=TODAY, received_on=date(2023, 3, 17))
    own = inbox / "hk_2023-Q2.csv"
    own.write_text("Số hiệu,ĐV,Nguồn tin,Ngày nhận,Ngày phân loại,Ngày xử lý,Kết quả xử lý,Số vụ án,Ghi chú\n"
                   "A1,002,TB,01/04/2023,02/04/2023,05/04/2023,KKT,,xong\n", encoding="utf-8")
    store.ingest(own, today=TODAY, mapping=load_mapping(paths.params_dir() / "mappings" / "example_unit_layout.yaml"),
                 received_on=date(2023, 6, 16))
    return store


def _state(store: Store):
    data = store.current()
    tables = {n: data.table(n).drop(columns=["_file"]).sort_values(data.table(n).columns[0]).reset_index(drop=True)
              for n in ("crime_reports", "cases", "victims", "aggregates")}
    columns = ["submission_id", "unit", "period", "source", "content_hash", "received_on", "ingested_at", "ingested_by",
               "supersedes", "current"]
    return tables, store.submissions()[columns]


def test_every_ingest_is_archived_whole_and_the_check_passes(filled):
    found = entries(filled.path)
    assert [p.name for p in found] == ["000001", "000002", "000003", "000004"]
    assert (found[2] / "files" / "tin_bao.csv").is_file()
    assert not [p for p in archive_dir(filled.path).iterdir() if p.name.startswith(".")]  # no half-written entry
    assert check(filled) == []


@pytest.mark.parametrize("damage", ["truncate", "garbage", "delete"])
def test_a_damaged_or_missing_store_is_told_and_rebuilt_exactly(filled, damage, monkeypatch):
    monkeypatch.setenv("TIPMONITOR_LANG", "en")  # the messages asserted below, in English
    tables, history = _state(filled)
    data = filled.path.read_bytes()
    if damage == "truncate":
        filled.path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        filled.path.write_bytes(b"not a database" * 1000)
    else:
        filled.path.unlink()
    with pytest.raises(StoreError) as error:
        filled.current()
    message = str(error.value)
    assert "tipmonitor rebuild" in message and "holds 4 submissions" in message
    assert ("missing" in message) if damage == "delete" else ("damaged" in message)
    # The periodic run refuses to start, with the same message, before any kernel.
    with pytest.raises(RunError, match="tipmonitor rebuild"):
        run_period("2023-Q1", load_config(data=str(filled.path)), output=filled.path.parent / "reports", progress=False)
    aside = rebuild(filled)
    assert (aside is None) == (damage == "delete")
    if aside is not None:
        assert aside.read_bytes() == filled.path.with_name(aside.name).read_bytes()  # the damaged file is kept
    rebuilt_tables, rebuilt_history = _state(filled)
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(rebuilt_tables[name], frame, check_dtype=False)
    pd.testing.assert_frame_equal(rebuilt_history, history)
    assert check(filled) == []


def test_a_store_made_before_the_archive_is_archived_from_its_own_copies(filled, monkeypatch):
    monkeypatch.setenv("TIPMONITOR_LANG", "en")  # the messages asserted below, in English
    import shutil

    shutil.rmtree(archive_dir(filled.path))
    assert "4 submissions not in the archive" in check(filled)[0]
    assert export_archive(filled) == 4 and export_archive(filled) == 0
    assert check(filled) == []
    # Dates as an ingest writes them; the column mapping was never kept in the store, so it is unknown.
    meta = json.loads((entries(filled.path)[0] / "meta.json").read_text(encoding="utf-8"))
    assert meta["received_on"] == "2023-03-16" and meta["mapping"] is None


def test_the_check_tells_a_store_others_can_read(filled, monkeypatch):
    monkeypatch.setenv("TIPMONITOR_LANG", "en")  # the messages asserted below, in English
    os.chmod(filled.path, 0o644)
    assert check(filled) == [f"{filled.path}: readable by others than its owner; run `chmod -R go-rwx {filled.path}`"]


def test_the_command_line_checks_and_rebuilds(filled, capsys):
    assert main(["check", "--store", str(filled.path)]) == 0
    filled.path.write_bytes(b"\0" * 4096)
    assert main(["check", "--store", str(filled.path), "--lang", "en"]) == 1
    assert "tipmonitor rebuild" in capsys.readouterr().err
    assert main(["rebuild", "--store", str(filled.path), "--lang", "en"]) == 0
    assert "rebuilt from 4 archived submissions" in capsys.readouterr().out


# --- permissions -----------------------------------------------------------------------------

def _open_to_others(root):
    return [p for p in [root, *root.rglob("*")] if stat.S_IMODE(p.stat().st_mode) & 0o077]


def test_the_store_and_its_archive_are_owner_only_whatever_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        store = Store(tmp_path / "s" / "store.duckdb")
        source = tmp_path / "002_2023-Q1.csv"
        source.write_text(HEADER + "TB-002-1,002,report,2023-01-20,,,\n", encoding="utf-8")
        store.ingest(source, today=TODAY)
    finally:
        os.umask(old)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert _open_to_others(archive_dir(store.path)) == []


def test_a_published_report_is_owner_only(sample_store, tmp_path):
    old = os.umask(0o022)
    try:
        result = run_period("2024-Q4", load_config(data=str(sample_store), notebooks=[{"name": "period_report"}]),
                            output=tmp_path / "reports", workers=1, progress=False)
    finally:
        os.umask(old)
    assert result.ok
    assert _open_to_others(result.folder) == []
    assert len(list(result.folder.rglob("*"))) >= 5


def test_git_never_takes_reports_stores_or_units_data():
    root = paths.project_root()
    ignored = ["reports/2024-Q4/index.html", "reports/2024-Q4/notebooks/period_report.ipynb", "data/store.duckdb",
               "data/store.duckdb.wal", "data/store.archive/000001/files/002_2024-Q1.xlsx", "data/inbox/002_2024-Q1.xlsx",
               "data/exports/victims.parquet", "notebooks/period_report.executed.ipynb", "data/sample/scale/cases.parquet",
               "elsewhere/store.duckdb"]
    kept = ["data/sample/crime_reports.csv", "data/reference/units.csv", "notebooks/period_report.ipynb"]
    check_ignore = subprocess.run(["git", "check-ignore", "--no-index", *ignored, *kept], cwd=root,
                                  capture_output=True, text=True)
    assert sorted(check_ignore.stdout.split()) == sorted(ignored)
