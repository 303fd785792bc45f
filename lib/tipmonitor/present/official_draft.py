"""The parts of the official report (.docx) drafted from the figures: the cumulative period, the KPI table,
"Tồn tại, hạn chế", "Phương hướng, nhiệm vụ", and the appendix tables of units grouped by body.

Every sentence is one catalogue entry ("draft.*") filled from the period's evaluation (its table: statuses,
rates, cases still needed), the task groups' silent units, the submissions history and the data-quality
findings; docs/official-report.md says which sentence comes from where. The body text names at most
``NAMED`` units in a sentence and counts the rest; the names are in the appendix tables. A public edition
says nothing about a withheld cell but how many there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from tipmonitor.core import words
from tipmonitor.model.units import load_bodies
from tipmonitor.core.formatting import format_count, format_fraction, format_needed, format_rate
from tipmonitor.metrics.evaluation import CITY, Evaluation
from tipmonitor.model import periods
from tipmonitor.present.status import status_label

NAMED = 3  # units named in one sentence of the body text; the others are counted (the appendix names them)
MISSED = ("missed", "at_risk")


def cumulative(period: periods.Period) -> periods.Period | None:
    """The 6-month, 9-month or year period a Q2, Q3 or Q4 report carries beside its quarter; None otherwise."""
    if period.kind != "quarter" or period.index == 1:
        return None
    return {2: periods.Period(period.year, "half", 1), 3: periods.Period(period.year, "nine_months", 1),
            4: periods.Period(period.year, "year", 1)}[period.index]


def result_text(row: pd.Series, lang: str) -> str:
    """ "76,74% (33/43)", the withheld mark for a withheld figure, "–" without data."""
    from tipmonitor.core.formatting import WITHHELD_MARK

    if row.get("withheld", False) is True or row["status"] == "withheld":
        return WITHHELD_MARK
    if pd.isna(row["denominator"]) or not row["denominator"]:
        return "–"
    return f"{format_rate(row['numerator'], row['denominator'], lang)} ({format_fraction(row['numerator'], row['denominator'], lang)})"


def body_order() -> list[str]:
    from tipmonitor.model.units import body_families

    return list(body_families())


def _lower(label: str) -> str:
    """A status label inside a sentence ("Chưa đạt" -> "chưa đạt")."""
    return label[:1].lower() + label[1:]


def body_label(body: str, lang: str) -> str:
    label = load_bodies().name(body, lang)
    return label[:1].upper() + label[1:]


def kpi_frame(evaluation: Evaluation, lang: str) -> pd.DataFrame:
    """The city's targeted indicators: the quarter and, for Q2-Q4, the 6-month/9-month/year figures beside it;
    the target, the status and the cases still needed of the longer window, and its same window of the baseline year.
    A Q1 (or any period without a longer window) has the quarter's result as fraction and rate instead."""
    from tipmonitor.present.scorecard import scorecard_frame
    from tipmonitor.present.status import marked_status

    period = evaluation.period
    longer = cumulative(period)
    if longer is None:
        frame = scorecard_frame(evaluation, lang, targeted_only=True)
        keep = [words.say(f"column.{k}", lang, year=evaluation.baseline_year)
                for k in ("indicator", "fraction", "rate", "target", "status", "cases_needed", "baseline_same")]
        return frame[keep]
    quarter = evaluation.scorecard(CITY, "period")
    ytd = evaluation.scorecard(CITY, "ytd")
    shown = {"quarter": period.describe(lang, evaluation.rule), "longer": longer.describe(lang, evaluation.rule),
             "base": longer.in_year(evaluation.baseline_year).describe(lang, evaluation.rule)}
    columns = [words.say("column.indicator", lang), shown["quarter"], shown["longer"], words.say("column.target", lang),
               words.say("draft.column_status", lang, period=shown["longer"]), words.say("column.cases_needed", lang),
               shown["base"]]
    rows = []
    for indicator in evaluation.registry.targeted():
        q, y = quarter.loc[indicator.id], ytd.loc[indicator.id]
        target = evaluation.targets.by_key.get(indicator.target) if evaluation.targets and indicator.target else None
        base = y.copy()
        base["numerator"], base["denominator"] = y["baseline_numerator"], y["baseline_denominator"]
        base["withheld"] = bool(y.get("baseline_withheld", False))
        rows.append([indicator.name(lang), result_text(q, lang), result_text(y, lang),
                     target.describe(lang) if target else "–", marked_status(y["status"], lang),
                     format_needed(y["cases_needed"], lang, evaluation.threshold) if y["status"] in MISSED else "",
                     result_text(base, lang)])
    return pd.DataFrame(rows, columns=columns)


@dataclass
class Behind:
    """Units missing a target in a scope: the count of units and of (unit, indicator) pairs, the cases still
    needed, and the units furthest behind (most cases needed first)."""

    units: int = 0
    pairs: int = 0
    needed: int = 0
    furthest: list[tuple[str, int]] = field(default_factory=list)


