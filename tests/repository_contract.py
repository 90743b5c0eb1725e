"""The Repository protocol as tests: one suite that every implementation must pass.

:class:`RepositoryContract` holds the tests; a test module subclasses it once per
implementation and provides the ``repo`` fixture (an empty project with the news-ace schema)
and ``integrity_errors`` (what a broken constraint raises: SQLite's ``IntegrityError`` for the
store, ``ValueError`` for the in-memory repository). Each test then runs once per
implementation: ``tests/annotate/test_memory_repository.py`` and
``tests/store/test_repository_contract.py``.

The tests check what the protocol's docstrings promise and what the domain relies on: ids and
preset ids, soft deletes, ordering, copies rather than aliases, all-or-nothing transactions,
the document list's filters and counts, the action log and undo history, statistics, and real
actions run through a :class:`~annotate.session.Session`.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, Protocol

import pytest

from annotate.actions import (
    AcceptSpan,
    Composite,
    CreateEvent,
    CreateSpan,
    CreateTriggeredEvent,
    DeleteSpan,
    RejectSpan,
    SetArgument,
    SetDocumentStatus,
)
from annotate.errors import ActionError, SchemaError
from annotate.formats.parsed import ParsedBatch, ParsedDocument, ParsedEvent, ParsedSpan
from annotate.model import Argument, Document, DocStatus, DocumentSummary, Event, Span, SpanStatus
from annotate.repository import LoggedStep, Repository
from annotate.resources import builtin_schema
from annotate.session import Session
from annotate.text import content_hash

TEXT = "Kerry will meet Putin in Moscow on Thursday."
#       0    5    10   15   20   25   30   35   40


class ContractRepository(Repository, Protocol):
    """The protocol plus the action log reader both implementations offer."""

    def action_log(self, document_id: int | None = None) -> list[dict[str, Any]]:
        """The action log, oldest first, optionally for one document."""


class _Boom(Exception):
    """Raised inside a transaction to roll it back."""


# -- helpers ----------------------------------------------------------------------------------


def add_docs(repo: Repository, *texts: str, title: str = "t", status: DocStatus = DocStatus.NEW) -> list[int]:
    """Add documents with these texts in one transaction; their ids."""
    with repo.transaction():
        return repo.add_documents(
            Document(text, f"{title} {i}", "test", {"n": i}, status, content_hash(text))
            for i, text in enumerate(texts)
        )


def add_span(repo: Repository, doc: int, start: int, end: int, label: str,
             status: SpanStatus = SpanStatus.ACCEPTED, **fields: Any) -> int:
    """Insert one span; its id."""
    return repo.insert_span(Span(doc, start, end, label, status, **fields))


def meet(repo: Repository, doc: int) -> tuple[int, int, int, int, int]:
    """Spans for Kerry (PERSON), meet (trigger), Putin (PERSON), Moscow (GPE), Thursday (DATE)."""
    return (
        add_span(repo, doc, 0, 5, "PERSON"),
        add_span(repo, doc, 11, 15, "Contact.Meet"),
        add_span(repo, doc, 16, 21, "PERSON"),
        add_span(repo, doc, 25, 31, "GPE"),
        add_span(repo, doc, 35, 43, "DATE"),
    )


def span_rows(repo: Repository, doc: int) -> list[tuple[Any, ...]]:
    """Every span of a document, deleted ones marked, without timestamps."""
    live = {s.id for s in repo.spans(doc)}
    return [
        (s.id, s.start, s.end, s.label, str(s.status), s.source, s.score, s.note, s.id in live)
        for s in repo.spans(doc, include_deleted=True)
    ]


def event_rows(repo: Repository, doc: int) -> list[tuple[Any, ...]]:
    """Every live event of a document with its arguments, without timestamps."""
    return [
        (e.id, e.type, e.trigger_span_id, [(a.id, a.role, a.span_id) for a in e.arguments],
         e.attributes, str(e.status), e.source)
        for e in repo.events(doc)
    ]


def state(repo: ContractRepository) -> dict[str, Any]:
    """Everything the protocol can read, for comparing before and after."""
    docs = repo.document_ids()
    return {
        "documents": [dataclasses.astuple(d) for d in repo.iter_documents()],
        "summaries": repo.document_summaries(),
        "warnings": [repo.document_warnings(d) for d in docs],
        "spans": [span_rows(repo, d) for d in docs],
        "events": [event_rows(repo, d) for d in docs],
        "proposed": sorted(repo.documents_proposed_by("model:x@1")),
        "setting": repo.setting("proposer.model"),
        "patterns": repo.pattern_files(),
        "schema": repo.schema().to_dict(),
        "log": [(r["id"], r["action"], r["kind"]) for r in repo.action_log()],
        "stats": repo.stats(),
    }


def doc_snapshot(session: Session, doc: int) -> tuple[Any, ...]:
    """A document's spans, events and status, as the action tests compare them."""
    return span_rows(session.repo, doc), event_rows(session.repo, doc), session.repo.document(doc).status


# -- the contract -----------------------------------------------------------------------------


