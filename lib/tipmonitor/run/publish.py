"""What a run leaves in its report folder besides the executed notebooks.

- ``<notebook>.html`` for every notebook that ran (offline, code hidden);
- ``index.html`` linking everything, in the run's language (Vietnamese by default), from
  present/templates/index.html.j2;
- ``kpis.xlsx`` and ``csv/`` with the KPI tables (workbook.py);
- ``manifest.json``: parameters, content hashes of the input data, package versions,
  start and end times, and each notebook's status and duration. A public edition's manifest
  (``manifest``) keeps what a reader needs and no more: the period, the rule, the
  data's as-of date, one digest of the store state and the versions; no path and no
  per-submission hash (a header-only file's hash is computable, so the hashes told which
  units sent nothing).
"""

from __future__ import annotations

import hashlib
import json
import platform
from datetime import datetime
from importlib import metadata
from pathlib import Path

from tipmonitor.core import paths, words

from tipmonitor.model import periods
from tipmonitor.present.html_export import TEMPLATES, notebook_to_html
from tipmonitor.present.page_weight import FONT_PLACEHOLDER, lighten
from tipmonitor.present.parameters import ReportSettings
from tipmonitor.present.report import PeriodReport

PACKAGES = ("tipmonitor", "pandas", "numpy", "altair", "vl-convert-python", "papermill", "nbconvert", "ipykernel",
            "duckdb", "openpyxl", "pyarrow", "pydantic")

def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_hashes(data: str, recorded: str | None = None) -> dict:
    """Content hashes of what the run read: the store file (its snapshot, recorded under the store's
    own path ``recorded``) and its current submissions, or the files."""
    from tipmonitor.store.sources import is_store

    location = paths.resolve(data)
    if is_store(location):
        from tipmonitor.store.database import Store

        history = Store(location).submissions()
        current = history[history["current"]]
        return {"store": str(paths.resolve(recorded) if recorded else location), "store_sha256": sha256(location),
                "current_submissions": {f"{r.unit}/{r.period}#{r.submission_id}": r.content_hash for r in current.itertuples()}}
    files = sorted(location.rglob("*")) if location.is_dir() else [location]
    return {"files": {str(f.relative_to(location) if location.is_dir() else f.name): sha256(f) for f in files if f.is_file()}}


def public_inputs(data: str) -> dict:
    """What a public manifest says of the input: one digest of the data read and the latest date a unit sent any."""
    from tipmonitor.store.sources import is_store

    location = paths.resolve(data)
    if is_store(location):
        from tipmonitor.store.database import Store

        history = Store(location).submissions()
        current = history[history["current"]]
        as_of = max(current["received_on"]) if len(current) else None
        return {"data_sha256": sha256(location), "as_of": as_of.isoformat() if as_of is not None else None}
    files = sorted(location.rglob("*")) if location.is_dir() else [location]
    digest = hashlib.sha256()
    for f in files:
        if f.is_file():
            digest.update(sha256(f).encode())
    return {"data_sha256": digest.hexdigest(), "as_of": None}


# The run's parameters a public manifest leaves out: where the data and the report are on this machine.
PRIVATE_PARAMETERS = ("data", "output")


def manifest(period: periods.Period, config, results, started: datetime, finished: datetime, recorded=None) -> dict:
    """The run's record: everything (internal), or without paths and per-submission hashes (public).

    ``config`` says what the run read (a snapshot of the store); ``recorded`` the settings to record (the store's
    own path), by default the same."""
    recorded = recorded or config
    window = period.window(config.rule)
    parameters = recorded.model_dump(mode="json")
    public = config.audience == "public"
    if public:
        parameters = {k: v for k, v in parameters.items() if k not in PRIVATE_PARAMETERS}
    return {
        "period": period.label, "window": [window.start.isoformat(), window.end.isoformat()],
        "parameters": parameters,
        "inputs": public_inputs(config.data) if public else input_hashes(config.data, recorded.data),
        "versions": versions(), "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "notebooks": [{"key": r.job.key, "notebook": r.job.notebook, "unit": r.job.unit, "status": r.status,
                       "seconds": round(r.seconds, 2), "attempts": r.attempts,
                       **({} if public else {"error": r.error or None})} for r in results],
    }


