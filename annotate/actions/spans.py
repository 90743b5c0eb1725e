"""Span actions: create, accept, reject, relabel, resize."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from annotate.actions.base import Action, _check_label, _check_range, _RecordEdit, _span_state
from annotate.model import SOURCE_USER, Span, SpanStatus
from annotate.repository import Repository


class CreateSpan(Action):
    """Add a span. Undo hides it; redo brings the same row back."""

    name = "create_span"

    def __init__(
        self,
        document_id: int,
        start: int,
        end: int,
        label: str,
        status: SpanStatus = SpanStatus.ACCEPTED,
        source: str = SOURCE_USER,
        score: float | None = None,
    ) -> None:
        self.document_id = document_id
        self.span = Span(document_id, start, end, label, SpanStatus(status), source, score)

    @property
    def span_id(self) -> int | None:
        """The id of the created span, once applied."""
        return self.span.id

    @property
    def target(self) -> str | None:
        return f"span:{self.span.id}"

    def apply(self, repo: Repository) -> None:
        if self.span.id is None:
            _check_range(repo, self.span.document_id, self.span.start, self.span.end)
            _check_label(repo, self.span.label)
            self.span.id = repo.insert_span(self.span)
        else:
            repo.set_span_deleted(self.span.id, False)

    def revert(self, repo: Repository) -> None:
        assert self.span.id is not None
        repo.set_span_deleted(self.span.id, True)

    def after(self) -> Any:
        return _span_state(self.span) | {"source": self.span.source}


class _SpanEdit(_RecordEdit[Span]):
    """Base of actions that change fields of one existing span."""

    kind = "span"

    @property
    def span_id(self) -> int:
        """The span this action changes."""
        return self.record_id

    def load(self, repo: Repository) -> Span:
        return repo.span(self.record_id)

    def save(self, repo: Repository, record: Span) -> None:
        repo.update_span(record)

    def copy(self, record: Span) -> Span:
        return replace(record)

    def state(self, record: Span) -> dict[str, Any]:
        return _span_state(record)


class SetSpanStatus(_SpanEdit):
    """Accept or reject a span (or put it back to proposed)."""

    name = "set_span_status"

    def __init__(self, span_id: int, status: SpanStatus) -> None:
        super().__init__(span_id)
        self.status = SpanStatus(status)

    def changed(self, repo: Repository, span: Span) -> Span:
        span.status = self.status
        return span


class AcceptSpan(SetSpanStatus):
    """Accept a proposed (or rejected) span."""

    name = "accept_span"

    def __init__(self, span_id: int) -> None:
        super().__init__(span_id, SpanStatus.ACCEPTED)


class RejectSpan(SetSpanStatus):
    """Reject a span. It is kept: negative evidence, and never proposed again."""

    name = "reject_span"

    def __init__(self, span_id: int) -> None:
        super().__init__(span_id, SpanStatus.REJECTED)


class RelabelSpan(_SpanEdit):
    """Give a span another label from the schema."""

    name = "relabel_span"

    def __init__(self, span_id: int, label: str) -> None:
        super().__init__(span_id)
        self.label = label

    def changed(self, repo: Repository, span: Span) -> Span:
        _check_label(repo, self.label)
        span.label = self.label
        return span


class ResizeSpan(_SpanEdit):
    """Move a span's start and end."""

    name = "resize_span"

    def __init__(self, span_id: int, start: int, end: int) -> None:
        super().__init__(span_id)
        self.start, self.end = start, end

    def changed(self, repo: Repository, span: Span) -> Span:
        _check_range(repo, span.document_id, self.start, self.end)
        # A discontinuous span keeps its pieces: its outer ends move (see Span.refit).
        span.fragments = span.refit(self.start, self.end)
        span.start, span.end = self.start, self.end
        return span
