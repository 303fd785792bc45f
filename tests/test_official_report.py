"""The official report (.docx): the state's format, the same figures as the HTML page, nothing private in a public
edition, and the document as a reader sees it (rendered to PDF by LibreOffice)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from conftest import TODAY, frame
from fixtures import CASES, REPORTS, VICTIMS
from tipmonitor.core import paths
from tipmonitor.intake.loading import load_tables_from_text
from tipmonitor.present.official import TEMPLATE, context, write_official_report
from tipmonitor.present.report import PeriodReport

OUTPUT = paths.project_root() / "test-output"
ACTIVITIES = [
    {"unit": "002", "period": "2023-Q2", "activity": "communication.sessions", "value": 6},
    {"unit": "006", "period": "2023-Q2", "activity": "communication.sessions", "value": 5},
    {"unit": "002", "period": "2023-Q1", "activity": "communication.sessions", "value": 4},
    {"unit": "006", "period": "2023-Q2", "activity": "international.victims_returned", "value": 3},
]
PRIVATE = "Phối hợp tuyên truyền tại chợ đầu mối."
TEXTS = [{"unit": "002", "period": "2023-Q2", "task_group": "2", "section": "kết quả", "text": PRIVATE},
         {"unit": "006", "period": "2023-Q2", "task_group": "", "section": "khó khăn", "text": "Thiếu người làm công tác này."}]


@pytest.fixture(scope="module")
def data():
    tables = {"crime_reports": REPORTS, "cases": CASES, "victims": VICTIMS, "activities": ACTIVITIES, "unit_texts": TEXTS}
    return load_tables_from_text({name: frame(name, rows) for name, rows in tables.items()}, today=TODAY)


def report(data, audience="internal"):
    return PeriodReport(data, "2023-Q2", audience=audience)


@pytest.fixture(scope="module")
def written(data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("docx")
    internal = write_official_report(report(data), folder / "bao-cao-2023-Q2.docx", today=date(2023, 6, 20))
    public = write_official_report(report(data, "public"), folder / "public" / "bao-cao-2023-Q2.docx", today=date(2023, 6, 20))
    return docx.Document(str(internal)), docx.Document(str(public)), internal


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def table_rows(document, first_header: str) -> list[list[str]]:
    """The rows of the last table whose first header cell is ``first_header`` (the appendix's copy)."""
    found = [t for t in document.tables if t.rows[0].cells[0].text == first_header]
    return [[c.text for c in row.cells] for row in found[-1].rows]


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, text):
        if self._cell is not None:
            self._cell.append(text)


def html_rows(html: str) -> list[list[str]]:
    parser = _Tables()
    parser.feed(html)
    return parser.rows


def test_the_document_has_the_state_formats_header_fonts_and_margins(written):
    internal, _, _ = written
    section = internal.sections[0]
    mm = lambda length: round(length.mm)  # noqa: E731  (Word stores twips: 210 mm is 210.01)
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)  # A4
    assert [mm(m) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)] == \
        [20, 20, 30, 15]
    normal = internal.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(14))
    sizes = {run.font.size for p in internal.paragraphs for run in p.runs if run.text.strip() and run.font.size}
    assert sizes <= {Pt(13), Pt(14)}  # body text 13-14 pt (Decree 30/2020/NĐ-CP)
    header = [c.text for c in internal.tables[0].rows[0].cells]
    assert header[0].splitlines() == ["UBND THÀNH PHỐ HÀ NỘI", "BAN CHỈ ĐẠO 799 THÀNH PHỐ", "Số:        /BC-BCĐ"]
    assert header[1].splitlines() == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                      "Hà Nội, ngày     tháng     năm 2023"]
    titles = [p.text for p in internal.paragraphs[:4]]
    assert "BÁO CÁO" in titles and any(t.startswith("Kết quả thực hiện") and t.endswith("Quý II/2023") for t in titles)


