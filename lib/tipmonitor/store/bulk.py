"""Many submissions into the store in one pass: a quarter's unit files, the sample, an archive rebuilt.

``ingest_batch`` gives every submission the verdict ``Store.ingest`` would give it, taken one after
the other in the order given (a refused file never blocks the others, unless ``all_or_nothing``),
and stores the accepted ones as one submission each, with the same numbers, history and archive
entries as the one-by-one path. What makes it fast:

- the files of all submissions are read and checked together (database.read_submissions): each
  file's own checks, with the bodies of alike sheets parsed as one;
- the unit registry is read once;
- the current data the cross-checks need (the batch's units, and the records whose ids the batch
  names) are read once per table (``_Current.load``), then kept up to date in memory as each accepted
  submission replaces its parts; the checks of a submission against them (``_Batch.judge``) are per
  unit and table: one unit's aggregates and activities, the owners of the ids it sends;
- everything is written in one transaction (one insert per table), and the archive entries staged
  before the commit and made final after it (archive.py), as one pass.

Each submission is judged by the small steps of ``_Batch.judge``, in the order ``Store._ingest``
takes them: its own checks (unit and period, ``own_checks``), unchanged, the tables it would empty,
ids of other units, and the checks across the unit's current data. A per-file guard plugs in at
``own_checks`` (the file alone) or beside ``_Current.emptied`` (the file against the part it replaces).

Interrupted (Ctrl-C or an error) before the commit, nothing is stored and the staged archive entries
are removed; interrupted at the commit, what the store holds is told (``BatchInterrupted``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from tipmonitor.core import words
from tipmonitor.core.problems import InputError
from tipmonitor.core.text import id_key
from tipmonitor.model import periods
from tipmonitor.model.dataset import Dataset
from tipmonitor.model.schema import TABLES
from tipmonitor.store.archive import archive_meta, discard, finalize, stager
from tipmonitor.store.database import (RECORD_TABLES, IngestResult, ReadJob, StoreError, read_submissions)
from tipmonitor.store.database import committed as _committed
from tipmonitor.store.database import conform as _conform
from tipmonitor.store.database import database_error as _database_error
from tipmonitor.store.database import id_key_sql
from tipmonitor.store.database import identify as _identify
from tipmonitor.store.database import pause_for_tests as _pause_for_tests
from tipmonitor.store.database import user as _user
from tipmonitor.store.screen import AFTER_PERIOD, AFTER_RECEIVED, BEFORE_PERIOD, OTHER_PERIOD, Screen, screen


@dataclass
class Item:
    """One submission of a batch, with what ``Store.ingest`` takes for it."""

    path: Path
    unit: str | None = None
    period: str | None = None
    received_on: date | None = None
    today: date | None = None
    rule: str = "official"
    mapping: object = None
    provenance: tuple[datetime, str, int] | None = None  # rebuilding: as first ingested (archive.py)
    allow_period_outside: bool = False
    replace_tables: "bool | Collection[str]" = False  # as Store.ingest's: every table, or the tables named

    @property
    def admit_all(self) -> bool:
        return self.allow_period_outside or self.provenance is not None


@dataclass
class Verdict:
    """What became of one submission: its result (stored, unchanged, validated) or why it was refused."""

    item: Item
    result: IngestResult | None = None
    error: InputError | None = None
    held: bool = False  # acceptable, but not stored: another file of an all-or-nothing batch was refused


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a batch: ``stored`` tells whether the batch was committed (all its accepted files) or not."""

    def __init__(self, stored: bool, verdicts: list[Verdict]):
        super().__init__("stored" if stored else "nothing stored")
        self.stored, self.verdicts = stored, verdicts


@dataclass
class _Accepted:
    number: int
    item: Item
    unit: str
    period: str
    start: date
    end: date
    digest: str
    raw: list[tuple[str, bytes]]
    tables: dict[str, pd.DataFrame]
    result: IngestResult
    ingested_at: datetime
    ingested_by: str
    received_on: date


