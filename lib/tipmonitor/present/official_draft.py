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
from tipmonitor.core.formatting import format_count, format_fraction, format_rate
from tipmonitor.metrics.evaluation import CITY, Evaluation
from tipmonitor.model import periods
from tipmonitor.present.scorecard import needed_cell
from tipmonitor.present.status import status_label

NAMED = 3  # units named in one sentence of the body text; the others are counted (the appendix names them)
MISSED = ("missed", "at_risk")


def cumulative(period: periods.Period) -> periods.Period | None:
    """The 6-month, 9-month or year period a Q2, Q3 or Q4 report carries beside its quarter (and a second half's
    report the year: it ends with the year, as Q4 does, and judges as Q4 does); None otherwise."""
    if period.kind == "half" and period.index == 2:
        return periods.Period(period.year, "year", 1)
    if period.kind != "quarter" or period.index == 1:
        return None
    return {2: periods.Period(period.year, "half", 1), 3: periods.Period(period.year, "nine_months", 1),
            4: periods.Period(period.year, "year", 1)}[period.index]


def judged(period: periods.Period) -> tuple[str, periods.Period]:
    """The window a report judges by, as (scope, period): a Q2, Q3 or Q4 report judges by the 6 months, the 9
    months or the year (the plan's reporting rhythm), with the quarter said beside; any other report by its own
    period. Every verdict of the report (sections I, III-V, the appendices) is this window's."""
    longer = cumulative(period)
    return ("ytd", longer) if longer is not None else ("period", period)


def in_sentence(period: periods.Period, lang: str, rule: str = "official") -> str:
    """A period named inside a sentence: "trong năm 2025" (the label "Năm 2025" heads a table), "Quý III/2026";
    in English "the first nine months of 2026", "Q3 2026" keeps its capital (periods.Period.in_sentence)."""
    return period.in_sentence(lang, rule)


def result_text(row: pd.Series, lang: str) -> str:
    """ "76,74% (33/43)", the withheld mark for a withheld figure, "–" without data."""
    from tipmonitor.core.formatting import WITHHELD_MARK

    from tipmonitor.present.status import counts_withheld

    if counts_withheld(row):
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
                     needed_cell(y["status"], y["cases_needed"], lang, evaluation.threshold),
                     result_text(base, lang)])
    return pd.DataFrame(rows, columns=columns)


@dataclass
class Behind:
    """Units missing a target in a scope: the count of units and of (unit, indicator) pairs, what is still
    needed per indicator (summed into its items: reports, cases, victims), and the units furthest behind (most
    needed first), each with its own needs per indicator."""

    units: int = 0
    pairs: int = 0
    needed: dict[str, int] = field(default_factory=dict)  # indicator -> items still needed, over the units
    furthest: list[tuple[str, dict[str, int]]] = field(default_factory=list)


def behind(evaluation: Evaluation, scope: str = "period") -> Behind:
    lagging = evaluation.missing(scope)
    if not len(lagging):
        return Behind()
    # A public edition may publish a unit's "missed" without its counts (metrics/unit_status.py): it counts among the
    # units and pairs behind, but what it still needs is withheld, so it is in no sum and not named as furthest.
    known = lagging[lagging["cases_needed"].notna()]
    per_unit = known.groupby("unit", observed=True)["cases_needed"].sum().sort_values(ascending=False, kind="stable")
    needs = {u: {str(i): int(n) for i, n in zip(part["indicator"], part["cases_needed"])}
             for u, part in known.groupby("unit", observed=True)}
    total = known.groupby("indicator", observed=True)["cases_needed"].sum()
    return Behind(units=lagging["unit"].nunique(), pairs=len(lagging), needed={str(i): int(n) for i, n in total.items()},
                  furthest=[(u, needs[u]) for u in per_unit.index])


