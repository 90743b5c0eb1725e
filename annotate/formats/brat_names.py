"""brat allows only letters, digits, ``_`` and ``-`` in type names; map ours there and back."""

from __future__ import annotations

import re
from collections.abc import Iterable

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def brat_safe(name: str) -> str:
    """A brat-safe spelling of a schema name: ``Conflict.Attack`` → ``Conflict-Attack``."""
    return _UNSAFE.sub(lambda m: "-" if m.group() == "." else "_", name)


def from_brat(name: str, known: Iterable[str]) -> str:
    """The schema name whose brat spelling is ``name``; ``name`` itself when none is."""
    known = list(known)
    if name in known:
        return name
    return next((k for k in known if brat_safe(k) == name), name)
