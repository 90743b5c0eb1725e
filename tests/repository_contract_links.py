"""The Repository contract's tests of what links and decorates spans: relations, equivalence
sets, events as arguments, fragments, attributes and normalisations (docs/adr/0009)."""

from __future__ import annotations

from typing import ClassVar

import pytest

from annotate.errors import ActionError
from annotate.model import Argument, Equivalence, Event, Normalization, Relation, Span, SpanStatus
from tests.contract_support import TEXT, ContractRepository, add_docs, add_span, meet


class LinkContract:
    """Relations, equivalences and the richer span and event fields, stored and read back."""

    integrity_errors: ClassVar[tuple[type[Exception], ...]] = ()

    def test_span_fragments_attributes_and_norms_round_trip(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        norms = [Normalization("Wikidata", "Q22686", "Putin", "Reference"), Normalization("GeoNames", "524901")]
        sid = repo.insert_span(Span(doc, 0, 21, "PERSON", fragments=((0, 5), (16, 21)),
                                    attributes={"Negated": "true", "Speculation": "Low"}, norms=norms))
        got = repo.span(sid)
        assert got.fragments == ((0, 5), (16, 21)) and got.text_in(TEXT) == "Kerry Putin"
        assert got.attributes == {"Negated": "true", "Speculation": "Low"} and got.norms == norms
        got.fragments, got.attributes, got.norms = (), {}, []
        repo.update_span(got)
        again = repo.span(sid)
        assert (again.fragments, again.attributes, again.norms) == ((), {}, [])
        assert again.pieces() == ((0, 21),)

    def test_an_event_may_be_an_argument_of_an_event(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        kerry, trigger, putin, _, _ = meet(repo, doc)
        inner = repo.insert_event(Event(doc, "Contact.Meet", trigger, [Argument("Entity", kerry)],
                                        norms=[Normalization("ACE", "meet-1")]))
        outer_trigger = add_span(repo, doc, 6, 10, "Modality")
        outer = repo.insert_event(Event(doc, "Modality", outer_trigger,
                                        [Argument("Theme", trigger, event_id=inner), Argument("Agent", putin)]))
        got = repo.event(outer)
        assert [(a.role, a.span_id, a.event_id) for a in got.arguments] == [
            ("Theme", trigger, inner), ("Agent", putin, None)]
        assert repo.event(inner).norms == [Normalization("ACE", "meet-1")]
        assert [e.id for e in repo.events_using_event(inner)] == [outer]
        extra = repo.insert_argument(outer, Argument("Theme2", trigger, event_id=inner))
        found = repo.argument(extra)
        assert found is not None and found[1].event_id == inner
        repo.set_event_deleted(outer, True)
        assert repo.events_using_event(inner) == []

    def test_relations_round_trip_and_are_found_by_either_end(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        kerry, _, putin, moscow, _ = meet(repo, doc)
        first = repo.insert_relation(Relation(doc, "Located", kerry, moscow, note="a note",
                                              attributes={"Confidence": "High"}))
        second = repo.insert_relation(Relation(doc, "Meets", putin, kerry, SpanStatus.PROPOSED, "model:x@1", 0.5))
        got = repo.relation(first)
        assert (got.type, got.head_span_id, got.child_span_id, got.note, got.attributes, got.status) == (
            "Located", kerry, moscow, "a note", {"Confidence": "High"}, SpanStatus.ACCEPTED)
        assert [r.id for r in repo.relations(doc)] == [first, second]
        assert [r.id for r in repo.relations_using_spans([kerry])] == [first, second]
        assert [r.id for r in repo.relations_using_spans([moscow])] == [first]
        got.status, got.type = SpanStatus.REJECTED, "Based"
        repo.update_relation(got)
        assert repo.relation(first).status == SpanStatus.REJECTED and repo.relation(first).type == "Based"
        repo.set_relation_deleted(first, True)
        assert [r.id for r in repo.relations(doc)] == [second]
        with pytest.raises(ActionError):
            repo.relation(first)
        repo.set_relation_deleted(first, False)
        assert repo.relation(first).type == "Based"
        assert repo.stats()["relations"] == {"total": 2, "by_type": {"Based": 1, "Meets": 1}}

    def test_a_relation_needs_its_spans(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        kerry = add_span(repo, doc, 0, 5, "PERSON")
        with pytest.raises(self.integrity_errors):
            with repo.transaction():
                repo.insert_relation(Relation(doc, "Located", kerry, 999))
        assert repo.relations(doc) == []
        with pytest.raises(ActionError):
            repo.update_relation(Relation(doc, "Located", kerry, kerry, id=77))

    def test_equivalences_round_trip(self, repo: ContractRepository) -> None:
        (doc,) = add_docs(repo, TEXT)
        kerry, _, putin, moscow, _ = meet(repo, doc)
        qid = repo.insert_equivalence(Equivalence(doc, "Equiv", (kerry, putin, moscow)))
        (got,) = repo.equivalences(doc)
        assert (got.id, got.type, got.span_ids) == (qid, "Equiv", (kerry, putin, moscow))
        got.span_ids = (kerry, putin)
        repo.update_equivalence(got)
        assert repo.equivalences(doc)[0].span_ids == (kerry, putin)
        repo.set_equivalence_deleted(qid, True)
        assert repo.equivalences(doc) == []
        assert repo.stats()["equivalences"] == {"total": 0}
        repo.set_equivalence_deleted(qid, False)
        assert repo.stats()["equivalences"] == {"total": 1}
