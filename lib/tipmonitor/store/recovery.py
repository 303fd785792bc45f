"""Keeping submissions outside the store, checking the store, and rebuilding it.

The store keeps every submission's original bytes, but a damaged store file loses
them with everything else. So each ingest also writes the submission, as received,
into the archive folder beside the store (``store.duckdb`` -> ``store.archive/``):

    store.archive/000017/meta.json    unit, period, received_on, who and when, hash, options
    store.archive/000017/files/...    the files exactly as sent

An archive entry is written after the store's transaction commits, into a hidden
folder renamed into place, so it is never half-written. ``rebuild`` replays the
archive in submission order through the ordinary ingest path (same validation,
same dates, same submission numbers) into a new file and swaps it in, keeping the
damaged one aside. ``check`` says whether the store opens, has the expected schema,
holds the archive's submissions, and whether its kept bytes still match their hashes.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

from tipmonitor.core.problems import InputError


def archive_dir(store_path: Path) -> Path:
    return store_path.with_name(store_path.stem + ".archive")


def private(path: Path) -> None:
    """Owner-only permissions on a file or a folder tree, unless params/city.yaml says otherwise."""
    from tipmonitor.model.city import city_config

    if not city_config().private_files:
        if path.is_dir():  # a temporary folder is made 700 whatever the umask: give it the umask's mode
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(path, 0o777 & ~mask)
        return
    paths = [path] + (list(path.rglob("*")) if path.is_dir() else [])
    for p in paths:
        try:
            os.chmod(p, 0o700 if p.is_dir() else 0o600)
        except OSError:
            pass


def keep(store_path: Path, submission_id: int, files: list[tuple[str, bytes]], meta: dict) -> Path:
    """Write one submission into the archive, whole or not at all."""
    root = archive_dir(store_path)
    if not root.exists():
        root.mkdir(parents=True)
        private(root)
    final = root / f"{submission_id:06d}"
    if final.exists():
        return final
    staging = Path(tempfile.mkdtemp(prefix=f".{submission_id:06d}-", dir=root))
    try:
        (staging / "files").mkdir()
        for name, data in files:
            (staging / "files" / name).write_bytes(data)
        (staging / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        private(staging)
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


def entries(store_path: Path) -> list[Path]:
    root = archive_dir(store_path)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name.isdigit() and (p / "meta.json").is_file())


def export_archive(store) -> int:
    """Archive every submission the store holds but the archive lacks (stores made before the archive,
    or an entry lost between commit and archive); returns how many were written."""
    have = {int(p.name) for p in entries(store.path)}
    written = 0
    with store._connect(write=False) as con:
        rows = con.execute("SELECT * FROM submissions ORDER BY submission_id").df()
        for row in rows.to_dict("records"):
            if int(row["submission_id"]) in have:
                continue
            files = con.execute("SELECT name, content FROM submission_files WHERE submission_id = ? ORDER BY name",
                                [row["submission_id"]]).fetchall()
            keep(store.path, int(row["submission_id"]), [(n, bytes(c)) for n, c in files], _meta_from_row(row))
            written += 1
    return written


def archive_meta(submission_id: int, unit: str, period: str, source: str, content_hash: str, received_on: date,
                 ingested_at: datetime, ingested_by: str, rule: str = "official", mapping=None) -> dict:
    """An archive entry's meta.json: what rebuilding needs to ingest the submission again as it was."""
    return {"submission_id": int(submission_id), "unit": unit, "period": period, "source": source,
            "content_hash": content_hash, "received_on": received_on.isoformat(), "ingested_at": ingested_at.isoformat(),
            "ingested_by": ingested_by, "rule": rule,
            "mapping": {"name": mapping.name, "text": mapping.text} if mapping is not None else None}


def _meta_from_row(row: dict) -> dict:
    """The meta of a submission the store holds (the rule and mapping it was read with were not stored)."""
    received = row["received_on"]
    return archive_meta(row["submission_id"], row["unit"], row["period"], row["source"], row["content_hash"],
                        received.date() if isinstance(received, datetime) else received,
                        row["ingested_at"].to_pydatetime(), row["ingested_by"])


