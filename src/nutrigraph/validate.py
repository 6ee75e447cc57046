"""Check RDF against nutrigraph's SHACL shapes, and report the problems grouped by shape.

The shapes (``ontology/shapes.ttl``, shipped as ``nutrigraph/ontology/shapes.ttl``)
encode the house rules: sourced statements, named entities, sources and
sections, the ranges of the relations, intake reference values and food
composition measurements. pySHACL does the checking.

A report groups its results by severity and shape, with counts and a few
examples each, because a flat list of a thousand lines that all say the same
thing helps nobody.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from os import PathLike, fspath
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from .bundled import ONTOLOGY_DIR, SCHEMA_GRAPH, bundled_files
from .errors import DataFileError, DataValidationError, UnknownProfile
from .graph import KnowledgeGraph, open_graph
from .inference import INFERRED_GRAPH, union_graph
from .prefixes import PREFIXES, compact
from .queries import internal_query
from .store import Store, is_iri, is_literal, parse_file, to_rdflib, to_term

if TYPE_CHECKING:  # heavy, imported only where used
    import rdflib

__all__ = ["SHAPES", "SHAPES_FILE", "ValidationReport", "ValidationResult", "validate"]

SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
"""The SHACL shapes that ship with nutrigraph."""

SHAPES = "https://w3id.org/nutrigraph/shapes/"
"""Namespace of nutrigraph's shapes (shown as ``ngsh:`` in reports)."""

_SH = "http://www.w3.org/ns/shacl#"
_SEVERITIES = ("Violation", "Warning", "Info")
# nutrigraph's profile names, as pySHACL spells them
_INFERENCE = {None: "none", "none": "none", "rdfs": "rdfs", "owl-rl": "both"}


@dataclass(frozen=True)
class ValidationResult:
    """One failed check: what, where, and in which file.

    IRIs are shown as CURIEs where a prefix applies; literals as in Turtle.
    """

    severity: str
    """``"Violation"``, ``"Warning"`` or ``"Info"``."""
    shape: str
    """The shape that failed, such as ``"ngsh:Statement-source"``."""
    constraint: str
    """The kind of check, such as ``"MinCount"``, ``"Class"`` or ``"SPARQL"``."""
    focus: str
    """The node that failed it."""
    path: str | None
    """The property checked, if any."""
    value: str | None
    """The offending value, if any."""
    message: str
    """What is wrong, in plain words."""
    source: str | None = None
    """The file (or, failing that, the named graph) where the focus node is described."""


