"""Charts of what the graph knows about deficiency symptoms, foods and intakes.

* :func:`symptom_overlap`: the deficiency symptoms two nutrients share, and those
  of only one, by body system;
* :func:`foods`: the foods richest in each nutrient per household portion (USDA
  SR28), with the share of the Daily Value;
* :func:`foods_rich_in_both`: the foods richest in both magnesium and vitamin B12;
* :func:`intakes`: recommended intakes (RDA) by population group, with the upper
  limits (UL) and the Daily Value.

Each function takes the graph first, draws into ``ax`` when given (else into a
new :class:`matplotlib.figure.Figure`, without pyplot) and returns the figure,
with a title and a source line that names the sources drawn from. A value whose
statement has the evidence level ``ng:Unverified`` is marked as unverified.
matplotlib is imported only when a function draws.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import NutrigraphError, QueryError
from ..prefixes import NG, PREFIXES, compact
from .style import CATEGORY_STYLES, figure_and_axes, finish, style_for

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..graph import KnowledgeGraph
    from ..resolve import Entity

__all__ = ["NoChartData", "foods", "foods_rich_in_both", "intakes", "symptom_overlap"]

_UNVERIFIED = NG + "Unverified"
# statements at these levels are claims no primary source was found for
_WEAK_LEVELS = frozenset({NG + "ArticleClaim", _UNVERIFIED})
_SR28_NUTRIENT = PREFIXES["sr28nutrient"]
_TEXT = "#222222"
_MUTED = "#555555"
_CHARS_PER_INCH = 17  # of the 7-point source line, with a margin
_UL_COLOR = CATEGORY_STYLES["ng:Enzyme"].color  # Okabe-Ito vermillion: stands out from bars


class NoChartData(NutrigraphError, LookupError):
    """The graph holds nothing to draw for what was asked, such as a nutrient without
    SR28 values or without intake references."""


# -- small helpers ---------------------------------------------------------------------------


def _rows(result) -> list[dict[str, str | None]]:
    """A SELECT result as dicts of plain strings (IRIs, lexical forms), without rdflib."""
    columns = {v: result.values(v) for v in result.variables}
    return [{v: columns[v][i] for v in result.variables} for i in range(len(result))]


def _categories(kg: KnowledgeGraph, entity: Entity | str) -> list[str]:
    """The CURIEs of the classes of an entity (or IRI), for :func:`style_for`."""
    term = _term(entity) if isinstance(entity, str) else entity
    rows = kg.query("SELECT ?entity ?class WHERE { ?entity a ?class }", entity=term)
    return [compact(c) for c in rows.values("class") if c]


def _unit(unit: str) -> str:
    """A UCUM unit of the graph as people write it: ``ug/d`` → ``µg/day``.

    Examples
    --------
    >>> _unit("ug"), _unit("mg/d")
    ('µg', 'mg/day')
    """
    base, _, per = unit.partition("/")
    base = "µg" if base == "ug" else base
    return f"{base}/day" if per == "d" else unit.replace("ug", "µg", 1)


def _amount(value: float) -> str:
    """Three significant figures at most, and never a trailing ``.0``.

    Examples
    --------
    >>> _amount(156.6), _amount(84.0565), _amount(2.5925), _amount(350.0), _amount(0.0826)
    ('157', '84.1', '2.59', '350', '0.0826')
    """
    text = f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    if "e" in text:  # .3g writes 1000 and more in exponent form
        text = f"{value:.0f}"
    return text


def _percent(value: float) -> str:
    """A share of the Daily Value: whole percent, or ``<1%``.

    Examples
    --------
    >>> _percent(37.29), _percent(0.4)
    ('37%', '<1%')
    """
    return "<1%" if value < 1 else f"{value:.0f}%"


def _short(label: str, width: int = 32, lines: int = 3) -> str:
    """A long food name wrapped onto at most ``lines`` lines, cut with an ellipsis.

    Examples
    --------
    >>> print(_short("Beef, New Zealand, imported, variety meats and by-products, liver, "
    ...              "cooked, boiled, served with onions"))
    Beef, New Zealand, imported,
    variety meats and by-products,
    liver, cooked, boiled, served…
    >>> _short("Egg, whole, raw, fresh")
    'Egg, whole, raw, fresh'
    """
    wrapped = textwrap.wrap(label, width, break_on_hyphens=False)
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip(" ,") + "…"
    return "\n".join(wrapped)


def _join(labels: Iterable[str]) -> str:
    return "; ".join(dict.fromkeys(label for label in labels if label))


def _panels(ax: Axes | None, n: int, size: tuple[float, float]) -> tuple[Figure, list[Axes]]:
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


def _finish(fig: Figure, ax: Axes | None, axes: Sequence[Axes], *, title: str,
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
        textcoords="offset points", va="top", fontsize=7, color=_MUTED)
    note.set_in_layout(False)
    return fig


# -- 1. deficiency symptoms ---------------------------------------------------------------------

_NO_SYSTEM = "no body system given"


def symptom_overlap(kg: KnowledgeGraph, first: str = "magnesium", second: str = "vitamin B12",
                    *, ax: Axes | None = None) -> Figure:
    """The deficiency symptoms two nutrients share, and those of only one, by body system.

    Three columns (only ``first``, shared, only ``second``) and one row per body
    system that the sources file the symptoms under (``ng:bodySystem``), plus a
    row for symptoms filed under none. Each symptom is one line of its cell, so
    no label overlaps another; a symptom filed under two systems appears in both
    rows. The dot before a symptom has the colour of its side (half and half
    when shared): the colour of the nutrient's category style, and for the
    second side, when both have the same category, the deficiency colour.
    Symptoms that only article claims or unverified statements support are set
    in italics. The data are those of :func:`nutrigraph.differential.symptom_overlap`.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph, such as :func:`nutrigraph.load`'s.
    first, second : str
        Nutrients (or deficiency conditions) by name, synonym or CURIE.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; the title then goes on the axes.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    EntityNotFound, AmbiguousName, NotANutrient
        As :func:`nutrigraph.differential.symptom_overlap`.
    NoChartData
        If neither side lists a symptom.

    Examples
    --------
    >>> import nutrigraph
    >>> fig = symptom_overlap(nutrigraph.load())
    >>> ax = fig.axes[0]
    >>> [t.get_text().split("\\n")[0] for t in ax.get_xticklabels()]
    ['Only magnesium', 'Shared', 'Only vitamin B12']
    >>> "paresthesia" in [t.get_text() for t in ax.texts]
    True
    """
    from ..differential import symptom_overlap as overlap_of

    overlap = overlap_of(kg, first, second)
    groups = (overlap.only_first, overlap.shared, overlap.only_second)
    if not any(groups):
        raise NoChartData(f"no deficiency symptoms of {overlap.first.label} or of "
                          f"{overlap.second.label} in the graph")
    colours = _side_colours(_categories(kg, overlap.first), _categories(kg, overlap.second))

    # cells[system][column] = the symptoms of that body system in that column
    cells: dict[str, list[list]] = {}
    for column, group in enumerate(groups):
        for item in group:
            for system in item.body_systems or (_NO_SYSTEM,):
                cells.setdefault(system, [[], [], []])[column].append(item)
    # the fullest systems first, the unfiled symptoms last
    systems = sorted(cells, key=lambda s: (s == _NO_SYSTEM, -sum(map(len, cells[s])), s))
    heights = [max(map(len, cells[s])) for s in systems]
    pad = 0.7
    lines = sum(heights) + pad * len(systems)

    fig, ax_ = figure_and_axes(ax, (11, 1.9 + 0.24 * lines))
    ax_.set_xlim(0, 3)
    ax_.set_ylim(lines, 0)
    top = 0.0
    ticks = []
    for row, (system, height) in enumerate(zip(systems, heights, strict=True)):
        if row % 2 == 0:
            ax_.axhspan(top, top + height + pad, color="#F2F2F2", zorder=0, linewidth=0)
        ticks.append(top + (height + pad) / 2)
        for column, items in enumerate(cells[system]):
            for line, item in enumerate(items):
                y = top + pad / 2 + line + 0.5
                _symptom_dot(ax_, column + 0.06, y, column, colours)
                weak = all(e.level in _WEAK_LEVELS or e.level is None
                           for e in item.first + item.second)
                ax_.text(column + 0.11, y, item.symptom.label, va="center", ha="left",
                         fontsize=10, color=_TEXT, style="italic" if weak else "normal")
        top += height + pad
    for x in (1, 2):
        ax_.axvline(x, color="#BBBBBB", linewidth=0.8)

    ax_.set_yticks(ticks, systems, fontsize=10)
    ax_.tick_params(axis="both", length=0)
    ax_.xaxis.tick_top()
    names = (overlap.first.label, overlap.second.label)
    headers = [f"Only {names[0]}", "Shared", f"Only {names[1]}"]
    ax_.set_xticks([0.5, 1.5, 2.5], [f"{h}\n{len(g)} symptom{'s' * (len(g) != 1)}"
                                     for h, g in zip(headers, groups, strict=True)],
                   fontsize=11, fontweight="bold")
    for label, colour in zip(ax_.get_xticklabels(), (colours[0], _TEXT, colours[1]),
                             strict=True):
        label.set_color(colour)
    for spine in ax_.spines.values():
        spine.set_visible(False)

    # which deficiency conditions stand for a nutrient (none to name for a deficiency itself)
    sides = "; ".join(f"{entity.label}: {', '.join(d.label for d in deficiencies)}"
                      for entity, deficiencies in ((overlap.first, overlap.first_deficiencies),
                                                   (overlap.second, overlap.second_deficiencies))
                      if [d.iri for d in deficiencies] != [entity.iri])
    ax_.set_xlabel((f"Deficiency conditions: {sides}.\n" if sides else "")
                   + "Rows: the body system the sources file each symptom under. Italics: "
                   "stated only by article claims or unverified sources.", fontsize=8,
                   color=_MUTED, loc="left")
    ax_.xaxis.set_label_position("bottom")
    sources = _join(s.label for group in groups for item in group for s in item.sources)
    return _finish(fig, ax, [ax_], title=f"Deficiency symptoms: {names[0]} and {names[1]}",
                   source=sources)


def _side_colours(first: Sequence[str], second: Sequence[str]) -> tuple[str, str]:
    """The colour of each side: its category style's, made distinct if both are the same."""
    one, other = style_for(first).color, style_for(second).color
    if other == one:
        # two nutrients: the second side takes the deficiency colour (or the nutrient's)
        other = next(s.color for key in ("ng:DeficiencyCondition", "ng:Nutrient")
                     if (s := CATEGORY_STYLES[key]).color != one)
    return one, other


