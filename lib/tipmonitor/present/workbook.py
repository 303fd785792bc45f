"""The KPI tables of a period as an Excel workbook and as CSV, for analysts to reuse.

One row per unit (and the whole city), indicator and scope (the period, the year to
date): numerator, denominator, rate, target, status, items still needed, and the
change against the baseline. Numbers are stored as numbers (rates as fractions
formatted as percentages), missed targets are highlighted by conditional
formatting, and headers are Vietnamese by default. The workbook is laid out for an
analyst (issue 25): the unit's and the indicator's names first and frozen with the
header, the codes last; the units with data on one sheet, those without on their own;
"Đơn vị chưa đạt" sorted by the cases still needed; the same period of the baseline
year's numerator and denominator; every sheet set to print on A4 landscape, fitted to
the width, the header repeated. The
CSV files carry the same tables in UTF-8 with a BOM, so Excel shows Vietnamese. Text a
spreadsheet would run as a formula is written with a quote in front (core/formulas.py).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tipmonitor.core import words
from tipmonitor.model import periods
from tipmonitor.model.units import load_bodies
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
    rows["note"] = [notes(row, lang) for row in rows.to_dict("records")]  # records: iterrows' Series cost ~1 ms a row
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


# The workbook's columns, in order: names first (frozen with the header), the figures an analyst prints (up to
# PRINTED), then the detail and the codes last. The CSV files keep HEADERS.
SHEET_COLUMNS = ["unit_name", "indicator_name", "scope", "numerator", "denominator", "value", "target_op", "target_value",
                 "status", "cases_needed", "baseline_numerator", "baseline_denominator", "baseline_value", "change_points",
                 "window", "change_count", "baseline_year_value", "baseline_basis", "rank", "note", "unit", "indicator"]
PRINTED = SHEET_COLUMNS.index("change_points") + 1
WIDTHS = {"unit_name": 24, "indicator_name": 38, "scope": 14, "status": 16, "baseline_basis": 40, "note": 60,
          "window": 10, "indicator": 18, "unit": 9}
FROZEN = "C2"  # the unit's and the indicator's names and the header stay in view


def sheet_table(evaluation: Evaluation, lang: str = "vi", city: bool = True) -> pd.DataFrame:
    """kpi_table with the same period of the baseline year's numerator and denominator, in SHEET_COLUMNS order."""
    t = evaluation.table
    rows = t[(t["unit"] == CITY) if city else (t["unit"] != CITY)].reset_index(drop=True)
    out = kpi_table(evaluation, lang, city)
    # a person reads the sheet: the window as the pages name it ("Từ đầu năm 2026 đến 14/09/2026", not "2026-YTD09");
    # the CSV files keep the label, a key for the analysts' tools beside the unit and indicator codes
    described = {label: periods.describe_label(label, lang, evaluation.rule) for label in out["window"].unique()}
    out["window"] = out["window"].map(described)
    for column in ("baseline_numerator", "baseline_denominator"):
        out[column] = rows[column].astype("Int64")
    out["_status"] = rows["status"]
    return out[SHEET_COLUMNS + ["_status"]]


def _header(key: str, lang: str, year: int) -> str:
    return words.say(f"workbook.{key}", lang, year=year) if words.has(f"workbook.{key}") else words.say(f"header.{key}", lang)


def _fill(sheet, frame: pd.DataFrame, columns: list[str], lang: str, year: int, printed: int) -> None:
    """Header and rows, number formats, widths, frozen names, a filter and the print set-up: A4 landscape,
    the first ``printed`` columns fitted to the page width, the header repeated on every page."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.append([_header(c, lang, year) for c in columns])
    for row in frame[columns].itertuples(index=False):
        sheet.append([_cell(v) for v in row])
    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        header = sheet[f"{letter}1"]
        header.font, header.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        header.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = WIDTHS.get(column, 11)
        if column in PERCENT_COLUMNS:
            for cell in sheet[letter][1:]:
                cell.number_format = "0.00%"
        elif column == "change_points":
            for cell in sheet[letter][1:]:
                cell.number_format = "+0.00;-0.00;0.00"
    last = get_column_letter(len(columns))
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = FROZEN if len(columns) > 2 else "A2"
    sheet.auto_filter.ref = f"A1:{last}{max(1, sheet.max_row)}"
    sheet.print_title_rows = "1:1"
    sheet.print_area = f"A1:{get_column_letter(printed)}{max(1, sheet.max_row)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.oddFooter.center.text = "&P / &N"


def _highlight(sheet, columns: list[str], lang: str) -> None:
    """Missed targets red and bold, at risk yellow: the status column read in each row."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    status_letter = get_column_letter(columns.index("status") + 1)
    area = f"A2:{get_column_letter(len(columns))}{max(2, sheet.max_row)}"
    sheet.conditional_formatting.add(area, FormulaRule(formula=[f'${status_letter}2="{status_label("missed", lang)}"'],
                                                       fill=PatternFill("solid", fgColor="F8CBAD"), font=Font(bold=True)))
    sheet.conditional_formatting.add(area, FormulaRule(formula=[f'${status_letter}2="{status_label("at_risk", lang)}"'],
                                                       fill=PatternFill("solid", fgColor="FFF2CC")))


