"""Text a spreadsheet would run as a formula: refused at intake, neutralised in every file written.

A cell starting with = + - @, a tab or a carriage return is taken by Excel and LibreOffice
as a formula when a CSV is opened (`=cmd|' /C calc'!A0` starts a program, `=HYPERLINK(...)`
sends data away). Intake refuses such text cells; every CSV and workbook the product writes
passes its text through ``neutralise`` (the OWASP rule: a single quote in front), since data
may reach the store by other ways. A plain signed number ("-5", "+84") and a lone "-" are
not formulas and stay as they are.
"""

from __future__ import annotations

import re

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN = re.compile(r"[+-]?\d+(?:[.,]\d+)?|-")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) and not _PLAIN.fullmatch(text)


def neutralise(value):
    """The value, with a single quote in front if it is text a spreadsheet would run."""
    return "'" + value if isinstance(value, str) and looks_like_formula(value) else value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame whose text columns are neutralised; numbers and dates untouched."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or isinstance(out[column].dtype, (pd.StringDtype, pd.CategoricalDtype)):
            out[column] = out[column].map(neutralise, na_action="ignore")
    return out
