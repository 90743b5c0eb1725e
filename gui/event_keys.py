"""What the event keys do in the window: E new event, T type, V attribute, digits for roles,
clicks that fill an armed role, and drawing the current event over the text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.arc_layout import Arc, Outline
from gui.arcs import event_arcs
from gui.pickers import QuickPicker

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class EventKeys:
    """The window's event commands (pickers are asked here, changes go to the controller)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def label_key(self, label: str, key: str) -> None:
        """A label key. With an event current and nothing selected, a digit arms that role
        (or, with a role armed, chooses that candidate) instead of labelling; while a relation
        is being made, a digit picks its other end."""
        if self.window.relation_keys.takes_digit(key):
            return
        if key.isdigit() and self.window.article.selection() is None and self.window.events.current() is not None:
            number = int(key) or 10
            if self.window.events.armed is not None:
                self.window.events.choose(number)
            else:
                self.window.events.arm(number)
            return
        self.window.apply_label(label, True)

    def new_event(self) -> None:
        """E: pick an event type; the selection (or the current span) becomes its trigger."""
        selection = self.window.article.selection()
        if selection is None and self.window.workspace.current_span() is None:
            self.window.show_message("Select the trigger word or Tab to a span first.")
            return
        items = [(t.name, t.colour) for t in self.window.schema.event_types]
        chosen = QuickPicker.ask(self.window, "Event type", items)
        if chosen:
            start, end = selection if selection else (None, None)
            self.window.events.create(chosen, start, end)
            if selection:
                self.window.article.clear_selection()

    def change_event_type(self) -> None:
        """T: pick another type for the current event."""
        if self.window.events.current() is None:
            self.window.show_message("No current event: Tab to a trigger first.")
            return
        chosen = QuickPicker.ask(self.window, "Change event type", [(t.name, t.colour) for t in self.window.schema.event_types])
        if chosen:
            self.window.events.change_type(chosen)

    def set_event_attribute(self) -> None:
        """V: pick "Attribute = value" for the current event (or clear one)."""
        event = self.window.events.current()
        if event is None:
            self.window.show_message("No current event: Tab to a trigger first.")
            return
        items: list[tuple[str, str]] = []
        for attribute in self.window.schema.attributes:
            items += [(f"{attribute.name} = {value}", "#888888") for value in attribute.values]
            if attribute.name in event.attributes:
                items.append((f"{attribute.name} = (clear)", "#cccccc"))
        chosen = QuickPicker.ask(self.window, "Event attribute", items)
        if chosen:
            name, _, value = chosen.partition(" = ")
            self.window.events.set_attribute(name, None if value == "(clear)" else value)

    def overlay(self) -> tuple[list[Arc], list[Outline]]:
        """What the current event puts over the article: its arcs and its spans' outlines."""
        event = self.window.events.current()
        if event is None:
            return [], []
        return event_arcs(self.window.article, event, self.window.article.colour_of(event.type), self.window.events.armed)

    def click_fills_role(self, span_id: int) -> bool:
        """A click on a span while a role is armed fills the role."""
        if self.window.events.armed is None:
            return False
        self.window.events.fill(span_id)
        return True
