"""SR28's records as RDF: the N-Triples text that an import streams into the store.

Every term is written by the store (:func:`nutrigraph.store.sparql`, pyoxigraph's
writer), never by hand; only the ``s p o .`` of each line is joined here. The
text of a term that recurs (a predicate, a class, a food, a nutrient, an amount)
is written once per import and kept: the text of all of SR28 (679,045 rows of
NUT_DATA, seven quads each) takes 2.5 s to make, against 2.3 s when it was made
by hand. Serialising quad objects whole (:func:`nutrigraph.store.serialize`)
gives the same bytes, but made the full import half as slow again (46 s, not 30 s,
on two cores).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

from ..errors import DataFileError, UnknownFood
from ..prefixes import NG_GRAPH, NGK, PREFIXES
from ..store import iri, literal, sparql
from ..vocab import ng
from . import sr28_tables as tables

__all__ = ["DATASET", "FOOD", "GROUP", "LANGUAL", "NUTRIENT", "PER_PORTION", "SUBSET_GRAPH",
           "USDA_GRAPH", "Counts", "ntriples"]

USDA_GRAPH = NG_GRAPH + "usda-sr28"
"""The named graph that :func:`~nutrigraph.importers.usda.import_usda` fills."""

SUBSET_GRAPH = NG_GRAPH + "usda-sr28-subset"
"""The named graph of TriG extracts (:func:`~nutrigraph.importers.usda.write_usda_trig`),
such as the bundled one."""

DATASET = NGK + "usda-sr28"
"""The source of both graphs: the SR28 release, an ``ng:Dataset``."""

LANGUAL = "https://w3id.org/nutrigraph/sr28/langual/"
"""LanguaL food descriptors, by factor code (such as ``A0113``)."""

FOOD = PREFIXES["sr28food"]
NUTRIENT = PREFIXES["sr28nutrient"]
GROUP = PREFIXES["sr28group"]

PER_PORTION = PREFIXES["sr28perportion"]
"""Properties ``ng:NutrientPerPortionProperty`` by nutrient number: how much of the nutrient
a food's first portion holds (``<...-portion-1> <.../per-portion/304> 156.6``)."""

# SR28 writes units as it prints them; ng:unit takes UCUM codes.
_UCUM = {"g": "g", "mg": "mg", "µg": "ug", "kcal": "kcal", "kJ": "kJ", "IU": "[IU]"}

_RDF, _RDFS, _SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["skos"]
_DCTERMS = PREFIXES["dcterms"]
_XSD_DECIMAL = PREFIXES["xsd"] + "decimal"
_HUNDRED = Decimal(100)


def _node(value: str) -> str:
    """The store's text of an IRI: ``<...>``."""
    return sparql(iri(value))


def _english(value: str) -> str:
    return sparql(literal(value, language="en"))


def _plain(value: str) -> str:
    return sparql(literal(value))


def _number(text: str, table: str) -> str:
    return sparql(literal(tables.decimal(text, table), datatype=_XSD_DECIMAL))


def _section(table: str) -> str:
    return _node(f"{DATASET}.{table}")


class _Written(dict[str, str]):
    """Texts of terms by key: a missing one is written by ``write(key)`` and kept."""

    def __init__(self, write: Callable[[str], str]):
        super().__init__()
        self._write = write

    def __missing__(self, key: str) -> str:
        text = self[key] = self._write(key)
        return text


_TYPE = _node(_RDF + "type")
_LABEL = _node(_RDFS + "label")
_COMMENT = _node(_RDFS + "comment")
_ALT = _node(_SKOS + "altLabel")
_NOTATION = _node(_SKOS + "notation")
_CONCEPT = _node(_SKOS + "Concept")
_DERIVED = _node(PREFIXES["prov"] + "wasDerivedFrom")
_SUBJECT = _node(_DCTERMS + "subject")
_NG = _Written(lambda name: _node(getattr(ng, name)))  # checked against the vocabulary

Triples = list[tuple[str, str, str]]


