"""From raw cells to validated tables: header mapping, parsing, checks, one Dataset.

``load_file`` reads one file (every sheet of a workbook) and ``load_dataset`` a
set of files or a folder. Every problem in every row is collected and raised
together as InputError (file:row:column: reason); nothing is returned half-done.
The tables keep two extra columns, ``_file`` and ``_row``, so later checks and
reports can point back at the source line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from tipmonitor.model import periods
from tipmonitor.model.measures import parse_measure
from tipmonitor.core import words
from tipmonitor.core.messages import ToldError
from tipmonitor.model.units import load_bodies
from tipmonitor.core.problems import InputError, Problem, field_column
from tipmonitor.intake.reading import HEADER_SEARCH_ROWS, SUFFIXES, RawSheet, read_raw
from tipmonitor.model.schema import IGNORED_HEADERS, PII_HEADERS, TABLES, Field, Table
from tipmonitor.core.text import match_key, match_keys
from tipmonitor.model.dataset import Dataset, empty_table
from tipmonitor.model.successions import carried_over_from
from tipmonitor.model.units import UnitRegistry, load_registry

EARLIEST_DATE = date(2000, 1, 1)
# A report is decided within 20 days, 2 months when extended, 2 more with the Procuracy's extension (CPC art. 147):
# one received longer before a hand-over and still open is not taken as the successor's carried-over work.
REPORT_LIMIT_MONTHS = 4
EXCEL_EPOCH = pd.Timestamp("1899-12-30")

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_INT = re.compile(r"^[+]?\d+$")
_EXCEL_FLOAT = re.compile(r"^\d+\.0$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$")

_PII_KEYS = {match_key(alias): what for what, aliases in PII_HEADERS.items() for alias in aliases}
_IGNORED_KEYS = {match_key(h) for h in IGNORED_HEADERS}


# --- header mapping -----------------------------------------------------------------

def bilingual(f: Field) -> dict[str, str]:
    """A field's label in both languages; the message picks one."""
    return words.pair(f.vi, f.en)


def _header_keys(table: Table) -> dict[str, Field]:
    keys: dict[str, Field] = {}
    for f in table.fields:
        for text in (f.name, f.vi, f.en, *f.aliases):
            keys.setdefault(match_key(text), f)
    return keys


_HEADER_KEYS = {name: _header_keys(table) for name, table in TABLES.items()}


def _header_cells(sheet: RawSheet, position: int) -> list[str]:
    """The header texts of a row; an empty cell under a two-row header takes the text above it
    (a title merged down over two rows keeps its text in the upper cell only)."""
    head = sheet.head()
    row = list(head[position]) if position < len(head) else list(sheet.cells.iloc[position])
    if position == 0:
        return row
    above = list(head[position - 1]) if position - 1 < len(head) else list(sheet.cells.iloc[position - 1])
    if sum(1 for c in above if c) < 2:  # a title line, not the upper half of a header
        return row
    return [cell or upper for cell, upper in zip(row, above)]


def _header_paths(sheet: RawSheet, position: int) -> list[str]:
    """Each column's header path "Upper / Lower" under a two-row header ("" where the column has one title). An
    upper title merged over several columns is in its first cell only: the columns to its right with a lower title
    and an empty upper cell belong to it, up to the next upper title or a column with no lower title."""
    row = list(sheet.cells.iloc[position])
    if position == 0:
        return [""] * len(row)
    above = list(sheet.cells.iloc[position - 1])
    if sum(1 for c in above if c) < 2:  # a title line, not the upper half of a header
        return [""] * len(row)
    paths, group = [], ""
    for upper, lower in zip(above, row):
        if upper:
            group = upper if lower else ""
        elif not lower:
            group = ""
        paths.append(f"{group} / {lower}" if group and lower and lower != group else "")
    return paths


def _letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position + 1)


# match_key of the cells the header is searched in: a quarter's files repeat the same few header rows.
_cell_key = functools.lru_cache(maxsize=16384)(match_key)


def _find_header(sheet: RawSheet, table_name: str | None, mapping=None) -> tuple[int, Table] | None:
    """The header row's position and its table.

    The header is the first row (within the first rows, so title rows above it are
    skipped) that names at least half, and at least two, of a table's required
    columns; where several tables fit, the one whose required columns it covers best.
    With a column mapping, the first row naming at least half of the mapped columns.
    """
    if mapping is not None:
        found = _find_mapped_header(sheet, mapping)
        return None if found is None else (found, TABLES[mapping.table])
    candidates = [TABLES[table_name]] if table_name else list(TABLES.values())

    def best_at(position: int) -> tuple[float, int, Table] | None:
        keys = {_cell_key(cell) for cell in _header_cells(sheet, position)}
        best: tuple[float, int, Table] | None = None
        for table in candidates:
            known = _HEADER_KEYS[table.name]
            named = {known[k].name for k in keys if k in known}
            required = [f.name for f in table.fields if f.required]
            covered = sum(1 for name in required if name in named)
            if covered >= 2 and covered * 2 >= len(required):
                score = (covered / len(required), len(named), table)
                if best is None or score[:2] > best[:2]:
                    best = score
        return best

    for position in range(min(HEADER_SEARCH_ROWS, len(sheet.cells))):
        best = best_at(position)
        if best is not None:
            # The lower half of a two-row header names more columns than the upper half alone.
            below = best_at(position + 1) if position + 1 < len(sheet.cells) else None
            if below is not None and below[2] is best[2] and below[:2] > best[:2]:
                return position + 1, below[2]
            return position, best[2]
    return None


def _find_mapped_header(sheet: RawSheet, mapping) -> int | None:
    """With a column mapping: the first row naming at least half of the mapped columns (and two);
    the row below it instead when it is the lower half of a two-row header (the mapping's
    ``header_rows``, or, not given, when it names more of the mapping's columns)."""
    def known(position: int) -> int:
        """Columns the mapping names by title or path (a letter names a column in any row: not counted)."""
        return sum(1 for cell, path in zip(_header_cells(sheet, position), _header_paths(sheet, position))
                   if cell and mapping.named_by(cell, path)[0])

    last = min(HEADER_SEARCH_ROWS, len(sheet.cells))
    for position in range(last):
        count = known(position)
        if count >= 2 and count * 2 >= len(mapping.columns):
            has_below = position + 1 < len(sheet.cells)
            if mapping.header_rows == 2 and has_below:
                return position + 1
            if mapping.header_rows is None and has_below and known(position + 1) > count:
                return position + 1
            return position
    return None


