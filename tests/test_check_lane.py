"""`make check` runs no process (README): a test not marked slow that starts one fails (conftest.py)."""

from pathlib import Path

pytest_plugins = ["pytester"]


def test_a_test_not_marked_slow_that_starts_a_process_fails_even_when_the_error_is_caught(pytester):
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    slow: runs notebooks or subprocesses\n")
    pytester.makepyfile(test_inner='''
import subprocess
import sys

import pytest


def test_quick_but_starts_a_process():
    try:
        subprocess.run([sys.executable, "-c", "pass"])
    except Exception:
        pass  # the code under test swallows the error: the test fails all the same


def test_quick_and_in_process():
    assert sum([1, 2]) == 3


@pytest.mark.slow
def test_marked_slow_is_not_watched():
    assert sum([1, 2]) == 3
''')
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*a subprocess was started by a test not marked slow*"])


def test_make_tests_workers_get_a_module_whole_but_each_long_test_alone():
    # conftest.py's scheduler: a test of ALONE is a work unit of its own; every other test goes with its module.
    from types import SimpleNamespace

    import conftest

    config = SimpleNamespace(getvalue=lambda name: "loadscope", option=SimpleNamespace(loadscopereorder=False))
    scheduler = conftest.pytest_xdist_make_scheduler(config, log=None)
    audit = "tests/test_audit.py::test_each_sample_year_passes_the_audit_and_a_leak_by_subtraction_fails_it"
    assert f"test_audit.py::{audit.split('::')[1]}[2024]" in conftest.ALONE
    assert scheduler._split_scope(f"{audit}[2024]") == f"{audit}[2024]"
    assert scheduler._split_scope(f"{audit}[2025]") == f"{audit}[2025]"
    assert scheduler._split_scope("tests/test_audit.py::test_a_rates_complement_is_a_protected_count") == "tests/test_audit.py"
    assert scheduler._split_scope("tests/test_words.py::test_x[a/b]") == "tests/test_words.py"
    other = SimpleNamespace(getvalue=lambda name: "load")
    assert conftest.pytest_xdist_make_scheduler(other, log=None) is None  # other ways are pytest-xdist's own
