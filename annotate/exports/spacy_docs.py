"""An export document as a spaCy ``Doc``: entities, span groups, events in ``user_data``.

- ``doc.ents``: accepted entity spans (not triggers) that do not overlap; where they overlap,
  spaCy's ``filter_spans`` keeps the longest and the rest are reported (they stay in ``sc``).
  A document marked done has every other token ``O`` except where nobody knows: the tokens
  under an unreviewed proposal, and those of an accepted entity that cannot be in ``doc.ents``
  (not on token boundaries, or overlapping a longer one), are missing (``ent_iob_ == ""``),
  which spaCy's NER neither rewards nor penalises. A document not marked done has every token
  outside its entities missing.
- ``doc.spans["sc"]``: every accepted span, entity or trigger, overlaps included.
- ``doc.spans["triggers"]``: event triggers (label = event type).
- ``doc.spans["incorrect_spans"]``: rejected proposals (NER's ``incorrect_spans_key``).
- ``doc.user_data["annotary_events"]``: the events, read back with :func:`read_events`.

Spans whose characters do not fall on token boundaries are reported and left out, never
shifted to the nearest tokens.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotate.exports.collect import ExportDocument, ExportReport
from annotate.model import Span
from annotate.schema import Schema

EVENTS_KEY = "annotary_events"
NOT_ON_TOKENS = "span not on token boundaries (left out, not shifted)"


@dataclass(slots=True)
class BuiltDoc:
    """A Doc and, for a document marked done, the tokens it leaves missing instead of ``O``
    (indices; none are under an entity of ``doc.ents``). A document not marked done leaves every
    unlabelled token missing anyway, so both sets are empty for it."""

    doc: Any
    unreviewed: set[int] = field(default_factory=set)  # under an unreviewed proposal
    untaggable: set[int] = field(default_factory=set)  # under an accepted entity not in doc.ents


def to_doc(export: ExportDocument, nlp: Any, schema: Schema, report: ExportReport) -> Any:
    """The spaCy Doc of one export document, tokenised by ``nlp``'s tokenizer."""
    return build_doc(export, nlp, schema, report).doc


def build_doc(export: ExportDocument, nlp: Any, schema: Schema, report: ExportReport) -> BuiltDoc:
    """The spaCy Doc of one export document with the tokens it leaves missing; what it leaves
    out goes into ``report`` (the missing tokens are for the writer to count: each format does
    something else with them)."""
    from spacy.util import filter_spans

    doc = nlp.make_doc(export.document.text)
    event_types = {t.name for t in schema.event_types}
    by_id: dict[int, Any] = {}
    unaligned: list[Span] = []  # accepted entities that cannot go into doc.ents
    for span in export.spans:
        token_span = doc.char_span(span.start, span.end, label=span.label, alignment_mode="strict")
        if token_span is None:
            report.leave_out(NOT_ON_TOKENS)
            if span.label not in event_types:
                unaligned.append(span)
            continue
        by_id[span.id] = token_span
    entities = [s for s in by_id.values() if s.label_ not in event_types]
    kept = filter_spans(entities)
    report.leave_out("overlapping entity (not in doc.ents; kept in doc.spans['sc'])", len(entities) - len(kept))
    built = BuiltDoc(doc)
    if export.done:
        known = {i for ent in kept for i in range(ent.start, ent.end)}
        built.unreviewed = _tokens_under(doc, export.proposed) - known
        kept_at = {(ent.start, ent.end, ent.label_) for ent in kept}
        dropped = [(e.start_char, e.end_char) for e in entities if (e.start, e.end, e.label_) not in kept_at]
        # The annotator said an entity is there: its tokens are not outside one, even when
        # doc.ents cannot hold it (one entity per token; whole tokens only).
        untaggable = _tokens_under(doc, [(s.start, s.end) for s in unaligned] + dropped)
        built.untaggable = untaggable - known - built.unreviewed
        missing = sorted(built.unreviewed | built.untaggable)
        doc.set_ents(kept, missing=[doc[i : i + 1] for i in missing], default="outside")
    else:
        doc.set_ents(kept, default="missing")
    doc.spans["sc"] = list(by_id.values())
    doc.spans["triggers"] = [s for s in by_id.values() if s.label_ in event_types]
    incorrect = []
    for span in export.rejected:
        token_span = doc.char_span(span.start, span.end, label=span.label, alignment_mode="strict")
        if token_span is None:
            report.leave_out(NOT_ON_TOKENS)
        else:
            incorrect.append(token_span)
    doc.spans["incorrect_spans"] = incorrect
    doc.user_data[EVENTS_KEY] = [_event_record(e, {s.id: s for s in export.spans}) for e in export.events]
    return built


def _tokens_under(doc: Any, spans: Iterable[Span | tuple[int, int]]) -> set[int]:
    """Every token that any of ``spans`` (character offsets) touches. "expand" on purpose: a
    token partly under an unknown span is unknown too, and more missing is never a false O."""
    out: set[int] = set()
    for span in spans:
        start, end = (span.start, span.end) if isinstance(span, Span) else span
        token_span = doc.char_span(start, end, alignment_mode="expand")
        if token_span is not None:  # None: nothing but whitespace between tokens
            out.update(range(token_span.start, token_span.end))
    return out


def _event_record(event: Any, spans: dict[int | None, Span]) -> dict[str, Any]:
    trigger = spans[event.trigger_span_id]
    return {
        "type": event.type,
        "trigger": {"start": trigger.start, "end": trigger.end},
        "arguments": [
            {"role": a.role, "start": spans[a.span_id].start, "end": spans[a.span_id].end,
             "label": spans[a.span_id].label}
            for a in event.arguments
        ],
        "attributes": dict(event.attributes),
    }


def read_events(doc: Any) -> list[dict[str, Any]]:
    """The events of an exported Doc (from a DocBin read with its user data): each
    ``{"type", "trigger": {"start", "end"}, "arguments": [{"role", "start", "end", "label"}],
    "attributes"}``, offsets in characters of ``doc.text``."""
    # DocBin's msgpack turns lists into tuples; give back plain JSON-like data.
    return json.loads(json.dumps(doc.user_data.get(EVENTS_KEY, [])))
