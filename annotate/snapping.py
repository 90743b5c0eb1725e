"""Snapping a user's character selection to whole tokens (spaCy tokenizer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotate.errors import ActionError

Tokenizer = Callable[[str], Any]


def blank_tokenizer(lang: str = "en") -> Tokenizer:
    """The tokenizer of a blank spaCy pipeline for ``lang`` (no model needed)."""
    import spacy

    return spacy.blank(lang).tokenizer


def token_bounds(text: str, tokenizer: Tokenizer) -> list[tuple[int, int]]:
    """Code-point (start, end) of every token of ``text``; cache it per document."""
    return [(t.idx, t.idx + len(t.text)) for t in tokenizer(text)]


def snap(text: str, start: int, end: int, bounds: list[tuple[int, int]]) -> tuple[int, int]:
    """Grow ``[start, end)`` to the tokens it touches, after trimming surrounding whitespace.

    Raises ActionError for an empty or whitespace-only selection.
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise ActionError("the selection is empty or only whitespace")
    touched = [(s, e) for s, e in bounds if s < end and e > start]
    if not touched:
        return start, end
    return min(start, touched[0][0]), max(end, touched[-1][1])
