"""Prodigy-compatible JSONL: one task per document.

``tokens`` come from the project's pipeline tokenizer; ``spans`` carry ``token_start`` and an
INCLUSIVE ``token_end`` as Prodigy does. Rejected proposals go to ``rejected_spans`` (Prodigy
ignores the key; Annotary imports them as rejected), unreviewed ones to ``proposed_spans``
(never to ``spans``: those are what the annotator accepted).

``relations`` holds the project's accepted relations as Prodigy's ``rel.manual`` writes them:
``head``/``child`` the last token of each span, ``head_span``/``child_span`` with
``token_start``/``token_end`` (inclusive), ``label`` the relation type. It also holds an arc from
each event's trigger to each argument (labelled with the role), so that Prodigy draws the
events; each such arc carries ``"annotary_event": N``, the index of its event in ``events``,
and the importer does not read it as a relation: ``events`` is the lossless record of the
event, arguments that are events included. (Dropping the arcs would lose Prodigy's view of the
events; unmarked, they would come back as relations.)

What Prodigy has no place for goes into Annotary's own keys (listed in
:mod:`annotate.formats.jsonl_in`, which reads them back): a span's ``fragments``,
``attributes``, ``norms`` and ``note``; a relation's ``note`` and ``attributes``; ``events``;
``equivalences``; relations with an end off token boundaries in ``unaligned_relations``; rejected
and proposed relations in ``rejected_relations`` and ``proposed_relations`` (their ends in
``spans``, ``rejected_spans`` or ``proposed_spans``); proposed and rejected events in ``events``
after the accepted ones, with their ``status`` (no arcs are drawn for them in ``relations``:
Prodigy would show them as annotations). A discontinuous
span stays in ``spans`` as one range from its first start to its last end (Prodigy has no
pieces; written apart, its tokens would read as "no entity"), and the report counts it.

``spans`` is Prodigy's NER view: argument mentions (the schema's mention label, role fillers
that are no names) are not in it, so Prodigy never trains an entity label on them; they are in
Annotary's ``mention_spans`` (same entries as ``spans``), which the events and the event arcs
name as any argument, and an unreviewed one is in ``proposed_spans`` but claims no entity, so it
does not make a task ``ignore``.

``answer``: Prodigy trains on an accepted manual task as complete — every token outside its
``spans`` is "not an entity" — and leaves an ignored task out of training and evaluation. A
document marked done with unreviewed proposals is not complete where they are, so its task is
``"answer": "ignore"``; every other task is ``"accept"``. Hashes: ``_input_hash``
is MurmurHash3 of the text, ``_task_hash`` of the input hash and the annotations (Prodigy's own
scheme is internal to it; these are stable and distinguish tasks the same way). A document
imported from a Prodigy task gets back every key of that task Annotary does not read —
``_input_hash``, ``_task_hash``, ``_session_id``, ``_view_id`` and a recipe's own — as it came,
and its ``meta`` unchanged (title, source and status only fill keys it lacks).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import srsly
from murmurhash import hash_unicode

from annotate.exports.collect import (
    NOT_DONE_PROPOSAL,
    UNREVIEWED_MENTION,
    ExportDocument,
    ExportReport,
    Progress,
    mention_reason,
)
from annotate.exports.records_out import equivalence_record, event_records, extras, ref, relation_record, spans_by_id
from annotate.exports.spacy_docs import Documents
from annotate.formats.jsonl_in import KEPT, READ_KEYS
from annotate.formats.prodigy_relations import EVENT_ARC
from annotate.model import Span, SpanStatus

OFF_TOKENS = "token offsets of a span not on token boundaries (JSONL keeps its characters)"
FRAGMENTS = ("span with fragments in 'spans' (Prodigy reads one range from its first start to its last end; "
             "'fragments' keeps the pieces)")
UNALIGNED = ("relation with an end not on token boundaries (in 'unaligned_relations': Prodigy's head/child "
             "are token indices)")
_RELATION_KEYS = {SpanStatus.REJECTED: "rejected_relations", SpanStatus.PROPOSED: "proposed_relations"}
MENTIONS_KEY = "mention_spans"
MENTIONS_KEPT = "in 'mention_spans', which its events name"


class _Tokens:
    """A document's tokens and each span's first and last token (None off token boundaries)."""

    def __init__(self, tokens: Any) -> None:
        self.doc = tokens

    def of(self, span: Span) -> tuple[int, int] | None:
        """The span's first and last token (inclusive), or None off token boundaries."""
        token_span = self.doc.char_span(span.start, span.end, alignment_mode="strict")
        return None if token_span is None else (token_span.start, token_span.end - 1)

    def located(self, span: Span) -> dict[str, Any]:
        """A reference to a span with ``token_start``/``token_end`` when it falls on token
        boundaries (what Prodigy writes in ``spans`` and in a relation's ``head_span``)."""
        found = self.of(span)
        return ref(span) | ({} if found is None else {"token_start": found[0], "token_end": found[1]})

    def entry(self, span: Span, report: ExportReport) -> dict[str, Any]:
        """A span of ``spans`` or ``proposed_spans``, what Prodigy cannot read of it counted."""
        entry = self.located(span)
        report.leave_out(OFF_TOKENS, int("token_start" not in entry))
        return entry | extras(span)

    def link(self, label: str, head: Span, child: Span) -> dict[str, Any]:
        """A Prodigy relation entry: ``head``/``child`` the last tokens when both are known."""
        heads, childs = self.of(head), self.of(child)
        out: dict[str, Any] = {}
        if heads is not None and childs is not None:
            out = {"head": heads[1], "child": childs[1]}
        return out | {"head_span": self.located(head), "child_span": self.located(child), "label": label}


