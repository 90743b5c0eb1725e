"""Errors a user can read: each names what was wrong and, where it can, the file and line."""

from __future__ import annotations

from pathlib import Path


class AnnotaryError(Exception):
    """Base of every error Annotary reports to a user in one line.

    ``code`` is a short stable identifier (``A-IMPORT``...) a user can search for.
    """

    code = "A000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class SchemaError(AnnotaryError):
    """A schema file or schema change is invalid."""

    code = "A-SCHEMA"


class ActionError(AnnotaryError):
    """A domain action cannot be applied (unknown span, offsets outside the text...)."""

    code = "A-ACTION"


class ProjectError(AnnotaryError):
    """A project file cannot be opened or written."""

    code = "A-PROJECT"


class ImportFailed(AnnotaryError):
    """An input file cannot be imported. Names the file and, where known, the line."""

    code = "A-IMPORT"

    def __init__(self, path: Path | str, problem: str, line: int | None = None) -> None:
        where = f"{path}" if line is None else f"{path}, line {line}"
        super().__init__(f"{where}: {problem}")
        self.path = Path(path)
        self.line = line
        self.problem = problem


class StorageError(ProjectError):
    """The project file could not be read or written: disk full, I/O error, damaged file,
    permission. Nothing of the failed change was saved."""

    code = "A-STORAGE"


class ProjectBusy(StorageError):
    """Another process held the project's write lock for longer than the busy timeout."""

    code = "A-BUSY"
