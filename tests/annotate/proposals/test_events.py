"""The event proposer on sentences parsed by the real English pipeline: triggers from the
shipped lexicon with its sense filter, arguments from the trigger's own clause."""

from __future__ import annotations

import pytest
import spacy

from annotate.proposals.datelines import dateline_span
from annotate.proposals.lede import outside_dateline
from annotate.proposals.spacy_proposer import SpacyProposer
from annotate.proposals.types import ProposedArgument, ProposedEvent, TextInput
from annotate.resources import builtin_schema

Args = list[tuple[str, str, str]]


def proposed(proposer: SpacyProposer, text: str) -> list[ProposedEvent]:
    (result,) = proposer.propose([TextInput(1, text)])
    return list(result.events)


def events_in(proposer: SpacyProposer, text: str) -> list[tuple[str, str, Args]]:
    return [
        (e.type, text[e.trigger_start : e.trigger_end], [(a.role, text[a.start : a.end], a.label) for a in e.arguments])
        for e in proposed(proposer, text)
    ]


def find(events: list[tuple[str, str, Args]], etype: str, trigger: str) -> Args:
    matches = [args for t, trig, args in events if t == etype and trig == trigger]
    assert matches, f"no {etype} on {trigger!r} in {events}"
    return matches[0]


def triggers(events: list[tuple[str, str, Args]]) -> set[tuple[str, str]]:
    return {(t, trig) for t, trig, _ in events}


# -- triggers -------------------------------------------------------------------------------
@pytest.mark.slow
def test_a_noun_derived_from_a_verb_is_a_trigger(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "The withdrawal of Russian troops from Kherson began on Friday."),
                "Movement.Transport", "withdrawal")
    assert ("Artifact", "Russian troops", "MENTION") in args
    assert ("Origin", "Kherson", "GPE") in args


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "etype", "trigger"),
    [
        ("Police opened fire on the crowd in Conakry.", "Conflict.Attack", "opened fire"),
        ("The minister stepped down on Friday.", "Personnel.End-Position", "stepped down"),
        ("Thousands of dock workers walked off the job on Monday.", "Conflict.Demonstrate", "walked off the job"),
    ],
)
def test_multi_word_triggers_span_their_words(ace_proposer: SpacyProposer, text: str, etype: str, trigger: str) -> None:
    events = events_in(ace_proposer, text)
    find(events, etype, trigger)
    assert len(events) == 1  # no second event on a word of the phrase ("fire", "down")


@pytest.mark.slow
def test_multi_word_trigger_words_fill_no_role(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "Police opened fire on the crowd in Conakry."), "Conflict.Attack", "opened fire")
    assert ("Attacker", "Police", "MENTION") in args
    assert ("Target", "the crowd", "MENTION") in args
    assert not any(text == "fire" for _, text, _ in args)


@pytest.mark.slow
def test_title_cased_headline_words_are_found(ace_proposer: SpacyProposer) -> None:
    # The tagger takes "Talks" and "Kills" for proper nouns here.
    found = triggers(events_in(ace_proposer, "Geneva Talks Stall as Russian Shelling Kills 12 in Kharkiv"))
    assert {("Contact.Meet", "Talks"), ("Conflict.Attack", "Shelling"), ("Life.Die", "Kills")} <= found


@pytest.mark.slow
def test_a_light_verb_gives_way_to_its_event_noun(ace_proposer: SpacyProposer) -> None:
    events = events_in(ace_proposer, "Rebels launched an assault on the town on Monday.")
    assert triggers(events) == {("Conflict.Attack", "assault")}  # no Business.Start-Org on "launched"
    args = find(events, "Conflict.Attack", "assault")
    assert ("Attacker", "Rebels", "MENTION") in args  # the light verb's subject
    assert ("Target", "the town", "MENTION") in args
    assert ("Time", "Monday", "DATE") in args
    assert triggers(events_in(ace_proposer, "Macron and Scholz held talks with Zelensky in Berlin on Friday.")) == {
        ("Contact.Meet", "talks")}


