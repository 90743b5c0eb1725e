"""Arguments of a proposed event, taken only from the trigger's own clause.

Where fillers come from (a proposer: recall first, but never from another clause):
- the trigger's dependents: subject, object, passive subject, ``by`` agent, possessor, ``of``
  complement of a noun, and prepositions the event type gives a role (``on``/``against`` →
  Target, ``with`` → the other participant, ``to``/``from`` → Destination/Origin, ``as`` →
  Position, ``for``/``with``/``of`` → Crime ...); conjuncts repeat the role;
- a noun trigger that is the object of a light verb ("Rebels launched an assault") takes the
  verb's subject; after ``face``/``suffer``... ("faces trial") the subject is the patient;
- a subjectless participle or infinitive ("..., killing 12 civilians") borrows its head verb's
  subject, and Time/Place attached to that verb;
- Time (DATE/TIME), Money (MONEY) and Place (GPE/LOC/FAC, or a place noun such as "the
  capital") only when in the trigger's subtree or attached to its clause's verb (a preposition
  or bare noun of it); a clause inside (``ccomp``, ``advcl``, ``relcl``, a verb conjunct ...)
  is another clause, and nothing is taken across a line break (a headline and its dateline);
- nothing is taken from the dateline ("KHARTOUM, Thursday 24 March 2016 (Agency) -"): wire
  copy runs it into the lede's sentence, but it is the article's metadata, not an argument
  (a phrase reaching into it is cut at its dash);
- a vehicle noun moved is the Vehicle, a weapon noun (shell, bomb) the Instrument; for
  Personnel events a title ("Ghana's finance minister") also gives Position and Entity.

Fillers are the schema spans they fall in, when the role allows the label; a phrase that is not
a name gets the schema's mention label (none declared: it is left out). Nearest first; a role of
cardinality ``1``/``?`` keeps the best one.

Scores: a path weight (direct dependent 0.8, role preposition 0.7, borrowed subject 0.6,
Time/Place in the subtree 0.75, on the clause verb 0.65, borrowed 0.5) × the filler's kind
(name 1.0, mention 0.8, pronoun 0.6) × a distance decay (−2 % a token, at least ×0.5).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from annotate.proposals.clauses import (
    RELATIVE, VERBAL, attachments, clause_tokens, clause_verb, line, phrase, pobjs, resolve, word_hyphen,
)
from annotate.proposals.event_frames import Frame, frame_for, prep_role
from annotate.proposals.lede import in_dateline, lede_subject, outside_dateline
from annotate.proposals.types import ProposedArgument
from annotate.schema import EventType, Role

Entity = tuple[int, int, str]
TIME_LABELS = ("DATE", "TIME")
PLACE_LABELS = ("GPE", "LOC", "FAC")
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around", "on", "off", "throughout", "within"}
PRONOUNS = {"he", "she", "him", "her", "they", "them", "we", "us", "i", "me", "you", "it"}
VEHICLE_PREPS = {"in", "by", "aboard", "on", "onboard"}
NOT_TITLE = {"new", "former", "ex", "then", "current", "outgoing", "incoming", "late"}  # of a person, not a post
LIGHT_PREPS = {"on", "in", "into", "by"}
COUNTS = {"CARDINAL", "QUANTITY"}
SKIP_POS = {"DET", "NUM", "PUNCT", "SYM", "ADP", "CCONJ", "SCONJ", "PART", "SPACE"}


@dataclass(frozen=True, slots=True)
class ArgumentContext:
    """What argument finding needs about the document: its spans and the mention label."""

    ents: list[Entity]
    ent_of: dict[int, Entity]  # token index → the span it is in
    mention: str | None
    place_nouns: frozenset[str]
    undergo_verbs: frozenset[str]
    light_verbs: frozenset[str]
    vehicles: frozenset[str] = frozenset()
    currencies: frozenset[str] = frozenset()
    projectiles: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    lines: dict[int, tuple[int, int]] = field(default_factory=dict)  # token index → its line, filled lazily
    dateline: tuple[int, int] | None = None  # token range of the article's dateline (never an argument)
    # Tokens that are a preposition's object with a place noun's lemma, when the caller knows
    # them (found once per document); None: each token is looked at.
    place_pobjs: frozenset[int] | None = None


def event_arguments(trigger: Any, etype: EventType, ctx: ArgumentContext, overrides: dict[str, str],
                    span: tuple[int, int] | None = None) -> tuple[ProposedArgument, ...]:
    """Arguments for an event of ``etype`` on the ``trigger`` token; ``span`` is the trigger's
    token range (a multi-word trigger's words fill no role: "opened fire")."""
    frame = frame_for(etype, overrides)
    first, last = span or (trigger.i, trigger.i)
    bounds = line(trigger, ctx.lines)
    found: dict[str, dict[tuple[int, int], ProposedArgument]] = {}
    for role_name, token, path in _candidates(trigger, etype, frame, ctx, (first, last)):
        lemma = token.lemma_.lower()
        if role_name == "Artifact" and lemma in ctx.vehicles and etype.role("Vehicle"):
            role_name = "Vehicle"  # "sent two helicopters": what carries is the Vehicle
        elif role_name in ("Attacker", "Agent", "Target") and lemma in ctx.projectiles and etype.role("Instrument"):
            role_name = "Instrument"  # "hit by a mortar shell", "fired tear gas"
        role = etype.role(role_name)
        if role is None or first <= token.i <= last or not bounds[0] <= token.i <= bounds[1]:
            continue  # a headline's parse may run on into the dateline: never past a line break
        if in_dateline(token.i, ctx.dateline):
            continue  # the lede's parse takes in the dateline on its line: it is metadata, not an argument
        arg = _filler(role, token, path * _decay(token, trigger), ctx)
        if arg is not None:
            arg = outside_dateline(arg, trigger.doc, ctx.dateline, ctx.mention)
        if arg is not None:
            slot = found.setdefault(role.name, {})
            old = slot.get((arg.start, arg.end))
            if old is None or (old.score or 0) < (arg.score or 0):
                slot[(arg.start, arg.end)] = arg
    for slot in found.values():  # "its commissioner-general" and its "general": one filler
        for key in [k for k in slot if any(o != k and o[0] <= k[0] and k[1] <= o[1] for o in slot)]:
            del slot[key]
    if frame.position:
        _titles(trigger, etype, frame, ctx, found)
    out: list[ProposedArgument] = []
    taken: set[tuple[int, int]] = set()
    for role in etype.roles:
        fillers = sorted(found.get(role.name, {}).values(), key=lambda a: -(a.score or 0))
        fillers = [a for a in fillers if (a.start, a.end) not in taken]
        for arg in fillers if role.repeatable else fillers[:1]:
            taken.add((arg.start, arg.end))
            out.append(arg)
    return tuple(out)


def _titles(trigger: Any, etype: EventType, frame: Frame, ctx: ArgumentContext,
            found: dict[str, dict[tuple[int, int], ProposedArgument]]) -> None:
    """Personnel events: "Ghana's finance minister quits" has Position "finance minister" and
    Entity "Ghana"; "former trade minister Yaw Darko" has Person "Yaw Darko"."""
    doc = trigger.doc
    persons = found.get(frame.obj or "", {}) if frame.obj == "Person" else {}
    nouns = [doc.char_span(a.start, a.end, alignment_mode="expand").root for a in persons.values()
             if a.label == ctx.mention]
    if trigger.dep_ == "amod" and trigger.pos_ == "ADJ":
        nouns.append(trigger.head)
    for noun in nouns:
        if noun is None or noun.lemma_.lower() not in ctx.titles:
            continue
        mods = [c for c in noun.subtree if c.i <= noun.i and c.dep_ in ("compound", "amod") and c.i != trigger.i
                and c.i not in ctx.ent_of and c.lemma_.lower() not in NOT_TITLE]
        start = min([noun.i, *(m.i for m in mods)])
        end = noun.i
        while start > 1 and word_hyphen(doc[start - 1]):  # "commissioner-general" is one title
            start -= 2
        while end + 2 < len(doc) and word_hyphen(doc[end + 1]):
            end += 2
        _put(found, etype, "Position", doc[start], doc[end], ctx.mention, 0.6)
        for child in noun.children:
            ent = ctx.ent_of.get(child.i)
            if child.dep_ in ("poss", "compound") and ent is not None and ent[2] in ("GPE", "ORG", "NORP"):
                _put(found, etype, "Entity", doc.char_span(ent[0], ent[1]), None, ent[2], 0.6)
        name = noun.head if noun.dep_ in ("compound", "appos") else None
        ent = ctx.ent_of.get(name.i) if name is not None else None
        if name is not None and trigger.dep_ == "amod" and ent is not None and ent[2] == "PERSON":
            found.get("Person", {}).clear()  # the name, not the title phrase, is the person
            _put(found, etype, "Person", doc.char_span(ent[0], ent[1]), None, ent[2], 0.7)


def _put(found: dict[str, dict[tuple[int, int], ProposedArgument]], etype: EventType, role: str,
         first: Any, last: Any, label: str | None, score: float) -> None:
    if first is None or label is None or etype.role(role) is None:
        return
    start = first.start_char if hasattr(first, "start_char") else first.idx
    end = first.end_char if last is None else last.idx + len(last.text)
    found.setdefault(role, {}).setdefault((start, end), ProposedArgument(role, start, end, label, score))


def _candidates(trigger: Any, etype: EventType, frame: Frame, ctx: ArgumentContext,
                span: tuple[int, int]) -> Iterator[tuple[str, Any, float]]:
    """(role name, filler head token, path weight) in the trigger's clause."""
    # A word of the trigger itself ("took office", "opened fire") is no dependent of it.
    children = [c for c in trigger.children if not span[0] <= c.i <= span[1]]
    is_noun = trigger.pos_ in ("NOUN", "PROPN")
    subjects = [c for c in children if c.dep_ in ("nsubj", "csubj")]
    passive = [c for c in children if c.dep_ == "nsubjpass"]
    objects = [c for c in children if c.dep_ in ("dobj", "obj", "dative")]
    active_role = frame.subj if objects or frame.intrans is None else frame.intrans
    for subj in subjects:
        yield from _with_conjuncts(active_role, resolve(trigger, subj), 0.8)
    for subj in passive:
        yield from _with_conjuncts(frame.obj, resolve(trigger, subj), 0.8)
    if trigger.dep_ == "acl" and trigger.tag_ == "VBN":  # "prisoners released on Monday"
        yield from _with_conjuncts(frame.obj, trigger.head, 0.7)
    if trigger.pos_ == "ADJ" and trigger.dep_ == "amod":  # "injured civilians"
        yield from _with_conjuncts(frame.intrans or frame.obj, trigger.head, 0.7)
    if trigger.pos_ == "ADJ" and trigger.dep_ in ("acomp", "oprd"):  # "12 were dead"
        for subj in (c for c in trigger.head.children if c.dep_ in ("nsubj", "nsubjpass")):
            yield from _with_conjuncts(frame.intrans or frame.obj, subj, 0.7)
    for obj in objects:
        yield from _with_conjuncts(frame.obj, obj, 0.8)
    for child in children:
        if child.dep_ == "agent":  # "by police"
            for pobj in pobjs(child):
                yield from _with_conjuncts(frame.subj, pobj, 0.8)
        elif child.dep_ == "poss":
            yield from _with_conjuncts(frame.poss, child, 0.8)
        elif child.dep_ == "prep":
            word = child.lower_
            if is_noun and word == "of":
                for pobj in pobjs(child):
                    yield from _with_conjuncts(frame.obj if frame.obj else frame.intrans, pobj, 0.8)
                continue
            if is_noun and word == "by":
                for pobj in pobjs(child):
                    yield from _with_conjuncts(frame.subj, pobj, 0.75)
                continue
            for pobj in pobjs(child):
                role = prep_role(etype, frame, word, ctx.ent_of.get(pobj.i))
                if role is None and word in VEHICLE_PREPS and pobj.lemma_.lower() in ctx.vehicles:
                    role = _role_if(etype, "Vehicle")  # "in small boats", "by helicopter"
                if role:
                    yield from _with_conjuncts(role, pobj, 0.7)
        elif child.dep_ in ("oprd", "attr") and frame.position:  # "named him foreign minister"
            yield frame.position, child, 0.7
        elif is_noun and child.dep_ in ("compound", "amod") and child.i in ctx.ent_of:
            label = ctx.ent_of[child.i][2]  # "the Kabul attack", "a Russian strike"
            yield (frame.place if label in PLACE_LABELS else frame.subj) or "", child, 0.65
    if not (subjects or passive):
        subject = lede_subject(trigger, ctx.dateline) if active_role else None
        if subject is not None:
            yield from _with_conjuncts(active_role, subject, 0.6)
    yield from _borrowed_subject(trigger, frame, ctx, is_noun, bool(subjects or passive))
    yield from _time_and_place(trigger, frame, ctx)


def _borrowed_subject(trigger: Any, frame: Frame, ctx: ArgumentContext, is_noun: bool,
                      has_subject: bool) -> Iterator[tuple[str, Any, float]]:
    head = trigger.head
    if has_subject or head.i == trigger.i:
        return
    if is_noun:
        # "went on strike", "took part in the protest"; not "called for calm after the vote"
        if trigger.dep_ == "pobj" and (head.dep_ != "prep" or head.lower_ not in LIGHT_PREPS):
            return
        verb = head.head if trigger.dep_ == "pobj" else head
        light = verb.lemma_.lower()
        if trigger.dep_ not in ("dobj", "obj", "pobj") or verb.pos_ not in VERBAL:
            return
        if light in ctx.undergo_verbs:
            role = frame.obj or frame.intrans  # "He faces trial", "suffered injuries"
        elif light in ctx.light_verbs:
            role = frame.subj or frame.intrans  # "Rebels launched an assault"
        else:
            return
        for subj in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
            yield from _with_conjuncts(role, resolve(verb, subj), 0.6)
    elif trigger.dep_ in ("advcl", "xcomp", "conj") and trigger.pos_ in VERBAL:
        passive = any(c.dep_ == "auxpass" for c in trigger.children)
        objects = any(c.dep_ in ("dobj", "obj") for c in trigger.children)
        # "He was charged and will be released": a passive conjunct's subject is its patient
        role = frame.obj if passive else (frame.subj if objects or frame.intrans is None else frame.intrans)
        deps = ("nsubj", "nsubjpass") if passive or trigger.dep_ == "conj" else ("nsubj",)
        for subj in (c for c in head.children if c.dep_ in deps):
            if subj.dep_ == "nsubjpass" and not passive and trigger.dep_ == "conj":
                continue  # "was arrested and fled": the patient of one is the agent of the other
            yield from _with_conjuncts(role, resolve(head, subj), 0.6)


def _time_and_place(trigger: Any, frame: Frame, ctx: ArgumentContext) -> Iterator[tuple[str, Any, float]]:
    """DATE/TIME, MONEY and places in the trigger's subtree or attached to its clause's verb."""
    own = clause_tokens(trigger)
    verb = clause_verb(trigger) if trigger.dep_ != "amod" else None  # "a former minister": no clause
    attached = {t.i for t in attachments(verb)} if verb is not None and verb.i != trigger.i else set()
    borrowed: set[int] = set()
    if trigger.dep_ in ("advcl", "xcomp") and trigger.pos_ in VERBAL and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children
    ):
        borrowed = {t.i for t in attachments(trigger.head)}
    for token_set, weight in ((own, 0.75), (attached, 0.65), (borrowed, 0.5)):
        for i in sorted(token_set):
            ent = ctx.ent_of.get(i)
            if ent is None and ctx.place_pobjs is not None and i not in ctx.place_pobjs:
                continue  # neither a span nor a place noun: nothing to take (no Token made)
            token = trigger.doc[i]
            if ent is not None and _is_root(token, ent, ctx):
                if ent[2] in TIME_LABELS and frame.time and not _bare_number(token, ent):
                    yield frame.time, token, weight
                elif ent[2] == "MONEY" and frame.money:  # "fined the driver $500", "sold for $2 billion"
                    yield frame.money, token, weight
                elif ent[2] in PLACE_LABELS and _place_prep(token):
                    role = frame.place_for(token.head.lower_)
                    if role:
                        yield role, token, weight
            elif ent is None and token.dep_ == "pobj" and token.lemma_.lower() in ctx.place_nouns and _place_prep(token):
                role = frame.place_for(token.head.lower_)
                if role:
                    yield role, _named_place(token, ctx), weight * 0.9


