"""Plain ``.txt`` articles: one article per file, title = first non-empty line."""

from __future__ import annotations

from pathlib import Path

from annotate.errors import ImportFailed
from annotate.formats.parsed import ParsedDocument
from annotate.formats.reading import read_input_text
from annotate.text import title_of


def read_txt(path: Path) -> tuple[ParsedDocument, bool]:
    """Read one article (UTF-8, or UTF-16/32 with a BOM). Returns it and whether a BOM was
    dropped."""
    decoded = read_input_text(path)
    text, bom = decoded.text, decoded.bom
    if not text.strip():
        raise ImportFailed(path, "is empty (no text to annotate)")
    return ParsedDocument(text=text, title=title_of(text, path.stem), source=str(path)), bom
