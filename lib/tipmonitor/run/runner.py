"""One command runs a whole period: notebooks in parallel, published whole into reports/<period>/.

    tipmonitor run 2023-Q2            tipmonitor run --latest
    tipmonitor run 2023 --units 002 006 --workers 2 --force

The run is declared in YAML (params/runs/default.yaml) and validated with a typed
model (core/settings.py) before any kernel starts. Notebooks run with papermill, always with the
kernel named, a timeout each, and one retry when a kernel fails to start; a process
pool that breaks is replaced and its unfinished notebooks run again (``POOL_RETRY``).
The report is built in a temporary folder beside its destination and moved into place
only when complete (core/files.publish); an existing report is kept as a dated backup
with --force and never overwritten otherwise; a lock file stops two runs of the same
period from interleaving. A failing notebook does not stop the others: it is kept
(showing its error cell), the summary lists it, and the command exits non-zero. A run
in which every notebook failed publishes nothing: the previous report stays.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import yaml
from pydantic import BeforeValidator, Field, field_validator, model_validator

from tipmonitor.core import paths, words
from tipmonitor.core.files import publish
from tipmonitor.core.locks import RemovingLock, remove_if_free
from tipmonitor.core.messages import ToldError
from tipmonitor.core.retry import Retry
from tipmonitor.core.settings import Settings, Text, load_settings, refuse
from tipmonitor.model import periods
from tipmonitor.model.city import city_config
from tipmonitor.present.parameters import ReportSettings

if TYPE_CHECKING:
    from tipmonitor.present.report import PeriodReport

KERNEL_START_ERRORS = ("Kernel didn't respond", "Kernel died before replying", "Address already in use",
                       "kernel_info", "ZMQError")
# The papermill command line (--cold): a second attempt only when the kernel failed to start.
# Outcomes are (ok, error text).
COLD_RETRY = Retry(attempts=2, transient=lambda outcome: not outcome[0] and _kernel_start_failure(outcome[1]))
# Warm workers: when the process pool breaks (a worker killed, out of memory), a new pool runs
# the notebooks that had not finished, up to twice more. Outcomes are the jobs left unfinished.
POOL_RETRY = Retry(attempts=3, transient=bool)


class RunError(ToldError, RuntimeError):
    """A run that cannot start or be published; the message says why and what to do."""


MIN_WORKERS, MAX_WORKERS = 1, 64  # the warm workers a run may start: a run file's ``workers`` and ``--workers`` alike


def check_workers(workers: int | None) -> int | None:
    """The warm workers asked for a run (``--workers``, run_period's ``workers``), None for the default; a number
    outside MIN_WORKERS..MAX_WORKERS (the run file's bounds, RunConfig.workers) is a RunError, not the default."""
    if workers is not None and not MIN_WORKERS <= workers <= MAX_WORKERS:
        raise RunError("run.bad_workers", value=workers, low=MIN_WORKERS, high=MAX_WORKERS)
    return workers


class NotebookSpec(Settings):
    name: str
    per: Literal["period", "unit"] = "period"


# Pages that list records or submissions: for the committee only, never in a public edition.
INTERNAL_ONLY = ("data_quality", "explore")


def _units(value):
    if value == "all" or isinstance(value, list):
        return value
    raise refuse("settings_units", value=value)


class RunConfig(ReportSettings):
    """A run as declared in params/runs/*.yaml (data, language, audience... as in present/parameters.py)."""

    notebooks: list[NotebookSpec] = Field(min_length=1)
    units: Annotated[Literal["all"] | list[Text], BeforeValidator(_units)] = "all"
    output: str = "reports"
    workers: int | None = Field(None, ge=MIN_WORKERS, le=MAX_WORKERS)
    timeout_seconds: int = Field(600, ge=10)
    kernel: str = "tipmonitor"
    latest_kind: Literal["month", "quarter", "half", "nine_months", "year"] = "quarter"

    @field_validator("notebooks")
    @classmethod
    def _notebooks_exist(cls, value: list[NotebookSpec]) -> list[NotebookSpec]:
        folder = paths.project_root() / "notebooks"
        for index, spec in enumerate(value):
            if not (folder / f"{spec.name}.ipynb").is_file():
                there = ", ".join(sorted(p.stem for p in folder.glob("*.ipynb")))
                raise refuse("settings_no_notebook", at=(index, "name"), value=spec.name, allowed=there)
        return value

    @model_validator(mode="after")
    def _public_pages(self) -> "RunConfig":
        if self.audience == "public":
            internal = [spec.name for spec in self.notebooks if spec.name in INTERNAL_ONLY]
            if internal:
                raise refuse("settings_internal_only", at=("notebooks",), names=", ".join(internal))
        return self


def load_config(path: Path | str | None = None, **overrides) -> RunConfig:
    """The run's YAML merged with command-line overrides, validated; SettingsError says what is wrong."""
    path = Path(path) if path else paths.params_dir() / "runs" / "default.yaml"
    return load_settings(path, RunConfig, overrides=overrides)


@dataclass
class Job:
    key: str  # file stem in the report: period_report, unit_profile-002
    notebook: str
    parameters: dict
    title: str
    unit: str | None = None
    path: Path | None = None  # another notebook file than notebooks/<notebook>.ipynb


@dataclass
class JobResult:
    job: Job
    status: str  # ok / failed
    seconds: float
    attempts: int
    error: str = ""
    output: Path | None = None


@dataclass
class RunResult:
    period: str
    folder: Path
    results: list[JobResult]
    started: datetime
    finished: datetime
    backup: Path | None = None
    failures: list[JobResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def resolve_units(config: RunConfig, period: periods.Period, requested: list[str] | None) -> list[str]:
    from tipmonitor.model.units import load_registry

    registry = load_registry(on=period.window(config.rule).end)
    wanted = requested or (None if config.units == "all" else config.units)
    if wanted is None:
        return registry.codes
    codes: list[str] = []
    unknown: list[str] = []
    for text in wanted:
        code = registry.resolve(text)
        (codes if code else unknown).append(code or text)
    if unknown:
        raise RunError("run.unknown_units", period=period.label, units=", ".join(unknown))
    return codes


def plan_jobs(config: RunConfig, period: periods.Period, units: list[str]) -> list[Job]:
    from tipmonitor.model.units import load_registry

    registry = load_registry()
    common = {"period": period.label, "data": config.data, "lang": config.lang, "rule": config.rule,
              "audience": config.audience, "public_threshold": config.public_threshold,
              "baseline_year": config.baseline_year}
    jobs = []
    shown = period.describe(config.lang, config.rule)
    for spec in config.notebooks:
        if spec.per == "period":
            jobs.append(Job(spec.name, spec.name, dict(common), page_title(spec.name, shown, config.lang)))
        else:
            for unit in units:
                jobs.append(Job(f"{spec.name}-{unit}", spec.name, {**common, "unit": unit},
                                page_title(spec.name, shown, config.lang, registry.name(unit, config.lang)), unit))
    return jobs


def page_title(notebook: str, period: str, lang: str, unit: str = "") -> str:
    """A page's <title>: what it is and its period ("Báo cáo kỳ (Quý III/2026)", "Ba Đình (Quý III/2026)"), from the
    catalogue; never a placeholder (what is unverified is said in the page's note)."""
    what = unit or (words.say(f"index.{notebook}", lang) if words.has(f"index.{notebook}") else notebook)
    return words.say("page.title", lang, what=what, period=period)


def latest_period(config: RunConfig, today: date) -> periods.Period:
    """The latest period whose cut-off and reporting deadline have passed, and that the data reaches."""
    from tipmonitor.model.city import city_config
    from tipmonitor.store.sources import data_as_of, load_source

    dataset = load_source(data_location(config))
    reference = min(today, data_as_of(dataset))
    return periods.latest_complete(reference, config.latest_kind, config.rule, city_config().reporting_lag_working_days)


def data_location(config: RunConfig) -> Path:
    return paths.resolve(config.data)


def _check_data(config: RunConfig) -> None:
    """Before any kernel starts: the data the notebooks will read is there."""
    from tipmonitor.store.sources import is_store
    from tipmonitor.store.database import Store

    from tipmonitor.store.database import StoreError

    location = data_location(config)
    if is_store(location):
        try:
            Store(location).submissions()  # opens it: a missing or damaged store is told here, not in a kernel
        except StoreError as error:
            raise RunError.like(error) from None
    elif not location.exists():
        raise RunError("run.no_data", location=location)


# --- executing notebooks ---------------------------------------------------------------

def execute_cold(job: Job, out: Path, config: RunConfig) -> tuple[bool, str]:
    """One notebook with the papermill command line, in a fresh kernel; (ok, error text)."""
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as handle:
        yaml.safe_dump(job.parameters, handle, allow_unicode=True)
        parameters = handle.name
    try:
        command = [sys.executable, "-m", "papermill", str(notebook_path(job)), str(out), "-k", config.kernel, "-f", parameters,
                   "--execution-timeout", str(config.timeout_seconds), "--no-progress-bar", "--cwd", str(paths.project_root())]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=config.timeout_seconds + 120,
                                  env={**os.environ, "TIPMONITOR_HOME": str(paths.project_root())})
        except subprocess.TimeoutExpired:
            return False, f"timed out after {config.timeout_seconds} s"
        return done.returncode == 0, _last_error(done.stderr)
    finally:
        os.unlink(parameters)


def _last_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    for line in reversed(lines):
        if "Error" in line or "Exception" in line:
            return line.strip()[:500]
    return (lines[-1] if lines else "").strip()[:500]


def _kernel_start_failure(error: str) -> bool:
    return any(marker in error for marker in KERNEL_START_ERRORS)


# A warm worker and its kernel cost about 4 s of CPU to start (the worker's imports, the kernel's, vl-convert's first
# chart) and a unit page about 0.3-0.5 s: a second kernel pays for its start only when it takes several pages off the
# first. A run whose workers are not given gets one per PAGES_PER_KERNEL notebooks, up to the number of CPUs.
PAGES_PER_KERNEL = 8


def default_workers(jobs: int, cpus: int | None = None) -> int:
    """The warm workers of a run whose workers are not set (``--workers``, the run's YAML): one per
    ``PAGES_PER_KERNEL`` notebooks, at least one, at most one per CPU. A quarter's 160 pages get every CPU;
    a run of one unit (3 notebooks) one kernel, not two that each start for a page and a half."""
    cpus = cpus or os.cpu_count() or 1
    return max(1, min(cpus, -(-jobs // PAGES_PER_KERNEL)))


def notebook_path(job: Job) -> Path:
    return job.path or paths.project_root() / "notebooks" / f"{job.notebook}.ipynb"


def run_jobs(jobs: list[Job], folder: Path, config: RunConfig, workers: int, mode: str = "warm",
             progress: bool = True, html: bool = True, before=None) -> list[JobResult]:
    """Every job, ``workers`` at a time, in warm kernels (default) or a fresh kernel each (``cold``).

    Warm workers also write each notebook's HTML page (``html``); otherwise publishing does. ``before()`` is called
    once before the first notebook is given out, while the warm workers start and warm their kernels (the run
    computes its results meanwhile).
    """
    (folder / "notebooks").mkdir(parents=True, exist_ok=True)
    outputs = {job.key: folder / "notebooks" / f"{job.key}.ipynb" for job in jobs}
    results: list[JobResult] = []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(jobs), unit="notebook", file=sys.stderr, dynamic_ncols=True)

    def report(result: JobResult) -> None:
        results.append(result)
        if bar is not None:
            mark = "✔" if result.status == "ok" else "✘"
            bar.set_postfix_str(f"{mark} {result.job.key} {result.seconds:.1f}s")
            detail = f": {result.error}" if result.status != "ok" else ""
            bar.write(f"{mark} {result.job.key} ({result.seconds:.1f} s){detail}")
            bar.update(1)

    if mode == "warm":
        _run_warm(jobs, outputs, folder, config, workers, html, report, before)
    else:
        if before is not None:
            before()
        def one(job: Job) -> JobResult:
            start = time.perf_counter()
            (ok, error), attempts = COLD_RETRY.run(lambda: execute_cold(job, outputs[job.key], config))
            return JobResult(job, "ok" if ok else "failed", time.perf_counter() - start, attempts, error, outputs[job.key])

        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in as_completed([pool.submit(one, job) for job in jobs]):
                report(future.result())
    if bar is not None:
        bar.close()
    order = {job.key: i for i, job in enumerate(jobs)}
    return sorted(results, key=lambda r: order[r.job.key])


def _run_warm(jobs: list[Job], outputs: dict[str, Path], folder: Path, config: RunConfig, workers: int, html: bool,
              report, before=None) -> None:
    """Every job in a pool of warm workers; a broken pool is replaced for the jobs it left unfinished."""
    from tipmonitor.run import warm

    broken: dict[str, str] = {}  # job key -> the error, for jobs a broken pool took down
    waiting = [before] if before is not None else []

    def one_pool() -> dict[str, str]:
        broken.clear()
        pending = [job for job in jobs if job.key not in finished]
        size = min(workers, len(pending)) or 1
        with warm.pool(size, config.kernel, paths.project_root()) as executor:
            if waiting:  # the pool's processes started (each warms its kernel first), then ``before`` meanwhile
                for _ in range(size):
                    executor.submit(warm.started)
                waiting.pop()()
            try:
                futures = {executor.submit(warm.execute, str(notebook_path(job)), str(outputs[job.key]), job.parameters,
                                           config.timeout_seconds, str(folder / f"{job.key}.html") if html else None,
                                           job.title): job
                           for job in pending}
            except BrokenProcessPool as exc:  # a worker's kernel failed to start while ``before`` ran: a new pool
                return {job.key: f"{type(exc).__name__}: {exc}" for job in pending}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    ok, error, attempts, seconds = future.result()
                except BrokenProcessPool as exc:
                    broken[job.key] = f"{type(exc).__name__}: {exc}"
                    continue
                except Exception as exc:  # the worker failed on this notebook alone
                    ok, error, attempts, seconds = False, f"{type(exc).__name__}: {exc}", 1, 0.0
                finished.add(job.key)
                report(JobResult(job, "ok" if ok else "failed", seconds, attempts, error, outputs[job.key]))
        return dict(broken)

    finished: set[str] = set()
    left, pools = POOL_RETRY.run(one_pool)
    for job in jobs:
        if job.key in left:
            report(JobResult(job, "failed", 0.0, pools, f"{left[job.key]} ({pools} process pools)", outputs[job.key]))


# --- publishing ------------------------------------------------------------------------

class PeriodLock:
    """An exclusive lock per period and output folder: a second run refuses with a clear message. The lock
    file is in the run's working area (``area``, work_area) when given, so the output folder holds reports only and
    is made when there is a report to publish (a public run its audit refuses leaves no empty folder behind). The
    lock file is removed when the run ends (core/locks.py); one a killed run left goes with clean_work."""

    def __init__(self, output: Path, period: str, area: Path | None = None):
        if area is None:
            output.mkdir(parents=True, exist_ok=True)
            self.path = output / f".{period}.lock"
        else:
            area.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha1(str(output.resolve()).encode("utf-8")).hexdigest()[:12]
            self.path = area / f"lock-{period}-{digest}.lock"
        self.lock = RemovingLock(self.path)  # removed at release: the working area does not fill with lock files

    def __enter__(self):
        if not self.lock.acquire():
            raise RunError("run.in_progress", lock=self.path)
        return self

    def __exit__(self, *exc):
        self.lock.release()


def run_period(period: periods.Period | str | None = None, config: RunConfig | None = None, units: list[str] | None = None,
               force: bool = False, latest: bool = False, today: date | None = None, workers: int | None = None,
               output: Path | None = None, mode: str = "warm", progress: bool = True, keep_existing: bool = False,
               adjust=None, to_date: bool = False) -> RunResult:
    """Run a period's notebooks and publish the report; ``adjust(job)`` may change a job before it runs.

    A period that has not ended (its window runs past ``today``) is refused unless ``to_date``: its report
    would look final; with ``to_date`` every page says the figures are provisional and to which date."""
    if latest and period:
        raise RunError("run.period_and_latest", period=getattr(period, "label", period))
    check_workers(workers)
    config = config or load_config()
    if latest:
        chosen = latest_period(config, today or date.today())
    elif isinstance(period, periods.Period):
        chosen = period
    elif period:
        try:
            chosen = periods.parse(period)  # the one parse of a run: a Period from here down to the engine
        except periods.PeriodError as exc:
            raise RunError.like(exc) from None
    else:
        raise RunError("run.no_period")
    try:  # before anything is read: a period not begun, or not ended (unless to_date)
        periods.refuse_unreportable(chosen, config.rule, today or date.today(), to_date)
    except periods.PeriodError as exc:
        raise RunError.like(exc) from None
    refuse_near_data(output or paths.resolve(config.output), data_location(config), config.audience)
    refuse_among_editions(output or paths.resolve(config.output), config.audience)
    _check_data(config)
    try:  # and a period the data do not reach (one before their first day)
        from tipmonitor.store.sources import data_begins_at

        periods.refuse_unreportable(chosen, config.rule, today or date.today(), to_date,
                                    data_begins_at(data_location(config)), config.data)
    except periods.PeriodError as exc:
        raise RunError.like(exc) from None
    resolve_units(config, chosen, units)  # an unknown unit is refused before the lock file or a snapshot is made
    if config.audience == "public":  # a month, or a year recorded failing: refused before anything is made
        from tipmonitor.metrics.disclosure import public_threshold
        from tipmonitor.run.gate import Refused, refuse_early

        location = data_location(config)
        try:
            refuse_early(location, chosen, public_threshold(config.public_threshold), config.rule,
                         work_area(location) / "audits")
        except Refused as error:
            raise RunError.like(error) from None
    out_root = output or paths.resolve(config.output)
    area = work_area(data_location(config))
    with PeriodLock(out_root, chosen.label, area), run_folder(area, chosen.label) as work, \
            snapshot(config, work) as read:
        return _run_locked(chosen, config, read, units, force, keep_existing, out_root, workers, mode, progress, adjust,
                           work)


# --- the run's working area: its store copy and half-built report, never in an output folder ----------

def work_area(location: Path) -> Path:
    """Where runs reading ``location`` (a store, or a folder of files) keep their copy of the store and build their
    report: a private folder beside the data (``data/.store.duckdb.work/``), never in an output folder, so copying
    a public folder out (rsync) copies no record."""
    return location.parent / f".{location.name}.work"


def refuse_near_data(out_root: Path, location: Path, audience: str) -> None:
    """An output folder inside the data's working area (where killed runs' folders are removed) is refused; so is a
    public one that holds the data or its working area (``--out .`` or ``--out data`` beside data/store.duckdb):
    copying the public folder out would copy every record (#26 item 5). No run writes into the store's archive of
    submissions (for a public run, copying the folder would copy the files units sent), nor into a file. A public
    folder beside the store is fine."""
    # resolve() follows each symlink before it takes a ".." away (os.path.abspath took "link/.." away as text, so an
    # --out through a link into the working area passed); a relative path is taken from the current folder
    from tipmonitor.store.archive import archive_dir

    out, data, area, archive = (Path(p).resolve() for p in (out_root, location, work_area(location),
                                                           archive_dir(Path(location))))

    if out.exists() and not out.is_dir():  # the store file itself, or any other file: not a folder to write into
        raise RunError("run.out_is_a_file", out=out_root)
    if out.is_relative_to(area):
        raise RunError("run.out_near_data_any", out=out_root, data=location, area=area)
    if out.is_relative_to(archive):  # the archive holds every submission's files as sent: a report is never put there
        raise RunError("run.out_in_archive", out=out_root, archive=archive)
    if audience == "public" and (data.is_relative_to(out) or area.is_relative_to(out) or archive.is_relative_to(out)):
        raise RunError("run.out_near_data_public", out=out_root, data=location, area=area)


UNKNOWN = "unknown"  # an edition whose audience cannot be read (edition_audience)
_LOOK_LIMIT = 5000  # folders looked through below a public output folder before the run is refused as too wide


def edition_audience(folder: Path) -> str | None:
    """The audience of the edition in ``folder`` (its manifest.json's parameters, run/publish.manifest), None when it
    holds none, and None for a manifest.json another user owns: anyone may write /tmp/x/manifest.json, and it is not
    an edition of this user's to keep apart from. ``UNKNOWN`` for an edition whose audience cannot be read (a
    manifest.json that cannot be read, is not JSON, or names no audience, in a folder that is an edition: the
    manifest names a period, or the folder has notebooks/): it may be either, so it is kept apart from both."""
    import json

    manifest = folder / "manifest.json"
    try:
        if hasattr(os, "getuid") and manifest.stat().st_uid != os.getuid():
            return None
    except OSError:  # no manifest.json there (or the folder is not ours to look into)
        return None
    try:
        content = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return UNKNOWN if (folder / "notebooks").is_dir() or not manifest.is_file() or _named_period(manifest) else None
    audience = content.get("parameters", {}).get("audience") if isinstance(content, dict) and isinstance(
        content.get("parameters", {}), dict) else None
    if audience in ("internal", "public"):
        return audience
    looks = isinstance(content, dict) and ("period" in content or "parameters" in content)
    return UNKNOWN if looks or (folder / "notebooks").is_dir() else None


def _named_period(manifest: Path) -> bool:
    try:
        return b'"period"' in manifest.read_bytes()[:4096]
    except OSError:
        return True  # there, ours, and unreadable: cannot tell


def exported_here(folder: Path) -> bool:
    """Whether ``folder`` holds a record-level export (`tipmonitor export`): its marker, or a victims table."""
    from tipmonitor.store.database import EXPORT_MARKER

    return any((folder / name).is_file() for name in (EXPORT_MARKER, "victims.csv", "victims.parquet"))


def refuse_among_editions(out_root: Path, audience: str, choose: str = "run.choose_out", look_below: bool = True
                          ) -> None:
    """A folder of editions holds one audience, since a public one is what gets copied out (#26 item 5): a run (or
    `tipmonitor notebook`, whose output's folder is given) is refused when its output folder lies inside an edition
    (its own or any folder above it is one, found by its manifest.json), an internal run when its output folder, or
    the folder just above it, holds public editions (``--out reports/public`` or ``reports/public/more``) or editions
    whose audience cannot be read, a public run when any folder below its own (at any depth, through links, each
    folder once) holds an internal edition, one whose audience cannot be read, or a record-level export. Known from
    each edition's manifest, only from manifests the user owns. No folder higher up is looked into: a public edition
    written straight into /tmp or ~ does not make every folder below them a folder of public editions
    (docs/decisions.md, session 11's review fixes). ``choose``: the words that say how to choose another output;
    ``look_below`` False (one public notebook file, not a folder of editions): a public output's folder is not
    looked through, so `notebook ... out.ipynb -f public.yaml` in the project's folder is not refused for reports/."""
    from tipmonitor.core.messages import Text

    how = Text(choose)
    out = Path(out_root).resolve()
    for folder in (out, *out.parents):
        if edition_audience(folder) is not None:
            raise RunError("run.out_in_edition", out=out_root, edition=folder, choose=how)
    if audience == "public":
        if look_below:
            _refuse_internal_below(out_root, out, how)
        return
    for folder in dict.fromkeys((out, out.parent)):
        for child in _folders(folder):
            found = edition_audience(child)
            if found == "public":
                raise RunError("run.out_holds_public", out=out_root, folder=folder, edition=child, choose=how)
            if found == UNKNOWN:
                raise RunError("run.out_holds_unknown", out=out_root, edition=child, choose=how)


def _folders(folder: Path) -> list[Path]:
    try:
        return sorted(child for child in folder.iterdir() if child.is_dir())
    except OSError:  # not there yet, or not ours to read: it holds no edition of this run's to mix with
        return []


def _refuse_internal_below(out_root: Path, out: Path, how) -> None:
    """A public output folder holds, at no depth, an internal edition, one that cannot be told, or an export."""
    seen: set[tuple[int, int]] = set()
    stack = [out]
    while stack:
        folder = stack.pop()
        try:
            status = folder.stat()  # through links: a folder reached twice (a link loop) is looked at once
        except OSError:
            continue
        if (status.st_dev, status.st_ino) in seen:
            continue
        seen.add((status.st_dev, status.st_ino))
        if len(seen) > _LOOK_LIMIT:
            raise RunError("run.out_too_wide", out=out_root, count=_LOOK_LIMIT, choose=how)
        if exported_here(folder):
            raise RunError("run.out_holds_export", out=out_root, folder=folder, choose=how)
        for child in _folders(folder):
            found = edition_audience(child)
            if found == "internal":
                raise RunError("run.out_holds_internal", out=out_root, edition=child, choose=how)
            if found == UNKNOWN:
                raise RunError("run.out_holds_unknown", out=out_root, edition=child, choose=how)
            if found is None:  # a public edition is not looked into: it is one of this folder's own
                stack.append(child)


def refuse_export_folder(out_root: Path) -> None:
    """`tipmonitor export` writes every table, record by record: never into an edition, nor a folder that holds
    editions, nor one in or under a folder of public editions (what is copied out for publication)."""
    out = Path(out_root).resolve()
    for folder in (out, *out.parents):
        if edition_audience(folder) is not None:
            raise RunError("export.in_edition", out=out_root, edition=folder)
    for child in _folders(out):
        if edition_audience(child) is not None:
            raise RunError("export.holds_editions", out=out_root, edition=child)
    for child in _folders(out.parent):  # the folder just above only, as a run looks (refuse_among_editions)
        if edition_audience(child) in ("public", UNKNOWN):
            raise RunError("export.among_public", out=out_root, folder=out.parent, edition=child)


def clean_work(area: Path) -> list[Path]:
    """Remove what runs killed before they ended left in the working area: each run folder whose lock is free
    (a run holds its own until it ends; the system frees it when the process dies), and the lock files they held.
    A running run's folder and locks stay. Returns the run folders removed."""
    removed: list[Path] = []
    if not area.is_dir():
        return removed
    for folder in sorted(area.glob("run-*")):
        if not folder.is_dir():
            continue
        lock = RemovingLock(folder.with_name(folder.name + ".lock"), patience=0)
        if not lock.acquire():
            continue  # a run of another period, going on
        try:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            lock.release()
    for left in sorted(area.glob("*.lock")):  # a killed run's period lock, or a run lock whose folder is gone
        if left.name.startswith(("lock-", "run-")):
            remove_if_free(left)
    return removed


@contextmanager
def run_folder(area: Path, label: str):
    """This run's private folder in the working area (700), held by a lock while the run lasts; what killed runs
    of any period left there is removed first, and this folder after the run."""
    area.mkdir(parents=True, exist_ok=True)
    clean_work(area)
    folder = Path(tempfile.mkdtemp(prefix=f"run-{label}-", dir=area))  # 700, whatever the umask
    lock = RemovingLock(folder.with_name(folder.name + ".lock"))
    if not lock.acquire():  # a new name: nobody else holds it
        raise RunError("run.in_progress", lock=lock.path)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        lock.release()


@contextmanager
def snapshot(config: RunConfig, work: Path):
    """The run's settings reading one copy of the store, taken at its start into the run's folder (``work``,
    run_folder): every notebook and the manifest see the same state."""
    from tipmonitor.store.database import Store
    from tipmonitor.store.sources import is_store

    location = data_location(config)
    if not is_store(location):
        yield config
        return
    copy = Store(location).snapshot(work / location.name)
    yield config.model_copy(update={"data": str(copy)})


def recorded_settings(config: RunConfig, units_run: list[str] | None, threshold: int | None) -> RunConfig:
    """The settings a manifest records: what the run did, not only what its settings file said: the units of a run
    of some units (--units, as codes), and a public edition's threshold (the city's when the settings gave none)."""
    update: dict = {}
    if units_run is not None:
        update["units"] = list(units_run)
    if config.audience == "public":
        update["public_threshold"] = threshold
    return config.model_copy(update=update)


def _run_locked(chosen: periods.Period, config: RunConfig, read: RunConfig, units, force: bool, keep_existing: bool,
                out_root: Path, workers: int | None, mode: str, progress: bool, adjust, work: Path | None = None
                ) -> RunResult:
    """The run proper, under the period's lock, reading ``read`` (the snapshot) and recording ``config``."""
    unit_codes = resolve_units(read, chosen, units)
    jobs = plan_jobs(read, chosen, unit_codes)
    if adjust is not None:
        jobs = [adjust(job) for job in jobs]
    final = out_root / chosen.label
    workers = check_workers(workers) or config.workers or default_workers(len(jobs))
    if final.exists() and keep_existing and not force:
        now = datetime.now()
        return RunResult(chosen.label, final, [], now, now)
    if final.exists() and not force:
        raise RunError("run.exists", final=final)
    started = datetime.now()
    from tipmonitor.run.publish import write_report_files, write_run_files

    # A public edition's previous one is kept in the data's working area, not beside it: the folder of public editions
    # is copied out whole, and two editions of one period from different data side by side could be subtracted.
    aside_in = work_area(data_location(config)) / "backups" if config.audience == "public" else None
    with publish(final, city_config().private_files, aside=".backup-%Y%m%d-%H%M%S-%f", work=work,
                 aside_in=aside_in) as staging, \
            results_folder(read, out_root, chosen.label, work) as kept, _Alongside() as alongside:
        made: list[PeriodReport] = []

        def prepare() -> None:  # while the workers start their kernels; then the report's files beside the notebooks
            made.append(period_results(read, chosen, kept, work.parent / "audits" if work is not None else None))
            alongside.start(lambda: write_report_files(staging.path, chosen, read, made[0]))

        for job in jobs:
            job.parameters.setdefault("results", str(kept))
        results = run_jobs(jobs, staging.path, read, workers, mode, progress, before=prepare)
        finished = datetime.now()
        alongside.wait()
        if results and all(r.status != "ok" for r in results):
            raise RunError("run.all_failed", count=len(results), error=results[0].error or "?", final=final)
        write_run_files(staging.path, chosen, read, results, started, finished, made[0],
                        recorded=recorded_settings(config, unit_codes if units else None, made[0].threshold))
    backup = staging.aside
    for r in results:
        if r.output is not None:
            r.output = final / "notebooks" / r.output.name
    failures = [r for r in results if r.status != "ok"]
    return RunResult(chosen.label, final, results, started, finished, backup, failures)


class _Alongside:
    """One piece of work in a thread of the run beside its notebooks (the workbook, CSVs and .docx, which need only
    the period's results): ``wait`` joins it and raises its error; leaving the block joins it whatever happened, so
    nothing writes into a report folder being removed."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def start(self, work) -> None:
        def run() -> None:
            try:
                work()
            except BaseException as error:  # told by wait(), in the run's own thread
                self.error = error

        self.thread = threading.Thread(target=run, name="tipmonitor-report-files", daemon=True)
        self.thread.start()

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def __enter__(self) -> "_Alongside":
        return self

    def __exit__(self, *exc) -> None:
        if self.thread is not None:
            self.thread.join()


@contextmanager
def results_folder(read: RunConfig, out_root: Path, label: str, work: Path | None = None):
    """Where the run keeps its results for its notebooks: in the run's own folder of the working area (``work``,
    run_folder, removed with the run, or by the next run if it was killed), else a private folder
    ``.results-<period>-*`` under the output root, removed with the run."""
    if work is not None:
        folder = work / "results"
        folder.mkdir(mode=0o700)
        yield folder
        return
    folder = Path(tempfile.mkdtemp(prefix=f".results-{label}-", dir=out_root))  # 700, whatever the umask
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def period_results(config: RunConfig, period: periods.Period, folder: Path, verdicts: Path | None = None) -> PeriodReport:
    """The run's one evaluation of its period for its edition (metrics/results.py), stored in ``folder`` (private,
    outside the report) for the notebooks, and returned as the report object the run's other outputs are written
    from. A public edition is made only of a plan year whose audit passes (run/gate.py; the verdict recorded in
    ``verdicts``, the data's working area): else RunError, and nothing is published."""
    from tipmonitor.metrics.disclosure import public_threshold
    from tipmonitor.metrics.inputs import load_inputs
    from tipmonitor.metrics.results import compute
    from tipmonitor.present.report import PeriodReport
    from tipmonitor.store.sources import load_source

    location = str(data_location(config))
    inputs = load_inputs(load_source(location, rule=config.rule), config.baseline_year)
    threshold = public_threshold(config.public_threshold) if config.audience == "public" else None
    from tipmonitor.run.gate import Refused, covered, require

    try:
        if threshold is not None:
            covered(inputs, period, config.rule)  # an edition the audit does not cover is refused before it is computed
        computed = compute(inputs, period, config.rule, threshold, location)
        if threshold is not None:
            def announce() -> None:
                print(words.say("run.auditing_year", config.lang, year=period.year), file=sys.stderr, flush=True)

            require(inputs, location, period, threshold, config.rule, verdicts, {period.label: computed}, announce)
    except Refused as error:
        raise RunError.like(error) from None
    computed.save(folder)
    return PeriodReport(inputs, period, lang=config.lang, rule=config.rule, audience=config.audience,
                        public_threshold=config.public_threshold, source=location, results=computed)
