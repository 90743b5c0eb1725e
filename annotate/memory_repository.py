"""A :class:`~annotate.repository.Repository` in plain Python, for tests of the domain.

:class:`MemoryRepository` keeps a project in dicts and lists and behaves like the SQLite store
(``store.ProjectStore``) wherever the protocol's callers can tell: ids are ``max(id) + 1`` per
table, starting at 1, and a preset id restores that row; spans and events are soft-deleted;
foreign keys, unique columns and the checks of the file's tables are enforced (a violation
raises ``ValueError`` where the store raises SQLite's integrity error, and writes nothing);
records handed out are copies; ``transaction()`` is all-or-nothing and nests like savepoints.
``tests/repository_contract.py`` holds both implementations to the same behaviour.

Full-text queries follow the store's FTS5 query as the store quotes it (``quote_fts``):
every whitespace-separated word, or ``"quoted phrase"``, must occur as whole tokens (a phrase
as consecutive tokens within one column) in the title or the text. Tokens are runs of letters
and digits, compared case-insensitively with diacritics removed, approximating SQLite's
``unicode61`` tokenizer (it differs on a few scripts, e.g. Greek accents are removed here).
There is no ranking and no ``search()``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from annotate.errors import ActionError
from annotate.model import Argument, Document, DocStatus, DocumentSummary, Event, Span, SpanStatus, StoredDocument, StoredEvent, StoredSpan
from annotate.memory_relations import MemoryRelations
from annotate.memory_settings import MemorySettings
from annotate.memory_tables import (
    ACTION_KINDS,
    ActionRow,
    ArgumentRow,
    DocumentRow,
    EventRow,
    SpanRow,
    Tables,
    from_json,
    matches,
    norms_to_json,
    now,
    phrases,
    to_json,
)
from annotate.repository import LoggedStep
from annotate.schema import Schema


class MemoryRepository(MemoryRelations, MemorySettings):
    """A project held in memory: the :class:`~annotate.repository.Repository` protocol with the
    SQLite store's behaviour, for the domain's tests (see the module docstring).

    ``change_stamp()`` is ``(writes so far, 0)``: nobody else writes to it.
    """

    def __init__(self, schema: Schema) -> None:
        self._t = Tables(Schema.from_dict(schema.to_dict(), "project schema"))
        self._writes = 0

    # -- bookkeeping ----------------------------------------------------------------------
    def _wrote(self) -> None:
        self._writes += 1

    def _new_id(self, table: str, rows: dict[int, Any], preset: int | None) -> int:
        """The id of a new row: ``preset`` (which must be free) or the largest id + 1."""
        if preset is not None:
            if preset in rows:
                raise ValueError(f"UNIQUE constraint failed: {table}.id ({preset})")
            return preset
        return self._t.top.get(table, 0) + 1

    def _took(self, table: str, row_id: int) -> None:
        if row_id > self._t.top.get(table, 0):
            self._t.top[table] = row_id

    # -- transactions and audit -----------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[MemoryRepository]:
        """All writes inside are kept together or undone together. Nested, an inner one is a
        savepoint: its failure undoes its own writes only.

        Each level takes a snapshot: copies of the tables' containers, sharing the rows, which
        are immutable (every write replaces a row; nothing changes one in place)."""
        snapshot = self._t.copy()
        try:
            yield self
        except BaseException:
            self._t = snapshot
            self._wrote()  # reads made inside are no longer current
            raise

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
        """Append one row to the action log; returns its id. Values are kept as JSON."""
        if kind not in ACTION_KINDS:
            raise ValueError(f"CHECK constraint failed: kind IN ('do','undo') ({kind!r})")
        row_id = self._new_id("actions", self._t.actions, None)
        self._t.actions[row_id] = ActionRow(
            row_id, now(), action, kind, document_id, target, to_json(before), to_json(after),
            to_json(payload), replays,
        )
        self._took("actions", row_id)
        self._wrote()
        return row_id

    def last_step(self, row: int) -> str | None:
        """The kind of the newest log row that is ``row`` or an undo or redo of it."""
        found = [r for r in self._t.actions.values() if r.id == row or r.replays == row]
        return max(found, key=lambda r: r.id).kind if found else None

    def undo_history(self, limit: int) -> list[LoggedStep]:
        """The last ``limit`` log rows that carry a payload, oldest first (negative: all)."""
        steps = [
            LoggedStep(r.id, r.kind, r.replays, json.loads(r.payload))
            for r in self._t.actions.values()
            if r.payload is not None
        ]
        if limit >= 0:
            steps = steps[len(steps) - limit :] if limit else []
        return steps

    def action_log(self, document_id: int | None = None) -> list[dict[str, Any]]:
        """The action log, oldest first, optionally for one document (as ProjectStore's)."""
        return [
            {"id": r.id, "time": r.time, "action": r.action, "kind": r.kind,
             "document_id": r.document_id, "target": r.target, "before": from_json(r.before),
             "after": from_json(r.after), "payload": from_json(r.payload), "replays": r.replays}
            for r in self._t.actions.values()
            if document_id is None or r.document_id == document_id
        ]

    # -- schema ---------------------------------------------------------------------------
    def schema(self) -> Schema:
        """The project's own copy of its schema."""
        return self._t.schema

    def set_schema(self, schema: Schema) -> None:
        """Replace the project's schema with a validated copy of ``schema``."""
        self._t.schema = Schema.from_dict(schema.to_dict(), "new project schema")
        self._wrote()

    # -- documents ------------------------------------------------------------------------
    def add_documents(self, documents: Iterable[Document]) -> list[int]:
        """Insert documents (a preset ``id`` is ignored, as by the store); all or none."""
        known = {r.content_hash for r in self._t.documents.values()}
        rows: list[DocumentRow] = []
        next_id = self._new_id("documents", self._t.documents, None)
        for doc in documents:
            if doc.content_hash in known:
                raise ValueError(f"UNIQUE constraint failed: documents.content_hash ({doc.content_hash!r})")
            known.add(doc.content_hash)
            meta = json.dumps(doc.meta, ensure_ascii=False)
            rows.append(DocumentRow(next_id, doc.title, doc.text, doc.source, meta, doc.content_hash,
                                     DocStatus(doc.status)))
            next_id += 1
        for row in rows:
            self._t.documents[row.id] = row
            self._took("documents", row.id)
        if rows:
            self._wrote()
        return [r.id for r in rows]

    def _document_row(self, document_id: int) -> DocumentRow:
        row = self._t.documents.get(document_id)
        if row is None:
            raise ActionError(f"no document with id {document_id}")
        return row

    def document(self, document_id: int) -> StoredDocument:
        """One document; raises ActionError when there is none with that id."""
        return self._document_row(document_id).record()

    def document_ids(self, status: DocStatus | None = None) -> list[int]:
        """Ids of documents, in import order, optionally of one status."""
        return [i for i, r in self._t.documents.items() if status is None or r.status == status]

    def iter_documents(self) -> Iterator[StoredDocument]:
        """Every document, in import order."""
        for row in list(self._t.documents.values()):
            yield row.record()

    def known_hashes(self) -> set[str]:
        """Content hashes of every document in the project."""
        return {r.content_hash for r in self._t.documents.values()}

    def document_with_hash(self, content_hash: str) -> int | None:
        """The id of the document with this content hash, if any."""
        return next((r.id for r in self._t.documents.values() if r.content_hash == content_hash), None)

    def set_document_status(self, document_id: int, status: DocStatus) -> None:
        """Change a document's status (an unknown id changes nothing, as in the store)."""
        status = DocStatus(status)
        row = self._t.documents.get(document_id)
        if row is not None:
            self._t.documents[document_id] = replace(row, status=status)
            self._wrote()

    def _filtered(self, status: DocStatus | None, query: str | None,
                  document_id: int | None = None) -> list[DocumentRow]:
        rows: Iterable[DocumentRow] = self._t.documents.values()
        if document_id is not None:
            found = self._t.documents.get(document_id)
            rows = [found] if found is not None else []
        if status is not None:
            rows = [r for r in rows if r.status == status]
        if query and query.strip():
            wanted = phrases(query)
            rows = [r for r in rows if matches(r, wanted)]
        return list(rows)

    def count_documents(self, status: DocStatus | None = None, query: str | None = None) -> int:
        """How many documents match a status and a full-text query."""
        return len(self._filtered(status, query))

    def document_summaries(
        self,
        status: DocStatus | None = None,
        query: str | None = None,
        offset: int = 0,
        limit: int = 200,
        document_id: int | None = None,
    ) -> list[DocumentSummary]:
        """One page of the document list (id order) with accepted/proposed span counts."""
        rows = self._filtered(status, query, document_id)[max(offset, 0) :]
        if limit >= 0:
            rows = rows[:limit]
        counts: dict[tuple[int, SpanStatus], int] = {}
        wanted = {r.id for r in rows}
        for span in self._t.spans.values():
            if not span.deleted and span.document_id in wanted:
                key = (span.document_id, span.status)
                counts[key] = counts.get(key, 0) + 1
        return [
            DocumentSummary(r.id, r.title, r.status, counts.get((r.id, SpanStatus.ACCEPTED), 0),
                            counts.get((r.id, SpanStatus.PROPOSED), 0), r.warnings)
            for r in rows
        ]

    def accepted_since(self, timestamp: str) -> int:
        """Live spans accepted (or created accepted) since an ISO timestamp."""
        return sum(
            1 for s in self._t.spans.values()
            if not s.deleted and s.status == SpanStatus.ACCEPTED and s.updated_at >= timestamp
        )

    def set_document_warnings(self, document_id: int, count: int) -> None:
        """Store how many warnings a document's events have (an unchanged count writes nothing)."""
        row = self._t.documents.get(document_id)
        if row is not None and row.warnings != count:
            self._t.documents[document_id] = replace(row, warnings=count)
            self._wrote()

    def document_warnings(self, document_id: int) -> int:
        """The stored warning count of a document (0 for an unknown one)."""
        row = self._t.documents.get(document_id)
        return row.warnings if row else 0

    # -- spans ----------------------------------------------------------------------------
    @staticmethod
    def _check_span_fields(start: int, end: int, status: SpanStatus) -> SpanStatus:
        if not (start >= 0 and end > start):
            raise ValueError(f"CHECK constraint failed: start >= 0 AND end > start ({start}-{end})")
        return SpanStatus(status)

    def insert_span(self, span: Span) -> int:
        """Insert a span (``id`` may be preset to restore one); returns its id."""
        status = self._check_span_fields(span.start, span.end, span.status)
        if span.document_id not in self._t.documents:
            raise ValueError(f"FOREIGN KEY constraint failed: no document {span.document_id}")
        span_id = self._new_id("spans", self._t.spans, span.id)
        stamp = now()
        score = None if span.score is None else float(span.score)
        self._t.spans[span_id] = SpanRow(
            span_id, span.document_id, span.start, span.end, span.label, status, span.source,
            score, span.note, False, span.created_at or stamp, stamp, *_span_extras(span),
        )
        self._took("spans", span_id)
        self._wrote()
        return span_id

    def _span_row(self, span_id: int | None) -> SpanRow:
        row = self._t.spans.get(span_id) if span_id is not None else None
        if row is None:
            raise ActionError(f"no span with id {span_id}")
        return row

    def update_span(self, span: Span) -> None:
        """Write a span's start, end, label, status, score and note (deleted or not)."""
        row = self._span_row(span.id)
        status = self._check_span_fields(span.start, span.end, span.status)
        score = None if span.score is None else float(span.score)
        fragments, attributes, norms = _span_extras(span)
        self._t.spans[row.id] = replace(row, start=span.start, end=span.end, label=span.label,
                                        status=status, score=score, note=span.note, updated_at=now(),
                                        fragments=fragments, attributes=attributes, norms=norms)
        self._wrote()

    def set_span_deleted(self, span_id: int, deleted: bool) -> None:
        """Soft-delete or restore a span."""
        row = self._span_row(span_id)
        self._t.spans[span_id] = replace(row, deleted=bool(deleted), updated_at=now())
        self._wrote()

    def span(self, span_id: int) -> StoredSpan:
        """One non-deleted span; raises ActionError when there is none."""
        row = self._t.spans.get(span_id)
        if row is None or row.deleted:
            raise ActionError(f"no span with id {span_id}")
        return row.record()

    def spans(self, document_id: int, include_deleted: bool = False) -> list[StoredSpan]:
        """A document's spans ordered by start, end and id."""
        rows = [s for s in self._t.spans.values()
                if s.document_id == document_id and (include_deleted or not s.deleted)]
        rows.sort(key=lambda s: (s.start, s.end, s.id))
        return [s.record() for s in rows]

    def spans_at(self, document_id: int, start: int, end: int) -> list[StoredSpan]:
        """Live spans of a document with exactly this range (any label), by id."""
        rows = [s for s in self._t.spans.values()
                if s.document_id == document_id and s.start == start and s.end == end and not s.deleted]
        rows.sort(key=lambda s: s.id)
        return [s.record() for s in rows]

    def spans_by_id(self, span_ids: Iterable[int], include_deleted: bool = True) -> dict[int, StoredSpan]:
        """Spans by id; deleted ones too unless ``include_deleted`` is False (an event may still
        name a deleted span)."""
        out: dict[int, StoredSpan] = {}
        for span_id in sorted(set(span_ids)):
            row = self._t.spans.get(span_id)
            if row is not None and (include_deleted or not row.deleted):
                out[span_id] = row.record()
        return out

    def change_stamp(self) -> tuple[int, int]:
        """(writes so far, 0): it changes with every write, and nobody else writes."""
        return self._writes, 0

    # -- events ---------------------------------------------------------------------------
    def _check_span_exists(self, span_id: int) -> None:
        if span_id not in self._t.spans:
            raise ValueError(f"FOREIGN KEY constraint failed: no span {span_id}")

    def insert_event(self, event: Event) -> int:
        """Insert an event with its arguments (ids may be preset to restore one); the given
        arguments get their ids, as the store gives them."""
        status = SpanStatus(event.status)
        if event.document_id not in self._t.documents:
            raise ValueError(f"FOREIGN KEY constraint failed: no document {event.document_id}")
        self._check_span_exists(event.trigger_span_id)
        event_id = self._new_id("events", self._t.events, event.id)
        attributes = json.dumps(event.attributes, ensure_ascii=False)
        # Validate every argument before writing anything: one call, all or nothing. Ids as
        # SQLite gives them, one insert after another: preset, or the largest so far + 1.
        argument_ids: list[int] = []
        top = self._t.top.get("event_arguments", 0)
        for argument in event.arguments:
            self._check_span_exists(argument.span_id)
            self._check_argument_event(argument, event_id)
            if argument.id is not None and (argument.id in self._t.arguments or argument.id in argument_ids):
                raise ValueError(f"UNIQUE constraint failed: event_arguments.id ({argument.id})")
            argument_id = argument.id if argument.id is not None else top + 1
            top = max(top, argument_id)
            argument_ids.append(argument_id)
        stamp = now()
        score = None if event.score is None else float(event.score)
        self._t.events[event_id] = EventRow(
            event_id, event.document_id, event.type, event.trigger_span_id, attributes, status,
            event.source, score, event.note, False, event.created_at or stamp, stamp, norms_to_json(event.norms),
        )
        self._took("events", event_id)
        for argument, argument_id in zip(event.arguments, argument_ids, strict=True):
            self._t.arguments[argument_id] = ArgumentRow(argument_id, event_id, argument.role, argument.span_id,
                                                         argument.event_id)
            self._took("event_arguments", argument_id)
            argument.id = argument_id
        self._wrote()
        return event_id

    def _event_row(self, event_id: int | None) -> EventRow:
        row = self._t.events.get(event_id) if event_id is not None else None
        if row is None:
            raise ActionError(f"no event with id {event_id}")
        return row

    def update_event(self, event: Event) -> None:
        """Write an event's type, trigger, attributes, status, score and note."""
        row = self._event_row(event.id)
        status = SpanStatus(event.status)
        self._check_span_exists(event.trigger_span_id)
        score = None if event.score is None else float(event.score)
        self._t.events[row.id] = replace(
            row, type=event.type, trigger_span_id=event.trigger_span_id,
            attributes=json.dumps(event.attributes, ensure_ascii=False), status=status, score=score,
            note=event.note, updated_at=now(), norms=norms_to_json(event.norms),
        )
        self._wrote()

    def set_event_deleted(self, event_id: int, deleted: bool) -> None:
        """Soft-delete or restore an event."""
        row = self._event_row(event_id)
        self._t.events[event_id] = replace(row, deleted=bool(deleted), updated_at=now())
        self._wrote()

    def _with_arguments(self, rows: list[EventRow]) -> list[StoredEvent]:
        """Events of these rows (in this order), each with its arguments by argument id."""
        arguments: dict[int, list[Argument]] = {r.id: [] for r in rows}
        for arg in sorted(self._t.arguments.values(), key=lambda a: a.id):
            if arg.event_id in arguments:
                arguments[arg.event_id].append(arg.record())
        return [r.record(arguments[r.id]) for r in rows]

    def event(self, event_id: int) -> StoredEvent:
        """One non-deleted event with its arguments; raises ActionError when there is none."""
        row = self._t.events.get(event_id)
        if row is None or row.deleted:
            raise ActionError(f"no event with id {event_id}")
        return self._with_arguments([row])[0]

    def events(self, document_id: int) -> list[StoredEvent]:
        """A document's non-deleted events with their arguments, by id."""
        rows = [e for e in self._t.events.values() if e.document_id == document_id and not e.deleted]
        rows.sort(key=lambda e: e.id)
        return self._with_arguments(rows)

    def events_using_span(self, span_id: int) -> list[StoredEvent]:
        """Non-deleted events whose trigger or an argument is ``span_id``, by id."""
        return self.events_using_spans([span_id])

    def events_using_spans(self, span_ids: Iterable[int]) -> list[StoredEvent]:
        """Live events whose trigger or an argument is one of these spans, by id."""
        wanted = set(span_ids)
        if not wanted:
            return []
        ids = {a.event_id for a in self._t.arguments.values() if a.span_id in wanted}
        rows = [e for e in self._t.events.values()
                if not e.deleted and (e.trigger_span_id in wanted or e.id in ids)]
        rows.sort(key=lambda e: e.id)
        return self._with_arguments(rows)

    def insert_argument(self, event_id: int, argument: Argument) -> int:
        """Add an argument to an event (its ``id`` may be preset to restore it); returns its id."""
        if event_id not in self._t.events:
            raise ValueError(f"FOREIGN KEY constraint failed: no event {event_id}")
        self._check_span_exists(argument.span_id)
        self._check_argument_event(argument, event_id)
        argument_id = self._new_id("event_arguments", self._t.arguments, argument.id)
        self._t.arguments[argument_id] = ArgumentRow(argument_id, event_id, argument.role, argument.span_id,
                                                     argument.event_id)
        self._took("event_arguments", argument_id)
        self._wrote()
        return argument_id

    def argument(self, argument_id: int) -> tuple[int, Argument] | None:
        """(event id, argument) of a live event's argument, or None."""
        row = self._t.arguments.get(argument_id)
        if row is None or self._t.events[row.event_id].deleted:
            return None
        return row.event_id, row.record()

    def delete_argument(self, argument_id: int) -> None:
        """Remove an argument row; raises ActionError when there is none."""
        if self._t.arguments.pop(argument_id, None) is None:
            raise ActionError(f"no argument with id {argument_id}")
        if argument_id == self._t.top.get("event_arguments"):
            # Like an SQLite rowid table without AUTOINCREMENT: the next id is max(id) + 1.
            self._t.top["event_arguments"] = max(self._t.arguments, default=0)
        self._wrote()


def _span_extras(span: Span) -> tuple[tuple[tuple[int, int], ...], str, str | None]:
    """A span's fragments, attributes and norms as its row keeps them."""
    return (tuple((int(a), int(b)) for a, b in span.fragments),
            json.dumps(span.attributes, ensure_ascii=False) if span.attributes else "{}", norms_to_json(span.norms))
