"""The event proposer on sentences parsed by the real English pipeline."""

from __future__ import annotations

import pytest

from annotate.proposals.spacy_proposer import SpacyProposer
from annotate.proposals.types import TextInput


def events_in(proposer: SpacyProposer, text: str) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    (result,) = proposer.propose([TextInput(1, text)])
    return [
        (e.type, text[e.trigger_start : e.trigger_end], [(a.role, text[a.start : a.end], a.label) for a in e.arguments])
        for e in result.events
    ]


def find(events, etype: str, trigger: str):
    matches = [args for t, trig, args in events if t == etype and trig == trigger]
    assert matches, f"no {etype} on {trigger!r} in {events}"
    return matches[0]


def test_meet_with_participants_place_and_time(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "Envoys of the two governments met in Geneva on Tuesday."), "Contact.Meet", "met")
    assert ("Entity", "Envoys of the two governments", "PERSON") in args
    assert ("Place", "Geneva", "GPE") in args
    assert ("Time", "Tuesday", "DATE") in args


def test_meet_with_two_named_participants(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "Kerry will meet Putin in Moscow on Thursday."), "Contact.Meet", "meet")
    assert [a for a in args if a[0] == "Entity"] == [("Entity", "Kerry", "PERSON"), ("Entity", "Putin", "PERSON")]
    assert ("Place", "Moscow", "GPE") in args and ("Time", "Thursday", "DATE") in args


def test_talks_held_by_conjoined_participants(ace_proposer: SpacyProposer) -> None:
    text = "Macron and Scholz held talks with Zelensky in Berlin on Friday."
    args = find(events_in(ace_proposer, text), "Contact.Meet", "talks")
    entities = {a[1] for a in args if a[0] == "Entity"}
    assert {"Macron", "Scholz", "Zelensky"} <= entities
    assert ("Place", "Berlin", "GPE") in args


def test_attack_and_borrowed_subject(ace_proposer: SpacyProposer) -> None:
    events = events_in(ace_proposer, "Russian forces shelled the town of Vovchansk on Sunday, killing 12 civilians.")
    attack = find(events, "Conflict.Attack", "shelled")
    assert ("Attacker", "Russian forces", "PERSON") in attack  # ACE: a group of people
    assert any(role == "Target" and "Vovchansk" in text for role, text, _ in attack)
    assert ("Time", "Sunday", "DATE") in attack
    die = find(events, "Life.Die", "killing")
    assert ("Agent", "Russian forces", "PERSON") in die
    assert ("Victim", "12 civilians", "PERSON") in die


def test_passive_arrest_with_agent(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "Two journalists were arrested by police in Nairobi on Monday."),
                "Justice.Arrest-Jail", "arrested")
    assert ("Person", "Two journalists", "PERSON") in args
    assert ("Agent", "police", "PERSON") in args
    assert ("Place", "Nairobi", "GPE") in args


def test_talks_on_a_topic_has_no_topic_participant(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "The envoys held talks on prisoner exchanges in Geneva."), "Contact.Meet", "talks")
    assert not any("prisoner" in text for _, text, _ in args)
    assert ("Place", "Geneva", "GPE") in args


def test_attack_on_a_target(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "The attack on the convoy killed four aid workers."), "Conflict.Attack", "attack")
    assert any(role == "Target" and "convoy" in text for role, text, _ in args)


def test_allowed_labels_are_respected(ace_proposer: SpacyProposer) -> None:
    # A DATE may never fill Place, a GPE never Time.
    for _, _, args in events_in(ace_proposer, "Rebels attacked Goma in March and met in Kinshasa on Friday."):
        for role, _, label in args:
            if role == "Place":
                assert label in ("GPE", "LOC", "FAC")
            if role == "Time":
                assert label in ("DATE", "TIME")


def test_no_events_when_switched_off(model_name: str) -> None:
    from annotate.resources import builtin_schema

    proposer = SpacyProposer(model_name, builtin_schema("news-ace"), events=False)
    assert events_in(proposer, "Kerry met Putin in Moscow.") == []


@pytest.mark.parametrize("text", ["", "   ", "No events here at all."])
def test_quiet_texts(ace_proposer: SpacyProposer, text: str) -> None:
    assert events_in(ace_proposer, text) == []
