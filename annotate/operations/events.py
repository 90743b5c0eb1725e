"""Event gestures: create an event, fill or clear a role, change the type, set an attribute.
Using a proposal (a proposed trigger, argument or event) in a gesture accepts it."""

from __future__ import annotations

from annotate.actions import (
    Action,
    ChangeEventType,
    CreateTriggeredEvent,
    RelabelSpan,
    RemoveArgument,
    SetArgument,
    SetAttribute,
    event_status_steps,
)
from annotate.model import SpanStatus, StoredEvent
from annotate.operations.steps import accepting, touching
from annotate.repository import Repository


def _accepting_event(repo: Repository, event: StoredEvent, handled: set[int]) -> list[Action]:
    # An edited proposed event is a decided one; its proposed arguments come with it.
    return event_status_steps(repo, [event], SpanStatus.ACCEPTED, handled=handled)


def create_event(repo: Repository, document_id: int, type_name: str, start: int, end: int) -> CreateTriggeredEvent:
    """A new event of ``type_name`` whose trigger is this range (a span of that label there is
    reused and accepted; a proposed event of the type there is accepted instead of doubled)."""
    action = CreateTriggeredEvent(document_id, type_name, min(start, end), max(start, end))
    action.description = f"Create {type_name}"
    return action


def fill_role(repo: Repository, event_id: int, role: str, span_id: int) -> Action | None:
    """Fill ``role`` with a span; the span, and the event if it was a proposal, are accepted.
    None when the span already fills that role."""
    event = repo.event(event_id)
    if any(a.role == role and a.span_id == span_id for a in event.arguments):
        return None
    span = repo.span(span_id)
    steps = [SetArgument(event_id, role, span_id), accepting(span), *_accepting_event(repo, event, {span_id})]
    return touching(repo, event.document_id, "set_argument", steps, f"{role} ← {span.label}")


def clear_role(repo: Repository, event_id: int, role: str) -> Action | None:
    """Remove the role's last argument (None when it has none)."""
    event = repo.event(event_id)
    fillers = [a for a in event.arguments if a.role == role]
    if not fillers:
        return None
    return touching(repo, event.document_id, "remove_argument", [RemoveArgument(fillers[-1].id)],  # type: ignore[arg-type]  # stored: has an id
                    f"Remove {role}")


def change_type(repo: Repository, event_id: int, type_name: str) -> Action | None:
    """Change an event's type; its trigger span takes the new type as label (when it had the
    old one). Arguments whose role the new type lacks stay, flagged."""
    event = repo.event(event_id)
    if event.type == type_name:
        return None
    trigger = repo.span(event.trigger_span_id)
    steps: list[Action | None] = [ChangeEventType(event_id, type_name)]
    if trigger.label == event.type:
        steps.append(RelabelSpan(trigger.id, type_name))
    steps.append(accepting(trigger))
    steps += _accepting_event(repo, event, {trigger.id})
    return touching(repo, event.document_id, "change_event_type", steps, f"{event.type} → {type_name}")


def set_attribute(repo: Repository, event_id: int, name: str, value: str | None) -> Action | None:
    """Set an attribute (None clears it); None when it already has that value."""
    event = repo.event(event_id)
    if event.attributes.get(name) == value:
        return None
    steps = [SetAttribute(event_id, name, value), *_accepting_event(repo, event, set())]
    return touching(repo, event.document_id, "set_attribute", steps, f"{name} = {value or '—'}")
