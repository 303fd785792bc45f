"""Numbers as official reports print them.

Rates are percentages with two decimals, rounded half up (2,437/2,829 = 86.14%),
computed in integers so no binary rounding creeps in. Vietnamese writes "86,14%"
and "2.437"; English "86.14%" and "2,437".
"""

from __future__ import annotations

import math

import pandas as pd

from tipmonitor.core import words

_NA = pd.NA


def basis_points(numerator: int, denominator: int, decimals: int = 2) -> int:
    """The rate in units of 10^-decimals percent, rounded half up: 2437/2829 -> 8614."""
    scale = 100 * 10 ** decimals
    return (2 * numerator * scale + denominator) // (2 * denominator)


def format_count(value: float | int | None, lang: str = "vi") -> str:
    """A count: '1.243' (vi) or '1,243' (en); '–' when there is none (None, NaN, NA). One that is not whole (a
    baseline estimated from a share of a former unit's count) keeps two decimals, '2,5' (format_decimal): 2.5 is
    never cut to '2' (2.004 reads '2': two places)."""
    if value is None or words.is_missing(value):
        return "–"
    if float(value).is_integer():
        return words.grouped(int(value), lang)
    return format_decimal(value, lang, decimals=2)


def format_decimal(value: float | int | None, lang: str = "vi", decimals: int = 1) -> str:
    """A figure that need not be whole (a median of counts): '2,5' (vi) or '2.5' (en); a whole one without
    decimals ('4', never '4.0'); '–' when there is none."""
    if value is None or _missing(value):
        return "–"
    scaled = round(float(value) * 10 ** decimals)
    whole, fraction = divmod(abs(scaled), 10 ** decimals)
    text = ("-" if scaled < 0 else "") + words.grouped(whole, lang)
    return text + (words.say("number.decimal", lang) + f"{fraction:0{decimals}d}".rstrip("0") if fraction else "")


def format_rate(numerator: float | int | None, denominator: float | int | None, lang: str = "vi",
                decimals: int = 2) -> str:
    """'86,14%' (vi) or '86.14%' (en); '–' where the denominator is 0 or unknown."""
    if numerator is None or denominator is None or _missing(numerator) or _missing(denominator) or denominator == 0:
        return "–"
    return format_basis_points(basis_points(int(numerator), int(denominator), decimals), lang, decimals)


def format_basis_points(units: int, lang: str = "vi", decimals: int = 2) -> str:
    """A rate already rounded to units of 10^-decimals percent (8614 -> '86,14%')."""
    whole, fraction = divmod(units, 10 ** decimals)
    sep = words.say("number.decimal", lang)
    text = words.grouped(whole, lang) + (sep + f"{fraction:0{decimals}d}" if decimals else "")
    return text + "%"


def format_points(points: float | None, lang: str = "vi") -> str:
    """A change in percentage points with its sign: '+3,50 điểm %' / '+3.50 pp'."""
    if points is None or _missing(points):
        return "–"
    hundredths = math.floor(abs(points) * 100 + 0.5)
    sign = "+" if points > 0 else ("−" if points < 0 else "±")
    whole, fraction = divmod(hundredths, 100)
    number = f"{sign}{words.grouped(whole, lang)}{words.say('number.decimal', lang)}{fraction:02d}"
    return words.say("number.points", lang, number=number)


def format_fraction(numerator: float | int | None, denominator: float | int | None, lang: str = "vi") -> str:
    """'2.437/2.829' (vi) or '2,437/2,829' (en); one '–' where there is no figure.

    No figure means a count the unit did not send, or a denominator of 0: never '–/–',
    '0/0' or '0/–' (docs/indicators.md, "Missing data"); the note says which it was.
    """
    if format_rate(numerator, denominator, lang) == "–":
        return "–"
    return f"{format_count(numerator, lang)}/{format_count(denominator, lang)}"


WITHHELD_MARK = "*"  # a figure withheld from a public report (disclosure.py)
NOT_REPORTED_MARK = "–"  # a count nobody reported (never the withheld mark: the two say different things)


def format_below(threshold: int) -> str:
    """A count a public report withholds because it is under the threshold: "<10"."""
    return f"<{threshold}"


def format_needed(value, lang: str = "vi", threshold: int | None = None) -> str:
    """Items still needed; on a public report one withheld with its rate reads "*" (never "<10": the number
    withheld may be any size, issue #26)."""
    if threshold is not None and (value is None or value is _NA or _missing(value)):
        return WITHHELD_MARK
    if value is _NA:
        return "–"
    return format_count(value, lang)


def _missing(value: float | int) -> bool:
    return isinstance(value, float) and math.isnan(value)
