"""The periodic run: one command, parallel notebooks, a report folder published whole."""

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tipmonitor.run import runner
from tipmonitor.metrics.evaluation import CITY, evaluate
from tipmonitor.core.settings import SettingsError
from tipmonitor.run.runner import PeriodLock, RunError, load_config, run_period
from tipmonitor.store.database import Store
from conftest import inputs_of
from tipmonitor.model import periods

pytestmark = pytest.mark.slow  # `make check` leaves it out; `make test` runs it


def config_for(store: Path, **overrides):
    return load_config(data=str(store), **overrides)


@pytest.fixture(scope="module")
def full_run(sample_store, tmp_path_factory):
    """A quarter with every unit, as `tipmonitor run 2024-Q4` does it."""
    out = tmp_path_factory.mktemp("reports")
    result = run_period("2024-Q4", config_for(sample_store), output=out, workers=2, progress=False)
    return result


def test_a_full_quarter_with_every_unit_is_published(full_run, sample_store):
    from tipmonitor.model.units import load_registry

    assert full_run.ok, [f.error for f in full_run.failures]
    units = load_registry(on=date(2024, 12, 14)).codes
    folder = full_run.folder
    assert folder.name == "2024-Q4" and not list(folder.parent.glob(".2024-Q4-building-*"))
    for unit in units:
        assert (folder / f"unit_profile-{unit}.html").is_file()
        assert (folder / "notebooks" / f"unit_profile-{unit}.ipynb").is_file()
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="period_report.html"' in index and 'href="data_quality.html"' in index and 'href="kpis.xlsx"' in index
    assert "Báo cáo kết quả thực hiện Kế hoạch phòng, chống mua bán người — Quý IV/2024" in index
    assert "Chỉ tiêu theo Kế hoạch năm 2024 (theo KH 19/KH-BCĐ138/CP)." in index  # params/targets/2024.yaml, cited
    assert "http://" not in index and "https://" not in index
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["period"] == "2024-Q4" and manifest["parameters"]["kernel"] == "tipmonitor"
    assert len(manifest["notebooks"]) == len(units) + 2 and all(n["status"] == "ok" for n in manifest["notebooks"])
    assert manifest["inputs"]["store_sha256"] and len(manifest["inputs"]["current_submissions"]) > 100
    assert manifest["versions"]["pandas"] and manifest["started"] <= manifest["finished"]


def test_the_workbook_holds_the_librarys_numbers_as_numbers(full_run, sample_store):
    evaluation = evaluate(inputs_of(Store(sample_store).current()), periods.parse("2024-Q4"))
    book = openpyxl.load_workbook(full_run.folder / "kpis.xlsx")
    city = book["Toàn thành phố"]
    headers = [c.value for c in city[1]]
    # Names first, frozen with the header; the codes in the last columns (issue 25: an analyst's workbook).
    assert headers[:2] == ["Đơn vị", "Chỉ tiêu"] and headers[-2:] == ["Mã đơn vị", "Mã chỉ tiêu"]
    assert city.freeze_panes == "C2"
    col = {h: i for i, h in enumerate(headers)}
    rows = list(city.iter_rows(min_row=2, values_only=True))
    expected = evaluation.table[evaluation.table["unit"] == CITY]
    assert len(rows) == len(expected)
    for row in rows:
        scope = "period" if row[col["Phạm vi"]] == "Kỳ báo cáo" else "ytd"
        e = expected[(expected["indicator"] == row[col["Mã chỉ tiêu"]]) & (expected["scope"] == scope)].iloc[0]
        assert row[col["Tử số"]] == e["numerator"] and isinstance(row[col["Tử số"]], int)
        assert row[col["Mẫu số"]] == e["denominator"]
        if e["denominator"] > 0:
            assert row[col["Tỷ lệ"]] == pytest.approx(e["value"])
    value_cell = city.cell(row=2, column=col["Tỷ lệ"] + 1)
    assert value_cell.number_format == "0.00%"
    units = book["Đơn vị"]
    rules = [r for rng in units.conditional_formatting for r in rng.rules]
    assert any("Chưa đạt" in r.formula[0] for r in rules)  # missed targets highlighted
    csv = (full_run.folder / "csv" / "kpi_units.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf") and "Chỉ tiêu".encode() in csv


