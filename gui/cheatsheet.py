"""The shortcut sheet (F1 or ?): built from the window's own actions, so it never drifts."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget


class CheatSheet(QDialog):
    """Every keyboard shortcut, grouped by menu."""

    def __init__(self, parent: QWidget | None, groups: list[tuple[str, list[QAction]]]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = [
            (group, action.text().replace("&", ""), ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()))
            for group, actions in groups
            for action in actions
            if action.shortcuts()
        ]
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                table.setItem(r, c, QTableWidgetItem(value))
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
        self.resize(620, 640)
