"""Checking relations against the schema, the types a relation between two labels may take,
and ranking the spans a new relation could reach.

Pure Python, like :mod:`annotate.event_check`: warnings never block saving; they are shown on
the relation and counted in the document's warnings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from annotate.event_check import Sentences
from annotate.model import Relation, Span, SpanStatus
from annotate.schema import RelationType, Schema

UNKNOWN_RELATION_TYPE = "unknown_relation_type"
HEAD_NOT_ALLOWED = "head_not_allowed"
CHILD_NOT_ALLOWED = "child_not_allowed"


@dataclass(frozen=True, slots=True)
class RelationWarning:
    """One problem with a relation; ``span_id`` is the end it concerns, when one does."""

    kind: str
    message: str
    span_id: int | None = None


def linkable_types(schema: Schema) -> list[RelationType]:
    """The relation types a relation can be made of: equivalence types (brat ``*``) group
    spans into sets instead."""
    return [rt for rt in schema.relation_types if not rt.equivalence]


def allowed_types(schema: Schema, head_label: str, child_label: str) -> list[RelationType]:
    """The types whose ends allow these labels, in schema order; a symmetric type allows them
    either way round."""
    return [rt for rt in linkable_types(schema) if _fits(rt, head_label, child_label)]


def _fits(rtype: RelationType, head_label: str, child_label: str) -> bool:
    return rtype.allows(head_label, child_label) or rtype.symmetric and rtype.allows(child_label, head_label)


def check_relation(relation: Relation, schema: Schema, spans: Mapping[int, Span]) -> list[RelationWarning]:
    """Warnings for one relation: a type the schema lacks, an end whose label the type does
    not allow."""
    rtype = schema.relation_type(relation.type)
    if rtype is None:
        return [RelationWarning(UNKNOWN_RELATION_TYPE, f"relation type {relation.type} is not in the schema")]
    head, child = spans.get(relation.head_span_id), spans.get(relation.child_span_id)
    if head is None or child is None or _fits(rtype, head.label, child.label):
        return []
    warnings: list[RelationWarning] = []
    for span, labels, role, kind in ((head, rtype.head_labels, rtype.head_role, HEAD_NOT_ALLOWED),
                                     (child, rtype.child_labels, rtype.child_role, CHILD_NOT_ALLOWED)):
        if labels and span.label not in labels:
            warnings.append(RelationWarning(
                kind, f"{rtype.name} {role} does not take {span.label} (allowed: {', '.join(labels)})", span.id))
    return warnings


SpanT = TypeVar("SpanT", bound=Span)


def candidates(head: Span, schema: Schema, spans: Iterable[SpanT], sentences: Sentences) -> list[SpanT]:
    """Spans a relation from ``head`` could reach, best first: in its sentence first, then
    those a declared type allows with it, then nearest. Rejected spans and event triggers
    (unless a relation type names their type) are left out."""
    event_types = set(schema.event_type_names)
    named = {label for rt in schema.relation_types for label in rt.head_labels + rt.child_labels}
    sentence = sentences.index(head.start)
    declared = bool(linkable_types(schema))
    pool = [
        s for s in spans
        if s.id != head.id and s.status != SpanStatus.REJECTED and (s.label not in event_types or s.label in named)
    ]

    def rank(span: Span) -> tuple[int, int, int, int]:
        distance = span.start - head.end if span.start >= head.end else head.start - span.end
        fits = not declared or bool(allowed_types(schema, head.label, span.label))
        return (0 if sentences.index(span.start) == sentence else 1, 0 if fits else 1, abs(distance), span.start)

    return sorted(pool, key=rank)
