"""How good the proposals are, against hand-annotated gold (issue 14).

Scores, in one run on the same articles, spaCy's model alone ("raw model") and what a new
Annotary user gets ("Annotary": a new project, the texts imported, the propose command's code,
the proposals read back from the project file): entities (exact offsets and label, per label
and micro), triggers (identification and classification), arguments (identification and
classification; a filler matches by head, the spaCy syntactic root of its span, and by exact
offsets), the keystroke-level time to reach the gold from scratch and from the proposals
(bench/keystrokes.py), and the propose speed. Then one PASS/FAIL line per target of issue 14.

Tune on ``--split tune``, report on ``--split test`` (the default). Run:
``.venv/bin/python bench/proposals_bench.py --split test [--json PATH]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Hashable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotate.errors import AnnotaryError  # noqa: E402
from annotate.proposals.pipelines import default_pipeline, load_pipeline  # noqa: E402
from annotate.resources import builtin_schema  # noqa: E402
from annotate.schema import Schema  # noqa: E402
from bench import keystrokes as klm  # noqa: E402
from bench.gold import SPLITS, GoldError, read_gold, split_names  # noqa: E402
from bench.scoring import Annotations, FillerKey, score_arguments, score_entities, score_triggers  # noqa: E402
from bench.systems import SCHEMA, Run, annotary, pipe_rate, raw_model  # noqa: E402

DATA = ROOT / "bench" / "data"


def head_key(docs: list[Any]) -> FillerKey:
    """A filler's key for head matching: the index of its span's syntactic root in the gold
    text's parse (exact offsets when the span covers no token)."""

    def key(index: int, start: int, end: int) -> Hashable:
        span = docs[index].char_span(start, end, alignment_mode="expand")
        return ("root", span.root.i) if span is not None and len(span) else (start, end)

    return key


def figures(run: Run, gold: list[Annotations], docs: list[Any], schema: Schema,
            bounds: list[list[tuple[int, int]]]) -> dict[str, Any]:
    """Every score and cost of one system, JSON-ready."""
    per_label, micro = score_entities(gold, run.documents)
    t_id, t_cls = score_triggers(gold, run.documents)
    a_id, a_cls = score_arguments(gold, run.documents, head_key(docs))
    x_id, x_cls = score_arguments(gold, run.documents)
    articles = [klm.Article(schema, g, b) for g, b in zip(gold, bounds, strict=True)]
    scratch_each = [klm.scratch_cost(a, g) for a, g in zip(articles, gold, strict=True)]
    proposed_each = [klm.proposal_cost(a, g, p) for a, g, p in zip(articles, gold, run.documents, strict=True)]
    scratch, proposed = klm.total(scratch_each), klm.total(proposed_each)
    n = len(gold)

    def minutes(cost: klm.Cost, part: str | None) -> float:
        return round(cost.seconds(part) / 60 / n, 3)

    parts = {"entities": klm.ENTITIES, "events": klm.EVENTS, "total": None}
    time = {"scratch": {k: minutes(scratch, v) for k, v in parts.items()},
            "proposals": {k: minutes(proposed, v) for k, v in parts.items()}}
    time["ratio"] = {k: round(time["proposals"][k] / time["scratch"][k], 3) if time["scratch"][k] else 0.0 for k in parts}
    return {
        "system": run.name, "sources": run.sources, "docs_per_second": round(run.docs_per_second, 2), "timed": run.timed,
        "entities": {"per_label": {k: v.as_dict() for k, v in per_label.items()}, "micro": micro.as_dict()},
        "triggers": {"identification": t_id.as_dict(), "classification": t_cls.as_dict()},
        "arguments": {"head": {"identification": a_id.as_dict(), "classification": a_cls.as_dict()},
                      "exact": {"identification": x_id.as_dict(), "classification": x_cls.as_dict()}},
        "minutes_per_article": time,
        "minutes_each": [{"scratch": round(c.seconds() / 60, 3), "proposals": round(p.seconds() / 60, 3)}
                         for c, p in zip(scratch_each, proposed_each, strict=True)],
        "operators": {"scratch": {k: dict(v) for k, v in scratch.ops.items()},
                      "proposals": {k: dict(v) for k, v in proposed.ops.items()}},
    }


def _row(name: str, d: dict[str, Any]) -> str:
    return f"  {name:<34} {d['precision']:6.3f} {d['recall']:6.3f} {d['f1']:6.3f} {d['gold']:6d} {d['predicted']:6d} {d['tp']:6d}"


def print_system(f: dict[str, Any]) -> None:
    """One system's table."""
    print(f"\n== {f['system']} ({f['sources']}) ==")
    print(f"  {'':<34} {'P':>6} {'R':>6} {'F':>6} {'gold':>6} {'pred':>6} {'tp':>6}")
    print("  entities, exact (start, end, label):")
    for label, d in f["entities"]["per_label"].items():
        print(_row(f"  {label}", d))
    print(_row("  micro", f["entities"]["micro"]))
    print(_row("triggers, identification (offsets)", f["triggers"]["identification"]))
    print(_row("triggers, classification (+ type)", f["triggers"]["classification"]))
    for match, words in (("head", "head = spaCy root of the span"), ("exact", "exact offsets")):
        print(f"  arguments ({words}; event matched by trigger offsets + type):")
        print(_row("  identification", f["arguments"][match]["identification"]))
        print(_row("  classification (+ role)", f["arguments"][match]["classification"]))
    t = f["minutes_per_article"]
    print("  keystroke-level model, minutes per article:   entities   events    total")
    for key, words in (("scratch", "from scratch"), ("proposals", "from these proposals"), ("ratio", "ratio proposals/scratch")):
        print(f"    {words:<42} {t[key]['entities']:8.2f} {t[key]['events']:8.2f} {t[key]['total']:8.2f}")
    print(f"  speed: {f['docs_per_second']:.1f} documents/s ({f['timed']})")