def test_the_official_report_is_published_beside_the_index_with_the_figures_of_the_page_and_the_workbook(full_run):
    import docx

    from test_official_report import html_rows, table_rows

    folder = full_run.folder
    assert 'href="bao-cao-2024-Q4.docx"' in (folder / "index.html").read_text(encoding="utf-8")
    document = docx.Document(str(folder / "bao-cao-2024-Q4.docx"))
    kpis = table_rows(document, "Chỉ tiêu")
    # A Q4 report carries the quarter and the year side by side (issue 25), each "rate (fraction)" as the page's
    # scorecards print them: the period's, then the year to date's (the first two tables with these headers).
    assert kpis[0][1:3] == ["Quý IV/2024", "Năm 2024"]
    page = html_rows((folder / "period_report.html").read_text(encoding="utf-8"))
    heads = [i for i, r in enumerate(page) if r[:3] == ["Chỉ tiêu", "Kết quả (tử số/mẫu số)", "Tỷ lệ"]]
    assert len(heads) >= 2
    shown = []
    for start in heads[:2]:
        end = next((i for i in range(start + 1, len(page)) if len(page[i]) != len(page[start]) or i in heads), len(page))
        shown.append({r[0]: f"{r[2]} ({r[1]})" for r in page[start + 1:end]})
    book = openpyxl.load_workbook(folder / "kpis.xlsx")["Toàn thành phố"]
    col = {c.value: i for i, c in enumerate(book[1])}
    in_book = {r[col["Chỉ tiêu"]]: r for r in book.iter_rows(min_row=2, values_only=True) if r[col["Phạm vi"]] == "Kỳ báo cáo"}
    assert len(kpis) > 5
    for row in kpis[1:]:
        assert (shown[0][row[0]], shown[1][row[0]]) == (row[1], row[2])  # every figure as the HTML page prints it
        rate, fraction = row[1].split(" (")
        numerator, denominator = (int(x.replace(".", "")) for x in fraction.rstrip(")").split("/"))
        workbook = in_book[row[0]]
        assert (workbook[col["Tử số"]], workbook[col["Mẫu số"]]) == (numerator, denominator)
        assert rate == f"{workbook[col['Tỷ lệ']] * 100:.2f}%".replace(".", ",")


def test_an_existing_report_is_never_overwritten_without_force(full_run, sample_store, monkeypatch):
    monkeypatch.setenv("TIPMONITOR_LANG", "en")  # the messages asserted below, in English
    before = (full_run.folder / "manifest.json").read_text()
    with pytest.raises(RunError, match="already exists; use --force"):
        run_period("2024-Q4", config_for(sample_store), output=full_run.folder.parent, progress=False)
    assert (full_run.folder / "manifest.json").read_text() == before


def test_force_replaces_and_keeps_the_previous_report_as_a_backup(sample_store, tmp_path):
    config = config_for(sample_store, notebooks=[{"name": "data_quality"}])
    first = run_period("2024-Q3", config, output=tmp_path, progress=False)
    second = run_period("2024-Q3", config, output=tmp_path, force=True, progress=False)
    assert second.backup is not None and (second.backup / "manifest.json").is_file()
    assert second.backup.name.startswith("2024-Q3.backup-") and first.folder == second.folder


def test_a_failing_unit_notebook_does_not_stop_the_others(sample_store, tmp_path, monkeypatch):
    monkeypatch.setenv("TIPMONITOR_LANG", "en")  # the kernels inherit it: the notebook's error in English
    def broken_for_006(job):
        if job.unit == "006":  # a real failure inside the kernel: a parameter the library refuses
            job.parameters = {**job.parameters, "lang": "fr"}
        return job

    config = config_for(sample_store, notebooks=[{"name": "unit_profile", "per": "unit"}])
    result = run_period("2024-Q4", config, units=["002", "006", "001"], output=tmp_path, adjust=broken_for_006,
                        progress=False)
    assert not result.ok and [f.job.key for f in result.failures] == ["unit_profile-006"]
    assert "lang must be 'vi' or 'en'" in result.failures[0].error
    assert result.failures[0].attempts == 1  # the notebook's own error: not retried
    kept = result.folder / "notebooks" / "unit_profile-006.ipynb"
    assert kept.is_file() and "ValueError" in kept.read_text(encoding="utf-8")  # the error cell, for debugging
    assert (result.folder / "unit_profile-002.html").is_file() and (result.folder / "unit_profile-001.html").is_file()
    index = (result.folder / "index.html").read_text(encoding="utf-8")
    assert "notebooks/unit_profile-006.ipynb" in index
    # the manifest records the units this run made, not the settings' "all" (hostile user, session 11)
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["units"] == ["002", "006", "001"]


