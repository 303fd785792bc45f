"""The city's periodic report as a Word draft (bao-cao-<period>.docx), filled into the editable template.

The layout is present/templates/bao-cao.docx (built by tools/docx_template.py; users may edit
it in Word, docs/official-report.md). This module only gathers what goes in it, all from the
same functions as the HTML pages and the workbook: the summary paragraph (narrative.py), the
KPI table (scorecard.py), units missing targets (views.py), activity totals and the units'
texts (taskgroups.py). A public edition takes the public evaluation and activity figures and
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
KPI_COLUMNS = ("indicator", "fraction", "rate", "target", "status", "cases_needed", "baseline_same")


def file_name(period_label: str) -> str:
    return f"bao-cao-{period_label}.docx"


def _table(frame: pd.DataFrame) -> dict:
    return {"head": [str(c) for c in frame.columns], "rows": [["" if pd.isna(v) else str(v) for v in row]
                                                             for row in frame.itertuples(index=False)]}


def kpi_frame(report) -> pd.DataFrame:
    """The city's targeted indicators, the columns of the HTML scorecard that fit a portrait page."""
    from tipmonitor.present.scorecard import scorecard_frame

    frame = scorecard_frame(report.evaluation, report.lang, targeted_only=True)
    keep = [words.say(f"column.{k}", report.lang, year=report.baseline_year) for k in KPI_COLUMNS]
    return frame[keep]


def missing_frame(report) -> pd.DataFrame:
    from tipmonitor.present.views import missing_table

    lang = report.lang
    table = missing_table(report.evaluation, lang)
    keep = [words.say(f"column.{k}", lang) for k in ("unit", "indicator", "fraction", "rate", "target", "status",
                                                      "cases_needed")]
    return table[keep] if len(table) else pd.DataFrame(columns=keep)