@dataclass
class ValidationReport:
    """The outcome of :func:`validate`: its results, and a readable grouped summary."""

    results: list[ValidationResult]
    checked: list[str] = field(default_factory=list)
    """What was validated: the files, or ``"the knowledge graph"``."""

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings do not count)."""
        return not self.violations

    @property
    def violations(self) -> list[ValidationResult]:
        """The results of severity Violation."""
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        """The results of severity Warning."""
        return [r for r in self.results if r.severity == "Warning"]

    def groups(self) -> list[tuple[tuple[str, str, str], list[ValidationResult]]]:
        """Results grouped by (severity, shape, constraint): violations first, larger first."""
        grouped: dict[tuple[str, str, str], list[ValidationResult]] = {}
        for result in self.results:
            grouped.setdefault((result.severity, result.shape, result.constraint),
                               []).append(result)
        rank = {name: i for i, name in enumerate(_SEVERITIES)}
        return sorted(grouped.items(),
                      key=lambda item: (rank.get(item[0][0], 9), -len(item[1]), item[0]))

    def summary(self) -> str:
        """One line: what was checked, and how many violations and warnings it has."""
        from .render.terminal import validation_summary

        return validation_summary(self)

    def text(self, examples: int = 3) -> str:
        """A readable report: one block per (severity, shape, check), with a count and examples.

        Examples
        --------
        >>> report = ValidationReport([ValidationResult(
        ...     "Violation", "ngsh:Entity-label", "MinCount", "ex:x", "rdfs:label", None,
        ...     "An entity needs an rdfs:label.", "mine.ttl")], ["mine.ttl"])
        >>> print(report.text())
        mine.ttl: does not conform to nutrigraph's shapes (1 violation, 0 warnings in 1 group)
        <BLANKLINE>
        Violation  ngsh:Entity-label  (MinCount on rdfs:label): 1 result
          An entity needs an rdfs:label.
            ex:x  [mine.ttl]
        """
        from .render.terminal import validation

        return validation(self, examples=examples)

    def to_dict(self, examples: int = 3) -> dict[str, Any]:
        """A JSON-ready dict: verdict, counts, the groups (with examples) and every result."""
        from .render.documents import validation

        return validation(self, examples=examples)

    def to_json(self, examples: int = 3) -> str:
        """:meth:`to_dict` as indented JSON."""
        return json.dumps(self.to_dict(examples), indent=2, ensure_ascii=False)

    def raise_for_violations(self) -> None:
        """Raise :class:`~nutrigraph.errors.DataValidationError` if there is a violation."""
        if not self.conforms:
            raise DataValidationError(self)


def validate(kg_or_files: KnowledgeGraph | str | PathLike[str] | Iterable[str | PathLike[str]],
             *, shapes: str | PathLike[str] | None = None,
             inference: str | None = None) -> ValidationReport:
    """Check a knowledge graph, or RDF files, against nutrigraph's SHACL shapes.

    Parameters
    ----------
    kg_or_files : KnowledgeGraph, path or iterable of paths
        A :class:`~nutrigraph.KnowledgeGraph`: all of it is checked (except the
        graph of inferred triples). Files: they are checked together with the
        bundled graph, which gives them their context (the schema, the entities
        and sources they refer to), and only the problems of nodes that the
        files describe are reported.
    shapes : path, optional
        A SHACL file to use instead of :data:`SHAPES_FILE`.
    inference : {None, "rdfs", "owl-rl"}
        Let pySHACL expand the data first. Off by default: the shapes follow
        ``rdfs:subClassOf`` on their own, and RDFS inference would type every
        object by the ``rdfs:range`` of its relation, so that no range check
        could fail.

    Returns
    -------
    ValidationReport

    Raises
    ------
    DataFileError
        If a file (data or shapes) is missing, unreadable, malformed or refused
        by the input guards (see :func:`nutrigraph.store.files.parse_file`, which
        reads both).

    Examples
    --------
    A file of sourced links, checked with the bundled graph as its context:

    >>> from nutrigraph.bundled import ONTOLOGY_DIR
    >>> report = validate([ONTOLOGY_DIR / "knowledge" / "sr28-food-links.trig"])
    >>> report.conforms, len(report.results)
    (True, 0)
    """
    if inference not in _INFERENCE:
        import difflib

        raise UnknownProfile(str(inference), difflib.get_close_matches(
            str(inference), [p for p in _INFERENCE if p]))
    import pyshacl
    from rdflib import BNode, URIRef

    if isinstance(kg_or_files, KnowledgeGraph):
        store, checked = kg_or_files.store, ["the knowledge graph"]
        scope = None  # report every problem
    else:
        paths = ([kg_or_files] if isinstance(kg_or_files, str | PathLike)
                 else list(kg_or_files))
        store, checked = open_graph().store, [fspath(p) for p in paths]
        scope = _describe_files(store, paths)  # parses them all before checking any
    data = None
    if not store.has_graph(SCHEMA_GRAPH) or store.has_graph(INFERRED_GRAPH):
        # sh:class and sh:targetClass follow rdfs:subClassOf only through the data, and
        # what is checked is what the sources state, not what a reasoner added
        store = _asserted_with_schema(store)
    shapes_graph = _shapes(Path(shapes) if shapes is not None else SHAPES_FILE)
    if inference is None or inference == "none":
        # (with inference, targets must be found in the expanded graph: pySHACL's job)
        _select_targets(shapes_graph, store, only=None if scope is None else set(scope))
        if scope is not None and shapes is None:
            data = _context(store, set(scope))
    if data is None:
        data = union_graph(store)

    _, report_graph, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph, inference=_INFERENCE[inference], advanced=True,
        allow_warnings=True, inplace=True)

    results = []
    sh = {name: URIRef(_SH + name) for name in (
        "ValidationResult", "focusNode", "resultPath", "value", "resultSeverity",
        "sourceShape", "sourceConstraintComponent", "resultMessage")}
    where = _FileIndex(store)
    for node in report_graph.subjects(URIRef(PREFIXES["rdf"] + "type"),
                                      sh["ValidationResult"]):
        focus = report_graph.value(node, sh["focusNode"])
        if scope is None:
            source = where.source(focus)
        else:
            source = scope.get(_key(focus))
            if source is None:  # a problem of the bundled graph, not of the files
                continue
        path = report_graph.value(node, sh["resultPath"])
        value = report_graph.value(node, sh["value"])
        component = str(report_graph.value(node, sh["sourceConstraintComponent"]))
        results.append(ValidationResult(
            severity=str(report_graph.value(node, sh["resultSeverity"])).rsplit("#", 1)[-1],
            shape=_shape_name(shapes_graph, report_graph.value(node, sh["sourceShape"])),
            constraint=component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent"),
            focus=_show(focus),
            path=None if path is None or isinstance(path, BNode) else _show(path),
            value=None if value is None else _show(value),
            message=str(report_graph.value(node, sh["resultMessage"]) or ""),
            source=source,
        ))
    results.sort(key=lambda r: (r.shape, r.source or "", r.focus, r.path or "", r.value or ""))
    return ValidationReport(results, checked)


# -- helpers -------------------------------------------------------------------------


def _shapes(path: Path) -> rdflib.Graph:
    """The shapes file as an rdflib graph for pySHACL, read by the store's parser as data
    files are: the same guards hold (XML bombs, unreadable files), and no JSON-LD
    ``@context`` is fetched over the network, as rdflib's own parser would."""
    from rdflib import Graph

    try:
        quads = parse_file(path)
    except DataFileError as error:
        raise DataFileError(f"cannot read the shapes: {error.message}", error.path,
                            error.line, error.column) from None
    graph = Graph()
    for found in quads:
        graph.add((to_rdflib(found.subject), to_rdflib(found.predicate), to_rdflib(found.object)))
    return graph


