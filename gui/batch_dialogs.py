"""The File menu's project commands: new, open, import (with progress and Cancel) and propose
for all. They use the window's public methods only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog

from annotate.errors import AnnotaryError
from annotate.resources import builtin_schema, builtin_schema_names
from gui.pickers import Messages, QuickPicker

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class Cancelled(Exception):
    """The user pressed Cancel."""


def _dialog(window: MainWindow, text: str, maximum: int) -> QProgressDialog:
    dialog = QProgressDialog(text, "Cancel", 0, maximum, window)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    return dialog


def choose_project(window: MainWindow) -> None:
    """Open another project file."""
    path, _ = QFileDialog.getOpenFileName(window, "Open project", str(window.path.parent), "Annotary projects (*.annotary)")
    if path:
        window.openRequested.emit(path)


def import_files(window: MainWindow) -> None:
    """Import files chosen in a dialog."""
    paths, _ = QFileDialog.getOpenFileNames(window, "Import", "", "Articles (*.txt *.jsonl *.ann *.spacy)")
    if paths:
        window.import_paths([Path(p) for p in paths])


def import_folder(window: MainWindow) -> None:
    """Import a folder of .txt files or a brat folder."""
    folder = QFileDialog.getExistingDirectory(window, "Import folder")
    if folder:
        window.import_paths([Path(folder)])


def import_paths(window: MainWindow, paths: list[Path]) -> None:
    """Read and store in one transaction, a file at a time (memory does not grow with the
    corpus); Cancel rolls the whole import back."""
    dialog = _dialog(window, "Reading files…", 0)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        QApplication.processEvents()
        if dialog.wasCanceled():
            raise Cancelled

    try:
        report = window.session.import_paths(paths, progress)
    except Cancelled:
        window.show_message("Import cancelled: nothing was changed.", 6000)
        return
    except AnnotaryError as exc:
        Messages.warn(window, "Import failed", f"{exc}\n\nThe project was left as it was.")
        return
    finally:
        dialog.close()
    window.refresh_documents()  # and proposals move ahead over what came in
    if window.workspace.document is None and report.documents:
        window.open_document(window.session.repo.document_ids()[0])
    extra = f" Schema: added {', '.join(report.schema_additions)}." if report.schema_additions else ""
    window.show_message(report.summary() + extra, 10000)


def propose_all(window: MainWindow) -> None:
    """Propose for every pending document (through the window's proposal scheduler, a chunk
    at a time) with a progress dialog and Cancel; finished chunks are kept."""
    proposals = window.proposals
    if not proposals.is_ready():
        window.show_message("The spaCy pipeline is still loading; try again in a moment.", 6000)
        return
    todo = proposals.pending()
    if not todo:
        window.show_message("Every document already has proposals.", 6000)
        return
    dialog = _dialog(window, f"Proposing with {proposals.model_name}…", len(todo))

    def finished(done: int, left: int, error: str | None) -> None:
        dialog.close()
        window.refresh_documents()
        verb = f"Stopped ({error}) after" if error else "Cancelled after" if left else "Proposed for"
        window.show_message(f"{verb} {done} documents; finished batches are kept.", 12000)

    if not proposals.propose_all(todo, dialog.setValue, finished, dialog.wasCanceled):
        dialog.close()
        window.show_message("Proposals for all documents are being made already.", 6000)


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
