"""The main window: document list | article | spans, the label palette on top, menus, keys,
and proposals ahead of the annotator from the worker thread."""

from __future__ import annotations

import gc
from pathlib import Path

from PySide6.QtCore import QLockFile, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSplitter, QWidget

from annotate.errors import AnnotaryError
from annotate.fault_log import report_line
from annotate.model import DocStatus
from annotate.operations import UnreviewedProposals
from annotate.proposals.types import DocumentProposals, TextInput
from annotate.session import Session
from gui.article_view import ArticleView
from gui.cheatsheet import CheatSheet
from gui.document_list import DocumentListPanel
from gui.event_panel import EventPanel
from gui.event_keys import EventKeys
from gui.events import EventController
from gui.menus import build_menus
from gui.palette import LabelPalette
from gui.pickers import Messages, QuickPicker
from gui.proposal_worker import ProposalWorker
from gui.span_panel import SpanPanel
from gui.theme import apply_theme
from gui.workspace import Workspace

AHEAD = 3  # documents proposed ahead of the one open
WATCH_MS = 1000  # how often to look for changes another process made to the project


class MainWindow(QMainWindow):
    """One project in one window."""

    openRequested = Signal(str)  # another project chosen from the File menu

    def __init__(
        self,
        session: Session,
        path: Path,
        settings: QSettings,
        propose_ahead: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.path = path
        self.settings = settings
        self.workspace = Workspace(session, self)
        self.workspace.restore_undo_stack()  # Ctrl+Z after a restart undoes the last action
        self.schema = session.schema
        self.setObjectName("main")
        self.setAcceptDrops(True)

        self.documents = DocumentListPanel(session.repo)
        self.article = ArticleView(self.workspace)
        self.article.colours = {lb.name: lb.colour for lb in self.schema.entity_labels} | {
            et.name: et.colour for et in self.schema.event_types
        }
        self.spans = SpanPanel(self.workspace, self.article.colour_of)
        self.events = EventController(self.workspace, self)
        self.event_panel = EventPanel(self.events, self.article.colour_of)
        self.event_keys = EventKeys(self)
        self.article.overlay = self.event_keys.paint_current_event
        self.article.click_taker = self.event_keys.click_fills_role
        self.workspace.confirm = lambda text: Messages.confirm(self, "Delete a span events use", text)
        for signal in (self.events.eventsChanged, self.events.currentEventChanged, self.events.armedChanged):
            signal.connect(lambda *_: self.article.viewport().update())
        self._warned_done: set[int] = set()
        self.palette_bar = LabelPalette(self)
        self.palette_bar.set_schema(self.schema)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.palette_bar)
        splitter = QSplitter()
        splitter.addWidget(self.documents)
        splitter.addWidget(self.article)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.event_panel)
        side.addWidget(self.spans)
        side.setSizes([330, 420])
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([330, 590, 440])
        self.setCentralWidget(splitter)
        self.status_text = QLabel()
        self.model_status = QLabel("Model: not loaded")
        self.statusBar().addWidget(self.status_text, 1)
        self.statusBar().addPermanentWidget(self.model_status)

        self.groups: list[tuple[str, list[QAction]]] = []
        build_menus(self)
        self.documents.documentChosen.connect(self.open_document)
        self.palette_bar.labelChosen.connect(lambda name: self.apply_label(name, snap_tokens=True))
        self.workspace.message.connect(self._show_message)
        self.workspace.documentStatusChanged.connect(self._status_changed)
        self.workspace.spansChanged.connect(self._refresh_row)
        self.workspace.documentOpened.connect(self._update_title)

        self.lock = QLockFile(str(path) + ".lock")
        self.lock.setStaleLockTime(0)
        self._locked = self.lock.tryLock(100)

        self._closed = False  # results the worker queued before closing are dropped
        self.worker: ProposalWorker | None = None
        self.sources: list[str] = []
        self._proposed: set[int] = set()
        self._requested: set[int] = set()
        # What exists once the article is up (and once spaCy has loaded) lives all session:
        # frozen out of the collector, each article's few thousand new objects no longer make
        # it walk the whole heap (next article at 20,000 spans: median 193 → 144 ms).
        self.article.firstPainted.connect(gc.freeze)
        self._prefetch_due = False  # after an article's paint, read its neighbours
        self.article.painted.connect(self._after_paint)
        # Another process (a second window, `propose`, `import`) may write to the same file:
        # SQLite's data_version moves only for their commits, so polling it costs one pragma.
        self._seen_version = self._other_writes()
        self.watch = QTimer(self)
        self.watch.setInterval(WATCH_MS)
        self.watch.timeout.connect(self.refresh_if_changed_elsewhere)
        self.watch.start()
        if propose_ahead:
            self._start_worker()
        else:
            self.model_status.setText("Proposals ahead: off")
        self.resize(1360, 820)
        self._update_title()
        first = self.session.repo.document_summaries(limit=1)
        not_done = next(iter(self.session.repo.document_ids(DocStatus.IN_PROGRESS) + self.session.repo.document_ids(DocStatus.NEW)), None)
        if not_done is not None or first:
            self.open_document(not_done if not_done is not None else first[0].id)

    # -- commands -----------------------------------------------------------------------------
    def apply_label(self, label: str, snap_tokens: bool) -> None:
        """A label key: label the selection (creating a span) or the current span."""
        selection = self.article.selection()
        start, end = selection if selection else (None, None)
        self.workspace.label_selection_or_current(label, start, end, snap_tokens)
        if selection:
            self.article.clear_selection()

    def pick_label(self) -> None:
        """The quick-filter picker over all labels."""
        items = [(lb.name, lb.colour) for lb in self.schema.entity_labels]
        chosen = QuickPicker.ask(self, "Label", items)
        if chosen:
            self.apply_label(chosen, True)

    def open_document(self, document_id: int) -> None:
        """Show a document and propose ahead of it."""
        self.workspace.open_document(document_id)
        self.documents.select(document_id)
        self._request_ahead()
        self._update_status()
        self._prefetch_due = True

    def _after_paint(self) -> None:
        if self._prefetch_due and not self._closed:
            self._prefetch_due = False
            QTimer.singleShot(0, self._prefetch_neighbours)  # once the frame is out

    def _prefetch_neighbours(self) -> None:
        """Read what PageUp, PageDown and Ctrl+Enter would open, while the article is read."""
        current = self.workspace.document
        if current is None or self._closed:
            return
        ids = {self.documents.neighbour(current.id, 1), self.documents.neighbour(current.id, -1),  # type: ignore[arg-type]
               self.documents.neighbour(current.id, 1, skip_done=True)}  # type: ignore[arg-type]
        self.workspace.prefetch(i for i in ids if i is not None and i != current.id)

    def step_document(self, step: int, skip_done: bool = False) -> None:
        """Previous or next document in the list."""
        if self.workspace.document is None:
            return
        target = self.documents.neighbour(self.workspace.document.id, step, skip_done)  # type: ignore[arg-type]
        if target is None:
            self.statusBar().showMessage("No more documents." if step > 0 else "This is the first document.", 4000)
            return
        self.open_document(target)

    def done_and_next(self) -> None:
        """Mark the article done, then open the next one not done. With event warnings, asks
        once per article."""
        doc = self.workspace.document
        if doc is not None and doc.id not in self._warned_done:
            warnings = self.session.repo.document_warnings(doc.id)  # type: ignore[arg-type]
            if warnings:
                self._warned_done.add(doc.id)  # type: ignore[arg-type]
                if not Messages.confirm(self, "Events have warnings",
                                        f"This article's events have {warnings} warning(s) (see the "
                                        "events list). Mark it done anyway?"):
                    return
        try:
            done = self.workspace.set_status(DocStatus.DONE)
        except UnreviewedProposals as pending:
            done = self._decide_proposals(pending)
        if done:
            self.step_document(1, skip_done=True)

    ACCEPT_ALL, REJECT_ALL, REVIEW, CANCEL = "Accept them all", "Reject them all", "Review them", "Cancel"

    def _decide_proposals(self, pending: UnreviewedProposals) -> bool:
        """Asked once when marking done an article with unreviewed proposals: left as they
        are, they would leave as neither entities nor non-entities."""
        choice = Messages.choose(
            self, "Unreviewed proposals",
            f"This article has {pending.count} proposal(s) nobody has accepted or rejected. "
            "Marked done as they are, they would count as neither entities nor non-entities.",
            [self.REVIEW, self.ACCEPT_ALL, self.REJECT_ALL, self.CANCEL],
        )
        if choice in (self.ACCEPT_ALL, self.REJECT_ALL):
            return self.workspace.set_status(DocStatus.DONE, "accept" if choice == self.ACCEPT_ALL else "reject")
        if choice == self.REVIEW and pending.first is not None:
            self.workspace.set_current(pending.first)
            self.article.setFocus()
        return False

    def skip(self) -> None:
        """Mark the article skipped and move on."""
        if self.workspace.set_status(DocStatus.SKIPPED):
            self.step_document(1, skip_done=True)

    def set_dark(self, dark: bool) -> None:
        """Switch theme and remember it."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, dark)
        self.settings.setValue("dark", dark)
        self.article.refresh_fonts()

    def zoom(self, step: int) -> None:
        """Change the article's font size (0: back to normal)."""
        font = self.article.font()
        size = font.pointSizeF()
        base = QApplication.font().pointSizeF()
        font.setPointSizeF(base if step == 0 else max(6.0, min(48.0, size + step)))
        self.article.setFont(font)
        self.article.refresh_fonts()

    def show_cheatsheet(self) -> None:
        """The shortcut sheet."""
        CheatSheet(self, self.groups).exec()

    def _focus_search(self) -> None:
        self.documents.search.setFocus()
        self.documents.search.selectAll()

    # -- changes made elsewhere -----------------------------------------------------------------
    def _other_writes(self) -> int | None:
        try:
            return self.session.repo.change_stamp()[1]
        except AnnotaryError:
            return None

    def refresh_if_changed_elsewhere(self) -> bool:
        """Show what another process wrote to the project since the last look: the open
        article, its panels, the document list and the counts. Returns whether it had."""
        version = self._other_writes()
        if version is None or version == self._seen_version or self._closed:
            return False
        self._seen_version = version
        self.workspace.reload()
        if self.documents.model.refresh_all() and self.workspace.document is not None:
            self.documents.select(self.workspace.document.id)  # type: ignore[arg-type]
        self._update_status()
        return True

    # -- status ---------------------------------------------------------------------------------
    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 12000)

    def show_fault(self, line: str) -> None:
        """A fault nothing else reported, in the status bar (never a modal box)."""
        self._show_message(f"Error: {line}")

    def _update_title(self, _document_id: int | None = None) -> None:
        doc = self.workspace.document
        title = f"{doc.title} — " if doc else ""
        self.setWindowTitle(f"{title}{self.path.name} — Annotary")

    def _update_status(self) -> None:
        counts = self.session.repo.count_documents(DocStatus.DONE)
        total = self.session.repo.count_documents()
        self.status_text.setText(f"{counts} of {total} documents done · {self.workspace.accepted_today()} spans accepted today")

    def _status_changed(self, document_id: int) -> None:
        self.documents.model.refresh(document_id)
        self._update_status()

    def _refresh_row(self, _ids: object = None) -> None:
        if self.workspace.document is not None:
            self.documents.model.refresh(self.workspace.document.id)  # type: ignore[arg-type]
        self._update_status()

    # -- proposals ahead --------------------------------------------------------------------------
    def _start_worker(self, model: str | None = None) -> None:
        # Pattern files are parsed in the worker: checking token patterns needs spaCy.
        pattern_files = self.session.repo.pattern_files()
        chosen = model or self.session.repo.setting("proposer.model")
        self.worker = ProposalWorker(chosen, self.schema, pattern_files, events=True, parent=self)
        self.worker.ready.connect(self._worker_ready)
        self.worker.proposed.connect(self._proposals_arrived)
        self.worker.failed.connect(lambda text: self.model_status.setText(f"Model: {text}"))
        self.worker.signals.progress.connect(self.model_status.setText)
        self.model_status.setText("Model: loading…")
        if self.article._painted:
            QTimer.singleShot(0, self.worker.load)
        else:
            # spaCy starts loading only once the article has been painted.
            self.article.firstPainted.connect(lambda: QTimer.singleShot(0, self.worker.load))

    def _worker_ready(self, sources: list[str], tokenizer: object) -> None:
        if self._closed:
            return  # queued from the worker before the window closed
        self.sources = sources
        self.workspace.set_tokenizer(tokenizer)
        gc.freeze()  # the pipeline's objects, like the window's
        repo = self.session.repo
        self._proposed = set.intersection(*(repo.documents_proposed_by(s) for s in sources)) if sources else set()
        self.model_status.setText(f"Model: {self.worker.model_name if self.worker else '?'} ready")
        self._request_ahead()

    def _request_ahead(self) -> None:
        if self.worker is None or not self.sources or self.workspace.document is None:
            return
        ids = [self.workspace.document.id]
        current = self.workspace.document.id
        while len(ids) < AHEAD + 1:
            current = self.documents.neighbour(current, 1, skip_done=True)  # type: ignore[arg-type]
            if current is None:
                break
            ids.append(current)
        self.documents.select(self.workspace.document.id)  # type: ignore[arg-type]
        wanted = [i for i in ids if i is not None and i not in self._proposed and i not in self._requested]
        if wanted:
            self._requested.update(wanted)  # type: ignore[arg-type]
            inputs = [TextInput(i, self.session.repo.document(i).text) for i in wanted]  # type: ignore[arg-type]
            self.worker.propose(str(self.path), inputs)

    def _proposals_arrived(self, tag: object, results: list[DocumentProposals]) -> None:
        if self._closed or tag != str(self.path):
            return  # stale: another project
        per_doc: dict[int, list[DocumentProposals]] = {}
        for result in results:
            per_doc.setdefault(result.document_id, []).append(result)
        try:
            stored = self.session.store_proposals(per_doc, self.sources)
        except AnnotaryError as exc:
            self._requested.difference_update(per_doc)  # asked for again on the next article
            self._show_message(f"Proposals not saved: {report_line(exc, 'proposals ahead')}")
            return
        self._proposed.update(per_doc)
        for document_id in per_doc:
            self.documents.model.refresh(document_id)
        doc = self.workspace.document
        if doc is not None and doc.id in per_doc and (stored.spans or stored.events):
            current = self.workspace.current
            self.workspace.open_document(doc.id)  # type: ignore[arg-type]
            if current is not None and current in self.workspace.spans:
                self.workspace.set_current(current)
        self._update_status()

    def export_dialog(self) -> None:
        """Export training data with progress and Cancel (see gui/training_dialogs)."""
        from gui.training_dialogs import ExportDialog

        ExportDialog(self).exec()

    def train_dialog(self) -> None:
        """Train a model on the documents marked done (see gui/training_dialogs)."""
        from gui.training_dialogs import TrainDialog

        TrainDialog(self).exec()

    def use_model(self, model: str) -> None:
        """Propose ahead with another pipeline from now on."""
        if self.worker is not None:
            self.worker.pool.clear()
        self.sources, self._proposed, self._requested = [], set(), set()
        self._start_worker(model)

    def propose_all(self) -> None:
        """Propose for every pending document with a progress dialog (see gui/batch_dialogs)."""
        from gui.batch_dialogs import propose_all

        propose_all(self)

    # -- projects and imports ---------------------------------------------------------------------
    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for entry in self.settings.value("recent", [], type=list) or []:
            action = self.recent_menu.addAction(entry)
            action.triggered.connect(lambda _c=False, p=entry: self.openRequested.emit(p))

    def new_project(self) -> None:
        """Create a project (choosing its schema) and open it."""
        from gui.batch_dialogs import new_project

        new_project(self)

    def choose_project(self) -> None:
        """Open another project file."""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Open project", str(self.path.parent), "Annotary projects (*.annotary)")
        if path:
            self.openRequested.emit(path)

    def import_files(self) -> None:
        """Import files chosen in a dialog."""
        from PySide6.QtWidgets import QFileDialog

        paths, _ = QFileDialog.getOpenFileNames(self, "Import", "", "Articles (*.txt *.jsonl *.ann)")
        if paths:
            self.import_paths([Path(p) for p in paths])

    def import_folder(self) -> None:
        """Import a folder of .txt files or a brat folder."""
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, "Import folder")
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        """Import with a progress dialog and Cancel (see gui/batch_dialogs)."""
        from gui.batch_dialogs import import_paths

        import_paths(self, paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def warn_if_open_elsewhere(self) -> None:
        """Tell the user when another window holds this project."""
        if not self._locked:
            info = self.lock.getLockInfo()  # (ok, pid, host[, app]) depending on the binding
            pid, host = (info[1], info[2]) if len(info) >= 3 else ("?", "?")
            Messages.warn(
                self,
                "Project already open",
                f"{self.path.name} is already open in another Annotary window (process {pid} on {host}).\n"
                "Both windows save every action, and each shows the other's changes within a second.",
            )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self._closed = True
        self.watch.stop()
        gc.unfreeze()  # the window's objects may go now (the next one freezes its own)
        if self.worker is not None:
            self.worker.pool.clear()
        if self._locked:
            self.lock.unlock()
        super().closeEvent(event)
