"""``nutrigraph export``: the graph in files that other tools read."""

from __future__ import annotations

import click

from .common import data_option, open_graph, store_option

__all__ = ["export_command"]

FORMATS = ("trig", "nquads", "turtle", "jsonld", "graphml")


@click.command(name="export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="trig, nquads and jsonld keep the named graphs; turtle holds their "
                   "triples; graphml is the NetworkX projection (Gephi, Cytoscape).")
@click.option("-o", "--output", metavar="FILE", default="-", show_default=True,
              help="The file to write (- for stdout). It appears whole or not at all.")
@click.option("--graph", "graphs", multiple=True, metavar="IRI",
              help="Only this named graph (repeatable); all by default. Not for graphml.")
@store_option
@data_option
def export_command(fmt: str, output: str, graphs: tuple[str, ...], store: str | None,
                   data: tuple[str, ...]) -> None:
    """Write the store (or the embedded graph) as RDF, or its projection as GraphML.

    \b
    Examples:
      nutrigraph export --format trig -o nutrigraph.trig
      nutrigraph export --format nquads --store sr28.db --graph https://w3id.org/nutrigraph/graph/usda-sr28
      nutrigraph export --format graphml -o nutrigraph.graphml
    """
    import os
    import sys
    import tempfile

    from ..errors import CannotWrite

    if fmt == "graphml" and graphs:
        raise click.UsageError("--graph chooses named graphs of RDF; the GraphML projection "
                               "holds the relations of them all")
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
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            what = write(stream)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    click.echo(f"wrote {target}: {what}")
