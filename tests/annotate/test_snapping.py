"""Snapping selections to spaCy tokens: punctuation, hyphens, emoji, Arabic, whitespace."""

from __future__ import annotations

import pytest

from annotate.errors import ActionError
from annotate.snapping import blank_tokenizer, snap, token_bounds

TOKENIZER = blank_tokenizer("en")


def snapped(text: str, start: int, end: int) -> str:
    s, e = snap(text, start, end, token_bounds(text, TOKENIZER))
    return text[s:e]


def test_partial_words_grow_to_whole_tokens() -> None:
    text = "Kerry will meet Putin in Moscow."
    assert snapped(text, 1, 3) == "Kerry"
    assert snapped(text, 3, 13) == "Kerry will meet"


def test_surrounding_whitespace_and_punctuation() -> None:
    text = "Envoys met in Geneva, Switzerland."
    i = text.index("Geneva")
    assert snapped(text, i - 1, i + 6) == "Geneva"        # leading space trimmed
    assert snapped(text, i, i + 7) == "Geneva,"           # a selected comma stays
    assert snapped(text, i + 2, i + 4) == "Geneva"


def test_hyphenated_words() -> None:
    text = "pro-regime forces advanced"
    assert snapped(text, 5, 7) == "regime"  # spaCy splits "pro-regime" into pro, -, regime
    assert snapped(text, 1, 6) == "pro-regime"


def test_emoji_and_arabic() -> None:
    text = "Water rising in Buzi 🌊 please help 🙏"
    i = text.index("🌊")
    assert snapped(text, i, i + 1) == "🌊"
    assert snapped(text, text.index("Buzi") + 1, i + 1) == "Buzi 🌊"
    arabic = "لافتة «العدالة للجميع» أمام المحكمة"
    j = arabic.index("العدالة")
    assert snapped(arabic, j + 2, j + 4) == "العدالة"


@pytest.mark.parametrize(("start", "end"), [(5, 5), (5, 6), (5, 8)])
def test_whitespace_or_empty_selection_is_refused(start: int, end: int) -> None:
    text = "Kerry   met"
    with pytest.raises(ActionError, match="empty or only whitespace"):
        snap(text, start, end, token_bounds(text, TOKENIZER))
