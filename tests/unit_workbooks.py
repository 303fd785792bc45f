"""Builds workbooks laid out the way units really send them (issue #14), for the tests.

``district_workbook``: a district police register for 2023-Q2 (window 15/03/2023-14/06/2023):
letterhead, two sheets "Tin báo" and "Vụ án" with merged two-row headers, a column-number
row, a spacer row, a totals row, the signature block ("Nơi nhận:", "Hà Nội, ngày 16 tháng 6
năm 2023", "NGƯỜI LẬP BIỂU", "TRƯỞNG CÔNG AN QUẬN", names), dates as dd/mm/yyyy text with and
without zero padding and as Excel serials, numbers stored as text, a kind without diacritics
and no unit column. ``procuracy_workbook``: the city procuracy's register of cases in another
layout (one table sheet, a notes sheet). All content is synthetic. Run as a script to write
both into a folder: ``python tests/unit_workbooks.py OUT``.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import openpyxl


def _serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


# Tin báo: id, kind, received, classified, decided, decision, case   (5 reports)
REPORTS = [
    ("TB-01", "TB", "05/04/2023", "06/04/2023", "20/04/2023", "KT", "VA-01"),
    ("TB-02", "tin bao", "7/4/2023", "7/4/2023", "", "", ""),
    ("TB-03", "Tố giác", _serial(date(2023, 5, 2)), _serial(date(2023, 5, 3)), "15/5/2023", "Khởi tố", "VA-02"),
    ("TB-04", "KN", "10/05/2023", "", "", "", ""),
    ("TB-05", "to giac", "2/6/2023", "02/06/2023", "09/06/2023", "KKT", ""),
]
# Vụ án: id, initiated, solved, suspects (text), victims (text), exploitation   (3 cases)
CASES = [
    ("VA-01", "20/04/2023", "28/04/2023", "2", "3", "Lao động cưỡng bức"),
    ("VA-02", _serial(date(2023, 5, 15)), "", "1", "1", "lao dong cuong buc"),
    ("VA-03", "1/6/2023", "05/06/2023", "3", "2", "Bóc lột tình dục"),
]


def _letterhead(ws, title: str, office: str) -> None:
    ws.append([office, None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    ws.append(["ĐỘI CẢNH SÁT HÌNH SỰ", None, None, None, None, "Độc lập - Tự do - Hạnh phúc"])
    ws.append([])
    ws.append([title])
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=8)
    ws.append([])


def _signature(ws, chief: str) -> None:
    ws.append([])
    ws.append(["Nơi nhận:", None, None, None, None, "Hà Nội, ngày 16 tháng 6 năm 2023"])
    ws.append(["- BCĐ 799 TP (để b/c);", None, "NGƯỜI LẬP BIỂU", None, None, chief])
    ws.append(["- Lưu: HS."])
    ws.append([])
    ws.append([None, None, "Lê Văn Bình", None, None, "Trần Minh Quang"])


def district_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Tin báo"
    _letterhead(ws, "SỔ THEO DÕI TIN BÁO VỀ TỘI PHẠM MUA BÁN NGƯỜI QUÝ II NĂM 2023", "CÔNG AN QUẬN HOÀN KIẾM")
    # rows 6-7: a two-row header; "Kết quả giải quyết" is merged over three columns
    ws.append(["STT", "Số hiệu", "Nguồn tin", "Ngày nhận", "Kết quả giải quyết", None, None, "Số vụ án", "Ghi chú"])
    ws.append([None, None, None, None, "Ngày phân loại", "Ngày QĐ", "Kết quả", None, None])
    for column in (1, 2, 3, 4, 8, 9):
        ws.merge_cells(start_row=6, start_column=column, end_row=7, end_column=column)
    ws.merge_cells(start_row=6, start_column=5, end_row=6, end_column=7)
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"])
    for i, (rid, kind, received, classified, decided, decision, case) in enumerate(REPORTS, start=1):
        ws.append([str(i), rid, kind, received, classified, decided, decision, case, None])
        if i == 2:
            ws.append([])  # a spacer row
    ws.append(["Tổng cộng", "5", None, None, None, None, None, None, None])
    _signature(ws, "TRƯỞNG CÔNG AN QUẬN")

    ws = book.create_sheet("Vụ án")
    _letterhead(ws, "DANH SÁCH VỤ ÁN MUA BÁN NGƯỜI ĐÃ KHỞI TỐ QUÝ II NĂM 2023", "CÔNG AN QUẬN HOÀN KIẾM")
    ws.append(["TT", "Số vụ án", "Ngày", None, "Số bị can", "Số nạn nhân", "Hình thức bóc lột", "Ghi chú"])
    ws.append([None, None, "Khởi tố", "Khám phá", None, None, None, None])
    for column in (1, 2, 5, 6, 7, 8):
        ws.merge_cells(start_row=6, start_column=column, end_row=7, end_column=column)
    ws.merge_cells(start_row=6, start_column=3, end_row=6, end_column=4)
    for i, (cid, initiated, solved, suspects, victims, kind) in enumerate(CASES, start=1):
        ws.append([str(i), cid, initiated, solved, suspects, victims, kind, None])
    ws.append(["Tổng", None, None, None, "6", "6", None, None])
    _signature(ws, "TRƯỞNG CÔNG AN QUẬN")
    book.save(path)
    return path


# The procuracy's cases: id, initiated, accepted, decided, decision   (4 cases)
PROCURACY = [
    ("VKS-23-01", "02/01/2023", "20/03/2023", "10/04/2023", "Truy tố"),
    ("VKS-23-02", "15/02/2023", "1/4/2023", "25/05/2023", "trả HS"),
    ("VKS-23-03", _serial(date(2023, 3, 1)), _serial(date(2023, 4, 20)), "", ""),
    ("VKS-23-04", "10/03/2023", "5/5/2023", "02/06/2023", "truy to"),
]


def procuracy_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "DS thụ lý"
    ws.append(["VIỆN KIỂM SÁT NHÂN DÂN THÀNH PHỐ HÀ NỘI"])
    ws.append(["PHÒNG 1"])
    ws.append(["THỐNG KÊ THỤ LÝ, GIẢI QUYẾT VỤ ÁN MUA BÁN NGƯỜI 6 THÁNG ĐẦU NĂM 2023"])
    ws.append([])
    ws.append(["TT", "Số thụ lý", "Ngày khởi tố VA", "Ngày thụ lý", "Ngày giải quyết", "Kết quả giải quyết", "Tội danh"])
    for i, (cid, initiated, accepted, decided, decision) in enumerate(PROCURACY, start=1):
        ws.append([i, cid, initiated, accepted, decided, decision, "Điều 150 BLHS"])
    ws.append([])
    ws.append(["Ghi chú: số liệu tính đến ngày 14/6/2023"])
    ws.append([None, None, None, None, "Hà Nội, ngày 15 tháng 6 năm 2023"])
    ws.append([None, None, None, None, "KT. VIỆN TRƯỞNG"])
    ws.append([None, None, None, None, "PHÓ VIỆN TRƯỞNG"])
    ws.append([])
    ws.append([None, None, None, None, "Phạm Thị Hoa"])
    notes = book.create_sheet("Hướng dẫn")
    notes.append(["Sổ thống kê theo Quyết định 374/QĐ-VKSTC"])
    notes.append(["Cập nhật hằng tháng"])
    book.save(path)
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    print(district_workbook(out / "002_2023-Q2_congan.xlsx"))
    print(procuracy_workbook(out / "VKS_2023-Q2.xlsx"))
