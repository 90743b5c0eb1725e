"""Proposing many spans as one step: the occurrences "Label all occurrences" found."""

from __future__ import annotations

from typing import Any

from annotate.actions.base import Action, _check_label, _check_range
from annotate.changes import ChangeRecorder
from annotate.model import Span
from annotate.repository import Repository


class ProposeSpans(Action):
    """Add proposals, in one or many documents. Undo hides them all; redo brings the very same
    rows back. Each document's text is read once to check the ranges, not once per span."""

    name = "propose_spans"

    def __init__(self, spans: list[Span], document_id: int | None = None) -> None:
        self.spans = list(spans)
        self.document_id = document_id

    def documents(self) -> list[int]:
        """The documents the proposals are in, in order of first appearance."""
        return list(dict.fromkeys(s.document_id for s in self.spans))

    @property
    def target(self) -> str | None:
        return f"spans:{len(self.spans)}"

    def apply(self, repo: Repository) -> None:
        if self.spans and self.spans[0].id is None:
            for label in {s.label for s in self.spans}:
                _check_label(repo, label)
            ends: dict[int, int] = {}
            for span in self.spans:
                ends[span.document_id] = max(ends.get(span.document_id, 0), span.end)
            for document_id, end in ends.items():
                _check_range(repo, document_id, 0, end)
            for span in self.spans:
                span.id = repo.insert_span(span)
        else:
            self._restore(repo, deleted=False)

    def revert(self, repo: Repository) -> None:
        self._restore(repo, deleted=True)

    def _restore(self, repo: Repository, deleted: bool) -> None:
        for span in self.spans:
            assert span.id is not None
            repo.set_span_deleted(span.id, deleted)
        if isinstance(repo, ChangeRecorder):  # restoring by id writes no document: name them
            repo.note_documents(self.documents())

    def after(self) -> Any:
        return {"spans": len(self.spans), "documents": len(self.documents()),
                "labels": sorted({s.label for s in self.spans})}
