"""Schemas: the built-in ones, validation errors that name the field, brat annotation.conf."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from annotate.errors import SchemaError
from annotate.formats.brat_conf import read_annotation_conf
from annotate.resources import builtin_schema, builtin_schema_names
from annotate.schema import Schema

ONTONOTES = {
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
    "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
}


def test_builtin_schemas_are_listed() -> None:
    assert {"news-ace", "acled"} <= set(builtin_schema_names())


def test_news_ace_has_ontonotes_labels_and_all_ace_subtypes() -> None:
    schema = builtin_schema("news-ace")
    assert set(schema.label_names) == ONTONOTES | {"MENTION"}
    assert schema.mention_label == "MENTION"
    assert len(schema.event_types) == 33
    assert len({et.name.split(".")[0] for et in schema.event_types}) == 8
    meet = schema.event_type("Contact.Meet")
    assert [r.name for r in meet.roles] == ["Entity", "Time", "Place"]
    assert meet.role("Place").labels == ("GPE", "LOC", "FAC")
    assert meet.role("Entity").repeatable and meet.role("Entity").required
    attack = schema.event_type("Conflict.Attack")
    assert {r.name for r in attack.roles} == {"Attacker", "Target", "Instrument", "Time", "Place"}
    assert "attack" in attack.triggers
    assert {a.name for a in schema.attributes} == {"Polarity", "Tense", "Genericity", "Modality"}
    assert schema.attribute("Modality").values == ("Asserted", "Other")
    keys = [lb.key for lb in schema.entity_labels if lb.key]
    assert len(keys) == len(set(keys)) == 19
    assert {lb.key for lb in schema.entity_labels} >= set("1234567890")


def test_acled_has_its_types_and_roles() -> None:
    schema = builtin_schema("acled")
    assert len(schema.event_types) == 25
    assert len({et.name.split(".")[0] for et in schema.event_types}) == 6
    roles = [r.name for r in schema.event_type("Battles.Armed clash").roles]
    assert roles == ["Actor1", "AssocActor1", "Actor2", "AssocActor2", "Location", "Date", "Fatalities"]


def test_round_trip_through_json() -> None:
    schema = builtin_schema("news-ace")
    again = Schema.from_json(schema.to_json())
    assert again == schema


def test_relation_types_span_rules_and_attribute_targets_round_trip() -> None:
    data = builtin_schema("news-ace").to_dict()
    data["relation_types"] = [
        {"name": "Located", "colour": "#469990", "head_labels": ["PERSON"], "child_labels": ["GPE", "Contact.Meet"],
         "head_role": "Who", "child_role": "Where"},
        {"name": "Equiv", "colour": "#A9A9A9", "symmetric": True, "transitive": True},
    ]
    data["span_rules"] = ["<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"]
    data["attributes"].append({"name": "Confidence", "values": ["High", "Low"], "targets": ["<ENTITY>", "Located"]})
    data["event_types"][0]["roles"][0]["labels"].append("Contact.Meet")  # an event as argument
    schema = Schema.from_dict(data)
    located, equiv = schema.relation_types
    assert (located.head_role, located.child_role, located.allows("PERSON", "GPE"), located.allows("GPE", "GPE")) == (
        "Who", "Where", True, False)
    assert equiv.equivalence and equiv.colour == "#a9a9a9" and not located.equivalence
    assert schema.attribute("Confidence").on_spans() and not schema.attribute("Modality").on_spans()
    assert schema.attribute("Modality").targets == ("<EVENT>",)  # an older schema's default
    assert Schema.from_json(schema.to_json()) == schema
    assert schema.relation_type("Equiv") is equiv and schema.relation_type_names == ["Located", "Equiv"]


def test_unknown_builtin_names_the_known_ones() -> None:
    with pytest.raises(SchemaError, match="news-ace"):
        builtin_schema("nope")


def _broken(change) -> dict:
    data = copy.deepcopy(builtin_schema("news-ace").to_dict())
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["entity_labels"][0].update(colour="red"), "entity_labels[0].colour"),
        (lambda d: d["entity_labels"][1].update(key="1"), "entity_labels[1].key"),
        (lambda d: d["entity_labels"][3].update(key="A"), "entity_labels[3].key"),  # the window's accept
        (lambda d: d["entity_labels"][2].pop("name"), "entity_labels[2].name"),
        (lambda d: d["entity_labels"].append(dict(d["entity_labels"][0])), "entity_labels[19].name"),
        (lambda d: d["event_types"][3]["roles"][1].update(cardinality="{2}"), "event_types[3].roles[1].cardinality"),
        (lambda d: d["event_types"][0]["roles"][0].update(labels=["PER"]), "event_types[0].roles[0].labels"),
        (lambda d: d["attributes"][0].update(default="Maybe"), "attributes[0].default"),
        (lambda d: d.update(label_map={"PER": "PEOPLE"}), "label_map.PER"),
        (lambda d: d.update(format="other"), "format"),
        (lambda d: d.update(relation_types=[{"name": "Located"}]), "relation_types[0].colour"),
        (lambda d: d.update(relation_types=[{"name": "L", "colour": "#000000", "head_labels": ["PER"]}]),
         "relation_types[0].head_labels"),
        (lambda d: d.update(relation_types=[{"name": "L", "colour": "#000000", "symmetric": "yes"}]),
         "relation_types[0].symmetric"),
        (lambda d: d.update(relation_types=[{"name": "L", "colour": "#000000"}, {"name": "L", "colour": "#000000"}]),
         "relation_types[1].name"),
        (lambda d: d["attributes"][0].update(targets="<EVENT>"), "attributes[0].targets"),
        (lambda d: d.update(span_rules=[3]), "span_rules"),
    ],
)
def test_validation_names_the_field(change, where: str) -> None:
    with pytest.raises(SchemaError) as info:
        Schema.from_dict(_broken(change), "my.json")
    assert str(info.value).startswith(f"my.json: {where}:")


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"name": "x",\n "entity_labels": [\n}', encoding="utf-8")
    with pytest.raises(SchemaError, match=r"s\.json: not valid JSON \(line 3"):
        Schema.load(path)


def test_label_map_maps_drops_and_passes_through() -> None:
    data = builtin_schema("news-ace").to_dict()
    data["label_map"] = {"PER": "PERSON", "MISC": None}
    schema = Schema.from_dict(data)
    assert schema.map_model_label("PER") == "PERSON"
    assert schema.map_model_label("MISC") is None
    assert schema.map_model_label("GPE") == "GPE"
    assert schema.map_model_label("WEAPON") is None


CONF = """\
# a small brat configuration
<POG>=Person|Organization|GPE
[entities]
Person
Organization
GPE
!Value
\tMoney