def no_data_units(evaluation: Evaluation, lang: str = "vi") -> pd.DataFrame:
    """One row per unit with one of its indicators (its body's duties, views.unit_indicators) without data: its
    body, how many have no data in the period and in the year to date (of how many), and why (the note of the first)."""
    from tipmonitor.model.units import load_registry
    from tipmonitor.present.scorecard import notes
    from tipmonitor.present.views import unit_names

    t = evaluation.table
    rows = t[t["unit"] != CITY]
    names = unit_names(evaluation, lang)
    bodies = load_registry().table["body"]
    from tipmonitor.present.views import unit_indicators

    # Each unit's rows of its body's duties, counted per unit and scope at once (not filtered and summed unit by
    # unit: half a second of the run); the units in the order they first come in the table.
    duties = {unit: set(unit_indicators(evaluation, unit)) for unit in dict.fromkeys(rows["unit"])}
    part = rows[[indicator in duties[unit] for unit, indicator in zip(rows["unit"], rows["indicator"])]]
    empty = part[part["status"] == "no_data"]
    shown = _counts(part)
    blank = _counts(empty)
    first = empty.drop_duplicates("unit")  # each unit's first row without data, whose note says why
    at = {unit: i for i, unit in enumerate(first["unit"])}
    out = []
    for unit in (u for u in duties if u in at):
        row = first.iloc[at[unit]]
        out.append({"unit_name": names[unit], "body": load_bodies().name(bodies.get(unit, 'district'), lang)
                    if unit in bodies.index else "",
                    "no_data_period": blank.get((unit, "period"), 0), "no_data_ytd": blank.get((unit, "ytd"), 0),
                    "indicators": shown.get((unit, "period"), 0), "note": notes(row, lang), "unit": unit})
    frame = pd.DataFrame(out, columns=["unit_name", "body", "no_data_period", "no_data_ytd", "indicators", "note", "unit"])
    from tipmonitor.core.text import sort_key

    return frame.sort_values("unit_name", key=lambda s: s.map(sort_key), kind="stable").reset_index(drop=True)


def _counts(rows: pd.DataFrame) -> dict[tuple[str, str], int]:
    """How many rows each (unit, scope) has."""
    return {key: int(n) for key, n in rows.groupby(["unit", "scope"], sort=False, observed=True).size().items()}


def missed_units(evaluation: Evaluation, lang: str = "vi") -> pd.DataFrame:
    """Units missing a target in the period or the year to date, the most cases still needed first."""
    return _missed(sheet_table(evaluation, lang, city=False))


def withheld_missed(evaluation: Evaluation, lang: str = "vi") -> list[str]:
    """In a public edition, per window of the sheet (the period, the year to date) where units that missed are
    not listed by unit: how many missed and how many are withheld (narrative.units_missed). Empty otherwise."""
    from tipmonitor.present.narrative import units_hidden, units_missed

    lines = [units_missed(evaluation, scope, lang) for scope in ("period", "ytd") if units_hidden(evaluation, scope)]
    return list(dict.fromkeys(lines))


def _missed(table: pd.DataFrame) -> pd.DataFrame:
    missed = table[table["_status"].isin(["missed", "at_risk"])]
    return missed.sort_values(["cases_needed", "unit_name"], ascending=[False, True], kind="stable",
                              na_position="last").reset_index(drop=True)


def write_workbook(evaluation: Evaluation, path: Path, lang: str = "vi") -> Path:
    """kpis.xlsx: the city; the units with data; "Đơn vị chưa đạt" (most cases needed first); the units without
    data on a sheet of their own; the notes. Every sheet prints on A4 landscape, fitted to the page width."""
    from tipmonitor.present.comparison import page_basis, targets_note
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    book = Workbook()
    book.remove(book.active)
    year = evaluation.baseline_year
    units = sheet_table(evaluation, lang, city=False)
    for title, frame in ((words.say("sheet.city", lang), sheet_table(evaluation, lang, city=True)),
                         (words.say("sheet.units", lang), units[units["_status"] != "no_data"]),
                         (words.say("sheet.missed", lang), _missed(units))):
        sheet = book.create_sheet(title)
        _fill(sheet, frame, SHEET_COLUMNS, lang, year, PRINTED)
        _highlight(sheet, SHEET_COLUMNS, lang)
    missed_sheet = book[words.say("sheet.missed", lang)]
    for line in withheld_missed(evaluation, lang):  # a public edition: how many it does not list, never "none"
        missed_sheet.append([line])
    empty = no_data_units(evaluation, lang)
    columns = list(empty.columns)
    sheet = book.create_sheet(words.say("sheet.no_data", lang))
    _fill(sheet, empty, columns, lang, year, len(columns))
    notes = book.create_sheet(words.say("sheet.notes", lang))
    audience = "public" if evaluation.threshold is not None else "internal"
    notes.append([words.say(f"disclosure.{audience}", lang, threshold=evaluation.threshold).replace("**", "")])
    notes.append([targets_note(evaluation.period.year, lang)])
    notes.append([words.say("workbook.sheets_note_public" if audience == "public" else "workbook.sheets_note", lang)])
    city_basis = page_basis(evaluation, CITY, lang)
    if city_basis:
        notes.append([city_basis])
    for cell in notes["A"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes.column_dimensions["A"].width = 120
    notes.page_setup.orientation, notes.page_setup.paperSize = "landscape", notes.PAPERSIZE_A4
    notes.sheet_properties.pageSetUpPr.fitToPage = True
    notes.page_setup.fitToWidth, notes.page_setup.fitToHeight = 1, 0
    book.save(path)
    return path
