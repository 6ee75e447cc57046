"""The prefixes nutrigraph uses, as plain strings.

This module is deliberately free of rdflib so that the command line can use it
without paying rdflib's import time; :mod:`nutrigraph.vocab` builds the rdflib
namespaces from the same strings.
"""

__all__ = ["NG", "NGK", "NG_GRAPH", "PREFIXES", "compact", "expand"]

NG = "https://w3id.org/nutrigraph/vocab/"
"""nutrigraph's own vocabulary: classes, relations, controlled values."""

NGK = "https://w3id.org/nutrigraph/kb/"
"""nutrigraph's knowledge base: entities, sources, sections and statements."""

NG_GRAPH = "https://w3id.org/nutrigraph/graph/"
"""Named graphs, one per source."""

PREFIXES = {
    "ng": NG,
    "ngk": NGK,
    "biolink": "https://w3id.org/biolink/vocab/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
    # standard identifiers that nutrigraph entities map to (skos:exactMatch)
    "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_",
    "HP": "http://purl.obolibrary.org/obo/HP_",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "DOID": "http://purl.obolibrary.org/obo/DOID_",
    "UniProtKB": "http://purl.uniprot.org/uniprot/",
    "EC": "https://identifiers.org/ec-code:",
    "RHEA": "https://identifiers.org/rhea:",
    "PMID": "https://identifiers.org/pubmed:",
    "PMC": "https://identifiers.org/pmc:",
    # USDA SR28 foods (by NDB number), nutrients (by Nutr_No) and food groups, as imported
    "sr28food": "https://w3id.org/nutrigraph/sr28/food/",
    "sr28nutrient": "https://w3id.org/nutrigraph/sr28/nutrient/",
    "sr28group": "https://w3id.org/nutrigraph/sr28/group/",
}
"""Prefixes predeclared for every SPARQL query run through nutrigraph."""


def compact(iri: str) -> str:
    """Shorten an IRI to ``prefix:local`` with :data:`PREFIXES`, if one applies.

    Examples
    --------
    >>> compact("https://w3id.org/nutrigraph/kb/magnesium")
    'ngk:magnesium'
    >>> compact("http://example.org/x")
    'http://example.org/x'
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def expand(curie: str) -> str | None:
    """Expand ``prefix:local`` to a full IRI, or return None if the prefix is unknown.

    Examples
    --------
    >>> expand("ngk:vitamin-b12")
    'https://w3id.org/nutrigraph/kb/vitamin-b12'
    >>> expand("vitamin B12") is None
    True
    """
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in PREFIXES or " " in local:
        return None
    return PREFIXES[prefix] + local
