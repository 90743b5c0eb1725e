"""Actions as JSON, so the undo stack can be rebuilt from the action log after a restart.

An applied action holds what it needs to revert and redo itself (the ids it was given, the
records before and after). That state is plain data — numbers, strings, enums, the model's
dataclasses, lists of child actions — so one generic encoding serves every action class, and a
new action needs nothing here as long as its state stays plain.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any

from annotate.actions.base import Action
from annotate.errors import ActionError
from annotate.model import (
    Argument,
    DocStatus,
    Equivalence,
    Event,
    Normalization,
    Relation,
    Span,
    SpanStatus,
    StoredEquivalence,
    StoredEvent,
    StoredRelation,
    StoredSpan,
)

VERSION = 1
# Records an action may hold.
_RECORDS: dict[str, type] = {
    "Span": Span, "Event": Event, "Argument": Argument, "StoredSpan": StoredSpan, "StoredEvent": StoredEvent,
    "Relation": Relation, "StoredRelation": StoredRelation, "Equivalence": Equivalence,
    "StoredEquivalence": StoredEquivalence, "Normalization": Normalization,
}
_ENUMS: dict[str, type[Enum]] = {"SpanStatus": SpanStatus, "DocStatus": DocStatus}


def _action_classes() -> dict[str, type[Action]]:
    found: dict[str, type[Action]] = {}
    todo: list[type[Action]] = list(Action.__subclasses__())
    while todo:
        cls = todo.pop()
        found[cls.__name__] = cls  # abstract bases too: harmless, nothing names them
        todo.extend(cls.__subclasses__())
    return found


def encode(action: Action) -> dict[str, Any]:
    """The JSON-ready state of an applied action."""
    return {"v": VERSION, "action": _encode(action)}


def decode(payload: dict[str, Any]) -> Action:
    """The action again, ready to revert or re-apply. Raises ActionError when the payload is
    not one this Annotary wrote."""
    if not isinstance(payload, dict) or payload.get("v") != VERSION:
        raise ActionError("the action log entry was written by another Annotary version")
    try:
        value = _decode(payload.get("action"), _action_classes())
    except (KeyError, TypeError, ValueError) as exc:
        raise ActionError(f"unreadable action log entry ({exc})") from None
    if not isinstance(value, Action):
        raise ActionError("the action log entry holds no action")
    return value


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str) and not isinstance(value, Enum):
        return value
    if isinstance(value, Enum):
        return {"enum": type(value).__name__, "value": value.value}
    if isinstance(value, Action):
        return {"class": type(value).__name__, "state": {k: _encode(v) for k, v in vars(value).items()}}
    if is_dataclass(value) and not isinstance(value, type) and type(value).__name__ in _RECORDS:
        return {"record": type(value).__name__, "fields": {f.name: _encode(getattr(value, f.name)) for f in fields(value)}}
    if isinstance(value, tuple):  # a span's fragments, a set's members: tuples again when read
        return {"tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return {"list": [_encode(v) for v in value]}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"map": {k: _encode(v) for k, v in value.items()}}
    raise TypeError(f"cannot log {type(value).__name__} as part of an action")


def _decode(value: Any, classes: dict[str, type[Action]]) -> Any:
    if not isinstance(value, dict):
        return value
    if "enum" in value:
        return _ENUMS[value["enum"]](value["value"])
    if "list" in value:
        return [_decode(v, classes) for v in value["list"]]
    if "tuple" in value:
        return tuple(_decode(v, classes) for v in value["tuple"])
    if "map" in value:
        return {k: _decode(v, classes) for k, v in value["map"].items()}
    if "record" in value:
        return _RECORDS[value["record"]](**{k: _decode(v, classes) for k, v in value["fields"].items()})
    if "class" in value:
        cls = classes.get(value["class"])
        if cls is None:
            raise ActionError(f"unknown action {value['class']!r} in the action log")
        action = cls.__new__(cls)  # the state is restored whole; __init__ would plan anew
        for key, item in value["state"].items():
            setattr(action, key, _decode(item, classes))
        return action
    raise ActionError("unreadable action log entry")
