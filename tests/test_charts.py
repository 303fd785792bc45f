"""The charts' specs: what figure() hands on is Vega-Lite that validates, and the shared configuration is the one
the five chained configure calls gave (issue #24: figure() no longer validates, config() copies the chart once)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tipmonitor.present import charts


def _trend() -> pd.DataFrame:
    # Two panels, the city and one unit, one quarter with a change of unit (the rule and its text layers).
    rows = []
    for indicator in ("Phân loại", "Giải quyết"):
        for series in ("Toàn thành phố", "Phường Ba Đình"):
            for quarter, percent in (("2026-Q2", 50.0), ("2026-Q3", 75.0)):
                rows.append({"quarter": quarter, "indicator_label": indicator, "series_label": series, "percent": percent,
                             "shown": f"{percent:.2f}%", "fraction": "3/4", "target_percent": 90.0,
                             "baseline_percent": 60.0, "change_label": "Ba Đình tiếp nhận" if quarter == "2026-Q3" else None})
    return pd.DataFrame(rows)


def _charts():
    heat = pd.DataFrame({"indicator_label": ["T1", "T2"], "unit_label": ["A", "A"], "status": ["met", "missed"],
                         "status_label": ["Đạt", "Chưa đạt"], "cell_text": ["✔ 3/3", "✘ 1/4"], "text_colour": ["#000", "#fff"]})
    stages = pd.DataFrame({"stage_label": ["Tin báo", "Vụ án"], "window_label": ["2026-Q3", "2022-Q3"], "count": [4, 2],
                           "count_or_zero": [4, 2], "label": ["4", "2"]})
    spread = pd.DataFrame({"category_label": ["a", "b"], "count": [3, 1], "share_label": ["75%", "25%"], "text": ["3", "1"]})
    return {"trend": charts.trend_chart(_trend(), "vi", 2022, baseline_label="Ba Đình"),
            "heatmap": charts.status_heatmap(heat, "vi"), "pipeline": charts.pipeline_chart(stages, "en"),
            "distribution": charts.distribution_chart(spread, "Tuổi", "vi")}


@pytest.mark.parametrize("kind", ["trend", "heatmap", "pipeline", "distribution"])
def test_a_figure_spec_is_the_validated_spec_of_its_configured_chart(kind):
    chart = _charts()[kind]
    validated = charts.config(chart, "vi").to_dict()  # altair validates against the Vega-Lite schema (raises if not)
    assert json.dumps(charts.figure(chart, "vi").spec) == json.dumps(validated)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_shared_configuration_is_the_one_of_the_chained_configure_calls(lang):
    from tipmonitor.core import words

    chart = _charts()["trend"]
    chained = (chart.configure(font=charts.FONT, locale={"number": words.number_locale(lang)})
               .configure_axis(labelFontSize=11, titleFontSize=12, labelLimit=260)
               .configure_legend(labelFontSize=11, titleFontSize=12, labelLimit=260)
               .configure_title(fontSize=14, anchor="start")
               .configure_view(stroke=None))
    assert json.dumps(charts.config(chart, lang).to_dict()) == json.dumps(chained.to_dict())


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_trend_figure_is_the_figure_of_its_trend_chart_chart_after_chart(lang):
    """trend_figure fills a spec made once per kind of chart: each chart's spec, key order included, is the one
    Altair builds for it, for the first chart of a kind and the ones after it (other data, series, panels, title)."""
    changed = _trend()
    other = changed[changed["indicator_label"] == "Giải quyết"].assign(
        series_label=lambda t: t["series_label"].replace({"Phường Ba Đình": "Xã Sóc Sơn"}),
        percent=lambda t: t["percent"] / 3, change_label=None)
    three = pd.concat([changed, changed.assign(series_label="Phường Hoàn Kiếm", percent=10.0)], ignore_index=True)
    for trend, whose in [(changed, "Ba Đình"), (other, "Sóc Sơn"), (three, None), (changed.drop(columns="change_label"), "X"),
                         (other, "Sóc Sơn")]:
        expected = charts.figure(charts.trend_chart(trend, lang, 2022, baseline_label=whose), lang).spec
        made = charts.trend_figure(trend, lang, 2022, baseline_label=whose, title="unit trend")
        assert json.dumps(made.spec) == json.dumps(expected) and made.title == "unit trend"
    # the stand-ins never show: the second chart of a kind carries its own words and data, not the first one's
    spec = charts.trend_figure(other, lang, 2022, baseline_label="Sóc Sơn").spec
    assert "\x00" not in json.dumps(spec) and "Phường Ba Đình" not in json.dumps(spec)


def _panels(count: int, name=lambda i: f"Chỉ tiêu {i}") -> pd.DataFrame:
    # ``count`` panels of the city and one unit over three quarters, with whole, fractional and missing values.
    rows = []
    for i in range(count):
        for series in ("Toàn thành phố", "Phường Ba Đình"):
            for quarter, percent in (("2026-Q1", 100.0), ("2026-Q2", 66.66666666666667), ("2026-Q3", float("nan"))):
                rows.append({"quarter": quarter, "indicator_label": name(i), "series_label": series, "percent": percent,
                             "shown": "–", "fraction": "–", "target_percent": 90.0 + i, "baseline_percent": None,
                             "change_label": None})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_trend_figures_vega_is_its_spec_compiled_by_vega_lite(lang):
    """trend_figure fills a Vega spec compiled once per kind and number of panels (session 9): each chart's Vega, key
    order and number types included (JSON.stringify writes 100.0 as 100, NaN as null), is what vl-convert compiles
    from its Vega-Lite spec; for 1, 2, 3, 11 and 12 panels (panel 1's stand-in a prefix of panel 10's), panel names with
    quotes and backslashes (written into an expression), and after another chart of the same kind."""
    import vl_convert as vlc

    changed = _trend()
    quoted = _panels(3, lambda i: ['Tỷ lệ "giải quyết"', "a\\b", "c'd"][i])
    cases = [(changed, "Ba Đình"), (changed.drop(columns="change_label"), "X"), (_panels(1), None), (_panels(2), None),
             (_panels(11), None), (_panels(12), "Sóc Sơn"), (quoted, None), (_panels(3), None), (changed, "Sóc Sơn")]
    for trend, whose in cases:
        made = charts.trend_figure(trend, lang, 2022, baseline_label=whose)
        assert made._vega is not None
        assert json.dumps(made.vega()) == json.dumps(vlc.vegalite_to_vega(made.spec))
        assert "\\u0000" not in json.dumps(made.vega()) and "\x00" not in json.dumps(made.vega())


def test_a_panel_name_an_expression_would_escape_otherwise_is_compiled_as_usual():
    # A control character is written by Vega-Lite's JSON.stringify and Python's json.dumps alike today, but the
    # fill does not rely on it: such a chart is compiled from its own spec.
    made = charts.trend_figure(_panels(2, lambda i: f"Dòng\n{i}"), "vi", 2022)
    assert made._vega is None
    assert all(json.dumps(f"Dòng\n{i}", ensure_ascii=False) in json.dumps(made.vega(), ensure_ascii=False) for i in (0, 1))