def _asserted_with_schema(store: Store) -> Store:
    copy = Store()
    copy.add(q for q in store
             if not (is_iri(q.graph_name) and q.graph_name.value == INFERRED_GRAPH))
    if not store.has_graph(SCHEMA_GRAPH):
        copy.add(parse_file(bundled_files()[0], graph=SCHEMA_GRAPH))
    return copy


def _select_targets(shapes: rdflib.Graph, store: Store, only: set[Any] | None) -> None:
    """Replace the targets of every shape by the nodes they select (``sh:targetNode``).

    Oxigraph finds the nodes: the same nodes, but in milliseconds where rdflib
    takes seconds over a few thousand ``FILTER NOT EXISTS`` of a SPARQL target.
    With ``only`` (the nodes that the user's files describe), the other nodes
    are dropped, so the checks run on the files' nodes alone while the whole
    graph stays their context.
    """
    from rdflib import URIRef

    sh = {name: URIRef(_SH + name) for name in (
        "targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode", "target",
        "select", "prefixes", "declare", "prefix", "namespace")}
    # SHACL's meaning of each kind of target, as a query that binds ?target
    queries = {kind: internal_query(name).text for kind, name in (
        ("targetClass", "shacl-target-class"), ("targetSubjectsOf", "shacl-target-subjects-of"),
        ("targetObjectsOf", "shacl-target-objects-of"))}
    for shape in set(shapes.subjects(sh["targetClass"])) | set(
            shapes.subjects(sh["targetSubjectsOf"])) | set(
            shapes.subjects(sh["targetObjectsOf"])) | set(shapes.subjects(sh["target"])):
        found: set[Any] = set()
        for kind, query in queries.items():
            for term in list(shapes.objects(shape, sh[kind])):
                found |= _select(store, query, target=term)
                shapes.remove((shape, sh[kind], term))
        for target in list(shapes.objects(shape, sh["target"])):
            select = shapes.value(target, sh["select"])
            if select is None:  # a kind of target this function does not know: keep it
                continue
            prefixes = {str(shapes.value(d, sh["prefix"])): str(shapes.value(d, sh["namespace"]))
                        for owner in shapes.objects(target, sh["prefixes"])
                        for d in shapes.objects(owner, sh["declare"])}
            found |= _select(store, "".join(f"PREFIX {p}: <{n}>\n" for p, n in
                                            prefixes.items()) + str(select))
            shapes.remove((shape, sh["target"], target))
        for node in found if only is None else found & only:
            shapes.add((shape, sh["targetNode"], to_rdflib(node)))


