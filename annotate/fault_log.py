"""Faults as one line for the user, with the whole traceback kept in a log file for bug reports.

The command line and the window both report through here: the user reads one line that names
the file and what went wrong; the traceback goes to ``logs/annotary.log`` in the user data
folder, and the line says where.
"""

from __future__ import annotations

import errno
import traceback
from datetime import UTC, datetime
from pathlib import Path

from annotate import __version__
from annotate.errors import AnnotaryError, StorageError
from annotate.paths import data_dir

LOG_NAME = "annotary.log"
LOG_MAX_BYTES = 1_000_000  # then the old log becomes annotary.log.1


def log_path() -> Path:
    """Where tracebacks are written."""
    return data_dir() / "logs" / LOG_NAME


def write_log(exc: BaseException, context: str = "") -> Path | None:
    """Append the exception's traceback to the log. Returns the log's path, or None when the
    log itself cannot be written (a full disk may hold the user data folder too)."""
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > LOG_MAX_BYTES:
            path.replace(path.with_name(LOG_NAME + ".1"))
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        body = "".join(traceback.format_exception(exc))
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {stamp} annotary {__version__} {context}\n{body}\n")
        return path
    except OSError:
        return None


def describe(exc: BaseException) -> str:
    """One line saying what went wrong, naming the file where the exception knows it."""
    if isinstance(exc, AnnotaryError):
        return str(exc)
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ENOSPC:
            reason = "the disk is full"
        names = [str(n) for n in (exc.filename, exc.filename2) if n]
        return f"{' → '.join(names)}: {reason}" if names else reason
    if isinstance(exc, MemoryError):
        return "out of memory"
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"internal error: {type(exc).__name__}{': ' + text if text else ''}"


def is_internal(exc: BaseException) -> bool:
    """A fault of the machine or a bug (worth a traceback in the log), not a user's bad input."""
    return isinstance(exc, StorageError) or not isinstance(exc, AnnotaryError)


def report_line(exc: BaseException, context: str = "") -> str:
    """The line to show: what went wrong, and for faults and bugs where the traceback went."""
    line = describe(exc)
    if is_internal(exc):
        logged = write_log(exc, context)
        if logged is not None:
            line += f" (details in {logged})"
    return line
