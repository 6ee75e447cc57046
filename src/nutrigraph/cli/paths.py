"""``nutrigraph path``, ``explain``, ``neighbors`` and ``metapaths``: routes and neighbourhoods."""

from __future__ import annotations

import click

from ..analysis.paths import MAX_ROUTES
from ..errors import SameEntity
from ..questions import MAX_DEPTH, MAX_EXAMPLES, MAX_METAPATH_LENGTH
from .common import (
    avoid_option,
    categories,
    data_option,
    emit,
    emit_json,
    max_length_option,
    open_graph,
    store_option,
    through_option,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_EXAMPLES",
    "MAX_METAPATH_LENGTH",
    "MAX_ROUTES",
    "explain_command",
    "metapaths_command",
    "neighbors_command",
    "path_command",
]

@click.command(name="path")
@click.argument("source")
@click.argument("target")
@click.option("-k", type=click.IntRange(1, MAX_ROUTES), default=5, show_default=True,
              metavar="N", help="How many routes.")
@max_length_option
@through_option
@avoid_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="One route a line, or JSON with every step and source.")
@store_option
@data_option
def path_command(source: str, target: str, k: int, max_length: int, through: tuple[str, ...],
                 avoid: tuple[str, ...], fmt: str, store: str | None,
                 data: tuple[str, ...]) -> None:
    """The best-supported routes from SOURCE to TARGET, ranked.

    Routes may walk a relation either way. They are ranked: no disputed step
    first, then only primary and curated sources, then article claims, then
    shorter. Without a route, the nearest partial routes are shown and the exit
    code is 1. When both names are one entity, that is the answer: no route is needed.

    \b
    Examples:
      nutrigraph path magnesium adenosylcobalamin
      nutrigraph path magnesium "vitamin B12" -k 10 --through enzyme --format json
    """
    from ..analysis import NoPath
    from ..questions import paths, routes
    from ..render import terminal

    kg = open_graph(data, store=store)
    options = {"k": k, "max_length": max_length, "through": through, "avoid": avoid}
    if fmt == "json":
        document = paths(kg, source, target, **options)
        emit_json(document)
        if document.get("no_path"):
            raise click.exceptions.Exit(1)
        return
    try:
        _, _, _, found = routes(kg, source, target, **options)
    except SameEntity as same:
        emit(terminal.with_notice(f"{same}."))
        return
    except NoPath as missing:
        emit(terminal.with_notice(terminal.no_path(missing)))
        raise click.exceptions.Exit(1) from None
    emit(terminal.paths(found))


@click.command(name="explain")
@click.argument("source")
@click.argument("target")
@click.option("-k", type=click.IntRange(1, MAX_ROUTES), default=3, show_default=True,
              metavar="N",
              help="Routes per kind of support (curated, article claim, unverified, disputed).")
@max_length_option
@through_option
@avoid_option
@click.option("--sparql", is_flag=True, help="Show the SPARQL query that finds each route.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Sentences for the terminal, or JSON.")
@store_option
@data_option
def explain_command(source: str, target: str, k: int, max_length: int,
                    through: tuple[str, ...], avoid: tuple[str, ...], sparql: bool, fmt: str,
                    store: str | None, data: tuple[str, ...]) -> None:
    """How SOURCE links to TARGET, told in sentences with sources and evidence.

    Routes are grouped by their support (primary and curated sources, article
    claims, unverified steps, disputed steps) and ranked within each group;
    disputed steps are marked with who disputes them. When both names are one
    entity, that is the answer: no route is needed.

    \b
    Examples:
      nutrigraph explain magnesium "vitamin B12"
      nutrigraph explain magnesium S-adenosylmethionine -k 1 --sparql
    """
    from ..analysis import explain
    from ..questions import explanation
    from ..render import terminal

    kg = open_graph(data, store=store)
    if fmt == "json":
        document = explanation(kg, source, target, k=k, max_length=max_length,
                               through=through, avoid=avoid)
        emit_json(document)
        if document.get("no_path"):
            raise click.exceptions.Exit(1)
        return
    try:
        report = explain(kg, source, target, k=k, max_length=max_length,
                         through=list(through) or None, avoid=list(avoid) or None)
    except SameEntity as same:
        emit(terminal.with_notice(f"{same}."))
        return
    emit(terminal.explanation(report, sparql=sparql))
    if report.no_path is not None:
        raise click.exceptions.Exit(1)


# -- nutrigraph neighbors / metapaths (neighbors.py, metapaths.py) --------------------------


@click.command(name="neighbors")
@click.argument("entity")
@click.option("--depth", type=click.IntRange(1, MAX_DEPTH), default=1, show_default=True,
              metavar="D", help="How many relations away a neighbour may be.")
@click.option("--category", "category", multiple=True, metavar="C",
              help="Only neighbours of this class or its subclasses (enzyme, food, "
                   "ng:BiologicalProcess...). Repeatable: any of them.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A table, or JSON with every relation and its sources.")
@store_option
@data_option
def neighbors_command(entity: str, depth: int, category: tuple[str, ...], fmt: str,
                      store: str | None, data: tuple[str, ...]) -> None:
    """What ENTITY is related to, either way, with evidence and sources.

    One row per relation: the neighbour, the relation (—x→ when the neighbour
    is its object, ←x— when it is its subject), the best evidence level and
    the sources. With --depth 2 or more, a "via" column names the entity one
    step nearer.

    \b
    Examples:
      nutrigraph neighbors magnesium
      nutrigraph neighbors magnesium --category enzyme --format json
      nutrigraph neighbors adenosylcobalamin --depth 2 --category "biological process"
    """
    from ..analysis import neighbor_table, to_networkx
    from ..questions import neighbors
    from ..render import terminal

    kg = open_graph(data, store=store)
    if fmt == "json":
        emit_json(neighbors(kg, entity, depth=depth, categories=category))
        return
    centre = kg.resolve(entity)
    wanted = categories(kg, category)
    G = to_networkx(kg)
    # an entity in no relation is not in the projection: it has no neighbours
    rows = neighbor_table(G, centre.iri, depth=depth, categories=wanted) if centre.iri in G else []
    emit(terminal.with_notice(terminal.neighbors(rows)))


@click.command(name="metapaths")
@click.argument("source")
@click.argument("target")
@click.option("--max-length", type=click.IntRange(1, MAX_METAPATH_LENGTH), default=3,
              show_default=True, metavar="L", help="The longest path, in steps.")
@click.option("--directed", is_flag=True,
              help="Walk relations only from subject to object (by default either way).")
@through_option
@avoid_option
@click.option("--examples", type=click.IntRange(0, MAX_EXAMPLES), default=3, show_default=True,
              metavar="N", help="Paths shown under each metapath in the text output.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A table, or JSON with every path and its sources.")
@store_option
@data_option
def metapaths_command(source: str, target: str, max_length: int, directed: bool,
                      through: tuple[str, ...], avoid: tuple[str, ...], examples: int, fmt: str,
                      store: str | None, data: tuple[str, ...]) -> None:
    """The kinds of path from SOURCE to TARGET: node categories and relations.

    Every path of at most --max-length steps is grouped by its metapath, such
    as "Nutrient -ng:cofactorOf-> Enzyme -ng:catalyzes-> Reaction"; "<-x-" is a
    relation walked backwards. Each metapath comes with its number of paths and
    its degree-weighted path count (DWPC, Himmelstein et al. 2017), which
    counts paths through busy hubs for less.

    \b
    Examples:
      nutrigraph metapaths magnesium adenosylcobalamin
      nutrigraph metapaths magnesium "vitamin B12" --max-length 2 --format json
    """
    from ..analysis import metapaths_between, to_networkx
    from ..questions import metapaths
    from ..render import terminal

    kg = open_graph(data, store=store)
    if fmt == "json":
        emit_json(metapaths(kg, source, target, max_length=max_length, directed=directed,
                            through=through, avoid=avoid))
        return
    start, goal = kg.resolve(source), kg.resolve(target)
    constraints = {"through": categories(kg, through), "avoid": categories(kg, avoid)}
    G = to_networkx(kg, inverse=not directed)
    # an entity in no relation is not in the projection: no path reaches it
    found = (metapaths_between(G, start.iri, goal.iri, max_length=max_length, **constraints)
             if start.iri in G and goal.iri in G else [])
    emit(terminal.with_notice(terminal.metapaths(found, examples=examples)))
