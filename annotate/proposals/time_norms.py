"""ISO 8601 normalisations of dates: "on Thursday" in an article dated Thursday 24 March 2016
becomes ``ISO8601:2016-03-24`` (brat ``N1<TAB>Reference T3 ISO8601:2016-03-24<TAB>Thursday``),
what the ACLED schema's Date role needs.

Rules (English expressions; the reference date from :mod:`annotate.proposals.datelines`):

- only DATE and TIME spans (and event arguments with those labels) are normalised, and only
  text that names a point in time: a month, a weekday, a year, today / yesterday / tomorrow,
  "N days ago", "last / next / this week" ... Durations ("10 years", "a decade"), ranges
  ("2015-16", "between March and May"), decades ("the 1990s") and bare clock times ("6:40
  a.m.", no day) get none;
- the precision is what the text gives: a day ``2016-03-24``, an ISO week ``2016-W11`` ("last
  week"), a month ``2016-03`` ("March 2016", "last month"), a year ``2016``; a time of day is
  dropped (``Sunday morning`` → the day);
- a bare weekday ("on Thursday", "early on Sunday morning") is the latest such day on or
  before the reference date: news reports what happened, so "Thursday" in a report dated
  Thursday is that day, "Tuesday" two days before (the TimeML/TempEval practice for past-tense
  reports; a future "will meet on Friday" comes out a week early and is the annotator's to fix);
  other relative dates resolve with dateparser, preferring the past ("December 30" in a report
  of 3 January is the December before);
- a year is never guessed: without a reference date that has a year (the sample articles'
  datelines, "GENEVA, March 3", give none), only dates that carry their own year get a norm.

dateparser is imported only when a document has a date to resolve (never at window start) and
runs offline: its language data ship inside the package.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from annotate.iso_dates import ISO, TIME_LABELS, is_iso_value
from annotate.model import Normalization
from annotate.proposals.datelines import MONTHS, ReferenceDate, reference_date
from annotate.proposals.types import ProposedEvent, ProposedSpan

_WEEKDAYS = {name: number for number, names in enumerate((
    ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thurs"),
    ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun"))) for name in names}
_WORDS = re.compile(r"[a-z]+")
_YEAR = re.compile(r"\b(?:1[89]|2\d)\d\d\b")
_RELATIVE = {"today", "yesterday", "tomorrow", "tonight", "ago"}
_SHIFTERS = {"last", "next", "this", "previous", "past", "coming"}
_UNITS = {"week", "month", "year", "weekend"}
# Not a point in time: a decade, a range of years, an interval, a repetition.
_NOT_A_POINT = re.compile(
    r"\b\d{4}s\b|\b\d{4}\s*[-–/]\s*\d{2,4}\b|\b(?:between|from|until|till|through|since|every|each|"
    r"daily|weekly|monthly|annual|annually|decade|decades|century|centuries)\b",
    re.IGNORECASE,
)
RESOLVED_LIMIT = 50_000
_RESOLVED: dict[tuple[str, dt.date | None, str], str | None] = {}  # (text, reference day, language) → value
_FILLERS = re.compile(r"\b(?:early|late|mid|earlier|later|around|about|the|on|in|of|by|at|morning|"
                      r"afternoon|evening|night|'s)\b|-", re.IGNORECASE)


def iso_norm(reference: str, text: str) -> Normalization:
    """The normalisation of a date: resource ``ISO8601``, the ISO value, the span's text."""
    return Normalization(ISO, reference, text)


def _weekday_only(words: list[str]) -> int | None:
    """The weekday of text that names only a weekday ("early on Sunday morning"), or None."""
    days = {_WEEKDAYS[w] for w in words if w in _WEEKDAYS}
    if len(days) != 1 or any(w in MONTHS or w in _RELATIVE or w in _SHIFTERS for w in words):
        return None
    return days.pop()


