"""Diagrams of the graph: the mechanism, ranked routes, and an entity's neighbourhood.

* :func:`mechanism`: how nutrients act, in columns from left to right: nutrient,
  cofactor or substrate, enzyme, active form, reaction or process, deficiency,
  symptom;
* :func:`paths`: ranked routes (:func:`nutrigraph.paths.find_paths`) as parallel
  lanes, best first;
* :func:`neighborhood`: everything within a few relations of one entity, in rings
  around it.

Every node is a box in its category's colour, with the category's marker
(:mod:`nutrigraph.plot.style`); every edge is drawn in the style of its evidence:
solid for primary and curated sources, dotted for article claims, dashed and
orange-red when another source disputes it. Layouts are computed from sorted
input, so the same graph always gives the same picture.

Labels never overlap: text is measured with matplotlib's Agg renderer, the layout
is computed in points from those sizes, and a new figure is sized to fit it (an
``ax`` that is too small for it gets smaller fonts instead). Artists carry ids
(:meth:`matplotlib.artist.Artist.get_gid`) so that programs and tests can find
them: ``"label:ngk:magnesium"`` for a node's label, ``"edge:ngk:magnesium
ng:cofactorOf ngk:methionine-synthase"`` for the line of a stated triple.

Examples
--------
>>> import nutrigraph
>>> from nutrigraph.plot import mechanism
>>> fig = mechanism(nutrigraph.load())
>>> edge = "edge:ngk:magnesium ng:cofactorOf ngk:methionine-synthase"
>>> [artist.get_linestyle() for artist in fig.findobj(lambda a: a.get_gid() == edge)]
[(0, (5, 3))]
"""

from __future__ import annotations

import itertools
import math
import textwrap
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import errors
from ..prefixes import compact
from .style import (
    CATEGORY_STYLES,
    EDGE_STYLES,
    CategoryStyle,
    edge_style,
    figure_and_axes,
    finish,
    legend,
    marker_edge,
    style_for,
)

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..graph import KnowledgeGraph
    from ..paths import Path

__all__ = ["MECHANISM_LAYERS", "MECHANISM_RELATIONS", "NotANutrient", "mechanism", "neighborhood",
           "paths"]

MECHANISM_LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nutrient", ("ng:Nutrient",)),
    ("cofactor or substrate", ("ng:Metabolite", "ng:ChemicalSubstance")),
    ("enzyme", ("ng:Enzyme",)),
    ("active form", ("ng:ActiveForm",)),
    ("reaction or process", ("ng:Reaction", "ng:BiologicalProcess")),
    ("deficiency", ("ng:DeficiencyCondition",)),
    ("symptom", ("ng:Symptom",)),
)
"""The columns of :func:`mechanism`, left to right: a heading and its categories."""

MECHANISM_RELATIONS: tuple[str, ...] = (
    "ng:partOf", "ng:cofactorOf", "ng:hasActiveForm", "ng:inputOf", "ng:hasInput",
    "ng:hasOutput", "ng:catalyzes", "ng:reactivates", "ng:requiredFor", "ng:impairs",
    "ng:hasSymptom",
)
"""The relations :func:`mechanism` draws (their inverses too, where the data uses them).

Left out on purpose: ``ng:convertedInto`` (the article's wording of
``ng:hasActiveForm``, which it would draw twice), ``ng:deficiencyOf`` (the
deficiency's name says whose it is, and the line would cross the whole figure)
and relations between two nutrients or two deficiencies.
"""

_NODE_FONT = 9.0
_EDGE_FONT = 8.0
_HEADER_FONT = 10.0
_MARKER = 7.0  # node marker size, points
_PAD = 4.0  # inside a node's box, points
_ARROW = 5.5  # arrow head size, points
_TEXT = "#222222"
_MUTED = "#555555"
_LEADER = "#999999"


# -- the mechanism --------------------------------------------------------------------


class NotANutrient(errors.NotANutrient):
    """:func:`mechanism` was asked to start from something that is no nutrient."""

    kind = "a nutrient"



def mechanism(kg: KnowledgeGraph, *, nutrients: Sequence[str] = ("magnesium", "vitamin B12"),
              ax: Axes | None = None, max_symptoms: int = 6,
              relations: Iterable[str] = MECHANISM_RELATIONS, wrap: int = 22,
              title: str | None = None) -> Figure:
    """The mechanism diagram: from nutrients to enzymes, active forms, reactions and symptoms.

    Nodes are chosen by following relations from the nutrients:

    1. **cofactor or substrate**: what a nutrient is part of (Mg-ATP) and that
       complex's other parts (ATP);
    2. **active form**: the nutrients' active forms (``ng:hasActiveForm``);
    3. **enzyme**: enzymes that a nutrient, an active form or a substrate is a
       cofactor of; enzymes that catalyze a reaction taking a substrate or a
       nutrient as input, or giving an active form as output; enzymes that
       reactivate one of those, or catalyze the same reaction as one of them;
    4. **reaction or process**: what those enzymes catalyze, what takes a
       substrate or a nutrient as input or gives an active form as output, and
       the processes such a reaction is part of;
    5. **deficiency**: the nutrients' deficiency conditions that have a symptom
       shown or impair a process shown;
    6. **symptom**: with two or more nutrients, the symptoms their deficiencies
       share; with one, all of its deficiency's symptoms. The best supported
       ``max_symptoms`` are shown: ranked by the weaker of the deficiencies'
       evidence levels for it, then the mean, then by name. The default, 6, shows
       the shared symptoms that authoritative reviews give for both deficiencies.

    Edges are the relations of ``relations`` between the nodes shown, drawn left
    to right: a relation that points right to left is drawn with its inverse's
    name (``has cofactor`` for ``cofactor of``). Disputed relations are dashed,
    article claims dotted. Edges into the symptom column are not labelled: they
    are all ``has symptom``. Enzymes are named with their gene symbol when the
    graph has one as an alternative label (``methionine synthase (MTR)``).

    Parameters
    ----------
    kg : KnowledgeGraph
    nutrients : sequence of str
        Names, synonyms, CURIEs or IRIs of the nutrients to start from.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes (fonts shrink if it is too small for the diagram);
        by default a new figure, sized to fit.
    max_symptoms : int
        How many symptoms to show (0 for none).
    relations : iterable of str
        The relations to draw, as CURIEs; :data:`MECHANISM_RELATIONS` by default.
    wrap : int
        Node labels are wrapped at this many characters.
    title : str, optional
        The figure's title; by default it names the nutrients.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    EntityNotFound, AmbiguousName
        If a nutrient's name does not resolve.
    NotANutrient
        If it resolves to something other than a nutrient.

    Examples
    --------
    >>> import nutrigraph
    >>> fig = mechanism(nutrigraph.load())
    >>> labels = {t.get_gid()[6:]: " ".join(t.get_text().split()) for t in fig.texts
    ...           + fig.axes[0].texts if (t.get_gid() or "").startswith("label:")}
    >>> labels["ngk:corrinoid-adenosyltransferase"]
    'corrinoid adenosyltransferase (MMAB)'
    >>> sorted(labels)[:3]
    ['ngk:adenosylcobalamin', 'ngk:atp', 'ngk:b12-activation']
    """
    G = kg.to_networkx()
    starts = []
    for name in nutrients:
        entity = kg.resolve(name)
        if _layer(G, entity.iri) != _LAYER_INDEX["nutrient"]:
            kinds = [style_for([c]).label for c in _categories(G, entity.iri)]
            raise NotANutrient(name, f"a {kinds[0]}" if kinds else "in no relation")
        starts.append(entity.iri)
    inverses = _inverses(kg)
    relations = list(relations)
    drawn = set(relations) | {inverses[r] for r in relations if r in inverses}
    chosen, symptom_mode = _mechanism_nodes(G, starts, inverses, max_symptoms)
    symbols = _gene_symbols(kg, [n for n in chosen if "ng:Enzyme" in _categories(G, n)])

    layer_of = {n: _layer(G, n) for n in chosen}
    used = sorted({layer for layer in layer_of.values()})
    column = {layer: i for i, layer in enumerate(used)}
    edges = [(u, v, k, d) for u, v, k, d in sorted(G.edges(keys=True, data=True),
                                                     key=lambda e: (e[0], e[1], e[2]))
             if u in chosen and v in chosen and k in drawn and not d.get("inverse")]
    unlabelled = {"ng:hasSymptom", "ng:symptomOf"}
    inverse_labels = _inverse_labels(kg)

    own = ax is None
    fig, ax = figure_and_axes(ax, size=(12, 7))
    canvas = _Canvas(fig, ax, own=own)
    nodes: dict[Hashable, _Node] = {}
    for n in sorted(chosen):
        text = G.nodes[n].get("label") or compact(n)
        if n in symbols:
            text = f"{text} ({symbols[n]})"
        nodes[n] = canvas.node_box(n, text, style_for(_categories(G, n)), wrap=wrap,
                                   column=column[layer_of[n]])
    links = []
    for u, v, k, d in edges:
        flipped = column[layer_of[u]] > column[layer_of[v]]
        label = inverse_labels.get(k, d.get("label") or k) if flipped else (d.get("label") or k)
        links.append(_Link(u, v, k, d, a=v if flipped else u, b=u if flipped else v,
                           label=None if k in unlabelled else label))
    headers = [MECHANISM_LAYERS[layer][0] for layer in used]
    if symptom_mode == "shared":
        headers[-1] = "shared symptom"
    _layered(canvas, nodes, links, headers)

    kinds = [kind for kind in EDGE_STYLES if any(link.kind == kind for link in links)]
    categories = [nodes[n].style for n in sorted(nodes, key=lambda n: (nodes[n].column,
                                                                        _category_rank(G, n)))]
    names = [G.nodes[n].get("label") or compact(n) for n in starts]
    heading = title or (f"{_capital(_and(names))}: from nutrient to enzyme, active form, "
                        "reaction and deficiency symptom")
    canvas.finish(heading, _sources_text(d for _, _, _, d in edges), categories, kinds)
    return fig


