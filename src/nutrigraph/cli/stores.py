"""``nutrigraph add|graphs|drop|push``: a store's own graphs, changed for good, all or nothing.

Every other command opens a store read-only (``--data`` is for that command only); these
are the commands that change what a store holds, besides the importers.
"""

from __future__ import annotations

import click

from .common import emit, endpoint_options, open_graph, writable_store

__all__ = ["add_command", "drop_command", "graphs_command", "push_command"]

_store = click.option("--store", metavar="DIR|URL", required=True,
                      help="The persistent store (made if missing by `add`), or the SPARQL "
                           "1.1 query endpoint of a server.")


@click.command(name="add")
@_store
@click.argument("files", nargs=-1, metavar="[FILE]...")
@click.option("--no-validate", "no_validate", is_flag=True,
              help="Do not check the files against nutrigraph's SHACL shapes first.")
@endpoint_options
def add_command(store: str, files: tuple[str, ...], no_validate: bool,
                update_endpoint: str | None, graph_store: str | None) -> None:
    """Add RDF files to a store for good.

    The files are parsed and checked against the shapes first; then the graphs they
    fill are replaced by what they hold, all or nothing (adding a file again updates
    it). A new store appears only once complete. With no file, the store's bundled
    knowledge is brought up to this version's.

    \b
    Examples:
      nutrigraph add --store lab.db my-knowledge.ttl
      nutrigraph graphs --store lab.db
      nutrigraph drop --store lab.db file:///home/me/my-knowledge.ttl
    """
    if files and not no_validate:
        from ..validate import validate

        report = validate(list(files))
        if not report.conforms:
            click.echo(report.text(), err=True)
            report.raise_for_violations()
    with writable_store(store, update_endpoint, graph_store) as target:
        open_graph((), store=target, validate=False, write=True)  # the bundled graphs
        sizes = target.put_files(files) if files else {}
    for graph, size in sizes.items():
        emit(f"{graph}\t{size:,} quads")
    emit(f"{store}: {len(sizes)} graph{'s' * (len(sizes) != 1)} added or replaced; the "
         "bundled knowledge is this version's")


@click.command(name="graphs")
@_store
def graphs_command(store: str) -> None:
    """List the named graphs of a store, with the sources they are derived from."""
    kg = open_graph((), store=store)
    for graph, sources in kg.graph_sources().items():
        named = "; ".join(label or iri for iri, label in sources)
        emit(f"{graph}\t{named}" if named else graph)


@click.command(name="drop")
@_store
@click.argument("graphs", nargs=-1, required=True, metavar="GRAPH...")
@endpoint_options
def drop_command(store: str, graphs: tuple[str, ...], update_endpoint: str | None,
                 graph_store: str | None) -> None:
    """Remove named graphs from a store, all or nothing (see `nutrigraph graphs`)."""
    from ..store import RemoteStore, Store, is_url

    opened = RemoteStore(store, read_only=True) if is_url(store) else Store(store, read_only=True)
    with opened as reader:  # only an existing store, and its graphs
        unknown = [g for g in graphs if not reader.has_graph(g)]
    if unknown:
        raise click.BadParameter(f"the store holds no graph {unknown[0]}",
                                 param_hint="GRAPH")
    shipped = set(open_graph((), store=None, validate=False).graphs())
    if shipped & set(graphs):
        raise click.BadParameter(f"{sorted(shipped & set(graphs))[0]} is a graph of the "
                                 "bundled knowledge, which every store holds",
                                 param_hint="GRAPH")
    with writable_store(store, update_endpoint, graph_store) as target:
        target.drop_graphs(list(graphs))
    emit(f"{store}: {len(graphs)} graph{'s' * (len(graphs) != 1)} dropped")


@click.command(name="push")
@_store
@endpoint_options
def push_command(store: str, update_endpoint: str | None, graph_store: str | None) -> None:
    """Write the bundled knowledge (schema and curated graphs) into a store.

    Each graph is written to a staging graph first, then all of them replace the
    store's in one SPARQL update; a store that holds this version's already is left
    as it is. Every other command then reads the store as it reads its own.

    \b
    Examples:
      nutrigraph push --store http://127.0.0.1:7878/query \\
          --update-endpoint http://127.0.0.1:7878/update --graph-store http://127.0.0.1:7878/store
      nutrigraph explain magnesium "methionine synthase" --store http://127.0.0.1:7878/query
    """
    from ..bundled import bundled_graphs
    from ..graph import BUNDLED_STATE_GRAPH

    with writable_store(store, update_endpoint, graph_store) as target:
        if not target.refresh(bundled_graphs(), state_graph=BUNDLED_STATE_GRAPH):
            emit(f"{store}: already holds this version's bundled knowledge")
            return
        shipped = open_graph((), store=None, validate=False).graphs()
        for graph in shipped:
            emit(f"{graph}\t{target.graph_size(graph):,} quads")
    emit(f"{store}: {len(shipped)} graphs of bundled knowledge written")
