"""The questions: the NetworkX projection and what is asked of it, and of the graph.

Two levels, as in networkx:

* **graph algorithms** take a projection (:func:`to_networkx`) and node IRIs:
  :func:`find_paths`, :func:`all_paths`, :func:`shortest_path`,
  :func:`k_shortest_paths`, :func:`metapaths_between`, :func:`neighbors` and
  :func:`neighbor_table`;
* **questions** take the knowledge graph and names (a label, synonym, CURIE or
  IRI, or an :class:`~nutrigraph.Entity`): :func:`explain`, :func:`differential`
  and :func:`symptom_overlap`.

Each returns plain data; :mod:`nutrigraph.render` shows it.
"""

from .differential import differential, symptom_overlap
from .explain import Explanation, Route, explain
from .metapaths import Metapath, metapaths, metapaths_between
from .neighbors import NeighborRow, neighbor_table, neighbors
from .paths import all_paths, evidence_weight, find_paths, k_shortest_paths, shortest_path
from .projection import to_networkx, to_rdf
from .routes import NoPath, Path, Step
from .symptoms import Differential, SymptomOverlap

__all__ = [
    "Differential",
    "Explanation",
    "Metapath",
    "NeighborRow",
    "NoPath",
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
