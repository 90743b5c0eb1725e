"""A brat corpus using every kind of annotation, and helpers the brat tests share: writing a
corpus folder, importing it into a real project, exporting it, and comparing .ann files and
annotation.conf files by meaning (ids renumbered, order free)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from annotate.exports.run import export
from annotate.formats.brat_conf_parse import MANY, BratConf, parse_conf
from annotate.schema import Schema
from annotate.session import Session
from store import open_project
from tests.conftest import ARABIC_TEXT, COMBINING_TEXT, EMOJI_TEXT

CONF = """\
# every kind of declaration brat reads
[entities]
Person
Organization
GPE
!Place-group
\tFacility
Date

[relations]
Located\tArg1:Person|Organization, Arg2:GPE|Facility
Member-of\tMember:Person, Group:Organization
Equiv\tArg1:Person, Arg2:Person, <REL-TYPE>:symmetric-transitive
Cause\tArg1:<EVENT>, Arg2:<EVENT>
<OVERLAP>\tArg1:GPE, Arg2:Organization, <OVL-TYPE>:contain

[events]
Meet\tEntity+:Person|Organization, Place?:GPE, Time?:Date
Attack\tAttacker*:Person|Organization, Target+:<ENTITY>
Report\tReporter?:Person, Event:<EVENT>

[attributes]
Negation\tArg:<EVENT>
Modality\tArg:<EVENT>, Value:Asserted|Other
Notable\tArg:<ENTITY>
Confidence\tArg:Person|Organization, Value:High|Low
Certain\tArg:<RELATION>
"""

NEWS = ("Kerry of the Moscow City Council met Putin in Moscow on Thursday.\n"
        "Rebels attacked the\nconvoy near the Kremlin gate, Lavrov reported.")


def at(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    """The offsets of the ``nth`` occurrence of ``word``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def t_line(ident: str, label: str, text: str, *words: str | tuple[str, int]) -> str:
    """A T line covering ``words`` (several: a discontinuous span, fragments in that order; a
    ``(word, n)`` pair: its ``n``-th occurrence)."""
    pieces = [at(text, w) if isinstance(w, str) else at(text, *w) for w in words]
    offsets = ";".join(f"{s} {e}" for s, e in pieces)
    return f"{ident}\t{label} {offsets}\t{' '.join(text[s:e] for s, e in pieces)}"


def news_ann() -> str:
    """Every kind on one document: fragments, events as arguments (a forward reference),
    relations with their own argument names, an equivalence, attributes, norms and notes."""
    text = NEWS
    return "\n".join([
        t_line("T1", "Person", text, "Kerry"),
        t_line("T2", "Organization", text, "Moscow City Council"),
        t_line("T3", "GPE", text, "Moscow"),  # inside the council's name: <OVERLAP> allows it
        t_line("T4", "Meet", text, "met"),
        t_line("T5", "Person", text, "Putin"),
        t_line("T6", "GPE", text, ("Moscow", 1)),
        t_line("T7", "Date", text, "Thursday"),
        t_line("T8", "Person", text, "Rebels"),
        t_line("T9", "Attack", text, "attacked"),
        t_line("T10", "Facility", text, "convoy", "gate"),  # discontinuous: "convoy ... gate"
        t_line("T11", "Person", text, "Lavrov"),
        t_line("T12", "Report", text, "reported"),
        "E1\tMeet:T4 Entity:T1 Entity2:T5 Place:T6 Time:T7",
        "E2\tReport:T12 Reporter:T11 Event:E3",  # E3 comes later
        "E3\tAttack:T9 Attacker:T8 Target:T10",
        "R1\tLocated Arg1:T2 Arg2:T3",
        "R2\tMember-of Member:T1 Group:T2",
        "R3\tCause Arg1:E3 Arg2:E2",
        "*\tEquiv T1 T11",
        "A1\tModality E1 Other",
        "A2\tNegation E3",
        "A3\tNotable T5",
        "A4\tConfidence T2 High",
        "A5\tCertain R1",
        "N1\tReference T1 Wikipedia:32616\tJohn Kerry",
        "N2\tReference E1 Wikidata:Q1\tmeeting",
        "#1\tAnnotatorNotes T1\tUS Secretary of State",
        "#2\tAnnotatorNotes T1\tat the time",
        "#3\tAnnotatorNotes E3\tunconfirmed",
        "#4\tAnnotatorNotes R2\tformer member",
    ]) + "\n"


def unicode_docs() -> dict[str, tuple[str, str]]:
    """Documents whose offsets count code points: emoji, Arabic, a combining mark."""
    return {
        "emoji": (EMOJI_TEXT, "\n".join([t_line("T1", "GPE", EMOJI_TEXT, "Beira 🙏"),
                                         t_line("T2", "Person", EMOJI_TEXT, "Graça Machel"),
                                         t_line("T3", "GPE", EMOJI_TEXT, "Mozambique"),
                                         "R1\tLocated Arg1:T2 Arg2:T3", "A1\tNotable T2"]) + "\n"),
        "arabic": (ARABIC_TEXT, "\n".join([t_line("T1", "GPE", ARABIC_TEXT, "القاهرة"),
                                           "N1\tReference T1 Wikipedia:Cairo\tالقاهرة"]) + "\n"),
        "combining": (COMBINING_TEXT, "\n".join([t_line("T1", "Person", COMBINING_TEXT, "Jose\u0301 Arriaga"),
                                                 t_line("T2", "GPE", COMBINING_TEXT, "Geneva")]) + "\n"),
    }


