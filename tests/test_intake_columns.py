"""The column-at-a-time intake (issue #18) against the cell-by-cell definitions it replaces.

Each fast function must give, for any column, exactly what the one-value function gives cell by
cell: ``match_keys``/``strip_all`` against ``match_key``/``str.strip``, the guard's ``scan_column``
against ``cell_problem`` on every cell, and the skipped rows (totals lines, template examples)
against the row-by-row rule loading.py applied before. The generated text mixes ASCII (Arrow's
path) with Vietnamese, other scripts' digits and Unicode spaces (Python's path).
"""

import numpy as np
import pandas as pd
import pytest
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tipmonitor.core.text import match_key, match_keys, strip_all
from tipmonitor.intake.guard import cell_problem, scan_column
from tipmonitor.intake.loading import _EXAMPLE_PREFIXES, _TOTAL_KEYS, _skipped_rows

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Cells near every edge of the rules: personal-data shapes with and without separators, codes whose
# tails look like numbers, formula starts, names in id columns, other scripts' digits, odd spaces.
SHAPED = st.sampled_from([
    "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678", "001203004567", "001-203-004-567",
    "090-123-4567", "TB-002-123456", "TB_001203004567", "VA-002-20230001", "100.000.000", "14/03/2023",
    "2023-03-14", "=1+1", "+84", "-5", "-", "@x", "\tx", "Nguyễn Văn A", "Tran Thi B", "NN 002 1", "TB1",
    "٠٩١٢٣٤٥٦٧٨", "０９１２３４５６７８", "１２３４５６７８９", "x" * 65, "y" * 1001, "", " ", "\u00a0", "\u3000x\u2003",
    "\x1cTB1\x1f", "Tổng cộng", "TỔNG CỘNG", "  tong   so ", "Grand total", "VÍ DỤ", "ví dụ 1", "Vi-du", "vd_1", "VD:",
    "Example", "EXAMPLES 2", "vd", "ví", "Cộng", "total 2", "ĐƠN VỊ", "e", "vi du", "ｖｉ ｄｕ",
])
TEXT = st.one_of(SHAPED, st.text(max_size=20), st.text(st.characters(max_codepoint=127), max_size=20),
                 st.lists(SHAPED, min_size=1, max_size=3).map(" ".join))
COLUMNS = st.lists(TEXT, max_size=30)


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
@SETTINGS
@given(COLUMNS)
def test_match_keys_and_strip_all_are_match_key_and_strip_cell_by_cell(cells):
    array = pa.array(cells, type=pa.large_string())
    assert match_keys(array).to_pylist() == [match_key(c) for c in cells]
    assert strip_all(array).to_pylist() == [c.strip() for c in cells]


def test_nulls_become_empty_keys_and_stay_null_when_stripped():
    array = pa.array(["a", None, "Ô "], type=pa.large_string())
    assert match_keys(array).to_pylist() == ["a", "", "o"]
    assert strip_all(array).to_pylist() == ["a", None, "Ô"]


def _scan_cell_by_cell(cells: list[str], kind):
    """The guard's scan as it was before the screen: every distinct value judged, in order of first sight."""
    codes, unique = pd.factorize(np.array(cells, dtype=object))
    found = []
    for code, value in enumerate(unique):
        problem = cell_problem(value, kind)
        if problem:
            found += [(int(p), *problem) for p in np.flatnonzero(codes == code)]
    return found


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
@SETTINGS
@given(COLUMNS, st.sampled_from([None, "id", "ref", "text", "choice", "unit", "date", "int"]))
def test_the_guards_screen_never_clears_a_cell_the_guard_refuses(cells, kind):
    assert scan_column(pd.Series(cells, dtype=str), kind) == _scan_cell_by_cell(cells, kind)


def test_the_screen_finds_each_kind_of_refused_cell_at_its_row():
    # Worked by hand from guard.py's rules: positions 1 (a CCCD, 12 digits), 2 (a phone number with
    # spaces), 4 (formula-like), 5 (a name in an id column) and 6 (nine Arabic-Indic digits, an old
    # CMND's length, seen only by Python's \d) are refused; 0 and 3 are codes.
    cells = ["TB-002-1", "001203004567", "0912 345 678", "TB-002-123456", "=1+1", "Tran Thi B", "١٢٣٤٥٦٧٨٩"]
    found = [(row, key) for row, key, _ in scan_column(pd.Series(cells, dtype=str), "id")]
    assert found == [(1, "pii_value"), (2, "pii_value"), (4, "formula_text"), (5, "pii_value"), (6, "pii_value")]


def _skipped_row_by_row(body: pd.DataFrame, rows: np.ndarray):
    """The rule as loading.py applied it before, one row at a time."""
    notes = []
    for i in range(len(body)):
        cells = list(body.iloc[i])
        first = next((c for c in cells if c), "")
        if match_key(first).replace("_", " ") in _TOTAL_KEYS:
            notes.append({"row": int(rows[i]), "why": "totals"})
        elif any(match_key(c).startswith(_EXAMPLE_PREFIXES) for c in cells if c):
            notes.append({"row": int(rows[i]), "why": "example"})
    return notes


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
@SETTINGS
@given(st.lists(st.lists(TEXT, min_size=3, max_size=3), min_size=1, max_size=15))
def test_skipped_rows_are_the_rows_the_row_by_row_rule_skips(table):
    body = pd.DataFrame(table, dtype=str)
    rows = np.arange(len(body)) + 2
    skip, notes = _skipped_rows(body, rows)
    expected = _skipped_row_by_row(body, rows)
    # Totals lines and examples as the row-by-row rule found them; the other rows left out are layout.py's (a
    # signature, a note, a section row "I." or "A" that random text can make: tests/test_unit_workbooks.py tests them).
    assert [n for n in notes if n["why"] in ("totals", "example")] == expected
    layout = {n["row"] for n in notes if n["why"] not in ("totals", "example")}
    assert sorted(set(np.flatnonzero(skip) + 2) - layout) == [n["row"] for n in expected]


def test_a_totals_line_and_an_example_row_are_skipped_and_named():
    # Row 2 is a record; row 3's first filled cell is "Tổng cộng" (key "tong cong", a totals line, even
    # after an empty cell); row 4 has "VÍ DỤ" in its last cell (key "vi_du": an example); row 5's
    # "Tổng 2" is not a totals key ("tong 2"), nor "vd" an example ("vd" lacks the "vd_" prefix).
    body = pd.DataFrame([["TB-002-1", "002", "x"], ["", "Tổng cộng", "12"], ["TB-002-2", "002", "VÍ DỤ"],
                         ["Tổng 2", "vd", ""]], dtype=str)
    skip, notes = _skipped_rows(body, np.array([2, 3, 4, 5]))
    assert notes == [{"row": 3, "why": "totals"}, {"row": 4, "why": "example"}]
    assert skip.tolist() == [False, True, True, False]
