"""The KPI engine of issue #18 gives the cube of the engine before it (bench/previous_engine.py), to the last cell.

The hand-worked figures are in tests/test_counts.py (unchanged); here the new engine (counting in
chunks) and the new scale loader are compared with the old ones: the whole cube at 10^5 case rows of
the benchmark data (every measure, breakdown, unit and 24 windows), and random small datasets
counted in chunks of a few records, so that every way of cutting a table is tried.
"""

from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench import previous_engine
from bench.run import all_windows, scale_dataset, typed_scale_dataset
from fixtures import CASES, REPORTS, VICTIMS
from conftest import make_dataset
from test_properties import SETTINGS, UNITS, WINDOWS, cases, dataset, reports
from tipmonitor.metrics import counts
from tipmonitor.metrics.counts import StageSpec, record_cube, windows_for
from tipmonitor.model.measures import LAW_2024_BREAKDOWNS, LAW_2024_MEASURES

pytestmark = pytest.mark.slow  # hypothesis runs and 10^5 generated rows: `make test`, not `make check`



def without_law_2024(cube: pd.DataFrame) -> pd.DataFrame:
    """The cube without the 2024 Law's counts (issue #29: persons being identified, accompanying children, reports
    by channel, persons received by status), which the engine before #18 never counted; every other cell compared."""
    law = {m.id for m in LAW_2024_MEASURES}
    split = {f"[{d}=" for dims in LAW_2024_BREAKDOWNS.values() for d in dims}
    return cube[[c for c in cube.columns if c.split("[", 1)[0] not in law and not any(x in c for x in split)]]

@pytest.fixture(scope="module")
def scale_folder(tmp_path_factory):
    from tipmonitor.tools import sample

    folder = tmp_path_factory.mktemp("scale")
    sample.write_scale(folder, 100_000)
    return folder


def test_the_whole_cube_at_10_5_case_rows_equals_the_previous_loader_and_engine(scale_folder, monkeypatch):
    from tipmonitor.model.units import load_registry

    units = load_registry(on=date(2023, 6, 30)).codes
    windows = all_windows()
    before = previous_engine.record_cube(typed_scale_dataset(scale_folder), windows, units)
    data = scale_dataset(scale_folder)
    assert len(data.crime_reports) > counts.CHUNK_ROWS  # the reports are counted in more than one chunk
    assert before.shape[0] == 24 * len(units) and before.shape[1] > 80 and before.to_numpy().sum() > 1_000_000
    pd.testing.assert_frame_equal(without_law_2024(record_cube(data, windows, units)), before, check_exact=True)
    monkeypatch.setattr(counts, "CHUNK_ROWS", 10_007)  # every table in many chunks, cut at odd places
    pd.testing.assert_frame_equal(without_law_2024(record_cube(data, windows, units)), before, check_exact=True)


@SETTINGS
@given(reports(), cases(), st.sampled_from([1, 2, 3, 7, 1 << 18]))
def test_random_data_counted_in_chunks_of_any_size_gives_the_previous_engines_cube(report_rows, case_rows, chunk):
    data = dataset(report_rows, case_rows)
    expected = previous_engine.record_cube(data, WINDOWS, UNITS)
    original = counts.CHUNK_ROWS
    counts.CHUNK_ROWS = chunk  # not monkeypatch: hypothesis runs many examples in one test call
    try:
        got = record_cube(data, WINDOWS, UNITS)
    finally:
        counts.CHUNK_ROWS = original
    pd.testing.assert_frame_equal(without_law_2024(got), expected, check_exact=True)


def test_a_stage_counted_by_another_unit_column_falls_back_to_the_records_unit_where_it_is_empty(monkeypatch):
    """The Procuracy stage attributed to a column naming the Procuracy's unit (as #13 needs): give every
    case of 002 the unit 006 there and leave 006's own cases empty. Then, by construction, 002 has no
    Procuracy counts, 006 has its own plus 002's, and the other stages do not move."""
    windows = windows_for(["2023-Q2", "2023-H1", "2022-Q2"])
    data = make_dataset(REPORTS, CASES, VICTIMS)
    before = record_cube(data, windows, ["002", "006"])
    data.cases["procuracy_unit"] = data.cases["unit"].astype(str).map({"002": "006"})  # 006's cases: empty
    stages = list(counts.PIPELINE_STAGES)
    stages[2] = StageSpec(**{**stages[2].__dict__, "unit": "procuracy_unit"})
    monkeypatch.setattr(counts, "PIPELINE_STAGES", tuple(stages))
    after = record_cube(data, windows, ["002", "006"])
    data.cases["procuracy_unit"] = None  # the column there but empty everywhere: every case counts for its own unit
    pd.testing.assert_frame_equal(record_cube(data, windows, ["002", "006"]), before)
    procuracy = [c for c in before.columns if c.startswith("procuracy.")]
    others = [c for c in before.columns if not c.startswith("procuracy.")]
    assert before.xs("002", level="unit")[procuracy].to_numpy().sum() > 0  # there was something to move
    for window in ("2023-Q2", "2023-H1", "2022-Q2"):
        assert (after.loc[(window, "002"), procuracy] == 0).all()
        pd.testing.assert_series_equal(after.loc[(window, "006"), procuracy],
                                       before.loc[(window, "006"), procuracy] + before.loc[(window, "002"), procuracy],
                                       check_names=False)
    pd.testing.assert_frame_equal(after[others], before[others])


