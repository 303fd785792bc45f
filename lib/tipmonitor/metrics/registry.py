"""The indicator registry (params/indicators.yaml) and the targets of each plan year.

An indicator is a numerator over a denominator, each a signed sum of measures
from the counts cube, with its method, labels and the plan clause it comes from;
its target (comparison and value) lives in params/targets/<year>.yaml because it
changes with the plan year. Both are validated on load: an unknown measure, a
missing label or a bad comparison stops with a message naming the file and key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import yaml

from tipmonitor.core import paths
from tipmonitor.model.measures import parse_measure

METHODS = ("pipeline", "cohort", "share")
OPS = (">", ">=", "<", "<=")
LOWER_OPS = ("<", "<=")  # for indicators where lower is better (overdue reports)


class RegistryError(ValueError):
    """A registry or targets file that cannot be used as it is."""


@dataclass(frozen=True)
class Expression:
    """A signed sum of measures: 'a + b - c' -> ((+1, 'a'), (+1, 'b'), (-1, 'c'))."""

    terms: tuple[tuple[int, str], ...]

    @classmethod
    def parse(cls, text: str, where: str) -> "Expression":
        tokens = [t.strip() for t in re.split(r"([+-])", str(text)) if t.strip()]
        terms, sign = [], 1
        expect_term = True
        for token in tokens:
            if token in "+-":
                if expect_term and terms:
                    raise RegistryError(f"{where}: two signs in a row in {text!r}")
                sign = 1 if token == "+" else -1
                expect_term = True
                continue
            try:
                parse_measure(token)
            except KeyError:
                raise RegistryError(f"{where}: unknown measure {token!r} in {text!r} (see docs/data-model.md)") from None
            terms.append((sign, token))
            sign, expect_term = 1, False
        if not terms or expect_term:
            raise RegistryError(f"{where}: {text!r} is not a sum of measures")
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

    def name(self, lang: str = "vi", short: bool = False) -> str:
        labels = self.short if short else self.label
        return labels.get(lang, labels["vi"])


@dataclass(frozen=True)
class Distribution:
    id: str
    measure: str
    dimension: str
    label: dict


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
        from tipmonitor.core import labels
        from tipmonitor.present.formatting import format_rate

        shown = format_rate(self.value.numerator, self.value.denominator, lang, decimals=0)
        return labels.text(labels.TARGET_OP, self.op, lang, rate=shown)

    @property
    def lower_is_better(self) -> bool:
        return self.op in LOWER_OPS


@dataclass(frozen=True)
class Targets:
    year: int
    plan: str
    by_key: dict[str, Target]
    file: str


def _need(mapping: dict, key: str, where: str):
    if key not in mapping or mapping[key] in (None, ""):
        raise RegistryError(f"{where}: '{key}' is missing")
    return mapping[key]


def _labels(value, where: str) -> dict:
    if not isinstance(value, dict) or not value.get("vi") or not value.get("en"):
        raise RegistryError(f"{where}: needs both a Vietnamese (vi) and an English (en) label")
    return dict(value)


_INDICATOR_KEYS = {"label", "short", "method", "numerator", "denominator", "pending", "target", "source", "better"}


@lru_cache(maxsize=4)
def load_registry(path: Path | None = None) -> Registry:
    path = Path(path) if path else paths.params_dir() / "indicators.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unknown = set(raw) - {"indicators", "distributions"}
    if unknown:
        raise RegistryError(f"{path.name}: unknown section(s) {', '.join(sorted(unknown))}")
    indicators = {}
    for key, spec in (raw.get("indicators") or {}).items():
        where = f"{path.name}: {key}"
        if not isinstance(spec, dict):
            raise RegistryError(f"{where}: expected a mapping")
        extra = set(spec) - _INDICATOR_KEYS
        if extra:
            raise RegistryError(f"{where}: unknown field(s) {', '.join(sorted(extra))}")
        method = _need(spec, "method", where)
        if method not in METHODS:
            raise RegistryError(f"{where}: method {method!r} is not one of {', '.join(METHODS)}")
        numerator = Expression.parse(_need(spec, "numerator", where), where)
        denominator = Expression.parse(_need(spec, "denominator", where), where)
        pending = Expression.parse(spec["pending"], where) if spec.get("pending") else None
        if method == "pipeline" and pending is None:
            raise RegistryError(f"{where}: a pipeline indicator needs 'pending' (the stage's closing stock)")
        better = spec.get("better", "higher")
        if better not in ("higher", "lower", "neutral"):
            raise RegistryError(f"{where}: better must be higher, lower or neutral")
        indicators[key] = Indicator(
            id=key, label=_labels(_need(spec, "label", where), where), short=_labels(spec.get("short", spec["label"]), where),
            method=method, numerator=numerator, denominator=denominator, pending=pending,
            target=spec.get("target"), source=_need(spec, "source", where), better=better,
        )
    distributions = {}
    for key, spec in (raw.get("distributions") or {}).items():
        where = f"{path.name}: distributions: {key}"
        measure, dimension = _need(spec, "measure", where), _need(spec, "dimension", where)
        try:
            parse_measure(f"{measure}[{dimension}=x]")
        except KeyError:
            raise RegistryError(f"{where}: {measure} cannot be split by {dimension}") from None
        distributions[key] = Distribution(key, measure, dimension, _labels(_need(spec, "label", where), where))
    if not indicators:
        raise RegistryError(f"{path.name}: no indicators")
    return Registry(indicators, distributions)


@lru_cache(maxsize=16)
def load_targets(year: int, folder: Path | None = None) -> Targets | None:
    """The targets of a plan year, or None when there is no file for that year (never another year's)."""
    folder = Path(folder) if folder else paths.params_dir() / "targets"
    path = folder / f"{year}.yaml"
    if not path.is_file():
        return None
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    where = f"targets/{path.name}"
    by_key = {}
    for key, spec in (_need(raw, "targets", where) or {}).items():
        op = _need(spec, "op", f"{where}: {key}")
        if op not in OPS:
            raise RegistryError(f"{where}: {key}: op {op!r} must be '>' (plan says 'trên'), '>=', "
                                f"or '<' / '<=' for an indicator where lower is better")
        try:
            value = Fraction(str(_need(spec, "value", f"{where}: {key}")))
        except ValueError:
            raise RegistryError(f"{where}: {key}: value {spec['value']!r} is not a number") from None
        if not 0 <= value <= 1:
            raise RegistryError(f"{where}: {key}: value {value} must be a fraction between 0 and 1 (0.90 for 90%)")
        by_key[key] = Target(key, op, value, str(spec.get("clause", "")))
    return Targets(year, str(raw.get("plan", "")), by_key, str(path))
