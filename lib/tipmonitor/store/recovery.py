"""Checking the store against its archive, filling the archive, and rebuilding the store from it.

``rebuild`` replays the archive (archive.py) in submission order through the ordinary
ingest path (same validation, same dates, same submission numbers) into a new file and
swaps it in, keeping the damaged one aside, all under the store's write lock; numbers the
archive lacks are named (``RebuildResult.missing``), not a reason to refuse the rest. ``check`` says whether the store opens, has
the expected schema, holds the archive's submissions, and whether its kept bytes still
match their hashes. ``export_archive`` writes the entries a store holds but its archive lacks.
"""

from __future__ import annotations

import json
import shutil
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from tipmonitor.core import words
from tipmonitor.core.files import private, publish
from tipmonitor.core.problems import InputError
from tipmonitor.model.city import city_config
from dataclasses import dataclass

from tipmonitor.store.archive import archive_dir, entries, gaps, keep, meta_from_row, pending, settle
from tipmonitor.store.database import Store, StoreError, content_hash


def export_archive(store) -> int:
    """Archive every submission the store holds but the archive lacks (stores made before the archive,
    or an entry lost between commit and archive); returns how many were written."""
    have = {int(p.name) for p in entries(store.path)}
    written = 0
    with store.connect(write=True) as con:  # a write: it settles entries left pending, under the lock
        rows = con.execute("SELECT * FROM submissions ORDER BY submission_id").df()
        for row in rows.to_dict("records"):
            if int(row["submission_id"]) in have:
                continue
            files = con.execute("SELECT name, content FROM submission_files WHERE submission_id = ? ORDER BY name",
                                [row["submission_id"]]).fetchall()
            keep(store.path, int(row["submission_id"]), [(n, bytes(c)) for n, c in files], meta_from_row(row))
            written += 1
    return written


def check(store, lang: str | None = None) -> list[str]:
    """What is wrong with the store, in sentences in ``lang`` (empty when all is well)."""
    archived = {int(p.name) for p in entries(store.path)}
    if not store.exists():
        if not archived:
            return [words.say("check.no_store", lang, path=store.path)]
        lost = gaps(sorted(archived))
        return [words.say("check.no_store_rebuild", lang, path=store.path, count=len(archived))
                + (words.say("check.rebuild_gaps", lang, numbers=_numbers(lost)) if lost else "")]
    problems, stored = _integrity(store, lang)
    if stored is None:
        return problems
    if city_config().private_files:
        for path in [store.path, *([archive_dir(store.path)] if archive_dir(store.path).exists() else [])]:
            if path.stat().st_mode & 0o077:
                problems.append(words.say("check.readable", lang, path=path))
    missing = sorted(set(stored) - archived)
    if missing:
        problems.append(words.say("check.not_archived", lang, count=len(missing), ids=_numbers(missing)))
    left = pending(store.path)
    if left:
        problems.append(words.say("check.pending", lang, count=len(left), numbers=_numbers([int(p.name) for p in left])))
    lost = sorted(archived - set(stored))
    if lost:
        problems.append(words.say("check.not_stored", lang, count=len(lost), ids=_numbers(lost)))
    return problems


def damage(store, lang: str | None = None) -> list[str]:
    """What ``check`` finds wrong with the store file itself (unreadable, damaged, files not as hashed):
    what archiving cannot mend. Empty for a sound store."""
    return _integrity(store, lang)[0] if store.exists() else []


def _integrity(store, lang: str | None) -> tuple[list[str], dict | None]:
    """Every table read to its end (a truncated file fails here), and every submission's files against
    their hash: (problems, the stored hashes; None when the store cannot be read)."""
    from tipmonitor.model.schema import TABLES

    problems = []
    try:
        with store.connect(write=False) as con:
            for table in ("submissions", "submission_files", "submission_tables", *TABLES):
                reader = con.sql(f"SELECT * FROM {table}").to_arrow_reader(1 << 16)
                for _ in reader:
                    pass
            stored = {int(r[0]): r[1] for r in con.execute("SELECT submission_id, content_hash FROM submissions").fetchall()}
            for submission_id, expected in stored.items():
                files = con.execute("SELECT name, content FROM submission_files WHERE submission_id = ?",
                                    [submission_id]).fetchall()
                if content_hash([(n, bytes(c)) for n, c in files]) != expected:
                    problems.append(words.say("check.hash", lang, id=submission_id))
    except StoreError as error:
        return [error.render(lang)], None
    return problems, stored


def _numbers(numbers: list[int], most: int = 10) -> str:
    """Submission numbers in a sentence: the first ``most``, then an ellipsis."""
    return ", ".join(map(str, numbers[:most])) + ("…" if len(numbers) > most else "")


@dataclass
class Rebuilt:
    aside: Path | None  # where the old store file was put (None when there was none)
    missing: list[int]  # submission numbers the archive lacks: they could not be recovered
    unsettled: list[int]  # entries an interrupted ingest left pending, not replayed


def rebuild(store, progress=None) -> Path | None:
    """A new store from the archive, swapped in; returns where the old file was put aside (or None)."""
    return rebuild_all(store, progress).aside


def rebuild_all(store, progress=None, stages=None, lang: str | None = None, one_by_one: bool = False) -> Rebuilt:
    """A new store from every archived submission, swapped in under the store's write lock.

    The archive is replayed in one pass (store/bulk.py), or with ``one_by_one`` through ``Store.ingest``
    entry by entry (the path the bulk one is tested against). ``progress(done, total)`` is told as entries
    are checked; ``stages(stage, done, total, rows)`` as each step goes (core/progress.py)."""
    with store.write_lock():
        _settle_if_readable(store)
        found = entries(store.path)
        if not found:
            raise StoreError("store.nothing_archived", archive=archive_dir(store.path))
        replay = _replay if one_by_one else _replay_bulk
        aside = replay(store, found, _told(progress, stages), lang)
    numbers = [int(p.name) for p in found]
    return Rebuilt(aside, gaps(numbers), [int(p.name) for p in pending(store.path)])


