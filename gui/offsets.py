"""Python code points ↔ Qt UTF-16 positions. The only place the two meet.

Two things make the counts differ: a character outside the Basic Multilingual Plane (emoji) is
one code point but two UTF-16 units, and a CRLF line break is two code points but one position
in Qt's document (``setPlainText`` makes every ``\\r\\n`` one paragraph break; a lone ``\\r`` or
``\\n`` stays one). Mapping costs a bisect over the places where the counts change.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_UNEVEN = re.compile("[\U00010000-\U0010FFFF]|\r\n")


class Utf16Map:
    """Converts offsets for one text."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # Code offsets from which the difference (Qt - code points) changes, and the difference
        # from there on: +1 after each astral character, -1 after each CRLF.
        self._starts: list[int] = [0]
        self._deltas: list[int] = [0]
        if not text.isascii() or "\r\n" in text:
            delta = 0
            for match in _UNEVEN.finditer(text):
                delta += 1 if match.group() != "\r\n" else -1
                self._starts.append(match.end())
                self._deltas.append(delta)
        # Qt position where each stretch starts (non-decreasing: a CRLF's two ends meet).
        self._qt_starts = [s + d for s, d in zip(self._starts, self._deltas, strict=True)]

    @property
    def identity(self) -> bool:
        """Whether both counts agree everywhere (no astral characters, no CRLF)."""
        return len(self._starts) == 1

    def to_qt(self, offset: int) -> int:
        """Code-point offset → UTF-16 position (an offset between a CRLF's two characters is
        the position after the break)."""
        if len(self._starts) == 1:
            return offset
        return offset + self._deltas[bisect_right(self._starts, offset) - 1]

    def from_qt(self, position: int) -> int:
        """UTF-16 position → code-point offset; a position inside a surrogate pair rounds down,
        the position after a CRLF's break is after its ``\\n``."""
        if len(self._starts) == 1:
            return position
        k = bisect_right(self._qt_starts, position) - 1
        offset = position - self._deltas[k]
        if k + 1 < len(self._starts) and offset >= self._starts[k + 1]:
            offset = self._starts[k + 1] - 1  # inside a surrogate pair: before the character
        return offset