def _symptom_dot(ax: Axes, x: float, y: float, column: int, colours: tuple[str, str]) -> None:
    if column == 1:  # shared: half the colour of each side
        ax.plot([x], [y], marker="o", markersize=8, fillstyle="left", color=colours[0],
                markerfacecoloralt=colours[1], markeredgecolor="white", linestyle="none")
    else:
        ax.plot([x], [y], marker="o", markersize=8, color=colours[column // 2],
                markeredgecolor="white", linestyle="none")


# -- 2. foods -----------------------------------------------------------------------------------

# What a nutrient is linked to (the curated skos:closeMatch links, either way), and the
# unit and source of an SR28 nutrient. Two small queries rather than one with a UNION or
# a property path: on a full import Oxigraph plans those without the bound ?nutrient and
# reads every measurement's unit (seconds instead of milliseconds).
_LINKED = """
SELECT DISTINCT ?nutrient ?linked WHERE { { ?linked skos:closeMatch ?nutrient }
                                          UNION { ?nutrient skos:closeMatch ?linked } }
"""
_LABELLED_LINK = """
SELECT ?sr28 ?nutrient ?label WHERE {
  ?sr28 skos:closeMatch ?nutrient . ?nutrient rdfs:label ?label
}
"""
_SR28_NUTRIENT_INFO = """
SELECT DISTINCT ?sr28 ?unit ?sourceLabel WHERE {
  ?sr28 skos:notation ?number ; ng:unit ?unit .
  OPTIONAL { ?sr28 prov:wasDerivedFrom/dcterms:isPartOf/rdfs:label ?sourceLabel }
}
"""

# The foods with the most of one SR28 nutrient per household portion: the food's first
# portion (WEIGHT Seq 1), per portion = per 100 g x gram weight / 100. Shaped like the
# named query foods-rich-in-both for a full import: each sub-select reads one set once
# (the nutrient's values, the first portions) and Oxigraph joins them by hashing. A food
# in two graphs (the bundled subset and a full import) is matched within each graph and
# kept once by DISTINCT. $LIMIT is replaced by a number (LIMIT takes no bound variable).
_TOP_FOODS = """
SELECT ?sr28 ?food ?foodLabel ?per100g ?unit ?count ?measure ?grams ?perPortion WHERE {
  {
    SELECT ?sr28 ?food ?per100g ?unit ?count ?measure ?grams ?perPortion WHERE {
      {
        SELECT DISTINCT ?sr28 ?food ?per100g ?unit WHERE {
          GRAPH ?g { ?measurement ng:measuredNutrient ?sr28 ; ng:measuredFood ?food ;
                                  ng:amount ?per100g ; ng:unit ?unit . }
          FILTER(?per100g > 0)
        }
      }
      {
        SELECT DISTINCT ?food ?count ?measure ?grams WHERE {
          GRAPH ?h { ?food ng:hasPortion ?portion .
                     ?portion skos:notation ?seq ; rdfs:label ?measure ; ng:amount ?count ;
                              ng:gramWeight ?grams . }
          FILTER(?seq = "1")
        }
      }
      BIND(?per100g * ?grams / 100 AS ?perPortion)
    }
    ORDER BY DESC(?perPortion) ?food
    LIMIT $LIMIT
  }
  ?food rdfs:label ?foodLabel .
}
ORDER BY DESC(?perPortion) ?food
"""

# The Daily Value of a nutrient (or of what its SR28 nutrient stands for), with the
# evidence level, rank and source of the statement that gives the amount.
_DAILY_VALUE = """
SELECT DISTINCT ?nutrient ?amount ?unit ?level ?levelLabel ?rank ?sourceLabel WHERE {
  ?nutrient (skos:closeMatch|^skos:closeMatch)? ?subject .
  ?reference a ng:IntakeReference ; ng:referenceFor ?subject ;
             ng:referenceType ng:DailyValue ; ng:amount ?amount ; ng:unit ?unit .
  OPTIONAL {
    ?statement rdf:subject ?reference ; rdf:predicate ng:amount ; rdf:object ?amount .
    OPTIONAL { ?statement ng:evidenceLevel ?level .
               OPTIONAL { ?level skos:prefLabel ?levelLabel } OPTIONAL { ?level ng:rank ?rank } }
    OPTIONAL { ?statement prov:wasDerivedFrom/dcterms:isPartOf/rdfs:label ?sourceLabel }
  }
}
"""


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


def _sr28_nutrient(kg: KnowledgeGraph, nutrient) -> dict[str, str | None] | None:
    """The SR28 nutrient (``sr28``, ``unit``, ``sourceLabel``) that measures ``nutrient``:
    the nutrient itself if it is one, else the one linked to it; None if there is none."""
    iri = nutrient.value if hasattr(nutrient, "value") else nutrient.iri
    linked = _rows(kg.query(_LINKED, nutrient=nutrient))
    candidates = [iri, *sorted(r["linked"] for r in linked if r["linked"])]
    for candidate in candidates:
        if candidate and candidate.startswith(_SR28_NUTRIENT):
            rows = _rows(kg.query(_SR28_NUTRIENT_INFO, sr28=_term(candidate)))
            if rows:
                return rows[0]
    return None


def _daily_value(kg: KnowledgeGraph, nutrient) -> _DailyValue | None:
    rows = _rows(kg.query(_DAILY_VALUE, nutrient=nutrient))
    if not rows:
        return None
    # the best-supported value when sources differ
    best = min(rows, key=lambda r: (int(r["rank"]) if r["rank"] else 99, r["amount"]))
    return _DailyValue(float(best["amount"]), best["unit"], best["level"] == _UNVERIFIED,
                       best["sourceLabel"] or "")


def _portion(row: dict[str, str | None]) -> str:
    # as the named queries write it: "1 cup (180 g)"
    return f"{row['count']} {row['measure']} ({row['grams']} g)"


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
    panels = []
    for name in names:
        entity = kg.resolve(name)
        link = _sr28_nutrient(kg, entity)
        if link is None:
            raise NoChartData(f"{entity.label} ({entity.curie}) has no USDA SR28 nutrient "
                              "linked (skos:closeMatch), so no food values")
        # twice as many rows as foods: a food whose values differ between two graphs
        # comes once per graph
        query = _TOP_FOODS.replace("$LIMIT", str(2 * int(top)))
        rows = _rows(kg.query(query, sr28=_term(link["sr28"])))
        bars = _distinct_foods(rows, top)
        if not bars:
            raise NoChartData(f"no food in the graph has {entity.label} and a household portion")
        panels.append((entity, link, bars, _daily_value(kg, entity)))

    fig, axes = _panels(ax, len(panels), (7.2 * len(panels), 0.55 * top + 2.4))
    sources = []
    for panel_ax, (entity, link, bars, dv) in zip(axes, panels, strict=True):
        sources.append(link["sourceLabel"])
        if dv is not None:
            sources.append(f"Daily Value: {dv.source}" if dv.source else "")
        unit = link["unit"] or ""
        colour = style_for(_categories(kg, entity)).color
        _food_panel(panel_ax, bars, unit, dv, colour, title=entity.label)
    title = "Foods richest in " + " and ".join(e.label for e, *_ in panels) + " per portion"
    return _finish(fig, ax, axes, title=title,
                   source=_join(sources) + "; per portion = per 100 g x portion weight / 100")


def _term(iri: str | None):
    import pyoxigraph as ox

    return ox.NamedNode(iri)


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
    shown = _unit(unit)
    y = list(range(len(bars)))
    values = [b.value for b in bars]
    ax.barh(y, values, color=colour, height=0.62)
    ax.set_yticks(y, [_short(b.label) for b in bars], fontsize=9)
    ax.set_ylim(len(bars) - 0.5, -0.5)
    ax.set_xlim(0, max(values) * 1.45)  # room for the labels right of the longest bar
    mark = "*" if dv is not None and dv.unverified else ""
    for i, bar in enumerate(bars):
        share = dv.percent(bar.value, unit) if dv is not None else None
        text = f"{_amount(bar.value)} {shown}" + (
            f" · {_percent(share)} DV{mark}" if share is not None else "")
        ax.annotate(text, (bar.value, i), xytext=(4, 3), textcoords="offset points",
                    va="bottom", ha="left", fontsize=9, color=_TEXT)
        ax.annotate(bar.portion, (bar.value, i), xytext=(4, -2), textcoords="offset points",
                    va="top", ha="left", fontsize=7.5, color=_MUTED)
    label = f"{shown} per portion"
    if dv is not None:
        label += (f"\nDV = Daily Value, {_amount(dv.amount)} {_unit(dv.unit)}"
                  + ("; *DV unverified" if dv.unverified else ""))
    ax.set_xlabel(label, fontsize=9, loc="left")
    ax.set_title(title, fontsize=12, loc="left", color=colour, fontweight="bold")
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


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
    rows = _rows(kg.named_query("foods-rich-in-both"))[:top]
    if not rows:
        raise NoChartData("no food in the graph has both magnesium and vitamin B12 "
                          "with a household portion")
    # the two SR28 nutrients the named query ranks by: magnesium (304) and B12 (418)
    sides = []
    for number, column in (("304", "magnesiumPerServing"), ("418", "b12PerServing")):
        sr28 = _term(_SR28_NUTRIENT + number)
        info = _sr28_nutrient(kg, sr28)
        if info is None:
            raise NoChartData(f"the graph has no SR28 nutrient {number}")
        # the name and colour of the nutrient that the SR28 nutrient stands for
        linked = _rows(kg.query(_LABELLED_LINK, sr28=sr28))
        label = linked[0]["label"] if linked else compact(info["sr28"])
        colour = style_for(_categories(kg, linked[0]["nutrient"]) if linked else []).color
        bars = [_FoodBar(r["foodLabel"], r["serving"], float(r[column])) for r in rows]
        sides.append((label, info, bars, _daily_value(kg, sr28), colour))

    fig, axes = _panels(ax, 2, (13, 0.55 * len(rows) + 2.4))
    for panel_ax, (label, link, bars, dv, colour) in zip(axes, sides, strict=True):
        _food_panel(panel_ax, bars, link["unit"], dv, colour, title=label)
    axes[1].set_yticks(axes[0].get_yticks(), [])  # the rows are the same foods
    sources = [sides[0][1]["sourceLabel"]] + [f"Daily Value: {dv.source}"
                                              for _, _, _, dv, _ in sides if dv and dv.source]
    return _finish(fig, ax, axes,
                   title=f"Foods rich in both {sides[0][0]} and {sides[1][0]}, per portion",
                   source=_join(sources) + "; ranked by the product of the two amounts "
                                            "per portion (named query foods-rich-in-both)")


# -- 3. intake recommendations ------------------------------------------------------------------

_INTAKES = """
SELECT DISTINCT ?nutrient ?reference ?type ?group ?groupLabel ?minAge ?maxAge ?sex ?lifeStage
       ?amount ?unit ?level ?sourceLabel ?sectionLabel ?sectionComment
WHERE {
  ?reference a ng:IntakeReference ; ng:referenceFor ?nutrient ; ng:referenceType ?type ;
             ng:amount ?amount ; ng:unit ?unit .
  OPTIONAL {
    ?reference ng:appliesTo ?group .
    OPTIONAL { ?group rdfs:label ?groupLabel }
    OPTIONAL { ?group ng:minAgeYears ?minAge }
    OPTIONAL { ?group ng:maxAgeYears ?maxAge }
    OPTIONAL { ?group ng:sex ?sex }
    OPTIONAL { ?group ng:lifeStage ?lifeStage }
  }
  OPTIONAL {
    ?statement rdf:subject ?reference ; rdf:predicate ng:amount ; rdf:object ?amount .
    OPTIONAL { ?statement ng:evidenceLevel ?level }
    OPTIONAL {
      ?statement prov:wasDerivedFrom ?section .
      OPTIONAL { ?section rdfs:label ?sectionLabel }
      OPTIONAL { ?section rdfs:comment ?sectionComment }
      OPTIONAL { ?section dcterms:isPartOf/rdfs:label ?sourceLabel }
    }
  }
}
"""

# the DRI tables list pregnancy before lactation
_LIFE_STAGES = (NG + "Pregnancy", NG + "Lactation")


@dataclass(frozen=True)
class _Group:
    iri: str
    label: str
    min_age: float | None
    max_age: float | None
    sex: str | None
    life_stage: str | None

    def key(self) -> tuple:
        stage = (0 if self.life_stage is None else
                 1 + (_LIFE_STAGES.index(self.life_stage) if self.life_stage in _LIFE_STAGES
                      else len(_LIFE_STAGES)))
        return stage, self.sex or "", self.min_age or 0, self.label

    def covers(self, other: _Group) -> bool:
        """Whether every member of ``other`` is in this group (by sex, life stage and ages)."""
        if self.sex is not None and self.sex != other.sex:
            return False
        if self.life_stage is not None and self.life_stage != other.life_stage:
            return False
        low, high = other.min_age, other.max_age
        if self.min_age is not None and (low is None or low < self.min_age):
            return False
        return self.max_age is None or (high is not None and high <= self.max_age)


@dataclass(frozen=True)
class _Reference:
    kind: str
    group: _Group | None
    amount: float
    unit: str
    unverified: bool
    source: str
    section: str
    section_comment: str


def _references(kg: KnowledgeGraph, nutrient: Entity) -> list[_Reference]:
    found: dict[tuple, _Reference] = {}
    for row in _rows(kg.query(_INTAKES, nutrient=nutrient)):
        group = None if row["group"] is None else _Group(
            row["group"], row["groupLabel"] or compact(row["group"]),
            None if row["minAge"] is None else float(row["minAge"]),
            None if row["maxAge"] is None else float(row["maxAge"]),
            row["sex"], row["lifeStage"])
        reference = _Reference(row["type"], group, float(row["amount"]), row["unit"],
                               row["level"] == _UNVERIFIED, row["sourceLabel"] or "",
                               row["sectionLabel"] or "", row["sectionComment"] or "")
        # one reference per node (OPTIONALs can repeat it); an unverified statement wins
        key = (row["reference"], row["amount"])
        if key not in found or reference.unverified:
            found[key] = reference
    return list(found.values())


def intakes(kg: KnowledgeGraph, nutrient: str = "magnesium", *, ax: Axes | None = None
            ) -> Figure:
    """Recommended intakes of a nutrient by population group, with upper limits.

    One bar per population group with a Recommended Dietary Allowance (RDA),
    ordered as the DRI tables order them (children, then by sex and age, then
    pregnancy and lactation). Each tolerable upper intake level (UL) is a
    dashed vertical mark on every row whose group it covers (by sex, life
    stage and age band), and a group with only a UL gets a row of its own. The
    section note of the ULs (for magnesium: supplements and medicines only) is
    shown under the chart. The Daily Value, when the graph has one, is a dotted
    line. Unverified values are marked with ``*``.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph, such as :func:`nutrigraph.load`'s.
    nutrient : str
        The nutrient, by name, synonym or CURIE.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; the title then goes on the axes.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    EntityNotFound, AmbiguousName
        If the name does not resolve to one entity.
    NoChartData
        If the graph has no RDA or UL by population group for the nutrient.

    Examples
    --------
    >>> import nutrigraph
    >>> fig = intakes(nutrigraph.load(), "vitamin B12")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['people 14 years and older', 'pregnant women', 'breastfeeding women']
    >>> [float(p.get_width()) for p in fig.axes[0].patches]
    [2.4, 2.6, 2.8]
    """
    entity = kg.resolve(nutrient)
    references = _references(kg, entity)
    rda = {r.group.iri: r for r in references if r.kind == NG + "RecommendedDietaryAllowance"
           and r.group is not None}
    uls = [r for r in references if r.kind == NG + "TolerableUpperIntakeLevel"
           and r.group is not None]
    dvs = [r for r in references if r.kind == NG + "DailyValue"]
    if not rda and not uls:
        raise NoChartData(f"the graph has no RDA or upper limit by population group for "
                          f"{entity.label} ({entity.curie})")

    groups = {r.group.iri: r.group for r in rda.values()}
    covered: dict[str, list[_Reference]] = {}
    for ul in uls:
        rows = [g for g in groups.values() if ul.group.covers(g)]
        if not rows:  # a UL for a group without an RDA: a row of its own
            groups[ul.group.iri] = ul.group
            rows = [ul.group]
        for g in rows:
            covered.setdefault(g.iri, []).append(ul)
    order = sorted(groups.values(), key=_Group.key)
    index = {g.iri: i for i, g in enumerate(order)}

    units = {r.unit for r in references}
    unit = _unit(next(iter(units))) if len(units) == 1 else ""
    colour = style_for(_categories(kg, entity)).color
    fig, ax_ = figure_and_axes(ax, (10, 0.42 * len(order) + 2.6))
    largest = max([r.amount for r in references] or [1])
    for group in order:
        i = index[group.iri]
        reference = rda.get(group.iri)
        if reference is not None:
            ax_.barh(i, reference.amount, color=colour, height=0.6, zorder=2)
            ax_.text(reference.amount + largest * 0.01, i,
                     _amount(reference.amount) + ("*" if reference.unverified else ""),
                     va="center", ha="left", fontsize=9, color=_TEXT, zorder=4,
                     bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
        else:  # a group with only a UL: say so to the right of its UL marks
            right = max(ul.amount for ul in covered[group.iri])
            ax_.text(right + largest * 0.02, i, "no RDA in the graph", va="center",
                     ha="left", fontsize=8, color=_MUTED, style="italic")
    # each UL as one dashed line over the contiguous rows it covers, labelled once
    labelled_ul = False
    for ul in uls:
        rows = sorted(index[g] for g, refs in covered.items() if ul in refs)
        for start, stop in _runs(rows):
            ax_.plot([ul.amount, ul.amount], [start - 0.45, stop + 0.45], color=_UL_COLOR,
                     linestyle=(0, (4, 2)), linewidth=2, zorder=3,
                     label=None if labelled_ul else "tolerable upper\nintake level (UL)")
            labelled_ul = True
            ax_.text(ul.amount, start - 0.45, f"UL {_amount(ul.amount)}"
                     + ("*" if ul.unverified else ""), ha="center", va="bottom", fontsize=8,
                     color=_UL_COLOR, zorder=4,
                     bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3})
    for dv in dvs:
        ax_.axvline(dv.amount, color=_MUTED, linestyle=(0, (1, 2)), linewidth=1.3, zorder=1,
                    label=f"Daily Value (food labels),\n{_amount(dv.amount)} {_unit(dv.unit)}"
                          + (", unverified*" if dv.unverified else ""))
    ax_.set_yticks(range(len(order)), [g.label for g in order], fontsize=10)
    # room above the first row for the labels of the ULs
    ax_.set_ylim(len(order) - 0.4, -1.0 if uls else -0.6)
    ax_.set_xlim(0, largest * 1.12)
    # thin lines between blocks: children / one sex / another / pregnancy / lactation
    for i in range(1, len(order)):
        if order[i].key()[:2] != order[i - 1].key()[:2]:
            ax_.axhline(i - 0.5, color="#CCCCCC", linewidth=0.8, zorder=1)
    ax_.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax_.spines[side].set_visible(False)

    notes = [f"{unit} (bars: Recommended Dietary Allowance, RDA)" if unit else "amount per day"]
    notes += dict.fromkeys(f"UL ({ul.section}): {ul.section_comment}"
                           for ul in uls if ul.section_comment)
    if not uls:
        notes.append(f"The graph has no upper limit (UL) for {entity.label}.")
    if any(r.unverified for r in references):
        notes.append("* unverified: nutrigraph could not check this value against its source.")
    # the notes run under the axes: wrapped to about its width (9-point text)
    width = max(40, int(ax_.get_position().width * fig.get_figwidth() * 13))
    ax_.set_xlabel("\n".join(textwrap.fill(n, width) for n in notes if n), fontsize=9,
                   loc="left")
    handles, _ = ax_.get_legend_handles_labels()
    if handles:  # beside the axes, where it covers no bar
        ax_.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    sections: dict[str, list[str]] = {}  # source → its sections, RDAs first
    kinds = [NG + "RecommendedDietaryAllowance", NG + "TolerableUpperIntakeLevel"]
    for r in sorted(references, key=lambda r: kinds.index(r.kind) if r.kind in kinds else 2):
        sections.setdefault(r.source, [])
        if r.section and r.section not in sections[r.source]:
            sections[r.source].append(r.section)
    sources = _join(f"{source} ({'; '.join(parts)})" if parts else source
                    for source, parts in sections.items())
    return _finish(fig, ax, [ax_], source=sources,
                   title=f"Recommended intakes of {entity.label} by population group")


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted integers as (first, last) pairs.

    Examples
    --------
    >>> _runs([0, 1, 2, 5, 7, 8])
    [(0, 2), (5, 5), (7, 8)]
    """
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs
