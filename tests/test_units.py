import unicodedata
from datetime import date
from pathlib import Path

import pytest

from tipmonitor.core import paths
from tipmonitor.model.units import load_registry


@pytest.fixture(scope="module")
def hanoi():
    return load_registry("01")


def test_hanoi_2023_has_its_30_districts_with_official_codes_and_centroids():
    units = load_registry("01", on=date(2023, 6, 30), levels=("district",))
    assert len(units.codes) == 30
    assert units.name("001") == "Ba Đình"
    assert units.name("002") == "Hoàn Kiếm"
    assert units.name("269") == "Sơn Tây"
    assert units.table.loc["002", "name_vi"] == "Quận Hoàn Kiếm"
    assert units.table.loc["269", "type"] == "thi_xa"
    assert 20.5 < units.table.loc["002", "lat"] < 21.5 and 105 < units.table.loc["002", "lon"] < 106.5


def test_ho_chi_minh_city_has_22_district_level_units():
    units = load_registry("79", on=date(2023, 6, 30), levels=("district",))
    assert len(units.codes) == 22
    assert units.name("769") == "Thủ Đức"


def test_the_2025_geography_replaces_districts_by_communes():
    after = load_registry("01", on=date(2025, 8, 1))
    assert set(after.table["level"]) == {"commune", "city"}
    assert len(after.table[after.table["level"] == "commune"]) == 126
    before = load_registry("01", on=date(2023, 1, 1))
    assert set(before.table["level"]) == {"district", "city"}


@pytest.mark.parametrize("written", [
    "Q. Hoàn Kiếm", "quận Hoàn Kiếm", "QUẬN HOÀN KIẾM", "Công an quận Hoàn Kiếm", "002", "q.hoan kiem",
    unicodedata.normalize("NFD", "Quận Hoàn Kiếm"),
])
def test_common_spellings_resolve_to_the_code(hanoi, written):
    assert hanoi.resolve(written, on=date(2023, 5, 1)) == "002"


def test_name_without_type_or_accents_resolves_within_the_geography_of_the_date(hanoi):
    # "Hoan Kiem" is both the pre-2025 district and a 2025 ward: the date decides.
    assert hanoi.matches("Hoan Kiem") == ("00070", "002")
    assert hanoi.resolve("Hoan Kiem", on=date(2023, 5, 1)) == "002"
    assert hanoi.resolve("Hoan Kiem", on=date(2025, 9, 1)) == "00070"
    assert hanoi.resolve("Hoan Kiem") is None  # ambiguous without a date


def test_numbered_districts_and_agencies():
    hcmc = load_registry("79")
    for written in ("Quận 1", "Q1", "Q.1", "quan 1"):
        assert hcmc.resolve(written, on=date(2023, 1, 1)) == "760"
    assert hcmc.resolve("1") is None
    assert load_registry("01").resolve("PC02") == "01-PC02"


def test_unknown_names_do_not_resolve(hanoi):
    assert hanoi.resolve("Quận Không Có") is None
    assert hanoi.resolve("") is None


def test_committed_registry_equals_what_the_gso_dataset_gives():
    """data/reference is generated from the pinned vietnamadminunits package, never edited by hand."""
    from tipmonitor.tools import reference_build  # needs vietnamadminunits, which the dev extra installs

    root = paths.project_root()
    for relative, content in reference_build.render(root).items():
        assert (root / relative).read_text(encoding="utf-8") == content, f"{relative} differs: run `tipmonitor reference`"


def test_registry_is_the_configured_city():
    assert set(load_registry().table["province_code"]) == {"01"}
    assert Path(paths.reference_dir() / "units.csv").is_file()
