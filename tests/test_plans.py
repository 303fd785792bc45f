"""The plan of each year and its targets (params/city.yaml plans, params/targets/<year>.yaml)."""

import re
from fractions import Fraction

import pytest

from tipmonitor.core.settings import SettingsError
from tipmonitor.core.text import strip_accents
from tipmonitor.metrics.registry import load_targets
from tipmonitor.model.city import city_config
from tipmonitor.present.comparison import plan_name, targets_note


def test_the_plan_of_each_year_comes_from_params():
    config = city_config()
    assert config.plan(2023).code == "17/KH-BCĐ799"
    assert plan_name(2023, "vi") == "17/KH-BCĐ799"
    # A plan without a verified number is named without a placeholder (it stands in titles); the targets note says
    # once that the number is not verified (test_2026_targets_..., the last line).
    assert plan_name(2025, "vi") == "năm 2025 của Thành phố"
    assert plan_name(2027, "en") == "of 2027 (not declared in params/city.yaml)"


def test_2025_repeats_the_five_targets():
    targets = load_targets(2025)
    assert targets.assumed_from is None
    assert (targets.by_key["T1"].op, targets.by_key["T1"].value) == (">=", Fraction(1))
    assert (targets.by_key["T2"].op, targets.by_key["T2"].value) == (">", Fraction(9, 10))  # "trên 90%"
    assert (targets.by_key["T3"].op, targets.by_key["T3"].value) == (">", Fraction(9, 10))
    assert (targets.by_key["T4"].op, targets.by_key["T4"].value) == (">=", Fraction(95, 100))
    assert (targets.by_key["T5"].op, targets.by_key["T5"].value) == (">=", Fraction(9, 10))
    assert "số hiệu chưa xác minh" in targets.plan["vi"]


def test_2026_targets_are_assumed_from_2025_and_every_page_says_so():
    targets = load_targets(2026)
    assert targets.assumed_from == 2025
    assert targets.by_key == load_targets(2025).by_key
    assert "33/QĐ-TTg" in targets.plan["vi"] and "162/2025/NĐ-CP" in targets.plan["vi"]
    vi = targets_note(2026, "vi")
    assert vi.startswith("Chỉ tiêu năm 2026 chưa được nhập: tạm dùng chỉ tiêu năm 2025")
    assert "33/QĐ-TTg" in vi
    assert targets_note(2026, "en").startswith("The targets of 2026 are not entered yet: those of 2025 stand in")
    assert targets_note(2025, "vi") == "Chỉ tiêu theo kế hoạch năm 2025 của Thành phố (số hiệu chưa xác minh)."


@pytest.mark.parametrize("text, key", [
    ('plan: "x"\nassumed_from: 2025\ntargets:\n  T1: {op: ">=", value: "1.00"}\n', "targets"),  # both
    ('plan: "x"\n', "targets"),  # neither
    ('plan: "x"\nassumed_from: 2019\n', "assumed_from"),  # a year without targets
])
def test_a_targets_file_gives_its_targets_or_the_year_they_are_assumed_from(tmp_path, text, key):
    (tmp_path / "2031.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as error:
        load_targets(2031, tmp_path)
    assert error.value.problems[0].key == key


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_the_english_targets_note_names_the_plan_in_english_keeping_its_number(year):
    # The targets files' "plan" was Vietnamese only: the English pages read "(from kế hoạch năm 2025 của Thành
    # phố ...)". The plan's number (17/KH-BCĐ799, 19/KH-BCĐ138/CP, 33/QĐ-TTg) is an identifier and stays as it is.
    english = targets_note(year, "en")
    without_numbers = re.sub(r"\d+/[\w/-]+", "", english)
    assert strip_accents(without_numbers) == without_numbers, english
    assert targets_note(year, "vi") != english
    numbers = {2023: "17/KH-BCĐ799", 2024: "19/KH-BCĐ138/CP", 2026: "33/QĐ-TTg"}
    if year in numbers:
        assert numbers[year] in english and numbers[year] in targets_note(year, "vi")


def test_a_targets_file_may_give_its_plan_as_one_text_for_every_language(tmp_path):
    (tmp_path / "2031.yaml").write_text('plan: "99/KH-X"\nassumed_from: 2032\n', encoding="utf-8")
    (tmp_path / "2032.yaml").write_text('plan: {vi: "Kế hoạch 98/KH-X", en: "Plan 98/KH-X"}\ntargets:\n'
                                        '  T1: {op: ">=", value: "1.00"}\n', encoding="utf-8")
    assert load_targets(2031, tmp_path).plan == {"vi": "99/KH-X", "en": "99/KH-X"}
    assert load_targets(2032, tmp_path).plan == {"vi": "Kế hoạch 98/KH-X", "en": "Plan 98/KH-X"}
