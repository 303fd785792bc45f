"""A new kind of unit is a change to params and the reference files only (#29): no code names the kinds.

The project's params/ and data/reference/ are copied to a folder of their own (TIPMONITOR_HOME points there);
params/bodies.yaml gains a kind, params/city_agencies.yaml an agency of it, params/activities.yaml names it among
an activity's reporters; `tipmonitor reference` rebuilds the reference files there. The new unit's submission then
goes into a store and its page shows it.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from tipmonitor.cli import main
from tipmonitor.core import paths

TODAY = date(2026, 1, 20)  # 2025-Q4 (15/09-14/12/2025) has ended and is past its reporting lag

NEW_KIND = """  social_centre:
    label: {vi: "cơ sở trợ giúp xã hội", en: "social assistance centres"}
    families: [victims]
"""
NEW_AGENCY = """  - {province_code: "01", abbrev: CTXH, body: social_centre, short_vi: "Trung tâm CTXH", valid_from: "2025-07-01",
     name_vi: "Trung tâm Công tác xã hội và Quỹ bảo trợ trẻ em Hà Nội", source: "a test's kind of unit"}
"""


def _clear_caches() -> None:
    """Everything read once per process from params/ or data/reference/ by a default path."""
    from tipmonitor.metrics import registry
    from tipmonitor.model import activities, city, units
    from tipmonitor.present import comparison

    for cached in (units.load_bodies, activities.load_activities, registry.load_registry, registry.load_targets,
                   city._load, comparison._registry):
        cached.cache_clear()


@pytest.fixture
def home(tmp_path, monkeypatch):
    root = paths.project_root()
    home = tmp_path / "home"
    shutil.copytree(root / "params", home / "params")
    shutil.copytree(root / "data" / "reference", home / "data" / "reference")
    params = home / "params"
    text = (params / "bodies.yaml").read_text(encoding="utf-8")  # the new kind goes under bodies, before agency_default
    (params / "bodies.yaml").write_text(text.replace("agency_default:", NEW_KIND + "agency_default:"), encoding="utf-8")
    agencies = (params / "city_agencies.yaml").read_text(encoding="utf-8")
    anchor = '  - {province_code: "79", abbrev: PC02'
    (params / "city_agencies.yaml").write_text(agencies.replace(anchor, NEW_AGENCY + anchor, 1), encoding="utf-8")
    activities = (params / "activities.yaml").read_text(encoding="utf-8")
    old = "    reporters: [department, district, commune]\n    combine: sum\n  victims.staff_trained:"
    assert old in activities
    (params / "activities.yaml").write_text(
        activities.replace(old, old.replace("commune]", "commune, social_centre]")), encoding="utf-8")
    monkeypatch.setenv("TIPMONITOR_HOME", str(home))
    _clear_caches()
    yield home
    monkeypatch.delenv("TIPMONITOR_HOME")
    _clear_caches()


@pytest.mark.slow
def test_a_new_kind_of_unit_is_added_through_params_and_reference_files_alone(home, tmp_path, capsys):
    from tipmonitor.model.units import load_bodies, load_registry
    from tipmonitor.present.report import UnitProfile
    from tipmonitor.store.database import Store

    assert main(["reference"]) == 0  # the reference files of the copy, rebuilt from its params (offline)
    capsys.readouterr()
    registry = load_registry("01")
    assert registry.table.loc["01-CTXH", "body"] == "social_centre"
    assert load_bodies().name("social_centre", "en") == "social assistance centres"
    assert registry.families("01-CTXH", date(2025, 10, 1)) == ("victims",)
    assert registry.families("01-CTXH", date(2025, 6, 30)) == ()  # not yet in existence

    # Its submission for 2025-Q4 (15/09-14/12/2025): three people identified as victims, two of them supported by the
    # period's end; and its activity count.
    victims = ("victim_id,unit,sex,age_group,received_date,identified_date,supported_date,support_kinds\n"
               "X1,01-CTXH,female,adult,2025-10-01,2025-10-03,2025-10-05,essentials\n"
               "X2,01-CTXH,male,adult,2025-10-10,2025-10-12,2025-11-01,medical;psychological\n"
               "X3,01-CTXH,female,youth,2025-11-20,2025-11-25,,\n")
    (tmp_path / "v").mkdir()
    (tmp_path / "v" / "01-CTXH_2025-Q4.csv").write_text(victims, encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "01-CTXH_2025-Q4.csv").write_text(
        "Đơn vị,Kỳ báo cáo,Hoạt động,Số lượng\nTrung tâm CTXH,2025-Q4,victims.supported,2\n", encoding="utf-8")
    store = Store(tmp_path / "store.duckdb")
    store.ingest(tmp_path / "v" / "01-CTXH_2025-Q4.csv", today=TODAY)
    store.ingest(tmp_path / "a" / "01-CTXH_2025-Q4.csv", today=TODAY)

    page = UnitProfile(store.current(), "2025-Q4", "CTXH", lang="en")
    assert page.unit == "01-CTXH"
    _, data = page.scorecard_table(page.unit)
    t6 = data.set_index("indicator").loc["T6_victim_support"]
    # T6: identified in the window X1, X2, X3 = 3; supported by 14/12/2025 X1, X2 = 2 -> 2/3, missed (target 100%).
    assert (t6["numerator"], t6["denominator"], t6["status"]) == (2, 3, "missed")
    # It reports the victims' family only: every other indicator of its page has no data.
    assert set(data[data["status"] != "no_data"]["indicator"]) == {"T6_victim_support"}
    # Its activity, on its page, under the activity's label.
    activities = page.unit_activities().text
    line = next(row for row in activities.splitlines() if "Victims supported" in row)
    # Columns: group, activity, unit of count, this period, previous period, same period of 2022 (none: "–").
    assert line.split()[-3:] == ["2", "–", "–"], activities
