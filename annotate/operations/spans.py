"""Span gestures: accept, reject, relabel, resize, label a selection, delete, accept all."""

from __future__ import annotations

from bisect import bisect_left

from annotate.actions import AcceptSpan, Action, CreateSpan, DeleteSpan, RejectSpan, RelabelSpan, ResizeSpan
from annotate.errors import ActionError
from annotate.model import SOURCE_USER, SpanStatus
from annotate.operations.steps import accepting, decide_triggered, touching
from annotate.repository import Repository
from annotate.snapping import snap


def accept(repo: Repository, span_id: int) -> Action | None:
    """Accept a span, and the proposed events it triggers (with their proposed arguments)."""
    span = repo.span(span_id)
    steps = [accepting(span), *decide_triggered(repo, span.document_id, {span_id}, SpanStatus.ACCEPTED)]
    return touching(repo, span.document_id, "accept_span", steps, f"Accept {span.label}")


def reject(repo: Repository, span_id: int) -> Action | None:
    """Reject a proposal (kept, as negative evidence), and the proposed events it triggers.
    Your own span is deleted instead: nobody proposed it, so there is nothing to reject."""
    span = repo.span(span_id)
    if span.source == SOURCE_USER:
        return delete(repo, span_id)
    steps = [
        RejectSpan(span_id) if span.status != SpanStatus.REJECTED else None,
        *decide_triggered(repo, span.document_id, {span_id}, SpanStatus.REJECTED),
    ]
    return touching(repo, span.document_id, "reject_span", steps, f"Reject {span.label}")


def delete(repo: Repository, span_id: int) -> Action | None:
    """Delete a span; the events that use it lose it (or go, when it is their trigger)."""
    span = repo.span(span_id)
    return touching(repo, span.document_id, "delete_span", [DeleteSpan(span_id)], f"Delete {span.label}")


def relabel(repo: Repository, span_id: int, label: str) -> Action | None:
    """Give a span another label; a relabelled proposal is accepted. The same label again
    accepts a proposal and does nothing to an accepted span."""
    span = repo.span(span_id)
    if span.label == label:
        return touching(repo, span.document_id, "accept_span", [accepting(span)], f"Accept {label}")
    return touching(repo, span.document_id, "relabel_span", [RelabelSpan(span_id, label), accepting(span)],
                    f"Relabel {span.label} → {label}")


def resize(repo: Repository, span_id: int, start: int, end: int) -> Action | None:
    """Move a span's bounds; a resized proposal is accepted."""
    span = repo.span(span_id)
    if (start, end) == (span.start, span.end):
        return None
    return touching(repo, span.document_id, "resize_span", [ResizeSpan(span_id, start, end), accepting(span)],
                    f"Resize {span.label}")


def resize_by_token(repo: Repository, span_id: int, edge: str, direction: int,
                    bounds: list[tuple[int, int]]) -> Action | None:
    """Move a span's ``edge`` ('start' or 'end') one token left (-1) or right (+1), never past
    its other edge; None at the text's end or when the span would vanish."""
    span = repo.span(span_id)
    start, end = span.start, span.end
    if edge == "start":
        starts = [b[0] for b in bounds]
        j = bisect_left(starts, start) + direction
        if 0 <= j < len(starts) and starts[j] < end:
            start = starts[j]
    else:
        ends = [b[1] for b in bounds]
        j = bisect_left(ends, end) + direction
        if 0 <= j < len(ends) and ends[j] > start:
            end = ends[j]
    return resize(repo, span_id, start, end)


def selection_range(repo: Repository, document_id: int, start: int, end: int,
                    bounds: list[tuple[int, int]] | None = None) -> tuple[int, int]:
    """The range a selection labels: snapped to the token ``bounds`` when given, character
    exact otherwise. Raises ActionError for an empty or blank selection."""
    text = repo.document(document_id).text
    start, end = min(start, end), max(start, end)
    if bounds is not None:
        return snap(text, start, end, bounds)
    if not text[start:end].strip():
        raise ActionError("the selection is empty or only whitespace")
    return start, end


def label_selection(repo: Repository, document_id: int, start: int, end: int, label: str,
                    bounds: list[tuple[int, int]] | None = None) -> Action | None:
    """Label a selection: a new span, snapped to the token ``bounds`` when given (character
    exact otherwise). A span with this range and label already there is accepted instead of
    doubled (None when it already is). Raises ActionError for an empty or blank selection."""
    start, end = selection_range(repo, document_id, start, end, bounds)
    same = [s for s in repo.spans_at(document_id, start, end) if s.label == label]
    if same:
        return touching(repo, document_id, "accept_span", [accepting(same[0])], f"Accept {label}")
    return touching(repo, document_id, "create_span", [CreateSpan(document_id, start, end, label)], f"Create {label}")


def accept_all(repo: Repository, document_id: int) -> Action | None:
    """Accept every proposal of a document, and the proposed events they trigger: one step."""
    proposals = [s for s in repo.spans(document_id) if s.status == SpanStatus.PROPOSED]
    if not proposals:
        return None
    ids = {s.id for s in proposals}
    steps: list[Action | None] = [AcceptSpan(i) for i in sorted(ids)]
    steps += decide_triggered(repo, document_id, ids, SpanStatus.ACCEPTED)
    return touching(repo, document_id, "accept_all", steps, f"Accept all ({len(proposals)})")
