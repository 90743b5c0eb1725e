"""Cleaning the boundaries of a model's entity spans, on the Doc's tokens, after the model.

Three rules, each on or off (the schema's ``proposal_cleaning``; by default all on for an
English pipeline, all off for any other language):

- **leading determiners**: a leading article goes when a name follows it ("the Nusra Front" →
  "Nusra Front"). An article is, with the pipeline's tagger, a token tagged ``DET`` whose
  morphology says ``PronType=Art``, and in English also one of "the", "a", "an"; without a
  tagger (``--no-events`` runs only ``ner``) the English word list alone (no list for other
  languages). It goes only when the next token is name-like (starts with a capital, or is
  tagged ``PROPN``), so value and time expressions keep theirs as OntoNotes and ACE TIMEX2
  mark them ("a decade", "the end of the month", "the coming weeks"). A capitalised article
  goes only at the start of a sentence (start of the text or a line, after ``. ! ? …``, or a
  quote opened after a colon; opening quotes and brackets skipped): "The Russian Defence
  Ministry said" loses it, "talks in The Hague" keeps it.
- **trailing possessives**: a last token "'s" or "’s" goes, and a bare "'" or "’" after a word
  ending in s ("the Allies'"); with a tagger only when tagged ``POS`` (or ``PART``).
  "McDonald's" loses its "'s" too: turn the rule off for such names.
- **line breaks**: a span holding a line break (what ``str.splitlines`` breaks on: LF, CR, CRLF,
  VT, FF, FS, GS, RS, NEL, U+2028, U+2029) is cut at every break and keeps one piece: the one
  with the most characters outside whitespace, the first on a tie. It is not split into
  several spans: the model proposed one thing, and one of the pieces is seldom that label
  ("Reuters\\nMOSCOW"). In a hard-wrapped text (most lines end inside a sentence: see
  :func:`hard_wrapped`) a single line break is where the wrapping fell, often inside a name
  ("Oleh\\nMarchenko"), so there only a paragraph break (a blank line) cuts. The head of the
  parse is not used, so the same text gives the same span with or without the parser.

Whitespace left at either end is trimmed; a span that would become empty is dropped. Offsets
are the Doc's (Python code points). A line break is looked for in the span's whitespace tokens
(spaCy's tokenizer makes every run of whitespace but single spaces a token of its own); the
rules read a handful of tokens per span and never the Doc's whole text, so cleaning costs a
few microseconds per entity, nothing next to the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from collections.abc import Callable
from typing import Any

from annotate.proposals.types import ProposedSpan
from annotate.schema import ProposalCleaning

# What str.splitlines breaks on.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK = re.compile("[" + re.escape(LINE_BREAKS) + "]")
# A line break that is not part of a blank line.
_SINGLE_BREAK = re.compile(r"(?<![\n\r])(?:\r\n|\n)(?![ \t]*[\r\n])")
ENGLISH_ARTICLES = frozenset({"the", "a", "an"})
POSSESSIVES = frozenset({"'s", "’s"})
APOSTROPHES = frozenset({"'", "’"})
SENTENCE_ENDS = frozenset(".!?…")
OPENERS = frozenset("\"'“‘«‹([{")


@dataclass(frozen=True, slots=True)
class CleaningRules:
    """The rules in force for one pipeline: the schema's setting resolved for its language."""

    leading_determiners: bool = True
    trailing_possessives: bool = True
    line_breaks: bool = True
    lang: str = "en"

    @property
    def active(self) -> bool:
        """Whether any rule is on."""
        return self.leading_determiners or self.trailing_possessives or self.line_breaks


def cleaning_rules(setting: ProposalCleaning | None, lang: str) -> CleaningRules:
    """The schema's ``proposal_cleaning`` for a pipeline in ``lang`` (``nlp.lang``): an
    option the schema leaves unset is on for English and off for any other language."""
    default = lang == "en"

    def pick(value: bool | None) -> bool:
        return default if value is None else value

    given = setting or ProposalCleaning()
    return CleaningRules(
        pick(given.leading_determiners), pick(given.trailing_possessives), pick(given.line_breaks), lang
    )


def hard_wrapped(text: str) -> bool:
    """Whether a text is wrapped at a fixed width: of its lines followed by a single line
    break, at least three, and most of them, end inside a sentence (no closing punctuation)."""
    inside = ended = 0
    for match in _SINGLE_BREAK.finditer(text):
        before = text[max(0, match.start() - 1) : match.start()]
        if before and before not in SENTENCE_ENDS and before not in "\"'”’:)":
            inside += 1
        else:
            ended += 1
    return inside >= 3 and inside > ended


