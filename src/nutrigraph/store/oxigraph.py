"""A store of named graphs: Oxigraph in memory, or in a folder on disk."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..errors import DataFileError
from ..prefixes import PREFIXES
from .files import parse_file
from .sparql import Answer, run_query
from .terms import Quad, Term

if TYPE_CHECKING:
    import rdflib

__all__ = ["Store"]

# Replacing graphs that hold fewer quads than this is one SPARQL update, one transaction;
# larger ones in a folder are rebuilt beside the store and swapped in (a transaction of
# millions of removals takes gigabytes).
_IN_PLACE = 1_000_000
_BATCH = 100_000


class Store:
    """Named graphs of quads, with the SPARQL door every query goes through.

    ``Store()`` is in memory; ``Store(path)`` opens (or makes) the Oxigraph store
    in a folder, and ``Store(path, read_only=True)`` opens one for reading only.

    Examples
    --------
    >>> from nutrigraph.store import Store, iri, literal, quad
    >>> store = Store()
    >>> store.add([quad(iri("http://example.org/a"), iri("http://www.w3.org/2000/01/rdf-schema#label"),
    ...                 literal("a"), "http://example.org/graph")])
    >>> store.graphs(), len(store)
    (['http://example.org/graph'], 1)
    >>> store.query("SELECT ?label WHERE { ?x rdfs:label ?label }").rows[0][0].value
    'a'
    """

    def __init__(self, path: str | PathLike[str] | None = None, *, read_only: bool = False):
        self.path = None if path is None else Path(path)
        self.read_only = read_only
        self._ox = _open(self.path, read_only)

    # -- contents ----------------------------------------------------------------------

    @property
    def oxigraph(self) -> ox.Store:
        """The :class:`pyoxigraph.Store` itself, for what nutrigraph does not wrap."""
        return self._ox

    def __len__(self) -> int:
        """Number of quads (a triple in two graphs counts twice)."""
        return len(self._ox)

    def __contains__(self, item: Quad) -> bool:
        return item in self._ox

    def __iter__(self) -> Iterator[Quad]:
        return iter(self._ox)

    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, graph: str) -> bool:
        """Whether a named graph of that IRI holds anything."""
        return self._ox.contains_named_graph(ox.NamedNode(graph))

    def quads(self, subject: str | Term | None = None, predicate: str | Term | None = None,
              obj: str | Term | None = None, graph: str | Term | None = None) -> Iterator[Quad]:
        """The quads that match a pattern; IRIs may be given as strings, ``None`` is any.

        A quad has ``subject``, ``predicate``, ``object`` and ``graph_name`` terms.
        """
        return self._ox.quads_for_pattern(_term(subject), _term(predicate), _term(obj),
                                          _term(graph))

    def values(self, subject: str | Term, predicate: str | Term) -> list[str]:
        """The distinct values (IRIs, lexical forms) of one property of one node, sorted."""
        return sorted({q.object.value for q in self._ox.quads_for_pattern(
            _term(subject), _term(predicate), None, None)})

    def query(self, text: str, *, where: str = "<inline query>", **bindings: Any) -> Answer:
        """Run SPARQL over the union of the graphs, with nutrigraph's prefixes predeclared
        and ``bindings`` substituted as terms (see :func:`~nutrigraph.store.sparql.run_query`)."""
        return run_query(self._ox, text, prefixes=PREFIXES, bindings=bindings, where=where)

    def rdflib_dataset(self) -> rdflib.Dataset:
        """An rdflib :class:`~rdflib.Dataset` over this very store (oxrdflib; union default
        graph, nutrigraph's prefixes bound)."""
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        dataset = Dataset(store=OxigraphStore(store=self._ox), default_union=True)
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace, override=True)
        return dataset

    # -- writing -----------------------------------------------------------------------

    def add(self, quads: Iterable[Quad]) -> None:
        """Add quads, in one transaction."""
        self._ox.extend(quads)

    def add_files(self, paths: Iterable[str | PathLike[str]]) -> None:
        """Add RDF files; all are parsed first, so a bad file adds nothing.

        Triples of a file go into a named graph called by the file's ``file:``
        IRI; quads keep their own graphs.

        Raises
        ------
        DataFileError
            See :func:`~nutrigraph.store.files.parse_file`.
        """
        quads: list[Quad] = []
        for path in paths:
            quads.extend(parse_file(path))
        self._ox.extend(quads)

    def remove_graph(self, graph: str) -> None:
        """Empty and drop a named graph, in batches (millions of removals in one
        transaction take gigabytes)."""
        node = ox.NamedNode(graph)
        if not self._ox.contains_named_graph(node):
            return
        while batch := list(itertools.islice(self._ox.quads_for_pattern(None, None, None, node),
                                             _BATCH)):
            for item in batch:
                self._ox.remove(item)
        self._ox.remove_graph(node)

    def replace_graphs(self, graphs: Sequence[str], write: Callable[[Writer], None]) -> None:
        """Replace named graphs with what ``write`` writes, all or nothing.

        This is nutrigraph's one way to refresh graphs (the bundled knowledge, an
        import). ``write`` is called with a :class:`Writer` and writes the new
        content of the graphs through it. Whatever ``write`` raises, the store is
        left as it was, and the error is raised again:

        * graphs that hold nothing yet are added in one transaction;
        * graphs of fewer than a million quads, old and new, are replaced in
          one SPARQL update (one transaction), so that a reader sees the old
          graphs or the new, never a mix;
        * larger graphs in a folder are written into a new store beside it,
          with every other graph copied over, which then takes the old one's
          place (a transaction of millions of removals takes gigabytes);
        * larger graphs in memory are emptied and refilled.
        """
        if self.read_only:
            raise DataFileError("the store is open read-only", str(self.path))
        old = sum(1 for g in graphs for _ in itertools.islice(
            self.quads(graph=g), _IN_PLACE))
        staged = Store()
        writer = Writer(staged, graphs)
        write(writer)  # a failure here leaves the store untouched
        if old == 0:  # nothing to replace: one transaction adds it all
            self._ox.extend(staged)
            self.flush()
        elif old + len(staged) < _IN_PLACE:
            self._replace_in_place(graphs, staged)
        elif self.path is None:
            for graph in graphs:
                self.remove_graph(graph)
            self._ox.bulk_extend(staged)
        else:
            self._swap(graphs, staged)

    def load_graph(self, graph: str, chunks: Iterable[str], *, where: str) -> None:
        """Replace a graph with N-Triples text streamed into the bulk loader: the way in
        for millions of quads. A failure half-way removes what was loaded.

        In a folder that already holds the graph, the store is rebuilt beside it
        and swapped in, as :meth:`replace_graphs` does for large graphs.
        """
        from .bulk import bulk_load  # a named pipe and a thread: only for an import

        if self.path is not None and self.has_graph(graph):
            self._swap([graph], None, chunks=chunks, where=where)
            return
        self.remove_graph(graph)
        try:
            bulk_load(self._ox, chunks, graph=graph, where=where)
        except BaseException:
            self.remove_graph(graph)  # leave no half graph behind
            raise

    def refresh(self, files: Mapping[Path, str | None], *, state_graph: str) -> bool:
        """Make the graphs of some files hold what the files hold now, if they changed.

        ``files`` maps each file to the graph its triples go into (``None``: the
        file names its graphs). A hash of the files, kept in ``state_graph``,
        says whether they changed since the last refresh; if not, nothing is
        read or written and this returns False. Opening a store is then a
        read, not a rewrite.
        """
        if self.path is None and next(iter(self._ox), None) is None:
            # a new store in memory: nothing to replace, nothing to remember; the store's
            # own loader reads the files (no Python object per quad)
            for path, graph in files.items():
                self._ox.load(path=path, format=ox.RdfFormat.from_extension(path.suffix[1:]),
                              to_graph=None if graph is None else ox.NamedNode(graph))
            return True
        import hashlib

        digest = hashlib.sha256()
        for path in files:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        state = ox.Quad(ox.NamedNode(state_graph),
                        ox.NamedNode(PREFIXES["dcterms"] + "identifier"),
                        ox.Literal(digest.hexdigest()), ox.NamedNode(state_graph))
        if state in self._ox:
            return False
        quads = [q for path, graph in files.items() for q in parse_file(path, graph=graph)]
        graphs = sorted({q.graph_name.value for q in quads} | {state_graph})
        self.replace_graphs(graphs, lambda writer: writer.add([*quads, state]))
        return True

    def flush(self) -> None:
        """Write what is buffered to disk (a no-op in memory)."""
        if self.path is not None:
            self._ox.flush()

    # -- how graphs are replaced -----------------------------------------------------

    def _replace_in_place(self, graphs: Sequence[str], staged: Store) -> None:
        from ..queries import internal_query
        from .files import serialize

        template = internal_query("replace-graph").body
        updates = []
        for graph in sorted(set(graphs) | set(staged.graphs())):
            triples = serialize((ox.Triple(q.subject, q.predicate, q.object)
                                 for q in staged.quads(graph=graph)), "ntriples")
            updates.append(template.replace("$GRAPH", str(ox.NamedNode(graph)))
                           .replace("$TRIPLES", triples.rstrip("\n")))
        self._ox.update(" ;\n".join(updates))
        self.flush()

    def _swap(self, graphs: Sequence[str], staged: Store | None, *,
              chunks: Iterable[str] | None = None, where: str = "") -> None:
        import shutil

        from .bulk import bulk_load

        assert self.path is not None
        fresh_path = self.path.with_name(self.path.name + ".importing")
        old_path = self.path.with_name(self.path.name + ".replaced")
        for stale in (fresh_path, old_path):
            shutil.rmtree(stale, ignore_errors=True)
        fresh = _open(fresh_path, False)
        try:
            kept = [g for g in self._ox.named_graphs() if g.value not in graphs]
            for graph in [*kept, ox.DefaultGraph()]:
                fresh.bulk_extend(self._ox.quads_for_pattern(None, None, None, graph))
            if staged is not None:
                fresh.bulk_extend(staged)
            if chunks is not None:
                bulk_load(fresh, chunks, graph=graphs[0], where=where or str(self.path))
            fresh.flush()
        except BaseException:
            del fresh
            shutil.rmtree(fresh_path, ignore_errors=True)
            raise
        del fresh
        self._ox = None  # close the old store, so that its folder can be moved
        try:
            self.path.rename(old_path)
            fresh_path.rename(self.path)
        except OSError as error:
            raise DataFileError(f"cannot replace the store: {error}", str(self.path)) from None
        finally:
            self._ox = _open(self.path if self.path.exists() else old_path, False)
        shutil.rmtree(old_path, ignore_errors=True)


class Writer:
    """What :meth:`Store.replace_graphs` hands its ``write`` function: it adds quads to
    the new content of the graphs being replaced (quads of other graphs are refused)."""

    def __init__(self, staged: Store, graphs: Sequence[str]):
        self._staged, self._graphs = staged, set(graphs)

    def add(self, quads: Iterable[Quad]) -> None:
        quads = list(quads)
        stray = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)
                 and q.graph_name.value not in self._graphs}
        if stray or any(isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
            raise ValueError(f"a quad outside the graphs being replaced: {sorted(stray)}")
        self._staged.oxigraph.bulk_extend(quads)


def _open(path: Path | None, read_only: bool) -> ox.Store:
    if path is None:
        return ox.Store()
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as error:
        raise DataFileError(f"cannot open the store: {error}", str(path)) from None


def _term(value: str | Term | None) -> Term | None:
    return _named(value) if isinstance(value, str) else value


# The same few predicates are looked up again and again (a projection reads a statement's
# subject, predicate, object, level... for each of thousands): make each term once.
_named = functools.lru_cache(maxsize=1 << 14)(ox.NamedNode)
