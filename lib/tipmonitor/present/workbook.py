"""The KPI tables of a period as an Excel workbook and as CSV, for analysts to reuse.

One row per unit (and the whole city), indicator and scope (the period, the year to
date): numerator, denominator, rate, target, status, items still needed, and the
change against the baseline. Numbers are stored as numbers (rates as fractions
formatted as percentages), missed targets are highlighted by conditional
formatting, the header row is frozen, and headers are Vietnamese by default. The
CSV files carry the same tables in UTF-8 with a BOM, so Excel shows Vietnamese. Text a
spreadsheet would run as a formula is written with a quote in front (core/formulas.py).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tipmonitor.core import words
from tipmonitor.core.formulas import neutralise, neutralise_frame
from tipmonitor.metrics.evaluation import CITY, Evaluation
from tipmonitor.metrics.registry import OP_WORDS
from tipmonitor.present.status import status_label

# The columns, in order; their headers are the catalogue's "header.<column>".
HEADERS = ["unit", "unit_name", "indicator", "indicator_name", "scope", "window", "numerator", "denominator", "value",
           "target_op", "target_value", "status", "cases_needed", "baseline_value", "change_points", "change_count",
           "baseline_year_value", "baseline_basis", "rank", "note"]
PERCENT_COLUMNS = ("value", "target_value", "baseline_value", "baseline_year_value")


def kpi_table(evaluation: Evaluation, lang: str = "vi", city: bool = True) -> pd.DataFrame:
    """The rows for the city (city=True) or the units, with the columns of HEADERS, typed."""
    from tipmonitor.present.comparison import row_basis
    from tipmonitor.present.scorecard import notes
    from tipmonitor.present.views import unit_names

    t = evaluation.table
    rows = t[(t["unit"] == CITY) if city else (t["unit"] != CITY)].copy()
    names = unit_names(evaluation, lang)
    rows["note"] = [notes(row, lang) for _, row in rows.iterrows()]
    rows["baseline_basis"] = [row_basis(evaluation, u, i, lang) for u, i in zip(rows["unit"], rows["indicator"])]
    rows["unit_name"] = rows["unit"].map(names)
    rows["indicator_name"] = rows["indicator"].map(lambda i: evaluation.registry.indicators[i].name(lang))
    rows["scope"] = rows["scope"].map(lambda s: words.say(f"scope.{s}", lang))
    rows["status"] = rows["status"].map(lambda s: status_label(s, lang))
    rows["target_op"] = rows["target_op"].map(lambda op: words.say(OP_WORDS[op], lang) if op in OP_WORDS else "")
    out = rows[HEADERS].copy()
    for column in ("numerator", "denominator", "cases_needed", "change_count", "rank"):
        out[column] = out[column].astype("Int64")
    return out.reset_index(drop=True)


def _headed(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return frame.rename(columns={k: words.say(f"header.{k}", lang) for k in HEADERS})


def write_csv(evaluation: Evaluation, folder: Path, lang: str = "vi") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, city in (("city", True), ("units", False)):
        path = folder / f"kpi_{name}.csv"
        neutralise_frame(_headed(kpi_table(evaluation, lang, city), lang)).to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    return written


def _cell(value):
    """A value as Excel should store it: numbers as numbers, missing as empty, formula-like text neutralised."""
    import numpy as np

    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return neutralise(value)


def write_workbook(evaluation: Evaluation, path: Path, lang: str = "vi") -> Path:
    from tipmonitor.present.comparison import page_basis, targets_note
    from openpyxl import Workbook
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    missed_text = status_label("missed", lang)
    risk_text = status_label("at_risk", lang)
    for title, city in ((words.say("sheet.city", lang), True), (words.say("sheet.units", lang), False)):
        frame = kpi_table(evaluation, lang, city)
        sheet = book.create_sheet(title)
        columns = HEADERS
        sheet.append([words.say(f"header.{c}", lang) for c in columns])
        for row in frame.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
        for i, column in enumerate(columns, start=1):
            letter = get_column_letter(i)
            header = sheet[f"{letter}1"]
            header.font, header.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
            header.alignment = Alignment(wrap_text=True, vertical="top")
            wide = {"indicator_name": 34, "unit_name": 22, "baseline_basis": 40, "note": 60}
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
    notes = book.create_sheet(words.say("sheet.notes", lang))
    audience = "public" if evaluation.threshold is not None else "internal"
    notes.append([words.say(f"disclosure.{audience}", lang, threshold=evaluation.threshold).replace("**", "")])
    notes.append([targets_note(evaluation.period.year, lang)])
    city_basis = page_basis(evaluation, CITY, lang)
    if city_basis:
        notes.append([city_basis])
    for cell in notes["A"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes.column_dimensions["A"].width = 120
    book.save(path)
    return path
