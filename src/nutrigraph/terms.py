"""Conversion of Oxigraph terms to rdflib terms and to plain Python values."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

__all__ = ["to_python", "to_rdflib"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: Any) -> Any:
    """An rdflib term for a pyoxigraph term (``None`` stays ``None``).

    Examples
    --------
    >>> to_rdflib(ox.Literal("4", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    rdflib.term.Literal('4', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # rdflib writes simple literals untyped
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"no rdflib term for {term!r}")


def to_python(term: Any) -> Any:
    """A plain Python value: IRIs as ``str``, typed literals as numbers, booleans, dates.

    Examples
    --------
    >>> to_python(ox.Literal(300))
    300
    >>> to_python(ox.NamedNode("https://w3id.org/nutrigraph/kb/magnesium"))
    'https://w3id.org/nutrigraph/kb/magnesium'
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return term.value
    return to_rdflib(term).toPython()
