"""Relation gestures: relate two spans, accept, reject, delete, change the type; and which
types the annotator is offered for two spans. Relating or accepting with a proposed span at
an end accepts that span, as using it in an event does."""

from __future__ import annotations

from dataclasses import dataclass

from annotate.actions import AddRelation, ChangeRelationType, DeleteRelation, SetRelationStatus
from annotate.actions.base import Action
from annotate.errors import ActionError
from annotate.model import SOURCE_USER, SpanStatus, StoredRelation
from annotate.operations.steps import accepting, touching
from annotate.relation_check import allowed_types, linkable_types
from annotate.repository import Repository


@dataclass(frozen=True, slots=True)
class TypeChoice:
    """The relation types to offer for two spans: ``allowed`` fit both ends' labels,
    ``declared`` are all the schema's (an empty list: the annotator names a new one)."""

    allowed: list[str]
    declared: list[str]

    @property
    def only(self) -> str | None:
        """The one type that fits, when exactly one does: then nobody needs to be asked."""
        return self.allowed[0] if len(self.allowed) == 1 else None


def type_choice(repo: Repository, head_span_id: int, child_span_id: int) -> TypeChoice:
    """What to offer when relating two spans (equivalence types are left out: they group
    spans into sets, not into links)."""
    schema = repo.schema()
    head, child = repo.span(head_span_id), repo.span(child_span_id)
    return TypeChoice([rt.name for rt in allowed_types(schema, head.label, child.label)],
                      [rt.name for rt in linkable_types(schema)])


def relate(repo: Repository, head_span_id: int, child_span_id: int, type_name: str) -> Action | None:
    """A relation of ``type_name`` from ``head`` to ``child``; proposed ends are accepted. The
    same relation already there is accepted instead of doubled (None when it already is).
    A type the schema lacks is kept (validation flags it)."""
    type_name = type_name.strip()
    if not type_name:
        raise ActionError("a relation needs a type")
    if head_span_id == child_span_id:
        raise ActionError("a relation links two different spans: pick another one")
    head, child = repo.span(head_span_id), repo.span(child_span_id)
    if head.document_id != child.document_id:
        raise ActionError("a relation links spans of one document")
    same = [r for r in repo.relations_using_spans([head.id])
            if (r.type, r.head_span_id, r.child_span_id) == (type_name, head.id, child.id)]
    if same:
        return accept_relation(repo, same[0].id)
    steps = [AddRelation(head.document_id, type_name, head.id, child.id), accepting(head), accepting(child)]
    return touching(repo, head.document_id, "add_relation", steps, f"Relate {head.label} → {child.label} ({type_name})")


def _accepting_ends(repo: Repository, relation: StoredRelation) -> list[Action | None]:
    ends = repo.spans_by_id([relation.head_span_id, relation.child_span_id], include_deleted=False)
    return [accepting(ends[i]) for i in dict.fromkeys((relation.head_span_id, relation.child_span_id)) if i in ends]


def accept_relation(repo: Repository, relation_id: int) -> Action | None:
    """Accept a relation and its proposed ends (an accepted relation whose ends are still
    proposals would lose them in every export). None when all are accepted already."""
    relation = repo.relation(relation_id)
    steps = [SetRelationStatus(relation_id, SpanStatus.ACCEPTED) if relation.status != SpanStatus.ACCEPTED else None,
             *_accepting_ends(repo, relation)]
    return touching(repo, relation.document_id, "accept_relation", steps, f"Accept {relation.type}")


def reject_relation(repo: Repository, relation_id: int) -> Action | None:
    """Reject a proposed relation (kept, as negative evidence; its spans stay as they are).
    Your own relation is deleted instead. None when it is rejected already."""
    relation = repo.relation(relation_id)
    if relation.source == SOURCE_USER:
        return delete_relation(repo, relation_id)
    if relation.status == SpanStatus.REJECTED:
        return None
    return touching(repo, relation.document_id, "reject_relation",
                    [SetRelationStatus(relation_id, SpanStatus.REJECTED)], f"Reject {relation.type}")


def delete_relation(repo: Repository, relation_id: int) -> Action | None:
    """Delete a relation (its spans stay)."""
    relation = repo.relation(relation_id)
    return touching(repo, relation.document_id, "delete_relation", [DeleteRelation(relation_id)],
                    f"Delete {relation.type}")


def change_relation_type(repo: Repository, relation_id: int, type_name: str) -> Action | None:
    """Give a relation another type; a proposed relation so edited is accepted (with its
    ends). None when it has that type already."""
    relation = repo.relation(relation_id)
    type_name = type_name.strip()
    if relation.type == type_name:
        return None
    steps: list[Action | None] = [ChangeRelationType(relation_id, type_name)]
    if relation.status != SpanStatus.ACCEPTED:
        steps.append(SetRelationStatus(relation_id, SpanStatus.ACCEPTED))
    steps += _accepting_ends(repo, relation)
    return touching(repo, relation.document_id, "change_relation_type", steps, f"{relation.type} → {type_name}")
