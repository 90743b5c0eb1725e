"""JSON Lines read a block at a time, so a file of any size takes bounded memory.

The checks and the one-line errors are those of reading the whole file
(:func:`annotate.formats.reading.read_input_text` and :func:`annotate.formats.jsonl_lines.json_lines`):
the same refusal of anything but a regular file, of binary data and of UTF-16/32 without a BOM
(judged on the first 64 KiB, as there), the same "is not valid UTF-8 (byte 0x.. at offset N)"
naming the byte offset in the file and the line. A file with a UTF-16 or UTF-32 byte order mark is
rare and read whole (its decoder's errors name byte positions only a whole read knows).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from annotate.errors import ImportFailed
from annotate.formats.jsonl_lines import json_lines
from annotate.formats.reading import (
    BOMS,  # the wide encodings' byte order marks: one list for whole and streamed reads
    decode_input,
    open_input,
    read_input_text,
    reason,
)

BLOCK = 1 << 20  # about this many bytes of whole lines are read, decoded and parsed at a time
_SNIFF = 65536  # bytes looked at for NULs, as a whole read does


class ReadNotes(Protocol):
    """Where a streaming reader leaves what is not a document: tasks it was told to ignore and
    warnings for the user (an import's ParsedBatch or InputStream)."""

    ignored_tasks: int
    warnings: list[str]


def _read(path: Path, fh: BinaryIO, size: int) -> bytes:
    try:
        return fh.read(size)
    except OSError as exc:
        raise ImportFailed(path, f"cannot be read ({reason(exc)})") from None


def _lines(path: Path, fh: BinaryIO) -> bytes:
    """Whole lines of about BLOCK bytes (a longer line whole), b"" at the end of the file."""
    try:
        return b"".join(fh.readlines(BLOCK))
    except OSError as exc:
        raise ImportFailed(path, f"cannot be read ({reason(exc)})") from None


def stream_json_lines(path: Path, what: str = "task") -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank line of a JSON Lines file, reading it a
    block of lines at a time; every problem is one ImportFailed naming the file and line."""
    with open_input(path) as fh:
        head = _read(path, fh, _SNIFF)
        if any(head.startswith(bom) for bom, _, _ in BOMS):
            fh.close()
            yield from json_lines(read_input_text(path).text, path, what)
            return
        if b"\x00" in head:
            decode_input(path, head)  # raises: binary, or UTF-16/32 without a BOM
        fh.seek(0)
        yield from _utf8_lines(path, fh, what)


def _utf8_lines(path: Path, fh: BinaryIO, what: str) -> Iterator[tuple[int, dict[str, Any]]]:
    lines_before = 0  # lines of the file before ``data``
    offset = 0  # bytes of the file before ``data``
    while data := _lines(path, fh):
        text = _decode(path, data, offset, lines_before)
        if offset == 0 and text.startswith("\ufeff"):
            text = text[1:]  # a UTF-8 BOM, dropped as a whole read drops it
        try:
            for number, value in json_lines(text, path, what):
                yield lines_before + number, value
        except ImportFailed as exc:
            line = None if exc.line is None else lines_before + exc.line
            raise ImportFailed(path, exc.problem, line) from None
        lines_before += data.count(b"\n")
        offset += len(data)


def _decode(path: Path, data: bytes, offset: int, lines_before: int) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = lines_before + data[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            path, f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {offset + exc.start})", line
        ) from None
