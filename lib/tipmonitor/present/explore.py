"""Interactive views for analysts in JupyterLab: the same evaluation, with selections and tooltips.

Pick an indicator from a drop-down, click a unit in the legend to highlight it, hover
for the figures. The charts render interactively in JupyterLab (Vega) and as static
SVG elsewhere; the tables are plain DataFrames of counts and rates (no records).
"""

from __future__ import annotations

import pandas as pd

from tipmonitor.core import words
from tipmonitor.present.status import status_label
from tipmonitor.metrics.evaluation import CITY
from tipmonitor.core.formatting import format_fraction
from tipmonitor.present.report import PeriodReport


class Explorer(PeriodReport):
    def _trend_rows(self) -> pd.DataFrame:
        from tipmonitor.present.views import trend_texts, unit_names

        names = unit_names(self.evaluation, self.lang)
        rows = self.trend.copy()
        rows["unit_label"] = rows["unit"].map(names)
        rows["indicator_label"] = rows["indicator"].map(lambda i: self.evaluation.registry.indicators[i].name(self.lang, short=True))
        rows["percent"] = rows["value"] * 100
        rows["target_percent"] = rows["target"] * 100
        rows["shown"], rows["fraction"] = trend_texts(rows, self.lang)
        return rows

    def trend_explorer(self):
        import altair as alt

        from tipmonitor.present.charts import figure

        rows = self._trend_rows()
        names = list(dict.fromkeys(rows["indicator_label"]))
        pick = alt.param(name="indicator", value=names[0],
                         bind=alt.binding_select(options=names, name=words.say("column.indicator", self.lang) + " "))
        highlight = alt.selection_point(fields=["unit_label"], bind="legend")
        base = alt.Chart(rows).transform_filter(alt.datum.indicator_label == pick)
        lines = base.mark_line(point=True).encode(
            x=alt.X("quarter:O", title=None),
            y=alt.Y("percent:Q", title="%", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("unit_label:N", title=words.say("column.unit", self.lang), legend=alt.Legend(columns=2, symbolLimit=60)),
            opacity=alt.condition(highlight, alt.value(1), alt.value(0.12)),
            strokeWidth=alt.condition(alt.datum.unit == CITY, alt.value(3.5), alt.value(1.5)),
            tooltip=[alt.Tooltip("unit_label:N", title=words.say("column.unit", self.lang)),
                     alt.Tooltip("quarter:O", title=words.say("chart.quarter", self.lang)),
                     alt.Tooltip("shown:N", title=words.say("column.rate", self.lang)),
                     alt.Tooltip("fraction:N", title=words.say("column.fraction", self.lang))],
        ).add_params(highlight)
        target = base.transform_filter(alt.datum.unit == CITY).mark_line(color="#D55E00", strokeDash=[2, 2]).encode(
            x="quarter:O", y="target_percent:Q")
        chart = alt.layer(lines, target).add_params(pick).properties(width=720, height=360)
        return figure(chart, self.lang, "trend explorer")

    def unit_comparison(self):
        import altair as alt

        from tipmonitor.present.charts import figure
        from tipmonitor.present.status import legend
        from tipmonitor.present.views import unit_names

        names = unit_names(self.evaluation, self.lang)
        t = self.evaluation.table
        rows = t[t["value"].notna()].copy()
        if not len(rows):  # a public edition may withhold every indicator of a small period
            from IPython.display import Markdown

            return Markdown(words.say("explore.nothing_published", self.lang))
        scopes = {"period": self.describe_period(),
                  "ytd": self.period.year_to_date().describe(self.lang, self.rule)}
        rows["scope_label"] = rows["scope"].map(scopes)
        rows["unit_label"] = rows["unit"].map(names)
        rows["indicator_label"] = rows["indicator"].map(lambda i: self.evaluation.registry.indicators[i].name(self.lang, short=True))
        rows["percent"] = rows["value"] * 100
        rows["status_label"] = rows["status"].map(lambda s: status_label(s, self.lang))
        rows["fraction"] = [format_fraction(n, d, self.lang) for n, d in zip(rows["numerator"], rows["denominator"])]
        domain, colours = legend(self.lang)
        options = list(dict.fromkeys(rows["indicator_label"]))
        pick = alt.param(name="indicator", value=options[0],
                         bind=alt.binding_select(options=options, name=words.say("column.indicator", self.lang) + " "))
        window = alt.param(name="window", value=scopes["period"],
                           bind=alt.binding_radio(options=list(scopes.values()),
                                                  name=words.say("explore.window", self.lang)))
        bars = alt.Chart(rows).transform_filter(
            (alt.datum.indicator_label == pick) & (alt.datum.scope_label == window)).mark_bar().encode(
            y=alt.Y("unit_label:N", sort="-x", title=None),
            x=alt.X("percent:Q", title="%", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("status_label:N", title=words.say("column.status", self.lang),
                            scale=alt.Scale(domain=domain, range=colours)),
            tooltip=["unit_label:N", "fraction:N", "status_label:N"],
        ).add_params(pick, window).properties(width=520, height=alt.Step(16))
        return figure(bars, self.lang, "unit comparison")

    def counts(self) -> pd.DataFrame:
        """The counts of the period and its year to date, per unit and city (a DataFrame to analyse further)."""
        return self.evaluation.cube.reset_index()