def test_the_command_exits_non_zero_and_prints_a_summary_when_a_notebook_fails(sample_store, tmp_path, monkeypatch, capsys):
    from tipmonitor.cli import main

    real = runner.plan_jobs

    def failing(*args, **kwargs):
        jobs = real(*args, **kwargs)
        for job in jobs:
            if job.notebook == "data_quality":
                job.parameters = {**job.parameters, "audience": "everyone"}
        return jobs

    monkeypatch.setattr(runner, "plan_jobs", failing)
    code = main(["run", "2024-Q2", "--data", str(sample_store), "--out", str(tmp_path), "--units", "002", "--lang", "en"])
    assert code == 1
    err = capsys.readouterr().err
    assert "2/3 notebooks" in err and "✘ data_quality" in err


def test_a_second_run_of_the_same_period_refuses_while_the_first_holds_the_lock(sample_store, tmp_path, monkeypatch):
    monkeypatch.setenv("TIPMONITOR_LANG", "en")  # the messages asserted below, in English
    from tipmonitor.run.runner import work_area

    with PeriodLock(tmp_path, "2024-Q4", work_area(Path(sample_store))):
        with pytest.raises(RunError, match="another run of this period is in progress"):
            run_period("2024-Q4", config_for(sample_store), output=tmp_path, progress=False)
    assert not (tmp_path / "2024-Q4").exists()


def test_a_run_removes_what_killed_runs_left_in_its_working_area_and_no_running_one(tmp_path):
    # A run killed with -9 leaves its copy of the store and its half-built report in its folder of the working
    # area beside the store (issue #26: never in the output folder). The next run, of any period, removes it;
    # a run still going on (its lock held) is not touched.
    from filelock import FileLock

    from tipmonitor.run.runner import run_folder, snapshot, work_area
    from tipmonitor.store.database import Store

    store = tmp_path / "data" / "store.duckdb"
    store.parent.mkdir()
    (tmp_path / "002_2024-Q4.csv").write_text("report_id,unit,kind,received_date\nTB1,002,report,2024-11-01\n",
                                              encoding="utf-8")
    Store(store).ingest(tmp_path / "002_2024-Q4.csv", today=date(2025, 1, 1))
    area = work_area(store)
    assert area == tmp_path / "data" / ".store.duckdb.work"
    area.mkdir()
    dead = area / "run-2024-Q3-dead"  # another period's, killed
    live = area / "run-2024-Q2-live"  # another period's, running: its lock is held
    for folder in (dead, live):
        folder.mkdir()
        (folder / "store.duckdb").write_bytes(b"copy")
    held = FileLock(area / "run-2024-Q2-live.lock", timeout=0)
    held.acquire()
    try:
        with run_folder(area, "2024-Q4") as work, snapshot(config_for(store), work) as read:
            assert not dead.exists() and live.exists()
            assert Path(read.data).parent == work and work.parent == area
        assert sorted(p.name for p in area.iterdir() if p.is_dir()) == ["run-2024-Q2-live"]
    finally:
        held.release()


@pytest.mark.parametrize("overrides, message", [
    ({"notebok": [{"name": "period_report"}]}, "notebok: unknown key"),
    ({"notebooks": [{"name": "no_such_notebook"}]}, "notebook 'no_such_notebook' is not in notebooks/"),
    ({"lang": "fr"}, "lang: «fr» is not an allowed value; use one of: vi, en"),
    ({"workers": 0}, "workers: 0 is below the minimum of 1"),
])
def test_run_files_are_validated_before_any_kernel_starts(tmp_path, monkeypatch, overrides, message):
    import yaml

    monkeypatch.setenv("TIPMONITOR_LANG", "en")
    path = tmp_path / "run.yaml"
    path.write_text(yaml.safe_dump({"notebooks": [{"name": "period_report"}], **overrides}), encoding="utf-8")
    with pytest.raises(SettingsError) as error:
        load_config(path)
    assert message in str(error.value) and str(error.value).startswith(f"{path}: ")


