"""Long work from the File menu, with progress and Cancel: import, propose for all, new project."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog

from annotate.errors import AnnotaryError
from annotate.fault_log import report_line
from annotate.formats.discover import parse_inputs
from annotate.proposals.types import DocumentProposals, TextInput
from annotate.resources import builtin_schema, builtin_schema_names
from gui.pickers import Messages, QuickPicker

if TYPE_CHECKING:
    from gui.main_window import MainWindow

PROPOSE_CHUNK = 8


class Cancelled(Exception):
    """The user pressed Cancel."""


def _dialog(window: MainWindow, text: str, maximum: int) -> QProgressDialog:
    dialog = QProgressDialog(text, "Cancel", 0, maximum, window)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    return dialog


def import_paths(window: MainWindow, paths: list[Path]) -> None:
    """Read everything (Cancel stops before anything is stored), then store in one transaction."""
    dialog = _dialog(window, "Reading files…", 0)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        QApplication.processEvents()
        if dialog.wasCanceled():
            raise Cancelled

    try:
        batch = parse_inputs(paths, progress)
        report = window.session.import_batch(batch)
    except Cancelled:
        window.statusBar().showMessage("Import cancelled: nothing was changed.", 6000)
        return
    except AnnotaryError as exc:
        Messages.warn(window, "Import failed", f"{exc}\n\nThe project was left as it was.")
        return
    finally:
        dialog.close()
    window.documents.apply_filter()
    if window.workspace.document is None and report.documents:
        first = window.session.repo.document_ids()[0]
        window.open_document(first)
    extra = f"; schema: added {', '.join(report.schema_additions)}" if report.schema_additions else ""
    window.statusBar().showMessage(
        f"Imported {report.documents} documents ({report.spans} spans, {report.events} events); "
        f"{report.duplicates} duplicates skipped{extra}.",
        10000,
    )
    window._request_ahead()


def propose_all(window: MainWindow) -> None:
    """Propose for every pending document through the worker, a chunk at a time."""
    from annotate.proposals.batch import pending_documents

    if window.worker is None or not window.sources:
        window.statusBar().showMessage("The spaCy pipeline is still loading; try again in a moment.", 6000)
        return
    todo = pending_documents(window.session, window.sources)
    if not todo:
        window.statusBar().showMessage("Every document already has proposals.", 6000)
        return
    dialog = _dialog(window, f"Proposing with {window.worker.model_name}…", len(todo))
    queue = list(todo)
    state: dict[str, Any] = {"done": 0, "tag": ("batch", str(window.path))}

    def next_chunk() -> None:
        if dialog.wasCanceled() or not queue:
            finish()
            return
        chunk, queue[:] = queue[:PROPOSE_CHUNK], queue[PROPOSE_CHUNK:]
        inputs = [TextInput(i, window.session.repo.document(i).text) for i in chunk]
        window.worker.propose(state["tag"], inputs)  # type: ignore[union-attr]

    def arrived(tag: object, results: list[DocumentProposals]) -> None:
        if tag != state["tag"]:
            return
        per_doc: dict[int, list[DocumentProposals]] = {}
        for result in results:
            per_doc.setdefault(result.document_id, []).append(result)
        try:
            window.session.store_proposals(per_doc, window.sources)
        except AnnotaryError as exc:  # a full disk, a lock held too long: stop, keep what is stored
            state["error"] = report_line(exc, "propose all")
            queue.clear()
            finish()
            return
        window._proposed.update(per_doc)
        state["done"] += len(per_doc)
        dialog.setValue(state["done"])
        next_chunk()

    def finish() -> None:
        window.worker.proposed.disconnect(arrived)  # type: ignore[union-attr]
        dialog.close()
        window.documents.apply_filter()
        if window.workspace.document is not None:
            window.open_document(window.workspace.document.id)  # type: ignore[arg-type]
        verb = "Cancelled after" if queue else "Proposed for"
        if "error" in state:
            verb = f"Stopped ({state['error']}) after"
        window.statusBar().showMessage(f"{verb} {state['done']} documents; finished batches are kept.", 12000)

    window.worker.proposed.connect(arrived)
    next_chunk()


def new_project(window: MainWindow) -> None:
    """Ask for a file and a schema, create the project, open it."""
    from store.default_project import create_or_open

    path, _ = QFileDialog.getSaveFileName(window, "New project", str(window.path.parent), "Annotary projects (*.annotary)")
    if not path:
        return
    target = Path(path)
    if target.suffix != ".annotary":
        target = target.with_suffix(".annotary")
    names = builtin_schema_names()
    name = QuickPicker.ask(window, "Schema of the new project", [(n, "#1a73e8") for n in names])
    if not name:
        return
    try:
        create_or_open(target, builtin_schema(name)).close()
    except AnnotaryError as exc:
        Messages.warn(window, "Cannot create the project", str(exc))
        return
    window.openRequested.emit(str(target))
