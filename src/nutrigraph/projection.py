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
  another statement disputes one of them.

Examples
--------
>>> import nutrigraph
>>> G = nutrigraph.load().to_networkx()
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

import pyoxigraph as ox

from .prefixes import PREFIXES, compact

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

    from .graph import KnowledgeGraph

__all__ = ["relation_predicates", "schema_term", "to_networkx", "to_rdf"]

_NG = PREFIXES["ng"]
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_PROV = "http://www.w3.org/ns/prov#"
_LABEL = ox.NamedNode(_RDFS + "label")
_TYPE = ox.NamedNode(_RDF + "type")
_EVIDENCE = ox.NamedNode(_NG + "evidenceLevel")
_DERIVED = ox.NamedNode(_PROV + "wasDerivedFrom")
_STATEMENT = ox.NamedNode(_NG + "Statement")
_NEGATED = ox.NamedNode(_NG + "negated")
_DISPUTES = ox.NamedNode(_NG + "disputes")
_DISPUTED_BY = ox.NamedNode(_NG + "disputedBy")
_COMMENT = ox.NamedNode(_RDFS + "comment")


def relation_predicates(kg: KnowledgeGraph) -> dict[str, dict[str, str | None]]:
    """The schema's relations between entities, by IRI: label, inverse and its label.

    A relation is an ``owl:ObjectProperty`` of nutrigraph's schema that links
    two entities: not one about statements or sources (``ng:evidenceLevel``,
    ``ng:disputes``, ``ng:section``...) and not one whose values are
    controlled values (classes under ``skos:Concept``, such as body systems).

    Examples
    --------
    >>> import nutrigraph
    >>> relations = relation_predicates(nutrigraph.load())
    >>> relations["https://w3id.org/nutrigraph/vocab/cofactorOf"]["inverse_label"]
    'has cofactor'
    >>> "https://w3id.org/nutrigraph/vocab/evidenceLevel" in relations
    False
    """
    rows = kg.query("""
        SELECT ?p ?label ?inverse ?inverseLabel WHERE {
          ?p a owl:ObjectProperty ; rdfs:label ?label .
          FILTER(STRSTARTS(STR(?p), STR(ng:)))
          FILTER NOT EXISTS { ?p rdfs:domain ?about . VALUES ?about { ng:Statement ng:Source } }
          FILTER NOT EXISTS { ?p rdfs:range/rdfs:subClassOf* skos:Concept }
          OPTIONAL { ?p owl:inverseOf ?inverse . ?inverse rdfs:label ?inverseLabel }
        }""")
    relations: dict[str, dict[str, str | None]] = {}
    for row in rows._solutions:
        relations[row["p"].value] = {
            "label": row["label"].value,
            "inverse": row["inverse"].value if row["inverse"] is not None else None,
            "inverse_label": (row["inverseLabel"].value if row["inverseLabel"] is not None
                              else None),
        }
    return relations


