import pytest

from tipmonitor.core.settings import SettingsError
from tipmonitor.metrics.registry import load_registry


def write(tmp_path, text):
    path = tmp_path / "indicators.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
indicators:
  T2:
    label: {vi: "Tỷ lệ giải quyết", en: "Resolved"}
    method: pipeline
    numerator: reports.resolved
    denominator: reports.opening + reports.intake - reports.transferred
    pending: reports.closing
    target: T2
    item: {vi: "tin báo", en: "reports"}
    source: "KH 17"
"""


def test_the_project_registry_has_the_plans_six_targets_and_supporting_indicators():
    registry = load_registry()
    assert [i.target for i in registry.targeted()] == ["T1", "T2", "T3", "T4", "T5", "T6"]
    for key in ("S1_reports_overdue", "S2_indicted_share", "S3_tried_share", "S4_transnational_cases"):
        assert key in registry.indicators
    assert {d.dimension for d in registry.distributions.values()} >= {"sex", "age_group", "exploitation", "destination_country", "scope"}
    # Vietnamese labels are written with their diacritics, not the English copied or unaccented.
    vietnamese = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĐ")
    for indicator in registry.indicators.values():
        assert set(indicator.label["vi"].lower()) & vietnamese, indicator.id
        assert indicator.label["vi"] != indicator.label["en"], indicator.id


def test_a_valid_file_loads(tmp_path):
    registry = load_registry(write(tmp_path, GOOD))
    assert str(registry.indicators["T2"].denominator) == "reports.opening + reports.intake - reports.transferred"
    # A gap is said in what the indicator counts (its item), never in one word for every indicator.
    assert registry.indicators["T2"].items(3, "vi") == "3 tin báo"


def test_each_targeted_indicator_counts_its_gap_in_its_own_items():
    # The plan's targets are about reports (T1, T2), cases (T3-T5) and victims (T6): "còn thiếu 3 nạn nhân".
    items = {i.target: i.items(3, "vi") for i in load_registry().targeted()}
    assert items == {"T1": "3 tin báo", "T2": "3 tin báo", "T3": "3 vụ án", "T4": "3 vụ án", "T5": "3 vụ án",
                     "T6": "3 nạn nhân"}
    assert load_registry().indicators["T6_victim_support"].items(2, "en") == "2 victims"
    # English says one of them in the singular (the .docx said "1 reports"); Vietnamese has one form.
    ones = {i.target: i.items(1, "en") for i in load_registry().targeted()}
    assert ones == {"T1": "1 report", "T2": "1 report", "T3": "1 case", "T4": "1 case", "T5": "1 case",
                    "T6": "1 victim"}
    assert load_registry().indicators["T1_classification"].items(1, "vi") == "1 tin báo"


@pytest.mark.parametrize("change, message", [
    (("reports.resolved\n", "reports.resolvd\n"), "unknown measure 'reports.resolvd'"),
    (("    item: {vi: \"tin báo\", en: \"reports\"}\n", ""), "an indicator with a target needs 'item'"),
    (("method: pipeline", "method: average"), "method: «average» is not an allowed value; use one of: pipeline, cohort, share"),
    (('en: "Resolved"', 'en: ""'), "needs both a Vietnamese (vi) and an English (en) label"),
    (("    pending: reports.closing\n", ""), "a pipeline indicator needs 'pending'"),
    (("    source: \"KH 17\"\n", "    source: \"KH 17\"\n    colour: red\n"), "colour: unknown key"),
])
def test_bad_registries_are_refused_with_the_key(tmp_path, change, message):
    with pytest.raises(SettingsError) as error:
        load_registry(write(tmp_path, GOOD.replace(*change)))
    assert message in error.value.render("en")
    assert "indicators.yaml: indicators.T2." in error.value.render("en")


def test_generated_sections_of_the_data_model_doc_are_current():
    from tipmonitor.tools import docgen
    from tipmonitor.core import paths

    path = paths.project_root() / "docs" / "data-model.md"
    text = path.read_text(encoding="utf-8")
    assert docgen.render(text) == text, "docs/data-model.md is stale: run `tipmonitor docs`"
    assert "`procuracy.resolved_indicted`" in text and "`destination_country`" in text