@pytest.mark.slow
def test_fire_an_employee_and_fire_on_protesters_are_different_events(ace_proposer: SpacyProposer) -> None:
    assert triggers(events_in(ace_proposer, "The company fired 200 employees in March.")) == {
        ("Personnel.End-Position", "fired")}
    events = events_in(ace_proposer, "Soldiers fired on protesters in the capital.")
    assert triggers(events) == {("Conflict.Attack", "fired")}
    args = find(events, "Conflict.Attack", "fired")
    assert ("Target", "protesters", "MENTION") in args


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    ["The ministry released a report on Tuesday.", "The union said it would meet the deadline.",
     "The bank charged a fee of two dollars.", "The agency appealed for calm.",
     "The striker scored twice as Madrid beat Barcelona.", "Workers will return to work on Monday."],
)
def test_wrong_senses_are_not_proposed(ace_proposer: SpacyProposer, text: str) -> None:
    assert events_in(ace_proposer, text) == []


@pytest.mark.slow
def test_workers_strike_is_a_demonstration_an_air_strike_an_attack(ace_proposer: SpacyProposer) -> None:
    assert ("Conflict.Demonstrate", "strike") in triggers(events_in(ace_proposer, "Dock workers went on strike in Mombasa."))
    assert ("Conflict.Attack", "air strike") in triggers(events_in(ace_proposer, "An air strike hit the village."))


@pytest.mark.slow
def test_a_word_added_to_the_schema_triggers_is_proposed(model_name: str) -> None:
    schema = builtin_schema("news-ace")
    meet = schema.event_type("Contact.Meet")
    assert meet is not None
    meet.triggers = (*meet.triggers, "huddle")
    proposer = SpacyProposer(model_name, schema, events=True)
    assert ("Contact.Meet", "huddled") in triggers(events_in(proposer, "The envoys huddled in Geneva."))


@pytest.mark.slow
def test_acled_takes_the_arrest_entries_by_alias(model_name: str) -> None:
    proposer = SpacyProposer(model_name, builtin_schema("acled"), events=True)
    args = find(events_in(proposer, "Police arrested two journalists in Nairobi."), "Strategic developments.Arrests",
                "arrested")
    assert ("Location", "Nairobi", "GPE") in args


# -- arguments ------------------------------------------------------------------------------
@pytest.mark.slow
def test_meet_with_participants_place_and_time(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "Envoys of the two governments met in Geneva on Tuesday."), "Contact.Meet", "met")
    assert ("Entity", "Envoys of the two governments", "MENTION") in args
    assert ("Place", "Geneva", "GPE") in args
    assert ("Time", "Tuesday", "DATE") in args


@pytest.mark.slow
def test_talks_held_by_conjoined_participants(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "Macron and Scholz held talks with Zelensky in Berlin on Friday."),
                "Contact.Meet", "talks")
    assert {"Macron", "Scholz", "Zelensky"} <= {a[1] for a in args if a[0] == "Entity"}
    assert ("Place", "Berlin", "GPE") in args


@pytest.mark.slow
def test_attack_and_borrowed_subject(ace_proposer: SpacyProposer) -> None:
    events = events_in(ace_proposer, "Russian forces shelled the town of Vovchansk on Sunday, killing 12 civilians.")
    attack = find(events, "Conflict.Attack", "shelled")
    assert ("Attacker", "Russian forces", "MENTION") in attack
    assert any(role == "Target" and "Vovchansk" in text for role, text, _ in attack)
    assert ("Time", "Sunday", "DATE") in attack
    die = find(events, "Life.Die", "killing")
    assert ("Agent", "Russian forces", "MENTION") in die
    assert ("Victim", "12 civilians", "MENTION") in die


