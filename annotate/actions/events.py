"""Event actions, and deleting a span (which cascades to the events that use it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, replace
from typing import Any

from annotate.actions.base import Action, Composite, _RecordEdit, _span_state
from annotate.actions.relations import DeleteRelation, LeaveEquivalence
from annotate.actions.spans import AcceptSpan, CreateSpan
from annotate.errors import ActionError
from annotate.model import SOURCE_USER, Argument, Event, Span, SpanStatus, StoredEvent
from annotate.repository import Repository


class DeleteSpan(Action):
    """Delete a span; events that use it lose that argument, or are deleted if it is their
    trigger (and the events that have those as arguments lose them); relations ending at it
    are deleted and it leaves its equivalence sets. The whole cascade is one step, and its
    undo restores everything whole."""

    name = "delete_span"

    def __init__(self, span_id: int) -> None:
        self.span_id = span_id
        self._steps: list[Action] | None = None
        self._old: Span | None = None

    @property
    def target(self) -> str | None:
        return f"span:{self.span_id}"

    def apply(self, repo: Repository) -> None:
        span = repo.span(self.span_id)
        self.document_id = span.document_id
        if self._steps is None:
            self._old = span
            self._steps = self._plan(repo, span.document_id)
        for step in self._steps:
            step.apply(repo)
        repo.set_span_deleted(self.span_id, True)

    def _plan(self, repo: Repository, document_id: int) -> list[Action]:
        using = repo.events_using_span(self.span_id)
        triggered = {e.id for e in using if e.trigger_span_id == self.span_id}
        steps: list[Action] = [DeleteEvent(i) for i in sorted(triggered)]
        for event in using:
            if event.id in triggered:
                continue
            # An argument naming an event this span triggers goes with that event's delete.
            steps.extend(
                RemoveArgument(a.id)  # type: ignore[arg-type]  # a stored event's arguments have ids
                for a in event.arguments
                if a.span_id == self.span_id and a.event_id not in triggered
            )
        steps += [DeleteRelation(r.id) for r in repo.relations_using_spans([self.span_id])]
        steps += [LeaveEquivalence(document_id, q.id, self.span_id)
                  for q in repo.equivalences(document_id) if self.span_id in q.span_ids]
        return steps

    def revert(self, repo: Repository) -> None:
        repo.set_span_deleted(self.span_id, False)
        for step in reversed(self._steps or []):
            step.revert(repo)

    def before(self) -> Any:
        return _span_state(self._old) if self._old else None

    def after(self) -> Any:
        return {"cascade": [{"action": s.name, "target": s.target} for s in self._steps or []]}


def _check_event_span(repo: Repository, document_id: int, span_id: int, what: str) -> Span:
    span = repo.span(span_id)
    if span.document_id != document_id:
        raise ActionError(f"{what} span {span_id} belongs to another document")
    return span


def _event_state(event: Event) -> dict[str, Any]:
    return {
        "type": event.type,
        "trigger": event.trigger_span_id,
        "arguments": [[a.role, a.span_id] for a in event.arguments],
        "attributes": dict(event.attributes),
        "status": str(event.status),
    }


class CreateEvent(Action):
    """Create an event on a trigger span, with arguments and attributes."""

    name = "create_event"

    def __init__(
        self,
        document_id: int,
        type: str,
        trigger_span_id: int,
        arguments: list[tuple[str, int]] | None = None,
        attributes: dict[str, str] | None = None,
        status: SpanStatus = SpanStatus.ACCEPTED,
        source: str = SOURCE_USER,
        score: float | None = None,
    ) -> None:
        self.document_id = document_id
        self.event = Event(
            document_id=document_id,
            type=type,
            trigger_span_id=trigger_span_id,
            arguments=[Argument(role, span_id) for role, span_id in arguments or []],
            attributes=dict(attributes or {}),
            status=SpanStatus(status),
            source=source,
            score=score,
        )

    @property
    def event_id(self) -> int | None:
        """The id of the created event, once applied."""
        return self.event.id

    @property
    def target(self) -> str | None:
        return f"event:{self.event.id}"

    def apply(self, repo: Repository) -> None:
        if self.event.id is not None:
            repo.set_event_deleted(self.event.id, False)
            return
        schema = repo.schema()
        etype = schema.event_type(self.event.type)
        if etype is None:
            raise ActionError(f"event type {self.event.type!r} is not in the project schema")
        _check_event_span(repo, self.event.document_id, self.event.trigger_span_id, "trigger")
        for arg in self.event.arguments:
            if etype.role(arg.role) is None:
                raise ActionError(f"event type {etype.name} has no role {arg.role!r}")
            _check_event_span(repo, self.event.document_id, arg.span_id, "argument")
        for name, value in self.event.attributes.items():
            _check_attribute(repo, name, value)
        self.event.id = repo.insert_event(self.event)

    def revert(self, repo: Repository) -> None:
        assert self.event.id is not None
        repo.set_event_deleted(self.event.id, True)

    def after(self) -> Any:
        return _event_state(self.event)


def event_status_steps(
    repo: Repository, events: Iterable[StoredEvent], status: SpanStatus, handled: Iterable[int] = ()
) -> list[Action]:
    """The steps that give proposed ``events`` ``status``. Accepting an event also accepts the
    proposed spans filling its roles: the annotator confirmed the event as shown, and an
    accepted event whose arguments are still proposals would lose them in every export.
    Rejecting leaves the argument spans alone (they can be right as entities). Spans in
    ``handled`` are already being accepted or rejected by the caller."""
    chosen = {e.id: e for e in events if e.status == SpanStatus.PROPOSED}
    steps: list[Action] = [SetEventStatus(i, status) for i in chosen]
    if status == SpanStatus.ACCEPTED and chosen:
        skip = set(handled)
        argument_ids = {a.span_id for e in chosen.values() for a in e.arguments} - skip
        spans = repo.spans_by_id(argument_ids)
        steps += [AcceptSpan(i) for i in sorted(argument_ids) if i in spans and spans[i].status == SpanStatus.PROPOSED]
    return steps


class CreateTriggeredEvent(Composite):
    """Create an event whose trigger is a character range: an existing span with the event
    type as label is reused (and accepted), otherwise a trigger span is created; a proposed
    event of the type there is accepted (with its proposed arguments) rather than doubled. One
    step, a composite of those."""

    def __init__(self, document_id: int, type: str, start: int, end: int) -> None:
        super().__init__("create_event", [], document_id)
        self.type, self.start, self.end = type, start, end
        self._planned = False
        self._event_id: int | None = None
        self._trigger_id: int | None = None

    @property
    def event_id(self) -> int | None:
        """The id of the created (or accepted) event, once applied."""
        return self._event_id

    @property
    def trigger_span_id(self) -> int | None:
        """The trigger span's id, once applied."""
        return self._trigger_id

    @property
    def target(self) -> str | None:
        return f"event:{self.event_id}"

    def apply(self, repo: Repository) -> None:
        if self._planned:  # redo: the same steps again
            super().apply(repo)
            return
        if repo.schema().event_type(self.type) is None:
            raise ActionError(f"event type {self.type!r} is not in the project schema")
        try:
            self._plan_and_apply(repo)
        except Exception:
            for step in reversed(self.children):
                step.revert(repo)
            self.children = []
            raise
        self._planned = True

    def _plan_and_apply(self, repo: Repository) -> None:
        # Each step needs what the one before made (the trigger's id), so they are planned as
        # they are applied.
        assert self.document_id is not None
        same = [s for s in repo.spans_at(self.document_id, self.start, self.end) if s.label == self.type]
        if same:
            trigger_id = same[0].id
            if same[0].status != SpanStatus.ACCEPTED:
                self._run(repo, AcceptSpan(trigger_id))
        else:
            create = CreateSpan(self.document_id, self.start, self.end, self.type)
            self._run(repo, create)
            assert create.span_id is not None  # applied
            trigger_id = create.span_id
        self._trigger_id = trigger_id
        proposed = [
            e for e in repo.events_using_span(trigger_id)
            if e.trigger_span_id == trigger_id and e.type == self.type and e.status == SpanStatus.PROPOSED
        ]
        if proposed:
            for step in event_status_steps(repo, proposed[:1], SpanStatus.ACCEPTED, [trigger_id]):
                self._run(repo, step)
            self._event_id = proposed[0].id
        else:
            event = CreateEvent(self.document_id, self.type, trigger_id)
            self._run(repo, event)
            self._event_id = event.event_id

    def _run(self, repo: Repository, step: Action) -> Action:
        step.apply(repo)
        self.children.append(step)
        return step


