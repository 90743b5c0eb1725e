"""Relation and equivalence rows of a project (docs/adr/0009): the links between spans."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlite_utils import Database

from annotate.errors import ActionError
from annotate.model import Equivalence, Relation, SpanStatus, StoredEquivalence, StoredRelation
from store.records import now, rowid

_RELATION_COLS = ("id, document_id, type, head_span_id, child_span_id, attributes, status, source, score, "
                  "note, created_at, updated_at")
_EQUIVALENCE_COLS = "id, document_id, type, span_ids, source"


class RelationQueries:
    """Relations and equivalence sets in ``self.db``."""

    db: Database

    # -- relations ------------------------------------------------------------------------
    def insert_relation(self, relation: Relation) -> int:
        """Insert a relation (``id`` may be preset to restore one); returns its id."""
        stamp = now()
        cur = self.db.execute(
            f"INSERT INTO relations ({_RELATION_COLS}, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            [relation.id, relation.document_id, relation.type, relation.head_span_id, relation.child_span_id,
             json.dumps(relation.attributes, ensure_ascii=False), str(relation.status), relation.source,
             relation.score, relation.note, relation.created_at or stamp, stamp],
        )
        return rowid(cur)

    def update_relation(self, relation: Relation) -> None:
        """Write a relation's type, ends, attributes, status, score and note."""
        cur = self.db.execute(
            "UPDATE relations SET type = ?, head_span_id = ?, child_span_id = ?, attributes = ?, status = ?, "
            "score = ?, note = ?, updated_at = ? WHERE id = ?",
            [relation.type, relation.head_span_id, relation.child_span_id,
             json.dumps(relation.attributes, ensure_ascii=False), str(relation.status), relation.score,
             relation.note, now(), relation.id],
        )
        if cur.rowcount != 1:
            raise ActionError(f"no relation with id {relation.id}")

    def set_relation_deleted(self, relation_id: int, deleted: bool) -> None:
        """Soft-delete or restore a relation."""
        cur = self.db.execute("UPDATE relations SET deleted = ?, updated_at = ? WHERE id = ?",
                              [int(deleted), now(), relation_id])
        if cur.rowcount != 1:
            raise ActionError(f"no relation with id {relation_id}")

    def relation(self, relation_id: int) -> StoredRelation:
        """One live relation; raises ActionError when there is none."""
        row = self.db.execute(f"SELECT {_RELATION_COLS} FROM relations WHERE id = ? AND deleted = 0",
                              [relation_id]).fetchone()
        if row is None:
            raise ActionError(f"no relation with id {relation_id}")
        return _relation(row)

    def relations(self, document_id: int) -> list[StoredRelation]:
        """A document's live relations, oldest first."""
        rows = self.db.execute(
            f"SELECT {_RELATION_COLS} FROM relations WHERE document_id = ? AND deleted = 0 ORDER BY id", [document_id])
        return [_relation(r) for r in rows]

    def relations_using_spans(self, span_ids: Iterable[int]) -> list[StoredRelation]:
        """Live relations with one of these spans at either end."""
        ids = list(dict.fromkeys(span_ids))
        found: dict[int, StoredRelation] = {}
        for i in range(0, len(ids), 400):
            chunk = ids[i : i + 400]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT {_RELATION_COLS} FROM relations WHERE deleted = 0 AND "
                f"(head_span_id IN ({marks}) OR child_span_id IN ({marks}))", chunk + chunk)
            for row in rows:
                relation = _relation(row)
                found[relation.id] = relation
        return sorted(found.values(), key=lambda r: r.id)

    # -- equivalences ---------------------------------------------------------------------
    def insert_equivalence(self, equivalence: Equivalence) -> int:
        """Insert an equivalence set (``id`` may be preset to restore one); returns its id."""
        stamp = now()
        cur = self.db.execute(
            f"INSERT INTO equivalences ({_EQUIVALENCE_COLS}, deleted, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
            [equivalence.id, equivalence.document_id, equivalence.type, json.dumps(list(equivalence.span_ids)),
             equivalence.source, stamp, stamp],
        )
        return rowid(cur)

    def update_equivalence(self, equivalence: Equivalence) -> None:
        """Write an equivalence set's type and members."""
        cur = self.db.execute(
            "UPDATE equivalences SET type = ?, span_ids = ?, updated_at = ? WHERE id = ?",
            [equivalence.type, json.dumps(list(equivalence.span_ids)), now(), equivalence.id])
        if cur.rowcount != 1:
            raise ActionError(f"no equivalence with id {equivalence.id}")

    def set_equivalence_deleted(self, equivalence_id: int, deleted: bool) -> None:
        """Soft-delete or restore an equivalence set."""
        cur = self.db.execute("UPDATE equivalences SET deleted = ?, updated_at = ? WHERE id = ?",
                              [int(deleted), now(), equivalence_id])
        if cur.rowcount != 1:
            raise ActionError(f"no equivalence with id {equivalence_id}")

    def equivalences(self, document_id: int) -> list[StoredEquivalence]:
        """A document's live equivalence sets, oldest first."""
        rows = self.db.execute(
            f"SELECT {_EQUIVALENCE_COLS} FROM equivalences WHERE document_id = ? AND deleted = 0 ORDER BY id",
            [document_id])
        return [StoredEquivalence(doc, etype, tuple(json.loads(members)), source, eid)
                for eid, doc, etype, members, source in rows]


_STATUS = {s.value: s for s in SpanStatus}


def _relation(row: tuple) -> StoredRelation:
    rid, doc, rtype, head, child, attrs, status, source, score, note, created, updated = row
    return StoredRelation(doc, rtype, head, child, _STATUS[status], source, score, note, json.loads(attrs),
                          rid, created, updated)
