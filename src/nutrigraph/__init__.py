"""nutrigraph: a sourced nutrition knowledge graph you can query, walk and draw.

>>> import nutrigraph
>>> kg = nutrigraph.load()
>>> kg.resolve("b12").label
'vitamin B12'
"""

from .errors import (
    AmbiguousName,
    DataFileError,
    EntityNotFound,
    NutrigraphError,
    QueryError,
    QuerySyntaxError,
    UnknownQueryName,
)
from .graph import KnowledgeGraph, load
from .queries import NamedQuery, get_query, list_queries
from .resolve import Entity
from .results import QueryResult

__version__ = "0.1.0"

__all__ = [
    "AmbiguousName",
    "DataFileError",
    "Entity",
    "EntityNotFound",
    "KnowledgeGraph",
    "NamedQuery",
    "NutrigraphError",
    "QueryError",
    "QueryResult",
    "QuerySyntaxError",
    "UnknownQueryName",
    "__version__",
    "get_query",
    "list_queries",
    "load",
]