class DeleteEvent(Action):
    """Delete an event (its spans stay); events that have it as an argument lose that
    argument. Undo restores it whole, and the arguments."""

    name = "delete_event"
    # Set on the first apply; a payload logged before events could be arguments has none.
    _steps: list[Action] | None = None

    def __init__(self, event_id: int) -> None:
        self.event_id = event_id
        self._old: Event | None = None
        self._steps = None

    @property
    def target(self) -> str | None:
        return f"event:{self.event_id}"

    def apply(self, repo: Repository) -> None:
        event = repo.event(self.event_id)
        self.document_id = event.document_id
        self._old = self._old or event
        if self._steps is None:
            self._steps = [
                RemoveArgument(a.id)  # type: ignore[arg-type]  # a stored event's arguments have ids
                for other in repo.events_using_event(self.event_id) if other.id != self.event_id
                for a in other.arguments if a.event_id == self.event_id
            ]
        for step in self._steps:
            step.apply(repo)
        repo.set_event_deleted(self.event_id, True)

    def revert(self, repo: Repository) -> None:
        repo.set_event_deleted(self.event_id, False)
        for step in reversed(self._steps or []):
            step.revert(repo)

    def after(self) -> Any:
        return {"cascade": [{"action": s.name, "target": s.target} for s in self._steps or []]} if self._steps else None

    def before(self) -> Any:
        return _event_state(self._old) if self._old else None


