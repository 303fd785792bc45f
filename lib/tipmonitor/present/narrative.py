"""The summary paragraph of a period report, drafted in the register of an official report.

Vietnamese by default (the analyst pastes it into the committee's report), English on
request. Every figure comes from the evaluation. The paragraph follows the indicator
registry: each targeted indicator, in the registry's order, contributes its own sentence
where the catalogue has one ("summary.<indicator id>"), then the indicators met and missed
are listed by their registry labels, then the units that lag.
"""

from __future__ import annotations

import pandas as pd

from tipmonitor.core import words
from tipmonitor.metrics.evaluation import CITY, Evaluation
from tipmonitor.model import periods
from tipmonitor.core.formatting import format_count, format_fraction, format_rate


def _change(now: float, before: float, lang: str, threshold: int | None = None, year: int | None = None) -> str:
    """" (up 12 on the same period of 2022)", or nothing where either count is unknown or the report is public
    (``threshold`` set): a public edition does not show the change in counts (docs/security.md section 3,
    item 6), whatever its size or period."""
    if threshold is not None or pd.isna(before) or pd.isna(now):
        return ""
    diff = int(now) - int(before)
    if diff == 0:
        return words.say("summary.same", lang, year=year)
    return words.say("summary.up" if diff > 0 else "summary.down", lang, change=format_count(abs(diff), lang), year=year)


class _ByMeasure:
    """``{count[reports.intake]}`` in a catalogue sentence: a value per measure, computed when the sentence asks."""

    def __init__(self, compute):
        self.compute = compute

    def __getitem__(self, measure: str) -> str:
        return self.compute(measure)


def summary(evaluation: Evaluation, lang: str = "vi", max_units: int = 8, scope: str = "period",
            judged: periods.Period | None = None) -> str:
    """The paragraph. Its counts are the period's; its verdicts (targets met, missed, at risk; the units that lag)
    are those of ``scope`` ("period", or "ytd" with ``judged`` the window it is: the 6 or 9 months or the year a
    Q2-Q4 report judges by, docs/official-report.md), each sentence naming that window; judged on the year to
    date, each indicator carries the period's rate beside it."""
    from tipmonitor.present.views import unit_names

    p = evaluation.period
    base_year = evaluation.baseline_year
    cube = evaluation.cube.loc[(p.label, CITY)]
    base = evaluation.base_cube.loc[(p.in_year(base_year).label, CITY)] if evaluation.base_cube is not None else None
    card = evaluation.scorecard(CITY, "period")
    verdicts = evaluation.scorecard(CITY, scope)
    window = (judged or p).describe(lang, evaluation.rule)
    threshold = evaluation.threshold

    def count(measure: str) -> str:
        value = cube[measure]
        if threshold is not None and pd.isna(value):
            return words.say("withheld.running_text", lang)  # under the threshold, or hidden to protect one
        return format_count(value, lang)

    def change(measure: str) -> str:
        before = base.get(measure, float("nan")) if base is not None else float("nan")
        return _change(cube[measure], before, lang, threshold, base_year)

    def result(r: pd.Series) -> tuple[str, str]:
        """An indicator's result as "n/d" and as a rate, or the words for a withheld one."""
        if r["status"] == "withheld":
            return words.say("summary.withheld_fraction", lang), words.say("summary.withheld_rate", lang)
        return format_fraction(r["numerator"], r["denominator"], lang), format_rate(r["numerator"], r["denominator"], lang)

    sentences = []
    figures = {"period": p.describe(lang, evaluation.rule), "opening": p.opening(lang, evaluation.rule),
               "count": _ByMeasure(count), "change": _ByMeasure(change)}
    judged_items: dict[str, list[str]] = {"met": [], "missed": [], "at_risk": []}
    for indicator in evaluation.registry.targeted():
        fraction, rate = result(card.loc[indicator.id])
        if words.has(f"summary.{indicator.id}"):
            sentences.append(words.say(f"summary.{indicator.id}", lang, fraction=fraction, rate=rate, **figures))
        verdict = verdicts.loc[indicator.id]
        target = evaluation.targets.by_key[indicator.target].describe(lang) if evaluation.targets and indicator.target else ""
        name = words.in_sentence(indicator.name(lang, short=True), lang)
        if scope == "period":
            item = words.say("summary.target_item", lang, name=name, rate=rate, target=target)
        else:
            item = words.say("summary.target_item_beside", lang, name=name, rate=result(verdict)[1], target=target,
                             period=figures["period"], period_rate=rate)
        if verdict["status"] in judged_items:
            judged_items[verdict["status"]].append(item)
    if evaluation.targets is None:
        sentences.append(words.say("summary.no_targets", lang, year=p.year))
    else:
        for status in ("met", "missed", "at_risk"):
            if judged_items[status]:
                sentences.append(words.say(f"summary.{status}", lang, items="; ".join(judged_items[status]), window=window))
    lagging = evaluation.missing(scope)
    if units_hidden(evaluation, scope):
        sentences.append(units_missed(evaluation, scope, lang, judged or p))
    if len(lagging):
        names = unit_names(evaluation, lang)
        worst = lagging.groupby("unit")["cases_needed"].sum().sort_values(ascending=False)
        listed = [names[u] for u in worst.index[:max_units]]
        more = len(worst) - len(listed)
        tail = words.say("summary.lagging_more", lang, more=more) if more > 0 else ""
        sentences.append(words.say("summary.lagging", lang, units=", ".join(listed), more=tail, window=window))
    return " ".join(sentences)


