"""A store of named graphs: Oxigraph in memory, or in a folder on disk."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pyoxigraph as ox

from ..errors import DataFileError, StoreNotFound
from ..prefixes import PREFIXES
from . import folders
from .base import GraphStore
from .files import write_quads
from .sparql import Answer, run_query
from .staging import Writer
from .terms import Quad, Term, pattern_term

if TYPE_CHECKING:
    import rdflib

__all__ = ["Store", "Writer"]

# Replacing graphs that hold fewer quads than this is one SPARQL update, one transaction;
# larger ones in a folder are rebuilt beside the store and swapped in (a transaction of
# millions of removals takes gigabytes).
_IN_PLACE = 1_000_000
_BATCH = 100_000


class Store(GraphStore):
    """Named graphs of quads, with the SPARQL door every query goes through.

    ``Store()`` is in memory. ``Store(path)`` opens (or makes) the store in a folder
    for writing: one process at a time writes to a store (:class:`StoreBusy` tells
    the others). ``Store(path, read_only=True)`` opens an existing one for reading
    (:class:`StoreNotFound` if there is none): any number of processes read a store,
    also while another writes to it, and each sees the store as it was when it opened
    it, never half of a change. :meth:`creating` makes a new store that appears whole
    or not at all. How a folder is laid out: :mod:`nutrigraph.store.folders`.

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
        self._writing: folders.WriteLock | None = None
        self._reading: int | None = None  # a shared lock on the generation read
        self._generation: Path | None = None  # the generation read (None: memory, 0.1)
        if self.path is None:
            self._ox = ox.Store()
        elif read_only:
            generation, self._reading = folders.read_lock(self.path)
            self._generation = generation if self._reading is not None else None
            self._ox = _open(generation, True, self.path)
        else:
            self._ox = self._open_for_writing(self.path)

    @classmethod
    @contextlib.contextmanager
    def creating(cls, path: str | PathLike[str]) -> Iterator[Store]:
        """A store to write at ``path``; a new one appears there only when the block
        ends without an error. Stopped or killed before, no store is left at ``path``
        (a later writer removes what was built). An existing store is opened for
        writing, and closed at the end of the block.
        """
        folder = Path(path)
        if folder.exists():
            store = cls(folder)
            try:
                yield store
            finally:
                store.close()
            return
        for stale in folders.leftovers(folder):  # new stores whose builders were killed
            shutil.rmtree(stale, ignore_errors=True)
        staging = folders.staging_path(folder)
        shutil.rmtree(staging, ignore_errors=True)
        try:
            store = cls(staging)
        except DataFileError as error:  # named by the folder the user gave
            raise DataFileError(error.message, str(folder)) from None
        try:
            yield store
        except BaseException:
            store.close()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        store.close()
        folders.publish(staging, folder)

    def close(self) -> None:
        """Close the store and let go of its locks (also done when it is garbage collected)."""
        self._ox = None
        if self._writing is not None:
            self._writing.release()
            self._writing = None
        if self._reading is not None:
            os.close(self._reading)
            self._reading = None

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()

    # -- contents ----------------------------------------------------------------------

    @property
    def oxigraph(self) -> ox.Store:
        """The :class:`pyoxigraph.Store` itself, for what nutrigraph does not wrap."""
        return self._ox

    @property
    def state(self) -> str | None:
        """What identifies the contents of a store folder: its generation in use, which
        never changes once in use. None in memory, and for a 0.1 folder (written in
        place)."""
        if self._generation is None:
            return None
        info = self._generation.stat()
        return f"{self._generation.resolve()}:{info.st_ino}:{info.st_mtime_ns}"

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

    def export(self, output: BinaryIO, fmt: str, *, graphs: Sequence[str] | None = None) -> int:
        """Write the named graphs (all, or those given) to a binary file, streamed, in an
        export format (:data:`~nutrigraph.store.files.EXPORT_FORMATS`); return the quads.

        Raises
        ------
        StoreError
            A graph given that the store does not hold (nothing is written).
        """
        self._check_graphs(graphs or ())
        names = [ox.NamedNode(g) for g in graphs] if graphs else list(self._ox.named_graphs())
        quads = itertools.chain.from_iterable(
            self._ox.quads_for_pattern(None, None, None, name) for name in names)
        return write_quads(quads, fmt, output, prefixes=PREFIXES)

    def has_graph(self, graph: str) -> bool:
        """Whether a named graph of that IRI holds anything."""
        return self._ox.contains_named_graph(ox.NamedNode(graph))

    def quads(self, subject: str | Term | None = None, predicate: str | Term | None = None,
              obj: str | Term | None = None, graph: str | Term | None = None) -> Iterator[Quad]:
        """The quads that match a pattern; IRIs may be given as strings, ``None`` is any.

        A quad has ``subject``, ``predicate``, ``object`` and ``graph_name`` terms.
        """
        return self._ox.quads_for_pattern(pattern_term(subject), pattern_term(predicate),
                                          pattern_term(obj), pattern_term(graph))

    def query(self, text: str, *, where: str = "<inline query>", allow_service: bool = False,
              max_length: int | None = None, max_depth: int | None = None,
              max_operators: int | None = None, default_graphs: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None, max_rows: int | None = None,
              **bindings: Any) -> Answer:
        """Run SPARQL over the union of the graphs (or the dataset the query names with
        FROM, or the one given), with nutrigraph's prefixes predeclared and ``bindings``
        substituted as terms, after the guards: ``SERVICE`` only with ``allow_service``,
        bounds that ``max_*`` lift (see :func:`~nutrigraph.store.sparql.run_query`)."""
        return run_query(self._ox, text, prefixes=PREFIXES, bindings=bindings, where=where,
                         allow_service=allow_service, max_length=max_length,
                         max_depth=max_depth, max_operators=max_operators,
                         default_graphs=default_graphs, named_graphs=named_graphs,
                         max_rows=max_rows)

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
        self._check_writable()
        quads = list(quads)
        self._change(lambda store: store.extend(quads))

    def remove_graph(self, graph: str) -> None:
        """Empty and drop a named graph, in batches (millions of removals in one
        transaction take gigabytes)."""
        self._check_writable()
        if self.has_graph(graph):
            self._change(lambda store: _remove_graph(store, ox.NamedNode(graph)))

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
        self._check_writable()
        old = sum(1 for g in graphs for _ in itertools.islice(
            self.quads(graph=g), _IN_PLACE))
        staged = Store()
        writer = Writer(staged, graphs)
        write(writer)  # a failure here leaves the store untouched
        if old == 0:  # nothing to replace: one transaction adds it all
            self._change(lambda store: store.extend(staged))
        elif old + len(staged) < _IN_PLACE:
            self._change(lambda store: _replace_in_place(store, graphs, staged))
        elif self.path is None:
            for graph in graphs:
                _remove_graph(self._ox, ox.NamedNode(graph))
            self._ox.bulk_extend(staged)
        else:
            self._swap(graphs, staged)

    def load_graph(self, graph: str, chunks: Iterable[str], *, where: str) -> None:
        """Replace a graph with N-Triples text streamed into the bulk loader: the way in
        for millions of quads. A failure half-way removes what was loaded.

        In a folder that already holds the graph, the store is rebuilt beside it
        and swapped in, as :meth:`replace_graphs` does for large graphs.
        """
        from .bulk import bulk_load  # loader threads: only for an import

        if self.path is not None:  # killed half-way, the store stays as it was
            self._swap([graph], None, chunks=chunks, where=where)
            return
        _remove_graph(self._ox, ox.NamedNode(graph))
        try:
            bulk_load(self._ox, chunks, graph=graph, where=where)
        except BaseException:
            _remove_graph(self._ox, ox.NamedNode(graph))  # leave no half graph behind
            raise

    def refresh(self, files: Mapping[Path, str | None], *, state_graph: str) -> bool:
        """As :meth:`GraphStore.refresh`; a new store in memory reads the files with
        Oxigraph's own loader, and keeps no state."""
        if self.path is None and next(iter(self._ox), None) is None:
            # a new store in memory: nothing to replace, nothing to remember; the store's
            # own loader reads the files (no Python object per quad)
            for path, graph in files.items():
                self._ox.load(path=path, format=ox.RdfFormat.from_extension(path.suffix[1:]),
                              to_graph=None if graph is None else ox.NamedNode(graph))
            return True
        return super().refresh(files, state_graph=state_graph)

    # -- how graphs are replaced -----------------------------------------------------

    def _change(self, apply: Callable[[ox.Store], None]) -> None:
        """Make a change: in memory, to the store itself; in a folder, to a copy of the
        active generation (hard links: it costs little), which is then put in use.

        So no process ever writes a generation that readers can open: a reader's
        files are never compacted away under it, and a writer killed half-way leaves
        the active generation as it was.
        """
        if self.path is None:
            apply(self._ox)
        else:
            self._next_generation(apply, copy=True)

    def _swap(self, graphs: Sequence[str], staged: Store | None, *,
              chunks: Iterable[str] | None = None, where: str = "") -> None:
        """Write a new generation: every graph but ``graphs``, then their new content;
        then put it in use. Until then readers, and this store, see the old one."""
        from .bulk import bulk_load

        assert self.path is not None and self._ox is not None
        old = self._ox

        def fill(fresh: ox.Store) -> None:
            kept = [g for g in old.named_graphs() if g.value not in graphs]
            for graph in [*kept, ox.DefaultGraph()]:
                fresh.bulk_extend(old.quads_for_pattern(None, None, None, graph))
            if staged is not None:
                fresh.bulk_extend(staged)
            if chunks is not None:
                bulk_load(fresh, chunks, graph=graphs[0], where=where or str(self.path))
                # each batch of the loader left its own files, all overlapping: merged,
                # a query reads one sorted run instead of dozens (foods-rich-in-both on
                # the full SR28: 2.6 s before, 0.46 s after)
                fresh.optimize()

        self._next_generation(fill, copy=False)

    def _next_generation(self, fill: Callable[[ox.Store], None], *, copy: bool) -> None:
        """A new generation, started as a copy of the active one or empty, filled by
        ``fill`` and put in use; on any failure it is removed and the store is as it was."""
        assert self.path is not None
        generation = folders.new_generation(self.path)
        made = None
        try:
            if copy:
                self._ox.backup(str(generation))
            made = ox.Store(str(generation))
            fill(made)
            made.flush()
        except BaseException:
            made = None  # closes it, so that its folder can go
            shutil.rmtree(generation, ignore_errors=True)
            raise
        made = None
        self._put_in_use(generation)

    def _put_in_use(self, generation: Path) -> None:
        """Make ``generation`` the active one, and read it from now on."""
        assert self.path is not None
        folders.activate(self.path, generation)
        reading = folders.lock_for_reading(generation)
        self._ox = _open(generation, True, self.path)
        if self._reading is not None:
            os.close(self._reading)
        self._reading, self._generation = reading, generation
        folders.collect(self.path)

    def _open_for_writing(self, folder: Path) -> ox.Store:
        """Take the writer's lock, clear what killed writers left, move a 0.1 folder into
        a generation, and open the active generation to read."""
        if folder.exists() and not folder.is_dir():
            raise StoreNotFound(f"{folder} is a file, not a store")
        fresh = not folder.exists() or not any(folder.iterdir())
        if not fresh and not (folder / folders.ACTIVE).is_symlink() \
                and not folders.is_legacy(folder):
            raise StoreNotFound(f"{folder} is a folder, but not a nutrigraph store")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._writing = folders.WriteLock(folder)
        except OSError as error:
            raise DataFileError(f"cannot open the store: {error.strerror}",
                                str(folder)) from None
        folders.collect(folder)
        if fresh or folders.is_legacy(folder):
            generation = folders.new_generation(folder)
            made = ox.Store(str(generation))
            if not fresh:  # a 0.1 store: copied into the generation, then its files go
                made.bulk_extend(_open(folder, True, folder))
            made.flush()
            del made
            folders.activate(folder, generation)
            folders.collect(folder)
        generation, self._reading = folders.read_lock(folder)
        self._generation = generation
        return _open(generation, True, folder)


