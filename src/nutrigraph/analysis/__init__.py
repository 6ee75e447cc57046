"""The questions: the NetworkX projection and what is asked of it, and of the graph.

Two levels, as in networkx:

* **graph algorithms** take a projection (:func:`to_networkx`) and node IRIs:
  :func:`find_paths`, :func:`all_paths`, :func:`shortest_path`,
  :func:`k_shortest_paths`, :func:`metapaths_between`, :func:`neighbors` and
  :func:`neighbor_table` (an IRI that is no node raises :class:`NotANode`);
* **questions** take the knowledge graph and names (a label, synonym, CURIE or
  IRI, or an :class:`~nutrigraph.Entity`): :func:`explain`, :func:`differential`
  and :func:`symptom_overlap`.

Each returns plain data; :mod:`nutrigraph.render` shows it.
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_names

if TYPE_CHECKING:  # what __getattr__ below gives, for readers and type checkers
    from .differentials import differential, symptom_overlap
    from .explanations import Explanation, Route, explain
    from .metagraph import Metapath, metapaths, metapaths_between
    from .neighborhoods import NeighborRow, neighbor_table, neighbors
    from .nodes import NotANode
    from .paths import all_paths, evidence_weight, find_paths, k_shortest_paths, shortest_path
    from .projection import to_networkx, to_rdf
    from .routes import NoPath, Path, Step
    from .symptoms import Differential, SymptomOverlap

# each name and the module it lives in: a command imports only the question it asks
__getattr__ = lazy_names(__name__, {
    "differential": ".differentials", "symptom_overlap": ".differentials",
    "Explanation": ".explanations", "Route": ".explanations", "explain": ".explanations",
    "Metapath": ".metagraph", "metapaths": ".metagraph", "metapaths_between": ".metagraph",
    "NeighborRow": ".neighborhoods", "neighbor_table": ".neighborhoods",
    "neighbors": ".neighborhoods", "NotANode": ".nodes",
    "all_paths": ".paths", "evidence_weight": ".paths",
    "find_paths": ".paths", "k_shortest_paths": ".paths", "shortest_path": ".paths",
    "to_networkx": ".projection", "to_rdf": ".projection",
    "NoPath": ".routes", "Path": ".routes", "Step": ".routes",
    "Differential": ".symptoms", "SymptomOverlap": ".symptoms",
})


__all__ = [
    "Differential",
    "Explanation",
    "Metapath",
    "NeighborRow",
    "NoPath",
    "NotANode",
    "Path",
    "Route",
    "Step",
    "SymptomOverlap",
    "all_paths",
    "differential",
    "evidence_weight",
    "explain",
    "find_paths",
    "k_shortest_paths",
    "metapaths",
    "metapaths_between",
    "neighbor_table",
    "neighbors",
    "shortest_path",
    "symptom_overlap",
    "to_networkx",
    "to_rdf",
]
