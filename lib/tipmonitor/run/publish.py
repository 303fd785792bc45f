"""What a run leaves in its report folder besides the executed notebooks.

- ``<notebook>.html`` for every notebook that ran (offline, code hidden);
- ``index.html`` linking everything, in the run's language (Vietnamese by default);
- ``kpis.xlsx`` and ``csv/`` with the KPI tables (workbook.py);
- ``manifest.json``: parameters, content hashes of the input data, package versions,
  start and end times, and each notebook's status and duration.
"""

from __future__ import annotations

import hashlib
import json
import platform
from datetime import datetime
from html import escape
from importlib import metadata
from pathlib import Path

from tipmonitor.core import labels

from tipmonitor.core import paths

from tipmonitor.model import periods
from tipmonitor.present.html_export import font_css, notebook_to_html

PACKAGES = ("tipmonitor", "pandas", "numpy", "altair", "vl-convert-python", "papermill", "nbconvert", "ipykernel",
            "duckdb", "openpyxl", "pyarrow", "pydantic")

TEXT = {
    "title": {"vi": "Báo cáo kết quả thực hiện Kế hoạch phòng, chống mua bán người", "en": "Anti-trafficking plan report"},
    "period_report": {"vi": "Báo cáo kỳ", "en": "Period report"},
    "data_quality": {"vi": "Chất lượng số liệu", "en": "Data quality"},
    "unit_profile": {"vi": "Hồ sơ từng đơn vị", "en": "Unit profiles"},
    "explore": {"vi": "Khám phá số liệu", "en": "Explore"},
    "downloads": {"vi": "Bảng số liệu", "en": "Tables"},
    "workbook": {"vi": "Bảng chỉ tiêu (Excel)", "en": "KPI workbook (Excel)"},
    "csv": {"vi": "Bảng chỉ tiêu (CSV)", "en": "KPI tables (CSV)"},
    "run": {"vi": "Thông tin lần chạy", "en": "About this run"},
    "failed": {"vi": "Lỗi khi chạy; xem notebook", "en": "Failed; see the notebook"},
    "generated": {"vi": "Tạo lúc", "en": "Generated"},
}


def _t(key: str, lang: str) -> str:
    return TEXT[key][lang]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_hashes(data: str) -> dict:
    """Content hashes of what the run read: the store file and its current submissions, or the files."""
    from tipmonitor.store.sources import is_store

    location = paths.resolve(data)
    if is_store(location):
        from tipmonitor.store.database import Store

        history = Store(location).submissions()
        current = history[history["current"]]
        return {"store": str(location), "store_sha256": sha256(location),
                "current_submissions": {f"{r.unit}/{r.period}#{r.submission_id}": r.content_hash for r in current.itertuples()}}
    files = sorted(location.rglob("*")) if location.is_dir() else [location]
    return {"files": {str(f.relative_to(location) if location.is_dir() else f.name): sha256(f) for f in files if f.is_file()}}


