"""Train in the loop, in the window: after every N documents marked done, one round
(:mod:`annotate.loop_training`) runs as a child process at the lowest priority — never on the
GUI thread, and its memory is given back when it ends. While the annotator types, the child is
stopped (SIGSTOP) and continued a moment after the last key (SIGCONT), so training never costs
a keystroke. The status bar shows the job and the score; a better model becomes the proposer."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QProcess, QTimer, Signal

from annotate.loop_training import PROPOSER_MODEL, TRAINED_AT, is_due, loop_state
from annotate.model import DocStatus
from annotate.paths import data_dir
from annotate.repository import Repository

RESUME_MS = 1500  # the child continues this long after the last key press
CAN_PAUSE = hasattr(signal, "SIGSTOP")  # POSIX; elsewhere the child only runs at low priority


def child_command(project: Path, work: Path, epochs: int) -> tuple[str, list[str]]:
    """The program and arguments of one round: the frozen app runs itself, Python runs main."""
    args = ["loop-train", str(project), str(work), "--epochs", str(epochs)]
    if getattr(sys, "frozen", False):
        return sys.executable, args
    return sys.executable, ["-m", "main", *args]


class LoopTrainer(QObject):
    """Starts rounds when they are due, pauses them while the annotator types, reports."""

    status = Signal(str)  # for the status bar
    switched = Signal(str)  # the new proposer model's path

    def __init__(self, project: Path, repo: Repository, parent: QObject | None = None, epochs: int = 5) -> None:
        super().__init__(parent)
        self.project, self.repo, self.epochs = Path(project), repo, epochs
        self.process: QProcess | None = None
        self.paused = False
        self._buffer = b""
        self._last_error = ""
        self._reported = False
        self.work: Path | None = None
        self.resume_timer = QTimer(self)
        self.resume_timer.setSingleShot(True)
        self.resume_timer.setInterval(RESUME_MS)
        self.resume_timer.timeout.connect(self.resume)

    @property
    def running(self) -> bool:
        """Whether a round is running (or paused)."""
        return self.process is not None and self.process.state() != QProcess.ProcessState.NotRunning

    def document_done(self) -> bool:
        """A document was marked done: start a round when one is due. Returns whether it did."""
        done = self.repo.count_documents(DocStatus.DONE)
        state = loop_state(self.repo, self.repo.count_documents())
        if self.running or not is_due(state, done):
            return False
        self.start(done)
        return True

    def start(self, done: int) -> None:
        """Run one round now, for the ``done`` documents marked done."""
        digest = hashlib.sha1(str(self.project.resolve()).encode()).hexdigest()[:8]
        work = data_dir() / "loop" / f"{self.project.stem}-{digest}" / f"round-{done}"
        program, args = child_command(self.project, work, self.epochs)
        process = QProcess(self)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        process.readyReadStandardOutput.connect(self._read)
        process.readyReadStandardError.connect(self._read_error)
        process.finished.connect(self._finished)
        process.errorOccurred.connect(self._error)
        self.process, self._buffer, self._last_error, self.paused = process, b"", "", False
        self._reported = False
        self.work = work
        # Recorded now, not when it ends: a failed round is not retried at once on every
        # document marked done, and a second window on the project does not start its own.
        with self.repo.transaction():
            self.repo.set_setting(TRAINED_AT, str(done))
        process.start(program, args)
        self.status.emit(f"Training a project model on {done} documents marked done…")

    # -- typing pauses the child ----------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Installed on the application: every key press pauses the round for a moment."""
        # Keys bound to the window's actions (A, X, the label keys) arrive as ShortcutOverride
        # and Shortcut, never as KeyPress: all three count as typing.
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            self.typing()
        return False

    def typing(self) -> None:
        """The annotator pressed a key: stop the child until they pause."""
        if not self.running or not CAN_PAUSE:
            return
        if not self.paused:
            self._signal(signal.SIGSTOP)
            self.paused = True
        self.resume_timer.start()

    def resume(self) -> None:
        """Continue a paused child."""
        if self.paused and self.running:
            self._signal(signal.SIGCONT)
        self.paused = False

    def _signal(self, number: int) -> None:
        assert self.process is not None
        pid = self.process.processId()
        if pid:
            try:
                os.kill(pid, number)
            except ProcessLookupError:  # it ended between the check and the signal
                pass

    def close(self) -> None:
        """The window closes: end the round (its partial output stays in the user data folder)."""
        self.resume_timer.stop()
        if self.running and self.process is not None:
            self.resume()  # a stopped process is killed all the same, but let it see the signal
            self.process.kill()
            self.process.waitForFinished(3000)

    # -- the child's output ---------------------------------------------------------------------
    def _read(self) -> None:
        assert self.process is not None
        self._buffer += bytes(self.process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            try:
                message = json.loads(line)
            except ValueError:
                continue  # not one of ours (a library printing)
            if "epoch" in message:
                self.status.emit(f"Training a project model: epoch {message['epoch'] + 1} of {self.epochs}, "
                                 f"F {message['f']:.3f} on held-out documents")
            elif "result" in message:
                self._result(message["result"])

    def _read_error(self) -> None:
        assert self.process is not None
        text = bytes(self.process.readAllStandardError().data()).decode("utf-8", "replace").strip()
        if text:
            self._last_error = text.splitlines()[-1]

    def _result(self, result: dict) -> None:
        self._reported = True
        f, current = float(result["f"]), float(result["current_f"])
        if result.get("switched"):
            self.status.emit(f"Project model F {f:.3f} beats {current:.3f}: proposals now use it")
            self.switched.emit(str(result["model"]))
        else:
            self.status.emit(f"Project model F {f:.3f}, current {current:.3f}: kept the current model")
        self._prune(Path(str(result["model"])))

    def _prune(self, latest: Path) -> None:
        """Keep this round's folder and the one the proposer uses; older rounds go."""
        keep = {latest.parent}
        current = self.repo.setting(PROPOSER_MODEL)
        if current:
            keep.add(Path(current).parent)
        if self.work is None:
            return
        for folder in self.work.parent.glob("round-*"):
            if folder not in keep and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)

    def _finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        if not self._reported:  # never leave "epoch k of n" on the status bar
            why = self._last_error or f"exit code {code}"
            self.status.emit(f"Train in the loop stopped without a model: {why}")

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:  # no finished signal follows
            self._reported = True
            self.status.emit(f"Train in the loop could not start {child_command(self.project, Path('.'), 1)[0]}")
