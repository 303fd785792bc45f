"""The guard over raw cells, before any parsing: what must not be read further.

A cell is refused, with a located problem that never repeats its value, when it is

- longer than the limits (limits.py): any cell, and an id, which is a short code;
- shaped like personal data (privacy.py): identity, phone or passport numbers, in any column but counts
  and dates; a person's name (names.py), in any column but counts, dates and ids;
- text a spreadsheet would run as a formula (core/formulas.py), in any column but counts and dates;
- holding a control character other than tab and line breaks (pasted from Word: its vertical tab, a line
  break, is made a line feed first), in any column but counts and dates;
- in an id column (a record's own id, or a link to a case), a person's name (words separated by
  spaces), or anything else that is not a code of letters, digits and - _ / .

A file with any such cell is read no further: nothing of it reaches the store.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from tipmonitor.core import words
from tipmonitor.core.formulas import FORMULA_STARTS, looks_like_formula
from tipmonitor.intake import limits
from tipmonitor.intake.names import names_a_person
from tipmonitor.intake.privacy import IDENTITY, PASSPORT, PHONE, classify, may_be_personal

ID_KINDS = ("id", "ref")
PARSED_KINDS = ("date", "int")  # parsed strictly by loading.py: their own problems name a bad value
_CODE = re.compile(r"[\w\-/.]+")
# Control characters a cell may not hold: all but tab, line feed and carriage return (a vertical tab is made a
# line break before the guard looks: loading.line_breaks). XML cannot hold them; a .docx would lose text.
CONTROL_PATTERN = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]"
CONTROL = re.compile(CONTROL_PATTERN)
NAME = "name"
NAME_IN_ID = "name in an id"
# What a refused cell looks like (privacy.py's kinds, a name, a name in an id column): catalogue keys.
_PERSONAL_DATA = {PHONE: "pii.phone", IDENTITY: "pii.identity", PASSPORT: "pii.passport", NAME: "pii.name",
                  NAME_IN_ID: "pii.name_in_id"}


def personal_data(kind: str) -> dict[str, str]:
    """What a cell of this kind looks like, in every language (the problem is rendered later)."""
    return words.each(lambda lang: words.say(_PERSONAL_DATA[kind], lang))


def cell_problem(value: str, kind: str | None) -> tuple[str, dict] | None:
    """(message key, values) for one cell's text in a column of this kind (None: not a known column)."""
    is_id = kind in ID_KINDS
    limit = limits.ID_CHARACTERS if is_id else limits.PROSE_CHARACTERS if kind == "prose" else limits.CELL_CHARACTERS
    if len(value) > limit:
        return ("id_too_long" if is_id else "cell_too_long"), {"length": f"{len(value):,}", "limit": f"{limit:,}"}
    if kind in PARSED_KINDS or not value:
        return None
    personal = classify(value) or (NAME if not is_id and names_a_person(value) else None)
    if personal:
        return "pii_value", {"what": personal_data(personal)}
    control = CONTROL.search(value)
    if control:
        return "control_character", {"code": f"U+{ord(control.group(0)):04X}"}
    if looks_like_formula(value):
        return "formula_text", {"first": value[0]}
    if is_id and not _CODE.fullmatch(value):
        parts = value.split()
        if len(parts) > 1 and all(part.isalpha() for part in parts):
            return "pii_value", {"what": personal_data(NAME_IN_ID)}
        return "id_not_code", {}
    return None


def _may_be_refused(values, kind: str | None) -> np.ndarray:
    """For each distinct cell (an Arrow string array), False where ``cell_problem`` is sure to say None:
    the column-wide screen that spares asking about each of 10^6 ids one by one."""
    import pyarrow.compute as pc

    is_id = kind in ID_KINDS
    limit = limits.ID_CHARACTERS if is_id else limits.CELL_CHARACTERS
    suspect = np.asarray(pc.fill_null(pc.greater(pc.utf8_length(values), limit), False), dtype=bool)
    if kind in PARSED_KINDS:
        return suspect
    filled = np.asarray(pc.fill_null(pc.not_equal(values, ""), False), dtype=bool)
    suspect |= np.asarray(pc.fill_null(pc.match_substring_regex(values, CONTROL_PATTERN), False), dtype=bool)
    suspect |= filled & may_be_personal(values, names=not is_id)
    for start in FORMULA_STARTS:
        suspect |= np.asarray(pc.fill_null(pc.starts_with(values, start), False), dtype=bool)
    if is_id:  # in ASCII text Python's \w is [A-Za-z0-9_]; other text is looked at one by one
        code = pc.and_(pc.string_is_ascii(values), pc.match_substring_regex(values, r"^[A-Za-z0-9_\-/.]+$"))
        suspect |= filled & ~np.asarray(pc.fill_null(code, False), dtype=bool)
    return suspect


def scan_column(texts: pd.Series, kind: str | None) -> list[tuple[int, str, dict]]:
    """(position, key, values) for every refused cell of a column; each distinct value judged once.

    The column is screened first (``_may_be_refused``); only the cells it cannot clear are judged.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    cells = pa.array(texts.astype(str), type=pa.large_string(), from_pandas=True)
    screened = np.flatnonzero(_may_be_refused(cells, kind))
    if not len(screened):
        return []
    codes, unique = pd.factorize(np.array(pc.take(cells, screened).to_pylist(), dtype=object))
    problems = {}
    for code, value in enumerate(unique):
        problem = cell_problem(value, kind)
        if problem:
            problems[code] = problem
    if not problems:
        return []
    hit = np.flatnonzero(np.isin(codes, list(problems)))
    hit = hit[np.argsort(codes[hit], kind="stable")]  # value by value, as first seen
    return [(int(screened[p]), *problems[codes[p]]) for p in hit]
