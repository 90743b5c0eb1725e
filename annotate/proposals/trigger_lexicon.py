"""The shipped event-trigger lexicon (``resources/lexicons/ace-2005-triggers.jsonl``): reading,
checking, and the sense conditions its entries carry.

One JSON object per line, of four kinds (``resources/lexicons/README.md`` has the details):

- ``{"lexicon": NAME, "version": N}`` — the header;
- ``{"define": "people", "words": [...]}`` — a word class, used as ``%people`` in conditions;
- ``{"alias": "Strategic developments.Arrests", "subtype": "Justice.Arrest-Jail"}`` — a schema's
  event type that takes a subtype's entries;
- ``{"subtype": "Conflict.Attack", "lemma": "open fire", "pos": "VERB", "weight": 0.95,
  "requires": [...], "excludes": [...], "roles": {"subj": "Attacker"}}`` — a trigger.

A condition is ``kind`` or ``kind:target`` (``prep:word`` / ``prep:word:target``); a target is a
lemma, a ``%class``, an ``@LABEL`` (a span with that schema label) or ``=POS`` (a part of speech). An entry with ``requires``
is kept only when one of them holds; one of its ``excludes`` holding drops it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from annotate.errors import AnnotaryError
from annotate.formats.jsonl_lines import json_lines

POS = ("VERB", "NOUN", "ADJ")
# Conditions that name a word (the preposition, particle ...) and optionally a target after it.
WORD_KINDS = {"prep", "prt", "advmod", "aux", "head"}
# Conditions on the trigger's dependents (or head) that take a target.
TARGET_KINDS = {"obj", "subj", "pass", "mod"}
BARE_KINDS = {"pass", "poss", "oprd", "xcomp"}
ROLE_KEYS = {"subj", "obj", "pass", "of", "by", "poss"}
ENTRY_KEYS = {"subtype", "lemma", "pos", "weight", "requires", "excludes", "roles", "note"}

Labeller = Callable[[Any], "str | None"]  # a token → the schema label of the span it is in


class LexiconError(AnnotaryError):
    """A trigger lexicon file is malformed; names the file and line."""

    code = "A-LEXICON"


@dataclass(frozen=True, slots=True)
class Condition:
    """One sense condition: ``kind`` (``obj``, ``prep``, ...), the word it names, its target."""

    kind: str
    word: str | None = None
    target: str | None = None


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """A trigger: an event subtype, its lemma words (one or more), part of speech, weight
    (how often the word, seen with this part of speech, is such a trigger) and conditions."""

    subtype: str
    words: tuple[str, ...]
    pos: str
    weight: float
    requires: tuple[Condition, ...] = ()
    excludes: tuple[Condition, ...] = ()
    roles: tuple[tuple[str, str], ...] = ()  # (syntactic slot, role name) overrides
    line: int = 0

    def role_for(self, slot: str) -> str | None:
        """The role this entry gives a filler in ``slot`` (``subj``, ``obj``, ``of`` ...), if set."""
        return next((role for key, role in self.roles if key == slot), None)


@dataclass(slots=True)
class TriggerLexicon:
    """Entries, word classes and aliases of one lexicon file."""

    name: str
    entries: list[TriggerEntry] = field(default_factory=list)
    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # schema type → lexicon subtype

    @property
    def subtypes(self) -> set[str]:
        """The subtypes that have at least one entry."""
        return {e.subtype for e in self.entries}

    def words_of(self, class_name: str) -> frozenset[str]:
        """The words of ``%class_name`` (empty when the file does not define it)."""
        return self.classes.get(class_name, frozenset())


def parse_lexicon(text: str, origin: str) -> TriggerLexicon:
    """Read and check a lexicon; a bad line raises :class:`LexiconError` naming ``origin`` and it."""
    lexicon = TriggerLexicon(name=Path(origin).stem)
    pending: list[tuple[int, str]] = []  # (line, class name) references to check at the end
    for number, item in _lines(text, origin):
        def bad(problem: str, number: int = number) -> LexiconError:
            return LexiconError(f"{origin}, line {number}: {problem}")

        if "lexicon" in item:
            lexicon.name = str(item["lexicon"])
        elif "define" in item:
            words = item.get("words")
            if not isinstance(item["define"], str) or not isinstance(words, list) or not all(
                isinstance(w, str) and w for w in words
            ):
                raise bad("a 'define' needs a name and a 'words' list of strings")
            lexicon.classes[item["define"]] = frozenset(w.lower() for w in words)
        elif "alias" in item:
            if not isinstance(item["alias"], str) or not isinstance(item.get("subtype"), str):
                raise bad("an 'alias' needs the schema type name and a 'subtype' string")
            lexicon.aliases[item["alias"]] = item["subtype"]
        else:
            entry = _entry(item, number, bad)
            pending.extend((number, c.target[1:]) for c in entry.requires + entry.excludes
                           if c.target and c.target.startswith("%"))
            lexicon.entries.append(entry)
    for number, name in pending:
        if name not in lexicon.classes:
            raise LexiconError(f"{origin}, line {number}: word class '%{name}' is not defined in the file")
    for alias, subtype in lexicon.aliases.items():
        if subtype not in lexicon.subtypes:
            raise LexiconError(f"{origin}: alias {alias!r} names subtype {subtype!r}, which has no entries")
    if not lexicon.entries:
        raise LexiconError(f"{origin}: contains no trigger entries")
    return lexicon


def _lines(text: str, origin: str) -> Any:
    from annotate.errors import ImportFailed

    try:
        yield from json_lines(text, origin, "lexicon entry")
    except ImportFailed as exc:
        raise LexiconError(str(exc)) from None


def _entry(item: dict[str, Any], number: int, bad: Callable[[str], LexiconError]) -> TriggerEntry:
    unknown = set(item) - ENTRY_KEYS
    if unknown:
        raise bad(f"unknown field {sorted(unknown)[0]!r} (expected {', '.join(sorted(ENTRY_KEYS))})")
    subtype, lemma, pos, weight = item.get("subtype"), item.get("lemma"), item.get("pos"), item.get("weight")
    if not isinstance(subtype, str) or "." not in subtype:
        raise bad("'subtype' must be a type name like \"Conflict.Attack\"")
    if not isinstance(lemma, str) or not lemma.strip():
        raise bad("'lemma' must be a non-empty string (words separated by spaces)")
    if pos not in POS:
        raise bad(f"'pos' must be one of {', '.join(POS)}, not {pos!r}")
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 1:
        raise bad(f"'weight' must be a number in (0, 1], not {weight!r}")
    roles = item.get("roles", {})
    if not isinstance(roles, dict) or not all(k in ROLE_KEYS and isinstance(v, str) for k, v in roles.items()):
        raise bad(f"'roles' must map {', '.join(sorted(ROLE_KEYS))} to role names")
    return TriggerEntry(
        subtype, tuple(lemma.lower().split()), pos, float(weight),
        _conditions(item.get("requires", []), "requires", bad),
        _conditions(item.get("excludes", []), "excludes", bad),
        tuple(sorted(roles.items())), number,
    )


def _conditions(raw: Any, key: str, bad: Callable[[str], LexiconError]) -> tuple[Condition, ...]:
    if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
        raise bad(f"{key!r} must be a list of condition strings")
    out = []
    for text in raw:
        kind, _, rest = text.partition(":")
        if kind in WORD_KINDS:
            word, _, target = rest.partition(":")
            if not word:
                raise bad(f"condition {text!r} in {key!r} needs a word after '{kind}:'")
            out.append(Condition(kind, word.lower(), target.lower() if target and target[0] not in "@=" else target or None))
        elif kind in TARGET_KINDS and rest:
            out.append(Condition(kind, None, rest if rest[0] in "@=" else rest.lower()))
        elif kind in BARE_KINDS and not rest:
            out.append(Condition(kind))
        else:
            raise bad(f"unknown condition {text!r} in {key!r} (kinds: obj, subj, pass, mod, prep, prt, "
                      "advmod, aux, head, poss, oprd, xcomp)")
    return tuple(out)


def read_lexicon(path: Path) -> TriggerLexicon:
    """Read a lexicon file from disk (see :func:`parse_lexicon`)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read the trigger lexicon ({exc})") from None
    return parse_lexicon(text, str(path))


