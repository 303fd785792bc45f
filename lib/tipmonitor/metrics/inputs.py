"""Everything an evaluation reads, loaded once: the engine is a function of these inputs.

``evaluate(inputs, period)`` and ``trend(inputs, until)`` (metrics/evaluation.py) read no file:
what they need comes in an ``Inputs``, which ``load_inputs`` builds from the city's files (the
one place that reads them) and a test builds in memory, worked by hand. A run loads its inputs
once and evaluates each (period, audience) once (metrics/results.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tipmonitor.core import paths
from tipmonitor.core.settings import SettingsError
from tipmonitor.metrics.registry import Registry, Targets, load_registry, load_targets
from tipmonitor.model.dataset import Dataset
from tipmonitor.model.successions import Successions, load_successions
from tipmonitor.model.units import UnitRegistry
from tipmonitor.model.units import load_registry as load_units


@dataclass(frozen=True)
class PlanTargets:
    """The targets of each plan year that has a targets file (params/targets/<year>.yaml).

    A year whose file is wrong holds its error, told when that year is asked for: a draft of next year's
    targets with a mistake does not stop the report of a year before it."""

    by_year: dict[int, Targets] = field(default_factory=dict)
    errors: dict[int, SettingsError] = field(default_factory=dict)

    def of(self, year: int) -> Targets | None:
        """The year's targets, or None when the year has none (never another year's)."""
        if year in self.errors:
            raise self.errors[year]
        return self.by_year.get(year)

    @classmethod
    def only(cls, targets: Targets | None) -> PlanTargets:
        """One year's targets and no other (a test's, or a hand-made set)."""
        return cls({targets.year: targets} if targets is not None else {})


@dataclass(frozen=True)
class Baseline:
    """The baseline year, and its hand-entered counts (params/baseline/<year>.csv) where there are any."""

    year: int
    table: pd.DataFrame | None = None


@dataclass(frozen=True, eq=False)
class Inputs:
    """What an evaluation reads: the data, the units over time, the indicator registry, the plan years'
    targets, the baseline and the hand-overs of the 2025 reform."""

    data: Dataset
    units: UnitRegistry
    registry: Registry
    targets: PlanTargets
    baseline: Baseline
    successions: Successions


def load_plan_targets(folder: Path | None = None) -> PlanTargets:
    folder = Path(folder) if folder else paths.params_dir() / "targets"
    found, errors = {}, {}
    for path in sorted(folder.glob("*.yaml")):
        if path.stem.isdigit():
            try:
                targets = load_targets(int(path.stem), folder)
            except SettingsError as error:
                errors[int(path.stem)] = error
                continue
            if targets is not None:
                found[targets.year] = targets
    return PlanTargets(found, errors)


def load_inputs(data: Dataset, baseline_year: int | None = None) -> Inputs:
    """The city's inputs around ``data``: the unit registry, indicator registry, targets of every plan year,
    the baseline year's hand-entered table and the hand-overs, each read from its file (params/,
    data/reference/). ``baseline_year`` defaults to the city's (params/city.yaml)."""
    from tipmonitor.model.city import city_config
    from tipmonitor.store.sources import baseline_table

    year = baseline_year if baseline_year is not None else city_config().baseline_year
    units = load_units()
    return Inputs(data=data, units=units, registry=load_registry(), targets=load_plan_targets(),
                  baseline=Baseline(year, baseline_table(year, units=units)), successions=load_successions())