def needed_text(evaluation: Evaluation, needed: dict[str, int], lang: str) -> str:
    """ "3 tin báo, 1 vụ án, 2 nạn nhân": what is still needed, in each indicator's items (params/indicators.yaml),
    items of the same kind added up, in the registry's order."""
    totals: dict[str, int] = {}
    first: dict[str, object] = {}
    for indicator in evaluation.registry.targeted():
        if needed.get(indicator.id):
            key = words.pick(indicator.item, lang) if indicator.item else ""
            totals[key] = totals.get(key, 0) + needed[indicator.id]
            first.setdefault(key, indicator)
    return ", ".join(first[k].items(n, lang) for k, n in totals.items())  # type: ignore[attr-defined]


def furthest_text(evaluation: Evaluation, found: Behind, lang: str) -> str:
    """ "Mê Linh (12 tin báo), Sóc Sơn (2 vụ án, 1 nạn nhân), Ba Vì (1 tin báo)": the ``NAMED`` units furthest
    behind, each with what it still needs."""
    from tipmonitor.present.views import unit_names

    names = unit_names(evaluation, lang)
    return ", ".join(words.say("draft.unit_needed", lang, unit=names[u], needed=needed_text(evaluation, n, lang))
                     for u, n in found.furthest[:NAMED])


def missing_frame(evaluation: Evaluation, lang: str) -> pd.DataFrame:
    """Appendix: units missing a target, grouped by body, furthest first within a body."""
    from tipmonitor.model.units import load_registry
    from tipmonitor.present.views import missing_table

    columns = [words.say("draft.column_body", lang)] + [words.say(f"column.{k}", lang) for k in (
        "unit", "indicator", "rate", "target", "status")] + [words.say("draft.column_short", lang)]
    table = missing_table(evaluation, lang, judged(evaluation.period)[0])
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
    for key in ("target", "status"):
        out[words.say(f"column.{key}", lang)] = table[words.say(f"column.{key}", lang)]
    indicators = evaluation.registry.indicators  # the gap in the indicator's own items: "3 nạn nhân"
    out[columns[-1]] = [
        indicators[i].items(int(n), lang) if not pd.isna(n) and evaluation.threshold is None else shown
        for i, n, shown in zip(table["indicator"], table["cases_needed"], table[words.say("column.cases_needed", lang)])]
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


def _directions_ahead(period: periods.Period) -> tuple[str, int]:
    """What "Phương hướng" speaks of: a report whose period ends with its year (the year, Q4, the second half,
    December) of the next year; any other of the rest of its year. Returns the catalogue key's suffix and the year."""
    ends_the_year = period.months[1] == 12
    return ("next_year", period.year + 1) if ends_the_year else ("rest_of_year", period.year)


