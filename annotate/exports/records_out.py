"""Annotary's own annotation records, as the JSONL and DocBin exports write them (the shapes
:mod:`annotate.formats.records_in` reads back): span references and extras, events whose
arguments may be events, relations and equivalence sets. Offsets are code points."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from annotate.model import Equivalence, Event, Relation, Span, SpanStatus


def ref(span: Span) -> dict[str, Any]:
    """A reference to a span: its range and label (and pieces, for a discontinuous one, so
    that two spans of one range and label, one of them in pieces, stay apart)."""
    out: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label}
    if span.fragments:
        out["fragments"] = [list(piece) for piece in span.fragments]
    return out


def extras(span: Span) -> dict[str, Any]:
    """What a span carries beside its reference (:func:`ref`), each key only when set."""
    out: dict[str, Any] = {}
    if span.attributes:
        out["attributes"] = dict(span.attributes)
    if span.norms:
        out["norms"] = [n.as_dict() for n in span.norms]
    if span.note is not None:
        out["note"] = span.note
    return out


def spans_by_id(*groups: Iterable[Span]) -> dict[int | None, Span]:
    """Every span of these lists by id."""
    return {span.id: span for group in groups for span in group}


def event_records(events: Sequence[Event], spans: dict[int | None, Span]) -> list[dict[str, Any]]:
    """The events, in order; an argument that is an event names it by its index in the list
    (and by its trigger's offsets, for a reader that knows no ``"event"``)."""
    index = {event.id: i for i, event in enumerate(events)}
    out = []
    for event in events:
        trigger = spans[event.trigger_span_id]
        arguments = []
        for argument in event.arguments:
            span = spans[argument.span_id]
            entry: dict[str, Any] = {"role": argument.role} | ref(span)
            if argument.event_id is not None:
                entry["event"] = index[argument.event_id]
            arguments.append(entry)
        trigger_ref = {k: v for k, v in ref(trigger).items() if k != "label"}  # the label is the type
        record: dict[str, Any] = {"type": event.type, "trigger": trigger_ref, "arguments": arguments,
                                  "attributes": dict(event.attributes)}
        if event.status != SpanStatus.ACCEPTED:
            record["status"] = event.status.value
        if event.norms:
            record["norms"] = [n.as_dict() for n in event.norms]
        if event.note is not None:
            record["note"] = event.note
        out.append(record)
    return out


def relation_record(relation: Relation, spans: dict[int | None, Span]) -> dict[str, Any]:
    """A relation as ``{"label", "head_span", "child_span"}`` (Prodigy's names) with its note
    and attributes when set."""
    out: dict[str, Any] = {"label": relation.type, "head_span": ref(spans[relation.head_span_id]),
                           "child_span": ref(spans[relation.child_span_id])}
    if relation.note is not None:
        out["note"] = relation.note
    if relation.attributes:
        out["attributes"] = dict(relation.attributes)
    return out


def equivalence_record(equivalence: Equivalence, spans: dict[int | None, Span]) -> dict[str, Any]:
    """An equivalence set as ``{"type", "spans": [ref, ...]}``."""
    return {"type": equivalence.type, "spans": [ref(spans[m]) for m in equivalence.span_ids]}
