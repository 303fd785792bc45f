"""The city's configuration (params/city.yaml): which city, its plan of each year, cut-off rule, baseline year
and disclosure threshold."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field

from tipmonitor.core import paths, words
from tipmonitor.core.settings import Settings, Words, load_settings


class Plan(Settings):
    """The city's plan of one year: its number and date when verified (left empty when not), title and source."""

    model_config = ConfigDict(frozen=True)
    code: str | None = Field(None, min_length=1)
    date: dt.date | None = None
    title: Words
    source: str = Field(min_length=1)  # where the number (or the lack of one) comes from


class CityConfig(Settings):
    """params/city.yaml, validated (core/settings.py)."""

    model_config = ConfigDict(frozen=True)
    province_code: str = Field(pattern=r"^\d{2}$")
    name: Words
    committee: Words
    plans: dict[int, Plan] = Field(min_length=1)  # the plan of each plan year
    cutoff_rule: Literal["official", "calendar"] = "official"
    reporting_lag_working_days: int = Field(2, ge=0, le=30)
    baseline_year: int = Field(2022, ge=2000, le=2100)  # the default baseline wherever one is chosen
    public_threshold: int = Field(10, ge=1, le=1000)
    private_files: bool = True

    def city_name(self, lang: str = "vi") -> str:
        return words.pick(self.name, lang)

    def plan(self, year: int) -> Plan | None:
        """The city's plan of ``year``, None when params/city.yaml has none for it."""
        return self.plans.get(year)


@lru_cache(maxsize=8)
def _load(path: Path) -> CityConfig:
    return load_settings(path, CityConfig)


def city_config(path: Path | None = None) -> CityConfig:
    return _load(Path(path) if path else paths.params_dir() / "city.yaml")
