"""Train in the loop: when a round is due, what a finished round changes, and a real round."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotate.errors import AnnotaryError
from annotate.loop_training import (
    MODEL_F,
    PROPOSER_MODEL,
    TRAINED_AT,
    RoundResult,
    apply_result,
    is_due,
    loop_state,
    set_loop,
)
from annotate.memory_repository import MemoryRepository
from annotate.resources import builtin_schema


def repo() -> MemoryRepository:
    return MemoryRepository(builtin_schema("news-ace"))


def test_off_by_default_for_a_project_smaller_than_every() -> None:
    settings = repo()
    assert not loop_state(settings, 19).enabled
    assert loop_state(settings, 20).enabled and not loop_state(settings, 20).explicit
    set_loop(settings, every=5)
    assert loop_state(settings, 5).enabled and loop_state(settings, 5).every == 5


def test_switched_on_or_off_by_the_user_whatever_the_size() -> None:
    settings = repo()
    set_loop(settings, enabled=True)
    assert loop_state(settings, 3).enabled and loop_state(settings, 3).explicit
    set_loop(settings, enabled=False)
    assert not loop_state(settings, 10_000).enabled
    with pytest.raises(AnnotaryError, match="at least 1"):
        set_loop(settings, every=0)


def test_a_round_is_due_every_n_more_documents_done() -> None:
    settings = repo()
    set_loop(settings, enabled=True, every=3)
    state = loop_state(settings, 100)
    assert [is_due(state, done) for done in (1, 2, 3, 4)] == [False, False, True, True]  # three at least
    settings.set_setting(TRAINED_AT, "3")
    state = loop_state(settings, 100)
    assert [is_due(state, done) for done in (3, 5, 6)] == [False, False, True]
    set_loop(settings, enabled=False)
    assert not is_due(loop_state(settings, 100), 50)


def test_a_better_model_becomes_the_proposer_a_worse_or_equal_one_does_not(tmp_path: Path) -> None:
    settings = repo()
    worse = RoundResult(tmp_path / "a", 0.70, 0.75, "base", 2, 8)
    assert not apply_result(settings, worse, 10)
    assert settings.setting(PROPOSER_MODEL) is None and settings.setting(TRAINED_AT) == "10"
    assert not apply_result(settings, RoundResult(tmp_path / "b", 0.75, 0.75, "base", 2, 8), 20)  # a tie keeps
    better = RoundResult(tmp_path / "c", 0.80, 0.75, "base", 2, 8)
    assert apply_result(settings, better, 30)
    assert settings.setting(PROPOSER_MODEL) == str(tmp_path / "c") and settings.setting(MODEL_F) == "0.8000"
    assert settings.setting(TRAINED_AT) == "30"


@pytest.mark.slow
def test_a_round_trains_a_project_model_that_still_parses(tmp_path: Path) -> None:
    from annotate.loop_training import run_round
    from annotate.proposals.pipelines import default_pipeline
    from annotate.proposals.spacy_proposer import SpacyProposer
    from tests.annotate.exports.conftest import build

    project = tmp_path / "p.annotary"
    build(project)
    base = default_pipeline()
    from store import open_project

    with open_project(project, readonly=True) as store:
        result = run_round(store, tmp_path / "work", base, base, epochs=1)
    assert result.model.is_absolute() and (result.model / "meta.json").exists()
    assert result.train_documents > result.held_out_documents > 0
    assert 0.0 < result.f <= 1.0 and 0.0 < result.current_f <= 1.0
    proposer = SpacyProposer(str(result.model), builtin_schema("news-ace"))
    assert proposer.no_events is None  # the base pipeline's parser and tagger are kept: events still proposed
    assert {"parser", "ner", "tagger"} <= set(proposer.active_components)


def test_a_document_held_out_once_is_held_out_in_every_later_round() -> None:
    from annotate.loop_training import loop_split

    first = loop_split(range(1, 21))
    later = loop_split(range(1, 201))
    assert set(first[2]) <= set(later[2])  # held out stays held out (dev may be borrowed when small)
    assert not set(later[0]) & set(first[2])  # never trained on later
    for train, dev, held in (first, later, loop_split([7, 8, 9])):
        assert train and dev and held and not (set(train) & set(dev) | set(train) & set(held) | set(dev) & set(held))
    assert 0.1 < len(later[2]) / 200 < 0.3
