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

import yaml

from tipmonitor.model.schema import TABLES
from tipmonitor.core.text import match_key


class MappingError(ValueError):
    pass


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


def load_mapping(path: Path | str, text: str | None = None) -> ColumnMapping:
    """A mapping file, or (``text`` given) a mapping's YAML named ``path``."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if text is None else text
    raw = yaml.safe_load(text) or {}
    where = path.name
    unknown = set(raw) - {"table", "unit", "columns", "values"}
    if unknown:
        raise MappingError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    table = raw.get("table")
    if table not in TABLES:
        raise MappingError(f"{where}: 'table' must be one of {', '.join(TABLES)}")
    fields = {f.name: f for f in TABLES[table].fields}
    columns: dict[str, str | None] = {}
    for header, target in (raw.get("columns") or {}).items():
        if target != "ignore" and target not in fields:
            raise MappingError(f"{where}: column {header!r} maps to {target!r}, which is not a field of {table}")
        columns[match_key(header)] = None if target == "ignore" else target
    values: dict[str, dict[str, str]] = {}
    for name, words in (raw.get("values") or {}).items():
        if name not in fields or not fields[name].choices:
            raise MappingError(f"{where}: values given for {name!r}, which is not a choice field of {table}")
        codes = {c.code for c in fields[name].choices}
        for word, code in words.items():
            if code not in codes:
                raise MappingError(f"{where}: {name}: {word!r} maps to {code!r}; allowed: {', '.join(sorted(codes))}")
        values[name] = {match_key(word): code for word, code in words.items()}
    return ColumnMapping(where, table, columns, values, raw.get("unit"), text)
