"""Keystroke-level model (Card, Moran & Newell 1980) of the time to reach the gold annotation
of an article in Annotary's window: from scratch, and from the proposals.

Operators: K 0.28 s (a key, an average typist), P 1.1 s (point with the mouse), B 0.1 s (a
mouse button press or release), H 0.4 s (move a hand between keyboard and mouse), M 1.35 s
(mental preparation). The gestures are the window's real ones (gui/menus.py,
gui/event_keys.py, gui/events.py, gui/workspace.py, gui/pickers.py):

- select text with the mouse: P B P B (press at one end, drag, release at the other);
  clicking a span or a list row: P B B;
- a label key labels the selection, or relabels the current span ("%" is Shift+5); a label
  with no key is chosen with "/" and the picker;
- A accepts the current span (with the proposed events it triggers and their proposed argument
  spans) and X rejects it; both move to the next proposal, so no Tab follows them. Relabelling,
  resizing and changing an event's type leave the span current: a Tab moves on;
- Alt+Left/Right moves a span's start by a token, Alt+Shift+Left/Right its end;
- E makes the selection a trigger and T changes the current event's type, both through the
  picker: the picker types the shortest filter that puts the type first in the list, then
  Enter (see :func:`picker_filter`);
- with an event current, a digit arms its role (schema order) and a second digit picks one of
  the 9 candidates the window lists (annotate.event_check.candidates, computed on the gold
  spans); a filler not listed is clicked (P B B); Backspace removes the armed role's last
  argument.

Assumptions:
- posture: left hand on the keyboard, right hand on the mouse. A burst of keys that the left
  hand cannot reach (6-0, p, l, o, m, arrows, Enter, Backspace, typed filters) costs H H
  (the right hand goes to the keyboard and back), once per burst;
- one M before each decision or new item: each proposal judged, each span or event created,
  each role filled, each proposed argument checked;
- from scratch the annotator makes every span first (entities, then MENTION spans), then every
  event with its arguments, so candidates are the gold spans;
- a proposed event is reviewed as one (annotate/review_order.py): the proposed spans filling
  its roles are not offered by themselves while its trigger is a proposal. With the trigger
  current, each proposed argument is checked (M); a wrong one is removed first (role digit +
  Backspace), so its span stays a proposal judged on its own; A accepts the event with the
  arguments left and their spans; a kept argument whose span is off is then clicked and fixed;
- from the proposals every other proposed span is judged once, in reading order: exact → A; same
  offsets, other label → label key + Tab; overlapping a gold span → the cheaper of moving its
  edges by tokens (+ label key) + Tab, or X and creating it; anything else → X. Gold spans no
  proposal matches are created as from scratch. Events likewise, matched by trigger offsets
  and type, then offsets, then overlap: a right trigger is accepted (A) or retyped (T), a
  wrong one rejected (X); each proposed argument is checked (M) and, when wrong, removed
  (role digit + Backspace) and, when only its role is wrong, filled again in the right one;
  missing gold arguments and events are added as from scratch. A second event on a trigger
  whose first is right has no one-key removal: costed as a click in the event list and X;
- marking the article done, scrolling and reading the article once are the same for both and
  left out.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

from annotate.event_check import Sentences, candidates
from annotate.model import Argument, Event, Span, SpanStatus
from annotate.schema import Schema
from bench.klm_gestures import CLICK, ENTITIES, EVENTS, SECONDS, SELECT, Cost, keys, picker, picker_filter, seconds_of
from bench.scoring import Annotations, ArgumentRecord, EventRecord

__all__ = ["CLICK", "ENTITIES", "EVENTS", "SECONDS", "Article", "Cost", "keys", "match_spans", "picker",
           "picker_filter", "proposal_cost", "scratch_cost", "seconds_of", "total"]

class Article:
    """What the gestures of one article depend on: the schema, token bounds, sentences, and
    the gold spans (the candidates the window lists once they are made)."""

    def __init__(self, schema: Schema, gold: Annotations, bounds: Sequence[tuple[int, int]]) -> None:
        self.schema = schema
        self.starts = sorted(b[0] for b in bounds)
        self.ends = sorted(b[1] for b in bounds)
        self.sentences = Sentences(gold.text)
        self.types = [t.name for t in schema.event_types]
        self.labels = [lb.name for lb in schema.entity_labels]
        spans = [*gold.entities, *gold.mentions, *((e.trigger[0], e.trigger[1], e.type) for e in gold.events)]
        self.spans: list[Span] = []
        self.span_id: dict[tuple[int, int], int] = {}
        for s, e, label in spans:
            if (s, e) not in self.span_id:
                self.span_id[(s, e)] = len(self.spans) + 1
                self.spans.append(Span(0, s, e, label, SpanStatus.ACCEPTED, id=len(self.spans) + 1))

    def label_key(self, label: str) -> str:
        """Giving the selection or the current span a label."""
        found = self.schema.label(label)
        if found is not None and found.key:
            return keys(found.key)
        return keys("/") + picker(label, self.labels)

    def create_span(self, label: str) -> str:
        """A new span: select it, press its label key."""
        return "M" + SELECT + self.label_key(label)

    def create_event(self, type_name: str) -> str:
        """A new event: select the trigger, E, pick the type."""
        return "M" + SELECT + keys("E") + picker(type_name, self.types)

    def role_number(self, type_name: str, role: str) -> str:
        """The digit that arms a role of a type ('0' is the tenth)."""
        etype = self.schema.event_type(type_name)
        names = [r.name for r in etype.roles] if etype else []
        return str((names.index(role) + 1) % 10) if role in names else "9"

    def fill(self, type_name: str, trigger: tuple[int, int], filled: Sequence[ArgumentRecord], arg: ArgumentRecord) -> str:
        """Filling a role: M, its digit, then the candidate's digit (or a click on the span)."""
        ids = self.span_id
        event = Event(0, type_name, ids.get(trigger, -1),
                      [Argument(a.role, ids[(a.start, a.end)]) for a in filled if (a.start, a.end) in ids])
        listed = candidates(event, arg.role, self.schema, self.spans, self.sentences)[:9]
        target = ids.get((arg.start, arg.end))
        number = next((str(n) for n, s in enumerate(listed, 1) if s.id == target), None)
        role = self.role_number(type_name, arg.role)
        return "M" + (keys(role, number) if number else keys(role) + CLICK)  # two digits: one burst

    def event_from_scratch(self, event: EventRecord, cost: Cost) -> None:
        """Create an event and fill its roles."""
        cost.add(EVENTS, self.create_event(event.type))
        for n, arg in enumerate(event.arguments):
            cost.add(EVENTS, self.fill(event.type, event.trigger, event.arguments[:n], arg))

    def token_moves(self, have: tuple[int, int], want: tuple[int, int]) -> int | None:
        """Alt+arrow presses that move ``have``'s edges to ``want``'s; None when an edge of
        ``want`` is not on a token bound."""
        if want[0] not in self.starts or want[1] not in self.ends:
            return None
        return (abs(bisect_left(self.starts, want[0]) - bisect_left(self.starts, have[0]))
                + abs(bisect_left(self.ends, want[1]) - bisect_left(self.ends, have[1])))

    def resize(self, have: tuple[int, int], want: tuple[int, int]) -> str | None:
        """Moving a span's edges by tokens (one burst), or None when it cannot get there."""
        moves = self.token_moves(have, want)
        if moves is None:
            return None
        start = abs(bisect_left(self.starts, want[0]) - bisect_left(self.starts, have[0]))
        return keys(*(["Alt+Left"] * start + ["Alt+Shift+Left"] * (moves - start))) if moves else ""


