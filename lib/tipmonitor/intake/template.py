"""The Excel workbook units fill in: one sheet per table, Vietnamese headers, drop-down lists.

Sheets: "Hướng dẫn" (instructions), "Thông tin" (unit and period), the record sheets the unit's body sends
("Tin báo", "Vụ án", "Nạn nhân"; a procuracy's or a court's "Sổ thụ lý"), "Số liệu tổng hợp", the task groups' "Hoạt động" (counts per activity
of params/activities.yaml, listed on the instructions sheet) and "Báo cáo bằng lời" (the unit's
results, difficulties and proposals), and a hidden "Danh mục" holding the lists
behind the drop-downs. Date columns are formatted dd/mm/yyyy; each data sheet has
one example row, marked "VÍ DỤ" in its id, which ingest leaves out and lists.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tipmonitor.core import words
from tipmonitor.intake.reading import LISTS_SHEET
from tipmonitor.model.activities import load_activities
from tipmonitor.model.measures import MEASURES
from tipmonitor.model.units import load_bodies
from tipmonitor.model.schema import TABLES

SHEETS = {"crime_reports": "Tin báo", "cases": "Vụ án", "victims": "Nạn nhân", "aggregates": "Số liệu tổng hợp",
          "activities": "Hoạt động", "unit_texts": "Báo cáo bằng lời"}
# A procuracy's and a court's own registers (docs/submissions.md §7), offered to the units whose body sends them.
REGISTER_SHEETS = {"procuracy_register": "Sổ thụ lý VKS", "court_register": "Sổ thụ lý Tòa án"}
DATA_ROWS = 2000

EXAMPLES = {
    "crime_reports": {"report_id": "VÍ DỤ 1", "kind": "tin báo về tội phạm", "received_date": date(2023, 4, 3),
                      "classified_date": date(2023, 4, 3), "decision_date": date(2023, 4, 20),
                      "decision": "khởi tố vụ án", "case_id": "VÍ DỤ VA-1"},
    "cases": {"case_id": "VÍ DỤ VA-1", "initiated_date": date(2023, 4, 20), "solved_date": date(2023, 4, 25),
              "suspects": 2, "victims": 1, "exploitation": "cưỡng bức lao động", "scope": "xuyên quốc gia",
              "destination_country": "Campuchia"},
    "victims": {"victim_id": "VÍ DỤ NN-1", "case_id": "VÍ DỤ VA-1", "sex": "nữ", "age_group": "người lớn (từ 18 tuổi)",
                "exploitation": "cưỡng bức lao động", "destination_country": "Campuchia", "received_date": date(2023, 4, 18),
                "identified_date": date(2023, 4, 22), "supported_date": date(2023, 4, 24),
                "support_kinds": "y tế; tâm lý"},
    "aggregates": {"period": "VÍ DỤ", "measure": "reports.intake", "value": 0},
    "activities": {"period": "VÍ DỤ", "activity": "communication.sessions", "value": 0},
    "unit_texts": {"period": "VÍ DỤ", "task_group": 2, "section": "kết quả đạt được",
                   "text": "Phối hợp tổ chức tuyên truyền tại các trường trung học, khu công nghiệp..."},
    "procuracy_register": {"register_number": "VÍ DỤ 12/2025", "accepted_date": date(2025, 8, 4), "suspects": 2,
                           "article": "Điều 150 (mua bán người)", "procuracy_decision_date": date(2025, 9, 3),
                           "procuracy_decision": "truy tố", "indictment_number": "VÍ DỤ 15/CT-VKS", "case_id": "VÍ DỤ VA-1"},
    "court_register": {"register_number": "VÍ DỤ 20/2025", "accepted_date": date(2025, 9, 10), "defendants": 2,
                       "article": "Điều 150 (mua bán người)", "court_decision_date": date(2025, 10, 20),
                       "court_outcome": "đã xét xử sơ thẩm", "judgment_number": "VÍ DỤ 30/2025/HS-ST", "case_id": "VÍ DỤ VA-1"},
}


def offered_tables(unit: str | None, registry) -> list[str]:
    """The tables a unit's template offers: those its body sends (params/bodies.yaml, as intake's loading._check_bodies
    allows them), its counts if it reports any family, the task groups' activities and its written report. A register
    only to a body that sends no police cases (a unit sending cases writes the procuracy's and court's stages in them).
    Without a unit (or one the registry lacks on that day): the police's sheets, as before."""
    from tipmonitor.model.units import body_families

    if not unit or unit not in registry.table.index:
        return list(SHEETS)
    families = body_families().get(str(registry.table.loc[unit, "body"]), ())
    records = [n for n in ("crime_reports", "cases", "victims", *REGISTER_SHEETS) if TABLES[n].family in families
               and not (n in REGISTER_SHEETS and "investigation" in families)]
    return records + (["aggregates"] if families else []) + ["activities", "unit_texts"]


