"""The brat validator: a clean corpus has no problem, and each seeded problem is found."""

from __future__ import annotations

import pytest

from annotate.formats.brat_check import check_document, find_issues
from annotate.formats.brat_conf import conf_schema
from annotate.formats.brat_conf_parse import parse_conf
from tests.annotate.brat_corpus import CONF, NEWS, corpus_docs, news_ann


def test_the_corpus_has_no_problem() -> None:
    for text, ann in corpus_docs().values():
        assert check_document(text, ann, CONF) == []


def test_a_schema_is_checked_as_annotary_would_write_it() -> None:
    schema, _ = conf_schema(parse_conf(CONF))
    assert check_document(NEWS, news_ann(), schema) == []


SEEDED = [
    # (what to replace in the news .ann, by what, the kind of problem found)
    ("T1\tPerson 0 5\tKerry", "T1\tPerson 0 5\tKery", "covered_text"),
    ("T1\tPerson 0 5\tKerry", "T1\tPerson 0 500\tKerry", "offsets"),
    ("T1\tPerson 0 5", "T1\tRobot 0 5", "unknown_type"),
    ("E1\tMeet:T4 Entity:T1", "E1\tMeet:T4 Entity:T7", "argument_type"),  # a Date
    ("E1\tMeet:T4 Entity:T1 Entity2:T5", "E1\tMeet:T4", "missing_argument"),
    ("Place:T6", "Place:T6 Place2:T3", "too_many_arguments"),
    ("Time:T7", "Time:T7 Weapon:T8", "role_not_allowed"),
    ("E3\tAttack:T9 Attacker:T8 Target:T10", "E3\tAttack:T9 Attacker:T8", "missing_argument"),
    ("E2\tReport:T12 Reporter:T11 Event:E3", "E2\tReport:T12 Reporter:T11 Event:T1", "argument_type"),
    ("R1\tLocated Arg1:T2 Arg2:T3", "R1\tLocated Arg1:T3 Arg2:T7", "relation_not_allowed"),
    ("R2\tMember-of Member:T1 Group:T2", "R2\tMember-of Arg1:T1 Arg2:T2", "relation_not_allowed"),
    ("R1\tLocated", "R1\tNear", "unknown_type"),
    ("R1\tLocated Arg1:T2 Arg2:T3", "R1\tLocated Arg1:T2 Arg2:T99", "reference"),
    ("*\tEquiv T1 T11", "*\tEquiv T1 T2", "equiv_not_allowed"),
    ("A1\tModality E1 Other", "A1\tModality E1 Maybe", "attribute_value"),
    ("A1\tModality E1 Other", "A1\tModality E1", "attribute_value"),
    ("A2\tNegation E3", "A2\tNegation E3 Yes", "attribute_value"),
    ("A3\tNotable T5", "A3\tNotable E1", "attribute_target"),
    ("A4\tConfidence T2 High", "A4\tConfidence T3 High", "attribute_target"),  # a GPE
    ("A5\tCertain R1", "A5\tCertain T1", "attribute_target"),
    ("A5\tCertain R1", "A5\tFamous R1", "unknown_attribute"),
    ("N1\tReference T1", "N1\tReference T42", "reference"),
    ("#1\tAnnotatorNotes T1", "#1\tAnnotatorNotes X1", "reference"),
    ("T11\tPerson", "T1\tPerson", "duplicate_id"),
    ("T7\tDate 56 64\tThursday", "T7\tDate 56 64\tThursday\nT13\tMeet 0 5\tKerry", "unused_trigger"),
    ("T5\tPerson 37 42\tPutin", "T5\tPerson 37 52\tPutin in Moscow", "overlap"),  # a GPE inside a Person
    ("T3\tGPE 13 19\tMoscow", "T3\tPerson 13 19\tMoscow", "overlap"),  # Person inside Organization: no rule
    ("E1\tMeet:T4", "E1\tMeet T4", "syntax"),
]


@pytest.mark.parametrize("old, new, kind", SEEDED, ids=[f"{k}-{i}" for i, (_, _, k) in enumerate(SEEDED)])
def test_a_seeded_problem_is_found(old: str, new: str, kind: str) -> None:
    ann = news_ann()
    assert old in ann, old
    issues = find_issues(NEWS, ann.replace(old, new, 1), CONF)
    assert kind in {i.kind for i in issues}, [str(i) for i in issues]


def test_overlaps_follow_the_overlap_rules() -> None:
    text = "Moscow City Council met."
    ann = "T1\tOrganization 0 19\tMoscow City Council\nT2\tGPE 0 6\tMoscow\nT3\tGPE 0 6\tMoscow\n"
    # GPE in Organization: allowed by <OVERLAP> contain; two equal GPEs: nothing allows that
    assert [i.kind for i in find_issues(text, ann, CONF)] == ["overlap"]
    any_overlap = CONF.replace("<OVL-TYPE>:contain", "<OVL-TYPE>:<ANY>").replace("Arg1:GPE, Arg2:Organization",
                                                                                 "Arg1:<ENTITY>, Arg2:<ENTITY>")
    assert find_issues(text, ann, any_overlap) == []
    nesting = CONF.replace("<OVERLAP>\tArg1:GPE, Arg2:Organization, <OVL-TYPE>:contain", "ENTITY-NESTING\tArg1:GPE, Arg2:Organization")
    assert [i.kind for i in find_issues(text, ann.replace("T3\tGPE 0 6\tMoscow\n", ""), nesting)] == []
    crossing = "T1\tOrganization 0 11\tMoscow City\nT2\tGPE 7 19\tCity Council\n"
    assert [i.kind for i in find_issues(text, crossing, CONF)] == ["overlap"]


def test_messages_name_line_and_id() -> None:
    ann = news_ann().replace("A1\tModality E1 Other", "A1\tModality E1 Maybe")
    (problem,) = check_document(NEWS, ann, CONF)
    number = ann.split("\n").index("A1\tModality E1 Maybe") + 1
    assert problem == f"line {number}: A1: Modality cannot be Maybe"
