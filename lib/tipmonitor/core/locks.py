"""Exclusive lock files that leave nothing behind: removed when released, and removable when nobody holds them.

filelock keeps a Unix lock file after release on purpose (tox-dev/filelock#574, #577, #623): if its holder removed
the name after unlocking, a process that had opened the old file could lock it while a third creates and locks a
new file under the same name, and both would believe they hold the lock. Two rules make removal safe: the holder
removes the name *while it still holds* the lock, and whoever takes a lock checks, once it holds it, that the name
still leads to the file it locked (filelock's ``on_acquired`` hook), and otherwise lets it go and tries the name
again. filelock itself checks the first half (a file with no name left is not taken); the hook also refuses a file
whose name now leads to another. On a file system without ``flock`` (the hook rules out filelock's fallback there)
the lock is filelock's own soft lock, an existence marker it removes itself.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from filelock import FileLock, SoftFileLock, Timeout

ATTEMPTS = 5  # a name removed and made again this often while we try is a lock in use
PATIENCE = 1.0  # seconds a lock is asked for before it is said to be held: clean_work holds a free one for microseconds


class _Stale(Exception):
    """The file locked is no longer the one under its name: its holder removed it while we opened it."""


class RemovingLock:
    """An exclusive lock on ``path`` whose file is removed at release. ``acquire()`` says whether it holds the lock
    (False: another process holds it). It asks for ``patience`` seconds before giving up, so that a sweep of free
    lock files (``remove_if_free``, which takes each for an instant) is not taken for a run in progress; the sweep
    itself asks once (``patience=0``)."""

    def __init__(self, path: Path, patience: float = PATIENCE):
        self.path = Path(path)
        self.patience = patience
        self._lock: FileLock | SoftFileLock | None = None
        self._soft = False

    def _still_named(self, fd: int) -> None:
        try:
            named = os.stat(self.path)
        except FileNotFoundError:
            raise _Stale from None
        if not os.path.samestat(named, os.fstat(fd)):
            raise _Stale

    def acquire(self) -> bool:
        for _ in range(ATTEMPTS):
            lock = FileLock(self.path, timeout=self.patience, poll_interval=0.02, is_singleton=False,
                            on_acquired=self._still_named)
            try:
                lock.acquire()
            except Timeout:
                return False
            except _Stale:
                continue  # its holder removed it as we opened it: the name is free again, or another's now
            except OSError as error:
                if error.errno != errno.ENOSYS:
                    raise
                return self._acquire_soft()
            self._lock = lock
            return True
        return False

    def _acquire_soft(self) -> bool:
        lock = SoftFileLock(self.path, timeout=self.patience, poll_interval=0.02, is_singleton=False)
        try:
            lock.acquire()
        except Timeout:
            return False
        self._lock, self._soft = lock, True
        return True

    def release(self) -> None:
        if self._lock is None:
            return
        try:
            if not self._soft:  # a soft lock's marker is removed by filelock at release
                self.path.unlink(missing_ok=True)  # before unlocking: nobody can take this file once its name is gone
        finally:
            self._lock.release()
            self._lock = None


def remove_if_free(path: Path) -> bool:
    """Remove a lock file nobody holds (left by a process killed while it held it); True if removed."""
    lock = RemovingLock(path, patience=0)
    if not lock.acquire():
        return False
    lock.release()
    return True
