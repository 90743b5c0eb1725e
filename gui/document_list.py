"""The document list: a lazily fetched table over the project, filterable by status and by a
full-text query. 100,000 documents open instantly: only the rows shown are read."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotate.errors import AnnotaryError
from annotate.model import DocStatus, DocumentSummary
from annotate.repository import Repository
from gui.icons import status_icon
from gui.tables import size_columns

PAGE = 200
COLUMNS = ("Status", "Title", "Acc.", "Prop.", "⚠")
COLUMN_TIPS = ("new, in progress, done or skipped", "", "Accepted spans", "Proposed spans",
               "Warnings of the accepted events")
Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractTableModel):
    """Rows of DocumentSummary, fetched a page at a time as the view scrolls."""

    def __init__(self, repo: Repository) -> None:
        super().__init__()
        self.repo = repo
        self.status: DocStatus | None = None
        self.query: str | None = None
        self.rows: list[DocumentSummary] = []
        self.row_of: dict[int, int] = {}
        self.total = 0
        self.reset()

    def reset(self, status: DocStatus | None = None, query: str | None = None) -> None:
        """Apply a filter and start again from the first page."""
        self.beginResetModel()
        self.status, self.query = status, (query or None)
        self.rows, self.row_of = [], {}
        try:
            self.total = self.repo.count_documents(self.status, self.query)
        except AnnotaryError:
            self.total = 0
        except Exception:  # an FTS syntax error in the search box: show nothing
            self.total = 0
        self._fetch()
        self.endResetModel()

    def _fetch(self) -> list[DocumentSummary]:
        try:
            page = self.repo.document_summaries(self.status, self.query, len(self.rows), PAGE)
        except Exception:
            page = []
        for summary in page:
            self.row_of[summary.id] = len(self.rows)
            self.rows.append(summary)
        return page

    # -- lazy fetching ----------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid():
            return
        remaining = min(PAGE, self.total - len(self.rows))
        if remaining <= 0:
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + remaining - 1)
        page = self._fetch()
        if len(page) < remaining:  # the project changed under us
            self.total = len(self.rows)
        self.endInsertRows()

    # -- table ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return COLUMN_TIPS[section] or None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.status.value.replace("_", " "), row.title, row.accepted, row.proposed,
                    row.warnings or "")[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return status_icon(row.status.value)
        if role == Qt.ItemDataRole.ToolTipRole:
            warned = f" · {row.warnings} event warnings" if row.warnings else ""
            return f"{row.title}\n{row.status.value.replace('_', ' ')} · {row.accepted} accepted · {row.proposed} proposed{warned}"
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            return QColor("#d9480f")
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def refresh(self, document_id: int) -> None:
        """Re-read one document's row (after its spans or status changed)."""
        row = self.row_of.get(document_id)
        if row is None:
            return
        fresh = self.repo.document_summaries(document_id=document_id)
        if fresh:
            self.rows[row] = fresh[0]
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def refresh_all(self) -> bool:
        """Re-read every loaded row (another process changed the project). Rows change in
        place while the same documents are listed; otherwise the list starts again. Returns
        True when it started again (the selection is gone)."""
        try:
            total = self.repo.count_documents(self.status, self.query)
            fresh = self.repo.document_summaries(self.status, self.query, 0, max(len(self.rows), PAGE))
        except AnnotaryError:
            return False
        if total == self.total and [r.id for r in fresh[: len(self.rows)]] == [r.id for r in self.rows]:
            self.rows = fresh[: len(self.rows)]
            if self.rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))
            return False
        self.reset(self.status, self.query)
        return True

    def id_at(self, row: int) -> int | None:
        """The document id shown in a row."""
        return self.rows[row].id if 0 <= row < len(self.rows) else None


class DocumentListPanel(QWidget):
    """The left panel: status filter, search box, the list. Emits ``documentChosen``, and
    ``searchLeft`` when Esc is pressed in the search box (the window gives the article focus)."""

    documentChosen = Signal(int)
    searchLeft = Signal()

    def __init__(self, repo: Repository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentListModel(repo)
        self.status_filter = QComboBox()
        self.status_filter.addItem("All documents", None)
        for status in DocStatus:
            self.status_filter.addItem(status_icon(status.value), status.value.replace("_", " ").capitalize(), status)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search text (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        size_columns(self.view, {0: "in progress", 2: "Acc.", 3: "Acc.", 4: "⚠"}, stretch=1)
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.count, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
        self.search.returnPressed.connect(self.apply_filter)
        self.search.textChanged.connect(lambda text: self.apply_filter() if not text else None)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        self._update_count()

    def apply_filter(self) -> None:
        """Re-query with the status filter and search text."""
        self.model.reset(self.status_filter.currentData(), self.search.text().strip() or None)
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(f"{self.model.total:,} documents")

    def _clicked(self, index: QModelIndex) -> None:
        document_id = self.model.id_at(index.row())
        if document_id is not None:
            self.documentChosen.emit(document_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        # The search box leaves Esc to its parent; it means "back to the article", and the
        # search text stays for the next Ctrl+F.
        if event.key() == Qt.Key.Key_Escape and self.search.hasFocus():
            self.searchLeft.emit()
            return
        super().keyPressEvent(event)

    def select(self, document_id: int) -> None:
        """Highlight a document's row, fetching pages until it is loaded."""
        row = self._load_through(document_id)
        if row is not None:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def selected_id(self) -> int | None:
        """The document whose row is highlighted, if any."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def _load_through(self, document_id: int) -> int | None:
        """Fetch pages until a document's row is loaded; its row, or None when not listed."""
        while document_id not in self.model.row_of and self.model.canFetchMore():
            self.model.fetchMore()
        return self.model.row_of.get(document_id)

    def neighbour(self, document_id: int, step: int, skip_done: bool = False) -> int | None:
        """The next (``step`` = 1) or previous document in list order (the highlight stays)."""
        row = self._load_through(document_id)
        row = -1 if row is None else row
        while True:
            row += step
            if row >= len(self.model.rows) and self.model.canFetchMore():
                self.model.fetchMore()
            if not 0 <= row < len(self.model.rows):
                return None
            summary = self.model.rows[row]
            if not skip_done or summary.status not in (DocStatus.DONE, DocStatus.SKIPPED):
                return summary.id
