"""brat allows only letters, digits, ``_`` and ``-`` in type names; map ours there and back.

Event roles have one more rule. brat numbers the repeats of a role by appending digits (the
second ``Theme`` is ``Theme2``), and its checks read a role back by taking every final digit
off (``server/src/verify_annotations.py``), its display by trying the name as written first
(``client/src/visualizer.js``); its ``projectconfig.py`` refuses a repeatable role whose name
ends in a digit. So a role such as ACLED's ``AssocActor1`` is written ``AssocActor1_`` (its
repeats ``AssocActor1_2``, ``AssocActor1_3``): every brat reading gives the role back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from annotate.schema import Role

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_DIGITS = re.compile(r"\d+$")
REPEATS = ("*", "+")  # cardinalities of a role that may be filled more than once


def brat_safe(name: str) -> str:
    """A brat-safe spelling of a schema name: ``Conflict.Attack`` → ``Conflict-Attack``."""
    return _UNSAFE.sub(lambda m: "-" if m.group() == "." else "_", name)


def from_brat(name: str, known: Iterable[str]) -> str:
    """The schema name whose brat spelling is ``name``; ``name`` itself when none is."""
    known = list(known)
    if name in known:
        return name
    return next((k for k in known if brat_safe(k) == name), name)


def brat_role(name: str) -> str:
    """A role's brat spelling: :func:`brat_safe`, with ``_`` after a final digit
    (``Actor1`` → ``Actor1_``), as no brat reading of a numbered repeat can hold one."""
    safe = brat_safe(name)
    return f"{safe}_" if safe[-1:].isdigit() else safe


def _declared(written: str, roles: Sequence[Role]) -> Role | None:
    """The role whose name, or one of its brat spellings, is ``written``."""
    exact = next((r for r in roles if r.name == written), None)
    return exact or next((r for r in roles if written in (brat_role(r.name), brat_safe(r.name))), None)


def role_from_brat(written: str, roles: Sequence[Role], siblings: Iterable[str] = ()) -> str:
    """The role an event argument named ``written`` in brat fills, read as brat reads it: a
    declared role by its name or brat spelling; else the name less a numeric suffix (a repeat:
    ``Theme2``, ``AssocActor1_2``) when what is left is a declared role or another argument of
    the same event (``siblings``, as written); else ``written`` itself.

    ``Actor12`` could be the second ``Actor1`` or the twelfth ``Actor``: only a role that may
    repeat is numbered, so a base that may repeat wins; between two that may (a configuration
    brat refuses: ``Actor1`` cannot repeat there), brat's own reading, every digit taken off."""
    found = _declared(written, roles)
    if found is not None:
        return found.name
    digits = _DIGITS.search(written)
    if digits is None:
        return written
    bases = [written[:at] for at in range(digits.end() - 1, digits.start() - 1, -1)]  # longest first
    candidates = [(base, _declared(base, roles)) for base in bases if base]
    named = set(siblings)
    declared = [(base, role) for base, role in candidates if role is not None]
    repeatable = [role for _, role in declared if role.cardinality in REPEATS]
    if repeatable:
        return repeatable[-1].name  # the shortest base: brat's reading
    if declared:
        return declared[-1][1].name
    known = [base for base, _ in candidates if base in named]
    return known[-1] if known else written
