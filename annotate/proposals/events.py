"""Event proposals from a parsed spaCy ``Doc``: triggers from the shipped ACE 2005 lexicon
(:mod:`annotate.proposals.trigger_lexicon`) and the schema's own ``triggers`` lists, arguments
from the trigger's clause (:mod:`annotate.proposals.event_arguments`).

Triggers:
- lookup by lower-cased lemma and form; a part of speech the entry names (VERB, NOUN, ADJ);
- multi-word entries ("open fire", "step down", "take to the streets"): the words in order
  within a few tokens, one of them governing the others; the trigger is the whole phrase when
  only determiners or particles lie between, else its governing word;
- headline casing: a Title-Cased word the tagger took for a proper noun ("Talks", "Kills") is
  looked up by its lower-cased form and plain inflection-stripped stems;
- the sense filter: an entry's ``requires``/``excludes`` conditions ("fire" an employee is
  End-Position, "fire on" protesters Attack; "release a report" is no Release-Parole); a light
  verb ("held talks", "launched an assault") is no trigger when its object is one; auxiliaries,
  and words inside names ("Supreme Court"), are never triggers;
- lexicon entries are used for schema types of the same name, or aliased in the file; a word
  of a schema's ``triggers`` list is used as written unless the lexicon has it for that type.
Score of an event: the entry's weight × 0.8 for a headline-cased recovery × 1.1 when a sense
``requires`` condition confirmed it (at most 1); schema-listed words weigh 0.7, aliased entries
× 0.8. One event per trigger: the best-scoring entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from annotate.proposals.datelines import HEAD, dateline_span
from annotate.proposals.event_arguments import ArgumentContext, event_arguments
from annotate.proposals.doc_rows import DocRows as _DocRows
from annotate.proposals.trigger_lexicon import (
    Condition, TriggerEntry, TriggerLexicon, condition_objects, holds, shipped_lexicon,
)
from annotate.proposals.types import ProposedEvent
from annotate.schema import EventType, Schema

Entity = tuple[int, int, str]  # start char, end char, schema label
SCHEMA_WEIGHT = 0.7
ALIAS_FACTOR = 0.8
HEADLINE_FACTOR = 0.8
CONFIRMED_FACTOR = 1.1
# Spans whose words are names, never event words ("Supreme Court", "Strike Force Inc").
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
TOKEN_POS = {"VERB": ("VERB",), "NOUN": ("NOUN",), "ADJ": ("ADJ", "VERB")}
GAP_POS = {"DET", "PART", "ADP", "ADV"}  # what may sit inside a multi-word trigger span
MAX_GAP = 3
CONTENT_POS = {"VERB", "NOUN", "ADJ", "PROPN", "X"}
STRONG_COMPOUND = 0.75  # a noun this reliable is a trigger even as a modifier ("death toll")
HYPHENS = {"-", "\u2010", "\u2011"}
CACHE_LIMIT = 200_000  # word-id caches are cleared past this size (a long run meets many words)


@dataclass(frozen=True, slots=True)
class _Entry:
    """A lexicon entry bound to one of the schema's event types."""

    entry: TriggerEntry
    etype: EventType
    factor: float


@dataclass(slots=True)
class _Candidate:
    head: Any  # the governing token: arguments are read from it
    first: int  # token range of the trigger span
    last: int
    bound: _Entry
    score: float


