"""The synthetic sample: deterministic, realistic in size, varied across units, and free of personal data."""

import filecmp
from datetime import date

import pandas as pd
import pytest

from conftest import SAMPLE_TODAY
from tipmonitor.core import paths

from tipmonitor.tools import sample
from tipmonitor.metrics.evaluation import CITY, evaluate
from tipmonitor.intake.loading import load_dataset
from conftest import inputs_of
from tipmonitor.model import periods

pytestmark = pytest.mark.slow  # `make check` leaves it out; `make test` runs it


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    sample.write_sample(folder)
    return folder


def test_the_same_seed_gives_identical_files_and_the_committed_sample_is_current(regenerated):
    committed = paths.sample_dir()
    names = ["crime_reports.csv", "cases.csv", "victims.csv", "aggregates.csv", "meta/submissions_log.csv"]
    for name in names:
        assert filecmp.cmp(regenerated / name, committed / name, shallow=False), f"{name}: run `tipmonitor sample`"


def test_another_seed_gives_other_data(tmp_path):
    sample.write_sample(tmp_path, seed=18)
    assert not filecmp.cmp(tmp_path / "cases.csv", paths.sample_dir() / "cases.csv", shallow=False)


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(paths.sample_dir(), today=SAMPLE_TODAY)


def test_magnitudes_are_those_of_a_city(dataset):
    years = dataset.cases["initiated_date"].dt.year
    per_year = years[years.between(2022, 2024)].value_counts()
    assert per_year.between(15, 80).all()  # a few dozen cases a year
    reports_per_year = dataset.crime_reports["received_date"].dt.year.value_counts()
    assert (reports_per_year.loc[[2022, 2023]] > 3 * per_year.loc[[2022, 2023]]).all()  # several times more reports
    victims_per_case = dataset.victims["case_id"].notna().sum() / len(dataset.cases)
    assert 1 <= victims_per_case <= 4


def test_sample_covers_every_unit_and_carry_over(dataset):
    from tipmonitor.model.units import load_registry

    districts = load_registry(on=date(2023, 6, 30), levels=("district",)).codes
    present = set(dataset.crime_reports["unit"]) | set(dataset.aggregates["unit"])
    assert set(districts) <= present
    # Reports received in 2022 and decided in 2023: carried over across the year.
    r = dataset.crime_reports
    carried = r[(r["received_date"] < "2022-12-15") & (r["decision_date"] >= "2022-12-15")]
    assert len(carried) > 0
    # Some reports are overdue, most are decided within 20 days.
    delay = (r["decision_date"] - r["received_date"]).dt.days
    assert (delay <= 20).mean() > 0.6 and (delay > 60).sum() > 0


def test_units_differ_some_meet_and_some_miss(dataset):
    evaluation = evaluate(inputs_of(dataset), periods.parse("2023"))
    units = evaluation.table[(evaluation.table["unit"] != CITY) & (evaluation.table["scope"] == "period")]
    statuses = units.groupby("indicator")["status"].agg(set)
    assert {"met", "missed"} <= statuses["T2_report_resolution"]
    assert "met" in statuses["T1_classification"] and "missed" in set().union(*statuses)


def test_one_unit_sends_aggregate_counts_and_some_submissions_are_late_or_missing():
    log = pd.read_csv(paths.sample_dir() / "meta" / "submissions_log.csv", dtype=str, keep_default_na=False)
    assert (log["submitted_on"] == "").sum() > 0
    assert (log["submitted_on"] > log["due_date"]).sum() > 0
    aggregates = pd.read_csv(paths.sample_dir() / "aggregates.csv", dtype=str)
    assert set(aggregates["unit"]) == {sample.AGGREGATE_UNIT}


def test_no_personal_data_in_the_sample(dataset):
    # The files as written (not the loaded tables, whose columns the schema fixes): every header is a
    # field of the data model, and no cell looks like a phone or identity number.
    from tipmonitor.intake.privacy import classify
    from tipmonitor.model.schema import TABLES

    for name in ("crime_reports", "cases", "victims", "aggregates"):
        raw = pd.read_csv(paths.sample_dir() / f"{name}.csv", dtype=str, keep_default_na=False)
        assert set(raw.columns) <= set(TABLES[name].columns), name
        for column in raw.columns:
            assert raw[column].map(classify).isna().all(), f"{name}.{column}"
    assert dataset.victims["victim_id"].str.fullmatch(r"NN-[0-9A-Z\-]+-\d{5}").all()


