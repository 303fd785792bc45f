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
