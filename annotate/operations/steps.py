"""Shared pieces of the gestures: several steps as one, the touched-document rule, and the
events a trigger decides."""

from __future__ import annotations

from collections.abc import Iterable

from annotate.actions import AcceptSpan, Action, Composite, SetDocumentStatus, event_status_steps
from annotate.model import DocStatus, SpanStatus, StoredEvent, StoredSpan
from annotate.repository import Repository

# Above this many spans, one read of the document's events beats a lookup by span ids.
_LOOKUPS = 8


def as_one(name: str, document_id: int, steps: Iterable[Action | None], description: str) -> Action | None:
    """The given steps as one action (a Composite when several); None when there are none."""
    chosen = [s for s in steps if s is not None]
    if not chosen:
        return None
    action = chosen[0] if len(chosen) == 1 else Composite(name, chosen, document_id)
    action.description = description
    return action


def touching(repo: Repository, document_id: int, name: str, steps: Iterable[Action | None],
             description: str) -> Action | None:
    """The steps of a gesture on a document; touching a document that is still new also puts
    it in progress, in the same step."""
    chosen = [s for s in steps if s is not None]
    if chosen and repo.document(document_id).status == DocStatus.NEW:
        chosen.append(SetDocumentStatus(document_id, DocStatus.IN_PROGRESS))
    return as_one(name, document_id, chosen, description)


def accepting(span: StoredSpan) -> Action | None:
    """Accept a span that is not accepted yet: an edited proposal is a decided one."""
    return AcceptSpan(span.id) if span.status != SpanStatus.ACCEPTED else None


def triggered(repo: Repository, document_id: int, span_ids: set[int]) -> list[StoredEvent]:
    """The events whose trigger is one of these spans."""
    found = repo.events_using_spans(span_ids) if len(span_ids) <= _LOOKUPS else repo.events(document_id)
    return [e for e in found if e.trigger_span_id in span_ids]


def decide_triggered(repo: Repository, document_id: int, span_ids: set[int], status: SpanStatus) -> list[Action]:
    """Accepting or rejecting triggers does the same to the proposed events they trigger."""
    return event_status_steps(repo, triggered(repo, document_id, span_ids), status, handled=span_ids)
