"""The comparison with the baseline year in words: what it is made of, and the plan and targets of a year.

``basis_text`` names a unit's (or the city's) baseline basis (metrics/reform.py) from the unit
registry: "so với 2022: TAND Đống Đa + TAND Thanh Xuân", an estimate with its shares, or no
comparison with the reason. ``plan_name`` and ``targets_note`` say which plan a year's targets come
from, and when they are assumed from another year's; every page, the workbook and the terminal use them.
"""

from __future__ import annotations

from functools import lru_cache

from tipmonitor.core import words
from tipmonitor.metrics.evaluation import CITY, Evaluation
from tipmonitor.metrics.reform import Basis


@lru_cache(maxsize=1)
def _registry():
    from tipmonitor.model.units import every_province

    return every_province()


def _name(code: str, lang: str) -> str:
    return _registry().name(code, lang)


def _members(basis: Basis, lang: str) -> str:
    parts = []
    for code, weight in basis.members:
        name = words.say("city.whole", lang) if code == CITY else _name(code, lang)
        parts.append(name if weight >= 1 else words.say("basis.share", lang, share=f"{weight:.0%}", unit=name))
    return " + ".join(parts)


def basis_text(basis: Basis | None, year: int, lang: str = "vi", unit: str = "") -> str:
    """The basis of one baseline in words, for the table column and the page."""
    if basis is None or basis.kind == "self":
        if unit == CITY and basis is not None and basis.outside:
            names = ", ".join(_name(code, lang) for code in basis.outside)
            return words.say("basis.city_outside", lang, year=year, units=names)
        return words.say("basis.city" if unit == CITY else "basis.self", lang, year=year)
    if basis.kind == "none":
        names = ", ".join(_name(code, lang) for code in basis.outside)
        return words.say(f"basis.none_{basis.reason}", lang, year=year, units=names)
    return words.say(f"basis.{basis.kind}", lang, year=year, units=_members(basis, lang))


def row_basis(evaluation: Evaluation, unit: str, indicator: str, lang: str = "vi") -> str:
    return basis_text(evaluation.bases.get((unit, indicator)), evaluation.baseline_year, lang, unit)


def page_basis(evaluation: Evaluation, unit: str, lang: str = "vi", indicators: list[str] | None = None) -> str:
    """One sentence per distinct basis of a unit's indicators (a unit page, the city page); "" when all are its own.
    ``indicators``: only these (a unit page: its body's duties)."""
    seen: dict[str, list[str]] = {}
    for indicator in evaluation.registry.indicators.values():
        if indicators is not None and indicator.id not in indicators:
            continue
        found = evaluation.bases.get((unit, indicator.id))
        if found is None or (found.kind == "self" and not found.outside):
            continue
        seen.setdefault(basis_text(found, evaluation.baseline_year, lang, unit), []).append(
            indicator.name(lang, short=True))
    if len(seen) == 1:
        return next(iter(seen)) + "."
    return " ".join(f"{', '.join(names)}: {text}." for text, names in seen.items())


def plan_name(year: int, lang: str = "vi") -> str:
    """The city's plan of ``year`` as the pages write it after "Kế hoạch"/"Plan" (params/city.yaml, plans)."""
    from tipmonitor.model.city import city_config

    plan = city_config().plan(year)
    if plan is None:
        return words.say("plan.undeclared", lang, year=year)
    if plan.code is None:
        return words.say("plan.unnumbered", lang, year=year)
    return plan.code


def targets_note(year: int, lang: str = "vi") -> str:
    """Where the targets of plan year ``year`` come from, and that they are assumed when they are."""
    from tipmonitor.metrics.registry import load_targets

    targets = load_targets(year)
    if targets is None:
        return words.say("report.no_targets_file", lang, year=year)
    if targets.assumed_from is not None:
        borrowed = load_targets(targets.assumed_from)
        return words.say("report.targets_assumed", lang, year=year, source=targets.assumed_from,
                         plan=borrowed.plan if borrowed else "", own=targets.plan)
    return words.say("report.plan_targets", lang, plan=targets.plan)
