"""Units over time: the Hà Nội registry through the 2025 reform, its bodies, and the hand-overs between units."""

from collections import Counter
from datetime import date, timedelta

import pandas as pd
import pytest

from tipmonitor.core import paths
from tipmonitor.model.successions import load_successions
from tipmonitor.model.units import load_registry


def bodies_on(day: date) -> Counter:
    return Counter(load_registry("01", on=day).table["body"])


@pytest.mark.parametrize("day, expected", [
    # Before the reform: the 30 districts (police, procuracy and court together) and four city agencies, and
    # the committee's five member departments (#29: education, culture and sports, justice, tourism, information).
    (date(2024, 12, 31), {"district": 30, "police": 1, "procuracy": 1, "court": 1, "department": 1, "member_department": 5}),
    # 1-3-2025: Sở LĐTBXH ended on 28-2, Sở Y tế took victim support, Sở TT&TT merged into Sở KH&CN; the districts
    # still stand (to 30-6).
    (date(2025, 4, 1), {"district": 30, "police": 1, "procuracy": 1, "court": 1, "department": 1, "member_department": 4}),
    # 1-7-2025: 126 communes and wards; 12 regional courts and 12 regional procuracies beside the city's own.
    (date(2025, 7, 1), {"commune": 126, "police": 1, "procuracy": 13, "court": 13, "department": 1, "member_department": 4}),
    (date(2026, 9, 14), {"commune": 126, "police": 1, "procuracy": 13, "court": 13, "department": 1, "member_department": 4}),
])
def test_hanoi_has_the_expected_units_per_body_on_each_side_of_the_reform(day, expected):
    assert bodies_on(day) == Counter(expected)


def test_the_department_for_victims_changes_on_1_march_2025():
    assert load_registry("01", on=date(2025, 2, 28)).table.query("body == 'department'").index.tolist() == ["01-SLDTBXH"]
    assert load_registry("01", on=date(2025, 3, 1)).table.query("body == 'department'").index.tolist() == ["01-SYT"]


@pytest.mark.parametrize("province", ["01", "79"])
def test_every_hand_over_joins_units_that_exist_on_either_side_of_its_day(province):
    registry = load_registry(province)
    items = load_successions(province).items
    for s in items:
        assert s.predecessor in registry.table.index and s.successor in registry.table.index, s
        assert registry.is_valid(s.successor, s.effective), s
        assert registry.is_valid(s.predecessor, s.effective - timedelta(days=1)), s
        assert s.source and 0 < s.weight <= 1, s


def test_every_hanoi_district_hands_each_of_its_families_to_someone():
    successions = load_successions("01")
    for district in load_registry("01", on=date(2024, 6, 1), levels=("district",)).codes:
        handed = {s.scope for s in successions.successors(district)}
        assert handed == {"reports", "investigation", "victims", "procuracy", "court"}, district
        # A split hand-over (reports to communes) has shares that add up to the whole district.
        communes = [s for s in successions.successors(district, "reports") if s.effective == date(2025, 7, 1)]
        assert communes and abs(sum(s.weight for s in communes) - 1) < 0.01, district
        # Whole hand-overs: one court and one procuracy each, the city police for investigation.
        assert [s.weight for s in successions.successors(district, "court")] == [1.0]
        assert [s.successor for s in successions.successors(district, "investigation")] == ["01-PC02"]


def test_the_regional_courts_inherit_the_district_courts_the_resolution_names():
    # Resolution 81/2025/UBTVQH15, annex item 12: Khu vực 1 = Ba Đình (001), Hoàn Kiếm (002), Tây Hồ (003);
    # Khu vực 2 = Đống Đa (006), Thanh Xuân (009); Khu vực 3 = Hai Bà Trưng (007), Hoàng Mai (008).
    # Khu vực 6 = Hà Đông (268), Chương Mỹ (277), Thanh Oai (278) (congly.vn, 11-9-2025; #29: this file gave it
    # Sóc Sơn, Đông Anh, Mê Linh until session 6). Each regional procuracy takes its court's territory (Resolution
    # 84/2025/UBTVQH15), so VKSND khu vực N has TAND khu vực N's predecessors.
    successions = load_successions("01")
    hanoi = load_registry("01")
    for region, districts, names, cited in (
            (1, ["001", "002", "003"], "Ba Đình, Hoàn Kiếm, Tây Hồ", "nvcs.vn"),
            (2, ["006", "009"], "Đống Đa, Thanh Xuân", "nvcs.vn"),
            (3, ["007", "008"], "Hai Bà Trưng, Hoàng Mai", "nvcs.vn"),
            (6, ["268", "277", "278"], "Hà Đông, Chương Mỹ, Thanh Oai", "congly.vn")):
        found = successions.predecessors(f"01-TANDKV{region}", "court")
        assert [s.predecessor for s in found] == districts
        assert ", ".join(hanoi.name(s.predecessor) for s in found) == names
        assert all("81/2025/UBTVQH15" in s.source and cited in s.source and "UNCONFIRMED" not in s.source for s in found)
        procuracy = successions.predecessors(f"01-VKSKV{region}", "procuracy")
        assert [s.predecessor for s in procuracy] == districts
        assert all("84/2025/UBTVQH15" in s.source and "UNCONFIRMED" not in s.source for s in procuracy)
    # Khu vực 7 no longer claims Hà Đông: the three districts hand their court to khu vực 6 alone.
    for district in ("268", "277", "278"):
        assert [s.successor for s in successions.successors(district, "court")] == ["01-TANDKV6"]


