"""``nutrigraph validate``: RDF against nutrigraph's SHACL shapes."""

from __future__ import annotations

import click

from .common import emit, open_graph, store_option

__all__ = ["validate_command"]


@click.command(name="validate")
@click.argument("files", nargs=-1, metavar="[FILE]...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A report grouped by shape, or JSON with every result.")
@click.option("--examples", default=3, show_default=True, metavar="N",
              help="Examples shown per group of results.")
@store_option
def validate_command(files: tuple[str, ...], fmt: str, examples: int,
                     store: str | None) -> None:
    """Check RDF files, the bundled graph, or a store, against nutrigraph's SHACL shapes.

    Files are checked together with the bundled graph (their context), and the
    problems of the files are reported, grouped by shape. Exit code 0 if they
    conform (warnings allowed), 1 if there are violations, 2 if a file cannot be
    read.

    \b
    Examples:
      nutrigraph validate
      nutrigraph validate my-knowledge.ttl
      nutrigraph validate my-knowledge.ttl --format json
      nutrigraph validate --store http://127.0.0.1:7878/query
    """
    from ..validate import validate

    if files and store:
        raise click.UsageError("give FILE... or --store, not both: files are checked with "
                               "the bundled graph as their context")
    report = validate(list(files) if files else open_graph((), store=store, validate=False))
    if not files:
        report.checked = [f"the store at {store}" if store else "the bundled graph"]
    emit(report.text(examples) if fmt == "text" else report.to_json(examples))
    if not report.conforms:
        raise click.exceptions.Exit(1)