def to_networkx(kg: KnowledgeGraph, *, predicates: Iterable[str] | None = None,
                categories: Iterable[str] | None = None,
                inverse: bool = False) -> nx.MultiDiGraph:
    """Project the knowledge graph onto a :class:`networkx.MultiDiGraph`.

    Usually called as :meth:`KnowledgeGraph.to_networkx`, which caches the
    result for the graph's current contents.

    Parameters
    ----------
    kg : KnowledgeGraph
    predicates : iterable of str, optional
        Relations to keep, as IRIs or CURIEs (``"ng:cofactorOf"``); all of
        :func:`relation_predicates` when not given. Other object properties
        (``skos:exactMatch``, say) may be named too.
    categories : iterable of str, optional
        Keep only entities of these classes (IRIs or CURIEs, such as
        ``"ng:Enzyme"``), and the edges between them.
    inverse : bool
        Add, for each edge, the edge read backwards (``inverse=True`` on it,
        labelled with the inverse relation, such as "has cofactor"), so that
        paths may walk a relation against its direction.

    Returns
    -------
    networkx.MultiDiGraph
        Keyed by predicate CURIE. Node attributes: ``curie``, ``label``,
        ``categories`` (a sorted tuple of CURIEs). Edge attributes:
        ``predicate`` (IRI), ``label``, ``inverse``, ``evidence`` (label of the
        best evidence level, ``None`` when no source rates it),
        ``evidence_rank``, ``disputed``, ``disputed_by`` (sources), ``sources``
        (a list of dicts: ``source``, ``section``, ``evidence``, ``statement``,
        ``claim``) and ``graphs``.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> G = to_networkx(kg, predicates=["ng:hasActiveForm"])
    >>> sorted(G.nodes[v]["label"] for v in G.successors(kg.resolve("B12").iri))
    ['adenosylcobalamin', 'methylcobalamin']
    >>> G.graph["predicates"]
    ('ng:hasActiveForm',)
    """
    import networkx as nx

    relations = relation_predicates(kg)
    if predicates is None:
        chosen = sorted(relations)
    else:
        chosen = sorted({schema_term(kg, p, 'relation') for p in predicates})
    wanted = (None if categories is None
              else {schema_term(kg, c, 'category') for c in categories})

    store = kg.store
    # triple -> graphs holding it: the union default graph would list a triple once per graph
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for predicate in chosen:
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
            s, o = quad.subject, quad.object
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
                graph = quad.graph_name
                edges[s.value, predicate, o.value].add(
                    graph.value if isinstance(graph, ox.NamedNode) else "")

    nodes = {s for s, _, _ in edges} | {o for _, _, o in edges}
    kinds = _categories(store, nodes)
    if wanted is not None:
        nodes = {n for n in nodes if kinds.get(n, set()) & wanted}
        edges = {t: g for t, g in edges.items() if t[0] in nodes and t[2] in nodes}
    labels = _labels(store, nodes)
    provenance = _Provenance(kg, {t for t in edges})

    G = nx.MultiDiGraph(
        predicates=tuple(compact(p) for p in chosen),
        categories=None if wanted is None else tuple(sorted(compact(c) for c in wanted)),
        inverse=inverse,
    )
    # equal values are shared objects: millions of edges repeat a few dozen of them
    shared: dict[Any, Any] = {}

    def one(value: Any) -> Any:
        return shared.setdefault(value, value)

    for node in sorted(nodes):
        G.add_node(node, curie=compact(node), label=labels.get(node, compact(node)),
                   categories=one(tuple(sorted(compact(c) for c in kinds.get(node, ())))))
    for (s, p, o), graphs in sorted(edges.items()):
        relation = relations.get(p, {})
        held = one(tuple(sorted(graphs)))
        attributes = provenance.of(s, p, o, held)
        key = compact(p)
        label = relation.get("label") or key
        G.add_edge(s, o, key=key, predicate=p, label=label, inverse=False, graphs=held,
                   **attributes)
        if inverse:
            back = relation.get("inverse_label") or f"inverse of {label}"
            G.add_edge(o, s, key="^" + key, predicate=p, label=back, inverse=True,
                       graphs=held, **attributes)
    return G


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
    >>> G = kg.to_networkx(predicates=["ng:hasActiveForm"])
    >>> ds = to_rdf(G)
    >>> from rdflib import URIRef
    >>> b12 = URIRef(kg.resolve("B12").iri)
    >>> sorted(str(o).rsplit("/", 1)[1] for o in ds.objects(b12, URIRef(
    ...     "https://w3id.org/nutrigraph/vocab/hasActiveForm")))
    ['adenosylcobalamin', 'methylcobalamin']
    """
    from rdflib import RDF, RDFS, BNode, Dataset, Literal, URIRef
    from rdflib.namespace import PROV

    from .prefixes import expand

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
            ds.add((statement, RDF.type, URIRef(_NG + "Statement")))
            ds.add((statement, RDF.subject, triple[0]))
            ds.add((statement, RDF.predicate, triple[1]))
            ds.add((statement, RDF.object, triple[2]))
            if source.get("section_iri"):
                ds.add((statement, PROV.wasDerivedFrom, URIRef(source["section_iri"])))
            if source.get("evidence_iri"):
                ds.add((statement, URIRef(_NG + "evidenceLevel"),
                        URIRef(source["evidence_iri"])))
    return ds


# -- helpers --------------------------------------------------------------------------


def _categories(store: ox.Store, nodes: set[str]) -> dict[str, set[str]]:
    """nutrigraph classes of each node (rdf:type in the ng: namespace)."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for quad in store.quads_for_pattern(None, _TYPE, None, None):
        s, o = quad.subject, quad.object
        if (isinstance(s, ox.NamedNode) and s.value in nodes and isinstance(o, ox.NamedNode)
                and o.value.startswith(_NG) and o != _STATEMENT):
            kinds[s.value].add(o.value)
    return kinds


