"""Reading JSON Lines with errors that name the file and line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import srsly

from annotate.errors import ImportFailed


def json_lines(text: str, origin: Path | str, what: str = "task") -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank line; a line that is not a JSON object
    raises ImportFailed naming ``origin`` and the line.

    Lines end at a line feed only (a carriage return before it is dropped): JSON strings may
    hold U+2028, U+0085 or a form feed as they are, which ``str.splitlines`` would take for
    line ends. A ``\\udXXX`` escape of half a surrogate pair is refused: it is not text."""
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            value = srsly.json_loads(line)
        except ValueError as exc:
            raise ImportFailed(origin, f"is not valid JSON ({exc})", number) from None
        if not isinstance(value, dict):
            raise ImportFailed(origin, f"a {what} must be a JSON object, not {_kind(value)}", number)
        if "\\u" in line:
            try:
                json.dumps(value, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError as exc:
                bad = f"\\u{ord(exc.object[exc.start]):04x}"
                raise ImportFailed(origin, f"holds {bad}, half of a surrogate pair, which is not text", number) from None
        yield number, value


def _kind(value: Any) -> str:
    names = {list: "a list", str: "a string", bool: "true or false", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)
