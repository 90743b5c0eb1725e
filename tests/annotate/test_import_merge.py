"""A text imported twice: one document, both annotations, nothing doubled or dropped."""

from __future__ import annotations

from annotate.formats.parsed import ParsedBatch, ParsedDocument, ParsedEvent, ParsedSpan
from annotate.memory_repository import MemoryRepository
from annotate.model import SpanStatus
from annotate.resources import builtin_schema
from annotate.session import Session

TEXT = "Kerry will meet Putin in Moscow."


def copy(spans: list[ParsedSpan], events: list[ParsedEvent] | None = None) -> ParsedDocument:
    return ParsedDocument(TEXT, "t", "test", spans=spans, events=events or [])


def test_events_of_a_known_text_join_it_once() -> None:
    session = Session(MemoryRepository(builtin_schema("news-ace")))
    kerry, meet, putin = ParsedSpan(0, 5, "PERSON"), ParsedSpan(11, 15, "Contact.Meet"), ParsedSpan(16, 21, "PERSON")
    event = ParsedEvent("Contact.Meet", 1, [("Entity", 0)])
    session.import_batch(ParsedBatch(documents=[copy([kerry, meet], [event])]))
    # A second annotator: the same event, plus Putin and a second event argument.
    bigger = ParsedEvent("Contact.Meet", 1, [("Entity", 0), ("Entity", 2)])
    report = session.import_batch(ParsedBatch(documents=[copy([kerry, meet, putin], [event, bigger])]))
    assert (report.documents, report.duplicates) == (0, 1)
    assert (report.merged.spans_added, report.merged.spans_same) == (1, 2)
    assert (report.merged.events_added, report.merged.events_same) == (1, 1)
    (doc,) = session.repo.document_ids()
    assert len(session.repo.events(doc)) == 2 and len(session.repo.spans(doc)) == 3


def test_twice_in_one_import_is_one_document_with_the_later_decision() -> None:
    session = Session(MemoryRepository(builtin_schema("news-ace")))
    report = session.import_batch(ParsedBatch(documents=[
        copy([ParsedSpan(25, 31, "GPE", SpanStatus.REJECTED)]),
        copy([ParsedSpan(25, 31, "GPE", SpanStatus.ACCEPTED), ParsedSpan(0, 5, "PERSON")]),
    ]))
    assert (report.documents, report.duplicates, report.merged.decisions, report.merged.spans_added) == (1, 1, 1, 1)
    (doc,) = session.repo.document_ids()
    assert sorted((s.label, str(s.status)) for s in session.repo.spans(doc)) == [("GPE", "accepted"), ("PERSON", "accepted")]
