"""bench/scoring.py on small hand-built cases."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from bench.scoring import (
    PRF,
    Annotations,
    ArgumentRecord,
    EventRecord,
    exact_filler,
    overlap_count,
    score_arguments,
    score_entities,
    score_triggers,
)

TEXT = "Kerry met Lavrov in Geneva on Tuesday and rebels attacked a convoy."


def doc(entities: Iterable[tuple[int, int, str]] = (), events: Iterable[EventRecord] = ()) -> Annotations:
    return Annotations(TEXT, list(entities), [], list(events))


def test_prf_from_counts_and_zero_denominators() -> None:
    assert (PRF(1, 3, 2).precision, PRF(1, 3, 2).recall) == (pytest.approx(1 / 3), 0.5)
    assert PRF(1, 3, 2).f1 == pytest.approx(0.4)
    assert (PRF(0, 0, 0).precision, PRF(0, 0, 0).recall, PRF(0, 0, 0).f1) == (0.0, 0.0, 0.0)


def test_a_duplicate_prediction_is_one_true_and_one_false_positive() -> None:
    counted = overlap_count([(0, 5, "PERSON")], [(0, 5, "PERSON"), (0, 5, "PERSON")])
    assert (counted.tp, counted.predicted, counted.gold) == (1, 2, 1)


def test_entities_exact_per_label_and_micro() -> None:
    gold = [doc([(0, 5, "PERSON"), (20, 26, "GPE")])]
    pred = [doc([(0, 5, "PERSON"), (20, 26, "ORG"), (30, 37, "DATE"), (10, 15, "PERSON")])]
    per_label, micro = score_entities(gold, pred)
    assert set(per_label) == {"PERSON", "GPE", "ORG", "DATE"}
    assert (per_label["PERSON"].tp, per_label["PERSON"].predicted, per_label["PERSON"].gold) == (1, 2, 1)
    assert (per_label["GPE"].tp, per_label["GPE"].predicted, per_label["GPE"].gold) == (0, 0, 1)
    assert (per_label["ORG"].predicted, per_label["ORG"].gold) == (1, 0)
    assert (micro.tp, micro.predicted, micro.gold) == (1, 4, 2)


def test_entities_need_both_offsets_exact() -> None:
    _, micro = score_entities([doc([(0, 5, "PERSON")])], [doc([(0, 4, "PERSON")])])
    assert micro.tp == 0


def test_entity_counts_add_over_documents() -> None:
    gold = [doc([(0, 5, "PERSON")]), doc([(0, 5, "PERSON"), (10, 16, "PERSON")])]
    pred = [doc([(0, 5, "PERSON")]), doc([(10, 16, "PERSON")])]
    per_label, micro = score_entities(gold, pred)
    assert (micro.tp, micro.predicted, micro.gold) == (2, 2, 3)
    assert per_label["PERSON"].recall == pytest.approx(2 / 3)


def test_documents_must_pair_up() -> None:
    with pytest.raises(ValueError, match="2 gold documents but 1"):
        score_entities([doc(), doc()], [doc()])


def test_triggers_identified_by_offsets_classified_with_type() -> None:
    gold = [doc(events=[EventRecord("Contact.Meet", (6, 9)), EventRecord("Conflict.Attack", (49, 57))])]
    pred = [doc(events=[EventRecord("Contact.Meet", (6, 9)), EventRecord("Life.Die", (49, 57)),
                        EventRecord("Conflict.Attack", (60, 66))])]
    ident, classified = score_triggers(gold, pred)
    assert (ident.tp, ident.predicted, ident.gold) == (2, 3, 2)
    assert (classified.tp, classified.predicted, classified.gold) == (1, 3, 2)


def test_two_event_types_on_one_trigger_are_one_identified_trigger() -> None:
    # "attacked" proposed as Attack and as Die: the word is found once, the types are two events
    gold = [doc(events=[EventRecord("Conflict.Attack", (49, 57))])]
    pred = [doc(events=[EventRecord("Conflict.Attack", (49, 57)), EventRecord("Life.Die", (49, 57))])]
    ident, classified = score_triggers(gold, pred)
    assert (ident.tp, ident.predicted, ident.gold) == (1, 1, 1)
    assert (classified.tp, classified.predicted, classified.gold) == (1, 2, 1)


def test_two_gold_events_on_one_trigger_are_one_gold_trigger() -> None:
    gold = [doc(events=[EventRecord("Conflict.Attack", (49, 57)), EventRecord("Life.Die", (49, 57))])]
    pred = [doc(events=[EventRecord("Conflict.Attack", (49, 57))])]
    ident, classified = score_triggers(gold, pred)
    assert (ident.tp, ident.predicted, ident.gold) == (1, 1, 1)
    assert (classified.tp, classified.predicted, classified.gold) == (1, 1, 2)


def test_the_same_trigger_offsets_in_two_documents_count_twice() -> None:
    gold = [doc(events=[EventRecord("Contact.Meet", (6, 9))]), doc(events=[EventRecord("Contact.Meet", (6, 9))])]
    pred = [doc(events=[EventRecord("Contact.Meet", (6, 9))]), doc(events=[EventRecord("Contact.Meet", (6, 9))])]
    ident, _ = score_triggers(gold, pred)
    assert (ident.tp, ident.predicted, ident.gold) == (2, 2, 2)


def _meet(*arguments: ArgumentRecord, trigger: tuple[int, int] = (6, 9), type_name: str = "Contact.Meet") -> EventRecord:
    return EventRecord(type_name, trigger, tuple(arguments))


def test_arguments_identified_by_filler_classified_with_role() -> None:
    gold = [doc(events=[_meet(ArgumentRecord("Entity", 0, 5, "PERSON"), ArgumentRecord("Place", 20, 26, "GPE"))])]
    pred = [doc(events=[_meet(ArgumentRecord("Entity", 0, 5, "PERSON"), ArgumentRecord("Entity", 20, 26, "GPE"),
                              ArgumentRecord("Time", 30, 37, "DATE"))])]
    ident, classified = score_arguments(gold, pred)
    assert (ident.tp, ident.predicted, ident.gold) == (2, 3, 2)
    assert (classified.tp, classified.predicted, classified.gold) == (1, 3, 2)


def test_arguments_count_only_in_events_matched_by_trigger_and_type() -> None:
    argument = ArgumentRecord("Entity", 0, 5, "PERSON")
    gold = [doc(events=[_meet(argument)])]
    for wrong in (_meet(argument, type_name="Contact.Phone-Write"), _meet(argument, trigger=(10, 16))):
        ident, classified = score_arguments(gold, [doc(events=[wrong])])
        assert (ident.tp, ident.predicted, ident.gold, classified.tp) == (0, 1, 1, 0)


def test_arguments_match_by_the_key_given() -> None:
    gold = [doc(events=[_meet(ArgumentRecord("Target", 58, 66, "MENTION"))])]
    pred = [doc(events=[_meet(ArgumentRecord("Target", 60, 66, "MENTION"))])]
    assert score_arguments(gold, pred, exact_filler)[0].tp == 0

    def by_end(_doc: int, _start: int, end: int) -> int:  # stands for "same syntactic root"
        return end

    ident, classified = score_arguments(gold, pred, by_end)
    assert (ident.tp, classified.tp) == (1, 1)


def test_two_gold_events_on_one_trigger_each_match_once() -> None:
    a, b = ArgumentRecord("Entity", 0, 5, "PERSON"), ArgumentRecord("Entity", 10, 16, "PERSON")
    gold = [doc(events=[_meet(a), _meet(b)])]
    pred = [doc(events=[_meet(a, b)])]
    ident, _ = score_arguments(gold, pred)
    assert (ident.tp, ident.predicted, ident.gold) == (1, 2, 2)