def clean_tokens(doc: Any, start: int, end: int, rules: CleaningRules, wrapped: bool = False) -> tuple[int, int] | None:
    """The cleaned character offsets of the tokens ``doc[start:end]``, or None when nothing
    is left. ``wrapped``: the text is hard-wrapped (:func:`hard_wrapped`), so only a
    paragraph break cuts a span."""
    breaks = _paragraph_break if wrapped else _line_break
    if rules.line_breaks and any(breaks(doc[i].text) for i in range(start, end) if doc[i].is_space):
        start, end = _longest_line(doc, start, end, breaks)  # (doc.text would join the whole text)
    start, end = _trim_space(doc, start, end)
    if rules.leading_determiners:
        while start < end and _leading_article(doc, start, end, rules.lang):
            start, end = _trim_space(doc, start + 1, end)
    if rules.trailing_possessives and start < end and _trailing_possessive(doc, start, end):
        start, end = _trim_space(doc, start, end - 1)
    if start >= end:
        return None
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last)


def clean_span(doc: Any, span: ProposedSpan, rules: CleaningRules) -> ProposedSpan | None:
    """``span`` (character offsets into ``doc``) cleaned on the tokens it covers, with its
    label, source and score; None when nothing is left."""
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
    if tokens is None:
        return span
    kept = clean_tokens(doc, tokens.start, tokens.end, rules)
    if kept is None:
        return None
    if kept == (tokens.start_char, tokens.end_char):
        return span  # nothing to clean (a span not on token edges stays as it was)
    return replace(span, start=kept[0], end=kept[1])


def _trim_space(doc: Any, start: int, end: int) -> tuple[int, int]:
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return start, end


def _line_break(whitespace: str) -> bool:
    return _BREAK.search(whitespace) is not None


def _paragraph_break(whitespace: str) -> bool:
    """Two line breaks or more (a CRLF is one): a blank line."""
    return len(_BREAK.findall(whitespace.replace("\r\n", "\n"))) >= 2


def _longest_line(doc: Any, start: int, end: int, breaks: Callable[[str], bool] = _line_break) -> tuple[int, int]:
    """The piece of ``doc[start:end]`` between line breaks with the most non-space
    characters (the first on a tie)."""
    best, best_size = (start, start), -1
    piece_start, size = start, 0
    for i in range(start, end + 1):
        token = doc[i] if i < end else None
        if token is None or (token.is_space and breaks(token.text)):
            if size > best_size:
                best, best_size = (piece_start, i), size
            piece_start, size = i + 1, 0
        elif not token.is_space:
            size += len(token.text)
    return best


def _leading_article(doc: Any, start: int, end: int, lang: str) -> bool:
    token = doc[start]
    lower = token.lower_
    tagged = token.tag != 0 or token.pos != 0
    if tagged:
        article = token.pos_ == "DET" and (
            "Art" in token.morph.get("PronType") or (lang == "en" and lower in ENGLISH_ARTICLES)
        )
    else:
        article = lang == "en" and lower in ENGLISH_ARTICLES
    if not article:
        return False
    following = next((doc[i] for i in range(start + 1, end) if not doc[i].is_space), None)
    if following is not None and not (following.text[:1].isupper() or following.pos_ == "PROPN"):
        return False  # "a decade", "the end of the month": the article belongs to the value
    return token.text == lower or _starts_sentence(doc, start)


def _starts_sentence(doc: Any, i: int) -> bool:
    """Whether token ``i`` begins the text, a line or a sentence (after . ! ? …, opening
    quotes and brackets skipped; a quote opened after a colon starts one too)."""
    j = i - 1
    quoted = False
    while j >= 0:
        token = doc[j]
        text = token.text
        if _BREAK.search(text):
            return True
        if text in OPENERS:
            quoted = True
        elif not token.is_space:
            return text[-1] in SENTENCE_ENDS or (quoted and text == ":")
        j -= 1
    return True


def _trailing_possessive(doc: Any, start: int, end: int) -> bool:
    token = doc[end - 1]
    lower = token.lower_
    if lower not in POSSESSIVES and lower not in APOSTROPHES:
        return False
    if token.tag != 0 or token.pos != 0:
        return token.tag_ == "POS" or token.pos_ == "PART"
    if lower in POSSESSIVES:
        return True
    return end - 1 > start and doc[end - 2].lower_.endswith("s")  # "the Allies'", not "'Ali'"
