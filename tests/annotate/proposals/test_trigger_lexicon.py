"""The shipped trigger lexicon and its reader: coverage, checks, and a lexicon of one's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.proposals.events import EventFinder
from annotate.proposals.spacy_proposer import SpacyProposer
from annotate.proposals.trigger_lexicon import LexiconError, parse_lexicon, read_lexicon, shipped_lexicon
from annotate.resources import builtin_schema, resource_path

ROOT = Path(__file__).resolve().parents[3]
GOOD_ENTRY = {"subtype": "Conflict.Attack", "lemma": "attack", "pos": "VERB", "weight": 0.8}


def lines(*items: object) -> str:
    return "\n".join(json.dumps(i) for i in items) + "\n"


def test_every_ace_subtype_has_verb_and_noun_triggers() -> None:
    lexicon = shipped_lexicon()
    ace_types = builtin_schema("news-ace").event_type_names
    assert len(ace_types) == 33
    for subtype in ace_types:
        kinds = {e.pos for e in lexicon.entries if e.subtype == subtype}
        assert {"VERB", "NOUN"} <= kinds, f"{subtype} has only {kinds}"


def test_common_words_and_multi_word_triggers_are_there() -> None:
    lexicon = shipped_lexicon()
    have = {(e.subtype, " ".join(e.words), e.pos) for e in lexicon.entries}
    for expected in [
        ("Movement.Transport", "withdrawal", "NOUN"),
        ("Conflict.Attack", "open fire", "VERB"),
        ("Personnel.End-Position", "step down", "VERB"),
        ("Personnel.Start-Position", "take office", "VERB"),
        ("Conflict.Attack", "set fire", "VERB"),
        ("Conflict.Demonstrate", "strike", "NOUN"),
        ("Conflict.Attack", "shelling", "NOUN"),
    ]:
        assert expected in have
    assert sum(1 for e in lexicon.entries if len(e.words) > 1) >= 40
    assert lexicon.words_of("light-verbs") >= {"hold", "launch", "stage"}


def test_the_lexicon_is_a_bundled_resource_with_its_provenance() -> None:
    assert resource_path("lexicons", "ace-2005-triggers.jsonl").is_file()
    readme = resource_path("lexicons", "README.md").read_text(encoding="utf-8")
    assert "ACE 2005" in readme and "Licence" in readme and "withdrawal" in readme
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert '"resources"' in spec  # the whole folder, lexicons included, goes into the build


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({**GOOD_ENTRY, "pos": "PROPN"}, "'pos' must be one of VERB, NOUN, ADJ"),
        ({**GOOD_ENTRY, "weight": 1.5}, "'weight' must be a number in (0, 1]"),
        ({**GOOD_ENTRY, "weight": True}, "'weight' must be a number"),
        ({**GOOD_ENTRY, "subtype": "Attack"}, "'subtype' must be a type name"),
        ({**GOOD_ENTRY, "lemma": "  "}, "'lemma' must be a non-empty string"),
        ({**GOOD_ENTRY, "colour": "red"}, "unknown field 'colour'"),
        ({**GOOD_ENTRY, "requires": ["near:town"]}, "unknown condition 'near:town'"),
        ({**GOOD_ENTRY, "requires": ["prep:"]}, "needs a word after 'prep:'"),
        ({**GOOD_ENTRY, "requires": "obj:town"}, "'requires' must be a list"),
        ({**GOOD_ENTRY, "roles": {"subject": "Attacker"}}, "'roles' must map"),
        ({"define": "people"}, "a 'define' needs a name and a 'words' list"),
    ],
)
def test_a_bad_entry_is_one_line_naming_file_and_line(item: dict, message: str) -> None:
    text = lines({"lexicon": "mine"}, GOOD_ENTRY, item)
    with pytest.raises(LexiconError) as caught:
        parse_lexicon(text, "mine.jsonl")
    text = str(caught.value)
    assert text.startswith("mine.jsonl, line 3: ") and message in text and "\n" not in text


def test_other_errors_name_the_file() -> None:
    with pytest.raises(LexiconError, match=r"^x\.jsonl, line 2: is not valid JSON"):
        parse_lexicon(lines(GOOD_ENTRY) + "{oops\n", "x.jsonl")
    with pytest.raises(LexiconError, match=r"line 1: word class '%people' is not defined"):
        parse_lexicon(lines({**GOOD_ENTRY, "requires": ["obj:%people"]}), "x.jsonl")
    with pytest.raises(LexiconError, match=r"alias 'Battles' names subtype 'Life.Die', which has no entries"):
        parse_lexicon(lines(GOOD_ENTRY, {"alias": "Battles", "subtype": "Life.Die"}), "x.jsonl")
    with pytest.raises(LexiconError, match=r"^x\.jsonl: contains no trigger entries$"):
        parse_lexicon(lines({"lexicon": "x"}), "x.jsonl")


def test_read_from_disk_with_a_bom_and_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text("\ufeff" + lines(GOOD_ENTRY), encoding="utf-8")
    assert [e.words for e in read_lexicon(path).entries] == [("attack",)]
    with pytest.raises(LexiconError, match=r"cannot read the trigger lexicon"):
        read_lexicon(tmp_path / "absent.jsonl")


def test_conditions_parse_into_kinds_words_and_targets() -> None:
    entry = parse_lexicon(lines({"define": "people", "words": ["Worker"]},
                                {**GOOD_ENTRY, "requires": ["obj:%people", "prep:on", "prep:at:@GPE", "pass"],
                                 "excludes": ["head:in"]}), "x").entries[0]
    assert [(c.kind, c.word, c.target) for c in entry.requires] == [
        ("obj", None, "%people"), ("prep", "on", None), ("prep", "at", "@GPE"), ("pass", None, None)]
    assert [(c.kind, c.word) for c in entry.excludes] == [("head", "in")]


@pytest.mark.slow
def test_a_lexicon_of_ones_own_drives_the_finder(ace_proposer: SpacyProposer) -> None:
    # One entry with a sense condition: "besiege" is an attack only with a named place as object.
    lexicon = parse_lexicon(lines({"subtype": "Conflict.Attack", "lemma": "besiege", "pos": "VERB", "weight": 0.5,
                                   "requires": ["obj:@GPE"]}), "mine.jsonl")
    finder = EventFinder(builtin_schema("news-ace"), "test", lexicon)
    nlp = ace_proposer.nlp

    def events(text: str) -> list[tuple[str, str, float | None]]:
        doc = nlp(text)
        return [(e.type, text[e.trigger_start:e.trigger_end], e.score)
                for e in finder.find(doc, [(x.start_char, x.end_char, x.label_) for x in doc.ents])]

    assert events("Troops besieged Damascus last year.") == [("Conflict.Attack", "besieged", 0.55)]  # 0.5 × 1.1
    assert events("Fans besieged the singer for autographs.") == []