def behind(evaluation: Evaluation, scope: str = "period") -> Behind:
    lagging = evaluation.missing(scope)
    if not len(lagging):
        return Behind()
    per_unit = lagging.groupby("unit", observed=True)["cases_needed"].sum().sort_values(ascending=False, kind="stable")
    return Behind(units=len(per_unit), pairs=len(lagging), needed=int(per_unit.sum()),
                  furthest=[(u, int(n)) for u, n in per_unit.items()])


def furthest_text(evaluation: Evaluation, found: Behind, lang: str) -> str:
    """ "Mê Linh (12 vụ việc), Sóc Sơn (9), Ba Vì (7)": the ``NAMED`` units furthest behind."""
    from tipmonitor.present.views import unit_names

    names = unit_names(evaluation, lang)
    parts = [words.say("draft.unit_needed_first" if i == 0 else "draft.unit_needed", lang, unit=names[u],
                       needed=format_count(n, lang)) for i, (u, n) in enumerate(found.furthest[:NAMED])]
    return ", ".join(parts)


def missing_frame(evaluation: Evaluation, lang: str) -> pd.DataFrame:
    """Appendix: units missing a target, grouped by body, furthest first within a body."""
    from tipmonitor.model.units import load_registry
    from tipmonitor.present.views import missing_table

    columns = [words.say("draft.column_body", lang)] + [words.say(f"column.{k}", lang) for k in (
        "unit", "indicator", "rate", "target", "status", "cases_needed")]
    scope = "ytd" if cumulative(evaluation.period) is not None else "period"
    table = missing_table(evaluation, lang, scope)
    if not len(table):
        return pd.DataFrame(columns=columns)
    registry = load_registry().table
    order = {b: i for i, b in enumerate(body_order())}
    table = table.assign(_body=table["unit"].map(registry["body"]))
    table = table.assign(_order=table["_body"].map(order)).sort_values(["_order", "cases_needed"], ascending=[True, False],
                                                                       kind="stable")
    fraction, rate = words.say("column.fraction", lang), words.say("column.rate", lang)
    out = pd.DataFrame({columns[0]: table["_body"].map(lambda b: body_label(b, lang))})
    for key in ("unit", "indicator"):
        out[words.say(f"column.{key}", lang)] = table[words.say(f"column.{key}", lang)]
    out[rate] = [f"{r} ({f})" for r, f in zip(table[rate], table[fraction])]
    for key in ("target", "status", "cases_needed"):
        out[words.say(f"column.{key}", lang)] = table[words.say(f"column.{key}", lang)]
    return out.reset_index(drop=True)


def silent_frame(result, lang: str) -> pd.DataFrame:
    """Appendix: per body and task group, how many units reported no activity of the group, and their names."""
    from tipmonitor.model.units import load_registry
    from tipmonitor.present.taskgroups import group_name, unit_name

    columns = [words.say("draft.column_body", lang), words.say("column.task_group", lang),
               words.say("draft.column_count", lang), words.say("column.unit", lang)]
    silent = result.silent()
    if not len(silent):
        return pd.DataFrame(columns=columns)
    from tipmonitor.core.text import sort_key

    registry = load_registry().table
    order = {b: i for i, b in enumerate(body_order())}
    silent = silent.assign(body=silent["unit"].map(registry["body"]))
    expected = result.expected.drop_duplicates(["group", "unit"])
    expected = expected.assign(body=expected["unit"].map(registry["body"])).groupby(["body", "group"]).size()
    rows = []
    for (body, group), part in sorted(silent.groupby(["body", "group"]), key=lambda kv: (order.get(kv[0][0], 99), kv[0][1])):
        names = sorted((unit_name(u, lang) for u in part["unit"]), key=sort_key)
        every = len(names) > NAMED and len(names) == expected.get((body, group), -1)
        listed = words.say("draft.every_unit", lang, count=len(names), body=load_bodies().name(body, lang)) if every \
            else ", ".join(names)
        rows.append([body_label(body, lang), group_name(int(group), lang), len(names), listed])
    return pd.DataFrame(rows, columns=columns)


def submission_counts(submissions: pd.DataFrame | None, evaluation: Evaluation, rule: str) -> dict[str, int] | None:
    """On-time, late and missing submissions of the period's quarters (metrics/quality.py); None without a history."""
    if submissions is None:
        return None
    from tipmonitor.metrics.quality import submission_status
    from tipmonitor.model.city import city_config
    from tipmonitor.model.units import load_registry

    status = submission_status(submissions, evaluation.units, evaluation.period, rule,
                               city_config().reporting_lag_working_days, registry=load_registry())
    late = status[status["status"] != "on_time"]
    return {"late": int((status["status"] == "late").sum()), "missing": int((status["status"] == "missing").sum()),
            "units": int(late["unit"].nunique())}


