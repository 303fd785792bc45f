"""Charts (Altair), readable in grey print and by colour-blind readers, labelled in Vietnamese.

Every builder takes a tidy DataFrame made by a tested function elsewhere and returns
an Altair chart; ``figure()`` wraps it for display. A Figure shows as static SVG
(made offline by vl-convert) wherever there is no chart renderer, such as exported
HTML, and as an interactive Vega view in JupyterLab, from one output carrying both.
Status is never told by colour alone: cells carry a symbol and the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from tipmonitor.core import words
from tipmonitor.present.status import legend

FONT = "TM Sans, DejaVu Sans, Noto Sans, Arial, sans-serif"  # TM Sans: the font the HTML reports embed
LINE_COLOURS = ["#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00"]
# Trend lines: the city black; units in colours no status uses (blue is "met", orange "missed", yellow "at risk").
CITY_COLOUR = "#000000"
UNIT_COLOURS = ["#009E73", "#CC79A7", "#56B4E9", "#7F7F7F", "#8C510A", "#01665E"]


def config(chart, lang: str = "vi"):
    """Fonts, sizes and the number locale every chart shares."""
    return (chart.configure(font=FONT, locale={"number": words.number_locale(lang)})
            .configure_axis(labelFontSize=11, titleFontSize=12, labelLimit=260)
            .configure_legend(labelFontSize=11, titleFontSize=12, labelLimit=260)
            .configure_title(fontSize=14, anchor="start")
            .configure_view(stroke=None))


_FONTS_REGISTERED = False


def register_fonts() -> None:
    """Make the shipped report font known to vl-convert (for PNG), once per process."""
    global _FONTS_REGISTERED
    if not _FONTS_REGISTERED:
        import vl_convert as vlc

        from tipmonitor.present.html_export import FONTS

        vlc.register_font_directory(str(FONTS))
        _FONTS_REGISTERED = True


@dataclass
class Figure:
    """A chart for display: SVG for static outputs and the Vega spec for interactive ones."""

    spec: dict
    title: str = ""
    _vega: dict | None = field(default=None, repr=False)

    def svg(self) -> str:
        import vl_convert as vlc

        return vlc.vega_to_svg(self.vega())

    def png(self, scale: float = 2.0) -> bytes:
        import vl_convert as vlc

        register_fonts()
        return vlc.vegalite_to_png(self.spec, scale=scale)

    def vega(self) -> dict:
        """The Vega-Lite spec compiled to Vega, once."""
        if self._vega is None:
            import vl_convert as vlc

            self._vega = vlc.vegalite_to_vega(self.spec)
        return self._vega

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "image/svg+xml": self.svg(),
            "application/vnd.vega.v5+json": self.vega(),
            "text/plain": f"<{self.title or 'chart'}>",
        }


def figure(chart, lang: str = "vi", title: str = "") -> Figure:
    return Figure(config(chart, lang).to_dict(), title)


def _status_scale(lang: str, statuses=()):
    """The status colours; "withheld" joins the legend only where a public report has such cells."""
    import altair as alt

    domain, colours = legend(lang, statuses)
    return alt.Scale(domain=domain, range=colours)


def status_heatmap(cells: pd.DataFrame, lang: str = "vi"):
    """Units (rows) by indicator (columns), coloured by status, with symbol and n/d written in."""
    import altair as alt

    base = alt.Chart(cells).encode(
        x=alt.X("indicator_label:N", title=None, sort=list(dict.fromkeys(cells["indicator_label"])),
                axis=alt.Axis(orient="top", labelAngle=0, labelLimit=110)),
        y=alt.Y("unit_label:N", title=None, sort=list(dict.fromkeys(cells["unit_label"]))),
    )
    rects = base.mark_rect(stroke="#666666", strokeWidth=0.5).encode(
        color=alt.Color("status_label:N", scale=_status_scale(lang, cells["status"]), title=words.say("column.status", lang)),
        tooltip=[alt.Tooltip("unit_label:N", title=words.say("column.unit", lang)),
                 alt.Tooltip("indicator_label:N", title=words.say("column.indicator", lang)),
                 alt.Tooltip("cell_text:N", title=words.say("column.fraction", lang)),
                 alt.Tooltip("status_label:N", title=words.say("column.status", lang))],
    )
    text = base.mark_text(fontSize=10).encode(
        text="cell_text:N",
        color=alt.Color("text_colour:N", scale=None),
    )
    height = max(200, 18 * cells["unit_label"].nunique())
    return (rects + text).properties(width=110 * cells["indicator_label"].nunique(), height=height)


def unit_map(points: pd.DataFrame, lang: str = "vi"):
    """Units at their official centroids (no map tiles), sized by caseload, coloured by status."""
    import altair as alt

    size = alt.Size("caseload:Q", title=words.say("chart.caseload", lang), scale=alt.Scale(range=[30, 900]),
                    legend=alt.Legend(orient="bottom", direction="horizontal", titleLimit=300))
    if points["caseload"].isna().any():  # a public report withholds small caseloads: those get the smallest circle
        size = alt.condition("isValid(datum.caseload)", size, alt.value(30))  # type: ignore[assignment]
    circles = alt.Chart(points).mark_circle(opacity=0.85, stroke="#333333", strokeWidth=0.7).encode(
        longitude="lon:Q", latitude="lat:Q", size=size,
        color=alt.Color("status_label:N", scale=_status_scale(lang, points["status"]),
                        title=words.say("chart.overall_status", lang),
                        legend=alt.Legend(orient="bottom", direction="horizontal", columns=3, labelLimit=220,
                                          titleLimit=300)),
        tooltip=[alt.Tooltip("unit_label:N", title=words.say("column.unit", lang)),
                 alt.Tooltip("caseload:Q", title=words.say("chart.caseload", lang)),
                 alt.Tooltip("status_label:N", title=words.say("column.status", lang)),
                 alt.Tooltip("missed_list:N", title=words.say("chart.missed_targets", lang))],
    )
    # At 155 units every name would collide: the units that missed a target (what the committee acts on) are
    # named, the others by their tooltip; the legends sit under the map, inside the figure.
    names = alt.Chart(points).transform_filter(
        alt.FieldOneOfPredicate(field="status", oneOf=["missed", "at_risk"]) if len(points) > 40 else "true").mark_text(
        dy=-11, fontSize=9, color="#222222").encode(longitude="lon:Q", latitude="lat:Q", text="label_with_symbol:N")
    return (circles + names).project(type="mercator").properties(width=620, height=560)


TREND_FIELDS = ("quarter", "indicator_label", "series_label", "percent", "shown", "fraction", "target_percent",
                "baseline_percent", "change_label")


def trend_chart(trend: pd.DataFrame, lang: str = "vi", baseline_year: int = 2022, columns: int = 2,
                baseline_label: str | None = None):
    """Each indicator by quarter, for the city and chosen units, with the target and the baseline as lines."""
    import altair as alt

    # The spec carries its data: only the fields drawn (a third of the time to build and render a unit's trend).
    trend = trend[[c for c in TREND_FIELDS if c in trend.columns]]
    series = trend["series_label"].drop_duplicates().tolist()
    city = words.say("city.whole", lang)
    others = iter(UNIT_COLOURS * (1 + len(series) // len(UNIT_COLOURS)))
    colours = [CITY_COLOUR if label == city else next(others) for label in series]
    colour = alt.Color("series_label:N", title=None, scale=alt.Scale(domain=series, range=colours),
                       legend=alt.Legend(orient="bottom", labelLimit=280))
    base = alt.Chart().encode(x=alt.X("quarter:O", title=None, axis=alt.Axis(labelAngle=-45)))
    lines = base.mark_line(point=True).encode(
        y=alt.Y("percent:Q", title="%", scale=alt.Scale(domain=[0, 100])),
        color=colour, strokeDash=alt.StrokeDash("series_label:N", legend=None),
        tooltip=[alt.Tooltip("series_label:N", title=words.say("column.unit", lang)),
                 alt.Tooltip("quarter:O", title=words.say("chart.quarter", lang)),
                 alt.Tooltip("shown:N", title=words.say("column.rate", lang)),
                 alt.Tooltip("fraction:N", title=words.say("column.fraction", lang))],
    )
    target = base.mark_line(color="#333333", strokeDash=[2, 2], strokeWidth=1.5).encode(y="target_percent:Q")
    # The baseline year's figure: one horizontal rule across the panel (no x, so not one per quarter).
    baseline = alt.Chart().transform_filter("isValid(datum.baseline_percent)").mark_rule(
        color="#555555", strokeDash=[6, 3]).encode(y="mean(baseline_percent):Q")
    layers = [lines, target, baseline]
    if "change_label" in trend.columns and trend["change_label"].notna().any():
        # Where a unit's own line takes over from its predecessors' (dashed): a rule, with the change in words.
        change = alt.Chart().transform_filter("isValid(datum.change_label)")
        layers += [change.mark_rule(color="#444444", strokeDash=[1, 2]).encode(x="quarter:O"),
                   change.mark_text(align="right", dx=-3, dy=-70, fontSize=8, color="#444444", limit=150).encode(
                       x="quarter:O", text="change_label:N")]
    layered = alt.layer(*layers, data=trend).properties(width=300, height=170)
    return layered.facet(facet=alt.Facet("indicator_label:N", title=None, sort=list(dict.fromkeys(trend["indicator_label"]))),
                         columns=columns).properties(
        title=words.say("chart.trend_title", lang, year=baseline_year,
                          whose=baseline_label or words.say("city.whole", lang)))


def pipeline_chart(stages: pd.DataFrame, lang: str = "vi"):
    """From reports to cases to solved, prosecuted and tried: this period beside the baseline's."""
    import altair as alt

    order = list(dict.fromkeys(stages["stage_label"]))
    bars = alt.Chart(stages).mark_bar().encode(
        y=alt.Y("stage_label:N", sort=order, title=None),
        x=alt.X("count:Q", title=words.say("chart.count", lang)),
        yOffset=alt.YOffset("window_label:N", sort=list(dict.fromkeys(stages["window_label"]))),
        color=alt.Color("window_label:N", title=None,  # this period in blue, the baseline's in grey
                        scale=alt.Scale(domain=list(dict.fromkeys(stages["window_label"])), range=["#0072B2", "#AAAAAA"]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=["window_label:N", "stage_label:N", "count:Q"],
    )
    text = bars.mark_text(align="left", dx=3, fontSize=10).encode(
        x=alt.X("count_or_zero:Q"), text="label:N", color=alt.value("#222222"))
    return (bars + text).transform_calculate(count_or_zero="isValid(datum.count) ? datum.count : 0").properties(
        width=480, height=alt.Step(14))


def distribution_chart(distribution: pd.DataFrame, title: str, lang: str = "vi"):
    """Counts by category with their share, largest first."""
    import altair as alt

    order = distribution.sort_values("count", ascending=False)["category_label"].tolist()
    bars = alt.Chart(distribution).mark_bar(color="#0072B2").encode(
        y=alt.Y("category_label:N", sort=order, title=None),
        x=alt.X("count:Q", title=words.say("chart.count", lang)),
        tooltip=["category_label:N", "count:Q", "share_label:N"],
    )
    text = bars.mark_text(align="left", dx=3, fontSize=10).encode(text="text:N", color=alt.value("#222222"))
    return (bars + text).properties(width=280, height=alt.Step(18), title=title)
