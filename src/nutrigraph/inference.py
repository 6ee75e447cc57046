"""Optional inference: the RDFS or OWL 2 RL closure, kept apart in its own named graph.

The schema aligns every class and relation with Biolink (``rdfs:subClassOf``,
``rdfs:subPropertyOf``) and gives relations their inverses (``owl:inverseOf``).
Plain SPARQL does not follow those links; after :func:`infer` it does, because
the entailed triples are stored, in the graph :data:`INFERRED_GRAPH`:

* ``rdfs``: types from superclasses (``?x a biolink:ChemicalEntity``), relations
  from superproperties (``?x biolink:has_phenotype ?y`` finds ``ng:hasSymptom``),
  and types from ``rdfs:domain``/``rdfs:range``;
* ``owl-rl``: all of that, plus inverse (``?symptom ng:symptomOf ?deficiency``)
  and symmetric relations, equivalences and the rest of OWL 2 RL.

Inference is off by default: ``load(infer="rdfs")`` or ``nutrigraph query --infer
rdfs`` turns it on. The reasoner is owlrl.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from .errors import UnknownProfile
from .graph import INFERRED_GRAPH
from .prefixes import PREFIXES
from .store import Store, iri, is_iri, literal, quad, to_rdflib, to_term

if TYPE_CHECKING:  # heavy, imported only where used
    import rdflib

    from .graph import KnowledgeGraph

__all__ = ["INFERRED_GRAPH", "PROFILES", "check_profile", "infer", "union_graph"]


PROFILES = ("rdfs", "owl-rl")
"""The inference profiles :func:`infer` knows."""

_RDF, _RDFS, _OWL = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"]
_PROV = PREFIXES["prov"]

# Entailments that hold of everything or of every term (x owl:sameAs x, x a rdfs:Resource):
# true, but they say nothing and would triple the size of the inferred graph.
_EMPTY_TYPES = {_RDFS + "Resource", _OWL + "Thing"}
_REFLEXIVE = {_OWL + "sameAs", _OWL + "equivalentClass", _OWL + "equivalentProperty",
              _RDFS + "subClassOf", _RDFS + "subPropertyOf"}


def infer(kg: KnowledgeGraph, profile: str = "rdfs") -> int:
    """Add what the schema entails to ``kg``, in the named graph :data:`INFERRED_GRAPH`.

    The closure is computed by owlrl over every other graph in the store (the
    schema included), and only the new triples are stored, so the sources' own
    graphs stay exactly as the sources state them. Running it again replaces
    the inferred graph. Triples that hold of every resource (``x owl:sameAs x``,
    ``x a rdfs:Resource``, ``x a owl:Thing``) are left out.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph to extend, in place.
    profile : {"rdfs", "owl-rl"}
        ``"rdfs"`` for RDFS entailment (subclasses, subproperties, domains and
        ranges); ``"owl-rl"`` for the OWL 2 RL rules, which add inverse and
        symmetric relations and equivalences.

    Returns
    -------
    int
        The number of entailed triples added (the graph's own description of how
        it was made is not counted).

    Raises
    ------
    UnknownProfile
        If ``profile`` is not one of :data:`PROFILES`.

    Examples
    --------
    On the bundled graph, ``load(infer="rdfs")`` makes
    ``?x biolink:has_phenotype ngk:fatigue`` find the deficiencies that have
    fatigue as a symptom. The schema alone shows the idea, quickly: a nutrient
    is a chemical substance, which is a Biolink chemical entity.

    >>> from nutrigraph.bundled import ONTOLOGY_DIR
    >>> from nutrigraph.graph import open_graph
    >>> kg = open_graph([ONTOLOGY_DIR / "nutrigraph.ttl"], bundled=False)
    >>> ask = "ASK { ng:Nutrient rdfs:subClassOf biolink:ChemicalEntity }"
    >>> bool(kg.query(ask))
    False
    >>> infer(kg, "rdfs") > 0
    True
    >>> bool(kg.query(ask))
    True
    """
    check_profile(profile)
    import owlrl

    asserted = union_graph(kg.store, exclude=(INFERRED_GRAPH,))
    graph = _reasoner_input(asserted, profile)
    semantics = owlrl.RDFS_Semantics if profile == "rdfs" else owlrl.OWLRL_Semantics
    # axiomatic and datatype triples describe RDF itself, not the knowledge
    owlrl.DeductiveClosure(semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(graph)

    # sorted: the reasoner's graph is a set, and the store answers in the order it was filled
    quads = sorted((quad(to_term(s), to_term(p), to_term(o), INFERRED_GRAPH)
                    for s, p, o in graph
                    if (s, p, o) not in asserted and _informative(s, p, o)
                    and _sound(s, p, o, asserted, graph)), key=str)
    sources = [g for g in kg.store.graphs() if g != INFERRED_GRAPH]
    kg.store.remove_graph(INFERRED_GRAPH)  # a no-op when there is none yet
    kg.store.add([*quads, *_description(INFERRED_GRAPH, profile, owlrl.__version__, sources)])
    kg.changed()
    return len(quads)


def check_profile(profile: str) -> None:
    """Raise :class:`~nutrigraph.errors.UnknownProfile` unless ``profile`` is in :data:`PROFILES`.

    Examples
    --------
    >>> check_profile("owl")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    nutrigraph.errors.UnknownProfile: no inference profile named 'owl'; did you mean: owl-rl? ...
    """
    if profile not in PROFILES:
        raise UnknownProfile(str(profile), difflib.get_close_matches(str(profile), PROFILES))


def union_graph(store: Store, *, exclude: tuple[str, ...] = ()) -> rdflib.Graph:
    """Copy every triple of the store, whatever its graph, into one rdflib Graph.

    Named graphs whose IRIs are in ``exclude`` are skipped. Reasoners and validators need an
    in-memory rdflib graph; a copy keeps them from touching the store.

    Examples
    --------
    >>> from nutrigraph import load
    >>> kg = load()
    >>> len(union_graph(kg.store)) <= len(kg)
    True
    """
    from rdflib import Graph

    graph = Graph()
    skip = set(exclude)
    for found in store:
        if not (is_iri(found.graph_name) and found.graph_name.value in skip):
            graph.add((to_rdflib(found.subject), to_rdflib(found.predicate),
                       to_rdflib(found.object)))
    return graph


# -- helpers -------------------------------------------------------------------------

# Properties whose use says nothing a rule could build on: reification and annotations.
_INERT = {_RDF + "subject", _RDF + "predicate", _RDF + "object"}
# Vocabulary from which OWL RL derives owl:sameAs; with equality, any triple may be copied.
_EQUALITY = {_OWL + "sameAs", _OWL + "FunctionalProperty", _OWL + "InverseFunctionalProperty",
             _OWL + "hasKey", _OWL + "maxCardinality", _OWL + "maxQualifiedCardinality",
             _OWL + "cardinality", _OWL + "qualifiedCardinality"}


def _reasoner_input(asserted: rdflib.Graph, profile: str) -> rdflib.Graph:
    """The triples that an RDFS or OWL RL rule can use: about half, so twice as fast.

    A rule uses a triple ``s p o`` only through what the schema says about ``p``
    (its superproperties, domain, range, inverse ...) or, for ``rdf:type``,
    about the class. So triples whose property no triple mentions (labels,
    comments, definitions, provenance) are left out, unless OWL RL equality
    could copy them to another subject.
    """
    from rdflib import Graph

    nodes = set(asserted.subjects()) | set(asserted.objects())
    vocabulary = (_RDF, _RDFS, _OWL)
    if profile == "owl-rl" and any(str(n) in _EQUALITY for n in nodes | set(asserted.predicates())):
        keep = None
    else:
        keep = {p for p in set(asserted.predicates())
                if p in nodes or (str(p).startswith(vocabulary) and str(p) not in _INERT)}
    graph = Graph()
    for triple in asserted:
        if keep is None or triple[1] in keep:
            graph.add(triple)
    return graph


def _sound(s: Any, p: Any, o: Any, asserted: rdflib.Graph, closure: rdflib.Graph) -> bool:
    """Whether an entailed triple with a literal object follows from one the data asserts.

    owlrl stands literals in by their Python values, for which 1 == 1.0 == True,
    and so derives ``ng:negated 1`` from ``ng:negated true``. What RDFS and OWL RL
    can soundly derive here is a superproperty's triple with the very same literal.
    """
    from rdflib import Literal, URIRef

    if not isinstance(o, Literal):
        return True
    sub = URIRef(_RDFS + "subPropertyOf")
    return any((s, q, o) in asserted for q in closure.subjects(sub, p))


def _informative(s: Any, p: Any, o: Any) -> bool:
    from rdflib import Literal

    if isinstance(s, Literal):  # owlrl's stand-ins for literals; RDF has no literal subjects
        return False
    if str(p) == _RDF + "type" and str(o) in _EMPTY_TYPES:
        return False
    return not (s == o and str(p) in _REFLEXIVE)


def _description(graph: str, profile: str, version: str, sources: list[str]) -> list[Any]:
    """The inferred graph says how it was made: reasoner, profile and the graphs it read."""
    activity = iri(f"{graph}#{profile}-closure")
    rules = "RDFS" if profile == "rdfs" else "OWL 2 RL"
    comment = (f"Triples entailed by the {rules} rules from the other named graphs, computed by "
               f"owlrl {version} through nutrigraph.inference.infer(profile={profile!r}); "
               "only triples that no graph asserts are kept.")
    quads = [
        quad(iri(graph), iri(_PROV + "wasGeneratedBy"), activity, graph),
        quad(activity, iri(_RDF + "type"), iri(_PROV + "Activity"), graph),
        quad(activity, iri(_RDFS + "comment"), literal(comment, language="en"), graph),
    ]
    quads += [quad(activity, iri(_PROV + "used"), iri(source), graph) for source in sources]
    return quads
