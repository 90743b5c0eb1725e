"""The open document's relations and equivalence sets: which relation is selected, whether a
new relation is being made (its head chosen, the other end still to pick) and the spans it
could reach. Every change is a domain gesture through the workspace (one transaction, one
undo step); this object keeps view state only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from annotate import operations
from annotate.actions import Action
from annotate.changes import Changes
from annotate.errors import AnnotaryError
from annotate.model import SpanStatus, StoredEquivalence, StoredRelation, StoredSpan
from annotate.relation_check import RelationWarning, candidates, check_relation
from gui.reread import reread
from gui.wording import quoted
from gui.workspace import Workspace

MAX_CANDIDATES = 9  # chosen with the keys 1-9
GREY = "#888888"  # a relation type the schema lacks


class RelationController(QObject):
    """Relations of the workspace's document, the selected one, and a relation being made."""

    relationsChanged = Signal()
    currentRelationChanged = Signal(object)  # relation id or None
    pickChanged = Signal(object)  # the head span id of a relation being made, or None

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.relations: dict[int, StoredRelation] = {}
        self.equivalences: list[StoredEquivalence] = []
        self.current_id: int | None = None
        self.head: int | None = None  # a relation is being made from this span
        self.candidates: list[StoredSpan] = []
        workspace.documentOpened.connect(self._opened)
        workspace.changed.connect(self._changed)
        workspace.currentChanged.connect(self._current_span_changed)
        workspace.spansChanged.connect(lambda _ids: self._refresh_candidates())

    # -- state ------------------------------------------------------------------------------
    def _opened(self, _document_id: int) -> None:
        self.cancel()
        self.current_id = None
        self.reload()
        self.currentRelationChanged.emit(None)

    def reload(self) -> None:
        """Read the open document's relations and equivalence sets again (another window may
        have changed them), keeping the selection where it still exists."""
        doc = self.ws.document
        if doc is None:
            return
        repo = self.ws.session.repo
        self.relations = {r.id: r for r in repo.relations(doc.id)}
        self.equivalences = repo.equivalences(doc.id)
        self._relations_changed()

    def _changed(self, changes: Changes) -> None:
        """Read again only the relations the step touched (and the sets, when it touched one)."""
        doc, repo = self.ws.document, self.ws.session.repo
        if doc is None or not (changes.relations or changes.equivalences or changes.spans):
            return
        self.relations = reread(self.relations, changes.relations, repo.relation, doc.id)
        if changes.equivalences:
            self.equivalences = repo.equivalences(doc.id)
        self._relations_changed()

    def _relations_changed(self) -> None:
        if self.current_id not in self.relations:
            self._set_current(None)
        if self.head is not None and self.head not in self.ws.spans:
            self.cancel()
        self._refresh_candidates()
        self.relationsChanged.emit()

    def _current_span_changed(self, span_id: int | None) -> None:
        current = self.current()
        if current is not None and span_id not in (current.head_span_id, current.child_span_id):
            self._set_current(None)

    def _set_current(self, relation_id: int | None) -> None:
        if relation_id != self.current_id:
            self.current_id = relation_id
            self.currentRelationChanged.emit(relation_id)

    def current(self) -> StoredRelation | None:
        """The selected relation (accept, reject and delete act on it)."""
        return self.relations.get(self.current_id) if self.current_id is not None else None

    def shown(self) -> list[StoredRelation]:
        """The relations drawn: both ends shown, rejected ones only with rejected spans shown."""
        spans, ws = self.ws.spans, self.ws
        return [
            r for r in self.relations.values()
            if r.head_span_id in spans and r.child_span_id in spans
            and ws.visible(spans[r.head_span_id]) and ws.visible(spans[r.child_span_id])
            and (ws.show_rejected or r.status != SpanStatus.REJECTED)
        ]

    def select(self, relation_id: int | None) -> None:
        """Select a relation (its head becomes the current span), or none."""
        relation = self.relations.get(relation_id) if relation_id is not None else None
        if relation is None:
            self._set_current(None)
            return
        self.current_id = relation.id  # first, so making its head current keeps it
        self.ws.set_current(relation.head_span_id)
        self.currentRelationChanged.emit(relation.id)

    def select_next(self) -> None:
        """Select the next relation of the current span (of the article, with none current)."""
        span_id = self.ws.current
        ids = [r.id for r in self.shown() if span_id is None or span_id in (r.head_span_id, r.child_span_id)]
        if not ids:
            self.ws.message.emit("No relation here: R relates the current span to another one.")
            return
        following = ids[(ids.index(self.current_id) + 1) % len(ids)] if self.current_id in ids else ids[0]
        self.select(following)
        if span_id is not None and span_id != self.ws.current and span_id in self.ws.spans:
            self.ws.set_current(span_id)  # stepping through a span's relations keeps it current

    def colour_of(self, type_name: str) -> str:
        """A relation type's colour in the project's schema as it is now (grey for a type it
        lacks): the one colour of the type in the prompt, the list and the arcs."""
        found = self.ws.session.schema.relation_type(type_name)
        return found.colour if found is not None else GREY

    def warnings(self, relation: StoredRelation) -> list[RelationWarning]:
        """The relation's problems (never blocking)."""
        return check_relation(relation, self.ws.session.schema, self.ws.spans)

    def same_as(self, span_id: int) -> list[int]:
        """The other members of the equivalence sets a span is in, in set order."""
        found: list[int] = []
        for equivalence in self.equivalences:
            if span_id in equivalence.span_ids:
                found += [i for i in equivalence.span_ids if i != span_id and i not in found]
        return found

    def of_span(self, span_id: int) -> list[StoredRelation]:
        """The relations with ``span_id`` at either end."""
        return [r for r in self.relations.values() if span_id in (r.head_span_id, r.child_span_id)]

    # -- making a relation --------------------------------------------------------------------
    def start(self, head_span_id: int) -> None:
        """Begin a relation from this span; the other end is picked next."""
        self._set_current(None)
        self.head = head_span_id
        self._refresh_candidates()
        self.pickChanged.emit(head_span_id)

    def cancel(self) -> None:
        """Stop making a relation."""
        if self.head is not None:
            self.head = None
            self.candidates = []
            self.pickChanged.emit(None)

    def candidate(self, number: int) -> StoredSpan | None:
        """Candidate ``number`` (1-based), or None (and a message)."""
        if 1 <= number <= len(self.candidates):
            return self.candidates[number - 1]
        self.ws.message.emit(f"No candidate {number}: click the other span, or Tab to it and press R.")
        return None

    def _refresh_candidates(self) -> None:
        head = self.ws.spans.get(self.head) if self.head is not None else None
        doc = self.ws.document
        if head is None or doc is None:
            self.candidates = []
            return
        shown = [self.ws.spans[i] for i in self.ws.order]
        found = candidates(head, self.ws.session.schema, shown, self.ws.session.sentences(doc.id))
        self.candidates = found[:MAX_CANDIDATES]

    # -- gestures -----------------------------------------------------------------------------
    def words(self, type_name: str, head_span_id: int, child_span_id: int) -> str:
        """A relation in words: ``Located: “Putin” → “Moscow”``."""
        spans, doc = self.ws.spans, self.ws.document
        text = doc.text if doc else ""

        def cover(span_id: int) -> str:
            span = spans.get(span_id)
            return quoted(span.text_in(text)) if span is not None else "?"

        return f"{type_name}: {cover(head_span_id)} → {cover(child_span_id)}"

    def relate(self, head_span_id: int, child_span_id: int, type_name: str) -> Changes | None:
        """Make the relation (ending the pick); None when nothing was made. The status bar says
        what was made."""
        self.cancel()
        return self._perform(operations.relate, head_span_id, child_span_id, type_name,
                             nothing=f"That {type_name.strip()} relation is there already.",
                             done=lambda _a: self.words(type_name.strip(), head_span_id, child_span_id))

    def accept_current(self) -> None:
        """Accept the selected relation (and its proposed ends)."""
        relation = self.current()
        if relation is not None:
            self._perform(operations.accept_relation, relation.id, nothing=f"{relation.type} is accepted already.",
                          done=lambda _a: "Accepted " + self._words_of(relation))

    def reject_current(self) -> None:
        """Reject the selected relation (your own is deleted)."""
        relation = self.current()
        if relation is not None:
            self._perform(operations.reject_relation, relation.id, nothing=f"{relation.type} is rejected already.",
                          done=lambda a: ("Deleted " if a.name == "delete_relation" else "Rejected ")
                          + self._words_of(relation))

    def delete_current(self) -> None:
        """Delete the selected relation."""
        relation = self.current()
        if relation is not None:
            self._perform(operations.delete_relation, relation.id, done=lambda _a: "Deleted " + self._words_of(relation))

    def change_type_current(self, type_name: str) -> None:
        """Give the selected relation another type (a proposal so edited is accepted)."""
        relation = self.current()
        if relation is not None:
            self._perform(operations.change_relation_type, relation.id, type_name,
                          nothing=f"It is a {type_name} relation already.",
                          done=lambda _a: f"Now {self.words(type_name.strip(), relation.head_span_id, relation.child_span_id)}"
                          f" (was {relation.type})")

    def _words_of(self, relation: StoredRelation) -> str:
        return self.words(relation.type, relation.head_span_id, relation.child_span_id)

    def _perform(self, gesture: Callable[..., Action | None], *args: object, nothing: str = "",
                 done: Callable[[Action], str] | None = None) -> Changes | None:
        """Apply a gesture; ``done(action)`` is what the status bar then says it did (the
        ends' words are read before the step, which may delete them)."""
        try:
            action = gesture(self.ws.session.repo, *args)
        except AnnotaryError as exc:
            self.ws.message.emit(str(exc))
            return None
        said = done(action) if done is not None and action is not None else ""
        changes = self.ws.perform(action, nothing)
        if changes is not None and said:
            self.ws.message.emit(said)
        return changes
