"""Charts of foods: the foods richest in a nutrient per household portion (USDA SR28),
and the foods richest in both magnesium and vitamin B12, each bar with the share of the
nutrient's Daily Value.

A Daily Value whose statement is unverified (:func:`~nutrigraph.plot.chart_parts.unverified`)
is marked with ``*`` and a footnote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import QueryError
from ..knowledge import Provenance
from ..prefixes import PREFIXES, compact
from ..queries import internal_query
from ..store import iri
from ..vocab import ng
from .chart_parts import (
    NoChartData,
    amount_text,
    entity_categories,
    finish_chart,
    joined,
    panels,
    percent_text,
    short,
    unit_text,
    unverified,
)
from .style import MUTED, TEXT, style_for

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..graph import KnowledgeGraph

__all__ = ["foods", "foods_rich_in_both"]

_SR28_NUTRIENT = PREFIXES["sr28nutrient"]


@dataclass(frozen=True)
class _DailyValue:
    amount: float
    unit: str
    unverified: bool
    source: str

    def percent(self, value: float, unit: str) -> float | None:
        """``value`` (in ``unit``, per portion) as a percentage; None if the units differ."""
        if self.unit.partition("/")[0] != unit:
            return None
        return 100 * value / self.amount


@dataclass(frozen=True)
class _FoodBar:
    label: str
    portion: str
    value: float


def foods(kg: KnowledgeGraph, nutrients: str | Sequence[str] = ("magnesium", "vitamin B12"),
          *, top: int = 10, ax: Axes | None = None) -> Figure:
    """The foods with the most of each nutrient per household portion, with % Daily Value.

    One panel per nutrient: its ``top`` foods in USDA SR28, ranked by the amount
    in the food's first household portion (SR28 WEIGHT Seq 1, such as "1 cup"):
    per portion = per 100 g x gram weight / 100, as the named queries
    ``food-composition`` and ``foods-rich-in-both`` compute it. Foods without a
    first portion are left out. Each bar is labelled with the amount, the
    portion and the share of the nutrient's Daily Value (``ng:DailyValue``);
    a Daily Value whose statement is unverified is marked with ``*`` and a
    footnote. With the full SR28 import (``load(store=DIR)``) the ranking
    covers all of its foods.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph, such as :func:`nutrigraph.load`'s.
    nutrients : str or sequence of str
        Nutrients by name, synonym or CURIE, each linked to an SR28 nutrient
        (``skos:closeMatch``), or SR28 nutrients themselves.
    top : int
        How many foods per nutrient.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; with several nutrients, the panels split its place.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    EntityNotFound, AmbiguousName
        If a name does not resolve to one entity.
    NoChartData
        If a nutrient has no SR28 nutrient, or no food with a portion has it.
    QueryError
        If ``top`` is less than 1 or no nutrient is given.

    Examples
    --------
    >>> import nutrigraph
    >>> fig = foods(nutrigraph.load(), "magnesium", top=3)
    >>> [t.get_text().split("\\n")[0] for t in fig.axes[0].get_yticklabels()]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['Seeds, pumpkin and squash seed', 'Nuts, almonds, dry roasted,',
     'Nuts, cashew nuts, dry roasted,']
    >>> fig.axes[0].get_xlabel().splitlines()[0]
    'mg per portion'
    """
    names = [nutrients] if isinstance(nutrients, str) else list(nutrients)
    if not names:
        raise QueryError("give at least one nutrient")
    if top < 1:
        raise QueryError(f"top must be at least 1, not {top}")
    chosen = []
    for name in names:
        entity = kg.resolve(name)
        link = _sr28_nutrient(kg, entity.iri)
        if link is None:
            raise NoChartData(f"{entity.label} ({entity.curie}) has no USDA SR28 nutrient "
                              "linked (skos:closeMatch), so no food values")
        # twice as many rows as foods: a food whose values differ between two graphs
        # comes once per graph
        query = internal_query("foods-per-portion").limited(2 * top)
        rows = kg.query(query, where="foods per portion", sr28=iri(link["sr28"])).rows()
        bars = _distinct_foods(rows, top)
        if not bars:
            raise NoChartData(f"no food in the graph has {entity.label} and a household portion")
        chosen.append((entity, link, bars, _daily_value(kg, entity.iri)))

    # as tall as the bars drawn: a graph may hold fewer foods than top asks for
    most = max(len(bars) for _, _, bars, _ in chosen)
    fig, axes = panels(ax, len(chosen), (7.2 * len(chosen), 0.55 * most + 2.4))
    sources = []
    for panel_ax, (entity, link, bars, dv) in zip(axes, chosen, strict=True):
        sources.append(link["sourceLabel"])
        if dv is not None:
            sources.append(f"Daily Value: {dv.source}" if dv.source else "")
        unit = link["unit"] or ""
        colour = style_for(entity_categories(kg, entity)).color
        _food_panel(panel_ax, bars, unit, dv, colour, title=entity.label)
    title = "Foods richest in " + " and ".join(e.label for e, *_ in chosen) + " per portion"
    return finish_chart(fig, ax, axes, title=title,
                        source=joined(sources) + "; per portion = per 100 g x portion weight "
                                                 "/ 100")


def foods_rich_in_both(kg: KnowledgeGraph, top: int = 10, *, ax: Axes | None = None) -> Figure:
    """The foods richest in both magnesium and vitamin B12 per portion, side by side.

    The rows of the named query ``foods-rich-in-both`` (USDA SR28; ranked by
    the product of the two amounts per portion, at most 25 foods): a panel for
    magnesium (mg) and one for vitamin B12 (µg), sharing the food rows, each bar
    labelled with the amount and % Daily Value (``*`` marks an unverified
    Daily Value, with a footnote).

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph, such as :func:`nutrigraph.load`'s.
    top : int
        How many foods (the query gives 25 at most).
    ax : matplotlib.axes.Axes, optional
        The two panels split the place of this axes.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    NoChartData
        If no food in the graph has both with a household portion.
    QueryError
        If ``top`` is less than 1.

    Examples
    --------
    >>> import nutrigraph
    >>> fig = foods_rich_in_both(nutrigraph.load(), top=2)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]  # doctest: +NORMALIZE_WHITESPACE
    ['Mollusks, clam, mixed species,\\ncooked, moist heat',
     'Beef, variety meats and\\nby-products, liver, cooked,\\npan-fried']
    """
    if top < 1:
        raise QueryError(f"top must be at least 1, not {top}")
    rows = kg.named_query("foods-rich-in-both").rows()[:top]
    if not rows:
        raise NoChartData("no food in the graph has both magnesium and vitamin B12 "
                          "with a household portion")
    # the two SR28 nutrients the named query ranks by: magnesium (304) and B12 (418)
    sides = []
    for number, column in (("304", "magnesiumPerServing"), ("418", "b12PerServing")):
        sr28 = _SR28_NUTRIENT + number
        info = _sr28_nutrient(kg, sr28)
        if info is None:
            raise NoChartData(f"the graph has no SR28 nutrient {number}")
        # the name and colour of the nutrient that the SR28 nutrient stands for
        linked = kg.query(internal_query("sr28-nutrient-stands-for").text,
                          where="what an SR28 nutrient stands for", sr28=iri(sr28)).rows()
        label = linked[0]["label"] if linked else compact(info["sr28"])
        colour = style_for(entity_categories(kg, linked[0]["nutrient"]) if linked else []).color
        bars = [_FoodBar(r["foodLabel"], r["serving"], float(r[column])) for r in rows]
        sides.append((label, info, bars, _daily_value(kg, sr28), colour))

    fig, axes = panels(ax, 2, (13, 0.55 * len(rows) + 2.4))
    for panel_ax, (label, link, bars, dv, colour) in zip(axes, sides, strict=True):
        _food_panel(panel_ax, bars, link["unit"], dv, colour, title=label)
    axes[1].set_yticks(axes[0].get_yticks(), [])  # the rows are the same foods
    sources = [sides[0][1]["sourceLabel"]] + [f"Daily Value: {dv.source}"
                                              for _, _, _, dv, _ in sides if dv and dv.source]
    return finish_chart(fig, ax, axes,
                        title=f"Foods rich in both {sides[0][0]} and {sides[1][0]}, per portion",
                        source=joined(sources) + "; ranked by the product of the two amounts "
                                                 "per portion (named query foods-rich-in-both)")


def _sr28_nutrient(kg: KnowledgeGraph, nutrient: str) -> dict[str, str | None] | None:
    """The SR28 nutrient (``sr28``, ``unit``, ``sourceLabel``) that measures the nutrient of
    this IRI: the nutrient itself if it is one, else the one linked to it; None if none is."""
    linked = kg.query(internal_query("closely-matched").text, where="a nutrient's close matches",
                      nutrient=iri(nutrient)).values("linked")
    for candidate in [nutrient, *sorted(link for link in linked if link)]:
        if candidate.startswith(_SR28_NUTRIENT):
            rows = kg.query(internal_query("sr28-nutrient").text, where="an SR28 nutrient",
                            sr28=iri(candidate)).rows()
            if rows:
                return rows[0]
    return None


def _daily_value(kg: KnowledgeGraph, nutrient: str) -> _DailyValue | None:
    """The Daily Value of the nutrient of this IRI (or of what it is linked to): the best
    supported one when sources differ, with the source of the statement that gives it."""
    provenance = Provenance(kg)
    scale = provenance.scale
    candidates = []
    for row in kg.query(internal_query("daily-values").text, where="Daily Values",
                        nutrient=iri(nutrient)).rows():
        records = provenance.statements_of(row["reference"], ng.amount, row["amount"])
        for record in records or [None]:
            sources = [s.label for s in record.sources if s.label] if record else []
            for source in sources or [""]:
                rank = scale.rank(record.rank if record else None)
                candidates.append((rank, float(row["amount"]), source, row, record))
    if not candidates:
        return None
    _, amount, source, row, record = min(candidates, key=lambda c: c[:3])
    return _DailyValue(amount, row["unit"], unverified(scale, record), source)


def _portion(row: dict[str, str | None]) -> str:
    # as the named queries write it: "1 cup (180 g)"
    return f"{row['count']} {row['measure']} ({row['grams']} g)"


def _distinct_foods(rows: list[dict[str, str | None]], top: int) -> list[_FoodBar]:
    """The first ``top`` foods, each once (a food in two graphs can come twice)."""
    seen: dict[str, _FoodBar] = {}
    for row in rows:
        if row["food"] not in seen:
            seen[row["food"]] = _FoodBar(row["foodLabel"] or row["food"], _portion(row),
                                         float(row["perPortion"]))
        if len(seen) == top:
            break
    return list(seen.values())


def _food_panel(ax: Axes, bars: list[_FoodBar], unit: str, dv: _DailyValue | None,
                colour: str, *, title: str) -> None:
    """Horizontal bars, best at the top, each labelled with amount, portion and % DV."""
    shown = unit_text(unit)
    y = list(range(len(bars)))
    values = [b.value for b in bars]
    ax.barh(y, values, color=colour, height=0.62)
    ax.set_yticks(y, [short(b.label) for b in bars], fontsize=9)
    ax.set_ylim(len(bars) - 0.5, -0.5)
    ax.set_xlim(0, max(values) * 1.45)  # room for the labels right of the longest bar
    mark = "*" if dv is not None and dv.unverified else ""
    for i, bar in enumerate(bars):
        share = dv.percent(bar.value, unit) if dv is not None else None
        text = f"{amount_text(bar.value)} {shown}" + (
            f" · {percent_text(share)} DV{mark}" if share is not None else "")
        ax.annotate(text, (bar.value, i), xytext=(4, 3), textcoords="offset points",
                    va="bottom", ha="left", fontsize=9, color=TEXT)
        ax.annotate(bar.portion, (bar.value, i), xytext=(4, -2), textcoords="offset points",
                    va="top", ha="left", fontsize=7.5, color=MUTED)
    label = f"{shown} per portion"
    if dv is not None:
        label += (f"\nDV = Daily Value, {amount_text(dv.amount)} {unit_text(dv.unit)}"
                  + ("; *DV unverified" if dv.unverified else ""))
    ax.set_xlabel(label, fontsize=9, loc="left")
    ax.set_title(title, fontsize=12, loc="left", color=colour, fontweight="bold")
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
