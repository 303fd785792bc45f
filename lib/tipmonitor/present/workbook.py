"""The KPI tables of a period as an Excel workbook and as CSV, for analysts to reuse.

One row per unit (and the whole city), indicator and scope (the period, the year to
date): numerator, denominator, rate, target, status, items still needed, and the
change against the baseline. Numbers are stored as numbers (rates as fractions
formatted as percentages), missed targets are highlighted by conditional
formatting, the header row is frozen, and headers are Vietnamese by default. The
CSV files carry the same tables in UTF-8 with a BOM, so Excel shows Vietnamese.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tipmonitor.core import labels
from tipmonitor.metrics.evaluation import CITY, Evaluation

HEADERS = {
    "unit": {"vi": "Mã đơn vị", "en": "Unit code"},
    "unit_name": {"vi": "Đơn vị", "en": "Unit"},
    "indicator": {"vi": "Mã chỉ tiêu", "en": "Indicator id"},
    "indicator_name": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "scope": {"vi": "Phạm vi", "en": "Scope"},
    "window": {"vi": "Kỳ", "en": "Window"},
    "numerator": {"vi": "Tử số", "en": "Numerator"},
    "denominator": {"vi": "Mẫu số", "en": "Denominator"},
    "value": {"vi": "Tỷ lệ", "en": "Rate"},
    "target_op": {"vi": "So sánh", "en": "Comparison"},
    "target_value": {"vi": "Chỉ tiêu kế hoạch", "en": "Target"},
    "status": {"vi": "Đánh giá", "en": "Status"},
    "cases_needed": {"vi": "Cần giải quyết thêm", "en": "Still needed"},
    "baseline_value": {"vi": "Cùng kỳ năm gốc", "en": "Same period, baseline year"},
    "change_points": {"vi": "Chênh lệch (điểm %)", "en": "Change (points)"},
    "change_count": {"vi": "Chênh lệch tử số", "en": "Change in numerator"},
    "baseline_year_value": {"vi": "Cả năm gốc", "en": "Full baseline year"},
    "rank": {"vi": "Xếp hạng", "en": "Rank"},
    "note": labels.COLUMNS["note"],
}
SCOPES = {"period": {"vi": "Kỳ báo cáo", "en": "Period"}, "ytd": {"vi": "Lũy kế từ đầu năm", "en": "Year to date"}}
PERCENT_COLUMNS = ("value", "target_value", "baseline_value", "baseline_year_value")


def kpi_table(evaluation: Evaluation, lang: str = "vi", city: bool = True) -> pd.DataFrame:
    """The rows for the city (city=True) or the units, with the columns of HEADERS, typed."""
    from tipmonitor.present.scorecard import notes
    from tipmonitor.present.views import unit_names

    t = evaluation.table
    rows = t[(t["unit"] == CITY) if city else (t["unit"] != CITY)].copy()
    names = unit_names(evaluation, lang)
    rows["note"] = [notes(row, lang) for _, row in rows.iterrows()]
    rows["unit_name"] = rows["unit"].map(names)
    rows["indicator_name"] = rows["indicator"].map(lambda i: evaluation.registry.indicators[i].name(lang))
    rows["scope"] = rows["scope"].map(lambda s: SCOPES[s][lang])
    rows["status"] = rows["status"].map(lambda s: labels.STATUS[s][lang])
    rows["target_op"] = rows["target_op"].map(lambda op: labels.text(labels.TARGET_OP_WORD, op, lang) if op in labels.TARGET_OP_WORD else "")
    out = rows[list(HEADERS)].copy()
    for column in ("numerator", "denominator", "cases_needed", "change_count", "rank"):
        out[column] = out[column].astype("Int64")
    return out.reset_index(drop=True)


def _headed(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return frame.rename(columns={k: v[lang] for k, v in HEADERS.items()})


def write_csv(evaluation: Evaluation, folder: Path, lang: str = "vi") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, city in (("city", True), ("units", False)):
        path = folder / f"kpi_{name}.csv"
        _headed(kpi_table(evaluation, lang, city), lang).to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    return written


def _cell(value):
    """A value as Excel should store it: numbers as numbers, missing as empty."""
    import numpy as np

    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def write_workbook(evaluation: Evaluation, path: Path, lang: str = "vi") -> Path:
    from openpyxl import Workbook
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    missed_text = labels.STATUS["missed"][lang]
    risk_text = labels.STATUS["at_risk"][lang]
    for title, city in (({"vi": "Toàn thành phố", "en": "Whole city"}[lang], True), ({"vi": "Đơn vị", "en": "Units"}[lang], False)):
        frame = kpi_table(evaluation, lang, city)
        sheet = book.create_sheet(title)
        columns = list(HEADERS)
        sheet.append([HEADERS[c][lang] for c in columns])
        for row in frame.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
        for i, column in enumerate(columns, start=1):
            letter = get_column_letter(i)
            header = sheet[f"{letter}1"]
            header.font, header.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
            header.alignment = Alignment(wrap_text=True, vertical="top")
            wide = {"indicator_name": 34, "unit_name": 22, "note": 60}
            sheet.column_dimensions[letter].width = wide.get(column, 13)
            if column in PERCENT_COLUMNS:
                for cell in sheet[letter][1:]:
                    cell.number_format = "0.00%"
            elif column == "change_points":
                for cell in sheet[letter][1:]:
                    cell.number_format = "+0.00;-0.00;0.00"
        status_letter = get_column_letter(columns.index("status") + 1)
        last = get_column_letter(len(columns))
        area = f"A2:{last}{max(2, sheet.max_row)}"
        sheet.conditional_formatting.add(area, FormulaRule(formula=[f'${status_letter}2="{missed_text}"'],
                                                           fill=PatternFill("solid", fgColor="F8CBAD"), font=Font(bold=True)))
        sheet.conditional_formatting.add(area, FormulaRule(formula=[f'${status_letter}2="{risk_text}"'],
                                                           fill=PatternFill("solid", fgColor="FFF2CC")))
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{last}{max(1, sheet.max_row)}"
    notes = book.create_sheet({"vi": "Ghi chú", "en": "Notes"}[lang])
    audience = "public" if evaluation.threshold is not None else "internal"
    notes.append([labels.text(labels.DISCLOSURE, audience, lang, threshold=evaluation.threshold).replace("**", "")])
    notes["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    notes.column_dimensions["A"].width = 120
    book.save(path)
    return path