def versions() -> dict:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def write_outputs(folder: Path, period: periods.Period, config: ReportSettings, results: list, started: datetime,
                  finished: datetime, report: PeriodReport, recorded: ReportSettings | None = None) -> None:
    """The report's files, from ``config`` (what the run read) and ``report``, which holds the run's one evaluation
    of the period (the notebooks showed the same); the manifest gives ``recorded``'s settings (the run's own,
    naming the store rather than the snapshot read)."""
    recorded = recorded or config
    from tipmonitor.present.official import file_name as official_file, write_official_report
    from tipmonitor.present.workbook import write_csv, write_workbook

    evaluation = report.evaluation
    for r in results:  # warm workers write their pages as they go; the rest are written here
        page = folder / f"{r.job.key}.html"
        if r.status == "ok" and r.output and r.output.exists() and not page.exists():
            page.write_text(notebook_to_html(r.output, title=r.job.title, lang=config.lang), encoding="utf-8")
    from tipmonitor.present.html_export import drop_dead_links

    drop_dead_links(folder)  # a run of some units links only the unit pages it wrote
    write_workbook(evaluation, folder / "kpis.xlsx", config.lang)
    write_csv(evaluation, folder / "csv", config.lang)
    from tipmonitor.store.sources import is_store

    history, location = None, str(paths.resolve(config.data))
    if is_store(location):  # the late and missing submissions are counted in the report's "Tồn tại"
        from tipmonitor.store.database import Store

        history = Store(location).submissions()
    write_official_report(report, folder / official_file(period.label), submissions=history)
    (folder / "manifest.json").write_text(json.dumps(manifest(period, config, results, started, finished, recorded),
                                                     ensure_ascii=False, indent=2), encoding="utf-8")
    (folder / "index.html").write_text(index_page(period, config, results, evaluation, finished), encoding="utf-8")


def index_template():
    """present/templates/index.html.j2, every value escaped (a unit's name is data)."""
    import jinja2

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     undefined=jinja2.StrictUndefined)
    return environment.get_template("index.html.j2")


def index_page(period: periods.Period, config, results, evaluation, finished: datetime) -> str:
    """The run's index page (present/templates/index.html.j2), in the run's language."""
    from tipmonitor.model.city import city_config
    from tipmonitor.present.comparison import targets_note
    from tipmonitor.present.official import file_name as official_file
    from tipmonitor.present.report import provisional_note
    from tipmonitor.present.status import INK, SYMBOL, marked_status
    from tipmonitor.present.views import overall_status, unit_names

    lang = config.lang
    names = unit_names(evaluation, lang)
    status = overall_status(evaluation)
    by_key = {r.job.key: r for r in results}
    say = lambda key, **values: words.say(f"index.{key}", lang, **values)  # noqa: E731
    pages = [{"key": spec.name, "ok": by_key[spec.name].status == "ok",
              "text": say(spec.name) if words.has(f"index.{spec.name}") else spec.name}
             for spec in config.notebooks if spec.per == "period" and spec.name in by_key]
    units = [{"key": r.job.key, "ok": r.status == "ok", "name": names.get(r.job.unit, r.job.unit),
              "status": status.get(r.job.unit, "no_data"), "symbol": SYMBOL[status.get(r.job.unit, "no_data")]}
             for r in results if r.job.unit is not None]
    shown = ["met", "at_risk", "missed", "no_data"] + (["withheld"] if evaluation.threshold is not None else [])
    failed = sum(1 for r in results if r.status != "ok")
    return lighten(index_template().render(
        lang=lang, font_css=FONT_PLACEHOLDER, ink=INK, title=say("title"), period=period.describe(lang, config.rule),
        committee=words.pick(city_config().committee, lang), rule=words.say(f"rule.{config.rule}", lang),
        targets=targets_note(period.year, lang),
        window=period.window(config.rule).describe(),
        edition=(words.say(f"disclosure.{config.audience}", lang, threshold=evaluation.threshold) + " "
                 + provisional_note(period, config.rule, lang)).strip().replace("**", ""),
        pages=pages, units=units, legend=[marked_status(s, lang) for s in shown], failed_words=say("failed"),
        unit_profiles=say("unit_profile"), downloads=say("downloads"), workbook=say("workbook"), csv=say("csv"),
        official=say("official_report"), official_file=official_file(period.label),
        about=say("run"), notebooks_ran=say("notebooks_ran", ok=len(results) - failed, total=len(results)),
        generated=say("generated"), finished=f"{finished:%d/%m/%Y %H:%M}")) + "\n"
