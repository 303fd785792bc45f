"""Fuzzing the loaders and ingest: every generated input ends in clean data or a located error, never a
traceback, never a silently dropped row, and never a changed store.

The number of generated cases run is printed at the end of the test session (conftest.py) and
written to test-output/fuzz-cases.json; docs/security.md records it.
"""

import io
import os
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tipmonitor.intake.loading import load_file
from tipmonitor.core import words
from tipmonitor.core.problems import InputError
from tipmonitor.store.database import Store, StoreError

from fixtures import count_fuzz_case, count_fuzz_outcome
from test_hostile_input import inflating_workbook, stale_dimension_workbook
from test_store import snapshot

TODAY = date(2026, 1, 1)
# TIPMONITOR_FUZZ_SCALE=10 runs ten times the cases (a longer hunt than make test's).
SCALE = float(os.environ.get("TIPMONITOR_FUZZ_SCALE", "1"))
FUZZ = settings(max_examples=int(150 * SCALE), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

HEADERS = {
    "crime_reports": ["Mã tin báo", "Đơn vị", "Loại", "Ngày tiếp nhận", "Ngày phân loại", "Ngày ra quyết định giải quyết",
                      "Kết quả giải quyết", "Mã vụ án"],
    "victims": ["Mã nạn nhân", "Đơn vị", "Giới tính", "Nhóm tuổi", "Ngày tiếp nhận", "Hình thức bóc lột"],
    "aggregates": ["Đơn vị", "Kỳ báo cáo", "Chỉ tiêu đếm", "Số lượng"],
}
ODD_HEADERS = ["Họ và tên", "Số CCCD", "Ghi chú", "Cột lạ", "", "STT", "unit", "received_date"]

# Cells: mostly plausible, with every kind of wrong mixed in.
CELLS = st.one_of(
    st.sampled_from(["TB1", "TB2", "TB1", "NN-002-1", "VA-002-1", "002", "Hoàn Kiếm", "Q. Ba Đình", "999", "Atlantis",
                     "tin báo", "tố giác", "thư", "nữ", "nam", "trẻ em", "người lớn", "khởi tố", "không khởi tố",
                     "tình dục", "reports.intake", "victims.identified[sex=female]", "nonsense.measure", "2023-Q2",
                     "2023-Q5", "2023", "Tổng cộng", "VÍ DỤ", "#N/A", "=1/0", ""]),
    st.sampled_from(["14/03/2023", "2023-03-14", "31/02/2023", "01/01/2099", "14/03/1899", "45000", "3/14/2023",
                     "14.03.2023", "2023-13-01"]),
    st.integers(-10**12, 10**20).map(str),
    st.sampled_from(["0912 345 678", "001203004567", "1.000.000", "-5", "1e9", "NaN", "inf", "3,5"]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
)


@st.composite
def report_rows(draw, width: int = 8) -> list[str]:
    """A plausible crime-report row for unit 002, sometimes with one cell replaced by anything from CELLS."""
    number = draw(st.integers(1, 10**6))
    received = draw(st.dates(date(2023, 1, 15), date(2023, 4, 14)))
    classified = draw(st.one_of(st.none(), st.integers(0, 30)))
    row = [f"TB-002-{number}", draw(st.sampled_from(["002", "Hoàn Kiếm", "Q. Hoàn Kiếm"])),
           draw(st.sampled_from(["tin báo", "tố giác", "kiến nghị khởi tố"])), received.strftime("%d/%m/%Y"),
           "" if classified is None else (received + pd.Timedelta(days=classified)).strftime("%d/%m/%Y"), "", "", ""]
    if draw(st.integers(0, 4)) == 0:  # one row in five carries one cell of anything
        row[draw(st.integers(0, width - 1))] = draw(CELLS)
    return row[:width]


ROWS = st.one_of(report_rows(), st.lists(CELLS, min_size=8, max_size=8))


def _check_outcome(run) -> object:
    """Clean data, or an InputError whose every problem names the file and renders in both languages."""
    try:
        result = run()
    except InputError as error:
        assert error.problems
        for problem in error.problems:
            assert words.has(f"message.{problem.key}") and problem.file
            assert problem.render("vi") and problem.render("en")
        return error
    return result


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    pd.DataFrame(rows, columns=header).to_csv(buffer, index=False)
    return buffer.getvalue()


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".txt", ".xlsx", ".parquet"]))
def test_random_bytes_never_escape_as_a_traceback(tmp_path_factory, data, suffix):
    count_fuzz_case("random bytes")
    path = tmp_path_factory.mktemp("bytes") / f"002_2023-Q2{suffix}"
    path.write_bytes(data)
    _check_outcome(lambda: load_file(path, today=TODAY))


