"""Editing a normalisation from the slot card: which span (the role's filler, the current
span), a prompt for the value, and the gesture (:func:`annotate.operations.set_norm`) applied
through the workspace, so it is one transaction and one undo step."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from annotate import operations
from annotate.errors import AnnotaryError
from annotate.model import StoredSpan
from annotate.operations.norms import GEONAMES, default_resource
from annotate.iso_dates import ISO
from gui.events import EventController
from gui.pickers import QuickPicker

HINTS = {ISO: "ISO 8601 date: 2016-03-24, 2016-03, 2016 or 2016-W11",
         GEONAMES: "GeoNames id (e.g. 524901), optionally followed by the place's name"}


class NormPrompt:
    """The prompt for a normalisation's value (a classmethod ``ask``, so tests can answer)."""

    @classmethod
    def ask(cls, parent: QWidget | None, span_text: str, resource: str, current: str, error: str = "") -> str | None:
        """What the annotator typed (empty: clear the norm), or None when cancelled; ``error``
        says why what they typed before was refused."""
        hint = HINTS.get(resource, "RESOURCE:ID and a name, e.g. GeoNames:524901 Moscow")
        refused = f"{error}\n\n" if error else ""
        text, ok = QInputDialog.getText(
            parent, "Normalisation", f"{refused}“{span_text}” — {hint}.\nLeave empty to clear it.",
            QLineEdit.EchoMode.Normal, current)
        return text if ok else None


class NormEditor:
    """Sets, changes or clears the normalisation of a role's filler of the current event."""

    def __init__(self, parent: QWidget, events: EventController, colour_of: Callable[[str], str]) -> None:
        self.parent = parent
        self.events = events
        self.colour_of = colour_of

    def fillers(self, role: str) -> list[StoredSpan]:
        """The spans filling ``role`` of the current event (not events that fill it)."""
        event, spans = self.events.current(), self.events.ws.spans
        if event is None:
            return []
        return [spans[a.span_id] for a in event.arguments
                if a.role == role and a.event_id is None and a.span_id in spans]

    def edit(self, role: str | None = None) -> None:
        """Ask for the normalisation of a role's filler (without ``role``, the armed role's;
        with no role armed, the current span's) and set, change or clear it."""
        role = role or self.events.armed
        ws = self.events.ws
        if role is None:
            span = ws.current_span()
            if span is None:
                ws.message.emit("Arm a role (its number) or Tab to a span first, then set its normalisation.")
                return
        else:
            candidates = self.fillers(role)
            if not candidates:
                ws.message.emit(f"{role} has no span filling it to normalise.")
                return
            span = candidates[0]
            if len(candidates) > 1:
                text = ws.document.text if ws.document else ""
                names = {f"{s.text_in(text)} ({s.start})": s for s in candidates}
                chosen = QuickPicker.ask(self.parent, f"Normalise which {role}?",
                                         [(name, self.colour_of(s.label)) for name, s in names.items()])
                if chosen is None:
                    return
                span = names[chosen]
        self.set(span)

    def set(self, span: StoredSpan) -> None:
        """Ask for a span's normalisation and apply what was typed (a refusal: one line in the
        status bar)."""
        ws = self.events.ws
        text = span.text_in(ws.document.text) if ws.document else ""
        resource = default_resource(span)
        mine = [n for n in span.norms if n.resource == resource]
        current = next((n for n in mine if n.type == "Reference"), mine[0] if mine else None)
        shown = (current.reference if resource in HINTS else f"{current.resource}:{current.reference}") if current else ""
        error = ""
        while True:  # a refused value is shown again with the reason, to be corrected
            typed = NormPrompt.ask(self.parent, text, resource, shown, error)
            if typed is None:
                if error:
                    ws.message.emit(error)
                return
            try:
                action = operations.set_norm(ws.session.repo, span.id, typed)
            except AnnotaryError as exc:
                error, shown = str(exc), typed
                continue
            ws.perform(action, nothing="That normalisation is set already.")
            return
