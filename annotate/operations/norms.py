"""Normalisation gestures: set, change or clear a span's ISO date or GeoNames entry.

What the annotator types is read by :func:`read_norm`: ``2016-03-24`` (a value of the span's
resource: ISO 8601 for a DATE/TIME span, GeoNames for a place, else its norm's), ``GeoNames:524901 Moscow`` (a
resource, an id and a name), or nothing (clear). A span keeps one entry per resource: setting one
replaces what the span had of that resource, leaving the others — for a place, its whole
GeoNames entry (the place, its admin region and country, its WGS84 coordinates), since they
belong to the entry replaced. Like any edit of a proposal, setting its norm accepts it.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotate.actions import Action, SetSpanNorms
from annotate.errors import ActionError
from annotate.model import Normalization, Span
from annotate.operations.steps import accepting, touching
from annotate.iso_dates import ISO, TIME_LABELS, is_iso_value
from annotate.repository import Repository

GEONAMES = "GeoNames"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# The resources one entry spans: a GeoNames place comes with its coordinates.
ENTRY_RESOURCES = {GEONAMES: frozenset({GEONAMES, "WGS84"})}


def default_resource(span: Span) -> str:
    """The resource a typed value belongs to: by the span's label (ISO 8601 for a DATE/TIME,
    GeoNames for a place), else its first norm's ("" when neither says)."""
    if span.label in TIME_LABELS:
        return ISO
    if span.label in PLACE_LABELS:
        return GEONAMES
    return span.norms[0].resource if span.norms else ""


def read_norm(typed: str, resource: str, span_text: str, current: Sequence[Normalization] = ()) -> Normalization | None:
    """The normalisation the annotator typed (None: clear it). Raises ActionError saying
    what is wrong and what would be right."""
    typed = typed.strip()
    if not typed:
        return None
    head, _, name = typed.partition(" ")
    if ":" in head:
        resource, _, reference = head.partition(":")
    else:
        reference = head
    name = name.strip()
    if not resource or not reference:
        raise ActionError(f"{typed!r}: write RESOURCE:ID and a name, e.g. 'GeoNames:524901 Moscow'")
    if resource == ISO and not is_iso_value(reference):
        raise ActionError(f"{reference!r} is not an ISO 8601 date: write 2016-03-24, 2016-03, 2016 or 2016-W11")
    if resource == GEONAMES and not reference.isdigit():
        raise ActionError(f"{reference!r} is not a GeoNames id (a number, e.g. 524901)")
    if not name:  # the same entry again keeps its name; a date is named by the span's text
        same = [n.text for n in current if (n.resource, n.reference) == (resource, reference)]
        name = same[0] if same else span_text if resource == ISO else ""
    return Normalization(resource, reference, name)


def with_norm(norms: Sequence[Normalization], norm: Normalization | None, resource: str) -> list[Normalization]:
    """``norms`` with ``norm`` set (None: ``resource`` cleared). The same entry again (resource,
    id and type) is renamed in place, the rest of its entry kept; another entry replaces all
    the span had of that resource (its :data:`ENTRY_RESOURCES`), where it was."""
    if norm is not None:
        for i, old in enumerate(norms):
            if (old.resource, old.reference, old.type) == (norm.resource, norm.reference, norm.type):
                return [*norms[:i], norm, *norms[i + 1:]]
        resource = norm.resource
    group = ENTRY_RESOURCES.get(resource, frozenset({resource}))
    kept = [n for n in norms if n.resource not in group]
    if norm is not None:
        at = next((i for i, n in enumerate(norms) if n.resource in group), len(norms))
        kept.insert(sum(1 for n in norms[:at] if n.resource not in group), norm)
    return kept


def set_norm(repo: Repository, span_id: int, typed: str, resource: str | None = None) -> Action | None:
    """Set, change or (typing nothing) clear a span's norm of ``resource`` (by default the
    span's: see :func:`default_resource`). None when that changes nothing."""
    span = repo.span(span_id)
    text = span.text_in(repo.document(span.document_id).text)
    resource = resource if resource is not None else default_resource(span)
    norm = read_norm(typed, resource, text, span.norms)
    norms = with_norm(span.norms, norm, resource)
    if norms == span.norms:
        return None
    what = f"{norm.resource}:{norm.reference}" if norm is not None else f"no {resource or 'norm'}"
    steps = [SetSpanNorms(span_id, norms), accepting(span)]
    return touching(repo, span.document_id, "set_norm", steps, f"Normalise {span.label} → {what}")


def clear_norm(repo: Repository, span_id: int, resource: str | None = None) -> Action | None:
    """Remove a span's norm of ``resource`` (by default the span's first)."""
    return set_norm(repo, span_id, "", resource)
