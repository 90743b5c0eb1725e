"""bench/proposals_bench.py end to end on a one-article gold folder, checked against the
scoring and keystroke functions run here on the same proposals."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from annotate.proposals.pipelines import default_pipeline, load_pipeline
from annotate.resources import builtin_schema
from bench import keystrokes as klm
from bench.gold import read_gold, split_names
from bench.proposals_bench import head_key
from bench.scoring import score_arguments, score_entities, score_triggers
from bench.systems import annotary, raw_model

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "gold_mini"


def test_head_match_compares_the_syntactic_roots() -> None:
    doc = Doc(Vocab(), words=["the", "two", "sides", "met"], heads=[2, 2, 3, 3], deps=["det", "nummod", "nsubj", "ROOT"])
    key = head_key([doc])
    assert key(0, 0, 13) == key(0, 4, 13) == key(0, 8, 13)  # "the two sides", "two sides", "sides"
    assert key(0, 0, 13) != key(0, 14, 17)
    assert key(0, 3, 4) == (3, 4)  # a space covers no token: exact offsets


def _blocks(out: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in re.finditer(r"^== (.+?) \(.*?\) ==\n(.*?)(?=^== |^raw nlp)", out, re.S | re.M)}


def _row(block: str, name: str) -> list[float]:
    line = next(line for line in block.splitlines() if line.strip().startswith(name))
    return [float(x) for x in line.split()[-6:]]


@pytest.mark.slow
def test_the_bench_prints_what_the_scoring_functions_compute(tmp_path: Path) -> None:
    figures = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "proposals_bench.py"), "--articles", str(FIXTURE),
         "--split-file", str(FIXTURE / "split.json"), "--split", "test", "--repeat", "1", "--json", str(figures)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    blocks = _blocks(out)
    assert set(blocks) == {"raw model", "Annotary"}

    schema = builtin_schema("news-ace")
    named = read_gold(FIXTURE, split_names(FIXTURE / "split.json", "test"), schema)
    gold = [g for _, g in named]
    nlp = load_pipeline(default_pipeline())
    raw, docs = raw_model(nlp, [g.text for g in gold], schema)
    ours, _ = annotary(tmp_path, [n for n, _ in named], [g.text for g in gold])
    bounds = [[(t.idx, t.idx + len(t.text)) for t in d] for d in docs]
    data = json.loads(figures.read_text(encoding="utf-8"))
    for run, fig in zip((raw, ours), data["systems"], strict=True):
        block = blocks[run.name]
        _, micro = score_entities(gold, run.documents)
        t_id, t_cls = score_triggers(gold, run.documents)
        a_id, a_cls = score_arguments(gold, run.documents, head_key(docs))
        expected = {"micro": micro, "triggers, identification": t_id, "triggers, classification": t_cls}
        for name, prf in expected.items():
            p, r, f, n_gold, n_pred, tp = _row(block, name)
            assert (round(p, 3), round(r, 3), round(f, 3)) == (round(prf.precision, 3), round(prf.recall, 3), round(prf.f1, 3))
            assert (n_gold, n_pred, tp) == (prf.gold, prf.predicted, prf.tp)
        assert fig["arguments"]["head"]["classification"]["f1"] == round(a_cls.f1, 4)
        assert fig["arguments"]["head"]["identification"]["tp"] == a_id.tp
        articles = [klm.Article(schema, g, b) for g, b in zip(gold, bounds, strict=True)]
        scratch = sum(klm.scratch_cost(a, g).seconds() for a, g in zip(articles, gold, strict=True)) / 60 / len(gold)
        proposed = sum(klm.proposal_cost(a, g, p).seconds()
                       for a, g, p in zip(articles, gold, run.documents, strict=True)) / 60 / len(gold)
        ratio_line = next(line for line in block.splitlines() if "ratio proposals/scratch" in line)
        assert float(ratio_line.split()[-1]) == pytest.approx(proposed / scratch, abs=0.006)
        assert fig["minutes_per_article"]["scratch"]["total"] == pytest.approx(scratch, abs=0.001)

    # The Annotary run proposes events, the raw model none; the targets say what they measure.
    assert data["systems"][0]["triggers"]["classification"]["predicted"] == 0
    assert data["systems"][1]["triggers"]["classification"]["predicted"] > 0
    targets = [line for line in out.splitlines() if line.startswith(("  PASS", "  FAIL"))]
    assert len(targets) == len(data["targets"]) == 5
    f_raw, f_ours = (s["entities"]["micro"]["f1"] for s in data["systems"])
    assert targets[0].startswith("  PASS" if f_ours >= f_raw + 0.05 else "  FAIL")
    assert [t["passed"] for t in data["targets"]] == [line.startswith("  PASS") for line in targets]
