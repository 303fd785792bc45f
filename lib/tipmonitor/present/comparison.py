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


LISTED = 3  # predecessors named in a table cell; more are counted there and listed once in the page's note


def _counted(basis: Basis, year: int, lang: str) -> str:
    """ "so với 2022: 31 đơn vị cũ (30 quận, huyện; 1 công an; danh sách ở ghi chú của trang)": a basis of many
    predecessors counted by kind (params/bodies.yaml), for a table cell; page_basis lists them once."""
    from tipmonitor.model.units import load_bodies

    table = _registry().table
    kinds: dict[str, int] = {}
    for code, _weight in basis.members:
        kind = str(table.at[code, "body"]) if code in table.index and "body" in table.columns else ""
        kinds[kind] = kinds.get(kind, 0) + 1
    parts = "; ".join(f"{n} {load_bodies().name(k, lang) if k else words.say('basis.other_kind', lang)}"
                      for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
    return words.say(f"basis.{basis.kind}_counted", lang, year=year, count=len(basis.members), kinds=parts)


def row_basis(evaluation: Evaluation, unit: str, indicator: str, lang: str = "vi", cell: bool = False) -> str:
    """The basis of a unit's indicator; in a table ``cell``, more than ``LISTED`` predecessors are counted, not named
    (the page's note names them once: page_basis)."""
    basis = evaluation.bases.get((unit, indicator))
    if cell and basis is not None and basis.kind in ("predecessors", "estimate") and len(basis.members) > LISTED:
        return _counted(basis, evaluation.baseline_year, lang)
    return basis_text(basis, evaluation.baseline_year, lang, unit)


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
                         plan=words.pick(borrowed.plan, lang) if borrowed else "", own=words.pick(targets.plan, lang))
    return words.say("report.plan_targets", lang, plan=words.pick(targets.plan, lang))