def finding_counts(dataset, rule: str) -> pd.Series:
    """Data-quality findings of the current data by kind (metrics/quality.py), most first."""
    from tipmonitor.metrics.quality import findings

    table = findings(dataset, rule)
    if not len(table):
        return pd.Series(dtype=int)
    return table.groupby("key")["count"].sum().sort_values(ascending=False, kind="stable")


def finding_label(key: str, lang: str) -> str:
    """A kind of data-quality finding in words (never its code)."""
    return words.say(f"finding.{key}", lang) if words.has(f"finding.{key}") else words.say("finding.other", lang)


@dataclass
class Draft:
    shortcomings: list[str]
    directions: list[str]
    missing_lines: list[str]


def draft(evaluation: Evaluation, result, lang: str, *, submissions: pd.DataFrame | None = None, dataset=None,
          rule: str = "official", difficulties: list[str] | None = None, proposals: list[str] | None = None,
          appendix_silent: str = "", appendix_missing: str = "") -> Draft:
    """ "Tồn tại, hạn chế", "Phương hướng, nhiệm vụ" and the section on units missing targets, from the figures.

    ``result`` is the period's task groups; ``submissions`` the store's history (None: not said);
    ``difficulties``/``proposals`` the units' own texts, compiled; the appendix names say where the lists are."""
    say = lambda key, **values: words.say(f"draft.{key}", lang, **values)  # noqa: E731
    period = evaluation.period
    longer = cumulative(period)
    scopes = [("period", period)] + ([("ytd", longer)] if longer is not None else [])
    cards = {scope: evaluation.scorecard(CITY, scope) for scope, _ in scopes}
    shortcomings, directions, missed_names = [], [], []
    for indicator in evaluation.registry.targeted():
        rows = {scope: cards[scope].loc[indicator.id] for scope, _ in scopes}
        if not any(r["status"] in MISSED for r in rows.values()):
            continue
        target = evaluation.targets.by_key[indicator.target].describe(lang) if evaluation.targets and indicator.target else ""
        results = "; ".join(say("result_in", period=p.describe(lang, rule), result=result_text(rows[s], lang))
                            for s, p in scopes)
        last = rows[scopes[-1][0]]
        needed = (say("still_needed", needed=format_needed(last["cases_needed"], lang, evaluation.threshold))
                  if last["status"] in MISSED and not pd.isna(last["cases_needed"]) else "")
        name = indicator.name(lang, short=True)
        worst = next(r["status"] for r in rows.values() if r["status"] in MISSED) if last["status"] not in MISSED \
            else last["status"]
        shortcomings.append(say("target_missed", indicator=name, status=_lower(status_label(worst, lang)),
                                results=results, target=target, needed=needed))
        missed_names.append(name)
    withheld = sum(int((cards[s]["status"] == "withheld").sum()) for s, _ in scopes)
    if withheld:
        shortcomings.append(say("withheld", count=withheld))

    scope = scopes[-1][0]
    found = behind(evaluation, scope)
    where = scopes[-1][1].describe(lang, rule)
    missing_lines = []
    if found.units:
        furthest = furthest_text(evaluation, found, lang)
        missing_lines = [say("behind", units=found.units, pairs=found.pairs, period=where,
                             needed=format_count(found.needed, lang), appendix=appendix_missing),
                         say("furthest", count=min(NAMED, found.units), units=furthest)]
        shortcomings.append(say("behind_short", units=found.units, period=where, furthest=furthest,
                                appendix=appendix_missing))
    silent = result.silent()
    if len(silent):
        shortcomings.append(say("silent", units=silent["unit"].nunique(), appendix=appendix_silent))
    counts = submission_counts(submissions, evaluation, rule)
    if counts and (counts["late"] or counts["missing"]):
        shortcomings.append(say("submissions", late=counts["late"], missing=counts["missing"], units=counts["units"]))
    problems = finding_counts(dataset, rule) if dataset is not None else pd.Series(dtype=int)
    if len(problems):
        kinds = "; ".join(say("finding_item", kind=finding_label(k, lang), count=format_count(n, lang))
                          for k, n in problems.head(NAMED).items())
        more = say("finding_more", count=len(problems) - NAMED) if len(problems) > NAMED else ""
        shortcomings.append(say("findings", count=format_count(int(problems.sum()), lang), kinds=kinds, more=more))
    shortcomings += difficulties or []

    if missed_names:
        directions.append(say("direction_targets", items="; ".join(missed_names), year=period.year))
    else:
        directions.append(say("direction_all_met", year=period.year))
    if found.units:
        directions.append(say("direction_behind", units=furthest_text(evaluation, found, lang), appendix=appendix_missing))
    if len(silent) or (counts and (counts["late"] or counts["missing"])):
        directions.append(say("direction_reporting", appendix=appendix_silent))
    if len(problems):
        directions.append(say("direction_quality"))
    directions += proposals or []
    return Draft(shortcomings=shortcomings or [words.say("docx.none", lang)], directions=directions,
                 missing_lines=missing_lines)