class _EventEdit(_RecordEdit[Event]):
    """Base of actions that change fields of one event (not its arguments)."""

    kind = "event"

    @property
    def event_id(self) -> int:
        """The event this action changes."""
        return self.record_id

    def load(self, repo: Repository) -> Event:
        return repo.event(self.record_id)

    def save(self, repo: Repository, record: Event) -> None:
        repo.update_event(record)

    def copy(self, record: Event) -> Event:
        return replace(record, attributes=dict(record.attributes))

    def state(self, record: Event) -> dict[str, Any]:
        return _event_state(record)


def _check_attribute(repo: Repository, name: str, value: str | None) -> None:
    definition = repo.schema().attribute(name)
    if definition is None:
        raise ActionError(f"attribute {name!r} is not in the project schema")
    if value is not None and value not in definition.values:
        allowed = ", ".join(definition.values)
        raise ActionError(f"attribute {name} cannot be {value!r} (allowed: {allowed})")


class SetAttribute(_EventEdit):
    """Set an event attribute to one of its values, or clear it (``None``)."""

    name = "set_attribute"

    def __init__(self, event_id: int, attribute: str, value: str | None) -> None:
        super().__init__(event_id)
        self.attribute, self.value = attribute, value

    def changed(self, repo: Repository, event: Event) -> Event:
        _check_attribute(repo, self.attribute, self.value)
        if self.value is None:
            event.attributes.pop(self.attribute, None)
        else:
            event.attributes[self.attribute] = self.value
        return event


class ChangeEventType(_EventEdit):
    """Change an event's type. Arguments whose role the new type lacks are kept (and flagged
    by validation), never dropped."""

    name = "change_event_type"

    def __init__(self, event_id: int, type: str) -> None:
        super().__init__(event_id)
        self.type = type

    def changed(self, repo: Repository, event: Event) -> Event:
        if repo.schema().event_type(self.type) is None:
            raise ActionError(f"event type {self.type!r} is not in the project schema")
        event.type = self.type
        return event


class SetEventStatus(_EventEdit):
    """Accept or reject an (often proposed) event."""

    name = "set_event_status"

    def __init__(self, event_id: int, status: SpanStatus) -> None:
        super().__init__(event_id)
        self.status = SpanStatus(status)

    def changed(self, repo: Repository, event: Event) -> Event:
        event.status = self.status
        return event


class SetArgument(Action):
    """Fill a role of an event with a span. A role that does not repeat (``1``, ``?``) is
    replaced; a repeatable one gets one more argument."""

    name = "set_argument"

    def __init__(self, event_id: int, role: str, span_id: int) -> None:
        self.event_id, self.role, self.span_id = event_id, role, span_id
        self._added: Argument | None = None
        self._replaced: list[Argument] = []

    @property
    def target(self) -> str | None:
        return f"event:{self.event_id}"

    def apply(self, repo: Repository) -> None:
        event = repo.event(self.event_id)
        self.document_id = event.document_id
        if self._added is None:
            etype = repo.schema().event_type(event.type)
            role = etype.role(self.role) if etype else None
            if role is None:
                raise ActionError(f"event type {event.type} has no role {self.role!r}")
            _check_event_span(repo, event.document_id, self.span_id, "argument")
            if any(a.role == self.role and a.span_id == self.span_id for a in event.arguments):
                raise ActionError(f"span {self.span_id} already fills {self.role}")
            if not role.repeatable:
                self._replaced = [a for a in event.arguments if a.role == self.role]
            self._added = Argument(self.role, self.span_id)
        for old in self._replaced:
            repo.delete_argument(old.id)  # type: ignore[arg-type]  # read from the store: it has its id
        self._added.id = repo.insert_argument(self.event_id, self._added)

    def revert(self, repo: Repository) -> None:
        assert self._added is not None and self._added.id is not None
        repo.delete_argument(self._added.id)
        for old in self._replaced:
            repo.insert_argument(self.event_id, old)

    def before(self) -> Any:
        return [asdict(a) for a in self._replaced]

    def after(self) -> Any:
        return asdict(self._added) if self._added else None


class RemoveArgument(Action):
    """Remove one argument from its event. Undo puts it back with its id."""

    name = "remove_argument"

    def __init__(self, argument_id: int) -> None:
        self.argument_id = argument_id
        self._event_id: int | None = None
        self._old: Argument | None = None

    @property
    def event_id(self) -> int | None:
        """The event the argument belonged to, once applied."""
        return self._event_id

    @property
    def target(self) -> str | None:
        return f"argument:{self.argument_id}"

    def apply(self, repo: Repository) -> None:
        if self._old is None:
            for event_id, argument in _find_argument(repo, self.argument_id):
                self._event_id, self._old = event_id, argument
        if self._old is None or self._event_id is None:
            raise ActionError(f"no argument with id {self.argument_id}")
        self.document_id = repo.event(self._event_id).document_id
        repo.delete_argument(self.argument_id)

    def revert(self, repo: Repository) -> None:
        assert self._old is not None and self._event_id is not None
        repo.insert_argument(self._event_id, self._old)

    def before(self) -> Any:
        return asdict(self._old) | {"event": self._event_id} if self._old else None


def _find_argument(repo: Repository, argument_id: int) -> list[tuple[int, Argument]]:
    found = repo.argument(argument_id)
    return [found] if found else []
