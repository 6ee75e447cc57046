"""nutrigraph's links from its foods and nutrients to USDA SR28 records, and why.

Which SR28 record stands for a food or nutrient of nutrigraph's knowledge (boiled
spinach for ``ngk:spinach``, nutrient 304 for ``ngk:magnesium``) is a curator's
choice, not USDA data. It is knowledge, so it lives as sourced Turtle in the
bundled ``sr28-food-links.trig`` (graph :data:`LINKS_GRAPH`), one ``ng:Statement``
per link, and :func:`sr28_links` reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike
from typing import Any

from ..bundled import ONTOLOGY_DIR
from ..graph import KnowledgeGraph
from ..prefixes import NG_GRAPH, NGK, PREFIXES
from ..queries import internal_query
from ..store import GraphStore, Store

__all__ = ["LINKS_FILE", "LINKS_GRAPH", "SR28Link", "linked_foods", "sr28_links"]

LINKS_GRAPH = NG_GRAPH + "sr28-food-links"
"""The named graph of nutrigraph's links from its foods and nutrients to SR28 records."""

LINKS_FILE = ONTOLOGY_DIR / "knowledge" / "sr28-food-links.trig"
"""The bundled TriG file of those links, each a sourced ``ng:Statement``."""

_FOOD, _NUTRIENT, _SKOS = PREFIXES["sr28food"], PREFIXES["sr28nutrient"], PREFIXES["skos"]
_TURNED = {_SKOS + "narrowMatch": _SKOS + "broadMatch", _SKOS + "broadMatch": _SKOS + "narrowMatch"}


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
        return self.record[len(_FOOD):] if self.record.startswith(_FOOD) else None


def sr28_links(graph: KnowledgeGraph | GraphStore | str | PathLike[str] | None = None
               ) -> list[SR28Link]:
    """nutrigraph's links from its foods and nutrients to SR28 records, and why.

    A link is a SKOS mapping (``skos:closeMatch``, ``skos:narrowMatch``,
    ``skos:broadMatch`` or ``skos:exactMatch``, in either direction) between an
    ``ngk:`` entity and an SR28 food or nutrient. Links stated from the SR28
    side are turned round (``broadMatch`` becomes ``narrowMatch``), so that each
    reads from the entity to the record.

    Parameters
    ----------
    graph : KnowledgeGraph, nutrigraph.store.Store or path, optional
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
    >>> [compact(link.entity) for link in links if link.record == _NUTRIENT + "304"]
    ['ngk:magnesium']
    """
    found: dict[tuple[str, str, str], str] = {}
    for one, relation, other, why in _links_store(graph).query(
            internal_query("sr28-links").text, where="SR28 links").rows:
        if one.value.startswith(NGK):
            key = (one.value, relation.value, other.value)
        else:  # stated from the SR28 side
            key = (other.value, _TURNED.get(relation.value, relation.value), one.value)
        # a link stated by two sources (or in two graphs) is one link, with a comment if any
        if not found.get(key):
            found[key] = why.value if why is not None else ""
    return sorted((SR28Link(*key, why) for key, why in found.items()),
                  key=lambda link: (link.record, link.entity))


def linked_foods(graph: KnowledgeGraph | GraphStore | str | PathLike[str] | None = None
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


def _links_store(graph: Any) -> GraphStore:
    if graph is None:
        graph = LINKS_FILE
    if isinstance(graph, GraphStore):
        return graph
    if isinstance(graph, KnowledgeGraph):
        return graph.store
    store = Store()
    store.add_files([graph])  # its errors name the file, line and column
    return store