def ingest_batch(store, items: list[Item], lang: str | None = None, dry_run: bool = False,
                 all_or_nothing: bool = False, registry=None, progress=None) -> list[Verdict]:
    """Every submission judged as ``Store.ingest`` judges it, in order, and the accepted ones stored in one
    transaction. ``progress(stage, done, total, rows)`` is told how far reading ("read"), checking ("check")
    and writing ("write") have gone. Ctrl-C raises ``BatchInterrupted`` saying whether the batch was stored."""
    from tipmonitor.model.units import load_registry

    lang = lang or words.default_lang()
    registry = registry or load_registry()
    verdicts = [Verdict(item) for item in items]
    try:
        jobs = [ReadJob(Path(i.path), i.today, i.mapping, i.admit_all, {"unit": i.unit, "period": i.period})
                for i in items]
        reads = read_submissions(jobs, registry, (lambda done, total: progress("read", done, total, 0)) if progress else None)
        judged: list[tuple[int, str, str, object]] = []
        for index, (item, read) in enumerate(zip(items, reads)):
            if isinstance(read, InputError):
                verdicts[index].error = read
                continue
            try:
                unit, period = own_checks(item, read, registry)
            except InputError as error:
                verdicts[index].error = error
                continue
            judged.append((index, unit, period, read))
        if not judged:
            return verdicts
        screened = screen(judged, items)
        if not store.exists():  # judged first without it: a batch refused whole leaves no store behind
            accepted = _judge_all(_Batch(_Current(), 0, lang, dry_run, screened), judged, verdicts, progress)
            if dry_run or not accepted or (all_or_nothing and any(v.error for v in verdicts)):
                _hold(verdicts, all_or_nothing)
                return verdicts
            with store.connect(write=True) as con:
                if _last_number(con) or con.execute("SELECT count(*) FROM submissions").fetchone()[0]:
                    raise StoreError("store.changed_meanwhile", path=store.path)
                _commit(store, con, accepted, verdicts, 0, progress)
            return verdicts
        with store.connect(write=not dry_run) as con:
            current = _Current.load(con, {unit for _, unit, _, _ in judged}, [read for *_, read in judged])
            last = _last_number(con)
            accepted = _judge_all(_Batch(current, last, lang, dry_run, screened), judged, verdicts, progress)
            if dry_run or not accepted or (all_or_nothing and any(v.error for v in verdicts)):
                _hold(verdicts, all_or_nothing)
                return verdicts
            _commit(store, con, accepted, verdicts, last, progress)
        return verdicts
    except KeyboardInterrupt as stop:
        if isinstance(stop, BatchInterrupted):
            raise
        _hold(verdicts, True)
        raise BatchInterrupted(False, verdicts) from None


def own_checks(item: Item, read, registry) -> tuple[str, str]:
    """A submission's checks on its own, after its files are read: its unit and period (given, or read from
    it), the period in the range taken. The place for further checks of one file alone."""
    return _identify(Path(item.path), read.tables, item.unit, item.period, registry,
                     None if item.provenance is not None else (item.today or date.today()), item.received_on, item.rule,
                     item.allow_period_outside)


def _judge_all(batch: "_Batch", judged, verdicts: list[Verdict], progress) -> list[_Accepted]:
    """Each submission judged in order against the current data as the ones before it left them."""
    accepted: list[_Accepted] = []
    rows = 0
    for count, (index, unit, period, read) in enumerate(judged, start=1):
        verdict = verdicts[index]
        try:
            outcome = batch.judge(verdict.item, unit, period, read, index)
        except InputError as error:
            verdict.error = error
        else:
            if isinstance(outcome, IngestResult):
                verdict.result = outcome
            else:
                verdict.result = outcome.result
                accepted.append(outcome)
                rows += sum(outcome.result.rows.values())
        if progress:
            progress("check", count, len(judged), rows)
    return accepted


def _hold(verdicts: list[Verdict], all_or_nothing: bool) -> None:
    """Submissions judged acceptable but not stored (an all-or-nothing batch with a refusal, an interruption)."""
    if not all_or_nothing:
        return
    for v in verdicts:
        if v.result is not None and v.result.status == "ingested":
            v.result, v.held = None, True