def write_corpus(folder: Path, docs: dict[str, tuple[str, str]], conf: str = CONF) -> Path:
    """``NAME.txt``/``NAME.ann`` for each document and ``annotation.conf``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (text, ann) in docs.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
        (folder / f"{name}.ann").write_text(ann, encoding="utf-8", newline="")
    (folder / "annotation.conf").write_text(conf, encoding="utf-8")
    return folder


def corpus_docs() -> dict[str, tuple[str, str]]:
    """The whole corpus: the news document and the Unicode ones."""
    return {"news": (NEWS, news_ann()), **unicode_docs()}


def import_into(project: Path, *sources: Path, schema: Schema | None = None) -> object:
    """Import ``sources`` into a new real project; returns the import report."""
    with open_project(project, create=True, schema=schema or Schema("empty")) as store:
        return Session(store).import_paths(list(sources))


def export_brat(project: Path, out: Path) -> object:
    """Export the project as brat (every document not skipped); returns the report."""
    with open_project(project, readonly=True) as store:
        return export(store, out, "brat", status="all")


def read_pairs(folder: Path) -> dict[str, tuple[str, str]]:
    """Text → (.txt text, .ann text) of every document in a brat folder."""
    out = {}
    for ann in sorted(folder.glob("*.ann")):
        text = ann.with_suffix(".txt").read_bytes().decode("utf-8")
        out[text] = (text, ann.read_bytes().decode("utf-8"))
    return out


def meaning(ann: str) -> Counter:
    """An .ann by what it says, ids replaced by what they name (brat's role numbers dropped)."""
    rows = [line.split("\t") for line in ann.split("\n") if line.strip()]
    by_id = {r[0]: r for r in rows if r[0] != "*"}
    memo: dict[str, object] = {}

    def name(ident: str) -> object:
        if ident not in memo:
            row = by_id[ident]
            if ident[0] == "T":
                label, offsets = row[1].split(" ", 1)
                memo[ident] = ("T", label, offsets, row[2])
            elif ident[0] == "E":
                pairs = [p.split(":") for p in row[1].split()]
                memo[ident] = ("E", pairs[0][0], name(pairs[0][1]),
                               tuple(sorted((re.sub(r"\d+$", "", r), repr(name(i))) for r, i in pairs[1:])))
            elif ident[0] == "R":
                rtype, *args = row[1].split()
                memo[ident] = ("R", rtype, tuple((a.split(":")[0], repr(name(a.split(":")[1]))) for a in args))
            else:
                memo[ident] = (ident[0], row[1])
        return memo[ident]

    out: Counter = Counter()
    for row in rows:
        ident = row[0]
        if ident == "*":
            etype, *members = row[1].split()
            out[("*", etype, frozenset(repr(name(m)) for m in members))] += 1
        elif ident[0] in "TER":
            out[name(ident)] += 1
        elif ident[0] in "AM":
            attr, target, *value = row[1].split()
            out[("A", attr, repr(name(target)), tuple(value))] += 1
        elif ident[0] == "N":
            ntype, target, ref = row[1].split()
            out[("N", ntype, repr(name(target)), ref, row[2] if len(row) > 2 else "")] += 1
        elif ident[0] == "#":
            out[("#", repr(name(row[1].split()[-1])), row[2] if len(row) > 2 else "")] += 1
    return out


def declared(conf: BratConf) -> dict:
    """What a conf declares, built-ins spelled out, hierarchy and order ignored."""
    entities = {t.name for t in conf.entities if not t.unused}
    events = {t.name for t in conf.events if not t.unused}

    def expand(types: tuple[str, ...]) -> frozenset[str]:
        out: set[str] = set()
        for t in types:
            out |= entities if t == "<ENTITY>" else events if t == "<EVENT>" else entities | events if t == "<ANY>" else {t}
        return frozenset(out)

    def rel_kinds(node) -> frozenset[str]:
        return frozenset(node.special.get("<REL-TYPE>", ["symmetric", "transitive"] if node.name == "Equiv" else []))

    return {
        "entities": entities,
        "events": {t.name: {a.name: (a.minimum, min(a.maximum, MANY), expand(a.types)) for a in t.args}
                   for t in conf.events if not t.unused},
        "relations": {r.name: (tuple(a.name for a in r.args), tuple(expand(a.types) for a in r.args), rel_kinds(r))
                      for r in conf.relation_types() if not r.unused},
        "span_rules": {" ".join(r.text.split()) for r in conf.relation_types(include_special=True)
                       if r.name in ("<OVERLAP>", "ENTITY-NESTING")},
        "attributes": {a.name: (expand(a.arg("Arg").types) if a.arg("Arg") else frozenset(),
                                frozenset(a.arg("Value").types) if a.arg("Value") else None)
                       for a in conf.attributes},
    }


def conf_of(folder: Path) -> BratConf:
    """The parsed annotation.conf of a brat folder."""
    return parse_conf((folder / "annotation.conf").read_text(encoding="utf-8"))
