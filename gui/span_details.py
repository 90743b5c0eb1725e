"""What a span carries beyond its label, in words for the span panel and the article's tooltip:
its fragments, attributes, normalisations, note, the spans it is the same as, its relations."""

from __future__ import annotations

from html import escape

from annotate.model import Span
from gui.relations import RelationController
from gui.wording import quoted


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
        name = f" {norm.text}" if norm.text else ""
        lines.append(f"<b>{escape(norm.type.lower())}</b> {escape(norm.resource)}:{escape(norm.reference)}{escape(name)}")
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
