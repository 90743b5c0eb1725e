"""Setting a span's normalisations (an ISO date, a GeoNames entry): one undoable edit."""

from __future__ import annotations

from typing import Any

from annotate.actions.spans import _SpanEdit
from annotate.actions.base import _span_state
from annotate.model import Normalization, Span
from annotate.repository import Repository


class SetSpanNorms(_SpanEdit):
    """Replace a span's normalisations with ``norms`` (an empty list clears them). Undo puts
    back the ones it had."""

    name = "set_span_norms"

    def __init__(self, span_id: int, norms: list[Normalization]) -> None:
        super().__init__(span_id)
        self.norms = list(norms)

    def changed(self, repo: Repository, span: Span) -> Span:
        span.norms = list(self.norms)
        return span

    def state(self, record: Span) -> dict[str, Any]:
        # The norms are what this action changes: without them a redo would not see another
        # window's edit of them, and setting the same norms again would be logged.
        return _span_state(record) | {"norms": [n.as_dict() for n in record.norms]}
