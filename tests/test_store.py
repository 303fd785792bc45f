"""The store: submissions kept append-only, the current view, crash safety and concurrency."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from tipmonitor.core import paths
from tipmonitor.core.problems import InputError
from tipmonitor.model import periods
from tipmonitor.store.database import Store
from tipmonitor.intake.template import SHEETS, write_template

TODAY = date(2026, 1, 1)
HEADER = "report_id,unit,kind,received_date,classified_date,decision_date,decision\n"


def csv(tmp_path, name, rows, header=HEADER):
    path = tmp_path / name
    path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def snapshot(store: Store) -> str:
    """A digest of everything the store holds, to prove it did not change."""
    import duckdb

    con = duckdb.connect(str(store.path), read_only=True)
    try:
        parts = []
        for table in ("submissions", "submission_files", "crime_reports", "cases", "victims", "aggregates"):
            parts.append(repr(con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()))
        return hashlib.sha256("".join(parts).encode()).hexdigest()
    finally:
        con.close()


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "store.duckdb")


def test_identical_reingest_is_a_no_op_that_says_so(store, tmp_path):
    path = csv(tmp_path, "002_2023-Q2.csv", ["TB1,002,report,2023-04-01,2023-04-01,,"])
    first = store.ingest(path, today=TODAY)
    assert (first.status, first.unit, first.period, first.rows["crime_reports"]) == ("ingested", "002", "2023-Q2", 1)
    before = snapshot(store)
    again = store.ingest(path, today=TODAY)
    assert again.status == "unchanged" and again.submission_id == first.submission_id
    assert "nothing stored" in again.describe("en")
    assert snapshot(store) == before


def test_a_correction_supersedes_and_the_history_keeps_both(store, tmp_path):
    store.ingest(csv(tmp_path, "002_2023-Q2.csv", ["TB1,002,report,2023-04-01,2023-04-01,,", "TB2,002,report,2023-04-02,,,"]),
                 today=TODAY)
    fixed = tmp_path / "fixed"
    fixed.mkdir()
    # The correction takes TB2 out: said with --replace-tables (store/replacement.py; without it, refused).
    result = store.ingest(csv(fixed, "002_2023-Q2.csv", ["TB1,002,report,2023-04-01,2023-04-01,2023-04-10,not_initiate"]),
                          today=TODAY, replace_tables=["crime_reports"])
    assert result.supersedes == 1
    history = store.submissions()
    assert list(history["submission_id"]) == [1, 2]
    assert list(history["current"]) == [False, True]
    current = store.current().crime_reports
    assert list(current["report_id"]) == ["TB1"]  # TB2 was withdrawn by the correction
    assert current.loc[0, "decision"] == "not_initiate"


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_a_later_period_updates_a_record_and_an_earlier_correction_does_not_undo_it(store, tmp_path):
    store.ingest(csv(tmp_path, "002_2023-Q2.csv", ["TB1,002,report,2023-04-01,2023-04-01,,"]), today=TODAY)
    store.ingest(csv(tmp_path, "002_2023-Q3.csv", ["TB1,002,report,2023-04-01,2023-04-01,2023-07-01,administrative"]),
                 today=TODAY)
    (tmp_path / "again").mkdir()
    store.ingest(csv(tmp_path / "again", "002_2023-Q2.csv", ["TB1,002,report,2023-04-01,2023-04-02,,"]), today=TODAY)
    current = store.current().crime_reports
    assert current.loc[0, "decision"] == "administrative"  # the Q3 version stands


def test_a_malformed_submission_is_refused_and_the_store_is_unchanged(store, tmp_path):
    store.ingest(csv(tmp_path, "002_2023-Q2.csv", ["TB1,002,report,2023-04-01,,,"]), today=TODAY)
    before = snapshot(store)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tin báo"
    sheet.append(["Mã tin báo", "Đơn vị", "Loại", "Ngày tiếp nhận"])
    sheet.append(["TB9", "002", "tin báo", "31/02/2023"])
    sheet.append(["TB10", "002", "thư", "01/03/2023"])
    bad = tmp_path / "002_2023-Q1.xlsx"
    book.save(bad)
    with pytest.raises(InputError) as error:
        store.ingest(bad, today=TODAY)
    messages = [p.render("en") for p in error.value.problems]
    assert any(m.startswith("002_2023-Q1.xlsx[Tin báo]:2:Ngày tiếp nhận: «31/02/2023» is not a valid date") for m in messages)
    assert any(m.startswith("002_2023-Q1.xlsx[Tin báo]:3:Loại: «thư» is not an allowed value") for m in messages)
    assert snapshot(store) == before


@pytest.mark.slow
def test_the_template_round_trips_to_exactly_the_records_typed_in(store, tmp_path):
    path = write_template(tmp_path / "mau.xlsx", unit="006", period="2023-Q2")
    book = openpyxl.load_workbook(path)
    reports = book[SHEETS["crime_reports"]]
    reports.append(["TB-006-1", "Đống Đa", "tố giác về tội phạm", datetime(2023, 3, 20), datetime(2023, 3, 20),
                    None, None, datetime(2023, 4, 2), "khởi tố vụ án", "VA-006-1"])
    reports.append(["TB-006-2", "Đống Đa", "tin báo về tội phạm", datetime(2023, 5, 2), None, None, None, None, None, None])
    cases = book[SHEETS["cases"]]
    cases.append(["VA-006-1", "Đống Đa", datetime(2023, 4, 2), datetime(2023, 4, 9)] + [None] * 8
                 + [3, 2, "bóc lột tình dục", "xuyên quốc gia", "Trung Quốc"])
    victims = book[SHEETS["victims"]]
    victims.append(["NN-006-1", "VA-006-1", "Đống Đa", "nữ", "trẻ em (dưới 16 tuổi)", "bóc lột tình dục", "Trung Quốc",
                    datetime(2023, 4, 3), None, datetime(2023, 4, 5), None, None, datetime(2023, 4, 6), "y tế; tâm lý"])
    book.save(path)
    result = store.ingest(path, today=TODAY)
    assert (result.unit, result.period, result.rows["crime_reports"], result.rows["cases"], result.rows["victims"]) == \
        ("006", "2023-Q2", 2, 1, 1)
    data = store.current()
    r = data.crime_reports.set_index("report_id")
    assert r.loc["TB-006-1", "kind"] == "denunciation" and r.loc["TB-006-1", "decision"] == "initiate"
    assert r.loc["TB-006-1", "received_date"] == pd.Timestamp("2023-03-20")
    assert pd.isna(r.loc["TB-006-2", "decision_date"])
    c = data.cases.iloc[0]
    assert (c["case_id"], c["unit"], c["suspects"], c["victims"], c["exploitation"], c["scope"], c["destination_country"]) == \
        ("VA-006-1", "006", 3, 2, "sexual", "transnational", "CN")
    v = data.victims.iloc[0]
    assert (v["sex"], v["age_group"], v["support_kinds"], v["supported_date"]) == \
        ("female", "child", "medical;psychological", pd.Timestamp("2023-04-06"))


def test_a_messy_workbook_ingests_correctly(store, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Báo cáo"
    sheet.append(["CÔNG AN QUẬN ĐỐNG ĐA"])
    sheet.append(["BÁO CÁO TIN BÁO VỀ MUA BÁN NGƯỜI QUÝ II/2023"])
    sheet.append([])
    # A two-row header: the first columns merged down over both rows, the others titled below.
    sheet.append(["Mã tin báo", "Đơn vị", "Loại", "Thời gian", None, "Kết quả giải quyết"])
    sheet.append([None, None, None, "Ngày tiếp nhận", "Ngày ra quyết định giải quyết", None])
    for col in ("A", "B", "C", "F"):
        sheet.merge_cells(f"{col}4:{col}5")
    sheet.merge_cells("D4:E4")
    sheet.append(["TB-1", "Q. Đống Đa", "tin báo", 45017, "10/04/2023", "không khởi tố"])  # 45017 = 1/4/2023
    sheet.append([])  # a spacer row
    sheet.append(["TB-2", "Dong Da", "to giac", "05/05/2023", None, None])
    sheet.append(["Tổng cộng", None, None, None, None, None])
    path = tmp_path / "dong_da_2023-Q2.xlsx"
    book.save(path)
    result = store.ingest(path, today=TODAY)
    assert (result.unit, result.period, result.rows["crime_reports"]) == ("006", "2023-Q2", 2)
    assert any("dong_da_2023-Q2.xlsx[Báo cáo]:9" in note for note in result.notes)  # the totals row, listed
    r = store.current().crime_reports.set_index("report_id")
    assert r.loc["TB-1", "received_date"] == pd.Timestamp("2023-04-01")
    assert r.loc["TB-1", "decision_date"] == pd.Timestamp("2023-04-10")
    assert r.loc["TB-2", "kind"] == "denunciation"
    assert r.loc["TB-2", "_row"] == 8  # the spreadsheet row, counting the spacer


def test_numbers_stored_as_text_are_read(store, tmp_path):
    path = tmp_path / "006_2023-Q2.csv"
    path.write_text("case_id,unit,initiated_date,suspects,victims\nVA1,006,02/04/2023, 3 ,1.0\n", encoding="utf-8")
    store.ingest(path, today=TODAY)
    case = store.current().cases.iloc[0]
    assert (case["suspects"], case["victims"]) == (3, 1)


def test_a_units_own_layout_ingests_through_its_mapping_and_an_unmapped_column_is_reported(store, tmp_path):
    mapping = tmp_path / "002.yaml"
    mapping.write_text("""