class RepositoryContract:
    """Tests every Repository must pass. Subclasses provide the ``repo`` fixture."""

    integrity_errors: ClassVar[tuple[type[Exception], ...]] = ()

    # -- documents ------------------------------------------------------------------------
    def test_documents_get_ascending_ids_from_one(self, repo: ContractRepository) -> None:
        assert add_docs(repo, "One.", "Two.") == [1, 2]
        assert add_docs(repo, "Three.") == [3]
        with repo.transaction():
            assert repo.add_documents([]) == []
        assert repo.document_ids() == [1, 2, 3]

    def test_document_round_trips(self, repo: ContractRepository) -> None:
        with repo.transaction():
            (doc,) = repo.add_documents(
                [Document("Text é 🌊.", "A title", "file.txt", {"k": [1, "b"], "t": (2, 3)}, DocStatus.IN_PROGRESS, "h1")]
            )
        got = repo.document(doc)
        assert got == Document("Text é 🌊.", "A title", "file.txt", {"k": [1, "b"], "t": [2, 3]}, DocStatus.IN_PROGRESS, "h1", doc)
        assert isinstance(got.status, DocStatus)

    def test_a_preset_document_id_is_not_used(self, repo: ContractRepository) -> None:
        add_docs(repo, "One.")
        with repo.transaction():
            assert repo.add_documents([Document("Two.", content_hash="h2", id=50)]) == [2]

    def test_unknown_document_raises_action_error(self, repo: ContractRepository) -> None:
        with pytest.raises(ActionError, match="no document with id 7"):
            repo.document(7)

    def test_duplicate_content_hash_is_refused_and_rolled_back(self, repo: ContractRepository) -> None:
        add_docs(repo, "One.")
        with pytest.raises(self.integrity_errors), repo.transaction():
            repo.add_documents([Document("Fresh.", content_hash="fresh"), Document("Again.", content_hash=content_hash("One."))])
        assert repo.document_ids() == [1]
        assert repo.known_hashes() == {content_hash("One.")}

    def test_add_documents_is_one_statement(self, repo: ContractRepository) -> None:
        # "Every method but transaction is one statement": a batch with a duplicate adds none.
        add_docs(repo, "One.")
        with pytest.raises(self.integrity_errors):
            repo.add_documents([Document("Fresh.", content_hash="fresh"), Document("Again.", content_hash=content_hash("One."))])
        assert repo.document_ids() == [1]

    def test_document_status(self, repo: ContractRepository) -> None:
        a, b, c = add_docs(repo, "A.", "B.", "C.")
        repo.set_document_status(b, DocStatus.DONE)
        repo.set_document_status(c, DocStatus.SKIPPED)
        assert repo.document(b).status == DocStatus.DONE
        assert repo.document_ids(DocStatus.NEW) == [a]
        assert repo.document_ids(DocStatus.DONE) == [b]
        assert repo.document_ids() == [a, b, c]
        with pytest.raises(self.integrity_errors):
            repo.set_document_status(a, "finished")  # type: ignore[arg-type]  # what the check refuses
        assert repo.document(a).status == DocStatus.NEW

    def test_known_hashes_and_iter_documents(self, repo: ContractRepository) -> None:
        assert repo.known_hashes() == set()
        add_docs(repo, "A.", "B.")
        assert repo.known_hashes() == {content_hash("A."), content_hash("B.")}
        assert [(d.id, d.text) for d in repo.iter_documents()] == [(1, "A."), (2, "B.")]

    def test_documents_handed_out_are_copies(self, repo: ContractRepository) -> None:
        meta: dict[str, Any] = {"tags": ["x"]}
        source = Document("A.", "t", "s", meta, content_hash="h")
        with repo.transaction():
            (doc,) = repo.add_documents([source])
        meta["tags"].append("changed")
        source.status = DocStatus.DONE
        got = repo.document(doc)
        got.meta["tags"].append("y")
        got.title = "other"
        next(repo.iter_documents()).meta["new"] = 1
        assert repo.document(doc) == Document("A.", "t", "s", {"tags": ["x"]}, DocStatus.NEW, "h", doc)

    def test_document_warnings(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, "A.")
        assert repo.document_warnings(doc) == 0
        repo.set_document_warnings(doc, 3)
        assert repo.document_warnings(doc) == 3
        assert repo.document_summaries()[0].warnings == 3
        assert repo.document_warnings(999) == 0

    def test_document_summaries_count_live_spans_and_page(self, repo: ContractRepository) -> None:
        ids = add_docs(repo, *(f"Document number {i}." for i in range(5)))
        add_span(repo, ids[0], 0, 8, "ORG")
        add_span(repo, ids[0], 9, 15, "ORG", SpanStatus.PROPOSED)
        add_span(repo, ids[0], 0, 3, "ORG", SpanStatus.PROPOSED)
        add_span(repo, ids[0], 0, 4, "ORG", SpanStatus.REJECTED)
        gone = add_span(repo, ids[0], 1, 4, "ORG")
        repo.set_span_deleted(gone, True)
        add_span(repo, ids[2], 0, 8, "ORG")
        repo.set_document_status(ids[3], DocStatus.DONE)
        summaries = repo.document_summaries()
        assert summaries[0] == DocumentSummary(ids[0], "t 0", DocStatus.NEW, 1, 2, 0)
        assert [(s.id, s.accepted, s.proposed) for s in summaries] == [(1, 1, 2), (2, 0, 0), (3, 1, 0), (4, 0, 0), (5, 0, 0)]
        assert [s.id for s in repo.document_summaries(offset=1, limit=2)] == [2, 3]
        assert [s.id for s in repo.document_summaries(offset=4, limit=10)] == [5]
        assert repo.document_summaries(offset=5) == []
        assert [s.id for s in repo.document_summaries(status=DocStatus.DONE)] == [4]
        assert [s.id for s in repo.document_summaries(document_id=3)] == [3]
        assert repo.document_summaries(document_id=3, status=DocStatus.DONE) == []
        assert repo.document_summaries(document_id=99) == []

    def test_full_text_query_filters_counts_and_summaries(self, repo: ContractRepository) -> None:
        with repo.transaction():
            repo.add_documents([
                Document("Shelling hit Kharkiv overnight.", "Kharkiv shelling", content_hash="a"),
                Document("Envoys met in Geneva on Tuesday.", "Geneva talks", content_hash="b"),
                Document("Talks in Nairobi; Geneva next.", "Kenya", content_hash="c"),
            ])
        repo.set_document_status(3, DocStatus.DONE)
        assert repo.count_documents() == 3
        assert repo.count_documents(query="geneva") == 2
        assert repo.count_documents(query="GENEVA TALKS") == 2  # every word, title or text
        assert repo.count_documents(query="geneva envoys") == 1
        assert repo.count_documents(query="geneva kharkiv") == 0
        assert repo.count_documents(query="Gen") == 0  # whole words, not substrings
        assert repo.count_documents(query="   ") == 3  # a blank query filters nothing
        assert repo.count_documents(status=DocStatus.DONE, query="geneva") == 1
        assert repo.count_documents(status=DocStatus.NEW) == 2
        assert [s.id for s in repo.document_summaries(query="geneva")] == [2, 3]
        assert [s.id for s in repo.document_summaries(query="geneva", status=DocStatus.NEW)] == [2]
        assert [s.id for s in repo.document_summaries(query="nairobi,")] == [3]  # punctuation ignored
        assert repo.count_documents(query='"met in"') == 1
        assert repo.count_documents(query="!!!") == 0

    def test_a_query_of_only_a_quote_matches_nothing(self, repo: ContractRepository) -> None:
        # The document list's search box may hold a lone '"' while the user types a phrase.
        add_docs(repo, "Envoys met.")
        assert repo.count_documents(query='"') == 0
        assert repo.document_summaries(query='""') == []

    # -- spans ----------------------------------------------------------------------------
    def test_spans_get_ascending_ids_and_round_trip(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        first = add_span(repo, doc, 0, 5, "PERSON", SpanStatus.PROPOSED, source="model:x@1", score=1, note="n")
        assert (first, add_span(repo, doc, 16, 21, "PERSON")) == (1, 2)
        got = repo.span(first)
        assert (got.id, got.document_id, got.start, got.end, got.label, got.status, got.source, got.score, got.note) == (
            1, doc, 0, 5, "PERSON", SpanStatus.PROPOSED, "model:x@1", 1.0, "n")
        assert isinstance(got.status, SpanStatus) and isinstance(got.score, float)
        assert got.created_at and got.updated_at and got.updated_at >= got.created_at
        assert got.text_in(TEXT) == "Kerry"

    def test_a_preset_span_id_restores_that_row(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        add_span(repo, doc, 0, 5, "PERSON")
        assert repo.insert_span(Span(doc, 16, 21, "PERSON", id=10, created_at="2020-01-01T00:00:00.000Z")) == 10
        assert repo.span(10).created_at == "2020-01-01T00:00:00.000Z"
        assert add_span(repo, doc, 25, 31, "GPE") == 11  # the largest id + 1
        assert repo.insert_span(Span(doc, 35, 43, "DATE", id=5)) == 5
        with pytest.raises(self.integrity_errors):
            repo.insert_span(Span(doc, 35, 43, "DATE", id=10))
        assert repo.span(10).label == "PERSON"

    def test_span_constraints(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        for bad in (Span(99, 0, 5, "PERSON"), Span(doc, 5, 5, "PERSON"), Span(doc, -1, 5, "PERSON"),
                    Span(doc, 0, 5, "PERSON", "maybe")):  # type: ignore[arg-type]  # a status the check refuses
            with pytest.raises(self.integrity_errors):
                repo.insert_span(bad)
        assert repo.spans(doc, include_deleted=True) == []
        sid = add_span(repo, doc, 0, 5, "PERSON")
        with pytest.raises(self.integrity_errors):
            repo.update_span(Span(doc, 5, 2, "PERSON", id=sid))
        assert (repo.span(sid).start, repo.span(sid).end) == (0, 5)

    def test_soft_delete_and_restore(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        kept, gone = add_span(repo, doc, 0, 5, "PERSON"), add_span(repo, doc, 16, 21, "PERSON")
        repo.set_span_deleted(gone, True)
        with pytest.raises(ActionError, match=f"no span with id {gone}"):
            repo.span(gone)
        assert [s.id for s in repo.spans(doc)] == [kept]
        assert [s.id for s in repo.spans(doc, include_deleted=True)] == [kept, gone]
        assert set(repo.spans_by_id([kept, gone, 999])) == {kept, gone}
        assert set(repo.spans_by_id([kept, gone], include_deleted=False)) == {kept}
        assert repo.spans_at(doc, 16, 21) == []
        repo.set_span_deleted(gone, False)
        assert repo.span(gone).label == "PERSON"
        assert [s.id for s in repo.spans(doc)] == [kept, gone]
        with pytest.raises(ActionError):
            repo.set_span_deleted(999, True)
        with pytest.raises(ActionError):
            repo.span(999)

    def test_spans_are_ordered_by_start_end_id(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        for start, end in ((16, 21), (0, 10), (0, 5), (16, 21), (11, 15)):
            add_span(repo, doc, start, end, "PERSON")
        assert [(s.start, s.end, s.id) for s in repo.spans(doc)] == [(0, 5, 3), (0, 10, 2), (11, 15, 5), (16, 21, 1), (16, 21, 4)]
        (other,) = add_docs(repo, "Another text.")
        add_span(repo, other, 0, 7, "ORG")
        assert [s.id for s in repo.spans(other)] == [6]

    def test_spans_at_an_exact_range(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        a = add_span(repo, doc, 11, 15, "Contact.Meet")
        b = add_span(repo, doc, 11, 15, "PERSON", SpanStatus.REJECTED)
        add_span(repo, doc, 11, 16, "PERSON")
        assert [s.id for s in repo.spans_at(doc, 11, 15)] == [a, b]
        assert repo.spans_at(doc, 11, 14) == []

    def test_update_span_writes_its_fields(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        sid = add_span(repo, doc, 0, 5, "PERSON", SpanStatus.PROPOSED, source="import")
        changed = Span(doc, 16, 21, "ORG", SpanStatus.REJECTED, "someone", 0.5, "why", sid)
        repo.update_span(changed)
        got = repo.span(sid)
        assert (got.start, got.end, got.label, got.status, got.score, got.note) == (16, 21, "ORG", SpanStatus.REJECTED, 0.5, "why")
        assert got.source == "import"  # not one of the fields written
        with pytest.raises(ActionError, match="no span with id 999"):
            repo.update_span(dataclasses.replace(changed, id=999))

    def test_spans_handed_out_are_copies(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        given = Span(doc, 0, 5, "PERSON")
        sid = repo.insert_span(given)
        given.label, given.end = "ORG", 9
        got = repo.span(sid)
        got.label = "GPE"
        repo.spans(doc)[0].status = SpanStatus.REJECTED
        repo.spans_by_id([sid])[sid].start = 3
        repo.spans_at(doc, 0, 5)[0].note = "x"
        again = repo.span(sid)
        assert (again.start, again.end, again.label, again.status, again.note) == (0, 5, "PERSON", SpanStatus.ACCEPTED, None)

    def test_accepted_since(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        assert repo.accepted_since("2000-01-01") == 0
        a = add_span(repo, doc, 0, 5, "PERSON")
        add_span(repo, doc, 16, 21, "PERSON", SpanStatus.PROPOSED)
        gone = add_span(repo, doc, 25, 31, "GPE")
        repo.set_span_deleted(gone, True)
        assert repo.accepted_since("2000-01-01") == 1
        assert repo.accepted_since("9999-01-01") == 0
        since = repo.span(a).updated_at
        assert since is not None and repo.accepted_since(since) == 1

    # -- events ---------------------------------------------------------------------------
    def test_events_with_arguments_round_trip(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        kerry, trigger, putin, moscow, _ = meet(repo, doc)
        event = Event(doc, "Contact.Meet", trigger, [Argument("Entity", kerry), Argument("Entity", putin), Argument("Place", moscow)],
                      {"Tense": "Future"}, SpanStatus.PROPOSED, "model:x@1", 0.75, "note")
        eid = repo.insert_event(event)
        assert eid == 1
        assert [a.id for a in event.arguments] == [1, 2, 3]  # the arguments given get their ids
        got = repo.event(eid)
        assert got.arguments == [Argument("Entity", kerry, 1), Argument("Entity", putin, 2), Argument("Place", moscow, 3)]
        assert (got.id, got.document_id, got.type, got.trigger_span_id, got.attributes, got.status, got.source, got.score, got.note) == (
            1, doc, "Contact.Meet", trigger, {"Tense": "Future"}, SpanStatus.PROPOSED, "model:x@1", 0.75, "note")
        assert got.roles() == {"Entity": [kerry, putin], "Place": [moscow]}
        assert got.created_at and got.updated_at
        second = repo.insert_event(Event(doc, "Conflict.Attack", kerry))
        assert [e.id for e in repo.events(doc)] == [eid, second]
        assert repo.event(second).arguments == []
        with pytest.raises(ActionError, match="no event with id 99"):
            repo.event(99)

    def test_event_constraints(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        trigger = add_span(repo, doc, 11, 15, "Contact.Meet")
        for bad in (Event(doc, "Contact.Meet", 999), Event(99, "Contact.Meet", trigger)):
            with pytest.raises(self.integrity_errors):
                repo.insert_event(bad)
        eid = repo.insert_event(Event(doc, "Contact.Meet", trigger))
        with pytest.raises(self.integrity_errors):
            repo.insert_event(Event(doc, "Contact.Meet", trigger, id=eid))
        with pytest.raises(self.integrity_errors):
            repo.insert_argument(eid, Argument("Entity", 999))
        with pytest.raises(self.integrity_errors):
            repo.insert_argument(999, Argument("Entity", trigger))
        with pytest.raises(self.integrity_errors):
            repo.update_event(Event(doc, "Contact.Meet", 999, id=eid))
        assert [e.id for e in repo.events(doc)] == [eid]
        assert repo.event(eid).arguments == [] and repo.event(eid).trigger_span_id == trigger

    def test_a_preset_event_id_restores_it(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        kerry, trigger, *_ = meet(repo, doc)
        assert repo.insert_event(Event(doc, "Contact.Meet", trigger, [Argument("Entity", kerry, 7)], id=4)) == 4
        assert repo.event(4).arguments == [Argument("Entity", kerry, 7)]
        assert repo.insert_event(Event(doc, "Contact.Meet", trigger, [Argument("Entity", kerry)])) == 5
        assert repo.event(5).arguments[0].id == 8

    def test_event_soft_delete_and_restore(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        kerry, trigger, *_ = meet(repo, doc)
        eid = repo.insert_event(Event(doc, "Contact.Meet", trigger, [Argument("Entity", kerry)]))
        (arg,) = [a.id for a in repo.event(eid).arguments]
        assert arg is not None
        repo.set_event_deleted(eid, True)
        with pytest.raises(ActionError):
            repo.event(eid)
        assert repo.events(doc) == [] and repo.events_using_span(kerry) == []
        assert repo.argument(arg) is None  # an argument of a deleted event
        repo.set_event_deleted(eid, False)
        assert repo.event(eid).roles() == {"Entity": [kerry]}
        assert repo.argument(arg) == (eid, Argument("Entity", kerry, arg))
        with pytest.raises(ActionError):
            repo.set_event_deleted(999, True)

    def test_update_event_writes_its_fields_not_its_arguments(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        kerry, trigger, putin, *_ = meet(repo, doc)
        eid = repo.insert_event(Event(doc, "Contact.Meet", trigger, [Argument("Entity", kerry)], source="import"))
        repo.update_event(Event(doc, "Conflict.Attack", putin, [], {"Modality": "Other"}, SpanStatus.REJECTED, "x", 0.25, "n", eid))
        got = repo.event(eid)
        assert (got.type, got.trigger_span_id, got.attributes, got.status, got.score, got.note, got.source) == (
            "Conflict.Attack", putin, {"Modality": "Other"}, SpanStatus.REJECTED, 0.25, "n", "import")
        assert got.roles() == {"Entity": [kerry]}
        with pytest.raises(ActionError, match="no event with id 999"):
            repo.update_event(dataclasses.replace(got, id=999))

    def test_events_using_spans(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        kerry, trigger, putin, moscow, thursday = meet(repo, doc)
        e1 = repo.insert_event(Event(doc, "Contact.Meet", trigger, [Argument("Entity", kerry), Argument("Entity", putin)]))
        e2 = repo.insert_event(Event(doc, "Conflict.Attack", kerry, [Argument("Target", putin), Argument("Place", moscow)]))
        e3 = repo.insert_event(Event(doc, "Conflict.Attack", moscow))
        assert [e.id for e in repo.events_using_span(kerry)] == [e1, e2]  # argument of one, trigger of the other
        assert [e.id for e in repo.events_using_span(trigger)] == [e1]
        assert repo.events_using_span(thursday) == []
        assert [e.id for e in repo.events_using_spans([moscow, putin, moscow])] == [e1, e2, e3]
        assert [e.id for e in repo.events_using_spans(iter([trigger]))] == [e1]
        assert repo.events_using_spans([]) == []
        assert [len(e.arguments) for e in repo.events_using_spans([putin])] == [2, 2]  # whole events
        repo.set_event_deleted(e2, True)
        assert [e.id for e in repo.events_using_spans([kerry, moscow])] == [e1, e3]

    def test_arguments_insert_read_delete_and_restore(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        kerry, trigger, putin, *_ = meet(repo, doc)
        eid = repo.insert_event(Event(doc, "Contact.Meet", trigger))
        first = repo.insert_argument(eid, Argument("Entity", kerry))
        second = repo.insert_argument(eid, Argument("Entity", putin))
        assert second == first + 1
        assert repo.argument(first) == (eid, Argument("Entity", kerry, first))
        assert repo.argument(999) is None
        repo.delete_argument(first)
        assert repo.argument(first) is None
        assert repo.event(eid).arguments == [Argument("Entity", putin, second)]
        with pytest.raises(ActionError, match=f"no argument with id {first}"):
            repo.delete_argument(first)
        assert repo.insert_argument(eid, Argument("Entity", kerry, first)) == first  # restored by id
        assert [a.id for a in repo.event(eid).arguments] == [first, second]  # argument order is id order
        with pytest.raises(self.integrity_errors):
            repo.insert_argument(eid, Argument("Entity", kerry, second))
        # Ids are SQLite rowids without AUTOINCREMENT: max(id) + 1, so deleting the newest
        # argument frees its id for the next one (arguments are the one table rows leave).
        repo.delete_argument(second)
        assert repo.insert_argument(eid, Argument("Entity", putin)) == second

    def test_events_handed_out_are_copies(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        kerry, trigger, putin, *_ = meet(repo, doc)
        given = Event(doc, "Contact.Meet", trigger, [Argument("Entity", kerry)], {"Tense": "Past"})
        eid = repo.insert_event(given)
        given.attributes["Tense"] = "Future"
        given.arguments.append(Argument("Entity", putin))
        got = repo.event(eid)
        got.attributes["Modality"] = "Other"
        got.arguments[0].span_id = putin
        got.arguments.clear()
        repo.events(doc)[0].type = "Conflict.Attack"
        repo.events_using_span(kerry)[0].attributes.clear()
        found = repo.argument(1)
        assert found is not None
        found[1].role = "Place"
        again = repo.event(eid)
        assert (again.type, again.attributes, again.roles()) == ("Contact.Meet", {"Tense": "Past"}, {"Entity": [kerry]})

    # -- transactions ---------------------------------------------------------------------
    def test_a_transaction_commits_its_writes(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        with repo.transaction():
            sid = add_span(repo, doc, 0, 5, "PERSON")
            repo.set_document_status(doc, DocStatus.DONE)
        assert repo.span(sid).label == "PERSON" and repo.document(doc).status == DocStatus.DONE

    def test_a_failed_transaction_leaves_no_trace_of_any_write(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        kerry, trigger, putin, moscow, _ = meet(repo, doc)
        eid = repo.insert_event(Event(doc, "Contact.Meet", trigger, [Argument("Entity", kerry)]))
        repo.add_pattern_file("p.jsonl", "old")
        before = state(repo)
        schema = builtin_schema("news-ace")
        schema.description = "changed"
        with pytest.raises(_Boom), repo.transaction():
            repo.add_documents([Document("New one.", content_hash="new")])
            add_span(repo, doc, 35, 43, "DATE")
            repo.update_span(Span(doc, 0, 9, "ORG", id=kerry))
            repo.set_span_deleted(putin, True)
            repo.insert_event(Event(doc, "Conflict.Attack", moscow, [Argument("Place", moscow)]))
            repo.update_event(Event(doc, "Conflict.Attack", trigger, [], {"Tense": "Past"}, id=eid))
            repo.delete_argument(repo.event(eid).arguments[0].id)  # type: ignore[arg-type]  # stored: has an id
            repo.insert_argument(eid, Argument("Entity", putin))
            repo.set_event_deleted(eid, True)
            repo.set_document_status(doc, DocStatus.DONE)
            repo.set_document_warnings(doc, 5)
            repo.mark_proposed(doc, "model:x@1")
            repo.set_setting("proposer.model", "en_core_web_sm")
            repo.add_pattern_file("p.jsonl", "new")
            repo.add_pattern_file("q.jsonl", "q")
            repo.log_action("x", "do", doc, None, None, None, payload={"v": 1})
            repo.set_schema(schema)
            raise _Boom
        assert state(repo) == before
        assert repo.undo_history(10) == []

    def test_a_failing_write_inside_a_transaction_undoes_the_earlier_ones(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        with pytest.raises(self.integrity_errors), repo.transaction():
            add_span(repo, doc, 0, 5, "PERSON")
            add_span(repo, doc, 5, 5, "PERSON")  # breaks a check
        assert repo.spans(doc, include_deleted=True) == []
        assert add_span(repo, doc, 0, 5, "PERSON") == 1  # the id the rolled-back row had

    def test_nested_transactions_are_savepoints(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        with repo.transaction():
            outer = add_span(repo, doc, 0, 5, "PERSON")
            with pytest.raises(_Boom), repo.transaction():
                add_span(repo, doc, 16, 21, "PERSON")
                repo.update_span(Span(doc, 0, 5, "ORG", id=outer))
                raise _Boom
            assert [(s.id, s.label) for s in repo.spans(doc)] == [(outer, "PERSON")]
            with repo.transaction():
                inner = add_span(repo, doc, 25, 31, "GPE")
        assert [s.id for s in repo.spans(doc)] == [outer, inner]
        with pytest.raises(_Boom), repo.transaction():
            add_span(repo, doc, 35, 43, "DATE")
            with repo.transaction():
                repo.set_span_deleted(outer, True)
            raise _Boom  # the outer one fails: the committed inner savepoint goes too
        assert [s.id for s in repo.spans(doc)] == [outer, inner]

    def test_a_schema_set_in_a_failed_transaction_is_forgotten(self, repo: ContractRepository) -> None:
        schema = builtin_schema("news-ace")
        schema.description = "changed"
        with pytest.raises(_Boom), repo.transaction():
            repo.set_schema(schema)
            assert repo.schema().description == "changed"  # e.g. an import's recheck reads it
            raise _Boom
        assert repo.schema().description == builtin_schema("news-ace").description

    # -- schema ---------------------------------------------------------------------------
    def test_schema_is_the_projects_own_copy(self, repo: ContractRepository) -> None:
        assert repo.schema().name == "news-ace"
        assert repo.schema().to_dict() == builtin_schema("news-ace").to_dict()
        schema = builtin_schema("acled")
        repo.set_schema(schema)
        schema.entity_labels.clear()
        assert repo.schema().name == "acled" and repo.schema().entity_labels
        bad = builtin_schema("news-ace")
        bad.entity_labels.append(dataclasses.replace(bad.entity_labels[0]))  # a duplicate label
        with pytest.raises(SchemaError):
            repo.set_schema(bad)
        assert repo.schema().name == "acled"

    # -- action log -----------------------------------------------------------------------
    def test_action_log_rows(self, repo: ContractRepository) -> None:
        a = repo.log_action("import", "do", None, None, None, {"documents": 2})
        b = repo.log_action("relabel_span", "do", 1, "span:3", {"label": "PERSON"}, ("ORG", 1), payload={"v": 1, "x": [1]})
        c = repo.log_action("relabel_span", "undo", 1, "span:3", None, None, payload={"v": 1}, replays=b)
        d = repo.log_action("set_document_status", "do", 2, "document:2", "new", {1: DocStatus.DONE})
        assert [a, b, c, d] == [1, 2, 3, 4]
        log = repo.action_log()
        assert [list(r) for r in log] == [["id", "time", "action", "kind", "document_id", "target", "before", "after", "payload", "replays"]] * 4
        assert {k: v for k, v in log[1].items() if k != "time"} == {
            "id": b, "action": "relabel_span", "kind": "do", "document_id": 1, "target": "span:3",
            "before": {"label": "PERSON"}, "after": ["ORG", 1], "payload": {"v": 1, "x": [1]}, "replays": None}
        assert log[2]["replays"] == b and log[2]["kind"] == "undo"
        assert log[3]["after"] == {"1": "done"}  # what JSON keeps
        assert log[0]["time"] <= log[3]["time"] and log[0]["time"].endswith("Z")
        assert [r["id"] for r in repo.action_log(1)] == [b, c]
        assert repo.action_log(99) == []
        with pytest.raises(self.integrity_errors):
            repo.log_action("x", "redo", None, None, None, None)
        assert len(repo.action_log()) == 4

    def test_action_log_values_are_copies(self, repo: ContractRepository) -> None:
        before = {"label": ["PERSON"]}
        repo.log_action("x", "do", None, None, before, None, payload={"v": [1]})
        before["label"].append("ORG")
        repo.action_log()[0]["before"]["label"].append("GPE")
        repo.undo_history(1)[0].payload["v"].append(2)
        assert repo.action_log()[0]["before"] == {"label": ["PERSON"]}
        assert repo.undo_history(1)[0].payload == {"v": [1]}

    def test_undo_history(self, repo: ContractRepository) -> None:
        repo.log_action("import", "do", None, None, None, {"documents": 1})  # no payload: not undoable
        ids = [repo.log_action(f"a{i}", "do", 1, None, None, None, payload={"n": i}) for i in range(4)]
        undo = repo.log_action("a3", "undo", 1, None, None, None, payload={"n": 3}, replays=ids[3])
        repo.log_action("propose", "do", None, None, None, {"spans": 3})
        assert repo.undo_history(100) == [LoggedStep(i, "do", None, {"n": n}) for n, i in enumerate(ids)] + [
            LoggedStep(undo, "undo", ids[3], {"n": 3})]
        assert [s.id for s in repo.undo_history(2)] == [ids[3], undo]  # the newest, oldest first
        assert repo.undo_history(0) == []

    # -- proposals, settings, pattern files -----------------------------------------------
    def test_proposal_runs(self, repo: ContractRepository) -> None:
        a, b = add_docs(repo, "A.", "B.")
        assert repo.documents_proposed_by("model:x@1") == set()
        repo.mark_proposed(a, "model:x@1")
        repo.mark_proposed(a, "model:x@1")  # again: no error, no change
        repo.mark_proposed(b, "pattern")
        assert repo.documents_proposed_by("model:x@1") == {a}
        assert repo.documents_proposed_by("pattern") == {b}
        with pytest.raises(self.integrity_errors):
            repo.mark_proposed(99, "pattern")

    def test_settings(self, repo: ContractRepository) -> None:
        assert repo.setting("proposer.model") is None
        repo.set_setting("proposer.model", "en_core_web_sm")
        repo.set_setting("proposer.model", "en_core_web_md")
        repo.set_setting("other", "")
        assert (repo.setting("proposer.model"), repo.setting("other")) == ("en_core_web_md", "")

    def test_pattern_files_keep_their_place_when_replaced(self, repo: ContractRepository) -> None:
        assert repo.pattern_files() == []
        repo.add_pattern_file("b.jsonl", "1")
        repo.add_pattern_file("a.jsonl", "2")
        repo.add_pattern_file("b.jsonl", "3")
        assert repo.pattern_files() == [("b.jsonl", "3"), ("a.jsonl", "2")]

    # -- reporting ------------------------------------------------------------------------
    def test_stats_shape_and_numbers(self, repo: ContractRepository) -> None:
        empty = repo.stats()
        assert empty == {
            "documents": {"total": 0, "new": 0, "in_progress": 0, "done": 0, "skipped": 0},
            "spans": {"total": 0, "proposed": 0, "accepted": 0, "rejected": 0, "by_label": {}},
            "events": {"total": 0, "by_type": {}},
        }
        a, b, _ = add_docs(repo, TEXT, "B.", "C.")
        repo.set_document_status(b, DocStatus.DONE)
        kerry, trigger, putin, moscow, thursday = meet(repo, a)
        repo.update_span(Span(a, 35, 43, "DATE", SpanStatus.REJECTED, id=thursday))
        add_span(repo, a, 16, 21, "ORG", SpanStatus.PROPOSED)
        repo.set_span_deleted(moscow, True)
        repo.insert_event(Event(a, "Contact.Meet", trigger))
        repo.insert_event(Event(a, "Conflict.Attack", kerry))
        gone = repo.insert_event(Event(a, "Conflict.Attack", putin))
        repo.set_event_deleted(gone, True)
        stats = repo.stats()
        assert stats == {
            "documents": {"total": 3, "new": 2, "in_progress": 0, "done": 1, "skipped": 0},
            "spans": {"total": 5, "proposed": 1, "accepted": 3, "rejected": 1,
                      "by_label": {"Contact.Meet": 1, "DATE": 1, "ORG": 1, "PERSON": 2}},
            "events": {"total": 2, "by_type": {"Conflict.Attack": 1, "Contact.Meet": 1}},
        }
        assert [list(stats), list(stats["documents"]), list(stats["spans"]), list(stats["spans"]["by_label"])] == [
            ["documents", "spans", "events"], ["total", "new", "in_progress", "done", "skipped"],
            ["total", "proposed", "accepted", "rejected", "by_label"], ["Contact.Meet", "DATE", "ORG", "PERSON"]]

    def test_change_stamp_moves_with_every_write_and_only_then(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        sid = add_span(repo, doc, 0, 5, "PERSON")
        eid = repo.insert_event(Event(doc, "Contact.Meet", sid))
        seen = [repo.change_stamp()]
        state(repo)
        repo.spans_by_id([sid])
        repo.events_using_spans([sid])
        assert repo.change_stamp() == seen[-1]  # reads change nothing
        writes = [
            lambda: repo.update_span(Span(doc, 0, 5, "ORG", id=sid)),
            lambda: repo.set_span_deleted(sid, True),
            lambda: add_span(repo, doc, 16, 21, "PERSON"),
            lambda: repo.insert_argument(eid, Argument("Entity", sid)),
            lambda: repo.delete_argument(1),
            lambda: repo.set_event_deleted(eid, True),
            lambda: repo.set_document_status(doc, DocStatus.DONE),
            lambda: repo.set_document_warnings(doc, 2),
            lambda: repo.mark_proposed(doc, "pattern"),
            lambda: repo.set_setting("k", "v"),
            lambda: repo.add_pattern_file("p", "c"),
            lambda: repo.log_action("x", "do", None, None, None, None),
            lambda: repo.set_schema(builtin_schema("acled")),
        ]
        for write in writes:
            write()
            assert repo.change_stamp() not in seen
            seen.append(repo.change_stamp())
        repo.set_document_warnings(doc, 2)  # unchanged: not a write
        assert repo.change_stamp() == seen[-1]

    # -- the domain through a Session -----------------------------------------------------
    def test_import_batch_stores_documents_spans_and_events(self, repo: ContractRepository) -> None:
        session = Session(repo)
        parsed = ParsedDocument(
            TEXT, "Kerry", "a.jsonl", {"id": "a"},
            [ParsedSpan(0, 5, "PERSON"), ParsedSpan(11, 15, "Contact.Meet"), ParsedSpan(16, 21, "PERSON", SpanStatus.PROPOSED, "n")],
            [ParsedEvent("Contact.Meet", 1, [("Entity", 0), ("Entity", 2)], {"Tense": "Future"})],
        )
        report = session.import_batch(ParsedBatch([parsed, ParsedDocument("Plain text.", "Plain", "b.txt")]))
        assert (report.documents, report.spans, report.events, report.duplicates) == (2, 3, 1, 0)
        again = session.import_batch(ParsedBatch([ParsedDocument(TEXT, "again", "c.txt")]))
        assert (again.documents, again.duplicates) == (0, 1)
        assert repo.document_ids() == [1, 2]
        assert repo.document(1).meta == {"id": "a"}
        assert span_rows(repo, 1) == [
            (1, 0, 5, "PERSON", "accepted", "import", None, None, True),
            (2, 11, 15, "Contact.Meet", "accepted", "import", None, None, True),
            (3, 16, 21, "PERSON", "proposed", "import", None, "n", True),
        ]
        assert event_rows(repo, 1) == [(1, "Contact.Meet", 2, [(1, "Entity", 1), (2, "Entity", 3)], {"Tense": "Future"}, "accepted", "import")]
        assert [(r["action"], r["after"]["documents"]) for r in repo.action_log()] == [("import", 2), ("import", 0)]
        assert repo.undo_history(10) == []

    def test_session_create_accept_reject_round_trip(self, repo: ContractRepository) -> None:
        session = Session(repo)
        (doc,) = add_docs(repo, TEXT)
        create = CreateSpan(doc, 16, 21, "PERSON", SpanStatus.PROPOSED, "test")
        changes = session.apply(create)
        assert create.span_id == 1 and changes.spans == {1} and changes.documents == {doc}
        for action in (AcceptSpan(1), RejectSpan(1)):
            before = doc_snapshot(session, doc)
            session.apply(action)
            after = doc_snapshot(session, doc)
            assert after != before
            session.revert(action)
            assert doc_snapshot(session, doc) == before
            session.apply(action)
            assert doc_snapshot(session, doc) == after
        assert repo.span(1).status == SpanStatus.REJECTED
        session.revert(create)
        assert span_rows(repo, doc) == [(1, 16, 21, "PERSON", "rejected", "test", None, None, False)]
        session.apply(create)  # redo: the same row
        assert [s.id for s in repo.spans(doc)] == [1]
        assert session.apply(AcceptSpan(1)).applied  # rejected -> accepted
        assert not session.apply(AcceptSpan(1)).applied  # accepting again changes nothing
        log = repo.action_log(doc)
        assert [(r["action"], r["kind"]) for r in log][:4] == [("create_span", "do"), ("accept_span", "do"), ("accept_span", "undo"), ("accept_span", "do")]
        assert all(r["payload"] is not None for r in log)

    def test_session_triggered_event_and_arguments(self, repo: ContractRepository) -> None:
        session = Session(repo)
        (doc,) = add_docs(repo, TEXT)
        kerry = add_span(repo, doc, 0, 5, "PERSON")
        putin = add_span(repo, doc, 16, 21, "PERSON")
        moscow = add_span(repo, doc, 25, 31, "GPE")
        thursday = add_span(repo, doc, 35, 43, "GPE")
        make = CreateTriggeredEvent(doc, "Contact.Meet", 11, 15)
        session.apply(make)
        eid, trigger = make.event_id, make.trigger_span_id
        assert eid == 1 and trigger == 5
        assert repo.span(trigger).label == "Contact.Meet"
        steps: list[Any] = [SetArgument(eid, "Entity", kerry), SetArgument(eid, "Entity", putin),
                            SetArgument(eid, "Place", moscow), SetArgument(eid, "Place", thursday)]
        for step in steps:
            session.apply(step)
        assert repo.event(eid).roles() == {"Entity": [kerry, putin], "Place": [thursday]}  # '?' replaced
        full = doc_snapshot(session, doc)
        for step in reversed(steps):
            session.revert(step)
        assert repo.event(eid).arguments == []
        for step in steps:
            session.apply(step)
        assert doc_snapshot(session, doc) == full  # the same argument ids again
        session.revert(make)
        assert repo.events(doc) == [] and repo.spans_at(doc, 11, 15) == []
        session.apply(make)
        assert doc_snapshot(session, doc) == full

    def test_session_delete_span_cascades_and_undo_restores_events_whole(self, repo: ContractRepository) -> None:
        session = Session(repo)
        (doc,) = add_docs(repo, TEXT)
        kerry, trigger, putin, moscow, _ = meet(repo, doc)
        e1 = session.apply(create := CreateEvent(doc, "Contact.Meet", trigger, [("Entity", kerry), ("Entity", putin), ("Place", moscow)]))
        assert e1.events == {1} and create.event_id == 1
        attack = add_span(repo, doc, 0, 5, "Conflict.Attack")
        e2 = CreateEvent(doc, "Conflict.Attack", attack, [("Target", putin)])
        session.apply(e2)
        before = doc_snapshot(session, doc)
        delete = DeleteSpan(putin)
        changes = session.apply(delete)
        assert changes.events >= {1, 2}
        assert repo.event(1).roles() == {"Entity": [kerry], "Place": [moscow]}
        assert repo.event(2).arguments == []
        session.revert(delete, replays=changes.log_id)
        assert doc_snapshot(session, doc) == before
        delete_trigger = DeleteSpan(trigger)
        changes = session.apply(delete_trigger)
        with pytest.raises(ActionError):
            repo.event(1)
        session.revert(delete_trigger, replays=changes.log_id)
        assert doc_snapshot(session, doc) == before
        stack, done = session.undo_history()  # the second delete replaced the first on the stack
        assert [(type(a).__name__, row) for a, row in stack] == [("CreateEvent", 1), ("CreateEvent", 2), ("DeleteSpan", 5)]
        assert done == 2

    def test_session_failed_steps_change_nothing(self, repo: ContractRepository) -> None:
        session = Session(repo)
        (doc,) = add_docs(repo, TEXT)
        a = add_span(repo, doc, 0, 5, "PERSON", SpanStatus.PROPOSED)
        before, logged = doc_snapshot(session, doc), len(repo.action_log())
        for bad in (Composite("bad", [RejectSpan(a), RejectSpan(999)], doc), CreateSpan(doc, 0, 99, "PERSON"),
                    CreateSpan(doc, 0, 5, "WEAPON"), CreateTriggeredEvent(doc, "Contact.Meet", 40, 99),
                    SetDocumentStatus(999, DocStatus.DONE)):
            with pytest.raises(ActionError):
                session.apply(bad)
        assert doc_snapshot(session, doc) == before
        assert len(repo.action_log()) == logged

    def test_a_scripted_session_leaves_exactly_this_project(self, repo: ContractRepository) -> None:
        # The same steps give the same rows, ids included, in every implementation.
        session = Session(repo)
        session.import_batch(ParsedBatch([ParsedDocument(TEXT, "Kerry", "a.txt", spans=[ParsedSpan(0, 5, "PERSON", SpanStatus.PROPOSED)]),
                                          ParsedDocument("Floods hit Beira.", "Beira", "b.txt")]))
        make = CreateTriggeredEvent(1, "Contact.Meet", 11, 15)
        session.apply(make)
        putin = CreateSpan(1, 16, 21, "PERSON", SpanStatus.PROPOSED)
        session.apply(putin)
        session.apply(SetArgument(1, "Entity", 1))
        session.apply(SetArgument(1, "Entity", putin.span_id))  # type: ignore[arg-type]  # applied: has an id
        session.apply(AcceptSpan(1))
        deleted = session.apply(delete := DeleteSpan(1))
        session.revert(delete, replays=deleted.log_id)
        session.apply(DeleteSpan(putin.span_id))  # type: ignore[arg-type]
        session.apply(SetDocumentStatus(1, DocStatus.DONE))
        with repo.transaction():
            repo.mark_proposed(2, "model:x@1")
        assert span_rows(repo, 1) == [
            (1, 0, 5, "PERSON", "accepted", "import", None, None, True),
            (2, 11, 15, "Contact.Meet", "accepted", "user", None, None, True),
            (3, 16, 21, "PERSON", "proposed", "user", None, None, False),
        ]
        assert event_rows(repo, 1) == [(1, "Contact.Meet", 2, [(1, "Entity", 1)], {}, "accepted", "user")]
        assert [(s.id, s.status, s.accepted, s.proposed) for s in repo.document_summaries()] == [
            (1, DocStatus.DONE, 2, 0), (2, DocStatus.NEW, 0, 0)]
        assert [(r["id"], r["action"], r["kind"], r["target"], r["replays"]) for r in repo.action_log()] == [
            (1, "import", "do", None, None),
            (2, "create_event", "do", "event:1", None),
            (3, "create_span", "do", "span:3", None),
            (4, "set_argument", "do", "event:1", None),
            (5, "set_argument", "do", "event:1", None),
            (6, "accept_span", "do", "span:1", None),
            (7, "delete_span", "do", "span:1", None),
            (8, "delete_span", "undo", "span:1", 7),
            (9, "delete_span", "do", "span:3", None),
            (10, "set_document_status", "do", "document:1", None),
        ]
        assert repo.stats()["spans"] == {"total": 2, "proposed": 0, "accepted": 2, "rejected": 0,
                                         "by_label": {"Contact.Meet": 1, "PERSON": 1}}
        assert repo.documents_proposed_by("model:x@1") == {2}
        stack, done = session.undo_history()
        assert [row for _, row in stack] == [2, 3, 4, 5, 6, 9, 10] and done == 7