def test_regional_courts_whose_districts_no_text_found_confirms_say_so():
    # Only 1-3 and 6 were confirmed (4 partly): the others must carry UNCONFIRMED and name what was looked for.
    successions = load_successions("01")
    for region in (5, 7, 8, 9, 10, 11, 12):
        for s in successions.predecessors(f"01-TANDKV{region}", "court"):
            assert "UNCONFIRMED" in s.source and "114/QĐ-TANDTC" in s.source and "299/QĐ-TANDTC" in s.source, s


def test_what_a_unit_reports_follows_its_body_and_its_hand_overs():
    hanoi = load_registry("01")
    assert hanoi.families("001", date(2025, 2, 28)) == ("reports", "investigation", "victims", "procuracy", "court")
    assert hanoi.families("001", date(2025, 3, 1)) == ("procuracy", "court")  # its police ended on 1-3-2025
    assert hanoi.families("001", date(2025, 7, 1)) == ()  # no longer exists
    # Phường Ba Đình: its police receive reports, its People's Committee victims (the 2024 Law; #29)
    assert hanoi.families("00004", date(2025, 7, 1)) == ("reports", "victims")
    assert hanoi.families("01-SGDDT", date(2024, 1, 1)) == ()  # a member department: activities only
    assert hanoi.families("01-TANDKV2", date(2025, 7, 1)) == ("court",)
    assert hanoi.families("01-PC02", date(2023, 1, 1)) == ("reports", "investigation", "victims")


def test_expected_reporters_are_the_units_valid_for_part_of_the_window_with_that_part():
    hanoi = load_registry("01")
    # 2025-Q1 runs 15/12/2024-14/03/2025: Sở LĐTBXH for its part to 28/02, Sở Y tế from 01/03; districts throughout.
    expected = hanoi.expected(date(2024, 12, 15), date(2025, 3, 14))
    assert expected["01-SLDTBXH"] == (date(2024, 12, 15), date(2025, 2, 28))
    assert expected["01-SYT"] == (date(2025, 3, 1), date(2025, 3, 14))
    assert expected["001"] == (date(2024, 12, 15), date(2025, 3, 14))
    assert "00004" not in expected and "01-TANDKV1" not in expected
    # 2025-Q3 (15/06-14/09/2025): districts to 30/06, their successors from 01/07.
    q3 = hanoi.expected(date(2025, 6, 15), date(2025, 9, 14))
    assert q3["001"] == (date(2025, 6, 15), date(2025, 6, 30)) and q3["01-TANDKV1"] == (date(2025, 7, 1), date(2025, 9, 14))
    assert len(q3) == 30 + 154


def test_the_units_file_has_a_body_for_every_unit():
    table = pd.read_csv(paths.reference_dir() / "units.csv", dtype=str, keep_default_na=False)
    assert set(table["body"]) == {"district", "commune", "police", "procuracy", "court", "department", "member_department"}


def test_evaluate_and_the_regional_courts_page_compare_khu_vuc_6_with_ha_dong_chuong_my_thanh_oai(capsys):
    # The sample follows the corrected registry: TAND khu vực 6 compares with 2022 through the former courts of Hà
    # Đông, Chương Mỹ and Thanh Oai (its court hand-overs), in the terminal and on its page.
    from tipmonitor.cli import main
    from tipmonitor.present.report import UnitProfile
    from tipmonitor.store.sources import load_source

    assert main(["evaluate", "2026-Q3", "--data", "data/sample", "--today", "2026-11-28", "--unit", "01-TANDKV6",
                 "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    trial = next(line for line in printed.splitlines() if line.strip().startswith("Cases resolved by the courts"))
    assert "vs 2022: Ha Dong + Chuong My + Thanh Oai" in trial  # English names are written without diacritics
    page = UnitProfile(load_source("data/sample", today=date(2026, 11, 28)), "2026-Q3", "01-TANDKV6", lang="vi")
    assert "với 2022: Hà Đông + Chương Mỹ + Thanh Oai" in page.method_note().data  # the note's sentence starts "So với"
    assert "Sóc Sơn" not in page.method_note().data  # khu vực 7's former courts, which this file gave 6 until #29


def test_the_member_departments_are_expected_to_report_their_plans_and_communication_over_time():
    # The committee's member departments (params/city_agencies.yaml, kind member_department): each issues its own
    # plan and reports communication activities, no case records; Sở TT&TT only to 28-2-2025.
    from tipmonitor.metrics.taskgroups import expected_reporters
    from tipmonitor.model import periods

    hanoi = load_registry("01")
    for period, members in (("2024-Q4", {"01-SGDDT", "01-SVHTT", "01-STP", "01-SDL", "01-STTTT"}),
                            ("2025-Q4", {"01-SGDDT", "01-SVHTT", "01-STP", "01-SDL"})):
        expected = expected_reporters(hanoi, periods.parse(period))
        mine = expected[expected["unit"].isin(hanoi.table.index[hanoi.table["body"] == "member_department"])]
        assert set(mine["unit"]) == members, period
        sgddt = set(mine[mine["unit"] == "01-SGDDT"]["activity"])
        assert {"direction.plan_issued", "direction.plan_on_time", "communication.sessions"} <= sgddt
        assert not any(a.startswith(("enforcement.", "victims.", "international.")) for a in sgddt)
    # No case data is expected of them: the registry's expected reporters of case data leave them out.
    assert not any(code in hanoi.expected(date(2025, 9, 15), date(2025, 12, 14)) for code in ("01-SGDDT", "01-STP"))
