"""Undo commands: thin wrappers that hand domain actions back to the workspace."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from annotate.actions import Action

if TYPE_CHECKING:
    from gui.workspace import Workspace


class ActionCommand(QUndoCommand):
    """One domain action as one undo step. It is pushed after the action was applied, so the
    first ``redo`` (which ``QUndoStack.push`` calls) does nothing."""

    def __init__(self, workspace: Workspace, action: Action, text: str, row: int | None = None) -> None:
        super().__init__(text)
        self.workspace = workspace
        self.action = action
        self.row = row  # the action log's row of the action, named by its undos and redos
        self._pushed = False
        self._moving_back = False  # the stack is being put back after a failed step

    def mute_next(self) -> None:
        """The next undo or redo only moves the stack (rebuilding it from the log)."""
        self._moving_back = True

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        if self._moving_back:
            self._moving_back = False
            return
        if not self.workspace.replay(self.action, self.row):
            self._put_back(self.workspace.undo_stack.undo)

    def undo(self) -> None:
        if self._moving_back:
            self._moving_back = False
            return
        if not self.workspace.rewind(self.action, self.row):
            self._put_back(self.workspace.undo_stack.redo)

    def _put_back(self, step: Callable[[], None]) -> None:
        """The step was not saved, but the stack has already moved past this command: move
        it back (outside this call, which the stack does not allow) without running it."""
        self._moving_back = True
        QTimer.singleShot(0, step)