def _select(store: Store, query: str, **bindings: Any) -> set[Any]:
    return {row[0] for row in store.query(query, where="a SHACL target", **bindings).rows}


def _context(store: Store, nodes: set[Any]) -> rdflib.Graph:
    """What nutrigraph's shapes read about ``nodes``: a small part of a large graph.

    Their own triples; those of the statements about them; those of the nodes
    they point at (types for ``sh:class``, the triple a statement describes);
    and the schema. No shape in ``shapes.ttl`` looks further, so the result is
    the same as over the whole graph, for a fraction of the copying.
    """
    from rdflib import Graph

    subject = PREFIXES["rdf"] + "subject"
    around = set(nodes)
    around |= {q.subject for node in nodes for q in store.quads(None, subject, node)}
    around |= {q.object for node in list(around) for q in store.quads(node)
               if not is_literal(q.object)}
    graph = Graph()
    quads = [q for node in around for q in store.quads(node)]
    quads += store.quads(graph=SCHEMA_GRAPH)
    for found in quads:
        graph.add((to_rdflib(found.subject), to_rdflib(found.predicate), to_rdflib(found.object)))
    return graph


def _describe_files(store: Store, paths: list[str | PathLike[str]]) -> dict[Any, str]:
    """Add each file to ``store``; map every node a file describes (as a subject) to its name.

    Every file is parsed before anything is added (a bad file raises DataFileError)."""
    parsed = [(fspath(path), parse_file(path)) for path in paths]
    described: dict[Any, str] = {}
    for name, quads in parsed:
        for found in quads:
            described.setdefault(found.subject, name)
        store.add(quads)
    return described


class _FileIndex:
    """Which file, or failing that which named graph, describes a node of a store."""

    def __init__(self, store: Store):
        self.store = store
        self._files: dict[str, str] | None = None

    def source(self, node: Any) -> str | None:
        key = _key(node)
        if key is None:
            return None
        graphs = sorted({q.graph_name.value for q in self.store.quads(key)
                         if is_iri(q.graph_name)})
        if not graphs:
            return None
        graph = graphs[0]
        if graph.startswith("file:"):
            return unquote(urlparse(graph).path)
        return self._bundled().get(graph, compact(graph))

    def _bundled(self) -> dict[str, str]:
        if self._files is None:
            self._files = {SCHEMA_GRAPH: bundled_files()[0].name}
            for path in bundled_files()[1:]:
                for found in parse_file(path):
                    if is_iri(found.graph_name):
                        self._files.setdefault(found.graph_name.value, path.name)
        return self._files


def _key(term: Any) -> Any:
    """The store term of an rdflib node, to look it up in a store (None for a literal)."""
    from rdflib import Literal

    return None if term is None or isinstance(term, Literal) else to_term(term)


def _shape_name(shapes: rdflib.Graph, shape: Any) -> str:
    from rdflib import BNode, URIRef

    if isinstance(shape, BNode):  # an anonymous property shape: name it by its node shape
        parent = shapes.value(None, URIRef(_SH + "property"), shape)
        if parent is not None:
            return _shape_name(shapes, parent)
    return _show(shape)


def _show(term: Any) -> str:
    """A term as a report shows it: literals and blank nodes as Turtle writes them (rdflib's
    ``n3``, with nutrigraph's prefixes), IRIs as CURIEs or, without a prefix, bare."""
    from rdflib import URIRef

    if not isinstance(term, URIRef):
        return term.n3(_namespaces())
    text = str(term)
    if text.startswith(SHAPES):
        return "ngsh:" + text[len(SHAPES):]
    return compact(text)


@functools.cache
def _namespaces() -> rdflib.namespace.NamespaceManager:
    from rdflib import Graph
    from rdflib.namespace import NamespaceManager

    manager = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace, override=True)
    return manager
