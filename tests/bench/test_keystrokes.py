"""bench/keystrokes.py: the keystroke-level costs of tiny cases, worked out by hand."""

from __future__ import annotations

import pytest

from annotate.resources import builtin_schema
from bench.keystrokes import (
    CLICK,
    ENTITIES,
    EVENTS,
    Article,
    keys,
    match_spans,
    picker,
    picker_filter,
    proposal_cost,
    scratch_cost,
    seconds_of,
)
from bench.scoring import Annotations, ArgumentRecord, EventRecord

SCHEMA = builtin_schema("news-ace")
TYPES = SCHEMA.event_type_names
TEXT = "Kerry met envoys in the Geneva hall on Tuesday."
#       0    5   9      16 19  23     30   35 38
BOUNDS = [(0, 5), (6, 9), (10, 16), (17, 19), (20, 23), (24, 30), (31, 35), (36, 38), (39, 46), (46, 47)]
K, P, B, H, M = 0.28, 1.1, 0.1, 0.4, 1.35
CREATE = M + 2 * P + 2 * B  # M, then selecting with the mouse: P B P B


def article(gold: Annotations) -> Article:
    return Article(SCHEMA, gold, BOUNDS)


def test_keys_count_each_key_and_the_right_hand_once() -> None:
    assert keys("A") == "K"
    assert keys("Shift+A") == "KK"
    assert keys("%") == "KK"  # Shift+5
    assert keys("7") == "KHH"  # out of the left hand's reach
    assert keys("Alt+Shift+Left", "Alt+Shift+Left") == "KKKKKKHH"


def test_the_picker_types_the_shortest_filter_that_puts_the_type_first() -> None:
    for name in ("Contact.Meet", "Conflict.Attack", "Life.Die", TYPES[0]):
        typed = picker_filter(name, TYPES)
        assert next(t for t in TYPES if typed in t.lower()) == name
        shorter = {name.lower()[i:i + len(typed) - 1] for i in range(len(name))} if typed else set()
        assert all(next(t for t in TYPES if s in t.lower()) != name for s in shorter)
    assert picker_filter(TYPES[0], TYPES) == ""
    assert picker("Contact.Meet", TYPES) == "K" * (len(picker_filter("Contact.Meet", TYPES)) + 1) + "HH"


def test_from_scratch_a_span_is_a_selection_and_its_label_key() -> None:
    gold = Annotations(TEXT, [(0, 5, "PERSON"), (39, 46, "DATE")], [(10, 16, "MENTION")])
    cost = scratch_cost(article(gold), gold)
    # PERSON is key 1 (left hand); DATE is 7 and MENTION m: the right hand leaves the mouse.
    assert cost.seconds(ENTITIES) == pytest.approx(2 * CREATE + 2 * K + 2 * H)
    assert cost.seconds(EVENTS) == pytest.approx(CREATE + K + 2 * H)


def test_from_scratch_an_event_is_e_the_picker_and_a_digit_pair_per_role() -> None:
    gold = Annotations(TEXT, [(0, 5, "PERSON"), (39, 46, "DATE")], [],
                       [EventRecord("Contact.Meet", (6, 9), (ArgumentRecord("Entity", 0, 5, "PERSON"),
                                                             ArgumentRecord("Time", 39, 46, "DATE")))])
    cost = scratch_cost(article(gold), gold)
    typed = len(picker_filter("Contact.Meet", TYPES))
    create = CREATE + K + (typed + 1) * K + 2 * H  # select, E, filter + Enter
    roles = 2 * (M + 2 * K)  # Entity is role 1, Time role 2: each then candidate 1
    assert cost.seconds(EVENTS) == pytest.approx(create + roles)


def test_a_filler_the_window_does_not_list_is_clicked() -> None:
    gold = Annotations(TEXT, [(0, 5, "PERSON")], [], [EventRecord("Contact.Meet", (6, 9), ())])
    a = article(gold)
    listed = a.fill("Contact.Meet", (6, 9), [], ArgumentRecord("Entity", 0, 5, "PERSON"))
    unlisted = a.fill("Contact.Meet", (6, 9), [], ArgumentRecord("Time", 0, 5, "PERSON"))  # Time takes DATE/TIME
    assert listed == "M" + "K" + "K"
    assert unlisted == "M" + "K" + CLICK


def test_reviewing_proposals_accept_relabel_reject_and_create() -> None:
    gold = Annotations(TEXT, [(0, 5, "PERSON"), (24, 30, "GPE"), (39, 46, "DATE")])
    proposed = Annotations(TEXT, [(0, 5, "PERSON"), (24, 30, "ORG"), (10, 16, "NORP")])
    cost = proposal_cost(article(gold), gold, proposed)
    accept = M + K
    relabel = M + K + K  # GPE is key 3, then Tab
    reject = M + K
    create = CREATE + K + 2 * H  # DATE (7) made by hand
    assert cost.seconds(ENTITIES) == pytest.approx(accept + relabel + reject + create)


