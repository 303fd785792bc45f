"""What a public edition protects, declared as data (params/disclosure.yaml).

Each measure family and each breakdown describes persons or events; each geography level (the
city, a unit) is published or protected. The primary rule (docs/security.md, section 3): with the
threshold T, a count 1..T-1 of a protected level, and a count 1..T-1 in a breakdown of persons at
any level, is protected; 0 describes nobody and is not; the city's totals are published.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import ConfigDict

from tipmonitor.core import paths
from tipmonitor.core.settings import Settings, load_settings

Kind = Literal["persons", "events"]


class Sensitivity(Settings):
    """params/disclosure.yaml, validated."""

    model_config = ConfigDict(frozen=True)
    families: dict[str, Kind]
    measures: dict[str, Kind] = {}
    breakdowns: dict[str, Kind]
    levels: dict[Literal["city", "unit"], Literal["published", "protected"]]

    def describes(self, column: str) -> Kind:
        """What a cube column counts: a breakdown by its dimension, a measure by itself or its family."""
        if "[" in column:
            dimension = column.split("[", 1)[1].split("=", 1)[0]
            if self.breakdowns.get(dimension) == "persons":
                return "persons"
            column = column.split("[", 1)[0]
        if column in self.measures:
            return self.measures[column]
        return self.families.get(column.split(".", 1)[0], "persons")  # an undeclared family is protected

    def persons_breakdown(self, column: str) -> bool:
        """A category of a breakdown of persons (victims by sex...), protected at every level."""
        if "[" not in column:
            return False
        dimension = column.split("[", 1)[1].split("=", 1)[0]
        return self.breakdowns.get(dimension, "persons") == "persons"

    def protects(self, level: str, column: str) -> bool:
        """Whether a count 1..T-1 of this level and column is protected."""
        return self.levels.get(level, "protected") == "protected" or self.persons_breakdown(column)  # type: ignore[call-overload]

    def mask(self, values: np.ndarray, is_city: np.ndarray, columns: list[str], threshold: int) -> np.ndarray:
        """The primary rule over an array whose last axis is ``columns``; ``is_city`` broadcasts against it
        (True on the city's rows). Missing values are not counts."""
        small = ~np.isnan(values) & (values >= 1) & (values < threshold)
        city_protects = np.array([self.protects("city", c) for c in columns])
        unit_protects = np.array([self.protects("unit", c) for c in columns])
        return small & np.where(is_city, city_protects, unit_protects)


@lru_cache(maxsize=4)
def _load(path: Path) -> Sensitivity:
    return load_settings(path, Sensitivity)


def sensitivity(path: Path | None = None) -> Sensitivity:
    return _load(Path(path) if path else paths.params_dir() / "disclosure.yaml")