def units_hidden(evaluation: Evaluation, scope: str = "period") -> bool:
    """A public edition in which more units missed a target in ``scope`` than it lists by unit."""
    return evaluation.threshold is not None and \
        evaluation.table.attrs.get("units_missed", {}).get(scope, 0) > evaluation.missing(scope)["unit"].nunique()


def units_missed(evaluation: Evaluation, scope: str = "period", lang: str = "vi",
                 window: periods.Period | None = None) -> str:
    """What is known of the units that missed a target, where no unit is listed or some are withheld.

    The internal edition lists them all; a public one counts them (a count of units describes no person)
    and says how many are not published by unit. Never "no unit" unless none missed (issue #26). The count
    names its window (``window``; by default the period, or for "ytd" the 6/9 months or the year it ends): a
    quarter's count and its 9 months' differ, and the HTML page and the .docx say both.
    """
    from tipmonitor.present.official_draft import cumulative, in_sentence

    period = evaluation.period
    if window is None:  # a period starting in January is its own year to date
        window = period if scope == "period" or period.months[0] == 1 else cumulative(period) or period.year_to_date()
    where = in_sentence(window, lang, evaluation.rule)
    listed = set(evaluation.missing(scope)["unit"])
    shown = len(listed)
    total = evaluation.table.attrs.get("units_missed", {}).get(scope, shown) if evaluation.threshold is not None else shown
    if total == 0:
        return words.say("report.no_unit_missing", lang)
    if total > shown:
        # The units whose results are withheld and not listed as missing are on the page (their cells say "*"):
        # if every one of them missed, each withheld result of theirs below target is a complement 1..k-1 made
        # known. Then the count is not given, only what is published (a count of 0 hidden says "met": 0 is public).
        t = evaluation.table
        withheld = set(t.loc[(t["scope"] == scope) & (t["unit"] != CITY) & (t["status"] == "withheld"), "unit"]) - listed
        if total - shown >= len(withheld):
            return words.say("report.units_missed_undisclosed", lang, count=shown, withheld=len(withheld), window=where)
        return words.say("report.units_missed_hidden", lang, count=total, hidden=total - shown, window=where)
    return words.say("report.units_missed_count", lang, count=total, window=where)


def victims_note(evaluation: Evaluation, lang: str = "vi") -> str:
    """Where no breakdown of victims can be drawn: how many were identified, if that is published."""
    value = evaluation.cube.loc[(evaluation.period.label, CITY)].get("victims.identified", float("nan"))
    if pd.isna(value):
        return words.say("report.victims_withheld" if evaluation.threshold is not None else "report.no_victims", lang)
    if value == 0:
        return words.say("report.no_victims", lang)
    return words.say("report.victims_not_broken_down", lang, count=format_count(value, lang))