def _mechanism_nodes(G: nx.MultiDiGraph, starts: list[str], inverses: dict[str, str],
                     max_symptoms: int) -> tuple[set[str], str]:
    """The nodes of the mechanism diagram (see :func:`mechanism`), and how symptoms were chosen."""
    def related(n: str, key: str) -> set[str]:
        # objects of (n key ?o), and subjects of (?s inverse-of-key n)
        found = {v for _, v, k in G.out_edges(n, keys=True) if k == key}
        back = inverses.get(key)
        if back:
            found |= {u for u, _, k in G.in_edges(n, keys=True) if k == back}
        return found

    def layer_is(n: str, name: str) -> bool:
        return _layer(G, n) == _LAYER_INDEX[name]

    def gather(sources: Iterable[str], key: str, layer: str) -> set[str]:
        return {m for s in sources for m in related(s, key) if layer_is(m, layer)}

    nutrients = {n for n in starts if n in G}
    forms = gather(nutrients, "ng:hasActiveForm", "active form")
    complexes = gather(nutrients, "ng:partOf", "cofactor or substrate")
    substrates = complexes | {p for c in complexes for p in related(c, "ng:hasPart")
                              if layer_is(p, "cofactor or substrate")}
    enzymes = gather(nutrients | forms | substrates, "ng:cofactorOf", "enzyme")
    reactions = (gather(substrates | nutrients, "ng:inputOf", "reaction or process")
                 | gather(forms, "ng:outputOf", "reaction or process"))
    enzymes |= gather(reactions, "ng:catalyzedBy", "enzyme")
    enzymes |= gather(enzymes, "ng:reactivatedBy", "enzyme")
    enzymes |= gather(gather(enzymes, "ng:catalyzes", "reaction or process"),
                      "ng:catalyzedBy", "enzyme")
    reactions |= gather(enzymes, "ng:catalyzes", "reaction or process")
    reactions |= {p for r in reactions if "ng:Reaction" in _categories(G, r)
                  for p in related(r, "ng:partOf") if layer_is(p, "reaction or process")}

    deficiencies = {d: n for n in sorted(nutrients)
                    for d in related(n, "ng:hasDeficiencyCondition")
                    if layer_is(d, "deficiency")}
    ranks: dict[str, dict[str, int]] = defaultdict(dict)  # symptom -> nutrient -> best rank
    for d, n in deficiencies.items():
        for _, s, k, data in G.out_edges(d, keys=True, data=True):
            if k == "ng:hasSymptom" and layer_is(s, "symptom"):
                rank = data.get("evidence_rank") or 5
                ranks[s][n] = min(rank, ranks[s].get(n, 5))
    shared = {s: r for s, r in ranks.items() if len(r) >= min(2, len(nutrients))}
    mode = "shared" if len(nutrients) >= 2 and shared else "all"
    pool = shared if mode == "shared" else ranks
    ranked = sorted(pool, key=lambda s: (max(pool[s].values()),
                                         sum(pool[s].values()) / len(pool[s]),
                                         G.nodes[s].get("label", s).lower()))
    symptoms = set(ranked[:max(max_symptoms, 0)])
    shown = nutrients | forms | substrates | enzymes | reactions | symptoms
    kept = {d for d in deficiencies
            if related(d, "ng:hasSymptom") & symptoms or related(d, "ng:impairs") & shown}
    return shown | kept, mode


def _inverses(kg: KnowledgeGraph) -> dict[str, str]:
    """Relation CURIE → the CURIE of its inverse (``ng:cofactorOf`` → ``ng:hasCofactor``)."""
    from ..projection import relation_predicates

    return {compact(iri): compact(r["inverse"]) for iri, r in relation_predicates(kg).items()
            if r["inverse"]}


def _inverse_labels(kg: KnowledgeGraph) -> dict[str, str]:
    from ..projection import relation_predicates

    return {compact(iri): r["inverse_label"] for iri, r in relation_predicates(kg).items()
            if r["inverse_label"]}


def _gene_symbols(kg: KnowledgeGraph, enzymes: list[str]) -> dict[str, str]:
    """Each enzyme's gene symbol: an alternative label in capitals and digits (MTR, MAT1A)."""
    import re

    if not enzymes:
        return {}
    rows = kg.query("SELECT ?e ?alt WHERE { ?e a ng:Enzyme ; skos:altLabel ?alt }")
    symbols: dict[str, str] = {}
    for e, alt in sorted(zip(rows.values("e"), rows.values("alt"), strict=True)):
        if e in enzymes and alt and re.fullmatch(r"[A-Z][A-Z0-9]{1,9}", alt):
            symbols.setdefault(e, alt)
    return symbols


_LAYER_INDEX = {name: i for i, (name, _) in enumerate(MECHANISM_LAYERS)}
_LAYER_OF_CATEGORY = {c: i for i, (_, cs) in enumerate(MECHANISM_LAYERS) for c in cs}


