"""Reading article text exactly as it is: UTF-8, a BOM dropped, nothing else changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from annotate.errors import ImportFailed

BOM = "\ufeff"
TITLE_MAX = 200


def content_hash(text: str) -> str:
    """The hash that finds duplicate documents: SHA-256 of the UTF-8 text, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode_text(path: Path, data: bytes) -> tuple[str, bool]:
    """Decode file bytes as UTF-8 without touching line ends or whitespace.

    Returns the text and whether a leading BOM was dropped (offsets from other tools that
    counted it then shift by one). Raises ImportFailed for binary or non-UTF-8 content.
    """
    if b"\x00" in data[:65536]:
        raise ImportFailed(path, "is a binary file (it contains NUL bytes), not UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            path, f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", line
        ) from None
    if text.startswith(BOM):
        return text[1:], True
    return text, False


def read_text_file(path: Path) -> tuple[str, bool]:
    """Read and decode a text file; see :func:`decode_text`."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImportFailed(path, f"cannot be read ({exc.strerror or exc})") from None
    return decode_text(path, data)


def title_of(text: str, fallback: str = "") -> str:
    """The first non-empty line, stripped and shortened: an article's title."""
    # Look at the head first: splitting a whole long article is on the import's hot path.
    # The head's last line may be cut off, so only complete lines count there.
    head_lines = text[:4096].splitlines()[:-1] if len(text) > 4096 else text.splitlines()
    for lines in (head_lines, text.splitlines()):
        for line in lines:
            stripped = line.strip()
            if stripped:
                return stripped if len(stripped) <= TITLE_MAX else stripped[: TITLE_MAX - 1] + "…"
    return fallback