def test_the_kpi_figures_are_those_of_the_html_scorecard_worked_by_hand(data, written):
    internal, _, _ = written
    rows = table_rows(internal, "Chỉ tiêu")
    by_name = {r[0]: r for r in rows[1:]}
    # By hand from tests/fixtures.py (2023-Q2, 15/03-14/06/2023): reports 3 carried over + 7 new - 1 transferred,
    # 7 resolved -> 7/9 = 77,78%; cases VA1 and VA2 initiated, VA1 solved -> 1/2 = 50,00%.
    resolution = next(r for name, r in by_name.items() if name.startswith("Tỷ lệ giải quyết tố giác"))
    discovery = next(r for name, r in by_name.items() if name.startswith("Tỷ lệ điều tra, khám phá"))
    assert resolution[1:3] == ["7/9", "77,78%"] and discovery[1:3] == ["1/2", "50,00%"]
    # Every row equals the HTML page's scorecard (the columns the page has that fit the document).
    html = html_rows(report(data).scorecard().html)
    head = html[0]
    wanted = [head.index(h) for h in rows[0]]
    html_by_name = {r[0]: [r[i] for i in wanted] for r in html[1:]}
    for row in rows[1:]:
        assert html_by_name[row[0]] == row


def test_activities_and_units_texts_are_compiled_by_task_group(written):
    internal, _, _ = written
    text = all_text(internal)
    # 2023-Q2: 002 held 6 sessions, 006 held 5 -> 11; 2023-Q1: 002's 4; nobody reported 2022-Q2 -> "–".
    assert "Buổi tuyên truyền trực tiếp: 11 buổi (kỳ trước: 4; cùng kỳ 2022: –)." in text
    assert "Nạn nhân được tiếp nhận từ nước ngoài trở về: 3 người" in text
    assert f"Hoàn Kiếm: {PRIVATE}" in text  # under group 2's results
    assert "Đống Đa: Thiếu người làm công tác này." in text  # under shortcomings
    # The units expected to report communication that did not (all but Hoàn Kiếm and Đống Đa) are named.
    assert "Đơn vị chưa báo cáo hoạt động của nhóm: Ba Đình" in text


def test_the_public_edition_carries_no_free_text_and_withholds_as_its_pages_do(data, written):
    _, public, _ = written
    text = all_text(public)
    for row in TEXTS:
        assert row["text"] not in text
    # The city's 3 victims received back from abroad are under the threshold (10): withheld, as the page withholds it.
    assert "Nạn nhân được tiếp nhận từ nước ngoài trở về: * người" in text
    assert "Buổi tuyên truyền trực tiếp: 11 buổi" in text  # the city's 11 sessions: not under 10, so shown
    rows = table_rows(public, "Chỉ tiêu")
    html = html_rows(report(data, "public").scorecard().html)
    wanted = [html[0].index(h) for h in rows[0]]
    html_by_name = {r[0]: [r[i] for i in wanted] for r in html[1:]}
    assert len(rows) > 5 and all(html_by_name[r[0]] == r for r in rows[1:])
    # The city's rates are published with their counts, small or not (issue #26: the city's totals are what
    # the authorities print; 7/9 was withheld before); the units' are the ones withheld.
    assert not any("*" in cell for r in rows[1:] for cell in r[1:3])
    # With every unit's status withheld, no unit is named as missing, and the document does not say "none".
    assert "Không có trong các số được công bố" in text


def test_every_field_the_template_uses_is_filled(data):
    from docxtpl import DocxTemplate

    fields = DocxTemplate(str(TEMPLATE)).get_undeclared_template_variables()
    assert fields and fields <= set(context(report(data)))


def test_the_document_names_the_plan_of_its_year_and_says_where_the_targets_come_from(data):
    # 2023: the plan of params/city.yaml, its targets file cited. 2026: no figures of its own
    # (params/targets/2026.yaml: assumed_from 2025): the document says the 2025 targets stand in.
    situation_2023 = " ".join(context(report(data))["situation"])
    assert "17/KH-BCĐ799" in context(report(data))["title"] and "Chỉ tiêu theo" in situation_2023
    later = context(PeriodReport(data, "2026-Q1"))
    assert "tạm dùng chỉ tiêu năm 2025" in " ".join(later["situation"])


