"""The window's state over a session: the open document, its spans, the current span, and the
undo stack. Every change goes through a domain action; nothing here writes SQL."""

from __future__ import annotations

import re
from operator import attrgetter
from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import Any, Literal
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotate import operations, review_order
from annotate.operations import propagation
from annotate.actions import Action
from annotate.changes import Changes
from annotate.operations.documents import Decision
from annotate.errors import AnnotaryError, StorageError
from annotate.fault_log import report_line
from annotate.model import DocStatus, Span, SpanStatus, StoredDocument, StoredSpan
from annotate.session import Session
from gui.wording import delete_question

_WORDS = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def regex_bounds(text: str) -> list[tuple[int, int]]:
    """Token bounds before spaCy's tokenizer is ready: words and single punctuation marks."""
    return [m.span() for m in _WORDS.finditer(text)]


class Workspace(QObject):
    """What the window shows and edits. Signals say what changed so views redraw little."""

    documentOpened = Signal(int)
    spansChanged = Signal(object)  # a set of span ids, or None for "all of them"
    currentChanged = Signal(object)  # span id or None
    changed = Signal(object)  # the Changes of a step applied, undone or redone on the open document
    message = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.undo_stack = QUndoStack(self)
        self.document: StoredDocument | None = None
        self.spans: dict[int, StoredSpan] = {}
        self.order: list[int] = []  # visible span ids by (start, end)
        self._starts: list[int] = []  # their starts, for bisecting
        self._longest = 0  # the longest visible span, so a bisect on starts finds overlaps
        self.current: int | None = None
        self.show_rejected = False
        self.tokenizer: Callable[[str], Any] | None = None  # spaCy's, set by the worker once spaCy has loaded
        self._bounds: list[tuple[int, int]] | None = None
        self.opened_at = datetime.now(UTC).strftime("%Y-%m-%d")
        # Asked (title, question) before deleting a span that events or relations use; the
        # window shows a dialog.
        self.confirm: Callable[[str, str], bool] = lambda _title, _text: True
        # document id -> (change stamp when read, document, its spans)
        self._prefetched: dict[int, tuple[tuple[int, int], StoredDocument, list[StoredSpan]]] = {}

    # -- documents ------------------------------------------------------------------------
    def prefetch(self, document_ids: Iterable[int]) -> None:
        """Read documents the annotator is likely to open next (the neighbours), while they
        read this one: opening one then skips the database unless anything has changed."""
        repo = self.session.repo
        stamp = repo.change_stamp()
        self._prefetched = {i: e for i, e in self._prefetched.items() if e[0] == stamp}
        for document_id in document_ids:
            if document_id not in self._prefetched:
                self._prefetched[document_id] = (stamp, repo.document(document_id), repo.spans(document_id))

    def open_document(self, document_id: int) -> None:
        """Show a document (its spans; the first proposal in score order current)."""
        repo = self.session.repo
        cached = self._prefetched.pop(document_id, None)
        if cached is not None and cached[0] == repo.change_stamp():
            self.document, spans = cached[1], cached[2]
        else:
            self.document, spans = repo.document(document_id), repo.spans(document_id)
        self._bounds = None
        self._set_spans(spans)
        self.current = self.next_proposal_after(None)
        if self.current is None and self.order:
            self.current = self.order[0]
        self.documentOpened.emit(document_id)
        self.currentChanged.emit(self.current)

    def _load_spans(self) -> None:
        assert self.document is not None and self.document.id is not None
        self._set_spans(self.session.repo.spans(self.document.id))

    def _set_spans(self, spans: list[StoredSpan]) -> None:
        self.spans = {s.id: s for s in spans}
        self._reorder()

    def _reorder(self) -> None:
        visible = (s for s in self.spans.values() if self.show_rejected or s.status != SpanStatus.REJECTED)
        ordered = sorted(visible, key=attrgetter("start", "end", "id"))
        self.order = [s.id for s in ordered]
        self._starts = [s.start for s in ordered]
        self._longest = max((s.end - s.start for s in ordered), default=0)

    def visible(self, span: Span) -> bool:
        """Whether a span is drawn."""
        return self.show_rejected or span.status != SpanStatus.REJECTED

    def set_show_rejected(self, show: bool) -> None:
        """Show rejected proposals (struck through) or hide them."""
        self.show_rejected = show
        self._reorder()
        self.spansChanged.emit(None)

    def token_bounds(self) -> list[tuple[int, int]]:
        """Token bounds of the open document (spaCy's tokenizer when loaded)."""
        if self._bounds is None:
            assert self.document is not None
            text = self.document.text
            if self.tokenizer is not None:
                self._bounds = [(t.idx, t.idx + len(t.text)) for t in self.tokenizer(text)]
            else:
                self._bounds = regex_bounds(text)  # replaced once spaCy's tokenizer arrives
        return self._bounds

    def set_tokenizer(self, tokenizer: Callable[[str], Any]) -> None:
        """Use spaCy's tokenizer for snapping from now on."""
        self.tokenizer = tokenizer
        self._bounds = None

    # -- the current span -----------------------------------------------------------------
    def current_span(self) -> StoredSpan | None:
        """The span keys act on."""
        return self.spans.get(self.current) if self.current is not None else None

    def set_current(self, span_id: int | None) -> None:
        """Make a span current."""
        if span_id != self.current:
            self.current = span_id
            self.currentChanged.emit(span_id)

    def step(self, delta: int) -> None:
        """Move the current span forward (Tab) or back (Shift+Tab), wrapping around."""
        if not self.order:
            self.set_current(None)
            return
        if self.current not in self.spans or self.current not in self.order:
            self.set_current(self.order[0 if delta > 0 else -1])
            return
        index = self.order.index(self.current)
        self.set_current(self.order[(index + delta) % len(self.order)])

    def next_proposal_after(self, span_id: int | None) -> int | None:
        """The proposal offered after ``span_id`` (A, Enter and X move on to it; an opened
        article starts on it), by :func:`annotate.review_order.next_proposal`: the best score
        first, in reading order after ``span_id``; the arguments of a proposed event come
        with its trigger. (Tab and Shift+Tab go through all spans in reading order.)"""
        span = self.spans.get(span_id) if span_id is not None else None
        return self.next_proposal_from((span.start, span.end, span.id) if span is not None else None)

    def next_proposal_from(self, place: review_order.Position | None) -> int | None:
        """The proposal offered after a place in reading order (a span's start, end and id,
        even of one no longer shown)."""
        if self.document is None:
            return None
        skip = review_order.offered_with_event(self.session.repo.events(self.document.id), self.spans)
        return review_order.next_proposal([self.spans[i] for i in self.order], place, skip)

    def span_at(self, offset: int) -> StoredSpan | None:
        """The innermost visible span covering a code-point offset (in one of its fragments:
        the gap of a discontinuous span is not the span)."""
        found = self.spans_at(offset)
        return found[0] if found else None

    def spans_at(self, offset: int) -> list[StoredSpan]:
        """Every visible span covering a code-point offset (in one of its fragments), the
        innermost first (the shortest; in reading order among equals)."""
        covering = [span for span in self.spans_between(offset, offset + 1)
                    if not span.fragments or any(s <= offset < e for s, e in span.fragments)]
        return sorted(covering, key=lambda span: span.end - span.start)  # stable: reading order kept

    def spans_between(self, start: int, end: int) -> list[StoredSpan]:
        """Visible spans that start before ``end`` and end after ``start`` (for painting)."""
        hi = bisect_left(self._starts, end)
        lo = bisect_left(self._starts, start - self._longest)
        return [self.spans[i] for i in self.order[lo:hi] if self.spans[i].end > start]

    # -- applying actions -----------------------------------------------------------------
    def perform(self, action: Action | None, nothing: str = "") -> Changes | None:
        """Apply what a gesture means (one transaction, one undo step). None for a gesture
        that changes nothing (``nothing`` says so in the status bar) or a step that failed."""
        from gui.undo import ActionCommand

        if action is None:
            if nothing:
                self.message.emit(nothing)
            return None
        changes = self._run(self.session.apply, action)
        if changes is None or not changes.applied:
            if changes is not None and nothing:
                self.message.emit(nothing)
            return None
        self.undo_stack.push(ActionCommand(self, action, action.description or action.name, changes.log_id))
        self._after(changes)
        return changes

    def replay(self, action: Action, row: int | None = None) -> bool:
        """Redo an undone action (from the undo stack). False when it could not be saved."""
        self._show(action)
        changes = self._run(lambda a: self.session.apply(a, replays=row), action)
        if changes is None:
            return False
        self._after(changes)
        return True

    def rewind(self, action: Action, row: int | None = None) -> bool:
        """Undo an action (from the undo stack), showing its document first. False when it
        could not be saved."""
        self._show(action)
        changes = self._run(lambda a: self.session.revert(a, replays=row), action)
        if changes is None:
            return False
        self._after(changes)
        return True

    def restore_undo_stack(self) -> None:
        """Rebuild the undo stack from the action log (after a restart or a crash): Ctrl+Z
        undoes the last action taken before, Ctrl+Shift+Z redoes what had been undone."""
        from gui.undo import ActionCommand

        stack, done = self.session.undo_history()
        self.undo_stack.clear()
        commands = [ActionCommand(self, action, action.description or action.name.replace("_", " "), row)
                    for action, row in stack]
        for command in commands:
            self.undo_stack.push(command)  # its first redo does nothing
        for command in reversed(commands[done:]):
            command.mute_next()
            self.undo_stack.undo()  # only moves the index back: these were undone before
        self.undo_stack.setClean()

    def _run(self, step: Callable[[Action], Changes], action: Action) -> Changes | None:
        """Apply or revert; a refusal or a fault (a lock another process held too long, a full
        disk) becomes one line in the status bar, and the screen goes back to what is stored."""
        try:
            return step(action)
        except AnnotaryError as exc:
            self.message.emit(str(exc) if not isinstance(exc, StorageError) else report_line(exc, "window"))
            if isinstance(exc, StorageError):
                self.reload()
            return None
        except Exception as exc:  # a bug or a conflict the domain did not foresee: rolled back
            self.message.emit(report_line(exc, "window"))
            self.reload()
            return None

    def reload(self) -> None:
        """Read the open document again (another process changed it, or a write failed),
        keeping the current span where it still exists."""
        if self.document is None or self.document.id is None:
            return
        current = self.current
        self._prefetched.clear()
        try:
            self.open_document(self.document.id)
        except AnnotaryError as exc:
            self.message.emit(report_line(exc, "window"))
            return
        if current is not None and current in self.spans and current != self.current:
            self.set_current(current)

    def reload_if_changed(self) -> bool:
        """After another process wrote to the project: read the open document again only when
        its text's spans or its status differ from what is shown, so a write to another
        document (a proposal batch, another window) keeps the selection, the scroll position
        and an armed role. Returns whether it read it again."""
        if self.document is None:
            return False
        repo = self.session.repo
        try:
            stored = repo.document(self.document.id)
            spans = repo.spans(self.document.id)
        except AnnotaryError as exc:
            self.message.emit(report_line(exc, "window"))
            return False
        if stored == self.document and {s.id: s for s in spans} == self.spans:
            return False
        self.reload()
        return True

    def _show(self, action: Action) -> None:
        if action.document_id is not None and (self.document is None or self.document.id != action.document_id):
            self.open_document(action.document_id)

    def _after(self, changes: Changes) -> None:
        """Show what a step changed: only the spans it wrote are read again."""
        if self.document is None or self.document.id not in changes.documents:
            return
        doc_id = self.document.id
        if doc_id in changes.statuses:
            self.document = self.session.repo.document(doc_id)
        fresh = self.session.repo.spans_by_id(changes.spans, include_deleted=False) if changes.spans else {}
        moved = False
        for span_id in changes.spans:
            before = self.spans.get(span_id)
            after = fresh.get(span_id)
            if after is not None and after.document_id != doc_id:
                after = None
            if after is None:
                self.spans.pop(span_id, None)  # deleted or undone
            else:
                self.spans[span_id] = after
            moved = moved or after is None or before is None or (before.start, before.end) != (
                after.start, after.end) or self.visible(before) != self.visible(after)
        if moved:  # reading order changes only when a span appears, moves or hides
            self._reorder()
        if self.current is not None and self.current not in self.order:
            self.current = None
            self.currentChanged.emit(None)
        self.spansChanged.emit(set(changes.spans))
        self.changed.emit(changes)

    # -- annotation commands (what keys do; what they mean is annotate.operations) ---------
    def _current_or_say(self) -> StoredSpan | None:
        span = self.current_span()
        if span is None:
            self.message.emit("No current span: Tab moves to the next one.")
        return span

    def _plan(self, gesture: Callable[..., Action | None], *args: object) -> Action | None | Literal[False]:
        """A gesture's action; False (and a message) when the domain refuses it."""
        try:
            return gesture(self.session.repo, *args)
        except AnnotaryError as exc:
            self.message.emit(str(exc))
            return False

    def accept_current(self) -> None:
        """Accept the current span and move to the next proposal."""
        span = self._current_or_say()
        if span is None:
            return
        action = self._plan(propagation.accept_propagating, span.id)
        if action is False:
            return
        if action is None or self.perform(action):
            self.set_current(self.next_proposal_after(span.id) or span.id)
            self._say_proposed(action, span)

    def reject_current(self) -> None:
        """Reject the current proposal (your own span is deleted) and move on."""
        span = self._current_or_say()
        if span is None:
            return
        action = self._plan(operations.reject, span.id)
        if action is False:
            return
        if action and action.name == "delete_span":  # your own span: deleting it asks first
            using = self.session.repo.events_using_span(span.id)
            related = self.session.repo.relations_using_spans([span.id])
            if using or related:
                text = self.document.text if self.document else ""
                if not self.confirm(*delete_question(span, text, using, related, self.spans)):
                    return
        if self.perform(action, f"{span.label} is rejected already."):
            # After the step: a rejected trigger's arguments are offered on their own now.
            self.set_current(self.next_proposal_from((span.start, span.end, span.id)))
            self._say_left(span)

    def accept_all(self) -> None:
        """Accept every remaining proposal of the document as one undo step."""
        if self.document is None:
            return
        self.perform(self._plan(operations.accept_all, self.document.id) or None, "No proposals left in this article.")

    def label_selection_or_current(self, label: str, start: int | None, end: int | None, snap_tokens: bool) -> None:
        """With a selection: create a span there (snapped to tokens unless ``snap_tokens`` is
        off). Without: relabel the current span."""
        if self.document is None:
            return
        if start is not None and end is not None and start != end:
            bounds = self.token_bounds() if snap_tokens else None
            try:
                lo, hi = operations.selection_range(self.session.repo, self.document.id, start, end, bounds)
            except AnnotaryError as exc:
                self.message.emit(str(exc))
                return
            action = self._plan(propagation.label_propagating, self.document.id, lo, hi, label)
            if action is not False and self.perform(action):
                self._say_proposed(action, Span(self.document.id, lo, hi, label))
            made = next((s for s in self.spans_between(lo, hi) if (s.start, s.end, s.label) == (lo, hi, label)), None)
            if made is not None:
                self.set_current(made.id)
            return
        span = self.current_span()
        if span is None:
            self.message.emit("Select text or Tab to a span first.")
            return
        action = self._plan(propagation.relabel_propagating, span.id, label)
        if action is not False and self.perform(action):
            self._say_proposed(action, span)

    def label_all_in_project(self) -> None:
        """Propose the current span's text as its label in every document of the project (one
        step; a proposal is accepted too), and say how many in how many documents."""
        span = self._current_or_say()
        if span is None:
            return
        try:  # documents done or skipped are left out: the message says how many
            plan = propagation.plan_label_all(self.session.repo, span.id)
        except AnnotaryError as exc:
            self.message.emit(str(exc))
            return
        if self.perform(plan.action, plan.message()):
            self.message.emit(plan.message())

    def _say_proposed(self, action: Action | None, span: Span) -> None:
        """After a gesture that proposed the span's text elsewhere in the article: how often."""
        count, _ = propagation.proposed_by(action)
        if count and self.document is not None:
            text = span.text_in(self.document.text)
            self.message.emit(f"{count} more “{text}” proposed as {span.label} in this article (Ctrl+Z takes them back).")

    def _say_left(self, span: StoredSpan) -> None:
        """After a reject: proposals labelled from the same text stay, for deciding one by one."""
        if self.document is None:
            return
        left = propagation.propagated_from(list(self.spans.values()), self.document.text, span)
        if left:
            self.message.emit(f"{len(left)} proposal(s) of the same text stay proposals: X rejects each.")
    def resize_current(self, edge: str, direction: int) -> None:
        """Move the current span's start or end by one token (``edge`` is 'start' or 'end')."""
        span = self.current_span()
        if span is None or self.document is None:
            return
        action = self._plan(operations.resize_by_token, span.id, edge, direction, self.token_bounds())
        if action is not False:
            self.perform(action)

    def set_status(self, status: DocStatus, proposals: Decision | None = None) -> bool:
        """Mark the open document. Marking done with unreviewed proposals raises
        UnreviewedProposals unless ``proposals`` ("accept" or "reject") says what to do."""
        if self.document is None:
            return False
        if status == DocStatus.DONE:
            action = operations.mark_done(self.session.repo, self.document.id, proposals)
        else:
            action = operations.set_status(self.session.repo, self.document.id, status)
        if action is None:
            return True  # already so: nothing to do, and nothing logged
        return self.perform(action) is not None

    def accepted_today(self) -> int:
        """Spans accepted since midnight UTC."""
        return self.session.repo.accepted_since(self.opened_at)
