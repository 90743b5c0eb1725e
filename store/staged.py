"""A project that an import may create: made under a temporary name beside it and moved into
place only when the import succeeded, so a failed import into a new project leaves no file
(an import into an existing project is one transaction: it leaves the project as it was).
Imports stream their inputs, so a bad line late in a file is only found while storing."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from annotate.errors import AnnotaryError, ProjectError
from annotate.schema import Schema
from store.default_project import create_or_open
from store.project import ProjectStore

_STAGED = ".annotary-staged-"


@contextmanager
def project_for_import(path: Path, schema: Schema) -> Iterator[ProjectStore]:
    """The project at ``path``, opened; created with ``schema`` when missing, at a temporary
    name that becomes ``path`` when the block ends without an error."""
    path = Path(path)
    if not _missing(path) or not path.parent.is_dir():
        with create_or_open(path, schema) as store:  # its own errors, naming it
            yield store
        return
    staged = path.parent / f".{path.name}{_STAGED}{secrets.token_hex(4)}"
    try:
        with create_or_open(staged, schema) as store:
            yield store
        _move_into_place(staged, path)
    except AnnotaryError as exc:  # a fault of the staged file is the project's to the user
        exc.message = exc.message.replace(str(staged), str(path))
        exc.args = (exc.message,)
        raise
    finally:
        for leftover in (staged, Path(f"{staged}-wal"), Path(f"{staged}-shm"), Path(f"{staged}-journal")):
            leftover.unlink(missing_ok=True)


def _missing(path: Path) -> bool:
    """Whether there is no project yet: no file, or an empty regular one (as ``touch`` makes)."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return not os.path.islink(path)  # a broken link is for open_project to name
    return stat.S_ISREG(found.st_mode) and found.st_size == 0


def _move_into_place(staged: Path, path: Path) -> None:
    """Give the finished project its name, never over a file that appeared meanwhile."""
    try:
        os.link(staged, path)  # fails if ``path`` exists: nobody's file is replaced
    except FileExistsError:
        if path.stat().st_size > 0:
            raise ProjectError(f"{path}: another process created this project during the import; "
                               "nothing was imported, run the import again") from None
        os.replace(staged, path)  # an empty file (as `touch` makes): a project may take its place
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if os.path.lexists(path):  # no hard links on this file system: check, then rename
            raise ProjectError(f"{path}: another process created this project during the import; "
                               "nothing was imported, run the import again") from None
        os.replace(staged, path)
