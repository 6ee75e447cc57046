"""``nutrigraph differential`` and ``nutrigraph overlap``: deficiency symptoms."""

from __future__ import annotations

import click

from .common import data_option, emit, emit_json, open_graph, report_format, store_option

__all__ = ["differential_command", "overlap_command"]


@click.command(name="differential")
@click.argument("symptoms", nargs=-1, required=True, metavar="SYMPTOM...")
@click.option("--inherited", is_flag=True,
              help="Also rank the rare inherited disorders (HPO disease annotations), "
                   "apart from the deficiencies.")
@report_format("JSON with every statement")
@store_option
@data_option
def differential_command(symptoms: tuple[str, ...], inherited: bool, fmt: str,
                         store: str | None, data: tuple[str, ...]) -> None:
    """Rank the deficiencies that explain the symptoms, with evidence and sources.

    Symptoms are names, synonyms or CURIEs ("tingling", "pins and needles",
    HP:0003401). Each deficiency is scored by the evidence level of each
    symptom it explains, how few deficiencies share that symptom, and whether
    it matches only through the HPO hierarchy. With --inherited, the rare
    genetic conditions of the graph (inherited disorders from HPO's disease
    annotations) are ranked too, in a list of their own, each phenotype with
    its frequency and evidence. nutrigraph informs; it does not diagnose.

    \b
    Examples:
      nutrigraph differential tingling fatigue constipation
      nutrigraph differential "skipped heart beat" --format json
      nutrigraph differential seizures "muscle cramps" --inherited
    """
    from ..analysis import differential
    from ..questions import differential as differential_document
    from ..render import text

    kg = open_graph(data, store=store)
    if fmt == "json":
        emit_json(differential_document(kg, symptoms, inherited=inherited))
    else:
        emit(text(differential(kg, symptoms, inherited=inherited)))


@click.command(name="overlap")
@click.argument("first")
@click.argument("second")
@report_format("JSON with every statement")
@store_option
@data_option
def overlap_command(first: str, second: str, fmt: str, store: str | None,
                    data: tuple[str, ...]) -> None:
    """The deficiency symptoms two nutrients (or deficiencies) share, and those of only one.

    \b
    Examples:
      nutrigraph overlap magnesium B12
      nutrigraph overlap "magnesium deficiency" "vitamin B12 deficiency" --format json
    """
    from ..analysis import symptom_overlap
    from ..questions import overlap
    from ..render import text

    kg = open_graph(data, store=store)
    if fmt == "json":
        emit_json(overlap(kg, first, second))
    else:
        emit(text(symptom_overlap(kg, first, second)))
