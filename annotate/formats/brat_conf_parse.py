"""brat's ``annotation.conf`` read line by line as brat's own parser reads it
(``server/src/projectconfig.py`` in nlplab/brat), into a model both the schema reader
(:mod:`annotate.formats.brat_conf`) and the validator (:mod:`annotate.formats.brat_check`) use.

What brat reads and so do we: ``[section]`` headers (``[spans]`` is ``[entities]``; other
sections are ignored), whole-line ``#`` comments, lines of hyphens (menu separators),
``<NAME>=A|B`` macros (those before the first section apply everywhere, the others in their own
section), ``!`` on a term (a grouping node that cannot be annotated, still a known type),
indentation (one level per whitespace character) for the hierarchy, ``Term|Alias`` (the first
term is the type's name), ``<INHERIT>`` (the parent's arguments), and ``Key:T1|T2`` arguments with
``?``, ``*``, ``+``, ``{n}`` and ``{n-m}``. brat refuses an inline comment; we drop text after
whitespace and ``#`` instead (a comment brat users write by habit), nothing else.

One comment means something to Annotary (brat skips it as any other): ``# annotary-mention: NAME``
names the schema's mention label, the label of role fillers that are no names, which the
exported conf lists in every role that lists labels (see :mod:`annotate.exports.brat_conf_out`).
Another, ``# annotary-roles: ...``, says the roles were written in Annotary's spelling: a name
ending in a digit with ``_`` after it (``AssocActor1_*``; see :mod:`annotate.formats.brat_names`).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from annotate.errors import ImportFailed

MANY = sys.maxsize  # brat's "any number"
SECTIONS = ("entities", "relations", "events", "attributes")
SECTION_ALIASES = {"spans": "entities"}
RESERVED = ("ANY", "ENTITY", "RELATION", "EVENT", "NONE", "EMPTY", "REL-TYPE", "URL", "URLBASE",
            "GLYPH-POS", "DEFAULT", "NORM", "OVERLAP", "OVL-TYPE", "INHERIT")
RESERVED_STRINGS = frozenset(f"<{name}>" for name in RESERVED)
OVERLAP = "<OVERLAP>"
NESTING = "ENTITY-NESTING"
SPECIAL_RELATIONS = frozenset({OVERLAP, NESTING})
_KINDS = {"entities": "entity", "relations": "relation", "events": "event", "attributes": "attribute"}

_HEADER = re.compile(r"^\s*\[(.*)\]\s*$")
_SEPARATOR = re.compile(r"^\s*-+\s*$")
_MACRO = re.compile(r"^<([a-zA-Z_-]+)>=\s*(.*?)\s*$")
_LINE = re.compile(r"^(\s*)(\S+)(?:\s+(.*))?$")
_TAB_LINE = re.compile(r"^(\s*)([^\t]+)(?:\t(.*))?$")
_ARG = re.compile(r"^(\S*?):(\S*)$")
_REPEAT = re.compile(r"^(\S+?)(\{\S+\}|\?|\*|\+|)$")
_RANGE = re.compile(r"^\{(\d+)(?:-(\d+))?\}$")
_UNSAFE = re.compile(r"[^a-zA-Z0-9_-]")
_INLINE_COMMENT = re.compile(r"\s#.*$")
MENTION_MARK = "# annotary-mention:"
_MENTION = re.compile(r"^\s*#\s*annotary-mention:\s*(\S+)", re.IGNORECASE)
ROLES_MARK = "# annotary-roles:"
_ROLES = re.compile(r"^\s*#\s*annotary-roles:", re.IGNORECASE)


@dataclass(slots=True)
class ConfArg:
    """One argument of a type: ``Theme+:Protein|<EVENT>`` → Theme, 1, MANY, (Protein, <EVENT>)."""

    name: str
    minimum: int
    maximum: int
    types: tuple[str, ...]
    spec: str  # as written (after macros), for messages


@dataclass(slots=True)
class ConfType:
    """One type line of a section."""

    name: str  # brat's storage form of the first term
    line: int
    text: str  # the line after macro expansion, without its indentation
    unused: bool = False  # a '!' grouping node
    depth: int = 0
    args: list[ConfArg] = field(default_factory=list)
    special: dict[str, list[str]] = field(default_factory=dict)  # <REL-TYPE>, <OVL-TYPE>, ...

    def arg(self, name: str) -> ConfArg | None:
        """The argument called ``name``."""
        return next((a for a in self.args if a.name == name), None)


@dataclass(slots=True)
class BratConf:
    """The four sections of an annotation.conf, each a flat list of types in file order."""

    entities: list[ConfType] = field(default_factory=list)
    relations: list[ConfType] = field(default_factory=list)
    events: list[ConfType] = field(default_factory=list)
    attributes: list[ConfType] = field(default_factory=list)
    mention: str | None = None  # the entity type a ``# annotary-mention:`` comment names
    digit_roles: bool = False  # a ``# annotary-roles:`` comment: role ``Actor1_`` is Actor1

    def entity_names(self) -> set[str]:
        """Every entity type brat knows (grouping nodes too, as brat's checks count them)."""
        return {t.name for t in self.entities}

    def event_names(self) -> set[str]:
        """Every event type brat knows."""
        return {t.name for t in self.events}

    def relation_types(self, include_special: bool = False) -> list[ConfType]:
        """The relation types, without <OVERLAP>/ENTITY-NESTING unless asked for."""
        return [r for r in self.relations if include_special or r.name not in SPECIAL_RELATIONS]

    def event(self, name: str) -> ConfType | None:
        """The event type called ``name`` (the last one, as brat keeps the last)."""
        return next((t for t in reversed(self.events) if t.name == name), None)

    def attribute(self, name: str) -> ConfType | None:
        """The attribute called ``name``."""
        return next((t for t in reversed(self.attributes) if t.name == name), None)


def storage_form(term: str) -> str:
    """brat's storage form of a term: characters outside ``[a-zA-Z0-9_-]`` become ``_``."""
    return _UNSAFE.sub("_", term.replace(" ", "_"))


def parse_conf(text: str, path: Path | str = "annotation.conf") -> BratConf:
    """Parse annotation.conf text; a line brat would refuse raises ImportFailed naming it."""
    conf = BratConf()
    global_macros: dict[str, str] = {}
    macros: dict[str, dict[str, str]] = {}
    last_at_depth: dict[str, dict[int, ConfType]] = {}
    section: str | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if not line.strip() or re.match(r"^\s*#", line):
            mention = _MENTION.match(line)
            if mention and conf.mention is None:
                conf.mention = storage_form(mention.group(1))
            conf.digit_roles |= bool(_ROLES.match(line))
            continue
        header = _HEADER.match(line)
        if header:
            name = header.group(1).strip()
            section = SECTION_ALIASES.get(name, name)
            continue
        line = _INLINE_COMMENT.sub("", line)
        if _SEPARATOR.match(line):
            continue
        macro = _MACRO.match(line)
        if macro:
            if macro.group(1) in RESERVED:
                raise ImportFailed(path, f"<{macro.group(1)}> is one of brat's reserved names; it cannot be a macro", number)
            target = global_macros if section is None else macros.setdefault(section, {})
            target[f"<{macro.group(1)}>"] = macro.group(2)
            continue
        if section is None:
            raise ImportFailed(path, "text before the first [section]", number)
        if section not in SECTIONS:
            continue  # brat warns and ignores a section it does not expect
        for name, value in {**global_macros, **macros.get(section, {})}.items():
            line = line.replace(name, value)
        for found in re.findall(r"<.*?>", line):
            if found not in RESERVED_STRINGS:
                raise ImportFailed(path, f"undefined macro {found} (macros are defined as <NAME>=A|B)", number)
        node = _node(path, number, line, section, last_at_depth.setdefault(section, {}))
        getattr(conf, section).append(node)
    return conf


def _node(path: Path | str, number: int, line: str, section: str, last_at_depth: dict[int, ConfType]) -> ConfType:
    match = _LINE.match(line)
    if match is None:
        raise ImportFailed(path, f"cannot read {line.strip()!r}", number)
    indent, terms_text, args_text = match.groups()
    args = [a.strip() for a in (args_text or "").split(",") if a.strip()]
    if any(re.search(r"\s", a) for a in args) and "\t" in line:
        # brat's transition rule: old configurations had spaces in terms, tabs before arguments
        match = _TAB_LINE.match(line)
        if match is None:
            raise ImportFailed(path, f"cannot read {line.strip()!r}", number)
        indent, terms_text, args_text = match.groups()
        args = [a.strip() for a in (args_text or "").split(",") if a.strip()]
    terms = [t.strip() for t in terms_text.split("|") if t.strip()]
    if not terms:
        raise ImportFailed(path, f"a type needs a name: {line.strip()!r}", number)
    unused = any(t.startswith("!") for t in terms)
    first = terms[0].removeprefix("!")
    if not first:
        raise ImportFailed(path, f"a type needs a name: {line.strip()!r}", number)
    depth = len(indent)
    if depth and depth - 1 not in last_at_depth:
        raise ImportFailed(path, f"{first} is indented with no type above it to belong to", number)
    if "<INHERIT>" in args:
        parent = last_at_depth.get(depth - 1)
        if parent is None:
            raise ImportFailed(path, f"{first} inherits arguments but has no parent type", number)
        at = args.index("<INHERIT>")
        args[at:at + 1] = [a.spec for a in parent.args] + [f"{k}:{'-'.join(v)}" for k, v in parent.special.items()]
    name = first if first in SPECIAL_RELATIONS else storage_form(first)
    node = ConfType(name, number, line.strip(), unused, depth)
    for spec in args:
        _argument(path, number, spec, node, _KINDS[section])
    last_at_depth[depth] = node
    return node


def _argument(path: Path | str, number: int, spec: str, node: ConfType, kind: str) -> None:
    match = _ARG.match(spec)
    if match is None:
        raise ImportFailed(path, f"cannot read {kind} argument {spec!r}", number)
    key, types_text = match.groups()
    if key in RESERVED_STRINGS:
        if key in node.special:
            raise ImportFailed(path, f"{key} appears twice on {node.name}", number)
        node.special[key] = types_text.split("-") if key == "<REL-TYPE>" else [types_text]
        return
    repeat = _REPEAT.match(key)
    if repeat is None:
        raise ImportFailed(path, f"cannot read {kind} argument {spec!r}", number)
    key, mark = repeat.groups()
    minimum, maximum = _counts(path, number, spec, mark)
    if maximum > 1 and key[-1].isdigit():
        raise ImportFailed(path, f"argument {spec!r} ends with a digit and so cannot repeat "
                                 "(brat numbers repeats: Theme2)", number)
    if node.arg(key) is not None:
        raise ImportFailed(path, f"argument {key} appears twice on {node.name}", number)
    types = tuple(t.strip() for t in types_text.split("|"))
    if not types_text or any(not t for t in types):
        raise ImportFailed(path, f"argument {spec!r} has an empty type", number)
    node.args.append(ConfArg(key, minimum, maximum, types, spec))


def _counts(path: Path | str, number: int, spec: str, mark: str) -> tuple[int, int]:
    fixed = {"": (1, 1), "?": (0, 1), "*": (0, MANY), "+": (1, MANY)}
    if mark in fixed:
        return fixed[mark]
    match = _RANGE.match(mark)
    if match is None:
        raise ImportFailed(path, f"cannot read the count {mark} of {spec!r} (brat writes {{N}} or {{MIN-MAX}})", number)
    low = int(match.group(1))
    if match.group(2) is None:
        if low == 0:
            raise ImportFailed(path, f"{spec!r}: an argument cannot be required exactly 0 times", number)
        return low, low
    high = int(match.group(2))
    if low > high:
        raise ImportFailed(path, f"{spec!r}: the range {low}-{high} is reversed", number)
    return low, high
