"""Reading annotation.conf as brat's own parser does: aliases, macros, comments, separators, grouping
nodes, the hierarchy, terms, counts, relations and their flags, span rules, attribute targets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotate.errors import ImportFailed
from annotate.formats.brat_conf import conf_schema, read_annotation_conf, read_annotation_conf_with_warnings
from annotate.formats.brat_conf_parse import MANY, parse_conf
from tests.cli.helpers import cli

CONF = """# brat's own syntax, as its parser reads it
[spans]
Person|Per|P
Organization
-------
!Location
 GPE
[relations]
Located\tArg1:Person, Arg2:GPE
<OVERLAP>\tArg1:Person, Arg2:Organization, <OVL-TYPE>:contain
[events]
<ENT>=Person|Organization
Meet|Contact-Meet\tEntity+:<ENT>, Place?:GPE
----
Attack\tAttacker*:<ENT>, Target:<ENTITY>
[attributes]
Negation\tArg:<EVENT>
[my-own-notes]
anything at all
"""


def test_aliases_separators_and_terms_are_read_as_brat_reads_them(tmp_path: Path) -> None:
    conf = tmp_path / "annotation.conf"
    conf.write_text(CONF, encoding="utf-8")
    schema = read_annotation_conf(conf)
    assert [lb.name for lb in schema.entity_labels] == ["Person", "Organization", "GPE"]  # !Location: a group
    meet = schema.event_type("Meet")
    assert meet is not None and [r.name for r in meet.roles] == ["Entity", "Place"]
    assert meet.role("Entity").labels == ("Person", "Organization") and meet.role("Entity").cardinality == "+"
    assert [t.name for t in schema.event_types] == ["Meet", "Attack"]
    assert [a.name for a in schema.attributes] == ["Negation"]


def test_brackets_in_an_error_reach_the_terminal_whole(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "annotation.conf").write_text("[events]\nMeet\tEntity:Person, Broken[spans]\n", encoding="utf-8")
    (folder / "a.txt").write_text("Kerry met Putin.", encoding="utf-8")
    (folder / "a.ann").write_text("T1\tPerson 0 5\tKerry\n", encoding="utf-8")
    result = cli("import", tmp_path / "p.annotary", folder)
    assert result.exit_code == 1
    # Not eaten as rich markup:
    assert "annotation.conf, line 2: cannot read event argument 'Broken[spans]'" in result.stderr


# -- the variants brat's parser accepts ------------------------------------------------------

SECTIONS = "[entities]\n{e}\n[relations]\n{r}\n[events]\n{v}\n[attributes]\n{a}\n"


def schema_of(entities: str = "Person\nGPE", relations: str = "", events: str = "", attributes: str = ""):
    return conf_schema(parse_conf(SECTIONS.format(e=entities, r=relations, v=events, a=attributes)))


def test_spans_is_an_alias_of_entities() -> None:
    schema, _ = conf_schema(parse_conf("[spans]\nPerson\n[relations]\n[events]\n[attributes]\n"))
    assert schema.label_names == ["Person"]


def test_macros_apply_everywhere_before_the_first_section_and_in_their_own_section_after() -> None:
    text = "<P>=Person|GPE\n" + SECTIONS.format(e="Person\nGPE", r="Near\tArg1:<P>, Arg2:<P>",
                                                 v="<W>=GPE\nMeet\tEntity+:<P>, Place?:<W>", a="")
    schema, _ = conf_schema(parse_conf(text))
    assert schema.relation_type("Near").head_labels == ("Person", "GPE")
    assert schema.event_type("Meet").role("Place").labels == ("GPE",)
    with pytest.raises(ImportFailed, match=r"line 6: undefined macro <W>"):  # <W> belongs to [relations]
        parse_conf(SECTIONS.format(e="Person", r="<W>=Person", v="Meet\tEntity:<W>", a=""))
    with pytest.raises(ImportFailed, match="reserved"):
        parse_conf("[entities]\n<ENTITY>=Person\n")


def test_comments_separators_and_blank_lines_are_not_types() -> None:
    schema, _ = schema_of("# the people\nPerson\n---\n\n  # an indented comment\nGPE\t# inline, after whitespace")
    assert schema.label_names == ["Person", "GPE"]


def test_grouping_nodes_and_the_hierarchy_by_tabs_or_spaces() -> None:
    schema, _ = schema_of("!Actor\n\tPerson\n\t!Group\n\t\tOrganization\n Crowd\nGPE",
                          events="!Conflict\n\tAttack\tTarget:Person\n\t\tBombing\tTarget:<INHERIT>".replace(
                              "Target:<INHERIT>", "<INHERIT>"))
    assert schema.label_names == ["Person", "Organization", "Crowd", "GPE"]
    assert schema.event_type_names == ["Attack", "Bombing"]
    assert schema.event_type("Bombing").role("Target").labels == ("Person",)  # <INHERIT>: the parent's
    with pytest.raises(ImportFailed, match="indented with no type above it"):
        parse_conf("[entities]\nPerson\n\t\tDeep\n")


def test_overlap_and_entity_nesting_lines_are_kept_word_for_word() -> None:
    rules = "<OVERLAP>\tArg1:GPE, Arg2:Person, <OVL-TYPE>:contain|equal\nENTITY-NESTING\tArg1:GPE, Arg2:<ENTITY>"
    schema, _ = schema_of(relations=rules)
    assert schema.span_rules == rules.split("\n") and schema.relation_types == []


def test_relation_types_keep_argument_names_labels_and_flags() -> None:
    schema, _ = schema_of(relations="Located\tSubject:Person, Place:GPE\nEquiv\tArg1:Person, Arg2:Person\n"
                                    "Alias\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric\n"
                                    "Before\tArg1:<EVENT>, Arg2:<EVENT>, <REL-TYPE>:transitive",
                          events="Meet\tEntity*:Person")
    located = schema.relation_type("Located")
    assert (located.head_role, located.child_role, located.head_labels, located.child_labels) == (
        "Subject", "Place", ("Person",), ("GPE",))
    assert schema.relation_type("Equiv").equivalence  # brat: Equiv without <REL-TYPE> is one
    alias = schema.relation_type("Alias")
    assert (alias.symmetric, alias.transitive, alias.head_labels) == (True, False, ())
    before = schema.relation_type("Before")
    assert (before.symmetric, before.transitive, before.head_labels) == (False, True, ("Meet",))


def test_a_relation_type_on_two_lines_is_one_type_and_a_third_argument_is_said() -> None:
    schema, warnings = schema_of(relations="Located\tArg1:Person, Arg2:GPE\nLocated\tArg1:GPE, Arg2:GPE\n"
                                           "Between\tArg1:Person, Arg2:GPE, Arg3:GPE")
    assert schema.relation_type("Located").head_labels == ("Person", "GPE")
    assert schema.relation_type("Between") is None
    assert any("line 7: relation type Between has 3 arguments" in w for w in warnings)


def test_counts_map_to_annotary_cardinalities_and_widening_is_said() -> None:
    schema, warnings = schema_of(events="Meet\tA:Person, B?:Person, C*:Person, D+:Person, E{1}:Person, "
                                        "F{0-1}:Person, G{2}:Person, H{0-3}:Person, I{2-4}:Person")
    roles = {r.name: r.cardinality for r in schema.event_type("Meet").roles}
    assert roles == {"A": "1", "B": "?", "C": "*", "D": "+", "E": "1", "F": "?", "G": "+", "H": "*", "I": "+"}
    assert [w.split(": ", 1)[1] for w in warnings] == [
        f"role Meet/{x} read as {y} (Annotary counts arguments as 1, ?, * or +)"
        for x, y in (("G{2}", "G+"), ("H{0-3}", "H*"), ("I{2-4}", "I+"))]
    conf = parse_conf(SECTIONS.format(e="Person", r="", v="Meet\tG{2}:Person, C*:Person", a=""))
    assert [(a.minimum, a.maximum) for a in conf.events[0].args] == [(2, 2), (0, MANY)]


@pytest.mark.parametrize("spec, problem", [
    ("Theme{0}:Person", "exactly 0 times"),
    ("Theme{3-1}:Person", "reversed"),
    ("Theme{x}:Person", "cannot read the count"),
    ("Theme2+:Person", "ends with a digit"),
    ("Theme:Person|", "empty type"),
    ("Theme:Person, Theme?:GPE", "appears twice"),
])
def test_argument_lists_brat_refuses_are_refused_by_line(spec: str, problem: str) -> None:
    with pytest.raises(ImportFailed, match=rf"line 7: .*{re.escape(problem)}"):
        parse_conf(SECTIONS.format(e="Person\nGPE", r="", v=f"Bind\t{spec}", a=""))


def test_terms_aliases_and_storage_forms() -> None:
    schema, _ = schema_of("Protein|Prot|P\nCell.line", events="Protein_binding|GO:0005515\tTheme+:Protein")
    assert schema.label_names == ["Protein", "Cell_line"]  # brat's storage form
    with pytest.raises(ImportFailed, match="cannot read entity argument 'line'"):
        parse_conf("[entities]\nCell line\n")  # a space ends the term; brat refuses the rest too
    assert schema.event_type("Protein_binding").role("Theme").labels == ("Protein",)
    old_style, _ = conf_schema(parse_conf("[entities]\n[relations]\n[events]\nCell death\tTheme:<ENTITY>\n[attributes]\n"))
    assert old_style.event_type_names == ["Cell_death"]  # brat's storage form of an old-style spaced term


def test_attribute_targets_values_and_binary_attributes() -> None:
    schema, warnings = schema_of(relations="Located\tArg1:Person, Arg2:GPE", attributes=(
        "Negation\tArg:<EVENT>\nNotable\tArg:<ENTITY>\nCertain\tArg:<RELATION>, Value:Yes|No\n"
        "Famous\tArg:Person|GPE, Value:Very|Somewhat\nAnything\tArg:<ANY>\nLost\tValue:A|B"))
    assert [(a.name, a.targets, a.values) for a in schema.attributes] == [
        ("Negation", ("<EVENT>",), ("true",)), ("Notable", ("<ENTITY>",), ("true",)),
        ("Certain", ("<RELATION>",), ("Yes", "No")), ("Famous", ("Person", "GPE"), ("Very", "Somewhat")),
        ("Anything", ("<EVENT>", "<ENTITY>", "<RELATION>"), ("true",)), ("Lost", ("<EVENT>",), ("A", "B"))]
    assert any("attribute Lost has no Arg:" in w for w in warnings)


def test_event_roles_may_take_events() -> None:
    schema, _ = schema_of(events="Attack\tTarget:Person\nReport\tEvent:<EVENT>, Cause?:Attack|Person, Any*:<ANY>")
    report = schema.event_type("Report")
    assert report.role("Event").labels == ("Attack", "Report")
    assert report.role("Cause").labels == ("Attack", "Person")
    assert report.role("Any").labels == ("Person", "GPE", "Attack", "Report")
    assert schema_of(events="Meet\tTime?:<ENTITY>")[0].event_type("Meet").role("Time").labels == ()


def test_an_undeclared_type_in_an_argument_is_said_and_left_out() -> None:
    schema, warnings = schema_of(events="Meet\tEntity+:Person|Robot")
    assert schema.event_type("Meet").role("Entity").labels == ("Person",)
    assert any("line 7: Meet: Entity allows Robot, which the file declares as nothing one can annotate" in w for w in warnings)


def test_unknown_sections_are_passed_over_and_text_before_any_section_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "annotation.conf"
    path.write_text("[entities]\nPerson\n[labels]\nPerson | Human\n[relations]\n[events]\n[attributes]\n", encoding="utf-8")
    schema, warnings = read_annotation_conf_with_warnings(path)
    assert schema.label_names == ["Person"] and warnings == []
    path.write_text("Person\n[entities]\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"annotation.conf, line 1: text before the first \[section\]"):
        read_annotation_conf_with_warnings(path)


def test_crlf_line_ends_are_read() -> None:
    schema, _ = conf_schema(parse_conf("[entities]\r\nPerson\r\n\tChild\r\n[relations]\r\n[events]\r\nMeet\tEntity*:Person\r\n[attributes]\r\n"))
    assert schema.label_names == ["Person", "Child"] and schema.event_type("Meet").role("Entity").labels == ("Person",)
