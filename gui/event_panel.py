"""The side panel's event part: the slot card of the current event (one row per role, the
armed role's candidates, warnings) and the list of the article's events."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotate.model import Argument, Event, SpanStatus, StoredEvent
from gui.events import EventController
from gui.icons import dot
from gui.norm_edit import NormEditor
from gui.span_details import norm_label
from gui.tables import size_columns

ColourOf = Callable[[str], str]  # a label's colour, "#rrggbb" (the article view's)

WARN = "#d9480f"
CARD_COLUMNS = ("#", "Role", "Takes", "Filled by", "Norm")
NORM_COLUMN = 4
LIST_COLUMNS = ("Type", "Trigger", "Roles", "Status", "⚠")
Index = QModelIndex | QPersistentModelIndex


def _item(text: str, tip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        item.setToolTip(tip)
    return item


class EventListModel(QAbstractTableModel):
    """The article's events for the list; rows are only read when drawn, and warnings are
    computed per row on demand (an article may hold hundreds of events)."""

    def __init__(self, events: EventController, colour_of: ColourOf) -> None:
        super().__init__()
        self.events = events
        self.colour_of = colour_of
        self.ids: list[int] = []
        self._warnings: dict[int, int] = {}

    def reload(self) -> None:
        """Take the controller's events again, in trigger order."""
        self.beginResetModel()
        spans = self.events.ws.spans

        def start(event_id: int) -> tuple[int, int]:
            span = spans.get(self.events.events[event_id].trigger_span_id)
            return (span.start if span else 0, event_id)

        self.ids = sorted(self.events.events, key=start)
        self._warnings.clear()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(LIST_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return LIST_COLUMNS[section]
        return None

    def warnings(self, event: StoredEvent) -> int:
        """The event's warning count, computed once per reload."""
        count = self._warnings.get(event.id)
        if count is None:
            count = self._warnings[event.id] = len(self.events.warnings(event))
        return count

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.ids):
            return None
        event = self.events.events.get(self.ids[index.row()])
        if event is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return event.type
            if column == 1:
                doc, trigger = self.events.ws.document, self.events.ws.spans.get(event.trigger_span_id)
                return trigger.text_in(doc.text) if trigger and doc else "?"
            if column == 2:
                etype = self.events.event_type(event)
                return f"{len(event.roles())}/{len(etype.roles) if etype else 0}"
            if column == 3:
                return event.status.value
            return self.warnings(event) or ""
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return dot(self.colour_of(event.type))
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            return QColor(WARN)
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            etype = self.events.event_type(event)
            return "required: " + (", ".join(r.name for r in etype.roles if r.required) if etype else "?")
        return None


