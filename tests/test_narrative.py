"""The summary paragraph follows the indicator registry: its order, its labels, its indicators."""

import pytest

from conftest import inputs_of, make_dataset
from fixtures import CASES, REPORTS, VICTIMS
from tipmonitor.metrics.evaluation import evaluate
from tipmonitor.metrics.registry import Registry, load_registry
from tipmonitor.model import periods
from tipmonitor.present.narrative import summary

UNITS = ["002", "006"]
# By hand from tests/fixtures.py, the whole city in 2023-Q2 (15/03-14/06/2023):
# reports: 3 carried over (R1-R3), 7 new (R4-R8, D1, D2), 1 transferred (R5); resolved R1-R4, R6, R7, D1
#   -> T2 = 7 / (3 + 7 - 1) = 7/9 = 77.78%;
# cases: VA1 and VA2 initiated, VA1 solved by 14/06 -> T3 = 1/2 = 50.00%.
T2_SENTENCE = "resolved 7/9 (77.78%)."
T3_SENTENCE = "1/2 were solved (50.00%)"


def _evaluation(registry: Registry | None = None):
    chosen = {"registry": registry} if registry is not None else {}
    return evaluate(inputs_of(make_dataset(REPORTS, CASES, VICTIMS), baseline_table=None, **chosen),
                    periods.parse("2023-Q2"), units=UNITS)


def _registry(order: list[str]) -> Registry:
    full = load_registry()
    return Registry({key: full.indicators[key] for key in order}, full.distributions)


@pytest.fixture(scope="module")
def default_text():
    return summary(_evaluation(), "en")


def test_each_indicator_sentence_comes_in_the_registry_order(default_text):
    assert default_text.index(T2_SENTENCE) < default_text.index(T3_SENTENCE)
    reordered = summary(_evaluation(_registry(["T3_discovery", "T2_report_resolution"])), "en")
    assert reordered.index(T3_SENTENCE) < reordered.index(T2_SENTENCE)


def test_an_indicator_left_out_of_the_registry_leaves_the_paragraph(default_text):
    assert "victims were identified" in default_text and "victims supported (50.00%" in default_text
    text = summary(_evaluation(_registry(["T2_report_resolution", "T3_discovery"])), "en")
    assert "victims were identified" not in text and "victims supported" not in text
    # Both remaining indicators are missed (77.78% and 50.00% against "above 90%"), listed by their registry labels.
    assert "Targets missed: reports resolved (77.78%, target above 90%); cases solved (50.00%, target above 90%)." in text


def test_the_vietnamese_paragraph_uses_the_registry_labels_as_written():
    text = summary(_evaluation(_registry(["T2_report_resolution", "T3_discovery"])), "vi")
    assert "đã giải quyết 7/9 tin (đạt 77,78%)." in text
    assert "Chưa đạt: Giải quyết tin báo (77,78%, chỉ tiêu trên 90%); Điều tra, khám phá (50,00%, chỉ tiêu trên 90%)." in text
