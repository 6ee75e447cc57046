"""``nutrigraph query`` and ``nutrigraph resolve``: SPARQL and names."""

from __future__ import annotations

import click

from ..results import FORMATS
from .common import (
    data_option,
    emit,
    notice_on_stderr,
    open_graph,
    read_query_file,
    split_param,
    store_option,
)

__all__ = ["query_command", "resolve_command"]


@click.command(name="query")
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
@data_option
@store_option
@click.option("--infer", type=click.Choice(["rdfs", "owl-rl"]), default=None,
              help="Query what the schema entails too: superclasses, superproperties "
                   "(Biolink), and with owl-rl inverse relations.")
@click.option("--no-validate", "no_validate", is_flag=True,
              help="Load --data files without checking them against nutrigraph's shapes.")
@click.option("--allow-service", "allow_service", is_flag=True,
              help="Let SERVICE clauses send the query to the servers they name "
                   "(refused by default).")
def query_command(sparql: str | None, query_file: str | None, name: str | None, list_names: bool,
          params: tuple[str, ...], fmt: str, data: tuple[str, ...], store: str | None,
          infer: str | None, no_validate: bool, allow_service: bool) -> None:
    """Run a SPARQL query: inline, from a file (-f) or by name (--name).

    The default graph is the union of all sources (unless the query names its
    own with FROM or FROM NAMED); the prefixes ng:, ngk:, rdf:, rdfs:, owl:,
    skos:, prov:, dcterms:, xsd: and biolink: are predeclared. A query with
    SERVICE is refused unless --allow-service; one nested over 100 brackets deep
    (or over the other bounds of nutrigraph.store.guards) is refused.

    \b
    Examples:
      nutrigraph query --list
      nutrigraph query --name how-magnesium-links-to-b12
      nutrigraph query --name foods -p nutrient=magnesium --format csv
      nutrigraph query 'SELECT ?form WHERE { ngk:vitamin-b12 ng:hasActiveForm ?form }'
    """
    from ..queries import get_query, list_queries

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
    bindings = dict(split_param(p) for p in params)

    kg = open_graph(data, store=store, validate=not no_validate, infer=infer)
    if name:
        get_query(name)  # an unknown name fails before any entity is looked up
        result = kg.named_query(name, allow_service=allow_service, **bindings)
    else:
        where = query_file or "<inline query>"
        text = sparql if sparql else read_query_file(query_file)
        values = {var: kg.resolve(value) for var, value in bindings.items()}
        result = kg.query(text, where=where, allow_service=allow_service, **values)
    if fmt == "table" and result.type != "CONSTRUCT":
        from ..render.terminal import with_notice

        emit(with_notice(result.serialize(fmt)))
    else:  # a standard format, with no room for the notice
        emit(result.serialize(fmt))
        notice_on_stderr()


@click.command(name="resolve")
@click.argument("name")
@data_option
@store_option
def resolve_command(name: str, data: tuple[str, ...], store: str | None) -> None:
    """Find the entity a name, synonym or CURIE refers to.

    Prints its CURIE, label, IRI and the standard identifiers it maps to
    (skos:exactMatch), tab-separated.
    """
    entity = open_graph(data, store=store, validate=False).resolve(name)
    click.echo("\t".join([entity.curie, entity.label, entity.iri, " ".join(entity.xrefs)]))
