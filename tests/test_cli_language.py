"""The command line's language, pipes and missing files (issue #19, items 8 and 9)."""

import subprocess
import sys

import openpyxl
import pytest

from tipmonitor.cli import main, parser
from tipmonitor.core import paths

TIPMONITOR = [sys.executable, "-m", "tipmonitor.cli"]


def test_lang_before_the_verb_is_taken():
    assert parser().parse_args(["--lang", "en", "evaluate", "2023-Q2"]).lang == "en"
    assert parser().parse_args(["evaluate", "2023-Q2", "--lang", "en"]).lang == "en"
    assert parser().parse_args(["evaluate", "2023-Q2"]).lang is None


def test_lang_is_taken_in_any_case(monkeypatch, capsys):
    assert parser().parse_args(["--lang", "EN", "evaluate", "2023-Q2"]).lang == "en"
    assert parser().parse_args(["evaluate", "2023-Q2", "--lang=Vi"]).lang == "vi"
    with pytest.raises(SystemExit):
        parser().parse_args(["--lang", "fr", "evaluate", "2023-Q2"])
    assert "fr" in capsys.readouterr().err
    monkeypatch.setenv("TIPMONITOR_LANG", "EN")
    from tipmonitor.core import words
    assert words.default_lang() == "en"
    assert words.say("help.lang", words.default_lang()) == words.say("help.lang", "en")


@pytest.mark.slow
def test_global_lang_reaches_the_scorecard(capsys):
    assert main(["--lang", "en", "evaluate", "2023-Q2", "--data", "data/sample"]) == 0
    out = capsys.readouterr().out
    assert "Crime reports resolved" in out and "above 90%" in out


def test_run_takes_its_language_from_tipmonitor_lang(monkeypatch, tmp_path):
    from tipmonitor.run import runner

    seen = {}

    def fake_run_period(period, config, **options):
        seen["lang"] = config.lang
        raise runner.RunError("run.all_failed", count=1, error="stopped by the test", final=tmp_path)

    monkeypatch.setenv("TIPMONITOR_LANG", "en")
    monkeypatch.setattr(runner, "run_period", fake_run_period)
    assert main(["run", "2023-Q2", "--out", str(tmp_path)]) == 2
    assert seen["lang"] == "en"


def test_ingest_notes_follow_the_chosen_language(tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Mã tin báo", "Đơn vị", "Loại", "Ngày tiếp nhận"])
    sheet.append(["TB-1", "006", "tin báo", "01/04/2023"])
    sheet.append(["Tổng cộng", None, None, None])
    path = tmp_path / "006_2023-Q2.xlsx"
    book.save(path)
    assert main(["--lang", "en", "validate", str(path), "--store", str(tmp_path / "s.duckdb"), "--today", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    assert "totals row left out" in out and "tổng cộng" not in out


@pytest.mark.slow
def test_a_closed_pipe_ends_quietly():
    command = TIPMONITOR + ["evaluate", "2023-Q2", "--data", "data/sample", "--lang", "en"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=paths.project_root()) as proc:
        proc.stdout.read(10)
        proc.stdout.close()  # like `| head -c 10`
        err = proc.stderr.read().decode()
        code = proc.wait()
    assert "unexpected error" not in err and "BrokenPipe" not in err and "Traceback" not in err
    assert code == 0


@pytest.mark.slow  # a subprocess: the command as a user runs it
def test_a_path_that_does_not_exist_is_named(tmp_path):
    missing = tmp_path / "nope.csv"
    result = subprocess.run(TIPMONITOR + ["validate", str(missing), "--lang", "en"], capture_output=True, text=True,
                            cwd=paths.project_root())
    assert result.returncode == 1
    assert f"{missing}:-:-: no such file or folder" in result.stderr
    assert f"{missing}: 1 problem; nothing was stored." in result.stderr
    assert "unexpected error" not in result.stderr


def test_a_missing_mapping_file_is_named_not_an_unexpected_error(tmp_path, capsys):
    good = tmp_path / "002_2023-Q2.csv"
    good.write_text("report_id,unit,kind,received_date\nTB1,002,report,2023-04-01\n", encoding="utf-8")
    missing = tmp_path / "mapping.yaml"
    code = main(["validate", str(good), "--mapping", str(missing), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2 and "unexpected error" not in err
    assert f"{missing}: no such file or folder" in err