def _labels(store: ox.Store, nodes: set[str]) -> dict[str, str]:
    """One label per node: English first, then any."""
    labels: dict[str, str] = {}
    for quad in store.quads_for_pattern(None, _LABEL, None, None):
        s, o = quad.subject, quad.object
        if (isinstance(s, ox.NamedNode) and s.value in nodes and isinstance(o, ox.Literal)
                and (s.value not in labels or o.language == "en")):
            labels[s.value] = o.value
    return labels


class _Provenance:
    """Who states each triple, read in bulk, collapsed into edge attributes.

    In order of preference: the ``ng:Statement`` nodes that reify the triple;
    else the subject's own provenance when the subject describes itself (an SR28
    measurement carries its own source and evidence level); else the source the
    triple's graph is derived from, without an evidence level.

    Statements are read by index lookups, one statement at a time, rather than by
    one SPARQL query: Oxigraph plans an OPTIONAL over ``prov:wasDerivedFrom`` by
    reading every such triple, which on a full SR28 import is 700,000 of them.
    The attributes of edges that share their provenance (all the measurements of
    one table) are shared objects, so a projection of millions of edges stays small.
    """

    def __init__(self, kg: KnowledgeGraph, triples: set[tuple[str, str, str]]):
        store = kg.store
        self.levels = _levels(kg)
        self.sections = _sections(kg)
        self.graph_sources = _graph_sources(kg)
        self.statements: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        statements = {q.subject for q in store.quads_for_pattern(None, _TYPE, _STATEMENT, None)}
        for statement in sorted(statements, key=str):
            if _values(store, statement, _NEGATED) == ["true"]:
                continue
            spo = [_values(store, statement, ox.NamedNode(_RDF + t))
                   for t in ("subject", "predicate", "object")]
            if not all(len(v) == 1 for v in spo):
                continue
            triple = (spo[0][0], spo[1][0], spo[2][0])
            if triple not in triples:
                continue
            levels = _values(store, statement, _EVIDENCE) or [None]
            claims = _values(store, statement, _COMMENT) or [None]
            for section in _values(store, statement, _DERIVED) or [None]:
                section_label, source_label = self.sections.get(section, (None, None))
                label, rank = self.levels.get(levels[0], (None, None))
                self.statements[triple].append({
                    "statement": statement.value, "source": source_label,
                    "section": section_label, "section_iri": section, "evidence": label,
                    "evidence_iri": levels[0], "evidence_rank": rank, "claim": claims[0],
                })
        # who disputes a statement: the sources of the disputing statements
        self.disputed_by: dict[str, set[str]] = defaultdict(set)
        pairs = [(q.object, q.subject) for q in store.quads_for_pattern(None, _DISPUTES, None)]
        pairs += [(q.subject, q.object) for q in store.quads_for_pattern(None, _DISPUTED_BY, None)]
        for claim, counter in pairs:
            for section in _values(store, counter, _DERIVED):
                by = self.sections.get(section, (None, None))[1]
                if by:
                    self.disputed_by[claim.value].add(by)

        # self-describing subjects, for triples no statement reifies
        bare = {s for (s, p, o) in triples if (s, p, o) not in self.statements}
        self.own: dict[str, tuple[str | None, str | None]] = {}
        if bare:
            level_of: dict[str, str] = {}
            for quad in store.quads_for_pattern(None, _EVIDENCE, None, None):
                if quad.subject.value in bare:
                    level_of[quad.subject.value] = quad.object.value
            for quad in store.quads_for_pattern(None, _DERIVED, None, None):
                subject = quad.subject.value
                if subject in level_of:
                    self.own[subject] = (level_of[subject], quad.object.value)
        self._shared: dict[tuple, dict[str, Any]] = {}

    def of(self, s: str, p: str, o: str, graphs: tuple[str, ...]) -> dict[str, Any]:
        sources = self.statements.get((s, p, o))
        if sources:
            return self._summary(sorted(sources, key=_source_order))
        # shared by every edge with the same provenance (see the class docstring)
        key = (self.own.get(s), graphs if s not in self.own else None)
        if key not in self._shared:
            if s in self.own:
                level, section = self.own[s]
                label, rank = self.levels.get(level, (None, None))
                section_label, source_label = self.sections.get(section, (None, None))
                found = [{"statement": None, "source": source_label, "section": section_label,
                          "section_iri": section, "evidence": label, "evidence_iri": level,
                          "evidence_rank": rank, "claim": None}]
            else:
                found = [{"statement": None, "source": self.graph_sources.get(g),
                          "section": None, "section_iri": None, "evidence": None,
                          "evidence_iri": None, "evidence_rank": None, "claim": None}
                         for g in graphs if self.graph_sources.get(g)]
            self._shared[key] = self._summary(found)
        return self._shared[key]

    def _summary(self, sources: list[dict[str, Any]]) -> dict[str, Any]:
        rated = [x for x in sources if x["evidence_rank"] is not None]
        best = min(rated, key=lambda x: x["evidence_rank"]) if rated else None
        disputers = sorted({by for x in sources if x["statement"]
                            for by in self.disputed_by.get(x["statement"], ())})
        return {
            "evidence": best["evidence"] if best else None,
            "evidence_rank": best["evidence_rank"] if best else None,
            "disputed": bool(disputers),
            "disputed_by": tuple(disputers),
            "sources": tuple(sources),
        }


