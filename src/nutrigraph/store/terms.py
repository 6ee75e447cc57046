"""RDF terms as the store holds them, and their conversion to rdflib terms and Python values.

Outside :mod:`nutrigraph.store`, a term read from the store is an opaque object with a
``value`` (an IRI, a blank node's id, or a literal's lexical form), and for literals a
``language`` and a ``datatype``; the predicates here say which kind it is. Values to bind
into a query become terms through :func:`to_term`, never through query text.
"""

from __future__ import annotations

import functools
from typing import Any

import pyoxigraph as ox

__all__ = [
    "IRI",
    "LiteralTerm",
    "Quad",
    "Term",
    "blank",
    "iri",
    "is_blank",
    "is_iri",
    "is_literal",
    "literal",
    "quad",
    "sparql",
    "to_python",
    "to_rdflib",
    "to_term",
]

Term = ox.NamedNode | ox.BlankNode | ox.Literal
"""A subject, predicate or object as the store gives it."""

Quad = ox.Quad
"""A triple and the named graph that holds it (``subject``, ``predicate``, ``object``,
``graph_name``)."""

IRI = ox.NamedNode
"""The class of IRI terms: for ``isinstance`` in loops over millions of quads, where
:func:`is_iri` would cost a call each."""

LiteralTerm = ox.Literal
"""The class of literal terms (see :data:`IRI`)."""

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def iri(value: str) -> ox.NamedNode:
    """The term for an IRI (no check beyond Oxigraph's own).

    Examples
    --------
    >>> sparql(iri("https://w3id.org/nutrigraph/kb/magnesium"))
    '<https://w3id.org/nutrigraph/kb/magnesium>'
    """
    return ox.NamedNode(value)


def pattern_term(value: str | Term | None) -> Term | None:
    """A term of a quad pattern: an IRI given as a string made a term, ``None`` (any) kept.

    The same few predicates are looked up again and again (a projection reads a
    statement's subject, predicate, object, level... for each of thousands), so each IRI's
    term is made once.

    Examples
    --------
    >>> pattern_term("urn:a") is pattern_term("urn:a"), pattern_term(None)
    (True, None)
    """
    return _named(value) if isinstance(value, str) else value


_named = functools.lru_cache(maxsize=1 << 14)(ox.NamedNode)


def blank(value: str | None = None) -> ox.BlankNode:
    """A blank node, with the given id or a new one."""
    return ox.BlankNode(value)


def literal(value: Any, *, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    """A literal: a Python ``str``, ``int``, ``float`` or ``bool`` typed as XSD says, or a
    lexical form with an explicit ``datatype`` IRI or ``language`` tag.

    Examples
    --------
    >>> literal(300).datatype.value
    'http://www.w3.org/2001/XMLSchema#integer'
    >>> sparql(literal("tingling", language="en"))
    '"tingling"@en'
    """
    if datatype is not None:
        return ox.Literal(str(value), datatype=ox.NamedNode(datatype))
    if language is not None:
        return ox.Literal(str(value), language=language)
    return ox.Literal(value)


def quad(subject: Term, predicate: Term, obj: Term, graph: Term | None = None) -> ox.Quad:
    """A quad in ``graph`` (a term or an IRI string), or in the default graph."""
    if isinstance(graph, str):
        graph = ox.NamedNode(graph)
    return ox.Quad(subject, predicate, obj, graph if graph is not None else ox.DefaultGraph())


def is_iri(term: Any) -> bool:
    """Whether ``term`` is an IRI (a named node)."""
    return isinstance(term, ox.NamedNode)


def is_blank(term: Any) -> bool:
    """Whether ``term`` is a blank node."""
    return isinstance(term, ox.BlankNode)


def is_literal(term: Any) -> bool:
    """Whether ``term`` is a literal."""
    return isinstance(term, ox.Literal)


def sparql(term: Term) -> str:
    """The term written as SPARQL and N-Triples write it, escapes included.

    This is how code that shows a user a query (such as the query that finds a
    route) writes terms into it: by the store's own writer, never by hand.
    """
    return str(term)


def to_term(value: Any, name: str = "value") -> Term:
    """A term for a value to bind: an entity (``.iri``), a store or rdflib term, or a
    Python ``str``/``int``/``float``/``bool`` (a literal).

    Raises
    ------
    TypeError
        For any other value; ``name`` names it in the message.
    """
    if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal):
        return value
    entity = getattr(value, "iri", None)
    if isinstance(entity, str) and hasattr(value, "label"):  # an Entity
        return ox.NamedNode(entity)
    if type(value).__module__.startswith("rdflib"):
        from oxrdflib._converter import to_ox  # oxrdflib's own conversion

        try:
            return to_ox(value)
        except ValueError:
            pass
    if isinstance(value, str | int | float):  # bool is an int: xsd:boolean
        return ox.Literal(value)
    raise TypeError(f"cannot bind ?{name} to a {type(value).__name__}: "
                    "give an Entity, an RDF term, a string or a number")


def to_rdflib(term: Any) -> Any:
    """An rdflib term for a store term (``None`` stays ``None``).

    Simple literals become untyped rdflib literals, as rdflib writes them
    (oxrdflib's converter types them ``xsd:string``, which rdflib compares as
    different).

    Examples
    --------
    >>> to_rdflib(literal(4))
    rdflib.term.Literal('4', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    >>> to_rdflib(literal("x"))
    rdflib.term.Literal('x')
    """
    if isinstance(term, ox.Literal) and not term.language and term.datatype.value == _XSD_STRING:
        from rdflib import Literal

        return Literal(term.value)
    from oxrdflib._converter import from_ox

    return from_ox(term)


def to_python(term: Any) -> Any:
    """A plain Python value: IRIs as ``str``, typed literals as numbers, booleans, dates.

    Examples
    --------
    >>> to_python(literal(300))
    300
    >>> to_python(iri("https://w3id.org/nutrigraph/kb/magnesium"))
    'https://w3id.org/nutrigraph/kb/magnesium'
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return term.value
    return to_rdflib(term).toPython()
