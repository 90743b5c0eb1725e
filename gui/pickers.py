"""Quick-filter pickers (type to filter, Enter to choose) and message boxes, each behind a
classmethod ``ask`` so tests can answer them."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from gui.icons import dot


def headless() -> bool:
    """True on a platform without a screen (offscreen, minimal): no modal box can be answered."""
    return QGuiApplication.platformName() in ("offscreen", "minimal")


class QuickPicker(QDialog):
    """Choose one of many names by typing a part of it."""

    def __init__(self, parent: QWidget | None, title: str, items: list[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type to filter, Enter to choose")
        self.list = QListWidget()
        for name, colour in items:
            item = QListWidgetItem(dot(colour), name)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self.accept)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.setCurrentRow(0)
        self.resize(360, 420)

    def _filter(self, text: str) -> None:
        needle = text.lower()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = needle not in item.text().lower()
            item.setHidden(hidden)
            if not hidden and first is None:
                first = row
        if first is not None:
            self.list.setCurrentRow(first)

    def chosen(self) -> str | None:
        """The highlighted visible name."""
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and not item.isHidden() else None

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, items: list[tuple[str, str]]) -> str | None:
        """Show the picker; the chosen name or None."""
        dialog = cls(parent, title, items)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


class NamePrompt:
    """Ask for a name (a relation type the schema does not have yet)."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str) -> str | None:
        """The name typed (stripped), or None when cancelled or left empty."""
        name, ok = QInputDialog.getText(parent, title, text)
        return name.strip() or None if ok else None


class Messages:
    """Message boxes, replaceable in tests."""

    @classmethod
    def warn(cls, parent: QWidget | None, title: str, text: str) -> None:
        """Show a warning; offscreen (no one to close a box) it goes to stderr instead."""
        if headless():
            print(f"error: {title}: {text}", file=sys.stderr, flush=True)
            return
        QMessageBox.warning(parent, title, text)

    @classmethod
    def confirm(cls, parent: QWidget | None, title: str, text: str) -> bool:
        """Ask yes or no."""
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    @classmethod
    def choose(cls, parent: QWidget | None, title: str, text: str, choices: list[str]) -> str | None:
        """Ask which of ``choices`` (buttons, the first the default); None when closed."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
        buttons = [box.addButton(choice, QMessageBox.ButtonRole.ActionRole) for choice in choices]
        box.setDefaultButton(buttons[0])
        box.exec()
        clicked = box.clickedButton()
        return next((c for c, b in zip(choices, buttons, strict=True) if b is clicked), None)
