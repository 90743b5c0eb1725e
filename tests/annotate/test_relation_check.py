"""Checking relations against the schema, and ranking the spans a new relation could reach."""

from __future__ import annotations

from annotate.event_check import Sentences
from annotate.model import Relation, Span, SpanStatus
from annotate.relation_check import (
    CHILD_NOT_ALLOWED,
    HEAD_NOT_ALLOWED,
    UNKNOWN_RELATION_TYPE,
    allowed_types,
    candidates,
    check_relation,
)
from annotate.resources import builtin_schema
from annotate.schema import RelationType

TEXT = "Kerry met Putin in Moscow. Later, Lavrov flew to Geneva on Monday."


def schema():
    found = builtin_schema("news-ace")
    found.relation_types = [
        RelationType("Located_in", "#1f77b4", ("PERSON",), ("GPE",), head_role="Thing", child_role="Place"),
        RelationType("Meets", "#ff7f0e", ("PERSON",), ("PERSON",), symmetric=True),
        RelationType("Coref", "#2ca02c", symmetric=True, transitive=True),
    ]
    return found


def spans(*words: tuple[str, str], status=SpanStatus.ACCEPTED) -> dict[int, Span]:
    out = {}
    for i, (word, label) in enumerate(words, start=1):
        start = TEXT.index(word)
        out[i] = Span(1, start, start + len(word), label, status, id=i)
    return out


def test_a_relation_is_checked_against_its_type() -> None:
    found = spans(("Kerry", "PERSON"), ("Moscow", "GPE"), ("Monday", "DATE"))
    assert check_relation(Relation(1, "Located_in", 1, 2), schema(), found) == []
    (unknown,) = check_relation(Relation(1, "Knows", 1, 2), schema(), found)
    assert unknown.kind == UNKNOWN_RELATION_TYPE and "Knows" in unknown.message
    kinds = {(w.kind, w.span_id) for w in check_relation(Relation(1, "Located_in", 3, 1), schema(), found)}
    assert kinds == {(HEAD_NOT_ALLOWED, 3), (CHILD_NOT_ALLOWED, 1)}
    (child,) = check_relation(Relation(1, "Located_in", 1, 3), schema(), found)
    assert child.message == "Located_in Place does not take DATE (allowed: GPE)"  # brat's argument name
    assert check_relation(Relation(1, "Coref", 3, 1), schema(), found) == []  # any label


def test_the_types_allowed_leave_out_equivalences_and_read_symmetric_ones_both_ways() -> None:
    assert [t.name for t in allowed_types(schema(), "PERSON", "PERSON")] == ["Meets"]
    assert [t.name for t in allowed_types(schema(), "GPE", "PERSON")] == []
    symmetric = schema()
    symmetric.relation_types[0].symmetric = True
    assert [t.name for t in allowed_types(symmetric, "GPE", "PERSON")] == ["Located_in"]


def test_candidates_are_in_the_sentence_first_then_fitting_then_nearest() -> None:
    found = spans(("Kerry", "PERSON"), ("met", "Contact.Meet"), ("Putin", "PERSON"), ("Moscow", "GPE"),
                  ("Lavrov", "PERSON"), ("Geneva", "GPE"))
    found[7] = Span(1, TEXT.index("Monday"), TEXT.index("Monday") + 6, "DATE", SpanStatus.REJECTED, id=7)
    ranked = candidates(found[4], schema(), found.values(), Sentences(TEXT))
    # Nothing fits a GPE head: Moscow's sentence first, nearest first; the trigger and the
    # rejected span are left out.
    assert [TEXT[s.start:s.end] for s in ranked] == ["Putin", "Kerry", "Lavrov", "Geneva"]
    found[8] = Span(1, TEXT.index("Later"), TEXT.index("Later") + 5, "DATE", id=8)  # fits nothing with Kerry
    ranked = candidates(found[1], schema(), found.values(), Sentences(TEXT))
    assert [TEXT[s.start:s.end] for s in ranked] == ["Putin", "Moscow", "Lavrov", "Geneva", "Later"]