def _categories(G: nx.MultiDiGraph, n: str) -> tuple[str, ...]:
    return tuple(G.nodes[n].get("categories", ())) if n in G else ()


def _layer(G: nx.MultiDiGraph, n: str) -> int | None:
    """The mechanism column of a node: that of its most specific category."""
    categories = set(_categories(G, n))
    for curie in CATEGORY_STYLES:  # most specific first
        if curie in categories and curie in _LAYER_OF_CATEGORY:
            return _LAYER_OF_CATEGORY[curie]
    return None


def _category_rank(G: nx.MultiDiGraph, n: str) -> int:
    order = list(CATEGORY_STYLES)
    return min((order.index(c) for c in _categories(G, n) if c in order), default=len(order))


# -- ranked paths ------------------------------------------------------------------------


def paths(G_or_kg: nx.MultiDiGraph | KnowledgeGraph, paths: Sequence[Path], *,
          ax: Axes | None = None, wrap: int = 20, title: str | None = None) -> Figure:
    """Ranked routes as parallel lanes, the best at the top.

    Each lane is one :class:`~nutrigraph.paths.Path`, read left to right: its rank,
    its entities (boxes in their category's colour and marker), each step's
    relation as walked (``has cofactor`` when ``cofactor of`` is walked
    backwards) and, at the right, its length and weakest evidence. All lanes start
    in the same column and end in the same column. Steps are drawn in the style of
    their evidence; a disputed step is dashed.

    Parameters
    ----------
    G_or_kg : networkx.MultiDiGraph or KnowledgeGraph
        The projection the paths were found in, or the graph (for categories).
    paths : sequence of Path
        The routes, best first (as :func:`nutrigraph.paths.find_paths` gives them).
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; by default a new figure, sized to fit.
    wrap : int
        Entity labels are wrapped at this many characters.
    title : str, optional
        The figure's title; by default it names the source and target.

    Returns
    -------
    matplotlib.figure.Figure

    Artists' ids: ``"rank:1"``, ``"path:1:label:ngk:magnesium"``,
    ``"path:1:edge:ngk:magnesium ng:partOf ngk:mg-atp"`` (the stated triple,
    whichever way the step walks it) and ``"path:1:relation:..."`` for its label.

    Raises
    ------
    ValueError
        If ``paths`` is empty.

    Examples
    --------
    >>> import nutrigraph
    >>> from nutrigraph.paths import find_paths
    >>> kg = nutrigraph.load()
    >>> G = kg.to_networkx(inverse=True)
    >>> found = find_paths(G, kg.resolve("magnesium").iri, kg.resolve("adenosylcobalamin").iri,
    ...                    k=2)
    >>> fig = paths(G, found)
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "path:1:label:ngk:mg-atp"]
    ['Mg-ATP']
    """
    if not paths:
        raise ValueError("no paths to draw")
    G = G_or_kg.to_networkx() if hasattr(G_or_kg, "to_networkx") else G_or_kg
    own = ax is None
    fig, ax = figure_and_axes(ax, size=(12, 2 + 1.2 * len(paths)))
    canvas = _Canvas(fig, ax, own=own)
    width = max(p.length for p in paths)

    lanes: list[list[_Node]] = []
    for rank, path in enumerate(paths, 1):
        lane = []
        for i, n in enumerate(path.nodes):
            col = width if i == len(path.nodes) - 1 else i
            text = path.labels.get(n) or (G.nodes[n].get("label") if n in G else None) or n
            node = canvas.node_box((rank, i), text, style_for(_categories(G, n)), wrap=wrap,
                                   column=col, gid=f"path:{rank}:label:{compact(n)}")
            lane.append(node)
        lanes.append(lane)

    # columns as wide as their widest box; gaps as wide as their widest step label
    col_w = [0.0] * (width + 1)
    gap_w = [56.0] * width
    for lane, path in zip(lanes, paths, strict=True):
        for node in lane:
            col_w[node.column] = max(col_w[node.column], node.w)
        for i, step in enumerate(path.steps):
            w, _ = canvas.measure(step.label, _EDGE_FONT)
            gap_w[i] = max(gap_w[i], w + 24)
    left = [0.0]
    for c in range(width):
        left.append(left[-1] + col_w[c] + gap_w[c])
    y = 0.0
    steps_drawn = []
    for rank, (lane, path) in enumerate(zip(lanes, paths, strict=True), 1):
        height = max(node.h for node in lane)
        y -= height / 2
        for node in lane:
            node.x = left[node.column] + col_w[node.column] / 2
            node.w = col_w[node.column]
            node.y = y
            canvas.draw_node(node)
        canvas.text(-14, y, str(rank), size=11, weight="bold", ha="right", va="center",
                    gid=f"rank:{rank}", obstacle=True)
        for i, step in enumerate(path.steps):
            a, b = lane[i], lane[i + 1]
            kind, line = edge_style(step.data)
            triple = f"{compact(step.subject)} {compact(step.predicate)} {compact(step.object)}"
            start, end = (a.right, y), (b.left, y)
            canvas.edge([start, end], line, gid=f"path:{rank}:edge:{triple}")
            steps_drawn.append((kind, step.data))
            gap_mid = left[a.column] + col_w[a.column] + gap_w[a.column] / 2
            canvas.edge_label(step.label, [(gap_mid, y)], color=line["color"],
                              gid=f"path:{rank}:relation:{triple}")
        weakest = path.evidence or "not rated"
        summary = (f"{path.length} step{'s' * (path.length != 1)}\nweakest: {weakest}"
                   + ("\ndisputed step" if path.disputed else ""))
        canvas.text(lane[-1].right + 10, y, summary, size=_EDGE_FONT, color=_MUTED,
                    ha="left", va="center", gid=f"summary:{rank}", obstacle=True)
        y -= height / 2 + 20

    kinds = [kind for kind in EDGE_STYLES if any(k == kind for k, _ in steps_drawn)]
    categories = [node.style for c in range(width + 1) for lane in lanes for node in lane
                  if node.column == c]
    first = paths[0]
    heading = title or (f"Routes from {first.labels.get(first.source, first.source)} to "
                        f"{first.labels.get(first.target, first.target)}, best supported first")
    canvas.finish(heading, _sources_text(d for _, d in steps_drawn), categories, kinds)
    return fig


# -- an entity's neighbourhood ------------------------------------------------------------


