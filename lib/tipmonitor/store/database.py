"""The embedded store: every submission kept, append-only, in one DuckDB file.

A submission is what one unit sends for one period: one file (a workbook, a CSV)
or a folder of files. The store keeps, for each, who ingested it and when, its
content hash, row counts, and the original bytes of every file (so the store can
be rebuilt from them), plus its validated rows. Nothing is ever updated or
deleted: a corrected file for the same unit and period is a new submission that
supersedes the earlier one, which stays in the history. A submission replaces only the
tables it carries (``submission_tables``): a unit may send its reports and its cases as two
files; a file that carries a table with no records where the current data have some is
refused unless asked for (``replace_tables``), naming what would drop out.

The "current" data is, per unit, period and table, the latest submission carrying it; and per record
id, the version from the current submission of the latest period (a report sent
as pending in Q2 and as decided in Q3 is the Q3 version). Aggregate counts are
current per unit, period and measure.

Each ingest is one transaction under an exclusive lock (``filelock.ReadWriteLock`` on
``store.duckdb.lock``): killing the process mid-way leaves the store as it was (DuckDB
rolls back an uncommitted transaction), and two ingests at the same time run one after
the other. The archive copy is written before the commit and made final after it
(archive.py); an interruption at the commit is told as what it did. Readers take a shared
lock and open the file read-only; where they cannot write (a read-only folder), nobody
else can either, and they read without the lock.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import shutil
import time
from collections.abc import Collection
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from filelock import ReadWriteLock, Timeout

from tipmonitor.core.files import private
from tipmonitor.core.formulas import neutralise_frame
from tipmonitor.model import periods
from tipmonitor.model.city import city_config
from tipmonitor.model.dataset import Dataset, empty_table
from tipmonitor.intake.checks import (received_before_period, records_after_period, records_after_received,
                                     records_before_period)
from tipmonitor.intake.loading import check_dataset
from tipmonitor.core import words
from tipmonitor.core.messages import Text, ToldError, text
from tipmonitor.core.problems import InputError, Problem, field_column
from tipmonitor.model.schema import TABLES, UNIT
from tipmonitor.store.layout import sql_type, table_ddl
from tipmonitor.store.archive import ARCHIVE_SUFFIX, archive_dir, archive_meta, entries, finalize, settle, stage
from tipmonitor.store.migrations import SCHEMA_VERSION, rollback

RECORD_TABLES = ("crime_reports", "cases", "victims")
EXPORT_MARKER = "tipmonitor-export.json"  # written by Store.export beside the tables; a public run refuses a folder holding it
REGISTER_TABLES = ("procuracy_register", "court_register")  # records keyed by (unit, number, acceptance date)
LOCK_TIMEOUT_SECONDS = float(os.environ.get("TIPMONITOR_LOCK_TIMEOUT", "300"))


class StoreError(ToldError, RuntimeError):
    """The store cannot be used: missing, damaged, locked too long, or a request it refuses."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during an ingest, carrying what it left: ``result`` when the submission was stored, else None."""

    def __init__(self, path: Path, result: "IngestResult | None"):
        super().__init__(str(path))
        self.path, self.result = path, result


def default_path() -> Path:
    """The store when none is named (--store, --data): TIPMONITOR_STORE, else data/store.duckdb. A relative
    TIPMONITOR_STORE is taken from the project root, like every path in a settings file, so the commands and the
    notebooks (whose folder is notebooks/, or wherever papermill is started) read the same store wherever they run."""
    from tipmonitor.core import paths

    named = (os.environ.get("TIPMONITOR_STORE") or "").strip()  # blank ("   ") is unset, not a path
    return paths.resolve(named or Path("data") / "store.duckdb")


def _expected_columns() -> dict[str, list[tuple[str, str]]]:
    """The columns of each data table as the data model defines them today."""
    return {name: [(f.name, sql_type(f.kind)) for f in table.fields] for name, table in TABLES.items()}


def _views() -> list[str]:
    return [s for s in _ddl() if s.startswith("CREATE OR REPLACE VIEW")]


class _Outdated(Exception):
    """The store is behind the data model: it is migrated, then opened again."""


def _database_error(path: Path, exc: Exception) -> StoreError:
    """A DuckDB error as a message that names its cause (kind and first line), not a generic failure."""
    return StoreError("store.refused_change", path=path, kind=type(exc).__name__, detail=str(exc).splitlines()[0])


def _ddl() -> list[str]:
    statements = [
        "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        "CREATE SEQUENCE IF NOT EXISTS submission_ids START 1",
        """CREATE TABLE IF NOT EXISTS submissions (
            submission_id BIGINT PRIMARY KEY, unit VARCHAR NOT NULL, period VARCHAR NOT NULL,
            period_start DATE NOT NULL, period_end DATE NOT NULL, source VARCHAR NOT NULL,
            content_hash VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL, ingested_by VARCHAR NOT NULL,
            received_on DATE NOT NULL, rows_crime_reports BIGINT, rows_cases BIGINT, rows_victims BIGINT, rows_aggregates BIGINT,
            supersedes BIGINT, notes VARCHAR)""",
        """CREATE TABLE IF NOT EXISTS submission_files (
            submission_id BIGINT NOT NULL, name VARCHAR NOT NULL, content BLOB NOT NULL)""",
        "CREATE TABLE IF NOT EXISTS submission_tables (submission_id BIGINT NOT NULL, table_name VARCHAR NOT NULL)",
    ]
    statements += [table_ddl(name) for name in TABLES]
    # Per unit, period and table, the latest submission carrying that table.
    statements.append("""CREATE OR REPLACE VIEW current_parts AS
        SELECT s.unit, s.period, t.table_name, max(s.submission_id) AS submission_id
        FROM submissions s JOIN submission_tables t USING (submission_id) GROUP BY s.unit, s.period, t.table_name""")
    statements.append("""CREATE OR REPLACE VIEW current_submissions AS
        SELECT * FROM submissions WHERE submission_id IN (SELECT submission_id FROM current_parts)""")
    statements += [f"CREATE OR REPLACE VIEW current_{name} AS {current_select(name)}" for name in TABLES]
    return statements


