"""Reading and validating input files: what is accepted, and what each kind of bad input tells the user."""

from datetime import date

import openpyxl
import pandas as pd
import pytest

from tipmonitor.intake.loading import load_dataset, load_file
from tipmonitor.core.problems import InputError

TODAY = date(2026, 1, 1)

REPORT_HEADER = "report_id,unit,kind,received_date,classified_date,decision_date,decision,case_id\n"


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problems(path_or_paths, lang="en", **kwargs):
    """The rendered problems of a load that must fail."""
    loader = load_dataset if isinstance(path_or_paths, list) else load_file
    with pytest.raises(InputError) as error:
        loader(path_or_paths, today=TODAY, **kwargs)
    return [p.render(lang) for p in error.value.problems]


# --- accepted input -----------------------------------------------------------------

def test_vietnamese_headers_with_bom_dd_mm_yyyy_dates_and_unit_names(tmp_path):
    text = ("Mã tin báo,Đơn vị,Loại,Ngày tiếp nhận,Ngày phân loại,Ngày ra quyết định giải quyết,Kết quả giải quyết\n"
            "TB1,Q. Hoàn Kiếm,tin báo,14/03/2023,15/03/2023,20/03/2023,khởi tố\n"
            "TB2,Hoan Kiem,Tố giác,2023-03-15,,,\n")
    path = write(tmp_path, "bao_cao.csv", "\ufeff" + text)
    table = load_file(path, today=TODAY)["crime_reports"]
    assert list(table["report_id"]) == ["TB1", "TB2"]
    assert list(table["unit"]) == ["002", "002"]
    assert list(table["kind"]) == ["report", "denunciation"]
    assert table.loc[0, "received_date"] == pd.Timestamp("2023-03-14")
    assert table.loc[0, "decision"] == "initiate"
    assert pd.isna(table.loc[1, "decision"])
    assert list(table["_row"]) == [2, 3]


def test_headers_without_diacritics_and_english_headers_are_the_same_columns(tmp_path):
    plain = write(tmp_path, "a.csv", "ma tin bao,don vi,loai,ngay tiep nhan\nTB1,002,tin bao,01/02/2023\n")
    english = write(tmp_path, "b.csv", "Report id,Unit,Kind,Received on\nTB1,002,report,2023-02-01\n")
    a, b = load_file(plain, today=TODAY)["crime_reports"], load_file(english, today=TODAY)["crime_reports"]
    pd.testing.assert_frame_equal(a.drop(columns="_file"), b.drop(columns="_file"))