def neighborhood(kg: KnowledgeGraph, entity: str, *, radius: int = 1,
                 categories: Iterable[str] | None = None, ax: Axes | None = None,
                 title: str | None = None) -> Figure:
    """What an entity is related to, in rings around it.

    The entity sits in the middle; the entities ``d`` relations away sit on ring
    ``d`` (:func:`nutrigraph.neighbors.neighbors`, either direction). Around a
    ring, neighbours are grouped by category, then sorted by name, starting at
    the top and going clockwise. The outer ring's labels stand in two columns,
    left and right, each with a leader line to its node and, in grey, its
    relation read from the neighbour (``spinach`` *provides nutrient*
    magnesium; ``methionine synthase`` *has cofactor* magnesium). Lines are
    drawn in the style of their evidence; relations between two entities on the
    same ring are left out, so that the rings stay readable.

    Parameters
    ----------
    kg : KnowledgeGraph
    entity : str
        A name, synonym, CURIE or IRI.
    radius : int
        How many relations away a neighbour may be; 1 or 2 read best.
    categories : iterable of str, optional
        Only neighbours of these classes or their subclasses (``"enzyme"``,
        ``"ng:Food"``...).
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; by default a new figure, sized to fit.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    EntityNotFound, AmbiguousName, UnknownTerm
        For a name or category that does not resolve.

    Examples
    --------
    >>> import nutrigraph
    >>> fig = neighborhood(nutrigraph.load(), "adenosylcobalamin")
    >>> texts = {t.get_gid(): t.get_text() for t in fig.axes[0].texts}
    >>> texts["label:ngk:vitamin-b12"], texts["relation:ngk:vitamin-b12"]
    ('vitamin B12', 'converted into, has active form')
    >>> texts["relation:ngk:methylmalonyl-coa-mutase"]
    'has cofactor'
    """
    from ..neighbors import neighbor_table, neighbors

    if radius < 1:
        raise ValueError(f"radius must be 1 or more, not {radius}")
    centre = kg.resolve(entity)
    G = kg.to_networkx()
    wanted = list(categories) if categories else None
    if centre.iri in G:
        H = neighbors(G, centre.iri, depth=radius, categories=wanted)
    else:  # an entity in no relation: only itself to draw
        import networkx as nx

        H = nx.MultiDiGraph()
        H.add_node(centre.iri, label=centre.label, curie=centre.curie, categories=(),
                   distance=0)
    inverse_labels = _inverse_labels(kg)
    own = ax is None
    fig, ax = figure_and_axes(ax, size=(10, 8))
    canvas = _Canvas(fig, ax, own=own)
    distance = {n: H.nodes[n]["distance"] for n in H}
    deepest = max(distance.values())

    # each neighbour's relations to the entities one ring nearer, read from the neighbour;
    # with a category filter, that entity may not be drawn: it is then named in the label
    parents: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = defaultdict(list)
    rows = (neighbor_table(G, centre.iri, depth=radius, categories=wanted)
            if centre.iri in G else [])
    for row in rows:
        key = compact(row.predicate)
        subject, obj = ((row.neighbor, row.via) if row.direction == "in"
                        else (row.via, row.neighbor))
        read = row.relation if row.direction == "in" else inverse_labels.get(key, row.relation)
        if row.via not in H:
            read = f"{read} {row.via_label}"
        parents[row.neighbor].append((row.via, key, read, G.edges[subject, obj, key]))

    def label(n: str) -> str:
        return H.nodes[n].get("label") or compact(n)

    def relations(n: str) -> str:
        return ", ".join(dict.fromkeys(read for _, _, read, _ in parents[n]))

    angle: dict[str, float] = {centre.iri: 0.0}
    radius_of = {0: 0.0}
    rings = [sorted((n for n in H if distance[n] == d),
                    key=lambda n: (_category_rank(H, n), label(n).lower(), n))
             for d in range(1, deepest + 1)]
    for d, ring in enumerate(rings, 1):
        radius_of[d] = max(70.0 + 110.0 * (d - 1), len(ring) * 13.0 / (2 * math.pi),
                           radius_of[d - 1] + 110.0)
        if not ring:
            continue
        even = [(i + 0.5) / len(ring) * 2 * math.pi for i in range(len(ring))]

        def near(n: str) -> float:  # the angle of the nearest drawn entity it hangs from
            return min((angle[p] for p, *_ in parents[n] if p in angle), default=2 * math.pi)

        if d > 1:  # near the parents' angle, so that lines from ring to ring stay short
            ring.sort(key=lambda n: (near(n), _category_rank(H, n), label(n).lower(), n))
            step = min(2 * math.pi / len(ring), 18.0 / radius_of[d])
            spread = _spread([near(n) for n in ring], [0.0] * len(ring), gap=step)
            if spread[0] >= 0 and spread[-1] < 2 * math.pi - step:
                even = spread
        for n, theta in zip(ring, even, strict=True):
            angle[n] = theta  # clockwise from the top

    def position(n: str) -> tuple[float, float]:
        r = radius_of[distance[n]]
        return r * math.sin(angle[n]), r * math.cos(angle[n])

    edges_drawn = []
    for n in sorted(parents):
        for p, k, _, d in parents[n]:
            if p not in H:
                continue
            kind, line = edge_style(d)
            subject, obj = (p, n) if G.has_edge(p, n, k) else (n, p)
            canvas.edge([position(p), position(n)], {**line, "linewidth": line["linewidth"] * 0.8},
                        gid=f"edge:{compact(subject)} {k} {compact(obj)}", arrow=False, zorder=1)
            edges_drawn.append((kind, d))

    for n in H:
        style = style_for(_categories(H, n))
        x, y = position(n)
        size = 16.0 if n == centre.iri else 9.0
        canvas.marker(x, y, style, size=size, gid=f"node:{compact(n)}")
    canvas.text(0, -14, label(centre.iri), size=11, weight="bold", ha="center", va="top",
                gid=f"label:{compact(centre.iri)}", obstacle=True,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.9})

    outer = rings[-1] if rings else []
    for ring in rings[:-1]:  # inner rings: labels beside their nodes
        for n in ring:
            x, y = position(n)
            canvas.text(x + (6 if x >= 0 else -6), y + 6, f"{label(n)}\n({relations(n)})",
                        size=_EDGE_FONT, ha="left" if x >= 0 else "right", va="bottom",
                        gid=f"label:{compact(n)}", obstacle=True,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                              "alpha": 0.85})
    _callouts(canvas, outer, position, radius_of[deepest] if rings else 0.0, label,
              {n: relations(n) for n in outer})

    kinds = [kind for kind in EDGE_STYLES if any(k == kind for k, _ in edges_drawn)]
    styles = [style_for(_categories(H, n))
              for n in sorted(H, key=lambda n: (distance[n], _category_rank(H, n)))]
    heading = title or (f"The neighbourhood of {centre.label}"
                        + (f", {radius} relations deep" if radius > 1 else ""))
    canvas.note = (f"Each neighbour is labelled with its relation to "
                   f"{'the entity one ring nearer' if radius > 1 else centre.label}, "
                   f"read from the neighbour")
    # the relations named in labels count as shown, whether or not their line is drawn
    shown = (d for rows_of in parents.values() for *_, d in rows_of)
    canvas.finish(heading, _sources_text(shown), styles, kinds)
    return fig


def _callouts(canvas: _Canvas, ring: list[str], position, radius: float, label,
              relation: dict[str, str]) -> None:
    """Labels of the outer ring in two columns, each with a leader line to its node."""
    sides: dict[int, list[str]] = {1: [], -1: []}
    for n in ring:
        sides[1 if position(n)[0] >= -1e-9 else -1].append(n)
    for side, members in sides.items():
        if not members:
            continue
        members.sort(key=lambda n: -position(n)[1])  # top to bottom
        sizes = [max(canvas.measure(label(n), _NODE_FONT)[1],
                     canvas.measure(relation[n], _EDGE_FONT)[1]) for n in members]
        wanted = [-position(n)[1] for n in members]  # y downwards
        ys = _spread(wanted, sizes, gap=3.0)
        x_text = side * (radius + 34)
        for n, y_down in zip(members, ys, strict=True):
            x, y = position(n)
            y_text = -y_down
            elbow = side * (radius + 16)
            canvas.line([(x, y), (elbow, y_text), (x_text - side * 3, y_text)],
                        color=_LEADER, linewidth=0.5, zorder=0.5)
            # read left to right on either side: the neighbour, then its relation
            name_w, _ = canvas.measure(label(n), _NODE_FONT)
            relation_w, _ = canvas.measure(relation[n], _EDGE_FONT, style="italic")
            x_name = x_text if side > 0 else x_text - relation_w - 5 - name_w
            canvas.text(x_name, y_text, label(n), size=_NODE_FONT, ha="left", va="center",
                        gid=f"label:{compact(n)}", obstacle=True)
            canvas.text(x_name + name_w + 5, y_text, relation[n], size=_EDGE_FONT,
                        ha="left", va="center", color=_MUTED, style="italic",
                        gid=f"relation:{compact(n)}", obstacle=True)


