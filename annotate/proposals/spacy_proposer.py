"""Proposals from a spaCy pipeline: named entities (through the schema's label map, their
boundaries cleaned by :mod:`annotate.proposals.boundaries` as the schema's
``proposal_cleaning`` says, their labels corrected and completed by the gazetteer of
:mod:`annotate.proposals.gazetteer` as the schema's ``gazetteer`` says) and, when asked,
events found by :class:`~annotate.proposals.events.EventFinder` on the parse."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotate.proposals.boundaries import clean_tokens, cleaning_rules, hard_wrapped
from annotate.proposals.events import EventFinder
from annotate.proposals.gazetteer import Gazetteer, correct
from annotate.proposals.pipelines import PipelineError, load_pipeline
from annotate.proposals.time_norms import add_time_norms, prepare_dates
from annotate.proposals.types import DocumentProposals, ProposedEvent, ProposedSpan, TextInput
from annotate.schema import Schema

NER_NEEDS = {"ner"}
EVENT_NEEDS = {"tagger", "morphologizer", "attribute_ruler", "lemmatizer", "parser", "senter", "ner"}
SHARED = {"tok2vec", "transformer"}


def pipeline_meta(name_or_path: str) -> dict[str, Any]:
    """A pipeline's meta without loading it (package name or directory)."""
    import spacy.util

    path = Path(name_or_path)
    try:
        if not path.is_dir():
            if not spacy.util.is_package(name_or_path):
                raise PipelineError(
                    f"spaCy pipeline {name_or_path!r} is neither an installed package nor a directory "
                    "(see 'python main.py models')"
                )
            path = spacy.util.get_package_path(name_or_path)
        return dict(spacy.util.load_meta(path / "meta.json"))
    except (OSError, ValueError, ModuleNotFoundError) as exc:
        raise PipelineError(f"cannot read spaCy pipeline {name_or_path!r}: {exc}") from None


class SpacyProposer:
    """Entity (and event) proposals from one pipeline, loaded lazily, once."""

    def __init__(self, model: str, schema: Schema, events: bool = True) -> None:
        self.model = model
        self.schema = schema
        self.events = events
        meta = pipeline_meta(model)
        components = set(meta.get("pipeline", []))
        if "ner" not in components:
            raise PipelineError(f"spaCy pipeline {model!r} has no 'ner' component to propose entities")
        self.meta = meta
        self.source = f"model:{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}@{meta.get('version', '0')}"
        self.lang = str(meta.get("lang", "en"))
        self.cleaning = cleaning_rules(schema.proposal_cleaning, self.lang)
        # The gazetteer's names are English: on by default for English pipelines only.
        self.use_gazetteer = schema.gazetteer if schema.gazetteer is not None else self.lang == "en"
        self._gazetteer: Gazetteer | None = None
        # Why this pipeline proposes no events though asked to (said once, by the caller).
        self.no_events: str | None = None
        if events and ("parser" not in components or not components & {"tagger", "morphologizer"}):
            self.events = False  # the event rules read the dependency parse and the parts of speech
            self.no_events = (f"spaCy pipeline {model!r} has no dependency parser or tagger "
                              f"({', '.join(sorted(components)) or 'no components'}): it proposes "
                              "entities only, no events")
        self._nlp: Any = None
        self._finder = EventFinder(schema, self.source) if self.events else None

    @property
    def nlp(self) -> Any:
        """The loaded pipeline with what the proposer does not need disabled."""
        if self._nlp is None:
            import spacy.util

            components = list(self.meta.get("pipeline", []))
            needs = EVENT_NEEDS if self.events else NER_NEEDS
            disable = [c for c in components if c not in needs and c not in SHARED]
            nlp = load_pipeline(self.model, tuple(disable))
            # A shared tok2vec only matters when a kept component listens to it.
            for name in [n for n in nlp.pipe_names if n in SHARED]:
                listeners = set(getattr(nlp.get_pipe(name), "listening_components", []))
                if not listeners & set(nlp.pipe_names) - {name}:
                    nlp.disable_pipe(name)
            if self.use_gazetteer:
                from annotate.proposals.gazetteer_data import load_gazetteer

                self._gazetteer = load_gazetteer()  # with the pipeline: in the worker, once
            prepare_dates(self.lang)  # dateparser's data, likewise
            self._nlp = nlp
            _ = spacy.util  # imported for its side effect of registering architectures
        return self._nlp

    @property
    def active_components(self) -> list[str]:
        """Components that run."""
        return list(self.nlp.pipe_names)

    def doc_proposals(self, doc: Any, document_id: int) -> DocumentProposals:
        """Map a processed Doc to proposals (entity boundaries cleaned; an entity left
        empty by the cleaning is not proposed)."""
        spans: list[ProposedSpan] = []
        dropped: dict[str, int] = {}
        cleaning = self.cleaning if self.cleaning.active else None
        # doc.text joins the whole text (about a millisecond an article): once per document.
        text = doc.text
        wrapped: bool | None = None
        for ent in doc.ents:
            label = self.schema.map_model_label(ent.label_)
            if label is None:
                dropped[ent.label_] = dropped.get(ent.label_, 0) + 1
                continue
            span = ProposedSpan(ent.start_char, ent.end_char, label, self.source)
            if cleaning is not None:
                if wrapped is None and cleaning.line_breaks and any(t.is_space and "\n" in t.text for t in ent):
                    wrapped = hard_wrapped(text)
                kept = clean_tokens(doc, ent.start, ent.end, cleaning, bool(wrapped))
                if kept is None:
                    continue
                if kept != (span.start, span.end):
                    span = replace(span, start=kept[0], end=kept[1])  # same label, source, score
            spans.append(span)
        if self._gazetteer is not None:
            spans = correct(self._gazetteer, doc, spans, self.schema.map_model_label, text)
        events: tuple[ProposedEvent, ...] = ()
        if self._finder is not None:
            events = tuple(self._finder.find(doc, [(s.start, s.end, s.label) for s in spans], text=text))
        spans, events = add_time_norms(text, spans, events, self.lang)  # ISO dates (issue 14)
        return DocumentProposals(document_id, tuple(spans), events, tuple(sorted(dropped.items())))

    def stream(
        self, documents: Iterable[TextInput], batch_size: int = 64, n_process: int = 1
    ) -> Iterator[DocumentProposals]:
        """Proposals for a stream of documents through ``nlp.pipe``, in order."""
        pairs = ((d.text, d.document_id) for d in documents)
        for doc, document_id in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
            yield self.doc_proposals(doc, document_id)

    def propose(self, documents: Sequence[TextInput]) -> list[DocumentProposals]:
        """Proposals for each document, in order."""
        return list(self.stream(documents))