def test_unknown_units_and_malformed_periods_are_refused(sample_store, tmp_path, monkeypatch):
    monkeypatch.setenv("TIPMONITOR_LANG", "en")  # the messages asserted below, in English
    with pytest.raises(RunError, match="not a unit code or name of 2024-Q4: Quận 99"):
        run_period("2024-Q4", config_for(sample_store), units=["Quận 99"], output=tmp_path, progress=False)
    with pytest.raises(RunError, match=r"period '2024-Q5': there is no quarter 5 \(a quarter is numbered 1 to 4\)"):
        run_period("2024-Q5", config_for(sample_store), output=tmp_path, progress=False)
    assert list(tmp_path.iterdir()) == []  # not even a hidden staging folder


@pytest.mark.parametrize("today, expected", [
    ("2024-09-17", "2024-Q2"),  # Q3 ends Saturday 14/9; due Tuesday 17/9: not complete on the 17th
    ("2024-09-18", "2024-Q3"),
    ("2024-12-17", "2024-Q3"),  # Q4 ends Saturday 14/12, due Tuesday 17/12
    ("2024-12-18", "2024-Q4"),
    ("2026-11-28", "2026-Q3"),  # the sample runs to 14/09/2026 (extracted 20/09), so 2026-Q3 is complete in it
])
def test_latest_period_on_given_dates(sample_store, today, expected):
    config = config_for(sample_store)
    assert runner.latest_period(config, date.fromisoformat(today)).label == expected


def test_every_notebook_failing_publishes_nothing_and_keeps_the_previous_report(sample_store, tmp_path, monkeypatch,
                                                                                capsys):
    # Before: the index of a run in which all notebooks failed replaced the report (issue #19, item 6).
    from tipmonitor.cli import main

    previous = tmp_path / "2024-Q2"
    previous.mkdir()
    (previous / "index.html").write_text("the report published last week", encoding="utf-8")
    real = runner.plan_jobs

    def all_failing(*args, **kwargs):
        jobs = real(*args, **kwargs)
        for job in jobs:
            job.parameters = {**job.parameters, "lang": "fr"}  # every notebook raises on it
        return jobs

    monkeypatch.setattr(runner, "plan_jobs", all_failing)
    # The command line says in Vietnamese; the kernels inherit TIPMONITOR_LANG: the notebooks' error in English.
    monkeypatch.setenv("TIPMONITOR_LANG", "en")
    code = main(["run", "2024-Q2", "--data", str(sample_store), "--out", str(tmp_path), "--units", "002", "--force",
                 "--lang", "vi"])
    assert code == 2
    err = capsys.readouterr().err
    assert "cả 3 notebook của lần chạy đều lỗi" in err and "lang must be 'vi' or 'en'" in err
    assert (previous / "index.html").read_text(encoding="utf-8") == "the report published last week"
    # No backup, no leftovers; the period's lock file is in the working area beside the store (issue #26).
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-Q2"]


def dies_once(notebook, out, parameters, timeout, html=None, title=None):
    """A stand-in for warm.execute: the first call anywhere kills its worker process, as the OOM killer would."""
    import os

    marker = Path(os.environ["TIPMONITOR_TEST_MARKER"])
    if not marker.exists():
        marker.write_text("killed")
        os._exit(9)
    Path(out).write_text("{}", encoding="utf-8")
    return True, "", 1, 0.01


def test_a_broken_process_pool_is_replaced_and_the_unfinished_notebooks_run_again(tmp_path, monkeypatch):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from tipmonitor.run import warm

    pools = []

    def plain_pool(workers, kernel, root):  # real worker processes, without kernels
        pools.append(workers)
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))

    monkeypatch.setenv("TIPMONITOR_TEST_MARKER", str(tmp_path / "killed"))
    monkeypatch.setattr(warm, "pool", plain_pool)
    monkeypatch.setattr(warm, "execute", dies_once)
    jobs = [runner.Job(f"page-{i}", "period_report", {}, f"page {i}") for i in range(4)]
    results = runner.run_jobs(jobs, tmp_path / "out", load_config(), workers=2, progress=False, html=False)
    assert (tmp_path / "killed").is_file()  # a worker did die
    assert len(pools) == 2  # the broken pool, then its replacement
    assert [r.job.key for r in results] == [f"page-{i}" for i in range(4)]
    assert all(r.status == "ok" for r in results), [r.error for r in results]


