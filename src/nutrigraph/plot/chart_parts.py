"""What the charts (:mod:`~nutrigraph.plot.symptom_chart`, :mod:`~nutrigraph.plot.food_charts`,
:mod:`~nutrigraph.plot.intake_chart`) are built from: panels side by side, the house title
and source line, amounts and units as people write them, and which values to mark as
unverified.

Each chart takes the graph first, draws into ``ax`` when given (else into a new
:class:`matplotlib.figure.Figure`, without pyplot) and returns the figure, with a
title and a source line that names the sources drawn from.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..errors import NutrigraphError
from ..prefixes import compact
from ..queries import internal_query
from ..store import iri
from .style import MUTED, figure_and_axes, finish

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..graph import KnowledgeGraph
    from ..knowledge import EvidenceScale, StatementRecord
    from ..resolve import Entity

__all__ = ["NoChartData", "amount_text", "entity_categories", "finish_chart", "joined",
           "panels", "percent_text", "short", "shown_statement", "unit_text", "unverified"]

_CHARS_PER_INCH = 17  # of the 7-point source line, with a margin


class NoChartData(NutrigraphError, LookupError):
    """The graph holds nothing to draw for what was asked, such as a nutrient without
    SR28 values or without intake references."""


def entity_categories(kg: KnowledgeGraph, entity: Entity | str) -> list[str]:
    """The CURIEs of the classes of an entity (or IRI), for
    :func:`~nutrigraph.plot.style.style_for`.

    Examples
    --------
    >>> from nutrigraph import load
    >>> entity_categories(load(), "https://w3id.org/nutrigraph/kb/magnesium")
    ['ng:Nutrient']
    """
    term = iri(entity) if isinstance(entity, str) else entity
    rows = kg.query(internal_query("entity-classes").text, where="an entity's classes",
                    entity=term)
    return [compact(c) for c in rows.values("class") if c]


def unverified(scale: EvidenceScale, record: StatementRecord | None) -> bool:
    """Whether a value is marked as unverified: its statement's evidence level is in the
    scale's group of unverified or unrated statements (a value without a statement is not
    marked: there is nothing to say of it).

    Examples
    --------
    >>> from nutrigraph.knowledge import StatementRecord
    >>> from nutrigraph.knowledge.evidence import shipped_scale
    >>> from nutrigraph.vocab import ng
    >>> def stated(level):
    ...     return StatementRecord("s", "x", ng.amount, "1", level, None, None, None, False,
    ...                            (), ())
    >>> [unverified(shipped_scale(), stated(level)) for level in (
    ...     ng.Unverified, ng.AuthoritativeReview, None)]
    [True, False, True]
    >>> unverified(shipped_scale(), None)
    False
    """
    return record is not None and scale.level(record.level).group == scale.unrated.group


def shown_statement(scale: EvidenceScale, records: Sequence[StatementRecord]
                    ) -> StatementRecord | None:
    """The statement a chart cites for a value: the first unverified one, so that the doubt
    is shown, else the first (None if the value has none)."""
    return next((r for r in records if unverified(scale, r)), records[0] if records else None)


def unit_text(unit: str) -> str:
    """A UCUM unit of the graph as people write it: ``ug/d`` → ``µg/day``.

    Examples
    --------
    >>> unit_text("ug"), unit_text("mg/d")
    ('µg', 'mg/day')
    """
    base, _, per = unit.partition("/")
    base = "µg" if base == "ug" else base
    return f"{base}/day" if per == "d" else unit.replace("ug", "µg", 1)


def amount_text(value: float) -> str:
    """Three significant figures at most, and never a trailing ``.0``.

    Examples
    --------
    >>> [amount_text(v) for v in (156.6, 84.0565, 2.5925, 350.0, 0.0826, 1500.0)]
    ['157', '84.1', '2.59', '350', '0.0826', '1500']
    """
    text = f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    if "e" in text:  # .3g writes 1000 and more in exponent form
        text = f"{value:.0f}"
    return text


def percent_text(value: float) -> str:
    """A share of the Daily Value: whole percent, or ``<1%``.

    Examples
    --------
    >>> percent_text(37.29), percent_text(0.4)
    ('37%', '<1%')
    """
    return "<1%" if value < 1 else f"{value:.0f}%"


def short(label: str, width: int = 32, lines: int = 3) -> str:
    """A long food name wrapped onto at most ``lines`` lines, cut with an ellipsis.

    Examples
    --------
    >>> print(short("Beef, New Zealand, imported, variety meats and by-products, liver, "
    ...             "cooked, boiled, served with onions"))
    Beef, New Zealand, imported,
    variety meats and by-products,
    liver, cooked, boiled, served…
    >>> short("Egg, whole, raw, fresh")
    'Egg, whole, raw, fresh'
    """
    wrapped = textwrap.wrap(label, width, break_on_hyphens=False)
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip(" ,") + "…"
    return "\n".join(wrapped)


def joined(labels: Iterable[str | None]) -> str:
    """Labels for a source line: each once, in order, the empty ones left out.

    Examples
    --------
    >>> joined(["USDA SR28", "", "Daily Value: NIH ODS", "USDA SR28"])
    'USDA SR28; Daily Value: NIH ODS'
    """
    return "; ".join(dict.fromkeys(label for label in labels if label))


def panels(ax: Axes | None, n: int, size: tuple[float, float]) -> tuple[Figure, list[Axes]]:
    """``n`` axes side by side: a new figure's, or splitting the place of ``ax``."""
    fig, first = figure_and_axes(ax, size)
    if n == 1:
        return fig, [first]
    spec = first.get_subplotspec()
    if spec is None:
        raise ValueError("to draw several panels into ax, give an axes of a subplot grid "
                         "(such as fig.add_subplot())")
    # the panels take the place (and so the layout) of the one axes they replace
    grid = spec.subgridspec(1, n, wspace=0.05)
    first.remove()
    return fig, [fig.add_subplot(grid[0, i]) for i in range(n)]