def _last_number(con) -> int:
    """The last submission number handed out (numbers skipped by a failed ingest stay used up)."""
    found = con.execute("SELECT last_value FROM duckdb_sequences() WHERE sequence_name = 'submission_ids'").fetchone()
    return int(found[0]) if found and found[0] is not None else 0


def _commit(store, con, accepted: list[_Accepted], verdicts: list[Verdict], last: int, progress) -> None:
    """The accepted submissions written in one transaction, their archive entries staged before the commit
    and made final after it."""
    import duckdb

    pending: list[Path] = []
    con.execute("BEGIN TRANSACTION")
    try:
        top = accepted[-1].number
        if top > last:  # the sequence moves on past the numbers given
            con.execute("SELECT max(nextval('submission_ids')) FROM range(?)", [top - last]).fetchall()
        _write(con, accepted)
        if store.archive:  # the archive copies before the commit: a stored submission is always archived
            with stager(store.path) as stage_one:
                for count, a in enumerate(accepted, start=1):
                    pending.append(stage_one(a.number, a.raw, archive_meta(
                        a.number, a.unit, a.period, Path(a.item.path).name, a.digest, a.received_on,
                        a.ingested_at, a.ingested_by, a.item.rule, a.item.mapping)))
                    if progress and count % 50 == 0:
                        progress("write", count, len(accepted), 0)
        _pause_for_tests()
        con.execute("COMMIT")
    except BaseException as error:
        if not _committed(con, top, accepted[-1].digest):
            discard(pending)
            _hold(verdicts, True)  # nothing of the batch is in the store
            if isinstance(error, KeyboardInterrupt):
                raise BatchInterrupted(False, verdicts) from None
            if isinstance(error, OSError):
                raise StoreError("store.archive_failed", error=error) from None
            if isinstance(error, duckdb.Error):
                raise _database_error(store.path, error) from error
            raise
        for entry in pending:  # stored all the same (interrupted as the commit ended)
            finalize(entry)
        if isinstance(error, KeyboardInterrupt):
            raise BatchInterrupted(True, verdicts) from None
        raise
    for entry in pending:
        finalize(entry)
    if progress:
        progress("write", len(accepted), len(accepted), 0)


def _write(con, accepted: list[_Accepted]) -> None:
    """The accepted submissions, their files, tables and rows: one insert per table."""
    import pyarrow as pa

    if not accepted:
        return
    submissions = pd.DataFrame([{
        "submission_id": a.number, "unit": a.unit, "period": a.period, "period_start": a.start, "period_end": a.end,
        "source": Path(a.item.path).name, "content_hash": a.digest, "ingested_at": a.ingested_at,
        "ingested_by": a.ingested_by, "received_on": a.received_on,
        **{f"rows_{name}": a.result.rows[name] for name in ("crime_reports", "cases", "victims", "aggregates")},
        "supersedes": a.result.supersedes, "notes": "; ".join(a.result.notes) or None} for a in accepted])
    submissions["supersedes"] = submissions["supersedes"].astype("Int64")
    _append(con, "submissions", pa.Table.from_pandas(submissions, preserve_index=False))
    files = [(a.number, name, data) for a in accepted for name, data in a.raw]
    _append(con, "submission_files", pa.table({"submission_id": pa.array([f[0] for f in files], pa.int64()),
                                               "name": [f[1] for f in files],
                                               "content": pa.array([f[2] for f in files], pa.binary())}))
    carried = [(a.number, name) for a in accepted for name in a.tables]
    _append(con, "submission_tables", pa.table({"submission_id": pa.array([c[0] for c in carried], pa.int64()),
                                                "table_name": [c[1] for c in carried]}))
    for name, table in TABLES.items():
        parts = [(a.number, a.tables[name]) for a in accepted if name in a.tables and len(a.tables[name])]
        if not parts:
            continue
        frame = pd.concat([p[1] for p in parts], ignore_index=True)[[*table.columns, "_file", "_row"]]
        data = pa.Table.from_pandas(frame, preserve_index=False)
        numbers = np.repeat([p[0] for p in parts], [len(p[1]) for p in parts]).astype(np.int64)
        _append(con, name, data.add_column(0, "submission_id", pa.array(numbers, pa.int64())))


