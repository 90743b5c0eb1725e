"""Domain actions: small command objects with ``apply`` and ``revert``.

An action validates before it changes anything, remembers just enough to invert itself, and
keeps the ids it was given, so redo after undo restores the very same rows. The session runs
each ``apply``/``revert`` in one transaction and logs it; the window wraps actions in
``QUndoCommand``s. Actions hold no Qt and no SQL: they talk to a :class:`Repository`.
"""

from annotate.actions.base import Action, Composite
from annotate.actions.documents import SetDocumentStatus
from annotate.actions.events import (
    ChangeEventType,
    CreateEvent,
    CreateTriggeredEvent,
    DeleteEvent,
    DeleteSpan,
    RemoveArgument,
    SetArgument,
    SetAttribute,
    SetEventStatus,
    event_status_steps,
)
from annotate.actions.relations import (
    AddRelation,
    ChangeRelationType,
    DeleteRelation,
    LeaveEquivalence,
    SetRelationStatus,
)
from annotate.actions.propagation import ProposeSpans
from annotate.actions.norms import SetSpanNorms
from annotate.actions.spans import AcceptSpan, CreateSpan, RejectSpan, RelabelSpan, ResizeSpan, SetSpanStatus

__all__ = [
    "AcceptSpan",
    "Action",
    "AddRelation",
    "ChangeRelationType",
    "DeleteRelation",
    "LeaveEquivalence",
    "SetRelationStatus",
    "ChangeEventType",
    "Composite",
    "CreateEvent",
    "CreateSpan",
    "CreateTriggeredEvent",
    "DeleteEvent",
    "DeleteSpan",
    "RejectSpan",
    "RelabelSpan",
    "RemoveArgument",
    "ProposeSpans",
    "ResizeSpan",
    "SetArgument",
    "SetAttribute",
    "SetDocumentStatus",
    "SetEventStatus",
    "event_status_steps",
    "SetSpanStatus",
    "SetSpanNorms",
]
