"""Cleaning the model's entity boundaries (a leading determiner, a trailing possessive, a line
break), with the real English pipeline, with and without its tagger; the schema's
``proposal_cleaning`` and its defaults per language."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from annotate.errors import SchemaError
from annotate.proposals.boundaries import CleaningRules, clean_span, clean_tokens, cleaning_rules
from annotate.proposals.spacy_proposer import SpacyProposer
from annotate.proposals.types import ProposedSpan, TextInput
from annotate.resources import builtin_schema, resource_path
from annotate.schema import ProposalCleaning, Schema

ON = CleaningRules()
OFF = CleaningRules(False, False, False)
GENEVA = resource_path("samples", "01-geneva-talks.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tagged(model_name: str) -> Any:
    """The pipeline as the proposer runs it with events: tagger, parser, ner."""
    return SpacyProposer(model_name, builtin_schema("news-ace"), events=True).nlp


@pytest.fixture(scope="module")
def untagged(model_name: str) -> Any:
    """The pipeline as the proposer runs it without events: ner only, no tags."""
    return SpacyProposer(model_name, builtin_schema("news-ace"), events=False).nlp


@pytest.fixture(params=["tagged", "untagged"])
def nlp(request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue(request.param)


def cleaned(nlp: Any, text: str, phrase: str, rules: CleaningRules = ON, occurrence: int = 0) -> str | None:
    """``phrase`` (its ``occurrence``-th match in ``text``) cleaned as a proposed span."""
    doc = nlp(text)
    start = [m.start() for m in re.finditer(re.escape(phrase), text)][occurrence]
    tokens = doc.char_span(start, start + len(phrase))
    assert tokens is not None, f"{phrase!r} is not on token boundaries"
    kept = clean_tokens(doc, tokens.start, tokens.end, rules)
    return None if kept is None else text[kept[0] : kept[1]]


def with_cleaning(cleaning: dict | None) -> Schema:
    data = builtin_schema("news-ace").to_dict()
    if cleaning is not None:
        data["proposal_cleaning"] = cleaning
    return Schema.from_dict(data)


# -- leading determiners ---------------------------------------------------------------------
def test_a_leading_article_before_a_name_goes(nlp: Any) -> None:
    text = "Fighters of the Nusra Front attacked a town held by an Islamic State cell."
    assert cleaned(nlp, text, "the Nusra Front") == "Nusra Front"
    assert cleaned(nlp, text, "an Islamic State cell") == "Islamic State cell"
    assert cleaned(nlp, text, "the Nusra Front", OFF) == "the Nusra Front"


def test_values_and_times_keep_their_article(nlp: Any) -> None:
    text = "They talked for a decade and will meet before the end of the month, in the coming weeks."
    for phrase in ("a decade", "the end of the month", "the coming weeks"):
        assert cleaned(nlp, text, phrase) == phrase


def test_a_capitalised_article_goes_only_at_a_sentence_start(nlp: Any) -> None:
    text = ('The Russian Defence Ministry spoke. Envoys met in The Hague.\nThe Kremlin agreed. '
            'He said: "The Nusra Front left." Officials said "The Hague" twice. Venue: The Hague.')
    assert cleaned(nlp, text, "The Russian Defence Ministry") == "Russian Defence Ministry"
    assert cleaned(nlp, text, "The Hague") == "The Hague"  # mid-sentence: part of the name
    assert cleaned(nlp, text, "The Kremlin") == "Kremlin"  # after a line break
    assert cleaned(nlp, text, "The Nusra Front") == "Nusra Front"  # a quote opened after a colon
    assert cleaned(nlp, text, "The Hague", occurrence=1) == "The Hague"  # a quote mid-sentence
    assert cleaned(nlp, text, "The Hague", occurrence=2) == "The Hague"  # a colon, no quote


def test_only_articles_are_determiners(nlp: Any) -> None:
    text = "This Ministry and that Union met this year."
    assert cleaned(nlp, text, "This Ministry") == "This Ministry"
    assert cleaned(nlp, text, "this year") == "this year"


# -- trailing possessives --------------------------------------------------------------------
def test_a_trailing_possessive_goes(nlp: Any) -> None:
    text = "Putin's envoy, Ukraine’s delegation and the Allies' plan were discussed."
    assert cleaned(nlp, text, "Putin's") == "Putin"
    assert cleaned(nlp, text, "Ukraine’s") == "Ukraine"
    assert cleaned(nlp, text, "the Allies'") == "Allies"
    assert cleaned(nlp, text, "Putin's", OFF) == "Putin's"
    only_possessives = CleaningRules(leading_determiners=False, line_breaks=False)
    assert cleaned(nlp, text, "the Allies'", only_possessives) == "the Allies"


def test_a_bare_apostrophe_without_a_tagger_needs_a_word_in_s(untagged: Any) -> None:
    text = "Reports quoted 'Ali' and the Allies' envoys."
    assert cleaned(untagged, text, "Ali'") == "Ali'"
    assert cleaned(untagged, text, "Allies'") == "Allies"


# -- line breaks -----------------------------------------------------------------------------
@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0c", "\n\n"])
def test_a_span_across_a_line_break_keeps_its_longest_line(nlp: Any, brk: str) -> None:
    text = f"By Olena Kovalchuk{brk}Reuters staff in Kyiv{brk}Lviv"
    assert cleaned(nlp, text, f"Olena Kovalchuk{brk}Reuters") == "Olena Kovalchuk"
    assert cleaned(nlp, text, f"Kovalchuk{brk}Reuters staff") == "Reuters staff"
    assert cleaned(nlp, text, f"Kyiv{brk}Lviv") == "Kyiv"  # a tie: the first line
    assert cleaned(nlp, text, f"Kovalchuk{brk}Reuters", OFF) == f"Kovalchuk{brk}Reuters"


WRAPPED = ("Officials said talks between Oleh\nMarchenko and envoys of the United\nNations went on\n"
           "through the night in Kyiv, and that a second round\nwould follow next week.\n\nReuters\n\nLviv")


def test_a_hard_wrapped_text_is_cut_only_at_a_paragraph_break(nlp: Any) -> None:
    """Where a text is wrapped at a fixed width, a single line break is where the wrapping fell,
    often inside a name: only a blank line cuts there."""
    from annotate.proposals.boundaries import hard_wrapped

    assert hard_wrapped(WRAPPED) and not hard_wrapped("By Olena Kovalchuk\nReuters staff in Kyiv\nLviv")
    doc = nlp(WRAPPED)

    def kept(phrase: str) -> str | None:
        start = WRAPPED.index(phrase)
        tokens = doc.char_span(start, start + len(phrase))
        assert tokens is not None
        out = clean_tokens(doc, tokens.start, tokens.end, ON, wrapped=True)
        return None if out is None else WRAPPED[out[0] : out[1]]

    assert kept("Oleh\nMarchenko") == "Oleh\nMarchenko"
    assert kept("United\nNations") == "United\nNations"
    assert kept("week.\n\nReuters") == "Reuters"  # a paragraph break still cuts (the longer piece)
    assert cleaned(nlp, WRAPPED, "Oleh\nMarchenko") == "Marchenko"  # not told it is wrapped


def test_several_line_breaks_and_the_other_rules_after_the_cut(nlp: Any) -> None:
    text = "Talks\r\nthe Nusra Front's\r\nleaders ended."
    assert cleaned(nlp, text, "Talks\r\nthe Nusra Front's\r\nleaders") == "Nusra Front"


def test_a_span_left_empty_is_dropped(nlp: Any) -> None:
    text = "Fighters of the\nNusra Front said the group's men left."
    assert cleaned(nlp, text, "the") is None
    assert cleaned(nlp, text, "'s") is None
    assert cleaned(nlp, text, "\n") is None
    assert cleaned(nlp, text, "the", OFF) == "the"


# -- offsets ---------------------------------------------------------------------------------
def test_offsets_are_code_points_past_emoji_arabic_combining_marks_and_crlf(nlp: Any) -> None:
    text = "🇺🇦👍🏽 Café\u0301 — قال المتحدث\r\nFighters of the Nusra Front’s units attacked."
    doc = nlp(text)
    phrase = "the Nusra Front’s"
    start = text.index(phrase)
    tokens = doc.char_span(start, start + len(phrase))
    kept = clean_tokens(doc, tokens.start, tokens.end, ON)
    assert kept == (text.index("Nusra"), text.index("’s"))
    assert text[kept[0] : kept[1]] == "Nusra Front"
    span = ProposedSpan(start, start + len(phrase), "ORG", "model:en_test@1", 0.75)
    assert clean_span(doc, span, ON) == ProposedSpan(kept[0], kept[1], "ORG", "model:en_test@1", 0.75)


def test_clean_span_keeps_label_source_and_score(tagged: Any) -> None:
    text = "Envoys of the European Union met."
    doc = tagged(text)
    span = ProposedSpan(text.index("the"), text.index(" met"), "ORG", "model:en_core_web_sm@3.8.0", 0.5)
    assert clean_span(doc, span, ON) == ProposedSpan(text.index("European"), text.index(" met"), "ORG",
                                                     "model:en_core_web_sm@3.8.0", 0.5)
    plain = ProposedSpan(text.index("European"), text.index(" met"), "ORG", "model:x@1")
    assert clean_span(doc, plain, ON) is plain
    assert clean_span(doc, ProposedSpan(text.index("the"), text.index("the") + 3, "ORG", "model:x@1"), ON) is None


# -- the proposer ----------------------------------------------------------------------------
NO_CLEANING = dict.fromkeys(("leading_determiners", "trailing_possessives", "line_breaks"), False)
ADDED = ("\n\n🇺🇦👍🏽 Café\u0301 — قال the Nusra Front’s fighters\r\nattacked Aleppo.\n\n"
         "He met officials of the United\nNations in Geneva.")


@pytest.mark.parametrize("events", [True, False])
def test_the_proposer_cleans_english_entities_by_default(model_name: str, events: bool) -> None:
    text = GENEVA + ADDED
    (before,) = SpacyProposer(model_name, with_cleaning(NO_CLEANING), events=events).propose([TextInput(1, text)])
    (after,) = SpacyProposer(model_name, builtin_schema("news-ace"), events=events).propose([TextInput(1, text)])
    found_before = {text[s.start : s.end] for s in before.spans}
    found_after = {text[s.start : s.end] for s in after.spans}
    # what the model proposes, and what is proposed once cleaned
    assert {"the Swiss Federal Department of Foreign Affairs", "the European Union", "the Nusra Front’s",
            "the United\nNations"} <= found_before
    assert {"Swiss Federal Department of Foreign Affairs", "European Union", "Nusra Front", "United"} <= found_after
    assert (text.index("Nusra"), text.index("’s fighters")) in {(s.start, s.end) for s in after.spans}
    assert not any(t.startswith(("the ", "The ")) and t[4:5].isupper() for t in found_after)
    assert not any(t.endswith(("'s", "’s")) or "\n" in t for t in found_after)
    assert "the end of the month" in found_after  # a value keeps its article
    assert [(s.label, s.source, s.score) for s in after.spans] == [(s.label, s.source, s.score) for s in before.spans]


def test_events_take_the_cleaned_entities_as_arguments(model_name: str) -> None:
    text = "Envoys of the European Union will meet the African Union in Geneva on Thursday."
    (result,) = SpacyProposer(model_name, builtin_schema("news-ace"), events=True).propose([TextInput(1, text)])
    arguments = {(text[a.start : a.end], a.role) for e in result.events for a in e.arguments}
    assert ("African Union", "Entity") in arguments
    assert not any(t.startswith("the ") for t, _ in arguments)


def _pipeline_in(lang: str, model_name: str, folder: Path) -> str:
    """A copy of the English pipeline that says it is in ``lang``."""
    import spacy.util

    package = spacy.util.get_package_path(model_name)
    source = next(p for p in package.iterdir() if (p / "config.cfg").exists())
    target = folder / f"{lang}_pipeline"
    shutil.copytree(source, target)
    meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
    (target / "meta.json").write_text(json.dumps({**meta, "lang": lang}), encoding="utf-8")
    config = (target / "config.cfg").read_text(encoding="utf-8")
    (target / "config.cfg").write_text(re.sub(r'(?m)^lang = "en"$', f'lang = "{lang}"', config), encoding="utf-8")
    return str(target)


def test_other_languages_are_not_cleaned_unless_the_schema_says(model_name: str, tmp_path: Path) -> None:
    path = _pipeline_in("xx", model_name, tmp_path)
    text = "Fighters of the Nusra Front’s units attacked.\nEnvoys of the Swiss Federal\nDepartment met."
    plain = SpacyProposer(path, builtin_schema("news-ace"), events=True)
    assert plain.nlp.lang == "xx" and not plain.cleaning.active
    (result,) = plain.propose([TextInput(1, text)])
    assert "the Nusra Front’s" in {text[s.start : s.end] for s in result.spans}
    asked = SpacyProposer(path, with_cleaning({"leading_determiners": True, "trailing_possessives": True}),
                          events=True)
    (result,) = asked.propose([TextInput(1, text)])
    found = {text[s.start : s.end] for s in result.spans}
    assert "Nusra Front" in found  # the tagger's DET with PronType=Art, not the English list
    assert any("\n" in t for t in found)  # line breaks were not asked for


# -- the schema's setting --------------------------------------------------------------------
def test_defaults_per_language_and_partial_settings() -> None:
    assert cleaning_rules(None, "en") == CleaningRules(True, True, True, "en")
    assert cleaning_rules(None, "de") == CleaningRules(False, False, False, "de")
    assert not cleaning_rules(None, "de").active
    assert cleaning_rules(ProposalCleaning(line_breaks=True), "ar") == CleaningRules(False, False, True, "ar")
    assert cleaning_rules(ProposalCleaning(leading_determiners=False), "en") == CleaningRules(False, True, True, "en")
    assert not cleaning_rules(ProposalCleaning(False, False, False), "en").active


def test_schema_reads_writes_and_round_trips_proposal_cleaning() -> None:
    assert "proposal_cleaning" not in builtin_schema("news-ace").to_dict()  # unset: not written
    schema = with_cleaning({"trailing_possessives": False, "line_breaks": True})
    assert schema.proposal_cleaning == ProposalCleaning(trailing_possessives=False, line_breaks=True)
    assert schema.to_dict()["proposal_cleaning"] == {"trailing_possessives": False, "line_breaks": True}
    assert Schema.from_json(schema.to_json()) == schema
    assert with_cleaning({}).proposal_cleaning == ProposalCleaning()
    data = builtin_schema("news-ace").to_dict()
    data["proposal_cleaning"] = None
    assert Schema.from_dict(data).proposal_cleaning is None


@pytest.mark.parametrize(
    ("value", "where"),
    [
        ({"line_breaks": "yes"}, "proposal_cleaning.line_breaks: must be true or false"),
        ({"leading_determiners": 1}, "proposal_cleaning.leading_determiners: must be true or false"),
        ({"determiners": True}, "proposal_cleaning.determiners: unknown option"),
        (True, "proposal_cleaning: must be an object"),
        (["line_breaks"], "proposal_cleaning: must be an object"),
    ],
)
def test_proposal_cleaning_errors_name_the_field(value: Any, where: str) -> None:
    data = builtin_schema("news-ace").to_dict()
    data["proposal_cleaning"] = value
    with pytest.raises(SchemaError) as info:
        Schema.from_dict(data, "my.json")
    assert str(info.value).startswith(f"my.json: {where}")