def _map_headers(headers: list[str], table: Table, file: str, sheet: str | None, row: int,
                 problems: list[Problem], column_mapping=None, filled: frozenset[str] = frozenset(),
                 paths: list[str] | None = None) -> dict[int, Field]:
    keys = _HEADER_KEYS[table.name]
    mapping: dict[int, Field] = {}
    seen: dict[str, str] = {}
    known = words.each(lambda lang: ", ".join(words.pick(f, lang) for f in table.fields))
    table_name = words.pair(table.vi, table.en)

    def claim(position: int, header: str, f: Field) -> None:
        """This column holds field f, unless another column already does."""
        if f.name in seen:
            problems.append(Problem(file, row, header, "duplicate_column", {"other": seen[f.name], "field": bilingual(f)}, sheet))
        else:
            seen[f.name] = header
            mapping[position] = f

    def personal(header: str, key: str) -> None:
        problems.append(Problem(file, row, header, "pii_column", {"what": _PII_KEYS[key]}, sheet))

    for position, header in enumerate(headers):
        key = match_key(header)
        if not key or key.startswith("unnamed"):
            continue
        if column_mapping is not None:
            path = paths[position] if paths else ""
            named, target, how = column_mapping.named_by(header, path, _letter(position))
            repeated = [p or h for h, p in zip(headers, paths or [""] * len(headers)) if match_key(h) == key]
            if key in _PII_KEYS and (not named or target is not None):
                personal(header, key)
            elif how == "title" and target is not None and len(repeated) > 1:
                problems.append(Problem(file, row, path or header, "header_path_ambiguous",
                                        {"header": header, "paths": "; ".join(f"«{r}»" for r in repeated)}, sheet))
            elif not named:
                problems.append(Problem(file, row, header, "unmapped_column", {"mapping": column_mapping.name}, sheet))
            elif target is not None:
                claim(position, header, table.field(target))
            continue
        if key in _IGNORED_KEYS:
            continue
        if key in _PII_KEYS:
            personal(header, key)
        elif key in keys:
            claim(position, header, keys[key])
        else:
            problems.append(Problem(file, row, header, "unknown_column", {"table": table_name, "known": known}, sheet))
    ignored = ", ".join(f"«{h}»" for h in headers if h and column_mapping is not None
                        and column_mapping.named_by(h)[0] and column_mapping.named_by(h)[1] is None) or "-"
    for f in table.fields:
        if f.required and f.name not in seen and f.name not in filled:
            if column_mapping is None:
                problems.append(Problem(file, row, field_column(f), "missing_column", {"label": bilingual(f)}, sheet))
            else:  # the question map's draft asked, asked again: an "ignore" answer may have left it out
                problems.append(Problem(file, row, field_column(f), "missing_mapped", {"label": bilingual(f), "field": f.name,
                                        "mapping": column_mapping.name, "ignored": ignored}, sheet))
    return mapping


# --- cell parsing -------------------------------------------------------------------

class _Collector:
    """Collects problems for one sheet, or for several sheets read together (``parts``: each row's
    sheet, an index into ``sheets``), locating them by row position; ``flagged`` is the set of
    sheets that got a problem."""

    def __init__(self, file: str, sheet: str | None, rows: np.ndarray, problems: list[Problem],
                 parts: np.ndarray | None = None, sheets: list[RawSheet] | None = None,
                 sinks: list[list[Problem]] | None = None):
        self.file, self.sheet, self.rows, self.problems = file, sheet, rows, problems
        self.parts, self.sheets, self.sinks = parts, sheets, sinks  # with parts: each sheet's problems apart
        self.flagged: set[int] = set()

    def _emit(self, position: int, column: str, key: str, values: dict) -> None:
        if self.parts is None or self.sheets is None or self.sinks is None:
            self.flagged.add(0)
            self.problems.append(Problem(self.file, int(self.rows[position]), column, key, values, self.sheet))
            return
        part = int(self.parts[position])
        self.flagged.add(part)
        sheet = self.sheets[part]
        self.sinks[part].append(Problem(sheet.file, int(self.rows[position]), column, key, values, sheet.sheet))

    def add(self, mask: np.ndarray | pd.Series, column: str, key: str, **values: object) -> None:
        """One problem per flagged row; a Series value gives each row its own value."""
        for p in np.flatnonzero(np.asarray(mask, dtype=bool)):
            self._emit(int(p), column, key, {k: (v.iloc[p] if isinstance(v, pd.Series) else v) for k, v in values.items()})

    def at(self, position: int, column: str, key: str, **values: object) -> None:
        """One problem at one row position."""
        self._emit(position, column, key, values)


class _PerValue:
    """A collector for parsing each distinct value once: masks over values become masks over rows."""

    def __init__(self, out: _Collector, codes: np.ndarray):
        self.out, self.codes = out, codes

    def add(self, mask: np.ndarray | pd.Series, column: str, key: str, **values: object) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        expanded = {k: (v.iloc[self.codes].reset_index(drop=True) if isinstance(v, pd.Series) else v)
                    for k, v in values.items()}
        self.out.add(mask[self.codes], column, key, **expanded)


def _per_value(parse, text: pd.Series, out: _Collector, *args) -> pd.Series:
    """Parse each distinct value once (a column of 10^6 dates has a few thousand), then spread back."""
    codes, uniques = pd.factorize(text, sort=False)
    parsed = parse(pd.Series(uniques, dtype=str), *args, _PerValue(out, codes))
    return parsed.iloc[codes].reset_index(drop=True)


def _parse_dates(text: pd.Series, excel: bool, today: date, header: str, out: _Collector) -> pd.Series:
    iso = text.str.extract(_ISO)
    dmy = text.str.extract(_DMY)
    year = iso[0].fillna(dmy[2])
    month = iso[1].fillna(dmy[1])
    day = iso[2].fillna(dmy[0])
    parts = pd.DataFrame({"year": pd.to_numeric(year), "month": pd.to_numeric(month), "day": pd.to_numeric(day)})
    parsed = pd.to_datetime(parts, errors="coerce")
    if excel:
        serial = pd.to_numeric(text.where(text.str.fullmatch(r"\d{5}(?:\.0)?")), errors="coerce")
        serial = serial.where((serial > 20000) & (serial < 80000))
        parsed = parsed.fillna(EXCEL_EPOCH + pd.to_timedelta(serial, unit="D"))
    filled = text != ""
    out.add(filled & parsed.isna(), header, "bad_date", value=text)
    shown = parsed.dt.strftime("%d/%m/%Y")
    out.add(parsed.notna() & (parsed > pd.Timestamp(today)), header, "future_date", value=shown, today=f"{today:%d/%m/%Y}")
    out.add(parsed.notna() & (parsed < pd.Timestamp(EARLIEST_DATE)), header, "old_date", value=shown, year=EARLIEST_DATE.year)
    return parsed.astype("datetime64[s]")


def _parse_ints(text: pd.Series, f: Field, header: str, out: _Collector) -> pd.Series:
    plain = text.where(text.str.fullmatch(_INT))
    plain = plain.fillna(text.where(text.str.fullmatch(_EXCEL_FLOAT)).str[:-2])
    grouped = text.where(text.str.fullmatch(_THOUSANDS)).str.replace(r"[.,\s]", "", regex=True)
    plain = plain.fillna(grouped)
    number = pd.to_numeric(plain, errors="coerce")
    negative = text.str.fullmatch(r"-\s*\d+(?:\.0)?")
    out.add(negative, header, "negative", value=text)
    out.add((text != "") & number.isna() & ~negative, header, "bad_int", value=text)
    if f.maximum is not None:
        out.add(number > f.maximum, header, "too_large", value=text, maximum=f"{f.maximum:,}")
    number = number.where(number <= (f.maximum or np.inf))
    return number.astype("Int64")


def _choice_keys(f: Field) -> dict[str, str]:
    from tipmonitor.intake.vocabulary import choice_keys

    return choice_keys(f)


