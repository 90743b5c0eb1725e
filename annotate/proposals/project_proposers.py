"""The proposers of a project: its spaCy pipeline and, when it has pattern files, a pattern
proposer in the pipeline's language. One recipe for ``propose``, the window's worker and tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotate.proposals.patterns import PatternProposer, parse_patterns
from annotate.proposals.pipelines import default_pipeline
from annotate.proposals.spacy_proposer import SpacyProposer
from annotate.schema import Schema


@dataclass
class Proposers:
    """A project's proposers (the pipeline not loaded yet: ``model.nlp`` loads it)."""

    name: str  # the pipeline's package or directory
    model: SpacyProposer
    patterns: PatternProposer | None

    @property
    def sources(self) -> list[str]:
        """The ``source`` of each proposer, as stored on what it proposes."""
        return [p.source for p in (self.model, self.patterns) if p is not None]


def project_proposers(model: str | None, schema: Schema, pattern_files: Sequence[tuple[str, str]],
                      events: bool = True) -> Proposers:
    """The proposers for ``model`` (the default pipeline when None) and the pattern files
    ``(name, content)``; raises PipelineError or ImportFailed with one line when one cannot be made."""
    name = model or default_pipeline()
    spacy_proposer = SpacyProposer(name, schema, events=events)
    entries = [entry for file, content in pattern_files for entry in parse_patterns(content, file)]
    patterns = PatternProposer(entries, schema, spacy_proposer.lang) if entries else None
    return Proposers(name, spacy_proposer, patterns)