def test_a_boundary_is_moved_by_tokens_when_cheaper_than_making_it_again() -> None:
    gold = Annotations(TEXT, [(24, 30, "GPE")])
    proposed = Annotations(TEXT, [(20, 30, "GPE")])  # "the Geneva"
    cost = proposal_cost(article(gold), gold, proposed)
    assert cost.seconds(ENTITIES) == pytest.approx(M + 2 * K + 2 * H + K)  # Alt+Right, then Tab
    far = Annotations(TEXT, [(0, 47, "GPE")])  # eight token moves: rejecting and making it is cheaper
    cost = proposal_cost(article(gold), gold, far)
    assert cost.seconds(ENTITIES) == pytest.approx(M + K + CREATE + K)


def test_spans_match_exact_then_same_offsets_then_largest_overlap() -> None:
    gold = [(0, 5, "PERSON"), (20, 30, "GPE")]
    proposed = [(24, 30, "GPE"), (20, 30, "ORG"), (0, 5, "PERSON"), (40, 45, "DATE")]
    assert match_spans(gold, proposed) == {2: 0, 1: 1}


def _meet(*arguments: ArgumentRecord, type_name: str = "Contact.Meet") -> EventRecord:
    return EventRecord(type_name, (6, 9), arguments)


KERRY = ArgumentRecord("Entity", 0, 5, "PERSON")
TUESDAY = ArgumentRecord("Time", 39, 46, "DATE")


def test_a_right_event_is_one_a_and_a_look_at_each_argument() -> None:
    gold = Annotations(TEXT, [(0, 5, "PERSON"), (39, 46, "DATE")], [], [_meet(KERRY, TUESDAY)])
    cost = proposal_cost(article(gold), gold, gold)
    assert cost.seconds(EVENTS) == pytest.approx(M + K + 2 * M)
    assert cost.seconds(ENTITIES) == 0  # the argument spans were judged with the event


def test_a_removed_argument_is_judged_as_a_span_and_an_off_one_is_clicked_and_fixed() -> None:
    gold = Annotations(TEXT, [(0, 5, "PERSON"), (24, 30, "GPE")], [], [_meet(KERRY)])
    envoys = ArgumentRecord("Entity", 10, 16, "PERSON")  # not in the gold: removed, then rejected
    proposed = Annotations(TEXT, [(0, 5, "GPE"), (10, 16, "PERSON"), (24, 30, "GPE")], [],
                           [_meet(ArgumentRecord("Entity", 0, 5, "GPE"), envoys)])
    cost = proposal_cost(article(gold), gold, proposed)
    check, remove = M, M + seconds_of(keys("1", "Backspace"))
    assert cost.seconds(EVENTS) == pytest.approx(M + K + check + remove)
    fix = M + seconds_of(CLICK) + seconds_of(article(gold).label_key("PERSON")) + K  # click, label, Tab
    assert cost.seconds(ENTITIES) == pytest.approx(fix + (M + K) + (M + K))  # Kerry fixed; envoys X; Geneva A


def test_wrong_type_wrong_role_and_missing_argument() -> None:
    gold = Annotations(TEXT, [(0, 5, "PERSON"), (39, 46, "DATE")], [], [_meet(KERRY, TUESDAY)])
    proposed = Annotations(TEXT, gold.entities, [],
                           [_meet(ArgumentRecord("Target", 0, 5, "PERSON"), type_name="Conflict.Attack")])
    cost = proposal_cost(article(gold), gold, proposed)
    retype = M + K + (len(picker_filter("Contact.Meet", TYPES)) + 1) * K + 2 * H + K  # T, picker, Tab
    attack = SCHEMA.event_type("Conflict.Attack")
    assert attack is not None
    roles = [r.name for r in attack.roles]
    remove = M + seconds_of(keys(str(roles.index("Target") + 1), "Backspace"))  # Backspace: right hand
    refill = M + 2 * K  # Entity is role 1, Kerry candidate 1
    missing = M + 2 * K  # Time is role 2, Tuesday candidate 1
    assert cost.seconds(EVENTS) == pytest.approx(retype + remove + refill + missing)


def test_a_wrong_event_is_rejected_and_a_missing_one_made() -> None:
    gold = Annotations(TEXT, [(0, 5, "PERSON")], [], [EventRecord("Contact.Meet", (6, 9), (KERRY,))])
    proposed = Annotations(TEXT, gold.entities, [], [EventRecord("Conflict.Attack", (31, 35), ())])
    a = article(gold)
    cost = proposal_cost(a, gold, proposed)
    assert cost.seconds(EVENTS) == pytest.approx(M + K + scratch_cost(a, gold).seconds(EVENTS))
