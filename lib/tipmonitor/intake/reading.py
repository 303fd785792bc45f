"""Reading submission files into raw text tables, before any interpretation.

CSV (UTF-8, with or without the BOM Excel writes; Excel date serials read as in a workbook), Excel .xlsx
(every sheet; a hidden one with content refused unless the caller asks to judge it)
and Parquet become RawSheet objects: all cells as stripped text, with the row
number a person sees in a spreadsheet (header row and title rows counted), and
the header row found even when title rows sit above it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tipmonitor.core import messages
from tipmonitor.core.problems import InputError, Problem
from tipmonitor.core.text import strip_all

SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".parquet")
HEADER_SEARCH_ROWS = 30


@dataclass
class RawSheet:
    file: str
    sheet: str | None
    cells: pd.DataFrame  # all cells as str, no header interpretation yet
    first_row: int  # spreadsheet row number of cells.iloc[0]
    excel: bool  # cells came from Excel (numbers may be date serials)
    hidden: bool = False  # a hidden sheet with content, read only when asked (read_raw ``hidden``)

    def head(self):
        """The rows the header is searched in, as a NumPy array of cells (row access without pandas' cost)."""
        found = self.__dict__.get("_head")
        if found is None:
            found = self.__dict__["_head"] = self.cells.iloc[:HEADER_SEARCH_ROWS + 1].to_numpy(dtype=object)
        return found


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) + ".0" if value.is_integer() else repr(value)
    return str(value).strip()


def read_raw(path: Path | str, hidden: bool = False) -> list[RawSheet]:
    """Every sheet of a file as text cells; InputError with the reason if unreadable. A hidden sheet with content
    is a problem, or with ``hidden`` a RawSheet marked ``hidden`` for the caller to judge (a mapping may ignore it)."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise InputError([Problem(name, None, None, "file_missing")])
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError([Problem(name, None, None, "file_format", {"suffix": suffix or "?"})])
    data = path.read_bytes()
    if not data.strip():
        raise InputError([Problem(name, None, None, "file_empty")])
    try:
        if suffix in (".csv", ".txt"):
            return [_read_csv(name, data)]
        if suffix == ".parquet":
            return [_read_parquet(name, data)]
        return _read_xlsx(name, data, hidden)
    except InputError:
        raise
    except Exception as exc:  # a damaged file: any parser error is reported, never raised raw
        if interrupted(exc):  # Ctrl-C inside the parser: told as a stop, never as a damaged file
            raise KeyboardInterrupt from None
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise InputError([Problem(name, None, None, "file_unreadable", {"suffix": suffix, "detail": detail})]) from None


def interrupted(exc: BaseException) -> bool:
    """Whether a parser's error stands for Ctrl-C: a KeyboardInterrupt behind it, or pandas' C reader failing to
    read from memory (what it says when the interrupt came while it read: 'Calling read(nbytes) on source failed')."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return "Calling read(nbytes) on source failed" in str(exc)


def _read_csv(name: str, data: bytes) -> RawSheet:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # a UTF-16 byte-order mark (Excel's «Unicode Text»)
        raise InputError([Problem(name, None, None, "file_utf16", {})])
    try:
        data.decode("utf-8-sig")  # checked whole, but parsed from the bytes: a text copy of 10^6 rows weighs 240 MB
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        raise InputError([Problem(name, row, None, "file_encoding", {"position": exc.start})]) from None
    if b"\x00" in data:
        raise InputError([Problem(name, None, None, "file_unreadable", {"suffix": ".csv", "detail": messages.text("detail.nul_byte")})])
    first_line = data.split(b"\n", 1)[0].decode("utf-8-sig")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, header=None, keep_default_na=False,
                        skip_blank_lines=False, sep=";" if _looks_semicolon(first_line) else ",")
    # A CSV exported from a workbook carries its dates as Excel wrote them, serials ("45922") included: read them
    # as the .xlsx path does (issue #27).
    return RawSheet(name, None, _stripped(frame) if _may_pad(data) else frame, 1, excel=True)