class EventFinder:
    """Proposes events for one schema; reuse it across documents."""

    def __init__(self, schema: Schema, source: str, lexicon: TriggerLexicon | None = None) -> None:
        self.schema = schema
        self.source = source
        self.lexicon = lexicon if lexicon is not None else shipped_lexicon()
        self.mention = schema.mention_label
        self.single: dict[str, list[_Entry]] = {}
        self.multi: dict[str, list[_Entry]] = {}
        self._keys: set[str] = set()  # first words of all entries
        self._index(schema)
        # Caches keyed by spaCy's string ids (hashes of the strings, the same in every vocab).
        self._strings: Any = None
        self._names: dict[int, str] = {}
        self._breaks: dict[int, bool] = {}
        self._lemmas: dict[int, str] = {}
        self._starts: dict[tuple[int, int], tuple[bool, bool]] = {}
        # Per document: words' dependents and the objects sense conditions look at.
        self._parts: dict[int, tuple[list[Any], list[Any]]] = {}
        words = self.lexicon.words_of
        self._light = words("light-verbs")
        self._undergo = words("undergo-verbs")
        self._places = words("places-moved")
        self._vehicles = words("vehicles")
        self._currencies = words("money-words")
        self._projectiles = words("projectiles")
        self._titles = words("titles")

    def _index(self, schema: Schema) -> None:
        by_subtype: dict[str, list[TriggerEntry]] = {}
        for entry in self.lexicon.entries:
            by_subtype.setdefault(entry.subtype, []).append(entry)
        for etype in schema.event_types:
            subtype = etype.name if etype.name in by_subtype else self.lexicon.aliases.get(etype.name)
            entries = by_subtype.get(subtype or "", [])
            factor = 1.0 if subtype == etype.name else ALIAS_FACTOR
            # A schema word the lexicon has for the type, alone or as the head of a phrase
            # ("step" for "step down"), takes the lexicon's senses instead.
            known = {" ".join(e.words) for e in entries} | {e.words[0] for e in entries}
            for entry in entries:
                self._add(_Entry(entry, etype, factor))
            for word in etype.triggers:
                words = tuple(word.lower().split())
                if words and " ".join(words) not in known:  # the lexicon's senses win for its words
                    self._add(_Entry(TriggerEntry(etype.name, words, "ANY", SCHEMA_WEIGHT), etype, 1.0))

    def _add(self, bound: _Entry) -> None:
        words = bound.entry.words
        (self.multi if len(words) > 1 else self.single).setdefault(words[0], []).append(bound)
        self._keys.add(words[0])

    @property
    def active(self) -> bool:
        """Whether any event type of the schema has a trigger to look for."""
        return bool(self.single or self.multi)

    def find(self, doc: Any, entities: Iterable[Entity], text: str | None = None) -> list[ProposedEvent]:
        """Events in ``doc``; ``entities`` are the document's spans with schema labels; ``text``
        is ``doc.text`` when the caller has it (joining it costs about a millisecond)."""
        if not self.active:
            return []
        ents = sorted(entities)
        ent_of = _token_entities(doc, ents)

        def label_of(token: Any) -> str | None:
            ent = ent_of.get(token.i)
            return ent[2] if ent else None

        candidates: dict[int, _Candidate] = {}
        covered: set[int] = set()
        rows = _DocRows(doc)
        self._strings = doc.vocab.strings
        self._parts = {}
        lines: dict[int, tuple[int, int]] = {}
        line_start = 0
        name, newline, maybe = self._name, self._newline, self._maybe
        places = self._places
        place_pobjs = []
        # One pass over the doc's attribute arrays: a Token object is made only for the few
        # words that may be triggers (making one per word was most of the proposer's cost).
        for i, (orth, low, lemma, pos_id, dep_id) in enumerate(rows.words):
            if newline(orth):  # a line ends here: every token learns its line once
                lines.update(dict.fromkeys(range(line_start, i + 1), (line_start, i)))
                line_start = i + 1
            pos, dep = name(pos_id), name(dep_id)
            if dep == "pobj" and self._lemma(lemma) in places:
                place_pobjs.append(i)  # a place noun argument rules may take ("the capital")
            if pos not in CONTENT_POS or dep in ("aux", "auxpass"):
                continue  # auxiliaries, function words and punctuation are never triggers
            if not maybe(lemma, low, pos):
                continue  # no entry starts with the word (nor, for a verb or name, with a stem of it)
            ent = ent_of.get(i)
            if ent is not None and ent[2] in NAME_LABELS:
                continue
            token = doc[i]
            for cand in self._multi_word(doc, token, label_of):
                best = candidates.get(cand.head.i)
                if best is None or cand.score > best.score or best.last == best.first:
                    candidates[cand.head.i] = cand
                    covered.update(range(cand.first, cand.last + 1))
            if i in covered:
                continue
            single = self._single_word(token, label_of, rows)
            if single is not None:
                candidates[i] = single
        lines.update(dict.fromkeys(range(line_start, len(doc)), (line_start, len(doc) - 1)))
        self._drop_light_verbs(candidates)
        dateline = _dateline_tokens(doc, text if text is not None else rows.head_text(HEAD))
        ctx = ArgumentContext(ents, ent_of, self.mention, self._places, self._undergo, self._light,
                              self._vehicles, self._currencies, self._projectiles, self._titles, lines,
                              dateline, frozenset(place_pobjs))
        found = []
        for i in sorted(candidates):
            cand = candidates[i]
            if dateline is not None and dateline[0] <= cand.head.i <= dateline[1]:
                continue  # the dateline is the article's metadata: no event is told in it
            start = doc[cand.first].idx
            last = doc[cand.last]
            overrides = dict(cand.bound.entry.roles)
            arguments = event_arguments(cand.head, cand.bound.etype, ctx, overrides, (cand.first, cand.last))
            found.append(ProposedEvent(cand.bound.etype.name, start, last.idx + len(last.text), arguments,
                                       self.source, round(cand.score, 3)))
        return found

    # -- triggers -------------------------------------------------------------------------
    def _name(self, key: int) -> str:
        """The string of a part-of-speech or dependency id (a handful: cached for good)."""
        found = self._names.get(key)
        if found is None:
            found = self._names[key] = self._strings[key]
        return found

    def _lemma(self, lemma: int) -> str:
        """The lower-cased string of a ``LEMMA`` id."""
        found = self._lemmas.get(lemma)
        if found is None:
            if len(self._lemmas) > CACHE_LIMIT:
                self._lemmas.clear()
            found = self._lemmas[lemma] = str(self._strings[lemma]).lower()
        return found

    def _newline(self, orth: int) -> bool:
        """Whether the word with this ``ORTH`` id holds a line break."""
        found = self._breaks.get(orth)
        if found is None:
            if len(self._breaks) > CACHE_LIMIT:
                self._breaks.clear()
            found = self._breaks[orth] = "\n" in self._strings[orth]
        return found

    def _maybe(self, lemma: int, low: int, pos: str) -> bool:
        """Whether a word may start a trigger: its lemma or form starts an entry, or (a verb,
        or a name that may be a headline word) a plain stem of its form is a one-word entry."""
        found = self._starts.get((lemma, low))
        if found is None:
            if len(self._starts) > CACHE_LIMIT:
                self._starts.clear()
            lemma_s, low_s = self._strings[lemma].lower(), self._strings[low]
            keyed = lemma_s in self._keys or low_s in self._keys
            found = self._starts[(lemma, low)] = (keyed, keyed or any(k in self.single for k in _stems(low_s)))
        return found[0] if pos in ("NOUN", "ADJ") else found[1]

    def _single_word(self, token: Any, label_of: Any, rows: _DocRows) -> _Candidate | None:
        keys = [token.lemma_.lower(), token.lower_]
        factor = 1.0
        pos = token.pos_
        if pos in ("PROPN", "X") and token.text[:1].isupper() and rows.headline_cased(token.i):
            keys = [token.lower_, *_stems(token.lower_)]  # "Talks", "Shelling", "Kills"
            factor = HEADLINE_FACTOR
        elif pos == "VERB" and not any(k in self.single for k in keys):
            keys = _stems(token.lower_)  # the lemmatizer's slip: "fined" → "fin"
        found = [bound for key in dict.fromkeys(keys) for bound in self.single.get(key, ())]
        if not found:
            return None
        # "flood-hit", "rebel-held": the last part of a hyphenated modifier is no event verb
        hyphenated = token.i > 1 and token.nbor(-1).text in HYPHENS and not token.nbor(-1).whitespace_ \
            and not token.nbor(-2).whitespace_
        best: _Candidate | None = None
        for bound in found:
            if factor == 1.0 and not _pos_fits(bound.entry.pos, pos):
                continue
            if (factor != 1.0 and bound.entry.pos == "ADJ") or (hyphenated and bound.entry.pos != "NOUN"):
                continue
            sense = self._sense(bound, token, label_of)
            if sense is None or (token.dep_ == "compound" and pos == "NOUN" and not sense[1]
                                 and bound.entry.weight < STRONG_COMPOUND):
                continue  # "detention sites", "aid agencies": a noun modifying a noun, unless confirmed
            score = min(1.0, sense[0] * factor)
            if best is None or score > best.score:
                best = _Candidate(token, token.i, token.i, bound, score)
        return best

    def _multi_word(self, doc: Any, token: Any, label_of: Any) -> list[_Candidate]:
        out = []
        for key in dict.fromkeys((token.lemma_.lower(), token.lower_)):
            for bound in self.multi.get(key, ()):
                matched = _match_sequence(doc, token, bound.entry.words)
                if matched is None:
                    continue
                head = _governor(matched)
                if head is None or not _pos_fits(bound.entry.pos, head.pos_, multi=True):
                    continue
                sense = self._sense(bound, head, label_of)
                if sense is None:
                    continue
                score = sense[0]
                gaps = [t for t in doc[matched[0].i : matched[-1].i + 1] if t not in matched]
                first, last = (matched[0].i, matched[-1].i) if all(t.pos_ in GAP_POS for t in gaps) else (head.i, head.i)
                out.append(_Candidate(head, first, last, bound, score))
        return out

    def _sense(self, bound: _Entry, token: Any, label_of: Any) -> tuple[float, bool] | None:
        """The entry's score on ``token`` and whether a ``requires`` condition confirmed it, or
        None when its sense conditions rule it out."""
        entry = bound.entry
        if any(self._holds(c, token, label_of) for c in entry.excludes):
            return None
        score = entry.weight * bound.factor
        if entry.requires:
            if not any(self._holds(c, token, label_of) for c in entry.requires):
                return None
            return min(1.0, score * CONFIRMED_FACTOR), True
        return score, False

    def _holds(self, cond: Condition, token: Any, label_of: Any) -> bool:
        """:func:`holds`, with the word's dependents and objects found once per document (a
        word's entries ask many conditions of the same objects)."""
        found = self._parts.get(token.i)
        if found is None:
            children = list(token.children)
            found = self._parts[token.i] = (children, condition_objects(token, children))
        return holds(cond, token, self.lexicon, label_of, found[0], found[1])

    def _drop_light_verbs(self, candidates: dict[int, _Candidate]) -> None:
        """"held talks", "launched an assault": the noun is the trigger, the verb is not."""
        for i, cand in list(candidates.items()):
            verb = cand.head
            if cand.first != cand.last or verb.pos_ != "VERB" or verb.lemma_.lower() not in self._light:
                continue
            for child in verb.children:
                nouns = [child] if child.dep_ in ("dobj", "obj") else (
                    [p for p in child.children if p.dep_ == "pobj"] if child.dep_ == "prep" else [])
                if any(n.i in candidates and candidates[n.i].head.pos_ in ("NOUN", "PROPN") for n in nouns):
                    del candidates[i]
                    break


