"""Personal data in cell values: identity, phone and passport numbers by their shape; names (names.py).

Column names are checked in loading.py (schema.PII_HEADERS); this catches what a
column name hides: a CCCD typed into a victim's code, a phone number in a notes
column. A value is suspect when it holds a run of digits (any run of spaces, tabs or dots between
them; any run of separators, dashes, slashes and underscores too, between groups of 2-6 digits when
the run is not the tail of a code such as TB-002-123456, and holds no date) that reads as

- a Vietnamese phone number: 0 and 9 or 10 more digits, or +84/84 and 9 or 10 digits;
- an identity number: 9 digits (old CMND) or 12 digits (CCCD); a phone number typed
  into Excel as a number loses its leading 0 and lands here too.

A passport number is one of the letters B, C, N or P, any run of separators and 7 digits (C1234567,
"B 1234567", "C-1234567"), standing alone: not inside a word or a longer code (VA2023123). Ids are codes, but the schema's and the
template's codes have a prefix and dashes (TB-002-00001), so a bare C1234567 as a victim's code is
a passport number too.

Numbers written with thousands separators (100.000.000) and dates are not runs of
this kind. The suspect value itself is never repeated in a message.

``may_be_personal`` screens a whole column at once, so that ``classify`` is asked only about the
few cells that could be either.
"""

from __future__ import annotations

import re

# Separators people type between the groups of a number: runs of spaces, tabs, dots, slashes, dashes and
# underscores ("001  203  004  567", "001 - 203 - 004 - 567", "001/203/004/567").
_SEP = r"[ \t\u00a0./_\-]"
# An underscore separates like a dash or a space (TB_001203004567 hides a CCCD); a letter or digit does not.
# Digits joined by runs of spaces, tabs or dots (those never join a code's parts).
_RUN = re.compile(r"(?<![^\W_]|\+)\+?\d(?:[ \t\u00a0.]*\d){7,13}(?![^\W_])")
# Groups of 2-6 digits joined by runs of any separators (dashes and slashes too), standing alone: not the tail
# of a code such as TB-002-123456, whose prefix a dash joins.
_DASHED = re.compile(rf"(?<![\w+\-/.])\+?\d{{2,6}}(?:{_SEP}+\d{{2,6}}){{1,5}}(?![\w\-/])")
# A number with thousands separators (100.000.000); an identity number never starts its
# groups like that (001.203.004.567 starts with 0).
_GROUPED_NUMBER = re.compile(r"[1-9]\d{0,2}(?:[.,]\d{3})+")
_DATE_LIKE = re.compile(r"\d{1,4}[.\-/]\d{1,2}[.\-/]\d{1,4}")
# A date anywhere in a run of groups (15/03/2023, 15 / 03 / 2023, 2023-03-15): the run is dates, not a number.
_DATE_INSIDE = re.compile(r"(?<!\d)(?:\d{1,2}\s*([./\-])\s*\d{1,2}\s*\1\s*\d{2,4}|\d{4}\s*([./\-])\s*\d{1,2}\s*\2\s*\d{1,2})(?!\d)")

# An underscore, a dash or a colon separates (TB_C1234567, HC:C1234567); a letter or digit does not; after the
# letter, any run of separators (C-1234567, C 1234567, C.1234567).
_PASSPORT = re.compile(rf"(?<![^\W_])[BCNPbcnp]{_SEP}*\d{{7}}(?![^\W_])")

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
        if _GROUPED_NUMBER.fullmatch(token) or _DATE_LIKE.fullmatch(token) or _DATE_INSIDE.search(token):
            continue
        digits = re.sub(r"\D", "", token)
        if (digits.startswith("0") and len(digits) in (10, 11)) or (digits.startswith("84") and len(digits) in (11, 12)):
            return PHONE
        if len(digits) in (9, 12):
            return IDENTITY
    return None



# Every match of _RUN holds eight digits joined by runs of spaces, tabs or dots, every match of _DASHED two
# groups joined by separators, every match of _PASSPORT a letter, separators and seven digits: in ASCII text
# (where \d is [0-9]) a cell with none of them cannot be classified. Arrow's RE2 has no look-arounds, so
# these are the patterns without them.
_RUN_CORE = r"[0-9](?:[ \t.]*[0-9]){7}"
_DASHED_CORE = r"[0-9]{2,6}[ \t./_-]+[0-9]{2,6}"
_PASSPORT_CORE = r"[BCNPbcnp][ \t./_-]*[0-9]{7}"
# names.py's names are two capitalised words with only white space between them (Python's \s in ASCII), or
# a capitalised word and a middle name in lower case ("Nguyen thi Mai").
_SPACE = r"[\t\n\v\f\r\x1c-\x1f ]"
_NAME_CORE = rf"[A-Z][a-z]*{_SPACE}+(?:[A-Z]|[Tt][Hh][Ii]{_SPACE}|[Vv][Aa][Nn]{_SPACE})"


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