def test_a_pool_that_keeps_breaking_is_retried_a_bounded_number_of_times(tmp_path, monkeypatch):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from tipmonitor.run import warm

    pools = []

    def plain_pool(workers, kernel, root):
        pools.append(workers)
        (tmp_path / "killed").unlink(missing_ok=True)  # every pool loses a worker
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))

    monkeypatch.setenv("TIPMONITOR_TEST_MARKER", str(tmp_path / "killed"))
    monkeypatch.setattr(warm, "pool", plain_pool)
    monkeypatch.setattr(warm, "execute", dies_once)
    jobs = [runner.Job("page", "period_report", {}, "page")]
    results = runner.run_jobs(jobs, tmp_path / "out", load_config(), workers=1, progress=False, html=False)
    assert len(pools) == runner.POOL_RETRY.attempts == 3
    assert results[0].status == "failed" and "BrokenProcessPool" in results[0].error and results[0].attempts == 3


def dies_at_start():
    """A stand-in for warm.started: the first worker to take it dies, as a kernel that fails to start leaves it."""
    import os

    marker = Path(os.environ["TIPMONITOR_TEST_MARKER"])
    if not marker.exists():
        marker.write_text("killed")
        os._exit(9)


def test_a_pool_broken_while_the_run_computes_its_results_is_replaced(tmp_path, monkeypatch):
    # The workers start their kernels while ``before`` (the run's results) runs; one dies meanwhile: the notebooks
    # go to a new pool, as when a worker dies later, and ``before`` is not run again.
    import multiprocessing
    import time
    from concurrent.futures import ProcessPoolExecutor

    from tipmonitor.run import warm

    pools, called = [], []

    def plain_pool(workers, kernel, root):
        pools.append(workers)
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))

    def before():
        deadline = time.monotonic() + 60
        while not (tmp_path / "killed").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1)  # the pool has seen its worker go
        called.append(1)

    monkeypatch.setenv("TIPMONITOR_TEST_MARKER", str(tmp_path / "killed"))
    monkeypatch.setattr(warm, "pool", plain_pool)
    monkeypatch.setattr(warm, "started", dies_at_start)
    monkeypatch.setattr(warm, "execute", dies_once)  # the marker is there by then: it runs the notebook
    jobs = [runner.Job(f"page-{i}", "period_report", {}, f"page {i}") for i in range(3)]
    results = runner.run_jobs(jobs, tmp_path / "out", load_config(), workers=2, progress=False, html=False,
                              before=before)
    assert called == [1] and len(pools) == 2
    assert all(r.status == "ok" for r in results), [r.error for r in results]


def test_a_period_that_has_not_ended_is_refused_unless_asked_for_to_date(tmp_path):
    # 2026-Q4 runs from 15/09/2026 to 14/12/2026 (15th-14th rule): on 28/11/2026 it has not ended, and a report of
    # it would look final. Refused before anything is written; --to-date is the way to a provisional report.
    with pytest.raises(RunError) as caught:
        run_period("2026-Q4", load_config(), today=date(2026, 11, 28), output=tmp_path, progress=False)
    assert caught.value.text.key == "run.not_ended"
    assert "14/12/2026" in caught.value.render("en") and "--to-date" in caught.value.render("en")
    assert list(tmp_path.iterdir()) == []


def test_the_provisional_note_names_the_periods_end_and_the_day_its_figures_run_to():
    from tipmonitor.model import periods
    from tipmonitor.present.report import provisional_note

    q4 = periods.parse("2026-Q4")
    note = provisional_note(q4, "official", "en", today=date(2026, 11, 28))
    assert "has not ended" in note and "14/12/2026" in note and "28/11/2026" in note
    assert provisional_note(q4, "official", "en", today=date(2026, 12, 14)) != ""  # the last day is still inside
    assert provisional_note(q4, "official", "en", today=date(2026, 12, 15)) == ""
    assert "Số liệu tạm tính" in provisional_note(q4, "official", "vi", today=date(2026, 11, 28))


def _gone(process) -> bool:
    import psutil

    try:
        return process.status() == psutil.STATUS_ZOMBIE  # ended, waiting for whoever adopted it to reap it
    except psutil.NoSuchProcess:
        return True


