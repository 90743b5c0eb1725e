"""Keeping a document's warning count (its events' and its relations') current after each
action without re-checking everything: the step's Changes name the events and relations it
touched, and only those are checked again.

A document with hundreds of events would otherwise be loaded and checked whole on every key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from annotate.errors import ActionError
from annotate.event_check import Sentences, check_event
from annotate.model import Event, SpanStatus, StoredEvent, StoredRelation
from annotate.relation_check import check_relation
from annotate.repository import Repository
from annotate.schema import Schema

EVENT, RELATION = "event", "relation"
Key = tuple[str, int]  # (EVENT or RELATION, id)
T = TypeVar("T", StoredEvent, StoredRelation)


class WarningLedger:
    """Warning counts per event and relation of the documents seen, and their sum per
    document."""

    def __init__(self) -> None:
        self._counts: dict[int, dict[Key, int]] = {}

    def recount(self, repo: Repository, schema: Schema, document_id: int, sentences: Sentences,
                event_ids: set[int] | None = None, relation_ids: set[int] | None = None) -> int:
        """Check ``event_ids`` and ``relation_ids`` again (everything when both are None, or
        when the document is new to the ledger) and return the document's total."""
        counts = self._counts.get(document_id)
        if counts is None or event_ids is None and relation_ids is None:
            counts = self._counts[document_id] = {}
            events, relations = repo.events(document_id), repo.relations(document_id)
        else:
            events = _live(counts, EVENT, event_ids or (), repo.event, document_id)
            relations = _live(counts, RELATION, relation_ids or (), repo.relation, document_id)
        if events:
            spans = repo.spans_by_id([e.trigger_span_id for e in events] + [a.span_id for e in events for a in e.arguments])
            for event in events:
                counts[(EVENT, event.id)] = _count_event(event, schema, spans, sentences)
        if relations:
            spans = repo.spans_by_id([i for r in relations for i in (r.head_span_id, r.child_span_id)])
            for relation in relations:
                counts[(RELATION, relation.id)] = (
                    len(check_relation(relation, schema, spans)) if relation.status == SpanStatus.ACCEPTED else 0)
        return sum(counts.values())

    def clear(self) -> None:
        """Forget every count (another process changed events, or a step was rolled back):
        each document is checked whole the next time."""
        self._counts.clear()


def _live(counts: dict[Key, int], kind: str, ids: Iterable[int], read: Callable[[int], T], document_id: int) -> list[T]:
    """The records among ``ids`` that still exist in the document; the others' counts go."""
    found: list[T] = []
    for record_id in ids:
        counts.pop((kind, record_id), None)
        try:
            record = read(record_id)
        except ActionError:  # deleted, or undone before it existed
            continue
        if record.document_id == document_id:
            found.append(record)
    return found


def _count_event(event: Event, schema: Schema, spans: dict, sentences: Sentences) -> int:
    # Proposals are not held against the document; deleted events are not returned at all.
    return len(check_event(event, schema, spans, sentences)) if event.status == SpanStatus.ACCEPTED else 0
