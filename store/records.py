"""Span and event rows of a project: the part of the repository the window calls on every
key, kept apart from opening, migrating and importing (store/project.py)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from annotate.errors import ActionError
from annotate.model import Argument, Event, Normalization, Span, SpanStatus, StoredEvent, StoredSpan


def now() -> str:
    """UTC timestamp with milliseconds, as stored in every ``*_at`` column."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class RecordQueries:
    """Spans, events and their arguments in ``self.db``."""

    db: Database

    def spans_at(self, document_id: int, start: int, end: int) -> list[StoredSpan]:
        """Live spans of a document with exactly this range (any label)."""
        rows = self.db.execute(
            f"SELECT {_SPAN_COLS} FROM spans WHERE document_id = ? AND start = ? AND end = ? AND deleted = 0 ORDER BY id",
            [document_id, start, end],
        )
        return [_span(r) for r in rows]

    def spans_by_id(self, span_ids: Iterable[int], include_deleted: bool = True) -> dict[int, StoredSpan]:
        """Spans by id (deleted ones included unless ``include_deleted`` is False: an event
        may still name them)."""
        ids = list(dict.fromkeys(span_ids))
        out: dict[int, StoredSpan] = {}
        live = "" if include_deleted else " AND deleted = 0"
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT {_SPAN_COLS} FROM spans WHERE id IN ({marks}){live}", chunk):
                span = _span(row)
                out[span.id] = span
        return out

    # -- spans ----------------------------------------------------------------------------
    def insert_span(self, span: Span) -> int:
        stamp = now()
        cur = self.db.execute(
            "INSERT INTO spans (id, document_id, start, end, label, status, source, score, note, "
            "deleted, created_at, updated_at, fragments, attributes, norms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)",
            [span.id, span.document_id, span.start, span.end, span.label, str(span.status),
             span.source, span.score, span.note, span.created_at or stamp, stamp, *_span_extras(span)],
        )
        return rowid(cur)

    def update_span(self, span: Span) -> None:
        cur = self.db.execute(
            "UPDATE spans SET start = ?, end = ?, label = ?, status = ?, score = ?, note = ?, "
            "updated_at = ?, fragments = ?, attributes = ?, norms = ? WHERE id = ?",
            [span.start, span.end, span.label, str(span.status), span.score, span.note, now(),
             *_span_extras(span), span.id],
        )
        if cur.rowcount != 1:
            raise ActionError(f"no span with id {span.id}")

    def set_span_deleted(self, span_id: int, deleted: bool) -> None:
        cur = self.db.execute(
            "UPDATE spans SET deleted = ?, updated_at = ? WHERE id = ?", [int(deleted), now(), span_id]
        )
        if cur.rowcount != 1:
            raise ActionError(f"no span with id {span_id}")

    def span(self, span_id: int) -> StoredSpan:
        row = self.db.execute(f"SELECT {_SPAN_COLS} FROM spans WHERE id = ? AND deleted = 0", [span_id]).fetchone()
        if row is None:
            raise ActionError(f"no span with id {span_id}")
        return _span(row)

    def spans(self, document_id: int, include_deleted: bool = False) -> list[StoredSpan]:
        live = "" if include_deleted else " AND deleted = 0"
        rows = self.db.execute(
            f"SELECT {_SPAN_COLS} FROM spans WHERE document_id = ?{live} ORDER BY start, end, id",
            [document_id],
        )
        return [_span(r) for r in rows]

    # -- events ---------------------------------------------------------------------------
    def insert_event(self, event: Event) -> int:
        stamp = now()
        cur = self.db.execute(
            "INSERT INTO events (id, document_id, type, trigger_span_id, attributes, status, source, "
            "score, note, deleted, created_at, updated_at, norms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
            [event.id, event.document_id, event.type, event.trigger_span_id,
             json.dumps(event.attributes, ensure_ascii=False), str(event.status), event.source,
             event.score, event.note, event.created_at or stamp, stamp, norms_json(event.norms)],
        )
        event_id = rowid(cur)
        for argument in event.arguments:
            argument.id = self.insert_argument(event_id, argument)
        return event_id

    def update_event(self, event: Event) -> None:
        cur = self.db.execute(
            "UPDATE events SET type = ?, trigger_span_id = ?, attributes = ?, status = ?, score = ?, "
            "note = ?, updated_at = ?, norms = ? WHERE id = ?",
            [event.type, event.trigger_span_id, json.dumps(event.attributes, ensure_ascii=False),
             str(event.status), event.score, event.note, now(), norms_json(event.norms), event.id],
        )
        if cur.rowcount != 1:
            raise ActionError(f"no event with id {event.id}")

    def set_event_deleted(self, event_id: int, deleted: bool) -> None:
        cur = self.db.execute(
            "UPDATE events SET deleted = ?, updated_at = ? WHERE id = ?", [int(deleted), now(), event_id]
        )
        if cur.rowcount != 1:
            raise ActionError(f"no event with id {event_id}")

    def event(self, event_id: int) -> StoredEvent:
        row = self.db.execute(f"SELECT {_EVENT_COLS} FROM events WHERE id = ? AND deleted = 0", [event_id]).fetchone()
        if row is None:
            raise ActionError(f"no event with id {event_id}")
        return self._with_arguments([_event(row)])[0]

    def events(self, document_id: int) -> list[StoredEvent]:
        rows = self.db.execute(
            f"SELECT {_EVENT_COLS} FROM events WHERE document_id = ? AND deleted = 0 ORDER BY id",
            [document_id],
        )
        return self._with_arguments([_event(r) for r in rows])

    def events_using_span(self, span_id: int) -> list[StoredEvent]:
        rows = self.db.execute(
            f"SELECT {_EVENT_COLS} FROM events WHERE deleted = 0 AND (trigger_span_id = ? OR id IN "
            "(SELECT event_id FROM event_arguments WHERE span_id = ?)) ORDER BY id",
            [span_id, span_id],
        )
        return self._with_arguments([_event(r) for r in rows])

    def events_using_event(self, event_id: int) -> list[StoredEvent]:
        rows = self.db.execute(
            f"SELECT {_EVENT_COLS} FROM events WHERE deleted = 0 AND id IN "
            "(SELECT event_id FROM event_arguments WHERE argument_event_id = ?) ORDER BY id",
            [event_id],
        )
        return self._with_arguments([_event(r) for r in rows])

    def events_using_spans(self, span_ids: Iterable[int]) -> list[StoredEvent]:
        ids = list(dict.fromkeys(span_ids))
        if not ids:
            return []
        found: dict[int, StoredEvent] = {}
        for i in range(0, len(ids), 400):
            chunk = ids[i : i + 400]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT {_EVENT_COLS} FROM events WHERE deleted = 0 AND (trigger_span_id IN ({marks}) OR id IN "
                f"(SELECT event_id FROM event_arguments WHERE span_id IN ({marks})))",
                chunk + chunk,
            )
            for row in rows:
                event = _event(row)
                found[event.id] = event
        return self._with_arguments(sorted(found.values(), key=lambda e: e.id))

    def _with_arguments(self, events: list[StoredEvent]) -> list[StoredEvent]:
        by_id = {e.id: e for e in events}
        if not by_id:
            return events
        marks = ",".join("?" * len(by_id))
        rows = self.db.execute(
            f"SELECT id, event_id, role, span_id, argument_event_id FROM event_arguments "
            f"WHERE event_id IN ({marks}) ORDER BY id",
            list(by_id),
        )
        for arg_id, event_id, role, span_id, argument_event in rows:
            by_id[event_id].arguments.append(Argument(role, span_id, arg_id, argument_event))
        return events

    def insert_argument(self, event_id: int, argument: Argument) -> int:
        cur = self.db.execute(
            "INSERT INTO event_arguments (id, event_id, role, span_id, argument_event_id) VALUES (?, ?, ?, ?, ?)",
            [argument.id, event_id, argument.role, argument.span_id, argument.event_id],
        )
        return rowid(cur)

    def argument(self, argument_id: int) -> tuple[int, Argument] | None:
        row = self.db.execute(
            "SELECT a.event_id, a.role, a.span_id, a.argument_event_id FROM event_arguments a "
            "JOIN events e ON e.id = a.event_id WHERE a.id = ? AND e.deleted = 0",
            [argument_id],
        ).fetchone()
        return (row[0], Argument(row[1], row[2], argument_id, row[3])) if row else None

    def delete_argument(self, argument_id: int) -> None:
        cur = self.db.execute("DELETE FROM event_arguments WHERE id = ?", [argument_id])
        if cur.rowcount != 1:
            raise ActionError(f"no argument with id {argument_id}")


