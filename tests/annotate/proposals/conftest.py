"""The real English pipeline, loaded once for these tests."""

from __future__ import annotations

import pytest

from annotate.proposals.pipelines import default_pipeline
from annotate.proposals.spacy_proposer import SpacyProposer
from annotate.resources import builtin_schema


@pytest.fixture(scope="session")
def model_name() -> str:
    return default_pipeline()


@pytest.fixture(scope="session")
def ace_proposer(model_name: str) -> SpacyProposer:
    proposer = SpacyProposer(model_name, builtin_schema("news-ace"), events=True)
    _ = proposer.nlp
    return proposer
