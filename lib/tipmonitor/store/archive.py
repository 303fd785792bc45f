"""The archive beside the store: every submission as received, in plain files.

The store keeps every submission's original bytes, but a damaged store file loses
them with everything else. So each ingest also writes the submission, as received,
into the archive folder beside the store (``store.duckdb`` -> ``store.archive/``):

    store.archive/000017/meta.json    unit, period, received_on, who and when, hash, options
    store.archive/000017/files/...    the files exactly as sent

An entry is written after the store's transaction commits and published whole
(core/files.publish), so it is never half-written. Entries are never changed.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from tipmonitor.core.files import private, publish
from tipmonitor.model.city import city_config


def archive_dir(store_path: Path) -> Path:
    return store_path.with_name(store_path.stem + ".archive")


def keep(store_path: Path, submission_id: int, files: list[tuple[str, bytes]], meta: dict) -> Path:
    """Write one submission into the archive, whole or not at all."""
    owner_only = city_config().private_files
    root = archive_dir(store_path)
    if not root.exists():
        root.mkdir(parents=True)
        private(root, owner_only)
    final = root / f"{submission_id:06d}"
    if final.exists():
        return final
    with publish(final, owner_only) as staging:
        (staging.path / "files").mkdir(parents=True)
        for name, data in files:
            (staging.path / "files" / name).write_bytes(data)
        (staging.path / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2, default=str),
                                                encoding="utf-8")
    return final


def entries(store_path: Path) -> list[Path]:
    root = archive_dir(store_path)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name.isdigit() and (p / "meta.json").is_file())


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