def _open(path: Path, read_only: bool, store: Path) -> ox.Store:
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as error:
        raise DataFileError(f"cannot open the store: {error}", str(store)) from None
    except RuntimeError as error:  # RocksDB's word for a damaged file
        message = " ".join(str(error).split())
        raise DataFileError(f"the store is damaged ({message[:200]}); import it again, or "
                            "restore it from a copy", str(store)) from None


def _remove_graph(store: ox.Store, node: ox.NamedNode) -> None:
    """Empty and drop a named graph, in batches (millions of removals in one transaction
    take gigabytes)."""
    if not store.contains_named_graph(node):
        return
    while batch := list(itertools.islice(store.quads_for_pattern(None, None, None, node),
                                         _BATCH)):
        for item in batch:
            store.remove(item)
    store.remove_graph(node)


def _replace_in_place(store: ox.Store, graphs: Sequence[str], staged: Store) -> None:
    """Replace graphs in one SPARQL update: one transaction."""
    from ..queries import internal_query
    from .files import serialize

    template = internal_query("replace-graph").body
    updates = []
    for graph in sorted(set(graphs) | set(staged.graphs())):
        triples = serialize((ox.Triple(q.subject, q.predicate, q.object)
                             for q in staged.quads(graph=graph)), "ntriples")
        updates.append(template.replace("$GRAPH", str(ox.NamedNode(graph)))
                       .replace("$TRIPLES", triples.rstrip("\n")))
    store.update(" ;\n".join(updates))
