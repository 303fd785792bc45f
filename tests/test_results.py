"""A run's results of its period (metrics/results.py): shown only for the period, rule, baseline year, edition and
data they were computed for, read only from a folder that is the user's alone."""

import os
import pickle
from dataclasses import replace
from datetime import date

import pytest

from conftest import inputs_of, make_dataset
from fixtures import CASES, REPORTS, VICTIMS
from tipmonitor.metrics.results import PeriodResults, compute, file_name
from tipmonitor.model import periods
from tipmonitor.present.report import PeriodReport

Q2 = periods.parse("2023-Q2")


@pytest.fixture(scope="module")
def inputs():
    return inputs_of(make_dataset(REPORTS, CASES, VICTIMS), baseline_table=None)


@pytest.fixture(scope="module")
def internal(inputs):
    return compute(inputs, Q2, "official", None, "store.duckdb")


def test_the_results_shown_are_the_ones_given_not_computed_again(inputs, internal, monkeypatch):
    import tipmonitor.present.report as report

    monkeypatch.setattr(report, "compute", lambda *a, **k: pytest.fail("computed again"))
    page = PeriodReport(inputs, Q2, source="store.duckdb", results=internal)
    assert page.evaluation is internal.evaluation and page.trend is internal.trend


@pytest.mark.parametrize("asked", [
    dict(period="2023-Q3"), dict(rule="calendar"), dict(audience="public"), dict(source="other.duckdb")])
def test_results_of_another_period_rule_edition_or_data_are_refused(inputs, internal, asked):
    options = {"period": Q2, "source": "store.duckdb", **asked}
    with pytest.raises(ValueError, match="do not match what the page asks for"):
        PeriodReport(inputs, options.pop("period"), lang="en", results=internal, **options)


def test_results_of_another_baseline_year_are_refused(inputs, internal):
    other = replace(inputs, baseline=replace(inputs.baseline, year=2021))
    with pytest.raises(ValueError, match="do not match"):
        PeriodReport(other, Q2, lang="en", source="store.duckdb", results=internal)


def test_a_baseline_year_other_than_the_inputs_is_refused(inputs):
    with pytest.raises(ValueError, match="differs from the baseline year of the inputs"):
        PeriodReport(inputs, Q2, lang="en", baseline_year=2021)


def test_saved_results_load_back_equal_from_a_private_folder(internal, tmp_path):
    folder = tmp_path / "results"
    folder.mkdir(mode=0o700)
    path = internal.save(folder)
    assert path.name == file_name("internal") and oct(path.stat().st_mode & 0o777) == "0o600"
    loaded = PeriodResults.load(folder, "internal")
    assert loaded.evaluation.table.equals(internal.evaluation.table) and loaded.source == "store.duckdb"


def test_results_are_read_once_per_version_of_their_file_and_the_folder_checked_every_time(inputs, internal, tmp_path):
    """A warm kernel's pages read the same file: unpickled once; a file saved again (the next run, or another
    period into the same folder) is read anew; a folder opened to others is refused even when the file was read."""
    folder = tmp_path / "results"
    folder.mkdir(mode=0o700)
    internal.save(folder)
    first = PeriodResults.load(folder, "internal")
    assert PeriodResults.load(folder, "internal") is first
    other = compute(inputs, periods.parse("2023-Q3"), "official", None, "store.duckdb")
    other.save(folder)  # a new file (written aside and renamed): another version
    again = PeriodResults.load(folder, "internal")
    assert again is not first and again.period.label == "2023-Q3"
    os.chmod(folder, 0o755)
    with pytest.raises(ValueError, match="readable by that user only|chỉ người đó đọc được"):
        PeriodResults.load(folder, "internal")


def test_results_in_a_folder_others_can_read_are_not_read(internal, tmp_path):
    folder = tmp_path / "results"
    folder.mkdir(mode=0o700)
    internal.save(folder)
    os.chmod(folder, 0o755)
    with pytest.raises(ValueError, match="readable by that user only|chỉ người đó đọc được"):
        PeriodResults.load(folder, "internal")


def test_a_file_of_another_format_is_refused(tmp_path):
    folder = tmp_path / "results"
    folder.mkdir(mode=0o700)
    (folder / file_name("internal")).write_bytes(pickle.dumps((0, "something else")))
    with pytest.raises(ValueError, match="not of this version|không phải của phiên bản này"):
        PeriodResults.load(folder, "internal")


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_a_notebook_run_again_after_its_run_computes_its_own(sample_like_store):
    # The executed notebook keeps the run's `results` folder in its parameters; the run removed it since.
    page = PeriodReport.from_parameters(period="2023-Q2", data=str(sample_like_store), lang="en",
                                        results=str(sample_like_store.parent / "gone"))
    assert page.evaluation.period == Q2


@pytest.fixture
def sample_like_store(tmp_path):
    from tipmonitor.store.database import Store

    store = Store(tmp_path / "store.duckdb")
    csv = tmp_path / "002_2023-Q2.csv"
    csv.write_text("case_id,unit,initiated_date,suspects,victims\nVA1,002,02/04/2023,3,1\n", encoding="utf-8")
    store.ingest(csv, today=date(2026, 1, 1))
    return store.path


def test_the_trend_of_a_period_before_the_baseline_year_has_no_quarters(inputs):
    from tipmonitor.metrics.evaluation import trend

    assert trend(inputs, periods.parse("2021-Q4")).empty
