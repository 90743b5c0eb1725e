"""The open document's events: which one is current, which role is armed, its candidates and
warnings, and the commands the event keys run. Every change is a domain action through the
workspace, so it is one transaction and one undo step."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from annotate import operations
from annotate.actions import Action
from annotate.changes import Changes
from annotate.errors import AnnotaryError
from annotate.event_check import EventWarning, Sentences, candidates, check_event
from annotate.model import Event, StoredEvent, StoredSpan
from annotate.schema import EventType
from gui.reread import reread
from gui.workspace import Workspace

MAX_CANDIDATES = 9  # chosen with the keys 1-9


class EventController(QObject):
    """Events of the workspace's document and the event commands."""

    eventsChanged = Signal()
    currentEventChanged = Signal(object)  # event id or None
    armedChanged = Signal(object)  # role name or None

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.events: dict[int, StoredEvent] = {}
        self.by_trigger: dict[int, list[int]] = {}
        self.current_id: int | None = None
        self.armed: str | None = None
        self.candidates: list[StoredSpan] = []
        self.sentences: Sentences | None = None
        workspace.documentOpened.connect(self._opened)
        workspace.changed.connect(self._changed)
        workspace.currentChanged.connect(self._current_span_changed)

    # -- state ------------------------------------------------------------------------------
    def _opened(self, document_id: int) -> None:
        self.sentences = self.ws.session.sentences(document_id)
        self.current_id = None
        self.reload()
        self._current_span_changed(self.ws.current)

    def reload(self) -> None:
        """Read the open document's events again, keeping the current event and the armed role
        where they still exist (another window may have changed them)."""
        doc = self.ws.document
        if doc is None:
            return
        self.events = {e.id: e for e in self.ws.session.repo.events(doc.id)}
        self._events_changed()

    def _changed(self, changes: Changes) -> None:
        """Read again only the events the step touched."""
        doc, repo = self.ws.document, self.ws.session.repo
        if doc is None or not changes.events:
            return
        self.events = reread(self.events, changes.events, repo.event, doc.id)
        self._events_changed()

    def _events_changed(self) -> None:
        self.by_trigger = {}
        for event in self.events.values():
            self.by_trigger.setdefault(event.trigger_span_id, []).append(event.id)
        if self.current_id not in self.events:
            self._set_current(None)
        if self.armed is not None:
            self._refresh_candidates()
        self.eventsChanged.emit()

    def _current_span_changed(self, span_id: int | None) -> None:
        if span_id in self.by_trigger:
            ids = self.by_trigger[span_id]
            self._set_current(self.current_id if self.current_id in ids else ids[0])
            return
        current = self.current()
        if current is not None and any(a.span_id == span_id for a in current.arguments):
            return  # stepping through the current event's arguments keeps it current
        self._set_current(None)

    def _set_current(self, event_id: int | None) -> None:
        if event_id != self.current_id:
            self.current_id = event_id
            self.disarm()
            self.currentEventChanged.emit(event_id)

    def current(self) -> Event | None:
        """The event the event keys act on."""
        return self.events.get(self.current_id) if self.current_id is not None else None

    def event_type(self, event: Event) -> EventType | None:
        """The schema's type of an event."""
        return self.ws.session.schema.event_type(event.type)

    def warnings(self, event: Event) -> list[EventWarning]:
        """The event's problems (never blocking)."""
        if self.sentences is None:
            return []
        return check_event(event, self.ws.session.schema, self.ws.spans, self.sentences)

    def select_event(self, event_id: int) -> None:
        """Make an event current by making its trigger the current span."""
        event = self.events.get(event_id)
        if event is None:
            return
        self.current_id = event_id
        self.ws.set_current(event.trigger_span_id)
        self.currentEventChanged.emit(event_id)

    # -- roles ------------------------------------------------------------------------------
    def arm(self, number: int) -> None:
        """Arm the role with this number (1-based, schema order) of the current event."""
        event = self.current()
        etype = self.event_type(event) if event else None
        if event is None or etype is None:
            self.ws.message.emit("No current event: Tab to a trigger or press E to create one.")
            return
        if not 1 <= number <= len(etype.roles):
            self.ws.message.emit(f"{etype.name} has {len(etype.roles)} roles.")
            return
        self.armed = etype.roles[number - 1].name
        self._refresh_candidates()
        self.armedChanged.emit(self.armed)
        if not self.candidates:
            self.ws.message.emit(f"No accepted span can fill {self.armed}: click one in the text, or Esc.")

    def disarm(self) -> None:
        """Stop filling a role."""
        if self.armed is not None:
            self.armed = None
            self.candidates = []
            self.armedChanged.emit(None)

    def _refresh_candidates(self) -> None:
        event = self.current()
        if event is None or self.armed is None or self.sentences is None:
            self.candidates = []
            return
        found = candidates(event, self.armed, self.ws.session.schema, self.ws.spans.values(), self.sentences)
        self.candidates = found[:MAX_CANDIDATES]

    def choose(self, number: int) -> None:
        """Fill the armed role with candidate ``number`` (1-based)."""
        if self.armed is None:
            return
        if not 1 <= number <= len(self.candidates):
            self.ws.message.emit(f"No candidate {number} for {self.armed}.")
            return
        self.fill(self.candidates[number - 1].id)

    def fill(self, span_id: int) -> None:
        """Fill the armed role with a span (a candidate or a clicked span)."""
        event, role = self.current(), self.armed
        if event is None or role is None or event.id is None:
            return
        self.disarm()
        self._perform(operations.fill_role, event.id, role, span_id, nothing=f"That span fills {role} already.")

    def remove_argument(self) -> None:
        """Remove the armed role's last argument."""
        event, role = self.current(), self.armed
        if event is None or role is None or event.id is None:
            self.ws.message.emit("Press a role's number first, then Backspace removes its argument.")
            return
        self.disarm()
        self._perform(operations.clear_role, event.id, role, nothing=f"{role} has no argument to remove.")

    def _perform(self, gesture: Callable[..., Action | None], *args: object, nothing: str = "") -> Changes | None:
        try:
            action = gesture(self.ws.session.repo, *args)
        except AnnotaryError as exc:
            self.ws.message.emit(str(exc))
            return None
        return self.ws.perform(action, nothing)

    # -- events -----------------------------------------------------------------------------
    def create(self, type_name: str, start: int | None, end: int | None, snap_tokens: bool = True) -> None:
        """A new event of ``type_name`` on the selection or, without one, the current span."""
        doc = self.ws.document
        if doc is None or doc.id is None:
            return
        if start is None or end is None or start == end:
            span = self.ws.current_span()
            if span is None:
                self.ws.message.emit("Select the trigger word or Tab to a span first.")
                return
            start, end = span.start, span.end
        elif snap_tokens:
            try:
                start, end = operations.selection_range(self.ws.session.repo, doc.id, start, end, self.ws.token_bounds())
            except AnnotaryError as exc:  # an empty or whitespace selection
                self.ws.message.emit(str(exc))
                return
        action = operations.create_event(self.ws.session.repo, doc.id, type_name, start, end)
        if self.ws.perform(action):
            self.ws.set_current(action.trigger_span_id)
            if action.event_id is not None:
                self.select_event(action.event_id)

    def change_type(self, type_name: str) -> None:
        """Change the current event's type; its trigger span takes the new type as label.
        Arguments whose role the new type lacks stay, flagged."""
        event = self.current()
        if event is not None and event.id is not None:
            self._perform(operations.change_type, event.id, type_name)

    def set_attribute(self, name: str, value: str | None) -> None:
        """Set (or clear, with None) an attribute of the current event."""
        event = self.current()
        if event is None or event.id is None:
            self.ws.message.emit("No current event.")
            return
        self._perform(operations.set_attribute, event.id, name, value, nothing=f"{name} is {value or 'unset'} already.")
