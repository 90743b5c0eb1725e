"""The repository protocol: what the domain needs from persistence.

``store/`` implements it over SQLite; tests may implement it in memory. The domain and the
window talk to a :class:`~annotate.session.Session`, which talks to a Repository.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from annotate.model import (
    Argument,
    Document,
    DocStatus,
    DocumentSummary,
    Equivalence,
    Event,
    Relation,
    Span,
    StoredDocument,
    StoredEquivalence,
    StoredEvent,
    StoredRelation,
    StoredSpan,
)
from annotate.schema import Schema


@dataclass(frozen=True, slots=True)
class LoggedStep:
    """One undoable row of the action log: a new action (``do``, replays None), an undo, or a
    redo (``do`` replaying an earlier row)."""

    id: int
    kind: str
    replays: int | None
    payload: Any


class Repository(Protocol):
    """Persistence of one project. Every method but ``transaction`` is one statement or query."""

    # -- transactions and audit -----------------------------------------------------------
    def transaction(self) -> AbstractContextManager[Any]:
        """A context in which all writes commit together or not at all (nestable)."""

    def log_action(
        self,
        action: str,
        kind: str,
        document_id: int | None,
        target: str | None,
        before: Any,
        after: Any,
        payload: Any = None,
        replays: int | None = None,
    ) -> int:
        """Append one row to the action log; returns its id. ``payload`` is the action itself
        (``annotate.actions.codec``), so it can be undone after a restart; ``replays`` is, for an
        undo or a redo, the id of the row of the action it reverts or applies again."""

    def undo_history(self, limit: int) -> list[LoggedStep]:
        """The last ``limit`` rows of the action log that carry a payload, oldest first."""

    def last_step(self, row: int) -> str | None:
        """The kind ('do' or 'undo') of the newest log row that is ``row`` itself or an undo or
        redo of it: whether that action is applied now, whoever applied or undid it."""

    # -- schema ---------------------------------------------------------------------------
    def schema(self) -> Schema:
        """The project's own copy of its schema."""

    def set_schema(self, schema: Schema) -> None:
        """Replace the project's schema."""

    # -- documents ------------------------------------------------------------------------
    def add_documents(self, documents: Iterable[Document]) -> list[int]:
        """Insert documents (their ``content_hash`` set); returns their new ids in order."""

    def document(self, document_id: int) -> StoredDocument:
        """One document; raises ActionError when there is none with that id."""

    def document_ids(self, status: DocStatus | None = None) -> list[int]:
        """Ids of documents, in import order, optionally of one status."""

    def known_hashes(self) -> set[str]:
        """Content hashes of every document in the project."""

    def document_with_hash(self, content_hash: str) -> int | None:
        """The id of the document whose text has this content hash, if there is one."""

    def set_document_status(self, document_id: int, status: DocStatus) -> None:
        """Change a document's status."""

    def count_documents(self, status: DocStatus | None = None, query: str | None = None) -> int:
        """How many documents match a status and a full-text query."""

    def document_summaries(
        self,
        status: DocStatus | None = None,
        query: str | None = None,
        offset: int = 0,
        limit: int = 200,
        document_id: int | None = None,
    ) -> list[DocumentSummary]:
        """One page of the document list (id order) with accepted/proposed span counts."""

    def accepted_since(self, timestamp: str) -> int:
        """Spans accepted since an ISO timestamp."""

    def set_document_warnings(self, document_id: int, count: int) -> None:
        """Store how many warnings a document's events have."""

    def document_warnings(self, document_id: int) -> int:
        """The stored warning count of a document."""

    def spans_by_id(self, span_ids: Iterable[int], include_deleted: bool = True) -> dict[int, StoredSpan]:
        """Spans by id, in one query; deleted ones too unless ``include_deleted`` is False (an
        event may still name a deleted span)."""

    def spans_at(self, document_id: int, start: int, end: int) -> list[StoredSpan]:
        """Live spans of a document with exactly this range."""

    # -- spans ----------------------------------------------------------------------------
    def insert_span(self, span: Span) -> int:
        """Insert a span (``id`` may be preset to restore one); returns its id."""

    def update_span(self, span: Span) -> None:
        """Write a span's start, end, label, status, score and note."""

    def set_span_deleted(self, span_id: int, deleted: bool) -> None:
        """Soft-delete or restore a span."""

    def span(self, span_id: int) -> StoredSpan:
        """One non-deleted span; raises ActionError when there is none."""

    def spans(self, document_id: int, include_deleted: bool = False) -> list[StoredSpan]:
        """A document's spans ordered by start, end."""

    def change_stamp(self) -> tuple[int, int]:
        """A value that changes whenever anything in the project may have changed (writes of
        this repository or of anyone else); equal stamps mean reads are still current."""

    # -- events ---------------------------------------------------------------------------
    def insert_event(self, event: Event) -> int:
        """Insert an event with its arguments (ids may be preset to restore one)."""

    def update_event(self, event: Event) -> None:
        """Write an event's type, trigger, attributes, status, score and note."""

    def set_event_deleted(self, event_id: int, deleted: bool) -> None:
        """Soft-delete or restore an event."""

    def event(self, event_id: int) -> StoredEvent:
        """One non-deleted event with its arguments; raises ActionError when there is none."""

    def events(self, document_id: int) -> list[StoredEvent]:
        """A document's non-deleted events with their arguments."""

    def events_using_span(self, span_id: int) -> list[StoredEvent]:
        """Non-deleted events whose trigger or an argument is ``span_id``."""

    def events_using_spans(self, span_ids: Iterable[int]) -> list[StoredEvent]:
        """Live events whose trigger or an argument is one of these spans (one query)."""

    def events_using_event(self, event_id: int) -> list[StoredEvent]:
        """Live events that have the event ``event_id`` as an argument."""

    def insert_argument(self, event_id: int, argument: Argument) -> int:
        """Add an argument to an event; returns its id."""

    def argument(self, argument_id: int) -> tuple[int, Argument] | None:
        """(event id, argument) of a live event's argument, or None."""

    def delete_argument(self, argument_id: int) -> None:
        """Remove an argument row."""

    # -- relations and equivalences -------------------------------------------------------
    def insert_relation(self, relation: Relation) -> int:
        """Insert a relation (``id`` may be preset to restore one); returns its id."""

    def update_relation(self, relation: Relation) -> None:
        """Write a relation's type, ends, attributes, status, score and note."""

    def set_relation_deleted(self, relation_id: int, deleted: bool) -> None:
        """Soft-delete or restore a relation."""

    def relation(self, relation_id: int) -> StoredRelation:
        """One live relation; raises ActionError when there is none."""

    def relations(self, document_id: int) -> list[StoredRelation]:
        """A document's live relations, oldest first."""

    def relations_using_spans(self, span_ids: Iterable[int]) -> list[StoredRelation]:
        """Live relations with one of these spans at either end."""

    def insert_equivalence(self, equivalence: Equivalence) -> int:
        """Insert an equivalence set (``id`` may be preset); returns its id."""

    def update_equivalence(self, equivalence: Equivalence) -> None:
        """Write an equivalence set's type and members."""

    def set_equivalence_deleted(self, equivalence_id: int, deleted: bool) -> None:
        """Soft-delete or restore an equivalence set."""

    def equivalences(self, document_id: int) -> list[StoredEquivalence]:
        """A document's live equivalence sets, oldest first."""

    # -- proposals and settings -----------------------------------------------------------
    def documents_proposed_by(self, source: str) -> set[int]:
        """Documents on which ``source`` has already run."""

    def mark_proposed(self, document_id: int, source: str) -> None:
        """Record that ``source`` has run on a document."""

    def setting(self, key: str) -> str | None:
        """A project setting (e.g. ``proposer.model``), or None."""

    def set_setting(self, key: str, value: str) -> None:
        """Remember a project setting."""

    def pattern_files(self) -> list[tuple[str, str]]:
        """(name, content) of the project's pattern files, oldest first."""

    def add_pattern_file(self, name: str, content: str) -> None:
        """Add (or replace, by name) a pattern file."""

    # -- reporting ------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Counts of documents, spans and events as ``main.py stats --json`` prints them."""

    def iter_documents(self) -> Iterator[StoredDocument]:
        """Every document, in import order."""