def _parse_choice(text: pd.Series, f: Field, header: str, out: _Collector) -> pd.Series:
    keys = _choice_keys(f)
    allowed = words.pair("; ".join(c.vi for c in f.choices), "; ".join(c.en for c in f.choices))
    if f.kind == "choices":
        def convert(cell: str) -> str | None:
            codes = [keys.get(match_key(part)) for part in re.split(r"[;,\n]", cell) if part.strip()]
            known = [code for code in codes if code is not None]
            return None if len(known) < len(codes) else ";".join(dict.fromkeys(known))
    else:
        def convert(cell: str) -> str | None:
            return keys.get(match_key(cell))
    uniques = {value: convert(value) for value in text.unique() if value != ""}
    codes = text.map(uniques)
    out.add((text != "") & codes.isna(), header, "bad_choice", value=text, allowed=allowed)
    return codes.astype("string")


def _valid_on(registry: UnitRegistry, code: str, days: np.ndarray) -> np.ndarray:
    row = registry.table.loc[code]
    ok = np.ones(len(days), dtype=bool)
    if row["valid_from"]:
        ok &= days >= np.datetime64(row["valid_from"])
    if row["valid_to"]:
        ok &= days <= np.datetime64(row["valid_to"])
    return ok


def _carried_over(code: str, rows: np.ndarray, days: np.ndarray, carry, registry: UnitRegistry) -> np.ndarray:
    """Of the rows dated before ``code`` existed (the mask ``rows``; the result has one flag for each of them), those
    that are work it took over: dated before the day it began
    by a hand-over to it and still open that day (``carry``: the table's family and the day each record left the
    stage, NaT if open)."""
    if carry is None:
        return np.zeros(int(rows.sum()), dtype=bool)
    family, exits = carry
    start = carried_over_from(registry, code, family)
    if start is None:
        return np.zeros(int(rows.sum()), dtype=bool)
    first = np.datetime64(start)
    left = exits[rows]
    carried = (days[rows] < first) & (np.isnat(left) | (left >= first))
    if family == "reports":  # within the longest statutory limit before the hand-over (CPC art. 147: 4 months)
        earliest = np.datetime64((pd.Timestamp(start) - pd.DateOffset(months=REPORT_LIMIT_MONTHS)).date())
        carried &= days[rows] >= earliest
    return carried


def _parse_units(text: pd.Series, on: pd.Series | None, registry: UnitRegistry, header: str,
                 out: _Collector, carry: tuple[str | None, np.ndarray] | None = None) -> pd.Series:
    """Unit codes; a name is matched among the units that existed on the record's date, or (``carry``) that took
    the record over as work still open when it began (_carried_over)."""
    codes = np.full(len(text), None, dtype=object)
    days = on.to_numpy(dtype="datetime64[D]") if on is not None else np.full(len(text), np.datetime64("NaT"), "datetime64[D]")
    for value in text.unique():
        if value == "":
            continue
        rows = (text == value).to_numpy()
        every = registry.matches(value)
        if not every:
            out.add(rows, header, "unknown_unit", value=value)
            continue
        row_days = days[rows]
        known_day = ~np.isnat(row_days)
        valid = np.column_stack([_valid_on(registry, code, row_days) | ~known_day for code in every])
        count = valid.sum(axis=1)
        chosen = np.array(every, dtype=object)[valid.argmax(axis=1)]
        positions = np.flatnonzero(rows)
        single = count == 1
        codes[positions[single]] = chosen[single]
        several = np.zeros(len(text), dtype=bool)
        several[positions[count > 1]] = True
        out.add(several, header, "ambiguous_unit", value=value, candidates=", ".join(every))
        none = np.zeros(len(text), dtype=bool)
        none[positions[count == 0]] = True
        if len(every) == 1 and none.any():
            carried = _carried_over(every[0], none, days, carry, registry)
            codes[np.flatnonzero(none)[carried]] = every[0]
            none[np.flatnonzero(none)[carried]] = False
        if len(every) == 1 and none.any():
            shown = pd.Series(pd.to_datetime(days).strftime("%d/%m/%Y"), index=text.index)
            row = registry.table.loc[every[0]]
            valid_text = " – ".join(f"{date.fromisoformat(d):%d/%m/%Y}" if d else "…" for d in (row["valid_from"], row["valid_to"]))
            out.add(none, header, "unit_not_valid", unit=every[0], date=shown, valid=valid_text)
        elif len(every) > 1:
            out.add(none, header, "unknown_unit", value=value)
    return pd.Series(codes, index=text.index, dtype="string")


def _check_hand_overs(codes: pd.Series, on: pd.Series | None, family: str, registry: UnitRegistry, header: str,
                      out: _Collector, decided: Field | None = None, entered: pd.Series | None = None) -> None:
    """Records dated on or after the day their unit handed this family's work to another (district police, 1-3-2025).

    ``on`` is the day the unit received the record, or with ``decided`` the day of that decision (a decision
    after the hand-over is the successor's to report); a record ``entered`` after the hand-over is already
    refused for that, and its decisions are not listed again."""
    if on is None:
        return
    days = pd.to_datetime(on).to_numpy(dtype="datetime64[D]")
    for code in codes.dropna().unique():
        handed = registry.handed_over(str(code), family)
        if handed is None:
            continue
        since, successors = handed
        rows = (codes == code).fillna(False).to_numpy(dtype=bool) & (days >= np.datetime64(since))
        if entered is not None:
            rows &= ~(pd.to_datetime(entered).to_numpy(dtype="datetime64[D]") >= np.datetime64(since))
        if decided is None:
            out.add(rows, header, "unit_handed_over", unit=code, date=since.strftime("%d/%m/%Y"), successor=successors)
        else:
            out.add(rows, header, "decision_after_hand_over", unit=code, since=since.strftime("%d/%m/%Y"),
                    successor=successors, date_label=bilingual(decided), value=pd.Series(on).dt.strftime("%d/%m/%Y"))


def _check_bodies(codes: pd.Series, table: Table, measures: pd.Series | None, registry: UnitRegistry, header: str,
                  out: _Collector) -> None:
    """Rows of a table (or aggregates of a measure family) that their unit's body does not send (params/bodies.yaml):
    a court's list never gives investigation, report or victim figures, whatever columns it carries."""
    from tipmonitor.model.units import body_families

    bodies = body_families()
    if table.family:
        families = pd.Series(table.family, index=codes.index, dtype="string")
    elif measures is not None:
        families = measures.str.split(".", n=1).str[0].astype("string")
    else:
        return
    units = codes.astype("string")
    for (code, family), rows in pd.DataFrame({"u": units, "f": families}).dropna().groupby(["u", "f"]).groups.items():
        if code not in registry.table.index:
            continue
        body = str(registry.table.loc[code, "body"])
        allowed = bodies.get(body)
        if allowed is None or family in allowed:
            continue
        mask = codes.index.isin(rows)
        out.add(mask, header, "table_not_of_body", unit=code, body=words.each(lambda lang, b=body: load_bodies().name(b, lang)),
                table=words.pair(table.vi, table.en) if table.family else family,
                allowed=", ".join(_family_tables(f) for f in allowed))


