"""Every user error in words: a scripted run of each mistake the hostile-user test made (issue #28, item 6),
each told in the reader's language with exit 1 or 2, and never as an "unexpected error"."""

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tipmonitor.cli import argparse_message, main

UNEXPECTED = ("unexpected error", "lỗi ngoài dự kiến", "TIPMONITOR_DEBUG", "Traceback")


def run_cli(args, env=None, cwd=None) -> tuple[int, str]:
    """The installed command, as a user runs it: (exit code, everything it printed)."""
    done = subprocess.run([sys.executable, "-m", "tipmonitor.cli", *args], capture_output=True,
                          env={**os.environ, **(env or {})}, cwd=cwd, timeout=600)
    return done.returncode, (done.stdout + done.stderr).decode("utf-8", "backslashreplace")


@pytest.fixture
def small_store(tmp_path):
    """A store with one submission of 002 for 2024-Q4 (two cases)."""
    cases = tmp_path / "002_2024-Q4.csv"
    cases.write_text("case_id,unit,initiated_date\nVA1,002,2024-10-20\nVA2,002,2024-11-20\n", encoding="utf-8")
    store = tmp_path / "s.duckdb"
    assert main(["ingest", str(cases), "--store", str(store), "--today", "2025-01-20"]) == 0
    return store


def scripted_mistakes(tmp_path: Path, store: Path) -> list[tuple[list[str], dict, tuple[int, ...], str]]:
    """(arguments, environment, allowed exit codes, a phrase the message must hold) for every user error of the issue."""
    undecodable = os.fsdecode(str(tmp_path).encode() + b"/002_2024-Q4_\xff.csv")
    with open(os.fsencode(undecodable), "w", encoding="utf-8") as handle:
        handle.write("case_id,unit,initiated_date\nVA9,002,2024-10-20\n")
    return [
        (["periods", "--latest", "--today", "2026-02-30"], {}, (2,), "ngày không hợp lệ: '2026-02-30'"),
        (["periods", "--latest", "--today", "2026-13-01"], {}, (2,), "ngày không hợp lệ: '2026-13-01'"),
        (["periods", "--latest", "--today", "2026-13-01", "--lang", "en"], {}, (2,), "not a valid date"),
        (["validate", str(tmp_path / "none.csv"), "--received-on", "31/02/2025"], {}, (2,), "31/12/2025"),
        (["periods", "2024-Q1"], {"TIPMONITOR_LANG": "fr"}, (2,), "use vi or en"),
        (["periods", "2026-13"], {}, (2,), "không có tháng số 13"),
        (["evaluate", "2024-Q4", "--unit", "999", "--data", str(store), "--today", "2025-01-20"], {}, (2,),
         "không nhận ra đơn vị '999'"),
        (["template", str(tmp_path / "t.xlsx"), "--unit", "999"], {}, (2,), "không nhận ra đơn vị '999'"),
        (["run", "2024-Q4", "--units", "999", "--data", str(store), "--out", str(tmp_path / "r"), "--today",
          "2025-01-20"], {}, (2,), "999"),
        (["ingest", undecodable, "--store", str(store), "--today", "2025-01-20"], {}, (1,), "không phải UTF-8"),
        (["frobnicate"], {}, (2,), "không có lựa chọn 'frobnicate'"),
        (["ingest"], {}, (2,), "thiếu tham số bắt buộc: FILE"),
        (["periods", "--kind", "decade", "--lang", "en"], {}, (2,), "invalid choice: 'decade'"),
    ]


@pytest.mark.slow  # runs the command line in subprocesses
def test_a_scripted_run_of_every_user_error_is_told_in_words_and_never_as_unexpected(tmp_path, small_store):
    outputs = []
    for args, env, codes, phrase in scripted_mistakes(tmp_path, small_store):
        code, said = run_cli(args, env)
        outputs.append(said)
        assert code in codes, (args, code, said)
        assert phrase in said, (args, said)
    assert not [said for said in outputs if any(u in said for u in UNEXPECTED)]
    assert not (tmp_path / "t.xlsx").exists()  # no template for a unit that does not exist


def test_argparse_messages_are_in_vietnamese_and_english():
    assert argparse_message("the following arguments are required: FILE", "vi") == "thiếu tham số bắt buộc: FILE"
    assert argparse_message("argument --kind: invalid choice: 'x' (choose from 'a', 'b')", "vi") == \
        "tham số --kind: không có lựa chọn 'x' (chọn một trong: 'a', 'b')"
    assert argparse_message("argument --workers: invalid int value: 'two'", "vi") == \
        "tham số --workers: giá trị 'two' không hợp lệ (cần kiểu int)"
    assert argparse_message("unrecognized arguments: --bogus", "en") == "unrecognized arguments: --bogus"


def test_a_date_flag_takes_the_day_as_users_type_it(tmp_path, capsys):
    # 31/12/2025 is the day the user means: the latest complete quarter then is 2025-Q4 (it ended 14/12/2025).
    assert main(["periods", "--latest", "--today", "31/12/2025"]) == 0
    assert capsys.readouterr().out.startswith("2025-Q4\t")