def _role_if(etype: EventType, name: str) -> str | None:
    return name if etype.role(name) is not None else None


def _bare_number(token: Any, ent: Entity) -> bool:
    """"Darko, 63,": a DATE that is a bare number is an age, not a time."""
    return ent[1] - ent[0] == len(token.text) and token.text.isdigit()


def _named_place(noun: Any, ctx: ArgumentContext) -> Any:
    """"the town of Afgooye" is Afgooye: a place noun's ``of`` name, else the noun itself."""
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
        for pobj in pobjs(prep):
            ent = ctx.ent_of.get(pobj.i)
            if ent is not None and ent[2] in PLACE_LABELS:
                return pobj
    return noun


def _place_prep(token: Any) -> bool:
    head = token.head
    return token.dep_ == "pobj" and head.lower_ in (PLACE_PREPS | {"to", "into", "towards", "toward", "from"})


def _is_root(token: Any, ent: Entity, ctx: ArgumentContext) -> bool:
    """Whether ``token`` is the syntactic root of the span ``ent`` (so each span is seen once)."""
    return token.head.i == token.i or ctx.ent_of.get(token.head.i) != ent


def _with_conjuncts(role: str | None, token: Any, weight: float) -> Iterator[tuple[str, Any, float]]:
    if not role:
        return
    yield role, token, weight
    for conj in token.conjuncts:
        if conj.i > token.i and not word_hyphen(conj.doc[conj.i - 1]):  # "commissioner-general" is one
            yield role, conj, weight * 0.95


