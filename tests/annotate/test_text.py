"""Reading text exactly: titles, BOMs, binary and non-UTF-8 detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotate.errors import ImportFailed
from annotate.text import TITLE_MAX, content_hash, decode_text, title_of


def test_title_is_first_non_empty_line() -> None:
    assert title_of("\n\n   \n  Headline  \nbody") == "Headline"
    assert title_of("   \n\t", "fallback") == "fallback"
    long_blank_head = " " * 5000 + "\nLate title\n"
    assert title_of(long_blank_head) == "Late title"
    cut = "x" * 4090 + "\n" + "y" * 20
    assert title_of(cut) == "x" * (TITLE_MAX - 1) + "…"


def test_decode_keeps_everything_but_the_bom() -> None:
    assert decode_text(Path("a"), "\ufeffa\r\nb".encode()) == ("a\r\nb", True)
    assert decode_text(Path("a"), "a\r\nb".encode()) == ("a\r\nb", False)


def test_decode_reports_the_line_of_bad_utf8() -> None:
    with pytest.raises(ImportFailed, match=r"x\.txt, line 3: is not valid UTF-8 \(byte 0xe9"):
        decode_text(Path("x.txt"), b"one\ntwo\ncaf\xe9\n")


def test_content_hash_distinguishes_normalisation() -> None:
    assert content_hash("Jose\u0301") != content_hash("Jos\u00e9")