@pytest.mark.slow
def test_time_and_place_are_not_taken_from_another_clause(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "She said on Monday that troops had attacked a village in Darfur."),
                "Conflict.Attack", "attacked")
    assert ("Place", "Darfur", "GPE") in args
    assert not any(role == "Time" for role, _, _ in args)  # Monday is when she spoke
    events = events_in(ace_proposer, "Rebels attacked Goma in March and officials met in Kinshasa on Friday.")
    met = find(events, "Contact.Meet", "met")
    assert ("Time", "Friday", "DATE") in met and ("Place", "Kinshasa", "GPE") in met
    assert not any(text in ("March", "Goma") for _, text, _ in met)


@pytest.mark.slow
def test_no_argument_across_a_line_break(ace_proposer: SpacyProposer) -> None:
    text = "Police arrest nine protesters\n\nNAIROBI, March 3 (Reuters) - Officials said."
    for _, _, args in events_in(ace_proposer, text):
        assert all("NAIROBI" not in span and "March" not in span and "\n" not in span for _, span, _ in args)


WIRE_LEDES = [
    # The dateline and the lede are one spaCy sentence: its place and date hang off the lede's verb.
    ("KHARTOUM, Thursday 24 March 2016 (Meridian News Agency) - Gunmen attacked a convoy on Tuesday, "
     "killing three soldiers.", "Conflict.Attack", "attacked", ("Time", "Tuesday", "DATE")),
    ("MOMBASA, Kenya, October 14 (Reuters) — Police arrested two men in the port city on Friday.",
     "Justice.Arrest-Jail", "arrested", ("Time", "Friday", "DATE")),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "etype", "trigger", "expected"), WIRE_LEDES)
def test_no_argument_or_trigger_in_the_dateline(ace_proposer: SpacyProposer, text: str, etype: str,
                                                trigger: str, expected: tuple[str, str, str]) -> None:
    dash = next(i for i, ch in enumerate(text) if ch in "-—")
    events = proposed(ace_proposer, text)
    assert events and all(e.trigger_start > dash for e in events)  # "March" is no Demonstrate
    assert all(a.start > dash for e in events for a in e.arguments)  # no Place KHARTOUM, no Time of the dateline
    args = find(events_in(ace_proposer, text), etype, trigger)
    assert expected in args  # the lede's own time is the Time
    assert sum(role == "Time" for role, _, _ in args) == 1


@pytest.mark.slow
def test_the_dateline_is_still_the_reference_date_of_the_lede_times(ace_proposer: SpacyProposer) -> None:
    text = WIRE_LEDES[0][0]
    (event,) = [e for e in proposed(ace_proposer, text) if text[e.trigger_start : e.trigger_end] == "attacked"]
    (time,) = [a for a in event.arguments if a.role == "Time"]
    # Tuesday before the dateline's Thursday 24 March 2016
    assert [n.reference for n in time.norms] == ["2016-03-22"]


def test_the_dateline_span_runs_from_its_place_to_its_dash_in_code_points() -> None:
    text = "Talks 🤝 in قطر resume\n\n  DOHA, March 3 (Meridian News Agency) - Envoys met on Tuesday."
    start, end = dateline_span(text) or (0, 0)
    assert text[start:end] == "DOHA, March 3 (Meridian News Agency) -"
    assert dateline_span("Envoys met in Doha on Tuesday.") is None


def test_a_phrase_reaching_into_the_dateline_is_cut_at_its_dash() -> None:
    text = "GENEVA, March 3 (Agency) - Envoys of both sides met."
    doc = spacy.blank("en")(text)
    dash = next(t.i for t in doc if t.text == "-")
    dateline = (0, dash)
    start, end = text.index("Agency"), text.index(" met")
    cut = outside_dateline(ProposedArgument("Entity", start, end, "MENTION", 0.5), doc, dateline, "MENTION")
    assert cut is not None and text[cut.start : cut.end] == "Envoys of both sides"
    geneva = ProposedArgument("Place", 0, 6, "GPE", 0.5)
    assert outside_dateline(geneva, doc, dateline, "MENTION") is None  # a name in the dateline is the dateline's
    envoys = ProposedArgument("Entity", text.index("Envoys"), end, "MENTION", 0.5)
    assert outside_dateline(envoys, doc, dateline, "MENTION") == envoys