def part_of(label: str) -> str:
    """Which part a span's time counts in: MENTION spans exist for arguments (events)."""
    return EVENTS if label == "MENTION" else ENTITIES


def scratch_cost(article: Article, gold: Annotations) -> Cost:
    """Every gold span and event made by hand."""
    cost = Cost()
    for s, e, label in [*gold.entities, *gold.mentions]:
        cost.add(part_of(label), article.create_span(label))
    for event in gold.events:
        article.event_from_scratch(event, cost)
    return cost


Triple = tuple[int, int, str]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def match_spans(gold: Sequence[Triple], proposed: Sequence[Triple]) -> dict[int, int]:
    """Proposal index → gold index, one to one: exact first, then same offsets, then the
    largest overlap."""
    matches: dict[int, int] = {}
    rounds = [lambda p, g: p == g, lambda p, g: p[:2] == g[:2]]
    for same in rounds:
        for i, p in enumerate(proposed):
            if i in matches:
                continue
            j = next((j for j, g in enumerate(gold) if j not in matches.values() and same(p, g)), None)
            if j is not None:
                matches[i] = j
    pairs = sorted(((_overlap(p[:2], g[:2]), i, j) for i, p in enumerate(proposed) for j, g in enumerate(gold)
                    if i not in matches and _overlap(p[:2], g[:2]) > 0), reverse=True)
    for _, i, j in pairs:
        if i not in matches and j not in matches.values():
            matches[i] = j
    return matches


def review_spans(article: Article, gold: Sequence[Triple], proposed: Sequence[Triple], matches: dict[int, int],
                 carried: set[tuple[int, int]], cost: Cost) -> None:
    """Judge every proposed span and create the gold spans none matches. A ``carried`` span
    was accepted with its event (it is a right argument, judged as one): it costs nothing
    more when exact, and a click and the fix otherwise."""
    for i, p in enumerate(proposed):
        j = matches.get(i)
        if j is None:
            cost.add(part_of(p[2]), "M" + keys("X"))
            continue
        g = gold[j]
        if p == g:
            cost.add(part_of(g[2]), "" if p[:2] in carried else "M" + keys("A"))
            continue
        relabel = article.label_key(g[2]) if p[2] != g[2] else ""
        moved = article.resize(p[:2], g[:2]) if p[:2] != g[:2] else ""
        if p[:2] in carried and moved is not None:  # accepted already: click it, fix it
            cost.add(part_of(g[2]), "M" + CLICK + moved + relabel + keys("Tab"))
            continue
        redo = "M" + keys("X") + article.create_span(g[2])
        fix = None if moved is None else "M" + moved + relabel + keys("Tab")
        cost.add(part_of(g[2]), redo if fix is None or seconds_of(redo) < seconds_of(fix) else fix)
    for j, g in enumerate(gold):
        if j not in matches.values():
            cost.add(part_of(g[2]), article.create_span(g[2]))


