"""Words the window shows about spans and relations: a covered text in quotes, the question
asked before deleting a span that events or relations use, what a relation carries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from annotate.model import Event, Relation, Span

SHORT = 40  # longer covered texts are cut to this many characters
LISTED = 4  # users named in the delete question; the rest are counted


def quoted(text: str) -> str:
    """A covered text in quotes, on one line and cut short."""
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= SHORT else flat[: SHORT - 1] + '…'}”"


def counted(count: int, noun: str) -> str:
    """``1 relation``, ``2 relations``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:LISTED])
    return shown + (f" and {len(items) - LISTED} more" if len(items) > LISTED else "")


def delete_question(span: Span, text: str, events: Sequence[Event], relations: Sequence[Relation],
                    spans: Mapping[int, Span]) -> tuple[str, str]:
    """The title and the question before deleting ``span``, which ``events`` and ``relations``
    use: what uses it, each by name ("used by 1 relation: Located (“Putin” → “Moscow”)")."""
    def cover(span_id: int) -> str:
        other = spans.get(span_id)
        return quoted(other.text_in(text)) if other is not None else "?"

    users, parts, after = [], [], []
    if events:
        users.append("an event" if len(events) == 1 else "events")
        named = [f"{e.type} ({'its trigger' if e.trigger_span_id == span.id else ', '.join(a.role for a in e.arguments if a.span_id == span.id)})"
                 for e in events]
        parts.append(f"{counted(len(events), 'event')}: {_listed(named)}")
        after.append("an event loses that argument; an event it triggers is deleted, and so are its relations")
    if relations:
        users.append("a relation" if len(relations) == 1 else "relations")
        named = [f"{r.type} ({cover(r.head_span_id)} → {cover(r.child_span_id)})" for r in relations]
        parts.append(f"{counted(len(relations), 'relation')}: {_listed(named)}")
        after.append(f"{'the relation goes' if len(relations) == 1 else 'the relations go'} with it")
    verb = "uses" if len(users) == 1 and users[0].startswith(("an ", "a ")) else "use"
    title = f"Delete a span {' and '.join(users)} {verb}"
    consequences = "; ".join(after)
    question = (f"{span.label} {quoted(span.text_in(text))} is used by {'; and by '.join(parts)}. Delete it? "
                f"({consequences[:1].upper()}{consequences[1:]}. Undo restores everything.)")
    return title, question


def relation_details(relation: Relation) -> list[str]:
    """HTML lines (escaped) of what a relation carries beyond its type and ends: its
    attributes, score and note."""
    lines = []
    if relation.attributes:
        lines.append("<b>attributes</b> " + escape(", ".join(f"{k}={v}" for k, v in sorted(relation.attributes.items()))))
    if relation.score is not None:
        lines.append(f"<b>score</b> {relation.score:.2f}")
    if relation.note:
        lines.append(f"<b>note</b> {escape(relation.note)}".replace("\n", "<br>"))
    return lines
