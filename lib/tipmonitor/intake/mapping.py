"""Mapping files for units that keep their own layout (params/mappings/*.yaml), one per workbook layout.

A unit whose workbooks have their own sheets, column titles and words gets one mapping
for the whole workbook: per sheet (a name, or a pattern with ``*``) the table it holds
or ``ignore``; its header rows (detected when not given, merged two-row headers
included); its header -> our field (or ``ignore``), a header named by its title, by its path under a
two-row header ("Thụ lý / Số": the lower title "Số" under the upper "Thụ lý", which tells repeated lower titles
apart) or by its column letter ("K"); for choice fields its words -> our
codes (on top of params/vocabulary.yaml); and for the whole file the unit and period
when the rows do not carry them, and rows to leave out by pattern. With a mapping,
every column of a mapped sheet must be in it: a column it does not name is reported,
never guessed.

    unit: "002"
    skip_rows: ["^Cán bộ"]               # a row whose first text matches is left out, listed
    sheets:
      - sheet: "Tin báo"
        table: crime_reports
        header_rows: 2
        columns: {"Số hiệu": report_id, "Ngày nhận": received_date, "Ghi chú": ignore,
                  "Thụ lý / Số": register_number, "K": ignore}   # a header path, a column letter
        values: {decision: {"KT": initiate}}
      - sheet: "Hướng dẫn*"
        table: ignore

The single-table form (``table:``, ``columns:``, ``values:`` at the top) is one sheet
spec that applies to every sheet, as before.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import model_validator

from tipmonitor.core.settings import Settings, Text, load_settings, read_text, refuse
from tipmonitor.core.text import match_key
from tipmonitor.model.schema import TABLES

IGNORE = "ignore"


@dataclass(frozen=True)
class ColumnMapping:
    """How one sheet's columns and words map onto a table."""

    name: str
    table: str
    columns: dict[str, str | None]  # header key -> field name (None: ignore)
    values: dict[str, dict[str, str]]  # field -> word key -> code
    unit: str | None = None
    text: str = ""  # the YAML as written, kept with archived submissions (recovery.py)
    header_rows: int | None = None  # 1 or 2; None: found
    letters: dict[str, str | None] = field(default_factory=dict)  # column letter ("C") -> field (None: ignore)

    def field_for(self, header: str, path: str = "", letter: str = "") -> tuple[bool, str | None]:
        """(known, field): whether the mapping names this column, and the field it maps to. A column is named by
        its header path "Upper / Lower" (under a two-row header), by its title, or by its letter, in that order."""
        return self.named_by(header, path, letter)[:2]

    def named_by(self, header: str, path: str = "", letter: str = "") -> tuple[bool, str | None, str]:
        """field_for, and how the column was named: "path", "title", "letter" or "" (not named)."""
        if path and (key := match_key(path)) in self.columns:
            return True, self.columns[key], "path"
        key = match_key(header)
        if key in self.columns:
            return True, self.columns[key], "title"
        if letter and letter in self.letters:
            return True, self.letters[letter], "letter"
        return False, None, ""


@dataclass(frozen=True)
class SheetRule:
    pattern: str  # a sheet name, or a pattern with * and ?
    columns: ColumnMapping | None  # None: the sheet is ignored

    def matches(self, sheet: str | None) -> bool:
        return fnmatch.fnmatchcase(match_key(sheet or ""), match_key_pattern(self.pattern))


def match_key_pattern(pattern: str) -> str:
    """A sheet pattern compared like names are: no diacritics or case; * and ? kept."""
    return "*".join("?".join(match_key(part) for part in piece.split("?")) for piece in pattern.split("*"))


@dataclass(frozen=True)
class WorkbookMapping:
    """A whole workbook's mapping: its sheets, and the unit, period and rows to skip for all of them."""

    name: str
    sheets: tuple[SheetRule, ...]
    unit: str | None = None
    period: str | None = None
    skip_rows: tuple[str, ...] = ()
    text: str = ""
    tables: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tables", tuple(r.columns.table for r in self.sheets if r.columns))

    @property
    def table(self) -> str | None:
        """The table of a one-table mapping (None for a workbook of several)."""
        return self.tables[0] if len(self.tables) == 1 else None

    def field_for(self, header: str) -> tuple[bool, str | None]:
        """A one-table mapping's field for a header (ColumnMapping.field_for); (False, None) otherwise."""
        rules = [r.columns for r in self.sheets if r.columns]
        return rules[0].field_for(header) if len(rules) == 1 else (False, None)

    def rule_for(self, sheet: str | None) -> SheetRule | None:
        """The first rule naming this sheet (None: the mapping does not mention it)."""
        return next((r for r in self.sheets if r.matches(sheet)), None)

    def skips(self, text: str) -> bool:
        return any(re.search(p, text, re.IGNORECASE) for p in self.skip_rows)


