"""The parts of an official register that are not records: signature blocks, notes, column numbers.

Units' workbooks end with a signature block ("Nơi nhận:", "Hà Nội, ngày ... tháng ... năm ...",
"NGƯỜI LẬP BIỂU", "TRƯỞNG CÔNG AN QUẬN" and the signatories' names below them), carry notes
("Ghi chú: ...") and a row of column numbers "(1) (2) (3)" under the header. Every reader path
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


def not_records(body: pd.DataFrame, rows: np.ndarray, skip_patterns=None) -> tuple[np.ndarray, list[dict]]:
    """Which body rows are not records, and why (row, why): "signature" (the block and all below
    it), "note", "column_numbers", "pattern" (a mapping's ``skip_rows``)."""
    skip = np.zeros(len(body), dtype=bool)
    notes: list[dict] = []
    signed = False
    for i, cells in enumerate(body.itertuples(index=False, name=None)):
        filled = [str(c) for c in cells if c]
        why = None
        if signed or any(_opens_signature(c) for c in filled):
            signed, why = True, "signature"
        elif len(filled) == 1 and _NOTES.match(match_key(filled[0])):
            why = "note"
        elif i == 0 and _column_numbers(list(cells)):
            why = "column_numbers"
        elif filled and skip_patterns is not None and skip_patterns(filled[0]):
            why = "pattern"
        if why:
            skip[i] = True
            notes.append({"row": int(rows[i]), "why": why})
    return skip, notes
