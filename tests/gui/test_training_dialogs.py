"""The Export and Train dialogs: options, progress on a worker thread, Cancel, the result used."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import srsly

from tests.annotate.exports.conftest import build

PROJECTS: dict[str, Path] = {}


@pytest.fixture
def project(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the annotated project (built once)."""
    if "built" not in PROJECTS:
        PROJECTS["built"] = tmp_path_factory.mktemp("dialogs") / "annotated.annotary"
        build(PROJECTS["built"])
    copy = tmp_path / "p.annotary"
    shutil.copy(PROJECTS["built"], copy)
    return copy


def test_export_dialog_writes_and_reports(make_window, project: Path, tmp_path: Path, qtbot) -> None:
    from gui.training_dialogs import ExportDialog

    window = make_window(project)
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentText("jsonl")
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=120000)
    assert dialog.error is None
    assert dialog.result.documents == 143
    assert len(list(srsly.read_jsonl(tmp_path / "out" / "annotations.jsonl"))) == 143
    assert "Exported 143 documents" in dialog.log.toPlainText()


def test_export_dialog_cancel_and_bad_folder(make_window, project: Path, tmp_path: Path, qtbot) -> None:
    from gui.training_dialogs import ExportDialog

    window = make_window(project)
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    dialog.folder.setText(str(blocker / "out"))
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=120000)
    assert dialog.error and "cannot create the export folder" in dialog.error
    dialog.format.setCurrentText("brat")
    dialog.folder.setText(str(tmp_path / "brat"))
    dialog.start()
    dialog.cancel()  # at once: the worker is still reading the project
    qtbot.waitUntil(lambda: not dialog.running, timeout=120000)
    assert dialog.result is None and "Cancelled." in dialog.log.toPlainText()


def test_train_dialog_trains_and_the_model_proposes_ahead(make_window, project: Path, tmp_path: Path, qtbot) -> None:
    from gui.training_dialogs import TrainDialog

    window = make_window(project)
    dialog = TrainDialog(window)
    qtbot.addWidget(dialog)
    dialog.epochs.setValue(2)
    dialog.folder.setText(str(tmp_path / "run"))
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=600000)
    assert dialog.error is None, dialog.error
    log = dialog.log.toPlainText()
    assert "epoch" in log and "Best model:" in log
    assert dialog.use_button.isEnabled()
    dialog.use_model()
    model = str((tmp_path / "run" / "model-best").resolve())
    assert window.session.repo.setting("proposer.model") == model
    qtbot.waitUntil(lambda: bool(window.proposals.sources), timeout=120000)  # the worker loaded the new model
    assert window.proposals.sources[0].startswith("model:")
