"""Every period runs: a period before the baseline year publishes every page; a unit code papermill read as a number."""

from datetime import date

import pytest

from tipmonitor.cli import main

pytestmark = pytest.mark.slow


def test_a_period_before_the_baseline_year_publishes_every_page_saying_there_is_no_trend_yet(sample_store, tmp_path, capsys):
    # 2021-Q4 ends before the baseline year 2022 begins: no quarter lies between 2022 and the period, so the trend
    # has no point; the pages say so instead of failing (it was IndexError in trend: windows[-2] over no quarters).
    code = main(["run", "2021-Q4", "--data", str(sample_store), "--out", str(tmp_path), "--units", "002",
                 "--today", "2026-12-01", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "3/3 notebooks" in err and "IndexError" not in err
    folder = tmp_path / "2021-Q4"
    for page in ("period_report.html", "unit_profile-002.html", "data_quality.html"):
        assert (folder / page).is_file()
    for page in ("period_report.html", "unit_profile-002.html"):
        assert "No quarterly trend yet" in (folder / page).read_text(encoding="utf-8")


def test_a_unit_code_read_as_a_number_is_the_code_it_abbreviates_where_that_is_unique():
    from tipmonitor.model.units import load_registry

    registry = load_registry()
    # 4 pads to 004 (a district until 30/06/2025) and 00004 (a ward from 01/07/2025): one of them each day.
    assert registry.codes_for_number(4, date(2024, 12, 14)) == ("004",)
    assert registry.codes_for_number(4, date(2026, 9, 14)) == ("00004",)
    assert set(registry.codes_for_number(4)) == {"004", "00004"}  # over all time: not unique
    assert registry.codes_for_number(123456) == ()


def test_the_unit_profile_reads_papermills_number_as_the_code_or_says_to_use_r():
    from tipmonitor.model.dataset import Dataset
    from tipmonitor.present.report import UnitProfile

    assert UnitProfile(Dataset.empty(), "2024-Q4", unit=4).unit == "004"  # papermill -p unit 004 in 2024
    assert UnitProfile(Dataset.empty(), "2026-Q3", unit=4).unit == "00004"  # -p unit 00004 after the reform
    with pytest.raises(ValueError, match="-r unit"):
        UnitProfile(Dataset.empty(), "2026-Q3", unit=99999, lang="en")
