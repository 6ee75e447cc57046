"""Find entities by what people call them: labels, synonyms, CURIEs or IRIs."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .errors import AmbiguousName, EntityNotFound
from .prefixes import PREFIXES, compact, expand

if TYPE_CHECKING:
    import rdflib

    from .graph import KnowledgeGraph

__all__ = ["Entity", "Resolver", "normalize"]

# Every named thing that is not part of the schema and not a statement.
_NAMES = """
SELECT ?entity ?name ?preferred WHERE {
  { ?entity rdfs:label ?name BIND(true AS ?preferred) }
  UNION { ?entity skos:prefLabel ?name BIND(true AS ?preferred) }
  UNION { ?entity skos:altLabel ?name BIND(false AS ?preferred) }
  FILTER(isIRI(?entity))
  FILTER NOT EXISTS {
    ?entity a ?schemaType .
    VALUES ?schemaType { owl:Class owl:ObjectProperty owl:DatatypeProperty
                         owl:AnnotationProperty owl:Ontology ng:Statement }
  }
}
"""


@dataclass(frozen=True)
class Entity:
    """A thing in the graph, as found by :meth:`KnowledgeGraph.resolve`."""

    iri: str
    label: str

    @property
    def curie(self) -> str:
        """The IRI shortened with nutrigraph's prefixes (``ngk:magnesium``)."""
        return compact(self.iri)

    @property
    def term(self) -> ox.NamedNode:
        """The entity as a pyoxigraph term."""
        return ox.NamedNode(self.iri)

    @property
    def uri(self) -> rdflib.URIRef:
        """The entity as an rdflib term."""
        from rdflib import URIRef

        return URIRef(self.iri)

    def __str__(self) -> str:
        return f"{self.label} ({self.curie})"


def normalize(name: str) -> str:
    """Fold case, hyphens, underscores and spacing so that names compare as people mean them.

    Examples
    --------
    >>> normalize("  Vitamin-B12 ")
    'vitamin b12'
    >>> normalize("Pins_and  needles")
    'pins and needles'
    """
    return " ".join(re.sub(r"[-_]", " ", name).casefold().split())


class Resolver:
    """An index of entity names, built once per state of the graph."""

    def __init__(self, kg: KnowledgeGraph, size: int):
        self.size = size
        self._labels: dict[str, str] = {}
        self._by_name: dict[str, dict[str, bool]] = {}  # name -> {iri: is preferred label}
        self._shown: dict[str, str] = {}  # normalized -> as written
        for row in kg.store.query(_NAMES, prefixes=PREFIXES, use_default_graph_as_union=True):
            iri, name = row["entity"].value, row["name"].value
            preferred = row["preferred"].value == "true"
            if preferred:
                self._labels.setdefault(iri, name)
            key = normalize(name)
            self._shown.setdefault(key, name)
            seen = self._by_name.setdefault(key, {})
            seen[iri] = seen.get(iri, False) or preferred

    def resolve(self, name: str) -> Entity:
        text = name.strip()
        iri = expand(text) or (text[1:-1] if text.startswith("<") and text.endswith(">")
                               else text if "://" in text else None)
        if iri is not None and iri in self._labels:
            return self._entity(iri)
        matches = self._by_name.get(normalize(text), {})
        preferred = [i for i, is_label in matches.items() if is_label]
        candidates = preferred or list(matches)
        if len(candidates) == 1:
            return self._entity(candidates[0])
        if candidates:
            raise AmbiguousName(name, sorted(self._entity(i).curie for i in candidates))
        close = difflib.get_close_matches(normalize(text), list(self._by_name), n=5, cutoff=0.6)
        raise EntityNotFound(name, [self._shown[c] for c in close])

    def _entity(self, iri: str) -> Entity:
        return Entity(iri, self._labels.get(iri, compact(iri)))
