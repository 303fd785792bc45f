"""The validated input every layer passes on: one typed table per input table of the schema.

Intake builds a ``Dataset`` from files (intake/loading.py), the store from its current submissions
(store/database.py); metrics, present and run read it and never change it. Each table has the
fields of model/schema.py with their loaded dtypes (dates ``datetime64[s]``, counts ``Int64``,
everything else ``string``, units and coded values categorical once ``categorize``d), plus
``_file`` and ``_row``: where each record came from, so a finding can point back at its line.
"""

from __future__ import annotations

from dataclasses import InitVar, dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from tipmonitor.model.schema import TABLES, Table

if TYPE_CHECKING:
    from tipmonitor.model.successions import Successions
    from tipmonitor.model.units import UnitRegistry


def empty_table(table: Table) -> pd.DataFrame:
    """A table with no rows and the dtypes of a loaded one."""
    return _empty(table.name).copy()


@lru_cache(maxsize=None)
def _empty(name: str) -> pd.DataFrame:
    table = TABLES[name]
    columns = {}
    for f in table.fields:
        if f.kind == "date":
            columns[f.name] = pd.Series([], dtype="datetime64[s]")
        elif f.kind == "int":
            columns[f.name] = pd.Series([], dtype="Int64")
        else:
            columns[f.name] = pd.Series([], dtype="string")
    columns["_file"] = pd.Series([], dtype="string")
    columns["_row"] = pd.Series([], dtype="int64")
    return pd.DataFrame(columns)


def _empty_of(name: str):
    return lambda: empty_table(TABLES[name])


@dataclass(eq=False)
class Dataset:
    """The validated input: one DataFrame per table, and where each came from.

    Treated as read-only once built: results computed from it are cached by identity, and the
    same object is handed to every notebook of a warm kernel. ``unit_registry`` and ``successions`` (init
    only) are the unit registry and hand-overs used to fill the cases' empty stage units
    (model/stage_units.py); the city's own files are read when they are not given.
    """

    crime_reports: pd.DataFrame
    cases: pd.DataFrame
    victims: pd.DataFrame
    aggregates: pd.DataFrame
    activities: pd.DataFrame = field(default_factory=_empty_of("activities"))
    unit_texts: pd.DataFrame = field(default_factory=_empty_of("unit_texts"))
    # The procuracies' and courts' own registers (issue #27): one row per acceptance of a case.
    procuracy_register: pd.DataFrame = field(default_factory=_empty_of("procuracy_register"))
    court_register: pd.DataFrame = field(default_factory=_empty_of("court_register"))
    files: list[str] = field(default_factory=list)
    # The header each file used for each field: {file: {field: header}}, so problems found
    # across files name the column as the user wrote it.
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    unit_registry: InitVar[UnitRegistry | None] = None
    successions: InitVar[Successions | None] = None
    # Cases' empty procuracy and court units filled when the dataset is built (model/stage_units.py): the
    # cells filled (file, row, column, the case's unit, the unit put in), for the data-quality page.
    stage_units_inferred: pd.DataFrame = field(init=False)
    # Per measure family, the units in the data that began by taking that work over, and the day (carried-over work,
    # model/stage_units.py carried_over_starts; metrics/counts.py carried_over_entries).
    carried_over: dict[str, dict[str, date]] = field(init=False)

    def __post_init__(self, unit_registry: UnitRegistry | None, successions: Successions | None) -> None:
        from tipmonitor.model.stage_units import carried_over_starts, fill_stage_units
        from tipmonitor.model.successions import load_successions
        from tipmonitor.model.units import load_registry

        registry = unit_registry if unit_registry is not None else load_registry()
        self.cases, self.stage_units_inferred = fill_stage_units(
            self.cases, registry, successions if successions is not None else load_successions())
        self.carried_over = carried_over_starts({"reports": self.crime_reports, "investigation": self.cases}, registry)

    def header(self, file: str, name: str, default: str) -> str:
        """The header ``file`` used for field ``name`` (``default`` when it is not known)."""
        return self.headers.get(file, {}).get(name, default)

    @classmethod
    def empty(cls) -> Dataset:
        return cls(**{name: empty_table(TABLES[name]) for name in TABLES})

    def table(self, name: str) -> pd.DataFrame:
        """The table called ``name`` in model/schema.py."""
        frame: pd.DataFrame = getattr(self, name)
        return frame

    def categorize(self) -> Dataset:
        """Units and coded values as categoricals: less memory, and counting needs no string hashing."""
        for name, table in TABLES.items():
            frame = self.table(name)
            for f in table.fields:
                if f.kind in ("unit", "choice", "choices") and f.name in frame and not isinstance(frame[f.name].dtype, pd.CategoricalDtype):
                    frame[f.name] = frame[f.name].astype("category")
        return self

    def summary(self) -> pd.DataFrame:
        """Row counts per table and unit (no record-level content)."""
        parts = []
        for name in TABLES:
            frame = self.table(name)
            if len(frame):
                counts = frame.groupby("unit").size().rename("rows").reset_index()
                counts.insert(0, "table", name)
                parts.append(counts)
        if not parts:
            return pd.DataFrame(columns=["table", "unit", "rows"])
        return pd.concat(parts, ignore_index=True)