# -- layered layout -----------------------------------------------------------------------


@dataclass
class _Node:
    """A node drawn as a box: its label (wrapped), category style and place, in points."""

    key: Hashable
    text: str
    style: CategoryStyle
    gid: str
    column: int
    w: float
    h: float
    x: float = 0.0  # centre
    y: float = 0.0

    @property
    def left(self) -> float:
        return self.x - self.w / 2

    @property
    def right(self) -> float:
        return self.x + self.w / 2

    @property
    def top(self) -> float:
        return self.y + self.h / 2

    @property
    def bottom(self) -> float:
        return self.y - self.h / 2


@dataclass
class _Link:
    """A stated triple to draw from ``a`` (left) to ``b`` (right), with the label as read."""

    u: str
    v: str
    key: str
    data: dict[str, Any]
    a: str
    b: str
    label: str | None
    dummies: list[Hashable] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return edge_style(self.data)[0]

    @property
    def gid(self) -> str:
        return f"edge:{compact(self.u)} {self.key} {compact(self.v)}"


def _layered(canvas: _Canvas, nodes: dict[Hashable, _Node], links: list[_Link],
             headers: list[str]) -> None:
    """Place the nodes in their columns and draw them, with the links between them.

    A Sugiyama-style layout: links that skip columns get a waypoint in each column
    they cross; the order within each column comes from barycentre sweeps (the
    order with the fewest crossings is kept); heights come from repeatedly moving
    every item to the mean height of its neighbours, kept in order and apart by
    isotonic regression. Everything starts from sorted input, so it is deterministic.
    """
    columns = max((n.column for n in nodes.values()), default=-1) + 1
    layers: list[list[Hashable]] = [[] for _ in range(columns)]
    for key in sorted(nodes, key=lambda k: (nodes[k].style.label, nodes[k].text.lower())):
        layers[nodes[key].column].append(key)
    neighbours: dict[Hashable, list[Hashable]] = defaultdict(list)  # across adjacent columns
    same_column: list[_Link] = []
    size: dict[Hashable, float] = {k: n.h for k, n in nodes.items()}
    for i, link in enumerate(links):
        ca, cb = nodes[link.a].column, nodes[link.b].column
        if ca == cb:
            same_column.append(link)
            continue
        chain = [link.a]
        for c in range(ca + 1, cb):
            dummy = ("dummy", i, c)
            link.dummies.append(dummy)
            layers[c].append(dummy)
            size[dummy] = 0.0
            chain.append(dummy)
        chain.append(link.b)
        for p, q in itertools.pairwise(chain):
            neighbours[p].append(q)
            neighbours[q].append(p)
    within = {id(lk) for lk in same_column}
    ends: dict[Hashable, list[int]] = defaultdict(lambda: [0, 0])
    for link in links:
        if id(link) not in within:
            ends[link.a][0] += 1
            ends[link.b][1] += 1
    for key, (outgoing, incoming) in ends.items():  # room for every link's own port
        nodes[key].h = max(nodes[key].h, (max(outgoing, incoming) - 1) * _PORT + 10)
        size[key] = nodes[key].h
    column_of = {k: c for c, layer in enumerate(layers) for k in layer}
    # a relation within a column joins adjacent boxes
    layers = _order(layers, neighbours, column_of, [(lk.a, lk.b) for lk in same_column])

    # columns as wide as their widest box; gaps as wide as the labels that start in them
    col_w = [max((nodes[k].w for k in layer if k in nodes), default=0.0) for layer in layers]
    gap_w = [64.0] * max(columns - 1, 0)
    for link in links:
        ca = nodes[link.a].column
        if link.label and ca < nodes[link.b].column:
            gap_w[ca] = max(gap_w[ca], canvas.measure(link.label, _EDGE_FONT)[0] + 30)
    left = [0.0]
    for c in range(columns - 1):
        left.append(left[-1] + col_w[c] + gap_w[c])

    joined = {frozenset((lk.a, lk.b)) for lk in same_column}
    label_h = canvas.measure("Ag", _EDGE_FONT)[1]

    def gap(p: Hashable, q: Hashable) -> float:
        if frozenset((p, q)) in joined:
            return label_h + 12  # room for the relation's label between the two boxes
        real = (p in nodes) + (q in nodes)
        return (8.0, 10.0, 12.0)[real]

    y = _heights(layers, size, neighbours, gap)
    for key, node in nodes.items():
        c = node.column
        node.w = col_w[c]
        node.x = left[c] + col_w[c] / 2
        node.y = -y[key]
        canvas.draw_node(node)
    top = max((n.top for n in nodes.values()), default=0.0)
    for c, heading in enumerate(headers):
        canvas.text(left[c] + col_w[c] / 2, top + 16, heading, size=_HEADER_FONT,
                    weight="bold", color=_MUTED, ha="center", va="baseline",
                    gid=f"column:{heading}", obstacle=True)

    # ports: links leave a box on its right and enter on its left, spread in the
    # order of the heights they come from or go to, so that they do not cross there
    first_hop = {id(lk): (lk.dummies[0] if lk.dummies else lk.b) for lk in links}
    last_hop = {id(lk): (lk.dummies[-1] if lk.dummies else lk.a) for lk in links}
    out_port: dict[int, float] = {}
    in_port: dict[int, float] = {}
    by_node_out: dict[Hashable, list[_Link]] = defaultdict(list)
    by_node_in: dict[Hashable, list[_Link]] = defaultdict(list)
    for lk in links:
        if id(lk) not in within:
            by_node_out[lk.a].append(lk)
            by_node_in[lk.b].append(lk)
    for key, outgoing in by_node_out.items():
        outgoing.sort(key=lambda lk: (y[first_hop[id(lk)]], lk.gid))
        for lk, dy in zip(outgoing, _ports(len(outgoing), nodes[key].h), strict=True):
            out_port[id(lk)] = nodes[key].y - dy
    for key, incoming in by_node_in.items():
        incoming.sort(key=lambda lk: (y[last_hop[id(lk)]], lk.gid))
        for lk, dy in zip(incoming, _ports(len(incoming), nodes[key].h), strict=True):
            in_port[id(lk)] = nodes[key].y - dy

    pending_labels = []
    for lk in links:
        line = edge_style(lk.data)[1]
        if id(lk) in within:
            a, b = nodes[lk.u], nodes[lk.v]  # drawn as stated, from subject to object
            down = a.y > b.y
            start = (a.x, a.bottom if down else a.top)
            end = (b.x, b.top if down else b.bottom)
            canvas.edge([start, end], line, gid=lk.gid)
            if lk.label:
                mid = (a.x + 4, (start[1] + end[1]) / 2)
                canvas.text(*mid, lk.label, size=_EDGE_FONT, color=line["color"], ha="left",
                            va="center", gid=f"relation:{lk.gid[5:]}", obstacle=True)
            continue
        a, b = nodes[lk.a], nodes[lk.b]
        points = [(a.right, out_port[id(lk)])]
        for dummy in lk.dummies:
            c = column_of[dummy]
            points += [(left[c], -y[dummy]), (left[c] + col_w[c], -y[dummy])]
        points.append((b.left, in_port[id(lk)]))
        canvas.edge(points, line, gid=lk.gid, curved=True)
        if lk.label:
            pending_labels.append((lk, points, line))
    # labels last, so that each is placed where no box or earlier label is
    for lk, points, line in sorted(pending_labels, key=lambda e: (-len(e[1]), e[0].gid)):
        canvas.edge_label(lk.label, _label_spots(points), color=line["color"],
                          gid=f"relation:{lk.gid[5:]}")


