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
from typing import Any

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
from annotate.model import Argument, Document, DocStatus, Event, Span, SpanStatus
from annotate.repository import LoggedStep
from annotate.resources import builtin_schema
from annotate.session import Session
from tests.contract_support import TEXT, ContractRepository, Boom, add_docs, add_span, meet, span_rows, event_rows, state, doc_snapshot
from tests.repository_contract_links import LinkContract
from tests.repository_contract_records import RecordContract


class RepositoryContract(RecordContract, LinkContract):
    """Tests every Repository must pass. Subclasses provide the ``repo`` fixture."""

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
        with pytest.raises(Boom), repo.transaction():
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
            raise Boom
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
            with pytest.raises(Boom), repo.transaction():
                add_span(repo, doc, 16, 21, "PERSON")
                repo.update_span(Span(doc, 0, 5, "ORG", id=outer))
                raise Boom
            assert [(s.id, s.label) for s in repo.spans(doc)] == [(outer, "PERSON")]
            with repo.transaction():
                inner = add_span(repo, doc, 25, 31, "GPE")
        assert [s.id for s in repo.spans(doc)] == [outer, inner]
        with pytest.raises(Boom), repo.transaction():
            add_span(repo, doc, 35, 43, "DATE")
            with repo.transaction():
                repo.set_span_deleted(outer, True)
            raise Boom  # the outer one fails: the committed inner savepoint goes too
        assert [s.id for s in repo.spans(doc)] == [outer, inner]

    def test_a_schema_set_in_a_failed_transaction_is_forgotten(self, repo: ContractRepository) -> None:
        schema = builtin_schema("news-ace")
        schema.description = "changed"
        with pytest.raises(Boom), repo.transaction():
            repo.set_schema(schema)
            assert repo.schema().description == "changed"  # e.g. an import's recheck reads it
            raise Boom
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
            "entities": {"total": 0, "proposed": 0, "accepted": 0, "rejected": 0, "by_label": {}},
            "mentions": {"label": "MENTION", "total": 0, "proposed": 0, "accepted": 0, "rejected": 0},
            "events": {"total": 0, "by_type": {}},
            "relations": {"total": 0, "by_type": {}},
            "equivalences": {"total": 0},
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
            "entities": {"total": 4, "proposed": 1, "accepted": 2, "rejected": 1,
                         "by_label": {"DATE": 1, "ORG": 1, "PERSON": 2}},
            "mentions": {"label": "MENTION", "total": 0, "proposed": 0, "accepted": 0, "rejected": 0},
            "events": {"total": 2, "by_type": {"Conflict.Attack": 1, "Contact.Meet": 1}},
            "relations": {"total": 0, "by_type": {}},
            "equivalences": {"total": 0},
        }
        assert [list(stats), list(stats["documents"]), list(stats["spans"]), list(stats["spans"]["by_label"])] == [
            ["documents", "spans", "entities", "mentions", "events", "relations", "equivalences"], ["total", "new", "in_progress", "done", "skipped"],
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
