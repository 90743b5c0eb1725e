"""The base of domain actions: ``Action``, record edits and composites (see the package doc)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar, Generic, TypeVar

from annotate.errors import ActionError
from annotate.model import Event, Relation, Span
from annotate.repository import Repository


R = TypeVar("R", Span, Event, Relation)


def _span_state(span: Span) -> dict[str, Any]:
    state: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label, "status": str(span.status)}
    if span.fragments:
        state["fragments"] = [list(f) for f in span.fragments]
    return state


def _check_range(repo: Repository, document_id: int, start: int, end: int) -> None:
    text = repo.document(document_id).text
    if not (0 <= start < end <= len(text)):
        raise ActionError(
            f"span {start}-{end} is outside document {document_id} (length {len(text)}) or empty"
        )


def _check_label(repo: Repository, label: str) -> None:
    if not repo.schema().has_span_label(label):
        raise ActionError(f"label {label!r} is not in the project schema")


class Action(ABC):
    """One undoable change to a project."""

    name: ClassVar[str] = "action"
    document_id: int | None = None
    description: str = ""  # what the user did, in words ("Accept PERSON"): the undo menu's text

    @abstractmethod
    def apply(self, repo: Repository) -> None:
        """Make the change (validating first)."""

    @abstractmethod
    def revert(self, repo: Repository) -> None:
        """Undo exactly what ``apply`` did."""

    @property
    def target(self) -> str | None:
        """What the action changed, for the action log (``span:12``)."""
        return None

    def before(self) -> Any:
        """State before, for the action log."""
        return None

    def changes_nothing(self) -> bool:
        """After ``apply``: whether it left everything as it was (then it is not logged)."""
        return False

    def after(self) -> Any:
        """State after, for the action log."""
        return None


class _RecordEdit(Action, Generic[R]):
    """Base of actions that change fields of one span, event or relation: remembers the record before
    and after, so revert and redo write exactly those."""

    kind: ClassVar[str] = "record"

    def __init__(self, record_id: int) -> None:
        self.record_id = record_id
        self._old: R | None = None
        self._new: R | None = None

    @property
    def target(self) -> str | None:
        return f"{self.kind}:{self.record_id}"

    @abstractmethod
    def load(self, repo: Repository) -> R:
        """The current record."""

    @abstractmethod
    def save(self, repo: Repository, record: R) -> None:
        """Write the record's fields."""

    @abstractmethod
    def copy(self, record: R) -> R:
        """A copy safe to change."""

    @abstractmethod
    def state(self, record: R) -> dict[str, Any]:
        """The fields for the action log."""

    @abstractmethod
    def changed(self, repo: Repository, record: R) -> R:
        """The record as this action leaves it (validated)."""

    def apply(self, repo: Repository) -> None:
        current = self.load(repo)
        self.document_id = current.document_id
        if self._new is None:
            self._old = current
            self._new = self.changed(repo, self.copy(current))
        else:  # a redo: only over the record as this action found it
            self._unchanged_since(current, self._old)
        self.save(repo, self._new)

    def revert(self, repo: Repository) -> None:
        assert self._old is not None
        self._unchanged_since(self.load(repo), self._new)
        self.save(repo, self._old)

    def _unchanged_since(self, current: R, expected: R | None) -> None:
        # Another window may have edited the record meanwhile: writing the remembered copy back
        # would silently undo that edit too.
        if expected is not None and self.state(current) != self.state(expected):
            raise ActionError(f"{self.kind} {self.record_id} was changed elsewhere since; nothing was changed")

    def before(self) -> Any:
        return self.state(self._old) if self._old else None

    def after(self) -> Any:
        return self.state(self._new) if self._new else None

    def changes_nothing(self) -> bool:
        return self._old is not None and self._new is not None and self.state(self._old) == self.state(self._new)


class Composite(Action):
    """Several actions as one undo step ("accept all", a cascading delete)."""

    name = "composite"

    def __init__(self, name: str, children: list[Action], document_id: int | None = None) -> None:
        self.name = name  # type: ignore[misc]  # instance name for the log
        self.children = list(children)
        self.document_id = document_id

    def apply(self, repo: Repository) -> None:
        done: list[Action] = []
        try:
            for child in self.children:
                child.apply(repo)
                done.append(child)
        except Exception:
            # The session's transaction rolls the database back; this keeps a repository
            # without transactions (tests' in-memory ones) consistent too.
            for child in reversed(done):
                child.revert(repo)
            raise

    def revert(self, repo: Repository) -> None:
        for child in reversed(self.children):
            child.revert(repo)

    def after(self) -> Any:
        return [{"action": c.name, "target": c.target, "after": c.after()} for c in self.children]

    def changes_nothing(self) -> bool:
        return all(c.changes_nothing() for c in self.children)