# Each table's current rows: per partition (a record's id; a register's acceptance; a unit's period and measure,
# activity or texts), the version ranked first among the current parts' rows (store.current_parts).
# name -> (partition columns, ranked by the period's end before the submission, rank function)
def _windows() -> dict[str, tuple[tuple[str, ...], bool, str]]:
    out: dict[str, tuple[tuple[str, ...], bool, str]] = {}
    for name in TABLES:
        if name in RECORD_TABLES:
            out[name] = ((TABLES[name].id_field or "",), True, "row_number")
        elif name in REGISTER_TABLES:  # the procuracies' and courts' registers (issue #27), like records by id
            out[name] = (tuple(TABLES[name].key), True, "row_number")
        elif name == "unit_texts":  # the texts of the latest submission that carried texts for the unit and period
            out[name] = (("unit", "period"), False, "dense_rank")
        else:  # aggregates, activities: the latest value of each unit, period and measure or activity
            out[name] = (("unit", "period", "measure" if name == "aggregates" else "activity"), False, "row_number")
    return out


def current_select(name: str, scope: str = "") -> str:
    """The SELECT of a table's current rows (the view current_<name>); ``scope``, a condition on its rows ``r``,
    computes them only over the partitions it selects whole (a unit's, a few ids'), not the whole table."""
    columns, by_period, rank = _windows()[name]
    partition = ", ".join(f"r.{c}" for c in columns)
    order = "c.period_end DESC, c.submission_id DESC" if by_period else "r.submission_id DESC"
    joined = " JOIN submissions c USING (submission_id)" if by_period else ""
    return f"""SELECT * EXCLUDE (rank_) FROM (
            SELECT r.*, {rank}() OVER (PARTITION BY {partition} ORDER BY {order}) AS rank_
            FROM {name} r{joined}
            WHERE r.submission_id IN (SELECT submission_id FROM current_parts WHERE table_name = '{name}'){scope})
        WHERE rank_ = 1"""


def id_key_sql(column: str) -> str:
    """core.text.id_key in SQL: upper case, runs of spaces, dashes and underscores as one dash."""
    return f"upper(regexp_replace(trim({column}), '[\\s_-]+', '-', 'g'))"


def unit_current(name: str) -> str:
    """The current rows of one unit (parameter: the unit code, twice), set-based: the window runs over the
    partitions the unit's current-part rows fall in (a record id another unit holds a later version of is not the
    unit's), instead of over the whole table before the unit is picked."""
    columns = _windows()[name][0]
    if "unit" in columns:  # the unit is part of the partition: its rows are its partitions
        scope = " AND r.unit = ?"
    else:
        same = " AND ".join(f"u.{c} IS NOT DISTINCT FROM r.{c}" for c in columns)
        scope = f""" AND EXISTS (SELECT 1 FROM {name} u WHERE u.unit = ? AND {same}
                AND u.submission_id IN (SELECT submission_id FROM current_parts WHERE table_name = '{name}'))"""
    return f"SELECT * FROM ({current_select(name, scope)}) WHERE unit = ?"


@dataclass
class IngestResult:
    status: str  # "ingested", "unchanged" (identical content already current), "validated" (dry run)
    unit: str
    period: str
    submission_id: int | None
    rows: dict[str, int]
    supersedes: int | None = None
    notes: list[str] = field(default_factory=list)
    emptied: dict[str, int] = field(default_factory=dict)  # table -> its current records before (``replace_tables``)

    def describe(self, lang: str = "vi") -> str:
        counts = ", ".join(f"{k}: {v}" for k, v in self.rows.items() if v)
        text = words.say(f"ingest.{self.status}", lang, id=self.submission_id)
        extra = words.say("ingest.supersedes", lang, id=self.supersedes) if self.supersedes else ""
        if self.emptied:
            tables = ", ".join(words.say("ingest.emptied_table", lang, table=words.pick(TABLES[name], lang), before=count)
                               for name, count in self.emptied.items())
            extra += words.say("ingest.emptied", lang, tables=tables)
        return f"{self.unit} {self.period}: {text}{extra} ({counts or words.say('ingest.no_rows', lang)})"