def test_a_killed_run_takes_its_workers_and_kernels_with_it_and_a_rerun_works(tmp_path):
    # Before: after `kill -9` of `tipmonitor run`, its warm workers (blocked reading their task queue) and so
    # their kernels ran on with nobody to serve; a worker now watches its parent and ends, with its kernel.
    import hashlib
    import os
    import signal
    import subprocess
    import sys
    import time

    import psutil

    store = tmp_path / "store.duckdb"  # one report of 002: enough for every page, quick to run
    (tmp_path / "002_2024-Q4.csv").write_text("report_id,unit,kind,received_date\nTB1,002,report,2024-11-01\n",
                                              encoding="utf-8")
    Store(store).ingest(tmp_path / "002_2024-Q4.csv", today=date(2025, 1, 1))
    store_hash = hashlib.sha256(store.read_bytes()).hexdigest()
    out = tmp_path / "reports"
    run = subprocess.Popen([sys.executable, "-m", "tipmonitor.cli", "run", "2024-Q4", "--data", str(store),
                            "--out", str(out), "--units", "002", "--workers", "2"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(run.pid)
    deadline = time.monotonic() + 240
    kernels: list = []
    while time.monotonic() < deadline and len(kernels) < 2 and run.poll() is None:
        time.sleep(0.2)
        kernels = [p for p in parent.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
    assert len(kernels) == 2, "the run's two kernels never came up"
    family = parent.children(recursive=True)  # two workers, their kernels, multiprocessing's resource tracker
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not all(_gone(p) for p in family):
        time.sleep(0.2)
    assert [" ".join(p.cmdline())[:80] for p in family if not _gone(p)] == []
    # nothing published, the store untouched; a new run clears what the killed one left and publishes
    assert not (out / "2024-Q4").exists()
    assert hashlib.sha256(store.read_bytes()).hexdigest() == store_hash
    result = run_period("2024-Q4", config_for(store), units=["002"], output=out, workers=1, progress=False)
    assert result.ok, [f.error for f in result.failures]
    assert sorted(p.name for p in out.iterdir()) == ["2024-Q4"]  # the lock file is in the working area (issue #26)
    assert hashlib.sha256(store.read_bytes()).hexdigest() == store_hash


def test_every_output_of_a_run_shows_the_one_result_the_run_computed(sample_store, tmp_path, monkeypatch):
    # The run computes its period once; a marker put into that result (the city's T1 numerator set to 9999)
    # appears in the pages its kernels ran, the workbook and the .docx: none of them computed the period again.
    import docx

    import tipmonitor.metrics.results as results

    real, calls = results.compute, []

    def marked(*args, **kwargs):
        computed = real(*args, **kwargs)
        table = computed.evaluation.table
        table.loc[(table["unit"] == CITY) & (table["indicator"] == "T1_classification"), "numerator"] = 9999
        calls.append(computed)
        return computed

    monkeypatch.setattr(results, "compute", marked)
    config = config_for(sample_store, notebooks=[{"name": "period_report"}, {"name": "unit_profile", "per": "unit"}])
    result = run_period("2024-Q4", config, units=["002"], output=tmp_path, workers=1, progress=False)
    assert result.ok, [f.error for f in result.failures]
    assert len(calls) == 1
    page = json.loads((result.folder / "notebooks" / "period_report.ipynb").read_text(encoding="utf-8"))
    injected = page["metadata"]["papermill"]["parameters"]
    assert "results" in injected and not Path(injected["results"]).exists()  # the run's folder, gone with it
    assert "9.999/" in (result.folder / "period_report.html").read_text(encoding="utf-8")  # 9999 as Vietnamese prints it
    book = openpyxl.load_workbook(result.folder / "kpis.xlsx")
    assert any(cell.value == 9999 for sheet in book for row in sheet.iter_rows() for cell in row)
    report = docx.Document(result.folder / "bao-cao-2024-Q4.docx")
    texts = [p.text for p in report.paragraphs] + [c.text for t in report.tables for r in t.rows for c in r.cells]
    assert any("9.999" in text for text in texts)
    # Nothing hidden is left in the output folder (issue #26: the lock file is in the working area too).
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# --- --out near the data (session 9): nothing of the store in or near a public folder -------------------------------

@pytest.mark.parametrize("out, audience, key", [
    ("data", "public", "run.out_near_data_public"),                  # the store's own folder: the store is in it
    (".", "public", "run.out_near_data_public"),                     # an ancestor: copying it copies data/
    ("data/.store.duckdb.work", "public", "run.out_near_data_any"),  # the working area itself
    ("data/.store.duckdb.work/x", "internal", "run.out_near_data_any"),  # inside it, whatever the audience
])
def test_a_run_refuses_an_output_folder_that_holds_or_lies_in_the_datas_working_area(tmp_path, out, audience, key):
    (tmp_path / "data").mkdir()
    config = load_config(data=str(tmp_path / "data" / "store.duckdb"), audience=audience,
                         notebooks=[{"name": "period_report"}])
    with pytest.raises(RunError) as refused:  # refused before the data is even looked at (there is none here)
        run_period("2024-Q4", config, output=tmp_path / out, progress=False)
    assert refused.value.text.key == key
    assert not list((tmp_path / "data").iterdir())  # no lock, no working area, no report made


@pytest.mark.parametrize("out, audience", [("data/public", "public"), ("reports/public", "public"), ("data", "internal"),
                                           (".", "internal")])
def test_an_output_folder_beside_the_store_or_an_internal_one_above_it_is_allowed(tmp_path, out, audience):
    # data/public holds no record: copying it out copies no store. An internal edition holds every figure anyway.
    runner.refuse_near_data(tmp_path / out, tmp_path / "data" / "store.duckdb", audience)


def test_an_output_folder_reached_through_a_symlink_into_the_working_area_is_refused(tmp_path):
    # link -> data/.store.duckdb.work/run-x: link/.. is the working area itself. os.path.abspath took "link/.." away
    # as text (tmp_path, an internal folder above the store: allowed) before the link was followed.
    area = tmp_path / "data" / ".store.duckdb.work" / "run-x"
    area.mkdir(parents=True)
    (tmp_path / "link").symlink_to(area, target_is_directory=True)
    with pytest.raises(RunError) as refused:
        runner.refuse_near_data(tmp_path / "link" / "..", tmp_path / "data" / "store.duckdb", "internal")
    assert refused.value.text.key == "run.out_near_data_any"
    with pytest.raises(RunError):
        runner.refuse_near_data(tmp_path / "link", tmp_path / "data" / "store.duckdb", "internal")


def test_relative_output_and_data_paths_are_taken_from_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path / "data")
    with pytest.raises(RunError) as refused:  # ".." from data/ is tmp_path, which holds the store
        runner.refuse_near_data(Path(".."), Path("store.duckdb"), "public")
    assert refused.value.text.key == "run.out_near_data_public"
    with pytest.raises(RunError) as refused:
        runner.refuse_near_data(Path(".store.duckdb.work/x"), Path("../data/store.duckdb"), "internal")
    assert refused.value.text.key == "run.out_near_data_any"
    runner.refuse_near_data(Path("public"), Path("store.duckdb"), "public")  # data/public: beside the store


def test_the_cli_says_why_a_public_folder_holding_the_store_is_refused(tmp_path, capsys):
    from tipmonitor.cli import main

    public = Path(runner.__file__).parents[3] / "params" / "runs" / "public.yaml"
    code = main(["run", "2024-Q4", "--config", str(public), "--data", str(tmp_path / "store.duckdb"),
                 "--out", str(tmp_path), "--lang", "en"])
    assert code == 2
    err = capsys.readouterr().err
    assert f"the public edition may not be written to {tmp_path}: that folder holds the data" in err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("out, audience", [("data/store.archive", "public"), ("data/store.archive/x", "public"),
                                           ("data/store.archive/x", "internal"), ("data/store.archive", "internal")])
def test_no_run_writes_into_the_archive_of_submissions(tmp_path, out, audience):
    # The hostile user of session 9 put a public edition into data/store.archive/x, beside the files every unit sent
    # (000001 ... 001243): copying that public folder out would have copied them.
    (tmp_path / "data" / "store.archive" / "000001").mkdir(parents=True)
    with pytest.raises(RunError) as refused:
        runner.refuse_near_data(tmp_path / out, tmp_path / "data" / "store.duckdb", audience)
    assert refused.value.text.key == "run.out_in_archive"


def test_a_public_folder_that_holds_the_archive_is_refused_even_without_the_store_beside_it(tmp_path):
    # A store kept elsewhere by name only: the folder given holds its archive, not the store file.
    (tmp_path / "data" / "store.archive").mkdir(parents=True)
    with pytest.raises(RunError) as refused:
        runner.refuse_near_data(tmp_path / "data", tmp_path / "data" / "store.duckdb", "public")
    assert refused.value.text.key == "run.out_near_data_public"


def _edition(folder: Path, audience: str) -> Path:
    """An edition as a run leaves it: its folder with a manifest.json whose parameters name its audience
    (run/publish.manifest)."""
    import json

    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"period": folder.name, "parameters": {"audience": audience}}),
                                          encoding="utf-8")
    return folder


