"""File safety: owner-only permissions, and publishing a file or folder whole or not at all.

Whether files are the owner's only is the city's choice (params/city.yaml: ``private_files``);
callers pass it as ``owner_only``.

``publish`` is the one way a report folder, an archive entry or a store file appears:
it is built in a hidden temporary folder beside its destination (the same file system, so
the final rename is atomic), made owner-only, and renamed into place; on any failure the
temporary folder is removed and whatever was at the destination stays as it was.
``publisher`` does the same for many entries of one folder (a batch's archive entries) with
one temporary folder for all of them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator


def private(path: Path, owner_only: bool) -> None:
    """Owner-only permissions on a file or a folder tree (600/700), or the umask's when not ``owner_only``."""
    if not owner_only:
        if path.is_dir():  # a temporary folder is made 700 whatever the umask: give it the umask's mode
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(path, 0o777 & ~mask)
        return
    for p in [path] + (list(path.rglob("*")) if path.is_dir() else []):
        try:
            os.chmod(p, 0o700 if p.is_dir() else 0o600)
        except OSError:
            pass


@dataclass
class Staging:
    path: Path  # build the file or folder here; it becomes the destination when the block ends
    aside: Path | None = None  # where the previous one was kept, once published


@contextmanager
def publish(final: Path, owner_only: bool, aside: str | None = None, work: Path | None = None,
            aside_in: Path | None = None) -> Iterator[Staging]:
    """Build ``final`` in a temporary folder, then rename it into place.

    ``aside`` (a strftime suffix such as ``".backup-%Y%m%d-%H%M%S"``) keeps an existing
    destination under that name; without it an existing file is replaced, and an existing
    folder makes the rename fail (nothing is overwritten). The temporary folder is a sibling
    of ``final``, or in ``work`` (a run's working area, so nothing half-built ever sits in an
    output folder); from another file system it is copied beside ``final`` just before the rename.
    ``aside_in``: the folder the previous one is kept in (made owner-only), instead of beside ``final`` (a public
    edition's previous one kept out of the folder that is copied out for publication).
    """
    if work is None:
        final.parent.mkdir(parents=True, exist_ok=True)
    base = work if work is not None else final.parent  # with ``work``, final's folder is made when it is published
    base.mkdir(parents=True, exist_ok=True)
    built = Path(tempfile.mkdtemp(prefix=f".{final.name}-building-", dir=base))
    try:
        with _building(final, built, owner_only, aside, aside_in) as staging:
            yield staging
    finally:
        shutil.rmtree(built, ignore_errors=True)


@contextmanager
def _building(final: Path, work: Path, owner_only: bool, aside: str | None, aside_in: Path | None = None
              ) -> Iterator[Staging]:
    try:
        staging = Staging(work / final.name)
        yield staging
        if not staging.path.exists():
            raise FileNotFoundError(f"{staging.path}: nothing was built to publish as {final}")
        private(staging.path, owner_only)
        final.parent.mkdir(parents=True, exist_ok=True)
        if os.stat(work).st_dev != os.stat(final.parent).st_dev:  # a rename cannot cross file systems
            near = Path(tempfile.mkdtemp(prefix=f".{final.name}-moving-", dir=final.parent))
            shutil.move(str(staging.path), str(near / final.name))
            work, staging.path = near, near / final.name
        if aside and final.exists():
            keep = final.parent
            if aside_in is not None:
                aside_in.mkdir(mode=0o700, parents=True, exist_ok=True)
                keep = aside_in
            staging.aside = keep / (final.name + datetime.now().strftime(aside))
            shutil.move(str(final), str(staging.aside))  # a rename, or a copy from another file system
        try:
            os.replace(staging.path, final)
        except BaseException:
            if staging.aside is not None and not final.exists():
                shutil.move(str(staging.aside), str(final))  # the previous one goes back: never left empty
                staging.aside = None
            raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


@contextmanager
def publisher(parent: Path, owner_only: bool) -> Iterator[Callable[[str, Callable[[Path], None]], Path]]:
    """Many files or folders published into ``parent``, each as ``publish`` publishes one, built in one hidden
    temporary folder (made and removed once, not once per entry: a batch of a thousand entries).

    Yields ``put(name, build)``: ``build(path)`` makes the entry at ``path``; it is made owner-only and renamed
    to ``parent / name`` (an existing folder there makes the rename fail: nothing is overwritten)."""
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".building-", dir=parent))

    def put(name: str, build: Callable[[Path], None]) -> Path:
        staging = work / name
        build(staging)
        if not staging.exists():
            raise FileNotFoundError(f"{staging}: nothing was built to publish as {parent / name}")
        private(staging, owner_only)
        os.replace(staging, parent / name)
        return parent / name

    try:
        yield put
    finally:
        shutil.rmtree(work, ignore_errors=True)
