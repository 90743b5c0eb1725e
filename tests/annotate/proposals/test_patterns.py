"""Pattern files through spaCy's SpanRuler: string and token patterns, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotate.errors import ImportFailed
from annotate.proposals.patterns import PatternProposer, parse_patterns, read_pattern_file
from annotate.proposals.types import TextInput
from annotate.resources import builtin_schema, resource_path

TEXT = "NATO and the African Union met in Addis Ababa; who knows what nato said."


def test_string_and_token_patterns() -> None:
    patterns = parse_patterns(
        '{"label": "ORG", "pattern": "African Union"}\n'
        '{"label": "ORG", "pattern": [{"orth": "NATO"}]}\n'
        '{"label": "GPE", "pattern": [{"lower": "addis"}, {"lower": "ababa"}]}\n',
        "p.jsonl",
    )
    (result,) = PatternProposer(patterns, builtin_schema("news-ace")).propose([TextInput(3, TEXT)])
    found = sorted((TEXT[s.start : s.end], s.label, s.source) for s in result.spans)
    assert found == [("Addis Ababa", "GPE", "pattern"), ("African Union", "ORG", "pattern"), ("NATO", "ORG", "pattern")]


def test_labels_outside_the_schema_are_dropped_and_counted() -> None:
    patterns = parse_patterns('{"label": "WEAPON", "pattern": "nato"}\n{"label": "ORG", "pattern": "NATO"}', "p")
    (result,) = PatternProposer(patterns, builtin_schema("news-ace")).propose([TextInput(1, TEXT)])
    assert [s.label for s in result.spans] == ["ORG"]
    assert dict(result.dropped) == {"WEAPON": 1}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"label": "GPE", "pattern": "Geneva"}\n{"label": "GPE", "pattern": "Bern"\n', r"p\.jsonl, line 2: is not valid JSON"),
        ('{"pattern": "Geneva"}\n', r"p\.jsonl, line 1: pattern has no 'label'"),
        ('{"label": "GPE", "pattern": 5}\n', r"line 1: 'pattern' must be a string or a list"),
        ('\n\n{"label": "ORG", "pattern": [{"lowr": "nato"}]}\n', r"p\.jsonl, line 3: invalid token pattern: .*lowr"),
        ('{"label": "GPE", "pattern": "  "}\n', r"line 1: 'pattern' is an empty string"),
        ("\n", r"p\.jsonl: contains no patterns"),
    ],
)
def test_broken_pattern_files_name_the_line(content: str, message: str) -> None:
    with pytest.raises(ImportFailed, match=message):
        parse_patterns(content, "p.jsonl")


def test_shipped_actor_list_is_a_pattern_file_too() -> None:
    # The gazetteer's curated list of bodies and armed groups reads as a Prodigy pattern file.
    patterns = read_pattern_file(resource_path("patterns", "conflict-actors.jsonl"))
    assert len(patterns) > 400
    text = "The WHO and the United Nations said al-Shabaab and Boko Haram attacked; who said so?"
    (result,) = PatternProposer(patterns, builtin_schema("news-ace")).propose([TextInput(1, text)])
    found = {(text[s.start : s.end], s.label) for s in result.spans}
    assert {("WHO", "ORG"), ("United Nations", "ORG"), ("al-Shabaab", "ORG"), ("Boko Haram", "ORG")} <= found
    assert not any(t == "who" for t, _ in found)


def test_read_pattern_file_reports_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"label": "caf\xe9"}')  # Latin-1, not UTF-8
    with pytest.raises(ImportFailed, match=r"bad\.jsonl, line 1: is not valid UTF-8"):
        read_pattern_file(path)
