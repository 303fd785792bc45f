"""The parameters of a report: the notebooks' parameters cells and params/notebooks/*.yaml.

``ReportSettings`` holds what every report page takes (data, language, cut-off rule,
audience, public threshold, baseline year) and is shared with the run files
(run/runner.py). Left empty, the baseline year and the public threshold are the
city's (params/city.yaml); a threshold below the city's is refused. The notebook
parameter files that analysts pass to papermill (``-f params/notebooks/quarter.yaml``)
are validated by ``NotebookParameters`` through core/settings.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from tipmonitor.core.settings import Settings, load_settings, refuse
from tipmonitor.model import periods


class ReportSettings(Settings):
    data: str = "data/store.duckdb"
    lang: Literal["vi", "en"] = "vi"
    rule: Literal["official", "calendar"] = "official"
    audience: Literal["internal", "public"] = "internal"
    public_threshold: int | None = Field(None, ge=1, le=1000)  # None: params/city.yaml; never lower than it
    baseline_year: int | None = Field(None, ge=2000, le=2100)  # None: params/city.yaml

    @model_validator(mode="after")
    def _city_defaults(self):
        from tipmonitor.metrics.disclosure import ThresholdTooLow, public_threshold
        from tipmonitor.model.city import city_config

        try:
            public_threshold(self.public_threshold)
        except ThresholdTooLow as error:
            raise refuse("settings_threshold_below_city", at=("public_threshold",), **error.values) from None
        if self.baseline_year is None:
            self.baseline_year = city_config().baseline_year
        return self


class NotebookParameters(ReportSettings):
    """Every parameter of the report notebooks (tests/test_settings.py checks it against their parameters cells)."""

    period: str
    data: str | None = None  # type: ignore[assignment]  # None: the store the commands use (present/report.data_location)
    today: str | None = None  # treat this ISO date as today
    results: str | None = None  # the folder where a run stored its results of the period (metrics/results.py)
    unit: str | None = None  # unit_profile
    trend_units: list[str] = []  # period_report

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        try:
            return periods.parse(value).label
        except periods.PeriodError as error:  # what is wrong with it ("there is no quarter 5")
            raise refuse("period_refused", problem=error) from None

    @field_validator("today")
    @classmethod
    def _today(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise refuse("settings_date", value=value) from None
        return value


def load_notebook_parameters(path: Path | str) -> NotebookParameters:
    return load_settings(path, NotebookParameters)