table: crime_reports
unit: "002"
columns:
  "Số hiệu": report_id
  "ĐV": unit
  "Nguồn": kind
  "Ngày nhận": received_date
  "Ngày xử lý": decision_date
  "Xử lý": decision
  "Ghi chú": ignore
values:
  kind: {"TB": report, "TG": denunciation}
  decision: {"KT": initiate, "KKT": not_initiate}
""", encoding="utf-8")
    from tipmonitor.intake.mapping import load_mapping

    layout = load_mapping(mapping)
    good = tmp_path / "hk_2023-Q2.csv"
    good.write_text("Số hiệu,ĐV,Nguồn,Ngày nhận,Ngày xử lý,Xử lý,Ghi chú\nA1,002,TB,01/04/2023,05/04/2023,KKT,xong\n",
                    encoding="utf-8")
    store.ingest(good, today=TODAY, mapping=layout)
    r = store.current().crime_reports.iloc[0]
    assert (r["report_id"], r["kind"], r["decision"]) == ("A1", "report", "not_initiate")
    bad = tmp_path / "hk2_2023-Q3.csv"
    bad.write_text("Số hiệu,ĐV,Nguồn,Ngày nhận,Cán bộ thụ lý\nA2,002,TB,01/07/2023,x\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        store.ingest(bad, today=TODAY, mapping=layout)
    assert [p.render("en") for p in error.value.problems] == [
        "hk2_2023-Q3.csv:1:Cán bộ thụ lý: this column is not in the column-mapping file 002.yaml; add it there (or map it to ignore)"]


def test_the_mappings_unit_and_period_fill_a_file_without_them_and_the_command_line_wins(store, tmp_path):
    # The file has no unit column and no period in its name: the mapping's unit 002 and period 2023-Q2 fill
    # both (merged once, in load_file). A second file given --unit 003 --period 2023-Q3 on the command line
    # is stored under those, not the mapping's.
    from tipmonitor.intake.mapping import load_mapping

    mapping = tmp_path / "layout.yaml"
    mapping.write_text('table: crime_reports\nunit: "002"\nperiod: "2023-Q2"\ncolumns:\n  "Số hiệu": report_id\n'
                       '  "Nguồn": kind\n  "Ngày nhận": received_date\n', encoding="utf-8")
    layout = load_mapping(mapping)
    first = tmp_path / "book.csv"
    first.write_text("Số hiệu,Nguồn,Ngày nhận\nA1,report,01/04/2023\n", encoding="utf-8")
    store.ingest(first, today=TODAY, mapping=layout)
    second = tmp_path / "other.csv"
    second.write_text("Số hiệu,Nguồn,Ngày nhận\nB1,report,01/07/2023\n", encoding="utf-8")
    store.ingest(second, unit="003", period="2023-Q3", today=TODAY, mapping=layout)
    held = store.submissions()[["unit", "period"]].values.tolist()
    assert held == [["002", "2023-Q2"], ["003", "2023-Q3"]]
    assert store.current().crime_reports.set_index("report_id")["unit"].to_dict() == {"A1": "002", "B1": "003"}


def test_export_writes_the_current_data(store, tmp_path):
    store.ingest(csv(tmp_path, "002_2023-Q2.csv", ["TB1,002,report,2023-04-01,2023-04-01,,"]), today=TODAY)
    written = store.export(tmp_path / "out", "parquet")
    assert pd.read_parquet(tmp_path / "out" / "crime_reports.parquet")["report_id"].tolist() == ["TB1"]
    store.export(tmp_path / "csv", "csv")
    assert (tmp_path / "csv" / "crime_reports.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel
    assert sorted(p.stem for p in written) == ["activities", "aggregates", "cases", "court_register", "crime_reports",
                                               "procuracy_register", "unit_texts", "victims"]  # the registers: issue #27
    assert all(path.stat().st_mode & 0o077 == 0 for path in written)  # record-level data: owner only


INGEST = """
import sys
from datetime import date
from tipmonitor.store.database import Store
Store(sys.argv[1]).ingest(sys.argv[2], today=date(2026, 1, 1))
"""


@pytest.mark.slow
def test_killing_an_ingest_mid_transaction_leaves_the_store_as_it_was(store, tmp_path):
    store.ingest(csv(tmp_path, "002_2023-Q2.csv", ["TB1,002,report,2023-04-01,,,"]), today=TODAY)
    before = snapshot(store)
    (tmp_path / "q3").mkdir()
    rows = [f"TB{i},002,report,2023-07-{1 + i % 28:02d},,," for i in range(2, 500)]
    path = csv(tmp_path / "q3", "002_2023-Q3.csv", rows)
    marker = tmp_path / "in_transaction"
    env = {**os.environ, "TIPMONITOR_TEST_PAUSE_IN_TRANSACTION": "60", "TIPMONITOR_TEST_PAUSE_MARKER": str(marker)}
    child = subprocess.Popen([sys.executable, "-c", INGEST, str(store.path), str(path)], env=env)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, "the ingest ended before reaching its transaction"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)  # rows inserted, not committed
    child.wait()
    assert snapshot(store) == before
    assert len(store.submissions()) == 1
    # And the store still takes the same submission afterwards.
    assert store.ingest(path, today=TODAY).status == "ingested"


@pytest.mark.slow  # a subprocess holds the store
def test_a_writer_waiting_for_a_held_store_times_out_with_a_clear_message(store, tmp_path, monkeypatch):
    from tipmonitor.store import database
    from tipmonitor.store.database import StoreError

    store.ingest(csv(tmp_path, "002_2023-Q2.csv", ["TB1,002,report,2023-04-01,,,"]), today=TODAY)
    (tmp_path / "q3").mkdir()
    held = csv(tmp_path / "q3", "002_2023-Q3.csv", ["TB2,002,report,2023-07-01,,,"])
    marker = tmp_path / "in_transaction"
    env = {**os.environ, "TIPMONITOR_TEST_PAUSE_IN_TRANSACTION": "60", "TIPMONITOR_TEST_PAUSE_MARKER": str(marker)}
    child = subprocess.Popen([sys.executable, "-c", INGEST, str(store.path), str(held)], env=env)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        monkeypatch.setattr(database, "LOCK_TIMEOUT_SECONDS", 1.0)
        monkeypatch.setenv("TIPMONITOR_LANG", "en")  # the messages asserted below, in English
        (tmp_path / "q4").mkdir()
        waiting = csv(tmp_path / "q4", "006_2023-Q4.csv", ["TB3,006,report,2023-10-01,,,"])
        started = time.monotonic()
        with pytest.raises(StoreError, match="another process has held the store for over 1 s; try again later"):
            store.ingest(waiting, today=TODAY)
        assert time.monotonic() - started >= 1.0
        with pytest.raises(StoreError, match="another process has held the store"):  # a reader waits for a writer too
            store.submissions()
    finally:
        child.kill()
        child.wait()
    assert list(store.submissions()["period"]) == ["2023-Q2"]  # and, the writer gone, the store opens again


@pytest.mark.slow
def test_two_ingests_at_the_same_time_both_land(store, tmp_path):
    paths_ = []
    for unit in ("002", "006"):
        folder = tmp_path / unit
        folder.mkdir()
        paths_.append(csv(folder, f"{unit}_2023-Q2.csv", [f"TB-{unit}-{i},{unit},report,2023-04-0{1 + i},,," for i in range(5)]))
    env = {**os.environ, "TIPMONITOR_TEST_PAUSE_IN_TRANSACTION": "1"}
    children = [subprocess.Popen([sys.executable, "-c", INGEST, str(store.path), str(p)], env=env) for p in paths_]
    assert [c.wait(timeout=120) for c in children] == [0, 0]
    history = store.submissions()
    assert sorted(history["unit"]) == ["002", "006"]
    assert len(store.current().crime_reports) == 10


def test_the_sample_goes_through_the_same_path_and_equals_the_sample_files(sample_store):
    from conftest import SAMPLE_TODAY
    from tipmonitor.intake.loading import load_dataset

    target = sample_store
    store = Store(target)
    history = store.submissions()
    assert len(history) > 200 and history["received_on"].notna().all()
    current, files = store.current(), load_dataset(paths.sample_dir(), today=SAMPLE_TODAY)
    # A unit that never sent its last quarters still holds their records: they are in the sample's
    # files (what the units have) but not in the store (what was sent). Everything sent is stored.
    log = pd.read_csv(paths.sample_dir() / "meta" / "submissions_log.csv", dtype=str, keep_default_na=False)
    last_sent = log[log["submitted_on"] != ""].groupby("unit")["period"].max()
    final = log["period"].max()  # records entered after the final quarter's cut-off go with it
    last_end = {unit: pd.Timestamp(periods.parse(label).window("official").end) if label < final else pd.Timestamp.max
                for unit, label in last_sent.items()}
    entry = {"crime_reports": "received_date", "cases": "initiated_date", "victims": "received_date"}
    unsent_total = 0
    for name in ("crime_reports", "cases", "victims", "aggregates"):
        a = current.table(name).drop(columns=["_file", "_row"])
        b = files.table(name).drop(columns=["_file", "_row"])
        if name == "aggregates":
            unsent = b["period"].astype(str) > b["unit"].astype(str).map(last_sent)
        else:
            unsent = b[entry[name]] > b["unit"].astype(str).map(last_end)
        unsent_total += int(unsent.sum())
        b = b[~unsent.to_numpy(dtype=bool)]
        keys = list(a.columns[:3])
        pd.testing.assert_frame_equal(a.sort_values(keys).reset_index(drop=True), b.sort_values(keys).reset_index(drop=True))
    assert 0 < unsent_total < 20  # the sample's missing last submissions hold a few records, not a table's worth


def test_the_shipped_example_mapping_is_valid():
    from tipmonitor.intake.mapping import load_mapping

    layout = load_mapping(paths.params_dir() / "mappings" / "example_unit_layout.yaml")
    assert layout.table == "crime_reports" and layout.field_for("Ngày nhận") == (True, "received_date")
