"""An export document as a spaCy ``Doc``: entities, span groups, everything else in ``user_data``.

- ``doc.ents``: accepted entity spans (not triggers) that do not overlap; where they overlap,
  spaCy's ``filter_spans`` keeps the longest and the rest are reported (they stay in ``sc``).
  A document marked done has every other token ``O`` except where nobody knows: the tokens
  under an unreviewed proposal, and those of an accepted entity that cannot be in ``doc.ents``
  (not on token boundaries, overlapping a longer one, or in pieces), are missing
  (``ent_iob_ == ""``), which spaCy's NER neither rewards nor penalises. A document not marked
  done has every token outside its entities missing.
- ``doc.spans["sc"]``: every accepted span, entity or trigger, overlaps included.
- ``doc.spans["triggers"]``: event triggers (label = event type).
- ``doc.spans["mentions"]``: accepted argument mentions (the schema's mention label: role
  fillers that are no names). They are no entities: not in ``doc.ents`` (their tokens are ``O``
  in a document marked done, as anything that is no name), nor in ``sc`` (which the span
  categorizer learns from), and a rejected or unreviewed one neither holds tokens back nor goes
  to ``incorrect_spans`` (it says nothing about entities); those are kept in ``user_data``. NER
  and spancat never see the label; the events keep their mention arguments.
- ``doc.spans["incorrect_spans"]``: rejected proposals (NER's ``incorrect_spans_key``).

A span whose characters do not fall on token boundaries is in no span group (never shifted to
the nearest tokens), nor is a discontinuous one (spaCy spans are contiguous; its covering range
would claim the tokens between its pieces): both are reported, and kept in ``user_data``.

``doc.user_data`` (a DocBin keeps it with ``store_user_data=True``) holds Annotary's records
(:mod:`annotate.exports.records_out`), spans named by character offsets, read back by
:func:`annotate.formats.spacy_in.read_docbin`:

- ``"annotary_events"``: the events (:func:`read_events`), arguments that are events included:
  the accepted ones, then the proposed and rejected ones with their ``status``;
- ``"annotary_relations"``: ``{"label", "head_span", "child_span", "status", "note"?, "attributes"?}``,
  accepted, proposed and rejected;
- ``"annotary_equivalences"``: ``{"type", "spans": [...]}``;
- ``"annotary_spans"``: ``{"start", "end", "label", "status"}`` with ``fragments``,
  ``attributes``, ``norms``, ``note`` when set, for every span the span groups do not carry
  whole: unreviewed proposals, spans in no group, spans with any of those extras;
- ``"annotary_document"``: ``{"title", "status", "meta"}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from annotate.exports.collect import ExportDocument, ExportReport, mention_reason
from annotate.exports.records_out import equivalence_record, event_records, extras, ref, relation_record, spans_by_id
from annotate.model import Span
from annotate.schema import Schema

EVENTS_KEY = "annotary_events"
RELATIONS_KEY = "annotary_relations"
EQUIVALENCES_KEY = "annotary_equivalences"
SPANS_KEY = "annotary_spans"
DOCUMENT_KEY = "annotary_document"
MENTIONS_GROUP = "mentions"
NOT_ON_TOKENS = "span not on token boundaries (left out, not shifted)"
FRAGMENTS = "span with fragments (in no span group nor doc.ents: spaCy spans are contiguous; kept in user_data)"


class Documents(Protocol):
    """What the writers take: the export documents, read once, and how many there are."""

    def __iter__(self) -> Iterator[ExportDocument]: ...

    def __len__(self) -> int: ...


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


def build_doc(export: ExportDocument, nlp: Any, schema: Schema, report: ExportReport,
              fragments_reason: str = FRAGMENTS, mentions_kept: str = "kept in doc.spans['mentions'] with its events"
              ) -> BuiltDoc:
    """The spaCy Doc of one export document with the tokens it leaves missing; what it leaves
    out goes into ``report`` (the missing tokens are for the writer to count: each format does
    something else with them), a discontinuous span under ``fragments_reason``, the mention
    spans kept out of the entities as :func:`mention_reason` says with ``mentions_kept``."""
    from spacy.util import filter_spans

    doc = nlp.make_doc(export.document.text)
    event_types = {t.name for t in schema.event_types}
    mention = schema.mention_label
    not_entities = event_types | ({mention} if mention else set())
    by_id: dict[int, Any] = {}
    unaligned: list[Span] = []  # accepted entities that cannot go into doc.ents
    for span in export.spans:
        token_span = _token_span(doc, span, report, fragments_reason)
        if token_span is None:
            if span.label not in not_entities:
                unaligned.append(span)
            continue
        by_id[span.id] = token_span
    if mention:
        report.leave_out(mention_reason(mention, mentions_kept), sum(1 for s in export.spans if s.label == mention))
    entities = [s for s in by_id.values() if s.label_ not in not_entities]
    kept = filter_spans(entities)
    report.leave_out("overlapping entity (not in doc.ents; kept in doc.spans['sc'])", len(entities) - len(kept))
    built = BuiltDoc(doc)
    if export.done:
        known = {i for ent in kept for i in range(ent.start, ent.end)}
        built.unreviewed = _tokens_under(doc, [s for s in export.proposed if s.label != mention]) - known
        kept_at = {(ent.start, ent.end, ent.label_) for ent in kept}
        dropped = [(e.start_char, e.end_char) for e in entities if (e.start, e.end, e.label_) not in kept_at]
        # The annotator said an entity is there: its tokens are not outside one, even when
        # doc.ents cannot hold it (one entity per token; whole tokens only; one piece).
        untaggable = _tokens_under(doc, [*unaligned, *dropped])
        built.untaggable = untaggable - known - built.unreviewed
        missing = sorted(built.unreviewed | built.untaggable)
        doc.set_ents(kept, missing=[doc[i : i + 1] for i in missing], default="outside")
    else:
        doc.set_ents(kept, default="missing")
    doc.spans["sc"] = [s for s in by_id.values() if s.label_ != mention]
    doc.spans["triggers"] = [s for s in by_id.values() if s.label_ in event_types]
    if mention:
        doc.spans[MENTIONS_GROUP] = [s for s in by_id.values() if s.label_ == mention]
    incorrect = {}
    for span in export.rejected:
        if span.label == mention:
            continue  # no evidence about entities: kept in user_data
        token_span = _token_span(doc, span, report, None)  # in pieces: in user_data, as every rejection
        if token_span is not None:
            incorrect[span.id] = token_span
    doc.spans["incorrect_spans"] = list(incorrect.values())
    _keep_records(doc, export, set(by_id) | set(incorrect))
    return built


def _token_span(doc: Any, span: Span, report: ExportReport, fragments_reason: str | None) -> Any:
    """The tokens of a span, or None (counted) when it is in pieces or off token boundaries."""
    if span.fragments:
        if fragments_reason is not None:
            report.leave_out(fragments_reason)
        return None
    token_span = doc.char_span(span.start, span.end, label=span.label, alignment_mode="strict")
    if token_span is None:
        report.leave_out(NOT_ON_TOKENS)
    return token_span


def _keep_records(doc: Any, export: ExportDocument, grouped: set[int]) -> None:
    """Everything the span groups cannot carry, in ``doc.user_data``."""
    known = spans_by_id(export.spans, export.rejected, export.proposed)
    spans = []
    for span in (*export.spans, *export.rejected, *export.proposed):
        more = extras(span)
        if more or span.id not in grouped:  # proposals are in no group
            spans.append(ref(span) | {"status": span.status.value} | more)
    document = export.document
    doc.user_data[DOCUMENT_KEY] = {"title": document.title, "status": document.status.value,
                                   "meta": dict(document.meta)}
    doc.user_data[SPANS_KEY] = spans
    doc.user_data[EVENTS_KEY] = event_records([*export.events, *export.unaccepted_events], known)
    doc.user_data[RELATIONS_KEY] = [relation_record(r, known) | {"status": r.status.value}
                                    for r in (*export.relations, *export.unaccepted_relations)]
    doc.user_data[EQUIVALENCES_KEY] = [equivalence_record(e, known) for e in export.equivalences]


def _tokens_under(doc: Any, spans: Iterable[Span | tuple[int, int]]) -> set[int]:
    """Every token that any of ``spans`` (character offsets) touches. "expand" on purpose: a
    token partly under an unknown span is unknown too, and more missing is never a false O."""
    out: set[int] = set()
    for span in spans:
        for start, end in span.pieces() if isinstance(span, Span) else (span,):
            token_span = doc.char_span(start, end, alignment_mode="expand")
            if token_span is not None:  # None: nothing but whitespace between tokens
                out.update(range(token_span.start, token_span.end))
    return out


def read_events(doc: Any) -> list[dict[str, Any]]:
    """The events of an exported Doc (from a DocBin read with its user data): each
    ``{"type", "trigger": {"start", "end"}, "arguments": [{"role", "start", "end", "label"}],
    "attributes"}`` (``norms``, ``note`` when set; an argument that is an event names its index
    in the list as ``"event"``), offsets in characters of ``doc.text``."""
    # DocBin's msgpack turns lists into tuples; give back plain JSON-like data.
    return json.loads(json.dumps(doc.user_data.get(EVENTS_KEY, [])))