class TimeResolver:
    """Resolves date expressions of one article against its reference date."""

    def __init__(self, reference: ReferenceDate | None, lang: str = "en") -> None:
        self.reference = reference
        self.base = reference.as_date() if reference is not None else None
        self.lang = lang
        self._parser: Any = None
        self._seen: dict[str, str | None] = {}

    def resolve(self, text: str) -> str | None:
        """The ISO value of a date expression, or None (see the module's rules)."""
        if text not in self._seen:
            # The value depends only on the text, the reference day and the language: articles
            # of one day (a wire feed) share their "Tuesday"s and "last week"s.
            key = (text, self.base, self.lang)
            if key in _RESOLVED:
                self._seen[text] = _RESOLVED[key]
            else:
                if len(_RESOLVED) >= RESOLVED_LIMIT:
                    _RESOLVED.clear()
                self._seen[text] = _RESOLVED[key] = self._resolve(text)
        return self._seen[text]

    def _resolve(self, text: str) -> str | None:
        if self.lang != "en" or _NOT_A_POINT.search(text):
            return None  # the cues below are English
        words = _WORDS.findall(text.lower())
        has_year = bool(_YEAR.search(text))
        cued = has_year or any(w in MONTHS or w in _WEEKDAYS or w in _RELATIVE for w in words) or (
            any(w in _SHIFTERS for w in words) and any(w.rstrip("s") in _UNITS for w in words))
        if not cued or (self.base is None and not has_year):
            return None  # not a point in time, or it needs a year the article does not give
        weekday = _weekday_only(words) if not re.search(r"\d", text) else None
        if weekday is not None:
            assert self.base is not None  # no year in the text, so a base was required above
            back = (self.base.weekday() - weekday) % 7
            return (self.base - dt.timedelta(days=back)).isoformat()
        found = self._parse(text)
        if found is None:
            found = self._parse(" ".join(_FILLERS.sub(" ", text).split()))
        return found

    def _parse(self, text: str) -> str | None:
        if not text:
            return None
        data = self.parser.get_date_data(text)
        when = data.date_obj
        if when is None:
            return None
        if data.period == "year":
            return f"{when.year:04d}"
        if data.period == "month":
            return f"{when.year:04d}-{when.month:02d}"
        if data.period == "week":
            year, week, _ = when.isocalendar()
            return f"{year:04d}-W{week:02d}"
        return str(when.date().isoformat())

    @property
    def parser(self) -> Any:
        """dateparser's parser, made on first use (the import is the slow part)."""
        if self._parser is None:
            from dateparser.date import DateDataParser

            settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
            if self.base is not None:
                settings["RELATIVE_BASE"] = dt.datetime(self.base.year, self.base.month, self.base.day)
            self._parser = DateDataParser(languages=[self.lang], settings=settings)
        return self._parser


def prepare_dates(lang: str = "en") -> None:
    """Import dateparser and load its language data now (about a second, once per process), so
    that the proposer's set-up pays it, with the pipeline, rather than the first article."""
    if lang == "en":
        from dateparser.date import DateDataParser

        DateDataParser(languages=[lang]).get_date_data("3 March 2000")


def time_norm(text: str, reference: ReferenceDate | None, lang: str = "en") -> Normalization | None:
    """The ISO 8601 normalisation of one date expression, or None."""
    value = TimeResolver(reference, lang).resolve(text)
    return iso_norm(value, text) if value is not None else None


def _with_norm(resolver: TimeResolver, text: str, item: Any) -> Any:
    """A DATE/TIME span or argument with its ISO norm added (unless it has one)."""
    if item.label not in TIME_LABELS or any(n.resource == ISO for n in item.norms):
        return item
    covered = text[item.start:item.end]
    value = resolver.resolve(covered)
    return replace(item, norms=(*item.norms, iso_norm(value, covered))) if value is not None else item


def add_time_norms(
    text: str, spans: Sequence[ProposedSpan], events: Sequence[ProposedEvent], lang: str = "en",
    meta: Mapping[str, Any] | None = None,
) -> tuple[list[ProposedSpan], tuple[ProposedEvent, ...]]:
    """The proposals of one document with ISO norms on their DATE/TIME spans and arguments,
    resolved against the article's dateline (or the publication date in ``meta``)."""
    wanted = any(s.label in TIME_LABELS for s in spans) or any(
        a.label in TIME_LABELS for e in events for a in e.arguments)
    if not wanted:
        return list(spans), tuple(events)
    resolver = TimeResolver(reference_date(text, meta), lang)
    out_spans = [_with_norm(resolver, text, s) for s in spans]
    out_events = tuple(
        replace(e, arguments=tuple(_with_norm(resolver, text, a) for a in e.arguments))
        if any(a.label in TIME_LABELS for a in e.arguments) else e
        for e in events
    )
    return out_spans, out_events


__all__ = ["ISO", "TIME_LABELS", "TimeResolver", "add_time_norms", "is_iso_value", "iso_norm", "time_norm"]
