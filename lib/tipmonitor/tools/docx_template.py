"""Builds the official report's Word template, present/templates/bao-cao.docx (run it again after changing this file).

The template is the layout users may edit in Word: fonts, margins, headings' look, the
order of the parts, fixed wording. The code only fills its fields (docxtpl, a Jinja
dialect inside the document: ``{{ title }}``; a paragraph holding only ``{%p for ... %}``
repeats what lies between it and ``{%p endfor %}``; ``{%tr ... %}`` does the same for
table rows). The fields are listed in docs/official-report.md. Format of Decree
30/2020/NĐ-CP: A4, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman
14 pt (13 pt in tables and the header block); the issuing body and the national motto
side by side at the top, the number and symbol left to fill, place and date; the
recipients and the signature block side by side at the end.

    python -m tipmonitor.tools.docx_template
"""

from __future__ import annotations

from pathlib import Path

from tipmonitor.core import paths

TEMPLATE = Path(__file__).resolve().parents[1] / "present" / "templates" / "bao-cao.docx"
FONT = "Times New Roman"
# (name, number of columns) of the tables the report fills: KPIs, units missing targets, activities.
TABLES = {"kpis": 7, "missing": 7, "activities": 6}


def _font(run_or_style, size: float | None = None, bold: bool | None = None, italic: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = FONT
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic


def _paragraph(container, text: str, size: float = 14, bold: bool = False, italic: bool = False, align: str = "justify",
               indent: bool = False, after: float = 6):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    paragraph = container.add_paragraph()
    paragraph.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                           "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    _font(paragraph.add_run(text), size, bold, italic)
    return paragraph


def _no_borders(table) -> None:
    from docx.oxml.ns import qn

    borders = table._tbl.tblPr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"}))
    table._tbl.tblPr.append(borders)


def _widths(table, *widths) -> None:
    """Fixed column widths (Word and LibreOffice read them from the grid and from every cell)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _cell_text(cell, text: str, size: float = 13, bold: bool = False, italic: bool = False, align: str = "center",
               first: bool = True):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    _font(paragraph.add_run(text), size, bold, italic)
    return paragraph


def _data_table(document, name: str, columns: int) -> None:
    """A bordered table: a header row of ``name.head`` and one row per item of ``name.rows``."""
    from docx.shared import Mm

    table = document.add_table(rows=4, cols=columns)
    table.style = "Table Grid"
    _widths(table, Mm(40), *[Mm(125 / (columns - 1))] * (columns - 1))  # the first column names the row
    for i in range(columns):
        _cell_text(table.rows[0].cells[i], "{{ %s.head[%d] }}" % (name, i), bold=True)
        _cell_text(table.rows[2].cells[i], "{{ r[%d] }}" % i, align="left" if i == 0 else "center")
    _cell_text(table.rows[1].cells[0], "{%%tr for r in %s.rows %%}" % name)
    _cell_text(table.rows[3].cells[0], "{%tr endfor %}")


def _lines(document, name: str, indent: bool = True) -> None:
    """A paragraph per item of the list ``name``."""
    _paragraph(document, "{%%p for line in %s %%}" % name)
    _paragraph(document, "{{ line }}", indent=indent)
    _paragraph(document, "{%p endfor %}")


def build(path: Path = TEMPLATE) -> Path:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    _font(normal, 14)
    normal.paragraph_format.space_after = Pt(6)

    header = document.add_table(rows=1, cols=2)
    _no_borders(header)
    _widths(header, Mm(62), Mm(103))
    left, right = header.rows[0].cells
    _cell_text(left, "{{ parent_body }}")
    _cell_text(left, "{{ issuing_body }}", bold=True, first=False)
    _cell_text(left, "{{ number }}", first=False)
    _cell_text(right, "{{ motto_country }}", size=13, bold=True)
    _cell_text(right, "{{ motto }}", size=14, bold=True, first=False)
    _cell_text(right, "{{ place_date }}", size=14, italic=True, first=False)

    _paragraph(document, "", after=0)
    _paragraph(document, "{{ kind }}", bold=True, align="center", after=0)
    _paragraph(document, "{{ title }}", bold=True, align="center")
    _paragraph(document, "{{ draft_note }}", size=13, italic=True, align="center")
    _paragraph(document, "{%p if public_note %}")
    _paragraph(document, "{{ public_note }}", size=13, italic=True, align="center")
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "{{ intro }}", indent=True)

    _paragraph(document, "{{ h.situation }}", bold=True)
    _lines(document, "situation")

    _paragraph(document, "{{ h.results }}", bold=True)
    _paragraph(document, "{%p for g in groups %}")
    _paragraph(document, "{{ g.heading }}", bold=True, indent=True)
    _lines(document, "g.lines")
    _paragraph(document, "{%p if g.kpis %}")
    _paragraph(document, "{{ kpi_caption }}", indent=True)
    _data_table(document, "kpis", TABLES["kpis"])
    _paragraph(document, "{%p endif %}")
    _lines(document, "g.texts")
    _paragraph(document, "{%p endfor %}")

    _paragraph(document, "{{ h.missing }}", bold=True)
    _lines(document, "missing_lines")
    _paragraph(document, "{{ h.shortcomings }}", bold=True)
    _lines(document, "shortcomings")
    _paragraph(document, "{{ h.directions }}", bold=True)
    _lines(document, "directions")

    closing = document.add_table(rows=1, cols=2)
    _no_borders(closing)
    _widths(closing, Mm(80), Mm(85))
    left, right = closing.rows[0].cells
    _cell_text(left, "{{ recipients }}", size=12, bold=True, italic=True, align="left")
    _cell_text(left, "{{ recipients_list }}", size=11, align="left", first=False)
    _cell_text(right, "{{ signer }}", size=14, bold=True)

    document.add_page_break()
    _paragraph(document, "{{ h.appendix }}", bold=True, align="center")
    _paragraph(document, "{{ h.appendix_kpis }}", bold=True)
    _data_table(document, "kpis", TABLES["kpis"])
    _paragraph(document, "{{ h.appendix_activities }}", bold=True)
    _data_table(document, "activities", TABLES["activities"])
    _paragraph(document, "{{ h.appendix_missing }}", bold=True)
    _data_table(document, "missing", TABLES["missing"])

    properties = document.core_properties
    properties.author, properties.title, properties.comments = "tipmonitor", "", ""
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


if __name__ == "__main__":
    print(build().relative_to(paths.project_root()))
