"""The activity registry (params/activities.yaml): what units report for each of the plan's five task groups.

A measure is a count a unit reports for a period (communication sessions, people reached,
victims received back from abroad...), with the task group it belongs to, the kinds of
unit expected to report it and how quarters combine into longer periods. Which kind a
unit is comes from the unit registry's ``body`` column, or, in a registry without it,
from its ``level`` (and a city agency's code, by the prefixes params/bodies.yaml gives each kind).
The kinds themselves are params/bodies.yaml's: no list of them is in code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import Field, ValidationInfo, model_validator

from tipmonitor.core import paths, words
from tipmonitor.core.settings import Settings, Text, Words, load_settings, refuse
from tipmonitor.model.units import load_bodies

GROUPS = (1, 2, 3, 4, 5)
SECTIONS = ("results", "difficulties", "proposals")


class MeasureSpec(Settings):
    group: int
    label: Words
    unit: Words
    unit_one: Words | None = None  # the word after a count of 1 where the language says it otherwise ("1 plan")
    reporters: list[Text] = Field(min_length=1)  # kinds of unit of params/bodies.yaml
    combine: Literal["sum", "max"] = "sum"


class ActivityFile(Settings):
    """params/activities.yaml."""

    task_groups: dict[int, Words]
    measures: dict[str, MeasureSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _groups_known(self, info: ValidationInfo) -> "ActivityFile":
        if sorted(self.task_groups) != list(GROUPS):
            raise refuse("settings_task_groups", at=("task_groups",), allowed=", ".join(map(str, GROUPS)))
        kinds = load_bodies((info.context or {}).get("bodies")).kinds
        for key, spec in self.measures.items():
            if spec.group not in self.task_groups:
                raise refuse("settings_task_groups", at=("measures", key, "group"), allowed=", ".join(map(str, GROUPS)))
            for i, reporter in enumerate(spec.reporters):
                if reporter not in kinds:
                    raise refuse("bad_choice", at=("measures", key, "reporters", i), value=reporter, allowed=", ".join(kinds))
        return self


@dataclass(frozen=True)
class Activity:
    id: str
    group: int
    label: dict  # {vi, en}
    unit: dict  # {vi, en}: the word after the number
    reporters: tuple[str, ...]
    combine: str
    unit_one: dict | None = None  # {vi, en}: the word after 1, where it differs ("1 plan", "2 plans")

    def unit_word(self, shown: str, lang: str = "vi") -> str:
        """The word after a count as printed (``shown``): the singular after 1 only (words.is_one, the rule of every
        count's noun), so a withheld count ("*") or a missing one ("–") takes the plural whatever its value (the noun
        never tells a withheld 1)."""
        one = self.unit_one is not None and words.is_one(shown)
        return words.pick(self.unit_one if one else self.unit, lang)

    def name(self, lang: str = "vi") -> str:
        return words.pick(self.label, lang)

    def reader_name(self, lang: str = "vi") -> str:
        """The label for a reader of a document: without the data-entry hint of a yes/no measure ("(1 = đã ban
        hành)"), which tells the unit how to fill the form."""
        import re

        return re.sub(r"\s*\(1 = [^)]*\)$", "", self.name(lang))


@dataclass(frozen=True)
class Activities:
    groups: dict[int, dict]  # number -> {vi, en}
    measures: dict[str, Activity]

    def group_name(self, group: int, lang: str = "vi") -> str:
        return words.pick(self.groups[group], lang)

    def of_group(self, group: int) -> list[Activity]:
        return [m for m in self.measures.values() if m.group == group]


@lru_cache(maxsize=4)
def load_activities(path: Path | None = None) -> Activities:
    path = Path(path) if path else paths.params_dir() / "activities.yaml"
    bodies = path.parent / "bodies.yaml"  # the kinds of unit beside it (a copied params folder checks its own)
    spec = load_settings(path, ActivityFile, context={"bodies": bodies if bodies.is_file() else None})
    measures = {key: Activity(key, m.group, m.label, m.unit, tuple(m.reporters), m.combine, m.unit_one)
                for key, m in spec.measures.items()}
    return Activities(dict(spec.task_groups), measures)


def unit_bodies(table: pd.DataFrame) -> pd.Series:
    """Each unit's kind (district, commune, police...), by code: the ``body`` column, else from ``level``."""
    if "body" in table.columns:
        return pd.Series(table["body"].to_numpy(), index=table["code"].to_numpy())

    bodies = load_bodies()

    def guess(code: str, level: str) -> str:
        return level if level != "city" else bodies.of_agency(code.split("-", 1)[-1])

    return pd.Series([guess(c, lv) for c, lv in zip(table["code"], table["level"])], index=table["code"].to_numpy())
