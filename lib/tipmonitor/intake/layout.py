"""The parts of an official register that are not records: signature blocks, notes, column numbers.

Units' workbooks end with a signature block ("Nơi nhận:", "Hà Nội, ngày ... tháng ... năm ...",
"NGƯỜI LẬP BIỂU", "TRƯỞNG CÔNG AN QUẬN" and the signatories' names below them), carry notes
("Ghi chú: ..."), a row of column numbers "(1) (2) (3)" under the header, and section rows that group the
records ("I. Vụ án kỳ trước chuyển sang", "II", "A. Thụ lý mới": a roman numeral or a capital letter, alone or
with a title, and nothing else on the row). Every reader path
asks ``not_records`` which rows of a sheet's body are such lines: they are left out and listed
with the reason, never read as records and never reported as errors. Letterheads sit above the
header row and are passed over by the header search (loading.py).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from tipmonitor.core.text import match_key

# Keys (core/text.match_key) of cells that open a signature block.
_PLACE_DATE = re.compile(r"(^|_)ngay(_[\w.]*)?_thang(_[\w.]*)?_nam(_|$)")
_OPENERS = re.compile(r"^(noi_nhan|nguoi_lap(_bieu)?|can_bo_lap(_bieu)?|nguoi_ky|xac_nhan_cua|lanh_dao_don_vi)(_|$)")
# Offices signing in capitals: TRƯỞNG CÔNG AN QUẬN, KT. VIỆN TRƯỞNG, THỦ TRƯỞNG ĐƠN VỊ, CHÁNH ÁN...
_OFFICES = re.compile(r"^((kt|tl|tm|tuq)_)?(pho_)?(truong|thu_truong|vien_truong|chanh_an|giam_doc|chu_tich|"
                      r"doi_truong|chi_huy_truong|truong_phong|truong_cong_an)(_|$)")
_NOTES = re.compile(r"^(ghi_chu|chu_thich|luu_y|note)(_|$)")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_SECTION = re.compile(r"^(?:[IVX]{1,5}|[A-Z])(?:[.)]|\s*$|[.)]?\s+\S)")


def _opens_signature(cell: str) -> bool:
    key = match_key(cell)
    if not key:
        return False
    if _PLACE_DATE.search(key) or _OPENERS.match(key):
        return True
    letters = [ch for ch in cell if ch.isalpha()]
    return bool(letters) and cell.upper() == cell and bool(_OFFICES.match(key))


def _column_numbers(cells: list[str]) -> bool:
    filled = [str(c) for c in cells if c]
    if len(filled) < 3 or not all(_COLUMN_NUMBER.match(c) for c in filled):
        return False
    numbers = [int(c.strip("()")) for c in filled]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _flagged(column: pd.Series, test, worded_only: bool = True) -> np.ndarray:
    """Rows whose cell passes ``test``, asking once per distinct value; ``worded_only`` asks only
    values with a space or a colon (a column of 10^6 ids is asked nothing: every line this module
    looks for has one)."""
    codes, uniques = pd.factorize(column, sort=False)
    worded = pd.Series(uniques, dtype=str)
    candidates = (worded.str.contains(r"[\s:]", regex=True) if worded_only else worded != "").to_numpy()
    hit = np.zeros(len(uniques) + 1, dtype=bool)
    hit[:-1][candidates] = [test(v) for v in worded[candidates]]
    return hit[codes]


def not_records(body: pd.DataFrame, rows: np.ndarray, skip_patterns=None,
                parts: np.ndarray | None = None) -> tuple[np.ndarray, list[dict]]:
    """Which body rows are not records, and why (row, why, part): "signature" (the block and all below
    it), "note", "column_numbers", "section" (a section row: I, II, A, B), "pattern" (a mapping's
    ``skip_rows``). ``parts`` tells apart the sheets of a body read together (each sheet's rows in one run,
    in order): a signature block ends its own sheet, column numbers sit under its own header."""
    n = len(body)
    alone, parts = parts is None, np.zeros(n, dtype=np.int64) if parts is None else np.asarray(parts)
    why = np.full(n, "", dtype=object)
    if not n:
        return np.zeros(0, dtype=bool), []
    filled = (body != "").to_numpy()
    opens = np.zeros(n, dtype=bool)
    for i in range(body.shape[1]):
        opens |= _flagged(body.iloc[:, i], _opens_signature)
    single = filled.sum(axis=1) == 1
    if single.any():
        first = body.to_numpy()[single, filled[single].argmax(axis=1)]
        why[np.flatnonzero(single)[[bool(_NOTES.match(match_key(c))) for c in first]]] = "note"
    if single.any() or (filled.sum(axis=1) == 2).any():
        two = filled.sum(axis=1) <= 2
        cells = body.to_numpy()
        for r in np.flatnonzero(two & (why == "")):
            first = str(cells[r, filled[r].argmax()])
            if _SECTION.match(first) and (filled[r].sum() == 1 or not any(ch.isdigit() for ch in first)):
                why[r] = "section"
    if skip_patterns is not None:
        firsts = pd.Series(body.to_numpy()[np.arange(n), filled.argmax(axis=1)], dtype=str)
        why[_flagged(firsts, skip_patterns, worded_only=False) & (why == "")] = "pattern"
    starts = np.flatnonzero(np.r_[True, parts[1:] != parts[:-1]])
    ends = np.r_[starts[1:], n]
    first_rows = body.iloc[starts].to_numpy()  # each sheet's first row only
    for first, start, end in zip(first_rows, starts, ends):
        if _column_numbers(list(first)):
            why[start] = "column_numbers"
        opened = np.flatnonzero(opens[start:end])
        if len(opened):
            why[start + int(opened[0]):end] = "signature"
    skip = why != ""
    return skip, [{"row": int(rows[i]), "why": why[i], **({} if alone else {"part": int(parts[i])})}
                  for i in np.flatnonzero(skip)]


def rows_of_data(cells: pd.DataFrame) -> int:
    """How many rows of a sheet hold two values or more and are not a signature, a note or column
    numbers: what a sheet whose header row cannot be found would lose if it were passed over."""
    filled = np.flatnonzero((cells != "").sum(axis=1).to_numpy() >= 2)
    skip, _ = not_records(cells.iloc[filled], filled)
    return int((~skip).sum())
