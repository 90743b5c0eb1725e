"""An export document as a spaCy ``Doc``: entities, span groups, events in ``user_data``.

- ``doc.ents``: accepted entity spans (not triggers) that do not overlap; where they overlap,
  spaCy's ``filter_spans`` keeps the longest and the rest are reported (they stay in ``sc``).
  A document marked done has every other token ``O``; any other has them missing.
- ``doc.spans["sc"]``: every accepted span, entity or trigger, overlaps included.
- ``doc.spans["triggers"]``: event triggers (label = event type).
- ``doc.spans["incorrect_spans"]``: rejected proposals (NER's ``incorrect_spans_key``).
- ``doc.user_data["annotary_events"]``: the events, read back with :func:`read_events`.

Spans whose characters do not fall on token boundaries are reported and left out, never
shifted to the nearest tokens.
"""

from __future__ import annotations

import json
from typing import Any

from annotate.exports.collect import ExportDocument, ExportReport
from annotate.model import Span
from annotate.schema import Schema

EVENTS_KEY = "annotary_events"
NOT_ON_TOKENS = "span not on token boundaries (left out, not shifted)"


def to_doc(export: ExportDocument, nlp: Any, schema: Schema, report: ExportReport) -> Any:
    """The spaCy Doc of one export document, tokenised by ``nlp``'s tokenizer."""
    from spacy.util import filter_spans

    doc = nlp.make_doc(export.document.text)
    event_types = {t.name for t in schema.event_types}
    by_id: dict[int, Any] = {}
    for span in export.spans:
        token_span = doc.char_span(span.start, span.end, label=span.label, alignment_mode="strict")
        if token_span is None:
            report.leave_out(NOT_ON_TOKENS)
            continue
        by_id[span.id] = token_span  # type: ignore[index]
    entities = [s for s in by_id.values() if s.label_ not in event_types]
    kept = filter_spans(entities)
    report.leave_out("overlapping entity (not in doc.ents; kept in doc.spans['sc'])", len(entities) - len(kept))
    doc.set_ents(kept, default="outside" if export.done else "missing")
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
    return doc


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