class SheetSpec(Settings):
    sheet: Text
    table: Literal[(*TABLES, IGNORE)]  # type: ignore[valid-type]
    header_rows: Literal[1, 2] | None = None
    columns: dict[Text, Text] = {}
    values: dict[str, dict[Text, Text]] = {}

    @model_validator(mode="after")
    def _fields_of_the_table(self) -> "SheetSpec":
        if self.table != IGNORE:
            check_columns(self.table, self.columns, self.values)
        return self


def check_columns(table: str, columns: dict[str, str], values: dict[str, dict[str, str]]) -> None:
    """Every target a field of the table (or ignore), every word's code one of its field's codes."""
    fields = {f.name: f for f in TABLES[table].fields}
    for header, target in columns.items():
        if target != IGNORE and target not in fields:
            raise refuse("bad_choice", at=("columns", header), value=target, allowed=", ".join([*fields, IGNORE]))
    choice_fields = [name for name, f in fields.items() if f.choices]
    for name, words in values.items():
        if name not in choice_fields:
            raise refuse("bad_choice", at=("values", name), value=name, allowed=", ".join(choice_fields))
        codes = [c.code for c in fields[name].choices]
        for word, code in words.items():
            if code not in codes:
                raise refuse("bad_choice", at=("values", name, word), value=code, allowed=", ".join(codes))


class MappingFile(Settings):
    """A mapping file: either ``sheets`` (the workbook form) or ``table`` with its columns (one table)."""

    table: Literal[tuple(TABLES)] | None = None  # type: ignore[valid-type]
    unit: str | None = None  # text: a code such as "002" written 2 would lose its zeros
    period: Text | None = None
    skip_rows: list[Text] = []
    sheets: list[SheetSpec] = []
    columns: dict[Text, Text] = {}
    values: dict[str, dict[Text, Text]] = {}

    @model_validator(mode="after")
    def _one_form(self) -> "MappingFile":
        if self.table is None and not self.sheets:
            raise refuse("mapping_no_table", at=("sheets",))
        if self.table is not None and self.sheets:
            raise refuse("mapping_two_forms", at=("table",))
        if self.table is not None:
            check_columns(self.table, self.columns, self.values)
        for i, pattern in enumerate(self.skip_rows):
            try:
                re.compile(pattern)
            except re.error as error:
                raise refuse("mapping_bad_pattern", at=("skip_rows", i), value=pattern, detail=str(error)) from None
        if self.period is not None:
            from tipmonitor.model import periods

            try:
                periods.parse(self.period)
            except periods.PeriodError as error:  # what is wrong with it ("there is no quarter 5")
                raise refuse("period_refused", at=("period",), problem=error) from None
        return self


_LETTER = re.compile(r"^[A-Z]{1,3}$")


def _columns(name: str, table: str, columns: dict[str, str], values: dict[str, dict[str, str]], unit, text,
             header_rows=None) -> ColumnMapping:
    """A sheet's column mapping; a key of one to three capital letters ("C") names that column by its letter too
    (a column whose title is the same text is named by its title first)."""
    return ColumnMapping(name, table,
                         {match_key(header): None if target == IGNORE else target for header, target in columns.items()},
                         {field: {match_key(word): code for word, code in words.items()} for field, words in values.items()},
                         unit, text, header_rows,
                         {header: None if target == IGNORE else target for header, target in columns.items()
                          if _LETTER.match(header)})


def load_mapping(path: Path | str, text: str | None = None) -> WorkbookMapping:
    """A mapping file, or (``text`` given) a mapping's YAML named ``path``; SettingsError says what is wrong."""
    path = Path(path)
    text = read_text(path) if text is None else text
    spec = load_settings(path, MappingFile, text=text)
    if spec.table is not None:
        rules: tuple[SheetRule, ...] = (
            SheetRule("*", _columns(path.name, spec.table, spec.columns, spec.values, spec.unit, text)),)
    else:
        rules = tuple(SheetRule(s.sheet, None if s.table == IGNORE else
                                _columns(path.name, s.table, s.columns, s.values, spec.unit, text, s.header_rows))
                      for s in spec.sheets)
    return WorkbookMapping(path.name, rules, spec.unit, spec.period, tuple(spec.skip_rows), text)