def draft(evaluation: Evaluation, result, lang: str, *, submissions: pd.DataFrame | None = None, dataset=None,
          rule: str = "official", difficulties: list[str] | None = None, proposals: list[str] | None = None,
          appendix_silent: str = "", appendix_missing: str = "", public: bool = False) -> Draft:
    """ "Tồn tại, hạn chế", "Phương hướng, nhiệm vụ" and the section on units missing targets, from the figures.

    Every verdict is that of the window the report judges by (``judged``: the 6/9 months or the year for a
    Q2-Q4 report, else the period), and each sentence names it; the quarter's result stands beside it, and a
    target met over the longer window but not in the quarter alone is said as such, never as "chưa đạt".
    ``result`` is the period's task groups; ``submissions`` the store's history (None: not said);
    ``difficulties``/``proposals`` the units' own texts, compiled; the appendix names say where the lists are.
    A ``public`` edition has no data-quality page: it counts the data errors without pointing to it, and leaves
    out the instruction to the units to correct them (an internal matter)."""
    say = lambda key, **values: words.say(f"draft.{key}", lang, **values)  # noqa: E731
    period = evaluation.period
    scope, window = judged(period)
    where, quarter = in_sentence(window, lang, rule), in_sentence(period, lang, rule)
    cards = {s: evaluation.scorecard(CITY, s) for s in dict.fromkeys(("period", scope))}
    shortcomings, directions, dipped_names = [], [], []
    not_met: dict[str, list[str]] = {"missed": [], "at_risk": []}  # listed apart: "chưa đạt", "có nguy cơ chưa đạt"
    for indicator in evaluation.registry.targeted():
        row, alone = cards[scope].loc[indicator.id], cards["period"].loc[indicator.id]
        target = evaluation.targets.by_key[indicator.target].describe(lang) if evaluation.targets and indicator.target else ""
        name = indicator.name(lang, short=True)
        beside = say("beside", period=quarter, result=result_text(alone, lang)) if scope != "period" else ""
        if row["status"] in MISSED:
            needed = (say("still_needed", needed=indicator.items(int(row["cases_needed"]), lang))
                      if not pd.isna(row["cases_needed"]) and evaluation.threshold is None else "")
            shortcomings.append(say("target_missed", indicator=name, status=_lower(status_label(row["status"], lang)),
                                    period=where, result=result_text(row, lang), target=target, needed=needed,
                                    beside=beside))
            not_met[row["status"]].append(name)
        elif row["status"] == "met" and scope != "period" and alone["status"] in MISSED:
            shortcomings.append(say("target_dipped", indicator=name, period=where, result=result_text(row, lang),
                                    target=target, quarter=quarter, quarter_result=result_text(alone, lang)))
            dipped_names.append(name)
    # indicators, not results: one withheld in the quarter and in the longer window is one
    withheld = len({i for card in cards.values() for i in card.index[card["status"] == "withheld"]})
    if withheld:
        shortcomings.append(say("withheld", count=withheld))

    found = behind(evaluation, scope)
    missing_lines = []
    if found.units:
        furthest = furthest_text(evaluation, found, lang)
        missing_lines = [say("behind", units=found.units, pairs=found.pairs, period=where,
                             needed=needed_text(evaluation, found.needed, lang), appendix=appendix_missing),
                         say("furthest", count=min(NAMED, found.units), units=furthest)]
        shortcomings.append(say("behind_short", units=found.units, period=where, furthest=furthest,
                                appendix=appendix_missing))
    silent = result.silent()
    if len(silent):
        shortcomings.append(say("silent", units=silent["unit"].nunique(), period=quarter, appendix=appendix_silent))
    counts = submission_counts(submissions, evaluation, rule)
    if counts and (counts["late"] or counts["missing"]):
        shortcomings.append(say("submissions", late=counts["late"], missing=counts["missing"], units=counts["units"]))
    problems = finding_counts(dataset, rule) if dataset is not None else pd.Series(dtype=int)
    if len(problems):
        kinds = "; ".join(say("finding_item", kind=finding_label(k, lang), count=format_count(n, lang))
                          for k, n in problems.head(NAMED).items())
        more = say("finding_more", count=len(problems) - NAMED) if len(problems) > NAMED else ""
        shortcomings.append(say("findings_public" if public else "findings", count=format_count(int(problems.sum()), lang), kinds=kinds, more=more))
    shortcomings += difficulties or []

    ahead, year = _directions_ahead(period)
    if any(not_met.values()):
        targets = say("targets_and").join(say(f"targets_{status}_list", items="; ".join(names))
                                          for status, names in not_met.items() if names)
        directions.append(say(f"direction_targets_{ahead}", targets=targets, period=where, year=year))
    elif evaluation.targets is not None and (cards[scope]["status"] == "met").any() \
            and not (cards[scope]["status"] == "withheld").any():  # a withheld result is not "met"
        directions.append(say(f"direction_all_met_{ahead}", period=where, year=year))
    if dipped_names:
        directions.append(say(f"direction_dipped_{ahead}", items="; ".join(dipped_names), quarter=quarter, year=year))
    if found.units:
        directions.append(say("direction_behind", units=furthest_text(evaluation, found, lang), appendix=appendix_missing))
    if len(silent) or (counts and (counts["late"] or counts["missing"])):
        directions.append(say("direction_reporting", appendix=appendix_silent))
    if len(problems) and not public:
        directions.append(say("direction_quality"))
    directions += proposals or []
    return Draft(shortcomings=shortcomings or [words.say("docx.none", lang)], directions=directions,
                 missing_lines=missing_lines)
