"""Prodigy-style JSONL input: one task per line.

Accepted fields: ``text`` (required), ``meta`` (object; ``meta.title`` becomes the title),
``spans`` (``start``/``end``/``label``), ``answer`` (``accept`` keeps spans as accepted,
``reject`` keeps them as rejected, ``ignore`` skips the task) and Annotary's lossless
``events``::

    {"type": "Contact.Meet", "trigger": {"start": 10, "end": 13},
     "arguments": [{"role": "Entity", "start": 0, "end": 5, "label": "PERSON"}],
     "attributes": {"Modality": "Asserted"}, "status": "accepted"}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotate.errors import ImportFailed
from annotate.formats.jsonl_lines import json_lines
from annotate.formats.parsed import ParsedDocument, ParsedEvent, ParsedSpan
from annotate.model import SpanStatus
from annotate.text import decode_text, title_of

_ANSWERS = {"accept": SpanStatus.ACCEPTED, "reject": SpanStatus.REJECTED}


def read_jsonl(path: Path) -> tuple[list[ParsedDocument], int, list[str]]:
    """Read every task. Returns documents, the number of ``ignore`` tasks, and warnings."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImportFailed(path, f"cannot be read ({exc.strerror or exc})") from None
    text, _ = decode_text(path, data)
    documents: list[ParsedDocument] = []
    ignored = 0
    relations_only = 0
    for number, task in json_lines(text, path, "task"):
        answer = task.get("answer", "accept")
        if answer == "ignore":
            ignored += 1
            continue
        if answer not in _ANSWERS:
            raise ImportFailed(path, f"answer {answer!r} is not accept, reject or ignore", number)
        doc = _task_document(path, number, task, _ANSWERS[answer])
        if task.get("relations") and not task.get("events"):
            relations_only += 1
        documents.append(doc)
    if not documents and not ignored:
        raise ImportFailed(path, "contains no tasks")
    warnings = []
    if relations_only:
        warnings.append(
            f"{path}: {relations_only} task(s) have Prodigy 'relations' but no 'events'; "
            "relations alone are not imported"
        )
    return documents, ignored, warnings


def _task_document(path: Path, line: int, task: dict[str, Any], status: SpanStatus) -> ParsedDocument:
    text = task.get("text")
    if not isinstance(text, str):
        raise ImportFailed(path, "task has no 'text' string", line)
    if not text.strip():
        raise ImportFailed(path, "task 'text' is empty", line)
    meta = task.get("meta", {})
    if not isinstance(meta, dict):
        raise ImportFailed(path, "'meta' must be an object", line)
    title = meta.get("title") if isinstance(meta.get("title"), str) else title_of(text)
    doc = ParsedDocument(text=text, title=title, source=f"{path}:{line}", meta=meta)
    # Annotary's own key "rejected_spans" carries rejected proposals (Prodigy ignores it).
    for key, span_status in (("spans", status), ("rejected_spans", SpanStatus.REJECTED)):
        doc.spans += _spans(path, line, key, task.get(key, []), text, span_status)
    events = task.get("events", [])
    if not isinstance(events, list):
        raise ImportFailed(path, "'events' must be a list", line)
    for i, raw in enumerate(events):
        doc.events.append(_event(path, line, f"events[{i}]", raw, doc))
    return doc


def _spans(path: Path, line: int, key: str, raw_spans: Any, text: str, status: SpanStatus) -> list[ParsedSpan]:
    if not isinstance(raw_spans, list):
        raise ImportFailed(path, f"'{key}' must be a list", line)
    out = []
    for i, raw in enumerate(raw_spans):
        start, end = _offsets(path, line, f"{key}[{i}]", raw, text)
        label = raw.get("label")
        if not isinstance(label, str) or not label:
            raise ImportFailed(path, f"{key}[{i}] has no 'label'", line)
        out.append(ParsedSpan(start, end, label, status))
    return out


def _offsets(path: Path, line: int, where: str, raw: Any, text: str) -> tuple[int, int]:
    if not isinstance(raw, dict):
        raise ImportFailed(path, f"{where} must be an object", line)
    start, end = raw.get("start"), raw.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        raise ImportFailed(path, f"{where} needs integer 'start' and 'end'", line)
    if not 0 <= start < end <= len(text):
        raise ImportFailed(
            path, f"{where} offsets {start}-{end} are outside the text (length {len(text)})", line
        )
    return start, end


def _event(path: Path, line: int, where: str, raw: Any, doc: ParsedDocument) -> ParsedEvent:
    if not isinstance(raw, dict):
        raise ImportFailed(path, f"{where} must be an object", line)
    etype = raw.get("type")
    if not isinstance(etype, str) or not etype:
        raise ImportFailed(path, f"{where} has no 'type'", line)
    start, end = _offsets(path, line, f"{where}.trigger", raw.get("trigger"), doc.text)
    status_name = raw.get("status", "accepted")
    if status_name not in SpanStatus.__members__.values():
        raise ImportFailed(path, f"{where}.status {status_name!r} is not a known status", line)
    event = ParsedEvent(etype, doc.span_index(start, end, etype), status=SpanStatus(status_name))
    arguments = raw.get("arguments", [])
    if not isinstance(arguments, list):
        raise ImportFailed(path, f"{where}.arguments must be a list", line)
    for j, arg in enumerate(arguments):
        awhere = f"{where}.arguments[{j}]"
        a_start, a_end = _offsets(path, line, awhere, arg, doc.text)
        role = arg.get("role")
        if not isinstance(role, str) or not role:
            raise ImportFailed(path, f"{awhere} has no 'role'", line)
        label = arg.get("label") or _label_at(doc, a_start, a_end)
        if label is None:
            raise ImportFailed(path, f"{awhere} has no 'label' and no span at {a_start}-{a_end}", line)
        event.arguments.append((role, doc.span_index(a_start, a_end, label)))
    attributes = raw.get("attributes", {})
    if not isinstance(attributes, dict) or not all(isinstance(v, str) for v in attributes.values()):
        raise ImportFailed(path, f"{where}.attributes must map names to string values", line)
    event.attributes = dict(attributes)
    return event


def _label_at(doc: ParsedDocument, start: int, end: int) -> str | None:
    return next((s.label for s in doc.spans if (s.start, s.end) == (start, end)), None)
