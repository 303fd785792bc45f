"""How much a submission may hold: the sizes a workbook may unpack to, and the length of a cell.

Every limit of the intake lives here (docs/security.md, "Limits", quotes them). A workbook
is a zip archive: its parts are checked against these sizes, as the archive declares them,
before any part is unpacked (Python's zipfile never unpacks more than a part declares).
"""

from __future__ import annotations

from datetime import date

from tipmonitor.model.periods import Period

MB = 1 << 20

# A workbook: every part together, one sheet, the shared strings (all text cells of the book).
WORKBOOK_TOTAL_BYTES = 256 * MB
WORKBOOK_SHEET_BYTES = 128 * MB
WORKBOOK_SHARED_STRINGS_BYTES = 32 * MB
# A part over RATIO_FROM_BYTES unpacked may be at most this many times its packed size;
# real workbooks' XML packs 5 to 30 times, an archive built to inflate a thousand times.
WORKBOOK_RATIO = 200
RATIO_FROM_BYTES = 1 * MB

# A cell: any cell of any column, and a cell of an id column (ids are codes).
CELL_CHARACTERS = 1_000
PROSE_CHARACTERS = 5_000  # a unit's written report (unit_texts.text): a few paragraphs
ID_CHARACTERS = 64

# Aggregate counts are taken for periods from this many years before the city's baseline
# year up to the period under way (ingest --allow-period-outside lifts it).
PERIOD_YEARS_BEFORE_BASELINE = 5


def period_range(today: date) -> tuple[int, Period]:
    """The first year and the last quarter data are taken for on this day: from the city's baseline
    year minus PERIOD_YEARS_BEFORE_BASELINE to the quarter under way (the official cut-off, whose
    periods start on the 15th of the month before, so the earliest of the rules)."""
    from tipmonitor.model.city import city_config

    first_year = city_config().baseline_year - PERIOD_YEARS_BEFORE_BASELINE
    candidates = [Period(today.year, "quarter", q) for q in range(1, 5)] + [Period(today.year + 1, "quarter", 1)]
    return first_year, next(p for p in candidates if today in p.window("official"))


def period_allowed(period: Period, today: date) -> bool:
    """A period that has begun by today and does not lie before the first year."""
    first_year, _ = period_range(today)
    return period.year >= first_year and period.window("official").start <= today
