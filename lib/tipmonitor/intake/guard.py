"""The guard over raw cells, before any parsing: what must not be read further.

A cell is refused, with a located problem that never repeats its value, when it is

- longer than the limits (limits.py): any cell, and an id, which is a short code;
- shaped like personal data (privacy.py): identity or phone numbers, in any column but counts and dates;
- text a spreadsheet would run as a formula (core/formulas.py), in any column but counts and dates;
- in an id column (a record's own id, or a link to a case), a person's name (words separated by
  spaces), or anything else that is not a code of letters, digits and - _ / .

A file with any such cell is read no further: nothing of it reaches the store.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from tipmonitor.core import words
from tipmonitor.core.formulas import looks_like_formula
from tipmonitor.intake import limits
from tipmonitor.intake.privacy import IDENTITY, PHONE, classify

ID_KINDS = ("id", "ref")
PARSED_KINDS = ("date", "int")  # parsed strictly by loading.py: their own problems name a bad value
_CODE = re.compile(r"[\w\-/.]+")
NAME = "name"
# What a refused cell looks like (privacy.py's kinds, and a name in an id column): catalogue keys.
_PERSONAL_DATA = {PHONE: "pii.phone", IDENTITY: "pii.identity", NAME: "pii.name"}


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
    personal = classify(value)
    if personal:
        return "pii_value", {"what": personal_data(personal)}
    if looks_like_formula(value):
        return "formula_text", {"first": value[0]}
    if is_id and not _CODE.fullmatch(value):
        parts = value.split()
        if len(parts) > 1 and all(part.isalpha() for part in parts):
            return "pii_value", {"what": personal_data(NAME)}
        return "id_not_code", {}
    return None


def scan_column(texts: pd.Series, kind: str | None) -> list[tuple[int, str, dict]]:
    """(position, key, values) for every refused cell of a column; each distinct value judged once."""
    codes, unique = pd.factorize(texts.astype(str).to_numpy())
    found = []
    for code, value in enumerate(unique):
        problem = cell_problem(value, kind)
        if problem:
            found += [(int(p), *problem) for p in np.flatnonzero(codes == code)]
    return found
