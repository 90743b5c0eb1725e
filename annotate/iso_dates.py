"""ISO 8601 dates as normalisations: the resource name, the labels that take one, and what a
valid value is. Small and regex-free at import: the window imports it at start."""

from __future__ import annotations

import datetime as dt
import re

ISO = "ISO8601"  # the resource name of a date's normalisation
TIME_LABELS = frozenset({"DATE", "TIME"})


def is_iso_value(value: str) -> bool:
    """Whether ``value`` is an ISO 8601 date this tool writes: ``2016``, ``2016-03``,
    ``2016-03-24`` or ``2016-W11`` (a real day, month or week)."""
    try:
        if re.fullmatch(r"\d{4}", value):
            return True
        if re.fullmatch(r"\d{4}-\d\d", value):
            return 1 <= int(value[5:]) <= 12
        if re.fullmatch(r"\d{4}-W\d\d", value):
            dt.date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
            return True
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            dt.date.fromisoformat(value)
            return True
    except ValueError:
        return False
    return False