def finish_chart(fig: Figure, ax: Axes | None, axes: Sequence[Axes], *, title: str,
                 source: str) -> Figure:
    """The house title and source line on a figure of our own; on the caller's figure, the
    title goes on the axes and the source under them, so that nothing of theirs is replaced.

    The source line is wrapped to the width of the figure (a long list of sources would
    run off it), and on our own figure constrained layout is told to leave room for it.
    """
    if ax is None:
        width = max(40, int(fig.get_figwidth() * _CHARS_PER_INCH))
        finish(fig, title=title, source=source)
        line = fig.texts[-1]  # the source line that finish() adds
        line.set_text(textwrap.fill(line.get_text(), width))
        engine = fig.get_layout_engine()
        if engine is not None and hasattr(engine, "set"):
            bottom = (0.1 + 0.12 * line.get_text().count("\n") + 0.12) / fig.get_figheight()
            engine.set(rect=(0, bottom, 1, 1 - bottom))
        return fig
    panel = axes[0].get_title(loc="left")  # a panel's own title stays, under the chart's
    axes[0].set_title(f"{title}\n{panel}" if panel else title, loc="left", fontsize=11,
                      fontweight="bold")
    # The source goes under the x label and outside the layout: as part of the layout, a
    # line wider than its axes makes constrained layout push the axes beside it away
    # (down to nothing), and its room is the caller's to give.
    inches = axes[0].get_position().width * fig.get_figwidth()
    note = axes[0].annotate(
        textwrap.fill(f"Source: {source}.", max(40, int(inches * _CHARS_PER_INCH))),
        xy=(0, 0), xycoords=("axes fraction", axes[0].xaxis.label), xytext=(0, -4),
        textcoords="offset points", va="top", fontsize=7, color=MUTED)
    note.set_in_layout(False)
    return fig
