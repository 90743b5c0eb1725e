"""The normalisations proposals carry (an ISO date, a GeoNames entry), gathered per span, and
the dates a document's metadata lets them resolve.

Merging keeps one proposal per span (:mod:`annotate.proposals.merge`); its norms are those of
every proposer that proposed the span (as a span or as an event's argument), so a norm is not
lost because another proposer scored the same span higher.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from annotate.model import Normalization, Span
from annotate.iso_dates import TIME_LABELS
from annotate.proposals.types import DocumentProposals, ProposedArgument, ProposedSpan

Key = tuple[int, int, str]  # start, end, label


def proposed_norms(proposals: Iterable[DocumentProposals]) -> dict[Key, tuple[Normalization, ...]]:
    """Span key → the norms proposed for it (first proposer's first, no repeats)."""
    found: dict[Key, list[Normalization]] = {}
    for batch in proposals:
        items: list[ProposedSpan | ProposedArgument] = [*batch.spans, *(a for e in batch.events for a in e.arguments)]
        for item in items:
            if item.norms:
                kept = found.setdefault((item.start, item.end, item.label), [])
                kept += [n for n in item.norms if n not in kept]
    return {key: tuple(norms) for key, norms in found.items()}


def missing(span: Span, norms: Sequence[Normalization]) -> list[Normalization]:
    """The norms of ``norms`` a span lacks."""
    return [n for n in norms if n not in span.norms]


def has_dates(proposals: Sequence[DocumentProposals]) -> bool:
    """Whether any proposal is a DATE/TIME span or argument (something a date may resolve)."""
    return any(s.label in TIME_LABELS for p in proposals for s in p.spans) or any(
        a.label in TIME_LABELS for p in proposals for e in p.events for a in e.arguments)


def with_published_dates(text: str, meta: Mapping[str, Any], proposals: Sequence[DocumentProposals],
                         lang: str = "en") -> list[DocumentProposals]:
    """The proposals with ISO norms resolved against a publication date in the document's
    metadata, for the dates the dateline could not resolve (it gave no year). Unchanged (and
    nothing parsed) when the metadata has no publication date."""
    # Imported here: the session (so the window) imports this module at start.
    from annotate.proposals.datelines import published_date
    from annotate.proposals.time_norms import add_time_norms

    if published_date(meta) is None or not has_dates(proposals):
        return list(proposals)
    out = []
    for batch in proposals:
        spans, events = add_time_norms(text, batch.spans, batch.events, lang, meta)
        out.append(replace(batch, spans=tuple(spans), events=events))
    return out