class EventPanel(QWidget):
    """Slot card and events list, redrawn from the controller's signals."""

    def __init__(self, events: EventController, colour_of: ColourOf, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.colour_of = colour_of
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.card = QTableWidget(0, len(CARD_COLUMNS))
        self.card.setHorizontalHeaderLabels(CARD_COLUMNS)
        self.card.verticalHeader().hide()
        self.card.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.card.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.card.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        size_columns(self.card, {0: "9", 1: "Instrument", 2: "GPE, LOC", 4: "2016-03-24"}, stretch=3)  # "→ Attack (‘hit’)"
        self.card.setToolTip("Double-click a row (or Ctrl+Shift+N with its role armed) to set, change or clear "
                             "its filler's normalisation: an ISO date, a GeoNames id")
        self.norm_editor = NormEditor(self, events, colour_of)
        self.card.cellDoubleClicked.connect(lambda row, _column: self.norm_editor.edit(self._row_roles[row]))
        self._row_roles: list[str] = []
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.list_model = EventListModel(events, colour_of)
        self.list = QTableView()
        self.list.setModel(self.list_model)
        self.list.verticalHeader().hide()
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        size_columns(self.list, {0: "Contact.Meet", 2: "3/4", 3: "proposed", 4: "⚠"}, stretch=1)
        for table in (self.card, self.list):
            table.verticalHeader().setDefaultSectionSize(22)
            table.setShowGrid(False)
            table.setWordWrap(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.card, 3)
        layout.addWidget(self.notes)
        layout.addWidget(QLabel("<b>Events in this article</b>"))
        layout.addWidget(self.list, 2)
        self.list.clicked.connect(lambda index: self.events.select_event(self.list_model.ids[index.row()]))
        events.eventsChanged.connect(self.refresh)
        events.currentEventChanged.connect(self._current_changed)
        events.armedChanged.connect(lambda _role: self._fill_card(self.events.current()))
        self.refresh()

    def _current_changed(self, _event_id: object) -> None:
        self._fill_card(self.events.current())
        self._select_current()

    def refresh(self) -> None:
        """Redraw the card and the list."""
        self._fill_card(self.events.current())
        self.list_model.reload()
        self._select_current()

    # -- the slot card ----------------------------------------------------------------------
    def _fill_card(self, event: Event | None) -> None:
        self.card.setRowCount(0)
        if event is None:
            self.title.setText("<b>No current event</b> — Tab to a trigger, or select a word and press <b>E</b>.")
            self.notes.setText("")
            return
        etype = self.events.event_type(event)
        spans = self.events.ws.spans
        doc = self.events.ws.document
        text = doc.text if doc else ""
        trigger = spans.get(event.trigger_span_id)
        attributes = ", ".join(f"{k}={v}" for k, v in sorted(event.attributes.items())) or "no attributes"
        keys = "1–9 arm a role · T type · V attribute · A/X accept/reject"
        if event.status == SpanStatus.PROPOSED and event.arguments:  # reviewed as one: say what A takes
            keys = (f"A accepts it with its {len(event.arguments)} argument(s) · a role's digit, then "
                    f"Backspace, removes a wrong one first · X rejects · T type · V attribute")
        self.title.setText(
            f"<b style='color:{self.colour_of(event.type)}'>{escape(event.type)}</b> "
            f"on “{escape(trigger.text_in(text) if trigger else '?')}” · {event.status.value} · "
            f"{escape(attributes)}<br><small>{keys}</small>"
        )
        warnings = self.events.warnings(event)
        warned_roles = {w.role for w in warnings}
        filled: dict[str, list[str]] = {}
        whole: dict[str, list[str]] = {}  # the same with event types in full, for the tooltip
        norms: dict[str, list[str]] = {}  # the fillers' normalisations (ISO date, GeoNames entry)
        norm_tips: dict[str, list[str]] = {}
        for argument in event.arguments:
            filled.setdefault(argument.role, []).append(self._filler(argument, text, short=True))
            whole.setdefault(argument.role, []).append(self._filler(argument, text, short=False))
            span = spans.get(argument.span_id) if argument.event_id is None else None
            if span is not None and span.norms:  # the entry itself; its region, country, point in the tip
                main = [n for n in span.norms if n.type == "Reference"] or span.norms[:1]
                norms.setdefault(argument.role, []).append(", ".join(norm_label(n, short=True) for n in main))
                norm_tips.setdefault(argument.role, []).extend(
                    f"{n.type}: {norm_label(n)}" for n in span.norms)
        rows: list[tuple[str, str, str, str, str, bool]] = []
        for number, role in enumerate(etype.roles if etype else [], start=1):
            fillers = filled.get(role.name, [])
            mention = self.events.ws.session.schema.mention_label  # every role takes it
            takes = ", ".join((*role.labels, *(() if not mention or mention in role.labels else (mention,)))
                              ) if role.labels else "any"
            rows.append((str(number), f"{role.name} {role.cardinality}", takes, " · ".join(fillers),
                         role.name, role.name in warned_roles))
        known = {r.name for r in etype.roles} if etype else set()
        for role_name, fillers in filled.items():
            if role_name not in known:  # kept after a type change, flagged
                rows.append(("–", f"{role_name} (not in {event.type})", "", " · ".join(fillers), role_name, True))
        self.card.setRowCount(len(rows))
        self._row_roles = [r[4] for r in rows]
        for row, (shown_number, role_text, allowed, filled_by, role_name, warned) in enumerate(rows):
            tip = "\n".join(whole.get(role_name, [])) or None
            shown_norms = " · ".join(norms.get(role_name, []))
            cells = [_item(shown_number), _item(role_text), _item(allowed, allowed), _item(filled_by, tip),
                     _item(shown_norms, "\n".join(norm_tips.get(role_name, [])) or None)]
            for column, cell in enumerate(cells):
                if warned:
                    cell.setForeground(QColor(WARN))
                if role_name == self.events.armed:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                    cell.setBackground(self.palette().highlight())
                    cell.setForeground(self.palette().highlightedText())
                self.card.setItem(row, column, cell)
        lines = [f"<span style='color:{WARN}'>⚠ {escape(w.message)}</span>" for w in warnings]
        if self.events.armed is not None:
            lines.append(f"<b>Filling {escape(self.events.armed)}</b> — press a number, click a span, "
                         "Backspace removes, Esc cancels:")
            for number, span in enumerate(self.events.candidates, start=1):
                lines.append(f"&nbsp;&nbsp;<b>{number}</b> {escape(span.text_in(text))} "
                             f"<small style='color:{self.colour_of(span.label)}'>{escape(span.label)}</small>")
        self.notes.setText("<br>".join(lines))

    def _filler(self, argument: Argument, text: str, short: bool) -> str:
        """What fills a role, readably: the span's text, or for an event (brat ``Theme:E2``)
        its type and trigger, "→ Attack (‘hit’)"."""
        spans = self.events.ws.spans
        if argument.event_id is not None:
            other = self.events.events.get(argument.event_id)
            if other is not None:
                trigger = spans.get(other.trigger_span_id)
                # "Conflict.Attack" reads as "Attack" in a narrow cell; the tooltip has it whole.
                name = other.type.rsplit(".", 1)[-1] if short else other.type
                return f"→ {name} (‘{trigger.text_in(text) if trigger else '?'}’)"
            return "→ an event not in this article"
        span = spans.get(argument.span_id)
        return span.text_in(text) if span else "?"

    # -- the events list ----------------------------------------------------------------------
    def _select_current(self) -> None:
        if self.events.current_id in self.list_model.ids:
            row = self.list_model.ids.index(self.events.current_id)
            self.list.selectRow(row)
            self.list.scrollTo(self.list_model.index(row, 0))
        else:
            self.list.clearSelection()
