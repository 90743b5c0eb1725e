"""The main window: document list | article | spans, the label palette on top, menus, keys,
and proposals ahead of the annotator (gui/proposal_scheduler, on the worker thread)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLockFile, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QFontMetricsF, QPainter
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSplitter, QWidget

from annotate.changes import Changes
from annotate.errors import AnnotaryError
from annotate.model import DocStatus
from annotate.operations import UnreviewedProposals
from annotate.session import Session
from gui.arc_layout import Arc, paint_overlay
from gui.article_view import ArticleView
from gui.cheatsheet import CheatSheet
from gui.document_list import DocumentListPanel
from gui.event_panel import EventPanel
from gui.event_keys import EventKeys
from gui.events import EventController
from gui.loop_trainer import LoopTrainer
from gui.menus import Menus, TextFieldKeys, build_menus
from gui.palette import LabelPalette
from gui.pickers import Messages, QuickPicker
from gui.proposal_scheduler import ProposalScheduler
from gui.proposal_worker import ProposalWorker
from gui.relation_arcs import arc_font
from gui.relation_keys import RelationKeys
from gui.relation_panel import RelationPanel
from gui.relations import RelationController
from gui.span_details import span_details
from gui.span_panel import SpanPanel
from gui.theme import apply_theme
from gui.workspace import Workspace

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
        self.relations = RelationController(self.workspace, self)
        self.spans = SpanPanel(self.workspace, self.article.colour_of, self.relations)
        self.events = EventController(self.workspace, self)
        self.event_panel = EventPanel(self.events, self.article.colour_of)
        self.event_keys = EventKeys(self)
        self.relation_keys = RelationKeys(self, self.relations)
        self.relation_panel = RelationPanel(self.relations, self.relations.colour_of, self.article.colour_of)
        self.article.overlay = self._paint_overlay
        self.overlay_arcs: list[Arc] = []  # the arcs over the article as last drawn, in drawing order
        # A relation being made takes a clicked span first, then an armed role does.
        self.article.click_taker = lambda i: self.relation_keys.click(i) or self.event_keys.click_fills_role(i)
        self.article.point_taker = self.relation_keys.click_point
        self.article.point_tip = self.relation_keys.tip_at
        self.article.describe = lambda span: span_details(
            span, self.workspace.document.text if self.workspace.document else "", self.relations)
        self.workspace.confirm = lambda title, text: Messages.confirm(self, title, text)
        for signal in (self.events.eventsChanged, self.events.currentEventChanged, self.events.armedChanged,
                       self.relations.relationsChanged, self.relations.currentRelationChanged,
                       self.relations.pickChanged):
            signal.connect(lambda *_: self.article.viewport().update())
        self._warned_done: set[int] = set()
        self._counts: tuple[int, int] | None = None  # documents done, and in all (status bar)
        self.palette_bar = LabelPalette(self)
        self.palette_bar.set_schema(self.schema)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.palette_bar)
        splitter = QSplitter()
        splitter.addWidget(self.documents)
        splitter.addWidget(self.article)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.event_panel)
        side.addWidget(self.relation_panel)
        side.addWidget(self.spans)
        side.setSizes([300, 170, 280])
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

        self.menus: Menus = build_menus(self)
        self.text_keys = TextFieldKeys(self)  # keys typed into a text field are the field's
        self.documents.documentChosen.connect(self.open_document)
        self.documents.searchLeft.connect(self.focus_article)
        self.palette_bar.labelChosen.connect(lambda name: self.apply_label(name, snap_tokens=True))
        self.workspace.message.connect(self.show_message)
        self.workspace.changed.connect(self._after_step)
        self.workspace.documentOpened.connect(self._update_title)
        # However a document opens (a click, a key, an undo reaching into another article), the
        # list highlights it and the proposals move ahead of it.
        self.workspace.documentOpened.connect(self._document_opened)

        self.lock = QLockFile(str(path) + ".lock")
        self.lock.setStaleLockTime(0)
        self._locked = self.lock.tryLock(100)

        self._closed = False
        self.proposals = ProposalScheduler(
            session, lambda i: self.documents.neighbour(i, 1, skip_done=True), self)
        self.proposals.status.connect(self.model_status.setText)
        self.proposals.ready.connect(self._pipeline_ready)
        self.proposals.stored.connect(self._proposals_stored)
        self.proposals.message.connect(self.show_message)
        # Train in the loop: rounds run as a child process; keys pause it (gui/loop_trainer).
        self.loop_status = QLabel()
        self.statusBar().addPermanentWidget(self.loop_status)
        self.loop_trainer = LoopTrainer(path, session.repo, self)
        self.loop_trainer.status.connect(self.loop_status.setText)
        self.loop_trainer.switched.connect(self.use_model)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.loop_trainer)
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
            self._start_proposals()
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
        """Show a document (the list highlights it; proposals move ahead of it)."""
        self.workspace.open_document(document_id)

    def _document_opened(self, document_id: int) -> None:
        if self.documents.selected_id() != document_id:  # re-reading the same one keeps the list still
            self.documents.select(document_id)
        self.proposals.request_ahead(document_id)
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
        ids = {self.documents.neighbour(current.id, 1), self.documents.neighbour(current.id, -1),
               self.documents.neighbour(current.id, 1, skip_done=True)}
        self.workspace.prefetch(i for i in ids if i is not None and i != current.id)

    def step_document(self, step: int, skip_done: bool = False) -> None:
        """Previous or next document in the list."""
        if self.workspace.document is None:
            return
        target = self.documents.neighbour(self.workspace.document.id, step, skip_done)
        if target is None:
            self.show_message("No more documents." if step > 0 else "This is the first document.", 4000)
            return
        self.open_document(target)

    def done_and_next(self) -> None:
        """Mark the article done, then open the next one not done. With event warnings, asks
        once per article."""
        doc = self.workspace.document
        if doc is not None and doc.id not in self._warned_done:
            warnings = self.session.repo.document_warnings(doc.id)
            if warnings:
                self._warned_done.add(doc.id)
                if not Messages.confirm(self, "Events or relations have warnings",
                                        f"This article's events and relations have {warnings} warning(s) "
                                        "(see the ⚠ columns of their lists). Mark it done anyway?"):
                    return
        try:
            done = self.workspace.set_status(DocStatus.DONE)
        except UnreviewedProposals as pending:
            done = self._decide_proposals(pending)
        if done:
            self.loop_trainer.document_done()
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

    def _paint_overlay(self, painter: QPainter) -> None:
        """Drawn over the article: the relations' and the current event's arcs, laid out
        together (gui/arc_layout: the selected relation and the current span's on top, no
        label over another), then the numbers of a relation being made."""
        (linked, ends), (roles, arguments) = self.relation_keys.overlay(), self.event_keys.overlay()
        ceiling = QFontMetricsF(arc_font(self.article)).height() / 2 + 1  # no label above the viewport
        self.overlay_arcs = paint_overlay(painter, self.article.palette().base().color(), arguments + ends,
                                          linked + roles, ceiling, self.article.visible_tags() if linked or roles else [])
        self.relation_keys.paint_pick(painter)

    def show_cheatsheet(self) -> None:
        """The shortcut sheet."""
        CheatSheet(self, self.menus.groups).exec()

    def focus_search(self) -> None:
        """Ctrl+F: into the document search box, its text selected."""
        self.documents.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.documents.search.selectAll()

    def focus_article(self) -> None:
        """Back to the article (Esc in the search box), where the annotation keys work."""
        self.article.setFocus(Qt.FocusReason.ShortcutFocusReason)

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
        if not self.workspace.reload_if_changed():
            self.events.reload()  # the article as it was: only its events and relations may have changed
            self.relations.reload()
        if self.documents.model.refresh_all() and self.workspace.document is not None:
            self.documents.select(self.workspace.document.id)
        self._update_status()
        return True

    # -- status ---------------------------------------------------------------------------------
    def show_message(self, text: str, timeout_ms: int = 12000) -> None:
        """One line in the status bar for a while."""
        self.statusBar().showMessage(text, timeout_ms)

    def show_fault(self, line: str) -> None:
        """A fault nothing else reported, in the status bar (never a modal box)."""
        self.show_message(f"Error: {line}")

    def _update_title(self, _document_id: int | None = None) -> None:
        doc = self.workspace.document
        title = f"{doc.title} — " if doc else ""
        self.setWindowTitle(f"{title}{self.path.name} — Annotary")

    def _update_status(self, documents_changed: bool = True) -> None:
        """The status bar's counts; the document counts are read again only when a status (or
        the list) may have changed."""
        if documents_changed or self._counts is None:
            self._counts = (self.session.repo.count_documents(DocStatus.DONE), self.session.repo.count_documents())
        done, total = self._counts
        self.status_text.setText(f"{done} of {total} documents done · {self.workspace.accepted_today()} spans accepted today")

    def _after_step(self, changes: Changes) -> None:
        """After an action, an undo or a redo on the open article: its row in the list (once,
        whatever the step touched) and the counts. What the status bar said before the step
        ("Relating…", "… is accepted already.") is over; a gesture may say what it did next."""
        self.statusBar().clearMessage()
        for document_id in changes.documents:
            self.documents.model.refresh(document_id)
        self._update_status(documents_changed=bool(changes.statuses))

    # -- proposals ahead --------------------------------------------------------------------------
    @property
    def worker(self) -> ProposalWorker | None:
        """The proposal worker (tests wait for it), owned by ``self.proposals``."""
        return self.proposals.worker

    def _start_proposals(self, model: str | None = None) -> None:
        self.proposals.start(model)
        if self.article.has_painted:
            QTimer.singleShot(0, self.proposals.load)
        else:
            # spaCy starts loading only once the article has been painted.
            self.article.firstPainted.connect(lambda: QTimer.singleShot(0, self.proposals.load))

    def _pipeline_ready(self, tokenizer: Callable[[str], Any]) -> None:
        self.workspace.set_tokenizer(tokenizer)
        gc.freeze()  # the pipeline's objects, like the window's

    def _proposals_stored(self, document_ids: list[int], added: bool) -> None:
        for document_id in document_ids:
            self.documents.model.refresh(document_id)
        doc = self.workspace.document
        if doc is not None and doc.id in document_ids and added:
            current = self.workspace.current
            self.workspace.open_document(doc.id)
            if current is not None and current in self.workspace.spans:
                self.workspace.set_current(current)
        self._update_status()

    def refresh_documents(self) -> None:
        """Query the document list again (after an import, or proposing for all): the open
        document stays highlighted and proposals move ahead of it."""
        self.documents.apply_filter()
        doc = self.workspace.document
        if doc is not None:
            self.documents.select(doc.id)
            self.proposals.request_ahead(doc.id)
        self._update_status()

    def use_model(self, model: str) -> None:
        """Propose ahead with another pipeline from now on."""
        self._start_proposals(model)

    # -- imports (the File menu's other commands: gui/batch_dialogs, gui/training_dialogs) --------
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
        self.proposals.close()  # results the worker queued before closing are dropped
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.loop_trainer)
        self.loop_trainer.close()
        if self._locked:
            self.lock.unlock()
        super().closeEvent(event)
