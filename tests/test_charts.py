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
