"""What the relation keys do in the window: R relates the current span to another (picked by a
candidate's number, a click, or Tab and R again; then the type, asked only when more than one
fits), Shift+R selects the current span's relations one by one, and A, X, Delete, T and Esc act
on a selected relation before they act on the current span (or event)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtGui import QPainter

from annotate import operations
from annotate.errors import AnnotaryError
from gui.pickers import NamePrompt, QuickPicker
from gui.arc_layout import Arc, Outline
from gui.relation_arcs import paint_pick, relation_arcs
from gui.relations import RelationController
from gui.wording import relation_details

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class RelationKeys:
    """The window's relation commands (pickers are asked here, changes go to the controller)."""

    def __init__(self, window: MainWindow, relations: RelationController) -> None:
        self.window = window
        self.relations = relations
        self.drawn: list[Arc] = []  # where the last paint put each relation
        self.badges: list[QRectF] = []  # where the last paint put the candidates' numbers
        self.label_all = False  # View menu: every relation drawn in full, not just the current span's

    def _say(self, text: str) -> None:
        self.window.show_message(text)

    # -- making a relation --------------------------------------------------------------------
    def relate_key(self) -> None:
        """R: start a relation from the current span; while one is being made, take the current
        span as its other end. (No label may have R as its key: the schema keeps it.)"""
        window, relations = self.window, self.relations
        if window.article.selection() is not None and relations.head is None:
            self._say("R relates the current span: Tab to a span (or click one) first.")
            return
        current = window.workspace.current_span()
        if relations.head is not None:
            if current is None or current.id == relations.head:
                self._say("Tab to the other span and press R, press a candidate's number, or click it. Esc cancels.")
                return
            self.finish(current.id)
            return
        if current is None:
            self._say("No current span: Tab to one, then R relates it to another.")
            return
        relations.start(current.id)
        self._say(f"Relating {current.label}: press a candidate's number, click the other span, or Tab to it "
                  "and press R. Esc cancels.")

    def takes_digit(self, key: str) -> bool:
        """A digit while a relation is being made picks that candidate (True: it was used)."""
        if self.relations.head is None or not key.isdigit() or self.window.article.selection() is not None:
            return False
        span = self.relations.candidate(int(key) or 10)
        if span is not None:
            self.finish(span.id)
        return True

    def click(self, span_id: int) -> bool:
        """A click on a span while a relation is being made picks it (True: it was used)."""
        head = self.relations.head
        if head is None:
            return False
        if span_id == head:
            self._say("That is where the relation starts: click the other span.")
        else:
            self.finish(span_id)
        return True

    def finish(self, child_id: int) -> None:
        """The other end is chosen: ask for the type when needed, then make the relation."""
        head = self.relations.head
        if head is None:
            return
        try:
            choice = operations.type_choice(self.window.session.repo, head, child_id)
        except AnnotaryError as exc:
            self.relations.cancel()
            self._say(str(exc))
            return
        name = self.ask_type(choice)
        if not name:
            self.relations.cancel()
            self._say("No relation made.")
            return
        made = self.relations.relate(head, child_id, name)  # says what it made
        if made and self.window.session.schema.relation_type(name) is None:
            self._say(f"{self.relations.words(name, head, child_id)} — {name} is not a relation type of this "
                      "project's schema: the relation is kept, and flagged ⚠ until the schema declares it.")

    def ask_type(self, choice: operations.TypeChoice, ask_always: bool = False) -> str | None:
        """The type to give: the only one that fits (unless ``ask_always``), else one picked
        from those that fit (from all declared ones when none fits), else a name typed when the
        schema declares none."""
        if choice.only is not None and not ask_always:
            return choice.only
        colour = self.relations.colour_of
        if choice.allowed:
            return QuickPicker.ask(self.window, "Relation type", [(n, colour(n)) for n in choice.allowed])
        if choice.declared:
            return QuickPicker.ask(self.window, "Relation type (none is declared for these labels)",
                                   [(n, colour(n)) for n in choice.declared])
        return NamePrompt.ask(self.window, "Relation type",
                              "This project's schema declares no relation types. Name this relation's type:")

    # -- a selected relation, or the current span -----------------------------------------------
    def select_next(self) -> None:
        """Shift+R: select the current span's next relation."""
        self.relations.select_next()

    def accept(self) -> None:
        """A: accept the selected relation, else the current span."""
        if self.relations.current() is not None:
            self.relations.accept_current()
        else:
            self.window.workspace.accept_current()

    def reject(self) -> None:
        """X: reject the selected relation (your own is deleted), else the current span."""
        if self.relations.current() is not None:
            self.relations.reject_current()
        else:
            self.window.workspace.reject_current()

    def delete(self) -> None:
        """Delete: delete the selected relation, else reject the current span."""
        if self.relations.current() is not None:
            self.relations.delete_current()
        else:
            self.window.workspace.reject_current()

    def change_type(self) -> None:
        """T: with a relation selected, pick its new type; else change the current event's."""
        relation = self.relations.current()
        if relation is None:
            self.window.event_keys.change_event_type()
            return
        name = self.ask_type(operations.type_choice(self.window.session.repo, relation.head_span_id,
                                                    relation.child_span_id), ask_always=True)
        if name:
            self.relations.change_type_current(name)

    def escape(self) -> None:
        """Esc: stop making a relation, else deselect the relation, else disarm a role."""
        if self.relations.head is not None:
            self.relations.cancel()
            self._say("No relation made.")
        elif self.relations.current() is not None:
            self.relations.select(None)
        else:
            self.window.events.disarm()

    # -- the article ------------------------------------------------------------------------------
    def overlay(self) -> tuple[list[Arc], list[Outline]]:
        """What the relations put over the article: their arcs (kept as ``drawn`` for clicks
        and tooltips on their tags, once laid out) and the selected one's ends' outlines."""
        article, relations = self.window.article, self.relations
        arcs, outlines = relation_arcs(article, relations.shown(), relations.colour_of, relations.current_id,
                                       article.workspace.current, self.label_all)
        self.drawn = sorted(arcs, key=lambda arc: arc.layer)  # the last is on top
        return arcs, outlines

    def paint_pick(self, painter: QPainter) -> None:
        """A relation being made, over everything: its head, and its candidates' numbers."""
        article, relations = self.window.article, self.relations
        head = article.workspace.spans.get(relations.head) if relations.head is not None else None
        self.badges = paint_pick(article, painter, head, relations.candidates) if head is not None else []

    def set_label_all(self, shown: bool) -> None:
        """Draw every relation with its type (True) or only the current span's."""
        self.label_all = shown
        self.window.article.viewport().update()

    def tip_at(self, point: QPoint) -> str | None:
        """The tooltip over a relation's type tag: the relation, its status and source, its
        attributes and note; None elsewhere."""
        for arc in reversed(self.drawn):
            relation = self.relations.relations.get(arc.relation_id)
            if relation is not None and arc.tag.contains(QPointF(point)):
                words = escape(self.relations.words(relation.type, relation.head_span_id, relation.child_span_id))
                return "<br>".join([f"<b>{words}</b>", f"{relation.status.value} · source: {escape(relation.source)}",
                                    *relation_details(relation)])
        return None

    def click_point(self, point: QPoint) -> bool:
        """A click on a relation's type tag selects the relation (True: it was used)."""
        for arc in reversed(self.drawn):  # the last drawn is on top
            if arc.tag.contains(QPointF(point)):
                self.relations.select(arc.relation_id)
                return True
        return False
