"""Reading JSON Lines with errors that name the file and line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import srsly

from annotate.errors import ImportFailed


def json_lines(text: str, origin: Path | str, what: str = "task") -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank line; a line that is not a JSON object
    raises ImportFailed naming ``origin`` and the line."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = srsly.json_loads(line)
        except ValueError as exc:
            raise ImportFailed(origin, f"is not valid JSON ({exc})", number) from None
        if not isinstance(value, dict):
            raise ImportFailed(origin, f"a {what} must be a JSON object", number)
        yield number, value
