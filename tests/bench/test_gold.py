"""bench/gold.py: gold read with Annotary's brat reader, split into entities, mentions, events."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotate.resources import builtin_schema
from bench.gold import GoldError, read_gold, role_name, split_names
from bench.proposals_bench import main

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "gold_mini"
SCHEMA = builtin_schema("news-ace")


def test_repeated_roles_read_as_the_role() -> None:
    assert role_name(SCHEMA, "Contact.Meet", "Entity2") == "Entity"
    assert role_name(SCHEMA, "Contact.Meet", "Place") == "Place"
    assert role_name(SCHEMA, "Contact.Meet", "Bogus7") == "Bogus7"


def test_the_fixture_splits_into_entities_mentions_and_events() -> None:
    ((name, gold),) = read_gold(FIXTURE, split_names(FIXTURE / "split.json", "test"), SCHEMA)
    assert name == "01-mini"
    labels = {label for _, _, label in gold.entities}
    assert "MENTION" not in labels and not labels & set(SCHEMA.event_type_names)
    assert [gold.text[s:e] for s, e, _ in gold.mentions] == ["Rebels", "a convoy", "12 civilians"]
    assert [e.type for e in gold.events] == ["Contact.Meet", "Contact.Meet", "Conflict.Attack", "Life.Die"]
    assert [a.role for a in gold.events[0].arguments] == ["Entity", "Entity", "Place"]
    assert all(gold.text[a.start:a.end] for e in gold.events for a in e.arguments)


def test_offsets_are_code_points(tmp_path: Path) -> None:
    text = "Flood 🌊 hits Beira as Graça Machel visits.\n"
    start = text.index("Beira")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.ann").write_text(f"T1\tGPE {start} {start + 5}\tBeira\n", encoding="utf-8")
    ((_, gold),) = read_gold(tmp_path, ["a"], SCHEMA)
    s, e, _ = gold.entities[0]
    assert text[s:e] == "Beira"


def test_split_all_is_tune_then_test_each_once(tmp_path: Path) -> None:
    assert split_names(FIXTURE / "split.json", "all") == ["01-mini"]  # named in both
    split = tmp_path / "split.json"
    split.write_text('{"tune": ["b", "a"], "test": ["c"]}', encoding="utf-8")
    assert split_names(split, "all") == ["b", "a", "c"]
    assert split_names(split, "test") == ["c"]


def test_a_missing_article_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    split = tmp_path / "split.json"
    split.write_text('{"tune": [], "test": ["nowhere"]}', encoding="utf-8")
    assert main(["--articles", str(tmp_path), "--split-file", str(split)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere.txt: no such gold file" in err


def test_a_bad_split_file_is_one_line(tmp_path: Path) -> None:
    split = tmp_path / "split.json"
    split.write_text('{"tune": []}', encoding="utf-8")
    with pytest.raises(GoldError, match="split.json: cannot read the split"):
        split_names(split, "test")


def test_skip_missing_leaves_out_articles_not_written_yet() -> None:
    names = ["01-mini", "99-not-yet"]
    with pytest.raises(GoldError, match="99-not-yet.txt: no such gold file"):
        read_gold(FIXTURE, names, SCHEMA)
    assert [n for n, _ in read_gold(FIXTURE, names, SCHEMA, skip_missing=True)] == ["01-mini"]
