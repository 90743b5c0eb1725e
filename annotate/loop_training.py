"""Train in the loop: after every N documents marked done, train a project model from the base
pipeline on the documents marked done, and propose with it when it beats the current model on
the documents held out.

The rules live here; the window runs a round in a child process at low priority
(``python main.py loop-train``, see :mod:`gui.loop_trainer`) so neither spaCy's training nor
its memory touches the GUI process. A round:

1. exports the documents marked done (rejected proposals go into ``incorrect_spans``, the
   negative evidence NER's ``incorrect_spans_key`` trains on), less a held-out part, with a
   dev part that picks the best epoch (:func:`loop_split`: fixed per document across rounds);
2. trains from the base pipeline's tok2vec and NER (:func:`annotate.training.train`);
3. puts the trained NER into a copy of the base pipeline, so the project model still tags and
   parses and event proposals keep working;
4. scores it and the current proposer on the held-out documents, which neither trained on
   (micro F over entity labels: no triggers, no mentions).

Settings (project settings, strings): ``loop.enabled`` ("on"/"off"; unset: on when the project
has at least ``loop.every`` documents), ``loop.every`` (default 20), ``loop.trained_at`` (how many
documents were done when the last round started), ``loop.model_f`` (the held-out F of the model
the loop switched to).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from annotate.errors import AnnotaryError

DEFAULT_EVERY = 20
ENABLED, EVERY, TRAINED_AT, MODEL_F = "loop.enabled", "loop.every", "loop.trained_at", "loop.model_f"
PROPOSER_MODEL = "proposer.model"


class Settings(Protocol):
    """The part of the repository the loop reads and writes."""

    def setting(self, key: str) -> str | None:
        """A project setting, or None."""

    def set_setting(self, key: str, value: str) -> None:
        """Set a project setting."""


@dataclass(frozen=True, slots=True)
class LoopState:
    """What the settings say about the loop."""

    enabled: bool
    every: int
    trained_at: int
    explicit: bool  # the user switched it on or off (else: the default for the project's size)

    def describe(self, done: int) -> str:
        """One line: on or off and why, and how many more documents until the next round."""
        how = "" if self.explicit else (
            f" (the default for a project of {'at least' if self.enabled else 'fewer than'} {self.every} documents)")
        return (f"Train in the loop: {'on' if self.enabled else 'off'}{how}; every {self.every} documents marked "
                f"done; {done} done, {max(0, self.every - (done - self.trained_at))} more until the next round.")


def loop_state(settings: Settings, total_documents: int) -> LoopState:
    """The loop's settings; unset, it is on only for a project with at least ``every`` documents."""
    every = _int(settings.setting(EVERY), DEFAULT_EVERY)
    flag = settings.setting(ENABLED)
    enabled = flag == "on" if flag in ("on", "off") else total_documents >= every
    return LoopState(enabled, every, _int(settings.setting(TRAINED_AT), 0), flag in ("on", "off"))


def set_loop(settings: Settings, enabled: bool | None = None, every: int | None = None) -> None:
    """Switch the loop on or off and/or set how many documents marked done start a round."""
    if every is not None:
        if every < 1:
            raise AnnotaryError(f"train in the loop: every must be at least 1 document, not {every}")
        settings.set_setting(EVERY, str(every))
    if enabled is not None:
        settings.set_setting(ENABLED, "on" if enabled else "off")


def is_due(state: LoopState, done: int) -> bool:
    """Whether ``done`` documents marked done call for a round (``every`` more than last time)."""
    return state.enabled and done >= 3 and done - state.trained_at >= state.every


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class RoundResult:
    """What one round made: the project model, its F and the current model's on the same
    held-out documents, and whether it should replace the current model."""

    model: Path
    f: float
    current_f: float
    current: str
    held_out_documents: int
    train_documents: int

    @property
    def better(self) -> bool:
        """Strictly better on the held-out documents (a tie keeps the current model)."""
        return self.f > self.current_f

    def as_dict(self) -> dict[str, Any]:
        """The JSON form the child process prints."""
        return {"model": str(self.model), "f": self.f, "current_f": self.current_f, "current": self.current,
                "held_out_documents": self.held_out_documents, "train_documents": self.train_documents,
                "better": self.better}


def apply_result(settings: Settings, result: RoundResult, done_at_start: int) -> bool:
    """Record a finished round; switch the project's proposer when the new model is better.
    Returns whether it switched."""
    settings.set_setting(TRAINED_AT, str(done_at_start))
    if not result.better:
        return False
    settings.set_setting(PROPOSER_MODEL, str(result.model))
    settings.set_setting(MODEL_F, f"{result.f:.4f}")
    return True