def _pos_fits(entry_pos: str, token_pos: str, multi: bool = False) -> bool:
    if entry_pos == "ANY":
        return token_pos in ("VERB", "NOUN", "ADJ") or (multi and token_pos == "PROPN")
    if multi and entry_pos == "NOUN":
        return token_pos in ("NOUN", "PROPN")
    return token_pos in TOKEN_POS[entry_pos]


def _match_sequence(doc: Any, token: Any, words: tuple[str, ...]) -> list[Any] | None:
    """Tokens matching ``words`` in order from ``token``, each within MAX_GAP of the last."""
    matched = [token]
    i = token.i
    for word in words[1:]:
        for j in range(i + 1, min(len(doc), i + 2 + MAX_GAP)):
            t = doc[j]
            if t.lemma_.lower() == word or t.lower_ == word:
                matched.append(t)
                i = j
                break
        else:
            return None
    return matched


def _governor(tokens: list[Any]) -> Any | None:
    """The token among ``tokens`` that all the others descend from, if one does."""
    ids = {t.i for t in tokens}
    for tok in tokens:
        if all(t.i == tok.i or tok.is_ancestor(t) for t in tokens):
            return tok
    # "go bankrupt" may be parsed with both words hanging off one outside head: take the first
    # token when the others all hang off the same head as it.
    heads = {t.head.i for t in tokens if t.head.i not in ids}
    return tokens[0] if len(heads) == 1 and all(t.head.i in ids or t.head.i in heads for t in tokens) else None