class Counts:
    """What an import has written so far: records, and quads."""

    def __init__(self) -> None:
        self.foods = self.measurements = self.portions = self.quads = 0


def ntriples(wanted: set[str] | None, counts: Counts, report: Callable[[int], None],
             graph: str) -> Iterator[str]:
    """The graph as N-Triples text, in chunks of a few megabytes.

    The small tables are read here, before anything is written or shown, so
    that an unknown food fails early and alone; the returned generator streams
    the rest, and reports the bytes read here when it starts.

    Parameters
    ----------
    wanted : set of str, optional
        NDB numbers of the foods to write (see
        :func:`~nutrigraph.importers.sr28_tables.wanted_foods`); None for all.
    counts : Counts
        Counted up as the text is made.
    report : callable
        Called with the bytes of the tables read, as they are read.
    graph : str
        The named graph the text goes into; its description says which.

    Raises
    ------
    UnknownFood
        If a wanted food is not in SR28.
    MissingDependency
        If the package with the SR28 tables is not installed.

    Examples
    --------
    >>> counts = Counts()
    >>> text = "".join(ntriples({"11458"}, counts, lambda n: None, SUBSET_GRAPH))
    >>> (counts.foods, counts.measurements, counts.quads) == (1, 92, len(text.splitlines()))
    True
    >>> f'<{FOOD}11458-304> <{ng.amount}> "87"^^<{_XSD_DECIMAL}> .' in text.splitlines()
    True
    """
    folder = tables.sr28_dir()
    read_first: list[int] = []
    groups = {row[0]: row[1] for row in tables.rows(folder, "FD_GROUP", read_first.append)}
    nutrients = {row[0]: row for row in tables.rows(folder, "NUTR_DEF", read_first.append)}
    units = {}
    for number, row in nutrients.items():
        if row[1] not in _UCUM:
            raise DataFileError(f"unknown unit {row[1]!r} of nutrient {number}", "NUTR_DEF.txt")
        units[number] = _plain(_UCUM[row[1]])
    food_rows = list(tables.rows(folder, "FOOD_DES", read_first.append))
    if wanted is not None:
        missing = sorted(wanted - {row[0] for row in food_rows})
        if missing:
            raise UnknownFood(missing[0], [])
        food_rows = [row for row in food_rows if row[0] in wanted]
    counts.foods = len(food_rows)
    keep = None if wanted is None else tuple(f"~{ndb}~" for ndb in sorted(wanted))

    foods = _Written(lambda ndb: _node(FOOD + ndb))

    def lines(triples: Triples) -> str:
        counts.quads += len(triples)
        return "".join(f"{s} {p} {o} .\n" for s, p, o in triples)

    def generate() -> Iterator[str]:
        report(sum(read_first))
        yield lines(_dataset_description(graph))
        yield lines(_foods(food_rows, groups, foods))
        yield lines(_langual(folder, report, keep, foods))
        first: dict[str, tuple[str, Decimal]] = {}
        yield lines(_portions(folder, report, keep, foods, counts, first))
        used: set[str] = set()
        yield from _measurements(folder, report, keep, units, foods, first, used, counts)
        yield lines(_nutrients(nutrients, units, used, bool(first)))

    return generate()


def _dataset_description(graph: str) -> Triples:
    dataset, described = _node(DATASET), _node(graph)
    out = [
        (described, _DERIVED, dataset),
        (described, _LABEL, _english("USDA SR28 food composition, selected foods"
                                     if graph != USDA_GRAPH else "USDA SR28 food composition")),
        (dataset, _TYPE, _NG["Dataset"]),
        (dataset, _LABEL, _english("USDA SR28")),
        (dataset, _node(_DCTERMS + "title"),
         _english("USDA National Nutrient Database for Standard Reference, Release 28")),
        (dataset, _node(_DCTERMS + "hasVersion"), _plain(tables.RELEASE)),
        (dataset, _node(_DCTERMS + "publisher"), _plain("USDA Agricultural Research Service")),
        (dataset, _COMMENT, _english(
            "USDA's national food composition table, release 28: nutrient values per 100 g "
            "and household portions of 8,789 foods. The data are in the public domain; "
            f"nutrigraph reads the text tables shipped in the Python package {tables.PACKAGE}.")),
    ]
    part_of = _node(_DCTERMS + "isPartOf")
    for table, holds in tables.TABLES.items():
        section = _section(table)
        out += [(dataset, _NG["section"], section),
                (section, _TYPE, _NG["SourceSection"]),
                (section, _LABEL, _english(f"{table}: {holds}")),
                (section, part_of, dataset)]
    return out


