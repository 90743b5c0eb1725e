"""The Repository contract (tests/repository_contract.py) run against MemoryRepository, and
what is particular to it: it implements the whole protocol, and stays quick when large."""

from __future__ import annotations

import inspect
import time

import pytest

from annotate.memory_repository import MemoryRepository
from annotate.model import Document, Span, SpanStatus
from annotate.repository import Repository
from annotate.resources import builtin_schema
from tests.repository_contract import RepositoryContract


class TestMemoryRepositoryContract(RepositoryContract):
    """The contract, over an empty in-memory project with the news-ace schema."""

    integrity_errors = (ValueError,)

    @pytest.fixture
    def repo(self) -> MemoryRepository:
        return MemoryRepository(builtin_schema("news-ace"))


def _protocol_methods() -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in vars(Repository).items()
        if callable(member) and not name.startswith("_")
    }


def test_every_protocol_method_is_there_with_its_parameters() -> None:
    methods = _protocol_methods()
    assert len(methods) > 40
    for name, expected in methods.items():
        got = inspect.signature(getattr(MemoryRepository, name))
        assert list(got.parameters) == list(expected.parameters), name
        assert [p.default for p in got.parameters.values()] == [p.default for p in expected.parameters.values()], name


def test_it_is_a_repository_to_the_type_checker() -> None:
    repo: Repository = MemoryRepository(builtin_schema("news-ace"))  # mypy checks this line
    assert repo.schema().name == "news-ace"


def test_transactions_stay_quick_with_thousands_of_spans() -> None:
    repo = MemoryRepository(builtin_schema("news-ace"))
    with repo.transaction():
        docs = repo.add_documents(Document("Kerry met Putin. " * 50, content_hash=str(i)) for i in range(50))
        for doc in docs:
            for i in range(100):
                repo.insert_span(Span(doc, i, i + 5, "PERSON", SpanStatus.PROPOSED))
    started = time.perf_counter()
    for i in range(100):
        with repo.transaction():
            repo.update_span(Span(docs[0], 0, 5, "ORG", id=1 + i))
            repo.spans(docs[0])
    assert time.perf_counter() - started < 2.0
    assert repo.stats()["spans"]["total"] == 5000
