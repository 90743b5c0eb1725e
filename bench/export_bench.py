"""Export benchmark: annotated generated ~500-word articles to spaCy DocBin, at each of
``--sizes`` (default 10,000 and 100,000 articles, every one marked done, ~20 entities each).

For each size, in the same run and each in a fresh child process (so its peak resident memory,
``ru_maxrss``, is its own): ``export --format spacy`` (read the project a document at a time,
build each Doc with its entities, span groups, rejected spans and records, write train/dev
DocBins, sharded beyond 150,000 tokens, and the config), and the same Docs built directly with
spaCy from the texts and offsets read from a .jsonl a line at a time, written to DocBins of the
same shard size (spaCy's own bounded-memory way). Both load the same tokenizer inside the timing.
Prints documents/s, peak RSS and the ratio export/direct (target >= 0.5).
Run: ``.venv/bin/python bench/export_bench.py [--sizes 10000 100000]``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAMES = [("Kerry", "PERSON"), ("Putin", "PERSON"), ("Geneva", "GPE"), ("Moscow", "GPE"), ("Monday", "DATE"),
         ("the United Nations", "ORG"), ("Hamas", "ORG"), ("Kharkiv", "GPE")]
FILLER = ("officials said the talks would continue after a short break while aid convoys waited near "
          "the border and ministers met envoys to discuss a ceasefire").split()


def write_corpus(path: Path, n: int, words: int, seed: int = 7) -> None:
    """``n`` distinct tasks of about ``words`` words, an entity every ~25 words, written a line
    at a time."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            parts, spans, pos = [f"Report {i}. "], [], len(f"Report {i}. ")
            while pos < words * 6:
                filler = " ".join(rng.choice(FILLER) for _ in range(24))
                name, label = rng.choice(NAMES)
                spans.append({"start": pos + len(filler) + 1, "end": pos + len(filler) + 1 + len(name), "label": label})
                chunk = f"{filler} {name} "
                parts.append(chunk)
                pos += len(chunk)
            out.write(json.dumps({"text": "".join(parts) + "end.", "spans": spans}) + "\n")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child_build(jsonl: Path, project: Path) -> dict:
    """The project the export reads: the corpus imported with every document done."""
    from annotate.resources import builtin_schema
    from annotate.session import Session
    from store import open_project

    with open_project(project, create=True, schema=builtin_schema("news-ace")) as store:
        start = time.perf_counter()
        report = Session(store).import_paths([jsonl], status="done")
        return {"seconds": time.perf_counter() - start, "documents": report.documents, "spans": report.spans}


def child_export(project: Path, out: Path, model: str) -> dict:
    from annotate.exports.run import export
    from store import open_project

    with open_project(project, readonly=True) as store:
        start = time.perf_counter()
        report = export(store, out, "spacy", model=model)
        return {"seconds": time.perf_counter() - start, "documents": report.documents, "spans": report.spans}


def child_direct(jsonl: Path, out: Path, model: str) -> dict:
    """Docs and DocBins straight from texts and offsets, with spaCy alone."""
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    from annotate.exports.docbin_shards import SHARD_TOKENS
    from annotate.proposals.pipelines import load_tokenizer

    start = time.perf_counter()
    nlp = load_tokenizer(model)
    out.mkdir()
    bin_, tokens, shards, documents = DocBin(store_user_data=True), 0, 0, 0
    with jsonl.open(encoding="utf-8") as lines:
        for line in lines:
            task = json.loads(line)
            doc = nlp.make_doc(task["text"])
            ents = [s for s in (doc.char_span(sp["start"], sp["end"], label=sp["label"], alignment_mode="strict")
                                for sp in task["spans"]) if s is not None]
            doc.set_ents(filter_spans(ents), default="outside")
            doc.spans["sc"] = ents
            bin_.add(doc)
            documents += 1
            tokens += len(doc)
            if tokens >= SHARD_TOKENS:
                bin_.to_disk(out / f"{shards:05d}.spacy")
                bin_, tokens, shards = DocBin(store_user_data=True), 0, shards + 1
    bin_.to_disk(out / f"{shards:05d}.spacy")
    return {"seconds": time.perf_counter() - start, "documents": documents}


def measure(mode: str, *args: str | Path) -> dict:
    """Run one measurement in a child process; its figures and its peak RSS in MB."""
    done = subprocess.run([sys.executable, __file__, "--child", mode, *map(str, args)],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def run_child(mode: str, args: list[str]) -> None:
    if mode == "build":
        result = child_build(Path(args[0]), Path(args[1]))
    elif mode == "export":
        result = child_export(Path(args[0]), Path(args[1]), args[2])
    else:
        result = child_direct(Path(args[0]), Path(args[1]), args[2])
    print(json.dumps(result | {"rss_mb": _peak_mb()}))


def bench(n: int, words: int, folder: Path, model: str) -> None:
    jsonl, project = folder / f"articles-{n}.jsonl", folder / f"bench-{n}.annotary"
    write_corpus(jsonl, n, words)
    built = measure("build", jsonl, project)
    direct = measure("direct", jsonl, folder / f"direct-{n}", model)
    ours = measure("export", project, folder / f"out-{n}", model)
    assert ours["documents"] == direct["documents"] == n, (ours, direct)
    print(f"\n{n} documents x ~{words} words, {built['spans']} spans (built in {built['seconds']:.0f} s, "
          f"peak RSS {built['rss_mb']:.0f} MB); pipeline tokenizer: {model}")
    print(f"  spaCy directly (Docs + DocBin shards): {direct['seconds']:7.2f} s  {n / direct['seconds']:7.0f} docs/s"
          f"  peak RSS {direct['rss_mb']:5.0f} MB")
    print(f"  annotary export --format spacy:        {ours['seconds']:7.2f} s  {n / ours['seconds']:7.0f} docs/s"
          f"  peak RSS {ours['rss_mb']:5.0f} MB")
    print(f"  ratio export/direct:                   {direct['seconds'] / ours['seconds']:7.2f}  (target >= 0.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child[0], args.child[1:])
        return
    from annotate.proposals.pipelines import default_pipeline

    model = default_pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            bench(n, args.words, Path(tmp), model)


if __name__ == "__main__":
    main()
