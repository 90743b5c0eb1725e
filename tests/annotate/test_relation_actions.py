"""Relation actions and the cascades into relations, equivalence sets and events named as
arguments: each applies, reverts and re-applies exactly on a real project file, and survives a
restart through the action log."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from annotate.actions import (
    AddRelation,
    ChangeRelationType,
    CreateSpan,
    DeleteEvent,
    DeleteRelation,
    DeleteSpan,
    SetRelationStatus,
)
from annotate.actions.codec import decode, encode
from annotate.errors import ActionError
from annotate.model import Argument, Equivalence, Event, Normalization, SpanStatus
from annotate.resources import builtin_schema
from annotate.schema import RelationType, Schema
from annotate.session import Session
from store import open_project
from tests.conftest import add_document

TEXT = "Kerry 🌊 met Putin in Moscow; the envoy hit the convoy near Goma."


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def relation_schema() -> Schema:
    """news-ace with two relation types and an equivalence type."""
    schema = builtin_schema("news-ace")
    schema.relation_types = [
        RelationType("Located_in", "#1f77b4", ("PERSON", "ORG", "FAC"), ("GPE", "LOC")),
        RelationType("Meets", "#ff7f0e", ("PERSON",), ("PERSON",), symmetric=True),
        RelationType("Coref", "#2ca02c", symmetric=True, transitive=True),
    ]
    return schema


@pytest.fixture
def doc(session) -> int:
    session.repo.set_schema(relation_schema())
    return add_document(session, TEXT)


def span(session, doc: int, word: str, label: str, status=SpanStatus.ACCEPTED) -> int:
    session.apply(made := CreateSpan(doc, *at(word), label, status, "test"))
    return made.span_id


def snapshot(session, doc: int) -> tuple:
    repo = session.repo
    return (
        [(s.id, s.label, s.status) for s in repo.spans(doc)],
        [(e.id, e.type, [(a.role, a.span_id, a.event_id) for a in e.arguments]) for e in repo.events(doc)],
        [(r.id, r.type, r.head_span_id, r.child_span_id, r.status) for r in repo.relations(doc)],
        [(q.id, q.type, tuple(q.span_ids)) for q in repo.equivalences(doc)],
    )


def round_trip(session, doc: int, action) -> tuple:
    """apply → revert → re-apply: after, before, after again; the Changes of each name the
    relations written."""
    before = snapshot(session, doc)
    changes = session.apply(action)
    after = snapshot(session, doc)
    assert after != before
    assert session.revert(action).relations == changes.relations
    assert snapshot(session, doc) == before
    session.apply(action)
    assert snapshot(session, doc) == after
    return changes


def test_relation_actions_round_trip(session, doc) -> None:
    kerry, moscow = span(session, doc, "Kerry", "PERSON"), span(session, doc, "Moscow", "GPE")
    add = AddRelation(doc, "Located_in", kerry, moscow, SpanStatus.PROPOSED, "model:x@1")
    changes = round_trip(session, doc, add)
    rid = add.relation_id
    assert changes.relations == {rid} and doc in changes.documents
    stored = session.repo.relation(rid)
    assert (stored.type, stored.head_span_id, stored.child_span_id, stored.status) == (
        "Located_in", kerry, moscow, SpanStatus.PROPOSED)
    round_trip(session, doc, SetRelationStatus(rid, SpanStatus.ACCEPTED))
    round_trip(session, doc, SetRelationStatus(rid, SpanStatus.REJECTED))
    assert session.repo.relation(rid).status == SpanStatus.REJECTED
    round_trip(session, doc, ChangeRelationType(rid, "Based_in"))
    assert session.repo.relation(rid).type == "Based_in"
    round_trip(session, doc, DeleteRelation(rid))
    with pytest.raises(ActionError):
        session.repo.relation(rid)


def test_invalid_relations_are_refused(session, doc) -> None:
    kerry = span(session, doc, "Kerry", "PERSON")
    other = add_document(session, "Another text about Kerry.")
    session.apply(made := CreateSpan(other, 0, 7, "ORG"))
    before = snapshot(session, doc)
    for bad in (AddRelation(doc, "Located_in", kerry, kerry), AddRelation(doc, "Located_in", kerry, made.span_id),
                AddRelation(doc, " ", kerry, made.span_id), AddRelation(doc, "Located_in", kerry, 9999)):
        with pytest.raises(ActionError):
            session.apply(bad)
    assert snapshot(session, doc) == before


def test_delete_span_takes_its_relations_and_equivalence_places_and_undo_restores_them(session, doc) -> None:
    kerry, putin = span(session, doc, "Kerry", "PERSON"), span(session, doc, "Putin", "PERSON")
    envoy, moscow = span(session, doc, "the envoy", "PERSON"), span(session, doc, "Moscow", "GPE")
    session.apply(AddRelation(doc, "Located_in", kerry, moscow))
    session.apply(keep := AddRelation(doc, "Located_in", putin, moscow))
    repo = session.repo
    three = repo.insert_equivalence(Equivalence(doc, "Coref", (kerry, envoy, putin)))
    two = repo.insert_equivalence(Equivalence(doc, "Coref", (kerry, envoy)))
    before = snapshot(session, doc)
    action = DeleteSpan(kerry)
    changes = session.apply(action)
    assert [r.id for r in repo.relations(doc)] == [keep.relation_id]
    assert [(q.id, tuple(q.span_ids)) for q in repo.equivalences(doc)] == [(three, (envoy, putin))]
    assert changes.equivalences == {three, two} and len(changes.relations) == 1
    session.revert(action)
    assert snapshot(session, doc) == before
    session.apply(action)
    assert [(q.id, tuple(q.span_ids)) for q in repo.equivalences(doc)] == [(three, (envoy, putin))]


def events_of_events(session, doc: int) -> tuple[int, int, int]:
    """An Attack on "hit" and a Meet whose Entity is that Attack (brat ``Entity:E2``)."""
    hit, kerry = span(session, doc, "hit", "Conflict.Attack"), span(session, doc, "Kerry", "PERSON")
    met = span(session, doc, "met", "Contact.Meet")
    repo = session.repo
    attack = repo.insert_event(Event(doc, "Conflict.Attack", hit))
    meet = repo.insert_event(Event(doc, "Contact.Meet", met, [Argument("Entity", kerry),
                                                              Argument("Entity", hit, event_id=attack)]))
    return attack, meet, hit


def test_deleting_an_event_removes_it_as_an_argument_and_undo_puts_it_back(session, doc) -> None:
    attack, meet, hit = events_of_events(session, doc)
    before = snapshot(session, doc)
    action = DeleteEvent(attack)
    changes = session.apply(action)
    assert [(a.role, a.event_id) for a in session.repo.event(meet).arguments] == [("Entity", None)]
    assert {attack, meet} <= changes.events
    session.revert(action)
    assert snapshot(session, doc) == before
    assert [a.event_id for a in session.repo.event(meet).arguments] == [None, attack]


def test_deleting_the_trigger_of_an_event_argument_cascades_once(session, doc) -> None:
    attack, meet, hit = events_of_events(session, doc)
    before = snapshot(session, doc)
    action = DeleteSpan(hit)
    session.apply(action)
    with pytest.raises(ActionError):
        session.repo.event(attack)
    assert [a.event_id for a in session.repo.event(meet).arguments] == [None]
    session.revert(action)
    assert snapshot(session, doc) == before


def test_relation_and_cascade_actions_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "p.annotary"
    with open_project(path, create=True, schema=relation_schema()) as store:
        session = Session(store)
        doc = add_document(session, TEXT)
        kerry, moscow = span(session, doc, "Kerry", "PERSON"), span(session, doc, "Moscow", "GPE")
        putin = span(session, doc, "Putin", "PERSON")
        # A span with a norm, an attribute and fragments: all of it goes into the log.
        store.update_span(replace(store.span(kerry), norms=[Normalization("Wikidata", "Q22316", "John Kerry")],
                                  attributes={"Role": "envoy"}, fragments=((0, 2), (3, 5))))
        session.apply(AddRelation(doc, "Located_in", kerry, moscow))
        session.apply(AddRelation(doc, "Meets", kerry, putin))
        store.insert_equivalence(Equivalence(doc, "Coref", (kerry, putin)))
        before = snapshot(session, doc)
        session.apply(DeleteSpan(kerry))
        after = snapshot(session, doc)
    with open_project(path) as store:
        session = Session(store)
        stack, done = session.undo_history()
        action, row = stack[done - 1]
        assert isinstance(action, DeleteSpan)
        session.revert(action, replays=row)
        assert snapshot(session, doc) == before
        restored = store.span(kerry)
        assert restored.norms == [Normalization("Wikidata", "Q22316", "John Kerry")]
        assert restored.fragments == ((0, 2), (3, 5))
        session.apply(action, replays=row)
        assert snapshot(session, doc) == after


def test_codec_keeps_tuples_and_norms(session, doc) -> None:
    kerry = span(session, doc, "Kerry", "PERSON")
    session.repo.update_span(replace(session.repo.span(kerry), fragments=((0, 2), (3, 5)),
                                     norms=[Normalization("Wikidata", "Q22316")]))
    session.apply(action := DeleteSpan(kerry))
    again = decode(encode(action))
    # Read back as written: tuples stay tuples (as lists they would encode as "list").
    assert encode(again) == encode(action)
    assert '"Q22316"' in str(encode(action)).replace("'", '"')