Progress = Callable[[int, float], None]  # epoch, F on dev


def loop_split(ids: Iterable[int]) -> tuple[list[int], list[int], list[int]]:
    """Train, dev (picks spaCy's best epoch) and held-out (scores the models) documents. Each
    document's part follows from its id alone, so a document held out once is held out in
    every later round and never trained on by any project model; only a project too small for
    that (fewer than one document in a part) borrows the lowest-ranked ones."""
    ranked = sorted(ids, key=_rank)
    held = [i for i in ranked if _rank(i) % 10 < 2]
    dev = [i for i in ranked if _rank(i) % 10 == 2]
    for part in (held, dev):
        if not part:
            spare = next((i for i in ranked if i not in held and i not in dev), None)
            if spare is not None:
                part.append(spare)
    train = [i for i in ranked if i not in held and i not in dev]
    return train, dev, held


def _rank(document_id: int) -> int:
    return zlib.crc32(f"annotary-loop:{document_id}".encode())


def run_round(repo: Any, work: Path, base_model: str, current_model: str, *, epochs: int = 5,
              on_progress: Progress | None = None, should_stop: Callable[[], bool] | None = None) -> RoundResult:
    """One round on the project ``repo`` (only read) in folder ``work``: export the train and
    dev documents, train from ``base_model``, build the project model, score it and
    ``current_model`` on the held-out documents (:func:`loop_split`)."""
    from annotate.exports.collect import collect
    from annotate.exports.run import export
    from annotate.model import DocStatus
    from annotate.training import train

    work = work.resolve()  # the model's path is stored in the project: never relative
    done = repo.document_ids(DocStatus.DONE)  # read once: the window may mark more done meanwhile
    train_ids, dev_ids, held_ids = loop_split(done)
    if not train_ids:
        raise AnnotaryError(f"train in the loop needs at least three documents marked done (has {len(done)})")
    export(repo, work / "data", "spacy", model=base_model, documents=train_ids + dev_ids, dev_documents=dev_ids)
    best = train(work / "data" / "config.cfg", work / "training", epochs=epochs, base_model=base_model,
                 on_progress=(lambda p: on_progress(p.epoch, p.ents_f or p.score)) if on_progress else None,
                 should_stop=should_stop)
    model = build_project_model(base_model, best, work / "project-model")
    schema = repo.schema()
    held_out = list(collect(repo, "done", documents=held_ids)[0])
    return RoundResult(model, held_out_f(str(model), held_out, schema), held_out_f(current_model, held_out, schema),
                       current_model, len(held_out), len(train_ids))


def build_project_model(base_model: str, trained: Path, out: Path) -> Path:
    """The base pipeline with its NER replaced by the trained one (the trained NER embeds its
    own tok2vec, so it needs nothing else from the trained pipeline)."""
    import spacy

    nlp = spacy.load(base_model)
    trained_nlp = spacy.load(trained)
    listeners = set(getattr(trained_nlp.get_pipe("tok2vec"), "listening_components", [])) if "tok2vec" in trained_nlp.pipe_names else set()
    if "ner" in listeners:
        trained_nlp.to_disk(out)  # an NER that listens to its tok2vec cannot be moved: keep it whole
        return out
    names = nlp.pipe_names
    position = names.index("ner") if "ner" in names else len(names)
    if "ner" in names:
        nlp.remove_pipe("ner")
    after = names[position - 1] if position > 0 else None
    if after is not None and after in nlp.pipe_names:
        nlp.add_pipe("ner", source=trained_nlp, after=after)
    else:
        nlp.add_pipe("ner", source=trained_nlp)
    nlp.meta["name"] = f"{nlp.meta.get('name', 'pipeline')}_project"
    nlp.to_disk(out)
    return out


def held_out_f(model: str, docs: list[Any], schema: Any) -> float:
    """Micro F of ``model``'s entities on ``docs`` (ExportDocuments) against their accepted
    entity spans."""
    from annotate.exports.collect import entity_labels
    from annotate.proposals.spacy_proposer import SpacyProposer
    from annotate.proposals.types import TextInput

    proposer = SpacyProposer(model, schema, events=False)
    results = proposer.propose([TextInput(d.document.id, d.document.text) for d in docs])
    labels = entity_labels(schema)
    gold = {(d.document.id, s.start, s.end, s.label) for d in docs for s in d.spans if s.label in labels}
    pred = {(r.document_id, s.start, s.end, s.label) for r in results for s in r.spans if s.label in labels}
    hits = len(gold & pred)
    if not gold or not pred or not hits:
        return 0.0
    precision, recall = hits / len(pred), hits / len(gold)
    return 2 * precision * recall / (precision + recall)
