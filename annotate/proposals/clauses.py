"""Syntactic helpers for reading event arguments off a spaCy parse: clauses, lines, phrases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "parataxis", "csubj", "pcomp"}
VERBAL = {"VERB", "AUX"}
PHRASE_DROP = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep", "parataxis"}
RELATIVE = {"who", "whom", "which", "that"}


def line(token: Any, cache: dict[int, tuple[int, int]] | None = None) -> tuple[int, int]:
    """The token range of the line ``token`` is on; ``cache`` keeps the lines found (per doc)."""
    if cache is not None and token.i in cache:
        return cache[token.i]
    doc = token.doc
    start = token.i
    while start > 0 and "\n" not in doc[start - 1].text and "\n" not in doc[start - 1].whitespace_:
        start -= 1
    end = token.i
    while end + 1 < len(doc) and "\n" not in doc[end + 1].text and "\n" not in doc[end].whitespace_:
        end += 1
    if cache is not None:
        cache.update(dict.fromkeys(range(start, end + 1), (start, end)))
    return start, end


def clause_tokens(trigger: Any) -> set[int]:
    """The trigger's subtree without clauses of their own."""
    out = set()
    stack = [trigger]
    while stack:
        tok = stack.pop()
        out.add(tok.i)
        for child in tok.children:
            if child.dep_ in CLAUSE_DEPS or (child.dep_ in ("conj", "acl") and child.pos_ in VERBAL):
                continue
            stack.append(child)
    return out


def clause_verb(trigger: Any) -> Any | None:
    """The verb of the trigger's clause: the trigger itself when it is one, else the nearest
    verb above it ("Talks were held" → held; "12 were dead" → were)."""
    if trigger.pos_ in VERBAL:
        return trigger
    tok = trigger
    for _ in range(12):  # the parse is a tree; the bound only guards against odd input
        if tok.pos_ in VERBAL and tok.i != trigger.i:
            return tok
        if tok.head.i == tok.i:
            return tok if tok.pos_ in VERBAL else None
        tok = tok.head
    return None


def attachments(verb: Any) -> Iterator[Any]:
    """Tokens hanging off a verb as its adjuncts: prepositional objects and bare noun phrases."""
    for child in verb.children:
        if child.dep_ == "prep":
            for pobj in pobjs(child):
                yield from pobj.subtree
        elif child.dep_ in ("npadvmod", "tmod", "advmod", "obl"):
            yield from child.subtree


def pobjs(prep: Any) -> list[Any]:
    return [p for p in prep.children if p.dep_ == "pobj"]


def resolve(verb: Any, subject: Any) -> Any:
    """A relative pronoun subject stands for the noun its clause modifies."""
    if subject.lower_ in RELATIVE and verb.dep_ == "relcl":
        return verb.head
    return subject


def phrase(head: Any, lines: dict[int, tuple[int, int]] | None = None) -> tuple[int, int]:
    """The head's phrase without clauses, conjuncts or non-'of' prepositions."""
    tokens = [head]
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in PHRASE_DROP and not (child.dep_ == "prep" and child.lower_ == "of") \
                    and not word_hyphen(child):
                continue
            tokens.append(child)
            stack.append(child)
    bounds = line(head, lines)  # a phrase never runs past a line break
    kept = {t.i for t in tokens if bounds[0] <= t.i <= bounds[1]}
    first_i = last_i = head.i  # the unbroken run of kept tokens around the head
    while first_i - 1 in kept:
        first_i -= 1
    while last_i + 1 in kept:
        last_i += 1
    doc = head.doc
    # "commissioner-general" parsed as two words joined by a conjunction: one word in the text
    while first_i > bounds[0] + 1 and word_hyphen(doc[first_i - 1]):
        first_i -= 2
    while last_i + 2 <= bounds[1] and word_hyphen(doc[last_i + 1]):
        last_i += 2
    first, last = doc[first_i], doc[last_i]
    if last.is_punct or last.is_space:  # a phrase never ends on a dash or a line break
        last = next((t for t in reversed(list(head.doc[first.i : last.i + 1])) if not (t.is_punct or t.is_space)), head)
    return first.idx, last.idx + len(last.text)


def word_hyphen(token: Any) -> bool:
    """A hyphen inside a word ("Al-Shabaab", "state-run"): part of the phrase, not a dash."""
    return (token.text in ("-", "\u2010", "\u2011") and not token.whitespace_ and token.i > 0
            and not token.doc[token.i - 1].whitespace_ and token.i + 1 < len(token.doc))
