"""``main.py stats`` counts argument mentions (the schema's mention label) apart from entities:
a project file with mentions, events and triggers, counted by the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from annotate.model import Argument, Document, Event, Span, SpanStatus
from annotate.resources import builtin_schema
from annotate.schema import Schema
from annotate.text import content_hash
from store import open_project
from tests.cli.helpers import cli

TEXT = "Pro-regime forces attacked a bland regime paper in Damascus on Monday, officials said."


def mention_project(path: Path, schema: Schema) -> Path:
    with open_project(path, create=True, schema=schema) as store:
        (doc,) = store.add_documents([Document(TEXT, "t", "test", content_hash=content_hash(TEXT))])
        ids = {}
        for word, label, status in (("Pro-regime forces", "MENTION", SpanStatus.ACCEPTED),
                                    ("a bland regime paper", "MENTION", SpanStatus.ACCEPTED),
                                    ("officials", "MENTION", SpanStatus.PROPOSED),
                                    ("regime paper", "MENTION", SpanStatus.REJECTED),
                                    ("attacked", "Conflict.Attack", SpanStatus.ACCEPTED),
                                    ("Damascus", "GPE", SpanStatus.ACCEPTED), ("Monday", "DATE", SpanStatus.PROPOSED)):
            start = TEXT.index(word)
            ids[word] = store.insert_span(Span(doc, start, start + len(word), label, status, "user"))
        store.insert_event(Event(doc, "Conflict.Attack", ids["attacked"], [
            Argument("Attacker", ids["Pro-regime forces"]), Argument("Target", ids["a bland regime paper"])]))
    return path


def test_mentions_are_counted_apart_from_entities(tmp_path: Path) -> None:
    project = mention_project(tmp_path / "p.annotary", builtin_schema("news-ace"))
    result = cli("stats", project, "--json")
    assert result.exit_code == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["spans"]["total"] == 7  # every span, as before
    assert counts["entities"] == {"total": 2, "proposed": 1, "accepted": 1, "rejected": 0,
                                  "by_label": {"DATE": 1, "GPE": 1}}  # no trigger, no mention
    assert counts["mentions"] == {"label": "MENTION", "total": 4, "proposed": 1, "accepted": 2, "rejected": 1}
    table = cli("stats", project)
    assert table.exit_code == 0, table.stderr
    lines = [" ".join(line.replace("│", " ").split()) for line in table.stdout.splitlines()]
    assert "entities 2" in lines
    assert any(line.startswith("mentions (MENTION") and line.endswith(" 4") for line in lines), table.stdout


def test_a_schema_without_a_mention_label_counts_its_spans_as_entities(tmp_path: Path) -> None:
    schema = builtin_schema("news-ace")
    for label in schema.entity_labels:
        label.mention = False  # MENTION is then a label like any other
    counts = json.loads(cli("stats", mention_project(tmp_path / "p.annotary", schema), "--json").stdout)
    assert counts["mentions"] == {"label": None, "total": 0, "proposed": 0, "accepted": 0, "rejected": 0}
    assert counts["entities"]["total"] == 6 and counts["entities"]["by_label"]["MENTION"] == 4
