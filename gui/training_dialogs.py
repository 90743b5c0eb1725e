"""Export and Train from the window: options, progress, Cancel. The work runs on a thread of
its own with its own read-only connection to the project (a SQLite connection belongs to the
thread that opened it); results come back through signals."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotate.errors import AnnotaryError
from annotate.exports.run import FORMATS

if TYPE_CHECKING:
    from annotate.training import TrainProgress
    from gui.main_window import MainWindow


class Cancelled(Exception):
    """The user pressed Cancel."""


class _Signals(QObject):
    progress = Signal(int, int)
    line = Signal(str)
    finished = Signal(object)  # result or None
    failed = Signal(str)


class _Task(QRunnable):
    """Runs ``work(signals, stop)`` on the pool's thread."""

    def __init__(self, work: Callable[[_Signals, threading.Event], Any], signals: _Signals, stop: threading.Event) -> None:
        super().__init__()
        self.work, self.signals, self.stop = work, signals, stop

    def run(self) -> None:
        try:
            result = self.work(self.signals, self.stop)
        except Cancelled:
            self.signals.finished.emit(None)
        except AnnotaryError as exc:
            self.signals.failed.emit(str(exc))
        except Exception:  # report, never crash the window
            self.signals.failed.emit(traceback.format_exc(limit=3).splitlines()[-1])
        else:
            self.signals.finished.emit(result)


class WorkDialog(QDialog):
    """Options on top, then Start; a progress bar and a log while it runs; Cancel stops it."""

    def __init__(self, window: MainWindow, title: str) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.folder = QLineEdit(str(window.path.with_suffix("")) + f"-{title.split()[0].lower()}")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_folder)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        holder = QWidget()
        holder.setLayout(row)
        self.form.addRow("Folder", holder)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.hide()
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton("Start", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.bar)
        layout.addWidget(self.log, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.stop = threading.Event()
        self.running = False
        self.result: Any = None
        self.error: str | None = None

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def work(self, signals: _Signals, stop: threading.Event) -> Any:
        """The job, on the worker thread (overridden)."""
        raise NotImplementedError

    def start(self) -> None:
        """Run the job with the chosen options."""
        if self.running:
            return
        self.running, self.result, self.error = True, None, None
        self.stop.clear()
        self.start_button.setEnabled(False)
        self.bar.show()
        self.log.clear()
        signals = _Signals(self)
        signals.progress.connect(self._progress)
        signals.line.connect(self.log.appendPlainText)
        signals.finished.connect(self._finished)
        signals.failed.connect(self._failed)
        self.pool.start(_Task(self.work, signals, self.stop))

    def cancel(self) -> None:
        """Stop a running job, or close."""
        if self.running:
            self.stop.set()
            self.log.appendPlainText("Cancelling…")
        else:
            self.reject()

    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _finished(self, result: Any) -> None:
        self.running, self.result = False, result
        self.start_button.setEnabled(True)
        self.bar.hide()
        self.log.appendPlainText("Cancelled." if result is None else "Done.")
        self.cancel_button.setText("Close")
        self.done_with(result)

    def _failed(self, text: str) -> None:
        self.running, self.error = False, text
        self.start_button.setEnabled(True)
        self.bar.hide()
        self.log.appendPlainText(f"Failed: {text}")

    def done_with(self, result: Any) -> None:
        """After a job finished (overridden)."""

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.stop.set()
        self.pool.waitForDone(120000)
        super().closeEvent(event)


class ExportDialog(WorkDialog):
    """Export training data: format, which documents, dev share, seed."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, "Export training data")
        self.format = QComboBox()
        self.format.addItems(list(FORMATS))
        self.status = QComboBox()
        self.status.addItems(["done", "all"])
        self.dev_split = QDoubleSpinBox()
        self.dev_split.setRange(0.0, 0.9)
        self.dev_split.setSingleStep(0.05)
        self.dev_split.setValue(0.2)
        self.seed = QSpinBox()
        self.seed.setRange(0, 1_000_000)
        self.form.insertRow(0, "Format", self.format)
        self.form.insertRow(1, "Documents", self.status)
        self.form.insertRow(2, "Dev share (spacy)", self.dev_split)
        self.form.insertRow(3, "Seed", self.seed)

    def work(self, signals: _Signals, stop: threading.Event) -> Any:
        from annotate.exports.run import export
        from store import open_project

        def progress(done: int, total: int) -> None:
            if stop.is_set():
                raise Cancelled
            signals.progress.emit(done, total)

        with open_project(self.window_.path, readonly=True) as store:
            report = export(
                store, Path(self.folder.text()), self.format.currentText(), status=self.status.currentText(),
                dev_split=self.dev_split.value(), seed=self.seed.value(), progress=progress,
            )
        for line in report.lines():
            signals.line.emit(line)
        return report


class TrainDialog(WorkDialog):
    """Export the documents marked done and train a spaCy NER pipeline on them."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, "Train a model")
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 200)
        self.epochs.setValue(10)
        self.base_model = QLineEdit()
        self.base_model.setPlaceholderText("blank (or a pipeline such as en_core_web_sm)")
        self.form.insertRow(0, "Epochs", self.epochs)
        self.form.insertRow(1, "Start from", self.base_model)
        self.use_button = self.buttons.addButton("Use for proposals", QDialogButtonBox.ButtonRole.ActionRole)
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self.use_model)

    def work(self, signals: _Signals, stop: threading.Event) -> Any:
        from annotate.exports.run import export
        from annotate.training import train
        from store import open_project

        folder = Path(self.folder.text())
        with open_project(self.window_.path, readonly=True) as store:
            report = export(store, folder / "data", "spacy")
        for line in report.lines():
            signals.line.emit(line)
        epochs = self.epochs.value()
        signals.line.emit("epoch   step     loss   F-score")

        def on_progress(p: TrainProgress) -> None:
            score = p.ents_f if p.ents_f is not None else p.score
            signals.line.emit(f"{p.epoch:>5} {p.step:>6} {p.loss:>8.2f}   {score:.3f}")
            signals.progress.emit(min(p.epoch, epochs), epochs)

        return train(folder / "data" / "config.cfg", folder, epochs=epochs,
                     base_model=self.base_model.text().strip() or None,
                     on_progress=on_progress, should_stop=stop.is_set)

    def done_with(self, result: Any) -> None:
        if result is not None:
            self.log.appendPlainText(f"Best model: {result}")
            self.use_button.setEnabled(True)

    def use_model(self) -> None:
        """Make the trained model the project's proposer."""
        if self.result is None:
            return
        model = str(Path(self.result).resolve())
        self.window_.session.repo.set_setting("proposer.model", model)
        self.window_.use_model(model)
        self.log.appendPlainText(f"Proposals now come from {model}.")


def export_dialog(window: MainWindow) -> None:
    """File > Export training data: options, progress and Cancel."""
    ExportDialog(window).exec()


def train_dialog(window: MainWindow) -> None:
    """File > Train a model on the documents marked done."""
    TrainDialog(window).exec()
