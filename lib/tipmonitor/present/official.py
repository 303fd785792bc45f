"""The city's periodic report as a Word draft (bao-cao-<period>.docx), filled into the editable template.

The layout is present/templates/bao-cao.docx (built by tools/docx_template.py; users may edit
it in Word, docs/official-report.md). This module only gathers what goes in it, all from the
same functions as the HTML pages and the workbook: the summary paragraph (narrative.py), the
KPI table (scorecard.py), units missing targets (views.py), activity totals and the units'
texts (taskgroups.py); the KPI table with the 6-month/9-month/year figures, "Tồn tại, hạn chế",
"Phương hướng, nhiệm vụ" and the appendix lists grouped by body are drafted in official_draft.py.
The body text counts units and names at most three; the appendices name them all. A public edition takes the public evaluation and activity figures and
carries no free text: the units' texts are not even read.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from tipmonitor.core import words
from tipmonitor.model.activities import load_activities

TEMPLATE = Path(__file__).resolve().parent / "templates" / "bao-cao.docx"
ENFORCEMENT_GROUP = 3  # the task group whose results are the plan's targets (T1-T6): the KPI table goes there


def file_name(period_label: str) -> str:
    return f"bao-cao-{period_label}.docx"


def _table(frame: pd.DataFrame) -> dict:
    return {"head": [str(c) for c in frame.columns], "rows": [["" if pd.isna(v) else str(v) for v in row]
                                                             for row in frame.itertuples(index=False)]}


def kpi_frame(report) -> pd.DataFrame:
    """The city's targeted indicators; a Q2-Q4 report has the 6-month/9-month/year figures beside the quarter's."""
    from tipmonitor.present.official_draft import kpi_frame as frame

    return frame(report.evaluation, report.lang)


def missing_frame(report) -> pd.DataFrame:
    """The appendix of units missing targets, grouped by body."""
    from tipmonitor.present.official_draft import missing_frame as frame

    return frame(report.evaluation, report.lang)


def _named(names: list[str], lang: str) -> str:
    """Unit names for one line: up to three, then how many more."""
    from tipmonitor.present.official_draft import NAMED

    if len(names) <= NAMED:
        return ", ".join(names)
    return words.say("docx.texts_more", lang, units=", ".join(names[:NAMED]), more=len(names) - NAMED)


def missing_empty_key(evaluation, scope: str) -> str:
    """The sentence saying why the appendix of units that missed a target lists nobody, true in each case: some unit
    was judged against a target and none missed; no target applies to the window (a year without targets: nothing
    judged); or targets apply but no unit has the figures to judge."""
    from tipmonitor.model.units import CITY

    table = evaluation.table
    units = table[(table["scope"] == scope) & (table["unit"] != CITY)]
    if units["status"].isin(["met", "at_risk", "missed"]).any():
        return "appendix_missing_empty"
    if len(units) and (units["status"] == "no_target").all():
        return "appendix_missing_no_targets"
    return "appendix_missing_none_judged"


def context(report, today: date | None = None, submissions: pd.DataFrame | None = None) -> dict:
    """Every field of the template, in the report's language. ``submissions`` is the store's history of
    submissions (late and missing ones are counted under "Tồn tại"; None when the data is not a store)."""
    from docxtpl import Listing

    from tipmonitor.core.formatting import NOT_REPORTED_MARK, WITHHELD_MARK
    from tipmonitor.model.city import city_config
    from tipmonitor.present.narrative import summary, units_hidden, units_missed
    from tipmonitor.model.units import CITY
    from tipmonitor.present.official_draft import NAMED, cumulative, draft, in_sentence, judged, silent_frame
    from tipmonitor.present.taskgroups import activity_frame, count_texts, group_name, shown_kinds, unit_name

    lang, config, today = report.lang, city_config(), today or date.today()
    say = lambda key, **values: words.say(f"docx.{key}", lang, **values)  # noqa: E731
    evaluation = report.evaluation
    year = report.period.year
    code = _plan_code(year)
    plan = say("title_plan", code=code) if code else say("plan_unnumbered", year=year)
    situation_targets, unverified = _targets_sentence(year, lang)
    longer = cumulative(report.period)
    period = report.describe_period()
    if longer is not None:
        period = say("title_with", period=period, longer=in_sentence(longer, lang, report.rule))  # "and nine months of"
    public = report.threshold is not None
    texts = pd.DataFrame(columns=["unit", "period", "task_group", "section", "text"])
    if not public:
        from tipmonitor.metrics.taskgroups import compiled_texts

        texts = compiled_texts(report.dataset, report.period, report.rule)
    activities = load_activities()
    quarter = in_sentence(report.period, lang, report.rule)  # the period inside a sentence ("trong năm 2025")
    result = report.task_groups
    city = result.city()
    silent = result.silent()
    numbers = ("I", "II", "III", "IV")
    appendix = {k: say("appendix_number", number=n) for k, n in zip(("kpis", "activities", "silent", "missing"), numbers)}

    def text_lines(frame: pd.DataFrame) -> list[str]:
        """One line per distinct text, naming the units that wrote it (compiled, as the standing office does)."""
        units: dict[str, list[str]] = {}
        for r in frame.itertuples(index=False):
            units.setdefault(r.text, []).append(unit_name(r.unit, lang))
        return [say("text_line", unit=_named(list(dict.fromkeys(names)), lang), text=text) for text, names in units.items()]

    kinds = shown_kinds(result)  # the previous period left out where it is the baseline's (2023, 2023-9M), as the tables do
    groups = []
    for group in activities.groups:
        lines = []
        for _, r in city[city["group"] == group].iterrows():
            m = activities.measures[r["activity"]]
            if pd.isna(r["period"]) and not result.is_withheld(CITY, r["activity"], "period"):
                continue  # no unit reported it: the silent units are counted below
            shown = count_texts(result, CITY, r, lang)
            line = "taskgroups.activity_line" if "previous" in kinds else "taskgroups.activity_line_previous_is_baseline"
            lines.append(words.say(line, lang, label=m.reader_name(lang), value=shown["period"],
                                   unit=m.unit_word(shown["period"], lang), previous=shown["previous"], year=report.baseline_year,
                                   baseline=shown["baseline"]))
        count = int((silent["group"] == group).sum()) if len(silent) else 0
        if count:
            lines.append(say("silent_count", count=count, period=quarter, appendix=appendix["silent"]))
        mine = texts[(texts["task_group"] == group) & (texts["section"] == "results")]
        groups.append({"heading": group_name(group, lang), "lines": lines, "kpis": group == ENFORCEMENT_GROUP,
                       "texts": text_lines(mine)})

    drafted = draft(evaluation, result, lang, submissions=submissions, dataset=report.dataset, rule=report.rule,
                    difficulties=text_lines(texts[texts["section"] == "difficulties"]),
                    proposals=text_lines(texts[texts["section"] == "proposals"]),
                    appendix_silent=appendix["silent"], appendix_missing=appendix["missing"], public=public)
    scope, window = judged(report.period)  # the window every verdict is of (docs/official-report.md)
    shown_period = in_sentence(window, lang, report.rule)
    missing_lines = drafted.missing_lines
    missing_withheld = bool(public and (evaluation.table["status"] == "withheld").any())
    # Units that missed but are not published by unit: how many, in the window (never "none", never an empty list alone)
    hidden_units = units_missed(evaluation, scope, lang, window) if units_hidden(evaluation, scope) else ""
    if hidden_units:
        missing_lines = missing_lines + [hidden_units]
    elif not missing_lines:  # in a public edition a unit's withheld status is not "none missed"
        missing_lines = [say("none_published" if missing_withheld else "none")]
    committee = words.pick(config.committee, lang)

    def appendix_part(key: str, frame: pd.DataFrame, note: str) -> dict:
        # An appendix without rows has no table (tools/docx_template.py): its note says why, true under withholding.
        # A public edition's empty list of units that missed: withheld by unit, not "no unit" (issue #26).
        sentence = missing_empty_key(evaluation, scope) if key == "missing" else f"appendix_{key}_empty"
        empty = say("none_published") if key == "missing" and missing_withheld else \
            say(sentence, period=quarter if key == "silent" else shown_period)
        if key == "missing" and hidden_units:  # how many are withheld, beside the units listed or alone
            empty, note = hidden_units, f"{note} {hidden_units}"
        if key == "silent" and result.nothing_reported:  # nobody reported: no unit singled out (metrics/taskgroups.py)
            empty = words.say("taskgroups.no_activity_data", lang, period=quarter)
        return {"number": appendix[key], "title": say(f"appendix_{key}_title"), "note": note if len(frame) else empty}

    kpis, missing, silent_table = kpi_frame(report), missing_frame(report), silent_frame(result, lang)
    activity_table = activity_frame(result, lang)
    return {
        "parent_body": say("parent_body", city=config.city_name(lang)).upper(),
        "issuing_body": committee.upper(),
        "number": say("number"), "motto_country": say("motto_country"), "motto": say("motto"),
        "place_date": say("place_date", place=_place(config.city_name(lang)), year=today.year),
        "kind": say("kind"), "title": say("title", plan=plan, period=period),
        "draft_note": say("draft", date=f"{today:%d/%m/%Y}"),
        "plan_note": say("plan_note", year=", ".join(map(str, unverified))) if unverified else "",
        "public_note": Listing(say("public_note", threshold=report.threshold, mark=WITHHELD_MARK) + "\n"
                               + say("marks_legend", withheld=WITHHELD_MARK, none=NOT_REPORTED_MARK) + " "
                               + say("results_without_counts", withheld=WITHHELD_MARK)) if public else "",
        "intro": say("intro", plan=plan, committee=committee, period=period),
        "h": {k: say(k) for k in ("situation", "results", "missing", "shortcomings", "directions")},
        "situation": [summary(evaluation, lang, max_units=NAMED, scope=scope, judged=window), situation_targets]
        + ([words.say("taskgroups.no_activity_data", lang, period=quarter)]
           if result.nothing_reported else []),
        "groups": groups,
        "kpi_caption": say("kpi_caption", year=report.baseline_year),
        "kpis": _table(kpis),
        "missing_lines": missing_lines,
        "missing": _table(missing),
        "silent": _table(silent_table),
        "activities": _table(activity_table),
        "shortcomings": drafted.shortcomings,
        "directions": drafted.directions,
        "attached": say("attached", year=today.year, committee=committee),
        "appendix_kpis": appendix_part("kpis", kpis, say("appendix_kpis_note", period=period,
                                                          year=report.baseline_year)),
        "appendix_activities": appendix_part("activities", activity_table, ""),
        "appendix_silent": appendix_part("silent", silent_table, say("appendix_silent_note", period=quarter)),
        "appendix_missing": appendix_part("missing", missing, say("appendix_missing_note", period=shown_period)),
        "recipients": say("recipients"), "recipients_list": Listing(say("recipients_list")),
        "signer_for": say("signer_for"), "signer_title": say("signer_title"), "signer_name": say("signer_name"),
    }


def _plan_code(year: int) -> str | None:
    """The number of the city's plan of ``year`` (params/city.yaml), None when it has none or it is not verified."""
    from tipmonitor.model.city import city_config

    plan = city_config().plan(year)
    return plan.code if plan is not None else None