def _event_matches(gold: Sequence[EventRecord], proposed: Sequence[EventRecord]) -> dict[int, int]:
    rounds = [lambda p, g: p.trigger == g.trigger and p.type == g.type, lambda p, g: p.trigger == g.trigger,
              lambda p, g: _overlap(p.trigger, g.trigger) > 0]
    matches: dict[int, int] = {}
    for same in rounds:
        for i, p in enumerate(proposed):
            if i not in matches:
                j = next((j for j, g in enumerate(gold) if j not in matches.values() and same(p, g)), None)
                if j is not None:
                    matches[i] = j
    return matches


def review_arguments(article: Article, gold: EventRecord, proposed: EventRecord,
                     kept: dict[tuple[int, int], tuple[int, int]], cost: Cost) -> set[tuple[int, int]]:
    """Check each proposed argument, remove the wrong ones (before accepting the event, so
    their spans stay proposals, judged on their own), add the missing ones. Returns the
    proposed spans that stay as right arguments: accepting the event accepts them."""
    missing = list(gold.arguments)
    filled: list[ArgumentRecord] = []
    carried: set[tuple[int, int]] = set()
    for arg in proposed.arguments:
        target = kept.get((arg.start, arg.end))
        same = next((g for g in missing if g.role == arg.role and (g.start, g.end) == target), None)
        if same is not None and (target == (arg.start, arg.end) or article.resize((arg.start, arg.end), target) is not None):
            missing.remove(same)
            filled.append(same)
            carried.add((arg.start, arg.end))
            cost.add(EVENTS, "M")
            continue
        remove = "M" + keys(article.role_number(proposed.type, arg.role), "Backspace")
        cost.add(EVENTS, remove)
        moved = next((g for g in missing if (g.start, g.end) == target), None)
        if moved is not None:  # the right filler in the wrong role: fill the right one
            missing.remove(moved)
            cost.add(EVENTS, article.fill(gold.type, gold.trigger, filled, moved))
            filled.append(moved)
    for arg in missing:
        cost.add(EVENTS, article.fill(gold.type, gold.trigger, filled, arg))
        filled.append(arg)
    return carried


def review_events(article: Article, gold: Sequence[EventRecord], proposed: Sequence[EventRecord],
                  kept: dict[tuple[int, int], tuple[int, int]], cost: Cost) -> set[tuple[int, int]]:
    """Judge every proposed trigger and event; create the gold events none matches. Returns
    the proposed spans accepted with their events (see :func:`review_arguments`)."""
    matches = _event_matches(gold, proposed)
    carried: set[tuple[int, int]] = set()
    decided: set[tuple[int, int]] = set()  # triggers already judged (A/X act on all their events)
    for i, p in enumerate(proposed):
        j = matches.get(i)
        first = p.trigger not in decided
        decided.add(p.trigger)
        if j is None:
            if any(k in matches for k, q in enumerate(proposed) if q.trigger == p.trigger):
                cost.add(EVENTS, "M" + CLICK + keys("X"))  # no one-key removal: see the docstring
            elif first:
                cost.add(EVENTS, "M" + keys("X"))  # rejects the trigger and all its events
            continue
        g = gold[j]
        moved = article.resize(p.trigger, g.trigger) if p.trigger != g.trigger else ""
        if moved is None:  # the trigger cannot be moved there: reject it, make the event
            cost.add(EVENTS, "M" + keys("X"))
            article.event_from_scratch(g, cost)
            continue
        retype = keys("T") + picker(g.type, article.types) if p.type != g.type else ""
        # A on the trigger accepts every event it triggers: a second one on it is only checked.
        cost.add(EVENTS, "M" + (moved + retype + keys("Tab") if moved or retype else keys("A") if first else ""))
        carried |= review_arguments(article, g, p, kept, cost)
    for j, g in enumerate(gold):
        if j not in matches.values():
            article.event_from_scratch(g, cost)
    return carried


def proposal_cost(article: Article, gold: Annotations, proposed: Annotations) -> Cost:
    """Reaching the gold from the proposals: every proposal judged, every gold item reached."""
    cost = Cost()
    gold_spans, proposed_spans = [*gold.entities, *gold.mentions], [*proposed.entities, *proposed.mentions]
    matches = match_spans(gold_spans, proposed_spans)
    kept = {proposed_spans[i][:2]: gold_spans[j][:2] for i, j in matches.items()}
    carried = review_events(article, gold.events, proposed.events, kept, cost)
    review_spans(article, gold_spans, proposed_spans, matches, carried, cost)
    return cost


def total(costs: Iterable[Cost]) -> Cost:
    """The sum of several articles' costs."""
    out = Cost()
    for c in costs:
        out += c
    return out