def _with_dates(data, change):
    """The dataset with every date column of the record tables replaced by change(column)."""
    for name in ("crime_reports", "cases", "victims"):
        frame = data.table(name)
        for column in frame.columns:
            if frame[column].dtype.kind == "M":
                frame[column] = change(frame[column])
    return data


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_dates_in_any_datetime_unit_give_the_same_cube(unit):
    """The engine reads a date's integer directly (counts._raw_days): the unit it is stored in must not matter."""
    windows = windows_for(["2023-Q2", "2023-H1", "2022-Q2", "2023"])
    expected = previous_engine.record_cube(make_dataset(REPORTS, CASES, VICTIMS), windows, ["002", "006"])
    data = _with_dates(make_dataset(REPORTS, CASES, VICTIMS), lambda c: c.astype(f"datetime64[{unit}]"))
    pd.testing.assert_frame_equal(without_law_2024(record_cube(data, windows, ["002", "006"])), expected, check_exact=True)


def test_dates_before_1970_count_as_long_past_not_as_missing():
    """A date before 1970 reads, as an unsigned integer, like a missing one: the engine must still
    count it as a day before every window (as the previous engine did), not as an event that never happened."""
    windows = windows_for(["2023-Q2", "2023-H1", "2022-Q2", "2023"])

    def older(column):
        shifted = column.copy()
        shifted.iloc[::2] = shifted.iloc[::2] - pd.DateOffset(years=60)  # every other record's date now 1962-1963
        return shifted

    data = _with_dates(make_dataset(REPORTS, CASES, VICTIMS), older)
    assert (data.cases["initiated_date"] < pd.Timestamp("1970-01-01")).any()
    expected = previous_engine.record_cube(data, windows, ["002", "006"])
    got = record_cube(data, windows, ["002", "006"])
    pd.testing.assert_frame_equal(without_law_2024(got), expected, check_exact=True)
    # and it matters: with those dates missing instead, the cube is another one
    missing = _with_dates(make_dataset(REPORTS, CASES, VICTIMS),
                          lambda column: column.where(column.index % 2 == 1))  # the same records' dates, missing
    assert not record_cube(missing, windows, ["002", "006"]).equals(got)


def test_windows_from_before_1970_are_counted_the_exact_way():
    """A window starting on 1970-01-01 has a boundary the day before: the date table then starts earlier
    and every date is binned from its exact day number."""
    windows = windows_for(["1970", "1969-Q4", "2023-Q2", "2023"])
    data = _with_dates(make_dataset(REPORTS, CASES, VICTIMS),
                       lambda column: column.where(column.index % 3 != 0, column - pd.DateOffset(years=53)))
    assert (data.crime_reports["received_date"] < pd.Timestamp("1971-01-01")).any()
    expected = previous_engine.record_cube(data, windows, ["002", "006"])
    assert expected.loc["1970"].to_numpy().sum() > 0  # something falls in the 1970 window
    pd.testing.assert_frame_equal(without_law_2024(record_cube(data, windows, ["002", "006"])), expected, check_exact=True)


@pytest.mark.parametrize("received, decided", [("s", "ns"), ("ns", "s"), ("us", "ms")])
def test_an_entry_and_an_exit_stored_in_two_datetime_units_give_the_same_cube(received, decided):
    """A missing date reads as a different raw day in each unit (the statutory clock then takes exact day
    numbers): the cube is the previous engine's, with decisions missing on either side."""
    windows = windows_for(["2023-Q2", "2023-H1", "2023"])
    data = make_dataset(REPORTS, CASES, VICTIMS)
    expected = previous_engine.record_cube(data, windows, ["002", "006"])
    data.crime_reports["received_date"] = data.crime_reports["received_date"].astype(f"datetime64[{received}]")
    data.crime_reports["decision_date"] = data.crime_reports["decision_date"].astype(f"datetime64[{decided}]")
    assert data.crime_reports["decision_date"].isna().any()  # reports still open
    pd.testing.assert_frame_equal(without_law_2024(record_cube(data, windows, ["002", "006"])), expected, check_exact=True)


def test_histograms_too_large_for_32_bit_indexes_are_indexed_in_64_bits(monkeypatch):
    windows = windows_for(["2023-Q2", "2023-H1", "2022-Q2", "2023"])
    data = make_dataset(REPORTS, CASES, VICTIMS)
    expected = previous_engine.record_cube(data, windows, ["002", "006"])
    monkeypatch.setattr(counts, "INT32_CELLS", 10)  # every histogram "too large"
    pd.testing.assert_frame_equal(without_law_2024(record_cube(data, windows, ["002", "006"])), expected, check_exact=True)


@pytest.mark.parametrize("threads", [1, 2, 5])
def test_counting_on_several_threads_gives_the_same_cube(threads, monkeypatch):
    """Sums in order whatever the threads. (Chunks this small are mostly Python and hardly overlap: the
    whole-cube test at 10^5 above runs its chunks of 10,007 records on every core of the machine.)"""
    windows = windows_for(["2023-Q2", "2023-H1", "2022-Q2", "2023"])
    data = make_dataset(REPORTS, CASES, VICTIMS)
    expected = previous_engine.record_cube(data, windows, ["002", "006"])
    monkeypatch.setattr(counts, "THREADS", threads)
    monkeypatch.setattr(counts, "CHUNK_ROWS", 3)  # many chunks, so that several are counted at once
    pd.testing.assert_frame_equal(without_law_2024(record_cube(data, windows, ["002", "006"])), expected, check_exact=True)
