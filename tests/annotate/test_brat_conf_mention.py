"""The mention label through brat's annotation.conf: the export names it in a comment and lists
it in every role that lists labels (so brat's own checks take mention arguments); reading the
conf back makes it the mention label again and takes it out of those roles; merging a conf
into a project schema keeps or gains the flag."""

from __future__ import annotations

from annotate.exports.brat_conf_out import annotation_conf
from annotate.formats.brat_conf import conf_schema
from annotate.formats.brat_conf_parse import parse_conf
from annotate.formats.brat_names import brat_safe
from annotate.resources import builtin_schema
from annotate.schema import MENTION_COLOUR, EntityLabel, EventType, Role, Schema
from annotate.schema_merge import SchemaExtender


def small() -> Schema:
    return Schema("small", [EntityLabel("PERSON", "#e6194b"), EntityLabel("GPE", "#3cb44b"),
                            EntityLabel("MENTION", "#8c8c8c", "m", mention=True)],
                  [EventType("Conflict.Attack", "#d62728", [Role("Attacker", "*", ("PERSON",)),
                                                            Role("Place", "?", ("GPE",)),
                                                            Role("Anything", "*"),
                                                            Role("Said", "?", ("MENTION",))])])


def test_the_exported_conf_names_the_mention_label_and_every_listing_role_takes_it() -> None:
    conf = annotation_conf(small())
    lines = conf.splitlines()
    entities = lines[lines.index("[entities]") + 1:lines.index("[relations]")]
    assert entities[:2] == ["PERSON", "GPE"] and entities[3] == "MENTION"
    assert entities[2].startswith("# annotary-mention: MENTION ")  # brat skips a comment
    attack = next(line for line in lines if line.startswith("Conflict-Attack\t"))
    assert "Attacker*:PERSON|MENTION" in attack and "Place?:GPE|MENTION" in attack
    assert "Anything*:<ENTITY>" in attack and "Said?:MENTION," in attack + ","  # not listed twice
    # brat itself reads it: MENTION is an entity type, the comment nothing.
    parsed = parse_conf(conf)
    assert [t.name for t in parsed.entities] == ["PERSON", "GPE", "MENTION"]
    assert parsed.mention == "MENTION"


def test_a_conf_annotary_wrote_brings_the_mention_label_back() -> None:
    schema, warnings = conf_schema(parse_conf(annotation_conf(small())))
    assert warnings == []
    assert schema.mention_label == "MENTION"
    assert schema.label("MENTION").colour == MENTION_COLOUR  # type: ignore[union-attr]
    assert [lb.mention for lb in schema.entity_labels] == [False, False, True]
    attack = schema.event_type("Conflict-Attack")
    assert attack is not None
    # The roles read back as they were: MENTION out of the lists it was added to, kept where
    # it is the only label (taking it out would make the role take anything).
    assert [(r.name, r.labels) for r in attack.roles] == [
        ("Attacker", ("PERSON",)), ("Place", ("GPE",)), ("Anything", ()), ("Said", ("MENTION",))]


def test_a_conf_without_the_comment_has_no_mention_label() -> None:
    conf = annotation_conf(small()).replace("# annotary-mention:", "# note:")
    schema, _ = conf_schema(parse_conf(conf))
    assert schema.mention_label is None
    attack = schema.event_type("Conflict-Attack")
    assert attack is not None and attack.roles[0].labels == ("PERSON", "MENTION")


def test_a_comment_naming_an_undeclared_label_is_a_warning() -> None:
    conf = "# annotary-mention: Phrase\n[entities]\nPerson\n[relations]\n[events]\n[attributes]\n"
    schema, warnings = conf_schema(parse_conf(conf), "x/annotation.conf")
    assert schema.mention_label is None
    assert len(warnings) == 1 and "x/annotation.conf" in warnings[0] and "Phrase" in warnings[0]


def test_merging_a_conf_gains_the_mention_label_or_keeps_the_projects() -> None:
    fragment, _ = conf_schema(parse_conf(annotation_conf(small())))
    # A project without one gains it, flag and grey colour.
    bare = Schema("bare", [EntityLabel("PERSON", "#e6194b")])
    extender = SchemaExtender(bare)
    extender.merge(fragment)
    assert extender.schema.mention_label == "MENTION"
    assert extender.schema.label("MENTION").colour == MENTION_COLOUR  # type: ignore[union-attr]
    assert "mention label MENTION" in extender.additions
    # A project with the same one: nothing changes.
    news = builtin_schema("news-ace")
    same = SchemaExtender(news)
    same.merge(fragment)
    assert same.schema.mention_label == "MENTION"
    assert not any("MENTION" in a for a in same.additions)
    # A project whose mention label is another keeps its own; the fragment's is a plain label.
    other = SchemaExtender(Schema("other", [EntityLabel("Phrase", "#777777", mention=True)]))
    other.merge(fragment)
    assert other.schema.mention_label == "Phrase"
    assert other.schema.label("MENTION") is not None and not other.schema.label("MENTION").mention  # type: ignore[union-attr]
    Schema.from_dict(other.schema.to_dict())  # still one mention label: valid


def test_the_built_in_schema_goes_to_brat_and_back_with_its_mention_label() -> None:
    # (acled's conf does not read back at all: its role AssocActor1 repeats and ends in a digit.)
    for name in ("news-ace",):
        schema = builtin_schema(name)
        back, _ = conf_schema(parse_conf(annotation_conf(schema)))
        assert back.mention_label == schema.mention_label == "MENTION"
        # Into the project it came from, by brat's spellings: roles as they were, nothing added.
        merged = SchemaExtender(schema)
        merged.merge(back)
        assert merged.additions == [], merged.additions[:5]
        for etype in schema.event_types:
            again = back.event_type(brat_safe(etype.name))
            assert again is not None
            assert [r.labels for r in again.roles] == [tuple(brat_safe(x) for x in r.labels) for r in etype.roles]
