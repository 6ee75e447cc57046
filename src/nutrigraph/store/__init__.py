"""The store: the only room that touches Oxigraph (pyoxigraph).

It opens stores (in memory; a folder, writable or read-only; a SPARQL 1.1 server
elsewhere), parses and adds RDF files, replaces graphs all or nothing, converts terms,
and runs every SPARQL query through one door (:func:`~nutrigraph.store.sparql.run_query`), so that
guards, time limits and other engines are added in one place.
"""

from .base import GraphStore, is_url
from .files import parse_file, serialize
from .oxigraph import Store
from .remote import RemoteStore
from .sparql import GRAPH_MEDIA_TYPES, RESULT_FORMATS, RESULTS_MEDIA_TYPES, Answer
from .staging import Writer
from .terms import (
    IRI,
    LiteralTerm,
    Quad,
    Term,
    blank,
    iri,
    is_blank,
    is_iri,
    is_literal,
    literal,
    quad,
    sparql,
    to_python,
    to_rdflib,
    to_term,
)

__all__ = [
    "GRAPH_MEDIA_TYPES",
    "IRI",
    "RESULTS_MEDIA_TYPES",
    "RESULT_FORMATS",
    "Answer",
    "GraphStore",
    "LiteralTerm",
    "Quad",
    "RemoteStore",
    "Store",
    "Term",
    "Writer",
    "blank",
    "iri",
    "is_blank",
    "is_iri",
    "is_literal",
    "is_url",
    "literal",
    "parse_file",
    "quad",
    "serialize",
    "sparql",
    "to_python",
    "to_rdflib",
    "to_term",
]
