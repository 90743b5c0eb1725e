"""Relation actions (add, delete, accept or reject, change the type) and taking a span out of
an equivalence set, which deleting the span does."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from annotate.actions.base import Action, _RecordEdit
from annotate.errors import ActionError
from annotate.model import SOURCE_USER, Equivalence, Relation, SpanStatus
from annotate.repository import Repository


def _relation_state(relation: Relation) -> dict[str, Any]:
    return {"type": relation.type, "head": relation.head_span_id, "child": relation.child_span_id,
            "status": str(relation.status)}


class AddRelation(Action):
    """Link two spans of one document with a typed relation (``head`` is brat's Arg1). Undo
    hides it; redo brings the same row back. The type is not checked against the schema: an
    unknown type is kept and flagged by validation, as an imported one is."""

    name = "add_relation"

    def __init__(
        self,
        document_id: int,
        type: str,
        head_span_id: int,
        child_span_id: int,
        status: SpanStatus = SpanStatus.ACCEPTED,
        source: str = SOURCE_USER,
        score: float | None = None,
    ) -> None:
        self.document_id = document_id
        self.relation = Relation(document_id, type, head_span_id, child_span_id, SpanStatus(status), source, score)

    @property
    def relation_id(self) -> int | None:
        """The id of the added relation, once applied."""
        return self.relation.id

    @property
    def target(self) -> str | None:
        return f"relation:{self.relation.id}"

    def apply(self, repo: Repository) -> None:
        if self.relation.id is not None:
            repo.set_relation_deleted(self.relation.id, False)
            return
        relation = self.relation
        if not relation.type.strip():
            raise ActionError("a relation needs a type")
        if relation.head_span_id == relation.child_span_id:
            raise ActionError("a relation links two different spans")
        for what, span_id in (("head", relation.head_span_id), ("child", relation.child_span_id)):
            if repo.span(span_id).document_id != relation.document_id:
                raise ActionError(f"the relation's {what} span {span_id} belongs to another document")
        relation.id = repo.insert_relation(relation)

    def revert(self, repo: Repository) -> None:
        assert self.relation.id is not None
        repo.set_relation_deleted(self.relation.id, True)

    def after(self) -> Any:
        return _relation_state(self.relation) | {"source": self.relation.source}


class DeleteRelation(Action):
    """Delete a relation (its spans stay). Undo restores it."""

    name = "delete_relation"

    def __init__(self, relation_id: int) -> None:
        self.relation_id = relation_id
        self._old: Relation | None = None

    @property
    def target(self) -> str | None:
        return f"relation:{self.relation_id}"

    def apply(self, repo: Repository) -> None:
        relation = repo.relation(self.relation_id)
        self.document_id = relation.document_id
        self._old = self._old or relation
        repo.set_relation_deleted(self.relation_id, True)

    def revert(self, repo: Repository) -> None:
        repo.set_relation_deleted(self.relation_id, False)

    def before(self) -> Any:
        return _relation_state(self._old) if self._old else None


class _RelationEdit(_RecordEdit[Relation]):
    """Base of actions that change fields of one relation."""

    kind = "relation"

    @property
    def relation_id(self) -> int:
        """The relation this action changes."""
        return self.record_id

    def load(self, repo: Repository) -> Relation:
        return repo.relation(self.record_id)

    def save(self, repo: Repository, record: Relation) -> None:
        repo.update_relation(record)

    def copy(self, record: Relation) -> Relation:
        return replace(record, attributes=dict(record.attributes))

    def state(self, record: Relation) -> dict[str, Any]:
        return _relation_state(record)


class SetRelationStatus(_RelationEdit):
    """Accept or reject an (often proposed) relation. A rejected proposal is kept."""

    name = "set_relation_status"

    def __init__(self, relation_id: int, status: SpanStatus) -> None:
        super().__init__(relation_id)
        self.status = SpanStatus(status)

    def changed(self, repo: Repository, relation: Relation) -> Relation:
        relation.status = self.status
        return relation


class ChangeRelationType(_RelationEdit):
    """Give a relation another type (an unknown one is kept and flagged by validation)."""

    name = "change_relation_type"

    def __init__(self, relation_id: int, type: str) -> None:
        super().__init__(relation_id)
        self.type = type

    def changed(self, repo: Repository, relation: Relation) -> Relation:
        if not self.type.strip():
            raise ActionError("a relation needs a type")
        relation.type = self.type
        return relation


class LeaveEquivalence(Action):
    """Take a span out of an equivalence set; a set left with fewer than two members goes
    (a set of one says nothing). Undo puts the set back as it was."""

    name = "leave_equivalence"

    def __init__(self, document_id: int, equivalence_id: int, span_id: int) -> None:
        self.document_id = document_id
        self.equivalence_id, self.span_id = equivalence_id, span_id
        self._old: Equivalence | None = None

    @property
    def target(self) -> str | None:
        return f"equivalence:{self.equivalence_id}"

    def _current(self, repo: Repository) -> Equivalence:
        assert self.document_id is not None
        found = next((q for q in repo.equivalences(self.document_id) if q.id == self.equivalence_id), None)
        if found is None:
            raise ActionError(f"no equivalence set with id {self.equivalence_id}")
        return found

    def apply(self, repo: Repository) -> None:
        current = self._current(repo)
        if self._old is None:
            self._old = replace(current, span_ids=tuple(current.span_ids))
        elif tuple(current.span_ids) != tuple(self._old.span_ids):
            raise ActionError(f"equivalence set {self.equivalence_id} was changed elsewhere since; nothing was changed")
        if self.span_id not in current.span_ids:
            raise ActionError(f"span {self.span_id} is not in equivalence set {self.equivalence_id}")
        kept = tuple(i for i in current.span_ids if i != self.span_id)
        if len(kept) < 2:
            repo.set_equivalence_deleted(self.equivalence_id, True)
        else:
            repo.update_equivalence(replace(current, span_ids=kept))

    def revert(self, repo: Repository) -> None:
        assert self._old is not None
        if self._dissolves():
            repo.set_equivalence_deleted(self.equivalence_id, False)
        else:
            repo.update_equivalence(replace(self._old, span_ids=tuple(self._old.span_ids)))

    def _dissolves(self) -> bool:
        assert self._old is not None
        return len([i for i in self._old.span_ids if i != self.span_id]) < 2

    def before(self) -> Any:
        return list(self._old.span_ids) if self._old else None
