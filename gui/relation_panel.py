"""The side panel's relation part: what is going on (a relation being made and its candidates,
or the selected relation with its warnings) and the list of the article's relations."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLabel, QScrollArea, QTableView, QVBoxLayout, QWidget

from annotate.model import SpanStatus, StoredRelation
from gui.icons import dot
from gui.relations import RelationController
from gui.wording import quoted, relation_details
from gui.tables import size_columns
from gui.tag_pixmaps import readable

WARN = "#d9480f"
GREY = "#8a8a8a"
COLUMNS = ("Type", "From", "To", "Status", "⚠")
Index = QModelIndex | QPersistentModelIndex


class RelationListModel(QAbstractTableModel):
    """The article's relations, in reading order of their heads."""

    def __init__(self, relations: RelationController, colour_of: Callable[[str], str]) -> None:
        super().__init__()
        self.relations = relations
        self.colour_of = colour_of
        self.ids: list[int] = []
        self._warnings: dict[int, int] = {}

    def reload(self) -> None:
        """Take the controller's relations again."""
        self.beginResetModel()
        spans = self.relations.ws.spans

        def where(relation: StoredRelation) -> tuple[int, int]:
            head = spans.get(relation.head_span_id)
            return (head.start if head else 0, relation.id)

        self.ids = [r.id for r in sorted(self.relations.relations.values(), key=where)]
        self._warnings.clear()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def warnings(self, relation: StoredRelation) -> int:
        """The relation's warning count, computed once per reload (proposals count none, as
        in the document's count)."""
        count = self._warnings.get(relation.id)
        if count is None:
            found = self.relations.warnings(relation) if relation.status == SpanStatus.ACCEPTED else []
            count = self._warnings[relation.id] = len(found)
        return count

    def _end(self, span_id: int) -> str:
        span, doc = self.relations.ws.spans.get(span_id), self.relations.ws.document
        return quoted(span.text_in(doc.text)) if span and doc else "?"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.ids):
            return None
        relation = self.relations.relations.get(self.ids[index.row()])
        if relation is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return relation.type
            if column in (1, 2):
                return self._end(relation.head_span_id if column == 1 else relation.child_span_id)
            if column == 3:
                return relation.status.value
            return self.warnings(relation) or ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return "<br>".join([f"<b>{escape(relation.type)}</b> · {relation.status.value} · {escape(relation.source)}",
                                *relation_details(relation)])
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return dot(self.colour_of(relation.type))
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 4:
                return QColor(WARN)
            if relation.status == SpanStatus.REJECTED:
                return QColor(GREY)
        return None


class RelationPanel(QWidget):
    """The relation being made or selected, and the article's relations."""

    def __init__(self, relations: RelationController, colour_of: Callable[[str], str],
                 span_colour: Callable[[str], str], parent: QWidget | None = None) -> None:
        """``colour_of``: a relation type's colour; ``span_colour``: a span label's."""
        super().__init__(parent)
        self.relations = relations
        self.span_colour = span_colour
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # The notes scroll rather than lose lines (nine candidates, a long note).
        self.notes_area = QScrollArea()
        self.notes_area.setWidget(self.notes)
        self.notes_area.setWidgetResizable(True)
        self.notes_area.setFrameShape(QFrame.Shape.NoFrame)
        self.notes_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.model = RelationListModel(relations, colour_of)
        self.list = QTableView()
        self.list.setModel(self.model)
        self.list.verticalHeader().hide()
        self.list.verticalHeader().setDefaultSectionSize(22)
        self.list.setShowGrid(False)
        self.list.setWordWrap(False)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        size_columns(self.list, {0: "Member_of  ", 3: "proposed", 4: "⚠"}, stretch=2)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.notes_area)
        layout.addWidget(self.list, 1)
        self.list.clicked.connect(lambda index: relations.select(self.model.ids[index.row()]))
        relations.relationsChanged.connect(self.refresh)
        relations.currentRelationChanged.connect(lambda _id: self._current_changed())
        relations.pickChanged.connect(lambda _head: self._picking())
        relations.ws.spansChanged.connect(lambda _ids: self._fill_notes())
        self.refresh()

    def _picking(self) -> None:
        """While a relation is being made its candidates take the panel, the list hidden."""
        picking = self.relations.head is not None
        self.list.setVisible(not picking)
        self._layout.setStretchFactor(self.notes_area, 1 if picking else 0)
        self._fill_notes()

    def refresh(self) -> None:
        """Redraw the notes and the list."""
        self.model.reload()
        self._current_changed()

    def _current_changed(self) -> None:
        self._fill_notes()
        if self.relations.current_id in self.model.ids:
            row = self.model.ids.index(self.relations.current_id)
            self.list.selectRow(row)
            self.list.scrollTo(self.model.index(row, 0))
        else:
            self.list.clearSelection()

    def _text(self, span_id: int | None) -> str:
        spans, doc = self.relations.ws.spans, self.relations.ws.document
        span = spans.get(span_id) if span_id is not None else None
        return escape(quoted(span.text_in(doc.text))) if span and doc else "?"

    def _fill_notes(self) -> None:
        relations = self.relations
        count = len(relations.relations)
        title = f"<b>Relations in this article</b> ({count})" if count else "<b>Relations</b>"
        lines = [title]
        if relations.head is not None:
            lines.append(f"<b>Relating {self._text(relations.head)}</b> to: <small>its number, a click, or Tab "
                         "and <b>R</b> · Esc cancels</small>")
            for number, span in enumerate(relations.candidates, start=1):
                colour = readable(QColor(self.span_colour(span.label)), self.palette().base().color()).name()
                lines.append(f"&nbsp;&nbsp;<b>{number}</b> {self._text(span.id)} "
                             f"<small style='color:{colour}'>{escape(span.label)}</small>")
        elif (current := relations.current()) is not None:
            lines.append(f"<b>{escape(current.type)}</b>: {self._text(current.head_span_id)} → "
                         f"{self._text(current.child_span_id)} · {current.status.value} · {escape(current.source)}")
            lines += relation_details(current)
            lines.append("<small>A accept · X reject · Del delete · Shift+R next · Esc deselect</small>")
            lines += [f"<span style='color:{WARN}'>⚠ {escape(w.message)}</span>" for w in relations.warnings(current)]
        else:
            lines.append("<small>R relates the current span to another · Shift+R selects its relations</small>")
        self.notes.setText("<br>".join(lines))
        self._fit_notes()

    def _fit_notes(self) -> None:
        """The notes as tall as their lines, the list right under them; a relation being made
        may take the whole panel."""
        width = max(self.notes_area.viewport().width(), 100)
        self.notes_area.setMaximumHeight(16777215 if self.relations.head is not None
                                         else self.notes.heightForWidth(width) + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_notes()  # narrower, the notes wrap onto more lines
