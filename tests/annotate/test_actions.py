"""Every domain action applies, reverts and re-applies exactly, each one a logged transaction."""

from __future__ import annotations

import pytest

from annotate.actions import (
    AcceptSpan,
    ChangeEventType,
    Composite,
    CreateEvent,
    CreateSpan,
    DeleteEvent,
    DeleteSpan,
    RejectSpan,
    RelabelSpan,
    RemoveArgument,
    ResizeSpan,
    SetArgument,
    SetAttribute,
    SetDocumentStatus,
    SetEventStatus,
)
from annotate.errors import ActionError
from annotate.model import DocStatus, SpanStatus
from tests.conftest import add_document

TEXT = "Kerry will meet Putin in Moscow on Thursday."


@pytest.fixture
def doc(session) -> int:
    return add_document(session, TEXT)


def snapshot(session, doc: int) -> tuple:
    repo = session.repo
    spans = [(s.id, s.start, s.end, s.label, s.status) for s in repo.spans(doc)]
    events = [
        (e.id, e.type, e.trigger_span_id, [(a.role, a.span_id) for a in e.arguments], e.attributes, e.status)
        for e in repo.events(doc)
    ]
    return spans, events, repo.document(doc).status


def check_round_trip(session, doc: int, action) -> None:
    """apply → revert → re-apply gives after, before, after again."""
    before = snapshot(session, doc)
    session.apply(action)
    after = snapshot(session, doc)
    assert after != before
    session.revert(action)
    assert snapshot(session, doc) == before
    session.apply(action)
    assert snapshot(session, doc) == after


def span(session, doc: int, start: int, end: int, label: str, status=SpanStatus.ACCEPTED) -> int:
    session.apply(made := CreateSpan(doc, start, end, label, status, "test"))
    return made.span_id


def test_create_span(session, doc) -> None:
    action = CreateSpan(doc, 0, 5, "PERSON")
    check_round_trip(session, doc, action)
    created = session.repo.span(action.span_id)
    assert (created.start, created.end, created.label, created.source) == (0, 5, "PERSON", "user")


def test_accept_reject_relabel_resize(session, doc) -> None:
    sid = span(session, doc, 16, 21, "ORG", SpanStatus.PROPOSED)
    check_round_trip(session, doc, AcceptSpan(sid))
    check_round_trip(session, doc, RejectSpan(sid))
    assert session.repo.span(sid).status == SpanStatus.REJECTED
    check_round_trip(session, doc, RelabelSpan(sid, "PERSON"))
    check_round_trip(session, doc, ResizeSpan(sid, 16, 31))
    assert session.repo.span(sid).text_in(TEXT) == "Putin in Moscow"


def test_document_status(session, doc) -> None:
    check_round_trip(session, doc, SetDocumentStatus(doc, DocStatus.DONE))
    assert session.repo.document(doc).status == DocStatus.DONE


def test_invalid_actions_change_nothing(session, doc) -> None:
    before = snapshot(session, doc)
    for bad in (
        CreateSpan(doc, 5, 5, "PERSON"),
        CreateSpan(doc, 0, len(TEXT) + 1, "PERSON"),
        CreateSpan(doc, 0, 5, "WEAPON"),
        AcceptSpan(12345),
        RelabelSpan(12345, "GPE"),
    ):
        with pytest.raises(ActionError):
            session.apply(bad)
    assert snapshot(session, doc) == before
    assert [a["action"] for a in session.repo.action_log()] == ["import"]


@pytest.fixture
def meet(session, doc):
    kerry = span(session, doc, 0, 5, "PERSON")
    trigger = span(session, doc, 11, 15, "Contact.Meet")
    putin = span(session, doc, 16, 21, "PERSON")
    moscow = span(session, doc, 25, 31, "GPE")
    thursday = span(session, doc, 35, 43, "DATE")
    return kerry, trigger, putin, moscow, thursday


def test_create_event_with_repeated_role(session, doc, meet) -> None:
    kerry, trigger, putin, moscow, thursday = meet
    action = CreateEvent(
        doc, "Contact.Meet", trigger,
        [("Entity", kerry), ("Entity", putin), ("Place", moscow), ("Time", thursday)],
        {"Tense": "Future"},
    )
    check_round_trip(session, doc, action)
    event = session.repo.event(action.event_id)
    assert event.roles() == {"Entity": [kerry, putin], "Place": [moscow], "Time": [thursday]}
    assert event.attributes == {"Tense": "Future"}


