"""The one thread that owns spaCy: loads the pipeline once, proposes for documents ahead of the
annotator, and sends plain frozen results back through signals. It never touches widgets or
the GUI thread's database connection."""

from __future__ import annotations

import traceback
import warnings
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from annotate.proposals.types import DocumentProposals, TextInput
from annotate.schema import Schema


class _Signals(QObject):
    ready = Signal(object, object)  # sources (list[str]), tokenizer
    proposed = Signal(object, object)  # tag, list[DocumentProposals]
    failed = Signal(str)
    progress = Signal(str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], None]) -> None:
        super().__init__()
        self.fn = fn

    def run(self) -> None:
        try:
            self.fn()
        except RuntimeError as exc:
            # The window closed while spaCy was loading: its signals are gone, and so is
            # whoever would have listened.
            if "deleted" not in str(exc):
                raise


class ProposalWorker(QObject):
    """Single-lane proposals: one QThreadPool with one thread."""

    def __init__(
        self,
        model: str | None,
        schema: Schema,
        pattern_files: list[tuple[str, str]],
        events: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.signals = _Signals()
        self._model, self._schema, self._pattern_files, self._events = model, schema, pattern_files, events
        # Touched only on the worker thread:
        self._spacy: Any = None
        self._ruler: Any = None
        self.sources: list[str] = []
        self.model_name: str | None = None
        self.no_events: str | None = None  # why the pipeline proposes entities only, if it does

    @property
    def ready(self):  # noqa: D401 (signal proxy)
        """Signal(sources, tokenizer) once the pipeline has loaded."""
        return self.signals.ready

    @property
    def proposed(self):
        """Signal(tag, results)."""
        return self.signals.proposed

    @property
    def failed(self):
        """Signal(message)."""
        return self.signals.failed

    def load(self) -> None:
        """Load the pipeline in the worker thread."""
        self.pool.start(_Job(self._load))

    def _load(self) -> None:
        try:
            from annotate.proposals.project_proposers import project_proposers

            made = project_proposers(self._model, self._schema, self._pattern_files, self._events)
            self.signals.progress.emit(f"Loading spaCy pipeline {made.name}…")
            _ = made.model.nlp
            if made.patterns is not None:
                made.patterns.propose([])  # build it now, not on the first document
            self._spacy, self._ruler, self.model_name = made.model, made.patterns, made.name
            self.no_events = made.model.no_events
            self.sources = made.sources
            self.signals.ready.emit(list(self.sources), made.model.nlp.tokenizer)
        except Exception as exc:  # report, never crash the window
            self.signals.failed.emit(f"cannot load the spaCy pipeline: {exc}")

    def propose(self, tag: object, documents: list[TextInput]) -> None:
        """Propose for documents in the worker thread; results come back tagged."""
        self.pool.start(_Job(lambda: self._propose(tag, documents)))

    def _propose(self, tag: object, documents: list[TextInput]) -> None:
        if self._spacy is None:
            return
        try:
            results: list[DocumentProposals] = list(self._spacy.propose(documents))
            if self._ruler is not None:
                results.extend(self._ruler.propose(documents))
            self.signals.proposed.emit(tag, results)
        except Exception:
            self.signals.failed.emit("proposing failed: " + traceback.format_exc(limit=2).splitlines()[-1])

    def retire(self) -> None:
        """Let this worker go (another pipeline replaces it): its queued jobs are dropped,
        nobody hears from it again, and once the job it is running (a load, a chunk) has ended
        it is deleted, so its pipeline is freed. Deleting it earlier would block the GUI thread
        until that job ends (a thread pool waits for its jobs when deleted)."""
        self.pool.clear()
        signals = self.signals
        with warnings.catch_warnings():  # PySide warns when a signal has nobody to disconnect
            warnings.simplefilter("ignore", RuntimeWarning)
            for signal in (signals.ready, signals.proposed, signals.failed, signals.progress):
                signal.disconnect()
        self._idle = QTimer(self)
        self._idle.setInterval(50)
        self._idle.timeout.connect(self._delete_when_idle)
        self._idle.start()
        self._delete_when_idle()

    def _delete_when_idle(self) -> None:
        if self.pool.activeThreadCount() > 0:
            return  # a job is still running: asked again by the timer
        self._idle.stop()
        self._spacy = self._ruler = None  # the pipeline goes even if someone keeps this object
        self.deleteLater()

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for queued work (tests, closing)."""
        return self.pool.waitForDone(msecs)
