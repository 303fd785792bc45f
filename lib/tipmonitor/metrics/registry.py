"""The indicator registry (params/indicators.yaml) and the targets of each plan year.

An indicator is a numerator over a denominator, each a signed sum of measures
from the counts cube, with its method, labels and the plan clause it comes from;
its target (comparison and value) lives in params/targets/<year>.yaml because it
changes with the plan year. Both are validated on load by their models here
(core/settings.py): an unknown measure, a missing label, a bad comparison or a
target key the registry does not use stops with a message naming the file and key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from tipmonitor.core import paths, words
from tipmonitor.core.settings import SettingProblem, Settings, SettingsError, Words, load_settings, refuse
from tipmonitor.model.measures import BREAKDOWNS, parse_measure

LOWER_OPS = ("<", "<=")  # for indicators where lower is better (overdue reports)
# A target as printed ("trên 90%", "≥ 95%", "dưới 5%", "≤ 5%") and its comparison alone (a table column).
TARGET_WORDS = {">": "target.above", ">=": "target.at_least", "<": "target.below", "<=": "target.at_most"}
OP_WORDS = {">": "target.op_above", ">=": "target.op_at_least", "<": "target.op_below", "<=": "target.op_at_most"}


@dataclass(frozen=True)
class Expression:
    """A signed sum of measures: 'a + b - c' -> ((+1, 'a'), (+1, 'b'), (-1, 'c'))."""

    terms: tuple[tuple[int, str], ...]

    @classmethod
    def parse(cls, text: str) -> "Expression":
        """The expression, or the settings error (core/settings.refuse) saying what in it is wrong."""
        tokens = [t.strip() for t in re.split(r"([+-])", str(text)) if t.strip()]
        terms: list[tuple[int, str]] = []
        sign = 1
        expect_term = True
        for token in tokens:
            if token in "+-":
                if expect_term and terms:
                    raise refuse("settings_not_a_sum", text=text)
                sign = 1 if token == "+" else -1
                expect_term = True
                continue
            try:
                parse_measure(token)
            except KeyError:
                raise refuse("settings_unknown_measure", measure=token, text=text) from None
            terms.append((sign, token))
            sign, expect_term = 1, False
        if not terms or expect_term:
            raise refuse("settings_not_a_sum", text=text)
        return cls(tuple(terms))

    @property
    def measures(self) -> list[str]:
        return [m for _, m in self.terms]

    def __str__(self) -> str:
        out = ""
        for sign, measure in self.terms:
            out += (" - " if sign < 0 else (" + " if out else "")) + measure
        return out.strip()


@dataclass(frozen=True)
class Indicator:
    id: str
    label: dict
    short: dict
    method: str
    numerator: Expression
    denominator: Expression
    pending: Expression | None
    target: str | None
    source: str
    better: str = "higher"
    item: dict | None = None  # what the denominator counts ("tin báo", "vụ án", "nạn nhân"): the unit of a gap
    item_one: dict | None = None  # the same for a count of one, where the language says it otherwise ("1 report")

    def name(self, lang: str = "vi", short: bool = False) -> str:
        return words.pick(self.short if short else self.label, lang)

    def items(self, count: int, lang: str = "vi") -> str:
        """ "3 nạn nhân", "1 tin báo": a count of what the indicator counts (its registry ``item``)."""
        from tipmonitor.core.formatting import format_count

        shown = format_count(count, lang)
        item = self.item_one if count == 1 and self.item_one else self.item
        return f"{shown} {words.pick(item, lang)}" if item else shown


@dataclass(frozen=True)
class Distribution:
    id: str
    measure: str
    dimension: str
    label: dict
    shown_from: date | None = None  # a split the data model has from that day only (the 2024 Law's, #29)

    def shown_for(self, end: date) -> bool:
        """Whether a period ending on ``end`` shows this split (it covers a day from ``shown_from``)."""
        return self.shown_from is None or end >= self.shown_from


@dataclass(frozen=True)
class Registry:
    indicators: dict[str, Indicator]
    distributions: dict[str, Distribution]

    def targeted(self) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.target]

    def measures(self) -> set[str]:
        out: set[str] = set()
        for i in self.indicators.values():
            out |= set(i.numerator.measures) | set(i.denominator.measures) | set(i.pending.measures if i.pending else [])
        return out


@dataclass(frozen=True)
class Target:
    key: str
    op: str
    value: Fraction
    clause: str

    def describe(self, lang: str = "vi") -> str:
        from tipmonitor.core.formatting import format_rate

        shown = format_rate(self.value.numerator, self.value.denominator, lang, decimals=0)
        return words.say(TARGET_WORDS[self.op], lang, rate=shown)

    @property
    def lower_is_better(self) -> bool:
        return self.op in LOWER_OPS


@dataclass(frozen=True)
class Targets:
    year: int
    plan: dict[str, str]  # the targets' source, as the file writes it, in each language (words.pick)
    by_key: dict[str, Target]
    file: str
    assumed_from: int | None = None  # the year whose targets stand in while this year's are not entered


# --- the files, as validated by core/settings.py ------------------------------------------

def _expression(value) -> Expression:
    return value if isinstance(value, Expression) else Expression.parse(value)


Formula = Annotated[Expression, BeforeValidator(_expression)]


class IndicatorSpec(Settings):
    model_config = ConfigDict(arbitrary_types_allowed=True)
    label: Words
    short: Words | None = None  # default: the label
    method: Literal["pipeline", "cohort", "share"]
    numerator: Formula
    denominator: Formula
    pending: Formula | None = None
    target: str | None = None
    source: str = Field(min_length=1)
    better: Literal["higher", "lower", "neutral"] = "higher"
    item: Words | None = None  # what the denominator counts, named in "còn thiếu 3 nạn nhân"
    item_one: Words | None = None  # the item for a count of one (English "1 report"); default: ``item``

    @model_validator(mode="after")
    def _pipeline_has_pending(self) -> "IndicatorSpec":
        if self.method == "pipeline" and self.pending is None:
            raise refuse("settings_pending_needed", at=("pending",))
        if self.target and self.item is None:
            raise refuse("settings_item_needed", at=("item",))
        return self


class DistributionSpec(Settings):
    measure: str
    dimension: str
    label: Words
    shown_from: date | None = None

    @model_validator(mode="after")
    def _can_split(self) -> "DistributionSpec":
        try:
            parse_measure(f"{self.measure}[{self.dimension}=x]")
        except KeyError:
            raise refuse("settings_cannot_split", at=("dimension",), measure=self.measure, dimension=self.dimension,
                         allowed=", ".join(BREAKDOWNS.get(self.measure, ())) or "-") from None
        return self


class RegistryFile(Settings):
    """params/indicators.yaml."""

    indicators: dict[str, IndicatorSpec] = Field(min_length=1)
    distributions: dict[str, DistributionSpec] = {}


@lru_cache(maxsize=4)
def load_registry(path: Path | None = None) -> Registry:
    path = Path(path) if path else paths.params_dir() / "indicators.yaml"
    spec = load_settings(path, RegistryFile)
    indicators = {
        key: Indicator(id=key, label=i.label, short=i.short or i.label, method=i.method, numerator=i.numerator,
                       denominator=i.denominator, pending=i.pending, target=i.target, source=i.source, better=i.better,
                       item=i.item, item_one=i.item_one)
        for key, i in spec.indicators.items()}
    distributions = {key: Distribution(key, d.measure, d.dimension, d.label, d.shown_from)
                     for key, d in spec.distributions.items()}
    return Registry(indicators, distributions)


def _fraction(value) -> Fraction:
    try:
        fraction = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise refuse("settings_fraction", value=value) from None
    if not 0 <= fraction <= 1 or isinstance(value, bool):
        raise refuse("settings_fraction", value=value)
    return fraction


class TargetSpec(Settings):
    model_config = ConfigDict(arbitrary_types_allowed=True)
    op: Literal[">", ">=", "<", "<="]  # ">" where the plan says "trên" (above); "<", "<=" where lower is better
    value: Annotated[Fraction, BeforeValidator(_fraction)]
    clause: str = ""


class TargetsFile(Settings):
    """params/targets/<plan year>.yaml; its keys are the registry's ``target`` keys (context ``keys``)."""

    plan: str | Words = ""  # one text (an identifier, the same in every language) or {vi, en}
    targets: dict[str, TargetSpec] = {}
    assumed_from: int | None = None  # this year's targets not entered yet: the given year's stand in

    @model_validator(mode="after")
    def _targets_or_assumed(self) -> "TargetsFile":
        if bool(self.targets) == (self.assumed_from is not None):
            raise refuse("settings_targets_or_assumed", at=("targets",))
        return self

    @field_validator("targets")
    @classmethod
    def _known_keys(cls, value: dict, info: ValidationInfo) -> dict:
        known = (info.context or {}).get("keys")
        for key in value:
            if known is not None and key not in known:
                raise refuse("bad_choice", at=(key,), value=key, allowed=", ".join(known))
        return value


@lru_cache(maxsize=16)
def load_targets(year: int, folder: Path | None = None) -> Targets | None:
    """The targets of a plan year, or None when there is no file for that year (never another year's)."""
    folder = Path(folder) if folder else paths.params_dir() / "targets"
    path = folder / f"{year}.yaml"
    if not path.is_file():
        return None
    keys = [i.target for i in load_registry().targeted()]
    spec = load_settings(path, TargetsFile, context={"keys": keys})
    plan: dict[str, str] = words.each(lambda _: spec.plan) if isinstance(spec.plan, str) else {str(k): v for k, v in spec.plan.items()}
    if spec.assumed_from is not None:
        assumed = load_targets(spec.assumed_from, folder) if spec.assumed_from != year else None
        if assumed is None or assumed.assumed_from is not None:
            raise SettingsError(str(path), [SettingProblem("assumed_from", "settings_assumed_missing",
                                                           {"value": spec.assumed_from})])
        return Targets(year, plan, assumed.by_key, str(path), spec.assumed_from)
    by_key = {key: Target(key, t.op, t.value, t.clause) for key, t in spec.targets.items()}
    return Targets(year, plan, by_key, str(path))
