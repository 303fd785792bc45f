"""The scorecard: an evaluation as a table with labels users read.

One row per indicator with its result as numerator/denominator, the rate as
printed (two decimals, half up), the target, the status in words and symbol, the
items still needed, and the change against the baseline year.
"""

from __future__ import annotations

import pandas as pd

from tipmonitor.core import words
from tipmonitor.model.schema import measure_label
from tipmonitor.present.comparison import row_basis
from tipmonitor.present.status import counts_withheld, marked_status
from tipmonitor.metrics.evaluation import CITY, Evaluation
from tipmonitor.metrics.registry import LOWER_OPS
from tipmonitor.core.formatting import (WITHHELD_MARK, format_count, format_fraction, format_needed, format_points,
                                       format_rate)


def notes(row: "pd.Series | dict", lang: str) -> str:
    """The note beside a figure, the same words in the terminal, the HTML, the CSV files and the workbook."""
    out = []
    if row["status"] == "no_data":
        if row["unit"] == CITY and row.get("units_counted", 1) == 0:
            out.append(words.say("note.city_none", lang))
        elif isinstance(row.get("missing"), str) and row["missing"]:
            out.append(words.say("note.measure_missing", lang, measures=measures_named(row["missing"], lang)))
        else:
            out.append(words.say("note.no_items", lang))
    elif row["unit"] == CITY and isinstance(row.get("units_left_out"), str) and row["units_left_out"]:
        counted, total = int(row["units_counted"]), int(row["units_total"])
        out.append(words.say("note.city_partial", lang, counted=counted, total=total, left=total - counted,
                             units=row["units_left_out"]))
    if row["rounding_note"] == "exact_differs":
        exact = format_rate(row["numerator"], row["denominator"], lang, decimals=4)
        out.append(words.say("note.exact_differs", lang, exact=exact))
    if row["status"] in ("missed", "at_risk") and not row["attainable"]:
        out.append(words.say("note.unattainable", lang))
    if row["status"] in ("missed", "at_risk") and row.get("target_op") in LOWER_OPS and not pd.isna(row["cases_needed"]):
        out.append(words.say("note.lower_needed", lang, needed=int(row["cases_needed"])))
    if row["baseline_source"] == "table":
        out.append(words.say("note.baseline_table", lang))
    if _withheld(row, "withheld") and row["status"] in ("met", "missed", "at_risk"):
        out.append(words.say("note.result_without_counts", lang))  # metrics/unit_status.py
    return "; ".join(out)


def measures_named(ids: str, lang: str) -> str:
    """The measures of an evaluation's ``missing`` column ("reports.opening, reports.intake") by their names."""
    return "; ".join(f"«{measure_label(m.strip(), lang)}»" for m in ids.split(", ") if m.strip())


def _with_reason(basis: str, row: pd.Series, lang: str) -> str:
    """The basis of the comparison and, where the same period of the baseline year reads "–", why (where the
    basis itself is none, it says why already)."""
    if _withheld(row, "baseline_withheld") or str(row.get("baseline_basis", "")).startswith("none"):
        return basis
    if pd.isna(row["baseline_denominator"]):
        return f"{basis}; {words.say('note.baseline_missing', lang)}"
    if row["baseline_denominator"] == 0:
        return f"{basis}; {words.say('note.baseline_none', lang)}"
    return basis


def needed_cell(status: str, value, lang: str, threshold: int | None = None) -> str:
    """The "Still needed" cell: the items a missed or at-risk target still needs (the withheld mark where a public
    edition withholds it), 0 for a target met, "–" (no figure, as the legend says) where nothing is judged: no
    target, no data; the withheld mark for a result withheld. It was blank for all but missed and at risk."""
    if status in ("missed", "at_risk"):
        return format_needed(value, lang, threshold)
    if status == "met":
        return format_count(0, lang)
    return WITHHELD_MARK if status == "withheld" else words.MISSING_COUNT


def _withheld(row: "pd.Series | dict", flag: str) -> bool:
    """Whether a public report withholds this figure. The flag columns exist only on public evaluations and are
    numpy booleans in a Series row, Python booleans in a records dict (so never ``is True``); a missing one is not."""
    value = row.get(flag, False)
    return False if pd.isna(value) else bool(value)


def scorecard_frame(evaluation: Evaluation, lang: str = "vi", unit: str = CITY, scope: str = "period",
                    targeted_only: bool = False, indicators: list[str] | None = None) -> pd.DataFrame:
    """``indicators``: only these, in the registry's order (a unit page shows its body's duties)."""
    rows = evaluation.scorecard(unit, scope)
    if indicators is not None:
        rows = rows[rows.index.isin(indicators)]
    year = evaluation.baseline_year
    col = {k: words.say(f"column.{k}", lang, year=year) for k in ("indicator", "fraction", "rate", "target", "status",
                                                                   "cases_needed", "baseline_same", "change_same",
                                                                   "baseline_year", "baseline_basis", "note")}
    out = []
    for indicator_id, row in rows.iterrows():
        indicator = evaluation.registry.indicators[indicator_id]
        if targeted_only and not indicator.target:
            continue
        target = evaluation.targets.by_key.get(indicator.target) if (evaluation.targets and indicator.target) else None
        status = row["status"]
        hidden = counts_withheld(row)
        out.append({
            col["indicator"]: indicator.name(lang),
            col["fraction"]: WITHHELD_MARK if hidden else format_fraction(row["numerator"], row["denominator"], lang),
            col["rate"]: WITHHELD_MARK if hidden else format_rate(row["numerator"], row["denominator"], lang),
            col["target"]: target.describe(lang) if target else "–",
            col["status"]: marked_status(status, lang),
            col["cases_needed"]: needed_cell(status, row["cases_needed"], lang, evaluation.threshold),
            col["baseline_same"]: WITHHELD_MARK if _withheld(row, "baseline_withheld") else
                                  f"{format_rate(row['baseline_numerator'], row['baseline_denominator'], lang)} "
                                  f"({format_fraction(row['baseline_numerator'], row['baseline_denominator'], lang)})",
            col["change_same"]: format_points(row["change_points"], lang),
            col["baseline_year"]: WITHHELD_MARK if _withheld(row, "baseline_year_withheld") else
                                  format_rate(row["baseline_year_numerator"], row["baseline_year_denominator"], lang),
            col["baseline_basis"]: _with_reason(row_basis(evaluation, unit, indicator_id, lang, cell=True), row, lang),
            col["note"]: notes(row, lang),
        })
    return pd.DataFrame(out)
