"""nutrigraph: a sourced nutrition knowledge graph you can query, walk and draw.

>>> import nutrigraph
>>> kg = nutrigraph.load()
>>> kg.resolve("b12").label
'vitamin B12'
>>> print(nutrigraph.explain(kg, "magnesium", "adenosylcobalamin", k=1).routes[0].path)
magnesium -part of-> Mg-ATP -input of-> cob(I)alamin adenosylation -has output-> adenosylcobalamin
"""

from typing import TYPE_CHECKING

from .errors import (
    AmbiguousName,
    DataFileError,
    DataValidationError,
    EntityNotFound,
    NotANutrient,
    NotASymptom,
    NutrigraphError,
    QueryError,
    QuerySyntaxError,
    UnknownQueryName,
    UnknownTerm,
)
from .graph import KnowledgeGraph
from .lazy import lazy_names
from .loading import load
from .queries import NamedQuery, get_query, list_queries
from .resolve import Entity
from .results import QueryResult

if TYPE_CHECKING:  # what __getattr__ below gives, for readers and type checkers
    from . import plot, render  # noqa: F401
    from .analysis import (
        Differential,
        Explanation,
        Metapath,
        NeighborRow,
        NoPath,
        NotANode,
        Path,
        Route,
        Step,
        SymptomOverlap,
        all_paths,
        differential,
        explain,
        find_paths,
        k_shortest_paths,
        metapaths_between,
        neighbor_table,
        neighbors,
        shortest_path,
        symptom_overlap,
        to_networkx,
        to_rdf,
    )

__version__ = "0.1.0"


# The questions and the figures are imported when first asked for (nutrigraph.explain,
# nutrigraph.plot.mechanism): a command that only queries does not import them.
__getattr__ = lazy_names(__name__, {
    **dict.fromkeys(("Differential", "Explanation", "Metapath", "NeighborRow", "NoPath",
                     "NotANode", "Path", "Route", "Step", "SymptomOverlap", "all_paths",
                     "differential", "explain", "find_paths", "k_shortest_paths",
                     "metapaths_between", "neighbor_table", "neighbors", "shortest_path",
                     "symptom_overlap", "to_networkx", "to_rdf"), ".analysis"),
    "plot": ".plot", "render": ".render"})

__all__ = [
    "AmbiguousName",
    "DataFileError",
    "DataValidationError",
    "Differential",
    "Entity",
    "EntityNotFound",
    "Explanation",
    "KnowledgeGraph",
    "Metapath",
    "NamedQuery",
    "NeighborRow",
    "NoPath",
    "NotANode",
    "NotANutrient",
    "NotASymptom",
    "NutrigraphError",
    "Path",
    "QueryError",
    "QueryResult",
    "QuerySyntaxError",
    "Route",
    "Step",
    "SymptomOverlap",
    "UnknownQueryName",
    "UnknownTerm",
    "__version__",
    "all_paths",
    "differential",
    "explain",
    "find_paths",
    "get_query",
    "k_shortest_paths",
    "list_queries",
    "load",
    "metapaths_between",
    "neighbor_table",
    "neighbors",
    "shortest_path",
    "symptom_overlap",
    "to_networkx",
    "to_rdf",
]
