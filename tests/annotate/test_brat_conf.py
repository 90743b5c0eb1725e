"""Reading annotation.conf as brat's own parser does: aliases, separators, terms, unknown sections."""

from __future__ import annotations

from pathlib import Path

from annotate.formats.brat_conf import read_annotation_conf
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
<OVERLAP>\tArg1:Person, Arg2:Organization, <OVERLAP-TYPE>:contain
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