def _settle_if_readable(store) -> None:
    """Entries left pending are settled against the old store when it still opens; else they stay (told)."""
    import duckdb

    if not pending(store.path) or not store.exists():
        return
    try:
        con = duckdb.connect(str(store.path), read_only=True)
    except duckdb.Error:
        return
    try:
        settle(store.path, dict(con.execute("SELECT submission_id, content_hash FROM submissions").fetchall()))
    except duckdb.Error:
        pass
    finally:
        con.close()


def _told(progress, stages):
    """One reporter of (stage, done, total, rows) from the two a caller may give."""
    if progress is None and stages is None:
        return None

    def report(stage: str, done: int, total: int, rows: int = 0) -> None:
        if stages is not None:
            stages(stage, done, total, rows)
        if progress is not None and stage == "check":
            progress(done, total)
    return report


def _as_ingested(entry: Path, meta: dict) -> dict:
    """What ``Store.ingest`` takes to ingest an archived submission again as it was first ingested."""
    from tipmonitor.intake.mapping import load_mapping

    return dict(unit=meta["unit"], period=meta["period"], today=date.fromisoformat(meta["ingested_at"][:10]),
                rule=meta.get("rule") or "official",
                mapping=load_mapping(meta["mapping"]["name"], meta["mapping"]["text"]) if meta.get("mapping") else None,
                received_on=date.fromisoformat(meta["received_on"]),
                provenance=(datetime.fromisoformat(meta["ingested_at"]), meta["ingested_by"], int(entry.name)))


def _replay(store, found: list[Path], report, lang: str | None = None) -> Path | None:
    """The archive replayed entry by entry through ``Store.ingest``."""
    with _rebuilding(store) as (fresh, work, done):
        for count, entry in enumerate(found, start=1):
            meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
            try:
                fresh.ingest(_as_sent(entry, meta, work), lang=lang, **_as_ingested(entry, meta))
            except InputError as error:
                raise StoreError("store.archive_fails_checks", entry=entry, problems=error) from None
            if report:
                report("check", count, len(found))
    return done["aside"]


def _replay_bulk(store, found: list[Path], report, lang: str | None = None) -> Path | None:
    """The archive replayed in one pass (store/bulk.py): every entry judged as ``Store.ingest`` would, one
    transaction; an entry the checks refuse fails the rebuild, naming it."""
    from tipmonitor.store.bulk import Item, ingest_batch

    with _rebuilding(store) as (fresh, work, done):
        items = []
        for entry in found:
            meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
            items.append(Item(_as_sent(entry, meta, work), **_as_ingested(entry, meta)))
        verdicts = ingest_batch(fresh, items, lang, all_or_nothing=True, progress=report)
        for entry, verdict in zip(found, verdicts):
            if verdict.error is not None:
                raise StoreError("store.archive_fails_checks", entry=entry, problems=verdict.error)
    return done["aside"]


@contextmanager
def _rebuilding(store):
    """A fresh store (no archive copies: the entries replayed are archived already) swapped in when done;
    ``done["aside"]`` then tells where the old file was put."""
    done: dict[str, Path | None] = {"aside": None}
    with publish(store.path, city_config().private_files, aside=".damaged-%Y%m%d-%H%M%S") as staging:
        fresh = Store(staging.path)
        fresh.archive = False
        yield fresh, staging.path.parent, done
        wal = store.path.with_name(store.path.name + ".wal")  # the damaged file's journal goes aside with it
        if wal.exists():
            wal.rename(wal.with_name(wal.name + f".damaged-{datetime.now():%Y%m%d-%H%M%S}"))
    done["aside"] = staging.aside


def _as_sent(entry: Path, meta: dict, work: Path) -> Path:
    """The submission as the ingest first saw it: the file itself, or a folder of files under its name."""
    files = sorted((entry / "files").iterdir())
    if len(files) == 1 and files[0].name == meta["source"]:
        return files[0]  # read where it is: the archive's files are never changed
    place = work / "incoming" / entry.name
    place.mkdir(parents=True)
    folder = place / meta["source"]
    folder.mkdir()
    for f in files:
        shutil.copyfile(f, folder / f.name)
    return folder


@contextmanager
def replace_store(store):
    """A new store, with its own archive, built beside the old one and swapped in under the write lock.

    The archive goes into place first, then the store file: a crash between the two leaves an
    archive without its store, which ``check`` tells and ``rebuild`` mends. An old store and
    archive are kept aside as ``.replaced-<time>``.
    """
    import tempfile

    with store.write_lock():
        store.path.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{store.path.name}-building-", dir=store.path.parent))
        try:
            build = Store(work / store.path.name)
            yield build
            suffix = datetime.now().strftime(".replaced-%Y%m%d-%H%M%S")
            for old in (archive_dir(store.path), store.path, store.path.with_name(store.path.name + ".wal")):
                if old.exists():
                    old.rename(old.with_name(old.name + suffix))
            if archive_dir(build.path).exists():
                archive_dir(build.path).rename(archive_dir(store.path))
            private(build.path, city_config().private_files)
            build.path.rename(store.path)
        finally:
            shutil.rmtree(work, ignore_errors=True)
