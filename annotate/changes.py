"""What an applied or reverted action changed, noted where the repository writes.

The window, the events panel, the document list and the warning ledger react to a
:class:`Changes` record; nothing derives it from the action's type, so a new action needs no
entry in any list to be shown right.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotate.model import Argument, DocStatus, Equivalence, Event, Relation, Span

if TYPE_CHECKING:
    from annotate.repository import Repository


@dataclass
class Changes:
    """Ids of what one step touched. ``events`` holds the events written and the events whose
    trigger or arguments are among the spans written (their warnings may have changed).
    ``applied`` is False when the step would have changed nothing and so was not applied."""

    documents: set[int] = field(default_factory=set)
    spans: set[int] = field(default_factory=set)
    events: set[int] = field(default_factory=set)
    statuses: set[int] = field(default_factory=set)  # documents whose status changed
    relations: set[int] = field(default_factory=set)
    equivalences: set[int] = field(default_factory=set)
    log_id: int | None = None  # the action-log row of this step
    applied: bool = True

    def __bool__(self) -> bool:
        return bool(self.documents or self.spans or self.events or self.statuses or self.relations
                    or self.equivalences)


class ChangeRecorder:
    """A repository seen through one step: every write is passed on and noted. Reads go
    straight to the repository underneath."""

    def __init__(self, repo: Repository) -> None:
        self._repo = repo
        self.changes = Changes()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._repo, name)

    # -- spans ----------------------------------------------------------------------------
    def insert_span(self, span: Span) -> int:
        span_id = self._repo.insert_span(span)
        self.changes.spans.add(span_id)
        self.changes.documents.add(span.document_id)
        return span_id

    def update_span(self, span: Span) -> None:
        self._repo.update_span(span)
        self.changes.spans.add(span.id)  # type: ignore[arg-type]  # a stored span has an id
        self.changes.documents.add(span.document_id)

    def set_span_deleted(self, span_id: int, deleted: bool) -> None:
        self._repo.set_span_deleted(span_id, deleted)
        self.changes.spans.add(span_id)

    # -- events ---------------------------------------------------------------------------
    def insert_event(self, event: Event) -> int:
        event_id = self._repo.insert_event(event)
        self.changes.events.add(event_id)
        self.changes.documents.add(event.document_id)
        return event_id

    def update_event(self, event: Event) -> None:
        self._repo.update_event(event)
        self.changes.events.add(event.id)  # type: ignore[arg-type]  # a stored event has an id
        self.changes.documents.add(event.document_id)

    def set_event_deleted(self, event_id: int, deleted: bool) -> None:
        self._repo.set_event_deleted(event_id, deleted)
        self.changes.events.add(event_id)

    def insert_argument(self, event_id: int, argument: Argument) -> int:
        argument_id = self._repo.insert_argument(event_id, argument)
        self.changes.events.add(event_id)
        return argument_id

    def delete_argument(self, argument_id: int) -> None:
        found = self._repo.argument(argument_id)
        self._repo.delete_argument(argument_id)
        if found is not None:
            self.changes.events.add(found[0])

    # -- relations and equivalences -------------------------------------------------------
    def insert_relation(self, relation: Relation) -> int:
        relation_id = self._repo.insert_relation(relation)
        self.changes.relations.add(relation_id)
        self.changes.documents.add(relation.document_id)
        return relation_id

    def update_relation(self, relation: Relation) -> None:
        self._repo.update_relation(relation)
        self.changes.relations.add(relation.id)  # type: ignore[arg-type]  # a stored relation has an id
        self.changes.documents.add(relation.document_id)

    def set_relation_deleted(self, relation_id: int, deleted: bool) -> None:
        self._repo.set_relation_deleted(relation_id, deleted)
        self.changes.relations.add(relation_id)

    def insert_equivalence(self, equivalence: Equivalence) -> int:
        equivalence_id = self._repo.insert_equivalence(equivalence)
        self.changes.equivalences.add(equivalence_id)
        self.changes.documents.add(equivalence.document_id)
        return equivalence_id

    def update_equivalence(self, equivalence: Equivalence) -> None:
        self._repo.update_equivalence(equivalence)
        self.changes.equivalences.add(equivalence.id)  # type: ignore[arg-type]
        self.changes.documents.add(equivalence.document_id)

    def set_equivalence_deleted(self, equivalence_id: int, deleted: bool) -> None:
        self._repo.set_equivalence_deleted(equivalence_id, deleted)
        self.changes.equivalences.add(equivalence_id)

    # -- documents ------------------------------------------------------------------------
    def set_document_status(self, document_id: int, status: DocStatus) -> None:
        self._repo.set_document_status(document_id, status)
        self.changes.statuses.add(document_id)
        self.changes.documents.add(document_id)

    def note_documents(self, document_ids: Iterable[int | None]) -> None:
        """Documents a step names without writing their rows (a span restored by id)."""
        self.changes.documents.update(i for i in document_ids if i is not None)
