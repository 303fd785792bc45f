"""Builds workbooks laid out the way units really send them (issue #14), for the tests.

``district_workbook``: a district police register for 2023-Q2 (window 15/03/2023-14/06/2023):
letterhead, two sheets "Tin báo" and "Vụ án" with merged two-row headers, a column-number
row, a spacer row, a totals row, the signature block ("Nơi nhận:", "Hà Nội, ngày 16 tháng 6
năm 2023", "NGƯỜI LẬP BIỂU", "TRƯỞNG CÔNG AN QUẬN", names), dates as dd/mm/yyyy text with and
without zero padding and as Excel serials, numbers stored as text, a kind without diacritics
and no unit column. ``procuracy_workbook``: the city procuracy's register of cases in another
layout (one table sheet, a notes sheet). ``court_register_workbook`` and ``regional_procuracy_workbook`` (issue #27):
a regional court's and a regional procuracy's own registers after the 1-7-2025 reform, for 2025-Q4 and 2026-Q2,
with two-row headers whose lower titles repeat ("Số", "Ngày" under "Thụ lý" and under the judgment or decision),
section rows "I", "II", the header repeated at a page break, the body's own case numbers, no initiation date,
and one case returned for additional investigation and accepted again. All content is synthetic. Run as a script
to write them into a folder: ``python tests/unit_workbooks.py OUT``.
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


# --- the regional registers (issue #27) ------------------------------------------------------------------------
# Court 01-TANDKV2: (number, accepted, defendants, article, judgment no., decided, outcome, police case id).
# The 2025-Q4 register (window 15/09-14/12/2025) as it stood on 14/12/2025; section I: carried over from the
# previous period, II: accepted in the period.
COURT_2025Q4 = {
    "I. Vụ án kỳ trước chuyển sang": [
        ("09/2025/TLST-HS", "25/08/2025", "2", "Điều 150", "28/2025/HS-ST", "30/09/2025", "Đã xét xử", ""),
    ],
    "II. Vụ án thụ lý mới": [
        ("12/2025/TLST-HS", "22/09/2025", "2", "Điều 150", "35/2025/HS-ST", "28/11/2025", "xét xử", "VA-PC02-101"),
        ("15/2025/TLST-HS", "30/10/2025", "1", "Điều 151", "", "20/11/2025", "Trả hồ sơ ĐTBS", "VA-PC02-102"),
        ("18/2025/TLST-HS", _serial(date(2025, 11, 10)), "3", "Đ.150", "", "", "", "VA-PC02-099"),
        ("20/2025/TLST-HS", "1/12/2025", "1", "Điều 150", "41/2025/HS-ST", "12/12/2025", "Đã xét xử", ""),
    ],
}
# The 2026-Q2 register (window 15/03-14/06/2026): 18/2025 tried in Q1 (20/01/2026, after 2025-Q4's end), and
# 15/2025 accepted again (25/03/2026) after the additional investigation, under the same number.
COURT_2026Q2 = {
    "I. Vụ án kỳ trước chuyển sang": [
        ("18/2025/TLST-HS", "10/11/2025", "3", "Điều 150", "03/2026/HS-ST", "20/01/2026", "Đã xét xử", "VA-PC02-099"),
        ("03/2026/TLST-HS", "20/02/2026", "2", "Điều 150", "", "", "", ""),
    ],
    "II. Vụ án thụ lý mới": [
        ("15/2025/TLST-HS", "25/03/2026", "1", "Điều 151", "12/2026/HS-ST", "28/05/2026", "Đã xét xử", "VA-PC02-102"),
        ("07/2026/TLST-HS", "05/04/2026", "2", "Điều 150", "", "30/05/2026", "Tạm đình chỉ", ""),
        ("09/2026/TLST-HS", "02/06/2026", "1", "Điều 150", "", "", "", ""),
    ],
}
# Procuracy 01-VKSKV2: (number, accepted, suspects, article, decision no., decided, outcome, police case id).
PROCURACY_2025Q4 = {
    "I. Kỳ trước chuyển sang": [
        ("45/TL-VKS", "05/09/2025", "2", "Điều 150", "30/CT-VKS", "18/09/2025", "Truy tố", "VA-PC02-101"),
    ],
    "II. Thụ lý mới": [
        ("52/TL-VKS", "01/10/2025", "1", "Điều 151", "35/CT-VKS", "25/10/2025", "Cáo trạng", "VA-PC02-102"),
        ("58/TL-VKS", "20/11/2025", "2", "Điều 150", "12/QĐ-VKS", "05/12/2025", "Trả hồ sơ điều tra bổ sung", "VA-PC02-103"),
        ("61/TL-VKS", "08/12/2025", "1", "Điều 150", "", "", "", ""),
    ],
}
PROCURACY_2026Q2 = {
    "I. Kỳ trước chuyển sang": [
        ("61/TL-VKS", "08/12/2025", "1", "Điều 150", "02/CT-VKS", "10/01/2026", "Truy tố", ""),
        ("08/TL-VKS", "20/02/2026", "1", "Điều 151", "09/CT-VKS", "16/03/2026", "Truy tố", "VA-PC02-102"),
    ],
    "II. Thụ lý mới": [
        ("12/TL-VKS", "01/04/2026", "3", "Điều 150", "", "", "", ""),
        ("15/TL-VKS", "10/05/2026", "1", "Điều 150", "20/QĐ-VKS", "01/06/2026", "Tạm đình chỉ", ""),
    ],
}


def _register_sheet(ws, office: str, title: str, upper: list, lower: list, groups: list[tuple[int, int]],
                    sections: dict[str, list], row_of) -> None:
    """A register: letterhead, title, a two-row header (``groups``: the upper cells merged across columns; the
    other titles merged down), a column-number row, section rows, the header again at a page break after the
    first section's rows, a signature block."""
    ws.append([office, None, None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    ws.append([None, None, None, None, None, None, "Độc lập - Tự do - Hạnh phúc"])
    ws.append([title])
    ws.append([])

    def header() -> None:
        ws.append(upper)
        ws.append(lower)
        top = ws.max_row - 1
        for first, last in groups:
            if last > first:
                ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=last)
        grouped = {c for first, last in groups for c in range(first, last + 1)}
        for column in range(1, len(upper) + 1):
            if column not in grouped:
                ws.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)

    header()
    ws.append([f"({i})" for i in range(1, len(upper) + 1)])
    number = 0
    for k, (section, rows) in enumerate(sections.items()):
        ws.append([section.split(".")[0], section.split(". ", 1)[1]])
        for values in rows:
            number += 1
            ws.append(row_of(number, values))
        if k == 0:
            header()  # the header printed again at the top of the next page
    ws.append([])
    ws.append(["Nơi nhận:", None, None, None, None, None, "Hà Nội, ngày 15 tháng 12 năm 2025"])
    ws.append(["- BCĐ 799 TP;", None, None, None, None, None, "CHÁNH ÁN" if "TÒA" in office else "VIỆN TRƯỞNG"])
    ws.append([])
    ws.append([None, None, None, None, None, None, "Nguyễn Văn An"])


