"""The interim main job: load the data, evaluate the latest complete period, write a summary.

Writes reports/<period>/ with the KPI table (CSV, UTF-8 with BOM so Excel shows
Vietnamese), the city scorecard as a self-contained HTML page, and a small manifest. The folder is
built aside and moved into place whole; an existing report is kept as a dated
backup, never overwritten.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import date, datetime
from html import escape
from pathlib import Path

from . import labels, paths, periods
from .config import city_config
from .evaluation import CITY, evaluate
from .sources import load_source
from .scorecard import scorecard_frame


def data_as_of(dataset) -> date:
    """The last date any event in the data carries: no period after it can be complete."""
    latest = None
    for name in ("crime_reports", "cases", "victims"):
        frame = dataset.table(name)
        for column in frame.columns:
            if str(frame[column].dtype).startswith("datetime") and frame[column].notna().any():
                value = frame[column].max().date()
                latest = value if latest is None or value > latest else latest
    for label in dataset.aggregates["period"].dropna().unique():
        end = periods.parse(label).window().end
        latest = end if latest is None or end > latest else latest
    return latest or date.today()


def latest_period(dataset, today: date, kind: str = "quarter") -> periods.Period:
    config = city_config()
    reference = min(today, data_as_of(dataset))
    return periods.latest_complete(reference, kind, config.cutoff_rule, config.reporting_lag_working_days)


def write_summary_report(data: Path | None = None, period: str | None = None, out: Path | None = None,
                         lang: str = "vi", today: date | None = None) -> Path:
    config = city_config()
    today = today or date.today()
    dataset = load_source(data, today=today, rule=config.cutoff_rule)
    chosen = periods.parse(period) if period else latest_period(dataset, today)
    evaluation = evaluate(dataset, chosen, rule=config.cutoff_rule, baseline_year=config.baseline_year)
    out = out or paths.reports_dir()
    out.mkdir(parents=True, exist_ok=True)
    final = out / chosen.label
    staging = Path(tempfile.mkdtemp(prefix=f".{chosen.label}-", dir=out))
    try:
        table = evaluation.table.copy()
        table.to_csv(staging / "kpis.csv", index=False, encoding="utf-8-sig")
        card = scorecard_frame(evaluation, lang, CITY, "period")
        title = f"{config.committee[lang]} — {chosen.describe(lang, config.cutoff_rule)}"
        rule = f"{labels.text(labels.RULE, config.cutoff_rule, lang)}: {chosen.window(config.cutoff_rule).describe()}."
        page = (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title></head>\n'
                f"<body><h1>{escape(title)}</h1><p>{escape(rule)}</p>\n{card.to_html(index=False, escape=True)}\n</body></html>\n")
        (staging / "scorecard.html").write_text(page, encoding="utf-8")
        manifest = {"period": chosen.label, "rule": config.cutoff_rule, "data": dataset.files,
                    "generated": datetime.now().isoformat(timespec="seconds"), "rows": int(len(table))}
        (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        if final.exists():
            final.rename(out / f"{chosen.label}.backup-{datetime.now():%Y%m%d-%H%M%S-%f}")
        os.replace(staging, final)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return final / "scorecard.html"
