"""Keeping a document's event-warning count current after each action without re-checking
every event: the step's Changes name the events it touched, and only those are checked again.

A document with hundreds of events would otherwise be loaded and checked whole on every key.
"""

from __future__ import annotations

from annotate.errors import ActionError
from annotate.event_check import Sentences, check_event
from annotate.model import Event, SpanStatus
from annotate.repository import Repository
from annotate.schema import Schema


class WarningLedger:
    """Warning counts per event of the documents seen, and their sum per document."""

    def __init__(self) -> None:
        self._counts: dict[int, dict[int, int]] = {}

    def recount(self, repo: Repository, schema: Schema, document_id: int, sentences: Sentences,
                event_ids: set[int] | None = None) -> int:
        """Check ``event_ids`` again (all events when None or when the document is new to the
        ledger) and return the document's total."""
        counts = self._counts.get(document_id)
        if counts is None or event_ids is None:
            events = repo.events(document_id)
            counts = self._counts[document_id] = {}
        else:
            events = []
            for event_id in event_ids:
                counts.pop(event_id, None)
                try:
                    event = repo.event(event_id)
                except ActionError:  # deleted, or undone before it existed
                    continue
                if event.document_id == document_id:
                    events.append(event)
        if events:
            spans = repo.spans_by_id([e.trigger_span_id for e in events] + [a.span_id for e in events for a in e.arguments])
            for event in events:
                counts[event.id] = _count(event, schema, spans, sentences)
        return sum(counts.values())

    def clear(self) -> None:
        """Forget every count (another process changed events, or a step was rolled back):
        each document is checked whole the next time."""
        self._counts.clear()


def _count(event: Event, schema: Schema, spans: dict, sentences: Sentences) -> int:
    # Proposals are not held against the document; deleted events are not returned at all.
    return len(check_event(event, schema, spans, sentences)) if event.status == SpanStatus.ACCEPTED else 0