def task_for(export: ExportDocument, tokenizer: Any, report: ExportReport) -> dict[str, Any]:
    """The Prodigy task of one document."""
    doc = export.document
    tokens = _Tokens(tokenizer(doc.text))
    known = spans_by_id(export.spans, export.rejected, export.proposed)
    spans = [tokens.entry(span, report) for span in export.spans if not export.is_mention(span)]
    mentions = [tokens.entry(span, report) for span in export.spans if export.is_mention(span)]
    if export.mention_label:
        report.leave_out(mention_reason(export.mention_label, MENTIONS_KEPT), len(mentions))
    report.leave_out(FRAGMENTS, sum(1 for span in export.spans if span.fragments))
    proposed = [tokens.entry(span, report) for span in export.proposed]
    events = event_records([*export.events, *export.unaccepted_events], known)  # accepted first
    relations: list[dict[str, Any]] = []
    others: dict[str, list[dict[str, Any]]] = {"unaligned_relations": [], **{k: [] for k in _RELATION_KEYS.values()}}
    for i, event in enumerate(export.events):
        for argument in event.arguments:
            arc = tokens.link(argument.role, known[event.trigger_span_id], known[argument.span_id])
            if "head" in arc:  # an arc Prodigy cannot place is not drawn: "events" has it
                relations.append(arc | {EVENT_ARC: i})
    for relation in (*export.relations, *export.unaccepted_relations):
        entry = tokens.link(relation.type, known[relation.head_span_id], known[relation.child_span_id])
        entry |= {k: v for k, v in relation_record(relation, known).items() if k in ("note", "attributes")}
        if relation.status in _RELATION_KEYS:
            others[_RELATION_KEYS[relation.status]].append(entry)
        elif "head" in entry:
            relations.append(entry)
        else:
            report.leave_out(UNALIGNED)
            others["unaligned_relations"].append(entry)
    equivalences = [equivalence_record(e, known) for e in export.equivalences]
    meta = dict(doc.meta)
    kept = meta.pop(KEPT, None)
    # A task's own meta goes back as it came; Annotary's facts only fill what it lacks.
    for key, value in (("title", doc.title), ("source", doc.source), ("status", doc.status.value)):
        meta.setdefault(key, value)
    task: dict[str, Any] = {
        "text": doc.text,
        "meta": meta,
        "tokens": [
            {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
            for t in tokens.doc
        ],
        "spans": spans,
        "relations": relations,
        "events": events,
        "rejected_spans": [ref(s) | extras(s) for s in export.rejected],
        "proposed_spans": proposed,
        # Not "accept" where that would tell Prodigy the proposals' tokens are no entity.
        "answer": "ignore" if export.done and export.entity_proposals else "accept",
        "_view_id": "relations" if relations else "spans_manual",
    }
    task |= {key: value for key, value in others.items() if value}
    if mentions:
        task[MENTIONS_KEY] = mentions
    if equivalences:
        task["equivalences"] = equivalences
    input_hash = hash_unicode(json.dumps({"text": doc.text}, ensure_ascii=False))
    task["_input_hash"] = input_hash
    # Relations and sets join the hash only when there are some: tasks without them keep the
    # hashes earlier exports gave them (Prodigy tells tasks apart by them).
    hashed: list[Any] = [input_hash, spans, events] + ([mentions] if mentions else [])
    links = [r for r in relations if EVENT_ARC not in r] + [e for v in others.values() for e in v]
    if links or equivalences:
        hashed += [links, equivalences]
    task["_task_hash"] = hash_unicode(json.dumps(hashed, ensure_ascii=False, sort_keys=True))
    if isinstance(kept, dict):  # imported from a Prodigy task: its own keys as they came
        task |= {key: value for key, value in kept.items() if key not in READ_KEYS}
    return task


def write_jsonl(docs: Documents, folder: Path, tokenizer: Any, report: ExportReport,
                progress: Progress | None = None) -> None:
    """Write ``annotations.jsonl`` into ``folder``, a task at a time (``docs`` is read once)."""
    total = len(docs)

    def tasks() -> Iterator[dict[str, Any]]:
        for i, export in enumerate(docs, start=1):
            task = task_for(export, tokenizer, report)
            if task["answer"] == "ignore":
                report.unreviewed.tasks += 1
            report.documents += 1
            report.spans += len(export.spans)
            report.events += len(export.events)
            report.relations += len(export.relations)
            report.equivalences += len(export.equivalences)
            if progress is not None:
                progress(i, total)
            yield task

    path = folder / "annotations.jsonl"
    srsly.write_jsonl(path, tasks())
    n = report.unreviewed.tasks
    report.unreviewed.outcome = (
        f"are kept out of 'spans' (listed in 'proposed_spans'), and their {n} task{'' if n == 1 else 's'} "
        f"{'is' if n == 1 else 'are'} answer 'ignore' so that Prodigy does not train on their unmarked tokens as O"
    )
    # Documents not marked done keep their proposals too, in 'proposed_spans': nothing left out.
    report.left_out.pop(NOT_DONE_PROPOSAL, None)
    report.left_out.pop(UNREVIEWED_MENTION, None)  # in 'proposed_spans' too
    report.files.append(str(path))