def _order(layers: list[list[Hashable]], neighbours: dict[Hashable, list[Hashable]],
           column_of: dict[Hashable, int], pairs: Sequence[tuple[Hashable, Hashable]] = (),
           sweeps: int = 16) -> list[list[Hashable]]:
    """Order within columns: barycentre sweeps, each followed by swaps of adjacent items
    that remove crossings; the order with the fewest crossings is kept.

    The two items of each of ``pairs`` (in the same column) are kept next to each
    other: the one with fewer links moves next to the other.
    """
    position: dict[Hashable, int] = {}
    paired = {k for pair in pairs for k in pair}

    def renumber(order: list[list[Hashable]]) -> None:
        for layer in order:
            for i, k in enumerate(layer):
                position[k] = i

    def join(order: list[list[Hashable]]) -> None:
        for p, q in pairs:
            layer = order[column_of[p]]
            if abs(layer.index(p) - layer.index(q)) > 1:
                mover, stay = (p, q) if len(neighbours[p]) < len(neighbours[q]) else (q, p)
                below = layer.index(mover) > layer.index(stay)
                layer.remove(mover)
                layer.insert(layer.index(stay) + below, mover)
        renumber(order)

    def crossing(u: Hashable, v: Hashable) -> int:
        # links of u and v to the same column cross when u is above v and u's end below v's
        return sum(1 for m in neighbours[u] for n in neighbours[v]
                   if column_of[m] == column_of[n] and position[m] > position[n])

    def crossings(order: list[list[Hashable]]) -> int:
        renumber(order)
        return sum(crossing(u, v) for layer in order for i, u in enumerate(layer)
                   for v in layer[i + 1:])

    def transpose(order: list[list[Hashable]]) -> None:
        improved = True
        while improved:
            improved = False
            for layer in order:
                for i in range(len(layer) - 1):
                    u, v = layer[i], layer[i + 1]
                    if ((u in paired or v in paired) and (u, v) not in pairs
                            and (v, u) not in pairs):
                        continue  # the swap would part a pair
                    if crossing(u, v) > crossing(v, u):
                        layer[i], layer[i + 1] = v, u
                        position[u], position[v] = i + 1, i
                        improved = True

    order = [list(layer) for layer in layers]
    join(order)
    best, best_crossings = [list(layer) for layer in order], crossings(order)
    for sweep in range(sweeps):
        forward = sweep % 2 == 0
        for c in (range(1, len(order)) if forward else range(len(order) - 2, -1, -1)):
            side = c - 1 if forward else c + 1
            size = max(len(order[side]), 1)

            def centre(k: Hashable, side=side, c=c, size=size) -> float:
                near = [position[m] for m in neighbours[k] if column_of[m] == side]
                if near:
                    return sum(near) / len(near)
                return position[k] * size / max(len(order[c]), 1)

            order[c].sort(key=lambda k: (centre(k), position[k]))
            renumber(order)
        join(order)
        transpose(order)
        found = crossings(order)
        if found < best_crossings:
            best, best_crossings = [list(layer) for layer in order], found
    return best


def _heights(layers: list[list[Hashable]], size: dict[Hashable, float],
             neighbours: dict[Hashable, list[Hashable]], gap, rounds: int = 60
             ) -> dict[Hashable, float]:
    """Heights (downwards) of every item: near its neighbours' mean, in order, apart."""
    y: dict[Hashable, float] = {}
    for layer in layers:
        position = 0.0
        for i, k in enumerate(layer):
            if i:
                position += size[layer[i - 1]] / 2 + gap(layer[i - 1], k) + size[k] / 2
            y[k] = position
        for k in layer:  # each column centred on the same line
            y[k] -= position / 2
    for sweep in range(rounds):
        columns = range(len(layers)) if sweep % 2 == 0 else range(len(layers) - 1, -1, -1)
        for c in columns:
            layer = layers[c]
            if not layer:
                continue
            wanted = []
            for k in layer:
                near = [y[m] for m in neighbours[k]]
                wanted.append(sum(near) / len(near) if near else y[k])
            placed = _spread(wanted, [size[k] for k in layer],
                             gaps=[gap(p, q) for p, q in itertools.pairwise(layer)])
            for k, value in zip(layer, placed, strict=True):
                y[k] = value
    low = min(y.values(), default=0.0)
    return {k: v - low for k, v in y.items()}


