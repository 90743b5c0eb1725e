"""The Repository contract's tests of records: documents, spans and events (the rest is in
tests/repository_contract.py, which combines both)."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import pytest

from annotate.errors import ActionError
from annotate.model import Argument, Document, DocStatus, DocumentSummary, Event, Span, SpanStatus
from annotate.text import content_hash
from tests.contract_support import TEXT, ContractRepository, add_docs, add_span, meet


class RecordContract:
    """Documents, spans, events: ids, preset ids, soft deletes, ordering, copies."""

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
