"""The task-group section as readers see it: activity tables, the chart, silent units, the units' texts.

Frames with the catalogue's labels, built from metrics/taskgroups.py; the period report, the
unit pages and the official report (.docx) all take their figures from here, so they agree.
"""

from __future__ import annotations

import pandas as pd

from tipmonitor.core import words
from tipmonitor.core.formatting import NOT_REPORTED_MARK, WITHHELD_MARK, format_count
from tipmonitor.metrics.taskgroups import KINDS, TaskGroups
from tipmonitor.model import periods
from tipmonitor.model.activities import SECTIONS, load_activities
from tipmonitor.model.units import CITY


def count_text(value, lang: str, withheld: bool) -> str:
    """A count as printed; "–" when nothing was reported, the withheld mark when a public edition withholds it."""
    if withheld:
        return WITHHELD_MARK
    if pd.isna(value):
        return NOT_REPORTED_MARK
    return format_count(value, lang)


def shown_kinds(result: TaskGroups) -> tuple[str, ...]:
    """The windows a table or chart shows: the period, the previous one and the baseline's, the previous one left out
    where it is the baseline's (the year after the baseline year, its nine months: two columns of 2022 else)."""
    if result.period.previous() == result.period.in_year(result.baseline_year):
        return tuple(kind for kind in KINDS if kind != "previous")
    return KINDS


def count_texts(result: TaskGroups, unit: str, row: pd.Series, lang: str) -> dict[str, str]:
    """One activity's counts of the period, the previous period and the baseline's, as printed."""
    return {k: count_text(row[k], lang, result.is_withheld(unit, row["activity"], k)) for k in KINDS}


def unit_name(code: str, lang: str) -> str:
    from tipmonitor.model.units import load_registry

    return words.say("city.whole", lang) if code == CITY else load_registry().name(code, lang)


def activity_frame(result: TaskGroups, lang: str = "vi", unit: str = CITY) -> pd.DataFrame:
    """One row per activity: task group, activity, unit of count, this period, previous, same period of the baseline.

    A blank count is "–" (nothing reported); a count a public edition withholds is the withheld mark."""
    activities = load_activities()
    table = result.city() if unit == CITY else result.unit(unit)
    previous = result.period.previous().describe(lang)
    columns = {"group": words.say("column.task_group", lang), "activity": words.say("column.activity", lang),
               "unit": words.say("column.count_unit", lang), "period": words.say("column.this_period", lang),
               "previous": words.say("column.previous_period", lang, period=previous),
               "baseline": words.say("column.same_period", lang, year=result.baseline_year)}
    shown = shown_kinds(result)
    columns = {k: label for k, label in columns.items() if k in shown or k not in KINDS}
    rows = []
    for _, r in table.iterrows():
        m = activities.measures[r["activity"]]
        rows.append({columns["group"]: f"{m.group}. {activities.group_name(m.group, lang)}", columns["activity"]: m.name(lang),
                     columns["unit"]: words.pick(m.unit, lang),
                     **{columns[k]: text for k, text in count_texts(result, unit, r, lang).items() if k in shown}})
    return pd.DataFrame(rows, columns=list(columns.values()))


def chart_data(result: TaskGroups, lang: str = "vi") -> pd.DataFrame:
    """The city's counts of every activity in the three windows, for the chart (withheld counts left out)."""
    activities = load_activities()
    city = result.values[(result.values["unit"] == CITY) & result.values["value"].notna()
                         & result.values["kind"].isin(shown_kinds(result))].copy()
    labels = {"period": result.period.describe(lang), "previous": result.period.previous().describe(lang),
              "baseline": result.period.in_year(result.baseline_year).describe(lang)}
    city["window_label"] = city["kind"].map(labels)
    city["group_label"] = city["group"].map(lambda g: f"{g}. {activities.group_name(int(g), lang)}")
    city["activity_label"] = city["activity"].map(lambda a: activities.measures[a].name(lang))
    return city[["group_label", "activity_label", "window_label", "value"]].rename(columns={"value": "count"})


def activity_chart(result: TaskGroups, lang: str = "vi"):
    """Bars per activity, one panel per task group, this period beside the previous one and the baseline's."""
    import altair as alt

    from tipmonitor.present.charts import NEUTRAL

    data = chart_data(result, lang)
    windows = list(dict.fromkeys(data["window_label"]))
    bars = alt.Chart(data).mark_bar().encode(
        y=alt.Y("activity_label:N", title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("count:Q", title=words.say("chart.count", lang), scale=alt.Scale(type="symlog")),
        yOffset=alt.YOffset("window_label:N", sort=windows),
        color=alt.Color("window_label:N", title=None, sort=windows,
                        scale=alt.Scale(domain=windows, range=[NEUTRAL[k] for k in ("bars", "context", "baseline")][:len(windows)]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=["group_label:N", "activity_label:N", "window_label:N", "count:Q"],
    ).properties(width=360, height=alt.Step(9))
    return bars.facet(row=alt.Row("group_label:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")),
                      ).resolve_scale(y="independent").properties(
        title=words.say("taskgroups.chart_title", lang, year=result.baseline_year))


def silent_frame(result: TaskGroups, lang: str = "vi") -> pd.DataFrame:
    """Per task group, the units expected to report its activities that reported none of them in the period."""
    activities = load_activities()
    silent = result.silent()
    columns = [words.say("column.task_group", lang), words.say("column.unit", lang),
               words.say("column.expected_activities", lang)]
    rows = [(f"{g}. {activities.group_name(int(g), lang)}", unit_name(u, lang), int(n))
            for g, u, n in zip(silent["group"], silent["unit"], silent["activities"])]
    return pd.DataFrame(rows, columns=columns)


def section_name(section: str, lang: str) -> str:
    return words.say(f"taskgroups.section.{section}", lang)


def group_name(group: int, lang: str) -> str:
    return words.say("taskgroups.general", lang) if group == 0 else f"{group}. {load_activities().group_name(group, lang)}"


def texts_markdown(texts: pd.DataFrame, lang: str = "vi", by: str = "group") -> str:
    """The units' texts as Markdown: by task group (then section, then unit) or, ``by="unit"``, unit first."""
    if not len(texts):
        return words.say("taskgroups.no_texts", lang)
    out = []
    first, second = ("task_group", "unit") if by == "group" else ("unit", "task_group")
    heading = {"task_group": lambda g: group_name(int(g), lang), "unit": lambda u: unit_name(u, lang)}
    for key, part in texts.groupby(first, sort=by == "group"):
        out.append(f"#### {heading[first](key)}")
        for section in SECTIONS:
            rows = part[part["section"] == section]
            if len(rows):
                out.append(f"**{section_name(section, lang)}**\n")
                out += [f"- {heading[second](r[second])} ({periods.describe_label(r['period'], lang)}): {_escape(r['text'])}"
                        for _, r in rows.iterrows()]
                out.append("")
    return "\n".join(out)


def _escape(text: str) -> str:
    """A unit's text inside Markdown: shown as written, never read as markup (nor an address as a link, nor
    "&amp;" as an entity)."""
    return "".join("\\" + c if c in "\\`*_{}[]<>()#+!|:&" else c for c in text.replace("\n", " "))