def test_an_internal_edition_is_refused_in_or_under_a_folder_of_public_editions(tmp_path, capsys):
    # `run --config internal.yaml --out reports/public` (session 10's hostile user): the internal edition, every small
    # number in it, landed in the folder that is copied out for publication. Known from the editions' manifests.
    from tipmonitor.cli import main

    public = tmp_path / "reports" / "public"
    _edition(public / "2024-Q4", "public")
    for out in (public, public / "more"):
        config = load_config(data=str(tmp_path / "none.duckdb"), notebooks=[{"name": "period_report"}])
        with pytest.raises(RunError) as refused:  # before the data is looked at (there is none)
            run_period("2024-Q3", config, output=out, progress=False)
        assert refused.value.text.key == "run.out_holds_public"
        assert f"{public} is a folder of public editions (it holds {public / '2024-Q4'})" in refused.value.render("en")
    assert sorted(p.name for p in public.iterdir()) == ["2024-Q4"]  # nothing made
    code = main(["run", "2024-Q3", "--data", str(tmp_path / "none.duckdb"), "--out", str(public), "--lang", "en"])
    assert code == 2 and f"an internal edition may not be written to {public}" in capsys.readouterr().err
    runner.refuse_among_editions(tmp_path / "reports", "internal")  # beside the public folder: allowed
    runner.refuse_among_editions(public, "public")  # another public edition: allowed


