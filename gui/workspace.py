"""The window's state over a session: the open document, its spans, the current span, and the
undo stack. Every change goes through a domain action; nothing here writes SQL."""

from __future__ import annotations

import re
from operator import attrgetter
from bisect import bisect_left
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotate.actions import (
    AcceptSpan,
    Action,
    Composite,
    EVENT_ONLY_ACTIONS,
    CreateSpan,
    DeleteSpan,
    RejectSpan,
    RelabelSpan,
    ResizeSpan,
    SetDocumentStatus,
    event_status_steps,
)
from annotate.errors import AnnotaryError, StorageError
from annotate.fault_log import report_line
from annotate.model import SOURCE_USER, Document, DocStatus, Span, SpanStatus
from annotate.session import Session
from annotate.snapping import snap

_WORDS = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def regex_bounds(text: str) -> list[tuple[int, int]]:
    """Token bounds before spaCy's tokenizer is ready: words and single punctuation marks."""
    return [m.span() for m in _WORDS.finditer(text)]


class Workspace(QObject):
    """What the window shows and edits. Signals say what changed so views redraw little."""

    documentOpened = Signal(int)
    spansChanged = Signal(object)  # a set of span ids, or None for "all of them"
    currentChanged = Signal(object)  # span id or None
    documentStatusChanged = Signal(int)
    actionDone = Signal(object)  # the action applied, undone or redone on the open document
    message = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.undo_stack = QUndoStack(self)
        self.document: Document | None = None
        self.spans: dict[int, Span] = {}
        self.order: list[int] = []  # visible span ids by (start, end)
        self._starts: list[int] = []  # their starts, for bisecting
        self._longest = 0  # the longest visible span, so a bisect on starts finds overlaps
        self.current: int | None = None
        self.show_rejected = False
        self.tokenizer = None  # spaCy's, set by the worker once spaCy has loaded
        self._bounds: list[tuple[int, int]] | None = None
        self.opened_at = datetime.now(UTC).strftime("%Y-%m-%d")
        # Asked before deleting a span that events use; the window shows a dialog.
        self.confirm: Callable[[str], bool] = lambda _text: True
        # document id -> (change stamp when read, document, its spans)
        self._prefetched: dict[int, tuple[tuple[int, int], Document, list[Span]]] = {}

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
        """Show a document (its spans, first proposal current)."""
        repo = self.session.repo
        cached = self._prefetched.pop(document_id, None)
        if cached is not None and cached[0] == repo.change_stamp():
            self.document, spans = cached[1], cached[2]
        else:
            self.document, spans = repo.document(document_id), repo.spans(document_id)
        self._bounds = None
        self._set_spans(spans)
        self.current = next((i for i in self.order if self.spans[i].status == SpanStatus.PROPOSED), None)
        if self.current is None and self.order:
            self.current = self.order[0]
        self.documentOpened.emit(document_id)
        self.currentChanged.emit(self.current)

    def _load_spans(self) -> None:
        assert self.document is not None and self.document.id is not None
        self._set_spans(self.session.repo.spans(self.document.id))

    def _set_spans(self, spans: list[Span]) -> None:
        self.spans = {s.id: s for s in spans}  # type: ignore[misc]
        self._reorder()

    def _reorder(self) -> None:
        visible = (s for s in self.spans.values() if self.show_rejected or s.status != SpanStatus.REJECTED)
        ordered = sorted(visible, key=attrgetter("start", "end", "id"))
        self.order = [s.id for s in ordered]  # type: ignore[misc]
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

    def set_tokenizer(self, tokenizer: object) -> None:
        """Use spaCy's tokenizer for snapping from now on."""
        self.tokenizer = tokenizer
        self._bounds = None

    # -- the current span -----------------------------------------------------------------
    def current_span(self) -> Span | None:
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
        """The next proposed span after ``span_id`` in reading order (wrapping), if any."""
        if not self.order:
            return None
        start = self.order.index(span_id) + 1 if span_id in self.order else 0
        for i in list(range(start, len(self.order))) + list(range(0, start)):
            if self.spans[self.order[i]].status == SpanStatus.PROPOSED:
                return self.order[i]
        return None

    def span_at(self, offset: int) -> Span | None:
        """The innermost visible span covering a code-point offset."""
        best = None
        for span in self.spans_between(offset, offset + 1):
            if best is None or span.end - span.start < best.end - best.start:
                best = span
        return best

    def spans_between(self, start: int, end: int) -> list[Span]:
        """Visible spans that start before ``end`` and end after ``start`` (for painting)."""
        hi = bisect_left(self._starts, end)
        lo = bisect_left(self._starts, start - self._longest)
        return [self.spans[i] for i in self.order[lo:hi] if self.spans[i].end > start]

    # -- applying actions -----------------------------------------------------------------
    def apply(self, action: Action, text: str) -> bool:
        """Apply an action (one transaction, one undo step). Errors become a message."""
        from gui.undo import ActionCommand

        doc = self.document
        if doc is not None and doc.status == DocStatus.NEW and not isinstance(action, SetDocumentStatus):
            # Touching a new document puts it in progress, in the same undo step.
            action = Composite(action.name, [action, SetDocumentStatus(doc.id, DocStatus.IN_PROGRESS)], doc.id)  # type: ignore[arg-type]
        if not self._run(self.session.apply, action):
            return False
        self.undo_stack.push(ActionCommand(self, action, text))
        self._after(action)
        return True

    def replay(self, action: Action) -> bool:
        """Redo an undone action (from the undo stack). False when it could not be saved."""
        self._show(action)
        if not self._run(self.session.apply, action):
            return False
        self._after(action)
        return True

    def rewind(self, action: Action) -> bool:
        """Undo an action (from the undo stack), showing its document first. False when it
        could not be saved."""
        self._show(action)
        if not self._run(self.session.revert, action):
            return False
        self._after(action)
        return True

    def _run(self, step: Callable[[Action], object], action: Action) -> bool:
        """Apply or revert; a refusal or a fault (a lock another process held too long, a full
        disk) becomes one line in the status bar, and the screen goes back to what is stored."""
        try:
            step(action)
        except AnnotaryError as exc:
            self.message.emit(str(exc) if not isinstance(exc, StorageError) else report_line(exc, "window"))
            if isinstance(exc, StorageError):
                self.reload()
            return False
        return True

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

    def _show(self, action: Action) -> None:
        if action.document_id is not None and (self.document is None or self.document.id != action.document_id):
            self.open_document(action.document_id)

    def _after(self, action: Action) -> None:
        if self.document is None or action.document_id != self.document.id:
            return
        old_status = self.document.status
        self.document = self.session.repo.document(self.document.id)  # type: ignore[arg-type]
        changed = self._touched(action)
        if changed is None:
            self._load_spans()
        else:
            moved = False
            for span_id in changed:
                before = self.spans.get(span_id)
                try:
                    after = self.spans[span_id] = self.session.repo.span(span_id)
                except AnnotaryError:
                    self.spans.pop(span_id, None)  # deleted or undone
                    after = None
                moved = moved or after is None or before is None or (before.start, before.end) != (
                    after.start, after.end) or self.visible(before) != self.visible(after)
            if moved:  # reading order changes only when a span appears, moves or hides
                self._reorder()
        if self.current is not None and self.current not in self.order:
            self.current = None
            self.currentChanged.emit(None)
        self.spansChanged.emit(changed)
        self.actionDone.emit(action)
        if self.document.status != old_status or isinstance(action, SetDocumentStatus):
            self.documentStatusChanged.emit(self.document.id)

    @staticmethod
    def _touched(action: Action) -> set[int] | None:
        """Span ids an action changed, or None when it may have changed many."""
        if isinstance(action, Composite):
            ids: set[int] = set()
            for child in action.children:
                if isinstance(child, SetDocumentStatus):
                    continue
                sub = Workspace._touched(child)
                if sub is None:
                    return None
                ids |= sub
            return ids
        if isinstance(action, (SetDocumentStatus, *EVENT_ONLY_ACTIONS)):
            return set()  # events only: no span changed
        if isinstance(action, CreateSpan):
            return {action.span_id} if action.span_id is not None else None
        span_id = getattr(action, "span_id", None)
        return {span_id} if isinstance(span_id, int) and not isinstance(action, DeleteSpan) else None

    # -- annotation commands (what keys do) ------------------------------------------------
    def accept_current(self) -> None:
        """Accept the current span and move to the next proposal."""
        span = self.current_span()
        if span is None:
            self.message.emit("No current span: Tab moves to the next one.")
            return
        action = self._with_events(AcceptSpan(span.id), [span.id], SpanStatus.ACCEPTED)  # type: ignore[arg-type]
        if self.apply(action, f"Accept {span.label}"):
            self.set_current(self.next_proposal_after(span.id) or span.id)

    def reject_current(self) -> None:
        """Reject the current proposal (a user's own span is deleted) and move on."""
        span = self.current_span()
        if span is None:
            self.message.emit("No current span: Tab moves to the next one.")
            return
        following = self.next_proposal_after(span.id)
        if span.source == SOURCE_USER:
            using = self.session.repo.events_using_span(span.id)  # type: ignore[arg-type]
            if using and not self.confirm(
                f"{span.label} “{span.text_in(self.document.text)}” is used by {len(using)} event(s) "  # type: ignore[union-attr]
                "as trigger or argument. Delete it? (An event loses that argument; an event "
                "it triggers is deleted. Undo restores everything.)"
            ):
                return
            done = self.apply(DeleteSpan(span.id), f"Delete {span.label}")  # type: ignore[arg-type]
        else:
            action = self._with_events(RejectSpan(span.id), [span.id], SpanStatus.REJECTED)  # type: ignore[arg-type]
            done = self.apply(action, f"Reject {span.label}")
        if done:
            self.set_current(following if following != span.id else None)

    def accept_all(self) -> None:
        """Accept every remaining proposal of the document as one undo step."""
        proposals = [s for s in self.spans.values() if s.status == SpanStatus.PROPOSED]
        if not proposals or self.document is None:
            self.message.emit("No proposals left in this article.")
            return
        accept = Composite("accept_all", [AcceptSpan(s.id) for s in proposals], self.document.id)  # type: ignore[arg-type]
        action = self._with_events(accept, [s.id for s in proposals], SpanStatus.ACCEPTED)  # type: ignore[misc]
        self.apply(action, f"Accept all ({len(proposals)})")

    def _with_events(self, action: Action, span_ids: list[int], status: SpanStatus) -> Action:
        """Accepting or rejecting a trigger does the same to the proposed events it triggers
        (accepting one accepts its proposed arguments too)."""
        assert self.document is not None
        triggers = set(span_ids)
        repo = self.session.repo
        # One indexed lookup per span for a key press; the whole document's events for "all".
        candidates = (
            [e for i in triggers for e in repo.events_using_span(i)] if len(triggers) <= 8
            else repo.events(self.document.id)  # type: ignore[arg-type]
        )
        events = [e for e in {e.id: e for e in candidates}.values() if e.trigger_span_id in triggers]
        steps = event_status_steps(repo, events, status, handled=triggers)
        return Composite(action.name, [action, *steps], self.document.id) if steps else action

    def label_selection_or_current(self, label: str, start: int | None, end: int | None, snap_tokens: bool) -> None:
        """With a selection: create a span there (snapped to tokens unless ``snap_tokens`` is
        off). Without: relabel the current span."""
        if self.document is None:
            return
        if start is not None and end is not None and start != end:
            try:
                if snap_tokens:
                    start, end = snap(self.document.text, start, end, self.token_bounds())
                elif not self.document.text[min(start, end) : max(start, end)].strip():
                    raise AnnotaryError("the selection is empty or only whitespace")
            except AnnotaryError as exc:
                self.message.emit(str(exc))
                return
            start, end = min(start, end), max(start, end)
            existing = next((s for s in self.spans.values() if (s.start, s.end, s.label) == (start, end, label)), None)
            if existing is not None:
                if existing.status != SpanStatus.ACCEPTED:
                    self.apply(AcceptSpan(existing.id), f"Accept {label}")  # type: ignore[arg-type]
                self.set_current(existing.id)
                return
            action = CreateSpan(self.document.id, start, end, label)  # type: ignore[arg-type]
            if self.apply(action, f"Create {label}"):
                self.set_current(action.span_id)
            return
        span = self.current_span()
        if span is None:
            self.message.emit("Select text or Tab to a span first.")
            return
        if span.label == label:
            if span.status != SpanStatus.ACCEPTED:
                self.apply(AcceptSpan(span.id), f"Accept {label}")  # type: ignore[arg-type]
            return
        self.apply(RelabelSpan(span.id, label), f"Relabel {span.label} → {label}")  # type: ignore[arg-type]

    def resize_current(self, edge: str, direction: int) -> None:
        """Move the current span's start or end by one token (``edge`` is 'start' or 'end')."""
        span = self.current_span()
        if span is None or self.document is None:
            return
        bounds = self.token_bounds()
        starts = [b[0] for b in bounds]
        ends = [b[1] for b in bounds]
        start, end = span.start, span.end
        if edge == "start":
            i = bisect_left(starts, start)
            j = i + direction
            if 0 <= j < len(starts) and starts[j] < end:
                start = starts[j]
        else:
            i = bisect_left(ends, end)
            j = i + direction
            if 0 <= j < len(ends) and ends[j] > start:
                end = ends[j]
        if (start, end) != (span.start, span.end):
            self.apply(ResizeSpan(span.id, start, end), f"Resize {span.label}")  # type: ignore[arg-type]

    def set_status(self, status: DocStatus) -> bool:
        """Mark the open document."""
        if self.document is None:
            return False
        return self.apply(SetDocumentStatus(self.document.id, status), f"Mark {status.value}")  # type: ignore[arg-type]

    def accepted_today(self) -> int:
        """Spans accepted since midnight UTC."""
        return self.session.repo.accepted_since(self.opened_at)
