"""The city's configuration (params/city.yaml): which city, plan, cut-off rule and baseline year."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from tipmonitor.core import paths, words
from tipmonitor.model.periods import check_rule


@dataclass(frozen=True)
class CityConfig:
    province_code: str
    name: dict
    committee: dict
    plan: dict
    cutoff_rule: str = "official"
    reporting_lag_working_days: int = 2
    baseline_year: int = 2022
    public_threshold: int = 10
    private_files: bool = True

    def city_name(self, lang: str = "vi") -> str:
        return words.pick(self.name, lang)


@lru_cache(maxsize=8)
def _load(path: Path) -> CityConfig:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    known = set(CityConfig.__dataclass_fields__)
    unknown = set(raw) - known
    if unknown:
        raise ValueError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
    config = CityConfig(**raw)
    check_rule(config.cutoff_rule)
    if not isinstance(config.public_threshold, int) or config.public_threshold < 1:
        raise ValueError(f"{path}: public_threshold must be a whole number of at least 1, not {config.public_threshold!r}")
    return config


def city_config(path: Path | None = None) -> CityConfig:
    return _load(Path(path) if path else paths.params_dir() / "city.yaml")