def context(report, today: date | None = None) -> dict:
    """Every field of the template, in the report's language."""
    from docxtpl import Listing

    from tipmonitor.core.formatting import NOT_REPORTED_MARK, WITHHELD_MARK
    from tipmonitor.model.city import city_config
    from tipmonitor.present.comparison import plan_name, targets_note
    from tipmonitor.present.narrative import summary
    from tipmonitor.model.units import CITY
    from tipmonitor.present.taskgroups import activity_frame, count_texts, group_name, silent_frame, unit_name

    lang, config, today = report.lang, city_config(), today or date.today()
    say = lambda key, **values: words.say(f"docx.{key}", lang, **values)  # noqa: E731
    evaluation = report.evaluation
    plan = say("title_plan", code=plan_name(report.period.year, lang))
    period = report.describe_period()
    public = report.threshold is not None
    texts = pd.DataFrame(columns=["unit", "period", "task_group", "section", "text"])
    if not public:
        from tipmonitor.metrics.taskgroups import compiled_texts

        texts = compiled_texts(report.dataset, report.period, report.rule)
    activities = load_activities()
    result = report.task_groups
    city = result.city()
    silent = silent_frame(result, lang)

    def text_lines(frame: pd.DataFrame) -> list[str]:
        """One line per distinct text, naming every unit that wrote it (compiled, as the standing office does)."""
        units: dict[str, list[str]] = {}
        for r in frame.itertuples(index=False):
            units.setdefault(r.text, []).append(unit_name(r.unit, lang))
        return [say("text_line", unit=", ".join(dict.fromkeys(names)), text=text) for text, names in units.items()]

    groups = []
    for group in activities.groups:
        lines = []
        for _, r in city[city["group"] == group].iterrows():
            m = activities.measures[r["activity"]]
            if pd.isna(r["period"]) and not result.is_withheld(CITY, r["activity"], "period"):
                continue  # no unit reported it: the silent units are named below
            shown = count_texts(result, CITY, r, lang)
            lines.append(words.say("taskgroups.activity_line", lang, label=m.name(lang), value=shown["period"],
                                   unit=words.pick(m.unit, lang), previous=shown["previous"], year=report.baseline_year,
                                   baseline=shown["baseline"]))
        names = silent[silent.iloc[:, 0] == group_name(group, lang)].iloc[:, 1].tolist()
        if names:
            lines.append(words.say("taskgroups.silent_line", lang, units=", ".join(names)))
        mine = texts[(texts["task_group"] == group) & (texts["section"] == "results")]
        groups.append({"heading": group_name(group, lang), "lines": lines, "kpis": group == ENFORCEMENT_GROUP,
                       "texts": text_lines(mine)})

    missing = missing_frame(report)
    missing_lines = [say("missing_line", unit=row[0], indicator=row[1], fraction=row[2], rate=row[3], target=row[4],
                         needed=row[6] or "–") for row in missing.itertuples(index=False)]
    if not missing_lines:  # in a public edition a unit's withheld status is not "none missed"
        withheld = public and (evaluation.table["status"] == "withheld").any()
        missing_lines = [say("none_published" if withheld else "none")]
    card = evaluation.scorecard("CITY", "period")
    missed = [evaluation.registry.indicators[i].name(lang, short=True) for i, s in card["status"].items()
              if s in ("missed", "at_risk")]
    directions = [say("direction_targets", items="; ".join(missed)) if missed
                  else say("direction_all_met", year=report.period.year)]
    if len(silent):
        directions.append(say("direction_silent", units=", ".join(dict.fromkeys(silent.iloc[:, 1]))))
    directions += text_lines(texts[texts["section"] == "proposals"])
    return {
        "parent_body": say("parent_body", city=config.city_name(lang)).upper(),
        "issuing_body": words.pick(config.committee, lang).upper(),
        "number": say("number"), "motto_country": say("motto_country"), "motto": say("motto"),
        "place_date": say("place_date", place=_place(config.city_name(lang)), year=today.year),
        "kind": say("kind"), "title": say("title", plan=plan, period=period),
        "draft_note": say("draft", date=f"{today:%d/%m/%Y}"),
        "public_note": Listing(say("public_note", threshold=report.threshold, mark=WITHHELD_MARK) + "\n"
                               + say("marks_legend", withheld=WITHHELD_MARK, none=NOT_REPORTED_MARK)) if public else "",
        "intro": say("intro", plan=plan, committee=words.pick(config.committee, lang), period=period),
        "h": {k: say(k) for k in ("situation", "results", "missing", "shortcomings", "directions", "appendix",
                                  "appendix_kpis", "appendix_activities", "appendix_missing")},
        "situation": [summary(evaluation, lang), targets_note(report.period.year, lang)],
        "groups": groups,
        "kpi_caption": say("kpi_caption", year=report.baseline_year),
        "kpis": _table(kpi_frame(report)),
        "missing_lines": missing_lines,
        "missing": _table(missing),
        "activities": _table(activity_frame(result, lang)),
        "shortcomings": text_lines(texts[texts["section"] == "difficulties"]) or [say("none")],
        "directions": directions,
        "recipients": say("recipients"), "recipients_list": Listing(say("recipients_list")),
        "signer": Listing(say("signer")),
    }


def _place(city: str) -> str:
    """The place line names the city without its type: "Thành phố Hà Nội" -> "Hà Nội"."""
    for prefix in ("Thành phố ", "Tỉnh "):
        if city.startswith(prefix):
            return city[len(prefix):]
    return city


def write_official_report(report, path: Path, template: Path | None = None, today: date | None = None) -> Path:
    """Fill the template with the report's figures and save the .docx at ``path`` (atomically)."""
    from tipmonitor.core.files import publish
    from tipmonitor.model.city import city_config
    from tipmonitor.present.docx_writer import render_docx

    values = context(report, today)
    document = render_docx(template or TEMPLATE, values)
    document.core_properties.title = values["title"]
    document.core_properties.author = values["issuing_body"]
    with publish(path, city_config().private_files) as staged:
        document.save(str(staged.path))
    return path
