"""One run per output folder: a lock for the folder, held for the run's whole life.

The lock is the operating system's (``filelock``: ``flock`` on Linux and macOS,
``LockFileEx`` on Windows); the system releases it when the process ends,
however it ends, so a killed run never blocks the next one. A second run into
the same folder stops at once with a message naming the folder and the process
that holds it.

The lock file lies in the temporary folder, named after the output folder's
full path (two spellings of one folder give one lock), not in the output
folder: the folder holds only what a user reads there and the run's record
(:mod:`.record`). The limit of
that choice: runs on two machines writing into one network folder do not see
each other's lock.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import OutputError
from ..i18n import Text


def lock_path(folder) -> Path:
    """The lock file of an output folder: ``<temp>/xphone-pricing-<hash of the folder's full path>.lock``."""
    key = os.path.normcase(str(Path(folder).resolve()))
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return Path(tempfile.gettempdir()) / f"xphone-pricing-{digest}.lock"


def _holder(info: Path) -> str:
    try:
        pid = info.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return pid if pid.isdigit() else ""


@contextmanager
def folder_lock(folder):
    """Hold the lock of ``folder`` inside the block; raise :class:`OutputError` when another run holds it."""
    folder = Path(folder)
    path = lock_path(folder)
    info = path.with_suffix(".pid")  # the holder's process id, for the message of a second run
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        pid = _holder(info)
        by = Text("batch.folder_locked_by", pid=pid) if pid else ""
        raise OutputError(Text("batch.folder_locked", folder=folder, by=by)) from None
    try:
        try:
            info.write_text(str(os.getpid()), encoding="ascii")
        except OSError:  # the message of a second run then names no process
            pass
        yield
    finally:
        try:
            info.unlink()
        except OSError:
            pass
        lock.release()
