"""What the worker proposes, and when: the open article and the few after it as the annotator
reads, and every pending document when asked ("propose for all"). Results come back tagged
and are stored here; a result nobody is waiting for any more (an old pipeline's, a closed
window's) is dropped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count

from PySide6.QtCore import QObject, Signal

from annotate.errors import AnnotaryError
from annotate.fault_log import report_line
from annotate.proposals.types import DocumentProposals, TextInput
from annotate.session import Session
from gui.proposal_worker import ProposalWorker

AHEAD = 3  # documents proposed ahead of the one open
CHUNK = 8  # documents per request when proposing for all

AHEAD_KIND, BATCH_KIND = "ahead", "batch"


@dataclass
class _Batch:
    """A "propose for all" run: what is left, how far it got, whom to tell."""

    queue: list[int]
    progress: Callable[[int], object]
    finished: Callable[[int, int, str | None], object]
    cancelled: Callable[[], bool]
    done: int = 0
    tags: set[tuple[str, int]] = field(default_factory=set)


class ProposalScheduler(QObject):
    """Owns the proposal worker and what it has been asked. Signals say what the window shows."""

    status = Signal(str)  # the model's state, for the status bar's corner
    ready = Signal(object)  # spaCy's tokenizer, once the pipeline has loaded
    stored = Signal(object, bool)  # document ids stored, whether any span or event was new
    message = Signal(str)  # one line for the status bar (a store that failed)

    def __init__(self, session: Session, next_after: Callable[[int], int | None], parent: QObject | None = None) -> None:
        """``next_after(id)``: the document after ``id`` not done yet, in the list's order."""
        super().__init__(parent)
        self.session = session
        self.next_after = next_after
        self.worker: ProposalWorker | None = None
        self._sources: list[str] = []
        self._proposed: set[int] = set()  # proposed by every source of the pipeline
        self._requested: set[int] = set()  # asked for (stored or on the way)
        self._in_flight: dict[tuple[str, int], list[int]] = {}  # tag → documents asked for
        self._serial = count()
        self._current: int | None = None  # the open document
        self._batch: _Batch | None = None
        self._closed = False

    # -- state --------------------------------------------------------------------------------
    @property
    def sources(self) -> list[str]:
        """The loaded pipeline's proposal sources (empty until it has loaded)."""
        return list(self._sources)

    @property
    def proposed(self) -> frozenset[int]:
        """Documents every source has run on."""
        return frozenset(self._proposed)

    @property
    def model_name(self) -> str | None:
        """The pipeline's name, once it has loaded."""
        return self.worker.model_name if self.worker is not None else None

    def is_ready(self) -> bool:
        """Whether the pipeline has loaded (proposals can be asked for)."""
        return self.worker is not None and bool(self._sources) and not self._closed

    # -- the pipeline -------------------------------------------------------------------------
    def start(self, model: str | None = None) -> None:
        """Create the worker for ``model`` (the project's setting when None); ``load`` loads it.
        A worker started before is let go (deleted once its running job ends): its results are
        dropped. A "propose for all" run goes on with the new pipeline once it has loaded (the
        switch may come from training in the loop, not from the annotator)."""
        if self.worker is not None:
            self.worker.retire()
        self._sources, self._proposed, self._requested = [], set(), set()
        self._carry_batch_over()
        self._in_flight.clear()
        # Pattern files are parsed in the worker: checking token patterns needs spaCy.
        repo = self.session.repo
        chosen = model or repo.setting("proposer.model")
        worker = ProposalWorker(chosen, self.session.schema, repo.pattern_files(), events=True, parent=self)
        self.worker = worker
        # Each connection checks that its worker is still the current one.
        worker.ready.connect(lambda sources, tokenizer: self._ready(worker, sources, tokenizer))
        worker.proposed.connect(self._arrived)
        worker.failed.connect(lambda text: self._failed(worker, text))
        worker.signals.progress.connect(lambda text: self._say(worker, text))
        self.status.emit("Model: loading…")

    def _carry_batch_over(self) -> None:
        """The chunks the old pipeline was asked for go back to the front of the batch's
        queue (their results will be dropped); the new pipeline's ``_ready`` goes on."""
        batch = self._batch
        if batch is None:
            return
        asked = sorted(batch.tags, key=lambda tag: tag[1])
        batch.queue[:0] = [i for tag in asked for i in self._in_flight.get(tag, [])]
        batch.tags.clear()
        if not self._closed:
            total = batch.done + len(batch.queue)
            self.message.emit(f"Model changed: proposing for all goes on with the new model once it has "
                              f"loaded ({batch.done} of {total} documents done).")

    def load(self) -> None:
        """Load the pipeline on the worker's thread (the window calls this after its first
        paint, so spaCy never delays it)."""
        if self.worker is not None and not self._closed:
            self.worker.load()

    def close(self) -> None:
        """The window is closing: drop queued work and every result still to come."""
        self._closed = True
        self._in_flight.clear()
        self._batch = None
        if self.worker is not None:
            self.worker.pool.clear()

    def _failed(self, worker: ProposalWorker, text: str) -> None:
        if worker is not self.worker or self._closed:
            return
        self.status.emit(f"Model: {text}")
        if self._batch is not None:  # its chunk never comes back (or the pipeline never loads)
            self._end_batch(text.splitlines()[0] if text else "the pipeline failed")

    def _say(self, worker: ProposalWorker, text: str) -> None:
        if worker is self.worker and not self._closed:
            self.status.emit(text)

    def _ready(self, worker: ProposalWorker, sources: list[str], tokenizer: object) -> None:
        if worker is not self.worker or self._closed:
            return  # queued from a worker replaced since, or after the window closed
        self._sources = list(sources)
        repo = self.session.repo
        self._proposed = set.intersection(*(repo.documents_proposed_by(s) for s in sources)) if sources else set()
        self.ready.emit(tokenizer)
        self.status.emit(f"Model: {worker.model_name or '?'} ready" + (" (entities only: no parser)" if worker.no_events else ""))
        if self._current is not None:
            self.request_ahead(self._current)
        if self._batch is not None and not self._batch.tags:
            self._next_chunk()  # a run carried over from the pipeline this one replaced

    # -- asking -------------------------------------------------------------------------------
    def request_ahead(self, document_id: int) -> None:
        """The annotator opened ``document_id``: propose for it and the few after it that the
        pipeline has not run on and nobody has asked for yet."""
        self._current = document_id
        if not self.is_ready():
            return  # asked again once the pipeline is ready
        ids = [document_id]
        while len(ids) < AHEAD + 1:
            following = self.next_after(ids[-1])
            if following is None:
                break
            ids.append(following)
        wanted = [i for i in ids if i not in self._proposed and i not in self._requested]
        if wanted:
            self._ask(AHEAD_KIND, wanted)

    def pending(self) -> list[int]:
        """Documents (new or in progress) some source of the pipeline has not run on."""
        from annotate.proposals.batch import pending_documents

        return pending_documents(self.session, self._sources) if self._sources else []

    def propose_all(self, document_ids: list[int], progress: Callable[[int], object],
                    finished: Callable[[int, int, str | None], object], cancelled: Callable[[], bool]) -> bool:
        """Propose for ``document_ids`` a chunk at a time. After each stored chunk
        ``progress(done)``; ``cancelled()`` is asked before the next; at the end
        ``finished(done, left, error)`` (``error`` one line when storing failed; what was stored
        stays). False when the pipeline is not ready or a run is going on."""
        if not self.is_ready() or self._batch is not None:
            return False
        self._batch = _Batch(list(document_ids), progress, finished, cancelled)
        self._next_chunk()
        return True

    def _next_chunk(self) -> None:
        batch = self._batch
        if batch is None:
            return
        if batch.cancelled() or not batch.queue:
            self._end_batch(None)
            return
        chunk, batch.queue[:] = batch.queue[:CHUNK], batch.queue[CHUNK:]
        batch.tags.add(self._ask(BATCH_KIND, chunk))

    def _end_batch(self, error: str | None) -> None:
        batch, self._batch = self._batch, None
        if batch is not None:
            batch.finished(batch.done, len(batch.queue), error)

    def _ask(self, kind: str, document_ids: list[int]) -> tuple[str, int]:
        assert self.worker is not None
        tag = (kind, next(self._serial))
        self._in_flight[tag] = list(document_ids)
        self._requested.update(document_ids)
        inputs = [TextInput(i, self.session.repo.document(i).text) for i in document_ids]
        self.worker.propose(tag, inputs)
        return tag

    # -- results ------------------------------------------------------------------------------
    def _arrived(self, tag: object, results: list[DocumentProposals]) -> None:
        asked = self._in_flight.pop(tag, None) if isinstance(tag, tuple) else None
        if asked is None or self._closed:
            return  # stale: an earlier pipeline's, or the window is closing
        batch = self._batch if self._batch is not None and tag in self._batch.tags else None
        if batch is not None:
            batch.tags.discard(tag)
        per_doc: dict[int, list[DocumentProposals]] = {}
        for result in results:
            per_doc.setdefault(result.document_id, []).append(result)
        try:
            stored = self.session.store_proposals(per_doc, self._sources)
        except AnnotaryError as exc:  # a full disk, a lock held too long
            self._requested.difference_update(asked)  # asked for again on the next article
            if batch is not None:
                self._end_batch(report_line(exc, "propose all"))  # stop; what is stored stays
            else:
                self.message.emit(f"Proposals not saved: {report_line(exc, 'proposals ahead')}")
            return
        self._proposed.update(per_doc)  # the asked stay asked: a document without results too
        self.stored.emit(sorted(per_doc), bool(stored.spans or stored.events))
        if batch is not None:
            batch.done += len(per_doc)
            batch.progress(batch.done)
            self._next_chunk()