def _targets_sentence(year: int, lang: str) -> tuple[str, list[int]]:
    """Where the year's targets come from, and the plan years whose number is not verified (params/city.yaml).

    With every plan numbered, the pages' own note (comparison.targets_note); otherwise a sentence without the
    targets files' placeholder text, the unverified numbers being said once, in the note under the title."""
    from tipmonitor.metrics.registry import load_targets
    from tipmonitor.present.comparison import targets_note

    targets = load_targets(year)
    years = [year] + ([targets.assumed_from] if targets is not None and targets.assumed_from is not None else [])
    unverified = [y for y in years if _plan_code(y) is None]
    if not unverified or targets is None:
        return targets_note(year, lang), unverified
    if targets.assumed_from is not None:
        return words.say("docx.targets_assumed", lang, year=year, source=targets.assumed_from), unverified
    return words.say("docx.targets_own", lang, year=year), unverified


def _place(city: str) -> str:
    """The place line names the city without its type: "Thành phố Hà Nội" -> "Hà Nội"."""
    for prefix in ("Thành phố ", "Tỉnh "):
        if city.startswith(prefix):
            return city[len(prefix):]
    return city


def write_official_report(report, path: Path, template: Path | None = None, today: date | None = None,
                          submissions: pd.DataFrame | None = None) -> Path:
    """Fill the template with the report's figures and save the .docx at ``path`` (atomically)."""
    from tipmonitor.core.files import publish
    from tipmonitor.model.city import city_config
    from tipmonitor.present.docx_writer import render_docx

    values = context(report, today, submissions)
    document = render_docx(template or TEMPLATE, values)
    document.core_properties.title = values["title"]
    document.core_properties.author = values["issuing_body"]
    with publish(path, city_config().private_files) as staged:
        document.save(str(staged.path))
    return path
