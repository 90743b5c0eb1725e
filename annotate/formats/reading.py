"""Opening and decoding input files so that every problem is one ImportFailed naming the file.

Only regular files are read: a FIFO, device or socket is refused by name from ``os.stat``
without being opened (opening a FIFO blocks until a writer comes). Text is UTF-8 (a leading
BOM dropped, as :mod:`annotate.text` does) or, when it starts with a byte order mark, UTF-16 or
UTF-32, decoded to ``str``: offsets are code points of the decoded text, the BOM not counted.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from annotate.errors import ImportFailed
from annotate.text import decode_text

_SNIFF = 65536  # bytes looked at for NULs, as annotate.text does

# Longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # should a FIFO appear after the stat, open does not block
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A file's text and how it was stored."""

    text: str
    encoding: str  # "utf-8", "utf-16-le", "utf-16-be", "utf-32-le" or "utf-32-be"
    bom: bool  # whether a byte order mark was dropped

    @property
    def bom_shift(self) -> int:
        """Characters other tools count before the text: brat reads UTF-8 and keeps a BOM as
        U+FEFF, so its offsets then count it; UTF-16/32 decoders drop the BOM."""
        return 1 if self.bom and self.encoding == "utf-8" else 0


def reason(exc: OSError) -> str:
    """The OS's words for an error ("Permission denied", "the disk is full")."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    return exc.strerror or str(exc)


def not_regular(mode: int) -> str | None:
    """Why a file of this mode cannot be read as an input, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    kinds = (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    kind = next((name for test, name in kinds if test(mode)), "not a regular file")
    return f"is {kind}, not a regular file"


def stat_input(path: Path) -> os.stat_result:
    """``os.stat`` (following symbolic links) with every failure as one ImportFailed."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise ImportFailed(path, "is a broken symbolic link (its target does not exist)") from None
        raise ImportFailed(path, "does not exist") from None
    except OSError as exc:
        raise ImportFailed(path, f"cannot be read ({reason(exc)})") from None


def check_regular(path: Path) -> None:
    """Refuse, by name and without opening it, anything but an existing regular file."""
    problem = not_regular(stat_input(path).st_mode)
    if problem:
        raise ImportFailed(path, problem)


def companion_exists(path: Path) -> bool:
    """Whether an optional companion file (``a.ann`` beside ``a.txt``, ``annotation.conf``)
    is there. Something of that name that is not a regular file is refused, not passed over."""
    if not os.path.lexists(path):
        return False
    check_regular(path)
    return True


def open_input(path: Path) -> BinaryIO:
    """Open a regular file for reading, refusing (by name, without blocking) anything else:
    missing, not a regular file (also one swapped in since the stat), permission."""
    check_regular(path)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise ImportFailed(path, f"cannot be read ({reason(exc)})") from None
    try:
        problem = not_regular(os.fstat(fd).st_mode)  # replaced since the stat?
    except OSError as exc:
        os.close(fd)
        raise ImportFailed(path, f"cannot be read ({reason(exc)})") from None
    if problem:
        os.close(fd)
        raise ImportFailed(path, problem)
    return os.fdopen(fd, "rb")


def read_input_bytes(path: Path) -> bytes:
    """The bytes of a regular file; any failure (missing, not a regular file, permission,
    an I/O error while reading) is one ImportFailed naming the file."""
    with open_input(path) as fh:
        try:
            return fh.read()
        except OSError as exc:
            raise ImportFailed(path, f"cannot be read ({reason(exc)})") from None


def decode_input(path: Path, data: bytes) -> DecodedText:
    """Decode file bytes: a UTF-32 or UTF-16 BOM selects that encoding; otherwise UTF-8
    (see :func:`annotate.text.decode_text`). NULs in text without a BOM are refused as binary,
    or as UTF-16/UTF-32 without a BOM when they fall where those encodings put them."""
    for bom, encoding, family in BOMS:
        if data.startswith(bom):
            return DecodedText(_decode_wide(path, data, len(bom), encoding, family), encoding, True)
    head = data[:_SNIFF]
    if b"\x00" in head:
        guess = _wide_without_bom(head)
        if guess:
            raise ImportFailed(
                path,
                f"looks like {guess} text without a byte order mark (BOM); save it as UTF-8, "
                "or with a BOM",
            )
        raise ImportFailed(path, "is a binary file (it contains NUL bytes), not UTF-8 text")
    text, had_bom = decode_text(path, data)
    return DecodedText(text, "utf-8", had_bom)


def read_input_text(path: Path) -> DecodedText:
    """Read and decode one input file."""
    return decode_input(path, read_input_bytes(path))


def _decode_wide(path: Path, data: bytes, skip: int, encoding: str, family: str) -> str:
    body = data[skip:]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        line = body[: exc.start].decode(encoding, "replace").count("\n") + 1
        raise ImportFailed(
            path, f"is not valid {family} ({exc.reason} at byte {skip + exc.start})", line
        ) from None
    if "\x00" in text[:_SNIFF]:
        raise ImportFailed(path, f"is a binary file (its {family} text contains NUL characters)")
    return text


def _wide_without_bom(head: bytes) -> str | None:
    """'UTF-16 (little-endian)' etc. when the NULs sit where that encoding puts them (the high
    byte of every ASCII or Latin character); None when they look like any binary file's."""
    head = head[: len(head) - len(head) % 4]
    if head.count(0) < 4:
        return None
    quarter = len(head) // 4
    lanes = [head[i::4].count(0) for i in range(4)]  # NULs at offsets 0, 1, 2, 3 (mod 4)
    # UTF-32: the top byte of every unit is NUL (code points end at U+10FFFF), the next one
    # nearly always; the low byte nearly never.
    if lanes[3] == quarter and lanes[2] >= 0.9 * quarter and lanes[0] <= 0.1 * quarter:
        return "UTF-32 (little-endian)"
    if lanes[0] == quarter and lanes[1] >= 0.9 * quarter and lanes[3] <= 0.1 * quarter:
        return "UTF-32 (big-endian)"
    # UTF-16: NULs at odd offsets (little-endian) or even ones (big-endian), hardly any at
    # the other parity, and at least one character in twenty ASCII or Latin-1 (spaces will do).
    even, odd = lanes[0] + lanes[2], lanes[1] + lanes[3]
    half = len(head) // 2
    if odd >= 0.05 * half and even <= 0.05 * odd:
        return "UTF-16 (little-endian)"
    if even >= 0.05 * half and odd <= 0.05 * even:
        return "UTF-16 (big-endian)"
    return None
