"""Export benchmark: 10,000 annotated generated documents to spaCy DocBin.

Prints, in one run: documents/s of ``export --format spacy`` (read the project, build each Doc
with its entities, span groups, rejected spans and events, write train/dev DocBins and the
config) and of building the same Docs and one DocBin directly with spaCy from in-memory texts
and offsets; and their ratio (target >= 0.5). Both load the same tokenizer inside the timing.
Run: ``.venv/bin/python bench/export_bench.py``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotate.exports.run import export  # noqa: E402
from annotate.formats.parsed import ParsedBatch, ParsedDocument, ParsedSpan  # noqa: E402
from annotate.model import DocStatus  # noqa: E402
from annotate.proposals.pipelines import default_pipeline, load_tokenizer  # noqa: E402
from annotate.resources import builtin_schema  # noqa: E402
from annotate.session import Session  # noqa: E402
from store import open_project  # noqa: E402

NAMES = [("Kerry", "PERSON"), ("Putin", "PERSON"), ("Geneva", "GPE"), ("Moscow", "GPE"), ("Monday", "DATE"),
         ("the United Nations", "ORG"), ("Hamas", "ORG"), ("Kharkiv", "GPE")]
FILLER = "officials said the talks would continue after a short break while aid convoys waited".split()


def generate(n: int) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """``n`` distinct documents of ~60 words with 8 entities each."""
    out = []
    for i in range(n):
        parts, spans, pos = [], [], 0
        for j in range(8):
            name, label = NAMES[(i + j) % len(NAMES)]
            filler = " ".join(FILLER[(i + j) % 5:(i + j) % 5 + 6])
            chunk = f"{filler} {name} "
            spans.append((pos + len(filler) + 1, pos + len(filler) + 1 + len(name), label))
            parts.append(chunk)
            pos += len(chunk)
        parts.append(f"Report {i}.")
        out.append(("".join(parts), spans))
    return out


def direct(model: str, docs: list[tuple[str, list[tuple[int, int, str]]]], out: Path) -> float:
    """Seconds to build the Docs and a DocBin straight from texts and offsets."""
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    start = time.perf_counter()
    nlp = load_tokenizer(model)
    bin_ = DocBin(store_user_data=True)
    for text, spans in docs:
        doc = nlp.make_doc(text)
        ents = [s for s in (doc.char_span(a, b, label=lb, alignment_mode="strict") for a, b, lb in spans) if s is not None]
        doc.set_ents(filter_spans(ents), default="outside")
        doc.spans["sc"] = ents
        bin_.add(doc)
    bin_.to_disk(out / "direct.spacy")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=10_000)
    args = parser.parse_args()
    model = default_pipeline()
    docs = generate(args.documents)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "bench.annotary"
        with open_project(path, create=True, schema=builtin_schema("news-ace")) as store:
            Session(store).import_batch(ParsedBatch(documents=[
                ParsedDocument(text, f"Doc {i}", "bench", spans=[ParsedSpan(a, b, lb) for a, b, lb in spans])
                for i, (text, spans) in enumerate(docs)
            ]))
            with store.transaction():
                for document_id in store.document_ids():
                    store.set_document_status(document_id, DocStatus.DONE)
        reference = direct(model, docs, folder)
        with open_project(path, readonly=True) as store:
            start = time.perf_counter()
            report = export(store, folder / "out", "spacy", model=model)
            ours = time.perf_counter() - start
    n = args.documents
    print(f"documents: {n}, spans: {report.spans}, pipeline tokenizer: {model}")
    print(f"spaCy directly (Docs + DocBin):  {reference:6.2f} s  {n / reference:8.0f} docs/s")
    print(f"annotary export --format spacy:  {ours:6.2f} s  {n / ours:8.0f} docs/s")
    print(f"ratio export/direct:             {reference / ours:6.2f}  (target >= 0.5)")


if __name__ == "__main__":
    main()
