"""File > Train in the loop…: switch it on or off, how many documents marked done start a
round, and what the last round did."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout

from annotate.loop_training import MODEL_F, PROPOSER_MODEL, loop_state, set_loop
from annotate.model import DocStatus

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class LoopDialog(QDialog):
    """The loop's settings; OK saves them in the project."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Train in the loop")
        self.window_ = window
        repo = window.session.repo
        state = loop_state(repo, repo.count_documents())
        done = repo.count_documents(DocStatus.DONE)
        self.enabled = QCheckBox("Train a project model in the background")
        self.enabled.setChecked(state.enabled)
        self.initial = (state.enabled, state.every)
        self.every = QSpinBox()
        self.every.setRange(1, 100_000)
        self.every.setValue(state.every)
        self.every.setSuffix(" documents marked done")
        self.done_count, self.trained_at, self.explicit = done, state.trained_at, state.explicit
        self.about = about = QLabel()
        about.setWordWrap(True)
        self.enabled.toggled.connect(lambda _on: self.describe())
        self.every.valueChanged.connect(lambda _n: self.describe())
        self.describe()
        form = QFormLayout()
        form.addRow(self.enabled)
        form.addRow("Every", self.every)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(about)
        layout.addWidget(buttons)

    def describe(self) -> None:
        """The text under the choices, for what they are now."""
        repo = self.window_.session.repo
        model, f = repo.setting(PROPOSER_MODEL), repo.setting(MODEL_F)
        every = self.every.value()
        changed = (self.enabled.isChecked(), every) != self.initial
        default = "" if self.explicit or changed else f" (off by default below {every} documents in the project)"
        if self.enabled.isChecked():
            when = f"the next round after {max(0, every - (self.done_count - self.trained_at))} more{default}."
        else:
            when = f"no rounds{default}."
        self.about.setText(
            f"{self.done_count} documents marked done; {when}\n"
            f"Proposals come from {model or 'the default pipeline'}" + (f" (held-out F {f})." if f else ".") +
            "\nA round runs at low priority and pauses while you type; a model that scores better on "
            "the documents held out becomes the proposer.")

    def save(self) -> None:
        """Store the choices (one transaction) and close."""
        repo = self.window_.session.repo
        enabled, every = self.enabled.isChecked(), self.every.value()
        # Only what the user changed: an untouched default stays a default (on once the
        # project reaches ``every`` documents).
        with repo.transaction():
            set_loop(repo, enabled if enabled != self.initial[0] else None,
                     every if every != self.initial[1] else None)
        self.accept()
        self.window_.loop_trainer.document_done()  # a round already due starts now


def loop_dialog(window: MainWindow) -> None:
    """File > Train in the loop…"""
    LoopDialog(window).exec()