@pytest.mark.slow
def test_a_lede_subject_hung_off_the_dateline_is_the_subject(ace_proposer: SpacyProposer) -> None:
    # The parse runs headline, dateline and lede together and makes "fighters" an apposition of
    # the headline's "soldiers": the lede's verb is left without its subject.
    text = ("Al-Shabaab ambush kills nine soldiers in Somalia's Lower Shabelle region\n\nMOGADISHU, Sunday 17 "
            "March 2019 (Meridian News Agency) - Al-Shabaab fighters ambushed a Somali army convoy near the "
            "town of Afgooye on Saturday.")
    args = find(events_in(ace_proposer, text), "Conflict.Attack", "ambushed")
    assert ("Attacker", "Al-Shabaab fighters", "MENTION") in args  # the whole phrase, its hyphen kept
    assert ("Time", "Saturday", "DATE") in args


@pytest.mark.slow
def test_a_phrase_keeps_the_hyphens_inside_its_words(ace_proposer: SpacyProposer) -> None:
    text = "Police arrested a well-known journalist in Nairobi."
    args = find(events_in(ace_proposer, text), "Justice.Arrest-Jail", "arrested")
    assert ("Person", "a well-known journalist", "MENTION") in args  # not "known journalist"
    # parsed as two objects joined by a dash: one person, one title
    args = find(events_in(ace_proposer, "The government dismissed its commissioner-general on Wednesday."),
                "Personnel.End-Position", "dismissed")
    assert [a for a in args if a[0] in ("Person", "Position")] == [
        ("Person", "its commissioner-general", "MENTION"), ("Position", "commissioner-general", "MENTION")]


@pytest.mark.slow
def test_passive_arrest_with_agent(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "Two journalists were arrested by police in Nairobi on Monday."),
                "Justice.Arrest-Jail", "arrested")
    assert ("Person", "Two journalists", "MENTION") in args
    assert ("Agent", "police", "MENTION") in args
    assert ("Place", "Nairobi", "GPE") in args


@pytest.mark.slow
def test_possessor_and_of_complement_of_a_noun(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "Russia's invasion of Ukraine"), "Conflict.Attack", "invasion")
    assert ("Attacker", "Russia", "GPE") in args and ("Target", "Ukraine", "GPE") in args


@pytest.mark.slow
def test_a_title_gives_position_and_entity(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "Kenya's interior minister resigned on Monday."), "Personnel.End-Position",
                "resigned")
    assert ("Person", "Kenya's interior minister", "MENTION") in args
    assert ("Position", "interior minister", "MENTION") in args and ("Entity", "Kenya", "GPE") in args


@pytest.mark.slow
def test_former_is_an_end_of_position_of_the_named_person(ace_proposer: SpacyProposer) -> None:
    events = events_in(ace_proposer, "The party chose former defence minister John Mensah as its leader.")
    args = find(events, "Personnel.End-Position", "former")
    assert ("Person", "John Mensah", "PERSON") in args and ("Position", "defence minister", "MENTION") in args
    assert not any(role in ("Time", "Place") for role, _, _ in args)


@pytest.mark.slow
def test_weapons_are_instruments_and_vehicles_vehicles(ace_proposer: SpacyProposer) -> None:
    attack = find(events_in(ace_proposer, "Rebels fired mortar shells at the base."), "Conflict.Attack", "fired")
    assert ("Instrument", "mortar shells", "MENTION") in attack and ("Target", "the base", "MENTION") in attack
    move = find(events_in(ace_proposer, "Aid agencies sent two helicopters to Beira."), "Movement.Transport", "sent")
    assert ("Vehicle", "two helicopters", "MENTION") in move and ("Destination", "Beira", "GPE") in move


