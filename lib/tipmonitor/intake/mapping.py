"""Column-mapping files for units that keep their own layout (params/mappings/*.yaml).

A unit whose files have their own column titles, order and outcome words gets a
mapping: its header -> our field (or ``ignore``), and for choice fields its words ->
our codes. With a mapping, every column of the file must be in it: a column the
mapping does not name is reported, never guessed.

    table: crime_reports
    unit: "002"                      # optional: the unit that uses this layout
    columns:
      "Số hiệu": report_id
      "Ngày nhận": received_date
      "Ghi chú": ignore
    values:
      decision: {"KT": initiate, "KKT": not_initiate}
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import model_validator

from tipmonitor.core.settings import Settings, Text, load_settings, read_text, refuse
from tipmonitor.core.text import match_key
from tipmonitor.model.schema import TABLES

IGNORE = "ignore"


@dataclass(frozen=True)
class ColumnMapping:
    name: str
    table: str
    columns: dict[str, str | None]  # header key -> field name (None: ignore)
    values: dict[str, dict[str, str]]  # field -> word key -> code
    unit: str | None = None
    text: str = ""  # the YAML as written, kept with archived submissions (recovery.py)

    def field_for(self, header: str) -> tuple[bool, str | None]:
        """(known, field): whether the mapping names this header, and the field it maps to."""
        key = match_key(header)
        if key in self.columns:
            return True, self.columns[key]
        return False, None


class MappingFile(Settings):
    """A column-mapping file, validated against the schema of its table (core/settings.py)."""

    table: Literal[tuple(TABLES)]
    unit: str | None = None
    columns: dict[Text, Text] = {}
    values: dict[str, dict[Text, Text]] = {}

    @model_validator(mode="after")
    def _fields_of_the_table(self) -> "MappingFile":
        fields = {f.name: f for f in TABLES[self.table].fields}
        for header, target in self.columns.items():
            if target != IGNORE and target not in fields:
                raise refuse("bad_choice", at=("columns", header), value=target, allowed=", ".join([*fields, IGNORE]))
        choice_fields = [name for name, f in fields.items() if f.choices]
        for name, words in self.values.items():
            if name not in choice_fields:
                raise refuse("bad_choice", at=("values", name), value=name, allowed=", ".join(choice_fields))
            codes = [c.code for c in fields[name].choices]
            for word, code in words.items():
                if code not in codes:
                    raise refuse("bad_choice", at=("values", name, word), value=code, allowed=", ".join(codes))
        return self


def load_mapping(path: Path | str, text: str | None = None) -> ColumnMapping:
    """A mapping file, or (``text`` given) a mapping's YAML named ``path``; SettingsError says what is wrong."""
    path = Path(path)
    text = read_text(path) if text is None else text
    spec = load_settings(path, MappingFile, text=text)
    columns = {match_key(header): None if target == IGNORE else target for header, target in spec.columns.items()}
    values = {name: {match_key(word): code for word, code in words.items()} for name, words in spec.values.items()}
    return ColumnMapping(path.name, spec.table, columns, values, spec.unit, text)