def test_scale_mode_writes_parquet(tmp_path):
    written = sample.write_scale(tmp_path, rows=2000)
    cases = pd.read_parquet(tmp_path / "cases.parquet")
    assert 1000 < len(cases) < 4000
    assert {p.name for p in written} == {"crime_reports.parquet", "cases.parquet", "victims.parquet"}


def test_large_scales_are_written_in_parts_with_ids_unique_and_links_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(sample, "SCALE_PART_ROWS", 1000)
    sample.write_scale(tmp_path, rows=2000)  # two parts of 1000, each its own seed
    cases = pd.read_parquet(tmp_path / "cases.parquet")
    reports = pd.read_parquet(tmp_path / "crime_reports.parquet")
    victims = pd.read_parquet(tmp_path / "victims.parquet")
    assert 1000 < len(cases) < 4000
    assert set(cases["case_id"].str[:4]) == {"P00-", "P01-"}
    for frame, key in ((cases, "case_id"), (reports, "report_id"), (victims, "victim_id")):
        assert frame[key].is_unique
    linked = reports.loc[reports["case_id"] != "", "case_id"]
    assert len(linked) and linked.isin(cases["case_id"]).all()


def test_after_the_reform_each_record_belongs_to_a_unit_of_the_right_body(dataset):
    from tipmonitor.model.units import load_registry

    body = load_registry().table["body"]
    r, c = dataset.crime_reports, dataset.cases
    # From 1-3-2025 the district police are gone: reports to the city police, then (1-7) communes and wards too.
    assert set(body[r.loc[r["received_date"] >= "2025-03-01", "unit"]]) <= {"police", "commune"}
    assert set(body[r.loc[r["received_date"] >= "2025-07-01", "unit"]]) == {"police", "commune"}
    assert set(c.loc[c["initiated_date"] >= "2025-03-01", "unit"]) == {"01-PC02"}
    # Cases accepted from 1-7-2025 are prosecuted and tried by regional or city procuracies and courts.
    later = c[c["procuracy_accepted_date"] >= "2025-07-01"]
    assert len(later) and set(body[later["procuracy_unit"]]) == {"procuracy"}
    tried = c[c["court_accepted_date"] >= "2025-07-01"]
    assert len(tried) and set(body[tried["court_unit"]]) == {"court"}
    # Plausible for one city: a few dozen cases a year (nationally 91 newly initiated in 2024).
    assert c["initiated_date"].dt.year.value_counts().loc[[2025]].between(15, 80).all()


def test_the_log_expects_the_post_reform_units_with_late_and_missing_ones():
    log = pd.read_csv(paths.sample_dir() / "meta" / "submissions_log.csv", dtype=str, keep_default_na=False)
    q3 = log[log["period"] == "2026-Q3"]
    assert len(q3) == 154  # 126 communes, 13 courts, 13 procuracies, the city police, Sở Y tế
    after = log[log["period"] >= "2025"]
    assert (after["submitted_on"] == "").sum() > 0 and (after["submitted_on"] > after["due_date"]).sum() > 0


def test_a_scale_generation_stopped_half_way_leaves_no_table(tmp_path, monkeypatch):
    """The benchmark takes a folder with cases.parquet for complete data: a generation interrupted after its
    first part (as Ctrl-C would) must leave neither a partial table nor its building folder."""
    monkeypatch.setattr(sample, "SCALE_PART_ROWS", 1000)
    real, calls = sample.generate, []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(sample, "generate", interrupted)
    folder = tmp_path / "scale"
    with pytest.raises(KeyboardInterrupt):
        sample.write_scale(folder, rows=2000)
    assert len(calls) == 2  # the first part was written before the interruption
    assert list(folder.iterdir()) == [] and [p.name for p in tmp_path.iterdir()] == ["scale"]
