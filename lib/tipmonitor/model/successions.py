"""Which unit took over which unit's work, from when, for which measures, and on what legal basis.

The 2025 reform ended the district police (1-3-2025), then districts, district courts and district
procuracies (1-7-2025). Their work passed to other units: the city police's investigation agency,
commune and ward police, regional courts and procuracies. ``data/reference/successions.csv`` lists
each hand-over as one row:

- ``predecessor``, ``successor``: unit codes of data/reference/units.csv;
- ``effective``: the first day the successor does the work (ISO date);
- ``scope``: the measure family handed over (the prefix of a measure name: ``reports``,
  ``investigation``, ``procuracy``, ``court``, ``victims``) or ``all``;
- ``weight``: the share of the predecessor's work that went to this successor (1 when whole; a
  fraction when a predecessor was split, as a district into communes: a comparison through it is
  an estimate);
- ``source``: the legal text that made the change (cited on the pages).

A comparison with the baseline year for a unit created by the reform goes through its
predecessors (metrics/evaluation.py); this module only knows the facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any
from pathlib import Path

import pandas as pd

from tipmonitor.core import paths

ALL = "all"
COLUMNS = ("province_code", "predecessor", "successor", "effective", "scope", "weight", "source")


@dataclass(frozen=True)
class Succession:
    predecessor: str
    successor: str
    effective: date
    scope: str
    weight: float
    source: str

    @property
    def whole(self) -> bool:
        return self.weight >= 1.0

    def covers(self, family: str) -> bool:
        """Whether this hand-over carries the measures of ``family`` (e.g. "court")."""
        return self.scope in (ALL, family)


@dataclass(frozen=True)
class Successions:
    """The hand-overs of one province."""

    items: tuple[Succession, ...]

    def predecessors(self, code: str, family: str | None = None) -> list[Succession]:
        """Hand-overs into ``code`` (for ``family`` only when given), oldest first."""
        return sorted((s for s in self.items if s.successor == code and (family is None or s.covers(family))),
                      key=lambda s: (s.effective, s.predecessor))

    def successors(self, code: str, family: str | None = None) -> list[Succession]:
        """Hand-overs out of ``code`` (for ``family`` only when given), oldest first."""
        return sorted((s for s in self.items if s.predecessor == code and (family is None or s.covers(family))),
                      key=lambda s: (s.effective, s.successor))


@lru_cache(maxsize=4)
def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def load_successions(province_code: str | None = None, path: Path | None = None) -> Successions:
    """The hand-overs of a province (the configured city's when not given); none when the file is absent."""
    from tipmonitor.model.city import city_config

    file = Path(path) if path else paths.reference_dir() / "successions.csv"
    if not file.exists():
        return Successions(())
    return _of_province(file, province_code or city_config().province_code)


@lru_cache(maxsize=8)
def _of_province(file: Path, province: str) -> Successions:
    table = _read(file)
    table = table[table["province_code"] == province]
    return Successions(tuple(
        Succession(r.predecessor, r.successor, date.fromisoformat(r.effective), r.scope, float(r.weight), r.source)
        for r in table.itertuples(index=False)))


def carried_over_from(registry: Any, code: str, family: str | None) -> date | None:
    """The day a unit (of ``registry``, a model/units.py UnitRegistry) began by taking over another unit's
    ``family`` work (its first day, a hand-over to it that day, params/handovers.yaml); None when it did not begin
    so. Its records of that work dated before then are carried-over work (docs/submissions.md)."""
    if family is None or code not in registry.table.index or not registry.table.loc[code, "valid_from"]:
        return None
    start = date.fromisoformat(str(registry.table.loc[code, "valid_from"]))
    handed = load_successions(registry.table.loc[code, "province_code"]).predecessors(code, family)
    return start if any(s.effective == start for s in handed) else None
