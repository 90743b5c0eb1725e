"""Storing what an importer read: a parsed document's spans, events (events that are
arguments of others first), relations and equivalence sets, as new rows of a new document, or
merged into the document that already holds the same text (see annotate/import_merge.py)."""

from __future__ import annotations

from dataclasses import dataclass

from annotate.errors import ImportFailed
from annotate.formats.parsed import ParsedDocument, ParsedRelation, ParsedSpan
from annotate.import_merge import MergeCounts, event_key, join_later, join_norms, key_of
from annotate.model import (SOURCE_IMPORT, Argument, Equivalence, Event, Relation, Span, StoredEvent, StoredRelation,
                            StoredSpan)
from annotate.repository import Repository


@dataclass
class StoredCounts:
    """Rows one parsed document became."""

    spans: int = 0
    events: int = 0
    relations: int = 0
    equivalences: int = 0


def span_of(document_id: int, parsed: ParsedSpan) -> Span:
    """The span a parsed span is stored as."""
    return Span(document_id, parsed.start, parsed.end, parsed.label, parsed.status, SOURCE_IMPORT,
                note=parsed.note, fragments=parsed.fragments, attributes=dict(parsed.attributes),
                norms=list(parsed.norms))


def event_order(doc: ParsedDocument) -> list[int]:
    """Indices of the document's events, each after the events it has as arguments (brat allows
    forward references); raises ImportFailed on a cycle, which no event structure can hold."""
    order: list[int] = []
    state: dict[int, int] = {}  # 1 visiting, 2 done

    def visit(i: int, chain: tuple[int, ...]) -> None:
        if state.get(i) == 2:
            return
        if state.get(i) == 1:
            names = " → ".join(doc.events[j].type for j in (*chain[chain.index(i):], i))
            raise ImportFailed(doc.source, f"events are arguments of each other in a cycle ({names})")
        state[i] = 1
        for target in doc.events[i].argument_events.values():
            visit(target, (*chain, i))
        state[i] = 2
        order.append(i)

    for i in range(len(doc.events)):
        visit(i, ())
    return order


def _insert_events(repo: Repository, document_id: int, doc: ParsedDocument, events: list[int],
                   span_ids: list[int], event_ids: dict[int, int]) -> int:
    """Insert the events at these indices (in dependency order); returns how many."""
    for i in events:
        event = doc.events[i]
        arguments = [Argument(role, span_ids[s], event_id=event_ids[event.argument_events[n]]
                              if n in event.argument_events else None)
                     for n, (role, s) in enumerate(event.arguments)]
        event_ids[i] = repo.insert_event(Event(document_id, event.type, span_ids[event.trigger], arguments,
                                               dict(event.attributes), event.status, SOURCE_IMPORT,
                                               note=event.note, norms=list(event.norms)))
    return len(events)


def relation_of(document_id: int, parsed: ParsedRelation, span_ids: list[int]) -> Relation:
    """The relation a parsed relation is stored as, its ends by the stored spans' ids."""
    return Relation(document_id, parsed.type, span_ids[parsed.head], span_ids[parsed.child], parsed.status,
                    SOURCE_IMPORT, note=parsed.note, attributes=dict(parsed.attributes))


def _insert_equivalences(repo: Repository, document_id: int, doc: ParsedDocument, span_ids: list[int],
                         known: set[tuple] | None = None) -> int:
    """Insert the document's equivalence sets (those not in ``known``, a set of keys of what is
    there already); returns how many."""
    inserted = 0
    for equivalence in doc.equivalences:
        members = tuple(span_ids[m] for m in equivalence.members)
        key = (equivalence.type, tuple(sorted(members)))
        if known is not None:
            if key in known:
                continue
            known.add(key)
        repo.insert_equivalence(Equivalence(document_id, equivalence.type, members, SOURCE_IMPORT))
        inserted += 1
    return inserted