def _family_tables(family: str) -> str:
    """The tables that carry a measure family's records (its name where none does)."""
    names = [t.name for t in TABLES.values() if t.family == family]
    return " / ".join(names) if names else family


def _parse_periods(text: pd.Series, today: date, allow_outside: bool, header: str, out: _Collector) -> pd.Series:
    """Period labels; one that has not begun or lies before the first year (limits.py) is refused unless allowed."""
    from tipmonitor.intake.limits import period_allowed, period_range

    labels: dict[str, str | None] = {}
    outside: dict[str, bool] = {}
    wrong: dict[str, periods.PeriodError] = {}  # what is wrong with a label ("there is no quarter 5")
    for value in text.unique():
        try:
            period = periods.parse(value)
        except periods.PeriodError as error:
            labels[value], wrong[value] = None, error
            continue
        allowed = allow_outside or period_allowed(period, today)
        labels[value] = period.label if allowed else None
        outside[value] = not allowed
    parsed = text.map(labels)
    refused = text.isin([value for value, out_of_range in outside.items() if out_of_range])
    out.add((text != "") & parsed.isna() & ~refused, header, "period_refused", problem=text.map(wrong))
    if refused.any():
        first_year, last = period_range(today)
        out.add(refused, header, "period_outside", value=text, first=f"{first_year}-Q1", last=last.label,
                today=f"{today:%d/%m/%Y}")
    return parsed.astype("string")


def _parse_measures(text: pd.Series, header: str, out: _Collector) -> pd.Series:
    known = {}
    for value in text.unique():
        try:
            parse_measure(value.strip())
            known[value] = value.strip()
        except KeyError:
            known[value] = None
    parsed = text.map(known)
    out.add((text != "") & parsed.isna(), header, "bad_measure", value=text)
    return parsed.astype("string")


def _parse_activities(text: pd.Series, header: str, out: _Collector) -> pd.Series:
    from tipmonitor.model.activities import load_activities

    known = load_activities().measures
    parsed = text.str.strip().where(text.str.strip().isin(list(known)))
    out.add((text != "") & parsed.isna(), header, "bad_activity", value=text)
    return parsed.astype("string")


# --- one sheet ----------------------------------------------------------------------

# The date a record leaves its stage, for the tables whose work a successor may carry over while still open.
_STAGE_EXITS = {"crime_reports": "decision_date", "cases": "investigation_end_date"}

_TOTAL_KEYS = {"tong", "tong cong", "cong", "total", "tong so", "grand total", "tong cong toan don vi"}
_EXAMPLE_PREFIXES = ("vi_du", "vd_", "example")


# Necessary conditions, in ASCII text, for a cell's key to start an example row's or be a totals line's
# (the exact test, on the key, is run on the cells that pass): the key's first word starts with v or e,
# and a totals key has no digit.
_MAYBE_EXAMPLE = r"(?i)^[^a-z0-9]*[ve]"
_MAYBE_TOTAL = r"^[^0-9]*$"


def _keys_starting(cells, maybe: str, test) -> np.ndarray:
    """``test(match_keys(...))`` for the cells that ASCII screening cannot rule out; False for the rest."""
    import pyarrow.compute as pc

    out = np.zeros(len(cells), dtype=bool)
    screened = pc.or_(pc.invert(pc.string_is_ascii(cells)), pc.match_substring_regex(cells, maybe))
    positions = np.flatnonzero(np.asarray(pc.fill_null(screened, False), dtype=bool))
    if len(positions):
        out[positions] = np.asarray(test(match_keys(pc.take(cells, positions))), dtype=bool)
    return out


def _repeated_header(body: pd.DataFrame, header_lines: list[list[str]]) -> np.ndarray:
    """Rows that repeat a line of the header (a register printed with its titles again on each page)."""
    lines = {tuple(line) for line in header_lines if sum(1 for c in line if c) >= 2}
    if not lines or not len(body):
        return np.zeros(len(body), dtype=bool)
    width = body.shape[1]
    padded = {tuple(list(line[:width]) + [""] * (width - len(line))) for line in lines}
    return np.array([tuple(r) in padded for r in body.itertuples(index=False, name=None)], dtype=bool)


