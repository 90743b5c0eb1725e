"""Code points ↔ UTF-16: checked against Python's own UTF-16 encoding and Qt's document."""

from __future__ import annotations

import re

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


CRLF_TEXTS = ["Police arrested the\r\norganisers \U0001F64F said.\r\n\u0627\u0644\u0634\u0631\u0637\u0629.\r\n",
              "a\r\r\nb\n\rc\r\n\r\nd", "\r\n\U0001F30A\r\n"]


@pytest.mark.parametrize("text", CRLF_TEXTS)
def test_a_crlf_is_one_position_in_qt(qapp, text: str) -> None:
    """Qt's plain text makes each CRLF one paragraph break: every word still selects exactly."""
    from PySide6.QtWidgets import QPlainTextEdit

    edit = QPlainTextEdit()
    edit.setPlainText(text)
    m = Utf16Map(text)
    assert not m.identity and m.to_qt(len(text)) == edit.document().characterCount() - 1
    for match in re.finditer(r"\S+", text):
        cursor = QTextCursor(edit.document())
        cursor.setPosition(m.to_qt(match.start()))
        cursor.setPosition(m.to_qt(match.end()), QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == match.group()
        assert (m.from_qt(m.to_qt(match.start())), m.from_qt(m.to_qt(match.end()))) == match.span()
    for offset in range(len(text) + 1):  # monotone, and back where it came from but inside a CRLF
        back = m.from_qt(m.to_qt(offset))
        assert back == offset or (text[offset - 1 : offset + 1] == "\r\n" and back == offset + 1)


def test_a_span_selected_after_crlf_breaks_is_stored_over_the_right_characters(make_window, project_path) -> None:
    """What the mouse selects in Qt's copy of a Windows text is what is stored."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.gui.conftest import write_project

    text = CRLF_TEXTS[0]
    write_project(project_path, [{"text": text}])
    window = make_window(project_path)
    shown = window.article.toPlainText()  # each CRLF one break here
    start = shown.index("organisers")
    cursor = window.article.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("organisers"), QTextCursor.MoveMode.KeepAnchor)
    window.article.setTextCursor(cursor)
    QTest.keyClick(window.article, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # PERSON, exactly as selected
    span = window.workspace.current_span()
    assert span is not None and span.text_in(text) == "organisers"
