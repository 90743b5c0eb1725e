"""The in-memory repository's relations, equivalence sets and events named as arguments
(a part of :class:`~annotate.memory_repository.MemoryRepository`, kept apart for size)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from annotate.errors import ActionError
from annotate.memory_tables import EquivalenceRow, RelationRow, Tables, now
from annotate.model import Argument, Equivalence, Relation, SpanStatus, StoredEquivalence, StoredEvent, StoredRelation


class MemoryRelations:
    """Relation and equivalence tables over ``self._t``, with the store's checks."""

    _t: Tables

    # Given by MemoryRepository.
    def _wrote(self) -> None:
        raise NotImplementedError

    def _new_id(self, table: str, rows: dict[int, Any], preset: int | None) -> int:
        raise NotImplementedError

    def _took(self, table: str, row_id: int) -> None:
        raise NotImplementedError

    def _check_span_exists(self, span_id: int) -> None:
        raise NotImplementedError

    def _with_arguments(self, rows: list[Any]) -> list[StoredEvent]:
        raise NotImplementedError

    # -- events as arguments --------------------------------------------------------------
    def _check_argument_event(self, argument: Argument, event_id: int) -> None:
        if argument.event_id is not None and argument.event_id not in self._t.events and argument.event_id != event_id:
            raise ValueError(f"FOREIGN KEY constraint failed: no event {argument.event_id}")

    def events_using_event(self, event_id: int) -> list[StoredEvent]:
        """Live events that have the event ``event_id`` as an argument, by id."""
        ids = {a.event_id for a in self._t.arguments.values() if a.argument_event_id == event_id}
        rows = sorted((e for e in self._t.events.values() if e.id in ids and not e.deleted), key=lambda e: e.id)
        return self._with_arguments(rows)

    # -- relations ------------------------------------------------------------------------
    def insert_relation(self, relation: Relation) -> int:
        """Insert a relation (``id`` may be preset to restore one); returns its id."""
        if relation.document_id not in self._t.documents:
            raise ValueError(f"FOREIGN KEY constraint failed: no document {relation.document_id}")
        self._check_span_exists(relation.head_span_id)
        self._check_span_exists(relation.child_span_id)
        relation_id = self._new_id("relations", self._t.relations, relation.id)
        stamp = now()
        self._t.relations[relation_id] = RelationRow(
            relation_id, relation.document_id, relation.type, relation.head_span_id, relation.child_span_id,
            json.dumps(relation.attributes, ensure_ascii=False), SpanStatus(relation.status), relation.source,
            None if relation.score is None else float(relation.score), relation.note, False,
            relation.created_at or stamp, stamp)
        self._took("relations", relation_id)
        self._wrote()
        return relation_id

    def _relation_row(self, relation_id: int | None) -> RelationRow:
        row = self._t.relations.get(relation_id) if relation_id is not None else None
        if row is None:
            raise ActionError(f"no relation with id {relation_id}")
        return row

    def update_relation(self, relation: Relation) -> None:
        """Write a relation's type, ends, attributes, status, score and note."""
        row = self._relation_row(relation.id)
        self._check_span_exists(relation.head_span_id)
        self._check_span_exists(relation.child_span_id)
        self._t.relations[row.id] = replace(
            row, type=relation.type, head_span_id=relation.head_span_id, child_span_id=relation.child_span_id,
            attributes=json.dumps(relation.attributes, ensure_ascii=False), status=SpanStatus(relation.status),
            score=None if relation.score is None else float(relation.score), note=relation.note, updated_at=now())
        self._wrote()

    def set_relation_deleted(self, relation_id: int, deleted: bool) -> None:
        """Soft-delete or restore a relation."""
        row = self._relation_row(relation_id)
        self._t.relations[relation_id] = replace(row, deleted=bool(deleted), updated_at=now())
        self._wrote()

    def relation(self, relation_id: int) -> StoredRelation:
        """One live relation; raises ActionError when there is none."""
        row = self._t.relations.get(relation_id)
        if row is None or row.deleted:
            raise ActionError(f"no relation with id {relation_id}")
        return row.record()

    def relations(self, document_id: int) -> list[StoredRelation]:
        """A document's live relations, by id."""
        rows = sorted((r for r in self._t.relations.values() if r.document_id == document_id and not r.deleted),
                      key=lambda r: r.id)
        return [r.record() for r in rows]

    def relations_using_spans(self, span_ids: Iterable[int]) -> list[StoredRelation]:
        """Live relations with one of these spans at either end, by id."""
        wanted = set(span_ids)
        rows = sorted((r for r in self._t.relations.values()
                       if not r.deleted and (r.head_span_id in wanted or r.child_span_id in wanted)),
                      key=lambda r: r.id)
        return [r.record() for r in rows]

    # -- equivalences ---------------------------------------------------------------------
    def insert_equivalence(self, equivalence: Equivalence) -> int:
        """Insert an equivalence set (``id`` may be preset to restore one); returns its id."""
        if equivalence.document_id not in self._t.documents:
            raise ValueError(f"FOREIGN KEY constraint failed: no document {equivalence.document_id}")
        equivalence_id = self._new_id("equivalences", self._t.equivalences, equivalence.id)
        self._t.equivalences[equivalence_id] = EquivalenceRow(
            equivalence_id, equivalence.document_id, equivalence.type, tuple(equivalence.span_ids),
            equivalence.source)
        self._took("equivalences", equivalence_id)
        self._wrote()
        return equivalence_id

    def _equivalence_row(self, equivalence_id: int | None) -> EquivalenceRow:
        row = self._t.equivalences.get(equivalence_id) if equivalence_id is not None else None
        if row is None:
            raise ActionError(f"no equivalence with id {equivalence_id}")
        return row

    def update_equivalence(self, equivalence: Equivalence) -> None:
        """Write an equivalence set's type and members."""
        row = self._equivalence_row(equivalence.id)
        self._t.equivalences[row.id] = replace(row, type=equivalence.type, span_ids=tuple(equivalence.span_ids))
        self._wrote()

    def set_equivalence_deleted(self, equivalence_id: int, deleted: bool) -> None:
        """Soft-delete or restore an equivalence set."""
        row = self._equivalence_row(equivalence_id)
        self._t.equivalences[equivalence_id] = replace(row, deleted=bool(deleted))
        self._wrote()

    def equivalences(self, document_id: int) -> list[StoredEquivalence]:
        """A document's live equivalence sets, by id."""
        rows = sorted((q for q in self._t.equivalences.values() if q.document_id == document_id and not q.deleted),
                      key=lambda q: q.id)
        return [q.record() for q in rows]

    def relation_stats(self) -> dict[str, Any]:
        """The relation and equivalence counts of ``stats()``."""
        by_type: dict[str, int] = {}
        for row in self._t.relations.values():
            if not row.deleted:
                by_type[row.type] = by_type.get(row.type, 0) + 1
        return {"relations": {"total": sum(by_type.values()), "by_type": dict(sorted(by_type.items()))},
                "equivalences": {"total": sum(1 for q in self._t.equivalences.values() if not q.deleted)}}