COURT_UPPER = ["STT", "Thụ lý", None, "Số bị cáo", "Tội danh", "Bản án, quyết định", None, "Hình thức giải quyết",
               "Phiên tòa", "Mã vụ án CQĐT", "Ghi chú"]
COURT_LOWER = [None, "Số", "Ngày", None, None, "Số", "Ngày", None, "Ngày", None, None]


def court_register_workbook(path: Path, period: str = "2025-Q4", summary: bool = True) -> Path:
    """01-TANDKV2's register of first-instance trafficking cases for 2025-Q4 or 2026-Q2, with a summary sheet."""
    sections = COURT_2025Q4 if period == "2025-Q4" else COURT_2026Q2
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Sổ thụ lý"

    def row_of(number: int, values: tuple) -> list:
        case, accepted, defendants, article, judgment, decided, outcome, police = values
        return [number, case, accepted, defendants, article, judgment or None, decided or None, outcome or None,
                None, police or None, None]

    _register_sheet(ws, "TÒA ÁN NHÂN DÂN KHU VỰC 2 - HÀ NỘI",
                    f"SỔ THỤ LÝ VÀ GIẢI QUYẾT VỤ ÁN HÌNH SỰ SƠ THẨM (MUA BÁN NGƯỜI) - {period}",
                    COURT_UPPER, COURT_LOWER, [(2, 3), (6, 7), (9, 9)], sections, row_of)
    if summary:
        totals = book.create_sheet("Tổng hợp")
        totals.append(["TỔNG HỢP SỐ LIỆU"])
        totals.append(["Chỉ tiêu", "Số vụ"])
        rows = [r for part in sections.values() for r in part]
        totals.append(["Thụ lý", str(len(rows))])
        totals.append(["Đã giải quyết", str(sum(1 for r in rows if r[6]))])
    book.save(path)
    return path


PROCURACY_UPPER = ["TT", "Thụ lý", None, "Bị can", "Điều luật", "Kết quả giải quyết", None, None, "Mã vụ án CQĐT",
                   "Ghi chú"]
PROCURACY_LOWER = [None, "Số", "Ngày", None, None, "Số", "Ngày", "Hình thức", None, None]


def regional_procuracy_workbook(path: Path, period: str = "2025-Q4") -> Path:
    """01-VKSKV2's register of trafficking cases accepted and decided, for 2025-Q4 or 2026-Q2."""
    sections = PROCURACY_2025Q4 if period == "2025-Q4" else PROCURACY_2026Q2
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Thụ lý"

    def row_of(number: int, values: tuple) -> list:
        case, accepted, suspects, article, decision, decided, outcome, police = values
        return [number, case, accepted, suspects, article, decision or None, decided or None, outcome or None,
                police or None, None]

    _register_sheet(ws, "VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC 2 - HÀ NỘI",
                    f"SỔ THỤ LÝ, GIẢI QUYẾT VỤ ÁN MUA BÁN NGƯỜI - {period}",
                    PROCURACY_UPPER, PROCURACY_LOWER, [(2, 3), (6, 8)], sections, row_of)
    book.save(path)
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    print(district_workbook(out / "002_2023-Q2_congan.xlsx"))
    print(procuracy_workbook(out / "VKS_2023-Q2.xlsx"))
    for quarter in ("2025-Q4", "2026-Q2"):
        print(court_register_workbook(out / f"TANDKV2_{quarter}.xlsx", quarter))
        print(regional_procuracy_workbook(out / f"VKSKV2_{quarter}.xlsx", quarter))
