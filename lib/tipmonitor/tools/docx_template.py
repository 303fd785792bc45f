"""Builds the official report's Word template, present/templates/bao-cao.docx (run it again after changing this file).

The template is the layout users may edit in Word: fonts, margins, headings' look, the
order of the parts, fixed wording. The code only fills its fields (docxtpl, a Jinja
dialect inside the document: ``{{ title }}``; a paragraph holding only ``{%p for ... %}``
repeats what lies between it and ``{%p endfor %}``; ``{%tr ... %}`` does the same for
table rows). The fields are listed in docs/official-report.md. Format of Decree
30/2020/NĐ-CP: A4, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman
14 pt (13 pt in tables and the header block); the issuing body and the national motto
side by side at the top, the number and symbol left to fill, place and date; the
recipients and the signature block side by side at the end; a short rule under the issuing
body and under the motto; page numbers centred at the top from page 2; the signature block
"TM. BAN CHỈ ĐẠO", the title, space to sign and the name line; each appendix headed "Phụ lục …"
with the report it goes with ("Kèm theo Báo cáo số … ngày …").

    python -m tipmonitor.tools.docx_template
"""

from __future__ import annotations

from pathlib import Path

from tipmonitor.core import paths

TEMPLATE = Path(__file__).resolve().parents[1] / "present" / "templates" / "bao-cao.docx"
FONT = "Times New Roman"
# (name, column widths in mm) of the tables the report fills: KPIs, activities, units that reported no
# activity of a task group, units missing targets. Each adds up to the 165 mm between the margins.
TABLES = {"kpis": (41, 22, 22, 18, 24, 16, 22), "activities": (34, 52, 19, 20, 20, 20),
          "silent": (25, 35, 15, 90), "missing": (22, 30, 35, 25, 18, 20, 15)}
# The columns of each table whose cells are left-aligned (names, lists); the others are centred.
LEFT = {"kpis": {0}, "activities": {0, 1}, "silent": {0, 1, 3}, "missing": {0, 1, 2}}
# Where the header block's two columns split (mm): the issuing body's name fits its column on one line.
HEADER = (72, 93)
SIGNATURE_SPACE = 4  # empty lines left to sign in


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


def _data_table(document, name: str, widths: tuple[int, ...]) -> None:
    """A bordered table: a header row of ``name.head`` (repeated on every page) and one row per item of ``name.rows``."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    columns = len(widths)
    table = document.add_table(rows=4, cols=columns)
    table.style = "Table Grid"
    _widths(table, *[Mm(w) for w in widths])
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    row_properties.append(row_properties.makeelement(qn("w:tblHeader"), {}))
    for i in range(columns):
        _cell_text(table.rows[0].cells[i], "{{ %s.head[%d] }}" % (name, i), bold=True)
        _cell_text(table.rows[2].cells[i], "{{ r[%d] }}" % i, align="left" if i in LEFT[name] else "center")
    _cell_text(table.rows[1].cells[0], "{%%tr for r in %s.rows %%}" % name)
    _cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    _keep_together(table)  # a row never splits across pages


def _rule(cell, length_mm: float, width_mm: float) -> None:
    """A short horizontal line, centred in a header cell of ``width_mm`` (Decree 30/2020: under the issuing body
    and under the motto): an empty paragraph's top border, its indents making the line ``length_mm`` long."""
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    paragraph = cell.add_paragraph()
    indent = Mm((width_mm - length_mm) / 2 - 1.9)  # the cell's own padding (0.19 cm) each side
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(6)
    properties = paragraph._p.get_or_add_pPr()
    borders = properties.makeelement(qn("w:pBdr"), {})
    borders.append(borders.makeelement(qn("w:top"), {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1",
                                                      qn("w:color"): "000000"}))
    properties.append(borders)
    _font(paragraph.add_run(""), 6)


def _keep_together(table) -> None:
    """The table's rows never split across pages (the signature block stays whole)."""
    from docx.oxml.ns import qn

    for row in table.rows:
        properties = row._tr.get_or_add_trPr()
        properties.append(properties.makeelement(qn("w:cantSplit"), {}))


def _page_numbers(section) -> None:
    """The page number centred at the top of every page but the first (Decree 30/2020/NĐ-CP)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    paragraph._p.append(field)
    run = paragraph.add_run("2")
    _font(run, 14)
    field.append(run._r)  # the run is the field's shown value until the page is laid out


def _appendix(document, key: str, table: str) -> None:
    """An appendix on a page of its own: "Phụ lục I", its title, the report it goes with, the table (when it has rows)."""
    document.add_page_break()
    _paragraph(document, "{{ %s.number }}" % key, bold=True, align="center", after=0)
    _paragraph(document, "{{ %s.title }}" % key, bold=True, align="center", after=0)
    _paragraph(document, "{{ attached }}", size=13, italic=True, align="center")
    _paragraph(document, "{%%p if %s.note %%}" % key)
    _paragraph(document, "{{ %s.note }}" % key, size=13, italic=True)
    _paragraph(document, "{%p endif %}")
    # A table with no rows is left out: the note above then says why there is nothing (official.appendix_part).
    _paragraph(document, "{%%p if %s.rows %%}" % table)
    _data_table(document, table, TABLES[table])
    _paragraph(document, "{%p endif %}")


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

    _font(document.styles["Header"], 14)
    _page_numbers(section)

    header = document.add_table(rows=1, cols=2)
    _no_borders(header)
    _widths(header, *[Mm(w) for w in HEADER])
    left, right = header.rows[0].cells
    _cell_text(left, "{{ parent_body }}", size=12)
    _cell_text(left, "{{ issuing_body }}", size=12, bold=True, first=False)
    _rule(left, 25, HEADER[0])
    _cell_text(left, "{{ number }}", first=False)
    _cell_text(right, "{{ motto_country }}", size=12, bold=True)
    _cell_text(right, "{{ motto }}", size=13, bold=True, first=False)
    _rule(right, 58, HEADER[1])
    _cell_text(right, "{{ place_date }}", size=14, italic=True, first=False)

    _paragraph(document, "", after=0)
    _paragraph(document, "{{ kind }}", bold=True, align="center", after=0)
    _paragraph(document, "{{ title }}", bold=True, align="center")
    _paragraph(document, "{{ draft_note }}", size=13, italic=True, align="center")
    _paragraph(document, "{%p if plan_note %}")
    _paragraph(document, "{{ plan_note }}", size=13, italic=True, align="center")
    _paragraph(document, "{%p endif %}")
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
    _paragraph(document, "", after=0)
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
    _cell_text(right, "{{ signer_for }}", size=14, bold=True)
    _cell_text(right, "{{ signer_title }}", size=14, bold=True, first=False)
    for _ in range(SIGNATURE_SPACE):
        _cell_text(right, "", size=14, first=False)
    _cell_text(right, "{{ signer_name }}", size=14, bold=True, first=False)
    for cell in (left, right):  # single-spaced, so the block fits under the last paragraph more often
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.space_after = Pt(0)
    _keep_together(closing)

    _appendix(document, "appendix_kpis", "kpis")
    _appendix(document, "appendix_activities", "activities")
    _appendix(document, "appendix_silent", "silent")
    _appendix(document, "appendix_missing", "missing")

    properties = document.core_properties
    properties.author, properties.title, properties.comments = "tipmonitor", "", ""
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


if __name__ == "__main__":
    print(build().relative_to(paths.project_root()))
