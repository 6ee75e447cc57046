"""The prefixes nutrigraph uses, as plain strings.

This module is deliberately free of rdflib so that the command line can use it
without paying rdflib's import time; :mod:`nutrigraph.vocab` builds the rdflib
namespaces from the same strings.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import curies

__all__ = ["NG", "NGK", "NG_GRAPH", "PREFIXES", "compact", "converter", "expand"]

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
    # as the Biolink model's JSON-LD context expands them, so that KGX and Biolink tools agree
    "GO": "http://purl.obolibrary.org/obo/GO_",
    "FOODON": "http://purl.obolibrary.org/obo/FOODON_",
    "MAXO": "http://purl.obolibrary.org/obo/MAXO_",
    "OBI": "http://purl.obolibrary.org/obo/OBI_",
    "NCIT": "http://purl.obolibrary.org/obo/NCIT_",
    "NCBIGene": "http://identifiers.org/ncbigene/",
    "HGNC": "http://identifiers.org/hgnc/",
    "OMIM": "http://purl.obolibrary.org/obo/OMIM_",
    "ORPHA": "http://www.orpha.net/ORDO/Orphanet_",
    # USDA SR28 foods (by NDB number), nutrients (by Nutr_No), food groups and amounts in a
    # food's first portion (by Nutr_No), as imported
    "sr28food": "https://w3id.org/nutrigraph/sr28/food/",
    "sr28nutrient": "https://w3id.org/nutrigraph/sr28/nutrient/",
    "sr28group": "https://w3id.org/nutrigraph/sr28/group/",
    "sr28perportion": "https://w3id.org/nutrigraph/sr28/per-portion/",
}
"""Prefixes predeclared for every SPARQL query run through nutrigraph."""


@functools.cache
def converter() -> curies.Converter:
    """The :class:`curies.Converter` for :data:`PREFIXES`, built on first use.

    ``curies`` takes about 0.15 s to import, so it is imported here, when the
    first IRI is shortened, and not when nutrigraph is imported.
    """
    import curies

    return curies.Converter.from_prefix_map(PREFIXES)


def compact(iri: str) -> str:
    """Shorten an IRI to a CURIE with :data:`PREFIXES`, or return it unchanged.

    Examples
    --------
    >>> compact("https://w3id.org/nutrigraph/kb/magnesium")
    'ngk:magnesium'
    >>> compact("http://purl.obolibrary.org/obo/HP_0003401")
    'HP:0003401'
    >>> compact("http://example.org/x")
    'http://example.org/x'
    """
    # curies matches a prefix trie in Python (~15 us an IRI); a projection of a full SR28
    # import compacts ~700,000 IRIs. So the prefix curies finds for one IRI is reused for
    # the IRIs that share its stem (all but the last path segment), unless a longer
    # namespace could also start there (obo/ holds HP_, CHEBI_...).
    cut = max(iri.rfind("/"), iri.rfind("#")) + 1
    stem, local = iri[:cut], iri[cut:]
    prefix = _STEMS.get(stem)
    if prefix is not None:
        return f"{prefix}:{local}"
    curie = converter().compress(iri, passthrough=True)
    if curie != iri and curie.endswith(":" + local) and local and not any(
            len(ns) > len(stem) and ns.startswith(stem) for ns in PREFIXES.values()):
        _STEMS[stem] = curie[: -len(local) - 1]
    return curie


_STEMS: dict[str, str] = {}


def expand(curie: str) -> str | None:
    """Expand a CURIE to a full IRI, or return None if it is not one of ours.

    Examples
    --------
    >>> expand("ngk:vitamin-b12")
    'https://w3id.org/nutrigraph/kb/vitamin-b12'
    >>> expand("CHEBI:30411")
    'http://purl.obolibrary.org/obo/CHEBI_30411'
    >>> expand("vitamin B12") is None
    True
    """
    if ":" not in curie or " " in curie.strip():
        return None
    return converter().expand(curie.strip())
