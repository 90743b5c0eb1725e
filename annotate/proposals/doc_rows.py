"""A parsed spaCy ``Doc`` read once into plain Python rows, for rules that look at every word.

Making a ``Token`` object costs more than the rule that reads it; ``Doc.to_array`` hands all
the words' ids over in one call, and a Token is then made only for the words a rule keeps.
Sentences come from the same array (``token.sent`` walks the doc each time it is asked).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

_CAPITAL: dict[int, bool] = {}  # ORTH id → whether the word starts with a capital letter
_CACHE_LIMIT = 200_000


class DocRows:
    """One doc's words as ``(orth, lower, lemma, pos, dep)`` id rows, and its sentences."""

    def __init__(self, doc: Any) -> None:
        # Imported here: the app imports the proposers without loading spaCy (window start).
        from spacy.attrs import DEP, IS_ALPHA, LEMMA, LENGTH, LOWER, ORTH, POS, SENT_START, SPACY

        self.doc = doc
        table = doc.to_array([ORTH, LOWER, LEMMA, POS, DEP, SENT_START, IS_ALPHA, LENGTH, SPACY]).tolist() if len(doc) else []
        self.words = [row[:5] for row in table]
        self._table = table
        self._starts: list[int] | None = None
        self._headline: dict[int, bool] = {}

    def head_text(self, limit: int) -> str:
        """``doc.text[:limit]``, joined from as few words as that takes."""
        strings = self.doc.vocab.strings
        parts: list[str] = []
        size = 0
        for row in self._table:
            if size >= limit:
                break
            word = str(strings[row[0]]) + (" " if row[8] else "")
            parts.append(word)
            size += len(word)
        return "".join(parts)[:limit]

    def sentence(self, i: int) -> tuple[int, int]:
        """The token range ``[start, end)`` of token ``i``'s sentence, as ``token.sent`` has it."""
        if self._starts is None:
            self._starts = [j for j, row in enumerate(self._table) if row[5] == 1 or j == 0]
        k = bisect_right(self._starts, i) - 1
        start = self._starts[k] if k >= 0 else 0
        end = self._starts[k + 1] if k + 1 < len(self._starts) else len(self._table)
        return start, end

    def headline_cased(self, i: int) -> bool:
        """Whether token ``i``'s sentence is written in title case (at least 60 % of its words
        of more than three letters are capitalised), or the token starts it."""
        start, end = self.sentence(i)
        if start not in self._headline:
            strings = self.doc.vocab.strings
            words = [row[0] for row in self._table[start:end] if row[6] and row[7] > 3]
            capital = sum(1 for orth in words if _capital(orth, strings))
            self._headline[start] = bool(words) and capital >= 0.6 * len(words)
        return self._headline[start] or i == start


def _capital(orth: int, strings: Any) -> bool:
    found = _CAPITAL.get(orth)
    if found is None:
        if len(_CAPITAL) > _CACHE_LIMIT:
            _CAPITAL.clear()
        found = _CAPITAL[orth] = str(strings[orth])[:1].isupper()
    return found