def rowid(cur: Any) -> int:
    """The id an INSERT gave its row (sqlite3 types lastrowid as optional)."""
    if cur.lastrowid is None:
        raise ActionError("the row was not inserted")
    return int(cur.lastrowid)


_SPAN_COLS = ("id, document_id, start, end, label, status, source, score, note, created_at, updated_at, "
              "fragments, attributes, norms")
_EVENT_COLS = (
    "id, document_id, type, trigger_span_id, attributes, status, source, score, note, created_at, updated_at, "
    "norms"
)


_SPAN_STATUS = {s.value: s for s in SpanStatus}  # a dict lookup: Enum() is slow per row


def norms_json(norms: list[Normalization]) -> str | None:
    """Normalisations as stored: NULL for none (nearly every row)."""
    return json.dumps([n.as_dict() for n in norms], ensure_ascii=False) if norms else None


def norms_of(value: str | None) -> list[Normalization]:
    """Normalisations read back from their column."""
    return [Normalization.from_dict(n) for n in json.loads(value)] if value else []


def _span_extras(span: Span) -> list[str | None]:
    """The fragments, attributes and norms columns of a span (NULL or '{}' when it has none)."""
    fragments = json.dumps([list(f) for f in span.fragments]) if span.fragments else None
    return [fragments, json.dumps(span.attributes, ensure_ascii=False) if span.attributes else "{}",
            norms_json(span.norms)]


def _span(row: tuple) -> StoredSpan:
    sid, doc, start, end, label, status, source, score, note, created, updated, fragments, attrs, norms = row
    span = StoredSpan(doc, start, end, label, _SPAN_STATUS[status], source, score, note, sid, created, updated)
    # Nearly every span has none of these: skip the JSON parsing then.
    if fragments:
        span.fragments = tuple((int(a), int(b)) for a, b in json.loads(fragments))
    if attrs != "{}":
        span.attributes = json.loads(attrs)
    if norms:
        span.norms = norms_of(norms)
    return span


def _event(row: tuple) -> StoredEvent:
    eid, doc, etype, trigger, attrs, status, source, score, note, created, updated, norms = row
    return StoredEvent(doc, etype, trigger, [], json.loads(attrs), SpanStatus(status), source, score, note,
                       eid, created, updated, norms_of(norms))
