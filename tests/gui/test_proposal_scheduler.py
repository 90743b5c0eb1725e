"""The proposal scheduler with a stand-in worker (no spaCy): what it asks for ahead of the
open article, results stored or dropped as stale, a failed store, and "propose for all" in
chunks with progress and Cancel, carried over a change of model. Then with the real worker and
pipeline: a run going on across a switch, and a replaced worker deleted."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal

from annotate.errors import StorageError
from annotate.proposals.types import DocumentProposals, ProposedSpan, TextInput
from annotate.session import Session
from gui import proposal_scheduler
from gui.proposal_scheduler import AHEAD, CHUNK, ProposalScheduler
from gui.proposal_worker import ProposalWorker
from store import open_project
from tests.gui.conftest import write_project

SRC = "model:fake@1"


class _Signals(QObject):
    ready = Signal(object, object)
    proposed = Signal(object, object)
    failed = Signal(str)
    progress = Signal(str)


class _Pool:
    def __init__(self) -> None:
        self.cleared = 0

    def clear(self) -> None:
        self.cleared += 1


class FakeWorker(QObject):
    """Records what it is asked; the test answers for it."""

    made: list[FakeWorker] = []

    def __init__(self, model, schema, pattern_files, events=True, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.signals = _Signals()
        self.ready, self.proposed, self.failed = self.signals.ready, self.signals.proposed, self.signals.failed
        self.pool = _Pool()
        self.model_name = model or "fake"
        self.no_events: str | None = None
        self.asked: list[tuple[object, list[int]]] = []
        self.retired = False
        FakeWorker.made.append(self)

    def load(self) -> None:
        self.signals.ready.emit([SRC], None)

    def retire(self) -> None:
        self.pool.clear()
        self.retired = True

    def propose(self, tag: object, documents: list[TextInput]) -> None:
        self.asked.append((tag, [d.document_id for d in documents]))

    def answer(self, index: int = -1) -> None:
        """Propose one span (the first word) for each document of request ``index``."""
        tag, ids = self.asked[index]
        self.signals.proposed.emit(tag, [DocumentProposals(i, (ProposedSpan(0, 3, "PERSON", SRC),)) for i in ids])


@pytest.fixture
def scheduler(tmp_path: Path, monkeypatch, qapp):
    FakeWorker.made.clear()
    monkeypatch.setattr(proposal_scheduler, "ProposalWorker", FakeWorker)
    path = write_project(tmp_path / "p.annotary", [{"text": f"Article number {i}."} for i in range(1, 21)])
    store = open_project(path)
    order = list(range(1, 21))
    made = ProposalScheduler(Session(store), lambda i: order[order.index(i) + 1] if i < 20 else None)
    made.lines: list[str] = []  # type: ignore[attr-defined]
    made.stored_ids: list[list[int]] = []  # type: ignore[attr-defined]
    made.message.connect(made.lines.append)  # type: ignore[attr-defined]
    made.stored.connect(lambda ids, _added: made.stored_ids.append(ids))  # type: ignore[attr-defined]
    yield made
    store.close()


def test_proposes_ahead_of_the_open_article_once_ready(scheduler: ProposalScheduler) -> None:
    scheduler.request_ahead(1)  # before the pipeline is ready: remembered
    scheduler.start()
    scheduler.load()
    worker = FakeWorker.made[-1]
    assert scheduler.is_ready() and scheduler.sources == [SRC]
    assert worker.asked == [(worker.asked[0][0], [1, 2, 3, 4])]  # the open one and AHEAD after it
    assert AHEAD == 3
    worker.answer()
    assert scheduler.proposed == {1, 2, 3, 4} and scheduler.stored_ids == [[1, 2, 3, 4]]  # type: ignore[attr-defined]
    scheduler.request_ahead(2)  # 2, 3, 4 are done: only 5 is new
    assert worker.asked[-1][1] == [5]
    scheduler.request_ahead(2)  # asked already: nothing again
    assert len(worker.asked) == 2


def test_a_result_from_a_replaced_pipeline_is_dropped(scheduler: ProposalScheduler) -> None:
    scheduler.start()
    scheduler.load()
    scheduler.request_ahead(1)
    old = FakeWorker.made[-1]
    scheduler.start("other")  # Train > Use for proposals
    assert old.pool.cleared == 1 and not scheduler.is_ready()
    old.answer()  # arrives late
    assert scheduler.stored_ids == [] and scheduler.proposed == frozenset()  # type: ignore[attr-defined]
    old.signals.ready.emit(["model:old@1"], None)
    assert scheduler.sources == []  # the old worker's ready is ignored too
    with open_project(scheduler.session.repo.path, readonly=True) as store:
        assert store.spans(1) == []


def test_a_store_that_fails_is_one_line_and_asked_again(scheduler: ProposalScheduler, monkeypatch) -> None:
    scheduler.start()
    scheduler.load()
    scheduler.request_ahead(1)
    worker = FakeWorker.made[-1]

    def full_disk(*_args: object) -> None:
        raise StorageError("the disk is full")

    monkeypatch.setattr(scheduler.session, "store_proposals", full_disk)
    worker.answer()
    assert len(scheduler.lines) == 1 and scheduler.lines[0].startswith("Proposals not saved:")  # type: ignore[attr-defined]
    assert "\n" not in scheduler.lines[0]  # type: ignore[attr-defined]
    monkeypatch.undo()
    scheduler.request_ahead(1)
    assert worker.asked[-1][1] == [1, 2, 3, 4]  # asked for again


def test_propose_for_all_in_chunks_with_progress_and_cancel(scheduler: ProposalScheduler) -> None:
    scheduler.start()
    scheduler.load()
    worker = FakeWorker.made[-1]
    todo = scheduler.pending()
    assert todo == list(range(1, 21))
    progress: list[int] = []
    ended: list[tuple[int, int, str | None]] = []
    cancel = {"now": False}
    assert scheduler.propose_all(todo, progress.append, lambda *a: ended.append(a), lambda: cancel["now"])
    assert not scheduler.propose_all(todo, progress.append, lambda *a: None, lambda: False)  # one at a time
    assert worker.asked[-1][1] == list(range(1, CHUNK + 1))
    worker.answer()
    assert progress == [CHUNK] and worker.asked[-1][1] == list(range(CHUNK + 1, 2 * CHUNK + 1))
    cancel["now"] = True
    worker.answer()
    assert ended == [(2 * CHUNK, 20 - 2 * CHUNK, None)]  # cancelled: the finished chunks are kept
    assert scheduler.proposed == set(range(1, 2 * CHUNK + 1))
    assert scheduler.pending() == list(range(2 * CHUNK + 1, 21))


def test_propose_for_all_stops_at_a_failed_store(scheduler: ProposalScheduler, monkeypatch) -> None:
    scheduler.start()
    scheduler.load()
    worker = FakeWorker.made[-1]
    ended: list[tuple[int, int, str | None]] = []
    scheduler.propose_all(scheduler.pending(), lambda _d: None, lambda *a: ended.append(a), lambda: False)
    monkeypatch.setattr(scheduler.session, "store_proposals", lambda *_a: (_ for _ in ()).throw(StorageError("locked")))
    worker.answer()
    (done, left, error), = ended
    assert done == 0 and left == 20 - CHUNK and error and "\n" not in error


def test_results_after_close_are_dropped(scheduler: ProposalScheduler) -> None:
    scheduler.start()
    scheduler.load()
    scheduler.request_ahead(1)
    scheduler.close()
    FakeWorker.made[-1].answer()
    assert scheduler.stored_ids == [] and not scheduler.is_ready()  # type: ignore[attr-defined]


def _run_all(scheduler: ProposalScheduler, cancel: dict[str, bool] | None = None):
    """Start "propose for all" on every pending document; what it reports is recorded."""
    progress: list[int] = []
    ended: list[tuple[int, int, str | None]] = []
    flags = cancel if cancel is not None else {"now": False}
    assert scheduler.propose_all(scheduler.pending(), progress.append, lambda *a: ended.append(a), lambda: flags["now"])
    return progress, ended


def test_propose_for_all_goes_on_with_the_new_model_after_a_switch(scheduler: ProposalScheduler) -> None:
    scheduler.start()
    scheduler.load()
    old = FakeWorker.made[-1]
    progress, ended = _run_all(scheduler)
    old.answer()  # chunk 1 stored; chunk 2 asked
    scheduler.start("other")  # training in the loop switches the model
    assert old.retired and scheduler.lines[-1].startswith("Model changed:")  # type: ignore[attr-defined]
    assert f"{CHUNK} of 20 documents done" in scheduler.lines[-1]  # type: ignore[attr-defined]
    old.answer()  # chunk 2 from the old pipeline, late: dropped
    assert progress == [CHUNK] and ended == []
    assert not scheduler.propose_all([1], lambda _d: None, lambda *a: None, lambda: False)  # still running
    scheduler.load()
    new = FakeWorker.made[-1]
    assert new.asked[-1][1] == list(range(CHUNK + 1, 2 * CHUNK + 1))  # chunk 2 asked again
    new.answer()
    assert new.asked[-1][1] == list(range(2 * CHUNK + 1, 21))
    new.answer()
    assert progress == [CHUNK, 2 * CHUNK, 20] and ended == [(20, 0, None)]
    assert scheduler.propose_all([1], lambda _d: None, lambda *a: None, lambda: False)  # not stuck


def test_cancel_while_the_new_model_loads_ends_the_run(scheduler: ProposalScheduler) -> None:
    scheduler.start()
    scheduler.load()
    cancel = {"now": False}
    _progress, ended = _run_all(scheduler, cancel)
    scheduler.start("other")
    cancel["now"] = True  # the progress dialog's Cancel, while the new pipeline loads
    scheduler.load()
    assert ended == [(0, 20, None)] and FakeWorker.made[-1].asked == []


def test_a_new_model_that_fails_to_load_ends_the_run_with_one_line(scheduler: ProposalScheduler) -> None:
    scheduler.start()
    scheduler.load()
    _progress, ended = _run_all(scheduler)
    scheduler.start("/no/such/model")
    FakeWorker.made[-1].signals.failed.emit("cannot load the spaCy pipeline: no model at /no/such/model")
    (done, left, error), = ended
    assert (done, left) == (0, 20) and error == "cannot load the spaCy pipeline: no model at /no/such/model"
    scheduler.start()
    scheduler.load()
    assert scheduler.propose_all([1], lambda _d: None, lambda *a: None, lambda: False)  # not stuck


# -- the real worker and pipeline -------------------------------------------------------------
@pytest.fixture
def real(tmp_path: Path, qapp):
    texts = [f"Kerry met Putin in Moscow on day {i} 🙂, said الجزيرة." for i in range(1, 2 * CHUNK + 5)]
    path = write_project(tmp_path / "p.annotary", [{"text": t} for t in texts])
    store = open_project(path)
    made = ProposalScheduler(Session(store), lambda _i: None)
    yield made
    made.close()
    if made.worker is not None:
        made.worker.wait(60000)
    store.close()


def _workers(scheduler: ProposalScheduler) -> list[ProposalWorker]:
    return scheduler.findChildren(ProposalWorker)


@pytest.mark.slow
def test_a_real_run_goes_on_across_a_switch(real: ProposalScheduler, qtbot) -> None:
    real.start()
    real.load()
    qtbot.waitUntil(real.is_ready, timeout=120000)
    total = len(real.pending())
    progress, ended = _run_all(real)
    real.start()  # switched while the first chunk is being proposed
    real.load()
    qtbot.waitUntil(lambda: bool(ended), timeout=120000)
    assert ended == [(total, 0, None)] and progress[-1] == total
    (source,) = real.sources
    assert real.session.repo.documents_proposed_by(source) == set(range(1, total + 1))
    assert real.pending() == []
    qtbot.waitUntil(lambda: _workers(real) == [real.worker], timeout=60000)


@pytest.mark.slow
def test_a_replaced_real_worker_is_deleted_and_its_results_ignored(real: ProposalScheduler, qtbot) -> None:
    real.start()
    real.load()
    qtbot.waitUntil(real.is_ready, timeout=120000)
    first = real.worker
    assert first is not None
    first_signals, pipeline = first.signals, weakref.ref(first._spacy)
    tag = real._ask("ahead", [1])  # asked of the first pipeline, answered after the switches
    gone = weakref.ref(first)
    del first
    real.start()
    second = weakref.ref(real.worker)
    real.start()  # the second is replaced before it loaded anything
    real.load()
    qtbot.waitUntil(real.is_ready, timeout=120000)
    qtbot.waitUntil(lambda: len(_workers(real)) == 1, timeout=60000)
    assert _workers(real) == [real.worker]
    gc.collect()
    assert gone() is None and second() is None and pipeline() is None  # the old pipeline is freed
    stored: list[object] = []
    real.stored.connect(lambda ids, _added: stored.append(ids))
    first_signals.proposed.emit(tag, [DocumentProposals(1, (ProposedSpan(0, 5, "PERSON", "model:old@1"),))])
    qtbot.wait(50)
    assert stored == [] and real.session.repo.spans(1) == []
