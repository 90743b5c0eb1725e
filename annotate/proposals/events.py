"""Event proposals from a parsed spaCy ``Doc``: triggers from the schema's lemma lexicon,
arguments from the dependency parse and entity types.

Rules (a proposer, so recall first; the annotator corrects):
- a token whose lemma (or form) is a trigger of an event type, and is a verb, noun or adjective;
- subject → the type's agent-like role, object / "with" / "on" / "against" / "between" → the
  patient-like role (for Contact.Meet both are Entity); passive subjects are patients and
  "by" phrases agents; conjuncts ("Kerry and Lavrov") repeat the role; a verb without a
  subject ("..., killing 12 civilians") borrows its head verb's subject;
- a GPE/LOC/FAC after in/at/near (to/into → Destination, from → Origin) → Place-like role;
- a DATE/TIME in the same sentence → Time-like role.
Roles keep the schema's allowed labels and cardinality (``1``/``?`` take the nearest filler).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotate.proposals.types import ProposedArgument, ProposedEvent
from annotate.schema import EventType, Role, Schema

AGENT_ROLES = ("Attacker", "Agent", "Entity", "Giver", "Buyer", "Seller", "Plaintiff", "Prosecutor",
               "Adjudicator", "Actor1", "Person", "Org")
PATIENT_ROLES = ("Target", "Victim", "Person", "Defendant", "Artifact", "Recipient", "Org", "Entity",
                 "Actor2")
PLACE_ROLES = ("Place", "Location")
TIME_ROLES = ("Time", "Date")
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around", "on"}
DESTINATION_PREPS = {"to", "into", "towards", "toward"}
ORIGIN_PREPS = {"from", "out"}
MEETING_PREPS = {"with", "between"}  # "talks with X", "a meeting between X and Y"
ATTACK_PREPS = {"on", "against", "upon"}  # "an attack on X"; "talks on X" is a topic
TRIGGER_POS = {"VERB", "NOUN", "ADJ"}
SKIP_POS = {"PRON", "DET", "NUM", "PUNCT"}
PHRASE_DROP = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep"}

Entity = tuple[int, int, str]  # start char, end char, schema label


class EventFinder:
    """Proposes events for one schema; reuse it across documents."""

    def __init__(self, schema: Schema, source: str) -> None:
        self.schema = schema
        self.source = source
        self.lexicon: dict[str, EventType] = {}
        for etype in schema.event_types:
            for word in etype.triggers:
                self.lexicon.setdefault(word.lower(), etype)  # schema order wins on ties

    def find(self, doc: Any, entities: Iterable[Entity]) -> list[ProposedEvent]:
        """Events in ``doc``; ``entities`` are the document's spans with schema labels."""
        if not self.lexicon:
            return []
        ents = sorted(entities)
        found = []
        for token in doc:
            if token.pos_ not in TRIGGER_POS:
                continue
            etype = self.lexicon.get(token.lemma_.lower()) or self.lexicon.get(token.lower_)
            if etype is None:
                continue
            arguments = self._arguments(doc, token, etype, ents)
            found.append(
                ProposedEvent(etype.name, token.idx, token.idx + len(token.text), tuple(arguments), self.source)
            )
        return found

    # -- arguments ------------------------------------------------------------------------
    def _arguments(self, doc: Any, trigger: Any, etype: EventType, ents: list[Entity]) -> list[ProposedArgument]:
        agent = _first_role(etype, AGENT_ROLES)
        patient = _first_role(etype, PATIENT_ROLES, exclude=agent if etype.name != "Contact.Meet" else None)
        candidates: list[tuple[Role, Any]] = []
        for head in self._subjects(trigger):
            role = patient if head.dep_ == "nsubjpass" else agent
            candidates.extend((role, t) for t in _with_conjuncts(head) if role)
        for child in trigger.children:
            if child.dep_ in ("dobj", "obj", "attr") and patient:
                candidates.extend((patient, t) for t in _with_conjuncts(child))
            elif child.dep_ == "agent" and agent:
                candidates.extend((agent, t) for p in child.children if p.dep_ == "pobj" for t in _with_conjuncts(p))
            elif child.dep_ == "poss" and agent:
                candidates.append((agent, child))
            elif child.dep_ == "prep" and patient and child.lower_ in _patient_preps(patient):
                candidates.extend((patient, t) for p in child.children if p.dep_ == "pobj" for t in _with_conjuncts(p))
        arguments: dict[str, list[tuple[int, ProposedArgument]]] = {}
        for role, token in candidates:
            arg = self._argument(doc, role, token, ents)
            if arg:
                arguments.setdefault(role.name, []).append((abs(token.i - trigger.i), arg))
        self._place_and_time(doc, trigger, etype, ents, arguments)
        out = []
        for role in etype.roles:
            fillers = arguments.get(role.name, [])
            if not role.repeatable:
                fillers = sorted(fillers, key=lambda f: f[0])[:1]
            seen = set()
            for _, arg in fillers:
                if (arg.start, arg.end) not in seen:
                    seen.add((arg.start, arg.end))
                    out.append(arg)
        return out

    @staticmethod
    def _subjects(trigger: Any) -> list[Any]:
        subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        borrows = trigger.dep_ in ("advcl", "xcomp", "conj", "acl") or (
            # "held talks", "launched an attack": the light verb's subject is the agent
            trigger.pos_ == "NOUN" and trigger.dep_ in ("dobj", "obj") and trigger.head.pos_ in ("VERB", "AUX")
        )
        if not subjects and borrows and trigger.head is not trigger:
            subjects = [c for c in trigger.head.children if c.dep_ == "nsubj"]
        return subjects

    def _argument(self, doc: Any, role: Role, token: Any, ents: list[Entity]) -> ProposedArgument | None:
        if token.pos_ in SKIP_POS and not _entity_at(token, ents):
            return None
        ent = _entity_at(token, ents)
        if ent is not None:
            return ProposedArgument(role.name, ent[0], ent[1], ent[2]) if role.allows(ent[2]) else None
        if not role.labels:
            return None  # no label to give a non-entity phrase
        # A phrase that is not a name ("Envoys of the two governments") gets the role's first
        # allowed label: a name inside it is a modifier, not what the phrase is.
        start, end = _phrase(token)
        return ProposedArgument(role.name, start, end, role.labels[0])

    def _place_and_time(
        self, doc: Any, trigger: Any, etype: EventType, ents: list[Entity],
        arguments: dict[str, list[tuple[int, ProposedArgument]]],
    ) -> None:
        sent = trigger.sent
        place = _first_role(etype, PLACE_ROLES)
        time = _first_role(etype, TIME_ROLES)
        origin, destination = etype.role("Origin"), etype.role("Destination")
        for start, end, label in ents:
            if not (sent.start_char <= start and end <= sent.end_char):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            distance = abs(span.start - trigger.i)
            prep = span.root.head if span.root.dep_ == "pobj" else None
            word = prep.lower_ if prep is not None else ""
            role = None
            if time and time.allows(label) and label in ("DATE", "TIME"):
                role = time
            elif word in DESTINATION_PREPS and destination:
                role = destination
            elif word in ORIGIN_PREPS and origin:
                role = origin
            elif word in PLACE_PREPS and place:
                role = place
            if role and role.allows(label):
                arguments.setdefault(role.name, []).append(
                    (distance, ProposedArgument(role.name, start, end, label))
                )


def _first_role(etype: EventType, names: tuple[str, ...], exclude: Role | None = None) -> Role | None:
    for name in names:
        role = etype.role(name)
        if role is not None and role is not exclude:
            return role
    return None


def _patient_preps(role: Role) -> set[str]:
    return ATTACK_PREPS if role.name in ("Target", "Victim") else MEETING_PREPS


def _with_conjuncts(token: Any) -> list[Any]:
    return [token, *(t for t in token.conjuncts)]


def _entity_at(token: Any, ents: list[Entity]) -> Entity | None:
    for ent in ents:
        if ent[0] <= token.idx < ent[1]:
            return ent
    return None


def _phrase(head: Any) -> tuple[int, int]:
    """The head's phrase without clauses, conjuncts or non-'of' prepositions."""
    tokens = [head]
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in PHRASE_DROP and not (child.dep_ == "prep" and child.lower_ == "of"):
                continue
            tokens.append(child)
            stack.append(child)
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)