def check(store) -> list[str]:
    """What is wrong with the store, in sentences (empty when all is well)."""
    from tipmonitor.store.database import StoreError, content_hash

    problems = []
    archived = {int(p.name) for p in entries(store.path)}
    if not store.exists():
        return [f"{store.path}: no store file" + (f"; the archive holds {len(archived)} submissions: "
                                                   "run `tipmonitor rebuild`" if archived else "")]
    try:
        with store._connect(write=False) as con:
            stored = {int(r[0]): r[1] for r in con.execute("SELECT submission_id, content_hash FROM submissions").fetchall()}
            for submission_id, expected in stored.items():
                files = con.execute("SELECT name, content FROM submission_files WHERE submission_id = ?",
                                    [submission_id]).fetchall()
                if content_hash([(n, bytes(c)) for n, c in files]) != expected:
                    problems.append(f"submission {submission_id}: the kept files do not match their hash")
    except StoreError as error:
        return [str(error)]
    from tipmonitor.model.city import city_config

    if city_config().private_files:
        for path in [store.path, *([archive_dir(store.path)] if archive_dir(store.path).exists() else [])]:
            if path.stat().st_mode & 0o077:
                problems.append(f"{path}: readable by others than its owner; run `chmod -R go-rwx {path}`")
    missing = sorted(set(stored) - archived)
    if missing:
        problems.append(f"{len(missing)} submission(s) not in the archive ({', '.join(map(str, missing[:10]))}"
                        f"{'…' if len(missing) > 10 else ''}): run `tipmonitor archive`")
    lost = sorted(archived - set(stored))
    if lost:
        problems.append(f"the archive holds {len(lost)} submission(s) the store lacks ({', '.join(map(str, lost[:10]))}): "
                        "run `tipmonitor rebuild`")
    return problems


def rebuild(store, progress=None) -> Path | None:
    """A new store from the archive, swapped in; returns where the old file was put aside (or None)."""
    from tipmonitor.intake.mapping import load_mapping
    from tipmonitor.store.database import Store, StoreError

    found = entries(store.path)
    if not found:
        raise StoreError(f"{archive_dir(store.path)}: no archived submissions to rebuild from")
    work = Path(tempfile.mkdtemp(prefix=".rebuild-", dir=store.path.parent))
    try:
        fresh = Store(work / store.path.name)
        fresh.archive = False  # the entries replayed are already archived
        for number, entry in enumerate(found, start=1):
            meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
            if meta["submission_id"] != number:
                raise StoreError(f"{entry}: archive entries must run 1, 2, 3…; entry {number} is missing")
            source = _as_sent(entry, meta, work)
            try:
                fresh.ingest(source, unit=meta["unit"], period=meta["period"],
                             today=date.fromisoformat(meta["ingested_at"][:10]), rule=meta.get("rule") or "official",
                             mapping=load_mapping(meta["mapping"]["name"], meta["mapping"]["text"]) if meta.get("mapping") else None,
                             received_on=date.fromisoformat(meta["received_on"]),
                             provenance=(datetime.fromisoformat(meta["ingested_at"]), meta["ingested_by"]))
            except InputError as error:
                raise StoreError(f"{entry}: the archived submission no longer passes the checks:\n{error}") from None
            if progress:
                progress(number, len(found))
        aside = None
        if store.path.exists():
            aside = store.path.with_name(f"{store.path.name}.damaged-{datetime.now():%Y%m%d-%H%M%S}")
            store.path.rename(aside)
        wal = store.path.with_name(store.path.name + ".wal")
        if wal.exists():
            wal.rename(wal.with_name(wal.name + f".damaged-{datetime.now():%Y%m%d-%H%M%S}"))
        (work / store.path.name).rename(store.path)
        private(store.path)
        return aside
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _as_sent(entry: Path, meta: dict, work: Path) -> Path:
    """The submission as the ingest first saw it: the file itself, or a folder of files under its name."""
    files = sorted((entry / "files").iterdir())
    place = work / "incoming" / entry.name
    place.mkdir(parents=True)
    if len(files) == 1 and files[0].name == meta["source"]:
        target = place / files[0].name
        shutil.copyfile(files[0], target)
        return target
    folder = place / meta["source"]
    folder.mkdir()
    for f in files:
        shutil.copyfile(f, folder / f.name)
    return folder