def test_event_edits(session, doc, meet) -> None:
    kerry, trigger, putin, moscow, thursday = meet
    session.apply(made := CreateEvent(doc, "Contact.Meet", trigger, [("Entity", kerry)]))
    eid = made.event_id
    check_round_trip(session, doc, SetArgument(eid, "Entity", putin))   # repeatable: added
    check_round_trip(session, doc, SetArgument(eid, "Place", moscow))
    other = span(session, doc, 35, 43, "GPE")
    check_round_trip(session, doc, SetArgument(eid, "Place", other))    # '?': replaced
    assert session.repo.event(eid).roles()["Place"] == [other]
    arg = next(a.id for a in session.repo.event(eid).arguments if a.span_id == putin)
    check_round_trip(session, doc, RemoveArgument(arg))
    check_round_trip(session, doc, SetAttribute(eid, "Modality", "Other"))
    check_round_trip(session, doc, SetAttribute(eid, "Modality", None))
    check_round_trip(session, doc, ChangeEventType(eid, "Conflict.Attack"))
    # Arguments whose role the new type lacks are kept, not dropped.
    assert session.repo.event(eid).roles()["Entity"] == [kerry]
    check_round_trip(session, doc, SetEventStatus(eid, SpanStatus.REJECTED))
    check_round_trip(session, doc, DeleteEvent(eid))
    with pytest.raises(ActionError, match="no role"):
        session.apply(CreateEvent(doc, "Contact.Meet", trigger, [("Weapon", kerry)]))
    with pytest.raises(ActionError, match="cannot be"):
        session.apply(CreateEvent(doc, "Contact.Meet", trigger, [], {"Modality": "Maybe"}))


def test_delete_span_cascades_and_undo_restores_events_whole(session, doc, meet) -> None:
    kerry, trigger, putin, moscow, thursday = meet
    session.apply(made := CreateEvent(doc, "Contact.Meet", trigger, [("Entity", kerry), ("Entity", putin)]))
    e1 = made.event_id
    attack_trigger = span(session, doc, 0, 5, "Conflict.Attack")
    session.apply(made := CreateEvent(doc, "Conflict.Attack", attack_trigger, [("Target", putin)]))
    e2 = made.event_id
    before = snapshot(session, doc)
    action = DeleteSpan(putin)
    session.apply(action)
    assert session.repo.event(e1).roles() == {"Entity": [kerry]}
    assert session.repo.event(e2).arguments == []
    session.revert(action)
    assert snapshot(session, doc) == before
    delete_trigger = DeleteSpan(trigger)
    check_round_trip(session, doc, delete_trigger)
    with pytest.raises(ActionError):
        session.repo.event(e1)


def test_composite_is_one_step_and_all_or_nothing(session, doc) -> None:
    a = span(session, doc, 0, 5, "PERSON", SpanStatus.PROPOSED)
    b = span(session, doc, 16, 21, "PERSON", SpanStatus.PROPOSED)
    check_round_trip(session, doc, Composite("accept_all", [AcceptSpan(a), AcceptSpan(b)], doc))
    before = snapshot(session, doc)
    with pytest.raises(ActionError):
        session.apply(Composite("bad", [RejectSpan(a), RejectSpan(9999)], doc))
    assert snapshot(session, doc) == before


def test_every_action_is_logged_with_before_and_after(session, doc) -> None:
    sid = span(session, doc, 0, 5, "PERSON", SpanStatus.PROPOSED)
    session.apply(action := RelabelSpan(sid, "ORG"))
    session.revert(action)
    log = session.repo.action_log(doc)
    assert [(r["action"], r["kind"]) for r in log] == [("create_span", "do"), ("relabel_span", "do"), ("relabel_span", "undo")]
    assert log[1]["target"] == f"span:{sid}"
    assert log[1]["before"]["label"] == "PERSON" and log[1]["after"]["label"] == "ORG"


def test_resizing_a_discontinuous_span_moves_its_outer_pieces(session, doc) -> None:
    from annotate.model import Span

    # "Kerry … Putin" as one span in two pieces (0-5, 16-21).
    span_id = session.repo.insert_span(Span(doc, 0, 21, "PERSON", fragments=((0, 5), (16, 21))))
    longer = ResizeSpan(span_id, 0, 31)  # the end moves on into "… in Moscow"
    session.apply(longer)
    assert session.repo.span(span_id).fragments == ((0, 5), (16, 31))
    past = ResizeSpan(span_id, 11, 31)  # the start passes the first piece: it goes
    session.apply(past)
    resized = session.repo.span(span_id)
    assert (resized.start, resized.end, resized.fragments) == (11, 31, ())
    session.revert(past)
    session.revert(longer)
    back = session.repo.span(span_id)
    assert (back.start, back.end, back.fragments) == (0, 21, ((0, 5), (16, 21)))
    assert back.text_in(TEXT) == "Kerry Putin"