def _stems(form: str) -> list[str]:
    """Plain English inflection stripped: Talks → talk, Shelling → shell, Bombed → bomb."""
    out = []
    if form.endswith("ies"):
        out.append(form[:-3] + "y")
    if form.endswith("es"):
        out.append(form[:-2])
    if form.endswith("s"):
        out.append(form[:-1])
    for suffix in ("ing", "ed"):
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            base = form[: -len(suffix)]
            out.extend([base, base + "e"])
            if len(base) > 2 and base[-1] == base[-2]:
                out.append(base[:-1])  # "shelled" is "shell", "bombed"... "planned" is "plan"
    return out


def _dateline_tokens(doc: Any, text: str) -> tuple[int, int] | None:
    """The token range of the article's dateline ("KHARTOUM, Thursday 24 March 2016 (Agency) -"),
    or None; ``text`` is the doc's text, or at least its first ``HEAD`` characters. Wire copy runs
    the dateline into the lede's sentence, so the parse hangs it off the lede's verb."""
    span = dateline_span(text)
    if span is None:
        return None
    tokens = doc.char_span(span[0], span[1], alignment_mode="expand")
    return (tokens.start, tokens.end - 1) if tokens is not None and len(tokens) else None


def _token_entities(doc: Any, ents: list[Entity]) -> dict[int, Entity]:
    """Token index → the span it lies in (the first, when spans overlap)."""
    out: dict[int, Entity] = {}
    for ent in ents:
        span = doc.char_span(ent[0], ent[1], alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            out.setdefault(tok.i, ent)
    return out
