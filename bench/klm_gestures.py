"""The operators of the keystroke-level model and the window's keys as operator strings
(see bench/keystrokes.py, which costs whole articles with them).

An operator string spells a gesture one letter per operator: "MPBPBK" is deciding, selecting
text with the mouse and pressing one key."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

SECONDS = {"K": 0.28, "P": 1.1, "B": 0.1, "H": 0.4, "M": 1.35}
MODIFIERS = {"shift", "alt", "ctrl"}
LEFT_HAND = set("`12345qwertasdfgzxcvb") | {"tab", "esc"} | MODIFIERS
SELECT, CLICK = "PBPB", "PBB"
ENTITIES, EVENTS = "entities", "events"


def keys(*chords: str) -> str:
    """Operators of a burst of key chords ("Alt+Shift+Left" is three keys): K per key, plus
    H H once when a key is out of the left hand's reach."""
    names = [k.lower() for chord in chords for k in (["shift", "5"] if chord == "%" else chord.split("+"))]
    reach = "" if all(k in LEFT_HAND for k in names) else "HH"
    return "K" * len(names) + reach


def picker_filter(name: str, names: Sequence[str]) -> str:
    """The shortest text typed into the picker that makes ``name`` the first item shown (the
    picker keeps items containing the text, in list order); empty when it is first already."""
    lowered = [n.lower() for n in names]
    target = name.lower()
    for size in range(len(target) + 1):
        for i in range(len(target) - size + 1):
            part = target[i:i + size]
            if next(n for n in lowered if part in n) == target:
                return part
    return target


def picker(name: str, names: Sequence[str]) -> str:
    """Choosing ``name`` in the picker: the filter typed, then Enter (both hands)."""
    return "K" * len(picker_filter(name, names)) + "K" + "HH"


@dataclass
class Cost:
    """Operator counts by part (entities, events)."""

    ops: dict[str, Counter[str]] = field(default_factory=lambda: {ENTITIES: Counter(), EVENTS: Counter()})

    def add(self, part: str, operators: str) -> None:
        """Count a gesture's operators under ``part``."""
        self.ops[part].update(operators)

    def seconds(self, part: str | None = None) -> float:
        """Time of one part, or of both."""
        parts = [part] if part else list(self.ops)
        return sum(SECONDS[op] * n for p in parts for op, n in self.ops[p].items())

    def __iadd__(self, other: Cost) -> Cost:
        for part, counts in other.ops.items():
            self.ops.setdefault(part, Counter()).update(counts)
        return self


def seconds_of(operators: str) -> float:
    """Time of an operator string."""
    return sum(SECONDS[op] for op in operators)