# A cell with spaces around it shows in the bytes as a space or tab next to a separator, a line's start or
# end, or a quote; other characters str.strip() removes (a no-break space, the Unicode spaces, control
# separators, a lone carriage return) send the file to the full strip whatever their place. A file with
# none of these has nothing to strip (most small files: the work is skipped).
_ASCII_PAD = re.compile(rb'(?:^|[,;])[ \t]|[ \t](?:[,;]|\r?$)|"[ \t\r\n]|[ \t\r\n]"|\r(?!\n)|[\x0b\x0c\x1c-\x1f]', re.M)
_OTHER_SPACES = (b"\xc2\x85", b"\xc2\xa0", b"\xe1\x9a\x80", b"\xe2\x80", b"\xe2\x81\x9f", b"\xe3\x80\x80")


def _may_pad(data: bytes) -> bool:
    """Whether any cell of a CSV may have spaces around it (False: certainly none). A large file is stripped
    whatever it holds: the screen pays for itself on small files only (the strip is per column, the screen
    per byte)."""
    if len(data) > _SCREENED_BYTES:
        return True
    return any(mark in data for mark in _OTHER_SPACES) or _ASCII_PAD.search(data) is not None


_SCREENED_BYTES = 256 * 1024


def _stripped(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell without the spaces around it (str.strip), a column at a time."""
    if not len(frame):
        return frame
    # All columns in one Arrow array (a small file's cost is per call, not per cell), then cut back; the frame
    # as read when no cell changes (a comma and a space inside a quoted text send a file here: most have no pad).
    n = len(frame)
    cells = pa.array(frame.to_numpy(dtype=object).ravel(order="F"), type=pa.large_string())
    flat = strip_all(cells)
    if pc.all(pc.equal(flat, cells)).as_py() is not False:
        return frame
    return pd.DataFrame({c: pd.Series(flat.slice(i * n, n), dtype=frame[c].dtype) for i, c in enumerate(frame.columns)})


def _looks_semicolon(text: str) -> bool:
    first = text.split("\n", 1)[0]
    return first.count(";") > first.count(",")


def _read_parquet(name: str, data: bytes) -> RawSheet:
    frame = pd.read_parquet(io.BytesIO(data))
    header = pd.DataFrame([list(map(str, frame.columns))])
    body = {}
    for i, heading in enumerate(frame.columns):
        column = frame[heading]
        if pd.api.types.is_datetime64_any_dtype(column):
            text = column.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_integer_dtype(column) or pd.api.types.is_bool_dtype(column):
            text = column.astype("string")
        elif pd.api.types.is_float_dtype(column):
            text = column.map(lambda v: "" if pd.isna(v) else _cell_text(v))
        else:
            text = column.astype("string").str.strip()
        body[i] = text.fillna("").astype(str).to_numpy()
    cells = pd.concat([header, pd.DataFrame(body)], ignore_index=True)
    return RawSheet(name, None, cells, 1, excel=False)


def _check_unpacked_sizes(name: str, data: bytes) -> None:
    """Refuse a workbook whose parts would unpack past the limits (limits.py), before unpacking any."""
    import zipfile

    from tipmonitor.intake import limits

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
    problems = []

    def refuse(key: str, **values) -> None:
        problems.append(Problem(name, None, None, key, {k: f"{v:,}" if isinstance(v, int) else v for k, v in values.items()}))

    for part in parts:
        limit = (limits.WORKBOOK_SHARED_STRINGS_BYTES if part.filename == "xl/sharedStrings.xml"
                 else limits.WORKBOOK_SHEET_BYTES)
        if part.file_size > limit:
            refuse("workbook_part_too_large", part=part.filename, size=part.file_size, limit=limit)
        elif (part.file_size > limits.RATIO_FROM_BYTES
              and part.file_size > limits.WORKBOOK_RATIO * max(part.compress_size, 1)):
            refuse("workbook_part_inflates", part=part.filename, ratio=part.file_size // max(part.compress_size, 1),
                   limit=limits.WORKBOOK_RATIO)
    total = sum(p.file_size for p in parts)
    if not problems and total > limits.WORKBOOK_TOTAL_BYTES:  # no single part is to blame
        refuse("workbook_too_large", size=total, limit=limits.WORKBOOK_TOTAL_BYTES)
    if problems:
        raise InputError(problems)


LISTS_SHEET = "Danh mục"  # the template's hidden sheet of drop-down lists (intake/template.py)


def _read_xlsx(name: str, data: bytes, keep_hidden: bool = False) -> list[RawSheet]:
    import openpyxl

    _check_unpacked_sizes(name, data)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    formulas = _formula_cells(data)
    sheets, problems = [], []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":  # hidden or very hidden: not read, and never dropped in silence
            if sheet.title != LISTS_SHEET:
                sheet.reset_dimensions()
                if any(_cell_text(v) for row in sheet.iter_rows(values_only=True) for v in row):
                    if keep_hidden:
                        sheets.append(RawSheet(name, sheet.title, pd.DataFrame(), 1, excel=True, hidden=True))
                    else:
                        problems.append(Problem(name, None, None, "sheet_hidden", {}, sheet.title))
            continue
        # The sheet's <dimension> element, which read-only mode would trust, may be stale (some
        # tools write A1:J3 for a sheet of 50 rows): read the rows that are there.
        sheet.reset_dimensions()
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        if not rows:
            continue
        width = max(len(r) for r in rows)
        cells = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=str)
        for (row, column), text in _bad_cells(cells, formulas.get(sheet.title, set())):
            problems.append(Problem(name, row, column, "excel_error" if text else "formula_no_value",
                                    {"value": text}, sheet.title))
        sheets.append(RawSheet(name, sheet.title, cells, 1, excel=True))
    book.close()
    if problems:
        raise InputError(problems)
    if not sheets:
        raise InputError([Problem(name, None, None, "file_empty")])
    return sheets


EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!",
                          "#GETTING_DATA"})


def _formula_cells(data: bytes) -> dict[str, set[tuple[int, str]]]:
    """Per sheet, (row, column letter) of every formula saved without its result.

    Read from the sheets' XML: a formula cell (``<f>``) with no cached value (``<v>`` missing or
    empty) that is not a text result (``t="str"``: Excel's cached empty string, as =IF(...;"";...)
    leaves). openpyxl reads both as empty, so only the XML tells them apart.
    """
    import re
    import zipfile
    from xml.etree import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    found: dict[str, set[tuple[int, str]]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        targets = {r.get("Id"): r.get("Target") for r in
                   ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels")).iter()
                   if r.get("Id")}
        for sheet in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter(f"{main}sheet"):
            target = targets.get(sheet.get(f"{rel}id")) or ""
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            xml = archive.read(path) if path in names else b""
            if b"<f" not in xml:  # no formula in this sheet: nothing to parse
                continue
            for cell in ElementTree.fromstring(xml).iter(f"{main}c"):
                formula, value = cell.find(f"{main}f"), cell.find(f"{main}v")
                if formula is not None and (value is None or not (value.text or "")) and cell.get("t") != "str":
                    match = re.fullmatch(r"([A-Z]+)(\d+)", cell.get("r", ""))
                    if match:
                        found.setdefault(sheet.get("name", ""), set()).add((int(match.group(2)), match.group(1)))
    return found


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _bad_cells(cells: pd.DataFrame, formulas: set[tuple[int, str]]):
    """Cells showing an Excel error, and formulas saved without their value (by a program, not by Excel)."""
    values = cells.to_numpy()
    errors = pd.DataFrame(values).isin(EXCEL_ERRORS).to_numpy()
    for r, c in zip(*errors.nonzero()):
        yield (int(r) + 1, _column_letter(int(c))), str(values[r, c])
    for row, column in sorted(formulas, key=lambda rc: (rc[0], len(rc[1]), rc[1])):
        yield (row, column), ""