[relations]
Located\tArg1:Person, Arg2:GPE

[events]
!Conflict
\tConflict-Attack\tAttacker*:<POG>, Target+:<POG>, Place?:GPE
Contact-Meet\tEntity{2}:Person|Organization, Place?:GPE, Time?:<ENTITY>

[attributes]
Negation\tArg:<EVENT>
Modality\tArg:<EVENT>, Value:Asserted|Other
"""


def test_brat_annotation_conf_becomes_a_schema(tmp_path: Path) -> None:
    path = tmp_path / "annotation.conf"
    path.write_text(CONF, encoding="utf-8")
    schema = read_annotation_conf(path)
    assert schema.label_names == ["Person", "Organization", "GPE", "Money"]
    attack = schema.event_type("Conflict-Attack")
    assert [(r.name, r.cardinality) for r in attack.roles] == [("Attacker", "*"), ("Target", "+"), ("Place", "?")]
    assert attack.role("Attacker").labels == ("Person", "Organization", "GPE")
    meet = schema.event_type("Contact-Meet")
    assert meet.role("Entity").cardinality == "+"
    assert meet.role("Time").labels == ()
    assert schema.attribute("Negation").values == ("true",)
    assert schema.attribute("Modality").values == ("Asserted", "Other")


def test_brat_conf_with_an_unknown_section_is_read_as_brat_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "annotation.conf"
    path.write_text("[entities]\nPerson\n[drawing]\nPerson\tbgColor:#fff\n", encoding="utf-8")
    # brat warns and ignores the section's contents; refusing the file would refuse a corpus brat opens
    assert [lb.name for lb in read_annotation_conf(path).entity_labels] == ["Person"]


def test_only_one_label_may_be_the_mention_label() -> None:
    data = builtin_schema("news-ace").to_dict()
    assert Schema.from_dict(data).mention_label == "MENTION"  # kept through to_dict
    data["entity_labels"][0]["mention"] = True
    with pytest.raises(SchemaError, match=r"entity_labels\[18\]\.mention: only one"):
        Schema.from_dict(data, "my.json")


def test_every_role_takes_the_mention_label_without_listing_it() -> None:
    schema = builtin_schema("news-ace")
    assert schema.mention_label == "MENTION" and schema.is_mention("MENTION") and not schema.is_mention("PERSON")
    attack = schema.event_type("Conflict.Attack")
    assert attack is not None
    for role in (r for et in schema.event_types for r in et.roles):
        assert schema.role_allows(role, "MENTION"), role
        assert "MENTION" not in role.labels  # nothing written into the roles
    attacker = attack.role("Attacker")
    assert attacker is not None and not attacker.allows("MENTION")  # the role's own list
    assert not schema.role_allows(attacker, "DATE")  # other labels are still checked
    assert "MENTION" not in schema.entity_label_names and "PERSON" in schema.entity_label_names
    # The JSON keeps the flag once, on the label, and no role lists the label.
    data = schema.to_dict()
    assert [lb["name"] for lb in data["entity_labels"] if lb.get("mention")] == ["MENTION"]
    assert not any("MENTION" in r["labels"] for et in data["event_types"] for r in et["roles"])
    assert Schema.from_dict(data).mention_label == "MENTION"


def test_a_schema_without_a_mention_label_takes_only_what_roles_list() -> None:
    schema = builtin_schema("news-ace")
    schema.entity_labels = [lb for lb in schema.entity_labels if not lb.mention]
    attack = schema.event_type("Conflict.Attack")
    assert attack is not None and attack.role("Attacker") is not None
    assert schema.mention_label is None and not schema.is_mention("MENTION")
    assert not schema.role_allows(attack.role("Attacker"), "MENTION")  # type: ignore[arg-type]
