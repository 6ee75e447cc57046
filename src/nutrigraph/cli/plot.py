"""``nutrigraph plot ...``: figures, one file each, as PNG, SVG or PDF by the file's suffix."""

from __future__ import annotations

import click

from ..questions import MAX_LANES, MAX_RADIUS, MAX_SYMPTOMS, MAX_TOP
from .common import (
    avoid_option,
    data_option,
    max_length_option,
    open_graph,
    store_option,
    through_option,
)

__all__ = ["MAX_LANES", "MAX_RADIUS", "MAX_SYMPTOMS", "MAX_TOP", "plot_group"]

_output_option = click.option(
    "-o", "--output", required=True, metavar="FILE",
    help="Write the figure to FILE, as PNG, SVG or PDF by its suffix.")


@click.group(name="plot")
def plot_group() -> None:
    """Draw the graph: diagrams as PNG, SVG or PDF (by the output file's suffix)."""


def _check_output(output: str) -> None:
    """A suffix or a place that cannot be written fails before anything is loaded or drawn."""
    from ..plot import check_target

    check_target(output)


def _save_figure(fig, output: str) -> None:
    from ..plot import save

    click.echo(f"wrote {save(fig, output)}")


@plot_group.command(name="mechanism")
@click.option("--nutrient", "nutrients", multiple=True, metavar="NAME",
              help="A nutrient to start from (repeatable); magnesium and vitamin B12 when "
                   "not given.")
@click.option("--max-symptoms", type=click.IntRange(0, MAX_SYMPTOMS), default=6,
              show_default=True, metavar="N",
              help="How many deficiency symptoms to show, best supported first.")
@_output_option
@store_option
@data_option
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
    from ..plot import mechanism

    kg = open_graph(data, store=store)
    _save_figure(mechanism(kg, nutrients=nutrients or ("magnesium", "vitamin B12"),
                           max_symptoms=max_symptoms), output)


@plot_group.command(name="path")
@click.argument("source")
@click.argument("target")
@click.option("-k", type=click.IntRange(1, MAX_LANES), default=5, show_default=True,
              metavar="N", help="How many routes.")
@max_length_option
@through_option
@avoid_option
@_output_option
@store_option
@data_option
def plot_path(source: str, target: str, k: int, max_length: int, through: tuple[str, ...],
              avoid: tuple[str, ...], output: str, store: str | None,
              data: tuple[str, ...]) -> None:
    """The best-supported routes from SOURCE to TARGET, one lane each, best at the top.

    The routes are those of `nutrigraph path`. Without a route nothing is drawn
    and the exit code is 1; when both names are one entity, there is no route to draw.

    \b
    Examples:
      nutrigraph plot path magnesium adenosylcobalamin -o routes.png
      nutrigraph plot path magnesium "vitamin B12" -k 3 --max-length 4 -o routes.pdf
    """
    _check_output(output)
    from ..analysis import NoPath
    from ..plot import paths
    from ..questions import routes

    kg = open_graph(data, store=store)
    try:
        _, _, G, found = routes(kg, source, target, k=k, max_length=max_length,
                                through=through, avoid=avoid)
    except NoPath as missing:
        click.echo(f"nutrigraph: {missing}; nothing was drawn", err=True)
        raise click.exceptions.Exit(1) from None
    _save_figure(paths(G, found), output)


@plot_group.command(name="neighborhood")
@click.argument("entity")
@click.option("--radius", type=click.IntRange(1, MAX_RADIUS), default=1, show_default=True,
              metavar="R", help="How many relations away a neighbour may be.")
@click.option("--category", "categories", multiple=True, metavar="C",
              help="Only neighbours of this class or its subclasses (enzyme, food, ...). "
                   "Repeatable: any of them.")
@_output_option
@store_option
@data_option
def plot_neighborhood(entity: str, radius: int, categories: tuple[str, ...], output: str,
                      store: str | None, data: tuple[str, ...]) -> None:
    """What ENTITY is related to, in rings around it, each relation in its evidence style.

    \b
    Examples:
      nutrigraph plot neighborhood magnesium -o magnesium.png
      nutrigraph plot neighborhood adenosylcobalamin --radius 2 --category enzyme -o b12.svg
    """
    _check_output(output)
    from ..plot import neighborhood

    kg = open_graph(data, store=store)
    _save_figure(neighborhood(kg, entity, radius=radius, categories=list(categories) or None),
                 output)


@plot_group.command(name="symptoms")
@click.argument("pair", nargs=-1, metavar="[FIRST SECOND]")
@_output_option
@store_option
@data_option
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
    from ..plot import symptom_overlap

    kg = open_graph(data, store=store)
    _save_figure(symptom_overlap(kg, *pair), output)


@plot_group.command(name="symptom-matrix")
@click.option("--nutrient", "nutrients", multiple=True, metavar="NAME",
              help="A nutrient whose deficiency symptoms make the rows (repeatable); "
                   "magnesium and vitamin B12 when not given.")
@_output_option
@store_option
@data_option
def plot_symptom_matrix(nutrients: tuple[str, ...], output: str, store: str | None,
                        data: tuple[str, ...]) -> None:
    """Deficiency symptoms against conditions: the deficiencies, then the rare inherited
    disorders of the same pathways.

    Rows are the symptoms the nutrients' deficiencies list; columns the
    deficiencies, then the inherited disorders that the named query
    inherited-disorders-sharing-symptoms finds. A cell is coloured by the best
    evidence level and shows the frequency where HPO gives one; NOT marks a
    phenotype HPO annotates as absent. nutrigraph informs; it does not diagnose.

    \b
    Examples:
      nutrigraph plot symptom-matrix -o matrix.png
      nutrigraph plot symptom-matrix --nutrient magnesium -o magnesium-matrix.svg
    """
    _check_output(output)
    from ..plot import symptom_matrix

    kg = open_graph(data, store=store)
    _save_figure(symptom_matrix(kg, nutrients or ("magnesium", "vitamin B12")), output)


@plot_group.command(name="foods")
@click.option("--nutrient", "nutrients", multiple=True, metavar="NAME",
              help="A nutrient (repeatable): one panel each; magnesium and vitamin B12 when "
                   "not given.")
@click.option("--top", type=click.IntRange(1, MAX_TOP), default=10, show_default=True,
              metavar="N", help="How many foods per nutrient.")
@click.option("--both", is_flag=True,
              help="The foods richest in both magnesium and vitamin B12 instead (named query "
                   "foods-rich-in-both).")
@_output_option
@store_option
@data_option
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
    from ..plot import foods, foods_rich_in_both

    kg = open_graph(data, store=store)
    figure = (foods_rich_in_both(kg, top=top) if both else
              foods(kg, nutrients or ("magnesium", "vitamin B12"), top=top))
    _save_figure(figure, output)


@plot_group.command(name="intakes")
@click.argument("nutrient", default="magnesium")
@_output_option
@store_option
@data_option
def plot_intakes(nutrient: str, output: str, store: str | None, data: tuple[str, ...]) -> None:
    """Recommended intakes (RDA) of NUTRIENT by population group, with upper limits (UL).

    NUTRIENT is magnesium when not given.

    \b
    Examples:
      nutrigraph plot intakes -o intakes.png
      nutrigraph plot intakes "vitamin B12" -o b12-intakes.pdf
    """
    _check_output(output)
    from ..plot import intakes

    kg = open_graph(data, store=store)
    _save_figure(intakes(kg, nutrient), output)
