"""A query as plain SPARQL 1.1 text for a server that takes neither nutrigraph's prefixes
nor its bound terms: both are written into the query.

Oxigraph takes predeclared prefixes and substitutes bound terms (SPARQL SEP-0007)
itself. A SPARQL 1.1 Protocol request carries only the text, so the prefixes a query
uses without declaring them are declared at its head, and the bound terms become a
``VALUES`` block at the head of its WHERE group: joined with the rest of the group
before anything else, as Oxigraph's substitution is, and seen by the server's
planner from the start (a trailing ``VALUES``, as rdflib's SPARQLStore writes, is
joined after grouping: an aggregate would be computed for every value first). The
terms are written by Oxigraph (``str`` of a term), never pasted from user text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from ..errors import QueryError
from .guards import read

__all__ = ["inline"]

_DECLARED = re.compile(r"\bPREFIX\s+([^\s:]*):", re.IGNORECASE)


def inline(text: str, prefixes: Mapping[str, str],
           substitutions: Mapping[ox.Variable, Any] | None = None, *,
           where: str = "<inline query>") -> str:
    """The query with the ``prefixes`` it does not declare itself declared, and the
    ``substitutions`` as a ``VALUES`` block at the head of its WHERE group.

    Raises
    ------
    QueryError
        A blank node to bind (a ``VALUES`` block cannot hold one), or bindings for a
        query without a WHERE group (``DESCRIBE <iri>``).

    Examples
    --------
    >>> print(inline("SELECT ?l WHERE { ?x rdfs:label ?l }",
    ...              {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"},
    ...              {ox.Variable("x"): ox.NamedNode("urn:a")}))
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?l WHERE { VALUES (?x) { (<urn:a>) }
     ?x rdfs:label ?l }
    """
    if substitutions:
        variables = list(substitutions)
        if any(isinstance(substitutions[v], ox.BlankNode) for v in variables):
            raise QueryError(f"{where}: a blank node cannot be bound in a query sent to "
                             "another server (it names nothing there)")
        group = read(text).group_at
        if group is None:
            raise QueryError(f"{where}: terms can be bound only in a query with a WHERE "
                             "clause")
        block = (f" VALUES ({' '.join(str(v) for v in variables)}) "
                 f"{{ ({' '.join(str(substitutions[v]) for v in variables)}) }}\n")
        text = text[:group + 1] + block + text[group + 1:]
    declared = set(_DECLARED.findall(text))
    head = "".join(f"PREFIX {name}: <{namespace}>\n" for name, namespace in prefixes.items()
                   if name not in declared)
    return head + text
