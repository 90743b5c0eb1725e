"""Plain ``.txt`` articles: one article per file, title = first non-empty line."""

from __future__ import annotations

from pathlib import Path

from annotate.errors import ImportFailed
from annotate.formats.parsed import ParsedDocument
from annotate.text import read_text_file, title_of


def read_txt(path: Path) -> tuple[ParsedDocument, bool]:
    """Read one article. Returns it and whether a BOM was dropped."""
    text, bom = read_text_file(path)
    if not text.strip():
        raise ImportFailed(path, "is empty (no text to annotate)")
    return ParsedDocument(text=text, title=title_of(text, path.stem), source=str(path)), bom