@FUZZ
@given(table=st.sampled_from(list(HEADERS) + ["crime_reports"] * 3),
       extra=st.one_of(st.just([]), st.just(["Ghi chú"]), st.lists(st.sampled_from(ODD_HEADERS), max_size=2)),
       rows=st.one_of(st.lists(report_rows(), max_size=12),
                      st.lists(st.one_of(report_rows(), st.lists(CELLS, min_size=10, max_size=10)), max_size=12)),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-8", "utf-8-sig", "cp1258", "cp1252"]),
       cut=st.one_of(st.none(), st.none(), st.none(), st.integers(0, 400)))
def test_generated_csv_files_load_whole_or_fail_with_located_problems(tmp_path_factory, table, extra, rows, encoding, cut):
    count_fuzz_case("CSV files")
    header = HEADERS[table] + extra
    rows = [r[:len(header)] + [""] * (len(header) - len(r)) for r in rows]
    data = _csv_text(header, rows).encode(encoding, errors="replace")
    if cut is not None:
        data = data[:cut]
    path = tmp_path_factory.mktemp("csv") / "du_lieu.csv"
    path.write_bytes(data)
    outcome = _check_outcome(lambda: load_file(path, today=TODAY))
    if isinstance(outcome, InputError) or cut is not None or encoding not in ("utf-8", "utf-8-sig"):
        return
    # Loaded: every non-empty line under the header is a record or a listed skipped row.
    [(name, frame)] = [(n, f) for n, f in outcome.items() if len(f) or n == table] or [(table, None)]
    if frame is None:
        return
    lines = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, header=None, encoding="utf-8-sig")
    non_empty = {i + 1 for i in range(1, len(lines)) if (lines.iloc[i].str.strip() != "").any()}
    count_fuzz_outcome("CSV files")
    kept = set(frame["_row"]) if "_row" in frame.columns else set()
    skipped = {s["row"] for s in frame.attrs.get("skipped", [])}
    assert kept | skipped == non_empty, (kept, skipped, non_empty)


@FUZZ
@given(rows=st.lists(st.lists(st.one_of(CELLS, st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                                        st.datetimes(datetime(1900, 3, 1), datetime(2100, 1, 1))),
                              min_size=6, max_size=6), max_size=8),
       hidden=st.booleans(), formula=st.booleans(), title_rows=st.integers(0, 3))
def test_generated_workbooks_with_formulas_errors_and_odd_types(tmp_path_factory, rows, hidden, formula, title_rows):
    count_fuzz_case("Excel workbooks")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Nạn nhân"
    for i in range(title_rows):
        sheet.append([f"BÁO CÁO {i}"])
    sheet.append(HEADERS["victims"])
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for row in rows:  # Excel itself cannot hold control characters: they are not a case to test
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    if formula:
        sheet.append(["NN-F", "002", "nữ", "người lớn", "=DATE(2023,3,14)", "tình dục"])
    if hidden:
        lists = book.create_sheet("Danh sách")
        lists.append(["tin báo", "tố giác"])
        lists.sheet_state = "hidden"
    path = tmp_path_factory.mktemp("xlsx") / "nn.xlsx"
    book.save(path)
    outcome = _check_outcome(lambda: load_file(path, today=TODAY))
    if formula:  # a formula saved without its value is never read as an empty cell
        assert isinstance(outcome, InputError) and any(p.key == "formula_no_value" for p in outcome.problems)


@FUZZ
@given(columns=st.lists(st.sampled_from(HEADERS["aggregates"] + ["Ghi chú", "x"]), min_size=1, max_size=5, unique=True),
       values=st.lists(st.one_of(st.integers(-10**15, 10**15), st.floats(allow_nan=True, allow_infinity=True),
                                 st.text(max_size=8), st.none()), min_size=1, max_size=10))
def test_generated_parquet_files(tmp_path_factory, columns, values):
    frame = pd.DataFrame({c: pd.Series(values, dtype="object").astype(str) if i % 2 else pd.Series(values, dtype="object")
                          for i, c in enumerate(columns)})
    path = tmp_path_factory.mktemp("pq") / "agg.parquet"
    try:
        frame.to_parquet(path)
    except Exception:  # pyarrow cannot write every mix of Python objects; nothing to read then
        assume(False)
    count_fuzz_case("Parquet files")
    _check_outcome(lambda: load_file(path, today=TODAY))


@settings(max_examples=int(30 * SCALE), deadline=None)
@given(rows=st.integers(2, 120), width=st.integers(1, 30), height=st.integers(1, 200))
def test_workbooks_with_any_stale_dimension_are_read_whole(tmp_path_factory, rows, width, height):
    from openpyxl.utils import get_column_letter

    count_fuzz_case("stale dimensions")
    path = stale_dimension_workbook(tmp_path_factory.mktemp("dim") / "tb.xlsx", rows, f"A1:{get_column_letter(width)}{height}")
    assert len(load_file(path, today=TODAY)["crime_reports"]) == rows - 1