def _fail_with(number: int):
    def fail(*args, **kwargs):
        raise OSError(number, os.strerror(number), "/mnt/store/s.duckdb")
    return fail


@pytest.mark.parametrize("number, phrase", [(errno.EROFS, "read-only"), (errno.ENOSPC, "the disk is full")])
def test_a_read_only_or_full_disk_is_told_in_words(tmp_path, monkeypatch, capsys, number, phrase):
    # No tmpfs can be mounted here: the write fails as the kernel would make it fail (OSError with its errno).
    from tipmonitor.store import database

    monkeypatch.setattr(database.Store, "ingest", _fail_with(number))
    cases = tmp_path / "002_2024-Q4.csv"
    cases.write_text("case_id,unit,initiated_date\nVA1,002,2024-10-20\n", encoding="utf-8")
    code = main(["ingest", str(cases), "--store", str(tmp_path / "s.duckdb"), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2 and phrase in err and "/mnt/store/s.duckdb" in err
    assert not any(u in err for u in UNEXPECTED)


def test_a_full_disk_during_run_out_is_told_in_words(tmp_path, monkeypatch, capsys, small_store):
    from tipmonitor.run import runner

    monkeypatch.setattr(runner, "run_period", _fail_with(errno.ENOSPC))
    code = main(["run", "2024-Q4", "--data", str(small_store), "--out", str(tmp_path / "r"), "--today", "2025-01-20"])
    err = capsys.readouterr().err
    assert code == 2 and "ổ đĩa đã đầy" in err and not any(u in err for u in UNEXPECTED)


def test_ctrl_c_while_a_file_is_read_says_interrupted_and_what_was_stored(tmp_path, monkeypatch, capsys):
    # Two files: the first is stored; Ctrl-C comes while the second is read (inside pandas' parser, which
    # reported it as a damaged CSV before).
    from tipmonitor.intake import reading

    first = tmp_path / "a_002_2024-Q4.csv"
    first.write_text("case_id,unit,initiated_date\nVA1,002,2024-10-20\n", encoding="utf-8")
    second = tmp_path / "b_003_2024-Q4.csv"
    second.write_text("case_id,unit,initiated_date\nVB1,003,2024-10-20\n", encoding="utf-8")
    real = reading._read_csv

    def interrupted_parser(name, data):
        if name.startswith("b_"):
            raise ValueError("Error tokenizing data. C error: Calling read(nbytes) on source failed. Try engine='python'.")
        return real(name, data)

    monkeypatch.setattr(reading, "_read_csv", interrupted_parser)
    store = tmp_path / "s.duckdb"
    # One file after the other: the first is stored, the stop while the second is read says so.
    assert main(["ingest", str(first), "--store", str(store), "--today", "2025-01-20", "--lang", "en"]) == 0
    capsys.readouterr()
    code = main(["ingest", str(second), "--store", str(store), "--today", "2025-01-20", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 130
    assert f"stopped: {second}: nothing was stored" in err and "tokenizing" not in err
    # Both in one command: one batch (store/bulk.py), stored whole or not at all: nothing of it was stored.
    other = tmp_path / "other.duckdb"
    code = main(["ingest", str(first), str(second), "--store", str(other), "--today", "2025-01-20", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 130
    assert "stopped: none of the 2 files was stored; the store and its archive are as before" in err
    assert "tokenizing" not in err


def test_duckdbs_query_interrupted_is_a_stop_not_a_bug(tmp_path, monkeypatch, capsys, small_store):
    import duckdb

    from tipmonitor.store import database

    def interrupted(*args, **kwargs):
        raise duckdb.InterruptException("INTERRUPT Error: Interrupted!")

    monkeypatch.setattr(database, "_check_with_current", interrupted)
    cases = tmp_path / "002_2024-Q4_b.csv"
    cases.write_text("case_id,unit,initiated_date\nVA1,002,2024-10-20\nVA2,002,2024-11-20\n", encoding="utf-8")
    code = main(["validate", str(cases), "--store", str(small_store), "--today", "2025-01-20", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 130 and "stopped" in err and "interrupted (Ctrl-C); this command stored no file" in err


def test_archive_refuses_a_store_that_check_finds_damaged(tmp_path, small_store, capsys):
    # The store's file cut short (as a full disk or a bad copy leaves it): check says damaged, archive refuses.
    shutil.rmtree(small_store.with_name("s.archive"), ignore_errors=True)
    size = small_store.stat().st_size
    with small_store.open("r+b") as handle:
        handle.truncate(size * 3 // 4)
    assert main(["check", "--store", str(small_store), "--lang", "en"]) == 1
    checked = capsys.readouterr().err
    assert "damaged" in checked or "cannot be opened" in checked, checked
    assert main(["archive", "--store", str(small_store), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "not archived: the store" in err and not list(small_store.parent.glob("s.archive/*"))
