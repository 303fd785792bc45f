"""Charts (Altair), readable in grey print and by colour-blind readers, labelled in Vietnamese.

Every builder takes a tidy DataFrame made by a tested function elsewhere and returns
an Altair chart; ``figure()`` wraps it for display. A Figure shows as static SVG
(made offline by vl-convert) wherever there is no chart renderer, such as exported
HTML, and as an interactive Vega view in JupyterLab, from one output carrying both.
Status is never told by colour alone: cells carry a symbol and the numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from tipmonitor.core import words
from tipmonitor.core.formatting import WITHHELD_MARK
from tipmonitor.present.status import legend

FONT = "TM Sans, DejaVu Sans, Noto Sans, Arial, sans-serif"  # TM Sans: the font the HTML reports embed
# Each colour has one meaning. Status colours (present/status.py) mark status only; everything else is neutral:
# the city and this period's own figures black, the target a dark grey dotted line, the baseline year (2022) a
# mid grey dashed line or bar; units' trend lines in colours no status uses. tests/test_palette.py checks that no
# chart but the status ones carries a status colour, and that the status colours stay apart for colour-blind readers.
CITY_COLOUR = "#000000"
NEUTRAL = {"city": CITY_COLOUR,      # the city's line
           "bars": "#4D4D4D",       # this period's counts and rates as bars
           "target": "#333333",     # the target: a dotted line
           "baseline": "#888888",   # the baseline year (2022): a dashed line, or its bars
           "context": "#BBBBBB",    # what a chart sets the subject against: the other units, the previous period
           "ink": "#222222", "stroke": "#666666", "note": "#444444"}
UNIT_COLOURS = ["#009E73", "#CC79A7", "#56B4E9", "#7F7F7F", "#8C510A", "#01665E"]


def config(chart, lang: str = "vi"):
    """Fonts, sizes and the number locale every chart shares (one ``configure``: each call copies the whole chart)."""
    import altair as alt

    return chart.configure(font=FONT, locale={"number": words.number_locale(lang)},
                           axis=alt.AxisConfig(labelFontSize=11, titleFontSize=12, labelLimit=260),
                           legend=alt.LegendConfig(labelFontSize=11, titleFontSize=12, labelLimit=260),
                           title=alt.TitleConfig(fontSize=14, anchor="start"), view=alt.ViewConfig(stroke=None))


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
    """The chart's spec, not validated against Vega-Lite's schema here (a third of a unit page's chart time, every
    page of a run): the charts are this module's, and tests/test_charts.py validates each kind."""
    return Figure(config(chart, lang).to_dict(validate=False), title)


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
    rects = base.mark_rect(stroke=NEUTRAL["stroke"], strokeWidth=0.5).encode(
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
    """Units at their official centroids (no map tiles), sized by caseload, coloured by status; the names placed
    by views.map_layout so that none collides at 155 units, the legends under the map, inside the figure."""
    import altair as alt

    from tipmonitor.present.views import MAP_FONT, MAP_SIZE, map_layout

    width, height = MAP_SIZE
    laid = map_layout(points)
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[0, width], nice=False, zero=False))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[height, 0], nice=False, zero=False))
    size = alt.Size("caseload:Q", title=words.say("chart.caseload", lang), scale=alt.Scale(range=[30, 900]),
                    legend=alt.Legend(orient="bottom", direction="horizontal", titleLimit=300))
    # a public report's withheld caseloads (the decision's, views.map_points): drawn as "*", not left off (#26, s7)
    withheld = laid["withheld"].astype(bool) if "withheld" in laid.columns else laid["caseload"].isna()
    colour = alt.Color("status_label:N", scale=_status_scale(lang, laid["status"]), title=words.say("chart.overall_status", lang),
                       legend=alt.Legend(orient="bottom", direction="horizontal", columns=3, labelLimit=220, titleLimit=300))
    circles = alt.Chart(laid[~withheld]).mark_circle(opacity=0.85, stroke=NEUTRAL["ink"], strokeWidth=0.7).encode(
        x=x, y=y, size=size, color=colour,
        tooltip=[alt.Tooltip("unit_label:N", title=words.say("column.unit", lang)),
                 alt.Tooltip("caseload:Q", title=words.say("chart.caseload", lang)),
                 alt.Tooltip("status_label:N", title=words.say("column.status", lang)),
                 alt.Tooltip("missed_list:N", title=words.say("chart.missed_targets", lang))],
    )
    labelled = laid[laid["labelled"].astype(bool)] if len(laid) else laid
    names = alt.Chart(labelled).mark_text(align="left", baseline="middle", fontSize=MAP_FONT, color=NEUTRAL["ink"]).encode(
        x=alt.X("label_x:Q", axis=None, scale=alt.Scale(domain=[0, width], nice=False, zero=False)),
        y=alt.Y("label_y:Q", axis=None, scale=alt.Scale(domain=[height, 0], nice=False, zero=False)),
        text="label_with_symbol:N")
    if not withheld.any():
        return (circles + names).properties(width=width, height=height)
    marks = alt.Chart(laid[withheld].assign(caseload_text=WITHHELD_MARK)).mark_text(
        text=WITHHELD_MARK, fontSize=18, fontWeight="bold", baseline="middle").encode(
        x=x, y=y, color=colour,
        tooltip=[alt.Tooltip("unit_label:N", title=words.say("column.unit", lang)),
                 alt.Tooltip("caseload_text:N", title=words.say("chart.caseload", lang)),
                 alt.Tooltip("status_label:N", title=words.say("column.status", lang)),
                 alt.Tooltip("missed_list:N", title=words.say("chart.missed_targets", lang))])
    note = alt.TitleParams(words.say("chart.map_withheld", lang, mark=WITHHELD_MARK),
                           orient="bottom", anchor="start", fontSize=11, fontWeight="normal")
    return (circles + marks + names).properties(width=width, height=height, title=note)