@settings(max_examples=int(20 * SCALE), deadline=None)
@given(size=st.integers(1, 12 << 20))
def test_inflated_workbooks_are_read_or_refused_by_the_limits(tmp_path_factory, size):
    from tipmonitor.intake import limits

    count_fuzz_case("inflated workbooks")
    path = inflating_workbook(tmp_path_factory.mktemp("bom") / "tb.xlsx", size)
    outcome = _check_outcome(lambda: load_file(path, today=TODAY))
    if size > limits.RATIO_FROM_BYTES:  # one letter repeated packs about 1000 times: always refused
        assert isinstance(outcome, InputError)
        assert {p.key for p in outcome.problems} <= {"workbook_part_too_large", "workbook_part_inflates"}
    elif size > limits.ID_CHARACTERS:
        assert isinstance(outcome, InputError) and {p.key for p in outcome.problems} == {"id_too_long"}


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzzstore")
    store = Store(folder / "store.duckdb")
    good = folder / "002_2023-Q1.csv"
    good.write_text("report_id,unit,kind,received_date,classified_date,decision_date,decision\n"
                    "TB-002-1,002,report,2023-01-20,2023-01-21,,\n", encoding="utf-8")
    store.ingest(good, today=TODAY)
    return store


@settings(max_examples=int(60 * SCALE), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.one_of(report_rows(), report_rows(), st.lists(CELLS, min_size=8, max_size=8)), min_size=1, max_size=6),
       cut=st.one_of(st.none(), st.none(), st.integers(0, 300)))
def test_ingest_of_generated_submissions_is_all_or_nothing(fuzz_store, tmp_path_factory, rows, cut):
    count_fuzz_case("ingests")
    data = _csv_text(HEADERS["crime_reports"], rows).encode("utf-8")
    if cut is not None:
        data = data[:cut]
    path = tmp_path_factory.mktemp("sub") / "002_2023-Q2.csv"
    path.write_bytes(data)
    before = snapshot(fuzz_store)
    history = len(fuzz_store.submissions())
    try:
        result = fuzz_store.ingest(path, today=TODAY)
    except (InputError, StoreError) as error:
        if isinstance(error, InputError):
            assert all(p.render("en") for p in error.problems)
        assert snapshot(fuzz_store) == before
        return
    count_fuzz_outcome("ingests")
    # Stored: one more submission (or none, for a byte-identical re-send), and its rows all there.
    assert len(fuzz_store.submissions()) in (history, history + 1)
    assert result is not None


@settings(max_examples=int(30 * SCALE), deadline=None)
@given(data=st.one_of(st.binary(max_size=600), CELLS.map(lambda c: f"report_id,unit,kind,received_date\nTB9,002,tin báo,{c}\n"
                                                               .encode("utf-8", errors="replace"))))
def test_the_command_line_answers_bad_files_with_a_message_not_a_traceback(tmp_path_factory, data):
    from contextlib import redirect_stderr, redirect_stdout

    from tipmonitor.cli import main

    count_fuzz_case("command-line ingests")
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "002_2023-Q2.csv"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["ingest", str(path), "--store", str(folder / "store.duckdb"), "--today", "2026-01-01"])
    assert "Traceback" not in out.getvalue() + err.getvalue()
    assert code in (0, 1, 2), out.getvalue() + err.getvalue()  # 3 would be an unexpected error
    if code:
        assert "002_2023-Q2.csv" in out.getvalue() + err.getvalue()  # the message names the file


@settings(max_examples=int(20 * SCALE), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(report_rows(), min_size=1, max_size=5), taken=st.integers(0, 5))
def test_a_unit_never_takes_another_units_record(fuzz_store, tmp_path_factory, rows, taken):
    count_fuzz_case("cross-unit ids")
    rows = [[c.replace("002", "006").replace("Hoàn Kiếm", "Đống Đa") for c in row] for row in rows]
    if taken < len(rows):  # this row uses the id unit 002 holds in the store
        rows[taken][0] = "TB-002-1"
    path = tmp_path_factory.mktemp("cross") / "006_2023-Q2.csv"
    path.write_text(_csv_text(HEADERS["crime_reports"], rows), encoding="utf-8")
    before = snapshot(fuzz_store)
    try:
        fuzz_store.ingest(path, today=TODAY)
    except InputError:
        assert snapshot(fuzz_store) == before
    else:
        count_fuzz_outcome("cross-unit ids")
        assert taken >= len(rows)
    current = fuzz_store.current().crime_reports
    assert list(current.loc[current["report_id"] == "TB-002-1", "unit"]) == ["002"]