def _source_order(source: dict[str, Any]) -> tuple:
    return (source["evidence_rank"] or 99, source["source"] or "", source["section"] or "")


def _values(store: ox.Store, subject: Any, predicate: ox.NamedNode) -> list[str]:
    """The distinct values of one property of one node, in any graph."""
    return sorted({q.object.value for q in store.quads_for_pattern(subject, predicate, None)})


def schema_term(kg: KnowledgeGraph, name: str, kind: str = "category") -> str:
    """The IRI of a nutrigraph class (``kind="category"``) or relation (``"relation"``).

    Takes a CURIE (``ng:Enzyme``), an IRI, or the term's label or local name in
    any case (``enzyme``, ``active form``, ``cofactorOf``, ``cofactor of``).

    Raises
    ------
    UnknownTerm
        With the nearest names, when nothing in the schema has that name.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> schema_term(kg, "active form")
    'https://w3id.org/nutrigraph/vocab/ActiveForm'
    >>> schema_term(kg, "cofactor of", "relation")
    'https://w3id.org/nutrigraph/vocab/cofactorOf'
    """
    import difflib

    from .errors import UnknownTerm
    from .prefixes import expand

    iri = expand(name)
    if iri is None and name.startswith(("http://", "https://")):
        iri = name
    if kind == "relation":
        known = {p: r["label"] for p, r in relation_predicates(kg).items()}
        if iri is not None and (iri in known or not iri.startswith(_NG)):
            return iri  # a relation of the schema, or another vocabulary's (skos:exactMatch)
    else:
        rows = kg.query("SELECT ?c ?label WHERE { ?c a owl:Class ; rdfs:label ?label "
                        "FILTER(STRSTARTS(STR(?c), STR(ng:))) }")
        known = {r["c"].value: r["label"].value for r in rows._solutions}
        if iri in known:
            return iri

    def key(text: str) -> str:
        return "".join(text.lower().split()).replace("-", "").replace("_", "")

    names: dict[str, str] = {}
    for term, label in known.items():
        names[key(label)] = term
        names[key(term[len(_NG):])] = term
    if key(name) in names:
        return names[key(name)]
    near = difflib.get_close_matches(key(name), list(names), n=3, cutoff=0.6)
    raise UnknownTerm(kind, name, [compact(names[n]) for n in near])


def _text(term: Any) -> str | None:
    return None if term is None else term.value


def _levels(kg: KnowledgeGraph) -> dict[str, tuple[str, int]]:
    rows = kg.query("SELECT ?level ?label ?rank WHERE { ?level a ng:EvidenceLevel ; "
                    "skos:prefLabel ?label ; ng:rank ?rank }")
    return {r["level"].value: (r["label"].value, int(r["rank"].value)) for r in rows._solutions}


def _sections(kg: KnowledgeGraph) -> dict[str, tuple[str | None, str | None]]:
    rows = kg.query("SELECT ?section ?label ?source WHERE { ?section dcterms:isPartOf ?s . "
                    "OPTIONAL { ?section rdfs:label ?label } OPTIONAL { ?s rdfs:label ?source } }")
    return {r["section"].value: (_text(r["label"]), _text(r["source"])) for r in rows._solutions}


def _graph_sources(kg: KnowledgeGraph) -> dict[str, str]:
    rows = kg.query("SELECT ?g ?label WHERE { GRAPH ?g { ?g prov:wasDerivedFrom ?source } "
                    "?source rdfs:label ?label }")
    return {r["g"].value: r["label"].value for r in rows._solutions}