def _append(con, name: str, data) -> None:
    """An Arrow table appended to a store table, by column name."""
    listed = ", ".join(f'"{c}"' for c in data.column_names)
    con.register("incoming", data)
    con.execute(f"INSERT INTO {name} ({listed}) SELECT {listed} FROM incoming")
    con.unregister("incoming")


# --- the current data, in memory ---------------------------------------------------------------

_KEYS = {"aggregates": ["unit", "period", "measure"], "activities": ["unit", "period", "activity"],
         "unit_texts": ["unit", "period"]}


@dataclass
class _Current:
    """What the cross-checks read of the store's current data, kept up to date as the batch goes.

    ``parts``: (unit, period, table) -> the submission carrying it (the view current_parts);
    ``hashes``: submission -> (content hash, period end); ``rows``: (unit, table) -> {submission: its rows}
    for the batch's units' current parts; ``versions``: table -> record id -> {submission: (period end,
    unit)}, every version in a current part of the records the batch's units hold or the batch names.
    """

    parts: dict[tuple[str, str, str], int] = field(default_factory=dict)
    hashes: dict[int, tuple[str, date]] = field(default_factory=dict)
    rows: dict[tuple[str, str], dict[int, pd.DataFrame]] = field(default_factory=dict)
    versions: dict[str, dict[str, dict[int, tuple[date, str]]]] = field(
        default_factory=lambda: {name: {} for name in RECORD_TABLES})
    activity_keys: dict[int, set] = field(default_factory=dict)  # per submission: its (unit, period, activity)
    # table -> id as ids are compared between units (core.text.id_key) -> the ids written so in ``versions``
    same_ids: dict[str, dict[str, set[str]]] = field(default_factory=lambda: {name: {} for name in RECORD_TABLES})
    # (unit, table) -> unit_rows' answer, until a submission replaces a part it reads (``replace``)
    answered: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)
    part_periods: dict[tuple[str, int], frozenset[str] | None] = field(default_factory=dict)  # (table, part): its periods
    carried: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (unit, period) -> its tables in ``parts``

    @classmethod
    def load(cls, con, units: set[str], reads: list) -> "_Current":
        """One query per table: the batch's units' current parts, and every current version of the ids named."""
        import pyarrow as pa

        current = cls()
        for number, content, end in con.execute("SELECT submission_id, content_hash, period_end FROM submissions").fetchall():
            current.hashes[int(number)] = (content, end)
        for unit, period, table, number in con.execute("SELECT unit, period, table_name, submission_id FROM current_parts").fetchall():
            current.parts[(unit, period, table)] = int(number)
            current.carried.setdefault((unit, period), set()).add(table)
        if not current.parts:
            return current
        listed = pa.table({"unit": pa.array(sorted(units), pa.string())})
        con.register("batch_units", listed)
        try:
            for name in TABLES:
                frame = con.execute(f"""SELECT r.* FROM {name} r JOIN batch_units b ON r.unit = b.unit
                    WHERE r.submission_id IN (SELECT submission_id FROM current_parts WHERE table_name = '{name}')""").df()
                for (unit, number), part in frame.groupby(["unit", "submission_id"], sort=False):
                    current.rows.setdefault((unit, name), {})[int(number)] = _conform(part, name).reset_index(drop=True)
            for name in RECORD_TABLES:
                key = TABLES[name].id_field
                named = {str(i) for read in reads for i in read.tables.get(name, pd.DataFrame({key: []}))[key].dropna()}
                if name == "cases":
                    named |= {str(i) for read in reads for t in ("victims", "crime_reports")
                              for i in read.tables.get(t, pd.DataFrame({"case_id": []}))["case_id"].dropna()}
                # The ids named as ids compare between units (id_key: case, spaces and dashes aside), as the
                # one-by-one path's ownership check compares them.
                con.register("named_ids", pa.table({"id": pa.array(sorted({id_key(i) for i in named}), pa.string())}))
                try:
                    found = con.execute(f"""
                        WITH parts AS (SELECT submission_id FROM current_parts WHERE table_name = '{name}'),
                        wanted AS (SELECT r.{key} AS id FROM {name} r JOIN batch_units b ON r.unit = b.unit
                                   WHERE r.submission_id IN (SELECT submission_id FROM parts))
                        SELECT r.{key}, r.submission_id, s.period_end, r.unit FROM {name} r
                        JOIN submissions s USING (submission_id)
                        WHERE r.submission_id IN (SELECT submission_id FROM parts) AND (r.{key} IN (SELECT id FROM wanted)
                              OR {id_key_sql(f'r.{key}')} IN (SELECT id FROM named_ids))
                        """).fetchall()
                finally:
                    con.unregister("named_ids")
                for record, number, end, unit in found:
                    current.add_version(name, record, int(number), end, unit)
        finally:
            con.unregister("batch_units")
        return current

    def numbers(self, unit: str, period: str) -> list[int]:
        """The submissions carrying the unit's current parts for the period, in order."""
        return sorted({self.parts[(unit, period, table)] for table in self.carried.get((unit, period), ())})

    def add_version(self, table: str, record: str, number: int, end: date, unit: str) -> None:
        self.versions[table].setdefault(record, {})[number] = (end, unit)
        self.same_ids[table].setdefault(id_key(record), set()).add(record)

    def owner(self, table: str, record: str, unit: str) -> tuple[str, int] | None:
        """Another unit holding ``record`` now, compared as ids are between units (id_key), with the submission."""
        for written in sorted(self.same_ids[table].get(id_key(record), ())):
            won = self.winner(table, written)
            if won is not None and won[1] != unit:
                return won[1], won[0]
        return None

    def held_ids(self, tables: dict[str, pd.DataFrame]) -> dict[str, set[str]]:
        """As database._stored_ids: per record table carried, its ids a current version holds (any unit), as id_key
        writes them."""
        out: dict[str, set[str]] = {}
        for name, frame in tables.items():
            if name not in RECORD_TABLES or not len(frame):
                continue
            out[name] = {k for k in {id_key(str(i)) for i in frame[TABLES[name].id_field].dropna()}
                         if any(self.winner(name, w) is not None for w in self.same_ids[name].get(k, ()))}
        return out

    def current_keys(self, tables: dict[str, pd.DataFrame], unit: str, period: str) -> dict[str, set[str]]:
        """As database._current_keys: per table carried that the unit and period have now, its current records' keys."""
        from tipmonitor.store.replacement import keys_of

        out = {}
        for table in tables:
            number = self.parts.get((unit, period, table))
            if number is None:
                continue
            mine = self.unit_rows(unit, table)
            out[table] = keys_of(mine[mine["submission_id"] == number] if len(mine) else mine, table)
        return out

    def other_periods(self, tables: dict[str, pd.DataFrame], unit: str, period: str) -> set[tuple[str, str]]:
        """As database._refuse_rows_of_other_periods reads them: the periods the unit has current rows for in each
        table with a period column, apart from the part this file replaces."""
        from tipmonitor.intake.checks import PERIOD_TABLES

        out: set[tuple[str, str]] = set()
        for table in PERIOD_TABLES:
            if table not in tables:
                continue
            mine = self.unit_rows(unit, table)
            if len(mine):
                others = mine[mine["submission_id"] != self.parts.get((unit, period, table))]
                out |= {(table, label) for label in others["period"].dropna().unique()}
        return out

    # -- what the views give --

    def winner(self, table: str, record: str) -> tuple[int, str] | None:
        """The current version of a record (current_<table>): its submission and unit."""
        found = self.versions[table].get(record)
        if not found:
            return None
        number, (_, unit) = max(found.items(), key=lambda kv: (kv[1][0], kv[0]))
        return number, unit

    def unit_rows(self, unit: str, table: str) -> pd.DataFrame:
        """The unit's current rows of a table (current_<table> WHERE unit = ?), with their submission; the
        answer is kept until a submission of the batch replaces a part it reads (the checks of one submission
        ask it up to four times)."""
        found = self.answered.get((unit, table))
        if found is None:
            found = self.answered[(unit, table)] = self._unit_rows(unit, table)
        return found

    def _unit_rows(self, unit: str, table: str) -> pd.DataFrame:
        held = self.rows.get((unit, table), {})
        if not held:
            return pd.DataFrame()
        parts = list(held.values())
        frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
        frame["submission_id"] = np.repeat(np.fromiter(held, dtype=np.int64, count=len(held)), [len(p) for p in parts])
        if table in RECORD_TABLES:
            key = TABLES[table].id_field
            won = [self.winner(table, record) == (number, unit) for record, number in zip(frame[key], frame["submission_id"])]
            return frame[np.asarray(won, dtype=bool)]
        keys = _KEYS.get(table) or list(TABLES[table].key)  # a register: its unit, number and acceptance date
        if len(held) == 1 or ("period" in keys and self._periods_apart(table, held)):
            return frame  # no key in two parts: every row is current
        latest = frame.groupby(keys, dropna=False)["submission_id"].transform("max")
        return frame[frame["submission_id"] == latest]

    def _periods_apart(self, table: str, held: dict[int, pd.DataFrame]) -> bool:
        """Whether no two of the parts have rows of the same period (nor an empty one), so that none of their keys,
        which hold the period, is in two of them."""
        seen: set[str] = set()
        for number, part in held.items():
            labels = self.part_periods.get((table, number))
            if labels is None:
                column = part["period"]
                labels = self.part_periods[(table, number)] = (
                    None if column.isna().any() else frozenset(column.astype(str).unique()))
            if labels is None or not seen.isdisjoint(labels):
                return False
            seen |= labels
        return True

    def activities_may_repeat(self, incoming: pd.DataFrame | None, unit: str, period: str,
                              keys: list[tuple] | None = None) -> bool:
        """Whether the unit's activities could repeat one (unit, period, activity) once this file's replace its
        part: a key twice in the file, or one the unit's other current parts hold (checks._activity_duplicates).
        ``keys``: the file's keys, when known (screen.py)."""
        if incoming is None or not len(incoming):
            return False
        keys = keys if keys is not None else list(zip(incoming["unit"], incoming["period"], incoming["activity"]))
        if len(set(keys)) < len(keys):
            return True
        replaced = self.parts.get((unit, period, "activities"))
        held = self.rows.get((unit, "activities"), {})
        return any(number != replaced and not self._keys(number, part).isdisjoint(keys) for number, part in held.items())

    def _keys(self, number: int, part: pd.DataFrame) -> set:
        found = self.activity_keys.get(number)
        if found is None:
            found = self.activity_keys[number] = set(zip(part["unit"], part["period"], part["activity"]))
        return found

    def replace(self, number: int, unit: str, period: str, end: date, digest: str,
                tables: dict[str, pd.DataFrame]) -> None:
        """An accepted submission becomes the current part of each table it carries."""
        self.hashes[number] = (digest, end)
        for table, frame in tables.items():
            if table in RECORD_TABLES:  # the winners of its records may change in other units' rows too
                for key in [k for k in self.answered if k[1] == table]:
                    del self.answered[key]
            else:
                self.answered.pop((unit, table), None)
            old = self.parts.get((unit, period, table))
            self.parts[(unit, period, table)] = number
            self.carried.setdefault((unit, period), set()).add(table)
            held = self.rows.setdefault((unit, table), {})
            if old is not None and old in held:
                gone = held.pop(old)
                if table in RECORD_TABLES:
                    versions = self.versions[table]
                    for record in gone[TABLES[table].id_field]:
                        versions.get(record, {}).pop(old, None)
            held[number] = frame
            if table in RECORD_TABLES:
                for record in frame[TABLES[table].id_field]:
                    self.add_version(table, record, number, end, unit)


