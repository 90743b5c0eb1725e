"""Prodigy-compatible JSONL: one task per document.

``tokens`` come from the project's pipeline tokenizer; ``spans`` carry ``token_start`` and an
INCLUSIVE ``token_end`` as Prodigy does; events become ``relations`` from the trigger to each
argument (``head``/``child`` = the last token of each span, labelled with the role) and, losslessly,
Annotary's own ``events`` field, which the importer reads back. Rejected proposals go to
``rejected_spans`` (Prodigy ignores the key; Annotary imports them as rejected), unreviewed ones to
``proposed_spans`` (never to ``spans``: those are what the annotator accepted).

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
from pathlib import Path
from typing import Any

import srsly
from murmurhash import hash_unicode

from annotate.exports.collect import NOT_DONE_PROPOSAL, ExportDocument, ExportReport, Progress
from annotate.formats.jsonl_in import KEPT, READ_KEYS
from annotate.model import Span


def task_for(export: ExportDocument, tokenizer: Any, report: ExportReport) -> dict[str, Any]:
    """The Prodigy task of one document."""
    doc = export.document
    tokens = tokenizer(doc.text)
    by_id = {s.id: s for s in export.spans}
    last_token: dict[int | None, int | None] = {}  # span id → its last token, for relations
    spans = []
    for span in export.spans:
        entry, last = _entry(span, tokens, report)
        last_token[span.id] = last
        spans.append(entry)
    proposed = [_entry(span, tokens, report)[0] for span in export.proposed]
    relations, events = [], []
    for event in export.events:
        trigger = by_id[event.trigger_span_id]
        head = last_token[trigger.id]
        arguments = []
        for argument in event.arguments:
            span = by_id[argument.span_id]
            arguments.append({"role": argument.role, "start": span.start, "end": span.end, "label": span.label})
            child = last_token[span.id]
            if head is not None and child is not None:
                relations.append({
                    "head": head, "child": child, "label": argument.role,
                    "head_span": _ref(trigger), "child_span": _ref(span),
                })
        events.append({
            "type": event.type, "trigger": {"start": trigger.start, "end": trigger.end},
            "arguments": arguments, "attributes": dict(event.attributes),
        })
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
            for t in tokens
        ],
        "spans": spans,
        "relations": relations,
        "events": events,
        "rejected_spans": [_ref(s) for s in export.rejected],
        "proposed_spans": proposed,
        # Not "accept" where that would tell Prodigy the proposals' tokens are no entity.
        "answer": "ignore" if export.done and proposed else "accept",
        "_view_id": "relations" if relations else "spans_manual",
    }
    input_hash = hash_unicode(json.dumps({"text": doc.text}, ensure_ascii=False))
    task["_input_hash"] = input_hash
    task["_task_hash"] = hash_unicode(json.dumps([input_hash, spans, events], ensure_ascii=False, sort_keys=True))
    if isinstance(kept, dict):  # imported from a Prodigy task: its own keys as they came
        task |= {key: value for key, value in kept.items() if key not in READ_KEYS}
    return task


def _entry(span: Span, tokens: Any, report: ExportReport) -> tuple[dict[str, Any], int | None]:
    """A span as Prodigy writes it (with ``token_start`` and the inclusive ``token_end`` when it
    falls on token boundaries), and its last token (None when it does not)."""
    entry: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label}
    token_span = tokens.char_span(span.start, span.end, alignment_mode="strict")
    if token_span is None:
        report.leave_out("token offsets of a span not on token boundaries (JSONL keeps its characters)")
        return entry, None
    entry |= {"token_start": token_span.start, "token_end": token_span.end - 1}
    return entry, token_span.end - 1


def _ref(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "label": span.label}


def write_jsonl(docs: list[ExportDocument], folder: Path, tokenizer: Any, report: ExportReport,
                progress: Progress | None = None) -> None:
    """Write ``annotations.jsonl`` into ``folder``."""
    tasks = []
    for i, export in enumerate(docs, start=1):
        tasks.append(task_for(export, tokenizer, report))
        if tasks[-1]["answer"] == "ignore":
            report.unreviewed.tasks += 1
        report.documents += 1
        report.spans += len(export.spans)
        report.events += len(export.events)
        if progress is not None:
            progress(i, len(docs))
    n = report.unreviewed.tasks
    report.unreviewed.outcome = (
        f"are kept out of 'spans' (listed in 'proposed_spans'), and their {n} task{'' if n == 1 else 's'} "
        f"{'is' if n == 1 else 'are'} answer 'ignore' so that Prodigy does not train on their unmarked tokens as O"
    )
    # Documents not marked done keep their proposals too, in 'proposed_spans': nothing left out.
    report.left_out.pop(NOT_DONE_PROPOSAL, None)
    path = folder / "annotations.jsonl"
    srsly.write_jsonl(path, tasks)
    report.files.append(str(path))