def test_xlsx_with_title_rows_above_the_header_and_parquet(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Vụ án"
    sheet.append(["BÁO CÁO VỤ ÁN MUA BÁN NGƯỜI"])
    sheet.append([])
    sheet.append(["Mã vụ án", "Đơn vị", "Ngày khởi tố", "Số bị can", "Số nạn nhân"])
    sheet.append(["VA1", "Đống Đa", pd.Timestamp("2023-04-02").to_pydatetime(), 2, 3])
    path = tmp_path / "vu_an.xlsx"
    book.save(path)
    cases = load_file(path, today=TODAY)["cases"]
    assert cases.loc[0, "unit"] == "006"
    assert cases.loc[0, "initiated_date"] == pd.Timestamp("2023-04-02")
    assert cases.loc[0, "suspects"] == 2 and cases.loc[0, "victims"] == 3
    assert cases.loc[0, "_row"] == 4  # the spreadsheet row a person sees
    parquet = tmp_path / "vu_an.parquet"
    pd.DataFrame({"case_id": ["VA1"], "unit": ["006"], "initiated_date": ["2023-04-02"]}).to_parquet(parquet)
    assert load_file(parquet, today=TODAY)["cases"].loc[0, "unit"] == "006"


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_sample_data_loads_without_problems():
    from conftest import SAMPLE_TODAY
    from tipmonitor.core import paths

    dataset = load_dataset(paths.sample_dir(), today=SAMPLE_TODAY)
    assert len(dataset.crime_reports) > 300 and len(dataset.cases) > 50 and len(dataset.victims) > 100
    assert len(dataset.aggregates) > 0


# --- bad input: each kind with the message a user sees -------------------------------

def test_missing_file(tmp_path):
    assert problems(tmp_path / "khong_co.csv") == ["khong_co.csv:-:-: file not found"]


def test_unsupported_format(tmp_path):
    path = write(tmp_path, "bao_cao.doc", "x")
    assert problems(path) == ["bao_cao.doc:-:-: cannot read a .doc file; use CSV (UTF-8), Excel (.xlsx) or Parquet"]


def test_csv_not_in_utf8(tmp_path):
    path = write(tmp_path, "cp1258.csv", REPORT_HEADER + "TB1,002,tin báo,14/03/2023\n", encoding="cp1258")
    [message] = problems(path)
    assert message.startswith("cp1258.csv:2:-: the CSV file is not UTF-8")  # the row of the first odd byte
    assert "CSV UTF-8" in message and "Windows-1258" in message


def test_a_utf16_csv_is_told_as_utf16_not_as_windows_1258(tmp_path):
    # Excel's «Unicode Text» and some exports write UTF-16 with a byte-order mark: the message says so (issue #27).
    for encoding in ("utf-16", "utf-16-be"):
        path = tmp_path / f"u16_{encoding}.csv"
        body = REPORT_HEADER + "TB1,002,tin báo,14/03/2023\n"
        path.write_bytes((b"\xfe\xff" if encoding == "utf-16-be" else b"") + body.encode(encoding))
        [message] = problems(path)
        assert message.startswith(f"u16_{encoding}.csv:-:-: the CSV file is UTF-16"), message
        assert "Windows-1258" not in message and "CSV UTF-8" in message


def test_excel_error_cells_and_formulas_without_values_are_located(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tin báo"
    sheet.append(["Mã tin báo", "Đơn vị", "Loại", "Ngày tiếp nhận"])
    sheet.append(["TB1", "002", "tin báo", "#N/A"])
    sheet.append(["TB2", "002", "tin báo", "=DATE(2023,3,14)"])  # openpyxl saves no result for a formula
    path = tmp_path / "loi.xlsx"
    book.save(path)
    assert problems(path) == [
        "loi.xlsx[Tin báo]:2:D: this cell shows the Excel error «#N/A» instead of data; fix the formula or type the value",
        "loi.xlsx[Tin báo]:3:D: this cell has a formula but the file holds no result for it (written by another "
        "program); open it in Excel, save and send again"]


def test_empty_file(tmp_path):
    assert problems(write(tmp_path, "rong.csv", "")) == ["rong.csv:-:-: the file has no data rows"]


def test_damaged_xlsx(tmp_path):
    path = write(tmp_path, "hong.xlsx", "this is not a zip file")
    [message] = problems(path)
    assert message.startswith("hong.xlsx:-:-: the file is damaged or not really .xlsx")


def test_identity_and_phone_numbers_in_cells_are_refused_without_repeating_them(tmp_path):
    # A CCCD typed as the victim's code, a phone number in the notes (a column otherwise ignored),
    # and a phone number written with dots in an unrecognised column of another row.
    path = write(tmp_path, "nn.csv", "Mã nạn nhân,Đơn vị,Giới tính,Nhóm tuổi,Ngày tiếp nhận,Ghi chú\n"
                                     "001203004567,002,nữ,người lớn,14/03/2023,\n"
                                     "NN-002-2,002,nữ,người lớn,14/03/2023,mẹ: 0912 345 678\n"
                                     "NN-002-3,002,nam,trẻ em,15/03/2023,đã hỗ trợ 1.000.000 đồng ngày 15/03/2023\n")
    found = problems(path)
    assert found == [
        "nn.csv:2:Mã nạn nhân: this cell looks like an identity card number (or a phone number that lost its leading 0); "
        "remove personal data from the file (use pseudonymous codes only) and send it again — the file was not taken in",
        "nn.csv:3:Ghi chú: this cell looks like a phone number; remove personal data from the file (use pseudonymous codes "
        "only) and send it again — the file was not taken in"]
    assert not any("001203004567" in f or "345 678" in f for f in found)
    vi = problems(path, lang="vi")
    assert vi[1].startswith("nn.csv:3:Ghi chú: ô này có vẻ chứa số điện thoại; hãy xóa thông tin cá nhân")


@pytest.mark.parametrize("text, kind", [
    ("0912345678", "phone number"), ("+84 912 345 678", "phone number"), ("024 3825 1234", "phone number"),
    ("gọi 0987.654.321", "phone number"), ("001203004567", "identity number"), ("123456789", "identity number"),
    ("100.000.000", None), ("15/09/2024", None), ("2024-01-15", None), ("TB-001-00007", None), ("VA-2024-000123", None),
    ("12345678", None), ("1234567890123", None), ("TB-002-123456", None), ("NN-001203004567", "identity number"),
    # an underscore separates like a dash (found by the hostile-user test): TB_<CCCD>, TB_<phone>
    ("TB_001203004567", "identity number"), ("TB_0912345678", "phone number"), ("VA_2023_000123", None)])
def test_value_shapes_that_mean_personal_data(text, kind):
    from tipmonitor.intake.privacy import classify

    assert classify(text) == kind


def test_personal_data_column_is_refused(tmp_path):
    path = write(tmp_path, "nn.csv", "Mã nạn nhân,Họ và tên,Đơn vị,Giới tính,Nhóm tuổi,Ngày tiếp nhận,Số CCCD\n"
                                     "NN1,Nguyễn Văn A,002,nam,người lớn,01/02/2023,001234567890\n")
    found = problems(path)
    assert "nn.csv:1:Họ và tên: this column looks like personal data (name); delete it from the file" in found[0]
    assert "nn.csv:1:Số CCCD: this column looks like personal data (identity number)" in found[1]
    # The same in Vietnamese, the default language.
    assert "cột này có vẻ chứa thông tin cá nhân (name)" in problems(path, lang="vi")[0]


def test_unknown_and_missing_columns(tmp_path):
    path = write(tmp_path, "x.csv", "report_id,unit,received_date,ngay le\nTB1,002,2023-01-01,x\n")
    found = problems(path)
    assert "x.csv:1:Kind: the required column «Kind» is missing" in found
    assert any(m.startswith("x.csv:1:ngay le: this column is not recognised") for m in found)


def test_required_cell_empty_and_bad_date_and_future_date(tmp_path):
    path = write(tmp_path, "tb.csv", REPORT_HEADER
                 + "TB1,002,report,,,,,\n"
                 + "TB2,002,report,31/02/2023,,,,\n"
                 + "TB3,002,report,05/01/2027,,,,\n")
    found = problems(path)
    assert "tb.csv:2:received_date: this cell is required but empty" in found
    assert any(m.startswith("tb.csv:3:received_date: «31/02/2023» is not a valid date") for m in found)
    assert "tb.csv:4:received_date: the date 05/01/2027 is after today (01/01/2026)" in found


def test_bad_numbers(tmp_path):
    path = write(tmp_path, "va.csv", "case_id,unit,initiated_date,suspects,victims\n"
                                     "VA1,002,2023-01-05,hai,1\nVA2,002,2023-01-05,-2,1\nVA3,002,2023-01-05,1,999999999\n")
    found = problems(path)
    assert "va.csv:2:suspects: «hai» is not a whole number" in found
    assert "va.csv:3:suspects: a count cannot be negative (-2)" in found
    assert "va.csv:4:victims: 999999999 is implausibly large (at most 100,000); check it" in found


def test_value_not_in_the_list(tmp_path):
    path = write(tmp_path, "tb.csv", REPORT_HEADER + "TB1,002,thư nặc danh,2023-01-05,,,,\n")
    [message] = problems(path)
    assert message.startswith("tb.csv:2:kind: «thư nặc danh» is not an allowed value; use one of: denunciation")


def test_unknown_ambiguous_and_not_yet_existing_units(tmp_path):
    path = write(tmp_path, "tb.csv", REPORT_HEADER
                 + "TB1,Quận Không Có,report,2023-01-05,,,,\n"
                 + "TB2,Phường Hoàn Kiếm,report,2023-01-05,,,,\n")
    found = problems(path)
    assert "tb.csv:2:unit: unknown unit «Quận Không Có»; use a unit code or name from the registry (data/reference/units.csv)" in found
    assert "tb.csv:3:unit: unit 00070 did not exist on 05/01/2023 (valid 01/07/2025 – …)" in found


def test_duplicate_ids_within_a_file_and_across_files(tmp_path):
    a = write(tmp_path, "a.csv", REPORT_HEADER + "TB1,002,report,2023-01-05,,,,\nTB1,002,report,2023-01-06,,,,\n")
    assert "a.csv:3:report_id: the id «TB1» repeats row 2" in problems(a)
    b = write(tmp_path, "b.csv", REPORT_HEADER + "TB7,002,report,2023-01-05,,,,\n")
    c = write(tmp_path, "c.csv", REPORT_HEADER + "TB7,006,report,2023-01-09,,,,\n")
    assert problems([b, c]) == ["c.csv:2:report_id: the id «TB7» repeats row 2 (b.csv)"]


def test_stage_dates_out_of_order(tmp_path):
    path = write(tmp_path, "va.csv", "case_id,unit,initiated_date,procuracy_accepted_date,procuracy_decision_date,"
                                     "procuracy_decision,court_accepted_date,court_decision_date,court_outcome\n"
                                     "VA1,002,2023-01-05,2023-03-01,2023-03-20,indicted,2023-03-25,2023-03-10,tried\n")
    assert problems(path) == [
        "va.csv:2:court_decision_date: First-instance trial or court decision date (10/03/2023) is before "
        "Court accepted on (25/03/2023)"]


def test_outcome_without_its_date_and_date_without_outcome(tmp_path):
    path = write(tmp_path, "tb.csv", REPORT_HEADER + "TB1,002,report,2023-01-05,,,initiate,\nTB2,002,report,2023-01-05,,2023-01-09,,\n")
    found = problems(path)
    assert "tb.csv:2:decision_date: «Decision» is given but «Decision date» is empty" in found
    assert "tb.csv:3:decision: «Decision date» is given but the outcome «Decision» is empty" in found
    assert "tb.csv:2:decision_date: có «Kết quả giải quyết» nhưng thiếu «Ngày ra quyết định giải quyết»" in problems(path, lang="vi")


def test_victim_pointing_at_an_unknown_case(tmp_path):
    cases = write(tmp_path, "va.csv", "case_id,unit,initiated_date\nVA1,002,2023-01-05\n")
    victims = write(tmp_path, "nn.csv", "victim_id,case_id,unit,sex,age_group,received_date\n"
                                        "NN1,VA1,002,nữ,trẻ em,2023-01-06\nNN2,VA9,002,nam,adult,2023-01-06\n")
    assert problems([cases, victims]) == ["nn.csv:3:case_id: case id «VA9» is not in the cases table"]


def test_aggregate_count_above_its_whole_and_broken_stock(tmp_path):
    path = write(tmp_path, "th.csv", "unit,period,measure,value\n"
                 "002,2023-Q1,reports.intake,10\n"
                 "002,2023-Q1,reports.intake_classified,12\n"
                 "002,2023-Q1,reports.opening,2\n"
                 "002,2023-Q1,reports.resolved,8\n"
                 "002,2023-Q1,reports.transferred,1\n"
                 "002,2023-Q1,reports.closing,5\n")
    found = problems([path])
    assert "th.csv:3:measure: reports.intake_classified (12) is more than reports.intake (10) for unit 002, period 2023-Q1" in found
    assert ("th.csv:7:measure: opening + intake − resolved − transferred (3) differs from closing (5) "
            "for stage reports, unit 002, period 2023-Q1") in found


def test_bad_period_and_measure_in_aggregates(tmp_path):
    path = write(tmp_path, "th.csv", "unit,period,measure,value\n002,2023-Q5,reports.intake,3\n002,2023-Q1,tin bao moi,3\n")
    found = problems(path)
    # what is wrong with it, not only that it is not valid (session 11)
    assert any(m.startswith("th.csv:2:period: the period cannot be used: period '2023-Q5': there is no quarter 5 (a "
                            "quarter is numbered 1 to 4)") for m in found)
    assert "th.csv:3:measure: «tin bao moi» is not a measure in the catalogue (docs/data-model.md)" in found


def test_records_and_counts_for_the_same_unit_and_period(tmp_path):
    records = write(tmp_path, "tb.csv", REPORT_HEADER + "TB1,002,report,2023-01-05,,,,\n")
    counts = write(tmp_path, "th.csv", "unit,period,measure,value\n002,2023-Q1,reports.intake,1\n")
    assert problems([records, counts]) == [
        "th.csv:2:unit: unit 002 sent both case-level records and aggregate counts for 2023-Q1; keep one"]


def test_every_problem_is_reported_at_once_and_nothing_is_returned(tmp_path):
    path = write(tmp_path, "tb.csv", REPORT_HEADER + "TB1,002,xx,2023-01-05,,,,\nTB2,999,report,bad,,,,\n")
    found = problems(path)
    assert len(found) == 3  # the bad kind, the unknown unit and the bad date, in one pass


def test_a_stage_left_without_being_entered(tmp_path):
    path = write(tmp_path, "va.csv", "case_id,unit,initiated_date,investigation_end_date,investigation_outcome,"
                                     "procuracy_decision_date,procuracy_decision\n"
                                     "VA1,002,2023-01-05,2023-03-01,recommend_prosecution,2023-03-20,indicted\n")
    assert problems(path) == ["va.csv:2:Procuracy accepted on: «Procuracy decision date» is given but «Procuracy accepted on» is empty"]


def test_a_formula_whose_saved_result_is_empty_text_is_not_a_missing_result(tmp_path):
    # Excel saves =IF(...;"";...) as a text result that is empty (t="str", <v></v>); a program that
    # cannot compute formulas saves none (<v/>). Only the second is a problem.
    import re
    import zipfile

    from tipmonitor.intake.reading import _formula_cells

    book = openpyxl.Workbook()
    book.active.append(["a", "b", "c"])
    book.active.append(['=IF(1=1,"","x")', "=1+1", "=2+2"])
    path = tmp_path / "f.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    # openpyxl writes a formula's missing value as <v/> (<v></v> when lxml is installed, as docxtpl needs it).
    xml = re.sub(r'<c r="A2"><f>(.*?)</f>(?:<v ?/>|<v></v>)', r'<c r="A2" t="str"><f>\1</f><v></v>', xml)  # Excel's empty text
    xml = re.sub(r'<c r="C2"><f>(.*?)</f>(?:<v ?/>|<v></v>)', r'<c r="C2"><f>\1</f><v>4</v>', xml)  # a cached number
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert _formula_cells(path.read_bytes()) == {"Sheet": {(2, "B")}}


def test_a_file_named_as_one_table_without_its_header_says_which_columns_it_needs(tmp_path):
    # A CSV given as the crime-reports table whose first rows carry no recognisable header: the problem names
    # the table and its required columns (this path once raised UnboundLocalError: a local variable shadowed
    # the catalogue module).
    path = tmp_path / "tin_bao.csv"
    path.write_text("xin chao,abc\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_file(path, table="crime_reports")
    [problem] = caught.value.problems
    assert problem.key == "no_header"
    message = problem.message("en")
    assert "crime" in message.lower() and "Received on" in message


def test_a_csv_with_a_nul_byte_is_refused_as_damaged(tmp_path):
    # A CSV holding a NUL byte (a binary file renamed .csv): one located problem, in the reader's language.
    path = tmp_path / "hong.csv"
    path.write_bytes(REPORT_HEADER.encode("utf-8") + b"TB1,002,tin b\x00o,14/03/2023\n")
    with pytest.raises(InputError) as caught:
        load_file(path)
    [problem] = caught.value.problems
    assert problem.key == "file_unreadable"
    assert "damaged" in problem.message("en") and "hỏng" in problem.message("vi")