def store_new(repo: Repository, document_id: int, doc: ParsedDocument) -> StoredCounts:
    """Store every annotation of a parsed document as rows of the new document ``document_id``."""
    span_ids = [repo.insert_span(span_of(document_id, s)) for s in doc.spans]
    events = _insert_events(repo, document_id, doc, event_order(doc), span_ids, {})
    for relation in doc.relations:
        repo.insert_relation(relation_of(document_id, relation, span_ids))
    equivalences = _insert_equivalences(repo, document_id, doc, span_ids)
    return StoredCounts(len(span_ids), events, len(doc.relations), equivalences)


def merge_into(repo: Repository, document_id: int, parsed: ParsedDocument, counts: MergeCounts) -> bool:
    """Add the annotations of a text imported again to the document holding it: identical
    spans, events, relations and sets once, with what the later copy adds to the one there (a
    later decision, attributes, norms, note lines: :func:`annotate.import_merge.join_later`).
    Returns whether anything changed (the document's warnings are then to be counted again)."""
    changed = False
    by_key: dict[tuple, StoredSpan] = {}
    for span in repo.spans(document_id):
        by_key.setdefault(key_of(span), span)
    ids: list[int] = []
    for incoming in parsed.spans:
        found = by_key.get(key_of(incoming))
        if found is None:
            new = span_of(document_id, incoming)
            span_id = repo.insert_span(new)
            found = by_key[key_of(incoming)] = StoredSpan(
                new.document_id, new.start, new.end, new.label, new.status, new.source, note=new.note, id=span_id,
                fragments=new.fragments, attributes=dict(new.attributes), norms=list(new.norms))
            counts.spans_added += 1
            changed = True
        else:
            decisions = counts.decisions
            touched = join_later(found, incoming, counts)
            if join_norms(found.norms, incoming.norms, counts) or touched:
                repo.update_span(found)
                changed = True
            if counts.decisions == decisions:
                counts.spans_same += 1
        ids.append(found.id)
    stored = repo.events(document_id)
    named = repo.spans_by_id([e.trigger_span_id for e in stored] + [a.span_id for e in stored for a in e.arguments])

    def key(span_id: int) -> tuple | None:
        span = named.get(span_id)
        return key_of(span) if span else None

    stored_by_key: dict[tuple, StoredEvent] = {}
    for e in stored:
        stored_by_key.setdefault(
            (e.type, key(e.trigger_span_id), tuple(sorted((a.role, key(a.span_id)) for a in e.arguments))), e)
    fresh: list[int] = []
    # An event argument that is already there is the stored event with the same key.
    event_ids: dict[int, int] = {}
    for i in event_order(parsed):
        event = parsed.events[i]
        found_event = stored_by_key.get(event_key(event, parsed.spans))
        if found_event is None:
            fresh.append(i)
            continue
        event_ids[i] = found_event.id
        decisions = counts.decisions
        touched = join_later(found_event, event, counts)
        if join_norms(found_event.norms, event.norms, counts) or touched:
            repo.update_event(found_event)
            changed = True
        if counts.decisions == decisions:
            counts.events_same += 1
    if fresh:
        counts.events_added += _insert_events(repo, document_id, parsed, fresh, ids, event_ids)
        changed = True
    relations: dict[tuple, StoredRelation] = {}
    for r in repo.relations(document_id):
        relations.setdefault((r.type, r.head_span_id, r.child_span_id), r)
    for relation in parsed.relations:
        new_relation = relation_of(document_id, relation, ids)
        link = (new_relation.type, new_relation.head_span_id, new_relation.child_span_id)
        found_relation = relations.get(link)
        if found_relation is None:
            relation_id = repo.insert_relation(new_relation)
            relations[link] = StoredRelation(
                document_id, new_relation.type, new_relation.head_span_id, new_relation.child_span_id,
                new_relation.status, new_relation.source, note=new_relation.note,
                attributes=dict(new_relation.attributes), id=relation_id)
            counts.relations_added += 1
            changed = True
        elif join_later(found_relation, relation, counts):
            repo.update_relation(found_relation)
            changed = True
    sets = {(q.type, tuple(sorted(q.span_ids))) for q in repo.equivalences(document_id)}
    equivalences = _insert_equivalences(repo, document_id, parsed, ids, sets)
    counts.equivalences_added += equivalences
    return changed or bool(equivalences)
