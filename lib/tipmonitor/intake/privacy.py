"""Personal data in cell values: identity, phone and passport numbers by their shape; names (names.py).

Column names are checked in loading.py (schema.PII_HEADERS); this catches what a
column name hides: a CCCD typed into a victim's code, a phone number in a notes
column. A value is suspect when it holds a run of digits (spaces or dots allowed between
them; dashes between groups of 2-4 digits when the run is not the tail of a code such as
TB-002-123456) that reads as

- a Vietnamese phone number: 0 and 9 or 10 more digits, or +84/84 and 9 or 10 digits;
- an identity number: 9 digits (old CMND) or 12 digits (CCCD); a phone number typed
  into Excel as a number loses its leading 0 and lands here too.

A passport number is one of the letters B, C, N or P and 7 digits (C1234567, "B 1234567"), standing
alone: not inside a word or a longer code (VA2023123). Ids are codes, but the schema's and the
template's codes have a prefix and dashes (TB-002-00001), so a bare C1234567 as a victim's code is
a passport number too.

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

# An underscore, a dash or a colon separates (TB_C1234567, HC:C1234567); a letter or digit does not.
_PASSPORT = re.compile(r"(?<![^\W_])[BCNPbcnp] ?\d{7}(?![^\W_])")

PHONE = "phone number"
IDENTITY = "identity number"
PASSPORT = "passport number"


def classify(value: str) -> str | None:
    """PHONE, IDENTITY, PASSPORT or None for one cell's text."""
    if not value or sum(c.isdigit() for c in value) < 7:
        return None
    if _PASSPORT.search(value):
        return PASSPORT
    if sum(c.isdigit() for c in value) < 9:
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



# Every match of _RUN holds eight digits with at most one space or dot between two of them, every
# match of _DASHED three dash-joined groups, every match of _PASSPORT a letter and seven digits: in ASCII
# text (where \d is [0-9]) a cell with none of them cannot be classified. Arrow's RE2 has no
# look-arounds, so these are the patterns without them.
_RUN_CORE = r"[0-9](?:[ .]?[0-9]){7}"
_DASHED_CORE = r"[0-9]{2,4}-[0-9]{2,4}-[0-9]{2,4}"
_PASSPORT_CORE = r"[BCNPbcnp] ?[0-9]{7}"
# names.py's names are two capitalised words with only white space between them (Python's \s in ASCII).
_NAME_CORE = r"[A-Z][a-z]*[\t\n\v\f\r\x1c-\x1f ]+[A-Z]"


def may_be_personal(values, names: bool = False):
    """For each cell of an Arrow string array, False where ``classify`` is sure to say None (and
    names.py's ``names_a_person`` too, if ``names``).

    Cells that are not ASCII are always True (Python's \\d and isdigit take in other scripts' digits).
    """
    import numpy as np
    import pyarrow.compute as pc

    ascii_ = pc.fill_null(pc.string_is_ascii(values), True)
    cores = [_RUN_CORE, _DASHED_CORE, _PASSPORT_CORE, *([_NAME_CORE] if names else [])]
    shaped = pc.match_substring_regex(values, "|".join(f"(?:{core})" for core in cores))
    return np.asarray(pc.fill_null(pc.or_(pc.invert(ascii_), shaped), False), dtype=bool)
