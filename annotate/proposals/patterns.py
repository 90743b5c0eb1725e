"""Pattern proposals: Prodigy-style match-pattern files run through spaCy's ``SpanRuler``.

One ``{"label": ..., "pattern": "exact text" | [token patterns]}`` per line. Patterns run on
the tokenizer of a blank pipeline, so token patterns may use ORTH/LOWER/TEXT/shape-like
attributes, not POS or lemmas.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annotate.errors import ImportFailed
from annotate.formats.jsonl_lines import json_lines
from annotate.model import SOURCE_PATTERN
from annotate.proposals.types import DocumentProposals, ProposedSpan, TextInput
from annotate.schema import Schema

SPANS_KEY = "annotary_patterns"


def parse_patterns(text: str, origin: str) -> list[dict[str, Any]]:
    """Read and check a pattern file's lines; errors name ``origin`` and the line."""
    patterns = []
    for number, entry in json_lines(text, origin, "pattern"):
        label, pattern = entry.get("label"), entry.get("pattern")
        if not isinstance(label, str) or not label:
            raise ImportFailed(origin, "pattern has no 'label' string", number)
        if isinstance(pattern, str):
            if not pattern.strip():
                raise ImportFailed(origin, "'pattern' is an empty string", number)
        elif isinstance(pattern, list) and pattern and all(isinstance(p, dict) for p in pattern):
            _check_token_pattern(origin, number, pattern)
        else:
            raise ImportFailed(origin, "'pattern' must be a string or a list of token objects", number)
        patterns.append({"label": label, "pattern": pattern})
    if not patterns:
        raise ImportFailed(origin, "contains no patterns")
    return patterns


def _check_token_pattern(origin: str, number: int, pattern: list[dict]) -> None:
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    try:
        Matcher(Vocab(), validate=True).add("check", [pattern])
    except (ValueError, KeyError, TypeError) as exc:
        # spaCy lists each problem on a line starting with "- [pattern -> 0 -> field]".
        details = [ln.strip("- ").strip() for ln in str(exc).splitlines() if ln.strip().startswith("- ")]
        reason = "; ".join(details) or str(exc).strip().splitlines()[0]
        raise ImportFailed(origin, f"invalid token pattern: {reason}", number) from None


def read_pattern_file(path: Path) -> list[dict[str, Any]]:
    """Read a pattern file from disk (see :func:`parse_patterns`)."""
    from annotate.formats.reading import read_input_text  # refuses a FIFO unopened, decodes BOMs

    return parse_patterns(read_input_text(Path(path)).text, str(path))


class PatternProposer:
    """Proposes spans matching pattern files; labels go through the schema's label map."""

    source = SOURCE_PATTERN

    def __init__(self, patterns: Sequence[dict[str, Any]], schema: Schema, lang: str = "en") -> None:
        self.patterns = list(patterns)
        self.schema = schema
        self.lang = lang
        self._nlp: Any = None

    def _pipeline(self) -> Any:
        if self._nlp is None:
            import spacy

            nlp = spacy.blank(self.lang)
            ruler: Any = nlp.add_pipe("span_ruler", config={"spans_key": SPANS_KEY})  # a SpanRuler
            ruler.add_patterns(self.patterns)
            self._nlp = nlp
        return self._nlp

    def spans_of(self, doc: Any) -> tuple[list[ProposedSpan], dict[str, int]]:
        """Proposed spans from a doc the ruler has run on, and the dropped labels."""
        found: list[ProposedSpan] = []
        dropped: dict[str, int] = {}
        for span in doc.spans.get(SPANS_KEY, []):
            label = self.schema.map_model_label(span.label_)
            if label is None:
                dropped[span.label_] = dropped.get(span.label_, 0) + 1
                continue
            found.append(ProposedSpan(span.start_char, span.end_char, label, self.source))
        return found, dropped

    def propose(self, documents: Sequence[TextInput]) -> list[DocumentProposals]:
        """Proposals for each document."""
        nlp = self._pipeline()
        out = []
        for item, doc in zip(documents, nlp.pipe(d.text for d in documents), strict=True):
            spans, dropped = self.spans_of(doc)
            out.append(DocumentProposals(item.document_id, tuple(spans), (), tuple(dropped.items())))
        return out
