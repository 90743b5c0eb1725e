"""Proposal benchmark on articles built from the samples.

Prints, in one run: tokens/s of raw ``nlp.pipe`` with the very pipeline and disabled components
the proposer uses; tokens/s of the propose command's work end to end (read texts, spaCy,
events, the gazetteer, merge, store in per-batch transactions, as for a new project, which
has no pattern file) with 1 and 2 processes, each after the same warm-up; their ratio
(target >= 0.9 for one process) and the ratio n-process 2 / n-process 1. The model is loaded
before timing in both cases. Run: ``.venv/bin/python bench/propose_bench.py``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotate.formats.parsed import ParsedBatch, ParsedDocument  # noqa: E402
from annotate.proposals.batch import pending_documents, run_batches  # noqa: E402
from annotate.proposals.pipelines import default_pipeline  # noqa: E402
from annotate.proposals.spacy_proposer import SpacyProposer  # noqa: E402
from annotate.resources import builtin_schema, sample_articles  # noqa: E402
from annotate.session import Session  # noqa: E402
from store import open_project  # noqa: E402


def articles(n: int) -> list[str]:
    """``n`` distinct articles: the samples, each numbered so none is a duplicate."""
    samples = [p.read_text(encoding="utf-8") for p in sample_articles()]
    return [f"Update {i}. {samples[i % len(samples)]}" for i in range(n)]


def raw_pipe(proposer: SpacyProposer, texts: list[str], batch_size: int) -> tuple[float, int]:
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in proposer.nlp.pipe(texts, batch_size=batch_size))
    return time.perf_counter() - start, tokens


def end_to_end(folder: Path, texts: list[str], model: str, batch_size: int, n_process: int, name: str) -> float:
    store = open_project(folder / f"{name}.annotary", create=True, schema=builtin_schema("news-ace"))
    session = Session(store)
    session.import_batch(ParsedBatch(documents=[ParsedDocument(t, t[:40], "bench") for t in texts]))
    proposer = SpacyProposer(model, store.schema(), events=True)
    _ = proposer.nlp  # the model and the gazetteer, loaded before timing
    raw_pipe(proposer, texts[:20], batch_size)  # warmed up like the raw pipeline (a fixed cost, not a rate)
    todo = pending_documents(session, [proposer.source])
    start = time.perf_counter()
    report = run_batches(session, todo, proposer, None, batch_size, n_process)
    elapsed = time.perf_counter() - start
    assert report.documents == len(texts) and not report.interrupted
    store.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    model = default_pipeline()
    texts = articles(args.articles)
    proposer = SpacyProposer(model, builtin_schema("news-ace"), events=True)
    _ = proposer.nlp
    raw_pipe(proposer, texts[:20], args.batch_size)  # warm-up
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        raw, tokens = raw_pipe(proposer, texts, args.batch_size)
        e2e1 = end_to_end(folder, texts, model, args.batch_size, 1, "one")
        e2e2 = end_to_end(folder, texts, model, args.batch_size, 2, "two")
    print(f"pipeline: {model}, components: {', '.join(proposer.active_components)}")
    print(f"articles: {len(texts)}, tokens: {tokens}, batch size: {args.batch_size}")
    print(f"raw nlp.pipe:              {raw:6.2f} s  {tokens / raw:8.0f} tokens/s")
    print(f"propose end to end, n=1:   {e2e1:6.2f} s  {tokens / e2e1:8.0f} tokens/s")
    print(f"propose end to end, n=2:   {e2e2:6.2f} s  {tokens / e2e2:8.0f} tokens/s")
    print(f"ratio propose/raw (n=1):   {raw / e2e1:6.2f}  (target >= 0.9)")
    print(f"ratio n-process 2 / 1:     {e2e1 / e2e2:6.2f}  (speed-up; 2 cores)")


if __name__ == "__main__":
    main()