def _foods(rows: list[list[str]], groups: dict[str, str], foods: _Written) -> Triples:
    out: Triples = []
    kind, in_group, section = _NG["Food"], _NG["inFoodGroup"], _section("FOOD_DES")
    group_of = _Written(lambda code: _node(GROUP + code))
    for ndb, group, long_desc, short_desc, common, *_ in rows:
        food = foods[ndb]
        out += [(food, _TYPE, kind), (food, _LABEL, _english(long_desc)),
                (food, _NOTATION, _plain(ndb)), (food, in_group, group_of[group]),
                (food, _DERIVED, section)]
        out += [(food, _ALT, _english(name)) for name in (short_desc, common) if name]
    kind, section = _NG["FoodGroup"], _section("FD_GROUP")
    for code in sorted({row[1] for row in rows}):
        group = group_of[code]
        out += [(group, _TYPE, kind), (group, _LABEL, _english(groups[code])),
                (group, _NOTATION, _plain(code)), (group, _DERIVED, section)]
    return out


def _langual(folder: Path, report: Callable[[int], None], keep: tuple[str, ...] | None,
             foods: _Written) -> Triples:
    factors = _Written(lambda code: _node(LANGUAL + code))
    out = [(foods[ndb], _SUBJECT, factors[factor])
           for ndb, factor in tables.rows(folder, "LANGUAL", report, keep)]
    section = _section("LANGDESC")
    for factor, description in tables.rows(folder, "LANGDESC", report):
        if factor in factors:  # a factor of the foods written
            term = factors[factor]
            # LANGDESC names ingredients in capitals ("SPINACH"); with the code the label
            # cannot be mistaken for the food of that name
            label = _english(f"{description} (LanguaL {factor})")
            out += [(term, _TYPE, _CONCEPT), (term, _LABEL, label),
                    (term, _NOTATION, _plain(factor)), (term, _DERIVED, section)]
    return out


def _portions(folder: Path, report: Callable[[int], None], keep: tuple[str, ...] | None,
              foods: _Written, counts: Counts, first: dict[str, tuple[str, Decimal]]
              ) -> Triples:
    """The portions' triples; ``first`` gets each food's first portion and its grams."""
    out = []
    has_portion, kind, amount_p, grams_p, evidence, reference, section = (
        _NG["hasPortion"], _NG["Portion"], _NG["amount"], _NG["gramWeight"],
        _NG["evidenceLevel"], _NG["ReferenceData"], _section("WEIGHT"))
    for ndb, seq, amount, description, grams, *_ in tables.rows(folder, "WEIGHT", report, keep):
        portion = _node(f"{FOOD}{ndb}-portion-{seq}")
        counts.portions += 1
        if seq == "1":
            first[ndb] = (portion, Decimal(tables.decimal(grams, "WEIGHT")))
        out += [(foods[ndb], has_portion, portion),
                (portion, _TYPE, kind),
                (portion, _LABEL, _english(description)),
                (portion, _NOTATION, _plain(seq)),
                (portion, amount_p, _number(amount, "WEIGHT")),
                (portion, grams_p, _number(grams, "WEIGHT")),
                (portion, _DERIVED, section),
                (portion, evidence, reference)]
    return out


