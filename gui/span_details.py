"""What a span carries beyond its label, in words for the span panel and the article's tooltip:
its fragments, attributes, normalisations, note, the spans it is the same as, its relations."""

from __future__ import annotations

from html import escape

from annotate.model import Normalization, Span
from gui.relations import RelationController
from gui.wording import quoted


NORM_KINDS = {"ISO8601": "date", "GeoNames": "place"}  # what a norm of the resource says


def norm_label(norm: Normalization, short: bool = False) -> str:
    """A normalisation in a few words: ``2016-03-24`` (an ISO date), ``Geneva · GeoNames
    2660646`` (``short``: ``Geneva (2660646)``, for a narrow cell), ``46.20222, 6.14569`` (WGS84
    coordinates), ``Wikipedia:534366 Barack Obama``."""
    if norm.resource == "ISO8601":
        return norm.reference
    if norm.resource == "GeoNames":
        if short:
            return f"{norm.text} ({norm.reference})" if norm.text else norm.reference
        return f"{norm.text} · GeoNames {norm.reference}" if norm.text else f"GeoNames {norm.reference}"
    if norm.resource == "WGS84":  # coordinates: "12.04888, 24.88069"
        return norm.text or norm.reference
    return f"{norm.resource}:{norm.reference} {norm.text}".strip()


def span_details(span: Span, text: str, relations: RelationController) -> list[str]:
    """HTML lines (escaped) describing a span's fragments, attributes, norms, note, the
    members of its equivalence sets ("same as") and its relations."""
    lines: list[str] = []
    if span.fragments:
        pieces = " + ".join(quoted(text[s:e]) for s, e in span.fragments)
        lines.append(f"<b>fragments</b> {escape(pieces)}")
    if span.attributes:
        lines.append("<b>attributes</b> " + escape(", ".join(f"{k}={v}" for k, v in sorted(span.attributes.items()))))
    for norm in span.norms:
        kind = NORM_KINDS.get(norm.resource, "reference") if norm.type == "Reference" else norm.type.lower()
        lines.append(f"<b>{escape(kind)}</b> {escape(norm_label(norm))}")
    if span.note:
        lines.append(f"<b>note</b> {escape(span.note)}".replace("\n", "<br>"))
    spans = relations.ws.spans
    if span.id is not None:
        same = [quoted(spans[i].text_in(text)) for i in relations.same_as(span.id) if i in spans]
        if same:
            lines.append(f"<b>same as</b> {escape(', '.join(same))}")
        for relation in relations.of_span(span.id):
            if relation.head_span_id == span.id and relation.child_span_id in spans:
                other = quoted(spans[relation.child_span_id].text_in(text))
                lines.append(f"{escape(relation.type)} → {escape(other)}")
            elif relation.head_span_id in spans:
                other = quoted(spans[relation.head_span_id].text_in(text))
                lines.append(f"{escape(relation.type)} ← {escape(other)}")
    return lines
