"""The verbs of the command line not covered elsewhere (issue #19, item 12): each as a user runs it."""

from datetime import date, datetime
import shutil

import openpyxl
import pandas as pd
import pytest

from tipmonitor.cli import main
from tipmonitor.core import paths
from tipmonitor.run import runner
from conftest import inputs_of
from tipmonitor.model import periods


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """These tests read the command line's English words (Vietnamese is the default)."""
    monkeypatch.setenv("TIPMONITOR_LANG", "en")


def one_submission(tmp_path):
    path = tmp_path / "002_2023-Q2.csv"
    path.write_text("report_id,unit,kind,received_date\nTB1,002,report,2023-04-01\n", encoding="utf-8")
    store = tmp_path / "s.duckdb"
    assert main(["ingest", str(path), "--store", str(store), "--received-on", "2023-06-15", "--today", "2026-01-01"]) == 0
    return store


def test_periods_prints_windows_and_due_dates(capsys):
    # 2023-H1 runs 15/12/2022-14/06/2023; 14/06/2023 is a Wednesday: due 2 working days later, Friday 16/06.
    assert main(["--lang", "en", "periods", "2023-H1"]) == 0
    assert capsys.readouterr().out == "2023-H1\tFirst half of 2023\t2022-12-15\t2023-06-14\tdue 2023-06-16\n"
    # On 20/07/2024 the latest complete quarter is 2024-Q2 (Q3 ends 14/09).
    assert main(["periods", "--latest", "--today", "2024-07-20"]) == 0
    assert capsys.readouterr().out.startswith("2024-Q2\t")


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_template_writes_a_prefilled_workbook(tmp_path, capsys):
    out = tmp_path / "mau.xlsx"
    assert main(["template", str(out), "--unit", "002", "--period", "2023-Q2"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    book = openpyxl.load_workbook(out)
    values = [str(c) for row in book["Thông tin"].iter_rows(values_only=True) for c in row if c is not None]
    assert "2023-Q2" in values and any("002" in v or "Hoàn Kiếm" in v for v in values), values


def test_export_writes_the_current_data(tmp_path, capsys):
    store = one_submission(tmp_path)
    capsys.readouterr()
    assert main(["export", str(tmp_path / "out"), "--format", "csv", "--store", str(store)]) == 0
    written = capsys.readouterr().out.split()
    assert str(tmp_path / "out" / "crime_reports.csv") in written
    reports = pd.read_csv(tmp_path / "out" / "crime_reports.csv", encoding="utf-8-sig", dtype=str)
    assert reports[["report_id", "unit", "received_date"]].values.tolist() == [["TB1", "002", "2023-04-01"]]


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_archive_writes_only_what_the_archive_lacks(tmp_path, capsys):
    from tipmonitor.store.recovery import archive_dir

    store = one_submission(tmp_path)
    capsys.readouterr()
    assert main(["archive", "--store", str(store)]) == 0
    assert capsys.readouterr().out.strip().endswith(": 0 submissions written")  # ingest archived it already
    shutil.rmtree(archive_dir(store) / sorted(p.name for p in archive_dir(store).iterdir() if p.name.isdigit())[0])
    assert main(["archive", "--store", str(store)]) == 0
    assert capsys.readouterr().out.strip().endswith(": 1 submission written")
    assert main(["check", "--store", str(store)]) == 0


@pytest.mark.slow
def test_sample_writes_the_committed_sample(tmp_path, capsys):
    assert main(["sample", "--out", str(tmp_path)]) == 0
    for name in ("crime_reports.csv", "cases.csv", "victims.csv", "aggregates.csv"):
        assert (tmp_path / name).read_bytes() == (paths.sample_dir() / name).read_bytes(), name


def test_docs_reports_the_data_model_page_current(tmp_path, monkeypatch, capsys):
    root = paths.project_root()
    (tmp_path / "docs").mkdir()
    shutil.copytree(root / "params", tmp_path / "params")
    shutil.copytree(root / "data" / "reference", tmp_path / "data" / "reference")
    page = (root / "docs" / "data-model.md").read_text(encoding="utf-8")
    end = "<!-- /generated:measures -->"  # a stale copy: a measure the model no longer has, which docs removes
    assert end in page
    stale = page.replace(end, "| `stale.measure` | sum | cũ | old |\n" + end)
    (tmp_path / "docs" / "data-model.md").write_text(stale, encoding="utf-8")
    monkeypatch.setattr(paths, "project_root", lambda: tmp_path)
    assert main(["docs"]) == 0
    assert capsys.readouterr().out.strip().endswith(": updated")
    assert (tmp_path / "docs" / "data-model.md").read_text(encoding="utf-8") == page
    assert main(["docs"]) == 0
    assert capsys.readouterr().out.strip().endswith(": already current")


@pytest.mark.slow
def test_reference_rebuilds_the_committed_reference_files(tmp_path, monkeypatch, capsys):
    root = paths.project_root()
    shutil.copytree(root / "params", tmp_path / "params")
    (tmp_path / "data" / "reference").mkdir(parents=True)
    monkeypatch.setattr(paths, "project_root", lambda: tmp_path)
    assert main(["reference"]) == 0
    for name in ("units.csv", "crosswalk_2025.csv", "successions.csv"):
        assert (tmp_path / "data" / "reference" / name).read_bytes() == (root / "data" / "reference" / name).read_bytes()


# --- run: --cold and its retry, --keep-existing -------------------------------------------

def test_cold_mode_retries_a_kernel_that_failed_to_start_once(tmp_path, monkeypatch):
    calls = []

    def flaky(job, out, config):
        calls.append(job.key)
        if len(calls) == 1:
            return False, "RuntimeError: Kernel died before replying to kernel_info"
        return True, ""

    monkeypatch.setattr(runner, "execute_cold", flaky)
    job = runner.Job("period_report", "period_report", {}, "t")
    [result] = runner.run_jobs([job], tmp_path, runner.load_config(), workers=1, mode="cold", progress=False)
    assert (result.status, result.attempts) == ("ok", 2) and calls == ["period_report", "period_report"]


def test_cold_mode_does_not_retry_a_notebook_that_failed(tmp_path, monkeypatch):
    calls = []

    def broken(job, out, config):
        calls.append(job.key)
        return False, "ZeroDivisionError: division by zero"

    monkeypatch.setattr(runner, "execute_cold", broken)
    job = runner.Job("period_report", "period_report", {}, "t")
    [result] = runner.run_jobs([job], tmp_path, runner.load_config(), workers=1, mode="cold", progress=False)
    assert (result.status, result.attempts, result.error) == ("failed", 1, "ZeroDivisionError: division by zero")


def test_run_cold_on_the_command_line_runs_in_fresh_kernels(monkeypatch, tmp_path):
    seen = {}

    def fake(period, config, **options):
        seen.update(options)
        raise runner.RunError("run.all_failed", count=1, error="stopped by the test", final=tmp_path)

    monkeypatch.setattr(runner, "run_period", fake)
    assert main(["run", "2023-Q2", "--cold", "--keep-existing", "--out", str(tmp_path)]) == 2
    assert seen["mode"] == "cold" and seen["keep_existing"] is True


def test_a_real_cold_run_of_one_notebook(sample_store, tmp_path):
    config = runner.load_config(data=str(sample_store), notebooks=[{"name": "data_quality"}])
    result = runner.run_period("2024-Q4", config, output=tmp_path, mode="cold", progress=False, workers=1)
    assert result.ok and [r.job.key for r in result.results] == ["data_quality"]
    assert (result.folder / "data_quality.html").is_file()


def test_keep_existing_leaves_a_published_report_as_it_is(sample_store, tmp_path, capsys):
    folder = tmp_path / "2024-Q4"
    folder.mkdir()
    (folder / "index.html").write_text("the report published earlier", encoding="utf-8")
    assert main(["run", "2024-Q4", "--keep-existing", "--data", str(sample_store), "--out", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "already there" in captured.err and captured.out.strip() == str(folder / "index.html")
    assert (folder / "index.html").read_text(encoding="utf-8") == "the report published earlier"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["2024-Q4"]
    # Without it, an existing report is refused (exit 2), never overwritten.
    assert main(["run", "2024-Q4", "--data", str(sample_store), "--out", str(tmp_path)]) == 2
    assert (folder / "index.html").read_text(encoding="utf-8") == "the report published earlier"


# --- the hand-entered baseline CSV ---------------------------------------------------------

@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_the_hand_entered_baseline_csv_is_read_with_the_city_row(tmp_path):
    from conftest import make_dataset
    from fixtures import CASES, REPORTS, VICTIMS
    from tipmonitor.metrics.evaluation import CITY, evaluate
    from tipmonitor.store.sources import baseline_table

    (tmp_path / "2022.csv").write_text(
        "unit,period,measure,value\n"
        "CITY,2022-Q2,reports.opening,4\nCITY,2022-Q2,reports.intake,16\nCITY,2022-Q2,reports.transferred,0\n"
        "CITY,2022-Q2,reports.resolved,15\nCITY,2022-Q2,reports.closing,5\n"
        "Đống Đa,2022-Q2,reports.opening,1\nĐống Đa,2022-Q2,reports.intake,3\nĐống Đa,2022-Q2,reports.transferred,0\n"
        "Đống Đa,2022-Q2,reports.resolved,2\nĐống Đa,2022-Q2,reports.closing,2\n", encoding="utf-8")
    table = baseline_table(2022, tmp_path)
    assert set(table["unit"]) == {CITY, "006"}  # a unit named as analysts write it, the city by its code
    only_2023 = [r for r in REPORTS if r["report_id"] not in ("B1", "B2")]
    cases = [c for c in CASES if not c["initiated_date"].startswith("2022")]
    evaluation = evaluate(inputs_of(make_dataset(only_2023, cases, [v for v in VICTIMS if v.get("case_id") != "VA4"]), baseline_table=table), periods.parse("2023-Q2"), units=["002", "006"])
    t = evaluation.table
    t2 = t[(t["indicator"] == "T2_report_resolution") & (t["scope"] == "period")].set_index("unit")
    # 006 has no 2022 records: its baseline 2/(1 + 3 - 0) = 50% comes from the table; the city's is the
    # table's CITY row, 15/(4 + 16 - 0) = 75%, not a sum of units.
    assert (t2.loc["006", "baseline_numerator"], t2.loc["006", "baseline_denominator"], t2.loc["006", "baseline_source"]) \
        == (2, 4, "table")
    assert (t2.loc[CITY, "baseline_numerator"], t2.loc[CITY, "baseline_denominator"]) == (15, 20)
    assert t2.loc[CITY, "change_points"] == pytest.approx((7 / 9 - 15 / 20) * 100)


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_ingest_with_replace_tables_names_the_tables_it_emptied(tmp_path, capsys):
    # Two cases of 002 in 2023-Q2 are current; a file with the cases header and no rows, let in by
    # --replace-tables, leaves 0 of them: the message says so (before, only "stored as submission 2").
    cases = tmp_path / "002_2023-Q2.csv"
    cases.write_text("case_id,unit,initiated_date\nVA1,002,2023-04-20\nVA2,002,2023-04-21\n", encoding="utf-8")
    empty = tmp_path / "002_2023-Q2_b.csv"
    empty.write_text("case_id,unit,initiated_date\n", encoding="utf-8")
    store = tmp_path / "s.duckdb"
    common = ["--store", str(store), "--today", "2023-07-01", "--unit", "002", "--period", "2023-Q2"]
    assert main(["ingest", str(cases), *common]) == 0
    capsys.readouterr()
    assert main(["ingest", str(empty), *common, "--replace-tables"]) == 0
    out = capsys.readouterr().out
    assert "stored as submission 2; supersedes submission 1" in out
    assert "replaced: Cases (0 rows now, 2 before)" in out
    assert main(["validate", str(empty), *common, "--replace-tables"]) == 0  # already empty: nothing to say
    assert "replaced" not in capsys.readouterr().out


@pytest.mark.slow  # the whole sample read and checked three times
def test_evaluate_refuses_a_period_that_has_not_ended_as_run_does(capsys):
    # 2026-Q4 runs from 15/09/2026 to 14/12/2026 (15th-14th rule): on 28/11/2026 it has not ended. Before,
    # evaluate printed its scorecard as if final; now it refuses with run's words, and --to-date (run's
    # override) prints it with the provisional note. 2026-Q3 (to 14/09/2026) has ended: scored as before.
    today = ["--data", "data/sample", "--today", "2026-11-28"]
    assert main(["evaluate", "2026-Q4", *today]) == 2
    err = capsys.readouterr().err
    assert "the period 2026-Q4 has not ended (it runs to 14/12/2026; today is 28/11/2026)" in err
    assert "--to-date" in err
    assert main(["evaluate", "2026-Q4", *today, "--to-date"]) == 0
    out = capsys.readouterr().out
    assert "Crime reports resolved" in out
    assert "has not ended (it runs to 14/12/2026); the figures run to 28/11/2026 and will change" in out
    assert main(["evaluate", "2026-Q3", *today]) == 0
    assert "has not ended" not in capsys.readouterr().out


@pytest.mark.parametrize("scale", ["0", "-5"])
def test_sample_refuses_a_scale_that_is_not_a_positive_number_of_rows(scale, tmp_path, capsys):
    """--scale 0 used to write the ordinary sample (0 read as "not given"), -5 failed with numpy's error."""
    out = tmp_path / "scale"
    assert main(["sample", "--scale", scale, "--out", str(out), "--lang", "en"]) == 2
    assert f"must be above 0 (got {scale}); nothing was made" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("unit, sheets", [
    # params/bodies.yaml: a court sends the court family, a procuracy the procuracy family (their own registers,
    # docs/submissions.md §7), a ward (commune) reports and victims; each also its counts, activities and texts.
    ("01-TANDKV2", ["Sổ thụ lý Tòa án", "Số liệu tổng hợp", "Hoạt động", "Báo cáo bằng lời"]),
    ("01-VKSKV2", ["Sổ thụ lý VKS", "Số liệu tổng hợp", "Hoạt động", "Báo cáo bằng lời"]),
    ("00322", ["Tin báo", "Nạn nhân", "Số liệu tổng hợp", "Hoạt động", "Báo cáo bằng lời"]),
    # The city police send their own cases, with the procuracy's and court's stages in them: no register sheet.
    ("01-PC02", ["Tin báo", "Vụ án", "Nạn nhân", "Số liệu tổng hợp", "Hoạt động", "Báo cáo bằng lời"]),
])
@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_the_template_offers_the_sheets_of_the_units_body(tmp_path, unit, sheets):
    out = tmp_path / "mau.xlsx"
    assert main(["template", str(out), "--unit", unit, "--period", "2026-Q3"]) == 0
    names = openpyxl.load_workbook(out).sheetnames
    assert [n for n in names if n not in ("Hướng dẫn", "Thông tin", "Danh mục")] == sheets, names


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_a_courts_template_round_trips_its_register_row(tmp_path):
    from tipmonitor.store.database import Store

    out = tmp_path / "mau.xlsx"
    assert main(["template", str(out), "--unit", "01-TANDKV2", "--period", "2026-Q3"]) == 0
    book = openpyxl.load_workbook(out)
    book["Sổ thụ lý Tòa án"].append(["25/2026", "01-TANDKV2", datetime(2026, 7, 2), 1, "Điều 150 (mua bán người)",
                                     datetime(2026, 8, 20), "đã xét xử sơ thẩm", "40/2026/HS-ST", None])
    book.save(out)
    result = Store(tmp_path / "s.duckdb").ingest(out, today=date(2026, 10, 1), received_on=date(2026, 9, 15))
    assert (result.unit, result.period, result.rows["court_register"]) == ("01-TANDKV2", "2026-Q3", 1)
    row = Store(tmp_path / "s.duckdb").current().court_register.iloc[0]
    assert (row["register_number"], row["defendants"], row["court_outcome"]) == ("25/2026", 1, "tried")