def _spread(wanted: list[float], sizes: list[float], gap: float = 0.0,
            gaps: list[float] | None = None) -> list[float]:
    """Positions nearest ``wanted`` (least squares) that keep the given order and spacing.

    Item ``i + 1`` must be at least ``sizes[i] / 2 + gap + sizes[i + 1] / 2`` below
    item ``i``. Subtracting those offsets turns this into isotonic regression,
    solved by pooling adjacent violators.

    Examples
    --------
    >>> _spread([0, 0, 0], [10, 10, 10], gap=2)
    [-12.0, 0.0, 12.0]
    >>> _spread([0, 50], [10, 10], gap=2)
    [0.0, 50.0]
    """
    gaps = gaps if gaps is not None else [gap] * max(len(wanted) - 1, 0)
    offsets = [0.0]
    for i in range(1, len(wanted)):
        offsets.append(offsets[-1] + sizes[i - 1] / 2 + gaps[i - 1] + sizes[i] / 2)
    blocks: list[list[float]] = []  # [mean, count]
    for value, offset in zip(wanted, offsets, strict=True):
        blocks.append([value - offset, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, count = blocks.pop()
            blocks[-1] = [(blocks[-1][0] * blocks[-1][1] + mean * count) / (blocks[-1][1] + count),
                          blocks[-1][1] + count]
    flat = [mean for mean, count in blocks for _ in range(int(count))]
    return [z + offset for z, offset in zip(flat, offsets, strict=True)]


_PORT = 6.5  # points between links attached to one side of a box


def _ports(count: int, height: float) -> list[float]:
    """Offsets from a box's middle (downwards) where ``count`` links attach to one side."""
    if count <= 1:
        return [0.0] * count
    span = min(height - 6.0, (count - 1) * _PORT)
    return [-span / 2 + span * i / (count - 1) for i in range(count)]


def _label_spots(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Where a link's label may go, best first: on the first straight run through a
    column it crosses (away from where links fan out), else along the curve in its
    first gap, then anywhere else along it."""
    spots: list[tuple[float, float]] = []
    gaps = [(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]
    runs = [(points[i], points[i + 1]) for i in range(1, len(points) - 1, 2)]
    for p, q in runs[:1]:
        spots.append(((p[0] + q[0]) / 2, p[1]))
    for t in (0.5, 0.4, 0.6, 0.3, 0.7):
        spots.append(_bezier(*gaps[0], t))
    for p, q in runs[1:]:
        spots.append(((p[0] + q[0]) / 2, p[1]))
    for p, q in gaps[1:]:
        for t in (0.5, 0.35, 0.65):
            spots.append(_bezier(p, q, t))
    for t in (0.22, 0.78):
        spots.append(_bezier(*gaps[0], t))
    return spots


def _bezier(p: tuple[float, float], q: tuple[float, float], t: float) -> tuple[float, float]:
    """A point of the cubic curve from p to q that leaves and arrives horizontally."""
    (x0, y0), (x3, y3) = p, q
    x1, x2 = x0 + (x3 - x0) / 2, x3 - (x3 - x0) / 2
    s = 1 - t
    x = s ** 3 * x0 + 3 * s * s * t * x1 + 3 * s * t * t * x2 + t ** 3 * x3
    y = s ** 3 * y0 + 3 * s * s * t * y0 + 3 * s * t * t * y3 + t ** 3 * y3
    return x, y


# -- drawing in points --------------------------------------------------------------------


class _Canvas:
    """Draws on an axes whose data units are points, measures text, and sizes the figure.

    Every artist drawn is remembered, so that :meth:`finish` can size a new figure
    to fit the drawing, or shrink fonts and markers to fit a given axes.
    """

    def __init__(self, fig: Figure, ax: Axes, *, own: bool):
        self.fig, self.ax = fig, ax
        self.own = own  # a new figure, to be sized to the drawing
        self.renderer = _renderer(fig)
        self.obstacles: list[tuple[float, float, float, float]] = []
        self.extent = [math.inf, math.inf, -math.inf, -math.inf]
        self.texts: list[Any] = []
        self.markers: list[Any] = []
        self.note: str | None = None
        self._sizes: dict[tuple, tuple[float, float]] = {}

    # measuring

    def measure(self, text: str, size: float, **props: Any) -> tuple[float, float]:
        """Width and height of a text, in points, as Agg draws it."""
        key = (text, size, tuple(sorted(props.items())))
        if key not in self._sizes:
            from matplotlib.text import Text

            artist = Text(0, 0, text, fontsize=size, linespacing=1.15, **props)
            artist.set_figure(self.fig)
            box = artist.get_window_extent(self.renderer)
            scale = 72.0 / self.fig.dpi
            self._sizes[key] = (box.width * scale, box.height * scale)
        return self._sizes[key]

    def _grow(self, x0: float, y0: float, x1: float, y1: float) -> None:
        e = self.extent
        self.extent = [min(e[0], x0), min(e[1], y0), max(e[2], x1), max(e[3], y1)]

    def free(self, box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = box
        return all(x1 <= a0 or x0 >= a1 or y1 <= b0 or y0 >= b1
                   for a0, b0, a1, b1 in self.obstacles)

    # nodes

    def node_box(self, key: Hashable, text: str, style: CategoryStyle, *, wrap: int,
                 column: int, gid: str | None = None) -> _Node:
        """A node sized for its wrapped label, not drawn yet."""
        wrapped = "\n".join(textwrap.wrap(text, wrap, break_on_hyphens=False)) or text
        w, h = self.measure(wrapped, _NODE_FONT)
        return _Node(key, wrapped, style, gid or f"label:{compact(str(key))}", column,
                     w=w + 3 * _PAD + _MARKER, h=h + 2 * _PAD)

    def draw_node(self, node: _Node) -> None:
        from matplotlib.colors import to_rgb
        from matplotlib.patches import FancyBboxPatch

        tint = tuple(0.84 + 0.16 * c for c in to_rgb(node.style.color))
        box = FancyBboxPatch((node.left, node.bottom), node.w, node.h,
                             boxstyle="round,pad=0,rounding_size=4", facecolor=tint,
                             edgecolor=node.style.color, linewidth=1.1, zorder=3, in_layout=False,
                             gid=f"box:{node.gid.split('label:', 1)[-1]}")
        self.ax.add_patch(box)
        self.marker(node.left + _PAD + _MARKER / 2, node.y, node.style, size=_MARKER,
                    gid=f"marker:{node.gid.split('label:', 1)[-1]}", zorder=4)
        self.text(node.left + 2 * _PAD + _MARKER, node.y, node.text, size=_NODE_FONT,
                  ha="left", va="center", gid=node.gid, zorder=5)
        self.obstacles.append((node.left - 2, node.bottom - 2, node.right + 2, node.top + 2))
        self._grow(node.left, node.bottom, node.right, node.top)

    def marker(self, x: float, y: float, style: CategoryStyle, *, size: float, gid: str,
               zorder: float = 4) -> None:
        from matplotlib.lines import Line2D

        artist = Line2D([x], [y], linestyle="none", marker=style.marker, markersize=size,
                        color=style.color, markeredgecolor=marker_edge(style),
                        markeredgewidth=0.6, gid=gid, zorder=zorder, in_layout=False)
        self.ax.add_line(artist)
        self.markers.append(artist)
        self._grow(x - size / 2, y - size / 2, x + size / 2, y + size / 2)

    # text

    def text(self, x: float, y: float, text: str, *, size: float, gid: str,
             obstacle: bool = False, **props: Any):
        props.setdefault("color", _TEXT)
        # everything drawn lies within the axes' limits: the layout need not measure it
        artist = self.ax.text(x, y, text, fontsize=size, linespacing=1.15, gid=gid,
                              in_layout=False, **props)
        self.texts.append(artist)
        w, h = self.measure(text, size, **{k: v for k, v in props.items()
                                           if k in ("weight", "style")})
        ha, va = props.get("ha", "left"), props.get("va", "baseline")
        x0 = x - (w / 2 if ha == "center" else w if ha == "right" else 0)
        y0 = y - (h / 2 if va == "center" else h if va == "top" else 0)
        if obstacle:
            self.obstacles.append((x0 - 1, y0 - 1, x0 + w + 1, y0 + h + 1))
        self._grow(x0, y0, x0 + w, y0 + h)
        return artist

    def edge_label(self, text: str, spots: list[tuple[float, float]], *, color: str,
                   gid: str):
        """A relation's label at the first free spot, on a white patch; None if none is free."""
        w, h = self.measure(text, _EDGE_FONT)
        for x, y in spots:
            box = (x - w / 2 - 1.5, y - h / 2 - 1, x + w / 2 + 1.5, y + h / 2 + 1)
            if self.free(box):
                return self.text(x, y, text, size=_EDGE_FONT, color=color, ha="center",
                                 va="center", gid=gid, obstacle=True,
                                 zorder=6, bbox={"boxstyle": "round,pad=0.12", "fc": "white",
                                                 "ec": "none", "alpha": 0.92})
        return None

    # lines

    def line(self, points: list[tuple[float, float]], **props: Any) -> None:
        from matplotlib.lines import Line2D

        xs, ys = zip(*points, strict=True)
        self.ax.add_line(Line2D(xs, ys, in_layout=False, **props))

    def edge(self, points: list[tuple[float, float]], line: dict[str, Any], *, gid: str,
             curved: bool = False, arrow: bool = True, zorder: float = 2) -> None:
        """A relation's line through ``points``, in its evidence style, with a solid head.

        With ``curved``, the points alternate: gaps (crossed by a curve that leaves
        and arrives horizontally) and straight runs through columns.
        """
        from matplotlib.lines import Line2D
        from matplotlib.patches import PathPatch
        from matplotlib.path import Path as MplPath

        (x_end, y_end), (x_before, y_before) = points[-1], points[-2]
        direction = math.atan2(y_end - y_before, x_end - x_before)
        if arrow:  # the line stops where the head begins
            points = [*points[:-1], (x_end - _ARROW * math.cos(direction),
                                     y_end - _ARROW * math.sin(direction))]
        vertices, codes = [points[0]], [MplPath.MOVETO]
        for i in range(1, len(points)):
            p, q = points[i - 1], points[i]
            if curved and i % 2 == 1:
                vertices += [((p[0] + q[0]) / 2, p[1]), ((p[0] + q[0]) / 2, q[1]), q]
                codes += [MplPath.CURVE4] * 3
            else:
                vertices.append(q)
                codes.append(MplPath.LINETO)
        patch = PathPatch(MplPath(vertices, codes), fill=False, capstyle="butt",
                          edgecolor=line["color"], linestyle=line["linestyle"],
                          linewidth=line["linewidth"], gid=gid, zorder=zorder, in_layout=False)
        self.ax.add_patch(patch)
        if arrow:
            degrees = math.degrees(direction)
            head = Line2D([x_end - _ARROW / 2 * math.cos(direction)],
                          [y_end - _ARROW / 2 * math.sin(direction)], linestyle="none",
                          marker=(3, 0, degrees - 90), markersize=_ARROW,
                          color=line["color"], gid=f"arrow:{gid[5:]}", zorder=zorder,
                          in_layout=False)
            self.ax.add_line(head)
            self.markers.append(head)
        xs = [v[0] for v in vertices]
        ys = [v[1] for v in vertices]
        self._grow(min(xs), min(ys), max(xs), max(ys))

    # the figure

    def finish(self, title: str, source: str, categories: Iterable[CategoryStyle],
               kinds: Iterable[str]) -> None:
        """Legend, title and source line; then fit the figure to the drawing (or the
        drawing to the axes)."""
        ax, fig = self.ax, self.fig
        ax.set_axis_off()
        x0, y0, x1, y1 = self.extent
        margin = 6.0
        ax.set_xlim(x0 - margin, x1 + margin)
        ax.set_ylim(y0 - margin, y1 + margin)
        # one point of drawing is one point of figure both ways: the box, not the
        # limits, gives way (changed limits would cut the drawing or stretch it)
        ax.set_aspect("equal", adjustable="box")
        categories, kinds = list(dict.fromkeys(categories)), list(dict.fromkeys(kinds))
        entries = len(categories) + len(kinds)
        width, height = (x1 - x0 + 2 * margin) / 72, (y1 - y0 + 2 * margin) / 72
        if self.own:
            legend(ax, categories=categories, edge_kinds=kinds,
                   ncols=_legend_columns(entries, width))
            if self.note:
                ax.set_title(self.note, fontsize=9, color=_MUTED)
            # the source line is wrapped to the drawing's width (finish() sets it at 7 pt)
            chars = max(60, int(max(width, 6.0) * 72 / (7 * 0.56)))
            finish(fig, title=title, source="\n".join(textwrap.wrap(source, chars - 10)))
            self._fit(width, height)
            return
        # a given axes: legend and title shrink with the drawing, which must fit the axes
        scale = self._scale(width, height)
        ax.set_title(f"{title}\n{self.note}" if self.note else title,
                     fontsize=max(11 * scale, 6.0))
        fw = fig.get_size_inches()[0]
        legend(ax, categories=categories, edge_kinds=kinds, fontsize=max(9 * scale, 5.0),
               ncols=_legend_columns(entries, ax.get_position(original=True).width * fw
                                     / max(scale, 0.5)))
        self._shrink_to_axes(width, height)

    def _fit(self, width: float, height: float) -> None:
        """Size a new figure so that its axes hold the drawing at one point per point,
        with room below for the source line."""
        fig, ax = self.fig, self.ax
        source = fig.texts[-1]  # finish()'s source line
        for _ in range(6):
            fw, fh = fig.get_size_inches()
            below = (source.get_window_extent(self.renderer).height / fig.dpi + 0.08) / fh
            fig.get_layout_engine().set(rect=(0, below, 1, 1 - below))
            fig.draw_without_rendering()
            box = ax.get_position(original=True)
            aw, ah = box.width * fw, box.height * fh
            legend_w = ax.get_legend().get_window_extent(self.renderer).width / fig.dpi
            title_w = self.measure(fig.get_suptitle(), 13, weight="bold")[0] / 72
            new_w = max(fw + width - aw, legend_w + 0.4, title_w + 0.4)
            new_h = fh + height - ah
            if abs(new_w - fw) < 0.01 and abs(new_h - fh) < 0.01:
                break
            fig.set_size_inches(new_w, new_h)

    def _scale(self, width: float, height: float) -> float:
        """How much the drawing must shrink to fit the axes as laid out now (1: not at all)."""
        fig, ax = self.fig, self.ax
        fig.draw_without_rendering()
        box = ax.get_position(original=True)
        fw, fh = fig.get_size_inches()
        return min(1.0, box.width * fw / width, box.height * fh / height)

    def _shrink_to_axes(self, width: float, height: float) -> None:
        """In an axes too small for the drawing, shrink fonts and markers to fit."""
        scale = self._scale(width, height)
        if scale < 1.0:
            for artist in self.texts:
                artist.set_fontsize(artist.get_fontsize() * scale)
            for artist in self.markers:
                artist.set_markersize(artist.get_markersize() * scale)


def _legend_columns(entries: int, width_in: float) -> int:
    """As many legend columns as fit the drawing's width, about 1.9 inches each."""
    return max(1, min(entries, int(max(width_in, 6.0) / 1.9)))


def _renderer(fig: Figure):
    """A renderer to measure text with: the figure's canvas's, Agg's if it has none."""
    from matplotlib.backend_bases import FigureCanvasBase

    if type(fig.canvas) is FigureCanvasBase:
        # a figure made without pyplot has no canvas that draws; Agg's draws anywhere
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    get = getattr(fig.canvas, "get_renderer", None)
    if get is not None:
        return get()
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, fig.dpi)


# -- text helpers --------------------------------------------------------------------------


def _sources_text(edge_data: Iterable[dict[str, Any]], limit: int = 8) -> str:
    """The sources of the drawn edges, short: ``UniProtKB Q99707, P22033; Rhea ...``.

    Examples
    --------
    >>> _sources_text([{"sources": [{"source": "UniProtKB Q99707 (human MTR)"},
    ...                             {"source": "UniProtKB P22033 (human MMUT)"},
    ...                             {"source": "article on magnesium and vitamin B12"}]}])
    'UniProtKB Q99707, P22033; article on magnesium and vitamin B12'
    """
    import re

    groups: dict[str, list[str]] = {}
    for data in edge_data:
        for source in data.get("sources", ()):
            name = (source.get("source") or "").split(" (")[0].strip()
            if not name:
                continue
            record = re.fullmatch(r"(\S+) (\S*\d\S*)", name)  # a database and an accession
            if record:
                groups.setdefault(record[1], [])
                if record[2] not in groups[record[1]]:
                    groups[record[1]].append(record[2])
            else:
                groups.setdefault(name, [])
    parts = [f"{name} {', '.join(ids)}" if ids else name for name, ids in groups.items()]
    parts.sort(key=lambda p: (p.startswith("article"), p.lower()))  # primary sources first
    if len(parts) > limit:
        parts = [*parts[:limit], f"{len(parts) - limit} more"]
    return "; ".join(parts) if parts else "the nutrigraph knowledge graph"


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
