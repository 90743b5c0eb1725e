"""SQLite's errors as one line a user can act on, naming the project file."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from annotate.errors import ProjectBusy, StorageError

# How long a writer waits for another process's write lock before giving up (seconds). An
# annotator's action or a proposal batch holds it for milliseconds; a large import for longer.
# ANNOTARY_BUSY_TIMEOUT overrides it (tests of a lock held too long need not wait 10 s).
try:
    BUSY_TIMEOUT = float(os.environ.get("ANNOTARY_BUSY_TIMEOUT") or 10.0)
except ValueError:
    BUSY_TIMEOUT = 10.0

_FULL = ("SQLITE_FULL",)
_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")
_DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


# Faults of the file or the machine; constraint and programming errors are bugs and stay as
# they are (the command line still reports them in one line, with the traceback in the log).
_NOT_FAULTS = (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)


def is_fault(exc: BaseException) -> bool:
    """Whether an sqlite3 exception is a fault of the file or the machine, not a bug."""
    return isinstance(exc, sqlite3.Error) and not isinstance(exc, _NOT_FAULTS)


def storage_error(path: Path | str, exc: sqlite3.Error) -> StorageError:
    """The one-line error for an sqlite3 exception raised while using the project ``path``."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name.startswith(_BUSY) or "locked" in text:
        return ProjectBusy(
            f"{path}: another process is writing to the project (this one waits up to "
            f"{BUSY_TIMEOUT:g} s for it); nothing was saved, try again"
        )
    if name.startswith(_FULL) or "disk is full" in text or _no_space_left(path):
        return StorageError(f"{path}: the disk is full; nothing of this change was saved (free some space)")
    if name.startswith("SQLITE_IOERR") or "disk I/O error" in text:
        return StorageError(f"{path}: input/output error on the disk ({text}); nothing of this change was saved")
    if name.startswith(_DAMAGED) or "malformed" in text or "not a database" in text:
        return StorageError(f"{path}: the project file is damaged or truncated ({text})")
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return StorageError(f"{path}: the project file cannot be written now ({text})")
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return StorageError(f"{path}: cannot open the project file ({text})")
    return StorageError(f"{path}: database error ({text})")


def _no_space_left(path: Path | str) -> bool:
    # On a full disk SQLite often reports an I/O error (it cannot create the -shm or -wal file).
    try:
        return os.statvfs(Path(path).parent).f_bavail == 0
    except OSError:
        return False
