"""The ``nutrigraph`` command: argument parsing only; the work is done by library functions.

Bad input of any kind ends with one line on stderr and exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import NutrigraphError, QueryError
from .results import FORMATS

__all__ = ["cli", "main"]

NOT_ADVICE = ("nutrigraph informs; it does not diagnose. This is not medical advice: "
              "ask a health professional about symptoms or supplements.")

_data_option = click.option(
    "--data", "data", multiple=True, metavar="FILE",
    help="An RDF file (Turtle, TriG, N-Triples, ...) to load alongside the bundled graph. "
         "Repeatable.")
_store_option = click.option(
    "--store", metavar="DIR",
    help="Use the persistent Oxigraph store in DIR (made by `nutrigraph import ... --store DIR`) "
         "instead of an in-memory graph.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nutrigraph")
def cli() -> None:
    """Ask a sourced nutrition knowledge graph how nutrients connect."""


@cli.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", metavar="FILE",
              help="Read the SPARQL query from FILE.")
@click.option("-n", "--name", metavar="NAME", help="Run a named competency query.")
@click.option("--list", "list_names", is_flag=True,
              help="List the named queries with a one-line description.")
@click.option("-p", "--param", "params", multiple=True, metavar="VAR=ENTITY",
              help="Bind ?VAR to an entity given by name, synonym or CURIE. Repeatable.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Output format; json, csv and tsv are the W3C SPARQL 1.1 result formats.")
@_data_option
@_store_option
def query(sparql: str | None, query_file: str | None, name: str | None, list_names: bool,
          params: tuple[str, ...], fmt: str, data: tuple[str, ...], store: str | None) -> None:
    """Run a SPARQL query: inline, from a file (-f) or by name (--name).

    The default graph is the union of all sources; the prefixes ng:, ngk:, rdf:,
    rdfs:, owl:, skos:, prov:, dcterms:, xsd: and biolink: are predeclared.

    \b
    Examples:
      nutrigraph query --list
      nutrigraph query --name how-magnesium-links-to-b12
      nutrigraph query --name foods -p nutrient=magnesium --format csv
      nutrigraph query 'SELECT ?form WHERE { ngk:vitamin-b12 ng:hasActiveForm ?form }'
    """
    from .queries import get_query, list_queries

    if list_names:
        queries = list_queries()
        width = max(len(q.name) for q in queries)
        for q in queries:
            click.echo(f"{q.name.ljust(width)}  {q.description}")
        return
    given = [option for option, value in (("SPARQL", sparql), ("-f", query_file),
                                          ("--name", name)) if value]
    if len(given) != 1:
        raise click.UsageError("give exactly one of SPARQL, -f FILE or --name NAME"
                               + (f" (got {', '.join(given)})" if given else ""))
    bindings = dict(_split_param(p) for p in params)

    from .graph import load

    kg = load(data, store=store)
    if name:
        get_query(name)  # an unknown name fails before any entity is looked up
        result = kg.named_query(name, **bindings)
    else:
        where = query_file or "<inline query>"
        text = sparql if sparql else _read_query_file(query_file)
        values = {var: kg.resolve(value) for var, value in bindings.items()}
        result = kg.query(text, where=where, **values)
    _emit(result.serialize(fmt))
    if fmt == "table" and result.type != "CONSTRUCT":
        click.echo(f"\n{NOT_ADVICE}", err=True)


@cli.command()
@click.argument("name")
@_data_option
@_store_option
def resolve(name: str, data: tuple[str, ...], store: str | None) -> None:
    """Find the entity a name, synonym or CURIE refers to."""
    from .graph import load

    entity = load(data, store=store).resolve(name)
    click.echo(f"{entity.curie}\t{entity.label}\t{entity.iri}")


# -- nutrigraph import ... (importers/): commands are added below this line ---------------


@cli.group(name="import")
def import_() -> None:
    """Import a real dataset (USDA SR28, HPO) into a persistent store."""


# -- nutrigraph validate (validate.py) ------------------------------------------------------


def _split_param(text: str) -> tuple[str, str]:
    var, sep, value = text.partition("=")
    var = var.strip().lstrip("?$")
    if not sep or not var or not value.strip():
        raise click.BadParameter(f"{text!r} is not VAR=ENTITY", param_hint="'-p/--param'")
    return var, value.strip()


def _read_query_file(path: str | None) -> str:
    try:
        return Path(str(path)).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"{path}: no such file") from None
    except (IsADirectoryError, UnicodeDecodeError, PermissionError) as error:
        raise QueryError(f"{path}: cannot read the query ({error.__class__.__name__})") from None


def _emit(text: str) -> None:
    click.echo(text.rstrip("\n"))


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``nutrigraph`` console script; returns the exit code."""
    try:
        cli.main(args=argv, prog_name="nutrigraph", standalone_mode=False)
    except (NutrigraphError, click.ClickException) as error:
        message = error.format_message() if isinstance(error, click.ClickException) else error
        click.echo(f"nutrigraph: error: {message}", err=True)
        return 2
    except click.exceptions.Abort:
        click.echo("nutrigraph: interrupted", err=True)
        return 130
    except click.exceptions.Exit as done:
        return done.exit_code
    except BrokenPipeError:  # the reader went away (e.g. `| head`): not an error
        sys.stderr.close()
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
