"""Personal data in cell values: identity numbers and phone numbers, found by their shape.

Column names are checked in loading.py (schema.PII_HEADERS); this catches what a
column name hides: a CCCD typed into a victim's code, a phone number in a notes
column. A value is suspect when it holds a run of digits (spaces or dots allowed between
them; dashes between groups of 2-4 digits when the run is not the tail of a code such as
TB-002-123456) that reads as

- a Vietnamese phone number: 0 and 9 or 10 more digits, or +84/84 and 9 or 10 digits;
- an identity number: 9 digits (old CMND) or 12 digits (CCCD); a phone number typed
  into Excel as a number loses its leading 0 and lands here too.

Numbers written with thousands separators (100.000.000) and dates are not runs of
this kind. The suspect value itself is never repeated in a message.

``may_be_personal`` screens a whole column at once, so that ``classify`` is asked only about the
few cells that could be either.
"""

from __future__ import annotations

import re

# An underscore separates like a dash or a space (TB_001203004567 hides a CCCD); a letter or digit does not.
_RUN = re.compile(r"(?<![^\W_]|\+)\+?\d(?:[ .]?\d){7,13}(?![^\W_])")
# Groups joined by dashes (001-203-004-567, 090-123-4567), standing alone: not the tail of a
# code such as TB-002-123456, whose prefix a dash joins.
_DASHED = re.compile(r"(?<![\w+\-])\+?\d{2,4}(?:-\d{2,4}){2,4}(?![\w\-])")
# A number with thousands separators (100.000.000); an identity number never starts its
# groups like that (001.203.004.567 starts with 0).
_GROUPED_NUMBER = re.compile(r"[1-9]\d{0,2}(?:[.,]\d{3})+")
_DATE_LIKE = re.compile(r"\d{1,4}[.\-/]\d{1,2}[.\-/]\d{1,4}")

PHONE = "phone number"
IDENTITY = "identity number"


def classify(value: str) -> str | None:
    """PHONE, IDENTITY or None for one cell's text."""
    if not value or sum(c.isdigit() for c in value) < 9:
        return None
    for match in [*_RUN.finditer(value), *_DASHED.finditer(value)]:
        token = match.group(0)
        if _GROUPED_NUMBER.fullmatch(token) or _DATE_LIKE.fullmatch(token):
            continue
        digits = re.sub(r"\D", "", token)
        if (digits.startswith("0") and len(digits) in (10, 11)) or (digits.startswith("84") and len(digits) in (11, 12)):
            return PHONE
        if len(digits) in (9, 12):
            return IDENTITY
    return None



# Every match of _RUN holds eight digits with at most one space or dot between two of them, and every
# match of _DASHED three dash-joined groups: in ASCII text (where \d is [0-9]) a cell with neither
# cannot be classified. Arrow's RE2 has no look-arounds, so these are the patterns without them.
_RUN_CORE = r"[0-9](?:[ .]?[0-9]){7}"
_DASHED_CORE = r"[0-9]{2,4}-[0-9]{2,4}-[0-9]{2,4}"


def may_be_personal(values):
    """For each cell of an Arrow string array, False where ``classify`` is sure to say None.

    Cells that are not ASCII are always True (Python's \\d and isdigit take in other scripts' digits).
    """
    import numpy as np
    import pyarrow.compute as pc

    ascii_ = pc.fill_null(pc.string_is_ascii(values), True)
    shaped = pc.or_(pc.match_substring_regex(values, _RUN_CORE), pc.match_substring_regex(values, _DASHED_CORE))
    return np.asarray(pc.fill_null(pc.or_(pc.invert(ascii_), shaped), False), dtype=bool)
