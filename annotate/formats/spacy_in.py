"""Reading a spaCy DocBin (``.spacy``) back: Annotary's own export whole, any other as its spans.

Spans come from ``doc.ents`` and the span groups (``incorrect_spans`` as rejected proposals,
every other group as accepted spans), then from ``doc.user_data`` as Annotary's DocBin export
writes it (see :mod:`annotate.exports.spacy_docs`): ``annotary_spans`` adds what the groups do
not carry (proposals, spans off token boundaries or in pieces, fragments, attributes, norms,
notes), and ``annotary_events``, ``annotary_relations``, ``annotary_equivalences`` and
``annotary_document`` the rest, by character offsets (records of
:mod:`annotate.formats.records_in`). A file that is not a DocBin is one ImportFailed naming it;
a bad record names the document (1 for the first) and the field.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotate.errors import ImportFailed
from annotate.formats.parsed import ParsedDocument, ParsedSpan
from annotate.formats.reading import read_input_bytes
from annotate.formats.records_in import (
    Origin,
    equivalence,
    events,
    items,
    obj,
    relation,
    span,
    status_of,
)
from annotate.model import DocStatus, SpanStatus
from annotate.text import title_of

INCORRECT = "incorrect_spans"  # the group NER reads rejected spans from (incorrect_spans_key)
KEYS = ("annotary_document", "annotary_spans", "annotary_events", "annotary_relations", "annotary_equivalences")


def read_docbin(path: Path) -> Iterator[ParsedDocument]:
    """Yield the documents of a DocBin file, one at a time (none for an empty DocBin)."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    data = read_input_bytes(path)
    try:
        docbin = DocBin(store_user_data=True).from_bytes(data)
    except Exception as exc:  # zlib, msgpack, a missing key: whatever the bytes are, not a DocBin
        raise ImportFailed(path, f"is not a spaCy DocBin (.spacy) file ({_why(exc)})") from None
    # An empty DocBin is a valid one (an export's dev part with dev_split 0, or of one
    # document): it holds no documents, and reading it yields none.
    docs = docbin.get_docs(Vocab())
    for number in range(1, len(docbin) + 1):
        try:
            doc = next(docs)
        except Exception as exc:  # the header read but a document's arrays do not
            raise ImportFailed(path, f"document {number} cannot be read as a spaCy Doc ({_why(exc)})") from None
        yield document_of(doc, Origin(path, prefix=f"document {number}: "), f"{path}:{number}")


def document_of(doc: Any, origin: Origin, source: str) -> ParsedDocument:
    """The parsed document of one Doc of a DocBin."""
    text = doc.text
    if not text.strip():
        origin.fail("the document has no text")
    data = {key: _plain(doc.user_data[key]) for key in KEYS if key in doc.user_data}
    about = obj(origin, "user_data['annotary_document']", data.get("annotary_document", {}))
    meta = obj(origin, "user_data['annotary_document'].meta", about.get("meta", {}))
    title = about.get("title")
    parsed = ParsedDocument(text, title if isinstance(title, str) and title else title_of(text), source, dict(meta))
    parsed.answered = about.get("status") == DocStatus.DONE.value
    for group, status in _groups(doc):
        for token_span in group:
            found = ParsedSpan(token_span.start_char, token_span.end_char, token_span.label_, status)
            if found.label and _index(parsed, found) is None:
                parsed.spans.append(found)
    key = "user_data['annotary_spans']"
    for i, raw in enumerate(items(origin, key, data.get("annotary_spans"))):
        where = f"{key}[{i}]"
        record = span(origin, where, raw, text, status_of(origin, where, obj(origin, where, raw), SpanStatus.ACCEPTED))
        at = _index(parsed, record)
        if at is None:
            parsed.spans.append(record)
        else:  # the group's span, with what the group could not carry
            parsed.spans[at] = record
    events(origin, "user_data['annotary_events']", data.get("annotary_events"), parsed)
    key = "user_data['annotary_relations']"
    for i, raw in enumerate(items(origin, key, data.get("annotary_relations"))):
        where = f"{key}[{i}]"
        status = status_of(origin, where, obj(origin, where, raw), SpanStatus.ACCEPTED)
        parsed.relations.append(relation(origin, where, raw, parsed, status))
    key = "user_data['annotary_equivalences']"
    for i, raw in enumerate(items(origin, key, data.get("annotary_equivalences"))):
        parsed.equivalences.append(equivalence(origin, f"{key}[{i}]", raw, parsed))
    return parsed


def _groups(doc: Any) -> Iterator[tuple[Any, SpanStatus]]:
    """Every span group with the status of its spans: the entities first, then each group."""
    yield doc.ents, SpanStatus.ACCEPTED
    for name, group in doc.spans.items():
        yield group, SpanStatus.REJECTED if name == INCORRECT else SpanStatus.ACCEPTED


def _index(doc: ParsedDocument, wanted: ParsedSpan) -> int | None:
    """Where a span of this range, label, pieces and status already is."""
    key = (wanted.start, wanted.end, wanted.label, wanted.fragments, wanted.status)
    return next((i for i, s in enumerate(doc.spans) if (s.start, s.end, s.label, s.fragments, s.status) == key), None)


def _plain(value: Any) -> Any:
    """An Annotary record of ``user_data`` as JSON data (msgpack gives lists back as tuples)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _why(exc: Exception) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__