def test_a_public_edition_is_refused_in_a_folder_of_internal_editions(tmp_path):
    _edition(tmp_path / "reports" / "2024-Q4", "internal")
    with pytest.raises(RunError) as refused:
        runner.refuse_among_editions(tmp_path / "reports", "public")
    assert refused.value.text.key == "run.out_holds_internal"
    assert "copying the public folder out would copy too" in refused.value.render("en")
    runner.refuse_among_editions(tmp_path / "reports" / "public", "public")  # its own folder beside them: allowed
    runner.refuse_among_editions(tmp_path / "reports", "internal")


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_no_edition_is_written_inside_another(tmp_path, audience):
    edition = _edition(tmp_path / "reports" / "2024-Q4", audience)
    for out in (edition, edition / "notebooks"):
        with pytest.raises(RunError) as refused:
            runner.refuse_among_editions(out, audience)
        assert refused.value.text.key == "run.out_in_edition"
        assert f"lies inside an existing edition ({edition})" in refused.value.render("en")


def test_a_public_edition_higher_up_does_not_make_every_folder_below_it_a_public_one(tmp_path, monkeypatch):
    # Session 11's review: the look went up to /, so one public edition written straight into /tmp (or ~, /srv) refused
    # every internal run below it. Only the output folder and the folder just above it are looked into.
    _edition(tmp_path / "2024-Q4", "public")
    runner.refuse_among_editions(tmp_path / "work" / "reports", "internal")  # two levels below it: allowed
    with pytest.raises(RunError) as refused:  # straight beside it, or one level below: still refused
        runner.refuse_among_editions(tmp_path / "more", "internal")
    assert refused.value.text.key == "run.out_holds_public"
    assert f"a folder outside {tmp_path}" in refused.value.render("en") and "e.g. reports" not in refused.value.render("en")
    # A manifest.json another user owns (anyone may write /tmp/x/manifest.json) is no edition of this user's.
    edition = _edition(tmp_path / "shared" / "x", "public")
    monkeypatch.setattr(runner.os, "getuid", lambda: edition.stat().st_uid + 1)
    runner.refuse_among_editions(tmp_path / "shared" / "reports", "internal")
    runner.refuse_among_editions(edition / "inside", "internal")


def test_an_output_that_is_a_file_is_refused_by_name(tmp_path):
    # --out data/store.duckdb (an internal run) ended in "unexpected error (FileExistsError ...)" with a sentence about
    # ingest; a link to the store file the same.
    store = tmp_path / "data" / "store.duckdb"
    store.parent.mkdir()
    store.write_bytes(b"x")
    (tmp_path / "link").symlink_to(store)
    for out in (store, tmp_path / "link"):
        with pytest.raises(RunError) as refused:
            runner.refuse_near_data(out, store, "internal")
        assert refused.value.text.key == "run.out_is_a_file"
        assert str(out) in refused.value.text.render("en")