def targets(raw: dict[str, Any], ours: dict[str, Any], throughput: float) -> list[dict[str, Any]]:
    """Issue 14's targets, each with its numbers and whether it passes."""
    f_raw, f_ours = raw["entities"]["micro"]["f1"], ours["entities"]["micro"]["f1"]
    trig = ours["triggers"]["classification"]
    arg = ours["arguments"]["head"]["classification"]
    ratio = ours["minutes_per_article"]["ratio"]["total"]
    return [
        {"target": "entity F >= raw model's + 0.05", "passed": f_ours >= f_raw + 0.05,
         "numbers": f"Annotary {f_ours:.3f} vs raw {f_raw:.3f} ({f_ours - f_raw:+.3f})"},
        {"target": "trigger recall >= 0.6 at precision >= 0.5 (classification)",
         "passed": trig["recall"] >= 0.6 and trig["precision"] >= 0.5,
         "numbers": f"R {trig['recall']:.3f}, P {trig['precision']:.3f}"},
        {"target": "argument F >= 0.4 (classification, head match)", "passed": arg["f1"] >= 0.4,
         "numbers": f"F {arg['f1']:.3f} (P {arg['precision']:.3f}, R {arg['recall']:.3f})"},
        {"target": "time from proposals <= 0.5 x from scratch, events included", "passed": 0 < ratio <= 0.5,
         "numbers": f"{ours['minutes_per_article']['proposals']['total']:.2f} / "
                    f"{ours['minutes_per_article']['scratch']['total']:.2f} min = {ratio:.3f}"},
        {"target": "propose throughput >= 0.9 x raw nlp.pipe (here on these articles; bench/propose_bench.py "
                   "measures it on 240)", "passed": throughput >= 0.9, "numbers": f"ratio {throughput:.3f}"},
    ]


def run(articles: Path, split_file: Path, split: str, repeat: int, skip_missing: bool = False) -> dict[str, Any]:
    """Read the gold, run both systems, and return every figure."""
    schema = builtin_schema(SCHEMA)
    named = split_names(split_file, split)
    gold_named = read_gold(articles, named, schema, skip_missing)
    if not gold_named:
        raise GoldError(f"{split_file}: no article of the {split!r} split is in {articles}")
    names = [n for n, _ in gold_named]
    gold = [g for _, g in gold_named]
    texts = [g.text for g in gold]
    nlp = load_pipeline(default_pipeline())
    raw, docs = raw_model(nlp, texts, schema)
    bounds = [[(t.idx, t.idx + len(t.text)) for t in doc] for doc in docs]
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeat):  # fresh projects; the best speed counts, the proposals are the same
            folder = Path(tmp) / str(i)
            folder.mkdir()
            runs.append(annotary(folder, names, texts))
    ours = max((r for r, _ in runs), key=lambda r: r.docs_per_second)
    ours.documents = runs[0][0].documents
    proposer_nlp = runs[0][1].nlp
    pipe_rate(proposer_nlp, texts, 1)  # warm-up
    raw_rate = pipe_rate(proposer_nlp, texts, repeat)
    raw_fig, ours_fig = figures(raw, gold, docs, schema, bounds), figures(ours, gold, docs, schema, bounds)
    throughput = ours.docs_per_second / raw_rate
    missing = [n for n in named if n not in names]
    return {"split": split, "articles": names, "missing": missing, "pipeline": raw.sources,
            "raw_pipe_docs_per_second": round(raw_rate, 2), "systems": [raw_fig, ours_fig],
            "targets": targets(raw_fig, ours_fig, throughput)}


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=SPLITS, default="test")
    parser.add_argument("--articles", type=Path, default=DATA / "articles", help="folder of NAME.txt + NAME.ann")
    parser.add_argument("--split-file", type=Path, default=DATA / "split.json")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs (the best counts)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--skip-missing", action="store_true", help="leave out articles of the split not written yet")
    args = parser.parse_args(argv)
    try:
        result = run(args.articles, args.split_file, args.split, max(1, args.repeat), args.skip_missing)
    except (GoldError, AnnotaryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"split: {result['split']} ({len(result['articles'])} articles: {', '.join(result['articles'])}); "
          f"pipeline {result['pipeline']}; tune on 'tune', report on 'test'")
    if result["missing"]:
        print(f"LEFT OUT (not written yet): {', '.join(result['missing'])}")
    for system in result["systems"]:
        print_system(system)
    print(f"\nraw nlp.pipe with the proposer's components: {result['raw_pipe_docs_per_second']:.1f} documents/s")
    print("\ntargets (issue 14):")
    for t in result["targets"]:
        print(f"  {'PASS' if t['passed'] else 'FAIL'}  {t['target']}: {t['numbers']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
