"""The right panel: this article's spans (label, text, status, source), counts, and what the
current span carries besides (fragments, attributes, norms, note, "same as", relations)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import cache
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QVBoxLayout, QWidget

from annotate.model import SpanStatus
from gui.icons import dot
from gui.relations import RelationController
from gui.span_details import span_details
from gui.tables import size_columns
from gui.workspace import Workspace

ColourOf = Callable[[str], str]  # a label's colour, "#rrggbb" (the article view's)

COLUMNS = ("Label", "Text", "Status", "Source")
Index = QModelIndex | QPersistentModelIndex


@cache
def bold() -> QFont:
    """The current span's row font (made once, after the application exists)."""
    font = QFont()
    font.setBold(True)
    return font


class SpanTableModel(QAbstractTableModel):
    """A thin adapter over the workspace's visible spans, in reading order."""

    def __init__(self, workspace: Workspace, colour_of: ColourOf) -> None:
        super().__init__()
        self.workspace = workspace
        self.colour_of = colour_of
        self.ids: list[int] = []
        workspace.documentOpened.connect(lambda _id: self.reload())
        workspace.spansChanged.connect(self._changed)

    def reload(self) -> None:
        """Take the workspace's order again."""
        self.beginResetModel()
        self.ids = list(self.workspace.order)
        self.endResetModel()

    def _changed(self, ids: set[int] | None) -> None:
        order = self.workspace.order
        if ids is None:
            self.reload()
            return
        if self.ids != order and not self._move_rows(ids, order):
            self.reload()
            return
        rows = [self.ids.index(i) for i in ids if i in self.ids]
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), len(COLUMNS) - 1))

    def _move_rows(self, ids: set[int], order: list[int]) -> bool:
        """Remove and insert just the rows of changed spans (a reset repaints every row).
        False when more than those spans moved."""
        kept = [i for i in self.ids if i not in ids]
        if kept != [i for i in order if i not in ids]:
            return False
        for span_id in ids:
            if span_id in self.ids:
                row = self.ids.index(span_id)
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.ids[row]
                self.endRemoveRows()
        for row, span_id in enumerate(order):
            if span_id in ids:
                self.beginInsertRows(QModelIndex(), row, row)
                self.ids.insert(row, span_id)
                self.endInsertRows()
        return self.ids == order

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.ids):
            return None
        span = self.workspace.spans.get(self.ids[index.row()])
        doc = self.workspace.document
        if span is None or doc is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = span.text_in(doc.text).replace("\n", " ")  # fragments joined
            return (span.label, text, span.status.value, span.source)[index.column()]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return dot(self.colour_of(span.label))
        if role == Qt.ItemDataRole.FontRole and span.id == self.workspace.current:
            return bold()
        if role == Qt.ItemDataRole.ForegroundRole and span.status.value == "rejected":
            return QColor("#8a8a8a")
        if role == Qt.ItemDataRole.UserRole:
            return span.id
        return None


class SpanPanel(QWidget):
    """Counts and the span table; clicking a row makes that span current."""

    def __init__(self, workspace: Workspace, colour_of: ColourOf, relations: RelationController,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.relations = relations
        self.model = SpanTableModel(workspace, colour_of)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        size_columns(self.view, {0: "Contact.Meet", 2: "proposed", 3: "model:en"}, stretch=1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.counts)
        layout.addWidget(self.view, 1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)
        self.view.clicked.connect(lambda index: workspace.set_current(self.model.ids[index.row()]))
        workspace.spansChanged.connect(lambda _ids: self.update_counts())
        workspace.documentOpened.connect(lambda _id: self.update_counts())
        workspace.currentChanged.connect(self._current_changed)
        workspace.spansChanged.connect(lambda _ids: self.show_details())
        relations.relationsChanged.connect(self.show_details)

    def update_counts(self) -> None:
        """Accepted / proposed / rejected counts of this article, and apart from them how many
        of those not rejected are argument mentions (the schema's mention label), no entities."""
        by_status = Counter(span.status for span in self.workspace.spans.values())
        counts = {status.value: by_status.get(status, 0) for status in SpanStatus}
        mention = self.workspace.session.schema.mention_label
        mentions = sum(1 for span in self.workspace.spans.values()
                       if span.label == mention and span.status != SpanStatus.REJECTED)
        self.counts.setText(
            f"<b>{counts['accepted']}</b> accepted · <b>{counts['proposed']}</b> proposed · "
            f"{counts['rejected']} rejected"
            + (f"<br>of them {mentions} {escape(mention or '')} mention{'' if mentions == 1 else 's'} "
               "(arguments, not entities)" if mentions else "")
        )

    def show_details(self) -> None:
        """What the current span carries besides its label (hidden when nothing)."""
        span, doc = self.workspace.current_span(), self.workspace.document
        lines = span_details(span, doc.text, self.relations) if span is not None and doc is not None else []
        self.details.setText("<br>".join(lines))
        self.details.setVisible(bool(lines))

    def _current_changed(self, span_id: int | None) -> None:
        self.show_details()
        if span_id in self.model.ids:
            row = self.model.ids.index(span_id)
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))
        else:
            self.view.clearSelection()
