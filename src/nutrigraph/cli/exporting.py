"""``nutrigraph export``: the graph in files that other tools read."""

from __future__ import annotations

import contextlib

import click

from .common import data_option, open_graph, store_option

__all__ = ["export_command"]

FORMATS = ("trig", "nquads", "turtle", "jsonld", "graphml", "kgx")


@click.command(name="export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="trig, nquads and jsonld keep the named graphs; turtle holds their "
                   "triples; graphml is the NetworkX projection (Gephi, Cytoscape); kgx "
                   "is the projection as KGX TSV with Biolink terms (PREFIX_nodes.tsv, "
                   "PREFIX_edges.tsv).")
@click.option("-o", "--output", metavar="FILE", default="-", show_default=True,
              help="The file to write (- for stdout); for kgx, the PREFIX of its two "
                   "files (required). It appears whole or not at all.")
@click.option("--graph", "graphs", multiple=True, metavar="IRI",
              help="Only this named graph (repeatable); all by default. Not for graphml "
                   "or kgx.")
@store_option
@data_option
def export_command(fmt: str, output: str, graphs: tuple[str, ...], store: str | None,
                   data: tuple[str, ...]) -> None:
    """Write the store (or the embedded graph) as RDF, or its projection as GraphML or KGX.

    \b
    Examples:
      nutrigraph export --format trig -o nutrigraph.trig
      nutrigraph export --format nquads --store sr28.db --graph https://w3id.org/nutrigraph/graph/usda-sr28
      nutrigraph export --format graphml -o nutrigraph.graphml
      nutrigraph export --format kgx -o nutrigraph     # nutrigraph_nodes.tsv, nutrigraph_edges.tsv
    """
    import os
    import sys

    from ..errors import CannotWrite

    if fmt in ("graphml", "kgx") and graphs:
        raise click.UsageError(f"--graph chooses named graphs of RDF; the {fmt} projection "
                               "holds the relations of them all")
    if fmt == "kgx":
        if output == "-":
            raise click.UsageError("--format kgx writes two files, PREFIX_nodes.tsv and "
                                   "PREFIX_edges.tsv: give -o PREFIX")
        targets = [CannotWrite.check(f"{output}_{part}.tsv", "the export")
                   for part in ("nodes", "edges")]
        _write_kgx(open_graph(data, store=store), *targets)
        return
    target = None if output == "-" else CannotWrite.check(output, "the export")
    kg = open_graph(data, store=store)

    def write(stream) -> str:
        if fmt == "graphml":
            from ..analysis import to_networkx
            from ..analysis.graphml import write_graphml

            nodes, edges = write_graphml(to_networkx(kg), stream)
            return f"{nodes:,} nodes and {edges:,} edges"
        return f"{kg.store.export(stream, fmt, graphs=list(graphs) or None):,} quads"

    if target is None:
        what = write(sys.stdout.buffer)
        sys.stdout.flush()
        click.echo(f"nutrigraph: wrote {what}", err=True)
        return
    # written beside the target, then renamed over it: a failed export leaves no half file
    handle, temporary = _beside(target)
    try:
        with _reported(target), os.fdopen(handle, "wb") as stream:
            what = write(stream)
            stream.flush()
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    click.echo(f"wrote {target}: {what}")


def _write_kgx(kg, nodes_target, edges_target) -> None:
    """Write the two KGX files beside their targets, then rename both over them: a failed
    export leaves neither a half file nor one file of the two new and the other old."""
    import os

    from ..analysis.kgx import write_kgx

    temporaries = []
    try:
        streams = []
        for target in (nodes_target, edges_target):
            handle, temporary = _beside(target)
            temporaries.append(temporary)
            streams.append(os.fdopen(handle, "w", encoding="utf-8", newline=""))
        with _reported(nodes_target):
            try:
                nodes, edges = write_kgx(kg, *streams)
            finally:
                for stream in streams:
                    stream.close()
        # the old nodes file is kept (linked) until the edges file is in place too
        backup = f"{temporaries[0]}.old"
        had_nodes = os.path.exists(nodes_target)
        if had_nodes:
            os.link(nodes_target, backup)
            temporaries.append(backup)
        os.replace(temporaries[0], nodes_target)
        try:
            os.replace(temporaries[1], edges_target)
        except OSError:
            if had_nodes:
                os.replace(backup, nodes_target)
            else:
                os.unlink(nodes_target)
            raise
    finally:
        for temporary in temporaries:
            if os.path.exists(temporary):
                os.unlink(temporary)
    click.echo(f"wrote {nodes_target} and {edges_target}: {nodes:,} nodes and {edges:,} edges")


def _beside(target):
    """A new temporary file in the target's folder, with the permissions a new file gets
    there (mkstemp's own are 0600: an export is for others to read)."""
    import os
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(handle, 0o666 & ~umask)
    return handle, temporary


@contextlib.contextmanager
def _reported(target):
    """A failure to write (a full disk, say) as one line naming the file."""
    from ..errors import CannotWrite

    try:
        yield
    except OSError as error:
        raise CannotWrite(f"cannot write the export: {error.strerror or error}",
                          str(target)) from None
