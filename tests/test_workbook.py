"""kpis.xlsx as an analyst works in it and prints it: names frozen with the header, Vietnamese names with the
codes last, the units without data on their own sheet, the baseline's numerator and denominator, "Đơn vị chưa
đạt" sorted by the cases still needed, and a print set-up that keeps every sheet within ten A4 pages."""

from __future__ import annotations

import math
import re

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter

from conftest import TODAY, frame
from fixtures import CASES, REPORTS, VICTIMS
from tipmonitor.intake.loading import load_tables_from_text
from tipmonitor.present.report import PeriodReport
from tipmonitor.present.workbook import write_workbook

SHEETS = ["Toàn thành phố", "Đơn vị", "Đơn vị chưa đạt", "Đơn vị không có số liệu", "Ghi chú"]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    data = load_tables_from_text({name: frame(name, rows) for name, rows in
                                  {"crime_reports": REPORTS, "cases": CASES, "victims": VICTIMS}.items()}, today=TODAY)
    report = PeriodReport(data, "2023-Q2")
    path = write_workbook(report.evaluation, tmp_path_factory.mktemp("book") / "kpis.xlsx")
    return report, openpyxl.load_workbook(path)


def columns_of(sheet) -> dict[str, int]:
    return {c.value: i for i, c in enumerate(sheet[1])}


