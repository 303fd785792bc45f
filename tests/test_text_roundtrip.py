"""Text that survives every writer: a unit's texts, with every kind of character, read back equal from each output.

In: a CSV submission (a vertical tab, which no .xlsx can hold) and an .xlsx submission (openpyxl writes it as a
unit's workbook would be). Through the store, out: the period report (HTML), the official report (.docx) and
`export --format csv`; each read back with its own reader and compared with what was sent.
"""

import csv
import re
from html.parser import HTMLParser

import openpyxl
import pytest

from tipmonitor.cli import main

pytestmark = pytest.mark.slow

ESCAPES = 'Sở LĐTB&XH: còn <90% số vụ, >5 vụ; "trích dẫn" và \'nháy đơn\'; 100% &amp; &lt;'
VIETNAMESE = "Tăng cường phối hợp liên ngành ở các phường, xã vùng sâu, vùng xa"
EMOJI = "Truyền thông 📢 tại cơ sở 🏘️, kết quả tốt 👍"
# Sent with a vertical tab (Word's line break pasted into a cell) and a tab: stored with a line feed.
SENT_BREAK, STORED_BREAK = "Khó khăn: thiếu kinh phí\x0bđề nghị bổ sung\tnăm sau", \
    "Khó khăn: thiếu kinh phí\nđề nghị bổ sung\tnăm sau"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def _html_text(path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", "".join(parser.parts))  # the parser has turned entities into characters


def _docx_text(path) -> str:
    import docx

    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    paragraphs += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(paragraphs)


def test_every_character_class_survives_the_store_html_docx_and_csv(tmp_path, capsys):
    store = tmp_path / "s.duckdb"
    sent = tmp_path / "texts_002_2024-Q4.csv"
    with sent.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["unit", "period", "task_group", "section", "text"])
        writer.writerow(["002", "2024-Q4", 1, "results", ESCAPES])
        writer.writerow(["002", "2024-Q4", 2, "difficulties", SENT_BREAK])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["unit", "period", "task_group", "section", "text"])
    sheet.append(["003", "2024-Q4", 3, "results", VIETNAMESE])
    sheet.append(["003", "2024-Q4", 4, "proposals", EMOJI])
    workbook = tmp_path / "texts_003_2024-Q4.xlsx"
    book.save(workbook)
    common = ["--store", str(store), "--today", "2025-01-20", "--period", "2024-Q4"]
    assert main(["ingest", str(sent), *common, "--unit", "002"]) == 0
    assert main(["ingest", str(workbook), *common, "--unit", "003"]) == 0
    stored = [ESCAPES, STORED_BREAK, VIETNAMESE, EMOJI]

    assert main(["export", str(tmp_path / "csv"), "--format", "csv", "--store", str(store)]) == 0
    with (tmp_path / "csv" / "unit_texts.csv").open(encoding="utf-8-sig", newline="") as back:
        assert sorted(r["text"] for r in csv.DictReader(back)) == sorted(stored)

    capsys.readouterr()
    code = main(["run", "2024-Q4", "--data", str(store), "--out", str(tmp_path / "reports"), "--units", "002", "003",
                 "--today", "2025-01-20"])
    assert code == 0, capsys.readouterr().err
    folder = tmp_path / "reports" / "2024-Q4"
    page = _html_text(folder / "period_report.html")
    docx_text = _docx_text(next(folder.glob("*.docx")))
    for text in stored:
        assert re.sub(r"\s+", " ", text) in page  # a page shows line breaks and tabs as spaces (HTML, taskgroups._escape)
        assert text in docx_text, text  # w:br and w:tab read back as \n and \t


def _template(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("{{ first }}")
    document.add_paragraph("{{ second }}")
    path = tmp_path / "t.docx"
    document.save(str(path))
    return path


def test_a_control_character_in_one_text_loses_nothing_of_another_in_the_docx(tmp_path):
    # docxtpl alone (render(autoescape=True)) parses in recover mode: the vertical tab of the second text made it
    # drop the escaped entities of the first ("còn <90%" came out "còn 90%").
    import docx

    from tipmonitor.present.docx_writer import render_docx

    document = render_docx(_template(tmp_path), {"first": ESCAPES, "second": "một\x0bhai\x07ba"})
    document.save(str(tmp_path / "out.docx"))
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "out.docx")).paragraphs]
    assert paragraphs == [ESCAPES, "một\nhai\ufffdba"]  # a bell (refused at intake) shows as U+FFFD, not lost
