"""Python code points ↔ Qt UTF-16 positions. The only place the two meet.

A character outside the Basic Multilingual Plane (emoji) is one code point but two UTF-16
units; everything else is one of each. Mapping costs a bisect over the astral characters.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class Utf16Map:
    """Converts offsets for one text."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []
        self._astral = astral
        # Qt position of the first unit of each astral character.
        self._astral_qt = [p + k for k, p in enumerate(astral)]

    @property
    def identity(self) -> bool:
        """Whether both counts agree everywhere (no astral characters)."""
        return not self._astral

    def to_qt(self, offset: int) -> int:
        """Code-point offset → UTF-16 position."""
        return offset + bisect_left(self._astral, offset) if self._astral else offset

    def from_qt(self, position: int) -> int:
        """UTF-16 position → code-point offset; a position inside a surrogate pair rounds down."""
        if not self._astral:
            return position
        k = bisect_left(self._astral_qt, position)
        if k > 0 and self._astral_qt[k - 1] == position - 1:
            position -= 1  # between the two halves of a pair
        return position - bisect_right(self._astral_qt, position - 2)