def write_template(path: Path, unit: str | None = None, period: str | None = None, lang: str = "vi") -> Path:
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from tipmonitor.model.units import load_registry

    book = openpyxl.Workbook()
    guide = book.active
    guide.title = "Hướng dẫn"
    for line in words.say("template.instructions", lang).split("\n"):
        guide.append([line])
    _activity_guide(guide, lang)
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 140

    lists = book.create_sheet(LISTS_SHEET)
    registry = load_registry(on=date.today() if not period else _period_end(period))
    unit_names = [registry.name(code) for code in registry.codes]
    columns: dict[str, str] = {}

    def add_list(key: str, values: list[str]) -> str:
        col = get_column_letter(len(columns) + 1)
        lists[f"{col}1"] = key
        for i, v in enumerate(values, start=2):
            lists[f"{col}{i}"] = v
        columns[key] = f"'{LISTS_SHEET}'!${col}$2:${col}${len(values) + 1}"
        return columns[key]

    add_list("unit", unit_names)
    info = book.create_sheet("Thông tin")
    info.append(["Đơn vị", registry.name(unit) if unit else ""])
    info.append(["Kỳ báo cáo", period or ""])
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 16, 40
    check = DataValidation(type="list", formula1=columns["unit"], allow_blank=True)
    info.add_data_validation(check)
    check.add("B1")

    header_fill = PatternFill("solid", fgColor="DDEBF7")
    example_font = Font(italic=True, color="808080")
    for name in offered_tables(unit, registry):
        table, title = TABLES[name], {**SHEETS, **REGISTER_SHEETS}[name]
        sheet = book.create_sheet(title)
        sheet.append([f.vi for f in table.fields])
        example = {**EXAMPLES[name], "unit": registry.name(unit) if unit else (unit_names[0] if unit_names else "")}
        sheet.append([example.get(f.name, "") for f in table.fields])
        for i, f in enumerate(table.fields, start=1):
            col = get_column_letter(i)
            cell = sheet[f"{col}1"]
            cell.font, cell.fill = Font(bold=True), header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet[f"{col}2"].font = example_font
            sheet.column_dimensions[col].width = max(14, min(40, len(f.vi) + 2))
            cells = f"{col}2:{col}{DATA_ROWS}"
            if f.kind == "date":
                for row in range(2, DATA_ROWS + 1):
                    sheet[f"{col}{row}"].number_format = "DD/MM/YYYY"
            elif f.kind == "choice":
                source = columns.get(f"{name}.{f.name}") or add_list(f"{name}.{f.name}", [c.vi for c in f.choices])
                check = DataValidation(type="list", formula1=source, allow_blank=True)
                sheet.add_data_validation(check)
                check.add(cells)
            elif f.kind == "unit":
                check = DataValidation(type="list", formula1=columns["unit"], allow_blank=True)
                sheet.add_data_validation(check)
                check.add(cells)
            elif f.kind == "measure":
                source = add_list("measure", [m.id for m in MEASURES])
                check = DataValidation(type="list", formula1=source, allow_blank=True)
                sheet.add_data_validation(check)
                check.add(cells)
            elif f.kind == "activity":
                source = columns.get("activity") or add_list("activity", list(load_activities().measures))
                check = DataValidation(type="list", formula1=source, allow_blank=True)
                sheet.add_data_validation(check)
                check.add(cells)
            elif f.kind == "prose":
                sheet.column_dimensions[col].width = 100
            elif f.kind == "choices":
                cell.comment = Comment("Chọn một hoặc nhiều, cách nhau bằng dấu ;\n" + "; ".join(c.vi for c in f.choices), "tipmonitor")
        sheet.freeze_panes = "A2"
    lists.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _activity_guide(guide, lang: str) -> None:
    """The activities' list on the instructions sheet: id, what is counted, who reports it (params/activities.yaml)."""
    activities, bodies = load_activities(), load_bodies()
    guide.append([])
    guide.append([words.say("template.activities_intro", lang)])
    for group in activities.groups:
        guide.append([f"{group}. {activities.group_name(group, lang)}"])
        for m in activities.of_group(group):
            guide.append([words.say("template.activity_line", lang, id=m.id, label=m.name(lang), unit=words.pick(m.unit, lang),
                                    reporters=", ".join(bodies.name(b, lang) for b in m.reporters))])


def _period_end(label: str) -> date:
    from tipmonitor.model import periods

    return periods.parse(label).window().end
