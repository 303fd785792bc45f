"""Colours: each has one meaning (status colours for status only; the city, the target and the baseline year in
neutral greys and line styles), and the status colours stay apart for colour-blind readers.

The colour-blind check simulates deuteranopia, protanopia and tritanopia with the matrices of Machado, Oliveira and
Fernandes (2009, severity 1.0) on linear RGB, and measures the distance in CIELAB (ΔE*ab, 1976). Two colours at
ΔE >= 15 are told apart at a glance; the greys of "no data" and "withheld" differ by lightness (and their symbols)."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from tipmonitor.core import paths
from tipmonitor.present import charts
from tipmonitor.present.status import COLOUR

MACHADO = {
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}
VISION = [None, *MACHADO]
MINIMUM = 15.0
SHOWN = ["met", "at_risk", "missed", "no_data", "withheld"]  # the statuses a chart fills with colour ("no target" is white)


def lab(hex_colour: str, vision: str | None = None) -> np.ndarray:
    """CIELAB (D65) of an sRGB colour, as a reader with ``vision`` sees it."""
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float) / 255
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    if vision is not None:
        linear = np.clip(np.array(MACHADO[vision]) @ linear, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def distance(a: str, b: str, vision: str | None) -> float:
    return float(np.linalg.norm(lab(a, vision) - lab(b, vision)))


def test_the_simulation_is_not_vacuous():
    # Red and green, far apart to normal vision, fall together for a deuteranope; black and white never do.
    assert distance("#FF0000", "#00FF00", None) > 100
    assert distance("#CC3333", "#669900", "deuteranopia") < distance("#CC3333", "#669900", None) / 3
    assert distance("#000000", "#FFFFFF", "protanopia") > 99


@pytest.mark.parametrize("vision", VISION)
def test_status_colours_stay_apart_for_colour_blind_readers(vision):
    for i, a in enumerate(SHOWN):
        for b in SHOWN[i + 1:]:
            assert distance(COLOUR[a], COLOUR[b], vision) >= MINIMUM, (vision, a, b)


@pytest.mark.parametrize("vision", VISION)
def test_the_city_target_and_baseline_lines_are_never_taken_for_a_status(vision):
    for line in ("city", "target", "baseline", "bars"):
        for status in SHOWN:
            assert distance(charts.NEUTRAL[line], COLOUR[status], vision) >= MINIMUM, (vision, line, status)
    # Line styles tell them apart from one another too (dotted target, dashed baseline): drawn as such.
    trend = charts.trend_chart(pd.DataFrame({
        "quarter": ["2023-Q1", "2023-Q2"], "indicator_label": ["A", "A"], "series_label": ["Toàn thành phố"] * 2,
        "percent": [80.0, 90.0], "shown": ["80%", "90%"], "fraction": ["8/10", "9/10"], "target_percent": [90.0, 90.0],
        "baseline_percent": [70.0, 70.0]}), "vi")
    spec = json.dumps(trend.to_dict())
    assert '"strokeDash": [2, 2]' in spec and '"strokeDash": [6, 3]' in spec


def test_no_chart_module_uses_a_status_colour_but_for_status():
    # Every colour outside present/status.py comes from charts.NEUTRAL or charts.UNIT_COLOURS; none is a status
    # colour (the "met" blue once filled the pipeline and distribution bars and the analyst's picked unit).
    status = {c.upper() for key, c in COLOUR.items() if key in SHOWN}
    assert not ({c.upper() for c in charts.NEUTRAL.values()} | {c.upper() for c in charts.UNIT_COLOURS}) & status
    folder = paths.project_root() / "lib" / "tipmonitor" / "present"
    for module in folder.glob("*.py"):
        if module.name == "status.py":
            continue
        literals = {c.upper() for c in re.findall(r"#[0-9A-Fa-f]{6}\b", module.read_text(encoding="utf-8"))}
        assert not literals & status, (module.name, literals & status)
    # The status charts do carry the status colours (the check above would see a colour moved there).
    heatmap = charts.status_heatmap(pd.DataFrame({
        "unit_label": ["A", "B"], "indicator_label": ["X", "X"], "status": ["met", "missed"],
        "status_label": ["Đạt", "Chưa đạt"], "text": ["✔", "✘"], "text_colour": ["white", "white"]}), "vi")
    assert COLOUR["met"] in json.dumps(heatmap.to_dict()) and COLOUR["missed"] in json.dumps(heatmap.to_dict())