TREND_FIELDS = ("quarter", "indicator_label", "series_label", "percent", "shown", "fraction", "target_percent",
                "baseline_percent", "change_label")


def trend_chart(trend: pd.DataFrame, lang: str = "vi", baseline_year: int = 2022, columns: int = 2,
                baseline_label: str | None = None):
    """Each indicator by quarter, for the city and chosen units, with the target and the baseline as lines."""
    trend = _trend_fields(trend)
    series, colours, panels, title = _trend_parts(trend, lang, baseline_year, baseline_label)
    return _trend_layers(trend, lang, columns, series, colours, panels, title)


def _trend_fields(trend: pd.DataFrame) -> pd.DataFrame:
    # The spec carries its data: only the fields drawn (a third of the time to build and render a unit's trend).
    return trend[[c for c in TREND_FIELDS if c in trend.columns]]


def _trend_parts(trend: pd.DataFrame, lang: str, baseline_year: int, baseline_label: str | None
                 ) -> tuple[list[str], list[str], list[str], str]:
    """What a trend chart takes from its data and words: its series and their colours, its panels, its title."""
    series = trend["series_label"].drop_duplicates().tolist()
    city = words.say("city.whole", lang)
    others = iter(UNIT_COLOURS * (1 + len(series) // len(UNIT_COLOURS)))
    colours = [CITY_COLOUR if label == city else next(others) for label in series]
    title = words.say("chart.trend_title", lang, year=baseline_year, whose=baseline_label or words.say("city.whole", lang))
    return series, colours, list(dict.fromkeys(trend["indicator_label"])), title


def _trend_layers(trend: pd.DataFrame, lang: str, columns: int, series: list, colours: list, panels: list, title: str):
    import altair as alt

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
    target = base.mark_line(color=NEUTRAL["target"], strokeDash=[2, 2], strokeWidth=1.5).encode(y="target_percent:Q")
    # The baseline year's figure: one horizontal rule across the panel (no x, so not one per quarter).
    baseline = alt.Chart().transform_filter("isValid(datum.baseline_percent)").mark_rule(
        color=NEUTRAL["baseline"], strokeDash=[6, 3]).encode(y="mean(baseline_percent):Q")
    layers = [lines, target, baseline]
    if _has_changes(trend):
        # Where a unit's own line takes over from its predecessors' (dashed): a rule, with the change in words.
        change = alt.Chart().transform_filter("isValid(datum.change_label)")
        layers += [change.mark_rule(color=NEUTRAL["note"], strokeDash=[1, 2]).encode(x="quarter:O"),
                   change.mark_text(align="right", dx=-3, dy=-70, fontSize=8, color=NEUTRAL["note"], limit=150).encode(
                       x="quarter:O", text="change_label:N")]
    layered = alt.layer(*layers, data=trend).properties(width=300, height=170)
    return layered.facet(facet=alt.Facet("indicator_label:N", title=None, sort=panels), columns=columns).properties(
        title=title)


def _has_changes(trend: pd.DataFrame) -> bool:
    return "change_label" in trend.columns and bool(trend["change_label"].notna().any())


# A trend chart's spec with stand-ins for what differs from one chart of a kind to the next (its series and colours,
# panels, title and data), made once per kind (language, columns, fields, change rules) and process: building the
# chart through Altair took a fifth of a unit page's CPU, every page of a run.
_SERIES, _COLOURS, _PANELS, _TITLE = "\x00series", "\x00colours", "\x00panels", "\x00title"
_TREND_SPECS: dict[tuple, dict] = {}


def trend_figure(trend: pd.DataFrame, lang: str = "vi", baseline_year: int = 2022, columns: int = 2,
                 baseline_label: str | None = None, title: str = "") -> Figure:
    """``figure(trend_chart(...))``, the same spec (tests/test_charts.py), from the kind's spec made once with this
    chart's series, colours, panels, title and data put in."""
    import altair as alt

    trend = _trend_fields(trend)
    series, colours, panels, heading = _trend_parts(trend, lang, baseline_year, baseline_label)
    kind = (lang, columns, tuple(trend.columns), _has_changes(trend))
    if kind not in _TREND_SPECS:
        _TREND_SPECS[kind] = figure(_trend_layers(trend, lang, columns, [_SERIES], [_COLOURS], [_PANELS], _TITLE),
                                    lang).spec
    data = alt.Chart(trend).mark_line().to_dict(validate=False)  # the data as Altair names and writes it
    put = {_SERIES: series, _COLOURS: colours, _PANELS: panels, _TITLE: heading}
    spec = _filled(_TREND_SPECS[kind], put)
    spec["data"], spec["datasets"] = data["data"], data["datasets"]
    return Figure(spec, title, _trend_vega(kind, series, colours, panels, heading, data["data"]["name"],
                                           data["datasets"][data["data"]["name"]]))


# The same kind's spec compiled to Vega once per number of panels, with stand-ins for the panels (whose order
# Vega-Lite writes into an expression) and for the data's name: filling it in gives what vegalite_to_vega gives for
# the chart (tests/test_charts.py, every unit of three periods), without compiling each unit's chart again (a
# tenth of a unit page's CPU in its kernel, besides the SVG).
_DATA = "\x00data"
_TREND_VEGA: dict[tuple, dict] = {}


def _panel(i: int) -> str:
    return f"\x00panel{i}"


def _trend_vega(kind: tuple, series: list, colours: list, panels: list, title: str, name: str, rows: list) -> dict | None:
    """The Vega of a trend chart filled in from its kind's compiled spec; None where a panel's name is not written
    in an expression as Python writes a JSON string (a control character, a lone surrogate): then compiled as usual."""
    import json

    import vl_convert as vlc

    if any(ord(c) < 0x20 or 0xD800 <= ord(c) <= 0xDFFF or c in "\u2028\u2029" for p in panels for c in p):
        return None
    key = (kind, len(panels))
    if key not in _TREND_VEGA:
        stand_ins = [_panel(i) for i in range(len(panels))]
        template = _filled(_TREND_SPECS[kind], {_PANELS: stand_ins})
        template["data"], template["datasets"] = {"name": _DATA}, {_DATA: []}
        _TREND_VEGA[key] = vlc.vegalite_to_vega(template)
    # in an expression a panel stands as Vega-Lite (JSON.stringify) wrote its stand-in: "\u0000panel0"
    written = {json.dumps(_panel(i)): json.dumps(p, ensure_ascii=False) for i, p in enumerate(panels)}
    put = {_SERIES: series, _COLOURS: colours, _TITLE: title, _DATA: name,
           **{_panel(i): p for i, p in enumerate(panels)}}
    vega = _filled(_TREND_VEGA[key], put, written)
    source = next(d for d in vega["data"] if d.get("name") == name)
    source["values"] = [{field: _as_javascript_wrote(v) for field, v in row.items()} for row in rows]
    return vega


def _as_javascript_wrote(value):
    """A value of the chart's data as it comes back from vl-convert's JavaScript: a whole float is a whole number
    (JSON.stringify writes 100.0 as 100), one that is not finite is null."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer() and abs(value) < 1e21:
            return int(value)
    return value


def _filled(value, put: dict, written: dict | None = None):
    """A copy of a spec with each stand-in (a string, or a list holding only it) replaced by its value, and in any
    other string each key of ``written`` by its value."""
    if isinstance(value, dict):
        return {key: _filled(item, put, written) for key, item in value.items()}
    if isinstance(value, list):
        if len(value) == 1 and isinstance(value[0], str) and value[0] in put:
            return list(put[value[0]])
        return [_filled(item, put, written) for item in value]
    if isinstance(value, str):
        if value in put:
            return put[value]
        if written and "\\u0000" in value:
            for stand_in, text in written.items():
                value = value.replace(stand_in, text)
    return value


def pipeline_chart(stages: pd.DataFrame, lang: str = "vi"):
    """From reports to cases to solved, prosecuted and tried: this period beside the baseline's."""
    import altair as alt

    order = list(dict.fromkeys(stages["stage_label"]))
    bars = alt.Chart(stages).mark_bar().encode(
        y=alt.Y("stage_label:N", sort=order, title=None),
        x=alt.X("count:Q", title=words.say("chart.count", lang)),
        yOffset=alt.YOffset("window_label:N", sort=list(dict.fromkeys(stages["window_label"]))),
        color=alt.Color("window_label:N", title=None,  # this period dark grey, the baseline's mid grey (neutral: not status)
                        scale=alt.Scale(domain=list(dict.fromkeys(stages["window_label"])),
                                        range=[NEUTRAL["bars"], NEUTRAL["baseline"]]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=["window_label:N", "stage_label:N", "count:Q"],
    )
    text = bars.mark_text(align="left", dx=3, fontSize=10).encode(
        x=alt.X("count_or_zero:Q"), text="label:N", color=alt.value(NEUTRAL["ink"]))
    return (bars + text).transform_calculate(count_or_zero="isValid(datum.count) ? datum.count : 0").properties(
        width=480, height=alt.Step(14))


def distribution_chart(distribution: pd.DataFrame, title: str, lang: str = "vi"):
    """Counts by category with their share, largest first; a withheld category (count missing, public edition) last,
    its label the mark "*" at the axis, and the chart's subtitle saying what the mark means."""
    import altair as alt

    order = distribution.sort_values("count", ascending=False, na_position="last")["category_label"].tolist()
    distribution = distribution.assign(bar_end=distribution["count"].astype(float).fillna(0))
    withheld = bool(distribution["count"].isna().any())
    if withheld:
        title = alt.TitleParams(title, subtitle=words.say("chart.withheld_categories", lang))  # type: ignore[assignment]
    bars = alt.Chart(distribution).mark_bar(color=NEUTRAL["bars"]).encode(
        y=alt.Y("category_label:N", sort=order, title=None),
        x=alt.X("count:Q", title=words.say("chart.count", lang)),
        tooltip=["category_label:N", "count:Q", "share_label:N"],
    )
    text = bars.mark_text(align="left", dx=3, fontSize=10).encode(x="bar_end:Q", text="text:N", color=alt.value(NEUTRAL["ink"]))
    return (bars + text).properties(width=280, height=alt.Step(18), title=title)
