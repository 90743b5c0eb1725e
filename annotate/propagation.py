"""Label all occurrences: where else a span's text occurs in a document, as new proposals.

The rules, in one place:

- **Whole words.** An occurrence starts and ends where a word does: a match inside a longer
  word ("Iran" in "Iranian", "القاهرة" in "والقاهرة") is none. Letters, digits, combining marks
  and ``_`` of any script make words; a match followed by a combining mark, a zero-width
  joiner, a variation selector or a skin-tone modifier is cut out of a longer character (an
  Arabic letter with its vowel sign, an emoji sequence) and is none either.
- **Case-sensitive, exact.** Names are: "Apple" is not "apple", "US" is not "us". The text is
  compared code point by code point as stored (no Unicode normalisation, no folding of
  whitespace), so an occurrence has exactly the span's text.
- **Never over a decision.** An occurrence overlapping an accepted span or your own span (any
  label) is left alone, and so is one overlapping a span the annotator rejected with this label
  (a rejected proposal is kept so that it is never proposed again).
- **Never inside a proposal of this label.** An occurrence overlapping a proposal with this label
  ("Kerry" inside a proposed PERSON "John Kerry") is left alone: that proposal is the candidate
  there, to decide first. A proposal of another label, even on exactly the same characters, does
  not block: competing labels on one range are kept, as merging model proposals keeps them.
- **Never twice.** An occurrence that already has a span with this range and label (any status)
  is not proposed again; occurrences do not overlap each other.
- **A score.** ``SCORE_SAME_DOCUMENT`` in the span's own article: one name almost always means
  one thing within one article ("one sense per discourse"), and the annotator has just decided
  what it means there. ``SCORE_OTHER_DOCUMENT`` elsewhere: across articles the same string
  names different things more often ("Jordan", "Georgia", "Apple"), so these come after.

Scripts written without spaces between words (Chinese, Japanese, Thai) rarely have a whole-word
occurrence: only where punctuation or a space sets the name off.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence

from annotate.model import SOURCE_PROPAGATION, SOURCE_USER, Span, SpanStatus

SCORE_SAME_DOCUMENT = 1.0
SCORE_OTHER_DOCUMENT = 0.8

# Characters that glue onto the one before: the zero-width joiner and non-joiner (emoji
# sequences, Persian), and the emoji skin-tone modifiers (category Sk, not marks).
_GLUE = {"\u200d", "\u200c"} | {chr(c) for c in range(0x1F3FB, 0x1F400)}
_REGIONAL = range(0x1F1E6, 0x1F200)  # the letters of flag emoji, which pair up


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "M"


def _in_word(ch: str) -> bool:
    """Whether a character is part of a word: a letter, a digit or a mark of any script, or ``_``."""
    return ch == "_" or unicodedata.category(ch)[0] in "LNM"


def _regional(ch: str) -> bool:
    return ord(ch) in _REGIONAL


def aligned(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` begins and ends on word and character boundaries."""
    first, last = text[start], text[end - 1]
    if _is_mark(first) or first in _GLUE:
        return False  # begins inside a character
    if start > 0:
        before = text[start - 1]
        if before in _GLUE or (_in_word(first) and _in_word(before)) or (_regional(first) and _regional(before)):
            return False
    if end < len(text):
        after = text[end]
        if _is_mark(after) or after in _GLUE or (_in_word(last) and _in_word(after)) or (
                _regional(last) and _regional(after)):
            return False
    return True


def occurrences(text: str, needle: str) -> Iterator[tuple[int, int]]:
    """The whole-word occurrences of ``needle`` in ``text``, in order, none overlapping another:
    (start, end) in code points."""
    if not needle.strip():
        return
    size = len(needle)
    at = text.find(needle)
    while at != -1:
        if aligned(text, at, at + size):
            yield at, at + size
            at = text.find(needle, at + size)
        else:
            at = text.find(needle, at + 1)


class _Intervals:
    """Ranges to stay off, asked whether a range overlaps one (bisect on starts)."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self.ranges = sorted(ranges)
        self.starts = [s for s, _ in self.ranges]
        self.longest = max((e - s for s, e in self.ranges), default=0)

    def overlaps(self, start: int, end: int) -> bool:
        lo, hi = bisect_left(self.starts, start - self.longest), bisect_left(self.starts, end)
        return any(e > start for _, e in self.ranges[lo:hi])


def decided(span: Span) -> bool:
    """Whether the annotator has decided a span's characters: accepted, or their own."""
    return span.status == SpanStatus.ACCEPTED or (span.source == SOURCE_USER and span.status != SpanStatus.REJECTED)


def propose_occurrences(document_id: int, text: str, needle: str, label: str, spans: Sequence[Span],
                        score: float, skip: tuple[int, int] | None = None) -> list[Span]:
    """The new proposals (source ``propagation``) of ``needle`` as ``label`` in one document,
    given its live ``spans``; ``skip`` is the range of the span they come from when it is not
    stored yet. See the module's rules."""
    # Every span with this label blocks (accepted, yours, rejected or proposed); of other
    # labels only decided ones do.
    blocked = _Intervals(piece for s in spans if decided(s) or s.label == label for piece in s.pieces())
    have = {(s.start, s.end, s.label) for s in spans}
    found = []
    for start, end in occurrences(text, needle):
        if (start, end) == skip or (start, end, label) in have or blocked.overlaps(start, end):
            continue
        found.append(Span(document_id, start, end, label, SpanStatus.PROPOSED, SOURCE_PROPAGATION, score))
    return found