def test_the_shipped_template_is_the_one_the_tool_builds(tmp_path):
    from tipmonitor.tools.docx_template import build

    def texts(path):
        document = docx.Document(str(path))
        return [p.text for p in document.paragraphs], [[c.text for r in t.rows for c in r.cells] for t in document.tables]

    assert texts(build(tmp_path / "built.docx")) == texts(TEMPLATE)


# --- as a reader sees it -----------------------------------------------------------------------

def _png(path: Path, pixels) -> None:
    """An RGB array as a PNG file (the standard library's zlib; no imaging library needed)."""
    height, width, _ = pixels.shape
    raw = b"".join(b"\x00" + pixels[y].tobytes() for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


@pytest.mark.slow
def test_rendered_by_libreoffice_the_pages_carry_embedded_fonts_and_vietnamese_text(written, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (Debian libreoffice-writer-nogui) is not installed: `make libreoffice` as root installs it")
    import pypdf
    import pypdfium2

    _, _, path = written
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "bao-cao-2023-Q2.pdf"
    reader = pypdf.PdfReader(str(pdf))
    assert 2 <= len(reader.pages) <= 20  # the body and the appendix, which starts on a page of its own
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            fonts[str(font["/BaseFont"])] = bool(descriptor and {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor))
    assert fonts and all(fonts.values()), fonts  # every font embedded: the PDF reads the same on any machine
    # Times New Roman, or where it is not installed its metric-compatible twin (same line breaks, same page count).
    assert any("TimesNewRoman" in name or "LiberationSerif" in name for name in fonts), fonts
    first = reader.pages[0].extract_text()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and "Độc lập - Tự do - Hạnh phúc" in first
    assert "Buổi tuyên truyền trực tiếp: 11 buổi" in " ".join(p.extract_text() for p in reader.pages).replace("\n", " ")
    OUTPUT.mkdir(exist_ok=True)
    page = pypdfium2.PdfDocument(str(pdf))[0].render(scale=1.5, rev_byteorder=True).to_numpy()[:, :, :3].copy()
    _png(OUTPUT / "official-report-page-1.png", page)
    assert (OUTPUT / "official-report-page-1.png").stat().st_size > 10_000


def test_the_public_edition_marks_a_withheld_count_and_a_count_nobody_reported_apart(data, written):
    # Communication sessions: Q2 6 + 5 = 11 (shown); Q1 only 002's 4, under 10: withheld, "*"; 2022-Q2
    # nobody reported: "–". Victims returned: Q2 006's 3: "*"; nobody in Q1 or in 2022: "–".
    _, public, _ = written
    text = all_text(public)
    assert "Buổi tuyên truyền trực tiếp: 11 buổi (kỳ trước: *; cùng kỳ 2022: –)." in text
    assert "Nạn nhân được tiếp nhận từ nước ngoài trở về: * người (kỳ trước: –; cùng kỳ 2022: –)." in text
    # An activity nobody reported has no line of its own (the silent units are named instead), and in the
    # appendix its counts read "–", not the withheld mark.
    assert "Văn bản chỉ đạo, hướng dẫn ban hành:" not in text
    rows = {r[1]: r[3:] for r in table_rows(public, "Nhóm nhiệm vụ")}
    assert rows["Văn bản chỉ đạo, hướng dẫn ban hành"] == ["–", "–", "–"]
    assert rows["Buổi tuyên truyền trực tiếp"] == ["11", "*", "–"]
    # The legend says which mark is which, in each language.
    # (issue #26: "*" says why it is withheld, "–" that there is no figure, either way)
    assert "Ký hiệu: «*» không công bố để bảo vệ nạn nhân; «–» không có số liệu (không đơn vị nào báo cáo, hoặc mẫu số bằng 0)." in text
    english = context(PeriodReport(data, "2023-Q2", lang="en", audience="public"))
    assert "Marks: «*» withheld to protect persons; «–» no figure (no unit reported, or the denominator is 0)." in str(english["public_note"])
