"""brat → Annotary → brat: the .ann files say the same, the annotation.conf declares the same,
and brat's checks find no problem in the export that the input did not have."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from annotate.formats.brat_check import find_issues
from tests.annotate.brat_corpus import (
    CONF,
    conf_of,
    corpus_docs,
    declared,
    export_brat,
    import_into,
    meaning,
    read_pairs,
    t_line,
    write_corpus,
)


def round_trip(tmp_path: Path, docs: dict, conf: str = CONF, name: str = "1") -> tuple[Path, Path]:
    source = write_corpus(tmp_path / f"in{name}", docs, conf)
    import_into(tmp_path / f"p{name}.annotary", source)
    export_brat(tmp_path / f"p{name}.annotary", tmp_path / f"out{name}")
    return source, tmp_path / f"out{name}"


def test_the_ann_files_say_the_same(tmp_path: Path) -> None:
    source, out = round_trip(tmp_path, corpus_docs())
    before, after = read_pairs(source), read_pairs(out)
    assert before.keys() == after.keys()
    for text, (_, ann) in before.items():
        assert meaning(after[text][1]) == meaning(ann), text[:30]


def test_the_conf_declares_the_same(tmp_path: Path) -> None:
    source, out = round_trip(tmp_path, corpus_docs())
    assert declared(conf_of(out)) == declared(conf_of(source))


def test_the_export_has_no_problem_and_a_second_round_changes_nothing(tmp_path: Path) -> None:
    _, out = round_trip(tmp_path, corpus_docs())
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    for text, ann in read_pairs(out).values():
        assert find_issues(text, ann, conf) == [], text[:30]
    import_into(tmp_path / "again.annotary", out)
    export_brat(tmp_path / "again.annotary", tmp_path / "out2")
    assert read_pairs(tmp_path / "out2") == read_pairs(out)
    assert (tmp_path / "out2" / "annotation.conf").read_text(encoding="utf-8") == conf


def test_problems_of_the_input_are_not_added_to(tmp_path: Path) -> None:
    """A corpus brat itself would flag: the export keeps (at most) its problems."""
    text = "Kerry met Putin. Then they left."
    ann = "\n".join([t_line("T1", "Person", text, "Kerry"), t_line("T2", "Meet", text, "met"),
                     t_line("T3", "Person", text, "Putin"), t_line("T4", "Meet", text, "left"),
                     "E1\tMeet:T2 Time:T3",  # no Entity (required), a Person as Time
                     "A1\tModality E1 Maybe",  # not a declared value
                     "R1\tLocated Arg1:T1 Arg2:T3"]) + "\n"  # a Person as Arg2
    source, out = round_trip(tmp_path, {"flawed": (text, ann)})
    kinds_in = Counter(i.kind for i in find_issues(text, ann, CONF))
    ((text_out, ann_out),) = read_pairs(out).values()
    kinds_out = Counter(i.kind for i in find_issues(text_out, ann_out, (out / "annotation.conf").read_text(encoding="utf-8")))
    assert kinds_in == Counter({"missing_argument": 1, "argument_type": 1, "attribute_value": 1,
                                "relation_not_allowed": 1, "unused_trigger": 1})
    assert kinds_out <= kinds_in and kinds_out["missing_argument"] == 1
    assert meaning(ann_out) == meaning(ann)


def test_a_span_broken_by_a_line_break_in_brat_stays_so(tmp_path: Path) -> None:
    for newline in ("\n", "\r\n"):
        text = f"Rebels attacked the{newline}convoy near Kyiv."
        ann = t_line("T1", "Facility", text, "the", "convoy") + "\n" + t_line("T2", "GPE", text, "Kyiv") + "\n"
        source, out = round_trip(tmp_path, {"lb": (text, ann)}, name=repr(newline))
        ((_, ann_out),) = read_pairs(out).values()
        assert meaning(ann_out) == meaning(ann)


def test_the_existing_annotated_project_exports_without_problems(annotated, tmp_path: Path) -> None:
    project, _ = annotated
    export_brat(project, tmp_path / "out")
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    problems = [str(i) for text, ann in read_pairs(tmp_path / "out").values() for i in find_issues(text, ann, conf)]
    assert problems == []


VARIANTS = {
    "aliases and separators": "[spans]\nPerson|Per|P\n----\nGPE\n[relations]\n[events]\n[attributes]\n",
    "macros": "<P>=Person|GPE\n[entities]\nPerson\nGPE\n[relations]\nNear\tArg1:<P>, Arg2:<P>\n[events]\n"
              "<W>=GPE\nMeet\tEntity+:<P>, Place?:<W>\n[attributes]\n",
    "hierarchy and groups": "[entities]\n!Actor\n\tPerson\n  GPE\n[relations]\n[events]\n!Contact\n\tMeet\tEntity*:Person\n"
                            "\t\tCall\t<INHERIT>, Place?:GPE\n[attributes]\n",
    "nesting and equivalence": "[entities]\nPerson\nGPE\n[relations]\nENTITY-NESTING\tArg1:GPE, Arg2:Person\n"
                               "Equiv\tArg1:Person, Arg2:Person\nAlias\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric\n"
                               "[events]\n[attributes]\n",
    "events in roles": "[entities]\nPerson\n[relations]\nCause\tArg1:<EVENT>, Arg2:<ANY>\n[events]\nAttack\tTarget:Person\n"
                       "Report\tEvent:<EVENT>, Any*:<ANY>, Who?:<ENTITY>\n[attributes]\n",
    "attributes": "[entities]\nPerson\n[relations]\nKnows\tArg1:Person, Arg2:Person\n[events]\nMeet\tEntity*:Person\n"
                  "[attributes]\nNegation\tArg:<EVENT>\nNotable\tArg:<ENTITY>\nSure\tArg:<RELATION>, Value:Yes|No\n"
                  "Famous\tArg:Person|Meet, Value:Very|Somewhat\n",
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_each_conf_variant_is_declared_again(name: str, tmp_path: Path) -> None:
    text = "Kerry met Putin."
    source, out = round_trip(tmp_path, {"a": (text, t_line("T1", "Person", text, "Kerry") + "\n")}, VARIANTS[name])
    assert declared(conf_of(out)) == declared(conf_of(source))


def test_the_hand_written_round_trip_fixture_says_the_same(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[2] / "fixtures" / "roundtrip"
    import_into(tmp_path / "p.annotary", source)
    export_brat(tmp_path / "p.annotary", tmp_path / "out")
    before, after = read_pairs(source), read_pairs(tmp_path / "out")
    conf_in, conf_out = ((f / "annotation.conf").read_text(encoding="utf-8") for f in (source, tmp_path / "out"))
    assert before.keys() == after.keys()
    for text, (_, ann) in before.items():
        assert meaning(after[text][1]) == meaning(ann)
        assert find_issues(text, ann, conf_in) == [] and find_issues(text, after[text][1], conf_out) == []
    assert declared(conf_of(tmp_path / "out")) == declared(conf_of(source))
