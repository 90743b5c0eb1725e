"""Training a spaCy pipeline on an export, with progress and Cancel, and evaluating a pipeline
against the project's documents marked done.

Training goes through spaCy's own Python API (``init_nlp`` and ``training.loop.train``) on the
``config.cfg`` the spaCy export writes; progress comes from a spaCy logger registered here,
which reports each evaluation (epoch, step, loss, F-score) to the caller and stops training
when the caller asks.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotate.errors import AnnotaryError
from annotate.exports.collect import ExportDocument, entity_labels
from annotate.schema import Schema

LOGGER_NAME = "annotary.progress.v1"


class TrainingError(AnnotaryError):
    """Training could not run or was cancelled before a model was saved."""


class TrainingCancelled(Exception):
    """Raised from the logger to stop spaCy's training loop."""


@dataclass(frozen=True, slots=True)
class TrainProgress:
    """One evaluation during training."""

    epoch: int
    step: int
    loss: float
    score: float  # spaCy's weighted score (NER F-score for an NER pipeline)
    ents_f: float | None


@dataclass(frozen=True, slots=True)
class _Listeners:
    on_progress: Callable[[TrainProgress], None] | None
    should_stop: Callable[[], bool] | None


_LISTENERS: ContextVar[_Listeners | None] = ContextVar("annotary_training_listeners", default=None)


def _register_logger() -> None:
    import spacy

    if LOGGER_NAME in spacy.registry.loggers.get_all():
        return

    @spacy.registry.loggers(LOGGER_NAME)
    def progress_logger() -> Callable:  # noqa: ANN202 (spaCy's logger protocol)
        def setup(_nlp: Any, _stdout: Any = None, _stderr: Any = None) -> tuple[Callable, Callable]:
            listeners = _LISTENERS.get()

            def log_step(info: dict[str, Any] | None) -> None:
                if listeners is None:
                    return
                if listeners.should_stop is not None and listeners.should_stop():
                    raise TrainingCancelled()
                if info is None or listeners.on_progress is None:
                    return
                other = info.get("other_scores") or {}
                listeners.on_progress(TrainProgress(
                    int(info.get("epoch", 0)), int(info.get("step", 0)),
                    float(sum((info.get("losses") or {}).values())), float(info.get("score") or 0.0),
                    other.get("ents_f"),
                ))

            return log_step, lambda: None

        return setup


def base_model_overrides(base_model: str) -> dict[str, Any]:
    """Config overrides that start from a pipeline's tok2vec and NER instead of blank ones."""
    return {
        "components.tok2vec": {"source": base_model},
        "components.ner": {"source": base_model, "incorrect_spans_key": "incorrect_spans"},
    }


def train(
    config_path: Path,
    output: Path,
    *,
    epochs: int = 10,
    gpu_id: int = -1,
    base_model: str | None = None,
    on_progress: Callable[[TrainProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Path:
    """Train on the export's config; return the path of the best model."""
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_loop
    from spacy.util import load_config

    _register_logger()
    overrides: dict[str, Any] = {
        "training.max_epochs": epochs,
        "training.logger": {"@loggers": LOGGER_NAME},
    }
    if base_model:
        overrides |= base_model_overrides(base_model)
    try:
        config = load_config(config_path, overrides=overrides, interpolate=False)
    except (OSError, ValueError) as exc:
        raise TrainingError(f"{config_path}: cannot read the training config: {exc}") from None
    token = _LISTENERS.set(_Listeners(on_progress, should_stop))
    try:
        nlp = init_nlp(config, use_gpu=gpu_id)
        output.mkdir(parents=True, exist_ok=True)
        quiet = io.StringIO()  # progress goes to the listener, not spaCy's table
        train_loop(nlp, output, use_gpu=gpu_id, stdout=quiet, stderr=quiet)
    except TrainingCancelled:
        pass
    except (ValueError, KeyError, OSError) as exc:
        raise TrainingError(f"training failed: {exc}") from None
    finally:
        _LISTENERS.reset(token)
    best = output / "model-best"
    if not (best / "meta.json").exists():
        raise TrainingError("training stopped before a model was saved")
    return best


@dataclass(frozen=True, slots=True)
class LabelScore:
    """Precision, recall and F-score of one label."""

    label: str
    precision: float
    recall: float
    f: float
    gold: int
    predicted: int


def evaluate(docs: Iterable[ExportDocument], predicted: dict[int, set[tuple[int, int, str]]], schema: Schema) -> list[LabelScore]:
    """Per-label scores of predicted entity spans (by document id) against the accepted ones."""
    entities = entity_labels(schema)
    gold_all: set[tuple[int, int, int, str]] = set()
    pred_all: set[tuple[int, int, int, str]] = set()
    for export in docs:
        doc_id = export.document.id
        gold_all |= {(doc_id, s.start, s.end, s.label) for s in export.spans if s.label in entities}
        pred_all |= {(doc_id, *p) for p in predicted.get(doc_id, set()) if p[2] in entities}
    scores = []
    for label in sorted({g[3] for g in gold_all} | {p[3] for p in pred_all}):
        gold = {g for g in gold_all if g[3] == label}
        pred = {p for p in pred_all if p[3] == label}
        hit = len(gold & pred)
        precision = hit / len(pred) if pred else 0.0
        recall = hit / len(gold) if gold else 0.0
        f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.append(LabelScore(label, precision, recall, f, len(gold), len(pred)))
    return scores


def scoring_documents(done: list[ExportDocument], documents: list[int] | None, dev_split: float,
                      seed: int) -> tuple[list[ExportDocument], str]:
    """The documents ``evaluate`` scores on, and how to say which: those named (each must be
    marked done), else the dev split ``train`` held out (the same shuffle and cut as the
    export), so a model is never scored on what it learnt from."""
    from annotate.exports.spacy_out import split

    if documents:
        by_id = {d.document.id: d for d in done}
        missing = [str(i) for i in documents if i not in by_id]
        if missing:
            raise AnnotaryError(f"not a document marked done: {', '.join(missing)}")
        chosen = [by_id[i] for i in dict.fromkeys(documents)]
        what = f"{len(chosen)} documents named with --documents"
    else:
        _, chosen = split(done, dev_split, seed)
        what = (f"the dev split: {len(chosen)} of {len(done)} documents marked done "
                f"(--dev-split {dev_split:g} --seed {seed}, as train held them out)")
    if not chosen:
        raise AnnotaryError(f"no document to score on ({what})")
    return chosen, what
