"""How much a submission may hold: the sizes a workbook may unpack to, and the length of a cell.

Every limit of the intake lives here (docs/security.md, "Limits", quotes them). A workbook
is a zip archive: its parts are checked against these sizes, as the archive declares them,
before any part is unpacked (Python's zipfile never unpacks more than a part declares).
"""

from __future__ import annotations

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
ID_CHARACTERS = 64

# Aggregate counts are taken for periods from this many years before the city's baseline
# year up to the period under way (ingest --allow-period-outside lifts it).
PERIOD_YEARS_BEFORE_BASELINE = 5
