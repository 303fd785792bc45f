"""The command line as a user runs it: exit codes, messages, and what it writes."""

import subprocess
import sys
from pathlib import Path

import pytest

from tipmonitor import paths
from tipmonitor.cli import main


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "tipmonitor.cli", *args], capture_output=True, text=True,
                          cwd=cwd or paths.project_root())


def test_validate_reports_problems_and_exits_1(tmp_path):
    bad = tmp_path / "tb.csv"
    bad.write_text("report_id,unit,kind,received_date\nTB1,Quận Không Có,report,2023-01-01\n", encoding="utf-8")
    result = run("validate", str(bad), "--lang", "en")
    assert result.returncode == 1
    assert "tb.csv:2:unit: unknown unit «Quận Không Có»" in result.stderr
    assert "tb.csv: 1 problems; nothing was stored." in result.stderr
    assert "Traceback" not in result.stderr


def test_ingest_then_history_then_validate_against_the_store(tmp_path, capsys):
    store = str(tmp_path / "s.duckdb")
    good = tmp_path / "002_2023-Q2.csv"
    good.write_text("report_id,unit,kind,received_date\nTB1,002,report,2023-04-01\n", encoding="utf-8")
    assert main(["ingest", str(good), "--store", store, "--lang", "en", "--received-on", "2023-06-15"]) == 0
    assert "002 2023-Q2: stored as submission 1 (crime_reports: 1)" in capsys.readouterr().out
    assert main(["submissions", "--store", store]) == 0
    out = capsys.readouterr().out
    assert "002_2023-Q2.csv" in out and "2023-06-15" in out
    # A file naming several units is not one unit's submission.
    several = tmp_path / "all_2023-Q2.csv"
    several.write_text("report_id,unit,kind,received_date\nTB7,002,report,2023-04-01\nTB8,006,report,2023-04-01\n",
                       encoding="utf-8")
    assert main(["validate", str(several), "--store", store, "--lang", "en"]) == 1
    assert "rows name several (002, 006)" in capsys.readouterr().err


def test_report_without_a_store_says_what_to_do(tmp_path):
    result = run("report", "--data", str(tmp_path / "none.duckdb"), "--out", str(tmp_path), "--lang", "en")
    assert result.returncode == 1
    assert "no store here yet" in result.stderr and "Traceback" not in result.stderr


def test_periods_prints_windows_and_deadlines(capsys):
    assert main(["periods", "2023-Q1", "--lang", "vi"]) == 0
    assert capsys.readouterr().out.strip() == "2023-Q1\tQuý I/2023\t2022-12-15\t2023-03-14\tdue 2023-03-16"
    assert main(["periods", "--latest", "--today", "2023-03-17"]) == 0
    assert capsys.readouterr().out.startswith("2023-Q1\t")


def test_report_writes_a_new_folder_and_keeps_the_previous_one(tmp_path):
    first = run("report", "--data", "data/sample", "--out", str(tmp_path), "--today", "2026-01-01")
    assert first.returncode == 0, first.stderr
    page = Path(first.stdout.strip())
    assert page.parent.name == "2024-Q4"  # the latest complete quarter of the sample data
    html = page.read_text(encoding="utf-8")
    assert "Tỷ lệ giải quyết tố giác, tin báo, kiến nghị khởi tố" in html and "http" not in html
    second = run("report", "--data", "data/sample", "--out", str(tmp_path), "--today", "2026-01-01")
    assert second.returncode == 0
    assert len(list(tmp_path.glob("2024-Q4.backup-*"))) == 1


def test_evaluate_prints_the_scorecard(capsys):
    assert main(["evaluate", "2023-Q2", "--data", "data/sample", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Crime reports resolved" in out and "above 90%" in out
