"""The knowledge graph as a NetworkX graph of entities and sourced relations.

rdflib's converters (:mod:`rdflib.extras.external_graph_libs`) turn every term
into a node, so literals, classes and ``rdf:type`` become hubs and shortest
paths run through them. The projection here keeps only what a path between
two things of the domain may pass through:

* **nodes** are entities (keyed by IRI) with their ``curie``, ``label`` and
  ``categories`` (the CURIEs of their nutrigraph classes);
* **edges** are the relations of nutrigraph's schema, the object properties
  whose values are entities; controlled values (evidence levels, body systems,
  sexes...) and provenance (statements, sources) are not edges;
* each edge carries the provenance of the triple: the statements that assert
  it, collapsed into ``sources``, the best ``evidence`` level with its
  ``evidence_rank`` (1 strongest), and ``disputed``/``disputed_by`` when
  another statement disputes one of them;
* the graph carries what its paths and categories are judged by, read from the
  knowledge graph: ``G.graph["evidence"]`` (the
  :class:`~nutrigraph.knowledge.EvidenceScale`) and ``G.graph["schema"]`` (the
  :class:`~nutrigraph.knowledge.Schema`).

Examples
--------
>>> import nutrigraph
>>> G = to_networkx(nutrigraph.load())
>>> mg, mat = "https://w3id.org/nutrigraph/kb/magnesium", (
...     "https://w3id.org/nutrigraph/kb/methionine-adenosyltransferase-1a")
>>> edge = G.edges[mg, mat, "ng:cofactorOf"]
>>> edge["label"], edge["evidence"], edge["sources"][0]["source"].split(" (")[0]
('cofactor of', 'experimental', 'UniProtKB Q00266')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..knowledge import (
    EvidenceScale,
    Provenance,
    Schema,
    StatementRecord,
    evidence_scale,
    read_schema,
)
from ..knowledge.evidence import shipped_scale
from ..knowledge.schema import relations_query, shipped_schema
from ..prefixes import PREFIXES, compact, expand
from ..store import LiteralTerm
from ..vocab import ng

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

    from ..graph import KnowledgeGraph

__all__ = ["scale_of", "schema_of", "to_networkx", "to_rdf"]


def to_networkx(kg: KnowledgeGraph, *, predicates: Iterable[str] | None = None,
                categories: Iterable[str] | None = None,
                inverse: bool = False, records: bool = False) -> nx.MultiDiGraph:
    """Project the knowledge graph onto a :class:`networkx.MultiDiGraph`.

    The projection is built once per set of options and kept until the graph
    changes (:meth:`~nutrigraph.KnowledgeGraph.changed`); treat it as read-only
    (``G.copy()`` to edit).

    Parameters
    ----------
    kg : KnowledgeGraph
    predicates : iterable of str, optional
        Relations to keep, as IRIs or CURIEs (``"ng:cofactorOf"``); all the
        schema's relations between entities when not given. Other object
        properties (``skos:exactMatch``, say) may be named too.
    categories : iterable of str, optional
        Keep only entities of these classes (IRIs, CURIEs or names, such as
        ``"ng:Enzyme"``), and the edges between them.
    inverse : bool
        Add, for each edge, the edge read backwards (``inverse=True`` on it,
        labelled with the inverse relation, such as "has cofactor"), so that
        paths may walk a relation against its direction.
    records : bool
        Also keep the relations that tie rows of data tables to what they are about
        (``ng:RecordRelation``: an SR28 measurement's food and nutrient, a food's
        portions) when ``predicates`` is not given. Left out by default: a full SR28
        import has 1.4 million of them, and no route between two entities passes
        through a table row. SR28 foods stay in the graph, with their food groups.

    Returns
    -------
    networkx.MultiDiGraph
        Keyed by predicate CURIE. Node attributes: ``curie``, ``label``,
        ``categories`` (a sorted tuple of CURIEs). Edge attributes:
        ``predicate`` (IRI), ``label``, ``inverse``, ``evidence`` (label of the
        best evidence level, ``None`` when no source rates it),
        ``evidence_rank``, ``disputed``, ``disputed_by`` (sources), ``sources``
        (a list of dicts: ``source``, ``section``, ``evidence``, ``statement``,
        ``claim``) and ``graphs``. Graph attributes: ``predicates``,
        ``categories``, ``inverse``, ``evidence`` and ``schema``.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> G = to_networkx(kg, predicates=["ng:hasActiveForm"])
    >>> sorted(G.nodes[v]["label"] for v in G.successors(kg.resolve("B12").iri))
    ['adenosylcobalamin', 'methylcobalamin']
    >>> G.graph["predicates"], G is to_networkx(kg, predicates=["ng:hasActiveForm"])
    (('ng:hasActiveForm',), True)
    """
    key = ("projection", None if predicates is None else tuple(sorted(predicates)),
           None if categories is None else tuple(sorted(categories)), inverse, records)
    return kg.derived(key, lambda kg: _project(kg, predicates, categories, inverse, records),
                      keep=True)


def _project(kg: KnowledgeGraph, predicates: Iterable[str] | None,
             categories: Iterable[str] | None, inverse: bool, records: bool) -> nx.MultiDiGraph:
    import networkx as nx

    schema = read_schema(kg)
    relations = schema.relations
    chosen = (sorted(p for p, r in relations.items() if records or not r.record)
              if predicates is None
              else sorted({schema.find_relation(p) for p in predicates}))
    wanted = None if categories is None else {schema.find_class(c) for c in categories}

    store = kg.store
    # Everything is read through SPARQL, by the relations chosen (so a SPARQL endpoint can
    # serve it too, and a store costs what those relations hold, not what it holds).
    # triple -> graphs holding it: the union default graph would list a triple once per graph
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    kinds: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, tuple[bool, str]] = {}  # node -> (not English, label)
    if chosen:
        for s, p, o, g in store.query(relations_query("projection-edges", chosen),
                                      where="the projection's relations").rows:
            edges[s.value, p.value, o.value].add(g.value)
        for node, kind, label in store.query(relations_query("projection-nodes", chosen),
                                             where="the projection's entities").rows:
            if kind is not None:
                kinds[node.value].add(kind.value)
            elif label is not None:
                _prefer(labels, node.value, label)

    nodes = {s for s, _, _ in edges} | {o for _, _, o in edges}
    if wanted is not None:
        nodes = {n for n in nodes if kinds.get(n, set()) & wanted}
        edges = {t: g for t, g in edges.items() if t[0] in nodes and t[2] in nodes}
    provenance = _EdgeProvenance(kg, chosen, set(edges))

    G = nx.MultiDiGraph(
        predicates=tuple(compact(p) for p in chosen),
        categories=None if wanted is None else tuple(sorted(compact(c) for c in wanted)),
        inverse=inverse, evidence=evidence_scale(kg), schema=schema,
    )
    # equal values are shared objects: millions of edges repeat a few dozen of them
    shared: dict[Any, Any] = {}

    def one(value: Any) -> Any:
        return shared.setdefault(value, value)

    for node in sorted(nodes):
        G.add_node(node, curie=compact(node),
                   label=labels[node][1] if node in labels else compact(node),
                   categories=one(tuple(sorted(compact(c) for c in kinds.get(node, ())))))
    for (s, p, o), graphs in sorted(edges.items()):
        relation = relations.get(p)
        held = one(tuple(sorted(graphs)))
        attributes = provenance.of(s, p, o, held)
        key = compact(p)
        label = relation.label if relation else key
        G.add_edge(s, o, key=key, predicate=p, label=label, inverse=False, graphs=held,
                   **attributes)
        if inverse:
            back = (relation.inverse_label if relation else None) or f"inverse of {label}"
            G.add_edge(o, s, key="^" + key, predicate=p, label=back, inverse=True,
                       graphs=held, **attributes)
    return G


def scale_of(G: Any) -> EvidenceScale:
    """The evidence scale a projection was made with (the shipped one for other graphs)."""
    return G.graph.get("evidence") or shipped_scale()


def schema_of(G: Any) -> Schema:
    """The schema a projection was made with (the shipped one for other graphs)."""
    return G.graph.get("schema") or shipped_schema()


def to_rdf(G: nx.MultiDiGraph) -> rdflib.Dataset:
    """Turn a projection back into RDF: its relations, with their provenance.

    Each forward edge becomes its triple; each node its ``rdfs:label`` and
    ``rdf:type``; each source of an edge an ``ng:Statement`` (``rdf:subject``,
    ``rdf:predicate``, ``rdf:object``, ``prov:wasDerivedFrom`` its section,
    ``ng:evidenceLevel``), so that a subgraph picked in NetworkX can be queried
    or saved like any RDF. Edges walked backwards (``inverse=True``) are the same
    triples and are not repeated.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> ds = to_rdf(to_networkx(kg, predicates=["ng:hasActiveForm"]))
    >>> from rdflib import URIRef
    >>> b12 = URIRef(kg.resolve("B12").iri)
    >>> sorted(str(o).rsplit("/", 1)[1] for o in ds.objects(b12, URIRef(
    ...     "https://w3id.org/nutrigraph/vocab/hasActiveForm")))
    ['adenosylcobalamin', 'methylcobalamin']
    """
    from rdflib import RDF, RDFS, BNode, Dataset, Literal, URIRef
    from rdflib.namespace import PROV

    ds = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        ds.bind(prefix, namespace, override=True)
    for node, data in G.nodes(data=True):
        ds.add((URIRef(node), RDFS.label, Literal(data["label"])))
        for category in data.get("categories", ()):
            ds.add((URIRef(node), RDF.type, URIRef(expand(category) or category)))
    for s, o, data in G.edges(data=True):
        if data.get("inverse"):
            continue
        triple = (URIRef(s), URIRef(data["predicate"]), URIRef(o))
        ds.add(triple)
        for source in data.get("sources", ()):
            statement = (URIRef(source["statement"]) if source.get("statement")
                         else BNode())
            ds.add((statement, RDF.type, URIRef(ng.Statement)))
            ds.add((statement, RDF.subject, triple[0]))
            ds.add((statement, RDF.predicate, triple[1]))
            ds.add((statement, RDF.object, triple[2]))
            if source.get("section_iri"):
                ds.add((statement, PROV.wasDerivedFrom, URIRef(source["section_iri"])))
            if source.get("evidence_iri"):
                ds.add((statement, URIRef(ng.evidenceLevel), URIRef(source["evidence_iri"])))
    return ds


# -- reading the graph -------------------------------------------------------------------



def _prefer(labels: dict[str, tuple[bool, str]], node: str, label: LiteralTerm) -> None:
    """Keep one label per node: an English one if any, then the first in text order."""
    found = (label.language != "en", label.value)  # the smaller wins
    if node not in labels or found < labels[node]:
        labels[node] = found


class _EdgeProvenance:
    """Who states each triple, collapsed into edge attributes.

    In order of preference: the ``ng:Statement`` nodes that reify the triple
    (negated ones left out); else the subject's own provenance when the subject
    describes itself (an SR28 measurement carries its own source and evidence
    level); else the source the triple's graph is derived from, without an
    evidence level. The attributes of edges that share their provenance (all the
    measurements of one table) are shared objects, so a projection of millions of
    edges stays small.
    """

    def __init__(self, kg: KnowledgeGraph, relations: list[str],
                 triples: set[tuple[str, str, str]]):
        self.provenance = Provenance(kg)
        self.statements = {
            triple: [source for record in records if not record.negated
                     for source in _sources(record)]
            for triple, records in self.provenance.statements_about(relations, triples).items()}
        bare = {s for (s, p, o) in triples if not self.statements.get((s, p, o))}
        self.own = self.provenance.self_described(relations, bare) if bare else {}
        self._shared: dict[tuple, dict[str, Any]] = {}

    def of(self, s: str, p: str, o: str, graphs: tuple[str, ...]) -> dict[str, Any]:
        sources = self.statements.get((s, p, o))
        if sources:
            return self._summary(sorted(sources, key=self._order))
        # shared by every edge with the same provenance (see the class docstring)
        own = self.own.get(s)
        # a node's own record is shared by the nodes of its table (see self_described)
        key = (id(own), None) if own is not None else (None, graphs)
        if key not in self._shared:
            if own is not None:
                found = _sources(own)
            else:
                graph_sources = self.provenance.graph_sources
                found = [_source(None, graph_sources.get(g)) for g in graphs
                         if graph_sources.get(g)]
            self._shared[key] = self._summary(found)
        return self._shared[key]

    def _order(self, source: dict[str, Any]) -> tuple:
        scale = self.provenance.scale
        return (scale.rank(source["evidence_rank"]), source["source"] or "",
                source["section"] or "")

    def _summary(self, sources: list[dict[str, Any]]) -> dict[str, Any]:
        rated = [x for x in sources if x["evidence_rank"] is not None]
        best = min(rated, key=lambda x: x["evidence_rank"]) if rated else None
        disputers = sorted({by for x in sources if x["statement"]
                            for by in self.provenance.disputed_by(x["statement"])})
        return {
            "evidence": best["evidence"] if best else None,
            "evidence_rank": best["evidence_rank"] if best else None,
            "disputed": bool(disputers),
            "disputed_by": tuple(disputers),
            "sources": tuple(sources),
        }


def _sources(record: StatementRecord) -> list[dict[str, Any]]:
    """A statement's provenance as the projection's source dicts, one per section."""
    return [_source(record.statement, section.source.label if section and section.source
                    else None, section, record) for section in record.sections or [None]]


def _source(statement: str | None, source: str | None, section=None,
            record: StatementRecord | None = None) -> dict[str, Any]:
    return {"statement": statement, "source": source,
            "section": section.label if section else None,
            "section_iri": section.iri if section else None,
            "evidence": record.level_label if record else None,
            "evidence_iri": record.level if record else None,
            "evidence_rank": record.rank if record else None,
            "claim": record.claim if record else None}