# --- one submission judged ---------------------------------------------------------------------

class _Batch:
    def __init__(self, current: _Current, last: int, lang: str, dry_run: bool, screened: Screen | None = None):
        self.current, self.last, self.lang, self.dry_run = current, last, lang, dry_run
        self.screen = screened or Screen()  # the checks that certainly find nothing in a submission are not asked

    def _next_number(self, wanted: int | None) -> int:
        """As database._next_number: the next number, or when rebuilding the archived one (those skipped are used up)."""
        self.last = max(self.last + 1, wanted or 0)
        return self.last

    def judge(self, item: Item, unit: str, period: str, read, index: int = -1) -> "_Accepted | IngestResult":
        """The verdict ``Store._ingest`` gives: unchanged, refused (InputError), validated, or accepted. ``index``: the
        submission's place in the batch, as screened (screen.py)."""
        from tipmonitor.intake.checks import (dangling_links, ids_of_other_units, records_after_period,
                                              records_after_received, records_before_period, rows_outside_period)
        from tipmonitor.store.replacement import replacing

        current, tables, may = self.current, read.tables, self.screen.may
        path = Path(item.path)
        notes = [f"{s['file']}:{s['row']}: {words.say('skipped.' + s['why'], self.lang)}" for s in read.skipped]
        notes += [f"{where}: {words.say('sheet.' + why, self.lang)}" for where, why in read.sheets]
        window = periods.parse(period).window(item.rule)
        rows = {name: len(tables.get(name, ())) for name in TABLES}
        if item.provenance is None and may(index, OTHER_PERIOD):  # rows labelled with another period than the file's
            problems = rows_outside_period(tables, period, current.other_periods(tables, unit, period),
                                           {t for t in tables if (unit, period, t) in current.parts})
            if problems:
                raise InputError(problems)
        notes += records_after_period(tables, window.end, self.lang) if may(index, AFTER_PERIOD) else []
        if item.provenance is None and may(index, BEFORE_PERIOD):
            notes += [p.render(self.lang) for p in records_before_period(tables, period, item.rule, current.held_ids(tables))]
        if item.provenance is None and item.received_on and may(index, AFTER_RECEIVED):
            notes += [p.render(self.lang) for p in records_after_received(tables, item.received_on)]
        found = current.numbers(unit, period)
        same = [n for n in found if current.hashes[n][0] == read.digest
                and all(current.parts.get((unit, period, name)) == n for name in tables)]
        if same:
            return IngestResult("unchanged", unit, period, same[0], rows, notes=notes)
        carried = [current.parts[(unit, period, name)] for name in tables if (unit, period, name) in current.parts]
        supersedes = max(carried) if carried else None
        emptied, changed = replacing(current.current_keys(tables, unit, period), tables, unit, period, path.name,
                                     item.replace_tables if item.provenance is None else True)
        notes += [change.describe(self.lang) for change in changed]
        if item.provenance is None:  # records the current data give to another unit
            problems = []
            for name, frame in tables.items():
                key = TABLES[name].id_field
                if not key or not len(frame):
                    continue
                owners = {}
                named = self.screen.ids.get((index, name)) if index in self.screen.screened else None
                for record in frame[key].dropna().astype(str).unique() if named is None else named:
                    held = current.owner(name, record, unit)
                    if held is not None:
                        owners[id_key(record)] = held
                if owners:
                    problems += ids_of_other_units(frame, name, owners, frame.attrs.get("headers", {}))
            if problems:
                raise InputError(problems)
        if item.provenance is None:
            self._check_registers(tables, unit, period, item.rule)
        self._check_unit(tables, unit, period, item.rule, index)
        if any(len(tables.get(name, ())) and tables[name]["case_id"].notna().any() for name in ("victims", "crime_reports")):
            submitted = _dataset(tables)
            notes += [p.render(self.lang) for p in dangling_links(submitted, self._known_cases(submitted, unit, period, tables))]
        if self.dry_run:
            return IngestResult("validated", unit, period, None, rows, supersedes, notes, emptied)
        ingested_at, ingested_by, wanted = item.provenance or (datetime.now(), _user(), None)
        number = self._next_number(wanted)
        result = IngestResult("ingested", unit, period, number, rows, supersedes, notes, emptied)
        accepted = _Accepted(number, item, unit, period, window.start, window.end, read.digest, read.raw, tables, result,
                             ingested_at, ingested_by, item.received_on or date.today())
        current.replace(number, unit, period, window.end, read.digest, tables)
        return accepted

    def _check_registers(self, tables: dict[str, pd.DataFrame], unit: str, period: str, rule: str) -> None:
        """As database._refuse_register_rows_of_other_periods, over the batch's current data."""
        from tipmonitor.intake.checks import registers_changing_periods

        def held(name: str, day: str, outcome: str) -> tuple[pd.DataFrame, pd.DataFrame]:
            windows = [(p, periods.parse(p).window(rule)) for (u, p, t) in self.current.parts if u == unit and t == name
                       and p != period]
            sent = pd.DataFrame([(p, w.start, w.end) for p, w in windows], columns=["period", "first", "last"])
            mine = self.current.unit_rows(unit, name)
            stored = (mine[["register_number", "accepted_date", day, outcome]].rename(columns={day: "day", outcome: "outcome"})
                      if len(mine) else pd.DataFrame(columns=["register_number", "accepted_date", "day", "outcome"]))
            return sent, stored

        problems = registers_changing_periods(tables, period, rule, held)
        if problems:
            raise InputError(problems)

    def _check_unit(self, tables: dict[str, pd.DataFrame], unit: str, period: str, rule: str, index: int = -1) -> None:
        """database._check_with_current's checks across the unit's current data, run only where they can
        find something: the unit's counts and activities (repeated, inconsistent, mixed with records), ids
        repeated across the submission's own files (the current records of the unit are one per id, and
        the submission's versions replace them)."""
        from tipmonitor.intake.loading import check_dataset

        current, screened = self.current, index in self.screen.screened
        counted = len(tables.get("aggregates", ())) > 0 or bool(current.rows.get((unit, "aggregates")))
        counted = counted or current.activities_may_repeat(tables.get("activities"), unit, period,
                                                           self.screen.activity_keys.get(index, []) if screened else None)
        several = (index in self.screen.several if screened
                   else any(frame["_file"].nunique() > 1 for frame in tables.values() if len(frame)))
        if not counted and not several:
            return
        dataset = _dataset({})
        for table in TABLES:
            if table == "unit_texts" or (not counted and table not in tables):
                continue
            existing = current.unit_rows(unit, table) if counted else pd.DataFrame()
            if len(existing):
                if table in tables:  # a table the file carries replaces the unit's part of it
                    existing = existing[existing["submission_id"] != current.parts.get((unit, period, table))]
                existing = existing.drop(columns="submission_id")
            frame = tables.get(table)
            key = TABLES[table].id_field
            if frame is not None and key and len(existing):
                existing = existing[~existing[key].isin(frame[key])]
            parts = [p for p in (existing, frame) if p is not None and len(p)]
            if parts:
                setattr(dataset, table, pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0])
            elif frame is not None:
                setattr(dataset, table, frame)
        check_dataset(dataset, rule, links=False)

    def _known_cases(self, submitted: Dataset, unit: str, period: str, tables: dict[str, pd.DataFrame]) -> set[str]:
        """The cases a link may name without a note: every current case but those of the part this file
        replaces, and the file's own."""
        wanted = set()
        for name in ("victims", "crime_reports"):
            wanted |= {str(i) for i in submitted.table(name)["case_id"].dropna()}
        replaced = self.current.parts.get((unit, period, "cases")) if "cases" in tables else None
        known = set(submitted.cases["case_id"].dropna())
        for record in wanted - known:
            won = self.current.winner("cases", record)
            if won is not None and won[0] != replaced:
                known.add(record)
        return known


_EMPTY: list[Dataset] = []


def _dataset(tables: dict[str, pd.DataFrame]) -> Dataset:
    """A Dataset of these tables (the others empty) for the checks, without building one afresh each time."""
    import copy

    if not _EMPTY:
        _EMPTY.append(Dataset.empty())
    dataset = copy.copy(_EMPTY[0])
    for name, frame in tables.items():
        setattr(dataset, name, frame)
    return dataset
