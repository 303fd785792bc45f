"""Personal data in cell values: identity numbers and phone numbers, found by their shape.

Column names are checked in loading.py (schema.PII_HEADERS); this catches what a
column name hides: a CCCD typed into a victim's code, a phone number in a notes
column. A value is suspect when it holds a run of digits (spaces, dots or dashes
allowed between them) that reads as

- a Vietnamese phone number: 0 and 9 or 10 more digits, or +84/84 and 9 or 10 digits;
- an identity number: 9 digits (old CMND) or 12 digits (CCCD); a phone number typed
  into Excel as a number loses its leading 0 and lands here too.

Numbers written with thousands separators (100.000.000) and dates are not runs of
this kind. The suspect value itself is never repeated in a message.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_RUN = re.compile(r"(?<![\w+])\+?\d(?:[ .]?\d){7,13}(?![\w])")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_DATE_LIKE = re.compile(r"\d{1,4}[.\-/]\d{1,2}[.\-/]\d{1,4}")

PHONE = "phone number"
IDENTITY = "identity number"


def classify(value: str) -> str | None:
    """PHONE, IDENTITY or None for one cell's text."""
    if not value or sum(c.isdigit() for c in value) < 9:
        return None
    for match in _RUN.finditer(value):
        token = match.group(0)
        if _GROUPED_NUMBER.fullmatch(token) or _DATE_LIKE.fullmatch(token):
            continue
        digits = re.sub(r"\D", "", token)
        if (digits.startswith("0") and len(digits) in (10, 11)) or (digits.startswith("84") and len(digits) in (11, 12)):
            return PHONE
        if len(digits) in (9, 12):
            return IDENTITY
    return None


def scan(texts: pd.Series) -> pd.Series:
    """Per cell, what personal data its value looks like (None where nothing): each distinct value once."""
    codes, unique = pd.factorize(texts.astype(str).to_numpy())
    kinds = np.array([classify(v) for v in unique] + [None], dtype=object)  # code -1 (missing) takes the last
    return pd.Series(kinds[codes], index=texts.index)
