"""Two sessions on one project file (two windows, or a window and a command): one never undoes,
overwrites or forgets what the other did."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotate import operations
from annotate.actions import CreateEvent, CreateSpan, SetEventStatus
from annotate.actions.codec import decode
from annotate.errors import ActionError
from annotate.formats.parsed import ParsedBatch, ParsedDocument, ParsedSpan
from annotate.model import SpanStatus
from annotate.resources import builtin_schema
from annotate.session import Session
from store import open_project
from tests.conftest import add_document

TEXT = "Kerry will meet Putin in Moscow on Thursday."


@pytest.fixture
def two(tmp_path: Path):
    path = tmp_path / "p.annotary"
    first = open_project(path, create=True, schema=builtin_schema("news-ace"))
    a = Session(first)
    doc = add_document(a, TEXT)
    a.apply(made := CreateSpan(doc, 0, 5, "PERSON", SpanStatus.PROPOSED, "model:x@1"))
    b = Session(open_project(path))
    yield a, b, doc, made.span_id
    a.repo.close()
    b.repo.close()


def test_an_undo_another_window_already_made_is_refused(two) -> None:
    a, b, doc, kerry = two
    accept = operations.accept(a.repo, kerry)
    row = a.apply(accept).log_id
    stack, done = b.undo_history()  # B opens after A's accept, and undoes it
    action, b_row = stack[done - 1]
    assert b_row == row
    b.revert(action, replays=row)
    with pytest.raises(ActionError, match="undone in another window"):
        a.revert(accept, replays=row)
    assert a.repo.span(kerry).status == SpanStatus.PROPOSED
    b.apply(action, replays=row)  # B redoes it; A's redo is then refused too
    with pytest.raises(ActionError, match="redone in another window"):
        a.apply(accept, replays=row)


def test_an_undo_does_not_write_over_an_edit_made_elsewhere(two) -> None:
    a, b, doc, kerry = two
    accept = operations.accept(a.repo, kerry)
    row = a.apply(accept).log_id
    b.apply(operations.relabel(b.repo, kerry, "ORG"))  # B edits the same span
    with pytest.raises(ActionError, match="changed elsewhere"):
        a.revert(accept, replays=row)
    span = a.repo.span(kerry)
    assert (span.label, span.status) == ("ORG", SpanStatus.ACCEPTED)  # B's edit stands


def test_schema_additions_of_two_imports_are_both_kept(two) -> None:
    a, b, doc, _ = two
    a.repo.schema()  # A has read (and cached) the schema
    b.import_batch(ParsedBatch(documents=[ParsedDocument("Alpha Beta text.", "b", "b", spans=[ParsedSpan(0, 5, "XLABEL")])]))
    a.import_batch(ParsedBatch(documents=[ParsedDocument("Gamma Delta text.", "a", "a", spans=[ParsedSpan(0, 5, "YLABEL")])]))
    with open_project(a.repo.path, readonly=True) as store:
        labels = {lb.name for lb in store.schema().entity_labels}
    assert {"XLABEL", "YLABEL"} <= labels


def test_an_event_can_be_made_where_a_rejected_one_was(two) -> None:
    a, _, doc, _ = two
    start = TEXT.index("meet")
    a.apply(trigger := CreateSpan(doc, start, start + 4, "Contact.Meet"))
    a.apply(old := CreateEvent(doc, "Contact.Meet", trigger.span_id, status=SpanStatus.PROPOSED, source="model:x@1"))
    a.apply(SetEventStatus(old.event_id, SpanStatus.REJECTED))
    made = operations.create_event(a.repo, doc, "Contact.Meet", start, start + 4)
    assert a.apply(made).applied
    assert made.event_id != old.event_id
    statuses = sorted(str(e.status) for e in a.repo.events(doc))
    assert statuses == ["accepted", "rejected"]  # the rejected one stays, as negative evidence


def test_an_unreadable_payload_is_an_action_error_not_a_crash() -> None:
    for payload in ({"v": 1, "action": {"class": "AcceptSpan"}},
                    {"v": 1, "action": {"record": "Span", "fields": {"nope": 1}}},
                    {"v": 1, "action": {"enum": "Colour", "value": "red"}}):
        with pytest.raises(ActionError, match="unreadable"):
            decode(payload)


def test_warning_counts_stay_true_when_two_sessions_edit_events(two) -> None:
    a, b, doc, _ = two
    meet, attack = TEXT.index("meet"), TEXT.index("Moscow")
    a.apply(operations.create_event(a.repo, doc, "Contact.Meet", meet, meet + 4))  # A's ledger knows doc
    b.apply(operations.create_event(b.repo, doc, "Contact.Meet", attack, attack + 6))  # B adds one
    a.apply(operations.create_event(a.repo, doc, "Contact.Meet", TEXT.index("Thursday"), TEXT.index("Thursday") + 8))
    stored = a.repo.document_warnings(doc)
    with open_project(a.repo.path) as fresh:
        truth = Session(fresh).recheck(doc)  # every event checked again (and stored)
    assert stored == truth == 3
