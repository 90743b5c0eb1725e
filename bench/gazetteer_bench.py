"""What the gazetteer does, by city population threshold: names, build time, time per article,
and what it changes on the sample articles and a dozen conflict-news sentences (model labels relabelled, spans added, norms given).

Run: ``.venv/bin/python bench/gazetteer_bench.py``.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotate.proposals.gazetteer import correct  # noqa: E402
from annotate.proposals.gazetteer_data import load_gazetteer  # noqa: E402
from annotate.proposals.pipelines import default_pipeline  # noqa: E402
from annotate.proposals.spacy_proposer import SpacyProposer  # noqa: E402
from annotate.resources import builtin_schema, sample_articles  # noqa: E402


# Sentences of the kind conflict reporting is made of, naming towns of every size (written for
# this benchmark; the towns are real).
CONFLICT = [
    "Gunmen killed 12 villagers near Gwoza and Bama in Borno state, officials said.",
    "Militants attacked an army post in Djibo and another near Dori on Sunday.",
    "Fighting between the army and the FLA resumed around Kidal and Menaka.",
    "ADF rebels killed 30 civilians near Beni and Oicha, North Kivu, local sources said.",
    "Al-Shabaab fighters overran a base near Baidoa and clashed with troops in Kismayo.",
    "Houthi forces shelled positions south of Marib city and in Taiz.",
    "Airstrikes hit Idlib and Saraqib as HTS fighters advanced towards Aleppo.",
    "RSF fighters entered El Fasher while clashes spread to Nyala and El Geneina.",
    "Protesters marched in Monguno and Diffa against the killings.",
    "Police dispersed demonstrators in Mopti and Sevare after the attack.",
    "Drones struck Kherson and Nikopol overnight, the governor said.",
    "Insurgents raided Mocimboa da Praia and Palma in Cabo Delgado.",
]


def main() -> None:
    schema = builtin_schema("news-ace")
    off = SpacyProposer(default_pipeline(), dataclasses.replace(schema, gazetteer=False))
    texts = [p.read_text(encoding="utf-8") for p in sample_articles()] + CONFLICT
    docs = list(off.nlp.pipe(texts))
    model = [list(off.doc_proposals(doc, i).spans) for i, doc in enumerate(docs)]
    print(f"{len(docs)} texts (samples and conflict sentences), {sum(len(d) for d in docs)} tokens, {sum(len(m) for m in model)} model spans")
    print("threshold   names  build s  ms/article  relabelled  added  with norms")
    for threshold in (15_000, 50_000, 100_000, 500_000):
        started = time.perf_counter()
        gazetteer = load_gazetteer(threshold)
        built = time.perf_counter() - started
        started = time.perf_counter()
        after = [correct(gazetteer, doc, spans, schema.map_model_label) for doc, spans in zip(docs, model, strict=True)]
        per_article = (time.perf_counter() - started) / len(docs) * 1000
        before_labels = [{(s.start, s.end): s.label for s in spans} for spans in model]
        relabelled = sum(1 for b, a in zip(before_labels, after, strict=True) for s in a
                         if (s.start, s.end) in b and b[(s.start, s.end)] != s.label)
        added = sum(1 for b, a in zip(before_labels, after, strict=True) for s in a if (s.start, s.end) not in b)
        normed = sum(1 for a in after for s in a if s.norms)
        print(f"{threshold:>9,}  {len(gazetteer):>6}  {built:7.2f}  {per_article:10.2f}  {relabelled:>10}  {added:>5}  {normed:>10}")


if __name__ == "__main__":
    main()