def _measurements(folder: Path, report: Callable[[int], None], keep: tuple[str, ...] | None,
                  units: dict[str, str], foods: _Written,
                  first: dict[str, tuple[str, Decimal]], used: set[str], counts: Counts
                  ) -> Iterator[str]:
    # 679,045 rows of 7 quads each: one f-string per row, with the text of every term but
    # the measurement's own kept (amounts repeat too: 22,625 distinct values in NUT_DATA).
    # A food with a first portion gets an eighth: the amount in that portion, exact (per
    # 100 g x grams / 100), so that ranking foods per portion reads one value per food
    # instead of joining each measurement with its food's portion.
    nutrients = _Written(lambda number: _node(NUTRIENT + number))
    amounts = _Written(lambda value: _number(value, "NUT_DATA"))
    per_portion = _Written(lambda number: _node(PER_PORTION + number))
    canonical, hundred = tables.canonical, _HUNDRED
    kind, food_p, nutrient_p, amount_p, unit_p, evidence, reference = (_NG[name] for name in (
        "NutrientMeasurement", "measuredFood", "measuredNutrient", "amount", "unit",
        "evidenceLevel", "ReferenceData"))
    rdf_type, derived, table, g = _TYPE, _DERIVED, _section("NUT_DATA"), " .\n"
    make, write = iri, sparql  # the one term written anew on each row
    block: list[str] = []
    rows = extra = 0  # measurements, and amounts per portion, in the block
    for ndb, number, value, *_ in tables.rows(folder, "NUT_DATA", report, keep):
        unit = units.get(number)
        if unit is None:
            raise DataFileError(f"nutrient {number} is not in NUTR_DEF", "NUT_DATA.txt")
        used.add(number)
        m = write(make(f"{FOOD}{ndb}-{number}"))
        amount = amounts[value]
        block.append(
            f"{m} {rdf_type} {kind}{g}"
            f"{m} {food_p} {foods[ndb]}{g}"
            f"{m} {nutrient_p} {nutrients[number]}{g}"
            f"{m} {amount_p} {amount}{g}"
            f"{m} {unit_p} {unit}{g}"
            f"{m} {derived} {table}{g}"
            f"{m} {evidence} {reference}{g}")
        rows += 1
        portion = first.get(ndb)
        if portion is not None:  # the value is a number: amounts[value] checked it
            held = canonical(Decimal(value) * portion[1] / hundred)
            block.append(f"{portion[0]} {per_portion[number]} "
                         f"{write(literal(held, datatype=_XSD_DECIMAL))}{g}")
            extra += 1
        if rows == 20_000:
            counts.measurements += rows
            counts.quads += 7 * rows + extra
            yield "".join(block)
            block, rows, extra = [], 0, 0
    counts.measurements += rows
    counts.quads += 7 * rows + extra
    yield "".join(block)


def _nutrients(nutrients: dict[str, list[str]], units: dict[str, str], used: set[str],
               per_portion: bool) -> Triples:
    """The nutrients used, and (``per_portion``: some food has a portion) the property
    of each that gives its amount in a food's first portion."""
    out: Triples = []
    unit, section = _NG["unit"], _section("NUTR_DEF")
    kind, of, definition = _NG["NutrientPerPortionProperty"], _NG["perPortionOf"], _node(
        _SKOS + "definition")
    sources = (_section("NUT_DATA"), _section("WEIGHT"))
    for number in sorted(used, key=int):
        nutrient, name = _node(NUTRIENT + number), nutrients[number][3]
        out += [(nutrient, _TYPE, _CONCEPT), (nutrient, _LABEL, _english(name)),
                (nutrient, _NOTATION, _plain(number)), (nutrient, unit, units[number]),
                (nutrient, _DERIVED, section)]
        if per_portion:
            prop = _node(PER_PORTION + number)
            out += [(prop, _TYPE, kind), (prop, _LABEL, _english(f"{name} per portion")),
                    (prop, definition, _english(
                        f"How much {name} ({nutrients[number][1]}) the first household portion "
                        "of a food holds: its value per 100 g (NUT_DATA) times the portion's "
                        "weight in grams (WEIGHT), divided by 100.")),
                    (prop, _NOTATION, _plain(number)), (prop, of, nutrient),
                    (prop, unit, units[number])]
            out += [(prop, _DERIVED, source) for source in sources]
    return out
