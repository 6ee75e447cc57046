"""Content negotiation: which format an answer is written in, from the request's Accept.

The SPARQL 1.1 Protocol leaves the format to HTTP content negotiation; the types a
``SELECT`` or ``ASK`` answer can take are the W3C results formats, those of a
``CONSTRUCT`` or ``DESCRIBE`` answer RDF formats. The first of each list is the default
(for ``*/*`` or no Accept at all). Accept headers are read by python-mimeparse, which
weighs ``q`` values and wildcards as RFC 9110 says. A ``format`` parameter (``json``,
``xml``, ``csv``, ``tsv``, ``turtle``, ``ntriples``, ``rdfxml``, ``jsonld``), as Fuseki
and Virtuoso take, names a type for clients that cannot set headers, such as a link.
"""

from __future__ import annotations

import mimeparse

from ..store import GRAPH_MEDIA_TYPES, RESULTS_MEDIA_TYPES

__all__ = ["FORMAT_NAMES", "choose", "content_type"]

FORMAT_NAMES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
    "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
"""The names a ``format`` parameter may give, and the media type each stands for."""

# the media type a client may ask for in its stead (RDF/XML's older names, JSON)
_ALIASES = {"application/json": "application/sparql-results+json",
            "application/xml": "application/sparql-results+xml",
            "text/xml": "application/sparql-results+xml", "text/plain": "application/n-triples"}


def choose(accept: str, *, graph: bool) -> str | None:
    """The media type to write an answer in (``graph`` for an RDF graph), or ``None``.

    Examples
    --------
    >>> choose("text/csv;q=0.5, application/sparql-results+xml", graph=False)
    'application/sparql-results+xml'
    >>> choose("*/*", graph=True)
    'text/turtle'
    >>> choose("application/json", graph=False)
    'application/sparql-results+json'
    >>> choose("image/png", graph=False) is None
    True
    >>> choose(";;,q=x", graph=False)  # a header that cannot be read is left aside
    'application/sparql-results+json'
    """
    supported = list(GRAPH_MEDIA_TYPES if graph else RESULTS_MEDIA_TYPES)
    accept = accept.strip() or "*/*"
    try:
        # mimeparse prefers the last of equal matches; the default is listed first: reverse
        found = mimeparse.best_match(supported[::-1], accept)
        if found:
            return found
        for alias, media_type in _ALIASES.items():
            if media_type in supported and mimeparse.quality(alias, accept) > 0:
                return media_type
    except (mimeparse.MimeTypeParseException, ValueError):
        # RFC 9110 lets a server disregard an Accept it cannot read: the default, then
        return supported[0]
    return None


def content_type(media_type: str) -> str:
    """The Content-Type header of a body in ``media_type`` (text is UTF-8)."""
    if media_type.startswith("text/"):
        return f"{media_type}; charset=utf-8"
    return media_type
