"""The side panel's event part: the slot card of the current event (one row per role, the
armed role's candidates, warnings) and the list of the article's events."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotate.model import Event
from gui.events import EventController
from gui.icons import dot
from gui.tables import size_columns

WARN = "#d9480f"
CARD_COLUMNS = ("#", "Role", "Takes", "Filled by")
LIST_COLUMNS = ("Type", "Trigger", "Roles", "Status", "⚠")


def _item(text: str, tip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        item.setToolTip(tip)
    return item


class EventPanel(QWidget):
    """Slot card and events list, redrawn from the controller's signals."""

    def __init__(self, events: EventController, colour_of, parent: QWidget | None = None) -> None:
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
        size_columns(self.card, {0: "9", 1: "Instrument", 2: "PERSON, ORG +2"}, stretch=3)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.list = QTableWidget(0, len(LIST_COLUMNS))
        self.list.setHorizontalHeaderLabels(LIST_COLUMNS)
        self.list.verticalHeader().hide()
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
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
        self.list.cellClicked.connect(self._clicked)
        events.eventsChanged.connect(self.refresh)
        events.currentEventChanged.connect(lambda _id: self.refresh())
        events.armedChanged.connect(lambda _role: self._fill_card(self.events.current()))
        self.refresh()

    def _clicked(self, row: int, _column: int) -> None:
        item = self.list.item(row, 0)
        if item is not None:
            self.events.select_event(item.data(Qt.ItemDataRole.UserRole))

    def refresh(self) -> None:
        """Redraw the card and the list."""
        self._fill_card(self.events.current())
        self._fill_list()

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
        self.title.setText(
            f"<b style='color:{self.colour_of(event.type)}'>{escape(event.type)}</b> "
            f"on “{escape(trigger.text_in(text) if trigger else '?')}” · {event.status.value} · "
            f"{escape(attributes)}<br><small>1–9 arm a role · T type · V attribute · A/X accept/reject</small>"
        )
        warnings = self.events.warnings(event)
        warned_roles = {w.role for w in warnings}
        filled = event.roles()
        rows: list[tuple[str, str, str, str, str, bool]] = []
        for number, role in enumerate(etype.roles if etype else [], start=1):
            fillers = [spans[i].text_in(text) if i in spans else "?" for i in filled.get(role.name, [])]
            takes = ", ".join(role.labels) if role.labels else "any"
            rows.append((str(number), f"{role.name} {role.cardinality}", takes, " · ".join(fillers),
                         role.name, role.name in warned_roles))
        known = {r.name for r in etype.roles} if etype else set()
        for role_name, ids in filled.items():
            if role_name not in known:  # kept after a type change, flagged
                fillers = [spans[i].text_in(text) if i in spans else "?" for i in ids]
                rows.append(("–", f"{role_name} (not in {event.type})", "", " · ".join(fillers), role_name, True))
        self.card.setRowCount(len(rows))
        for row, (number, role_text, takes, fillers, role_name, warned) in enumerate(rows):
            cells = [_item(number), _item(role_text), _item(takes, takes), _item(fillers, fillers)]
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

    # -- the events list ----------------------------------------------------------------------
    def _fill_list(self) -> None:
        events = sorted(self.events.events.values(), key=lambda e: (self._trigger_start(e), e.id))
        spans = self.events.ws.spans
        doc = self.events.ws.document
        text = doc.text if doc else ""
        self.list.setRowCount(len(events))
        current_row = -1
        for row, event in enumerate(events):
            etype = self.events.event_type(event)
            required = [r.name for r in etype.roles if r.required] if etype else []
            filled_roles = set(event.roles())
            trigger = spans.get(event.trigger_span_id)
            warnings = len(self.events.warnings(event))
            first = _item(event.type)
            first.setIcon(dot(self.colour_of(event.type)))
            first.setData(Qt.ItemDataRole.UserRole, event.id)
            roles = f"{len(filled_roles)}/{len(etype.roles) if etype else 0}"
            tip = f"required: {', '.join(required) or 'none'}"
            cells = [first, _item(trigger.text_in(text) if trigger else "?"), _item(roles, tip),
                     _item(event.status.value), _item(str(warnings) if warnings else "")]
            for column, cell in enumerate(cells):
                if warnings and column == 4:
                    cell.setForeground(QColor(WARN))
                self.list.setItem(row, column, cell)
            if event.id == self.events.current_id:
                current_row = row
        if current_row >= 0:
            self.list.selectRow(current_row)
        else:
            self.list.clearSelection()

    def _trigger_start(self, event: Event) -> int:
        span = self.events.ws.spans.get(event.trigger_span_id)
        return span.start if span else 0
