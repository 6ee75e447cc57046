"""The knowledge graph: one Oxigraph store, seen through rdflib, queried with SPARQL."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .bundled import SCHEMA_GRAPH, bundled_files
from .errors import DataFileError, QueryError, QuerySyntaxError
from .prefixes import NG_GRAPH, PREFIXES
from .results import QueryResult

if TYPE_CHECKING:  # heavy, imported only where used
    import rdflib

    from .resolve import Entity

__all__ = ["KnowledgeGraph", "load"]


class KnowledgeGraph:
    """A nutrient knowledge graph: named graphs of sourced statements in one store.

    The store is Oxigraph (through :mod:`pyoxigraph`): it parses and answers
    SPARQL many times faster than rdflib's own engine. :attr:`dataset` is an
    rdflib :class:`~rdflib.Dataset` over the very same store, for everything
    rdflib users expect; nothing is copied between the two.

    Use :func:`load` to get one with the bundled knowledge.
    """

    def __init__(self, store: ox.Store | None = None):
        self._store = store if store is not None else ox.Store()
        self._dataset: rdflib.Dataset | None = None
        self._resolver = None
        self._projections: dict[tuple, Any] = {}

    # -- contents -----------------------------------------------------------------

    @property
    def store(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store`."""
        return self._store

    @property
    def dataset(self) -> rdflib.Dataset:
        """An rdflib :class:`~rdflib.Dataset` over the same store (union default graph)."""
        if self._dataset is None:
            from oxrdflib import OxigraphStore
            from rdflib import Dataset

            self._dataset = Dataset(store=OxigraphStore(store=self._store), default_union=True)
            for prefix, namespace in PREFIXES.items():
                self._dataset.bind(prefix, namespace, override=True)
        return self._dataset

    def __len__(self) -> int:
        """Number of quads (a statement repeated in two graphs counts twice)."""
        return len(self._store)

    def graphs(self) -> list[str]:
        """IRIs of the named graphs, one per source or loaded file, sorted."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def __repr__(self) -> str:
        return f"<KnowledgeGraph: {len(self)} quads in {len(self.graphs())} named graphs>"

    def _repr_html_(self) -> str:
        """The graph in Jupyter: its size, its named graphs with their sources, how to ask.

        Examples
        --------
        >>> html = load()._repr_html_()
        >>> "article on magnesium and vitamin B12</a>" in html
        True
        """
        from .display import MAX_ROWS, link, table

        graphs = self.graphs()
        rows = [[link(g, g.removeprefix(NG_GRAPH)), _sources_html(self._store, g)]
                for g in graphs[:MAX_ROWS]]
        return (f"<p><strong>nutrigraph knowledge graph</strong>: {len(self):,} quads in "
                f"{len(graphs)} named graphs, one per source or loaded file.</p>\n"
                + table(["named graph", "derived from"], rows, total=len(graphs))
                + "\n<p>Ask with <code>kg.query(&quot;SELECT ...&quot;)</code> (SPARQL, with "
                "<code>ng:</code>, <code>ngk:</code>, <code>rdfs:</code>, <code>skos:</code>, "
                "<code>prov:</code> and other prefixes predeclared), "
                "<code>kg.named_query(name)</code> for the competency queries "
                "(<code>nutrigraph.list_queries()</code>), and <code>kg.resolve(name)</code> "
                "to find an entity by name.</p>")

    def add_data(self, *paths: str | PathLike[str]) -> None:
        """Add RDF files (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD).

        All files are parsed before anything is added, so a bad file leaves the
        graph as it was. Triples of a file go into a named graph called by the
        file's ``file:`` IRI; quads keep their own graphs.

        Raises
        ------
        DataFileError
            If a file is missing, of unknown format or malformed (with line and
            column where the parser gives them).
        """
        quads: list[ox.Quad] = []
        for path in paths:
            quads.extend(_parse_file(Path(path)))
        self._store.extend(quads)
        self.changed()

    def changed(self) -> None:
        """Forget what was derived from the contents (name index, NetworkX projections).

        Called by every method that adds data; call it after writing to
        :attr:`store` or :attr:`dataset` directly.
        """
        self._resolver = None
        self._projections.clear()

    def to_networkx(self, *, predicates: Iterable[str] | None = None,
                    categories: Iterable[str] | None = None, inverse: bool = False):
        """The entities and sourced relations as a :class:`networkx.MultiDiGraph`.

        See :func:`nutrigraph.projection.to_networkx` for the options and the
        attributes. The projection is built once per set of options and kept
        until the graph changes; treat it as read-only (``G.copy()`` to edit).

        Examples
        --------
        >>> kg = load()
        >>> G = kg.to_networkx()
        >>> G is kg.to_networkx()
        True
        >>> G.nodes["https://w3id.org/nutrigraph/kb/magnesium"]["categories"]
        ('ng:Nutrient',)
        """
        from .projection import to_networkx

        key = (None if predicates is None else tuple(sorted(predicates)),
               None if categories is None else tuple(sorted(categories)), inverse)
        if key not in self._projections:
            self._projections[key] = to_networkx(self, predicates=predicates,
                                                 categories=categories, inverse=inverse)
        return self._projections[key]

    # -- questions ------------------------------------------------------------------

    def query(self, sparql: str, *, where: str = "<inline query>", **bindings: Any) -> QueryResult:
        """Run a SPARQL 1.1 query; keyword arguments bind variables to RDF terms.

        Values are bound as terms, never pasted into the query text: an
        :class:`~nutrigraph.resolve.Entity`, an rdflib or pyoxigraph term, or a
        Python ``str``/``int``/``float``/``bool`` (which becomes a literal).
        A bound variable must appear in the ``SELECT`` clause (Oxigraph
        substitutes it there as well, following SPARQL SEP-0007).
        The default graph is the union of all named graphs, and the prefixes of
        :data:`nutrigraph.prefixes.PREFIXES` are predeclared. ``where`` names the
        query in error messages (a file name, say).

        Examples
        --------
        >>> kg = load()
        >>> b12 = kg.resolve("B12")
        >>> rows = kg.query("SELECT DISTINCT ?form ?vitamin "
        ...                 "WHERE { ?vitamin ng:hasActiveForm ?form }", vitamin=b12)
        >>> sorted(str(row.form) for row in rows)  # doctest: +NORMALIZE_WHITESPACE
        ['https://w3id.org/nutrigraph/kb/adenosylcobalamin',
         'https://w3id.org/nutrigraph/kb/methylcobalamin']
        """
        substitutions = {ox.Variable(var): _to_term(value, var) for var, value in bindings.items()}
        try:
            result = self._store.query(
                sparql,
                prefixes=PREFIXES,
                use_default_graph_as_union=True,
                substitutions=substitutions,
            )
        except SyntaxError as error:
            raise _query_syntax_error(error, where) from None
        except (RuntimeError, ValueError) as error:
            text = str(error)
            missing = re.search(r"variable \?(\w+) in its SELECT projection", text)
            if missing:
                text = (f"?{missing[1]} is bound but not selected; add it to the SELECT clause "
                        "(Oxigraph binds only variables that the query returns)")
            raise QueryError(f"{where}: {text}") from None
        return QueryResult(result)

    def named_query(self, name: str, **bindings: Any) -> QueryResult:
        """Run one of the named competency queries (see :func:`nutrigraph.list_queries`).

        Parameters the caller leaves out take the query's defaults; a string
        value is taken as an entity name and resolved with :meth:`resolve`.

        Examples
        --------
        >>> kg = load()
        >>> rows = kg.named_query("foods", nutrient="magnesium")
        >>> "almonds" in rows.values("foodLabel")
        True
        """
        from .queries import get_query

        query = get_query(name)
        unknown = sorted(set(bindings) - set(query.parameters))
        if unknown:
            known = ", ".join(query.parameters) or "none"
            raise QueryError(f"named query {name!r} has no parameter {unknown[0]!r} "
                             f"(parameters: {known})")
        values: dict[str, Any] = {}
        for parameter in query.parameters.values():
            value = bindings.get(parameter.name, parameter.default)
            if value is not None:
                values[parameter.name] = self.resolve(value) if isinstance(value, str) else value
        return self.query(query.text, where=f"named query {name!r}", **values)

    def resolve(self, name: str) -> Entity:
        """Find an entity by label, synonym, CURIE or IRI, ignoring case.

        Raises
        ------
        EntityNotFound
            With the nearest names as suggestions.
        AmbiguousName
            If the name is a synonym of several entities.

        Examples
        --------
        >>> load().resolve("pins and needles").curie
        'ngk:paresthesia'
        """
        from .errors import EntityNotFound
        from .resolve import Resolver

        # The name index is cached: counting a store of millions of quads to see whether
        # it changed costs seconds. A miss rebuilds it once, so names added through
        # kg.store or kg.dataset are found too.
        if self._resolver is None:
            self._resolver = Resolver(self)
            return self._resolver.resolve(name)
        try:
            return self._resolver.resolve(name)
        except EntityNotFound:
            self._resolver = Resolver(self)
            return self._resolver.resolve(name)


def load(data: Iterable[str | PathLike[str]] = (), *, bundled: bool = True,
         store: str | PathLike[str] | None = None, validate: bool = False,
         infer: str | None = None) -> KnowledgeGraph:
    """Load the bundled knowledge graph, plus the user's own RDF files.

    Parameters
    ----------
    data : iterable of paths
        Extra RDF files to load alongside (see :meth:`KnowledgeGraph.add_data`).
        With ``store``, they are added to the store for good.
    bundled : bool
        Load the schema and the curated knowledge that ship with nutrigraph.
    store : path, optional
        A folder holding a persistent Oxigraph store (made if missing), such as
        one filled by ``nutrigraph import usda --store DIR``. Without it the
        graph lives in memory. The bundled knowledge in a store is refreshed
        when this version of nutrigraph ships different files.
    validate : bool
        Check the ``data`` files against nutrigraph's SHACL shapes first (with the
        bundled graph as their context; see :func:`nutrigraph.validate.validate`)
        and raise :class:`~nutrigraph.errors.DataValidationError`, loading
        nothing, if they break one.
    infer : {None, "rdfs", "owl-rl"}
        Add what the schema entails, in a graph of its own (see
        :func:`nutrigraph.inference.infer`). Off by default, also for a store
        that an earlier load inferred into.

    Examples
    --------
    >>> kg = load()
    >>> "https://w3id.org/nutrigraph/graph/article-magnesium-b12" in kg.graphs()
    True
    """
    data = list(data)
    if infer is not None:
        from .inference import check_profile

        check_profile(infer)  # before anything is loaded, or written to a store
    if validate and data:
        from .validate import validate as check

        check(data).raise_for_violations()
    if store is not None:
        try:
            kg = KnowledgeGraph(ox.Store(str(store)))
        except OSError as error:
            raise DataFileError(f"cannot open the store: {error}", str(store)) from None
    else:
        kg = KnowledgeGraph()
    if bundled:
        _add_bundled(kg.store, persistent=store is not None)
    kg.add_data(*data)
    inferred = ox.NamedNode(NG_GRAPH + "inferred")
    if infer is not None:
        from .inference import infer as entail

        entail(kg, infer)
    elif kg.store.contains_named_graph(inferred):
        # left in a persistent store by an earlier load(infer=...): inference is per load
        kg.store.remove_graph(inferred)
    kg.changed()
    return kg


_BUNDLED_STATE = ox.NamedNode(NG_GRAPH + "bundled")


def _add_bundled(store: ox.Store, *, persistent: bool) -> None:
    files = bundled_files()
    if not persistent:
        for path in files:
            # the schema is a plain Turtle file, put in its own named graph
            to_graph = ox.NamedNode(SCHEMA_GRAPH) if path.suffix == ".ttl" else None
            store.load(path=path, format=ox.RdfFormat.from_extension(path.suffix[1:]),
                       to_graph=to_graph)
        return
    # A persistent store keeps the bundled graphs; replace them only when the shipped
    # files changed, so that opening a store is a read, not a rewrite.
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    state = ox.Quad(_BUNDLED_STATE, ox.NamedNode(PREFIXES["dcterms"] + "identifier"),
                    ox.Literal(digest.hexdigest()), _BUNDLED_STATE)
    if state in store:
        return
    quads: list[ox.Quad] = []
    for path in files:
        to_graph = ox.NamedNode(SCHEMA_GRAPH) if path.suffix == ".ttl" else None
        quads += [q if to_graph is None else ox.Quad(q.subject, q.predicate, q.object, to_graph)
                  for q in ox.parse(path=path)]
    for graph in {q.graph_name for q in quads} | {_BUNDLED_STATE}:
        if isinstance(graph, ox.NamedNode):
            store.clear_graph(graph)
    store.extend([*quads, state])
    store.flush()


# -- helpers -------------------------------------------------------------------------

_DERIVED_FROM = ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom")
_LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")


def _sources_html(store: ox.Store, graph: str) -> str:
    """The sources a named graph says it is derived from, as linked labels."""
    from .display import join, link

    sources = sorted({q.object.value for q in store.quads_for_pattern(
        ox.NamedNode(graph), _DERIVED_FROM, None) if isinstance(q.object, ox.NamedNode)})
    shown = []
    for source in sources:
        label = next((q.object.value for q in store.quads_for_pattern(
            ox.NamedNode(source), _LABEL, None) if isinstance(q.object, ox.Literal)), None)
        shown.append(link(source, label))
    return join(shown, "; ")


_DATASET_FORMATS = {ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS}


def _parse_file(path: Path) -> list[ox.Quad]:
    fmt = ox.RdfFormat.from_extension(path.suffix[1:]) if path.suffix else None
    if fmt is None:
        raise DataFileError(
            f"unknown RDF format {path.suffix or '(no extension)'!r}; "
            "use .ttl, .trig, .nt, .nq, .rdf or .jsonld", str(path))
    base = path.resolve().as_uri()
    file_graph = ox.NamedNode(base)
    try:
        with open(path, "rb") as handle:
            return [
                q if fmt in _DATASET_FORMATS or not isinstance(q.graph_name, ox.DefaultGraph)
                else ox.Quad(q.subject, q.predicate, q.object, file_graph)
                for q in ox.parse(handle, format=fmt, base_iri=base)
            ]
    except FileNotFoundError:
        raise DataFileError("no such file", str(path)) from None
    except IsADirectoryError:
        raise DataFileError("is a directory, not an RDF file", str(path)) from None
    except SyntaxError as error:
        message = str(error.msg).split(": ", 1)[-1] if ": " in str(error.msg) else str(error.msg)
        raise DataFileError(f"malformed {fmt.name}: {message}", str(path),
                            error.lineno, error.offset) from None
    except UnicodeDecodeError as error:
        raise DataFileError(f"not UTF-8 text ({error.reason})", str(path)) from None


def _query_syntax_error(error: SyntaxError, where: str) -> QuerySyntaxError:
    # Oxigraph reports "error at LINE:COLUMN: message"
    text = str(error)
    line = column = None
    if text.startswith("error at "):
        position, _, text = text[len("error at "):].partition(": ")
        parts = position.split(":")
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            line, column = int(parts[0]), int(parts[1])
    text = " ".join(text.split())  # one line, whatever the parser printed
    if len(text) > 160:  # Oxigraph lists every token it expected, character classes included
        text = text[:157].rstrip() + "..."
    return QuerySyntaxError(text, where, line, column)


def _to_term(value: Any, name: str) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal):
        return value
    term = getattr(value, "term", None)  # an Entity
    if isinstance(term, ox.NamedNode):
        return term
    module = type(value).__module__
    if module.startswith("rdflib"):
        from rdflib import BNode, Literal, URIRef

        if isinstance(value, URIRef):
            return ox.NamedNode(str(value))
        if isinstance(value, BNode):
            return ox.BlankNode(str(value))
        if isinstance(value, Literal):
            if value.language:
                return ox.Literal(str(value), language=value.language)
            if value.datatype:
                return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
            return ox.Literal(str(value))
    if isinstance(value, str | int | float):  # bool is an int: xsd:boolean
        return ox.Literal(value)
    raise QueryError(f"cannot bind ?{name} to a {type(value).__name__}: "
                     "give an Entity, an RDF term, a string or a number")
