"""Prodigy-compatible JSONL: one task per document.

``tokens`` come from the project's pipeline tokenizer; ``spans`` carry ``token_start`` and an
INCLUSIVE ``token_end`` as Prodigy does; events become ``relations`` from the trigger to each
argument (``head``/``child`` = the last token of each span, labelled with the role) and, losslessly,
Annotary's own ``events`` field, which the importer reads back. Rejected proposals go to
``rejected_spans`` (Prodigy ignores the key; Annotary imports them as rejected). Hashes: ``_input_hash``
is MurmurHash3 of the text, ``_task_hash`` of the input hash and the annotations (Prodigy's own
scheme is internal to it; these are stable and distinguish tasks the same way).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import srsly
from murmurhash import hash_unicode

from annotate.exports.collect import ExportDocument, ExportReport
from annotate.model import Span


def task_for(export: ExportDocument, tokenizer: Any, report: ExportReport) -> dict[str, Any]:
    """The Prodigy task of one document."""
    doc = export.document
    tokens = tokenizer(doc.text)
    by_id = {s.id: s for s in export.spans}
    last_token: dict[int | None, int | None] = {}  # span id → its last token, for relations
    spans = []
    for span in export.spans:
        token_span = tokens.char_span(span.start, span.end, alignment_mode="strict")
        entry: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label}
        if token_span is None:
            report.leave_out("token offsets of a span not on token boundaries (JSONL keeps its characters)")
            last_token[span.id] = None
        else:
            entry |= {"token_start": token_span.start, "token_end": token_span.end - 1}
            last_token[span.id] = token_span.end - 1
        spans.append(entry)
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
    task: dict[str, Any] = {
        "text": doc.text,
        "meta": dict(doc.meta) | {"title": doc.title, "source": doc.source, "status": doc.status.value},
        "tokens": [
            {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
            for t in tokens
        ],
        "spans": spans,
        "relations": relations,
        "events": events,
        "rejected_spans": [_ref(s) for s in export.rejected],
        "answer": "accept",
        "_view_id": "relations" if relations else "spans_manual",
    }
    input_hash = hash_unicode(json.dumps({"text": doc.text}, ensure_ascii=False))
    task["_input_hash"] = input_hash
    task["_task_hash"] = hash_unicode(json.dumps([input_hash, spans, events], ensure_ascii=False, sort_keys=True))
    return task


def _ref(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "label": span.label}


def write_jsonl(docs: list[ExportDocument], folder: Path, tokenizer: Any, report: ExportReport,
                progress=None) -> None:
    """Write ``annotations.jsonl`` into ``folder``."""
    tasks = []
    for i, export in enumerate(docs, start=1):
        tasks.append(task_for(export, tokenizer, report))
        report.documents += 1
        report.spans += len(export.spans)
        report.events += len(export.events)
        if progress is not None:
            progress(i, len(docs))
    path = folder / "annotations.jsonl"
    srsly.write_jsonl(path, tasks)
    report.files.append(str(path))
