"""The label palette: the schema's entity labels with colours and shortcut keys."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QToolBar, QToolButton, QWidget

from annotate.schema import Schema
from gui.icons import dot


class LabelPalette(QToolBar):
    """Clicking a label does what its key does."""

    labelChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Labels", parent)
        self.setObjectName("palette")
        self.setMovable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.buttons: dict[str, QToolButton] = {}

    def set_schema(self, schema: Schema) -> None:
        """Show a schema's entity labels."""
        self.clear()
        self.buttons.clear()
        for label in schema.entity_labels:
            button = QToolButton()
            button.setIcon(dot(label.colour, 14))
            button.setText(f"{label.key} {label.name}" if label.key else label.name)
            mention = " — the mention label: a role filler that is no name, not an entity" if label.mention else ""
            button.setToolTip(f"{label.name}: {label.description}{mention}" + (f"  (key {label.key})" if label.key else ""))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoRaise(True)
            button.clicked.connect(lambda _=False, name=label.name: self.labelChosen.emit(name))
            self.addWidget(button)
            self.buttons[label.name] = button
