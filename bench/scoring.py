"""Pure scoring of proposals against gold: entities, triggers and event arguments.

Everything is counted over a list of documents (gold and system in the same order), each an
:class:`Annotations`. Matching is one-to-one (multiset intersection), so a system that proposes
the same span twice gets one true positive and one false positive.

- Entities: exact ``(start, end, label)`` per label and micro-averaged; MENTION spans (argument
  mentions that are not names) and trigger spans are not entities and are never in ``entities``.
- Triggers: identification by offsets (each distinct trigger once per document, however many
  event types sit on it), classification by offsets and event type (one per event).
- Arguments: an argument can only be right inside an event matched by trigger offsets and
  type; identification compares the filler by ``key`` (exact offsets, or the spaCy syntactic
  root of the span: see :func:`score_arguments`), classification also the role.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class ArgumentRecord:
    """A role filled by a span, with the span's label (for the keystroke model's candidates)."""

    role: str
    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An event: its type, trigger offsets and arguments."""

    type: str
    trigger: Range
    arguments: tuple[ArgumentRecord, ...] = ()


@dataclass(slots=True)
class Annotations:
    """One document's annotations as the bench compares them (gold, or a system's proposals)."""

    text: str
    entities: list[tuple[int, int, str]] = field(default_factory=list)  # names and values
    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # other spans (MENTION)
    events: list[EventRecord] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 from counts (0.0 where a denominator is 0)."""

    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        """tp / predicted."""
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """tp / gold."""
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """The JSON form."""
        return {"tp": self.tp, "predicted": self.predicted, "gold": self.gold,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def overlap_count(gold: Iterable[Hashable], predicted: Iterable[Hashable]) -> PRF:
    """PRF of two multisets of comparable items."""
    g, p = Counter(gold), Counter(predicted)
    return PRF(sum((g & p).values()), sum(p.values()), sum(g.values()))


def _add(a: PRF, b: PRF) -> PRF:
    return PRF(a.tp + b.tp, a.predicted + b.predicted, a.gold + b.gold)


def _pairs(gold: Sequence[Annotations], predicted: Sequence[Annotations]) -> Iterable[tuple[Annotations, Annotations]]:
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold documents but {len(predicted)} system documents")
    return zip(gold, predicted, strict=True)


def score_entities(gold: Sequence[Annotations], predicted: Sequence[Annotations]) -> tuple[dict[str, PRF], PRF]:
    """Exact-match entity PRF per label (every label of gold or system) and micro-averaged."""
    per_label: dict[str, PRF] = {}
    micro = PRF(0, 0, 0)
    for g, p in _pairs(gold, predicted):
        labels = {e[2] for e in g.entities} | {e[2] for e in p.entities}
        for label in labels:
            counted = overlap_count([e for e in g.entities if e[2] == label], [e for e in p.entities if e[2] == label])
            per_label[label] = _add(per_label.get(label, PRF(0, 0, 0)), counted)
        micro = _add(micro, overlap_count(g.entities, p.entities))
    return dict(sorted(per_label.items())), micro


def score_triggers(gold: Sequence[Annotations], predicted: Sequence[Annotations]) -> tuple[PRF, PRF]:
    """Trigger identification: the set of trigger offsets per document (two event types on one
    word are one trigger, on either side); classification: (offsets, type), one per event."""
    ident = classified = PRF(0, 0, 0)
    for g, p in _pairs(gold, predicted):
        ident = _add(ident, overlap_count({e.trigger for e in g.events}, {e.trigger for e in p.events}))
        classified = _add(classified, overlap_count([(e.trigger, e.type) for e in g.events],
                                                    [(e.trigger, e.type) for e in p.events]))
    return ident, classified


# A filler's identity: (document index, start, end) → what two fillers must share to match.
FillerKey = Callable[[int, int, int], Hashable]


def exact_filler(_doc: int, start: int, end: int) -> Hashable:
    """Fillers match when their offsets are equal."""
    return (start, end)


def matched_events(gold: Sequence[EventRecord], predicted: Sequence[EventRecord]) -> list[tuple[EventRecord | None, EventRecord]]:
    """Each predicted event with the gold event of the same trigger offsets and type (one to
    one, in order), or None."""
    free = list(gold)
    out: list[tuple[EventRecord | None, EventRecord]] = []
    for event in predicted:
        twin = next((g for g in free if g.trigger == event.trigger and g.type == event.type), None)
        if twin is not None:
            free.remove(twin)
        out.append((twin, event))
    return out


def score_arguments(gold: Sequence[Annotations], predicted: Sequence[Annotations],
                    key: FillerKey = exact_filler) -> tuple[PRF, PRF]:
    """Argument identification and classification. A predicted argument is identified when
    its event matches a gold event by trigger offsets and type and its filler's ``key`` equals
    that of one of the gold event's arguments; classified when the role is the same too.
    Arguments of unmatched predicted events are false positives, of unmatched gold events
    misses."""
    ident = classified = PRF(0, 0, 0)
    for index, (g, p) in enumerate(_pairs(gold, predicted)):
        n_gold = sum(len(e.arguments) for e in g.events)
        n_pred = sum(len(e.arguments) for e in p.events)
        tp_id = tp_cls = 0
        for twin, event in matched_events(g.events, p.events):
            if twin is None:
                continue
            gold_keys = [key(index, a.start, a.end) for a in twin.arguments]
            pred_keys = [key(index, a.start, a.end) for a in event.arguments]
            tp_id += overlap_count(gold_keys, pred_keys).tp
            tp_cls += overlap_count([(a.role, k) for a, k in zip(twin.arguments, gold_keys, strict=True)],
                                    [(a.role, k) for a, k in zip(event.arguments, pred_keys, strict=True)]).tp
        ident = _add(ident, PRF(tp_id, n_pred, n_gold))
        classified = _add(classified, PRF(tp_cls, n_pred, n_gold))
    return ident, classified