def _skipped_rows(body: pd.DataFrame, rows: np.ndarray, skip_patterns=None, parts: np.ndarray | None = None,
                  header_lines: list[list[str]] | None = None) -> tuple[np.ndarray, list[dict]]:
    """Rows that are not records: a totals line ("Tổng cộng"), the template's example rows
    (a cell starting "VÍ DỤ"), the header's lines repeated at a page break, signature blocks, notes and
    section rows (layout.py). They are left out and listed, never dropped silently."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from tipmonitor.intake.layout import not_records

    skip = np.zeros(len(body), dtype=bool)
    notes: list = []
    if not len(body):
        return skip, notes

    def example_key(keys):
        hit = pc.starts_with(keys, _EXAMPLE_PREFIXES[0])
        for prefix in _EXAMPLE_PREFIXES[1:]:
            hit = pc.or_(hit, pc.starts_with(keys, prefix))
        return hit

    def total_key(keys):
        return pc.is_in(pc.replace_substring(keys, "_", " "), value_set=pa.array(sorted(_TOTAL_KEYS), pa.large_string()))

    first_text = pa.nulls(len(body), pa.large_string())  # each row's first non-empty cell
    example = np.zeros(len(body), dtype=bool)
    for position in range(body.shape[1]):
        cells = pa.array(body.iloc[:, position], type=pa.large_string(), from_pandas=True)
        first_text = pc.if_else(pc.and_(pc.is_null(first_text), pc.not_equal(cells, "")), cells, first_text)
        example |= _keys_starting(cells, _MAYBE_EXAMPLE, example_key)
    totals = _keys_starting(pc.fill_null(first_text, ""), _MAYBE_TOTAL, total_key)
    repeated = _repeated_header(body, header_lines or []) & ~totals & ~example
    skip = totals | example | repeated
    alone, parts = parts is None, np.zeros(len(body), dtype=np.int64) if parts is None else parts
    for i in np.flatnonzero(skip):
        notes.append({"row": int(rows[i]), "why": "totals" if totals[i] else "example" if example[i] else "header_repeated",
                      "part": int(parts[i])})
    rest = np.flatnonzero(~skip)
    layout_skip, layout_notes = not_records(body.iloc[rest], rows[rest], skip_patterns, parts[rest])
    skip[rest[layout_skip]] = True
    notes = sorted(notes + layout_notes, key=lambda n: (n["part"], n["row"]))
    return skip, [{"row": n["row"], "why": n["why"]} for n in notes] if alone else notes


def _interpret(sheet: RawSheet, table_name: str | None, registry: UnitRegistry, today: date,
               problems: list[Problem], column_mapping=None,
               allow_period_outside: bool = False, fill: dict[str, str] | None = None,
               skip_patterns=None) -> tuple[str, pd.DataFrame] | None:
    """One sheet as a validated table; ``fill`` gives a value for every row of a field the sheet
    has no column for (the unit and period from the command line, the mapping or the information
    sheet); ``skip_patterns`` tells rows to leave out (a mapping's ``skip_rows``)."""
    found = _prepare(sheet, table_name, problems, column_mapping, fill)
    if not isinstance(found, _Prepared):
        return found
    return found.table.name, _parse([found], registry, today, [problems], column_mapping, allow_period_outside,
                                    skip_patterns)[0]


@dataclass
class _Prepared:
    """A sheet whose header row is found and mapped to a table's fields: its body is ready to be parsed,
    alone or together with other sheets whose header rows read the same (``_parse``)."""

    sheet: RawSheet
    table: Table
    headers: list[str]
    mapping: dict[int, Field]
    fill: dict[str, str]
    position: int  # of the header row in sheet.cells
    header_row: int  # its spreadsheet row number
    shown: list[str]  # how messages name each column: its title, or its header path where the title repeats
    header_lines: list[list[str]]  # the header's rows (a register may print them again at a page break)

    def alike(self) -> tuple:
        """What sheets parsed together must share."""
        return (self.table.name, tuple(self.headers), tuple(self.shown), tuple(map(tuple, self.header_lines)),
                tuple(sorted(self.fill)), self.sheet.excel)


def _prepare(sheet: RawSheet, table_name: str | None, problems: list[Problem], column_mapping=None,
             fill: dict[str, str] | None = None) -> "_Prepared | tuple[str, pd.DataFrame] | None":
    """A sheet's header row found and mapped (``_Prepared``); None when the sheet holds no table
    (a problem added when one was expected), an empty table when its columns are refused."""
    found = _find_header(sheet, table_name, column_mapping)
    if found is None:
        if table_name is not None or sheet.sheet is None:
            columns = ", ".join(c for c in sheet.cells.iloc[0] if c) if len(sheet.cells) else ""
            if table_name:
                table = TABLES[table_name]
                required = words.each(lambda lang: ", ".join(words.pick(f, lang) for f in table.fields if f.required))
                problems.append(Problem(sheet.file, sheet.first_row, None, "no_header",
                                        {"table": words.pair(table.vi, table.en), "required": required}, sheet.sheet))
            else:
                problems.append(Problem(sheet.file, sheet.first_row, None, "unknown_table", {"columns": columns}, sheet.sheet))
        return None  # a workbook sheet with no table (instructions, lists) is not data
    position, table = found
    header_row = sheet.first_row + position
    headers = _header_cells(sheet, position)
    before = len(problems)
    fill = {name: value for name, value in (fill or {}).items() if value and name in table.columns}
    paths = _header_paths(sheet, position)
    mapping = _map_headers(headers, table, sheet.file, sheet.sheet, header_row, problems, column_mapping,
                           frozenset(fill), paths)
    titles = [match_key(h) for h in headers]
    shown = [p if p and titles.count(t) > 1 else h for h, p, t in zip(headers, paths, titles)]  # a repeated title: its path
    if len(problems) > before and any(p.key in ("missing_column", "missing_mapped", "pii_column") for p in problems[before:]):
        return table.name, empty_table(table)
    head = sheet.head()  # the header search's rows (a NumPy array): a row from it costs no pandas call
    header_lines = [list(head[i]) if i < len(head) else list(sheet.cells.iloc[i]) for i in range(position, max(position - 2, -1), -1)]
    return _Prepared(sheet, table, headers, mapping, fill, position, header_row, shown, header_lines)


def _bodies(prepared: list[_Prepared]) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The sheets' rows below their header rows as one frame (columns 0, 1, ...), with each row's spreadsheet
    number and its sheet's place in ``prepared``. Many sheets: their cells joined whole, then the rows down to each
    header row left out at once (one slice per sheet costs more than the rows of a small file)."""
    numbers, owners = [], []
    for part, one in enumerate(prepared):
        numbers.append(np.arange(len(one.sheet.cells) - one.position - 1) + one.header_row + 1)
        owners.append(np.full(len(numbers[-1]), part, dtype=np.int64))
    rows, parts = np.concatenate(numbers), np.concatenate(owners)
    if len(prepared) == 1:
        body = prepared[0].sheet.cells.iloc[prepared[0].position + 1:]
        return body.set_axis(range(body.shape[1]), axis=1), rows, parts
    cells = [one.sheet.cells for one in prepared]
    cells = [c if c.columns.equals(pd.RangeIndex(c.shape[1])) else c.set_axis(range(c.shape[1]), axis=1) for c in cells]
    below = np.concatenate([np.arange(len(c)) > one.position for c, one in zip(cells, prepared)])
    return pd.concat(cells, ignore_index=True)[below].reset_index(drop=True), rows, parts


def _parse(prepared: list[_Prepared], registry: UnitRegistry, today: date, sinks: list[list[Problem]],
           column_mapping=None, allow_period_outside: bool = False, skip_patterns=None) -> list[pd.DataFrame]:
    """The bodies of sheets whose header rows read the same (``_Prepared.alike``), parsed and checked
    together as one column per field: the same rows, values and problems (into ``sinks``, one list per
    sheet) as each sheet on its own, at a fraction of the cost for many small sheets. One validated
    frame per sheet."""
    first = prepared[0]
    table, headers, mapping, sheets = first.table, first.headers, first.mapping, [p.sheet for p in prepared]
    body, rows, parts = _bodies(prepared)
    keep = (body != "").any(axis=1).to_numpy()
    body, rows, parts = body[keep], rows[keep], parts[keep]
    skip, skipped = _skipped_rows(body, rows, skip_patterns, parts, first.header_lines)
    body, rows, parts = body[~skip], rows[~skip], parts[~skip]
    out = _Collector(first.sheet.file, first.sheet.sheet, rows, sinks[0], parts, sheets, sinks)
    body = line_breaks(body)
    _guard_cells(body, headers, mapping, out)
    refused = set(out.flagged)  # nothing of a sheet the guard refuses is read further
    if refused:
        kept = ~np.isin(parts, list(refused))
        body, rows, parts = body[kept], rows[kept], parts[kept]
        out = _Collector(first.sheet.file, first.sheet.sheet, rows, sinks[0], parts, sheets, sinks)
    if column_mapping is not None and column_mapping.values:
        body = body.copy()
        for p, f in mapping.items():
            synonyms = column_mapping.values.get(f.name)
            if synonyms:
                body.iloc[:, p] = body.iloc[:, p].map(lambda cell, synonyms=synonyms: synonyms.get(match_key(cell), cell))
    raw = {f.name: body.iloc[:, position].reset_index(drop=True) for position, f in mapping.items()}
    n = len(rows)
    for name in first.fill:
        if name not in raw:
            values = np.array([p.fill[name] for p in prepared], dtype=object)
            raw[name] = pd.Series(values[parts] if n else [], dtype=str)
    result: dict[str, pd.Series] = {}
    labels = {f.name: first.shown[position] for position, f in mapping.items()}
    for f in table.fields:
        text = raw.get(f.name, pd.Series([""] * n, dtype=str)).astype(str)
        header = labels.get(f.name, field_column(f))
        if f.required:
            out.add(text == "", header, "required_empty")
        if f.kind == "date":
            result[f.name] = _per_value(_parse_dates, text, out, first.sheet.excel, today, header)
        elif f.kind == "int":
            result[f.name] = _per_value(_parse_ints, text, out, f, header)
        elif f.kind in ("choice", "choices"):
            result[f.name] = _per_value(_parse_choice, text, out, f, header)
        elif f.kind == "period":
            result[f.name] = _per_value(_parse_periods, text, out, today, allow_period_outside, header)
        elif f.kind == "measure":
            result[f.name] = _per_value(_parse_measures, text, out, header)
        elif f.kind == "activity":
            result[f.name] = _per_value(_parse_activities, text, out, header)
        elif f.kind != "unit":
            result[f.name] = text.replace("", pd.NA).astype("string")
    unit_field = table.field("unit")
    on = result.get(table.entry_date) if table.entry_date else None
    if "period" in table.columns:  # counts for a period: the unit must exist at its end
        ends = result["period"].map(lambda label: pd.NA if pd.isna(label) else periods.parse(label).window().end)
        on = pd.to_datetime(ends)
    stage_exit = _STAGE_EXITS.get(table.name)
    carry = (table.family, result[stage_exit].to_numpy(dtype="datetime64[D]")) if stage_exit else None
    result["unit"] = _parse_units(raw["unit"].astype(str) if "unit" in raw else pd.Series([""] * n, dtype=str),
                                  on, registry, labels.get("unit", field_column(unit_field)), out, carry)
    _check_bodies(result["unit"], table, result.get("measure"), registry, labels.get("unit", field_column(unit_field)), out)
    if table.family:
        _check_hand_overs(result["unit"], on, table.family, registry, labels.get("unit", field_column(unit_field)), out)
    for name, day, family in table.unit_dates:  # an empty stage unit is the record's own (counts.py StageSpec.unit)
        header = labels.get(name, field_column(table.field(name)))
        result[name] = _parse_units(raw[name].astype(str) if name in raw else pd.Series([""] * n, dtype=str),
                                    result.get(day), registry, header, out)
        _check_hand_overs(result[name].fillna(result["unit"]), result.get(day), family, registry, header, out)
    receipts = {"unit": table.entry_date, **{name: day for name, day, _ in table.unit_dates}}
    for name, day, family in table.decisions:
        _check_hand_overs(result[name].fillna(result["unit"]), result[day], family, registry,
                          labels.get(day, field_column(table.field(day))), out, decided=table.field(day),
                          entered=result.get(receipts[name] or ""))
    frame = pd.DataFrame(result)[list(table.columns)]
    places = np.array([s.file + (f"[{s.sheet}]" if s.sheet else "") for s in sheets], dtype=object)
    frame["_file"] = pd.Series(places[parts] if n else [], dtype="string")
    frame["_row"] = rows.astype("int64")
    _check_records(frame, table, labels, out, parts)
    bounds = np.searchsorted(parts, np.arange(len(prepared) + 1))  # the parts' rows are in order, one run each
    frames = []
    for part in range(len(prepared)):
        if part in refused:
            frames.append(empty_table(table))
            continue
        piece = frame.iloc[bounds[part]:bounds[part + 1]].reset_index(drop=True) if len(prepared) > 1 else frame
        piece.attrs["headers"] = {places[part]: labels}  # set last: pandas copies attrs on every operation
        piece.attrs["skipped"] = [{"row": s["row"], "why": s["why"], "file": places[part]}
                                  for s in skipped if s["part"] == part]
        frames.append(piece)
    return frames


def line_breaks(body: pd.DataFrame) -> pd.DataFrame:
    """A vertical tab (Word's line break, pasted into a cell) becomes a line break; every other control
    character is refused by the guard (guard.py), naming the cell."""
    import pyarrow as pa
    import pyarrow.compute as pc

    changed = {}
    for position in range(body.shape[1]):
        cells = pa.array(body.iloc[:, position].astype(str), type=pa.large_string(), from_pandas=True)
        if pc.any(pc.match_substring(cells, "\x0b")).as_py():
            changed[position] = body.iloc[:, position].astype(str).str.replace("\x0b", "\n", regex=False)
    if not changed:
        return body
    body = body.copy()
    for position, column in changed.items():
        body.iloc[:, position] = column
    return body


def _guard_cells(body: pd.DataFrame, headers: list[str], mapping: dict[int, Field], out: _Collector) -> None:
    """Cells the guard refuses (guard.py): too long, personal data, formula-like, ids that are not codes."""
    from tipmonitor.intake.guard import scan_column

    for position in range(body.shape[1]):
        f = mapping.get(position)
        header = headers[position] if position < len(headers) and headers[position] else f"#{position + 1}"
        for row, key, values in scan_column(body.iloc[:, position].reset_index(drop=True), f.kind if f else None):
            out.at(row, header, key, **values)


def _check_records(frame: pd.DataFrame, table: Table, labels: dict[str, str], out: _Collector,
                   parts: np.ndarray | None = None) -> None:
    """Checks within one table (of each sheet, ``parts`` telling the sheets read together apart):
    duplicate ids, stage dates out of order, outcomes without dates."""
    if table.id_field:
        ids = frame[table.id_field]
        several = parts is not None and len(parts) > 0 and parts[0] != parts[-1]
        keys = pd.DataFrame({"part": parts, "id": ids}) if several else ids
        repeated = ids.notna() & keys.duplicated(keep="first")
        if repeated.any():
            by = [pd.Series(parts, index=frame.index), ids] if several else ids
            first_row = frame["_row"].groupby(by).transform("min")
            out.add(repeated, labels.get(table.id_field, table.id_field), "duplicate_id", value=ids, other=first_row)
    if table.key:
        repeated = frame[list(table.key)].notna().all(axis=1) & frame.duplicated(list(table.key), keep="first")
        if repeated.any():
            first_row = frame.groupby(list(table.key), dropna=False)["_row"].transform("min")
            out.add(repeated, labels.get("register_number", table.key[1]), "duplicate_acceptance",
                    value=frame["register_number"], date=frame["accepted_date"].dt.strftime("%d/%m/%Y"), other=first_row)
    for earlier, later in table.date_order:
        a, b = frame[earlier], frame[later]
        ef, lf = table.field(earlier), table.field(later)
        bad = a.notna() & b.notna() & (b < a)
        if bad.any():
            out.add(bad, labels.get(later, field_column(lf)), "date_order", later_label=bilingual(lf),
                    later=b.dt.strftime("%d/%m/%Y"), earlier_label=bilingual(ef), earlier=a.dt.strftime("%d/%m/%Y"))
    for entry_field, exit_field in table.stage_pairs:
        entry_f, exit_f = table.field(entry_field), table.field(exit_field)
        out.add(frame[exit_field].notna() & frame[entry_field].isna(), labels.get(entry_field, field_column(entry_f)),
                "exit_without_entry", exit=bilingual(exit_f), entry=bilingual(entry_f))
    for date_field, outcome_field in table.outcome_pairs:
        d, o = frame[date_field], frame[outcome_field]
        df_, of_ = table.field(date_field), table.field(outcome_field)
        out.add(o.notna() & d.isna(), labels.get(date_field, field_column(df_)), "outcome_without_date",
                outcome=bilingual(of_), date_label=bilingual(df_))
        out.add(d.notna() & o.isna(), labels.get(outcome_field, field_column(of_)), "date_without_outcome",
                date_label=bilingual(df_), outcome_label=bilingual(of_))


# --- files and datasets -------------------------------------------------------------

_META_KEYS = {"ky_bao_cao": "period", "period": "period", "don_vi": "unit", "don_vi_bao_cao": "unit", "unit": "unit"}


def is_information_sheet(sheet: RawSheet) -> bool:
    """Whether a sheet is an information sheet (label/value pairs naming the unit or the period)."""
    return bool(_metadata(sheet))


def _metadata(sheet: RawSheet) -> dict[str, str]:
    """Label/value pairs of an information sheet (the template's "Thông tin": Đơn vị, Kỳ báo cáo)."""
    found = {}
    for _, row in sheet.cells.iterrows():
        cells = [c for c in row if c]
        if len(cells) >= 2 and match_key(cells[0]) in _META_KEYS:
            found[_META_KEYS[match_key(cells[0])]] = cells[1]
    return found


def load_file(path: Path | str, table: str | None = None, registry: UnitRegistry | None = None,
              today: date | None = None, mapping=None, allow_period_outside: bool = False,
              fill: dict[str, str] | None = None) -> dict[str, pd.DataFrame]:
    """Validated tables from one file, keyed by table name; InputError listing every problem.

    ``mapping`` is a workbook mapping (intake/mapping.py): each sheet is read by its rule.
    ``fill`` gives the unit and period for rows whose sheet has no such column (the command
    line's; else the mapping's, else the information sheet's). Each frame's ``attrs`` carry the
    headers used, the rows left out (totals lines, template examples, signature blocks), the
    sheets not read and why, and, from an information sheet, the unit and period.
    ``allow_period_outside`` takes aggregates for periods outside limits.period_range.
    """
    found = load_files([FileJob(Path(path), table, mapping, fill)], registry, today, allow_period_outside)[0]
    if isinstance(found, InputError):
        raise found
    return found


@dataclass(frozen=True)
class FileJob:
    """One file to load with ``load_files``: its table when known, its mapping, the unit and period to fill."""

    path: Path
    table: str | None = None
    mapping: Any = None  # intake/mapping.py's WorkbookMapping
    fill: dict[str, str] | None = None


def load_files(jobs: list[FileJob], registry: UnitRegistry | None = None, today: date | None = None,
               allow_period_outside: bool = False) -> list["dict[str, pd.DataFrame] | InputError"]:
    """Many files loaded together, each with the verdict ``load_file`` gives it alone: its tables, or
    an InputError with its own problems. Each file is read and its header rows found on their own;
    the bodies of all sheets whose header rows read the same are then parsed and checked as one
    (``_parse``), so a quarter's hundreds of small files cost about as much as one file of their rows."""
    registry = registry or load_registry()
    today = today or date.today()
    problems: list[list[Problem]] = [[] for _ in jobs]
    sheets_of: list[list] = [[] for _ in jobs]  # per file, per sheet: a frame, "listed" or None
    fills: list[dict[str, str]] = [{} for _ in jobs]
    listed: list[list[dict]] = [[] for _ in jobs]
    firsts: list[RawSheet | None] = [None for _ in jobs]  # each file's first sheet with cells, for its messages
    groups: dict[tuple, list[tuple[int, int, _Prepared]]] = {}
    for index, job in enumerate(jobs):
        mapping = job.mapping
        try:
            sheets = read_raw(job.path, hidden=mapping is not None)
        except InputError as error:
            problems[index].extend(error.problems)
            continue
        if mapping is not None:  # a hidden sheet is read by no rule: the mapping ignores it, or it is a problem
            for sheet in (s for s in sheets if s.hidden):
                rule = mapping.rule_for(sheet.sheet)
                if rule is not None and rule.columns is None:
                    listed[index].append({"file": f"{sheet.file}[{sheet.sheet}]", "why": "sheet_hidden_ignored"})
                else:
                    problems[index].append(Problem(sheet.file, None, None, "sheet_hidden", {}, sheet.sheet))
            sheets = [s for s in sheets if not s.hidden]
        firsts[index] = next((s for s in sheets if len(s.cells)), None)
        rules = {id(s): _rule_of(s, mapping) for s in sheets} if mapping is not None else {}
        meta: dict[str, str] = {}
        for sheet in sheets:  # the information sheet first: it may come after the tables it describes
            rule = rules.get(id(sheet))
            if (sheet.sheet is not None and len(sheet.cells) <= _META_ROWS and (rule is None or rule.columns is None)
                    and _find_header(sheet, job.table) is None):
                meta.update(_metadata(sheet))
        given = {k: v for k, v in (job.fill or {}).items() if v}
        if mapping is not None:
            given = {**{k: v for k, v in (("unit", mapping.unit), ("period", mapping.period)) if v}, **given}
        fill = fills[index] = {**meta, **given}
        for position, sheet in enumerate(sheets):
            rule = rules.get(id(sheet))
            where = sheet.file + (f"[{sheet.sheet}]" if sheet.sheet else "")
            if rule is not None and rule.columns is None:
                listed[index].append({"file": where, "why": "sheet_ignored"})
                sheets_of[index].append(None)
                continue
            columns = rule.columns if rule is not None else None
            found = _prepare(sheet, columns.table if columns else job.table, problems[index], columns, fill)
            if isinstance(found, _Prepared):
                skips = mapping.skips if mapping is not None else None
                groups.setdefault((found.alike(), id(columns), id(skips)), []).append((index, position, found))
                sheets_of[index].append(found)
            elif found:
                sheets_of[index].append(found[1])
            else:
                sheets_of[index].append(None)
                if sheet.sheet is not None:
                    listed[index].append(_unread_sheet(sheet, where, problems[index]))
    for members in groups.values():
        index, _, first = members[0]
        mapping = jobs[index].mapping
        rule = _rule_of(first.sheet, mapping) if mapping is not None else None
        frames = _parse([m[2] for m in members], registry, today, [problems[m[0]] for m in members],
                        rule.columns if rule is not None else None, allow_period_outside,
                        mapping.skips if mapping is not None else None)
        for (index, position, _), frame in zip(members, frames):
            sheets_of[index][position] = frame
    return [_file_tables(job, problems[i], sheets_of[i], listed[i], fills[i], firsts[i]) for i, job in enumerate(jobs)]


def _file_tables(job: FileJob, problems: list[Problem], frames: list, listed: list[dict],
                 fill: dict[str, str], first: RawSheet | None) -> "dict[str, pd.DataFrame] | InputError":
    """One file's tables (its sheets' frames joined per table) or its problems; ``first`` is its first sheet
    with cells (the columns an unknown table is told by)."""
    tables: dict[str, list[pd.DataFrame]] = {}
    for frame in frames:
        if frame is not None:
            tables.setdefault(_table_of(frame), []).append(frame)
    if job.mapping is None:
        problems += _same_table_sheets(tables)
    if not tables and not problems:
        columns = ", ".join(c for c in first.cells.iloc[0] if c) if first is not None else ""
        problems.append(Problem(Path(job.path).name, None, None, "unknown_table", {"columns": columns},
                                first.sheet if first is not None else None))
    if problems:
        return InputError(problems)
    out = {}
    for name, parts in tables.items():
        frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        frame.attrs = {"headers": {k: v for p in parts for k, v in p.attrs.get("headers", {}).items()},
                       "skipped": [s for p in parts for s in p.attrs.get("skipped", [])], "sheets": listed,
                       **{k: v for k, v in fill.items() if k in ("unit", "period")}}
        out[name] = frame
    return out


def _table_of(frame: pd.DataFrame) -> str:
    """The table a validated frame holds (its columns are that table's, in order)."""
    columns = [c for c in frame.columns if not c.startswith("_")]
    return next(name for name, table in TABLES.items() if list(table.columns) == columns)


_META_ROWS = 40  # an information sheet is short; a long sheet is never scanned for it


def _rule_of(sheet: RawSheet, mapping):
    """The mapping's rule for a sheet. A CSV has no sheet name: the rule of the table whose mapped header its rows
    carry (the mapping's columns found), so a workbook's mapping reads a CSV exported from one of its sheets."""
    if sheet.sheet is not None:
        return mapping.rule_for(sheet.sheet)
    fitting = [(count, i, rule) for i, rule in enumerate(mapping.sheets) if rule.columns is not None
               and (count := _mapped_columns_found(sheet, rule.columns))]
    if not fitting:
        return mapping.rule_for(None)
    return max(fitting, key=lambda found: (found[0], -found[1]))[2]


def _mapped_columns_found(sheet: RawSheet, columns) -> int:
    """How many of a column mapping's columns the sheet's header names (0 when its header is not found)."""
    position = _find_mapped_header(sheet, columns)
    if position is None:
        return 0
    return sum(1 for cell, path in zip(_header_cells(sheet, position), _header_paths(sheet, position))
               if cell and columns.named_by(cell, path)[0])


def _same_table_sheets(tables: dict[str, list[pd.DataFrame]]) -> list[Problem]:
    """Two sheets of one workbook that carry the same table with no mapping to say which is the data (a corrected
    copy "Sheet1 (2)" beside its original): a question for the sender, never a silent pick."""
    out = []
    for name, parts in tables.items():
        where = [w for p in parts for w in p.attrs.get("headers", {})]
        sheets = [w for w in where if w.endswith("]") and "[" in w]
        if len(sheets) > 1:
            file = sheets[0].split("[", 1)[0]
            names = ", ".join(f"«{w.split('[', 1)[1][:-1]}»" for w in sheets)
            out.append(Problem(file, None, None, "same_table_sheets",
                               {"table": words.pair(TABLES[name].vi, TABLES[name].en), "sheets": names}))
    return out


def _unread_sheet(sheet: RawSheet, where: str, problems: list[Problem]) -> dict:
    """A sheet read as no table: the information sheet or one without data (a note, listed), or
    one that looks like a table it is not complete enough to be (a problem naming what it lacks)."""
    if _metadata(sheet):
        return {"file": where, "why": "sheet_information"}
    near = _nearest_table(sheet)
    if near is not None:
        table, missing = near
        problems.append(Problem(sheet.file, None, None, "sheet_not_read",
                                {"table": words.pair(table.vi, table.en),
                                 "missing": words.each(lambda lang: ", ".join(words.pick(f, lang) for f in missing))},
                                sheet.sheet))
        return {"file": where, "why": "sheet_not_read"}
    return {"file": where, "why": "sheet_no_table"}


def _nearest_table(sheet: RawSheet) -> tuple[Table, list[Field]] | None:
    """The table a sheet's header row most looks like (two or more of its columns named), and
    the required columns it lacks; None when no row names two columns of any table."""
    best: tuple[int, Table, list[Field]] | None = None
    for position in range(min(HEADER_SEARCH_ROWS, len(sheet.cells))):
        keys = {match_key(cell) for cell in _header_cells(sheet, position) if cell}
        for table in TABLES.values():
            known = _HEADER_KEYS[table.name]
            named = {known[k].name for k in keys if k in known}
            if len(named) >= 2 and (best is None or len(named) > best[0]):
                best = (len(named), table, [f for f in table.fields if f.required and f.name not in named])
    return None if best is None else (best[1], best[2])


class NotAFile(ToldError, ValueError):
    """A folder inside a submission folder named like a data file (``a.csv/``): told, not read as a file."""


def data_files(folder: Path) -> list[Path]:
    """The data files of a submission folder, by name; a folder among them named like one is refused (NotAFile)."""
    found = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$")))
    for path in found:
        if path.is_dir():
            raise NotAFile("intake.folder_named_like_file", path=path, folder=folder)
    return found


def load_dataset(sources: Path | str | list[Path | str], registry: UnitRegistry | None = None,
                 today: date | None = None, rule: str = "official") -> Dataset:
    """Every file of a folder (or a list of files) as one validated Dataset."""
    if isinstance(sources, (str, Path)) and Path(sources).is_dir():
        files = data_files(Path(sources))
    else:
        files = [Path(s) for s in ([sources] if isinstance(sources, (str, Path)) else sources)]
    registry = registry or load_registry()
    problems: list[Problem] = []
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
    headers: dict[str, dict[str, str]] = {}
    for path in files:
        try:
            for name, frame in load_file(path, registry=registry, today=today).items():
                parts[name].append(frame)
                headers.update(frame.attrs.get("headers", {}))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    tables = {name: (pd.concat(frames, ignore_index=True) if frames else empty_table(TABLES[name]))
              for name, frames in parts.items()}
    dataset = Dataset(**tables, files=[str(p) for p in files], headers=headers)
    check_dataset(dataset, rule)
    return dataset.categorize()


def check_dataset(dataset: Dataset, rule: str = "official", links: bool = True) -> None:
    """Checks across records and files; raises InputError with every problem."""
    from tipmonitor.intake.checks import dataset_problems

    problems = dataset_problems(dataset, rule, links)
    if problems:
        raise InputError(problems)


def load_tables_from_text(tables: dict[str, pd.DataFrame], registry: UnitRegistry | None = None,
                          today: date | None = None, rule: str = "official", source: str = "<memory>") -> Dataset:
    """A Dataset from in-memory text tables (column names as headers), through the same checks as files."""
    registry = registry or load_registry()
    today = today or date.today()
    problems: list[Problem] = []
    parts: dict[str, pd.DataFrame] = {}
    headers: dict[str, dict[str, str]] = {}
    for name, frame in tables.items():
        cells = pd.concat([pd.DataFrame([list(frame.columns)]), pd.DataFrame(frame.astype(str).to_numpy())], ignore_index=True)
        sheet = RawSheet(f"{source}/{name}", None, cells.fillna(""), 1, excel=False)
        found = _interpret(sheet, name, registry, today, problems)
        if found:
            parts[name] = found[1]
            headers.update(found[1].attrs.get("headers", {}))
    if problems:
        raise InputError(problems)
    dataset = Dataset(**{name: parts.get(name, empty_table(TABLES[name])) for name in TABLES}, headers=headers)
    check_dataset(dataset, rule)
    return dataset.categorize()


# For intake/drafting.py, which reads sheets the way this module does.
header_cells = _header_cells
header_paths = _header_paths
repeated_header = _repeated_header
interpret_sheet = _interpret