@pytest.mark.slow
def test_a_count_of_people_is_a_person_object(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "Security forces detained dozens of protesters overnight."),
                "Justice.Arrest-Jail", "detained")
    assert ("Person", "dozens of protesters", "MENTION") in args and ("Agent", "Security forces", "MENTION") in args


@pytest.mark.slow
def test_a_noun_after_an_unrelated_preposition_borrows_no_subject(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "The opposition leader called for calm after the vote."), "Personnel.Elect", "vote")
    assert args == []


@pytest.mark.slow
def test_a_pronoun_subject_is_a_mention(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "He faces trial in Paris next month."), "Justice.Trial-Hearing", "trial")
    assert ("Defendant", "He", "MENTION") in args


@pytest.mark.slow
def test_talks_on_a_topic_has_no_topic_participant(ace_proposer: SpacyProposer) -> None:
    args = find(events_in(ace_proposer, "The envoys held talks on prisoner exchanges in Geneva."), "Contact.Meet", "talks")
    assert not any("prisoner" in text for role, text, _ in args if role == "Entity")
    assert ("Place", "Geneva", "GPE") in args


@pytest.mark.slow
def test_allowed_labels_are_respected(ace_proposer: SpacyProposer) -> None:
    for _, _, args in events_in(ace_proposer, "Rebels attacked Goma in March and met in Kinshasa on Friday."):
        for role, _, label in args:
            if role == "Place":
                assert label in ("GPE", "LOC", "FAC", "MENTION")
            if role == "Time":
                assert label in ("DATE", "TIME")


@pytest.mark.slow
def test_without_a_mention_label_a_non_name_phrase_is_left_out(model_name: str) -> None:
    schema = builtin_schema("news-ace")
    schema.entity_labels = [lb for lb in schema.entity_labels if not lb.mention]
    assert schema.mention_label is None
    proposer = SpacyProposer(model_name, schema, events=True)
    args = find(events_in(proposer, "Envoys of the two governments met in Geneva on Tuesday."), "Contact.Meet", "met")
    assert ("Place", "Geneva", "GPE") in args
    assert not any(role == "Entity" for role, _, _ in args)  # never "Envoys ..." as PERSON


@pytest.mark.slow
def test_every_event_and_argument_has_a_score_in_0_1(ace_proposer: SpacyProposer) -> None:
    text = ("Rebels launched an assault on the town on Monday. The company fired 200 employees. "
            "Police opened fire on the crowd in Conakry, killing three.")
    events = proposed(ace_proposer, text)
    assert len(events) >= 3
    for event in events:
        assert event.score is not None and 0 < event.score <= 1
        for arg in event.arguments:
            assert arg.score is not None and 0 < arg.score <= 1
    by_trigger = {text[e.trigger_start:e.trigger_end]: e.score or 0 for e in events}
    (talks,) = proposed(ace_proposer, "Geneva Talks Stall")
    assert by_trigger["opened fire"] > (talks.score or 0)  # a multi-word entry beats a headline guess


@pytest.mark.slow
def test_offsets_are_code_points_after_emoji_and_arabic(ace_proposer: SpacyProposer) -> None:
    text = "🌊🙏 مرحبا. Rebels attacked Goma on Monday."
    (event,) = [e for e in proposed(ace_proposer, text) if e.type == "Conflict.Attack"]
    assert text[event.trigger_start:event.trigger_end] == "attacked"
    assert {text[a.start:a.end] for a in event.arguments} >= {"Monday"}


@pytest.mark.slow
def test_no_events_when_switched_off(model_name: str) -> None:
    proposer = SpacyProposer(model_name, builtin_schema("news-ace"), events=False)
    assert events_in(proposer, "Kerry met Putin in Moscow.") == []


@pytest.mark.slow
@pytest.mark.parametrize("text", ["", "   ", "No events here at all."])
def test_quiet_texts(ace_proposer: SpacyProposer, text: str) -> None:
    assert events_in(ace_proposer, text) == []
