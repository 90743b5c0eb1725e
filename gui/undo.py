"""Undo commands: thin wrappers that hand domain actions back to the workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from annotate.actions import Action

if TYPE_CHECKING:
    from gui.workspace import Workspace


class ActionCommand(QUndoCommand):
    """One domain action as one undo step. It is pushed after the action was applied, so the
    first ``redo`` (which ``QUndoStack.push`` calls) does nothing."""

    def __init__(self, workspace: Workspace, action: Action, text: str) -> None:
        super().__init__(text)
        self.workspace = workspace
        self.action = action
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self.workspace.replay(self.action)

    def undo(self) -> None:
        self.workspace.rewind(self.action)
