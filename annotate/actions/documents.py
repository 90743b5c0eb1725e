"""Document actions."""

from __future__ import annotations

from typing import Any

from annotate.actions.base import Action
from annotate.model import DocStatus
from annotate.repository import Repository


class SetDocumentStatus(Action):
    """Mark a document new, in progress, done or skipped."""

    name = "set_document_status"

    def __init__(self, document_id: int, status: DocStatus) -> None:
        self.document_id = document_id
        self.status = DocStatus(status)
        self._old: DocStatus | None = None

    @property
    def target(self) -> str | None:
        return f"document:{self.document_id}"

    def apply(self, repo: Repository) -> None:
        assert self.document_id is not None
        current = repo.document(self.document_id).status
        if self._old is None:
            self._old = current
        repo.set_document_status(self.document_id, self.status)

    def revert(self, repo: Repository) -> None:
        assert self.document_id is not None and self._old is not None
        repo.set_document_status(self.document_id, self._old)

    def before(self) -> Any:
        return str(self._old) if self._old else None

    def after(self) -> Any:
        return str(self.status)

    def changes_nothing(self) -> bool:
        return self._old == self.status