def content_hash(files: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, data in sorted(files):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _submission_files(path: Path) -> list[Path]:
    from tipmonitor.intake.loading import data_files

    if path.is_dir():
        return data_files(path)
    return [path]


def refuse_not_a_store_path(path: Path) -> None:
    """StoreError when ``path`` cannot be a store file: a folder, a store's archive folder (``store.archive``,
    whose own archive would be itself), or a path inside one. Every Store is made through here, so no command
    reads, writes or rebuilds such a path (a rebuild there would put a store file in place of the archive)."""
    if path.suffix == ARCHIVE_SUFFIX:  # archive_dir(path) would be path itself
        key = "store.path_is_archive"
    elif any(parent.suffix == ARCHIVE_SUFFIX and parent.is_dir() for parent in path.parents):
        key = "store.path_in_archive"
    elif path.is_dir():
        key = "store.path_is_folder"
    else:
        return
    raise StoreError(key, path=path)


class Store:
    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else default_path()
        refuse_not_a_store_path(self.path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.archive = True  # keep each submission in the archive folder too (archive.py)

    # --- locking and connections --------------------------------------------------

    @contextmanager
    def _lock(self, exclusive: bool):
        # One instance per use (not the package's per-path singleton): like separate file
        # handles, two holds in one process wait for each other as two processes do.
        if not exclusive and not self._lockable():
            yield  # a folder nobody here may write: no writer can change the store while we read
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = ReadWriteLock(self.lock_path, timeout=LOCK_TIMEOUT_SECONDS, is_singleton=False)
        try:
            (lock.acquire_write if exclusive else lock.acquire_read)()
        except Timeout:
            lock.close()
            raise StoreError("store.locked", path=self.path, seconds=f"{LOCK_TIMEOUT_SECONDS:.0f}") from None
        try:
            yield
        finally:
            lock.close()  # releases the hold

    def _lockable(self) -> bool:
        if self.lock_path.exists():
            return os.access(self.lock_path, os.W_OK)
        folder = next((p for p in [self.path.parent, *self.path.parent.parents] if p.exists()), None)
        return folder is not None and os.access(folder, os.W_OK)

    @contextmanager
    def write_lock(self):
        """The store's exclusive lock, for work that replaces the store file (rebuild, load-sample)."""
        with self._lock(exclusive=True):
            yield

    @contextmanager
    def connect(self, write: bool):
        """A DuckDB connection under the store's lock (exclusive to write), with the schema in place;
        a store behind the data model is migrated first (migrations.py), then opened again."""
        for attempt in (1, 2):
            try:
                with self._open(write) as con:
                    yield con
                    return
            except _Outdated:
                if attempt == 2:
                    raise StoreError("store.not_migrated", path=self.path) from None
                self._migrate()

    def _migrate(self) -> None:
        """Back the file up, then bring the store up to the data model (migrations.py)."""
        import duckdb

        from tipmonitor.store import migrations

        with self._lock(exclusive=True):
            con = duckdb.connect(str(self.path))
            try:
                needed = migrations.pending(con, _expected_columns())
            finally:
                con.close()
            if not needed:
                return
            migrations.backup(self.path)
            con = duckdb.connect(str(self.path))
            try:
                migrations.apply(con, _expected_columns(), _views())
            except duckdb.Error as exc:
                raise _database_error(self.path, exc) from None
            finally:
                con.close()

    def _refuse_missing(self) -> None:
        """StoreError when there is no store file to read: none yet, or one whose archive says it is missing."""
        if not self.path.exists():
            if entries(self.path):
                raise StoreError("store.file_missing", path=self.path, hint=self._rebuild_hint())
            raise StoreError("store.none_yet", path=self.path)

    @contextmanager
    def _open(self, write: bool):
        import duckdb

        from tipmonitor.store import migrations

        if not write:
            self._refuse_missing()  # before the lock: reading a store that is not there leaves no lock file behind
        with self._lock(exclusive=write):
            if not write:
                self._refuse_missing()
            created = not self.path.exists()
            if write and created and entries(self.path):
                raise StoreError("store.file_missing", path=self.path, hint=self._rebuild_hint())
            try:
                con = duckdb.connect(str(self.path), read_only=not write)
            except duckdb.Error as exc:
                raise StoreError("store.unopenable", path=self.path, detail=str(exc).splitlines()[0],
                                 hint=self._rebuild_hint()) from None
            if created:
                private(self.path, city_config().private_files)
                private(self.lock_path, city_config().private_files)
            damaged = (duckdb.IOException, duckdb.SerializationException, duckdb.InternalException, duckdb.FatalException)
            try:
                version = migrations.stored_version(con)
                if version is None and not write:
                    raise StoreError("store.not_a_store", path=self.path, version=SCHEMA_VERSION, hint=self._rebuild_hint())
                if version is None:
                    for statement in _ddl():
                        con.execute(statement)
                    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
                elif migrations.pending(con, _expected_columns()):
                    raise _Outdated()
                if write:
                    settle(self.path, dict(con.execute("SELECT submission_id, content_hash FROM submissions").fetchall()))
                yield con
            except migrations.NewerStore as exc:
                raise StoreError("store.newer", path=self.path, version=exc.version, known=migrations.SCHEMA_VERSION) from None
            except damaged as exc:
                raise StoreError("store.damaged", path=self.path, detail=str(exc).splitlines()[0],
                                 hint=self._rebuild_hint()) from None
            finally:
                con.close()

    def _rebuild_hint(self) -> Text:
        count = len(entries(self.path))
        if count:
            return text("store.hint_rebuild", archive=archive_dir(self.path), count=count, path=self.path)
        return text("store.hint_restore")

    # --- reading ------------------------------------------------------------------

    def snapshot(self, target: Path) -> Path:
        """A copy of the store file (and its journal) as one state, taken under the read lock: a run reads
        and records this copy while ingests go on."""
        with self._lock(exclusive=False):
            if not self.path.is_file():
                raise StoreError("store.none_yet", path=self.path)
            shutil.copyfile(self.path, target)
            journal = self.path.with_name(self.path.name + ".wal")
            if journal.exists():
                shutil.copyfile(journal, target.with_name(target.name + ".wal"))
        private(target, city_config().private_files)
        return target

    def exists(self) -> bool:
        return self.path.is_file()

    def submissions(self, unit: str | None = None, period: str | None = None) -> pd.DataFrame:
        with self.connect(write=False) as con:
            frame = con.execute("""
                SELECT s.submission_id, s.unit, s.period, s.period_end, s.source, s.content_hash, s.ingested_at,
                       s.ingested_by, s.received_on,
                       s.rows_crime_reports, s.rows_cases, s.rows_victims, s.rows_aggregates, s.supersedes,
                       s.submission_id IN (SELECT submission_id FROM current_submissions) AS current, s.notes
                FROM submissions s ORDER BY s.submission_id""").df()
        if unit:
            frame = frame[frame["unit"] == unit]
        if period:
            frame = frame[frame["period"] == periods.parse(period).label]
        return frame.reset_index(drop=True)

    def parts(self, unit: str | None = None, period: str | None = None) -> pd.DataFrame:
        """Per submission and table it carries: the rows it brought and whether it is the current one."""
        counts = " UNION ALL ".join(f"SELECT submission_id, '{name}' AS table_name, count(*) AS n FROM {name} GROUP BY 1"
                                    for name in TABLES)
        with self.connect(write=False) as con:
            frame = con.execute(f"""
                WITH counts AS ({counts})
                SELECT s.submission_id, s.unit, s.period, s.source, s.received_on, t.table_name AS "table",
                       coalesce(k.n, 0) AS rows,
                       s.submission_id IN (SELECT c.submission_id FROM current_parts c
                                           WHERE c.table_name = t.table_name) AS current
                FROM submissions s JOIN submission_tables t USING (submission_id)
                LEFT JOIN counts k ON k.submission_id = s.submission_id AND k.table_name = t.table_name
                ORDER BY s.submission_id, t.table_name""").df()
        if unit:
            frame = frame[frame["unit"] == unit]
        if period:
            frame = frame[frame["period"] == periods.parse(period).label]
        return frame.reset_index(drop=True)

    def current(self) -> Dataset:
        """The current data of every unit and period, as a Dataset."""
        with self.connect(write=False) as con:
            tables = {name: _conform(con.execute(f"SELECT * EXCLUDE (submission_id) FROM current_{name}").df(), name)
                      for name in TABLES}
            files = [f"{self.path.name}#{r[0]}" for r in con.execute("SELECT submission_id FROM current_submissions").fetchall()]
        return Dataset(**tables, files=files).categorize()

    def first_seen(self) -> pd.DataFrame:
        """For every current record: its unit, entry date, and the period of the first submission that carried it."""
        parts = []
        with self.connect(write=False) as con:
            for name in RECORD_TABLES:
                key, entry = TABLES[name].id_field, TABLES[name].entry_date
                parts.append(con.execute(f"""
                    SELECT '{name}' AS table_name, c.{key} AS record_id, c.unit, c.{entry} AS entry_date,
                           arg_min(s.period, s.period_end) AS first_period, min(s.period_start) AS first_period_start,
                           min(s.received_on) AS first_received_on
                    FROM current_{name} c JOIN {name} r ON r.{key} = c.{key} JOIN submissions s ON s.submission_id = r.submission_id
                    GROUP BY c.{key}, c.unit, c.{entry}""").df())
        return pd.concat(parts, ignore_index=True)

    # --- writing ------------------------------------------------------------------

    def ingest(self, path: Path | str, unit: str | None = None, period: str | None = None, dry_run: bool = False,
               today: date | None = None, rule: str = "official", registry=None, mapping=None,
               received_on: date | None = None, provenance: tuple[datetime, str, int] | None = None,
               allow_period_outside: bool = False, lang: str | None = None,
               replace_tables: "bool | Collection[str]" = False) -> IngestResult:
        """Validate one submission (a file or a folder of files) and store it, all or nothing.

        ``provenance`` (when, by whom and as which number it was first ingested) is for rebuilding
        from the archive: a submission accepted once is taken again as it was, so the rules that
        decide whether to admit one (periods outside the range, records of another unit) are not
        asked again. ``allow_period_outside`` admits periods outside intake.limits.period_range.
        ``lang`` is the language of the notes (rows left out), by default TIPMONITOR_LANG's.
        ``replace_tables`` admits a file that takes records out of the current data: of every table (True)
        or of the tables named (store/replacement.py).
        """
        read = None
        if not self.exists():  # checked before the store file, its folder and its lock are made
            read = _read(path, registry, today, mapping, allow_period_outside or provenance is not None,
                         {"unit": unit, "period": period})
            checked = self._ingest(None, path, unit, period, True, today, rule, registry, mapping, received_on,
                                   provenance, allow_period_outside, lang, replace_tables, read)
            if dry_run:
                return checked
        with self.connect(write=not dry_run) as con:  # the files read once: the store's own checks run again
            return self._ingest(con, path, unit, period, dry_run, today, rule, registry, mapping, received_on, provenance,
                                allow_period_outside, lang, replace_tables, read)

    def ingest_many(self, submissions: list[dict], **options) -> list[IngestResult]:
        """Several submissions under one lock and connection, each in its own transaction."""
        with self.connect(write=True) as con:
            return [self._ingest(con, **{**options, **s}) for s in submissions]

    def _ingest(self, con, path: Path | str, unit: str | None = None, period: str | None = None, dry_run: bool = False,
                today: date | None = None, rule: str = "official", registry=None, mapping=None,
                received_on: date | None = None, provenance: tuple[datetime, str, int] | None = None,
                allow_period_outside: bool = False, lang: str | None = None,
                replace_tables: "bool | Collection[str]" = False, read: "_Read | None" = None) -> IngestResult:
        import duckdb

        path = Path(path)
        lang = lang or words.default_lang()
        admit_all = allow_period_outside or provenance is not None
        read = read or _read(path, registry, today, mapping, admit_all, {"unit": unit, "period": period})
        raw, digest, tables = read.raw, read.digest, read.tables
        notes = [f"{s['file']}:{s['row']}: {words.say('skipped.' + s['why'], lang)}" for s in read.skipped]
        notes += [f"{where}: {words.say('sheet.' + why, lang)}" for where, why in read.sheets]
        unit, period_label = _identify(path, tables, unit, period, registry,
                                       None if provenance is not None else (today or date.today()), received_on, rule,
                                       allow_period_outside)
        window = periods.parse(period_label).window(rule)
        rows = {name: len(tables.get(name, ())) for name in TABLES}
        if provenance is None:
            _refuse_rows_of_other_periods(con, tables, unit, period_label)
        notes += records_after_period(tables, window.end, lang)
        if provenance is None:
            notes += [p.render(lang) for p in records_before_period(tables, period_label, rule, _stored_ids(con, tables))]
            notes += [p.render(lang) for p in records_after_received(tables, received_on)] if received_on else []
        supersedes = None
        emptied: dict[str, int] = {}
        if con is not None:
            found = con.execute("SELECT submission_id, content_hash FROM current_submissions WHERE unit = ? AND period = ?",
                                [unit, period_label]).fetchall()
            # Unchanged only when that very submission is still the current one of every table the file carries
            # (a later file may have replaced some of them: then this file is sent again to restore them).
            same = [number for number, content in found if content == digest and all(
                con.execute("SELECT submission_id FROM current_parts WHERE unit = ? AND period = ? AND table_name = ?",
                            [unit, period_label, name]).fetchone() == (number,) for name in tables)]
            if same:
                return IngestResult("unchanged", unit, period_label, same[0], rows, notes=notes)
            supersedes = _replaced(con, tables, unit, period_label)
            emptied, changed = _replacing(con, tables, unit, period_label, path.name,
                                          replace_tables if provenance is None else True)
            notes += [change.describe(lang) for change in changed]
        if con is not None and provenance is None:
            _refuse_records_of_other_units(con, tables, unit)
            _refuse_register_rows_of_other_periods(con, tables, unit, period_label, rule)
        notes += _check_with_current(con, tables, unit, period_label, rule, lang)
        if dry_run:
            return IngestResult("validated", unit, period_label, None, rows, supersedes, notes, emptied)
        ingested_at, ingested_by, number = provenance or (datetime.now(), _user(), None)
        received_on = received_on or date.today()
        meta = lambda submission_id: archive_meta(submission_id, unit, period_label, path.name, digest,  # noqa: E731
                                                  received_on, ingested_at, ingested_by, rule, mapping)
        con.execute("BEGIN TRANSACTION")
        submission_id, pending = None, None
        try:
            submission_id = _next_number(con, number)
            con.execute("INSERT INTO submissions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                submission_id, unit, period_label, window.start, window.end, path.name, digest,
                ingested_at, ingested_by, received_on, rows["crime_reports"], rows["cases"],
                rows["victims"], rows["aggregates"], supersedes, "; ".join(notes) or None])
            for name, data in raw:
                con.execute("INSERT INTO submission_files VALUES (?, ?, ?)", [submission_id, name, data])
            for name, frame in tables.items():
                _insert(con, name, frame, submission_id)
                con.execute("INSERT INTO submission_tables VALUES (?, ?)", [submission_id, name])
            if self.archive:  # the archive copy before the commit: a stored submission is always archived
                pending = stage(self.path, submission_id, raw, meta(submission_id))
            _pause_for_tests()
            con.execute("COMMIT")
        except BaseException as error:
            if not _committed(con, submission_id, digest):
                if pending is not None:
                    shutil.rmtree(pending, ignore_errors=True)
                if isinstance(error, KeyboardInterrupt):
                    raise Interrupted(path, None) from None
                if isinstance(error, OSError):  # the archive copy could not be written (a full disk...)
                    raise StoreError("store.archive_failed", error=error) from None
                if isinstance(error, duckdb.Error):
                    raise _database_error(self.path, error) from error
                raise
            # Stored all the same (interrupted as the commit ended): the archive copy becomes final below.
            interrupted: BaseException | None = error
        else:
            interrupted = None
        if pending is not None:
            finalize(pending)
        result = IngestResult("ingested", unit, period_label, submission_id, rows, supersedes, notes, emptied)
        if isinstance(interrupted, KeyboardInterrupt):
            raise Interrupted(path, result) from None
        if interrupted is not None:
            notes.append(words.say("store.stored_despite", error=f"{type(interrupted).__name__}: {interrupted}"))
        return result

    def export(self, folder: Path, fmt: str = "parquet") -> list[Path]:
        """Write the current data, one file per table (Parquet, or CSV in UTF-8 with BOM, formula-like text neutralised)."""
        dataset = self.current()
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name in TABLES:
            frame = dataset.table(name).drop(columns=["_file", "_row"])
            target = folder / f"{name}.{ 'parquet' if fmt == 'parquet' else 'csv'}"
            if fmt == "parquet":
                frame.to_parquet(target, index=False)
            else:
                neutralise_frame(frame).to_csv(target, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")
            private(target, city_config().private_files)  # record-level data: the owner's only, whoever calls this
            written.append(target)
        marker = folder / EXPORT_MARKER
        marker.write_text(json.dumps({"export": "record-level", "audience": "internal", "format": fmt,
                                      "tables": [path.name for path in written]}, ensure_ascii=False) + "\n",
                          encoding="utf-8")
        private(marker, city_config().private_files)
        return written




def _next_number(con, wanted: int | None) -> int:
    """The next submission number; when rebuilding, the archived one (numbers skipped are used up)."""
    while True:
        number = con.execute("SELECT nextval('submission_ids')").fetchone()[0]
        if wanted is None or number >= wanted:
            return number


def _committed(con, submission_id: int | None, digest: str) -> bool:
    """After an error in the transaction: roll back what is still open, then whether the commit happened."""
    rollback(con)  # a no-op when no transaction is open (the commit had ended)
    if submission_id is None:
        return False
    found = con.execute("SELECT content_hash FROM submissions WHERE submission_id = ?", [submission_id]).fetchall()
    return bool(found) and found[0][0] == digest


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in a container without passwd entry
        return str(os.getuid())


def _pause_for_tests() -> None:
    """Tests kill an ingest here, inside the open transaction, to prove nothing half-written remains."""
    pause = os.environ.get("TIPMONITOR_TEST_PAUSE_IN_TRANSACTION")
    if pause:
        marker = os.environ.get("TIPMONITOR_TEST_PAUSE_MARKER")
        if marker:
            Path(marker).write_text("in transaction")
        time.sleep(float(pause))


def _conform(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Frames read back from DuckDB with the same dtypes as freshly loaded ones."""
    template = empty_table(TABLES[name])
    out = {}
    for column, dtype in template.dtypes.items():
        values = frame[column] if column in frame else pd.Series([None] * len(frame))
        out[column] = values.astype("datetime64[s]") if str(dtype).startswith("datetime") else values.astype(dtype)
    return pd.DataFrame(out)


def _insert(con, name: str, frame: pd.DataFrame, submission_id: int) -> None:
    if not len(frame):
        return
    import pyarrow as pa

    # Handed to DuckDB as one Arrow table (its columns are Arrow's already): a bulk copy, no per-row work.
    data = pa.Table.from_pandas(frame[[*TABLES[name].columns, "_file", "_row"]], preserve_index=False)
    data = data.add_column(0, "submission_id", pa.array([submission_id] * len(frame), pa.int64()))
    columns = ["submission_id", *TABLES[name].columns, "_file", "_row"]
    listed = ", ".join(f'"{c}"' for c in columns)
    con.register("incoming", data)
    # By column name: a column added to an old store by a migration sits last in its table.
    con.execute(f"INSERT INTO {name} ({listed}) SELECT {listed} FROM incoming")
    con.unregister("incoming")  # not in a finally: after a failed statement the error raised is the one to tell


@dataclass(frozen=True)
class _Read:
    """A submission's files as read and validated on their own, before any look at the store."""

    raw: list[tuple[str, bytes]]
    digest: str
    tables: dict[str, pd.DataFrame]
    skipped: list[dict]  # rows left out (totals lines, template examples, signature blocks): {"file", "row", "why"}
    sheets: list[tuple[str, str]]  # sheets not read as a table: (where, why)


def _read(path: Path | str, registry, today, mapping, allow_period_outside: bool,
          fill: dict[str, str | None] | None = None) -> _Read:
    found = read_submissions([ReadJob(Path(path), today, mapping, allow_period_outside, fill)], registry)[0]
    if isinstance(found, InputError):
        raise found
    return found


@dataclass(frozen=True)
class ReadJob:
    """One submission (a file or a folder of files) to read: the day it is judged on, its mapping, whether
    periods outside the range are taken, and the unit and period given for it."""

    path: Path
    today: date | None = None
    mapping: object = None
    allow_period_outside: bool = False
    fill: dict[str, str | None] | None = None


def read_submissions(jobs: list[ReadJob], registry=None, progress=None) -> list["_Read | InputError"]:
    """Submissions read and validated on their own (each its verdict), their files loaded together
    (intake/loading.load_files): one submission or a quarter's hundreds cost little more than their rows.
    ``progress(files read, files)`` is called as the files are read."""
    from tipmonitor.intake.loading import FileJob, load_files
    from tipmonitor.model.units import load_registry

    registry = registry or load_registry()
    out: list[_Read | InputError | None] = [None] * len(jobs)
    files: dict[int, list[Path]] = {}
    raw: dict[int, list[tuple[str, bytes]]] = {}
    batches: dict[tuple, list[tuple[int, FileJob]]] = {}
    for index, job in enumerate(jobs):
        found = _submission_files(job.path)
        if not found:
            out[index] = InputError([Problem(str(job.path), None, None, "folder_empty")] if job.path.is_dir()
                                    else [Problem(job.path.name, None, None, "file_empty")])
            continue
        files[index] = found
        raw[index] = [(f.name, f.read_bytes()) for f in found]
        fill = {k: v for k, v in (job.fill or {}).items() if v}
        for f in found:
            batches.setdefault((job.today, job.allow_period_outside), []).append(
                (index, FileJob(f, None, job.mapping, fill)))
    loaded: dict[int, list] = {}
    done = 0
    for (today, allow), members in batches.items():
        for (index, _), result in zip(members, load_files([m[1] for m in members], registry, today, allow)):
            loaded.setdefault(index, []).append(result)
        done += len(members)
        if progress:
            progress(done, sum(len(m) for m in batches.values()))
    for index in files:
        problems = [p for result in loaded[index] if isinstance(result, InputError) for p in result.problems]
        if problems:
            out[index] = InputError(problems)
            continue
        tables, skipped, sheets = _merge_files(loaded[index])
        out[index] = _Read(raw[index], content_hash(raw[index]), tables, skipped, sheets)
    return out  # type: ignore[return-value]


def _merge_files(loaded: list[dict[str, pd.DataFrame]]
                 ) -> tuple[dict[str, pd.DataFrame], list[dict], list[tuple[str, str]]]:
    """A submission's files as one set of tables (per table, its files' rows in order), the rows left out
    and the sheets not read."""
    tables: dict[str, list[pd.DataFrame]] = {}
    skipped: list[dict] = []
    for found in loaded:
        for name, frame in found.items():
            tables.setdefault(name, []).append(frame)
            skipped.extend(frame.attrs.get("skipped", []))
    merged = {}
    listed = {s["file"]: s["why"] for parts in tables.values() for p in parts for s in p.attrs.get("sheets", [])}
    for name, parts in tables.items():
        frame = pd.concat(parts, ignore_index=True)
        frame.attrs = {key: next((p.attrs[key] for p in parts if p.attrs.get(key)), None) for key in ("unit", "period")}
        frame.attrs["headers"] = {where: labels for p in parts for where, labels in p.attrs.get("headers", {}).items()}
        merged[name] = frame
    return merged, skipped, list(listed.items())


def _identify(path: Path, tables: dict[str, pd.DataFrame], unit: str | None, period: str | None,
              registry=None, today: date | None = None, received_on: date | None = None,
              rule: str = "official", period_outside_allowed: bool = False) -> tuple[str, str]:
    """The submission's unit and period: given, or read from the file (its information sheet,
    its rows, its name: "00322_2026-Q3.csv"); with ``today``, a day received (``received_on``) after today or before
    the period begins (intake.checks.received_before_period) is refused, and so is a period outside
    intake.limits.period_range unless ``period_outside_allowed`` (--allow-period-outside: the two are independent;
    a rebuild from the archive passes no ``today``). Both ingest paths ask it (store/bulk.py own_checks)."""
    from tipmonitor.intake.limits import period_allowed, period_range

    import re

    from tipmonitor.model.units import load_registry

    name = path.name
    if received_on is not None and today is not None and received_on > today:
        raise InputError([Problem(name, None, None, "received_in_future",
                                  {"value": f"{received_on:%d/%m/%Y}", "today": f"{today:%d/%m/%Y}"})])
    meta = {}
    for frame in tables.values():
        meta.update({k: v for k, v in frame.attrs.items() if k in ("unit", "period") and v})
    if period is None:
        labels = set(tables["aggregates"]["period"].dropna()) if "aggregates" in tables else set()
        # the whole number (2026-Q01, 2026-09M, 2026-Q5 too: told what is wrong below, not cut to 2026-Q0 or read as a month)
        match = re.search(r"(\d{4}-(?:Q\d+|H\d+|\d+M|\d{2}))", name, re.I)
        period = meta.get("period") or (labels.pop() if len(labels) == 1 else None) or (match.group(1) if match else None)
        if period is None:
            raise InputError([Problem(name, None, None, "no_period")])
    try:
        parsed = periods.parse(period)
    except periods.PeriodError as error:  # what is wrong with it: "there is no quarter 5", or the forms understood
        raise InputError([Problem(name, None, None, "period_refused", {"problem": error})]) from None
    label = parsed.label
    if today is not None and not period_outside_allowed and not period_allowed(parsed, today):
        first_year, last = period_range(today)
        raise InputError([Problem(name, None, None, "period_outside", {"value": label, "first": f"{first_year}-Q1",
                                                                       "last": last.label, "today": f"{today:%d/%m/%Y}"})])
    units = set()
    for frame in tables.values():
        units |= set(frame["unit"].dropna().unique())
    if unit is None and meta.get("unit"):
        registry = registry or load_registry()
        unit = registry.resolve(meta["unit"], on=periods.parse(label).window().end)
        if unit is None:
            raise InputError([Problem(name, None, field_column(UNIT), "unknown_unit", {"value": meta["unit"]})])
    if unit is None and not units:  # a file with no rows (nothing to report): its name may say the unit
        named = re.search(r"(?:^|_)([^_]+)_\d{4}-(?:Q\d+|H\d+|\d+M|\d{2})(?:[._]|$)", name, re.I)
        if named:
            registry = registry or load_registry()
            unit = registry.resolve(named.group(1), on=periods.parse(label).window().end)
    if unit is None:
        if not units:
            raise InputError([Problem(name, None, None, "no_unit")])
        if len(units) > 1:
            raise InputError([Problem(name, None, None, "several_units", {"units": ", ".join(sorted(units))})])
        unit = units.pop()
    elif units - {unit}:
        raise InputError([Problem(name, None, None, "unit_mismatch", {"unit": unit, "units": ", ".join(sorted(units - {unit}))})])
    if received_on is not None and today is not None:
        problems = received_before_period(name, received_on, label, rule)
        if problems:
            raise InputError(problems)
    return unit, label


def _stored_ids(con, tables: dict[str, pd.DataFrame]) -> dict[str, set[str]]:
    """Per record table the file carries, its ids the store's current data hold (any unit), as core.text.id_key
    writes them (intake.checks.records_before_period); none without a store."""
    from tipmonitor.core.text import id_key

    out: dict[str, set[str]] = {}
    for name, frame in tables.items():
        key = TABLES[name].id_field
        if con is None or not key or not len(frame):
            continue
        con.register("incoming_ids", pd.DataFrame({"id": sorted({id_key(i) for i in frame[key].dropna().astype(str)})}))
        try:
            named = current_select(name, f" AND {id_key_sql('r.' + key)} IN (SELECT id FROM incoming_ids)")
            out[name] = {id_key(str(r)) for (r,) in con.execute(f"SELECT {key} FROM ({named})").fetchall()}
        finally:
            con.unregister("incoming_ids")
    return out


def _replaced(con, tables: dict[str, pd.DataFrame], unit: str, period: str) -> int | None:
    """The latest submission whose tables this one replaces (None: it replaces none)."""
    found = con.execute("SELECT max(submission_id) FROM current_parts WHERE unit = ? AND period = ? AND list_contains(?, table_name)",
                        [unit, period, list(tables)]).fetchall()
    return found[0][0] if found else None


def _current_keys(con, tables: dict[str, pd.DataFrame], unit: str, period: str) -> dict[str, set[str]]:
    """Per table this file carries that its unit and period have now: the keys of the current records
    (replacement.py)."""
    from tipmonitor.store.replacement import keys_of

    out = {}
    for table in tables:
        part = con.execute("SELECT submission_id FROM current_parts WHERE unit = ? AND period = ? AND table_name = ?",
                           [unit, period, table]).fetchall()
        if part:
            current = con.execute(f"SELECT * FROM ({unit_current(table)}) WHERE submission_id = ?",
                                  [unit, unit, part[0][0]]).df()
            out[table] = keys_of(current, table)
    return out


def _replacing(con, tables: dict[str, pd.DataFrame], unit: str, period: str, name: str,
               replace_tables) -> tuple[dict[str, int], list]:
    """replacement.replacing over the current data of the store."""
    from tipmonitor.store.replacement import replacing

    return replacing(_current_keys(con, tables, unit, period), tables, unit, period, name, replace_tables)


def _refuse_rows_of_other_periods(con, tables: dict[str, pd.DataFrame], unit: str, period: str) -> None:
    """Rows labelled with another period than the submission's (intake.checks.rows_outside_period), told
    against the periods the unit has current data for apart from what this file replaces."""
    from tipmonitor.intake.checks import PERIOD_TABLES, rows_outside_period

    existing: set[tuple[str, str]] = set()
    replacing: set[str] = set()
    if con is not None:
        replacing = {t for (t,) in con.execute("SELECT table_name FROM current_parts WHERE unit = ? AND period = ?",
                                              [unit, period]).fetchall()}
        for table in PERIOD_TABLES:
            if table not in tables:
                continue
            found = con.execute(f"SELECT DISTINCT period FROM ({unit_current(table)}) WHERE submission_id NOT IN "
                                "(SELECT submission_id FROM current_parts WHERE unit = ? AND period = ? AND table_name = ?)",
                                [unit, unit, unit, period, table]).fetchall()
            existing |= {(table, label) for (label,) in found}
    problems = rows_outside_period(tables, period, existing, replacing)
    if problems:
        raise InputError(problems)


def _refuse_records_of_other_units(con, tables: dict[str, pd.DataFrame], unit: str) -> None:
    """A record id that the current data give to another unit: refused, never moved to this one."""
    from tipmonitor.intake.checks import ids_of_other_units

    problems = []
    for name, frame in tables.items():
        key = TABLES[name].id_field
        if not key or not len(frame):
            continue
        from tipmonitor.core.text import id_key

        # Compared as id_key does: upper case, runs of spaces, dashes and underscores as one dash.
        con.register("incoming_ids", pd.DataFrame({"id": sorted({id_key(i) for i in frame[key].dropna().astype(str)})}))
        try:
            # The current versions of those ids alone (the window over their versions, not the whole table).
            named = current_select(name, f" AND {id_key_sql('r.' + key)} IN (SELECT id FROM incoming_ids)")
            owners = con.execute(f"SELECT i.id, c.unit, c.submission_id FROM ({named}) c JOIN incoming_ids i "
                                 f"ON {id_key_sql('c.' + key)} = i.id WHERE c.unit <> ?", [unit]).fetchall()
        finally:
            con.unregister("incoming_ids")
        problems += ids_of_other_units(frame, name, {i: (u, s) for i, u, s in owners}, frame.attrs.get("headers", {}))
    if problems:
        raise InputError(problems)


def _refuse_register_rows_of_other_periods(con, tables: dict[str, pd.DataFrame], unit: str, period: str,
                                           rule: str) -> None:
    """intake.checks.registers_changing_periods over the store's current data."""
    from tipmonitor.intake.checks import registers_changing_periods

    def held(name: str, day: str, outcome: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        sent = con.execute("""SELECT s.period, min(s.period_start) AS first, max(s.period_end) AS last
            FROM submissions s JOIN current_parts c USING (submission_id)
            WHERE c.unit = ? AND c.table_name = ? AND s.period <> ? GROUP BY s.period""", [unit, name, period]).df()
        stored = con.execute(f"""SELECT c.register_number, c.accepted_date, c.{day} AS day, c.{outcome} AS outcome
            FROM ({unit_current(name)}) c""", [unit, unit]).df()
        return sent, stored

    problems = registers_changing_periods(tables, period, rule, held)
    if problems:
        raise InputError(problems)


def _check_with_current(con, tables: dict[str, pd.DataFrame], unit: str, period: str, rule: str,
                        lang: str | None = None) -> list[str]:
    """The cross-record checks for this submission against the current data of its unit.

    A link to a case that is not in the store yet is a note, not a refusal: submissions
    arrive in any order, and the case may come with another unit's or a later one.
    """
    from tipmonitor.intake.checks import dangling_links

    dataset = Dataset.empty()
    known_cases: set[str] = set()
    if con is not None:
        others = ("submission_id NOT IN (SELECT submission_id FROM current_parts "
                  "WHERE unit = ? AND period = ? AND table_name = ?)")
        for table in TABLES:
            replaced = table if table in tables else ""  # a table the file does not carry stays as it is
            current = con.execute(f"SELECT * EXCLUDE (submission_id) FROM ({unit_current(table)}) WHERE {others}",
                                  [unit, unit, unit, period, replaced]).df()
            setattr(dataset, table, _conform(current, table))
        # Of every current case, only those the file's links name matter (dangling_links): their versions alone.
        linked = sorted({str(i) for name in ("victims", "crime_reports") if name in tables
                         for i in tables[name]["case_id"].dropna()})
        import pyarrow as pa

        con.register("linked_cases", pa.table({"id": pa.array(linked, pa.string())}))
        try:
            cases = current_select("cases", " AND r.case_id IN (SELECT id FROM linked_cases)")
            known_cases = {r[0] for r in con.execute(f"SELECT case_id FROM ({cases}) WHERE {others}",
                                                     [unit, period, "cases" if "cases" in tables else ""]).fetchall()}
        finally:
            con.unregister("linked_cases")
    for table, frame in tables.items():
        existing = dataset.table(table)
        key = TABLES[table].id_field
        if key and len(existing):
            existing = existing[~existing[key].isin(frame[key])]  # this submission's versions replace them
        elif TABLES[table].key and len(existing):  # a register's acceptances, by (unit, number, date)
            keys = list(TABLES[table].key)
            existing = existing[~pd.MultiIndex.from_frame(existing[keys].astype(str)).isin(
                pd.MultiIndex.from_frame(frame[keys].astype(str)))]
        setattr(dataset, table, pd.concat([existing, frame], ignore_index=True) if len(existing) else frame)
    check_dataset(dataset, rule, links=False)
    submitted = Dataset.empty()
    for table, frame in tables.items():
        setattr(submitted, table, frame)
    known_cases |= set(submitted.cases["case_id"].dropna())
    return [p.render(lang) for p in dangling_links(submitted, known_cases)]


# For store/bulk.py, which judges and writes submissions as this module does, many at a time.
committed = _committed
conform = _conform
database_error = _database_error
identify = _identify
pause_for_tests = _pause_for_tests
user = _user