def _decay(token: Any, trigger: Any) -> float:
    return max(0.5, 1.0 - 0.02 * max(0, abs(token.i - trigger.i) - 1))


def _filler(role: Role, token: Any, weight: float, ctx: ArgumentContext) -> ProposedArgument | None:
    ent = ctx.ent_of.get(token.i)
    if ent is not None and (role.allows(ent[2]) or ent[2] not in COUNTS):
        if not role.allows(ent[2]):
            return None
        return ProposedArgument(role.name, ent[0], ent[1], ent[2], round(min(1.0, weight), 3))
    # "killed 12", "Thousands of dock workers": a count heading a participant is a mention
    counted = token.pos_ == "NUM" and (ent is not None or any(c.lower_ == "of" for c in token.children))
    if (token.pos_ in SKIP_POS and not counted) or ctx.mention is None or token.lower_ in RELATIVE:
        return None
    if "MONEY" in role.labels and token.lemma_.lower() in ctx.currencies and any(
        c.dep_ in ("nummod", "compound") and c.pos_ == "NUM" for c in token.children
    ):  # "5 million euros": an amount the model left unlabelled
        start, end = phrase(token, ctx.lines)
        return ProposedArgument(role.name, start, end, "MONEY", round(min(1.0, weight * 0.8), 3))
    if role.labels and set(role.labels) <= set(TIME_LABELS) | {"MONEY", "CARDINAL", "QUANTITY", "PERCENT"}:
        return None  # a value role is filled by a value span, never by a bare phrase
    kind = 0.6 if token.pos_ == "PRON" or token.lower_ in PRONOUNS else 0.8
    start, end = phrase(token, ctx.lines)
    return ProposedArgument(role.name, start, end, ctx.mention, round(min(1.0, weight * kind), 3))


