"""The date an article speaks from: its dateline, or a publication date kept in its metadata.

A news dateline opens the article after the headline: a place in capitals, then the date, then
the agency — ``KHARTOUM, Thursday 24 March 2016 (Agency) -``, ``GENEVA, March 3 (Meridian
News Agency) -``, ``MOMBASA, Kenya, October 14 (Reuters) —``. Many give no year; such a
dateline is kept as it is (day and month, ``year=None``): :mod:`annotate.proposals.time_norms`
then resolves only dates that carry their own year, and never guesses one.

A publication date in the metadata (Prodigy's ``meta``, which importers keep whole) under one
of :data:`PUBLISHED_KEYS`, as an ISO date (``2016-03-24``, ``2016-03-24T10:00:00Z``), counts
when the dateline gives no year. Pure Python: no dateparser here, so finding the reference date
costs nothing on a document without dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Where importers' metadata keep a publication date (first one found wins).
PUBLISHED_KEYS = ("published", "publication_date", "date_published", "datePublished", "pub_date",
                  "published_at", "date")
HEAD = 600  # a dateline opens the article: it is looked for only this far in

MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for name in names}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|2\d)\d\d)"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
# The date of a dateline, in the orders agencies write it.
_DATES = [re.compile(rf"^{_WEEKDAY}{p}$", re.IGNORECASE) for p in (
    rf"{_DAY}\s+{_MONTH},?(?:\s+{_YEAR})?",  # 24 March 2016
    rf"{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?",  # March 24, 2016 / March 3
)] + [re.compile(rf"^{_YEAR}-(?P<month>\d\d)-(?P<day>\d\d)$")]
# A line opening with a place in capitals, comma-separated parts (the last one the date), and
# the agency in brackets or a dash.
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z .'’\-]*[A-Z.])(?P<rest>(?:,[ \t]+[^,()\n]{2,40}){1,3}?)"
    r"[ \t]*(?:\([^)\n]{1,60}\)[ \t]*)?[-–—]",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class ReferenceDate:
    """The day an article speaks from. ``year`` is None when nothing gives it."""

    month: int
    day: int
    year: int | None
    origin: str  # "dateline" or "meta:<key>"

    def as_date(self) -> dt.date | None:
        """The full date, or None without a year."""
        return dt.date(self.year, self.month, self.day) if self.year is not None else None


def parse_dateline_date(piece: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None) of a dateline's date part, or None when it is not a date."""
    piece = piece.strip().rstrip(",")
    for pattern in _DATES:
        match = pattern.match(piece)
        if match is None:
            continue
        raw_month = match.group("month")
        month = int(raw_month) if raw_month.isdigit() else MONTHS.get(raw_month.lower(), 0)
        day = int(match.group("day"))
        year = int(match.group("year")) if match.group("year") else None
        try:
            dt.date(year or 2000, month, day)  # 2000: a leap year, so 29 February passes
        except ValueError:
            return None
        return month, day, year
    return None


def _find_dateline(text: str) -> tuple[re.Match[str], ReferenceDate] | None:
    """The article's dateline (looked for in its first lines) and its date, or None."""
    for match in _DATELINE.finditer(text[:HEAD]):
        parts = [p.strip() for p in match.group("rest").split(",") if p.strip()]
        # "MOMBASA, Kenya, October 14": the date is the last part; "March 24, 2016" is two.
        for piece in (", ".join(parts[-2:]), parts[-1]):
            found = parse_dateline_date(piece)
            if found is not None:
                return match, ReferenceDate(found[0], found[1], found[2], "dateline")
    return None


def dateline_date(text: str) -> ReferenceDate | None:
    """The date of the article's dateline (looked for in its first lines), or None."""
    found = _find_dateline(text)
    return found[1] if found is not None else None


def dateline_span(text: str) -> tuple[int, int] | None:
    """Character offsets of the dateline, from its place to just after its closing dash
    (``KHARTOUM, Thursday 24 March 2016 (Agency) -``), or None. It is the article's metadata:
    event proposals take no argument from it (ACE does not annotate it)."""
    found = _find_dateline(text)
    return (found[0].start("place"), found[0].end()) if found is not None else None


def published_date(meta: Mapping[str, Any] | None) -> ReferenceDate | None:
    """A publication date kept in a document's metadata (an ISO date or timestamp), or None."""
    for key in PUBLISHED_KEYS:
        value = (meta or {}).get(key)
        if not isinstance(value, str):
            continue
        try:
            day = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            continue
        return ReferenceDate(day.month, day.day, day.year, f"meta:{key}")
    return None


def reference_date(text: str, meta: Mapping[str, Any] | None = None) -> ReferenceDate | None:
    """The date relative expressions of this article are resolved against: a dateline with a
    year; else a publication date in ``meta``; else a dateline without a year (which resolves
    nothing relative, see :mod:`annotate.proposals.time_norms`); else None."""
    line = dateline_date(text)
    if line is not None and line.year is not None:
        return line
    return published_date(meta) or line