def versions() -> dict:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def write_outputs(folder: Path, period: periods.Period, config, results, started: datetime, finished: datetime) -> None:
    from tipmonitor.present.report import PeriodReport
    from tipmonitor.store.sources import load_source
    from tipmonitor.present.workbook import write_csv, write_workbook

    location = str(paths.resolve(config.data))
    dataset = load_source(location, rule=config.rule)
    evaluation = PeriodReport(dataset, period.label, lang=config.lang, rule=config.rule, audience=config.audience,
                              baseline_year=config.baseline_year, public_threshold=config.public_threshold).evaluation
    for r in results:  # warm workers write their pages as they go; the rest are written here
        page = folder / f"{r.job.key}.html"
        if r.status == "ok" and r.output and r.output.exists() and not page.exists():
            page.write_text(notebook_to_html(r.output, title=r.job.title, lang=config.lang), encoding="utf-8")
    write_workbook(evaluation, folder / "kpis.xlsx", config.lang)
    write_csv(evaluation, folder / "csv", config.lang)
    manifest = {
        "period": period.label, "window": [period.window(config.rule).start.isoformat(), period.window(config.rule).end.isoformat()],
        "parameters": config.model_dump(mode="json"), "inputs": input_hashes(config.data), "versions": versions(),
        "started": started.isoformat(timespec="seconds"), "finished": finished.isoformat(timespec="seconds"),
        "notebooks": [{"key": r.job.key, "notebook": r.job.notebook, "unit": r.job.unit, "status": r.status,
                       "seconds": round(r.seconds, 2), "attempts": r.attempts, "error": r.error or None} for r in results],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    (folder / "index.html").write_text(index_page(period, config, results, evaluation, finished), encoding="utf-8")


def index_page(period: periods.Period, config, results, evaluation, finished: datetime) -> str:
    from tipmonitor.model.city import city_config
    from tipmonitor.present.views import overall_status, unit_names

    lang = config.lang
    city = city_config()
    names = unit_names(evaluation, lang)
    status = overall_status(evaluation)
    by_key = {r.job.key: r for r in results}

    def link(key: str, text: str) -> str:
        r = by_key.get(key)
        if r is None:
            return ""
        if r.status != "ok":
            return (f'<li class="failed">✘ {escape(text)} — {escape(_t("failed", lang))}: '
                    f'<a href="notebooks/{escape(key)}.ipynb">{escape(key)}.ipynb</a></li>')
        return f'<li><a href="{escape(key)}.html">{escape(text)}</a></li>'

    main = "".join(link(spec.name, _t(spec.name, lang) if spec.name in TEXT else spec.name)
                   for spec in config.notebooks if spec.per == "period")
    units = []
    for r in results:
        if r.job.unit is None:
            continue
        s = status.get(r.job.unit, "no_data")
        mark = f'<span class="s-{s}">{labels.STATUS_SYMBOL[s]}</span> '
        if r.status == "ok":
            units.append(f'<li>{mark}<a href="{escape(r.job.key)}.html">{escape(names.get(r.job.unit, r.job.unit))}</a></li>')
        else:
            units.append(f'<li class="failed">✘ {escape(names.get(r.job.unit, r.job.unit))} — {escape(_t("failed", lang))}: '
                         f'<a href="notebooks/{escape(r.job.key)}.ipynb">{escape(r.job.key)}.ipynb</a></li>')
    failed = sum(1 for r in results if r.status != "ok")
    summary = (f"{len(results) - failed} trong số {len(results)} notebook chạy thành công" if lang == "vi"
               else f"{len(results) - failed} of {len(results)} notebooks ran")
    w = period.window(config.rule)
    withheld = f' · * {escape(labels.STATUS["withheld"][lang])}' if evaluation.threshold is not None else ""
    edition = escape(labels.text(labels.DISCLOSURE, config.audience, lang, threshold=evaluation.threshold).replace("**", ""))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(_t("title", lang))} — {escape(period.describe(lang, config.rule))}</title>
<style>
{font_css()}
body {{ font-family: 'TM Sans', 'DejaVu Sans', Arial, sans-serif; max-width: 960px; margin: 24px auto; padding: 0 20px; color: #1a1a1a; }}
h1 {{ font-size: 24px; }} h2 {{ font-size: 18px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 28px; }}
ul.units {{ columns: 3; list-style: none; padding-left: 0; }} li {{ margin: 3px 0; }}
.failed {{ color: #a33; }} .s-met {{ color: #0072B2; }} .s-missed {{ color: #D55E00; }} .s-at_risk {{ color: #9a8a00; }}
.meta {{ color: #555; font-size: 13px; }} .edition {{ background: #f3f3f3; padding: 8px 10px; font-size: 14px; }}
</style></head>
<body>
<h1>{escape(_t("title", lang))} — {escape(period.describe(lang, config.rule))}</h1>
<p>{escape(city.committee.get(lang, city.committee["vi"]))}. {escape(labels.RULE[config.rule][lang])}: {w.describe()}.</p>
<p class="edition">{edition}</p>
<ul>{main}</ul>
<h2>{escape(_t("unit_profile", lang))}</h2>
<p class="meta">✔ {escape(labels.STATUS["met"][lang])} · ⚠ {escape(labels.STATUS["at_risk"][lang])} · ✘ {escape(labels.STATUS["missed"][lang])} · – {escape(labels.STATUS["no_data"][lang])}{withheld}</p>
<ul class="units">{"".join(units)}</ul>
<h2>{escape(_t("downloads", lang))}</h2>
<ul><li><a href="kpis.xlsx">{escape(_t("workbook", lang))}</a></li>
<li>{escape(_t("csv", lang))}: <a href="csv/kpi_city.csv">kpi_city.csv</a>, <a href="csv/kpi_units.csv">kpi_units.csv</a></li></ul>
<h2>{escape(_t("run", lang))}</h2>
<p class="meta">{escape(summary)}. {escape(_t("generated", lang))}: {finished:%d/%m/%Y %H:%M}. <a href="manifest.json">manifest.json</a></p>
</body></html>
"""
