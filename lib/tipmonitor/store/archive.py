"""The archive beside the store: every submission as received, in plain files.

The store keeps every submission's original bytes, but a damaged store file loses
them with everything else. So each ingest also writes the submission, as received,
into the archive folder beside the store (``store.duckdb`` -> ``store.archive/``):

    store.archive/000017/meta.json    unit, period, received_on, who and when, hash, options
    store.archive/000017/files/...    the files exactly as sent

The copy is written before the store's transaction commits, into ``store.archive/.pending/``
(published whole, core/files.publisher), and renamed into place after the commit: a submission
the store holds always has its archive copy. An entry left pending by an interrupted ingest is
settled at the next write (``settle``): made final if the store committed it, removed if not.
Final entries are never changed.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from tipmonitor.core.files import private, publisher
from tipmonitor.model.city import city_config

PENDING = ".pending"
ARCHIVE_SUFFIX = ".archive"


def archive_dir(store_path: Path) -> Path:
    return store_path.with_name(store_path.stem + ARCHIVE_SUFFIX)


def _entry_name(submission_id: int) -> str:
    return f"{submission_id:06d}"


def _root(store_path: Path) -> Path:
    owner_only = city_config().private_files
    root = archive_dir(store_path)
    for folder in (root, root / PENDING):
        if not folder.exists():
            folder.mkdir(parents=True)
            private(folder, owner_only)
    return root


def stage(store_path: Path, submission_id: int, files: list[tuple[str, bytes]], meta: dict) -> Path:
    """Write one submission into the archive's pending folder, whole or not at all (before the commit)."""
    with stager(store_path) as stage_one:
        return stage_one(submission_id, files, meta)


@contextmanager
def stager(store_path: Path) -> Iterator[Callable[[int, list[tuple[str, bytes]], dict], Path]]:
    """``stage`` for many submissions (a batch): yields ``stage_one(submission_id, files, meta)``, each entry
    written whole or not at all, all built in one temporary folder (core/files.publisher)."""
    with publisher(_root(store_path) / PENDING, city_config().private_files) as put:
        def stage_one(submission_id: int, files: list[tuple[str, bytes]], meta: dict) -> Path:
            name = _entry_name(submission_id)
            target = archive_dir(store_path) / PENDING / name
            if target.exists():  # left by an attempt that never committed
                shutil.rmtree(target)
            return put(name, lambda path: write_entry(path, files, meta))
        yield stage_one


def write_entry(path: Path, files: list[tuple[str, bytes]], meta: dict) -> None:
    """An entry's files and meta.json written into the folder ``path`` (being built, not yet in place)."""
    (path / "files").mkdir(parents=True)
    for name, data in files:
        (path / "files" / name).write_bytes(data)
    (path / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2, default=str), encoding="utf-8")


def finalize(pending: Path) -> Path:
    """A pending entry made final (after its commit)."""
    final = pending.parent.parent / pending.name
    if final.exists():  # already final: an identical copy of the same submission
        shutil.rmtree(pending)
    else:
        pending.rename(final)
    _tidy(pending.parent)
    return final


def discard(staged: list[Path]) -> None:
    """Pending entries removed (their transaction did not commit), the pending folder with them once empty."""
    for entry in staged:
        shutil.rmtree(entry, ignore_errors=True)
    if staged:
        _tidy(staged[0].parent)


def _tidy(folder: Path) -> None:
    """The pending folder is removed once empty: a settled archive holds only its entries."""
    try:
        folder.rmdir()
    except OSError:  # not empty (another entry pending) or already gone
        pass


def keep(store_path: Path, submission_id: int, files: list[tuple[str, bytes]], meta: dict) -> Path:
    """Write one submission the store already holds into the archive, whole or not at all."""
    final = archive_dir(store_path) / _entry_name(submission_id)
    if final.exists():
        return final
    return finalize(stage(store_path, submission_id, files, meta))


def pending(store_path: Path) -> list[Path]:
    """Entries written before a commit whose outcome was not settled (an ingest killed at its commit)."""
    root = archive_dir(store_path) / PENDING
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name.isdigit())


def settle(store_path: Path, committed: dict[int, str]) -> None:
    """Pending entries made final when the store committed them (same number, same hash), removed otherwise.

    ``committed`` maps submission numbers to content hashes; call it under the store's write lock.
    """
    for entry in pending(store_path):
        meta = _meta(entry)
        if meta is not None and committed.get(int(entry.name)) == meta.get("content_hash"):
            finalize(entry)
        else:
            shutil.rmtree(entry)
    _tidy(archive_dir(store_path) / PENDING)


def _meta(entry: Path) -> dict | None:
    try:
        return json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def entries(store_path: Path) -> list[Path]:
    root = archive_dir(store_path)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name.isdigit() and (p / "meta.json").is_file())


def gaps(numbers: list[int]) -> list[int]:
    """The submission numbers below the highest that are not in ``numbers``."""
    return sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))


def archive_meta(submission_id: int, unit: str, period: str, source: str, content_hash: str, received_on: date,
                 ingested_at: datetime, ingested_by: str, rule: str = "official", mapping=None) -> dict:
    """An archive entry's meta.json: what rebuilding needs to ingest the submission again as it was."""
    return {"submission_id": int(submission_id), "unit": unit, "period": period, "source": source,
            "content_hash": content_hash, "received_on": received_on.isoformat(), "ingested_at": ingested_at.isoformat(),
            "ingested_by": ingested_by, "rule": rule,
            "mapping": {"name": mapping.name, "text": mapping.text} if mapping is not None else None}


def meta_from_row(row: dict) -> dict:
    """The meta of a submission the store holds (the rule and mapping it was read with were not stored)."""
    received = row["received_on"]
    return archive_meta(row["submission_id"], row["unit"], row["period"], row["source"], row["content_hash"],
                        received.date() if isinstance(received, datetime) else received,
                        row["ingested_at"].to_pydatetime(), row["ingested_by"])
