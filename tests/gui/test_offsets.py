"""Code points ↔ UTF-16: checked against Python's own UTF-16 encoding and Qt's document."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor, QTextDocument

from gui.offsets import Utf16Map
from tests.conftest import ARABIC_TEXT, COMBINING_TEXT, EMOJI_TEXT

TEXTS = [EMOJI_TEXT, ARABIC_TEXT, COMBINING_TEXT, "plain ascii", "😀😀a😀", "", "a\U0001F30A\U0001F64Fb"]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("text", TEXTS)
def test_round_trip_matches_utf16(text: str) -> None:
    m = Utf16Map(text)
    for offset in range(len(text) + 1):
        qt = m.to_qt(offset)
        assert qt == utf16_len(text[:offset])
        assert m.from_qt(qt) == offset


def test_inside_a_surrogate_pair_rounds_down() -> None:
    text = "a😀b"
    m = Utf16Map(text)
    assert [m.from_qt(u) for u in range(5)] == [0, 1, 1, 2, 3]


@pytest.mark.parametrize("text", [EMOJI_TEXT, ARABIC_TEXT])
def test_agrees_with_qt_documents(qapp, text: str) -> None:
    doc = QTextDocument(text)
    m = Utf16Map(text)
    for word in text.split():
        start = text.index(word)
        cursor = QTextCursor(doc)
        cursor.setPosition(m.to_qt(start))
        cursor.setPosition(m.to_qt(start + len(word)), QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == word