def printed_pages(sheet) -> tuple[int, float]:
    """The A4 pages a sheet prints on and the scale it prints at, as Excel lays it out: the print area's columns
    fitted to the page width (a column of width w is 7w + 5 pixels of 0.75 pt), rows of 15 pt, the header row
    (its own height) repeated on every page."""
    setup = sheet.page_setup
    assert int(setup.paperSize) == 9 and setup.orientation == "landscape"  # 9: A4
    area = str(sheet.print_area).split("!")[-1].replace("$", "")
    first, last = re.match(r"([A-Z]+)\d+:([A-Z]+)\d+", area).groups()
    letters = [get_column_letter(i) for i in range(column_index_from_string(first), column_index_from_string(last) + 1)]
    width = sum((sheet.column_dimensions[c].width or 8.43) * 7 + 5 for c in letters) * 0.75
    margins = sheet.page_margins
    page_width = 842 - (margins.left + margins.right) * 72
    page_height = 595 - (margins.top + margins.bottom + margins.header + margins.footer) * 72
    scale = min(1.0, page_width / width) if setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage else 1.0
    header = sheet.row_dimensions[1].height or 15
    per_page = int((page_height / scale - header) // 15)
    return max(1, math.ceil((sheet.max_row - 1) / per_page)), scale


def test_the_sheets_and_their_columns(small):
    _, book = small
    assert book.sheetnames == SHEETS
    units = book["Đơn vị"]
    header = [c.value for c in units[1]]
    # Names first (frozen with the header), the codes in the last two columns; the 2022 numerator and denominator.
    assert header[:2] == ["Đơn vị", "Chỉ tiêu"] and header[-2:] == ["Mã đơn vị", "Mã chỉ tiêu"]
    assert units.freeze_panes == "C2"
    assert {"Tử số cùng kỳ 2022", "Mẫu số cùng kỳ 2022", "Tỷ lệ cùng kỳ 2022"} <= set(header)
    # Indicator names in Vietnamese, never the code, in the name column.
    names = {r[1] for r in units.iter_rows(min_row=2, values_only=True)}
    assert "Tỷ lệ giải quyết tố giác, tin báo, kiến nghị khởi tố" in names and not any("_" in n for n in names)


def test_the_units_sheet_holds_results_with_data_and_the_others_have_their_own(small):
    report, book = small
    units, empty = book["Đơn vị"], book["Đơn vị không có số liệu"]
    col = columns_of(units)
    statuses = {r[col["Đánh giá"]] for r in units.iter_rows(min_row=2, values_only=True)}
    assert "Không có số liệu" not in statuses and statuses
    # The fixture's data is Hoàn Kiếm's and Đống Đa's: every other district has none of its indicators.
    t = report.evaluation.table
    with_data = set(t[(t["status"] != "no_data") & (t["unit"] != "CITY")]["unit"])
    assert with_data == {"002", "006"}
    listed = {r[-1] for r in empty.iter_rows(min_row=2, values_only=True)}
    assert {"001", "003", "004"} <= listed
    empty_col = columns_of(empty)
    ba_dinh = next(r for r in empty.iter_rows(min_row=2, values_only=True) if r[-1] == "001")
    # Ba Đình (a district before the reform: every family) has none of the registry's indicators with data.
    assert ba_dinh[empty_col["Số chỉ tiêu không có số liệu trong kỳ"]] == ba_dinh[empty_col["Tổng số chỉ tiêu"]] \
        == len(report.evaluation.registry.indicators)


def test_the_missed_sheet_is_sorted_by_the_cases_still_needed(small):
    report, book = small
    sheet = book["Đơn vị chưa đạt"]
    col = columns_of(sheet)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    t = report.evaluation.table
    missed = t[(t["unit"] != "CITY") & t["status"].isin(["missed", "at_risk"])]
    assert len(rows) == len(missed) > 0
    needed = [r[col["Cần giải quyết thêm"]] for r in rows]
    assert needed == sorted(needed, reverse=True)
    assert {r[col["Đánh giá"]] for r in rows} <= {"Chưa đạt", "Có nguy cơ chưa đạt"}


def test_every_sheet_is_set_to_print_on_a4_landscape_with_the_header_repeated(small):
    _, book = small
    for title in SHEETS[:-1]:
        sheet = book[title]
        assert sheet.print_title_rows == "$1:$1" or sheet.print_title_rows == "1:1", title
        pages, scale = printed_pages(sheet)
        assert pages <= 10 and scale >= 0.6, (title, pages, scale)


def test_at_155_units_each_sheet_prints_on_ten_a4_pages_or_fewer(sample_store, sample_results, tmp_path):
    from tipmonitor.store.sources import load_source

    # The period's internal results are the session's (conftest.sample_results: test_pages_at_scale and
    # test_official_report read the same edition), not computed again here (about 2 s of CPU).
    report = PeriodReport(load_source(str(sample_store)), "2026-Q3", results=sample_results("2026-Q3"))
    book = openpyxl.load_workbook(write_workbook(report.evaluation, tmp_path / "kpis.xlsx"))
    assert book.sheetnames == SHEETS
    for title in SHEETS[:-1]:
        pages, scale = printed_pages(book[title])
        assert pages <= 10 and scale >= 0.6, (title, pages, scale)
    # A court's indicators are the court's: no court is listed as missing a procuracy or police figure.
    empty = book["Đơn vị không có số liệu"]
    col = columns_of(empty)
    courts = [r for r in empty.iter_rows(min_row=2, values_only=True) if r[col["Khối"]] == "tòa án"]
    assert all(r[col["Tổng số chỉ tiêu"]] <= 2 for r in courts)


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_a_public_workbook_counts_the_units_it_does_not_list(tmp_path):
    # The fixture's 2023-Q2: Hoàn Kiếm and Đống Đa miss targets (the internal sheet lists them); in the public
    # edition both are withheld (small counts), so "Đơn vị chưa đạt" says how many and that they are not published
    # by unit, and the notes say so, never an empty list alone.
    data = load_tables_from_text({name: frame(name, rows) for name, rows in
                                  {"crime_reports": REPORTS, "cases": CASES, "victims": VICTIMS}.items()}, today=TODAY)
    report = PeriodReport(data, "2023-Q2", audience="public")
    book = openpyxl.load_workbook(write_workbook(report.evaluation, tmp_path / "kpis.xlsx"))
    cells = [str(c.value) for row in book["Đơn vị chưa đạt"].iter_rows() for c in row if c.value is not None]
    assert not any(name in cells for name in ("Hoàn Kiếm", "Đống Đa"))
    assert any(c.startswith("Trong Quý II/2023, 2 đơn vị chưa đạt ít nhất một chỉ tiêu; 2 trong số đó không công bố")
               for c in cells), cells
    notes = " ".join(str(c.value) for c in book["Ghi chú"]["A"])
    assert "không công bố theo đơn vị" in notes and "nêu ở cuối trang" in notes