@lru_cache(maxsize=1)
def shipped_lexicon() -> TriggerLexicon:
    """The ACE 2005 trigger lexicon shipped in ``resources/lexicons`` (read once)."""
    from annotate.resources import resource_path

    return read_lexicon(resource_path("lexicons", "ace-2005-triggers.jsonl"))


# -- evaluating conditions on a parsed token ------------------------------------------------
SUBJECT_DEPS = ("nsubj", "csubj")
OBJECT_DEPS = ("dobj", "obj", "attr", "dative")
MOD_DEPS = ("compound", "amod", "nmod", "nummod", "npadvmod", "poss")
RELATIVE = {"who", "whom", "which", "that"}
COUNT_WORDS = {"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "score", "scores", "number", "group",
               "handful", "millions"}


def condition_objects(token: Any, children: list[Any]) -> list[Any]:
    """What an ``obj`` condition looks at: the token's objects, what a counted object counts,
    and a noun's ``of`` complement (``children``: the token's dependents)."""
    objects = [c for c in children if c.dep_ in OBJECT_DEPS]
    # "detained dozens of protesters": a count's "of" phrase says what was counted
    objects += [p for o in objects if o.pos_ == "NUM" or o.lemma_.lower() in COUNT_WORDS
                for c in o.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    if token.pos_ == "NOUN":  # "the release of prisoners"
        objects += [p for c in children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                    if p.dep_ == "pobj"]
    return objects


def holds(cond: Condition, token: Any, lexicon: TriggerLexicon, label_of: Labeller,
          children: list[Any] | None = None, objects: list[Any] | None = None) -> bool:
    """Whether ``cond`` holds of the trigger ``token`` in its parse (``children``: the token's
    dependents, ``objects``: its :func:`condition_objects`, when the caller has them already)."""

    def fits(tok: Any, target: str | None) -> bool:
        if target is None:
            return True
        if target.startswith("@"):
            return label_of(tok) == target[1:]
        if target.startswith("="):  # a part of speech: "=PROPN", a name the model did not label
            return bool(tok.pos_ == target[1:])
        words = lexicon.words_of(target[1:]) if target.startswith("%") else {target}
        return tok.lemma_.lower() in words or tok.lower_ in words

    if children is None:
        children = list(token.children)
    kind = cond.kind
    if kind == "obj":
        if objects is None:
            objects = condition_objects(token, children)
        return any(fits(o, cond.target) for o in objects) or fits_passive(token, children, cond.target, fits)
    if kind == "pass":
        return fits_passive(token, children, cond.target, fits)
    if kind == "subj":
        return any(fits(resolve_relative(token, c), cond.target) for c in children if c.dep_ in SUBJECT_DEPS)
    if kind == "mod":
        return any(c.dep_ in MOD_DEPS and fits(c, cond.target) for c in children)
    if kind == "prep":
        preps = [c for c in children if c.dep_ in ("prep", "agent") and c.lower_ == cond.word]
        return any(cond.target is None or any(p.dep_ == "pobj" and fits(p, cond.target) for p in prep.children)
                   for prep in preps)
    if kind in ("prt", "advmod", "aux"):
        deps = ("aux", "auxpass") if kind == "aux" else (kind,)
        return any(c.dep_ in deps and (c.lower_ == cond.word or c.lemma_.lower() == cond.word) for c in children)
    if kind == "head":
        head = token.head
        if head.i == token.i:
            return False
        return fits(head, cond.word) if cond.word and cond.word[0] == "%" else (
            head.lower_ == cond.word or head.lemma_.lower() == cond.word)
    if kind in ("poss", "oprd", "xcomp"):
        return any(c.dep_ == kind for c in children)
    return False


def fits_passive(token: Any, children: list[Any], target: str | None, fits: Callable[[Any, str | None], bool]) -> bool:
    """A passive verb whose subject fits ``target``; a reduced relative ("prisoners released on
    Monday") counts, its head noun being the subject."""
    if token.dep_ == "acl" and token.tag_ == "VBN":
        return fits(token.head, target)
    subjects = [resolve_relative(token, c) for c in children if c.dep_ == "nsubjpass"]
    if not subjects and token.dep_ in ("conj", "xcomp") and any(c.dep_ == "auxpass" for c in children):
        # "He was charged and will be released": the passive conjunct shares the subject
        subjects = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if target is None:
        return bool(subjects) or any(c.dep_ == "auxpass" for c in children)
    return any(fits(s, target) for s in subjects)


def resolve_relative(verb: Any, subject: Any) -> Any:
    """``who``/``which``/``that`` as the subject of a relative clause stands for the noun the
    clause modifies."""
    if subject.lower_ in RELATIVE and verb.dep_ == "relcl":
        return verb.head
    return subject
